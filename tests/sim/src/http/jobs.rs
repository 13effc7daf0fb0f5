//! `/v1/jobs` and `/v1/job/:id/...`: list, register, read, stop, and the per-job views.

use super::{filter, mk, ns_match, paginate, Answer, ApiError, Handler, PageKey, Req, Route};
use crate::acl::Need;
use crate::job;
use crate::state::{State, Table};
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    match rest {
        ["validate", "job"] => mk(method, &["PUT", "POST"], Read(validate), Need::Read, vec![]),
        ["jobs", "parse"] => mk(method, &["PUT", "POST"], Read(parse), Need::Write, vec![]),
        ["jobs"] => match method {
            "GET" => mk(method, &["GET"], Query(list), Need::Read, vec![]),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(register),
                Need::Write,
                vec![],
            ),
        },
        ["job", id] => match method {
            "GET" => mk(
                method,
                &["GET"],
                Query(get),
                Need::Read,
                vec![id.to_string()],
            ),
            "DELETE" => mk(
                method,
                &["DELETE"],
                Write(deregister),
                Need::Write,
                vec![id.to_string()],
            ),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(update),
                Need::Write,
                vec![id.to_string()],
            ),
        },
        ["job", id, "plan"] => mk(
            method,
            &["PUT", "POST"],
            Write(plan),
            Need::Write,
            vec![id.to_string()],
        ),
        ["job", id, "periodic", "force"] => mk(
            method,
            &["PUT", "POST"],
            Write(periodic_force),
            Need::Write,
            vec![id.to_string()],
        ),
        ["job", id, "evaluate"] => mk(
            method,
            &["PUT", "POST"],
            Write(evaluate),
            Need::Write,
            vec![id.to_string()],
        ),
        ["job", id, "revert"] => mk(
            method,
            &["PUT", "POST"],
            Write(revert),
            Need::Write,
            vec![id.to_string()],
        ),
        ["job", id, "scale"] => match method {
            "GET" => mk(
                method,
                &["GET"],
                Query(scale_status),
                Need::Read,
                vec![id.to_string()],
            ),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(scale),
                Need::Write,
                vec![id.to_string()],
            ),
        },
        ["job", id, sub] => {
            let p = vec![id.to_string()];
            let q: super::QueryFn = match *sub {
                "summary" => summary,
                "allocations" => allocations,
                "evaluations" => evaluations,
                "deployment" => latest_deployment,
                "deployments" => deployments,
                "versions" => versions,
                _ => return Ok(None),
            };
            mk(method, &["GET"], Query(q), Need::Read, p)
        }
        _ => Ok(None),
    }
}

fn list(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let f = filter(req)?;
    let prefix = req.q("prefix").unwrap_or("");
    let mut items = Vec::new();
    for ((ns, id), rec) in &st.jobs {
        if !ns_match(req, ns) || !id.starts_with(prefix) {
            continue;
        }
        let summary = st.job_summary(ns, id).unwrap_or(Value::Null);
        let stub = job::stub_json(&rec.job, summary, req.flag("meta"));
        if f.as_ref().is_some_and(|f| !f.matches(&stub)) {
            continue;
        }
        // The token is `<namespace>.<id>` whatever the namespace asked for.
        items.push((PageKey::Name(format!("{ns}.{id}")), stub));
    }
    let (page, next) = paginate(req, items);
    let mut a = Answer::new(
        st.max_index(&[Table::Jobs, Table::JobSummary]),
        Value::Array(page),
    );
    a.next_token = next;
    Ok(a)
}

/// `PUT /v1/jobs/parse`: HCL2 text (and a variables text) to an API job.
fn parse(_st: &State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let hcl = body["JobHCL"].as_str().unwrap_or("");
    if hcl.is_empty() {
        return Err(ApiError::new(400, "Job spec is empty"));
    }
    let vars = body["Variables"].as_str().unwrap_or("");
    let mut job = crate::jobspec::parse_job(hcl, vars)
        .map_err(|e| ApiError::new(400, format!("Failed to parse job: {e}")))?;
    if body["Canonicalize"].as_bool().unwrap_or(false) {
        job = job::api_canonical(&job::canonicalize(&job).map_err(|e| ApiError::new(400, e))?);
    } else {
        job = job::with_unset_fields(job);
    }
    Ok(Answer::plain(job))
}

fn write_meta(st: &State) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("Index".into(), json!(st.index()));
    m.insert("LastContact".into(), json!(0));
    m.insert("KnownLeader".into(), json!(false));
    m.insert("NextToken".into(), json!(""));
    m
}

