//! `acl auth-method create` (Nomad's `ACLAuthMethodCreateCommand`), and the `-config` reading
//! `acl auth-method update` shares.

use serde_json::{json, Map, Value};

use crate::cli::acl::AclAuthMethodCreateArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::time::{go_duration, parse_duration_err};

pub const BAD_LOCALITY: &str = "Token locality must be set to either 'local' or 'global'";
pub const BAD_TTL: &str =
    "Max token TTL must be set to a value between min and max TTL configured for the server.";
pub const BAD_TYPE: &str = "ACL auth method type must be set to 'OIDC' or 'JWT'";

/// Whether `t` names a type Nomad knows (in any case).
pub fn known_type(t: &str) -> bool {
    matches!(t.to_uppercase().as_str(), "OIDC" | "JWT")
}

/// `loadDataSource`: `@path` reads a file, `-` stdin, anything else is the text itself.
fn load_source(raw: &str) -> Result<String, String> {
    if let Some(path) = raw.strip_prefix('@') {
        let b = super::read_file(path).map_err(|e| format!("Failed to read file: {e}"))?;
        return Ok(String::from_utf8_lossy(&b).into_owned());
    }
    if raw == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| format!("Failed to read stdin: {e}"))?;
        return Ok(s);
    }
    Ok(raw.to_string())
}

/// A leeway as `ACLAuthMethodConfig.UnmarshalJSON` takes it (text or nanoseconds), as the
/// text its `MarshalJSON` sends ("" for zero).
fn leeway(name: &str, v: &Value) -> Result<String, String> {
    let ns = match v {
        Value::Null => 0,
        Value::String(s) if s.is_empty() => 0,
        Value::String(s) => parse_duration_err(s)?,
        Value::Number(n) => n.as_f64().unwrap_or(0.0) as i64,
        other => return Err(format!("unexpected {name} type: {other}")),
    };
    Ok(if ns == 0 {
        String::new()
    } else {
        go_duration(ns)
    })
}

/// The `-config` value as the config Nomad's client sends, or the line to print.
pub fn load_config(raw: &str) -> Result<Value, String> {
    let text = load_source(raw).map_err(|e| format!("Error loading configuration: {e}"))?;
    let bad = |e: String| format!("Unable to parse config: {e}");
    if let Some(e) = crate::output::template::go_json_error(&text) {
        return Err(bad(e));
    }
    let v: Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    // The api decodes into an anonymous struct wrapping the config, which Go names in full.
    let kind = match &v {
        Value::Object(_) | Value::Null => "",
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
    };
    if !kind.is_empty() {
        return Err(bad(format!(
            "json: cannot unmarshal {kind} into Go value of type struct {{ ExpirationLeeway \
             interface {{}}; NotBeforeLeeway interface {{}}; ClockSkewLeeway interface {{}}; \
             *api.Alias }}"
        )));
    }
    let mut rest = v.clone();
    let mut durations = Map::new();
    for name in ["ExpirationLeeway", "NotBeforeLeeway", "ClockSkewLeeway"] {
        // encoding/json matches keys to fields regardless of case.
        let given = v.as_object().and_then(|o| {
            o.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(k, x)| (k.clone(), x.clone()))
        });
        let text = match given {
            Some((k, x)) => {
                if let Some(o) = rest.as_object_mut() {
                    o.remove(&k);
                }
                leeway(name, &x).map_err(bad)?
            }
            None => String::new(),
        };
        durations.insert(name.to_string(), json!(text));
    }
    let decoded =
        crate::commands::spec::go_decode_at(&rest, "ACLAuthMethodConfig", ".Alias").map_err(bad)?;
    let mut out = durations;
    if let Some(o) = decoded.as_object() {
        for (k, x) in o {
            out.entry(k.clone()).or_insert_with(|| x.clone());
        }
    }
    Ok(Value::Object(out))
}

pub async fn run(ctx: &mut Ctx, a: &AclAuthMethodCreateArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(
            ctx,
            "This command takes no arguments",
            "acl auth-method create",
        );
    }
    let checks = [
        (
            a.name.is_empty(),
            "ACL auth method name must be specified using the -name flag",
        ),
        (
            !matches!(a.token_locality.as_str(), "global" | "local"),
            BAD_LOCALITY,
        ),
        (a.max_token_ttl < 1, BAD_TTL),
        (!known_type(&a.type_), BAD_TYPE),
        (
            a.config.is_empty(),
            "Must provide ACL auth method config in JSON format",
        ),
    ];
    if let Some((_, msg)) = checks.iter().find(|(bad, _)| *bad) {
        ctx.ui.error(msg);
        return 1;
    }
    let config = match load_config(&a.config) {
        Ok(c) => c,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let method = json!({
        "MaxTokenTTL": go_duration(a.max_token_ttl),
        "Name": a.name,
        "Type": a.type_.to_uppercase(),
        "TokenLocality": a.token_locality,
        "TokenNameFormat": a.token_name_format,
        "Default": a.default,
        "Config": config,
        "CreateTime": "0001-01-01T00:00:00Z",
        "ModifyTime": "0001-01-01T00:00:00Z",
        "CreateIndex": 0,
        "ModifyIndex": 0,
    });
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    match client.acl_auth_method_upsert(false, &method).await {
        Ok(m) => super::auth_method_info::print(ctx, &a.format, &m),
        Err(e) => {
            ctx.ui
                .error(&format!("Error creating ACL auth method: {e}"));
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(name: &str) -> String {
        format!(
            "@{}/tests/fixtures/nomad-1.10.5/setup/acl-auth/{name}",
            env!("CARGO_MANIFEST_DIR")
        )
    }

    #[test]
    fn configs_decode_as_the_go_api_decodes_them() {
        let c = load_config(&setup("jwt.json")).unwrap();
        assert_eq!(c["ExpirationLeeway"], "1m0s");
        assert_eq!(c["ClockSkewLeeway"], "5s");
        assert_eq!(c["NotBeforeLeeway"], "");
        assert_eq!(c["SigningAlgs"], json!(["RS256"]));
        assert_eq!(c["OIDCScopes"], Value::Null);
        assert_eq!(
            load_config(&setup("bad.json")).unwrap_err(),
            "Unable to parse config: unexpected end of JSON input"
        );
        assert_eq!(
            load_config(&setup("badtype.json")).unwrap_err(),
            "Unable to parse config: json: cannot unmarshal string into Go struct field .Alias.OIDCScopes of type []string"
        );
        assert_eq!(
            load_config("@nosuch.json").unwrap_err(),
            "Error loading configuration: Failed to read file: open nosuch.json: no such file or directory"
        );
        assert!(load_config("{\"ExpirationLeeway\": true}").is_err());
        assert_eq!(
            load_config("{\"clockskewleeway\": 1000000000}").unwrap()["ClockSkewLeeway"],
            "1s"
        );
    }
}
