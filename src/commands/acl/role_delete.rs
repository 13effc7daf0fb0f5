//! `acl role delete` (Nomad's `ACLRoleDeleteCommand`).

use crate::cli::acl::AclRoleDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &AclRoleDeleteArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <acl_role_id>",
            "acl role delete",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let id = &a.args[0];
    let r = if id.is_empty() {
        Err("missing ACL role ID".to_string())
    } else {
        client.acl_role_delete(id).await.map_err(|e| e.to_string())
    };
    match r {
        Ok(()) => {
            ctx.ui
                .output(&format!("ACL role {id} successfully deleted"));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error deleting ACL role: {e}"));
            1
        }
    }
}
