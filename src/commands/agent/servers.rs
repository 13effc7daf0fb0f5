//! `agent servers`: the client's server list, or `-update` to replace it.

use serde_json::Value;

use super::usage_error;
use crate::api::QueryOptions;
use crate::cli::agent::AgentServersArgs;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &AgentServersArgs) -> i32 {
    if a.update && a.args.is_empty() {
        return usage_error(
            ctx,
            "With -update, at least one server address must be given",
            "agent servers",
        );
    }
    if !a.update {
        if let Some(c) = super::no_args(ctx, &a.args, "agent servers") {
            return c;
        }
    }
    let client = match super::client(ctx, &a.global) {
        Ok(c) => c,
        Err(c) => return c,
    };
    if a.update {
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
    let body = match client.agent_servers::<Value>(&QueryOptions::new()).await {
        Ok((b, _)) => b,
        Err(e) => {
            ctx.ui.error(&format!("Error querying server list: {e}"));
            return 1;
        }
    };
    if let Some(c) = print_if_asked(ctx, &a.format, GoType::Strings, &body, Errors::Prefixed) {
        return c;
    }
    let list: Vec<&str> = body
        .as_array()
        .map(|v| v.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for s in list {
        ctx.ui.output(s);
    }
    0
}
