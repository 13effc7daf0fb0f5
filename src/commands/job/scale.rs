//! `job scale`: change a task group's count (Nomad's `JobScaleCommand`).

use serde::Serialize;
use serde_json::Value;

use super::eval::EvalResponse;
use super::resolve_job;
use crate::api::jobs::Job;
use crate::cli::job::JobScaleArgs;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::monitor::monitor_eval;

#[derive(Serialize)]
struct Target<'a> {
    #[serde(rename = "Group")]
    group: &'a str,
    #[serde(rename = "Job")]
    job: &'a str,
}

#[derive(Serialize)]
struct ScaleRequest<'a> {
    #[serde(rename = "Count")]
    count: i64,
    #[serde(rename = "Target")]
    target: Target<'a>,
    #[serde(rename = "Message")]
    message: &'a str,
    #[serde(rename = "Error")]
    error: bool,
    #[serde(rename = "Meta")]
    meta: Option<()>,
    #[serde(rename = "Region")]
    region: &'a str,
    #[serde(rename = "Namespace")]
    namespace: &'a str,
    #[serde(rename = "SecretID")]
    secret_id: &'a str,
    #[serde(rename = "PolicyOverride")]
    policy_override: bool,
    #[serde(rename = "JobModifyIndex")]
    job_modify_index: u64,
}

pub async fn run(ctx: &mut Ctx, a: &JobScaleArgs) -> i32 {
    if a.args.len() < 2 || a.args.len() > 3 {
        ctx.ui
            .error("Command requires at least two arguments and no more than three");
        return 1;
    }
    let count_s = a.args[a.args.len() - 1].as_str();
    let Ok(count) = count_s.parse::<i64>() else {
        ctx.ui.error(&format!(
            "Failed to convert count string to int: strconv.Atoi: parsing {}: invalid syntax",
            quote(count_s)
        ));
        return 1;
    };
    let check_index = match a.check_index.parse::<u64>() {
        Ok(n) => n,
        Err(_) => {
            ctx.ui.error(&format!(
                "invalid value {} for flag -check-index: parse error",
                quote(&a.check_index)
            ));
            return 1;
        }
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, q) = match resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let status = match client.job_scale_status::<Value>(&id, &q).await {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying job: {e}"));
            return 1;
        }
    };
    let groups: Vec<String> = status["TaskGroups"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let group = if a.args.len() == 3 {
        let g = a.args[1].clone();
        if !groups.contains(&g) {
            ctx.ui.error(&format!("Group {g} not found within job"));
            return 1;
        }
        g
    } else if groups.len() == 1 {
        groups[0].clone()
    } else {
        ctx.ui.error("Group name required");
        return 1;
    };
    let body = ScaleRequest {
        count,
        target: Target {
            group: &group,
            job: &id,
        },
        message: "submitted using the Nomad CLI",
        error: false,
        meta: None,
        region: "",
        namespace: "",
        secret_id: "",
        policy_override: false,
        job_modify_index: check_index,
    };
    let resp = match client.scale_job::<EvalResponse, _>(&id, &body, &q).await {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui
                .error(&format!("Error submitting scaling request: {e}"));
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
    let job = match client.job::<Job>(&id, &q).await {
        Ok((j, _)) => j,
        Err(e) => {
            ctx.ui.error(&format!("Error looking up job: {e}"));
            return 1;
        }
    };
    if super::skips_monitor(&job, a.detach) {
        for line in super::detached_lines(&job, "Job scale successful", &resp.eval_id, ctx.now_ns) {
            ctx.ui.output(&line);
        }
        return 0;
    }
    monitor_eval(ctx, &client, &resp.eval_id, a.verbose).await
}
