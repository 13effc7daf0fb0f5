//! `node status`: the node list, or one node in detail (Nomad's `command/node_status.go`).
//!
//! Where Nomad asks for each node's allocations one node at a time (`-allocs`) and for each
//! running allocation's usage one at a time, rnomad sends those requests together.

use futures_util::future::{join_all, OptionFuture};
use futures_util::stream::{self, StreamExt};
use serde_json::Value;

use super::node_stub_table;
use crate::api::agent::AgentSelf;
use crate::api::allocs::AllocInfo;
use crate::api::nodes::{AllocResourceUsage, HostStats, Node, NodeListStub};
use crate::api::sanitize_uuid_prefix;
use crate::api::{Client, Error, QueryOptions};
use crate::cli::node::NodeStatusArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, watch, HintFlags};
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::gocompat::humanize::{format_float, ibytes};
use crate::gocompat::strconv::quote;
use crate::gocompat::time::go_duration;
use crate::output::json::go_fmt_float_v;
use crate::output::time::{format_rfc3339, format_unix_nano, pretty_time_diff};
use crate::output::{format_kv, format_list, id_len, limit};

/// How many per-node or per-allocation requests go out at once.
const FAN_OUT: usize = 32;

pub async fn run(ctx: &mut Ctx, a: &NodeStatusArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes either one or no arguments",
            "node status",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if a.watch.watch {
        // Node rows and, for one node or -allocs, allocation counts and lists.
        let mut paths = vec![("/v1/nodes".to_string(), QueryOptions::new())];
        if a.allocs || !a.args.is_empty() || a.self_ {
            paths.push((
                "/v1/allocations".to_string(),
                QueryOptions::new().param("per_page", "1"),
            ));
        }
        return watch(
            ctx,
            &client,
            &a.watch,
            "node status",
            paths,
            async |ctx: &mut Ctx| one_shot(ctx, a, &client).await,
        )
        .await;
    }
    one_shot(ctx, a, &client).await
}

/// The command proper: one list or one node.
async fn one_shot(ctx: &mut Ctx, a: &NodeStatusArgs, client: &Client) -> i32 {
    if a.args.is_empty() && !a.self_ {
        return list(ctx, a, client).await;
    }
    single(ctx, a, client).await
}

async fn list(ctx: &mut Ctx, a: &NodeStatusArgs, client: &Client) -> i32 {
    if a.quiet && (a.verbose || a.format.json) {
        ctx.ui.error("-quiet cannot be used with -verbose or -json");
        return 1;
    }
    let data_mode = a.format.is_data();
    let hint = if data_mode || a.quiet {
        None
    } else {
        start_hint_check(ctx, client)
    };
    let mut q = QueryOptions {
        filter: (!a.filter.is_empty()).then(|| a.filter.clone()),
        per_page: (a.per_page != 0).then_some(a.per_page as i32),
        next_token: (!a.page_token.is_empty()).then(|| a.page_token.clone()),
        ..Default::default()
    };
    if a.os {
        q = q.param("os", "true");
    }
    if data_mode {
        let (body, _) = match client.get_value("/v1/nodes", &q).await {
            Ok(v) => v,
            Err(e) => {
                ctx.ui.error(&format!("Error querying node status: {e}"));
                return 1;
            }
        };
        let body = sort_nodes_value(body);
        return print_if_asked(ctx, &a.format, "[]*NodeListStub", &body, Errors::AsIs).unwrap_or(0);
    }
    let (nodes, meta) = match client.nodes_streamed(&q).await {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying node status: {e}"));
            return 1;
        }
    };
    if nodes.is_empty() {
        ctx.ui.output("No nodes registered");
        return 0;
    }
    if a.quiet {
        let rows: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();
        ctx.ui.output(&format_list(&rows));
        return 0;
    }
    let running = if a.allocs {
        let counts: Vec<Result<usize, Error>> = stream::iter(nodes.iter())
            .map(|n| running_allocs(client, &n.id))
            .buffered(FAN_OUT)
            .map(|r| r.map(|v| v.len()))
            .collect()
            .await;
        let mut out = Vec::with_capacity(counts.len());
        for c in counts {
            match c {
                Ok(n) => out.push(n),
                Err(e) => {
                    ctx.ui
                        .error(&format!("Error querying node allocations: {e}"));
                    return 1;
                }
            }
        }
        Some(out)
    } else {
        None
    };
    ctx.ui.output(&node_list_table(
        &nodes,
        a.verbose,
        a.os,
        running.as_deref(),
    ));
    if !meta.next_token.is_empty() {
        ctx.ui.output(&format!(
            "\nResults have been paginated. To get the next page run:\n\n{} -page-token {}",
            crate::commands::common::args_without_page_token(&ctx.os_args),
            meta.next_token
        ));
    }
    show_hint(
        ctx,
        hint,
        client,
        HintFlags {
            no_color: a.global.no_color,
            open: a.ui,
        },
        "View and manage Nomad clients",
        "/clients",
    )
    .await;
    0
}

