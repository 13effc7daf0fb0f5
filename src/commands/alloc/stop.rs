//! `alloc stop` (Nomad's `command/alloc_stop.go`): stops an allocation, then monitors the
//! evaluation that replaces it.

use serde::Deserialize;
use serde_json::Value;

use super::{find_alloc, LookupWords};
use crate::api::QueryOptions;
use crate::cli::alloc::AllocStopArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::output::id_len;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StopResponse {
    #[serde(rename = "EvalID")]
    eval_id: String,
}

pub async fn run(ctx: &mut Ctx, a: &AllocStopArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <alloc-id>",
            "alloc stop",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let words = LookupWords {
        too_short: "Alloc ID must contain at least two characters.",
        verbose: a.verbose,
    };
    let alloc = match find_alloc(ctx, &client, &a.args[0], words).await {
        Ok(a) => a,
        Err(code) => return code,
    };
    // Nomad sends no body and only the configured namespace (-no-shutdown-delay is lost on
    // the way in v1.10.5).
    let resp = match client
        .stop_allocation::<StopResponse, Value>(&alloc.id, &Value::Null, &QueryOptions::new())
        .await
    {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error stopping allocation: {e}"));
            return 1;
        }
    };
    if a.detach {
        ctx.ui.output(&resp.eval_id);
        return 0;
    }
    crate::monitor::monitor(ctx, &client, &resp.eval_id, id_len(a.verbose)).await
}
