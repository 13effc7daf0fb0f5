//! `node drain`: starts or stops a node drain, and follows it (the drain monitor).

use crate::commands::common::confirm;
use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::api::nodes::{DrainStrategy, Node};
use crate::api::sanitize_uuid_prefix;
use crate::api::{Client, QueryOptions};
use crate::cli::node::NodeDrainArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::gocompat::time::parse_duration;
use crate::output::time::format_unix_nano;

const NAME: &str = "node drain";
const WHAT: &str = "Error toggling drain mode";
const DEFAULT_DEADLINE_NS: i64 = 3_600_000_000_000;

pub async fn run(ctx: &mut Ctx, a: &NodeDrainArgs) -> i32 {
    let deadline_ns = match validate(a) {
        Ok(d) => d,
        Err((msg, help)) => {
            if help {
                return usage_error(ctx, &msg, NAME);
            }
            ctx.ui.error(&msg);
            return 1;
        }
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let arg = a.args.first().map(String::as_str);
    let id = match super::resolve_node(ctx, &client, a.self_, arg, WHAT).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    let (node, meta) = match client.node::<Node>(&id, &QueryOptions::new()).await {
        Ok(r) => r,
        Err(e) => {
            ctx.ui.error(&format!("{WHAT}: {e}"));
            return 1;
        }
    };
    if a.monitor {
        if node.drain_strategy.is_none() {
            ctx.ui.warn("No drain strategy set");
            return 0;
        }
        let t = format_unix_nano(ctx.now());
        ctx.ui.info(&format!(
            "{t}: Monitoring node {}: Ctrl-C to detach monitoring",
            quote(&id)
        ));
        monitor(ctx, &client, &id, meta.last_index, a.ignore_system).await;
        return 0;
    }
    // A prefix (not the full ID) needs a confirmation, unless -yes.
    let typed = if a.self_ {
        id.clone()
    } else {
        sanitize_uuid_prefix(arg.unwrap_or_default())
    };
    if typed != id && !a.yes {
        let verb = if a.disable { "disable" } else { "enable" };
        let question = format!(
            "Are you sure you want to {verb} drain mode for node {}? [y/N]",
            quote(&id)
        );
        match confirm(ctx, &question, "Canceling drain toggle") {
            Ok(()) => {}
            Err(code) => return code,
        }
    }
    let spec = if a.enable {
        json!({"Deadline": deadline_ns, "IgnoreSystemJobs": a.ignore_system})
    } else {
        Value::Null
    };
    let body = json!({
        "NodeID": id,
        "DrainSpec": spec,
        "MarkEligible": !a.keep_ineligible,
        "Meta": drain_meta(a, &node),
    });
    let reply = client
        .update_node_drain::<Value, _>(&id, &body, &QueryOptions::new())
        .await;
    let index = match reply {
        Ok((_, m)) => m.last_index,
        Err(e) => {
            ctx.ui
                .error(&format!("Error updating drain specification: {e}"));
            return 1;
        }
    };
    if !a.enable {
        ctx.ui
            .output(&format!("Node {} drain strategy unset", quote(&id)));
        return 0;
    }
    if a.detach {
        ctx.ui
            .output(&format!("Node {} drain strategy set", quote(&id)));
        return 0;
    }
    let t = format_unix_nano(ctx.now());
    ctx.ui.info(&format!(
        "{t}: Ctrl-C to stop monitoring: will not cancel the node drain"
    ));
    ctx.ui
        .output(&format!("{t}: Node {} drain strategy set", quote(&id)));
    monitor(ctx, &client, &id, index, a.ignore_system).await;
    0
}

/// The flag checks, in Nomad's order; `Ok` is the deadline in nanoseconds. The error says
/// whether the help line follows.
fn validate(a: &NodeDrainArgs) -> Result<i64, (String, bool)> {
    let e = |m: &str| Err((m.to_string(), true));
    if a.monitor && (a.enable || a.disable) {
        return e("The -monitor flag cannot be used with the '-enable' or '-disable' flags");
    }
    if (a.enable && a.disable) || (!a.monitor && !a.enable && !a.disable) {
        return e("Either the '-enable' or '-disable' flag must be set, unless using '-monitor'");
    }
    let n = a.args.len();
    if (a.self_ && n != 0) || (!a.self_ && n != 1) {
        return e("Node ID must be specified if -self isn't being used");
    }
    let has_deadline = !a.deadline.is_empty();
    if a.disable && (has_deadline || a.force || a.no_deadline || a.ignore_system) {
        return e("-disable can't be combined with flags configuring drain strategy");
    }
    if has_deadline && (a.force || a.no_deadline) {
        return e("-deadline can't be combined with -force or -no-deadline");
    }
    if a.force && a.no_deadline {
        return e("-force and -no-deadline are mutually exclusive");
    }
    if a.force {
        return Ok(-1_000_000_000);
    }
    if a.no_deadline {
        return Ok(0);
    }
    if !has_deadline {
        return Ok(DEFAULT_DEADLINE_NS);
    }
    match parse_duration(&a.deadline) {
        Some(d) if d > 0 => Ok(d),
        Some(_) => Err(("A positive drain duration must be given".into(), false)),
        None => Err((
            format!(
                "Failed to parse deadline {}: {}",
                quote(&a.deadline),
                go_duration_error(&a.deadline)
            ),
            false,
        )),
    }
}

/// Go's `time.ParseDuration` error for text it cannot read.
fn go_duration_error(s: &str) -> String {
    let q = quote(s);
    let body = s.trim_start_matches(['-', '+']);
    let digits = body.trim_end_matches(|c: char| !(c.is_ascii_digit() || c == '.'));
    if !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return format!("time: missing unit in duration {q}");
    }
    if !digits.is_empty() && body.starts_with(|c: char| c.is_ascii_digit()) {
        let unit: String = body
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .chars()
            .take_while(|c| !(c.is_ascii_digit() || *c == '.'))
            .collect();
        if !matches!(
            unit.as_str(),
            "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h"
        ) {
            return format!("time: unknown unit {} in duration {q}", quote(&unit));
        }
    }
    format!("time: invalid duration {q}")
}

