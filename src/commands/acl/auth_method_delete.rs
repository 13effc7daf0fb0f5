//! `acl auth-method delete` (Nomad's `ACLAuthMethodDeleteCommand`).

use crate::cli::acl::AclAuthMethodDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &AclAuthMethodDeleteArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <acl_auth_method_name>",
            "acl auth-method delete",
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
            .acl_auth_method_delete(name)
            .await
            .map_err(|e| e.to_string())
    };
    match r {
        Ok(()) => {
            ctx.ui
                .output(&format!("ACL auth method {name} successfully deleted"));
            0
        }
        Err(e) => {
            ctx.ui
                .error(&format!("Error deleting ACL auth method: {e}"));
            1
        }
    }
}
