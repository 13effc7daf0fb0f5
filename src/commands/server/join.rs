//! `server join`: asks the agent to join other servers.

use crate::api::Client;
use crate::cli::server::ServerJoinArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &ServerJoinArgs) -> i32 {
    if a.args.is_empty() {
        return usage_error(
            ctx,
            "One or more node addresses must be given as arguments",
            "server join",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    match join(&client, &a.args).await {
        Ok(n) => {
            ctx.ui.output(&format!("Joined {n} servers successfully"));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error joining: failed joining: {e}"));
            1
        }
    }
}

/// `PUT /v1/agent/join?address=…`: the number joined, or the error text.
pub async fn join(client: &Client, addrs: &[String]) -> Result<u64, String> {
    let (body, _) = client.agent_join(addrs).await.map_err(|e| e.to_string())?;
    let err = body["error"].as_str().unwrap_or_default();
    if !err.is_empty() {
        return Err(err.to_string());
    }
    Ok(body["num_joined"].as_u64().unwrap_or(0))
}
