//! `job start` (and `start`): submit a stopped job again (Nomad's `JobStartCommand`).

use serde::Serialize;
use serde_json::Value;

use super::eval::EvalResponse;
use super::resolve_job;
use crate::api::jobs::Job;
use crate::api::QueryOptions;
use crate::cli::job::JobStartArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::monitor::monitor_eval;

#[derive(Serialize)]
struct RegisterRequest<'a> {
    #[serde(rename = "Job")]
    job: &'a Value,
    #[serde(rename = "Region")]
    region: &'a str,
    #[serde(rename = "Namespace")]
    namespace: &'a str,
    #[serde(rename = "SecretID")]
    secret_id: &'a str,
}

pub async fn run(ctx: &mut Ctx, a: &JobStartArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument: <job>", "job start");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, q) = match resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut job = match client.job::<Value>(&id, &q).await {
        Ok((j, _)) => j,
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying job {}: {e}", quote(&id)));
            return 1;
        }
    };
    if !job["Stop"].as_bool().unwrap_or(false) {
        ctx.ui.error(&format!(
            "Job {} has not been stopped",
            quote(job["Name"].as_str().unwrap_or(""))
        ));
        return 1;
    }
    job["Stop"] = Value::Bool(false);
    // Scaling policies are disabled by a stop; Nomad restores them from the last submission,
    // and warns when there is none to read.
    // (Nomad's per-group policy map has an entry for every group, even without a policy.)
    let has_scaling = job["TaskGroups"].as_array().is_some_and(|g| !g.is_empty());
    if has_scaling {
        let version = job["Version"].as_u64().unwrap_or(0).to_string();
        let sq = QueryOptions {
            region: job["Region"].as_str().map(str::to_string),
            namespace: job["Namespace"].as_str().map(str::to_string),
            ..Default::default()
        }
        .param("version", &version);
        match client.job_submission::<Value>(&id, &sq).await {
            Err(crate::api::Error::Status { .. }) => ctx.ui.warn(
                "All scaling policies for this job were disabled when it was stopped, resubmit it to enable them again.",
            ),
            Err(e) => {
                ctx.ui.error(&e.to_string());
                return 1;
            }
            Ok(_) => {}
        }
    }
    let body = RegisterRequest {
        job: &job,
        region: "",
        namespace: "",
        secret_id: "",
    };
    let resp = match client
        .register_job::<EvalResponse, _>(&body, &QueryOptions::new())
        .await
    {
        Ok((r, _)) => r,
        Err(e) => {
            // Nomad ignores this error and then crashes; rnomad reports it.
            ctx.ui.error(&format!("Error submitting job: {e}"));
            return 1;
        }
    };
    let typed: Job = serde_json::from_value(job).unwrap_or_default();
    if super::skips_monitor(&typed, a.detach) {
        for line in super::detached_lines(&typed, "Job start successful", &resp.eval_id, ctx.now_ns)
        {
            ctx.ui.output(&line);
        }
        return 0;
    }
    monitor_eval(ctx, &client, &resp.eval_id, a.verbose).await
}
