//! `acl auth-method info` (Nomad's `ACLAuthMethodInfoCommand`), and what every auth-method
//! command prints of one method: `outputAuthMethod`'s view, and `-json`/`-t` of
//! `*ACLAuthMethod`, which marshals itself (one compact line, durations as text).

use serde_json::Value;

use super::str_of;
use crate::cli::acl::AclAuthMethodInfoArgs;
use crate::cli::FormatArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::time::{go_duration, parse_duration};
use crate::output::format::DataFormat;
use crate::output::format_kv;
use crate::output::gotype::GoType;
use crate::output::json::{struct_field_names, struct_field_type, to_std_json_compact};

pub async fn run(ctx: &mut Ctx, a: &AclAuthMethodInfoArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <acl_auth_method_name>",
            "acl auth-method info",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let name = &a.args[0];
    let r = if name.is_empty() {
        Err("missing ACL auth-method name".to_string())
    } else {
        client
            .acl_auth_method(name)
            .await
            .map_err(|e| e.to_string())
    };
    match r {
        Ok(m) => print(ctx, &a.format, &m),
        Err(e) => {
            ctx.ui.error(&format!("Error reading ACL auth method: {e}"));
            1
        }
    }
}

/// A duration the api decodes from text (`1h0m0s`) or nanoseconds, in nanoseconds.
pub fn duration_ns(v: &Value) -> i64 {
    match v {
        Value::String(s) if !s.is_empty() => parse_duration(s).unwrap_or(0),
        Value::Number(n) => n.as_f64().unwrap_or(0.0) as i64,
        _ => 0,
    }
}

