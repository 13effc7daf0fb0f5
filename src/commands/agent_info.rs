//! `agent-info`: the agent's statistics by subsystem (Nomad's `command/agent_info.go`).

use std::collections::BTreeMap;

use crate::api::QueryOptions;
use crate::cli::AgentInfoArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &AgentInfoArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "agent-info");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let body = match client
        .agent_self::<serde_json::Value>(&QueryOptions::new())
        .await
    {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui.error(&format!(
                "Error querying agent info: failed querying self endpoint: {e}"
            ));
            return 1;
        }
    };
    if let Some(c) = print_if_asked(ctx, &a.format, GoType::AgentSelf, &body, Errors::Prefixed) {
        return c;
    }
    let stats: BTreeMap<String, BTreeMap<String, String>> = body
        .get("stats")
        .and_then(|s| serde_json::from_value(s.clone()).ok())
        .unwrap_or_default();
    ctx.ui.output(&render(&stats));
    0
}

/// Each subsystem on a line, then `  key = value` lines, all sorted.
pub fn render(stats: &BTreeMap<String, BTreeMap<String, String>>) -> String {
    let mut lines = Vec::new();
    for (section, kv) in stats {
        lines.push(section.clone());
        for (k, v) in kv {
            lines.push(format!("  {k} = {v}"));
        }
    }
    lines.join("\n")
}
