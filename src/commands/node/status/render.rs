//! `node status`'s renderer (Nomad's `command/node_status.go`): the node list, or one node's
//! header, drivers, events, resources and allocations. Pure: clock, colour and hint come in.

use serde_json::Value;

use super::resources::{
    allocated_resources, allocation_utilization, device_rows, host_utilization, stats_sections,
    totals,
};
use super::view::{csi_requests, ListView, NodeView, View};
use crate::api::allocs::AllocInfo;
use crate::api::nodes::{Node, NodeListStub};
use crate::gocompat::time::go_duration;
use crate::output::color::colorize;
use crate::output::term::Printout;
use crate::output::time::{format_rfc3339, format_unix_nano, pretty_time_diff};
use crate::output::{format_kv, format_list, id_len, limit};

/// How to render.
pub struct Options {
    pub verbose: bool,
    pub short: bool,
    /// `-stats`: the host's detailed CPU, memory and disk figures.
    pub stats: bool,
    /// `-os`: the OS column of the list.
    pub os: bool,
    /// `-quiet`: only the IDs of the list.
    pub quiet: bool,
    /// Whether `[bold]` markup becomes colour (Nomad's coloured UI).
    pub markup: bool,
    /// The command line without `-page-token`, for the next-page hint of a paginated list.
    pub command_line: String,
    /// The Web UI hint, when one is shown.
    pub hint: Option<String>,
}

/// The output of `node status` for `view`, at `now_ns`.
pub fn render(view: &View, o: &Options, now_ns: i64) -> Printout {
    match view {
        View::List(l) => render_list(l, o),
        View::Node(n) => render_node(n, o, now_ns),
    }
}

fn render_list(l: &ListView, o: &Options) -> Printout {
    let mut p = Printout::default();
    if l.nodes.is_empty() {
        p.output("No nodes registered");
        return p;
    }
    if o.quiet {
        let rows: Vec<String> = l.nodes.iter().map(|n| n.id.clone()).collect();
        p.output(format_list(&rows));
        return p;
    }
    p.output(node_list_table(
        &l.nodes,
        o.verbose,
        o.os,
        l.running.as_deref(),
    ));
    if !l.next_token.is_empty() {
        p.output(format!(
            "\nResults have been paginated. To get the next page run:\n\n{} -page-token {}",
            o.command_line, l.next_token
        ));
    }
    if let Some(hint) = &o.hint {
        p.warn(hint.as_str());
    }
    p
}

fn render_node(v: &NodeView, o: &Options, now_ns: i64) -> Printout {
    let c = |s: &str| colorize(s, o.markup);
    let node = &v.node;
    let running = v.running();
    let mut p = Printout::default();
    let mut basic = header_rows(node);
    let csi_names = {
        let mut v: Vec<String> = running.iter().flat_map(|a| a.csi_volume_names()).collect();
        v.sort();
        v.join(",")
    };
    if o.short {
        basic.push(format!("Host Volumes|{}", keys(&node.host_volumes)));
        basic.push(format!("Host Networks|{}", keys(&node.host_networks)));
        basic.push(format!("CSI Volumes|{csi_names}"));
        basic.push(format!("Drivers|{}", attribute_drivers(node)));
        p.output(c(&format_kv(&basic)));
        if let Some(hint) = &o.hint {
            p.warn(hint.as_str());
        }
        p.output(alloc_section(&c, node, &v.allocs, o.verbose, now_ns));
        return p;
    }

    let host = match &v.host {
        Some(Ok(h)) => Some(h),
        Some(Err(e)) => {
            p.output("");
            p.error(format!("error fetching node stats: {e}"));
            None
        }
        None => None,
    };
    if let Some(h) = host {
        basic.push(format!(
            "Uptime|{}",
            go_duration((h.uptime as i64).saturating_mul(1_000_000_000))
        ));
    }
    if !o.verbose {
        basic.push(format!("Host Volumes|{}", keys(&node.host_volumes)));
        basic.push(format!("Host Networks|{}", keys(&node.host_networks)));
        basic.push(format!("CSI Volumes|{csi_names}"));
        basic.push(format!("Driver Status| {}", driver_status(node)));
    }
    let mut out: Vec<String> = vec![c(&format_kv(&basic))];
    if o.verbose {
        out.extend(verbose_sections(&c, v));
    }
    out.push(c("\n[bold]Node Events"));
    out.push(node_events(node, o.verbose));

    let (cpu_total, mem_total, disk_total) = totals(node);
    out.push(c("\n[bold]Allocated Resources[reset]"));
    out.push(allocated_resources(
        node, &running, cpu_total, mem_total, disk_total,
    ));
    if let Some(usage) = &v.usage {
        out.push(c("\n[bold]Allocation Resource Utilization[reset]"));
        out.push(allocation_utilization(usage, cpu_total, mem_total));
    }
    p.output(out.join("\n"));
    out = Vec::new();
    match host {
        None => {
            p.output("");
            p.error("error fetching node stats: actual resource usage not present");
        }
        Some(h) => {
            out.push(c("\n[bold]Host Resource Utilization[reset]"));
            out.push(host_utilization(h, node));
            let devices = node
                .node_resources
                .as_ref()
                .and_then(|r| r.devices.as_ref())
                .filter(|d| !d.is_empty());
            if let Some(devs) = devices {
                out.push(c("\n[bold]Device Resource Utilization[reset]"));
                out.push(format_list(&device_rows(devs)));
            }
            if o.stats {
                out.extend(stats_sections(&c, h));
            }
        }
    }
    out.push(alloc_section(&c, node, &v.allocs, o.verbose, now_ns));
    p.output(out.join("\n"));
    if let Some(hint) = &o.hint {
        p.warn(hint.as_str());
    }
    p
}

/// The node list table, with the optional OS, address/version and running-allocs columns.
fn node_list_table(
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

/// `-verbose`: host volumes and networks, CSI volumes in use by running allocations (with
/// their current state), drivers.
fn verbose_sections(c: &dyn Fn(&str) -> String, v: &NodeView) -> Vec<String> {
    let node = &v.node;
    let requests = csi_requests(&v.running());
    let vols = &v.csi_volumes;
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
    if !requests.is_empty() {
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

/// The allocations table of a node, and with `-verbose` its attributes and meta.
fn alloc_section(
    c: &dyn Fn(&str) -> String,
    node: &Node,
    allocs: &[AllocInfo],
    verbose: bool,
    now_ns: i64,
) -> String {
    let mut out = vec![
        c("\n[bold]Allocations[reset]"),
        format_alloc_list(allocs, verbose, now_ns),
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
