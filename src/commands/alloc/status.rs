//! `alloc status`: one allocation in detail (Nomad's `command/alloc_status.go`).
//!
//! Nomad asks for the follow-up evaluation, the service checks and the resource usage one after
//! another once it has the allocation; rnomad sends those requests together.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{prefix_list, sort_stub_values};
use crate::api::allocs::{
    AllocCheckStatus, AllocInfo, AllocStats, FullResourceUsage, TaskEvent, TaskLifecycle, TaskState,
};
use crate::api::evals::{AllocationMetric, Evaluation};
use crate::api::sanitize_uuid_prefix;
use crate::api::{Client, Error, QueryOptions};
use crate::cli::alloc::AllocStatusArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, watch, HintFlags};
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::gocompat::humanize::ibytes;
use crate::gocompat::strconv::quote;
use crate::gocompat::time::go_duration;
use crate::output::columns::format_list_with_spaces;
use crate::output::json::go_fmt_float_v;
use crate::output::time::{format_rfc3339, format_unix_nano, pretty_time_diff, rfc3339_to_nanos};
use crate::output::{format_kv, format_list, id_len, limit};
use crate::views::allocs::{format_alloc_list_stubs, format_alloc_metrics};

const MIB: u64 = 1024 * 1024;

pub async fn run(ctx: &mut Ctx, a: &AllocStatusArgs) -> i32 {
    if a.watch.watch {
        let Some(client) = ctx.connect(&a.global) else {
            return 1;
        };
        let paths = crate::watch::by_prefix("/v1/allocations", a.args.first());
        return watch(
            ctx,
            &client,
            &a.watch,
            "alloc status",
            paths,
            async |ctx: &mut Ctx| run_once(ctx, a).await,
        )
        .await;
    }
    run_once(ctx, a).await
}

async fn run_once(ctx: &mut Ctx, a: &AllocStatusArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let data_mode = a.format.is_data();
    if a.args.is_empty() && data_mode {
        let body = match client
            .get_value("/v1/allocations", &QueryOptions::new())
            .await
        {
            Ok((v, _)) => sort_stub_values(v),
            Err(e) => {
                ctx.ui.error(&format!("Error querying allocations: {e}"));
                return 1;
            }
        };
        return print_if_asked(ctx, &a.format, "[]*AllocationListStub", &body, Errors::AsIs)
            .unwrap_or(0);
    }
    if a.args.len() != 1 {
        ctx.ui
            .error("This command takes one of the following argument conditions:");
        ctx.ui.error(" * A single <allocation>");
        return usage_error(
            ctx,
            " * No arguments, with output format specified",
            "alloc status",
        );
    }
    let verbose = a.verbose;
    let id = &a.args[0];
    if id.chars().count() == 1 {
        ctx.ui
            .error("Identifier must contain at least two characters.");
        return 1;
    }
    let prefix = sanitize_uuid_prefix(id);
    let allocs = match prefix_list(&client, &prefix).await {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying allocation: {e}"));
            return 1;
        }
    };
    if allocs.is_empty() {
        ctx.ui.error(&format!(
            "No allocation(s) with prefix or id {} found",
            quote(&prefix)
        ));
        return 1;
    }
    if allocs.len() > 1 {
        ctx.ui.output(&format!(
            "Prefix matched multiple allocations\n\n{}",
            format_alloc_list_stubs(&allocs, verbose, ctx.now_ns)
        ));
        return 0;
    }
    let stub = &allocs[0];
    let info_q = QueryOptions::new().namespace(&stub.namespace);
    let body = match client
        .get_value(&format!("/v1/allocation/{}", stub.id), &info_q)
        .await
    {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying allocation: {e}"));
            return 1;
        }
    };
    if data_mode {
        return print_if_asked(ctx, &a.format, "*Allocation", &body, Errors::AsIs).unwrap_or(0);
    }
    let alloc: AllocInfo = match serde_json::from_value(body) {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying allocation: {e}"));
            return 1;
        }
    };
    let hint = start_hint_check(ctx, &client);
    let hint_flags = HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    };

    if a.short {
        ctx.ui.output(&format_short_info(&alloc, ctx.now_ns));
        let tasks = short_task_status(&alloc);
        ctx.ui.output(&ctx.ui.colorize("\n[bold]Tasks[reset]"));
        ctx.ui.output(&tasks);
        finish(ctx, hint, &client, hint_flags, &alloc.id).await;
        return 0;
    }

    // What the header, the checks and the usage need does not depend on each other.
    let stats_path = format!("/v1/client/allocation/{}/stats", alloc.id);
    let no_query = QueryOptions::new();
    let (followup, checks, stats) = tokio::join!(
        followup_wait(&client, &alloc.followup_eval_id),
        alloc_checks(&client, &alloc.id),
        client.get::<AllocStats>(&stats_path, &no_query),
    );
    ctx.ui.output(&format_basic_info(
        &alloc,
        id_len(verbose),
        verbose,
        followup,
        ctx.now_ns,
    ));
    if let Some(net) = format_network_info(&alloc) {
        ctx.ui.output("");
        ctx.ui.output(&net);
    }
    if let Some(checks) = checks.and_then(|c| format_checks(&c)) {
        ctx.ui.output("");
        ctx.ui.output(&checks);
    }
    let stats = match stats {
        Ok((s, _)) => Some(s),
        Err(e) => {
            ctx.ui.output("");
            ctx.ui.error(&format!("Couldn't retrieve stats: {e}"));
            None
        }
    };
    for task in sorted_tasks(&alloc) {
        let state = alloc
            .task_states
            .as_ref()
            .and_then(|m| m.get(&task))
            .cloned()
            .unwrap_or_default();
        let lc = lifecycles(&alloc);
        let indicator = match lc.get(&task).and_then(|l| l.as_ref()) {
            Some(l) if !l.hook.is_empty() => format!(" ({})", lifecycle_name(Some(l))),
            _ => String::new(),
        };
        ctx.ui.output(&ctx.ui.colorize(&format!(
            "\n[bold]Task {}{} is {}[reset]",
            quote(&task),
            indicator,
            quote(&state.state)
        )));
        if let Some(res) = format_task_resources(&alloc, &task, stats.as_ref(), a.stats) {
            ctx.ui.output(&res);
        }
        ctx.ui.output("");
        match task_volumes(&alloc, &task) {
            Ok(v) => {
                if let Some(v) = v.strip_suffix('\n') {
                    ctx.ui.output(v);
                }
            }
            Err(e) => ctx.ui.error(&e),
        }
        ctx.ui.output(&format_task_status(&state));
    }
    if verbose {
        ctx.ui
            .output(&ctx.ui.colorize("\n[bold]Placement Metrics[reset]"));
        ctx.ui.output(&format_metrics_with_scores(
            alloc.metrics.as_ref().unwrap_or(&Value::Null),
            "  ",
        ));
    }
    finish(ctx, hint, &client, hint_flags, &alloc.id).await;
    0
}

