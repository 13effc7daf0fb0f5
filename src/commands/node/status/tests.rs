//! `node status` rendered in-process from responses recorded from a real Nomad, compared with
//! what the real `nomad node status` printed for the same state.

use super::render::{render, Options};
use super::view::{running, ListView, NodeView, View};
use crate::api::allocs::AllocInfo;
use crate::api::nodes::{AllocResourceUsage, NodeListStub};
use crate::commands::recorded::{api, at, cli, printed};
use crate::output::time::in_utc;

const NODE: &str = "98a3b6ce-37f7-f9c7-8740-139148252bc0";

/// When `node status <id>` was recorded: allocation d876da66 was created 1m4s before.
const NOW: &str = "2026-11-22T05:22:40.1Z";

fn options() -> Options {
    Options {
        verbose: false,
        short: false,
        stats: false,
        os: false,
        quiet: false,
        markup: false,
        command_line: String::new(),
        hint: None,
    }
}

/// The node's recorded allocations, newest first as the Go client sorts them.
fn allocs() -> Vec<AllocInfo> {
    let mut v: Vec<AllocInfo> = api(&format!("node-{NODE}-allocations"));
    crate::gocompat::sort::sort(&mut v, |a, b| a.create_index > b.create_index);
    v
}

/// The node view as `fetch::node` builds it. Only one allocation's usage was recorded; it
/// stands for every running allocation (the usage figures are live and masked anyway).
fn node(short: bool) -> View {
    let allocs = allocs();
    let usage: AllocResourceUsage =
        api("client-allocation-4c3d15a7-cf56-6c69-3e13-c360ddd40d9c-stats");
    let usage = (!short).then(|| vec![usage; running(&allocs).len()]);
    View::Node(Box::new(NodeView {
        node: api(&format!("node-{NODE}")),
        host: (!short).then(|| Ok(api("client-stats"))),
        allocs,
        usage,
        csi_volumes: Vec::new(),
    }))
}

fn list(name: &str, with_running: bool) -> View {
    let nodes: Vec<NodeListStub> = api(name);
    let running = with_running.then(|| vec![running(&allocs()).len(); nodes.len()]);
    View::List(ListView {
        nodes,
        running,
        next_token: String::new(),
    })
}

/// The figures that were live when Nomad printed them (uptime, CPU and memory in use) are
/// replaced: the recorded stats were read at another moment than the recorded output.
fn mask_live(text: &str) -> String {
    let mut out = Vec::new();
    let mut skip = 0;
    for line in text.lines() {
        if skip > 0 {
            skip -= 1;
            out.push("<live>".to_string());
            continue;
        }
        if line.ends_with("Resource Utilization") {
            // The column header (its widths follow the figures) and the figures.
            skip = 2;
        }
        if line.starts_with("Uptime ") {
            out.push("Uptime <live>".to_string());
            continue;
        }
        out.push(line.to_string());
    }
    out.join("\n")
}

/// Renders and compares stdout (masked) and stderr with the recording `cli/<recorded>.*`.
fn check(view: View, o: &Options, recorded: &str) {
    let out = in_utc(|| render(&view, o, at(NOW)));
    let (stdout, stderr) = printed(&out);
    assert_eq!(
        mask_live(&stdout),
        mask_live(&cli("cli", recorded, "stdout")),
        "{recorded}"
    );
    assert_eq!(stderr, cli("cli", recorded, "stderr"), "{recorded}");
    assert_eq!(cli("cli", recorded, "exit").trim(), "0", "{recorded}");
}

#[test]
fn the_node_list() {
    check(list("nodes", false), &options(), "node-status");
    let verbose = Options {
        verbose: true,
        ..options()
    };
    check(list("nodes", false), &verbose, "node-status-verbose");
    let os = Options {
        os: true,
        ..options()
    };
    check(list("nodes-os", false), &os, "node-status-os");
    check(list("nodes", true), &options(), "node-status-allocs");
    let quiet = Options {
        quiet: true,
        ..options()
    };
    check(list("nodes", false), &quiet, "node-status-quiet");
}

#[test]
fn one_node() {
    check(node(false), &options(), "node-status-id");
    let short = Options {
        short: true,
        ..options()
    };
    check(node(true), &short, "node-status-short-id");
    let verbose = Options {
        verbose: true,
        ..options()
    };
    check(node(false), &verbose, "node-status-verbose-id");
}

#[test]
fn the_masked_figures_are_still_rendered_from_the_stats() {
    // 1274 s of recorded uptime, and the usage section is there only when every running
    // allocation answered.
    let out = in_utc(|| render(&node(false), &options(), at(NOW)));
    let (stdout, _) = printed(&out);
    assert!(stdout.contains("Uptime          = 21m14s\n"), "{stdout}");
    let View::Node(mut v) = node(false) else {
        unreachable!()
    };
    v.usage = None;
    let out = in_utc(|| render(&View::Node(v), &options(), at(NOW)));
    let (stdout, _) = printed(&out);
    assert!(!stdout.contains("Allocation Resource Utilization"));
}

#[test]
fn host_stats_that_cannot_be_read_are_reported_where_nomad_reports_them() {
    let View::Node(mut v) = node(false) else {
        unreachable!()
    };
    v.host = Some(Err("Unexpected response code: 500 (boom)".into()));
    let out = in_utc(|| render(&View::Node(v), &options(), at(NOW)));
    let (stdout, stderr) = printed(&out);
    assert_eq!(
        stderr,
        "error fetching node stats: Unexpected response code: 500 (boom)\n\
         error fetching node stats: actual resource usage not present\n"
    );
    assert!(!stdout.contains("Uptime"));
    assert!(!stdout.contains("Host Resource Utilization"));
    assert!(stdout.contains("\nAllocations\n"));
}

#[test]
fn the_hint_follows_the_table() {
    let o = Options {
        hint: Some(
            "\n\n==> View and manage Nomad clients in the Web UI: http://127.0.0.1:4646/ui/clients"
                .into(),
        ),
        ..options()
    };
    let out = in_utc(|| render(&list("nodes", false), &o, at(NOW)));
    let (stdout, stderr) = printed(&out);
    assert_eq!(stdout, cli("cli-hints", "node-status", "stdout"));
    assert_eq!(stderr, cli("cli-hints", "node-status", "stderr"));
}

#[test]
fn drain_text() {
    use super::render::format_drain;
    use crate::api::nodes::{DrainStrategy, Node};
    let mut n = Node::default();
    assert_eq!(format_drain(&n), "false");
    n.drain_strategy = Some(DrainStrategy {
        deadline: -1,
        ignore_system_jobs: false,
        force_deadline: None,
    });
    assert_eq!(format_drain(&n), "true; force drain");
    n.drain_strategy = Some(DrainStrategy {
        deadline: 1,
        ignore_system_jobs: true,
        force_deadline: Some("1970-01-01T00:00:01Z".into()),
    });
    assert_eq!(
        format_drain(&n),
        "true; 1970-01-01T00:00:01Z deadline; ignoring system jobs"
    );
}
