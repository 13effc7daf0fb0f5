//! `/v1/acl/…`: bootstrap, tokens and policies, from the `api/acl/cmd-*` recordings. Who may
//! do what is the router's `Need::Management` check; what a client token sees of policies is
//! decided here (its own only).

use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::State;
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    let p = |s: &str| vec![s.to_string()];
    match rest {
        ["acl", "bootstrap"] => mk(
            method,
            &["PUT", "POST"],
            Write(bootstrap),
            Need::None,
            vec![],
        ),
        ["acl", "tokens"] => mk(method, &["GET"], Query(tokens), Need::Management, vec![]),
        ["acl", "token", "self"] => mk(method, &["GET"], Query(token_self), Need::None, vec![]),
        ["acl", "token"] => mk(
            method,
            &["PUT", "POST"],
            Write(token_put),
            Need::Management,
            vec![],
        ),
        ["acl", "token", id] => match method {
            "GET" => mk(method, &["GET"], Query(token_get), Need::Management, p(id)),
            "DELETE" => mk(
                method,
                &["DELETE"],
                Write(token_delete),
                Need::Management,
                p(id),
            ),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(token_put),
                Need::Management,
                p(id),
            ),
        },
        ["acl", "policies"] => mk(method, &["GET"], Query(policies), Need::None, vec![]),
        ["acl", "policy", "self"] => mk(method, &["GET"], Query(policy_self), Need::None, vec![]),
        ["acl", "policy", name] => match method {
            "GET" => mk(method, &["GET"], Query(policy_get), Need::None, p(name)),
            "DELETE" => mk(
                method,
                &["DELETE"],
                Write(policy_delete),
                Need::Management,
                p(name),
            ),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(policy_put),
                Need::Management,
                p(name),
            ),
        },
        _ => Ok(None),
    }
}

fn enabled(req: &Req) -> Result<(), ApiError> {
    if req.acl_enabled {
        Ok(())
    } else {
        Err(ApiError::new(400, "ACL support disabled"))
    }
}

fn denied() -> ApiError {
    ApiError::new(403, "Permission denied")
}

/// The list form of a token: no secret, keys sorted as Nomad sends them.
fn stub(t: &Value) -> Value {
    let mut s = t.clone();
    if let Some(o) = s.as_object_mut() {
        o.remove("SecretID");
        o.remove("ExpirationTTL");
    }
    let sorted: serde_json::Map<String, Value> = s
        .as_object()
        .map(|o| {
            let mut v: Vec<_> = o.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v.into_iter().collect()
        })
        .unwrap_or_default();
    Value::Object(sorted)
}

/// The token the request carries: stored, the sim's `root` (a management token), or the
/// anonymous token when none is sent.
fn caller(st: &State, req: &Req) -> Result<Value, ApiError> {
    match req.token.as_deref().filter(|t| !t.is_empty()) {
        None => Ok(
            json!({"ExpirationTTL": "", "AccessorID": "anonymous", "SecretID": "",
            "Name": "Anonymous Token", "Type": "client", "Policies": ["anonymous"],
            "Roles": null, "Global": false, "Hash": null, "CreateTime": "0001-01-01T00:00:00Z",
            "ExpirationTime": null, "CreateIndex": 0, "ModifyIndex": 0}),
        ),
        Some(secret) => st.acl.by_secret(secret).cloned().ok_or_else(denied),
    }
}

