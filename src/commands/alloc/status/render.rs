//! `alloc status`'s renderer (Nomad's `command/alloc_status.go`): the header block, addresses,
//! service checks, the task sections (`tasks.rs`) and, with `-verbose` (`-short` too, as
//! Nomad), the placement metrics. Pure: the clock and colour come in.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::tasks::{short_task_status, task_details};
use super::view::AllocView;
use crate::api::allocs::{AllocCheckStatus, AllocInfo};
use crate::api::evals::AllocationMetric;
use crate::gocompat::strconv::quote;
use crate::gocompat::time::go_duration;
use crate::output::color::colorize;
use crate::output::json::go_fmt_float_v;
use crate::output::term::Printout;
use crate::output::time::{format_unix_nano, pretty_time_diff};
use crate::output::{format_kv, format_list, id_len, limit};
use crate::views::allocs::format_alloc_metrics;

/// How to render.
pub struct Options {
    pub verbose: bool,
    /// `-stats`: each task's detailed memory and CPU figures.
    pub stats: bool,
    /// Whether `[bold]` markup becomes colour (Nomad's coloured UI).
    pub markup: bool,
}

/// The output of `alloc status` for `v`, at `now_ns` (the Web UI hint, which comes last, is
/// the caller's).
pub fn render(v: &AllocView, o: &Options, now_ns: i64) -> Printout {
    let c = |s: &str| colorize(s, o.markup);
    let alloc = &v.alloc;
    let mut p = Printout::default();
    match &v.details {
        None => {
            p.output(format_short_info(alloc, now_ns));
            p.output(c("\n[bold]Tasks[reset]"));
            p.output(short_task_status(alloc));
        }
        Some(d) => {
            let len = id_len(o.verbose);
            let followup = d.followup_wait_ns();
            p.output(format_basic_info(alloc, len, o.verbose, followup, now_ns));
            if let Some(net) = format_network_info(alloc) {
                p.output("");
                p.output(net);
            }
            if let Some(checks) = d.checks.as_ref().and_then(format_checks) {
                p.output("");
                p.output(checks);
            }
            if let Err(e) = &d.stats {
                p.output("");
                p.error(format!("Couldn't retrieve stats: {e}"));
            }
            task_details(&mut p, v, d.stats.as_ref().ok(), o.stats, &c);
        }
    }
    if o.verbose {
        p.output(c("\n[bold]Placement Metrics[reset]"));
        p.output(format_metrics_with_scores(
            alloc.metrics.as_ref().unwrap_or(&Value::Null),
            "  ",
        ));
    }
    p
}

/// `formatAllocShortInfo`.
pub fn format_short_info(a: &AllocInfo, now_ns: i64) -> String {
    format_kv(&[
        format!("ID|{}", a.id),
        format!("Name|{}", a.name),
        format!("Created|{}", pretty_time_diff(a.create_time, now_ns)),
        format!("Modified|{}", pretty_time_diff(a.modify_time, now_ns)),
    ])
}

/// `RescheduleInfo`: attempts inside the policy's interval (counted back from `at`), and the
/// policy's attempts.
fn reschedule_info(a: &AllocInfo, at_ns: i64) -> (i64, i64) {
    let Some(policy) = a.group().and_then(|g| g.reschedule_policy.as_ref()) else {
        return (0, 0);
    };
    let available = policy.attempts.unwrap_or(0);
    let interval = policy.interval.unwrap_or(0);
    let mut attempted = 0;
    if available > 0 && interval > 0 {
        for e in a
            .reschedule_tracker
            .as_ref()
            .and_then(|t| t.events.as_ref())
            .into_iter()
            .flatten()
        {
            if at_ns - e.reschedule_time < interval {
                attempted += 1;
            }
        }
    }
    (attempted, available)
}

