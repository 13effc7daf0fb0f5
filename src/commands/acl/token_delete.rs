//! `acl token delete` (Nomad's `ACLTokenDeleteCommand`).

use crate::cli::acl::AclTokenDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &AclTokenDeleteArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <token_accessor_id>",
            "acl token delete",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let id = &a.args[0];
    // The api client refuses an empty accessor before asking.
    let r = if a.args[0].is_empty() {
        Err("missing accessor ID".to_string())
    } else {
        client.acl_token_delete(id).await.map_err(|e| e.to_string())
    };
    match r {
        Ok(()) => {
            ctx.ui.output(&format!("Token {id} successfully deleted"));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error deleting token: {e}"));
            1
        }
    }
}
