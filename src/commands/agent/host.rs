//! `agent host`: the host an agent (or another node or server) runs on.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::QueryOptions;
use crate::cli::agent::AgentHostArgs;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::{format_kv, format_list};

pub async fn run(ctx: &mut Ctx, a: &AgentHostArgs) -> i32 {
    if let Some(c) = super::no_args(ctx, &a.args, "agent host") {
        return c;
    }
    let client = match super::client(ctx, &a.global) {
        Ok(c) => c,
        Err(c) => return c,
    };
    let node_id = match super::node_id(ctx, &client, &a.node_id).await {
        Ok(id) => id,
        Err(c) => return c,
    };
    let mut q = QueryOptions::new();
    if !node_id.is_empty() {
        q = q.param("node_id", &node_id);
    }
    if !a.server_id.is_empty() {
        q = q.param("server_id", &a.server_id);
    }
    let body = match client.get_value("/v1/agent/host", &q).await {
        Ok((b, _)) => b,
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying agent host data: {e}"));
            return 1;
        }
    };
    if let Some(c) = print_if_asked(ctx, &a.format, "*HostDataResponse", &body, Errors::Prefixed) {
        return c;
    }
    ctx.ui.output(&render(ctx, &body));
    0
}

pub fn render(ctx: &Ctx, body: &Value) -> String {
    let h = &body["HostData"];
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut out = format_kv(&[
        format!("Agent ID|{}", s(&body["AgentID"])),
        format!("OS|{}", s(&h["OS"]).trim()),
        format!(
            "Environment|{} variables",
            h["Environment"].as_object().map_or(0, |m| m.len())
        ),
    ]);
    let disks: BTreeMap<&String, &Value> = h["Disk"]
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    let mut rows = vec!["Mount|Size|Used".to_string()];
    for (mount, d) in disks {
        rows.push(format!(
            "{mount}|{} MiB|{} MiB",
            d["DiskMB"].as_i64().unwrap_or(0),
            d["UsedMB"].as_i64().unwrap_or(0)
        ));
    }
    out.push_str(&ctx.ui.colorize("\n\n[bold]Disks[reset]\n"));
    out.push_str(&format_list(&rows));
    let mut rows = vec!["Interface|Address|Flags".to_string()];
    for n in h["Network"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        rows.push(format!(
            "{}|{}|{}",
            s(&n["interface"]),
            s(&n["address"]),
            s(&n["flags"]).replace('|', ",")
        ));
    }
    out.push_str(&ctx.ui.colorize("\n\n[bold]Network[reset]\n"));
    out.push_str(&format_list(&rows));
    out.push_str(&ctx.ui.colorize("\n\n[bold]Resolver[reset]\n"));
    out.push_str(s(&h["ResolvConf"]).trim_end());
    out.push_str(&ctx.ui.colorize("\n\n[bold]Hosts[reset]\n"));
    out.push_str(s(&h["Hosts"]).trim_end());
    out
}
