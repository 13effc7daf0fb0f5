//! `job eval`: force a new evaluation of a job (Nomad's `JobEvalCommand`).

use serde::Serialize;

use super::resolve_job;
use crate::cli::job::JobEvalArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::monitor::monitor_eval;
use crate::output::{id_len, limit};

#[derive(Serialize)]
struct EvalOptions {
    #[serde(rename = "ForceReschedule")]
    force_reschedule: bool,
}

/// `JobEvaluateRequest` (also sent by `job restart -reschedule` for system jobs).
#[derive(Serialize)]
pub struct EvaluateRequest<'a> {
    #[serde(rename = "JobID")]
    job_id: &'a str,
    #[serde(rename = "EvalOptions")]
    eval_options: EvalOptions,
    #[serde(rename = "Region")]
    region: &'a str,
    #[serde(rename = "Namespace")]
    namespace: &'a str,
    #[serde(rename = "SecretID")]
    secret_id: &'a str,
}

impl<'a> EvaluateRequest<'a> {
    pub fn new(job_id: &'a str, force_reschedule: bool) -> Self {
        EvaluateRequest {
            job_id,
            eval_options: EvalOptions { force_reschedule },
            region: "",
            namespace: "",
            secret_id: "",
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct EvalResponse {
    #[serde(rename = "EvalID")]
    pub eval_id: String,
    #[serde(rename = "Warnings")]
    pub warnings: String,
}

pub async fn run(ctx: &mut Ctx, a: &JobEvalArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument: <job>", "job eval");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, q) = match resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let body = EvaluateRequest::new(&id, a.force_reschedule);
    let resp = match client.evaluate_job::<EvalResponse, _>(&id, &body, &q).await {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error evaluating job: {e}"));
            return 1;
        }
    };
    if a.detach {
        ctx.ui.output(&format!(
            "Created eval ID: {} ",
            quote(limit(&resp.eval_id, id_len(a.verbose)))
        ));
        return 0;
    }
    monitor_eval(ctx, &client, &resp.eval_id, a.verbose).await
}
