//! The sim's own control API under `/v1/sim/`, for tests running in another process:
//! faults, ACL tokens, allocation/node status changes, log lines and extra allocations.

use super::{Answer, ApiError, Handler, Req, Route};
use crate::acl::{Need, TokenSpec};
use crate::faults::Fault;
use crate::server::Shared;
use serde::Deserialize;
use serde_json::json;

pub fn route(method: &str, rest: &[&str]) -> Result<Option<Route>, ApiError> {
    let (handler, params): (super::ControlFn, Vec<String>) = match (method, rest) {
        ("POST" | "PUT", ["sim", "faults"]) => (add_fault, vec![]),
        ("DELETE", ["sim", "faults"]) => (clear_faults, vec![]),
        ("POST" | "PUT", ["sim", "acl"]) => (set_acl, vec![]),
        ("POST" | "PUT", ["sim", "alloc", id, "status"]) => (alloc_status, vec![id.to_string()]),
        ("POST" | "PUT", ["sim", "alloc", id, "logs"]) => (alloc_logs, vec![id.to_string()]),
        ("POST" | "PUT", ["sim", "job", id, "alloc"]) => (job_alloc, vec![id.to_string()]),
        ("POST" | "PUT", ["sim", "node", id, "status"]) => (node_status, vec![id.to_string()]),
        (_, ["sim", ..]) => return Err(ApiError::new(405, "Invalid method")),
        _ => return Ok(None),
    };
    Ok(Some(Route {
        handler: Handler::Control(handler),
        need: Need::None,
        params,
    }))
}

fn parse<T: for<'de> Deserialize<'de>>(req: &Req) -> Result<T, ApiError> {
    serde_json::from_slice(&req.body)
        .map_err(|e| ApiError::new(400, format!("Failed to decode request body: {e}")))
}

fn add_fault(shared: &Shared, req: &Req) -> Result<Answer, ApiError> {
    let fault: Fault = parse(req)?;
    shared.faults.add(fault);
    Ok(Answer::plain(json!({"ok": true})))
}

fn clear_faults(shared: &Shared, _req: &Req) -> Result<Answer, ApiError> {
    shared.faults.clear();
    Ok(Answer::plain(json!({"ok": true})))
}

#[derive(Deserialize)]
struct AclBody {
    enabled: bool,
    #[serde(default)]
    tokens: Vec<TokenSpec>,
}

fn set_acl(shared: &Shared, req: &Req) -> Result<Answer, ApiError> {
    let body: AclBody = parse(req)?;
    let mut acl = shared.acl.lock().unwrap_or_else(|p| p.into_inner());
    acl.set(body.enabled, body.tokens);
    Ok(Answer::plain(json!({"ok": true})))
}

#[derive(Deserialize)]
struct AllocStatus {
    client_status: String,
}

fn alloc_status(shared: &Shared, req: &Req) -> Result<Answer, ApiError> {
    let body: AllocStatus = parse(req)?;
    let id = req.param(0).to_string();
    if shared.write(|st| st.set_alloc_status(&id, &body.client_status)) {
        Ok(Answer::plain(json!({"ok": true})))
    } else {
        Err(ApiError::not_found("alloc"))
    }
}

#[derive(Deserialize)]
struct AppendLog {
    task: String,
    #[serde(rename = "type")]
    kind: String,
    data: String,
}

/// Appends text to a task's stdout or stderr log (followers see it).
fn alloc_logs(shared: &Shared, req: &Req) -> Result<Answer, ApiError> {
    let body: AppendLog = parse(req)?;
    let id = req.param(0).to_string();
    let found = shared.write(|st| {
        if !st.allocs.contains_key(&id) {
            return false;
        }
        st.append_log(&id, &body.task, &body.kind, body.data.as_bytes());
        true
    });
    if found {
        Ok(Answer::plain(json!({"ok": true})))
    } else {
        Err(ApiError::not_found("alloc"))
    }
}

#[derive(Deserialize)]
struct ExtraAlloc {
    group: String,
}

/// Starts one more allocation of a job's group (`{"group": …}`; `?namespace=`), as if
/// the job had grown without a new version; answers its ID.
fn job_alloc(shared: &Shared, req: &Req) -> Result<Answer, ApiError> {
    let body: ExtraAlloc = parse(req)?;
    let (ns, job) = (req.namespace().to_string(), req.param(0).to_string());
    match shared.write(|st| crate::sched::extra_alloc(st, &ns, &job, &body.group)) {
        Some(id) => Ok(Answer::plain(json!({"ID": id}))),
        None => Err(ApiError::not_found("job group allocation")),
    }
}

#[derive(Deserialize)]
struct NodeStatus {
    status: String,
}

fn node_status(shared: &Shared, req: &Req) -> Result<Answer, ApiError> {
    let body: NodeStatus = parse(req)?;
    let id = req.param(0).to_string();
    if shared.write(|st| st.set_node_status(&id, &body.status)) {
        Ok(Answer::plain(json!({"ok": true})))
    } else {
        Err(ApiError::not_found("node"))
    }
}
