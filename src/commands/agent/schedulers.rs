//! `agent schedulers [config]`: a server's scheduler workers and their configuration.

use serde_json::{json, Value};

use super::usage_error;
use crate::api::QueryOptions;
use crate::cli::agent::AgentSchedulersArgs;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;
use crate::output::{format_kv, format_list};

const NAME: &str = "agent schedulers";

pub async fn run(ctx: &mut Ctx, a: &AgentSchedulersArgs) -> i32 {
    let config = match a.args.as_slice() {
        [] => false,
        [w] if w == "config" => true,
        _ => return usage_error(ctx, "The only argument accepted is 'config'", NAME),
    };
    let changes = a.num_schedulers >= 0 || !a.enabled_schedulers.is_empty();
    if !config && (a.update || changes) {
        return usage_error(ctx, "-update works with 'agent schedulers config'", NAME);
    }
    if changes && !a.update {
        return usage_error(
            ctx,
            "-num-schedulers and -enabled-schedulers need -update",
            NAME,
        );
    }
    let client = match super::client(ctx, &a.global) {
        Ok(c) => c,
        Err(c) => return c,
    };
    let mut q = QueryOptions::new();
    if !a.server_id.is_empty() {
        q = q.param("server_id", &a.server_id);
    }
    if !config {
        let body = match client.agent_schedulers::<Value>(&q).await {
            Ok((b, _)) => b,
            Err(e) => {
                ctx.ui
                    .error(&format!("Error querying scheduler workers: {e}"));
                return 1;
            }
        };
        if let Some(c) = print_if_asked(
            ctx,
            &a.format,
            GoType::AgentSchedulerWorkersInfo,
            &body,
            Errors::Prefixed,
        ) {
            return c;
        }
        ctx.ui.output(&render_workers(&body));
        return 0;
    }
    let mut body = match client.agent_scheduler_config::<Value>(&q).await {
        Ok((b, _)) => b,
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying scheduler configuration: {e}"));
            return 1;
        }
    };
    if a.update {
        let num = if a.num_schedulers >= 0 {
            json!(a.num_schedulers)
        } else {
            body["num_schedulers"].clone()
        };
        let enabled = if a.enabled_schedulers.is_empty() {
            body["enabled_schedulers"].clone()
        } else {
            json!(a
                .enabled_schedulers
                .split(',')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>())
        };
        let req = json!({"num_schedulers": num, "enabled_schedulers": enabled});
        body = match client.update_agent_scheduler_config(&req, &q).await {
            Ok((b, _)) => b,
            Err(e) => {
                ctx.ui
                    .error(&format!("Error updating scheduler configuration: {e}"));
                return 1;
            }
        };
    }
    if let Some(c) = print_if_asked(
        ctx,
        &a.format,
        GoType::AgentSchedulerWorkerConfigResponse,
        &body,
        Errors::Prefixed,
    ) {
        return c;
    }
    ctx.ui.output(&render_config(&body));
    0
}

fn list(v: &Value) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

pub fn render_workers(body: &Value) -> String {
    let mut out = format_kv(&[format!(
        "Server ID|{}",
        body["server_id"].as_str().unwrap_or_default()
    )]);
    let mut rows = vec!["ID|Status|Workload Status|Enabled Schedulers|Started".to_string()];
    for w in body["schedulers"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let s = |k: &str| w[k].as_str().unwrap_or_default().to_string();
        rows.push(format!(
            "{}|{}|{}|{}|{}",
            s("id"),
            s("status"),
            s("workload_status"),
            list(&w["enabled_schedulers"]),
            s("started")
        ));
    }
    out.push_str("\n\n");
    out.push_str(&format_list(&rows));
    out
}

pub fn render_config(body: &Value) -> String {
    format_kv(&[
        format!(
            "Server ID|{}",
            body["server_id"].as_str().unwrap_or_default()
        ),
        format!(
            "Num Schedulers|{}",
            body["num_schedulers"].as_i64().unwrap_or(0)
        ),
        format!("Enabled Schedulers|{}", list(&body["enabled_schedulers"])),
    ])
}