/// The drain's metadata: the last drain's on -disable, then -m, then each -meta.
fn drain_meta(a: &NodeDrainArgs, node: &Node) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if a.disable {
        if let Some(last) = node.last_drain.as_ref().and_then(|l| l.meta.as_ref()) {
            m.extend(last.clone());
        }
    }
    if !a.message.is_empty() {
        let key = if a.enable {
            "message"
        } else {
            "cancel_message"
        };
        m.insert(key.to_string(), a.message.clone());
    }
    for kv in a.meta.iter().filter(|s| !s.is_empty()) {
        match kv.split_once('=') {
            Some((k, v)) => m.insert(k.to_string(), v.to_string()),
            None => m.insert(kv.clone(), String::new()),
        };
    }
    m
}

#[derive(Debug, PartialEq, Eq)]
pub enum Level {
    Normal,
    Info,
    Warn,
    Error,
}

/// The drain monitor: the node and its allocations, each watched with blocking queries, their
/// messages printed as they come; it ends when both watches end or at the first error.
pub async fn monitor(ctx: &mut Ctx, client: &Client, id: &str, index: u64, ignore_system: bool) {
    let (tx, mut rx) = mpsc::unbounded_channel::<(Level, String)>();
    let node_task = tokio::spawn(watch_node(
        client.clone(),
        id.to_string(),
        index,
        tx.clone(),
    ));
    let alloc_task = tokio::spawn(watch_allocs(
        client.clone(),
        id.to_string(),
        ignore_system,
        tx,
    ));
    while let Some((level, msg)) = rx.recv().await {
        let line = format!("{}: {msg}", format_unix_nano(ctx.now()));
        match level {
            Level::Info => ctx.ui.info(&line),
            Level::Warn => ctx.ui.warn(&line),
            Level::Error => ctx.ui.error(&line),
            Level::Normal => ctx.ui.output(&line),
        }
        if level == Level::Error {
            break;
        }
    }
    node_task.abort();
    alloc_task.abort();
}

async fn watch_node(
    client: Client,
    id: String,
    mut index: u64,
    tx: mpsc::UnboundedSender<(Level, String)>,
) {
    let mut last: Option<DrainStrategy> = None;
    loop {
        let q = QueryOptions {
            stale: true,
            index,
            ..QueryOptions::new()
        };
        let (node, meta) = match client.node::<Node>(&id, &q).await {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.send((Level::Error, format!("Error monitoring node: {e}")));
                return;
            }
        };
        let Some(strategy) = node.drain_strategy else {
            let _ = tx.send((Level::Info, format!("Drain complete for node {id}")));
            return;
        };
        if node.status == "down" {
            let _ = tx.send((Level::Warn, format!("Node {} down", quote(&id))));
        }
        if let Some(prev) = &last {
            if *prev != strategy {
                let _ = tx.send((
                    Level::Info,
                    format!(
                        "Node {} drain updated: {}",
                        quote(&id),
                        strategy_text(&strategy)
                    ),
                ));
            }
        }
        last = Some(strategy);
        index = meta.last_index;
    }
}

