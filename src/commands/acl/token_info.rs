//! `acl token info`: one token by Accessor ID, with its secret (Nomad's `ACLTokenInfoCommand`).

use crate::cli::acl::AclTokenInfoArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &AclTokenInfoArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <token_accessor_id>",
            "acl token info",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    // The api client refuses an empty accessor before asking.
    let r = if a.args[0].is_empty() {
        Err("missing accessor ID".to_string())
    } else {
        client
            .acl_token(&a.args[0])
            .await
            .map_err(|e| e.to_string())
    };
    match r {
        Ok(t) => {
            ctx.ui.output(&super::render_token(&t));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error fetching token: {e}"));
            1
        }
    }
}
