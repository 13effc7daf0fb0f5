//! `/v1/vars` (list, `prefix`) and `/v1/var/:path` (read, create) for Nomad Variables.

use super::{mk, ns_match, paginate, Answer, ApiError, Handler, PageKey, Req, Route};
use crate::acl::Need;
use crate::state::State;
use serde_json::Value;
use std::collections::BTreeMap;

pub fn route(method: &str, rest: &[&str], path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    match rest {
        // Nomad filters the list by the token's policy instead of refusing it.
        ["vars"] => mk(method, &["GET"], Query(list), Need::None, vec![]),
        ["var", ..] => {
            let var_path = path.strip_prefix("/v1/var/").unwrap_or("").to_string();
            if var_path.is_empty() {
                return Err(ApiError::new(400, "missing variable path"));
            }
            match method {
                "GET" => mk(method, &["GET"], Query(read), Need::Read, vec![var_path]),
                _ => mk(
                    method,
                    &["PUT", "POST"],
                    Write(put),
                    Need::Write,
                    vec![var_path],
                ),
            }
        }
        _ => Ok(None),
    }
}

fn list(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let prefix = req.q("prefix").unwrap_or("");
    let items: Vec<(PageKey, Value)> = st
        .variables
        .iter()
        .filter(|((ns, path), _)| req.may_read && ns_match(req, ns) && path.starts_with(prefix))
        .map(|((ns, path), v)| (PageKey::Name(format!("{ns}.{path}")), v.metadata_json()))
        .collect();
    let (page, next) = paginate(req, items);
    let mut a = Answer::new(st.variables_index(), Value::Array(page));
    a.next_token = next;
    Ok(a)
}

fn read(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let key = (
        req.namespace().to_string(),
        crate::vars::clean_path(req.param(0)).to_string(),
    );
    let v = st
        .variables
        .get(&key)
        .ok_or_else(|| ApiError::new(404, "variable not found"))?;
    Ok(Answer::new(v.modify_index, v.to_json()))
}

fn put(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let items: BTreeMap<String, String> = body["Items"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
        .collect();
    if items.is_empty() {
        return Err(ApiError::new(400, "variable missing required Items object"));
    }
    let ns = req.namespace().to_string();
    let v = st.put_variable(&ns, req.param(0), items);
    Ok(Answer::plain(v.to_json()))
}