fn do_register(st: &mut State, req: &Req, path_id: Option<&str>) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let Some(api_job) = body.get("Job").filter(|j| !j.is_null()) else {
        return Err(ApiError::new(400, "Job must be specified"));
    };
    let mut api_job = api_job.clone();
    if let Some(id) = path_id {
        if job::s(&api_job, "ID") != id {
            return Err(ApiError::new(400, "Job ID does not match name"));
        }
    }
    if job::s(&api_job, "Namespace").is_empty() {
        api_job["Namespace"] = json!(req.namespace());
    }
    let job = job::canonicalize(&api_job).map_err(|e| ApiError::new(400, e))?;
    let ns = job::s(&job, "Namespace").to_string();
    if !st.namespaces.contains_key(&ns) {
        return Err(ApiError::new(
            400,
            format!(
                "job \"{}\" is in nonexistent namespace \"{ns}\"",
                job::s(&job, "ID")
            ),
        ));
    }
    if body["EnforceIndex"].as_bool().unwrap_or(false) {
        let want = body["JobModifyIndex"].as_u64().unwrap_or(0);
        let id = job::s(&job, "ID");
        let current = st.job(&ns, id).map(|j| job::u(j, "JobModifyIndex"));
        let problem = match (want, current) {
            (0, Some(_)) => Some("job already exists".to_string()),
            (n, None) if n != 0 => Some("job does not exist".to_string()),
            (n, Some(m)) if n != 0 && n != m => {
                Some(format!("job exists with conflicting job modify index: {m}"))
            }
            _ => None,
        };
        if let Some(p) = problem {
            return Err(ApiError::new(
                500,
                format!("Enforcing job modify index {want}: {p}"),
            ));
        }
    }
    let (sub_ns, sub_id) = (ns.clone(), job::s(&job, "ID").to_string());
    let r = crate::sched::register(st, job);
    let warnings = match super::dispatch::oversized_submission(&body["Submission"]) {
        Some(w) => w,
        None => {
            super::dispatch::record_submission(st, &body["Submission"], &sub_ns, &sub_id);
            String::new()
        }
    };
    let mut m = write_meta(st);
    m.insert("EvalID".into(), json!(r.eval_id));
    m.insert("EvalCreateIndex".into(), json!(r.eval_create_index));
    m.insert("JobModifyIndex".into(), json!(r.job_modify_index));
    m.insert("Warnings".into(), json!(warnings));
    Ok(Answer::plain(Value::Object(m)))
}

fn register(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    do_register(st, req, None)
}

fn update(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    do_register(st, req, Some(req.param(0)))
}

fn deregister(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let purge = req.flag("purge");
    let r = crate::sched::deregister(st, req.namespace(), req.param(0), purge)
        .ok_or_else(|| ApiError::not_found("job"))?;
    let mut m = write_meta(st);
    m.insert("EvalID".into(), json!(r.eval_id));
    m.insert("EvalCreateIndex".into(), json!(r.eval_create_index));
    m.insert("JobModifyIndex".into(), json!(r.job_modify_index));
    m.insert("VolumeEvalID".into(), json!(""));
    m.insert("VolumeEvalIndex".into(), json!(0));
    Ok(Answer::plain(Value::Object(m)))
}

fn find<'a>(st: &'a State, req: &Req) -> Result<&'a Value, ApiError> {
    st.job(req.namespace(), req.param(0))
        .ok_or_else(|| ApiError::not_found("job"))
}

fn get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let job = find(st, req)?;
    Ok(Answer::new(job::u(job, "ModifyIndex"), job.clone()))
}

fn summary(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let s = st
        .job_summary(req.namespace(), req.param(0))
        .ok_or_else(|| ApiError::not_found("job"))?;
    Ok(Answer::new(s["ModifyIndex"].as_u64().unwrap_or(1), s))
}

fn allocations(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let mut allocs: Vec<_> = st
        .job_alloc_ids(req.namespace(), req.param(0))
        .iter()
        .filter_map(|id| st.allocs.get(id))
        .collect();
    allocs.sort_by(|a, b| a.id.cmp(&b.id));
    let body: Vec<Value> = allocs.iter().map(|a| a.stub_json(false, true)).collect();
    Ok(Answer::new(
        st.table_index(Table::Allocs),
        Value::Array(body),
    ))
}

