//! `job plan` (and `plan`): a dry run of a job file against the cluster (Nomad's
//! `JobPlanCommand`). Exit codes: 0 no allocation changes, 1 changes, 255 errors.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::diff::format_job_diff;
use super::jobfile::{check_options, get_job};
use crate::api::evals::AllocationMetric;
use crate::api::QueryOptions;
use crate::cli::job::JobPlanArgs;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::gocompat::time::go_duration;
use crate::output::format_list;
use crate::output::time::{format_rfc3339, rfc3339_to_nanos};
use crate::views::allocs::format_alloc_metrics;

#[derive(Serialize)]
struct PlanRequest<'a> {
    #[serde(rename = "Job")]
    job: &'a Value,
    #[serde(rename = "Diff")]
    diff: bool,
    #[serde(rename = "PolicyOverride")]
    policy_override: bool,
    #[serde(rename = "Region")]
    region: &'a str,
    #[serde(rename = "Namespace")]
    namespace: &'a str,
    #[serde(rename = "SecretID")]
    secret_id: &'a str,
}

/// `formatDryRun`: the scheduler's answer.
pub fn format_dry_run(resp: &Value, job: &Value, now_ns: i64) -> String {
    let job_type = job["Type"].as_str().unwrap_or("");
    // The last rolling-update evaluation the dry run created, if any.
    let rolling = resp["CreatedEvals"]
        .as_array()
        .into_iter()
        .flatten()
        .rfind(|e| e["TriggeredBy"].as_str() == Some("rolling-update"));
    let mut out = String::new();
    let failed = resp["FailedTGAllocs"].as_object().filter(|m| !m.is_empty());
    match failed {
        None => out.push_str("[bold][green]- All tasks successfully allocated.[reset]\n"),
        Some(groups) => {
            if job_type == "system" {
                out.push_str(
                    "[bold][yellow]- WARNING: Failed to place allocations on all nodes.[reset]\n",
                );
            } else {
                out.push_str("[bold][yellow]- WARNING: Failed to place all allocations.[reset]\n");
            }
            let mut names: Vec<&String> = groups.keys().collect();
            names.sort();
            for tg in names {
                let m: AllocationMetric =
                    serde_json::from_value(groups[tg].clone()).unwrap_or_default();
                let noun = if m.coalesced_failures > 0 {
                    "allocations"
                } else {
                    "allocation"
                };
                out.push_str(&format!(
                    "  [yellow]Task Group {} (failed to place {} {noun}):\n[reset]",
                    quote(tg),
                    m.coalesced_failures + 1
                ));
                out.push_str(&format!(
                    "[yellow]{}[reset]\n\n",
                    format_alloc_metrics(&m, "    ")
                ));
            }
            if rolling.is_none() {
                out = out.strip_suffix('\n').unwrap_or(&out).to_string();
            }
        }
    }
    if let Some(e) = rolling {
        out.push_str(&format!(
            "[green]- Rolling update, next evaluation will be in {}.\n",
            go_duration(e["Wait"].as_i64().unwrap_or(0))
        ));
    }
    let next = resp["NextPeriodicLaunch"].as_str().unwrap_or("");
    let next_ns = rfc3339_to_nanos(next);
    let parameterized = !job["ParameterizedJob"].is_null();
    if next_ns > 0 && !parameterized {
        let secs = |ns: i64| ns.div_euclid(1_000_000_000) * 1_000_000_000;
        out.push_str(&format!(
            "[green]- If submitted now, next periodic launch would be at {} ({} from now).\n",
            format_rfc3339(next),
            go_duration(secs(next_ns) - secs(now_ns))
        ));
    }
    out.strip_suffix('\n').unwrap_or(&out).to_string()
}

/// The preempted allocations of a plan (`addPreemptions`): a table of allocations when
/// there are fewer than 10, else counts per job (fewer than 10 jobs) or per job type.
pub fn format_preemptions(allocs: &[Value]) -> String {
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_string();
    if allocs.len() < 10 {
        let mut rows = vec!["Alloc ID|Job ID|Task Group".to_string()];
        for a in allocs {
            rows.push(format!(
                "{}|{}|{}",
                s(a, "ID"),
                s(a, "JobID"),
                s(a, "TaskGroup")
            ));
        }
        return format_list(&rows);
    }
    // Job type -> (job ID, namespace) -> count. Nomad walks Go maps here (random order);
    // sorted is one of its orders.
    let mut by_type: BTreeMap<String, BTreeMap<(String, String), u64>> = BTreeMap::new();
    for a in allocs {
        *by_type
            .entry(s(a, "JobType"))
            .or_default()
            .entry((s(a, "JobID"), s(a, "Namespace")))
            .or_default() += 1;
    }
    let jobs: usize = by_type.values().map(BTreeMap::len).sum();
    let mut rows = Vec::new();
    if jobs < 10 {
        rows.push("Job ID|Namespace|Job Type|Preemptions".to_string());
        for (ty, counts) in &by_type {
            for ((id, ns), n) in counts {
                rows.push(format!("{id}|{ns}|{ty}|{n}"));
            }
        }
    } else {
        rows.push("Job Type|Preemptions".to_string());
        for (ty, counts) in &by_type {
            rows.push(format!("{ty}|{}", counts.values().sum::<u64>()));
        }
    }
    format_list(&rows)
}

