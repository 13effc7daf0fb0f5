//! The `acl` commands, and what several of them print: a token (`outputACLToken`) and the
//! token's `-json`/`-t` (`*ACLToken` marshals itself).

pub mod auth_method_create;
pub mod auth_method_delete;
pub mod auth_method_info;
pub mod auth_method_list;
pub mod auth_method_update;
pub mod binding_rule_create;
pub mod binding_rule_delete;
pub mod binding_rule_info;
pub mod binding_rule_list;
pub mod binding_rule_update;
pub mod bootstrap;
pub mod policy_apply;
pub mod policy_delete;
pub mod policy_info;
pub mod policy_list;
pub mod policy_self;
pub mod role_create;
pub mod role_delete;
pub mod role_info;
pub mod role_list;
pub mod role_update;
pub mod token_create;
pub mod token_delete;
pub mod token_info;
pub mod token_list;
pub mod token_self;
pub mod token_update;

use serde_json::Value;

use crate::cli::acl::{
    AclAuthMethodCommands, AclBindingRuleCommands, AclCommands, AclPolicyCommands, AclRoleCommands,
    AclTokenCommands,
};
use crate::ctx::Ctx;
use crate::gocompat::time::{go_duration, parse_duration};
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;
use crate::output::json::{to_std_json_compact, GoTime};
use crate::output::{format_kv, format_list};

pub async fn run(ctx: &mut Ctx, command: AclCommands) -> i32 {
    match command {
        AclCommands::Bootstrap(a) => bootstrap::run(ctx, &a).await,
        AclCommands::Token(t) => match t.command {
            AclTokenCommands::Create(a) => token_create::run(ctx, &a).await,
            AclTokenCommands::Update(a) => token_update::run(ctx, &a).await,
            AclTokenCommands::Delete(a) => token_delete::run(ctx, &a).await,
            AclTokenCommands::Info(a) => token_info::run(ctx, &a).await,
            AclTokenCommands::Self_(a) => token_self::run(ctx, &a).await,
            AclTokenCommands::List(a) => token_list::run(ctx, &a).await,
        },
        AclCommands::Policy(p) => match p.command {
            AclPolicyCommands::Apply(a) => policy_apply::run(ctx, &a).await,
            AclPolicyCommands::Delete(a) => policy_delete::run(ctx, &a).await,
            AclPolicyCommands::Info(a) => policy_info::run(ctx, &a).await,
            AclPolicyCommands::List(a) => policy_list::run(ctx, &a).await,
            AclPolicyCommands::Self_(a) => policy_self::run(ctx, &a).await,
        },
        AclCommands::Role(r) => match r.command {
            AclRoleCommands::Create(a) => role_create::run(ctx, &a).await,
            AclRoleCommands::Delete(a) => role_delete::run(ctx, &a).await,
            AclRoleCommands::Info(a) => role_info::run(ctx, &a).await,
            AclRoleCommands::List(a) => role_list::run(ctx, &a).await,
            AclRoleCommands::Update(a) => role_update::run(ctx, &a).await,
        },
        AclCommands::AuthMethod(m) => match m.command {
            AclAuthMethodCommands::Create(a) => auth_method_create::run(ctx, &a).await,
            AclAuthMethodCommands::Delete(a) => auth_method_delete::run(ctx, &a).await,
            AclAuthMethodCommands::Info(a) => auth_method_info::run(ctx, &a).await,
            AclAuthMethodCommands::List(a) => auth_method_list::run(ctx, &a).await,
            AclAuthMethodCommands::Update(a) => auth_method_update::run(ctx, &a).await,
        },
        AclCommands::BindingRule(b) => match b.command {
            AclBindingRuleCommands::Create(a) => binding_rule_create::run(ctx, &a).await,
            AclBindingRuleCommands::Delete(a) => binding_rule_delete::run(ctx, &a).await,
            AclBindingRuleCommands::Info(a) => binding_rule_info::run(ctx, &a).await,
            AclBindingRuleCommands::List(a) => binding_rule_list::run(ctx, &a).await,
            AclBindingRuleCommands::Update(a) => binding_rule_update::run(ctx, &a).await,
        },
    }
}

pub(crate) use crate::commands::common::read_file;

pub(crate) fn str_of<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_default()
}

/// Go's `%v` of a time the api decoded (`Time.String()`); unparsable text is shown as sent.
pub(crate) fn go_time(v: &Value) -> String {
    match v.as_str() {
        Some(s) => GoTime::parse(s).map_or_else(|| s.to_string(), |t| t.go_string()),
        None => "0001-01-01 00:00:00 +0000 UTC".to_string(),
    }
}

/// `expiryTimeString`: `<none>` for no or a zero expiry.
fn expiry(v: &Value) -> String {
    match v.as_str().and_then(GoTime::parse) {
        Some(t) if !t.is_zero() => t.go_string(),
        _ => "<none>".to_string(),
    }
}

/// Go's `%v` of a `[]string`.
pub(crate) fn go_string_list(v: &Value) -> String {
    let items: Vec<&str> = v
        .as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap_or_default()).collect())
        .unwrap_or_default();
    format!("[{}]", items.join(" "))
}