/// The Go client sorts node lists by CreateIndex, newest first; `-json` keeps that order.
fn sort_nodes_value(body: Value) -> Value {
    match body {
        Value::Array(mut v) => {
            let key = |n: &Value| n.get("CreateIndex").and_then(Value::as_u64).unwrap_or(0);
            crate::gocompat::sort::sort(&mut v, |a, b| key(a) > key(b));
            Value::Array(v)
        }
        other => other,
    }
}

/// The node list table, with the optional OS, address/version and running-allocs columns.
pub fn node_list_table(
    nodes: &[NodeListStub],
    verbose: bool,
    os: bool,
    running: Option<&[usize]>,
) -> String {
    let len = id_len(verbose);
    let mut header = String::from("ID|Node Pool|DC|Name|Class|");
    if os {
        header.push_str("OS|");
    }
    if verbose {
        header.push_str("Address|Version|");
    }
    header.push_str("Drain|Eligibility|Status");
    if running.is_some() {
        header.push_str("|Running Allocs");
    }
    let mut rows = Vec::with_capacity(nodes.len() + 1);
    rows.push(header);
    for (i, n) in nodes.iter().enumerate() {
        let mut row = format!(
            "{}|{}|{}|{}|{}",
            limit(&n.id, len),
            n.node_pool,
            n.datacenter,
            n.name,
            n.node_class
        );
        if os {
            let name = n
                .attributes
                .as_ref()
                .and_then(|a| a.get("os.name"))
                .map(String::as_str)
                .unwrap_or("");
            row.push_str(&format!("|{name}"));
        }
        if verbose {
            row.push_str(&format!("|{}|{}", n.address, n.version));
        }
        row.push_str(&format!(
            "|{}|{}|{}",
            n.drain, n.scheduling_eligibility, n.status
        ));
        if let Some(r) = running {
            row.push_str(&format!("|{}", r.get(i).copied().unwrap_or(0)));
        }
        rows.push(row);
    }
    format_list(&rows)
}

async fn node_allocs(client: &Client, id: &str) -> Result<Vec<AllocInfo>, Error> {
    let (v, _) = client
        .get::<Option<Vec<AllocInfo>>>(&format!("/v1/node/{id}/allocations"), &QueryOptions::new())
        .await?;
    let mut v = v.unwrap_or_default();
    crate::gocompat::sort::sort(&mut v, |a, b| a.create_index > b.create_index);
    Ok(v)
}

async fn running_allocs(client: &Client, id: &str) -> Result<Vec<AllocInfo>, Error> {
    Ok(node_allocs(client, id)
        .await?
        .into_iter()
        .filter(|a| a.client_status == "running")
        .collect())
}

pub async fn local_node_id(client: &Client) -> Result<String, String> {
    let (me, _) = client
        .get::<AgentSelf>("/v1/agent/self", &QueryOptions::new())
        .await
        .map_err(|e| format!("Error querying agent info: failed querying self endpoint: {e}"))?;
    let stats = me.stats.unwrap_or_default();
    let client_stats = stats
        .get("client")
        .ok_or_else(|| "Nomad not running in client mode".to_string())?;
    client_stats
        .get("node_id")
        .cloned()
        .ok_or_else(|| "Failed to determine node ID".to_string())
}

