//! Signing in (the `api/login/*` recordings): one-time tokens for the Web UI and JWT logins
//! through an auth method. The sim checks a login token as Nomad does, in its order (three
//! parts, algorithm, signature, expiry, audience), for ES256 tokens and P-256 keys given in
//! `JWTValidationPubKeys`; binding rules decide the policies and roles, as on the real agent.
//! For OIDC methods the sim also plays the identity provider: the auth URL it hands out is its
//! own page (`<OIDCDiscoveryURL>/authorize`, served by [`authorize`]), which sends the browser
//! back to the redirect URI with a code, and complete-auth takes that code.

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
        ["acl", "oidc", "auth-url"] => mk(
            method,
            &["PUT", "POST"],
            Write(oidc_auth_url),
            Need::None,
            vec![],
        ),
        ["acl", "oidc", "complete-auth"] => mk(
            method,
            &["PUT", "POST"],
            Write(oidc_complete_auth),
            Need::None,
            vec![],
        ),
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

/// The auth method a login names, as Nomad refuses one it does not know.
fn auth_method(st: &State, name: &str) -> Result<Value, ApiError> {
    st.acl
        .auth_methods
        .get(name)
        .cloned()
        .ok_or_else(|| ApiError::new(400, format!("auth-method \"{name}\" not found")))
}

/// `PUT /v1/acl/login`: a JWT exchanged for a token of the auth method's binding rules.
fn login(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let name = body["AuthMethodName"].as_str().unwrap_or_default();
    let method = auth_method(st, name)?;
    let kind = method["Type"].as_str().unwrap_or_default();
    if kind != "JWT" {
        return Err(ApiError::new(
            400,
            format!("unsupported auth-method type: {kind}"),
        ));
    }
    let jwt = body["LoginToken"].as_str().unwrap_or_default();
    let claims = verify(jwt, &method["Config"], st.now_ns() / 1_000_000_000)?;
    let t = token_for(st, name, kind, &method, &claims)?;
    Ok(Answer::new(t["CreateIndex"].as_u64().unwrap_or(0), t))
}

/// The token an auth method's binding rules give for these claims, stored.
fn token_for(
    st: &mut State,
    name: &str,
    kind: &str,
    method: &Value,
    claims: &Value,
) -> Result<Value, ApiError> {
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
    Ok(t)
}

/// Twenty letters and digits, as the random parts of Nomad's OIDC states.
fn alnum20(st: &mut State) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..20)
        .map(|_| ABC[st.rng.below(ABC.len() as u64) as usize] as char)
        .collect()
}

/// Go's `url.QueryEscape`.
fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `PUT /v1/acl/oidc/auth-url`: the provider's sign-in address for a new login, remembered by
/// its state. The provider is the sim's own page under the method's `OIDCDiscoveryURL`.
fn oidc_auth_url(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let name = body["AuthMethodName"].as_str().unwrap_or_default();
    let method = auth_method(st, name)?;
    let config = &method["Config"];
    let client_id = config["OIDCClientID"].as_str().unwrap_or_default();
    if client_id.is_empty() {
        return Err(ApiError::new(
            500,
            "failed to generate OIDC provider: NewConfig: invalid provider config: \
             Config.Validate: client ID is empty: invalid parameter",
        ));
    }
    let nonce = body["ClientNonce"].as_str().unwrap_or_default();
    let redirect = body["RedirectURI"].as_str().unwrap_or_default();
    let state = format!("st_{}", alnum20(st));
    let mut scopes = vec!["openid".to_string()];
    scopes.extend(
        config["OIDCScopes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string),
    );
    let base = config["OIDCDiscoveryURL"].as_str().unwrap_or_default();
    let url = format!(
        "{}/authorize?client_id={}&nonce={}&redirect_uri={}&response_type=code&scope={}&state={}",
        base.trim_end_matches('/'),
        query_escape(client_id),
        query_escape(nonce),
        query_escape(redirect),
        query_escape(&scopes.join(" ")),
        state
    );
    st.acl.oidc_requests.insert(
        state,
        json!({"Method": name, "Nonce": nonce, "Redirect": redirect, "Code": null}),
    );
    Ok(Answer::plain(json!({ "AuthURL": url })))
}

/// The sim's provider page, `GET <discovery URL>/authorize?…&state=…`: the user is taken as
/// signed in, and the browser is sent to the login's redirect URI with a new code and the
/// state. `Err` is the text of a 400 for a state no login is waiting on.
pub fn authorize(st: &mut State, query: &str) -> Result<String, String> {
    let state = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("state="))
        .unwrap_or_default()
        .to_string();
    let code = format!("code-{}", alnum20(st));
    let Some(login) = st.acl.oidc_requests.get_mut(&state) else {
        return Err(format!("no login is waiting on state {state:?}"));
    };
    login["Code"] = json!(code);
    let redirect = login["Redirect"].as_str().unwrap_or_default();
    let sep = if redirect.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{redirect}{sep}code={}&state={}",
        query_escape(&code),
        query_escape(&state)
    ))
}

/// `PUT /v1/acl/oidc/complete-auth`: the code of the provider's redirect exchanged for a
/// token, as the method's binding rules give it for the provider's user.
fn oidc_complete_auth(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let name = body["AuthMethodName"].as_str().unwrap_or_default();
    let method = auth_method(st, name)?;
    let state = body["State"].as_str().unwrap_or_default();
    // Nomad keys its pending requests by nonce and state together.
    let login = st
        .acl
        .oidc_requests
        .get(state)
        .filter(|l| l["Nonce"] == body["ClientNonce"] && l["Method"] == name)
        .cloned()
        .ok_or_else(|| ApiError::new(500, "no OIDC request found for client nonce"))?;
    let code = body["Code"].as_str().unwrap_or_default();
    if login["Code"].as_str() != Some(code) {
        // What the provider's token endpoint answers a code it did not issue, through cap
        // and oauth2's words.
        return Err(ApiError::new(
            500,
            "failed to exchange token with provider: Provider.Exchange: unable to exchange \
             auth code with provider: oauth2: \"invalid_grant\"",
        ));
    }
    st.acl.oidc_requests.remove(state);
    // The provider's one user, with the method's client as audience.
    let claims = json!({"sub": "sim-user", "user": "sim-user",
                        "aud": method["Config"]["OIDCClientID"]});
    let t = token_for(st, name, "OIDC", &method, &claims)?;
    Ok(Answer::new(0, t))
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
