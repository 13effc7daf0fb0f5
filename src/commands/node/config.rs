//! `node config`: the client agent's server list.

use crate::api::QueryOptions;
use crate::cli::node::NodeConfigArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

const NAME: &str = "node config";

pub async fn run(ctx: &mut Ctx, a: &NodeConfigArgs) -> i32 {
    if !a.servers && !a.update_servers {
        return usage_error(
            ctx,
            "The '-servers' or '-update-servers' flag(s) must be set",
            NAME,
        );
    }
    if a.update_servers && a.args.is_empty() {
        return usage_error(
            ctx,
            "If the '-update-servers' flag is set, at least one server argument must be provided",
            NAME,
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if a.update_servers {
        return match client.set_agent_servers(&a.args).await {
            Ok(_) => {
                ctx.ui.output("Updated server list");
                0
            }
            Err(e) => {
                ctx.ui.error(&format!("Error updating server list: {e}"));
                1
            }
        };
    }
    match client
        .agent_servers::<Option<Vec<String>>>(&QueryOptions::new())
        .await
    {
        Ok((list, _)) => {
            for s in list.unwrap_or_default() {
                ctx.ui.output(&s);
            }
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error querying server list: {e}"));
            1
        }
    }
}
