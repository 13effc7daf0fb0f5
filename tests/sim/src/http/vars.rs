//! `/v1/vars` (list: `prefix`, namespaces, paging) and `/v1/var/:path` (read, check-and-set
//! writes and deletes, `lock-acquire`/`lock-renew`/`lock-release`) for Nomad Variables,
//! answering as the recordings in INDEX.md's "Variables" section.

use super::{mk, ns_match, paginate, Answer, ApiError, Handler, PageKey, Req, Route};
use crate::acl::Need;
use crate::state::State;
use crate::vars::{clean_path, lock_ttl, Lock, Variable};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;
use std::time::Instant;

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
                "DELETE" => mk(
                    method,
                    &["DELETE"],
                    Write(delete),
                    Need::Write,
                    vec![var_path],
                ),
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

fn key(req: &Req) -> (String, String) {
    (
        req.namespace().to_string(),
        clean_path(req.param(0)).to_string(),
    )
}

fn read(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let v = st
        .variables
        .get(&key(req))
        .ok_or_else(|| ApiError::new(404, "variable not found"))?;
    Ok(Answer::new(v.modify_index, v.to_json()))
}

/// A check-and-set conflict: 409 with the variable as it stands (a zero one where there is
/// none), as text, with only `X-Nomad-Index`.
fn conflict(st: &State, current: Option<&Variable>, key: &(String, String)) -> ApiError {
    let v = current
        .cloned()
        .unwrap_or_else(|| Variable::zero(&key.0, &key.1));
    let mut e = ApiError::new(409, v.to_json().to_string());
    e.write_index = Some(st.index());
    e
}

/// Whether `cas` (when given) matches the stored variable: 0 means "must not exist".
fn cas_ok(req: &Req, current: Option<&Variable>) -> Result<bool, ApiError> {
    let Some(cas) = req.q("cas") else {
        return Ok(true);
    };
    let cas: u64 = cas
        .parse()
        .map_err(|_| ApiError::new(400, format!("failed to parse cas value: {cas}")))?;
    Ok(current.map(|v| v.modify_index).unwrap_or(0) == cas)
}

fn put(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let key = key(req);
    if req.query.contains_key("lock-acquire") {
        return lock_acquire(st, &key, &body);
    }
    if req.query.contains_key("lock-renew") {
        return lock_renew(st, &key, &body);
    }
    if req.query.contains_key("lock-release") {
        return lock_release(st, &key, &body);
    }
    let items: BTreeMap<String, String> = body["Items"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
        .collect();
    if items.is_empty() {
        return Err(ApiError::new(400, "variable missing required Items object"));
    }
    let current = st.variables.get(&key);
    if !cas_ok(req, current)? {
        return Err(conflict(st, current, &key));
    }
    let v = st.put_variable(&key.0, &key.1, items);
    Ok(Answer {
        index: Some(v.modify_index),
        ..Answer::plain(v.to_json())
    })
}

fn delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let key = key(req);
    let current = st.variables.get(&key);
    if !cas_ok(req, current)? {
        return Err(conflict(st, current, &key));
    }
    st.variables.remove(&key);
    let idx = st.next_index();
    Ok(Answer {
        index: Some(idx),
        status: 204,
        ..Answer::empty()
    })
}

fn lock_of(body: &Value) -> &Value {
    &body["Lock"]
}

fn lock_acquire(st: &mut State, key: &(String, String), body: &Value) -> Result<Answer, ApiError> {
    let ttl_text = lock_of(body)["TTL"].as_str().unwrap_or("");
    let ttl = lock_ttl(ttl_text)
        .ok_or_else(|| ApiError::new(400, format!("invalid lock ttl: {ttl_text:?}")))?;
    // Recorded (`api/acl/var-lock-acquire-short-ttl-400`); the lower bound is the sim's
    // `lock_min_ttl` (10s, as Nomad; tests may lower it to keep their locks short).
    if ttl < st.lock_min_ttl || ttl > Duration::from_secs(24 * 3600) {
        return Err(ApiError {
            write_index: Some(0),
            ..ApiError::new(
                400,
                "RPC Error:: 400,1 error occurred:\n\t* TTL must be between 10 seconds and 24 hours\n\n",
            )
        });
    }
    if st
        .variables
        .get(key)
        .is_some_and(|v| v.live_lock().is_some())
    {
        // Recorded: the zero variable, without an index.
        let zero = Variable::zero(&key.0, &key.1);
        return Err(ApiError::new(409, zero.to_json().to_string()));
    }
    let id = st.rng.uuid();
    let idx = st.next_index();
    let now = st.now_ns();
    let var = st.variables.entry(key.clone()).or_insert_with(|| Variable {
        create_index: idx,
        create_time: now,
        ..Variable::zero(&key.0, &key.1)
    });
    var.modify_index = idx;
    var.modify_time = now;
    var.lock = Some(Lock {
        id,
        ttl: ttl_text.to_string(),
        lock_delay: lock_of(body)["LockDelay"]
            .as_str()
            .unwrap_or("")
            .to_string(),
        expires: Instant::now() + ttl,
    });
    let out = var.to_json();
    Ok(Answer {
        index: Some(idx),
        ..Answer::plain(out)
    })
}

/// The variable whose live lock `body` names, or the error Nomad answers.
fn held<'a>(
    st: &'a mut State,
    key: &(String, String),
    body: &Value,
    missing: ApiError,
) -> Result<&'a mut Variable, ApiError> {
    let id = lock_of(body)["ID"].as_str().unwrap_or("");
    let Some(var) = st.variables.get_mut(key) else {
        return Err(missing);
    };
    match var.live_lock() {
        Some(l) if l.id == id => Ok(var),
        Some(_) => Err(ApiError::new(409, "attempting to modify locked variable")),
        None => Err(missing),
    }
}

fn lock_renew(st: &mut State, key: &(String, String), body: &Value) -> Result<Answer, ApiError> {
    let var = held(
        st,
        key,
        body,
        ApiError::new(409, "attempting to modify locked variable"),
    )?;
    if let Some(l) = var.lock.as_mut() {
        let ttl = lock_ttl(&l.ttl).unwrap_or_default();
        l.expires = Instant::now() + ttl;
    }
    Ok(Answer::plain(var.metadata_json()))
}

fn lock_release(st: &mut State, key: &(String, String), body: &Value) -> Result<Answer, ApiError> {
    let mut missing = ApiError::new(500, "variable doesn't hold a lock");
    missing.write_index = Some(0);
    let idx = st.index() + 1;
    // Another holder's lock: the zero variable, as an acquire conflict answers
    // (`api/acl/var-lock-release-other-id-409`).
    let id = lock_of(body)["ID"].as_str().unwrap_or("");
    if let Some(l) = st.variables.get(key).and_then(|v| v.live_lock()) {
        if l.id != id {
            let zero = Variable::zero(&key.0, &key.1);
            return Err(ApiError::new(409, zero.to_json().to_string()));
        }
    }
    let var = held(st, key, body, missing)?;
    var.lock = None;
    // A release is a write (the index moves) that leaves the modify time alone.
    var.modify_index = idx;
    let out = var.metadata_json();
    st.next_index();
    Ok(Answer {
        index: Some(idx),
        ..Answer::plain(out)
    })
}
