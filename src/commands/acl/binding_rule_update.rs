//! `acl binding-rule update` (Nomad's `ACLBindingRuleUpdateCommand`): merges the flags into
//! the rule, or with `-no-merge` replaces it with them (keeping its ID and auth method).

use serde_json::{json, Value};

use crate::cli::acl::AclBindingRuleUpdateArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

/// The rule the flags make of `current` when merged: each flag given replaces its field.
pub fn merged(current: &Value, a: &AclBindingRuleUpdateArgs) -> Value {
    let mut rule = current.clone();
    for (k, v) in [
        ("Description", &a.description),
        ("Selector", &a.selector),
        ("BindType", &a.bind_type),
        ("BindName", &a.bind_name),
    ] {
        if !v.is_empty() {
            rule[k] = json!(v);
        }
    }
    rule
}

pub async fn run(ctx: &mut Ctx, a: &AclBindingRuleUpdateArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <acl_binding_rule_id>",
            "acl binding-rule update",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let id = &a.args[0];
    let current = if id.is_empty() {
        Err("missing ACL binding rule ID".to_string())
    } else {
        client.acl_binding_rule(id).await.map_err(|e| e.to_string())
    };
    let current = match current {
        Ok(r) => r,
        Err(e) => {
            ctx.ui
                .error(&format!("Error when retrieving ACL binding rule: {e}"));
            return 1;
        }
    };
    let rule = if a.no_merge {
        if a.bind_type.is_empty() {
            ctx.ui.error(super::binding_rule_create::NO_BIND_TYPE);
            return 1;
        }
        json!({
            "ID": current["ID"],
            "Description": a.description,
            "AuthMethod": current["AuthMethod"],
            "Selector": a.selector,
            "BindType": a.bind_type,
            "BindName": a.bind_name,
            "CreateTime": "0001-01-01T00:00:00Z",
            "ModifyTime": "0001-01-01T00:00:00Z",
            "CreateIndex": 0,
            "ModifyIndex": 0,
        })
    } else {
        if a.description.is_empty()
            && a.selector.is_empty()
            && a.bind_type.is_empty()
            && a.bind_name.is_empty()
        {
            return usage_error(
                ctx,
                "Please provide at least one update for the ACL binding rule",
                "acl binding-rule update",
            );
        }
        merged(&current, a)
    };
    // The api client names the rule by the ID in the body (the one fetched).
    let target = rule["ID"].as_str().unwrap_or_default().to_string();
    let r = if target.is_empty() {
        Err("missing ACL binding rule ID".to_string())
    } else {
        client
            .acl_binding_rule_upsert(&target, &rule)
            .await
            .map_err(|e| e.to_string())
    };
    match r {
        Ok(r) => super::binding_rule_info::print(ctx, &a.format, &r),
        Err(e) => {
            ctx.ui
                .error(&format!("Error updating ACL binding rule: {e}"));
            1
        }
    }
}
