//! Signing in (the `api/login/*` recordings): one-time tokens for the Web UI and JWT logins
//! through an auth method. The sim checks a login token as Nomad does, in its order (three
//! parts, algorithm, signature, expiry, audience), for ES256 tokens and P-256 keys given in
//! `JWTValidationPubKeys`; binding rules decide the policies and roles, as on the real agent.
//! OIDC logins need a provider and are not simulated.

use base64::Engine as _;
use serde_json::{json, Value};

use super::acl::new_token;
use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::State;

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    match rest {
        ["acl", "token", "onetime"] => {
            mk(method, &["PUT", "POST"], Write(onetime), Need::None, vec![])
        }
        ["acl", "login"] => mk(method, &["PUT", "POST"], Write(login), Need::None, vec![]),
        _ => Ok(None),
    }
}

/// `PUT /v1/acl/token/onetime`: a secret for the caller's own token, good for ten minutes.
fn onetime(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    if !req.acl_enabled {
        return Err(ApiError::new(400, "ACL support disabled"));
    }
    let Some(secret) = req.token.as_deref().filter(|t| !t.is_empty()) else {
        return Err(ApiError::new(
            500,
            "acl token lookup failed: missing secret id",
        ));
    };
    let Some(token) = st.acl.by_secret(secret).cloned() else {
        return Err(ApiError::new(403, "Permission denied"));
    };
    let index = st.next_index();
    let expires = st.now_ns() + 600 * 1_000_000_000;
    let ott = json!({
        "AccessorID": token["AccessorID"],
        "CreateIndex": index,
        "ExpiresAt": crate::util::rfc3339(expires),
        "ModifyIndex": index,
        "OneTimeSecretID": st.rng.uuid(),
    });
    Ok(Answer::new(
        index,
        json!({"Index": index, "OneTimeToken": ott}),
    ))
}

fn unauthorized(why: &str) -> ApiError {
    ApiError::new(
        401,
        format!(
            "unable to validate provided token: unable to verify signature of JWT token: {why}"
        ),
    )
}

/// `PUT /v1/acl/login`: a JWT exchanged for a token of the auth method's binding rules.
fn login(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let name = body["AuthMethodName"].as_str().unwrap_or_default();
    let Some(method) = st.acl.auth_methods.get(name).cloned() else {
        return Err(ApiError::new(
            400,
            format!("auth-method \"{name}\" not found"),
        ));
    };
    let kind = method["Type"].as_str().unwrap_or_default();
    if kind != "JWT" {
        return Err(ApiError::new(
            400,
            format!("unsupported auth-method type: {kind}"),
        ));
    }
    let jwt = body["LoginToken"].as_str().unwrap_or_default();
    let claims = verify(jwt, &method["Config"], st.now_ns() / 1_000_000_000)?;
    // Claims reach the selectors as `value.<name>`, through the method's ClaimMappings.
    let mut value = serde_json::Map::new();
    if let Some(map) = method["Config"]["ClaimMappings"].as_object() {
        for (claim, as_name) in map {
            if let (Some(v), Some(n)) = (claims.get(claim), as_name.as_str()) {
                value.insert(n.to_string(), v.clone());
            }
        }
    }
    let vars = json!({ "value": value });
    let (mut policies, mut roles) = (Vec::new(), Vec::new());
    for rule in st.acl.binding_rules.values() {
        if rule["AuthMethod"] != name {
            continue;
        }
        let selector = rule["Selector"].as_str().unwrap_or_default();
        let matched =
            selector.is_empty() || crate::filter::parse(selector).is_ok_and(|e| e.matches(&vars));
        if !matched {
            continue;
        }
        match rule["BindType"].as_str() {
            Some("policy") => policies.push(rule["BindName"].clone()),
            Some("role") => roles.push(json!({"Name": rule["BindName"]})),
            _ => {}
        }
    }
    if policies.is_empty() && roles.is_empty() {
        return Err(ApiError::new(400, "no role or policy bindings matched"));
    }
    let format = method["TokenNameFormat"]
        .as_str()
        .filter(|f| !f.is_empty())
        .unwrap_or("${auth_method_type}-${auth_method_name}");
    let token_name = format
        .replace("${auth_method_type}", kind)
        .replace("${auth_method_name}", name);
    let spec = json!({
        "Name": token_name, "Type": "client", "Policies": policies, "Roles": roles,
        "Global": method["TokenLocality"] == "global",
        "ExpirationTTL": method["MaxTokenTTL"],
    });
    let t = new_token(st, &spec, None)?;
    st.acl
        .tokens
        .insert(t["AccessorID"].as_str().unwrap_or("").into(), t.clone());
    Ok(Answer::new(t["CreateIndex"].as_u64().unwrap_or(0), t))
}

/// The token's claims once its signature (by one of the method's keys), expiry and audience
/// are good; go-jose's and cap's words otherwise.
fn verify(jwt: &str, config: &Value, now_s: i64) -> Result<Value, ApiError> {
    let parts: Vec<&str> = jwt.split('.').collect();
    if parts.len() != 3 {
        return Err(unauthorized(
            "error verifying token signature: go-jose/go-jose: compact JWS format must have three parts",
        ));
    }
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let part = |p: &str| -> Result<Value, ApiError> {
        b64.decode(p)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| {
                unauthorized("error verifying token signature: go-jose/go-jose: invalid payload")
            })
    };
    let header = part(parts[0])?;
    let algs: Vec<&str> = config["SigningAlgs"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .filter(|a: &Vec<&str>| !a.is_empty())
        .unwrap_or_else(|| vec!["RS256"]);
    let alg = header["alg"].as_str().unwrap_or_default();
    if !algs.contains(&alg) {
        return Err(unauthorized(
            "invalid algorithm (alg) header parameter: token signed with unexpected algorithm",
        ));
    }
    let sig = b64.decode(parts[2]).unwrap_or_default();
    let signed = format!("{}.{}", parts[0], parts[1]);
    let keys = config["JWTValidationPubKeys"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
        .unwrap_or_default();
    let good = alg == "ES256"
        && keys.iter().any(|pem| {
            p256_point(pem).is_some_and(|pt| {
                ring::signature::UnparsedPublicKey::new(
                    &ring::signature::ECDSA_P256_SHA256_FIXED,
                    pt,
                )
                .verify(signed.as_bytes(), &sig)
                .is_ok()
            })
        });
    if !good {
        return Err(unauthorized(
            "error verifying token signature: go-jose/go-jose: error in cryptographic primitive",
        ));
    }
    let claims = part(parts[1])?;
    if claims["exp"].as_i64().is_some_and(|exp| exp < now_s) {
        return Err(unauthorized(
            "invalid expiration time (exp) claim: token is expired",
        ));
    }
    let bound: Vec<&Value> = config["BoundAudiences"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let aud = match &claims["aud"] {
        Value::Array(a) => a.clone(),
        v => vec![v.clone()],
    };
    if !bound.is_empty() && !aud.iter().any(|a| bound.contains(&a)) {
        return Err(unauthorized(
            "invalid audience (aud) claim: audience claim does not match any expected audience",
        ));
    }
    Ok(claims)
}

/// The uncompressed point of a P-256 public key in a PEM `PUBLIC KEY` block (the last 65
/// bytes of its 91-byte SubjectPublicKeyInfo).
fn p256_point(pem: &str) -> Option<Vec<u8>> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .ok()?;
    (der.len() == 91 && der[26] == 4).then(|| der[26..].to_vec())
}
