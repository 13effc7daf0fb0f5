//! `PUT /v1/deployment/promote/:id`: promotes a deployment's canaries.

use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::State;
use serde_json::json;

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    match rest {
        ["deployment", "promote", id] => mk(
            method,
            &["PUT", "POST"],
            Handler::Write(promote),
            Need::Write,
            vec![id.to_string()],
        ),
        _ => Ok(None),
    }
}

fn promote(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let id = req.param(0);
    let given = body["DeploymentID"].as_str().unwrap_or("");
    if given.is_empty() {
        return Err(ApiError::new(400, "DeploymentID must be specified"));
    }
    if given != id {
        return Err(ApiError::new(400, "Deployment ID does not match"));
    }
    let all = body["All"].as_bool().unwrap_or(false);
    let groups: Vec<String> = body["Groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g.as_str().map(str::to_string))
        .collect();
    let r = crate::sched::promote(st, id, all, &groups).map_err(|e| ApiError::new(500, e))?;
    Ok(Answer::plain(json!({
        "EvalID": r.eval_id, "EvalCreateIndex": r.eval_create_index,
        "DeploymentModifyIndex": st.index(), "RevertedJobVersion": null,
        "Index": st.index(),
    })))
}
