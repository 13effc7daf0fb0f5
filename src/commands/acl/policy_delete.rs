//! `acl policy delete` (Nomad's `ACLPolicyDeleteCommand`).

use crate::cli::acl::AclPolicyDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &AclPolicyDeleteArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <name>",
            "acl policy delete",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let name = &a.args[0];
    // The api client refuses an empty name before asking.
    let r = if name.is_empty() {
        Err("missing policy name".to_string())
    } else {
        client
            .acl_policy_delete(name)
            .await
            .map_err(|e| e.to_string())
    };
    match r {
        Ok(()) => {
            ctx.ui
                .output(&format!("Successfully deleted {name} policy!"));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error deleting ACL policy: {e}"));
            1
        }
    }
}
