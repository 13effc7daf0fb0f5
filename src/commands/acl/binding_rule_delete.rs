//! `acl binding-rule delete` (Nomad's `ACLBindingRuleDeleteCommand`).

use crate::cli::acl::AclBindingRuleDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &AclBindingRuleDeleteArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <acl_binding_rule_id>",
            "acl binding-rule delete",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let id = &a.args[0];
    let r = if id.is_empty() {
        Err("missing ACL binding rule ID".to_string())
    } else {
        client
            .acl_binding_rule_delete(id)
            .await
            .map_err(|e| e.to_string())
    };
    match r {
        Ok(()) => {
            ctx.ui
                .output(&format!("ACL binding rule {id} successfully deleted"));
            0
        }
        Err(e) => {
            ctx.ui
                .error(&format!("Error deleting ACL binding rule: {e}"));
            1
        }
    }
}
