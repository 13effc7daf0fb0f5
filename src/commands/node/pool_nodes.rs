//! `node pool nodes`: Nomad's `NodePoolNodesCommand`.

use crate::api::nodes::NodeListStub;
use crate::cli::node::NodePoolNodesArgs;
use crate::commands::common::args_without_page_token;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;
use crate::output::{FULL_ID, SHORT_ID};

pub async fn run(ctx: &mut Ctx, a: &NodePoolNodesArgs) -> i32 {
    let paging = (a.filter.as_str(), a.per_page, a.page_token.as_str());
    let super::pool::PoolQuery { client, name, q } =
        match super::pool::pool_query(ctx, &a.global, &a.args, paging, "node pool nodes").await {
            Ok(p) => p,
            Err(code) => return code,
        };
    let (body, meta) = match client.node_pool_nodes(&name, &q).await {
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
