//! `node pool nodes`: Nomad's `NodePoolNodesCommand`.

use crate::api::nodes::NodeListStub;
use crate::api::QueryOptions;
use crate::cli::node::NodePoolNodesArgs;
use crate::commands::common::{args_without_page_token, usage_error};
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;
use crate::output::{FULL_ID, SHORT_ID};

pub async fn run(ctx: &mut Ctx, a: &NodePoolNodesArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <node-pool>",
            "node pool nodes",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let pool = match super::pool::resolve(ctx, &client, &a.args[0]).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    let q = QueryOptions {
        filter: (!a.filter.is_empty()).then(|| a.filter.clone()),
        per_page: (a.per_page != 0).then_some(a.per_page as i32),
        next_token: (!a.page_token.is_empty()).then(|| a.page_token.clone()),
        ..Default::default()
    };
    let name = pool["Name"].as_str().unwrap_or_default();
    let (body, meta) = match client.node_pool_nodes(name, &q).await {
        Ok(r) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error querying nodes: {e}"));
            return 1;
        }
    };
    if body.as_array().is_none_or(Vec::is_empty) {
        ctx.ui.output("No nodes");
        return 0;
    }
    let ty = GoType::NodeListStubs;
    if let Some(code) = print_if_asked(ctx, &a.format, ty, &body, Errors::AsIs) {
        return code;
    }
    let nodes: Vec<NodeListStub> = match serde_json::from_value(body) {
        Ok(n) => n,
        Err(e) => {
            ctx.ui.error(&format!("Error querying nodes: {e}"));
            return 1;
        }
    };
    let len = if a.verbose { FULL_ID } else { SHORT_ID };
    ctx.ui.output(&super::node_stub_table(&nodes, len));
    if !meta.next_token.is_empty() {
        ctx.ui.output(&format!(
            "\nResults have been paginated. To get the next page run:\n\n{} -page-token {}",
            args_without_page_token(&ctx.os_args),
            meta.next_token
        ));
    }
    0
}
