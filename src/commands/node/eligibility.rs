//! `node eligibility`: marks a node eligible or ineligible for scheduling.

use serde_json::{json, Value};

use crate::api::QueryOptions;
use crate::cli::node::NodeEligibilityArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

const NAME: &str = "node eligibility";
const WHAT: &str = "Error updating scheduling eligibility";

pub async fn run(ctx: &mut Ctx, a: &NodeEligibilityArgs) -> i32 {
    if a.enable == a.disable {
        return usage_error(
            ctx,
            "Either the '-enable' or '-disable' flag must be set",
            NAME,
        );
    }
    if (a.self_ && !a.args.is_empty()) || (!a.self_ && a.args.len() != 1) {
        return usage_error(
            ctx,
            "Node ID must be specified if -self isn't being used",
            NAME,
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let id = match super::resolve_node(
        ctx,
        &client,
        a.self_,
        a.args.first().map(String::as_str),
        WHAT,
    )
    .await
    {
        Ok(id) => id,
        Err(code) => return code,
    };
    let body = json!({
        "NodeID": id,
        "Eligibility": if a.enable { "eligible" } else { "ineligible" },
    });
    if let Err(e) = client
        .update_node_eligibility::<Value, _>(&id, &body, &QueryOptions::new())
        .await
    {
        ctx.ui.error(&format!("{WHAT}: {e}"));
        return 1;
    }
    ctx.ui.output(&render(&id, a.enable));
    0
}

pub fn render(id: &str, enable: bool) -> String {
    format!(
        "Node {} scheduling eligibility set: {} for scheduling",
        quote(id),
        if enable { "eligible" } else { "ineligible" }
    )
}
