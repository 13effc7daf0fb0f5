//! `server force-leave`: forces a server into the `left` state.

use crate::api::{Client, QueryOptions};
use crate::cli::server::ServerForceLeaveArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &ServerForceLeaveArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <node>",
            "server force-leave",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let node = &a.args[0];
    if let Err(e) = force_leave(&client, node, a.prune).await {
        ctx.ui
            .error(&format!("Error force-leaving server {node}: {e}"));
        return 1;
    }
    0
}

/// `PUT /v1/agent/force-leave?node=…[&prune=1]`.
pub async fn force_leave(
    client: &Client,
    node: &str,
    prune: bool,
) -> Result<(), crate::api::Error> {
    let mut q = QueryOptions::new().param("node", node);
    if prune {
        q = q.param("prune", "1");
    }
    client.agent_force_leave(&q).await.map(|_| ())
}
