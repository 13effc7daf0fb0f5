//! `node pool delete`: Nomad's `NodePoolDeleteCommand` (the name as given).

use crate::cli::node::NodePoolDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub async fn run(ctx: &mut Ctx, a: &NodePoolDeleteArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <node-pool>",
            "node pool delete",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let name = &a.args[0];
    if let Err(e) = client.delete_node_pool(name).await {
        ctx.ui.error(&format!("Error deleting node pool: {e}"));
        return 1;
    }
    ctx.ui
        .output(&format!("Successfully deleted node pool {}!", quote(name)));
    0
}
