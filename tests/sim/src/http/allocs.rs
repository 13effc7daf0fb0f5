//! `/v1/allocations`, `/v1/allocation/:id`, and the client's allocation stats.

use super::{filter, mk, ns_match, paginate, Answer, ApiError, Handler, PageKey, Req, Route};
use crate::acl::Need;
use crate::model::Alloc;
use crate::state::{State, Table};
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    match rest {
        ["allocations"] => mk(method, &["GET"], Query(list), Need::Read, vec![]),
        ["allocation", id] => mk(
            method,
            &["GET"],
            Query(get),
            Need::Read,
            vec![id.to_string()],
        ),
        ["client", "allocation", id, "stats"] => mk(
            method,
            &["GET"],
            Read(stats),
            Need::Read,
            vec![id.to_string()],
        ),
        ["allocation", id, "stop"] => mk(
            method,
            &["PUT", "POST"],
            Write(stop),
            Need::Write,
            vec![id.to_string()],
        ),
        ["client", "allocation", id, "checks"] => mk(
            method,
            &["GET"],
            Read(checks),
            Need::Read,
            vec![id.to_string()],
        ),
        // Task schedules are Nomad Enterprise's: the open-source agent refuses both the read
        // and the write (api/depl/client-allocation-pause-*).
        ["client", "allocation", id, "pause"] => mk(
            method,
            &["GET", "PUT", "POST"],
            Read(enterprise_only),
            Need::Write,
            vec![id.to_string()],
        ),
        ["client", "allocation", id, "restart"] => mk(
            method,
            &["PUT", "POST"],
            Write(restart),
            Need::Write,
            vec![id.to_string()],
        ),
        ["client", "allocation", id, "signal"] => mk(
            method,
            &["PUT", "POST"],
            Write(signal),
            Need::Write,
            vec![id.to_string()],
        ),
        _ => Ok(None),
    }
}

/// The Nomad service check of a running service allocation: one HTTP check per allocation.
fn checks(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let a = client_find(st, req.param(0))?;
    let mut out = serde_json::Map::new();
    let job = st.job_version(&a.namespace, &a.job_id, a.job_version);
    let group = job
        .and_then(|j| j["TaskGroups"].as_array())
        .into_iter()
        .flatten()
        .find(|g| g["Name"] == a.task_group.as_str());
    // The Nomad-provider checks of the group's services and of its tasks' services.
    let services = group
        .into_iter()
        .flat_map(|g| {
            std::iter::once((&g["Services"], "")).chain(
                g["Tasks"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|t| (&t["Services"], t["Name"].as_str().unwrap_or(""))),
            )
        })
        .flat_map(|(l, task)| l.as_array().into_iter().flatten().map(move |s| (s, task)))
        .filter(|(s, _)| s["Provider"] == "nomad");
    if a.client_status == "running" {
        for (svc, task) in services {
            for c in svc["Checks"].as_array().into_iter().flatten() {
                let name = c["Name"].as_str().unwrap_or("");
                let kind = c["Type"].as_str().unwrap_or("tcp");
                // Nomad names an unnamed check after its service.
                let name = match name {
                    "" => format!("service: {:?} check", svc["Name"].as_str().unwrap_or("")),
                    n => n.to_string(),
                };
                let id = crate::util::hex_digest(&format!("{}{name}{task}", a.id));
                out.insert(
                    id.clone(),
                    json!({
                        "ID": id, "Check": name, "Group": a.name, "Mode": "healthiness",
                        "Output": format!("nomad: {kind} ok"), "Service": svc["Name"],
                        "Status": "success", "StatusCode": if kind == "http" { 200 } else { 0 },
                        "Task": task, "Timestamp": st.now_ns() / 1_000_000_000,
                    }),
                );
            }
        }
    }
    // A client sends `null` for an allocation without checks.
    let body = if out.is_empty() {
        Value::Null
    } else {
        Value::Object(out)
    };
    Ok(Answer::plain(body))
}

/// The tasks a restart or signal applies to: the named one, or every running one (`all`:
/// every one).
fn targets(a: &Alloc, task: &str, all: bool) -> Result<Vec<String>, ApiError> {
    // The client's task runner refuses a task that is not running.
    if a.client_status != "running" {
        return Err(ApiError::new(500, "Task not running"));
    }
    if !task.is_empty() {
        if !a.task_states.contains_key(task) {
            return Err(ApiError::new(
                500,
                format!("Could not find task runner for task: {task}"),
            ));
        }
        return Ok(vec![task.to_string()]);
    }
    Ok(a.task_states
        .iter()
        .filter(|(_, s)| all || s.state == "running")
        .map(|(n, _)| n.clone())
        .collect())
}

fn restart(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json().unwrap_or(Value::Null);
    let task = body["TaskName"].as_str().unwrap_or("").to_string();
    let all = body["AllTasks"].as_bool().unwrap_or(false);
    let a = client_find(st, req.param(0))?;
    let tasks = targets(a, &task, all)?;
    let id = a.id.clone();
    let now = st.now_ns();
    st.update_alloc(&id, |a| {
        for t in &tasks {
            if let Some(s) = a.task_states.get_mut(t) {
                s.state = "running".into();
                s.restarts += 1;
                s.last_restart = now;
                let mut e =
                    crate::model::TaskEvent::new("Restart Signaled", now, "User requested restart");
                e.message = String::new();
                s.events.push(e);
                s.events.push(crate::model::TaskEvent::new(
                    "Started",
                    now,
                    "Task started by client",
                ));
            }
        }
    });
    // The client answers with a zero index: nothing went through raft.
    Ok(Answer::plain(json!({"Index": 0})))
}

