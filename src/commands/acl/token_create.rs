//! `acl token create` (Nomad's `ACLTokenCreateCommand`): prints the new token, secret included.

use serde_json::{json, Value};

use crate::cli::acl::AclTokenCreateArgs;
use crate::commands::common::usage_error;
use crate::commands::data::choose;
use crate::ctx::Ctx;

/// `generateACLTokenRoleLinks`: role names, then role IDs, each without repeats (Nomad's set
/// keeps no order; first-seen order is one of its orders).
pub fn role_links(names: &[String], ids: &[String]) -> Value {
    let mut links = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for n in names {
        if seen.insert(("n", n)) {
            links.push(json!({"ID": "", "Name": n}));
        }
    }
    for i in ids {
        if seen.insert(("i", i)) {
            links.push(json!({"ID": i, "Name": ""}));
        }
    }
    if links.is_empty() {
        Value::Null
    } else {
        Value::Array(links)
    }
}

/// A `[]string` as the api encodes it: `null` when empty.
pub fn string_list(v: &[String]) -> Value {
    if v.is_empty() {
        Value::Null
    } else {
        json!(v)
    }
}

pub async fn run(ctx: &mut Ctx, a: &AclTokenCreateArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "acl token create");
    }
    let mut ttl = String::new();
    if !a.ttl.is_empty() {
        match crate::gocompat::time::parse_duration(&a.ttl) {
            Some(ns) => ttl = crate::gocompat::time::go_duration(ns),
            None => {
                ctx.ui.error(&format!(
                    "Failed to parse TTL as time duration: time: invalid duration {}",
                    crate::gocompat::strconv::quote(&a.ttl)
                ));
                return 1;
            }
        }
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    // Nomad looks each policy up only to warn about missing ones (one at a time; these
    // requests depend on nothing, so they go together).
    let lookups = a.policy.iter().map(|p| client.acl_policy(p));
    let results = futures_util::future::join_all(lookups).await;
    for (p, r) in a.policy.iter().zip(results) {
        if let Err(e) = r {
            ctx.ui
                .warn(&format!("Error fetching info on {p} policy: {e}"));
        }
    }
    let body = json!({
        "ExpirationTTL": ttl,
        "AccessorID": "",
        "SecretID": "",
        "Name": a.name,
        "Type": a.type_,
        "Policies": string_list(&a.policy),
        "Roles": role_links(&a.role_name, &a.role_id),
        "Global": a.is_global,
        "CreateTime": "0001-01-01T00:00:00Z",
        "CreateIndex": 0,
        "ModifyIndex": 0,
    });
    let token = match client.acl_token_upsert("", &body).await {
        Ok(t) => t,
        Err(e) => {
            ctx.ui.error(&format!("Error creating token: {e}"));
            return 1;
        }
    };
    let format = match choose(ctx, &a.format) {
        Ok(f) => f,
        Err(code) => return code,
    };
    super::print_token(ctx, format, &token)
}
