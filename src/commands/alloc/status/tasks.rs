//! `alloc status`'s task sections (Nomad's `outputTaskDetails` and `shortTaskStatus`): each
//! task's state, resources and usage, volumes and events. Pure.

use std::collections::BTreeMap;

use super::view::AllocView;
use crate::api::allocs::{
    AllocInfo, AllocStats, FullResourceUsage, TaskEvent, TaskLifecycle, TaskState,
};
use crate::gocompat::humanize::ibytes;
use crate::gocompat::strconv::quote;
use crate::gocompat::time::go_duration;
use crate::output::columns::format_list_with_spaces;
use crate::output::json::go_fmt_float_v;
use crate::output::term::Printout;
use crate::output::time::{format_rfc3339, format_unix_nano};
use crate::output::{format_kv, format_list};

const MIB: u64 = 1024 * 1024;

/// `outputTaskDetails`: for each task, its state line, resources, volumes and events.
pub fn task_details(
    p: &mut Printout,
    v: &AllocView,
    stats: Option<&AllocStats>,
    detailed: bool,
    c: &dyn Fn(&str) -> String,
) {
    let alloc = &v.alloc;
    let lc = lifecycles(alloc);
    for task in sorted_tasks(alloc) {
        let state = alloc
            .task_states
            .as_ref()
            .and_then(|m| m.get(&task))
            .cloned()
            .unwrap_or_default();
        let indicator = match lc.get(&task).and_then(|l| l.as_ref()) {
            Some(l) if !l.hook.is_empty() => format!(" ({})", lifecycle_name(Some(l))),
            _ => String::new(),
        };
        p.output(c(&format!(
            "\n[bold]Task {}{} is {}[reset]",
            quote(&task),
            indicator,
            quote(&state.state)
        )));
        if let Some(res) = format_task_resources(alloc, &task, stats, detailed) {
            p.output(res);
        }
        p.output("");
        match task_volumes(alloc, &task) {
            Ok(v) => {
                if let Some(v) = v.strip_suffix('\n') {
                    p.output(v);
                }
            }
            Err(e) => p.error(e),
        }
        p.output(format_task_status(&state));
    }
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