pub(super) fn new_token(
    st: &mut State,
    body: &Value,
    secret: Option<String>,
) -> Result<Value, ApiError> {
    let ty = body["Type"].as_str().unwrap_or("client");
    if ty != "client" && ty != "management" {
        return Err(ApiError::new(
            400,
            "token 0 invalid: 1 error occurred:\n\t* token type must be client or management",
        ));
    }
    // Role links name a role by ID or by name; the token keeps both.
    let mut roles = Vec::new();
    for r in body["Roles"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let (id, name) = (
            r["ID"].as_str().unwrap_or(""),
            r["Name"].as_str().unwrap_or(""),
        );
        let found =
            st.acl.roles.values().find(|x| {
                (!id.is_empty() && x["ID"] == id) || (id.is_empty() && x["Name"] == name)
            });
        match found {
            Some(x) => roles.push(json!({"ID": x["ID"], "Name": x["Name"]})),
            None if id.is_empty() => {
                return Err(ApiError::new(400, format!("cannot find role {name}")))
            }
            None => return Err(ApiError::new(400, format!("cannot find role {id}"))),
        }
    }
    let roles = if roles.is_empty() {
        Value::Null
    } else {
        Value::Array(roles)
    };
    let now = st.now_ns();
    let ttl_ns = match &body["ExpirationTTL"] {
        Value::String(s) if !s.is_empty() => {
            crate::util::parse_go_duration(s).map_or(0, |d| d.as_nanos() as i64)
        }
        Value::Number(n) => n.as_i64().unwrap_or(0),
        _ => 0,
    };
    let index = st.next_index();
    let accessor = st.rng.uuid();
    // A new token may bring its own secret, as Nomad allows.
    let secret = secret
        .or_else(|| {
            body["SecretID"]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        })
        .unwrap_or_else(|| st.rng.uuid());
    let policies = match (ty, &body["Policies"]) {
        ("client", Value::Array(p)) if !p.is_empty() => Value::Array(p.clone()),
        _ => Value::Null,
    };
    Ok(json!({
        "ExpirationTTL": body["ExpirationTTL"].as_str().unwrap_or(""),
        "AccessorID": accessor,
        "SecretID": secret,
        "Name": body["Name"].as_str().unwrap_or(""),
        "Type": ty,
        "Policies": policies,
        "Roles": roles,
        "Global": body["Global"].as_bool().unwrap_or(false),
        "Hash": crate::util::base64(crate::util::hex_digest(&accessor).as_bytes()),
        "CreateTime": crate::util::rfc3339(now),
        "ExpirationTime": if ttl_ns > 0 { json!(crate::util::rfc3339(now + ttl_ns)) } else { Value::Null },
        "CreateIndex": index,
        "ModifyIndex": index,
    }))
}

fn bootstrap(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    if let Some(i) = st.acl.bootstrapped {
        return Err(ApiError::new(
            400,
            format!("ACL bootstrap already done (reset index: {i})"),
        ));
    }
    let body = req.json().unwrap_or(Value::Null);
    let secret = body["BootstrapSecret"]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let spec = json!({"Name": "Bootstrap Token", "Type": "management", "Global": true});
    let t = new_token(st, &spec, secret)?;
    st.acl.bootstrapped = t["CreateIndex"].as_u64();
    st.acl
        .tokens
        .insert(t["AccessorID"].as_str().unwrap_or("").into(), t.clone());
    Ok(Answer::new(t["CreateIndex"].as_u64().unwrap_or(0), t))
}

fn tokens(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let list: Vec<Value> = st.acl.tokens.values().map(stub).collect();
    Ok(Answer::new(st.index(), Value::Array(list)))
}

fn token_self(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    Ok(Answer::new(st.index(), caller(st, req)?))
}

fn token_get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let id = req.param(0);
    if id.len() != 36 {
        return Err(ApiError::new(
            500,
            "acl token lookup failed: index error: UUID must be 36 characters",
        ));
    }
    st.acl
        .tokens
        .get(id)
        .map(|t| Answer::new(st.index(), t.clone()))
        .ok_or_else(|| ApiError::new(404, "ACL token not found"))
}

