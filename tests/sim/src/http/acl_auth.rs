//! `/v1/acl/role…`, `/v1/acl/auth-method…` and `/v1/acl/binding-rule…`, from the
//! `api/acl/role-*`, `auth-method*` and `binding-rule*` recordings: their shapes, their
//! validation texts and who may see what (a role by its holders, auth methods listed to
//! anyone, binding rules and single auth methods to management tokens only).

use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::State;
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    let p = |s: &str| vec![s.to_string()];
    let put = ["PUT", "POST"];
    match rest {
        ["acl", "roles"] => mk(method, &["GET"], Query(roles), Need::None, vec![]),
        ["acl", "role"] => mk(method, &put, Write(role_put), Need::Management, vec![]),
        ["acl", "role", "name", name] => {
            mk(method, &["GET"], Query(role_by_name), Need::None, p(name))
        }
        ["acl", "role", id] => match method {
            "GET" => mk(method, &["GET"], Query(role_get), Need::None, p(id)),
            "DELETE" => mk(
                method,
                &["DELETE"],
                Write(role_delete),
                Need::Management,
                p(id),
            ),
            _ => mk(method, &put, Write(role_put), Need::Management, p(id)),
        },
        ["acl", "auth-methods"] => mk(method, &["GET"], Query(methods), Need::None, vec![]),
        ["acl", "auth-method"] => mk(method, &put, Write(method_put), Need::Management, vec![]),
        ["acl", "auth-method", name] => match method {
            "GET" => mk(
                method,
                &["GET"],
                Query(method_get),
                Need::Management,
                p(name),
            ),
            "DELETE" => mk(
                method,
                &["DELETE"],
                Write(method_delete),
                Need::Management,
                p(name),
            ),
            _ => mk(method, &put, Write(method_put), Need::Management, p(name)),
        },
        ["acl", "binding-rules"] => mk(method, &["GET"], Query(rules), Need::Management, vec![]),
        ["acl", "binding-rule"] => mk(method, &put, Write(rule_put), Need::Management, vec![]),
        ["acl", "binding-rule", id] => match method {
            "GET" => mk(method, &["GET"], Query(rule_get), Need::Management, p(id)),
            "DELETE" => mk(
                method,
                &["DELETE"],
                Write(rule_delete),
                Need::Management,
                p(id),
            ),
            _ => mk(method, &put, Write(rule_put), Need::Management, p(id)),
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

/// A not-found answer of a read: it carries the index headers, as Nomad's do.
fn not_found(st: &State, what: &str) -> ApiError {
    ApiError {
        index: Some(st.index()),
        ..ApiError::new(404, format!("{what} not found"))
    }
}

fn done(index: u64) -> Answer {
    Answer {
        index: Some(index),
        ..Answer::empty()
    }
}

/// Whether the request's token is a management token (the sim's `root` is one), and the IDs
/// of the roles it holds.
fn caller(st: &State, req: &Req) -> (bool, Vec<String>) {
    let Some(secret) = req.token.as_deref().filter(|t| !t.is_empty()) else {
        return (false, vec![]);
    };
    if secret == "root" || !req.acl_enabled {
        return (true, vec![]);
    }
    match st.acl.by_secret(secret) {
        Some(t) => (
            t["Type"] == "management",
            t["Roles"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .filter_map(|l| l["ID"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        None => (false, vec![]),
    }
}

fn hash(v: &Value) -> Value {
    json!(crate::util::base64(
        crate::util::hex_digest(&v.to_string()).as_bytes()
    ))
}

// ---- roles ----

fn roles(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let (mgmt, mine) = caller(st, req);
    let list: Vec<Value> = st
        .acl
        .roles
        .values()
        .filter(|r| mgmt || mine.iter().any(|id| r["ID"] == id.as_str()))
        .cloned()
        .collect();
    Ok(Answer::new(st.index(), Value::Array(list)))
}

fn visible_role(st: &State, req: &Req, role: Option<&Value>) -> Result<Answer, ApiError> {
    let Some(role) = role else {
        return Err(not_found(st, "ACL role"));
    };
    let (mgmt, mine) = caller(st, req);
    if !mgmt && !mine.iter().any(|id| role["ID"] == id.as_str()) {
        return Err(ApiError::new(403, "Permission denied"));
    }
    Ok(Answer::new(st.index(), role.clone()))
}

fn role_get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    visible_role(st, req, st.acl.roles.get(req.param(0)))
}

fn role_by_name(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let name = req.param(0);
    visible_role(st, req, st.acl.roles.values().find(|r| r["Name"] == name))
}

fn role_put(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let body = req.json()?;
    let id = req.param(0).to_string();
    let name = body["Name"].as_str().unwrap_or("");
    let taken = st
        .acl
        .roles
        .values()
        .any(|r| r["Name"] == name && r["ID"] != id.as_str());
    match (taken, id.is_empty()) {
        (true, true) => {
            return Err(ApiError::new(
                400,
                format!("role with name {name} already exists"),
            ))
        }
        (true, false) => {
            return Err(ApiError::new(
                500,
                format!("ACL role with name {name} already exists"),
            ))
        }
        _ => {}
    }
    let policies: Vec<Value> = body["Policies"].as_array().cloned().unwrap_or_default();
    for p in &policies {
        let pn = p["Name"].as_str().unwrap_or("");
        if !st.acl.policies.contains_key(pn) {
            return Err(ApiError::new(400, format!("cannot find policy {pn}")));
        }
    }
    let old = (!id.is_empty()).then(|| st.acl.roles.get(&id).cloned());
    if let Some(None) = old {
        return Err(ApiError::new(400, format!("cannot find role {id}")));
    }
    let old = old.flatten();
    let content = json!({"Name": name, "Description": body["Description"].as_str().unwrap_or(""),
                         "Policies": policies});
    let h = hash(&content);
    // Nomad's state store keeps a role whose content did not change as it was.
    if let Some(o) = old.as_ref().filter(|o| o["Hash"] == h) {
        let i = st.next_index();
        let o = o.clone();
        return Ok(Answer::new(i, o));
    }
    let i = st.next_index();
    let id = if id.is_empty() { st.rng.uuid() } else { id };
    let create = old.as_ref().map_or(json!(i), |o| o["CreateIndex"].clone());
    let role = json!({
        "CreateIndex": create,
        "Description": body["Description"].as_str().unwrap_or(""),
        "Hash": h,
        "ID": id,
        "ModifyIndex": i,
        "Name": name,
        "Policies": policies,
    });
    st.acl.roles.insert(id, role.clone());
    Ok(Answer::new(i, role))
}

fn role_delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    if st.acl.roles.remove(req.param(0)).is_none() {
        return Err(ApiError::new(500, "ACL role not found"));
    }
    Ok(done(st.next_index()))
}

// ---- auth methods ----

const DEFAULT_NAME_FORMAT: &str = "${auth_method_type}-${auth_method_name}";

fn method_stub(m: &Value) -> Value {
    json!({"CreateIndex": m["CreateIndex"], "Default": m["Default"], "Hash": m["Hash"],
           "ModifyIndex": m["ModifyIndex"], "Name": m["Name"], "Type": m["Type"]})
}

fn methods(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let list: Vec<Value> = st.acl.auth_methods.values().map(method_stub).collect();
    Ok(Answer::new(st.index(), Value::Array(list)))
}

fn method_get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    st.acl
        .auth_methods
        .get(req.param(0))
        .map(|m| Answer::new(st.index(), m.clone()))
        .ok_or_else(|| not_found(st, "ACL auth-method"))
}

/// A duration the api sends as a Go duration string or as nanoseconds, in nanoseconds.
fn duration_ns(v: &Value) -> Result<i64, String> {
    match v {
        Value::String(s) if s.is_empty() => Ok(0),
        Value::String(s) => crate::util::parse_go_duration(s)
            .map(|d| d.as_nanos() as i64)
            .ok_or_else(|| format!("time: invalid duration \"{s}\"")),
        Value::Number(n) => Ok(n.as_f64().unwrap_or(0.0) as i64),
        _ => Ok(0),
    }
}

/// Go's `time.Duration.String()` for the whole-millisecond durations auth methods use.
fn go_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let (sign, ns) = if ns < 0 { ("-", -ns) } else { ("", ns) };
    let (h, rest) = (ns / 3_600_000_000_000, ns % 3_600_000_000_000);
    let (m, rest) = (rest / 60_000_000_000, rest % 60_000_000_000);
    let secs = rest as f64 / 1e9;
    let s = format!("{secs}s");
    match (h, m) {
        (0, 0) if ns < 1_000_000_000 => format!("{sign}{}ms", ns as f64 / 1e6),
        (0, 0) => format!("{sign}{s}"),
        (0, _) => format!("{sign}{m}m{s}"),
        _ => format!("{sign}{h}h{m}m{s}"),
    }
}

fn invalid(kind: &str, errs: &[String]) -> ApiError {
    let n = errs.len();
    let list: Vec<String> = errs.iter().map(|e| format!("\t* {e}")).collect();
    let word = if n == 1 { "error" } else { "errors" };
    ApiError::new(
        400,
        format!(
            "{kind} 0 invalid: {n} {word} occurred:\n{}",
            list.join("\n")
        ),
    )
}

/// The auth method's config as the server keeps and sends it: every field, durations as
/// strings, the client secret redacted.
fn config(c: &Value) -> Result<Value, String> {
    let mut out = json!({
        "ExpirationLeeway": "", "NotBeforeLeeway": "", "ClockSkewLeeway": "",
        "JWTValidationPubKeys": null, "JWKSURL": "", "OIDCDiscoveryURL": "", "OIDCClientID": "",
        "OIDCClientSecret": "", "OIDCClientAssertion": null, "OIDCEnablePKCE": false,
        "OIDCDisableUserInfo": false, "OIDCScopes": null, "BoundAudiences": null,
        "BoundIssuer": null, "AllowedRedirectURIs": null, "DiscoveryCaPem": null,
        "JWKSCACert": "", "SigningAlgs": null, "ClaimMappings": null, "ListClaimMappings": null,
        "VerboseLogging": false,
    });
    if let (Some(o), Some(given)) = (out.as_object_mut(), c.as_object()) {
        for (k, v) in given {
            if let Some(slot) = o.get_mut(k) {
                *slot = match k.as_str() {
                    "ExpirationLeeway" | "NotBeforeLeeway" | "ClockSkewLeeway" => {
                        let ns = duration_ns(v)?;
                        json!(if ns == 0 {
                            String::new()
                        } else {
                            go_duration(ns)
                        })
                    }
                    // Empty lists and maps come back as null (Go's omitted slices).
                    _ if v.as_array().is_some_and(Vec::is_empty) => Value::Null,
                    _ if v.as_object().is_some_and(|m| m.is_empty()) => Value::Null,
                    _ => v.clone(),
                };
            }
        }
    }
    if out["OIDCClientSecret"]
        .as_str()
        .is_some_and(|s| !s.is_empty())
    {
        out["OIDCClientSecret"] = json!("redacted");
    }
    Ok(out)
}

fn method_put(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let body = req.json()?;
    let name = match req.param(0) {
        "" => body["Name"].as_str().unwrap_or("").to_string(),
        n => n.to_string(),
    };
    let ty = body["Type"].as_str().unwrap_or("");
    let locality = body["TokenLocality"].as_str().unwrap_or("");
    let ttl = duration_ns(&body["MaxTokenTTL"]).map_err(|e| ApiError::new(400, e))?;
    let cfg = config(&body["Config"]).map_err(|e| ApiError::new(400, e))?;
    let mut errs = Vec::new();
    if name.is_empty() {
        errs.push("missing name".to_string());
    }
    if !["local", "global"].contains(&locality) {
        errs.push(format!("invalid token locality '{locality}'"));
    }
    if !["OIDC", "JWT"].contains(&ty) {
        errs.push(format!("invalid token type '{ty}'"));
    }
    let (min, max) = (60_000_000_000, 86_400_000_000_000);
    if !(min..=max).contains(&ttl) {
        errs.push(format!(
            "invalid MaxTokenTTL value '{}' (should be between 1m0s and 24h0m0s)",
            go_duration(ttl)
        ));
    }
    let set =
        |k: &str| cfg[k].as_str().is_some_and(|s| !s.is_empty()) || cfg[k].as_array().is_some();
    if ty == "JWT" && !set("OIDCDiscoveryURL") && !set("JWKSURL") && !set("JWTValidationPubKeys") {
        errs.push("invalid config: JWT auth method requires either OIDCDiscoveryURL, or JWKS URL, or JWTValidationPubKeys set".into());
    }
    if !errs.is_empty() {
        return Err(invalid("auth method", &errs));
    }
    let default = body["Default"].as_bool().unwrap_or(false);
    if default {
        if let Some(other) = st
            .acl
            .auth_methods
            .values()
            .find(|m| m["Default"] == true && m["Name"] != name.as_str())
        {
            let other = other["Name"].as_str().unwrap_or("").to_string();
            return Err(ApiError::new(
                400,
                format!("default method already exists: {other}"),
            ));
        }
    }
    let format = match body["TokenNameFormat"].as_str().unwrap_or("") {
        "" => DEFAULT_NAME_FORMAT,
        f => f,
    };
    let old = st.acl.auth_methods.get(&name).cloned();
    let i = st.next_index();
    let now = crate::util::rfc3339(st.now_ns());
    let mut m = json!({
        "MaxTokenTTL": go_duration(ttl),
        "Name": name,
        "Type": ty,
        "TokenLocality": locality,
        "TokenNameFormat": format,
        "Default": default,
        "Config": cfg,
    });
    m["Hash"] = hash(&m);
    m["CreateTime"] = old.as_ref().map_or(json!(now), |o| o["CreateTime"].clone());
    m["ModifyTime"] = json!(now);
    m["CreateIndex"] = old.as_ref().map_or(json!(i), |o| o["CreateIndex"].clone());
    m["ModifyIndex"] = json!(i);
    st.acl.auth_methods.insert(name, m.clone());
    Ok(Answer::new(i, m))
}

fn method_delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    if st.acl.auth_methods.remove(req.param(0)).is_none() {
        return Err(ApiError::new(500, "ACL auth method not found"));
    }
    Ok(done(st.next_index()))
}

// ---- binding rules ----

fn rule_stub(r: &Value) -> Value {
    json!({"AuthMethod": r["AuthMethod"], "CreateIndex": r["CreateIndex"],
           "Description": r["Description"], "Hash": r["Hash"], "ID": r["ID"],
           "ModifyIndex": r["ModifyIndex"]})
}

fn rules(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let list: Vec<Value> = st.acl.binding_rules.values().map(rule_stub).collect();
    Ok(Answer::new(st.index(), Value::Array(list)))
}

fn rule_get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    st.acl
        .binding_rules
        .get(req.param(0))
        .map(|r| Answer::new(st.index(), r.clone()))
        .ok_or_else(|| not_found(st, "ACL binding rule"))
}

