//! `acl role update` (Nomad's `ACLRoleUpdateCommand`): merges the flags into the role, or
//! with `-no-merge` replaces it with them.

use serde_json::{json, Value};

use super::role_create::{check_flags, policy_links};
use crate::cli::acl::AclRoleUpdateArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

/// The role the flags make of `current` when merged: a name or description given replaces
/// the old one, policies not linked yet are added after the existing ones.
pub fn merged(current: &Value, a: &AclRoleUpdateArgs) -> Value {
    let mut role = current.clone();
    if !a.name.is_empty() {
        role["Name"] = json!(a.name);
    }
    if !a.description.is_empty() {
        role["Description"] = json!(a.description);
    }
    let mut links: Vec<Value> = current["Policies"].as_array().cloned().unwrap_or_default();
    for p in &a.policy {
        let known = current["Policies"]
            .as_array()
            .is_some_and(|l| l.iter().any(|x| x["Name"] == p.as_str()));
        if !known {
            links.push(json!({"Name": p}));
        }
    }
    if !links.is_empty() {
        role["Policies"] = Value::Array(links);
    }
    role
}

pub async fn run(ctx: &mut Ctx, a: &AclRoleUpdateArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <acl_role_id>",
            "acl role update",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let id = &a.args[0];
    let current = if id.is_empty() {
        Err("missing ACL role ID".to_string())
    } else {
        client.acl_role(id).await.map_err(|e| e.to_string())
    };
    let current = match current {
        Ok(r) => r,
        Err(e) => {
            ctx.ui
                .error(&format!("Error when retrieving ACL role: {e}"));
            return 1;
        }
    };
    let role = if a.no_merge {
        if let Err(msg) = check_flags(&a.name, &a.policy) {
            ctx.ui.error(msg);
            return 1;
        }
        json!({
            "ID": id,
            "Name": a.name,
            "Description": a.description,
            "Policies": policy_links(&a.policy),
            "CreateIndex": 0,
            "ModifyIndex": 0,
        })
    } else {
        if a.policy.is_empty() && a.name.is_empty() && a.description.is_empty() {
            return usage_error(
                ctx,
                "Please provide at least one flag to update the ACL role",
                "acl role update",
            );
        }
        merged(&current, a)
    };
    match client.acl_role_upsert(id, &role).await {
        Ok(r) => super::role_info::print(ctx, &a.format, &r),
        Err(e) => {
            ctx.ui.error(&format!("Error updating ACL role: {e}"));
            1
        }
    }
}