/// `outputACLToken`: the token's fields, its Secret ID among them; a client token's policies
/// and its roles as a list.
pub fn render_token(token: &Value) -> String {
    let mut kv = vec![
        format!("Accessor ID|{}", str_of(token, "AccessorID")),
        format!("Secret ID|{}", str_of(token, "SecretID")),
        format!("Name|{}", str_of(token, "Name")),
        format!("Type|{}", str_of(token, "Type")),
        format!("Global|{}", token["Global"].as_bool().unwrap_or(false)),
        format!("Create Time|{}", go_time(&token["CreateTime"])),
        format!("Expiry Time |{}", expiry(&token["ExpirationTime"])),
        format!(
            "Create Index|{}",
            token["CreateIndex"].as_u64().unwrap_or(0)
        ),
        format!(
            "Modify Index|{}",
            token["ModifyIndex"].as_u64().unwrap_or(0)
        ),
    ];
    if str_of(token, "Type") == "management" {
        kv.push("Policies|n/a".into());
        kv.push("Roles|n/a".into());
        return format_kv(&kv);
    }
    kv.push(format!("Policies|{}", go_string_list(&token["Policies"])));
    let roles = token["Roles"].as_array().cloned().unwrap_or_default();
    let rows: Vec<String> = if roles.is_empty() {
        vec!["<none>".into()]
    } else {
        std::iter::once("ID|Name".to_string())
            .chain(
                roles
                    .iter()
                    .map(|r| format!("{}|{}", str_of(r, "ID"), str_of(r, "Name"))),
            )
            .collect()
    };
    format!("{}\n\nRoles\n{}", format_kv(&kv), format_list(&rows))
}

/// The token's `ExpirationTTL` in nanoseconds: the api decodes a duration string or a number.
fn ttl_ns(v: &Value) -> i64 {
    match v {
        Value::String(s) if !s.is_empty() => parse_duration(s).unwrap_or(0),
        Value::Number(n) => n.as_f64().unwrap_or(0.0) as i64,
        _ => 0,
    }
}

/// A token as `-json` or `-t` print it. `*ACLToken` has its own `MarshalJSON` (encoding/json,
/// not indented, `ExpirationTTL` first as a duration string), which Nomad's encoder copies.
pub fn token_data(f: &DataFormat<'_>, token: &Value) -> Result<String, String> {
    let ns = ttl_ns(&token["ExpirationTTL"]);
    let mut body = token.clone();
    match f {
        DataFormat::Json => {
            if let Some(o) = body.as_object_mut() {
                o.remove("ExpirationTTL");
            }
            let rest = to_std_json_compact("*ACLToken", &body);
            let ttl = if ns == 0 {
                String::new()
            } else {
                go_duration(ns)
            };
            let mut out = format!("{{\"ExpirationTTL\":\"{ttl}\"");
            match rest.strip_prefix('{') {
                Some("}") | None => out.push('}'),
                Some(r) => {
                    out.push(',');
                    out.push_str(r);
                }
            }
            Ok(out)
        }
        DataFormat::Template(_) => {
            if let Some(o) = body.as_object_mut() {
                o.insert("ExpirationTTL".into(), ns.into());
            }
            f.render(GoType::AclToken, &body)
        }
    }
}

/// Prints a token in the format asked for (exit code), or its view when none was.
pub fn print_token(ctx: &mut Ctx, format: Option<DataFormat<'_>>, token: &Value) -> i32 {
    match format {
        None => {
            ctx.ui.output(&render_token(token));
            0
        }
        Some(f) => match token_data(&f, token) {
            Ok(s) => {
                ctx.ui.output(&s);
                0
            }
            Err(e) => {
                ctx.ui.error(&e);
                1
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(name: &str) -> Value {
        let p = format!(
            "{}/tests/fixtures/nomad-1.10.5/api/acl/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    }

    #[test]
    fn a_token_renders_as_nomad_prints_it() {
        let out = render_token(&recorded("cmd-token-short"));
        assert!(out.contains("Expiry Time  = 2026-12-04 12:39:22.205051453 +0000 UTC\n"));
        assert!(out.contains("Create Time  = 2026-12-04 11:39:22.205051453 +0000 UTC\n"));
        assert!(
            out.ends_with("Policies     = [readonly]\n\nRoles\n<none>"),
            "{out}"
        );
        let boot = render_token(&recorded("token-self"));
        assert!(
            boot.ends_with("Policies     = n/a\nRoles        = n/a"),
            "{boot}"
        );
    }

    #[test]
    fn token_json_is_go_marshal_json() {
        let t = recorded("cmd-token-short");
        let out = token_data(&DataFormat::Json, &t).unwrap();
        assert!(
            out.starts_with("{\"ExpirationTTL\":\"1h0m0s\",\"AccessorID\":\""),
            "{out}"
        );
        assert!(out.contains("\"ExpirationTime\":\"2026-12-04T12:39:22.205051453Z\""));
        assert!(!out.contains("Hash"));
        let t = token_data(&DataFormat::Template("{{.ExpirationTTL}}"), &t).unwrap();
        assert_eq!(t, "1h0m0s");
    }
}
