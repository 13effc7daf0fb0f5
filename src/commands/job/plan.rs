//! `job plan` (and `plan`): a dry run of a job file against the cluster (Nomad's
//! `JobPlanCommand`). Exit codes: 0 no allocation changes, 1 changes, 255 errors.

use serde::Serialize;
use serde_json::Value;

use super::diff::format_job_diff;
use super::jobfile::{check_options, get_job};
use crate::api::evals::AllocationMetric;
use crate::api::jobs::job_path;
use crate::api::QueryOptions;
use crate::cli::job::JobPlanArgs;
use crate::commands::job::status::format_alloc_metrics;
use crate::ctx::Ctx;
use crate::output::gostr::quote;

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
pub fn format_dry_run(resp: &Value, job_type: &str) -> String {
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
        }
    }
    out.trim_end_matches('\n').to_string()
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
    let parse_client = match ctx.client(&a.global) {
        Ok(c) => c,
        Err(e) => {
            ctx.ui.error(&format!("Error initializing client: {e}"));
            return 255;
        }
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
    let client = match ctx.client(&global) {
        Ok(c) => c,
        Err(e) => {
            ctx.ui.error(&format!("Error initializing client: {e}"));
            return 255;
        }
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
    let resp = match client
        .put::<Value, _>(&job_path(&id, "/plan"), &body, &QueryOptions::new())
        .await
    {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error during plan: {e}"));
            return 255;
        }
    };
    if a.diff && resp["Diff"].is_object() {
        let d = format_job_diff(&resp["Diff"], a.verbose);
        let d = ctx.ui.colorize(d.trim());
        ctx.ui.output(&format!("{d}\n"));
    }
    let head = ctx.ui.colorize("[bold]Scheduler dry-run:[reset]");
    ctx.ui.output(&head);
    let dry = format_dry_run(&resp, &s(&job, "Type"));
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
    exit_code(&resp)
}