/// `getExitCode`: 1 when allocations would be created, stopped, migrated or replaced.
pub fn exit_code(resp: &Value) -> i32 {
    if resp["Diff"]["Type"].as_str() == Some("None") {
        return 0;
    }
    let changes = resp["Annotations"]["DesiredTGUpdates"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .any(|u| {
            ["Stop", "Place", "Migrate", "DestructiveUpdate", "Canary"]
                .iter()
                .map(|k| u[*k].as_u64().unwrap_or(0))
                .sum::<u64>()
                > 0
        });
    i32::from(changes)
}

pub async fn run(ctx: &mut Ctx, a: &JobPlanArgs) -> i32 {
    if a.args.len() != 1 {
        ctx.ui.error("This command takes one argument: <path>");
        ctx.ui
            .error("For additional help try 'nomad job plan -help'");
        return 255;
    }
    let path = a.args[0].as_str();
    if let Err(e) = check_options(&a.file) {
        ctx.ui.error(&e);
        return 255;
    }
    let Some(parse_client) = ctx.connect(&a.global) else {
        return 255;
    };
    let file = match get_job(&parse_client, &ctx.env, &a.file, path).await {
        Ok(f) => f,
        Err(e) => {
            ctx.ui.error(&e);
            return 255;
        }
    };
    let mut job = file.job;
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let mut global = a.global.clone();
    if !s(&job, "Region").is_empty() {
        global.region = s(&job, "Region");
    }
    if !s(&job, "Namespace").is_empty() {
        global.namespace = s(&job, "Namespace");
    }
    let Some(client) = ctx.connect(&global) else {
        return 255;
    };
    if !a.vault_namespace.is_empty() {
        job["VaultNamespace"] = Value::String(a.vault_namespace.clone());
    }
    let id = s(&job, "ID");
    if id.is_empty() {
        ctx.ui.error("Error during plan: job is missing ID");
        return 255;
    }
    let body = PlanRequest {
        job: &job,
        diff: true,
        policy_override: a.policy_override,
        region: "",
        namespace: "",
        secret_id: "",
    };
    let regions: Vec<String> = job["Multiregion"]["Regions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["Name"].as_str().unwrap_or("").to_string())
        .collect();
    if !regions.is_empty() {
        // `multiregionPlan`: every region's plan first (all errors reported), then each
        // region's output; no check-index hint.
        let mut plans = Vec::new();
        let mut failed = false;
        for r in &regions {
            let mut g = global.clone();
            g.region = r.clone();
            let answer = match ctx.client(&g) {
                Ok(c) => c
                    .plan_job::<Value, _>(&id, &body, &QueryOptions::new())
                    .await
                    .map(|(v, _)| v)
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match answer {
                Ok(v) => plans.push((r.clone(), v)),
                Err(e) => {
                    ctx.ui
                        .error(&format!("Error during plan for region {}: {e}", quote(r)));
                    failed = true;
                }
            }
        }
        if failed {
            return 255;
        }
        let mut code = 0;
        for (r, resp) in &plans {
            let head = ctx
                .ui
                .colorize(&format!("[bold]Region: {}[reset]", quote(r)));
            ctx.ui.output(&head);
            code = code.max(output_planned_job(ctx, &job, resp, a.diff, a.verbose));
        }
        return code;
    }
    let resp = match client
        .plan_job::<Value, _>(&id, &body, &QueryOptions::new())
        .await
    {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error during plan: {e}"));
            return 255;
        }
    };
    let code = output_planned_job(ctx, &job, &resp, a.diff, a.verbose);
    let index = resp["JobModifyIndex"].as_u64().unwrap_or(0);
    let mut args = String::new();
    for v in &a.file.var {
        args.push_str(&format!("-var={} ", quote(v)));
    }
    for f in &a.file.var_file {
        args.push_str(&format!("-var-file={} ", quote(f)));
    }
    if !a.global.namespace.is_empty() {
        args.push_str(&format!("-namespace={} ", quote(&a.global.namespace)));
    }
    let hint = format!(
        "[reset][bold]Job Modify Index: {index}[reset]\n\
To submit the job with version verification run:\n\n\
nomad job run -check-index {index} {args}{path}\n\n\
When running the job with the check-index flag, the job will only be run if the\n\
job modify index given matches the server-side version. If the index has\n\
changed, another user has modified the job and the plan's results are\n\
potentially invalid."
    );
    let hint = ctx.ui.colorize(&hint);
    ctx.ui.output(&hint);
    code
}

/// `outputPlannedJob`: the diff, the scheduler's dry run, warnings and preemptions; returns
/// the exit code.
fn output_planned_job(ctx: &mut Ctx, job: &Value, resp: &Value, diff: bool, verbose: bool) -> i32 {
    if diff && resp["Diff"].is_object() {
        let d = format_job_diff(&resp["Diff"], verbose);
        let d = ctx.ui.colorize(d.trim());
        ctx.ui.output(&format!("{d}\n"));
    }
    let head = ctx.ui.colorize("[bold]Scheduler dry-run:[reset]");
    ctx.ui.output(&head);
    let dry = format_dry_run(resp, job, ctx.now_ns);
    let dry = ctx.ui.colorize(&dry);
    ctx.ui.output(&dry);
    ctx.ui.output("");
    let warnings = resp["Warnings"].as_str().unwrap_or("");
    if !warnings.is_empty() {
        let w = ctx
            .ui
            .colorize(&format!("[bold][yellow]Job Warnings:\n{warnings}[reset]\n"));
        ctx.ui.output(&w);
    }
    if let Some(pre) = resp["Annotations"]["PreemptedAllocs"]
        .as_array()
        .filter(|l| !l.is_empty())
    {
        let head = ctx.ui.colorize("[bold][yellow]Preemptions:\n[reset]");
        ctx.ui.output(&head);
        ctx.ui.output(&format_preemptions(pre));
    }
    exit_code(resp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn alloc(i: usize, job: &str, ty: &str) -> Value {
        json!({"ID": format!("{i:08}-0000-0000-0000-000000000000"), "JobID": job,
               "Namespace": "default", "JobType": ty, "TaskGroup": "g"})
    }

    #[test]
    fn preemptions_by_job_then_by_type() {
        let few: Vec<Value> = (0..2).map(|i| alloc(i, "a", "batch")).collect();
        assert_eq!(
            format_preemptions(&few),
            "Alloc ID                              Job ID  Task Group\n\
             00000000-0000-0000-0000-000000000000  a       g\n\
             00000001-0000-0000-0000-000000000000  a       g"
        );
        let jobs: Vec<Value> = (0..12)
            .map(|i| alloc(i, if i % 2 == 0 { "a" } else { "b" }, "batch"))
            .collect();
        assert_eq!(
            format_preemptions(&jobs),
            "Job ID  Namespace  Job Type  Preemptions\n\
             a       default    batch     6\n\
             b       default    batch     6"
        );
        let many: Vec<Value> = (0..12)
            .map(|i| alloc(i, &format!("j{i}"), if i < 4 { "service" } else { "batch" }))
            .collect();
        assert_eq!(
            format_preemptions(&many),
            "Job Type  Preemptions\nbatch     8\nservice   4"
        );
    }

    #[test]
    fn rolling_update_line() {
        let resp = json!({"FailedTGAllocs": null, "CreatedEvals": [
            {"TriggeredBy": "job-register", "Wait": 0},
            {"TriggeredBy": "rolling-update", "Wait": 30_000_000_000i64}]});
        let job = json!({"Type": "service", "ParameterizedJob": null});
        assert_eq!(
            format_dry_run(&resp, &job, 0),
            "[bold][green]- All tasks successfully allocated.[reset]\n\
             [green]- Rolling update, next evaluation will be in 30s."
        );
    }

    #[test]
    fn next_periodic_launch_line() {
        let resp = json!({"FailedTGAllocs": null,
                          "NextPeriodicLaunch": "2023-11-14T23:00:00Z"});
        let job = json!({"Type": "batch", "ParameterizedJob": null});
        // 13m20.5s before the launch: both times are truncated to the second.
        let now = 1_700_002_000_500_000_000;
        assert_eq!(
            format_dry_run(&resp, &job, now),
            "[bold][green]- All tasks successfully allocated.[reset]\n\
             [green]- If submitted now, next periodic launch would be at \
             2023-11-14T23:00:00Z (13m20s from now)."
        );
        let param = json!({"Type": "batch", "ParameterizedJob": {}});
        assert_eq!(
            format_dry_run(&resp, &param, now),
            "[bold][green]- All tasks successfully allocated.[reset]"
        );
    }
}