async fn single(ctx: &mut Ctx, a: &NodeStatusArgs, client: &Client) -> i32 {
    let node_id = if a.self_ {
        match local_node_id(client).await {
            Ok(id) => id,
            Err(e) => {
                ctx.ui.error(&e);
                return 1;
            }
        }
    } else {
        a.args[0].clone()
    };
    if node_id.chars().count() == 1 {
        ctx.ui
            .error("Identifier must contain at least two characters.");
        return 1;
    }
    let prefix = sanitize_uuid_prefix(&node_id);
    let nodes = match client.nodes(&QueryOptions::new().prefix(&prefix)).await {
        Ok((n, _)) => n,
        Err(e) => {
            ctx.ui.error(&format!("Error querying node info: {e}"));
            return 1;
        }
    };
    if nodes.is_empty() {
        ctx.ui
            .error(&format!("No node(s) with prefix {} found", quote(&prefix)));
        return 1;
    }
    if nodes.len() > 1 {
        ctx.ui.error(&format!(
            "Prefix matched multiple nodes\n\n{}",
            node_stub_table(&nodes, id_len(a.verbose))
        ));
        return 1;
    }
    let id = nodes[0].id.clone();
    let node_path = format!("/v1/node/{id}");
    if a.format.is_data() {
        return match client.get_value(&node_path, &QueryOptions::new()).await {
            Ok((body, _)) => {
                print_if_asked(ctx, &a.format, "*Node", &body, Errors::AsIs).unwrap_or(0)
            }
            Err(e) => {
                ctx.ui.error(&format!("Error querying node info: {e}"));
                1
            }
        };
    }
    let hint = start_hint_check(ctx, client);
    // The node, its allocations and its host stats do not depend on each other.
    let stats_q = QueryOptions::new().param("node_id", &id);
    let no_query = QueryOptions::new();
    let (node, allocs, host) = tokio::join!(
        client.get::<Node>(&node_path, &no_query),
        node_allocs(client, &id),
        OptionFuture::from(
            (!a.short).then(|| client.get::<HostStats>("/v1/client/stats", &stats_q))
        ),
    );
    let node = match node {
        Ok((n, _)) => n,
        Err(e) => {
            ctx.ui.error(&format!("Error querying node info: {e}"));
            return 1;
        }
    };
    let allocs = match allocs {
        Ok(v) => v,
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying node allocations: {e}"));
            return 1;
        }
    };
    let running: Vec<&AllocInfo> = allocs
        .iter()
        .filter(|a| a.client_status == "running")
        .collect();
    let markup = ctx.ui.color().markup;
    let c = |s: &str| crate::output::color::colorize(s, markup);
    let mut basic = header_rows(&node);
    let csi_names = {
        let mut v: Vec<String> = running.iter().flat_map(|a| a.csi_volume_names()).collect();
        v.sort();
        v.join(",")
    };
    let route = format!("/clients/{}", node.id);
    if a.short {
        basic.push(format!("Host Volumes|{}", keys(&node.host_volumes)));
        basic.push(format!("Host Networks|{}", keys(&node.host_networks)));
        basic.push(format!("CSI Volumes|{csi_names}"));
        basic.push(format!("Drivers|{}", attribute_drivers(&node)));
        let kv = c(&format_kv(&basic));
        ctx.ui.output(&kv);
        show_hint(
            ctx,
            hint,
            client,
            HintFlags {
                no_color: a.global.no_color,
                open: a.ui,
            },
            "View client details and metrics",
            &route,
        )
        .await;
        let out = alloc_section(ctx, &node, &allocs, a.verbose);
        ctx.ui.output(&out);
        return 0;
    }

    let host = match host {
        Some(Ok((h, _))) => Some(h),
        Some(Err(e)) => {
            ctx.ui.output("");
            ctx.ui.error(&format!("error fetching node stats: {e}"));
            None
        }
        None => None,
    };
    // Allocation usage is only shown when every running allocation answered.
    let usage: Vec<Result<(AllocResourceUsage, _), Error>> =
        join_all(running.iter().map(|al| async move {
            let path = format!("/v1/client/allocation/{}/stats", al.id);
            client
                .get::<AllocResourceUsage>(&path, &QueryOptions::new())
                .await
        }))
        .await;
    let usage: Option<Vec<AllocResourceUsage>> =
        usage.into_iter().map(|r| r.ok().map(|(u, _)| u)).collect();

    if let Some(h) = &host {
        basic.push(format!(
            "Uptime|{}",
            go_duration((h.uptime as i64).saturating_mul(1_000_000_000))
        ));
    }
    if !a.verbose {
        basic.push(format!("Host Volumes|{}", keys(&node.host_volumes)));
        basic.push(format!("Host Networks|{}", keys(&node.host_networks)));
        basic.push(format!("CSI Volumes|{csi_names}"));
        basic.push(format!("Driver Status| {}", driver_status(&node)));
    }
    let mut out: Vec<String> = vec![c(&format_kv(&basic))];
    if a.verbose {
        out.extend(verbose_sections(ctx, client, &node, &running).await);
    }
    out.push(c("\n[bold]Node Events"));
    out.push(node_events(&node, a.verbose));

    let (cpu_total, mem_total, disk_total) = totals(&node);
    out.push(c("\n[bold]Allocated Resources[reset]"));
    out.push(allocated_resources(
        &node, &running, cpu_total, mem_total, disk_total,
    ));
    if let Some(usage) = &usage {
        out.push(c("\n[bold]Allocation Resource Utilization[reset]"));
        out.push(allocation_utilization(usage, cpu_total, mem_total));
    }
    ctx.ui.output(&out.join("\n"));
    out = Vec::new();
    match &host {
        None => {
            ctx.ui.output("");
            ctx.ui
                .error("error fetching node stats: actual resource usage not present");
        }
        Some(h) => {
            out.push(c("\n[bold]Host Resource Utilization[reset]"));
            out.push(host_utilization(h, &node));
            let devices = node
                .node_resources
                .as_ref()
                .and_then(|r| r.devices.as_ref())
                .filter(|d| !d.is_empty());
            if let Some(devs) = devices {
                out.push(c("\n[bold]Device Resource Utilization[reset]"));
                out.push(format_list(&device_rows(devs)));
            }
            if a.stats {
                out.extend(stats_sections(ctx, h));
            }
        }
    }
    out.push(alloc_section(ctx, &node, &allocs, a.verbose));
    ctx.ui.output(&out.join("\n"));
    show_hint(
        ctx,
        hint,
        client,
        HintFlags {
            no_color: a.global.no_color,
            open: a.ui,
        },
        "View client details and metrics",
        &route,
    )
    .await;
    0
}

