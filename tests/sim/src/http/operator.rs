//! `/v1/operator/…` and `/v1/system/…`: the scheduler configuration, whose preemption
//! switches the plan endpoint (and its preemption of lower-priority allocations) follows,
//! and the system maintenance writes.

use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::State;
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    match rest {
        ["operator", "scheduler", "configuration"] => match method {
            "GET" => mk(method, &["GET"], Query(get_config), Need::Read, vec![]),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(set_config),
                Need::Management,
                vec![],
            ),
        },
        ["system", "gc"] => mk(
            method,
            &["PUT", "POST"],
            Write(gc),
            Need::Management,
            vec![],
        ),
        ["system", "reconcile", "summaries"] => mk(
            method,
            &["PUT", "POST"],
            Write(reconcile_summaries),
            Need::Management,
            vec![],
        ),
        _ => Ok(None),
    }
}

/// `PUT /v1/system/gc`: a forced collection; the reply has no body.
fn gc(st: &mut State, _req: &Req) -> Result<Answer, ApiError> {
    st.force_gc();
    Ok(Answer::empty())
}

/// `PUT /v1/system/reconcile/summaries`: the sim computes summaries from the allocations on
/// every read, so there is nothing to repair; the reply has no body.
fn reconcile_summaries(st: &mut State, _req: &Req) -> Result<Answer, ApiError> {
    st.next_index();
    st.touch(crate::state::Table::JobSummary);
    Ok(Answer::empty())
}

fn get_config(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    let index = st.scheduler_config["ModifyIndex"].as_u64().unwrap_or(0);
    let mut body = json!({"SchedulerConfig": st.scheduler_config});
    body["Index"] = json!(index);
    body["LastContact"] = json!(0);
    body["KnownLeader"] = json!(true);
    body["NextToken"] = json!("");
    Ok(Answer::new(index, body))
}

fn set_config(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let algorithm = body["SchedulerAlgorithm"].as_str().unwrap_or("");
    if !algorithm.is_empty() && algorithm != "binpack" && algorithm != "spread" {
        return Err(ApiError::new(
            400,
            format!("invalid scheduler algorithm: {algorithm}"),
        ));
    }
    if let Some(cas) = req.q("cas") {
        let want: u64 = cas
            .parse()
            .map_err(|e| ApiError::new(400, format!("Error parsing cas value: {e}")))?;
        if want != st.scheduler_config["ModifyIndex"].as_u64().unwrap_or(0) {
            let index = st.index();
            return Ok(Answer::plain(json!({"Updated": false, "Index": index})));
        }
    }
    let idx = st.next_index();
    let b = |v: &Value| v.as_bool().unwrap_or(false);
    let p = &body["PreemptionConfig"];
    let create = st.scheduler_config["CreateIndex"].clone();
    st.scheduler_config = json!({
        "SchedulerAlgorithm": if algorithm.is_empty() { "binpack" } else { algorithm },
        "PreemptionConfig": {
            "SystemSchedulerEnabled": b(&p["SystemSchedulerEnabled"]),
            "SysBatchSchedulerEnabled": b(&p["SysBatchSchedulerEnabled"]),
            "BatchSchedulerEnabled": b(&p["BatchSchedulerEnabled"]),
            "ServiceSchedulerEnabled": b(&p["ServiceSchedulerEnabled"]),
        },
        "MemoryOversubscriptionEnabled": b(&body["MemoryOversubscriptionEnabled"]),
        "RejectJobRegistration": b(&body["RejectJobRegistration"]),
        "PauseEvalBroker": b(&body["PauseEvalBroker"]),
        "CreateIndex": create,
        "ModifyIndex": idx,
    });
    Ok(Answer::plain(json!({"Updated": true, "Index": idx})))
}

/// The configuration a new cluster starts with (Nomad's server defaults: preemption for
/// system jobs only).
pub fn default_config() -> Value {
    json!({
        "SchedulerAlgorithm": "binpack",
        "PreemptionConfig": {
            "SystemSchedulerEnabled": true,
            "SysBatchSchedulerEnabled": false,
            "BatchSchedulerEnabled": false,
            "ServiceSchedulerEnabled": false,
        },
        "MemoryOversubscriptionEnabled": false,
        "RejectJobRegistration": false,
        "PauseEvalBroker": false,
        "CreateIndex": 5,
        "ModifyIndex": 5,
    })
}