/// `DrainStrategy.String()`.
fn strategy_text(s: &DrainStrategy) -> String {
    let at = go_time_string(s.force_deadline.as_deref().unwrap_or_default());
    if s.ignore_system_jobs {
        format!("drain ignoring system jobs and deadline at {at}")
    } else {
        format!("drain with deadline at {at}")
    }
}

/// Go's `Time.String()` for a time decoded from RFC 3339 text.
pub fn go_time_string(s: &str) -> String {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) else {
        return "0001-01-01 00:00:00 +0000 UTC".to_string();
    };
    let mut out = t.format("%Y-%m-%d %H:%M:%S").to_string();
    let nanos = t.timestamp_subsec_nanos();
    if nanos > 0 {
        let frac = format!("{nanos:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    let zone = t.format("%z").to_string();
    let name = if s.ends_with('Z') || s.ends_with('z') {
        "UTC".to_string()
    } else {
        zone.clone()
    };
    format!("{out} {zone} {name}")
}

async fn watch_allocs(
    client: Client,
    id: String,
    ignore_system: bool,
    tx: mpsc::UnboundedSender<(Level, String)>,
) {
    let mut seen: HashMap<String, Value> = HashMap::new();
    let mut index = 0;
    loop {
        let q = QueryOptions {
            stale: true,
            index,
            ..QueryOptions::new()
        };
        let (allocs, meta) = match client.node_allocations::<Value>(&id, &q).await {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.send((Level::Error, format!("Error monitoring allocations: {e}")));
                return;
            }
        };
        index = meta.last_index;
        let mut running = 0;
        for a in allocs.as_array().map(Vec::as_slice).unwrap_or_default() {
            let aid = a["ID"].as_str().unwrap_or_default().to_string();
            let migrating = a["DesiredTransition"]["Migrate"].as_bool() == Some(true);
            let msg = match seen.get(&aid) {
                None => None,
                Some(o) if o["ClientStatus"] != a["ClientStatus"] => Some(format!(
                    "status {} -> {}",
                    o["ClientStatus"].as_str().unwrap_or_default(),
                    a["ClientStatus"].as_str().unwrap_or_default()
                )),
                Some(o)
                    if migrating && o["DesiredTransition"]["Migrate"].as_bool() != Some(true) =>
                {
                    Some("marked for migration".to_string())
                }
                Some(o)
                    if migrating
                        && o["DesiredStatus"] != a["DesiredStatus"]
                        && a["DesiredStatus"] == "stop" =>
                {
                    Some("draining".to_string())
                }
                Some(_) => None,
            };
            if let Some(m) = msg {
                let _ = tx.send((Level::Normal, format!("Alloc {} {m}", quote(&aid))));
            }
            seen.insert(aid, a.clone());
            let Some(job_type) = a["Job"]["Type"].as_str() else {
                continue;
            };
            if ignore_system && job_type == "system" {
                continue;
            }
            if matches!(a["ClientStatus"].as_str(), Some("pending" | "running")) {
                running += 1;
            }
        }
        if running == 0 {
            let _ = tx.send((
                Level::Info,
                format!("All allocations on node {} have stopped", quote(&id)),
            ));
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_time_strings() {
        assert_eq!(
            go_time_string("2025-01-01T11:00:00Z"),
            "2025-01-01 11:00:00 +0000 UTC"
        );
        assert_eq!(
            go_time_string("2025-01-01T11:00:00.5+01:00"),
            "2025-01-01 11:00:00.5 +0100 +0100"
        );
    }

    #[test]
    fn duration_errors() {
        assert_eq!(go_duration_error("x"), "time: invalid duration \"x\"");
        assert_eq!(
            go_duration_error("5"),
            "time: missing unit in duration \"5\""
        );
        assert_eq!(
            go_duration_error("5q"),
            "time: unknown unit \"q\" in duration \"5q\""
        );
    }
}
