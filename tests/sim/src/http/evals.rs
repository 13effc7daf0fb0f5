//! `/v1/evaluations`, `/v1/evaluation/:id`, `/v1/deployments`, `/v1/deployment/:id`.

use super::{filter, mk, ns_match, paginate, Answer, ApiError, Handler, PageKey, Req, Route};
use crate::acl::Need;
use crate::state::{State, Table};
use serde_json::Value;

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    match rest {
        ["evaluations"] => mk(method, &["GET"], Query(list_evals), Need::Read, vec![]),
        ["evaluation", id] => mk(
            method,
            &["GET"],
            Query(get_eval),
            Need::Read,
            vec![id.to_string()],
        ),
        ["evaluation", id, "allocations"] => mk(
            method,
            &["GET"],
            Query(eval_allocs),
            Need::Read,
            vec![id.to_string()],
        ),
        ["deployments"] => mk(
            method,
            &["GET"],
            Query(list_deployments),
            Need::Read,
            vec![],
        ),
        ["deployment", id] => mk(
            method,
            &["GET"],
            Query(get_deployment),
            Need::Read,
            vec![id.to_string()],
        ),
        ["deployment", "allocations", id] => mk(
            method,
            &["GET"],
            Query(deployment_allocs),
            Need::Read,
            vec![id.to_string()],
        ),
        _ => Ok(None),
    }
}

fn list_evals(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let f = filter(req)?;
    let prefix = req.q("prefix").unwrap_or("");
    let job = req.q("job").unwrap_or("");
    let status = req.q("status").unwrap_or("");
    if f.is_some() && (!job.is_empty() || !status.is_empty()) {
        return Err(ApiError::new(
            400,
            "Filter expression cannot be used with other filter parameters",
        ));
    }
    let mut items = Vec::new();
    for (id, e) in st.evals.range(prefix.to_string()..) {
        if !id.starts_with(prefix) {
            break;
        }
        if !ns_match(req, &e.namespace)
            || (!job.is_empty() && e.job_id != job)
            || (!status.is_empty() && e.status != status)
        {
            continue;
        }
        let v = e.to_json();
        if f.as_ref().is_some_and(|f| !f.matches(&v)) {
            continue;
        }
        items.push((PageKey::Index(e.create_index, id.clone()), v));
    }
    let (page, next) = paginate(req, items);
    let mut a = Answer::new(st.table_index(Table::Evals), Value::Array(page));
    a.next_token = next;
    Ok(a)
}

fn get_eval(st: &State, req: &Req) -> Result<Answer, ApiError> {
    // Nomad's eval endpoint wraps the index error once more (api/depl/evaluation-*prefix-500).
    if let Some(mut e) = super::full_id_error("eval", req.param(0)) {
        e.message = format!("failed to lookup eval: {}", e.message);
        return Err(e);
    }
    let e = st
        .evals
        .get(req.param(0))
        .ok_or_else(|| ApiError::not_found("eval"))?;
    Ok(Answer::new(e.modify_index, e.to_json()))
}

fn eval_allocs(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let body: Vec<Value> = st
        .allocs
        .values()
        .filter(|a| a.eval_id == req.param(0))
        .map(|a| a.stub_json(false, true))
        .collect();
    Ok(Answer::new(
        st.table_index(Table::Allocs),
        Value::Array(body),
    ))
}

fn list_deployments(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let f = filter(req)?;
    let prefix = req.q("prefix").unwrap_or("");
    let mut items = Vec::new();
    for (id, d) in st.deployments.range(prefix.to_string()..) {
        if !id.starts_with(prefix) {
            break;
        }
        if !ns_match(req, &d.namespace) {
            continue;
        }
        let v = d.to_json();
        if f.as_ref().is_some_and(|f| !f.matches(&v)) {
            continue;
        }
        items.push((PageKey::Index(d.create_index, id.clone()), v));
    }
    let (page, next) = paginate(req, items);
    let mut a = Answer::new(st.table_index(Table::Deployments), Value::Array(page));
    a.next_token = next;
    Ok(a)
}

fn get_deployment(st: &State, req: &Req) -> Result<Answer, ApiError> {
    if let Some(e) = super::full_id_error("deployment", req.param(0)) {
        return Err(e);
    }
    let d = st
        .deployments
        .get(req.param(0))
        .ok_or_else(|| ApiError::not_found("deployment"))?;
    Ok(Answer::new(d.modify_index, d.to_json()))
}

fn deployment_allocs(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let body: Vec<Value> = st
        .allocs
        .values()
        .filter(|a| a.deployment_id == req.param(0))
        .map(|a| a.stub_json(false, true))
        .collect();
    Ok(Answer::new(
        st.table_index(Table::Allocs),
        Value::Array(body),
    ))
}