fn header_rows(node: &Node) -> Vec<String> {
    vec![
        format!("ID|{}", node.id),
        format!("Name|{}", node.name),
        format!("Node Pool|{}", node.node_pool),
        format!("Class|{}", node.node_class),
        format!("DC|{}", node.datacenter),
        format!("Drain|{}", format_drain(node)),
        format!("Eligibility|{}", node.scheduling_eligibility),
        format!("Status|{}", node.status),
        format!("CSI Controllers|{}", keys(&node.csi_controller_plugins)),
        format!("CSI Drivers|{}", keys(&node.csi_node_plugins)),
    ]
}

/// Sorted map keys joined with `,` (maps are BTreeMaps, so already sorted).
fn keys<V>(m: &Option<std::collections::BTreeMap<String, V>>) -> String {
    m.iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// `formatDrain`.
pub fn format_drain(n: &Node) -> String {
    let Some(ds) = &n.drain_strategy else {
        return n.drain.to_string();
    };
    let mut s = String::from("true");
    let force = ds
        .force_deadline
        .as_deref()
        .map(format_rfc3339)
        .unwrap_or_default();
    if ds.deadline < 0 {
        s.push_str("; force drain");
    } else if force.is_empty() {
        s.push_str("; no deadline");
    } else {
        s.push_str(&format!("; {force} deadline"));
    }
    if ds.ignore_system_jobs {
        s.push_str("; ignoring system jobs");
    }
    s
}

/// `driver.<name> = 1` attributes, sorted.
fn attribute_drivers(n: &Node) -> String {
    let mut v: Vec<&str> = n
        .attributes
        .iter()
        .flatten()
        .filter_map(|(k, v)| {
            let name = k.strip_prefix("driver.")?;
            (!name.contains('.') && v == "1").then_some(name)
        })
        .collect();
    v.sort();
    v.join(",")
}

/// Detected drivers, `(unhealthy)` marked.
fn driver_status(n: &Node) -> String {
    let mut v: Vec<String> = n
        .drivers
        .iter()
        .flatten()
        .filter(|(_, d)| d.detected)
        .map(|(name, d)| {
            if d.healthy {
                name.clone()
            } else {
                format!("{name} (unhealthy)")
            }
        })
        .collect();
    v.sort();
    v.join(",").trim_matches([',', ' ']).to_string()
}

async fn verbose_sections(
    ctx: &Ctx,
    client: &Client,
    node: &Node,
    running: &[&AllocInfo],
) -> Vec<String> {
    let c = |s: &str| ctx.ui.colorize(s);
    let mut out = Vec::new();
    if let Some(vols) = node.host_volumes.as_ref().filter(|v| !v.is_empty()) {
        out.push(c("\n[bold]Host Volumes"));
        let mut rows = vec!["Name|ReadOnly|Source".to_string()];
        rows.extend(
            vols.iter()
                .map(|(n, v)| format!("{n}|{}|{}", v.read_only, v.path)),
        );
        out.push(format_list(&rows));
    }
    if let Some(nets) = node.host_networks.as_ref().filter(|v| !v.is_empty()) {
        out.push(c("\n[bold]Host Networks"));
        let mut rows = vec!["Name|CIDR|Interface|ReservedPorts".to_string()];
        rows.extend(
            nets.iter()
                .map(|(n, v)| format!("{n}|{}|{}|{}", v.cidr, v.interface, v.reserved_ports)),
        );
        out.push(format_list(&rows));
    }
    // CSI volumes in use by running allocations, with their current state.
    let mut requests: Vec<(String, String)> = Vec::new();
    for al in running {
        let tg = al
            .job
            .as_ref()
            .and_then(|j| j.task_groups.as_ref())
            .and_then(|tgs| {
                tgs.iter()
                    .find(|t| t.name.as_deref() == Some(al.task_group.as_str()))
            });
        for v in tg
            .and_then(|t| t.volumes.as_ref())
            .into_iter()
            .flatten()
            .map(|(_, v)| v)
        {
            if v.volume_type == "csi" {
                requests.push((v.name.clone(), v.source.clone()));
            }
        }
    }
    if !requests.is_empty() {
        requests.sort();
        let q = QueryOptions::new()
            .namespace("*")
            .param("type", "csi")
            .param("node_id", &node.id);
        let vols: Vec<Value> = client
            .get::<Option<Vec<Value>>>("/v1/volumes", &q)
            .await
            .map(|(v, _)| v.unwrap_or_default())
            .unwrap_or_default();
        out.push(c("\n[bold]CSI Volumes"));
        let mut rows =
            vec!["ID|Name|Namespace|Plugin ID|Schedulable|Provider|Access Mode".to_string()];
        for (name, source) in &requests {
            let Some(v) = vols
                .iter()
                .find(|v| v.get("ID").and_then(Value::as_str) == Some(source.as_str()))
            else {
                continue;
            };
            let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let sched = v
                .get("Schedulable")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            rows.push(format!(
                "{}|{name}|{}|{}|{sched}|{}|{}",
                s("ID"),
                s("Namespace"),
                s("PluginID"),
                s("Provider"),
                s("AccessMode")
            ));
        }
        out.push(format_list(&rows));
    }
    out.push(c("\n[bold]Drivers"));
    let mut rows = vec!["Driver|Detected|Healthy|Message|Time".to_string()];
    for (name, d) in node.drivers.iter().flatten() {
        rows.push(format!(
            "{name}|{}|{}|{}|{}",
            d.detected,
            d.healthy,
            d.health_description,
            d.update_time
                .as_deref()
                .map(format_rfc3339)
                .unwrap_or_default()
        ));
    }
    out.push(format_list(&rows));
    out
}

/// Node events, newest first.
fn node_events(node: &Node, verbose: bool) -> String {
    let mut rows = vec![if verbose {
        "Time|Subsystem|Message|Details".to_string()
    } else {
        "Time|Subsystem|Message".to_string()
    }];
    for e in node.events.iter().flatten().rev() {
        let time = e
            .timestamp
            .as_deref()
            .map(format_rfc3339)
            .unwrap_or_default();
        let driver = e
            .details
            .as_ref()
            .and_then(|d| d.get("driver"))
            .filter(|d| !d.is_empty());
        let subsystem = match driver {
            Some(d) => format!("Driver: {d}"),
            None => e.subsystem.clone(),
        };
        if verbose {
            let details = e
                .details
                .iter()
                .flatten()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            rows.push(format!("{time}|{subsystem}|{}|{details}", e.message));
        } else {
            rows.push(format!("{time}|{subsystem}|{}", e.message));
        }
    }
    format_list(&rows)
}

/// Allocatable totals: node resources minus reserved ones (CPU MHz, memory MB, disk MB).
fn totals(n: &Node) -> (i64, i64, i64) {
    let r = n.node_resources.clone().unwrap_or_default();
    let res = n.reserved_resources.clone().unwrap_or_default();
    (
        r.cpu.cpu_shares - res.cpu.cpu_shares,
        r.memory.memory_mb - res.memory.memory_mb,
        r.disk.disk_mb - res.disk.disk_mb,
    )
}

const MB: i64 = 1024 * 1024;

fn allocated_resources(
    node: &Node,
    running: &[&AllocInfo],
    cpu_t: i64,
    mem_t: i64,
    disk_t: i64,
) -> String {
    let (mut cpu, mut mem, mut disk) = (0i64, 0i64, 0i64);
    for a in running {
        let r = a.resources.clone().unwrap_or_default();
        cpu += r.cpu.unwrap_or(0);
        mem += r.memory_mb.unwrap_or(0);
        disk += r.disk_mb.unwrap_or(0);
    }
    let max = node
        .node_resources
        .as_ref()
        .map(|r| r.max_allocs)
        .unwrap_or(0);
    let count = if max != 0 {
        format!("{}/{max}", running.len())
    } else {
        running.len().to_string()
    };
    format_list(&[
        "CPU|Memory|Disk|Alloc Count".to_string(),
        format!(
            "{cpu}/{cpu_t} MHz|{}/{}|{}/{}|{count}",
            ibytes((mem * MB) as u64),
            ibytes((mem_t * MB) as u64),
            ibytes((disk * MB) as u64),
            ibytes((disk_t * MB) as u64),
        ),
    ])
}

fn allocation_utilization(usage: &[AllocResourceUsage], cpu_t: i64, mem_t: i64) -> String {
    let mut cpu = 0f64;
    let mut mem = 0u64;
    for u in usage {
        let ru = u.resource_usage.clone().unwrap_or_default();
        cpu += ru.cpu_stats.map(|c| c.total_ticks).unwrap_or(0.0);
        let m = ru.memory_stats.unwrap_or_default();
        mem += if m.usage > 0 { m.usage } else { m.rss };
    }
    format_list(&[
        "CPU|Memory".to_string(),
        format!(
            "{}/{cpu_t} MHz|{}/{}",
            go_fmt_float_v(cpu.floor()),
            ibytes(mem),
            ibytes((mem_t * MB) as u64)
        ),
    ])
}

fn host_utilization(h: &HostStats, node: &Node) -> String {
    let device = node
        .attributes
        .as_ref()
        .and_then(|a| a.get("unique.storage.volume"))
        .cloned()
        .unwrap_or_default();
    let shares = node
        .node_resources
        .as_ref()
        .map(|r| r.cpu.cpu_shares)
        .unwrap_or(0);
    let mem = h.memory.clone().unwrap_or_default();
    let cpu = go_fmt_float_v(h.cpu_ticks_consumed.floor());
    // The last matching disk wins, as in Nomad.
    let disk = h
        .disk_stats
        .iter()
        .flatten()
        .rev()
        .find(|d| d.device == device);
    let row = match disk {
        Some(d) => format!(
            "{cpu}/{shares} MHz|{}/{}|{}/{}",
            ibytes(mem.used),
            ibytes(mem.total),
            ibytes(d.used),
            ibytes(d.size)
        ),
        None => format!(
            "{cpu}/{shares} MHz|{}/{}|({device})",
            ibytes(mem.used),
            ibytes(mem.total)
        ),
    };
    format_list(&["CPU|Memory|Disk".to_string(), row])
}

/// `<vendor>/<type>/<name>[<instance>]` rows of the node's devices.
fn device_rows(devices: &[Value]) -> Vec<String> {
    let mut rows = Vec::new();
    for d in devices {
        let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        for inst in d
            .get("Instances")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = inst.get("ID").and_then(Value::as_str).unwrap_or("");
            rows.push(format!(
                "{}/{}/{}[{id}]|",
                s("Vendor"),
                s("Type"),
                s("Name")
            ));
        }
    }
    rows.sort();
    rows
}