fn joined(v: &Value) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// `formatMap`: `{key: value}` entries. Go walks the map in random order; rnomad sorts by key
/// (one of those orders).
fn map_entries(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, x)| format!("{{{k}: {}}}", x.as_str().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// `formatAuthMethod`, then the config (`formatAuthMethodConfig`) under its bold title when
/// the method has one; colour markup left for the caller.
pub fn render(m: &Value) -> String {
    let n = |k: &str| m[k].as_u64().unwrap_or(0);
    let mut out = format_kv(&[
        format!("Name|{}", str_of(m, "Name")),
        format!("Type|{}", str_of(m, "Type")),
        format!("Locality|{}", str_of(m, "TokenLocality")),
        format!(
            "Max Token TTL|{}",
            go_duration(duration_ns(&m["MaxTokenTTL"]))
        ),
        format!("Token Name Format|{}", str_of(m, "TokenNameFormat")),
        format!("Default|{}", m["Default"].as_bool().unwrap_or(false)),
        format!("Create Index|{}", n("CreateIndex")),
        format!("Modify Index|{}", n("ModifyIndex")),
    ]);
    let c = &m["Config"];
    if !c.is_object() {
        return out;
    }
    let s = |k: &str| str_of(c, k).to_string();
    let d = |k: &str| go_duration(duration_ns(&c[k]));
    let mut kv = vec![
        format!(
            "JWT Validation Public Keys|{}",
            joined(&c["JWTValidationPubKeys"])
        ),
        format!("JWKS URL|{}", s("JWKSURL")),
        format!("OIDC Discovery URL|{}", s("OIDCDiscoveryURL")),
        format!("OIDC Client ID|{}", s("OIDCClientID")),
        format!("OIDC Client Secret|{}", s("OIDCClientSecret")),
    ];
    let ca = &c["OIDCClientAssertion"];
    if ca.is_object() {
        let p = "OIDC Client Assertion";
        kv.push(format!("{p} KeySource|{}", str_of(ca, "KeySource")));
        kv.push(format!("{p} Algorithm|{}", str_of(ca, "KeyAlgorithm")));
        kv.push(format!("{p} Audience|{}", joined(&ca["Audience"])));
        let headers = map_entries(&ca["ExtraHeaders"]);
        if !headers.is_empty() {
            kv.push(format!("{p} Headers|{}", headers.join("; ")));
        }
    }
    kv.extend([
        format!(
            "OIDC Enable PKCE|{}",
            c["OIDCEnablePKCE"].as_bool().unwrap_or(false)
        ),
        format!(
            "OIDC Disable UserInfo|{}",
            c["OIDCDisableUserInfo"].as_bool().unwrap_or(false)
        ),
        format!("OIDC Scopes|{}", joined(&c["OIDCScopes"])),
        format!("Bound audiences|{}", joined(&c["BoundAudiences"])),
        format!("Bound issuer|{}", joined(&c["BoundIssuer"])),
        format!(
            "Allowed redirects URIs|{}",
            joined(&c["AllowedRedirectURIs"])
        ),
        format!("Discovery CA pem|{}", joined(&c["DiscoveryCaPem"])),
        format!("JWKS CA cert|{}", s("JWKSCACert")),
        format!("Signing algorithms|{}", joined(&c["SigningAlgs"])),
        format!("Expiration Leeway|{}", d("ExpirationLeeway")),
        format!("NotBefore Leeway|{}", d("NotBeforeLeeway")),
        format!("ClockSkew Leeway|{}", d("ClockSkewLeeway")),
        format!(
            "Claim mappings|{}",
            map_entries(&c["ClaimMappings"]).join("; ")
        ),
        format!(
            "List claim mappings|{}",
            map_entries(&c["ListClaimMappings"]).join("; ")
        ),
    ]);
    out.push_str("\n\n[bold]Auth Method Config[reset]\n\n");
    out.push_str(&format_kv(&kv));
    out
}

/// A duration as the api's `MarshalJSON` writes it: Go's text, or "" for zero.
fn duration_text(v: &Value) -> String {
    match duration_ns(v) {
        0 => String::new(),
        ns => go_duration(ns),
    }
}

/// `json.Marshal` of a struct whose own `MarshalJSON` writes `first` (durations as text)
/// ahead of the struct's other fields in declaration order; `nested` encodes a field itself.
fn marshal_with(
    strukt: &str,
    v: &Value,
    first: &[&str],
    nested: &dyn Fn(&str, &Value) -> Option<String>,
) -> String {
    let mut parts: Vec<String> = first
        .iter()
        .map(|k| {
            format!(
                "\"{k}\":{}",
                to_std_json_compact("string", &duration_text(&v[*k]).into())
            )
        })
        .collect();
    for f in struct_field_names(strukt).unwrap_or_default() {
        if first.contains(&f) {
            continue;
        }
        let fv = &v[f];
        let text = nested(f, fv).unwrap_or_else(|| {
            let ty = struct_field_type(strukt, f).unwrap_or_default();
            to_std_json_compact(&ty.replace("api.", ""), fv)
        });
        parts.push(format!("\"{f}\":{text}"));
    }
    format!("{{{}}}", parts.join(","))
}

/// `-json` of an auth method: `*ACLAuthMethod`'s `MarshalJSON` (with its config's own).
pub fn method_json(m: &Value) -> String {
    let config = |f: &str, v: &Value| {
        (f == "Config").then(|| {
            if v.is_object() {
                let leeways = ["ExpirationLeeway", "NotBeforeLeeway", "ClockSkewLeeway"];
                marshal_with("ACLAuthMethodConfig", v, &leeways, &|_, _| None)
            } else {
                "null".to_string()
            }
        })
    };
    marshal_with("ACLAuthMethod", m, &["MaxTokenTTL"], &config)
}

/// `-t` data of an auth method: the durations as the numbers Go holds.
fn template_data(m: &Value) -> Value {
    let mut v = m.clone();
    v["MaxTokenTTL"] = duration_ns(&m["MaxTokenTTL"]).into();
    if v["Config"].is_object() {
        for k in ["ExpirationLeeway", "NotBeforeLeeway", "ClockSkewLeeway"] {
            v["Config"][k] = duration_ns(&m["Config"][k]).into();
        }
    }
    v
}

/// Prints a method as asked (`-json`, `-t` or the view); the exit code.
pub fn print(ctx: &mut Ctx, format: &FormatArgs, m: &Value) -> i32 {
    let out = match format.data_format() {
        Ok(None) => {
            let out = ctx.ui.colorize(&render(m));
            ctx.ui.output(&out);
            return 0;
        }
        Ok(Some(DataFormat::Json)) => Ok(method_json(m)),
        Ok(Some(f)) => f.render(GoType::AclAuthMethod, &template_data(m)),
        Err(e) => Err(e),
    };
    match out {
        Ok(s) => {
            ctx.ui.output(&s);
            0
        }
        Err(e) => {
            ctx.ui.error(&e);
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::recorded::{api, cli};

    fn plain(s: &str) -> String {
        s.replace("[bold]", "").replace("[reset]", "")
    }

    #[test]
    fn methods_render_as_nomad_prints_them() {
        let m: Value = api("acl/auth-method-oidc-a");
        assert_eq!(
            format!("{}\n", plain(&render(&m))),
            cli("cli-acl", "acl-auth-method-info-oidc", "stdout")
        );
        assert_eq!(
            format!("{}\n", method_json(&m)),
            cli("cli-acl", "acl-auth-method-info-json", "stdout")
        );
        let jwt: Value = api("acl/auth-method-update");
        let out = plain(&render(&jwt));
        assert!(out.contains("Max Token TTL     = 45m0s\n"), "{out}");
        assert!(
            out.contains("\n0QIDAQAB\n-----END PUBLIC KEY-----\nJWKS URL "),
            "{out}"
        );
        assert!(out.contains("ClockSkew Leeway           = 5s\n"), "{out}");
        let t =
            DataFormat::Template("{{.MaxTokenTTL}} {{.Config.ClockSkewLeeway}} {{.CreateTime}}");
        assert_eq!(
            t.render(GoType::AclAuthMethod, &template_data(&jwt))
                .unwrap(),
            "45m0s 5s 2026-12-04 13:39:49.511316308 +0000 UTC"
        );
    }
}
