//! `server members`: the servers in the gossip pool and each region's leader (Nomad's
//! `command/server_members.go`). Leaders of all regions are asked for at once.

use std::collections::BTreeMap;

use futures_util::future::join_all;
use serde_json::Value;

use crate::api::agent::{AgentMember, ServerMembers};
use crate::api::{Client, Error, QueryOptions};
use crate::cli::server::ServerMembersArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, HintFlags};
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::gocompat::multierror::multierror;
use crate::output::format_simple;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &ServerMembersArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "server members");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let data_mode = a.format.is_data();
    let hint = if data_mode {
        None
    } else {
        start_hint_check(ctx, &client)
    };
    let body = match client.agent_members::<Value>(&QueryOptions::new()).await {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying servers: {e}"));
            return 1;
        }
    };
    if body.is_null() || body.get("Members").is_some_and(Value::is_null) {
        ctx.ui.error("Agent doesn't know about server members");
        return 0;
    }
    let parsed: ServerMembers = serde_json::from_value(body.clone()).unwrap_or_default();
    let mut members = parsed.members.unwrap_or_default();
    let mut raw: Vec<Value> = body
        .get("Members")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // Sort by region, datacenter, name; keep the raw members in the same order for -json.
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|&i, &j| {
        let (x, y) = (&members[i], &members[j]);
        (x.tag("region"), x.tag("dc"), x.name.as_str()).cmp(&(
            y.tag("region"),
            y.tag("dc"),
            y.name.as_str(),
        ))
    });
    members = order.iter().map(|&i| members[i].clone()).collect();
    raw = order.iter().filter_map(|&i| raw.get(i).cloned()).collect();

    let (leaders, errors) = leaders(&client, &members).await;
    let is_leader = |m: &AgentMember| {
        let addr = if m.addr.contains(':') {
            format!("[{}]:{}", m.addr, m.tag("port"))
        } else {
            format!("{}:{}", m.addr, m.tag("port"))
        };
        leaders.get(m.tag("region")).is_some_and(|l| *l == addr)
    };

    if data_mode {
        for (m, r) in members.iter().zip(raw.iter_mut()) {
            if let Some(obj) = r.as_object_mut() {
                let tags = obj
                    .entry("Tags")
                    .or_insert_with(|| Value::Object(Default::default()));
                if !tags.is_object() {
                    *tags = Value::Object(Default::default());
                }
                if let Some(t) = tags.as_object_mut() {
                    t.insert("Leader".into(), Value::String(is_leader(m).to_string()));
                }
            }
        }
        let raw = Value::Array(raw);
        return print_if_asked(ctx, &a.format, GoType::AgentMembers, &raw, Errors::AsIs)
            .unwrap_or(0);
    }

    let verbose = a.verbose || a.detailed;
    ctx.ui.output(&render_table(&members, verbose, &is_leader));
    show_hint(
        ctx,
        hint,
        &client,
        HintFlags {
            no_color: a.global.no_color,
            open: a.ui,
        },
        "View and manage Nomad servers",
        "/servers",
    )
    .await;
    if !errors.is_empty() {
        ctx.ui.output("");
        ctx.ui.error(&format!(
            "Error determining leaders: {}",
            multierror(&errors)
        ));
        return 1;
    }
    0
}

/// The leader of each region that has a member not `left`, asked for concurrently.
async fn leaders(
    client: &Client,
    members: &[AgentMember],
) -> (BTreeMap<String, String>, Vec<String>) {
    let mut regions: Vec<String> = members
        .iter()
        .filter(|m| m.status != "left")
        .map(|m| m.tag("region").to_string())
        .collect();
    regions.sort();
    regions.dedup();
    let results: Vec<Result<(String, _), Error>> = join_all(regions.iter().map(|r| {
        let q = QueryOptions {
            region: Some(r.clone()),
            ..Default::default()
        };
        async move { client.status_leader(&q).await }
    }))
    .await;
    let mut leaders = BTreeMap::new();
    let mut errors = Vec::new();
    for (r, res) in regions.into_iter().zip(results) {
        match res {
            Ok((l, _)) => {
                leaders.insert(r, l);
            }
            Err(e) => errors.push(format!("Region \"{r}\": {e}")),
        }
    }
    (leaders, errors)
}

pub fn render_table(
    members: &[AgentMember],
    verbose: bool,
    is_leader: &dyn Fn(&AgentMember) -> bool,
) -> String {
    let mut rows = Vec::with_capacity(members.len() + 1);
    if verbose {
        rows.push(
            "Name|Address|Port|Status|Leader|Protocol|Raft Version|Build|Datacenter|Region|Tags"
                .to_string(),
        );
    } else {
        rows.push(
            "Name|Address|Port|Status|Leader|Raft Version|Build|Datacenter|Region".to_string(),
        );
    }
    for m in members {
        let base = format!(
            "{}|{}|{}|{}|{}",
            m.name,
            m.addr,
            m.port,
            m.status,
            is_leader(m)
        );
        if verbose {
            let tags: Vec<String> = m
                .tags
                .iter()
                .flatten()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            rows.push(format!(
                "{base}|{}|{}|{}|{}|{}|{}",
                m.protocol_cur,
                m.tag("raft_vsn"),
                m.tag("build"),
                m.tag("dc"),
                m.tag("region"),
                tags.join(",")
            ));
        } else {
            rows.push(format!(
                "{base}|{}|{}|{}|{}",
                m.tag("raft_vsn"),
                m.tag("build"),
                m.tag("dc"),
                m.tag("region")
            ));
        }
    }
    format_simple(&rows)
}