fn stats_sections(ctx: &Ctx, h: &HostStats) -> Vec<String> {
    let c = |s: &str| ctx.ui.colorize(s);
    let mut out = vec![c("\n[bold]CPU Stats[reset]")];
    let cpus: Vec<String> = h
        .cpu
        .iter()
        .flatten()
        .map(|s| {
            format_kv(&[
                format!("CPU|{}", s.cpu),
                format!("User|{}%", format_float(s.user)),
                format!("System|{}%", format_float(s.system)),
                format!("Idle|{}%", format_float(s.idle)),
            ])
        })
        .collect();
    out.push(cpus.join("\n\n"));
    out.push(c("\n[bold]Memory Stats[reset]"));
    let m = h.memory.clone().unwrap_or_default();
    out.push(format_kv(&[
        format!("Total|{}", ibytes(m.total)),
        format!("Available|{}", ibytes(m.available)),
        format!("Used|{}", ibytes(m.used)),
        format!("Free|{}", ibytes(m.free)),
    ]));
    out.push(c("\n[bold]Disk Stats[reset]"));
    let disks: Vec<String> = h
        .disk_stats
        .iter()
        .flatten()
        .map(|d| {
            format_kv(&[
                format!("Device|{}", d.device),
                format!("MountPoint|{}", d.mountpoint),
                format!("Size|{}", ibytes(d.size)),
                format!("Used|{}", ibytes(d.used)),
                format!("Available|{}", ibytes(d.available)),
                format!("Used Percent|{}%", format_float(d.used_percent)),
                format!("Inodes Percent|{}%", format_float(d.inodes_used_percent)),
            ])
        })
        .collect();
    out.push(disks.join("\n\n"));
    out
}

