//! `namespace delete`: Nomad's `NamespaceDeleteCommand` (the name as given, no prefix lookup).

use crate::cli::namespace::NamespaceDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub async fn run(ctx: &mut Ctx, a: &NamespaceDeleteArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <namespace>",
            "namespace delete",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let name = &a.args[0];
    if let Err(e) = client.delete_namespace(name).await {
        ctx.ui.error(&format!("Error deleting namespace: {e}"));
        return 1;
    }
    ctx.ui
        .output(&format!("Successfully deleted namespace {}!", quote(name)));
    0
}
