//! `agent host`: the host an agent (or another node or server) runs on.
//!
//! `/v1/agent/host` answers in two shapes: the local agent sends the bare host data, and only
//! with `node_id`/`server_id` does it wrap it as `{AgentID, HostData}` (Go's api client decodes
//! the bare form into an empty `HostDataResponse`). rnomad always shows the wrapped shape, so
//! `-json` and `-t '{{.HostData.OS}}'` read the same in every form: for the local agent,
//! `AgentID` is the ID `-node-id`/`-server-id` would name it by (its node ID when it runs a
//! client, else its server name), read from `/v1/agent/self`.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::api::agent::AgentSelf;
use crate::api::{Client, QueryOptions};
use crate::cli::agent::AgentHostArgs;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::color::colorize;
use crate::output::gotype::GoType;
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
    let local = node_id.is_empty() && a.server_id.is_empty();
    let (host, me) = tokio::join!(client.agent_host::<Value>(&q), async {
        if local {
            local_agent_id(&client).await
        } else {
            String::new()
        }
    });
    let body = match host {
        Ok((b, _)) => wrap(b, &me),
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying agent host data: {e}"));
            return 1;
        }
    };
    if let Some(c) = print_if_asked(
        ctx,
        &a.format,
        GoType::HostDataResponse,
        &body,
        Errors::Prefixed,
    ) {
        return c;
    }
    let color = ctx.ui.color().markup;
    ctx.ui.output(&render(&body, color));
    0
}

/// The ID the local agent is addressed by: its node ID when it runs a client, else its
/// server's member name; empty when the agent will not say (the host data is shown anyway).
async fn local_agent_id(client: &Client) -> String {
    let Ok((me, _)) = client.agent_self::<AgentSelf>(&QueryOptions::new()).await else {
        return String::new();
    };
    me.stats
        .as_ref()
        .and_then(|s| s.get("client"))
        .and_then(|c| c.get("node_id"))
        .filter(|id| !id.is_empty())
        .cloned()
        .unwrap_or_else(|| me.member.map(|m| m.name).unwrap_or_default())
}

/// The `{AgentID, HostData}` shape: the body as it is when the agent already wrapped it.
pub fn wrap(body: Value, agent_id: &str) -> Value {
    if body.get("HostData").is_some() || body.get("AgentID").is_some() {
        return body;
    }
    json!({"AgentID": agent_id, "HostData": body})
}

/// The host data as key/values and tables; `color` turns the section titles bold.
pub fn render(body: &Value, color: bool) -> String {
    let h = &body["HostData"];
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let title = |t: &str| colorize(&format!("\n\n[bold]{t}[reset]\n"), color);
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
    out.push_str(&title("Disks"));
    out.push_str(&format_list(&rows));
    // One entry per interface address, as go-sockaddr describes it: `string` is the address
    // with its prefix length (left out for a single host), `network` the network address.
    let mut rows = vec!["Type|Address|Network".to_string()];
    for n in h["Network"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let address = match s(&n["string"]) {
            a if a.is_empty() => s(&n["address"]),
            a => a,
        };
        let network = match (s(&n["network"]), s(&n["mask_bits"])) {
            (net, bits) if net.is_empty() || bits.is_empty() => net,
            (net, bits) => format!("{net}/{bits}"),
        };
        rows.push(format!("{}|{address}|{network}", s(&n["type"])));
    }
    out.push_str(&title("Network"));
    out.push_str(&format_list(&rows));
    out.push_str(&title("Resolver"));
    out.push_str(s(&h["ResolvConf"]).trim_end());
    out.push_str(&title("Hosts"));
    out.push_str(s(&h["Hosts"]).trim_end());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIR: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/nomad-1.10.5/api"
    );

    fn fixture(name: &str) -> Value {
        let text = std::fs::read_to_string(format!("{DIR}/{name}.json")).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or_default()
    }

    #[test]
    fn the_local_form_is_wrapped_and_the_forwarded_forms_kept() {
        let local = wrap(
            fixture("agent-host"),
            "923b1975-2c9a-237d-ebe5-84e00de3fac8",
        );
        assert_eq!(local["AgentID"], "923b1975-2c9a-237d-ebe5-84e00de3fac8");
        assert_eq!(local["HostData"], fixture("agent-host"));
        let node = fixture("agent-host-node");
        assert_eq!(wrap(node.clone(), "other"), node);
        assert_eq!(
            wrap(fixture("agent-host-server"), "")["AgentID"],
            "vm.global"
        );
    }

    #[test]
    fn renders_the_recorded_host_data() {
        let text = render(&wrap(fixture("agent-host"), "923b1975"), false);
        assert!(text.starts_with("Agent ID    = 923b1975\nOS          = x86_64 vm "));
        assert!(text.contains("Environment = 3 variables\n"), "{text}");
        assert!(text.contains(
            "\n\nNetwork\nType  Address                Network\nIPv4  127.0.0.1/8            127.0.0.0/8\nIPv6  ::1                    ::1/128\nIPv4  192.0.2.2/24           192.0.2.0/24\nIPv6  fd00::2/64             fd00::/64\nIPv6  fe80::fc:ff:fe00:1/64  fe80::/64\n"
        ), "{text}");
        assert!(
            text.contains("\n\nResolver\nnameserver 10.255.255.53\n\nHosts\n127.0.0.1 localhost\n")
        );
        assert!(!text.contains("<none>"), "{text}");
    }
}