fn evaluations(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let mut evals = st.job_evals(req.namespace(), req.param(0));
    evals.sort_by_key(|e| std::cmp::Reverse(e.create_index));
    let body: Vec<Value> = evals.iter().map(|e| e.to_json()).collect();
    Ok(Answer::new(
        st.table_index(Table::Evals),
        Value::Array(body),
    ))
}

fn latest_deployment(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let latest = st
        .job_deployments(req.namespace(), req.param(0))
        .into_iter()
        .max_by_key(|d| d.create_index)
        .map(|d| d.to_json())
        .unwrap_or(Value::Null);
    Ok(Answer::new(st.table_index(Table::Deployments), latest))
}

fn deployments(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let mut ds = st.job_deployments(req.namespace(), req.param(0));
    let current = st
        .job(req.namespace(), req.param(0))
        .map(|j| job::u(j, "CreateIndex"))
        .unwrap_or(0);
    // Without `all`, only deployments of the current job instance are listed.
    if !req.flag("all") {
        ds.retain(|d| d.job_create_index == current);
    }
    ds.sort_by_key(|d| std::cmp::Reverse(d.create_index));
    let body: Vec<Value> = ds.iter().map(|d| d.to_json()).collect();
    Ok(Answer::new(
        st.table_index(Table::Deployments),
        Value::Array(body),
    ))
}

fn versions(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let rec = st
        .jobs
        .get(&(req.namespace().to_string(), req.param(0).to_string()))
        .ok_or_else(|| ApiError::new(404, "job versions not found"))?;
    let versions: Vec<Value> = std::iter::once(&rec.job)
        .chain(rec.versions.iter().rev())
        .cloned()
        .collect();
    let index = st.table_index(Table::JobVersion);
    // With `diffs`, each version is compared with the one before it.
    let diffs = if req.flag("diffs") {
        Value::Array(
            versions
                .windows(2)
                .map(|w| {
                    // Version diffs carry no scheduler annotations.
                    crate::plan::version_diff(&w[1], &w[0])
                })
                .collect(),
        )
    } else {
        Value::Null
    };
    Ok(Answer::new(
        index,
        json!({"Versions": versions, "Diffs": diffs, "Index": index, "LastContact": 0,
               "KnownLeader": true, "NextToken": ""}),
    ))
}

fn register_answer(st: &State, r: crate::sched::RegisterResult) -> Answer {
    let mut m = write_meta(st);
    m.insert("EvalID".into(), json!(r.eval_id));
    m.insert("EvalCreateIndex".into(), json!(r.eval_create_index));
    m.insert("JobModifyIndex".into(), json!(r.job_modify_index));
    m.insert("Warnings".into(), json!(""));
    Answer::plain(Value::Object(m))
}

/// `PUT /v1/job/:id/evaluate`.
fn evaluate(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let r = crate::sched::evaluate(st, req.namespace(), req.param(0))
        .ok_or_else(|| ApiError::not_found("job"))?;
    Ok(register_answer(st, r))
}

/// `PUT /v1/job/:id/revert`: the chosen version becomes a new version.
fn revert(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let want = body["JobVersion"].as_u64().unwrap_or(0);
    let ns = req.namespace().to_string();
    let cur = find(st, req)?.clone();
    if job::u(&cur, "Version") == want {
        return Err(ApiError::new(
            400,
            format!("can't revert to current version {want}"),
        ));
    }
    let rec = st
        .jobs
        .get(&(ns.clone(), req.param(0).to_string()))
        .ok_or_else(|| ApiError::not_found("job"))?;
    let old = rec
        .versions
        .iter()
        .find(|v| job::u(v, "Version") == want)
        .cloned()
        .ok_or_else(|| {
            ApiError::new(
                400,
                format!(
                    "job {:?} in namespace {ns:?} at version {want} not found",
                    req.param(0)
                ),
            )
        })?;
    let mut job = old;
    job["Stop"] = json!(false);
    let r = crate::sched::register_as(st, job, "job-register");
    super::dispatch::copy_submission(st, &ns, req.param(0), want);
    let mut a = register_answer(st, r);
    a.index = Some(st.index());
    Ok(a.with_query_meta())
}

