//! `job run` (and `run`): register a job file, then follow its evaluation and deployment
//! (Nomad's `JobRunCommand`).

use serde::Serialize;
use serde_json::Value;

use super::jobfile::{check_options, get_job, Submission};
use super::wait::wait_for_job;
use crate::api::jobs::Job;
use crate::api::QueryOptions;
use crate::cli::job::JobRunArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, HintFlags};
use crate::ctx::Ctx;
use crate::monitor::monitor_eval;
use crate::output::gotype::GoType;

/// The body of `PUT /v1/jobs` (`api.JobRegisterRequest`), in Go's field order.
#[derive(Serialize)]
struct RegisterRequest<'a> {
    #[serde(rename = "Submission")]
    submission: &'a Submission,
    #[serde(rename = "Job")]
    job: &'a Value,
    #[serde(rename = "EnforceIndex", skip_serializing_if = "is_false")]
    enforce_index: bool,
    #[serde(rename = "JobModifyIndex", skip_serializing_if = "is_zero")]
    job_modify_index: u64,
    #[serde(rename = "PolicyOverride", skip_serializing_if = "is_false")]
    policy_override: bool,
    #[serde(rename = "PreserveCounts", skip_serializing_if = "is_false")]
    preserve_counts: bool,
    #[serde(rename = "EvalPriority", skip_serializing_if = "is_zero_i")]
    eval_priority: i64,
    #[serde(rename = "Region")]
    region: &'a str,
    #[serde(rename = "Namespace")]
    namespace: &'a str,
    #[serde(rename = "SecretID")]
    secret_id: &'a str,
}

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_zero(n: &u64) -> bool {
    *n == 0
}
fn is_zero_i(n: &i64) -> bool {
    *n == 0
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RegisterResponse {
    #[serde(rename = "EvalID")]
    eval_id: String,
    #[serde(rename = "Warnings")]
    warnings: String,
}

pub async fn run(ctx: &mut Ctx, a: &JobRunArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument: <path>", "job run");
    }
    let path = a.args[0].as_str();
    if let Err(e) = check_options(&a.file) {
        ctx.ui.error(&e);
        return 1;
    }
    // rnomad's -wait: its deadline counts from now, before the job is even read.
    let wait = match super::wait::from_flags(&a.wait, a.verbose) {
        Ok(w) => w,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    // The parse endpoint is asked with the flags' client; the job's own region and
    // namespace then apply to the registration.
    let Some(parse_client) = ctx.connect(&a.global) else {
        return 1;
    };
    let file = match get_job(&parse_client, &ctx.env, &a.file, path).await {
        Ok(f) => f,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let mut job = file.job;
    let mut global = a.global.clone();
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let (job_region, job_ns) = (s(&job, "Region"), s(&job, "Namespace"));
    if !job_region.is_empty() {
        global.region = job_region;
    }
    if !job_ns.is_empty() {
        global.namespace = job_ns;
    }
    let Some(client) = ctx.connect(&global) else {
        return 1;
    };
    if !a.consul_namespace.is_empty() {
        job["ConsulNamespace"] = Value::String(a.consul_namespace.clone());
    }
    if !a.vault_namespace.is_empty() {
        job["VaultNamespace"] = Value::String(a.vault_namespace.clone());
    }
    if a.output {
        // `json.MarshalIndent(struct{ Job *api.Job }, "", "    ")`.
        let job_json = crate::output::json::to_std_json(GoType::Job.expr(), &job, 1);
        ctx.ui.output(&format!("{{\n    \"Job\": {job_json}\n}}"));
        return 0;
    }
    let (enforce_index, check_index) = if a.check_index.is_empty() {
        (false, 0)
    } else {
        match a.check_index.parse::<u64>() {
            Ok(n) => (true, n),
            Err(_) => {
                ctx.ui.error(&format!(
                    "Error parsing check-index value {}: strconv.ParseUint: parsing {}: invalid syntax",
                    crate::gocompat::strconv::quote(&a.check_index),
                    crate::gocompat::strconv::quote(&a.check_index)
                ));
                return 1;
            }
        }
    };
    let typed: Job = serde_json::from_value(job.clone()).unwrap_or_default();
    let job_id = s(&job, "ID");
    if wait.is_some() && (typed.is_periodic() || typed.is_parameterized()) {
        // Refused before anything is registered: such a job places nothing to wait for.
        ctx.ui.error(&format!(
            "Job {} is {}: -wait has no allocations of its own to wait for",
            crate::gocompat::strconv::quote(&job_id),
            if typed.is_periodic() {
                "periodic"
            } else {
                "parameterized"
            }
        ));
        return 1;
    }
    let hint = start_hint_check(ctx, &client);
    let body = RegisterRequest {
        submission: &file.submission,
        job: &job,
        enforce_index,
        job_modify_index: check_index,
        policy_override: a.policy_override,
        preserve_counts: a.preserve_counts,
        eval_priority: a.eval_priority,
        region: "",
        namespace: "",
        secret_id: "",
    };
    let resp = match client
        .register_job::<RegisterResponse, _>(&body, &QueryOptions::new())
        .await
    {
        Ok((r, _)) => r,
        Err(e) => {
            let text = e.to_string();
            if let Some(i) = text.find("(Enforcing job modify index") {
                let inner = &text[i + 1..];
                let inner = inner.rfind(')').map(|j| &inner[..j]).unwrap_or(inner);
                ctx.ui.error(inner);
                ctx.ui.error("Job not updated");
                return 1;
            }
            ctx.ui.error(&format!("Error submitting job: {text}"));
            return 1;
        }
    };
    if !resp.warnings.is_empty() {
        let w = ctx.ui.colorize(&format!(
            "[bold][yellow]Job Warnings:\n{}[reset]\n",
            resp.warnings
        ));
        ctx.ui.output(&w);
    }
    // Nomad names the namespace of the `-namespace` flag (not the job file's, not
    // NOMAD_NAMESPACE), `default` without it.
    let ns = if a.global.namespace.is_empty() {
        "default"
    } else {
        a.global.namespace.as_str()
    };
    let route = format!("/jobs/{job_id}@{ns}");
    let flags = HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    };
    if super::skips_monitor(&typed, a.detach) {
        for line in super::detached_lines(
            &typed,
            "Job registration successful",
            &resp.eval_id,
            ctx.now_ns,
        ) {
            ctx.ui.output(&line);
        }
        show_hint(ctx, hint, &client, flags, "View this job", &route).await;
        return match &wait {
            Some(w) => wait_for_job(ctx, &client, &job_id, &QueryOptions::new(), false, w).await,
            None => 0,
        };
    }
    show_hint(ctx, hint, &client, flags, "View this job", &route).await;
    ctx.ui.warn("");
    let code = monitor_eval(ctx, &client, &resp.eval_id, a.verbose).await;
    match &wait {
        // The wait decides: the monitor's 2 (some placements failed) may still end well.
        Some(w) => wait_for_job(ctx, &client, &job_id, &QueryOptions::new(), false, w).await,
        None => code,
    }
}