fn signal(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json().unwrap_or(Value::Null);
    let task = body["Task"].as_str().unwrap_or("").to_string();
    let sig = body["Signal"].as_str().unwrap_or("SIGKILL").to_string();
    let a = client_find(st, req.param(0))?;
    let tasks = targets(a, &task, false)?;
    let id = a.id.clone();
    let now = st.now_ns();
    st.update_alloc(&id, |a| {
        for t in &tasks {
            if let Some(s) = a.task_states.get_mut(t) {
                let msg = format!("Task being sent signal {sig}");
                s.events
                    .push(crate::model::TaskEvent::new("Signaling", now, &msg));
            }
        }
    });
    Ok(Answer::plain(json!({"Index": 0})))
}

fn list(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let f = filter(req)?;
    let prefix = req.q("prefix").unwrap_or("");
    let task_states = req.q("task_states") != Some("false");
    let resources = req.flag("resources");
    if let Some(e) = super::uuid_prefix_error("alloc", prefix) {
        return Err(e);
    }
    let mut items = Vec::new();
    for (id, a) in st.allocs.range(prefix.to_string()..) {
        if !id.starts_with(prefix) {
            break;
        }
        if !ns_match(req, &a.namespace) {
            continue;
        }
        let stub = a.stub_json(resources, task_states);
        if f.as_ref().is_some_and(|f| !f.matches(&stub)) {
            continue;
        }
        // Nomad pages a prefix lookup by ID, the whole table by CreateIndex.
        let key = if prefix.is_empty() {
            PageKey::Index(a.create_index, id.clone())
        } else {
            PageKey::Name(id.clone())
        };
        items.push((key, stub));
    }
    let (page, next) = paginate(req, items);
    let mut a = Answer::new(st.table_index(Table::Allocs), Value::Array(page));
    a.next_token = next;
    Ok(a)
}

/// Finds an allocation as a client endpoint does: an unknown ID is
/// `Unknown allocation "<id>"` (the servers' endpoints say `alloc not found`).
pub fn client_find<'a>(st: &'a State, id: &str) -> Result<&'a Alloc, ApiError> {
    st.allocs
        .get(id)
        .ok_or_else(|| ApiError::new(404, format!("Unknown allocation \"{id}\"")))
}

/// Finds an allocation by full ID (Nomad's endpoint also accepts an unambiguous prefix here).
pub fn find<'a>(st: &'a State, id: &str) -> Result<&'a Alloc, ApiError> {
    if let Some(a) = st.allocs.get(id) {
        return Ok(a);
    }
    Err(ApiError::not_found("alloc"))
}

fn get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    if let Some(e) = super::full_id_error("alloc", req.param(0)) {
        return Err(e);
    }
    let a = find(st, req.param(0))?;
    let job = st
        .job_version(&a.namespace, &a.job_id, a.job_version)
        .cloned()
        .unwrap_or(Value::Null);
    Ok(Answer::new(a.modify_index, a.full_json(job)))
}

/// A `ResourceUsage`; `devices` is the allocation total's `[]` (a task's and a process's
/// are null).
fn usage(rss_mb: i64, cpu: i64, devices: Value) -> Value {
    json!({
        "MemoryStats": {"RSS": rss_mb << 20, "Cache": 0, "Swap": 0, "MappedFile": 0,
                        "Usage": (rss_mb + 4) << 20, "MaxUsage": (rss_mb + 8) << 20,
                        "KernelUsage": 0, "KernelMaxUsage": 0,
                        "Measured": ["RSS", "Cache", "Swap", "Usage", "Max Usage"]},
        "CpuStats": {"SystemMode": 1.2, "UserMode": 3.4, "TotalTicks": cpu as f64 * 0.05,
                     "ThrottledPeriods": 0, "ThrottledTime": 0, "Percent": 2.1,
                     "Measured": ["System Mode", "User Mode", "Percent"]},
        "DeviceStats": devices,
    })
}

fn stats(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let a = client_find(st, req.param(0))?;
    if a.client_status != "running" {
        return Err(ApiError::new(
            500,
            format!("unknown allocation ID \"{}\"", a.id),
        ));
    }
    let ts = st.now_ns();
    let mut tasks = serde_json::Map::new();
    let (mut rss, mut cpu) = (0, 0);
    for (i, (name, r)) in a.tasks.iter().enumerate() {
        let mb = r.memory_mb / 3;
        rss += mb;
        cpu += r.cpu;
        // One process per task, keyed by its PID.
        let pid = 20_000 + (a.create_index as usize % 1000) * 10 + i;
        tasks.insert(
            name.clone(),
            json!({"ResourceUsage": usage(mb, r.cpu, Value::Null), "Timestamp": ts,
                   "Pids": {pid.to_string(): usage(mb, r.cpu, Value::Null)}}),
        );
    }
    Ok(Answer::new(
        st.index(),
        json!({"ResourceUsage": usage(rss, cpu, json!([])), "Tasks": tasks, "Timestamp": ts}),
    ))
}

fn stop(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let id = find(st, req.param(0))?.id.clone();
    let (eval_id, index) = crate::sched::stop_alloc_request(st, &id, req.flag("no_shutdown_delay"))
        .ok_or_else(|| ApiError::not_found("job"))?;
    Ok(Answer::plain(json!({"EvalID": eval_id, "Index": index})))
}

fn enterprise_only(_: &State, _: &Req) -> Result<Answer, ApiError> {
    Err(ApiError::new(500, "Enterprise only"))
}