fn rule_put(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    let body = req.json()?;
    let id = req.param(0).to_string();
    let old = if id.is_empty() {
        None
    } else {
        Some(
            st.acl
                .binding_rules
                .get(&id)
                .cloned()
                .ok_or_else(|| ApiError::new(400, "cannot find binding rule"))?,
        )
    };
    let s = |k: &str| body[k].as_str().unwrap_or("").to_string();
    let method = s("AuthMethod");
    if !st.acl.auth_methods.contains_key(&method) {
        return Err(ApiError::new(
            400,
            format!("ACL auth method {method} not found"),
        ));
    }
    let (bind_type, bind_name) = (s("BindType"), s("BindName"));
    let mut errs = Vec::new();
    match bind_type.as_str() {
        "role" | "policy" if bind_name.is_empty() => errs.push("bind name is missing".into()),
        "management" if !bind_name.is_empty() => errs.push("bind name should be empty".into()),
        "role" | "policy" | "management" => {}
        other => errs.push(format!("unsupported bind type: \"{other}\"")),
    }
    if !errs.is_empty() {
        return Err(invalid("binding rule", &errs));
    }
    let i = st.next_index();
    let now = crate::util::rfc3339(st.now_ns());
    let id = if id.is_empty() { st.rng.uuid() } else { id };
    let mut r = json!({
        "AuthMethod": method,
        "BindName": bind_name,
        "BindType": bind_type,
        "Description": s("Description"),
        "ID": id,
        "Selector": s("Selector"),
    });
    r["Hash"] = hash(&r);
    r["CreateIndex"] = old.as_ref().map_or(json!(i), |o| o["CreateIndex"].clone());
    r["CreateTime"] = old.as_ref().map_or(json!(now), |o| o["CreateTime"].clone());
    r["ModifyIndex"] = json!(i);
    r["ModifyTime"] = json!(now);
    st.acl.binding_rules.insert(id, r.clone());
    Ok(Answer::new(i, r))
}

fn rule_delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    enabled(req)?;
    if st.acl.binding_rules.remove(req.param(0)).is_none() {
        return Err(ApiError::new(500, "ACL binding rule not found"));
    }
    Ok(done(st.next_index()))
}

#[cfg(test)]
mod tests {
    use super::go_duration;

    #[test]
    fn durations_read_as_go_prints_them() {
        assert_eq!(go_duration(3_600_000_000_000), "1h0m0s");
        assert_eq!(go_duration(1_800_000_000_000), "30m0s");
        assert_eq!(go_duration(5_000_000_000), "5s");
        assert_eq!(go_duration(90_500_000_000), "1m30.5s");
        assert_eq!(go_duration(0), "0s");
    }
}
