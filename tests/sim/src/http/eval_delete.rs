//! `GET /v1/evaluations/count` and `DELETE /v1/evaluations` (by IDs or by filter), with
//! Nomad's checks: a management token, the eval broker paused, only evaluations whose
//! allocations are done (recorded in `api/depl/evaluations-*`).

use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::{State, Table};
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    match rest {
        ["evaluations", "count"] => mk(method, &["GET"], Handler::Query(count), Need::Read, vec![]),
        // `GET /v1/evaluations` stays with the other reads.
        ["evaluations"] if method == "DELETE" => mk(
            method,
            &["DELETE"],
            Handler::Write(delete),
            Need::Management,
            vec![],
        ),
        _ => Ok(None),
    }
}

/// A filter as the eval endpoints parse it: a bad one is a 500 (the RPC's error), not the
/// 400 of the list endpoints.
fn parse(f: &str) -> Result<Option<crate::filter::Expr>, ApiError> {
    if f.is_empty() {
        return Ok(None);
    }
    crate::filter::parse(f)
        .map(Some)
        .map_err(|e| ApiError::new(500, e))
}

fn matching(st: &State, f: &Option<crate::filter::Expr>) -> Vec<String> {
    st.evals
        .iter()
        .filter(|(_, e)| f.as_ref().is_none_or(|f| f.matches(&e.to_json())))
        .map(|(id, _)| id.clone())
        .collect()
}

fn count(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let f = parse(req.q("filter").unwrap_or(""))?;
    let n = matching(st, &f).len();
    let index = st.table_index(Table::Evals);
    // The count response embeds its query metadata in the body, as Nomad's does.
    Ok(Answer::new(
        index,
        json!({"Count": n, "Index": index, "KnownLeader": true, "LastContact": 0,
               "NextToken": ""}),
    ))
}

/// Nomad's `isEvalDeleteSafe`: the job is gone, stopped or dead, or none of the
/// evaluation's allocations runs (or may run) on a client.
fn safe(st: &State, id: &str) -> bool {
    let Some(e) = st.evals.get(id) else {
        return false;
    };
    let done = st.job(&e.namespace, &e.job_id).is_none_or(|j| {
        j["Stop"].as_bool().unwrap_or(false) || j["Status"].as_str() == Some("dead")
    });
    done || !st
        .allocs
        .values()
        .any(|a| a.eval_id == id && matches!(a.client_status.as_str(), "running" | "unknown"))
}

fn delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let ids: Vec<String> = body["EvalIDs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let filter = body["Filter"].as_str().unwrap_or("");
    if !filter.is_empty() && !ids.is_empty() {
        return Err(ApiError::new(
            400,
            "evals cannot be deleted by both ID and filter",
        ));
    }
    if filter.is_empty() && ids.is_empty() {
        return Err(ApiError::new(
            400,
            "evals must be deleted by either ID or filter",
        ));
    }
    if st.scheduler_config["PauseEvalBroker"] != Value::Bool(true) {
        return Err(ApiError::new(
            500,
            "eval broker is enabled; eval broker must be paused to delete evals",
        ));
    }
    let chosen = if filter.is_empty() {
        for id in &ids {
            if !st.evals.contains_key(id) {
                return Err(ApiError::new(500, "eval not found"));
            }
            if !safe(st, id) {
                return Err(ApiError::new(
                    500,
                    format!("eval {id} is not safe to delete"),
                ));
            }
        }
        ids
    } else {
        // By filter, evaluations that are not safe to delete are skipped.
        let f = parse(filter)?;
        matching(st, &f)
            .into_iter()
            .filter(|id| safe(st, id))
            .collect()
    };
    if chosen.is_empty() {
        // Nothing written: Nomad answers index 0.
        return Ok(Answer::new(0, json!({"Count": 0, "Index": 0})));
    }
    let index = st.next_index();
    for id in &chosen {
        st.evals.remove(id);
    }
    st.touch(Table::Evals);
    Ok(Answer::new(
        index,
        json!({"Count": chosen.len(), "Index": index}),
    ))
}