/// The allocations table of a node, and with `-verbose` its attributes and meta.
fn alloc_section(ctx: &Ctx, node: &Node, allocs: &[AllocInfo], verbose: bool) -> String {
    let c = |s: &str| ctx.ui.colorize(s);
    let mut out = vec![
        c("\n[bold]Allocations[reset]"),
        format_alloc_list(allocs, verbose, ctx.now_ns),
    ];
    if verbose {
        out.push(c("\n[bold]Attributes[reset]"));
        let rows: Vec<String> = node
            .attributes
            .iter()
            .flatten()
            .map(|(k, v)| format!("{k}|{v}"))
            .collect();
        out.push(format_kv(&rows));
        out.push(c("\n[bold]Meta[reset]"));
        let rows: Vec<String> = node
            .meta
            .iter()
            .flatten()
            .filter(|(k, _)| !k.is_empty())
            .map(|(k, v)| format!("{k}|{v}"))
            .collect();
        out.push(format_kv(&rows));
    }
    out.join("\n")
}

/// `formatAllocList`: full allocations (no Node Name column, unlike the stub table).
fn format_alloc_list(allocs: &[AllocInfo], verbose: bool, now_ns: i64) -> String {
    if allocs.is_empty() {
        return "No allocations placed".to_string();
    }
    let n = id_len(verbose);
    let mut rows = Vec::with_capacity(allocs.len() + 1);
    let version = |a: &AllocInfo| a.job.as_ref().and_then(|j| j.version).unwrap_or(0);
    if verbose {
        rows.push(
            "ID|Eval ID|Node ID|Task Group|Version|Desired|Status|Created|Modified".to_string(),
        );
        for a in allocs {
            rows.push(format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{}",
                limit(&a.id, n),
                limit(&a.eval_id, n),
                limit(&a.node_id, n),
                a.task_group,
                version(a),
                a.desired_status,
                a.client_status,
                format_unix_nano(a.create_time),
                format_unix_nano(a.modify_time)
            ));
        }
    } else {
        rows.push("ID|Node ID|Task Group|Version|Desired|Status|Created|Modified".to_string());
        for a in allocs {
            rows.push(format!(
                "{}|{}|{}|{}|{}|{}|{}|{}",
                limit(&a.id, n),
                limit(&a.node_id, n),
                a.task_group,
                version(a),
                a.desired_status,
                a.client_status,
                pretty_time_diff(a.create_time, now_ns),
                pretty_time_diff(a.modify_time, now_ns)
            ));
        }
    }
    format_list(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drain_text() {
        let mut n = Node::default();
        assert_eq!(format_drain(&n), "false");
        n.drain_strategy = Some(crate::api::nodes::DrainStrategy {
            deadline: -1,
            ignore_system_jobs: false,
            force_deadline: None,
        });
        assert_eq!(format_drain(&n), "true; force drain");
        n.drain_strategy = Some(crate::api::nodes::DrainStrategy {
            deadline: 1,
            ignore_system_jobs: true,
            force_deadline: Some("1970-01-01T00:00:01Z".into()),
        });
        assert_eq!(
            format_drain(&n),
            "true; 1970-01-01T00:00:01Z deadline; ignoring system jobs"
        );
    }
}