fn token_put(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let body = req.json()?;
    let Some(id) = req.params.first().filter(|p| !p.is_empty()).cloned() else {
        let t = new_token(st, &body, None)?;
        st.acl
            .tokens
            .insert(t["AccessorID"].as_str().unwrap_or("").into(), t.clone());
        return Ok(Answer::new(t["CreateIndex"].as_u64().unwrap_or(0), t));
    };
    let Some(mut t) = st.acl.tokens.get(&id).cloned() else {
        return Err(ApiError::new(400, format!("token lookup failed: {id}")));
    };
    let fresh = new_token(st, &body, None)?;
    for k in ["Name", "Type", "Policies", "Roles"] {
        t[k] = fresh[k].clone();
    }
    t["ModifyIndex"] = fresh["ModifyIndex"].clone();
    st.acl.tokens.insert(id, t.clone());
    Ok(Answer::new(t["ModifyIndex"].as_u64().unwrap_or(0), t))
}

fn token_delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let id = req.param(0).to_string();
    if st.acl.tokens.remove(&id).is_none() {
        return Err(ApiError::new(
            400,
            format!("Cannot delete nonexistent tokens: {id}"),
        ));
    }
    let i = st.next_index();
    Ok(Answer {
        index: Some(i),
        ..Answer::empty()
    })
}

fn policy_stub(p: &Value) -> Value {
    json!({"CreateIndex": p["CreateIndex"], "Description": p["Description"], "Hash": p["Hash"],
           "JobACL": p["JobACL"], "ModifyIndex": p["ModifyIndex"], "Name": p["Name"]})
}

/// The policies a token may see: all for a management token, its own for a client token.
fn visible(st: &State, req: &Req) -> Result<Vec<Value>, ApiError> {
    let me = match req.token.as_deref() {
        Some("root") => json!({"Type": "management"}),
        _ => caller(st, req)?,
    };
    let mine: Vec<&str> = me["Policies"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    Ok(st
        .acl
        .policies
        .values()
        .filter(|p| me["Type"] == "management" || mine.contains(&p["Name"].as_str().unwrap_or("")))
        .cloned()
        .collect())
}

fn policies(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let list = visible(st, req).unwrap_or_default();
    Ok(Answer::new(
        st.index(),
        list.iter().map(policy_stub).collect(),
    ))
}

fn policy_self(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let list = visible(st, req)?;
    Ok(Answer::new(
        st.index(),
        list.iter().map(policy_stub).collect(),
    ))
}

fn policy_get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let name = req.param(0);
    let Some(p) = st.acl.policies.get(name) else {
        return Err(ApiError {
            index: Some(st.index()),
            ..ApiError::new(404, "ACL policy not found")
        });
    };
    if !visible(st, req)?.iter().any(|v| v["Name"] == name) {
        return Err(denied());
    }
    Ok(Answer::new(st.index(), p.clone()))
}

fn policy_put(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let body = req.json()?;
    let name = req.param(0).to_string();
    let rules = body["Rules"].as_str().unwrap_or("");
    if rules.matches('{').count() != rules.matches('}').count() {
        return Err(ApiError::new(
            400,
            "policy 0 invalid: 1 error occurred:\n\t* failed to parse rules: Failed to parse ACL Policy: unbalanced braces",
        ));
    }
    let i = st.next_index();
    let create = st
        .acl
        .policies
        .get(&name)
        .map_or(json!(i), |p| p["CreateIndex"].clone());
    let p = json!({
        "CreateIndex": create,
        "Description": body["Description"].as_str().unwrap_or(""),
        "Hash": crate::util::base64(crate::util::hex_digest(rules).as_bytes()),
        "JobACL": body["JobACL"].clone(),
        "ModifyIndex": i,
        "Name": name,
        "Rules": rules,
        "RulesJSON": null,
    });
    st.acl.policies.insert(name, p);
    Ok(Answer {
        index: Some(i),
        ..Answer::empty()
    })
}

fn policy_delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    st.acl.policies.remove(req.param(0));
    let i = st.next_index();
    Ok(Answer {
        index: Some(i),
        ..Answer::empty()
    })
}
