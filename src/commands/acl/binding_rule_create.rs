//! `acl binding-rule create` (Nomad's `ACLBindingRuleCreateCommand`).

use serde_json::json;

use crate::cli::acl::AclBindingRuleCreateArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

/// What Nomad says when a rule would be sent without a bind type.
pub const NO_BIND_TYPE: &str =
    "ACL binding rule bind type must be specified using the -bind-type flag";

pub async fn run(ctx: &mut Ctx, a: &AclBindingRuleCreateArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(
            ctx,
            "This command takes no arguments",
            "acl binding-rule create",
        );
    }
    if a.auth_method.is_empty() {
        ctx.ui
            .error("ACL binding rule auth method must be specified using the -auth-method flag");
        return 1;
    }
    if a.bind_type.is_empty() {
        ctx.ui.error(NO_BIND_TYPE);
        return 1;
    }
    let rule = json!({
        "ID": "",
        "Description": a.description,
        "AuthMethod": a.auth_method,
        "Selector": a.selector,
        "BindType": a.bind_type,
        "BindName": a.bind_name,
        "CreateTime": "0001-01-01T00:00:00Z",
        "ModifyTime": "0001-01-01T00:00:00Z",
        "CreateIndex": 0,
        "ModifyIndex": 0,
    });
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    match client.acl_binding_rule_upsert("", &rule).await {
        Ok(r) => super::binding_rule_info::print(ctx, &a.format, &r),
        Err(e) => {
            ctx.ui
                .error(&format!("Error creating ACL binding rule: {e}"));
            1
        }
    }
}