fn metric_i64(m: Option<&Value>, key: &str) -> i64 {
    m.and_then(|m| m.get(key))
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// `formatAllocBasicInfo`: the header block.
pub fn format_basic_info(
    a: &AllocInfo,
    len: usize,
    verbose: bool,
    followup_wait_ns: i64,
    now_ns: i64,
) -> String {
    let (created, modified) = if verbose {
        (
            format_unix_nano(a.create_time),
            format_unix_nano(a.modify_time),
        )
    } else {
        (
            pretty_time_diff(a.create_time, now_ns),
            pretty_time_diff(a.modify_time, now_ns),
        )
    };
    let version = a.job.as_ref().and_then(|j| j.version).unwrap_or(0);
    let mut rows = vec![
        format!("ID|{}", a.id),
        format!("Eval ID|{}", limit(&a.eval_id, len)),
        format!("Name|{}", a.name),
        format!("Node ID|{}", limit(&a.node_id, len)),
        format!("Node Name|{}", a.node_name),
        format!("Job ID|{}", a.job_id),
        format!("Job Version|{version}"),
        format!("Client Status|{}", a.client_status),
        format!("Client Description|{}", a.client_description),
        format!("Desired Status|{}", a.desired_status),
        format!("Desired Description|{}", a.desired_description),
        format!("Created|{created}"),
        format!("Modified|{modified}"),
    ];
    if !a.deployment_id.is_empty() {
        let (health, canary) = match &a.deployment_status {
            Some(d) => (
                match d.healthy {
                    Some(true) => "healthy",
                    Some(false) => "unhealthy",
                    None => "unset",
                },
                d.canary,
            ),
            None => ("unset", false),
        };
        rows.push(format!("Deployment ID|{}", limit(&a.deployment_id, len)));
        rows.push(format!("Deployment Health|{health}"));
        if canary {
            rows.push("Canary|true".to_string());
        }
    }
    let tracked = a
        .reschedule_tracker
        .as_ref()
        .and_then(|t| t.events.as_ref())
        .is_some_and(|e| !e.is_empty());
    if tracked {
        let (attempts, total) = reschedule_info(a, a.modify_time);
        if total > 0 {
            rows.push(format!("Reschedule Attempts|{attempts}/{total}"));
        }
    }
    if !a.next_allocation.is_empty() {
        rows.push(format!(
            "Replacement Alloc ID|{}",
            limit(&a.next_allocation, len)
        ));
    }
    if followup_wait_ns > 0 && followup_wait_ns >= now_ns {
        rows.push(format!(
            "Reschedule Eligibility|{}",
            pretty_time_diff(followup_wait_ns, now_ns)
        ));
    }
    if verbose {
        let m = a.metrics.as_ref();
        rows.push(format!(
            "Evaluated Nodes|{}",
            metric_i64(m, "NodesEvaluated")
        ));
        rows.push(format!("Filtered Nodes|{}", metric_i64(m, "NodesFiltered")));
        rows.push(format!(
            "Exhausted Nodes|{}",
            metric_i64(m, "NodesExhausted")
        ));
        rows.push(format!(
            "Allocation Time|{}",
            go_duration(metric_i64(m, "AllocationTime"))
        ));
        rows.push(format!("Failures|{}", metric_i64(m, "CoalescedFailures")));
    }
    format_kv(&rows)
}

/// `formatAllocNetworkInfo`, when the first shared network has ports.
pub fn format_network_info(a: &AllocInfo) -> Option<String> {
    let shared = a.allocated_resources.as_ref()?.shared.as_ref()?;
    let nw = shared.networks.as_ref()?.first()?;
    let dynamic = nw.dynamic_ports.as_deref().unwrap_or(&[]);
    let reserved = nw.reserved_ports.as_deref().unwrap_or(&[]);
    if dynamic.is_empty() && reserved.is_empty() {
        return None;
    }
    let port = |label: &str, value: i64, to: i64, ip: &str| {
        let mut s = format!("{label}|yes|{ip}:{value}");
        if to > 0 {
            s.push_str(&format!(" -> {to}"));
        }
        s
    };
    let mut rows = vec!["Label|Dynamic|Address".to_string()];
    match shared.ports.as_deref() {
        Some(ports) if !ports.is_empty() => {
            for p in ports {
                rows.push(port(&format!("*{}", p.label), p.value, p.to, &p.host_ip));
            }
        }
        _ => {
            for p in dynamic.iter().chain(reserved) {
                rows.push(port(&p.label, p.value, p.to, &nw.ip));
            }
        }
    }
    let mode = if nw.mode.is_empty() {
        String::new()
    } else {
        format!(" (mode = {})", quote(&nw.mode))
    };
    Some(format!(
        "Allocation Addresses{mode}:\n{}",
        format_list(&rows)
    ))
}

/// `formatAllocNomadServiceChecks`; nothing when there are no checks.
pub fn format_checks(checks: &BTreeMap<String, AllocCheckStatus>) -> Option<String> {
    if checks.is_empty() {
        return None;
    }
    let mut rows: Vec<String> = checks
        .values()
        .map(|c| {
            let task = if c.task.is_empty() {
                "(group)"
            } else {
                &c.task
            };
            format!("{}|{}|{}|{}|{}", c.service, task, c.check, c.mode, c.status)
        })
        .collect();
    rows.sort();
    rows.insert(0, "Service|Task|Name|Mode|Status".to_string());
    Some(format!("Nomad Service Checks:\n{}", format_list(&rows)))
}

/// Go's `%.3g`.
pub fn fmt_g3(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if !x.is_finite() {
        return go_fmt_float_v(x);
    }
    let e = format!("{x:.2e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if !(-4..3).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(mant), exp.abs())
    } else {
        let decimals = (2 - exp).max(0) as usize;
        trim(&format!("{x:.decimals$}"))
    }
}

/// `formatAllocMetrics(metrics, true, prefix)`: the filter/exhaustion lines and the score table.
pub fn format_metrics_with_scores(m: &Value, prefix: &str) -> String {
    let base: AllocationMetric = serde_json::from_value(m.clone()).unwrap_or_default();
    let mut out = format_alloc_metrics(&base, prefix);
    if !out.is_empty() {
        out.push('\n');
    }
    let metas = m
        .get("ScoreMetaData")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !metas.is_empty() {
        let mut names = BTreeSet::new();
        for meta in &metas {
            if let Some(s) = meta.get("Scores").and_then(Value::as_object) {
                names.extend(s.keys().cloned());
            }
        }
        let names: Vec<String> = names.into_iter().collect();
        let mut rows = vec![format!("Node|{}|final score", names.join("|"))];
        for meta in &metas {
            let mut row = format!(
                "{}|",
                meta.get("NodeID").and_then(Value::as_str).unwrap_or("")
            );
            for n in &names {
                let v = meta
                    .get("Scores")
                    .and_then(|s| s.get(n))
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0);
                row.push_str(&format!("{}|", fmt_g3(v)));
            }
            row.push_str(&fmt_g3(
                meta.get("NormScore").and_then(Value::as_f64).unwrap_or(0.0),
            ));
            rows.push(row);
        }
        out.push_str(&format_list(&rows));
    } else if let Some(scores) = m.get("Scores").and_then(Value::as_object) {
        for (name, v) in scores {
            out.push_str(&format!(
                "{prefix}* Score {} = {:.6}\n",
                quote(name),
                v.as_f64().unwrap_or(0.0)
            ));
        }
    }
    out.trim_end_matches('\n').to_string()
}