async fn finish(
    ctx: &mut Ctx,
    hint: Option<tokio::task::JoinHandle<bool>>,
    client: &Client,
    flags: HintFlags,
    id: &str,
) {
    show_hint(
        ctx,
        hint,
        client,
        flags,
        "View allocation details",
        &format!("/allocations/{id}"),
    )
    .await;
}

/// The follow-up evaluation's `WaitUntil`, when there is one (errors leave the line out).
async fn followup_wait(client: &Client, eval_id: &str) -> i64 {
    if eval_id.is_empty() {
        return 0;
    }
    match client
        .get::<Evaluation>(&format!("/v1/evaluation/{eval_id}"), &QueryOptions::new())
        .await
    {
        Ok((e, _)) => e.wait_until.as_deref().map(rfc3339_to_nanos).unwrap_or(0),
        Err(_) => 0,
    }
}

async fn alloc_checks(client: &Client, id: &str) -> Option<BTreeMap<String, AllocCheckStatus>> {
    let r: Result<(Option<BTreeMap<String, AllocCheckStatus>>, _), Error> = client
        .get(
            &format!("/v1/client/allocation/{id}/checks"),
            &QueryOptions::new(),
        )
        .await;
    r.ok().and_then(|(v, _)| v)
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

/// Each task of the group and its lifecycle (`None` for main tasks).
fn lifecycles(a: &AllocInfo) -> BTreeMap<String, Option<TaskLifecycle>> {
    a.group()
        .and_then(|g| g.tasks.as_ref())
        .map(|ts| {
            ts.iter()
                .map(|t| (t.name.clone(), t.lifecycle.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// `sortedTaskStateIterator`: by name, then lifecycle tasks first (non-sidecars before
/// sidecars), main tasks last; the sort is stable.
pub fn sorted_tasks(a: &AllocInfo) -> Vec<String> {
    let lc = lifecycles(a);
    let mut keys: Vec<String> = a
        .task_states
        .as_ref()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    let rank = |k: &String| match lc.get(k).and_then(|l| l.as_ref()) {
        None => 2,
        Some(l) if l.sidecar => 1,
        Some(_) => 0,
    };
    keys.sort_by_key(rank);
    keys
}

/// `lifecycleDisplayName`.
fn lifecycle_name(l: Option<&TaskLifecycle>) -> String {
    match l {
        Some(l) if !l.hook.is_empty() => {
            if l.sidecar {
                format!("{} sidecar", l.hook)
            } else {
                l.hook.clone()
            }
        }
        _ => "main".to_string(),
    }
}

/// `shortTaskStatus`: one row per task.
pub fn short_task_status(a: &AllocInfo) -> String {
    let lc = lifecycles(a);
    let mut rows = vec!["Name|State|Last Event|Time|Lifecycle".to_string()];
    for task in sorted_tasks(a) {
        let state = a.task_states.as_ref().and_then(|m| m.get(&task));
        let (event, time) = state
            .and_then(|s| s.events.as_ref())
            .and_then(|e| e.last())
            .map(|e| (e.kind.clone(), format_unix_nano(e.time)))
            .unwrap_or_default();
        rows.push(format!(
            "{}|{}|{}|{}|{}",
            task,
            state.map(|s| s.state.as_str()).unwrap_or(""),
            event,
            time,
            lifecycle_name(lc.get(&task).and_then(|l| l.as_ref()))
        ));
    }
    format_list(&rows)
}

/// `formatTaskTimes`: `N/A` for an unset time.
fn task_time(t: Option<&str>) -> String {
    match t {
        None => "N/A".to_string(),
        Some(s) if s.starts_with("0001-01-01T00:00:00") => "N/A".to_string(),
        Some(s) => format_rfc3339(s),
    }
}

/// `outputTaskStatus`: the task's times and restarts, then its events, newest first.
pub fn format_task_status(s: &TaskState) -> String {
    let mut out = String::from("Task Events:\n");
    out.push_str(&format_kv(&[
        format!("Started At|{}", task_time(s.started_at.as_deref())),
        format!("Finished At|{}", task_time(s.finished_at.as_deref())),
        format!("Total Restarts|{}", s.restarts),
        format!("Last Restart|{}", task_time(s.last_restart.as_deref())),
    ]));
    out.push_str("\n\nRecent Events:\n");
    let mut rows = vec!["Time|Type|Description".to_string()];
    for e in s.events.iter().flatten().rev() {
        let msg = if e.display_message.is_empty() {
            display_message(e)
        } else {
            e.display_message.clone()
        };
        rows.push(format!("{}|{}|{}", format_unix_nano(e.time), e.kind, msg));
    }
    out.push_str(&format_list(&rows));
    out
}

/// `buildDisplayMessage`: an event's description built from its type and fields.
pub fn display_message(e: &TaskEvent) -> String {
    let or = |s: &str, d: &str| {
        if s.is_empty() {
            d.to_string()
        } else {
            s.to_string()
        }
    };
    match e.kind.as_str() {
        "Task Setup" => e.message.clone(),
        "Started" => "Task started by client".into(),
        "Received" => "Task received by client".into(),
        "Failed Validation" => or(&e.validation_error, "Validation of task failed"),
        "Setup Failure" => or(&e.setup_error, "Task setup failed"),
        "Driver Failure" => or(&e.driver_error, "Failed to start task"),
        "Downloading Artifacts" => "Client is downloading artifacts".into(),
        "Failed Artifact Download" => or(&e.download_error, "Failed to download artifacts"),
        "Killing" => {
            if !e.kill_reason.is_empty() {
                format!("Killing task: {}", e.kill_reason)
            } else if e.kill_timeout != 0 {
                format!(
                    "Sent interrupt. Waiting {} before force killing",
                    go_duration(e.kill_timeout)
                )
            } else {
                "Sent interrupt".into()
            }
        }
        "Killed" => or(&e.kill_error, "Task successfully killed"),
        "Terminated" => {
            let mut parts = vec![format!("Exit Code: {}", e.exit_code)];
            if e.signal != 0 {
                parts.push(format!("Signal: {}", e.signal));
            }
            if !e.message.is_empty() {
                parts.push(format!("Exit Message: {}", quote(&e.message)));
            }
            parts.join(", ")
        }
        "Restarting" => {
            let inn = format!("Task restarting in {}", go_duration(e.start_delay));
            if !e.restart_reason.is_empty() && e.restart_reason != "Restart within policy" {
                format!("{} - {inn}", e.restart_reason)
            } else {
                inn
            }
        }
        "Not Restarting" => or(&e.restart_reason, "Task exceeded restart policy"),
        "Sibling Task Failed" => {
            if e.failed_sibling.is_empty() {
                "Task's sibling failed".into()
            } else {
                format!("Task's sibling {} failed", quote(&e.failed_sibling))
            }
        }
        "Signaling" => {
            let (sig, reason) = (&e.task_signal, &e.task_signal_reason);
            match (sig.is_empty(), reason.is_empty()) {
                (true, true) => "Task being sent a signal".into(),
                (true, false) => reason.clone(),
                (false, true) => format!("Task being sent signal {sig}"),
                (false, false) => format!("Task being sent signal {sig}: {reason}"),
            }
        }
        "Restart Signaled" => or(&e.restart_reason, "Task signaled to restart"),
        "Driver" => e.driver_message.clone(),
        "Leader Task Dead" => "Leader Task in Group dead".into(),
        "Reconnected" => "Client reconnected".into(),
        _ => e.message.clone(),
    }
}

/// `outputTaskResources`: `Task Resources:` and its table, with live usage when there is
/// some, then (with `-stats`) the detailed usage. `None` when the task has no resources.
pub fn format_task_resources(
    a: &AllocInfo,
    task: &str,
    stats: Option<&AllocStats>,
    detailed: bool,
) -> Option<String> {
    let res = a.task_resources.as_ref()?.get(task)?;
    let mut addrs = Vec::new();
    for nw in res.networks.iter().flatten() {
        let dynamic = nw.dynamic_ports.iter().flatten();
        for p in dynamic.chain(nw.reserved_ports.iter().flatten()) {
            addrs.push(format!("{}: {}:{}", p.label, nw.ip, p.value));
        }
    }
    let cpu_header = match res.cores {
        Some(c) if c > 0 => format!("CPU ({c} cores)"),
        _ => "CPU".to_string(),
    };
    let mut rows = vec![format!("{cpu_header}|Memory|Disk|Addresses")];
    let cpu = res.cpu.unwrap_or(0);
    let mem = res.memory_mb.unwrap_or(0);
    let mut cpu_usage = cpu.to_string();
    let mut mem_usage = ibytes((mem as u64).wrapping_mul(MIB));
    let mem_max = match res.memory_max_mb {
        Some(m) if m != 0 && m != mem => format!("Max: {}", ibytes((m as u64).wrapping_mul(MIB))),
        _ => String::new(),
    };
    let usage: Option<&FullResourceUsage> = stats
        .and_then(|s| s.tasks.as_ref())
        .and_then(|t| t.get(task))
        .and_then(|t| t.as_ref())
        .and_then(|t| t.resource_usage.as_ref());
    if let Some(ru) = usage {
        if let Some(cs) = &ru.cpu_stats {
            cpu_usage = format!("{}/{cpu_usage}", go_fmt_float_v(cs.total_ticks.floor()));
        }
        if let Some(ms) = &ru.memory_stats {
            let measured_rss = ms
                .measured
                .as_ref()
                .is_some_and(|m| m.iter().any(|x| x == "RSS"));
            let used = if ms.rss == 0 && !measured_rss {
                ms.usage
            } else {
                ms.rss
            };
            mem_usage = format!("{}/{mem_usage}", ibytes(used));
        }
    }
    let disk = a.resources.as_ref().and_then(|r| r.disk_mb).unwrap_or(0);
    rows.push(format!(
        "{cpu_usage} MHz|{mem_usage}|{}|{}",
        ibytes((disk as u64).wrapping_mul(MIB)),
        addrs.first().map(String::as_str).unwrap_or("")
    ));
    if !mem_max.is_empty() || addrs.len() > 1 {
        rows.push(format!(
            "|{mem_max}||{}",
            addrs.get(1).map(String::as_str).unwrap_or("")
        ));
    }
    for addr in addrs.iter().skip(2) {
        rows.push(format!("|||{addr}"));
    }
    let mut out = format!("Task Resources:\n{}", format_list_with_spaces(&rows));
    if detailed {
        if let Some(ru) = usage {
            out.push_str("\n\n");
            out.push_str(&format_verbose_usage(ru));
        }
    }
    Some(out)
}

/// `outputVerboseResourceUsage`: the measured memory and CPU figures, sorted by name.
pub fn format_verbose_usage(ru: &FullResourceUsage) -> String {
    let mut out = String::new();
    if let Some(ms) = &ru.memory_stats {
        let mut measured = ms.measured.clone().unwrap_or_default();
        if !measured.is_empty() {
            measured.sort();
            let values: Vec<String> = measured
                .iter()
                .filter_map(|m| {
                    let v = match m.as_str() {
                        "RSS" => ms.rss,
                        "Cache" => ms.cache,
                        "Swap" => ms.swap,
                        "Usage" => ms.usage,
                        "Max Usage" => ms.max_usage,
                        "Kernel Usage" => ms.kernel_usage,
                        "Kernel Max Usage" => ms.kernel_max_usage,
                        _ => return None,
                    };
                    Some(ibytes(v))
                })
                .collect();
            out.push_str("Memory Stats\n");
            out.push_str(&format_list(&[measured.join("|"), values.join("|")]));
            out.push_str("\n\n");
        }
    }
    if let Some(cs) = &ru.cpu_stats {
        let mut measured = cs.measured.clone().unwrap_or_default();
        if !measured.is_empty() {
            measured.sort();
            let values: Vec<String> = measured
                .iter()
                .filter_map(|m| {
                    Some(match m.as_str() {
                        "Percent" => format!("{:.2}%", cs.percent),
                        "Throttled Periods" => cs.throttled_periods.to_string(),
                        "Throttled Time" => cs.throttled_time.to_string(),
                        "User Mode" => format!("{:.2}%", cs.user_mode),
                        "System Mode" => format!("{:.2}%", cs.system_mode),
                        _ => return None,
                    })
                })
                .collect();
            out.push_str("CPU Stats\n");
            out.push_str(&format_list(&[measured.join("|"), values.join("|")]));
            out.push('\n');
        }
    }
    out.trim_end_matches('\n').to_string()
}

/// `outputTaskVolumes`: host and CSI volume tables (each followed by an empty line), or the
/// error text when the task is in no group. Go's lookup falls back to the last task it saw.
fn task_volumes(a: &AllocInfo, task: &str) -> Result<String, String> {
    let groups = a
        .job
        .as_ref()
        .and_then(|j| j.task_groups.as_ref())
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut found = None;
    let mut last = None;
    'outer: for tg in groups {
        for t in tg.tasks.iter().flatten() {
            last = Some((tg, t));
            if t.name == task {
                found = Some((tg, t));
                break 'outer;
            }
        }
    }
    let Some((tg, t)) = found.or(last) else {
        return Err(format!("Could not find task data for {}", quote(task)));
    };
    let mounts = t.volume_mounts.as_deref().unwrap_or(&[]);
    if mounts.is_empty() {
        return Ok(String::new());
    }
    let mut host = vec!["ID|Read Only".to_string()];
    let mut csi = vec!["ID|Read Only".to_string()];
    for m in mounts {
        let req = m
            .volume
            .as_ref()
            .and_then(|v| tg.volumes.as_ref().and_then(|vs| vs.get(v)))
            .cloned()
            .unwrap_or_default();
        match req.volume_type.as_str() {
            "host" => host.push(format!("{}|{}", req.name, m.read_only.unwrap_or(false))),
            "csi" => csi.push(format!("{}|{}", req.name, req.read_only)),
            _ => {}
        }
    }
    let mut out = String::new();
    if host.len() > 1 {
        out.push_str(&format!("Host Volumes:\n{}\n\n", format_list(&host)));
    }
    if csi.len() > 1 {
        out.push_str(&format!("CSI Volumes:\n{}\n\n", format_list(&csi)));
    }
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::fmt_g3;

    #[test]
    fn g3_matches_go() {
        assert_eq!(fmt_g3(0.027485842328672225), "0.0275");
        assert_eq!(fmt_g3(0.0), "0");
        assert_eq!(fmt_g3(0.42), "0.42");
        assert_eq!(fmt_g3(1.0), "1");
        assert_eq!(fmt_g3(-0.5), "-0.5");
        assert_eq!(fmt_g3(123.456), "123");
        assert_eq!(fmt_g3(1234.5), "1.23e+03");
        assert_eq!(fmt_g3(0.00001234), "1.23e-05");
        assert_eq!(fmt_g3(0.0001234), "0.000123");
    }
}
