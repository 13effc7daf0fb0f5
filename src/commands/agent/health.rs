//! `agent health`: exit 0 when the agent is healthy, 1 with the reason when it is not.

use serde_json::Value;

use crate::api::{Error, QueryOptions};
use crate::cli::agent::AgentHealthArgs;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format_list;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &AgentHealthArgs) -> i32 {
    if let Some(c) = super::no_args(ctx, &a.args, "agent health") {
        return c;
    }
    let client = match super::client(ctx, &a.global) {
        Ok(c) => c,
        Err(c) => return c,
    };
    // An unhealthy agent answers 500 with the same JSON body, as Nomad's client reads it.
    let body = match client.agent_health::<Value>(&QueryOptions::new()).await {
        Ok((b, _)) => b,
        Err(Error::Status { code, body }) => match serde_json::from_str::<Value>(&body) {
            Ok(v) if v.is_object() => v,
            _ => {
                ctx.ui.error(&format!(
                    "Error querying agent health: Unexpected response code: {code} ({body})"
                ));
                return 1;
            }
        },
        Err(e) => {
            ctx.ui.error(&format!("Error querying agent health: {e}"));
            return 1;
        }
    };
    let problems = problems(&body);
    if let Some(c) = print_if_asked(
        ctx,
        &a.format,
        GoType::AgentHealthResponse,
        &body,
        Errors::Prefixed,
    ) {
        if c != 0 {
            return c;
        }
    } else {
        ctx.ui.output(&render(&body));
    }
    if problems.is_empty() {
        0
    } else {
        ctx.ui
            .error(&format!("Agent is unhealthy: {}", problems.join("; ")));
        1
    }
}

/// `Part|Healthy|Message` for the client and server parts the agent runs.
pub fn render(body: &Value) -> String {
    let mut rows = vec!["Part|Healthy|Message".to_string()];
    for part in ["client", "server"] {
        let p = &body[part];
        if p.is_object() {
            rows.push(format!(
                "{part}|{}|{}",
                p["ok"].as_bool().unwrap_or(false),
                p["message"].as_str().unwrap_or_default()
            ));
        }
    }
    format_list(&rows)
}

/// The unhealthy parts, as `part: message`.
pub fn problems(body: &Value) -> Vec<String> {
    ["client", "server"]
        .iter()
        .filter(|p| body[**p].is_object() && body[**p]["ok"].as_bool() != Some(true))
        .map(|p| format!("{p}: {}", body[*p]["message"].as_str().unwrap_or_default()))
        .collect()
}