/// `GET /v1/job/:id/scale`: desired and actual counts per group.
fn scale_status(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let j = find(st, req)?;
    let (ns, id) = (req.namespace(), req.param(0));
    let allocs: Vec<_> = st
        .job_alloc_ids(ns, id)
        .iter()
        .filter_map(|a| st.allocs.get(a))
        .filter(|a| a.desired_status == "run")
        .collect();
    let mut groups = serde_json::Map::new();
    for g in j["TaskGroups"].as_array().into_iter().flatten() {
        let name = g["Name"].as_str().unwrap_or("");
        let mine: Vec<_> = allocs.iter().filter(|a| a.task_group == name).collect();
        let running = mine.iter().filter(|a| a.client_status == "running").count();
        let healthy = mine
            .iter()
            .filter(|a| a.deployment_status.as_ref().and_then(|d| d.healthy) == Some(true))
            .count();
        groups.insert(
            name.to_string(),
            json!({"Desired": g["Count"], "Placed": mine.len(), "Running": running,
                   "Healthy": healthy, "Unhealthy": 0,
                   "Events": st.scaling_events.get(&(ns.to_string(), id.to_string(), name.to_string()))}),
        );
    }
    Ok(Answer::new(
        job::u(j, "ModifyIndex"),
        json!({"JobID": id, "Namespace": ns, "JobCreateIndex": j["CreateIndex"],
               "JobModifyIndex": j["JobModifyIndex"], "JobStopped": j["Stop"],
               "TaskGroups": groups}),
    ))
}

/// `PUT /v1/job/:id/scale`: a new version with the group's count changed.
fn scale(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let group = body["Target"]["Group"].as_str().unwrap_or("").to_string();
    let mut job = find(st, req)?.clone();
    let Some(count) = body["Count"].as_i64() else {
        return Err(ApiError::new(400, "request must specify count"));
    };
    let Some(g) = job["TaskGroups"]
        .as_array_mut()
        .and_then(|gs| gs.iter_mut().find(|g| g["Name"] == group.as_str()))
    else {
        return Err(ApiError::new(
            400,
            format!("task group {group:?} specified for scaling does not exist in job"),
        ));
    };
    let previous = g["Count"].as_i64().unwrap_or(0);
    g["Count"] = json!(count);
    let ns = job::s(&job, "Namespace").to_string();
    let id = job::s(&job, "ID").to_string();
    let r = crate::sched::register_as(st, job, "job-scaling");
    // The event Nomad keeps per group (newest first, up to 20); the CLI's message by default.
    let message = body["Message"].as_str().unwrap_or_default();
    let event = json!({"Count": count, "PreviousCount": previous, "Error": body["Error"].as_bool().unwrap_or(false),
        "Message": message, "Meta": body["Meta"], "EvalID": r.eval_id, "Time": st.now_ns(),
        "CreateIndex": st.index()});
    let list = st.scaling_events.entry((ns, id, group)).or_default();
    list.insert(0, event);
    list.truncate(20);
    Ok(register_answer(st, r))
}

/// `PUT /v1/job/:id/plan`: what registering the job would do, without doing it.
fn plan(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let Some(api_job) = body.get("Job").filter(|j| !j.is_null()) else {
        return Err(ApiError::new(400, "Job must be specified"));
    };
    let mut api_job = api_job.clone();
    if job::s(&api_job, "ID") != req.param(0) {
        return Err(ApiError::new(400, "Job ID does not match"));
    }
    if job::s(&api_job, "Namespace").is_empty() {
        api_job["Namespace"] = json!(req.namespace());
    }
    let job = job::canonicalize(&api_job).map_err(|e| ApiError::new(400, e))?;
    Ok(Answer::plain(crate::plan::plan(st, &job)))
}

/// `PUT /v1/validate/job`: the sim checks what its canonicalization checks.
fn validate(_st: &State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let Some(api_job) = body.get("Job").filter(|j| !j.is_null()) else {
        return Err(ApiError::new(400, "Job must be specified"));
    };
    let (errors, error) = match job::canonicalize(api_job) {
        Ok(_) => (Value::Null, String::new()),
        Err(e) => (
            json!([e.clone()]),
            format!("1 error occurred:\n\t* {e}\n\n"),
        ),
    };
    Ok(Answer::plain(
        json!({"DriverConfigValidated": true, "ValidationErrors": errors,
                            "Error": error, "Warnings": ""}),
    ))
}

/// `PUT /v1/job/:id/periodic/force`.
fn periodic_force(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let j = find(st, req)?;
    if !job::is_periodic(j) {
        return Err(ApiError::new(400, "job is not periodic"));
    }
    let r = crate::sched::force_periodic(st, req.namespace(), req.param(0))
        .ok_or_else(|| ApiError::not_found("job"))?;
    Ok(Answer::plain(json!({
        "EvalID": r.eval_id, "EvalCreateIndex": r.eval_create_index,
        "Index": r.eval_create_index,
    })))
}
