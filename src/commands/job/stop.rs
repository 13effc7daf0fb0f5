//! `job stop` (and `stop`): deregister jobs, after a confirmation when a prefix was typed, then
//! follow the stop evaluation (Nomad's `JobStopCommand`).

use super::job_by_prefix;
use super::wait::{wait_for_job, WaitOptions};
use crate::api::QueryOptions;
use crate::cli::job::JobStopArgs;
use crate::commands::common::confirm;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::monitor::monitor_eval;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DeregisterResponse {
    #[serde(rename = "EvalID")]
    eval_id: String,
}

pub async fn run(ctx: &mut Ctx, a: &JobStopArgs) -> i32 {
    if a.args.is_empty() {
        return usage_error(
            ctx,
            "This command takes at least one argument: <job>",
            "job stop",
        );
    }
    let ids: Vec<String> = a.args.iter().map(|s| s.trim().to_string()).collect();
    let wait = match super::wait::from_flags(&a.wait, a.verbose) {
        Ok(w) => w,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    // Nomad stops the jobs concurrently and returns the first failure in completion order;
    // rnomad stops them one after another, which is one of those orders.
    let mut result = 0;
    for typed in &ids {
        let code = stop_one(ctx, &client, a, typed, ids.len() == 1, wait.as_ref()).await;
        if result == 0 {
            result = code;
        }
    }
    result
}

async fn stop_one(
    ctx: &mut Ctx,
    client: &crate::api::Client,
    a: &JobStopArgs,
    typed: &str,
    single: bool,
    wait: Option<&WaitOptions>,
) -> i32 {
    let job = match job_by_prefix(client, typed, None).await {
        Ok(j) => j,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let id = job.id.clone().unwrap_or_default();
    if single && typed != id && !a.yes {
        let q = format!("Are you sure you want to stop job {}? [y/N]", quote(&id));
        if let Err(code) = confirm(ctx, &q, "Cancelling job stop") {
            return code;
        }
    }
    if single && job.is_multiregion() && !a.global_stop && !a.yes {
        let q = format!(
            "Are you sure you want to stop multi-region job {} in a single region? [y/N]",
            quote(&id)
        );
        if let Err(code) = confirm(ctx, &q, "Cancelling job stop") {
            return code;
        }
    }
    let mut q = QueryOptions::new()
        .param("eval_priority", &a.eval_priority.to_string())
        .param("global", &a.global_stop.to_string())
        .param("no_shutdown_delay", &a.no_shutdown_delay.to_string())
        .param("purge", &a.purge.to_string());
    if let Some(ns) = job.namespace.as_deref().filter(|n| !n.is_empty()) {
        q = q.namespace(ns);
    }
    let resp = match client.deregister_job::<DeregisterResponse>(&id, &q).await {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui
                .error(&format!("Error deregistering job with id {typed} err: {e}"));
            return 1;
        }
    };
    let code = if resp.eval_id.is_empty() {
        0
    } else if a.detach {
        ctx.ui.output(&resp.eval_id);
        0
    } else {
        monitor_eval(ctx, client, &resp.eval_id, a.verbose).await
    };
    match wait {
        // The wait decides: a stop's monitor can end on a cancelled deployment (1).
        Some(w) => {
            let mut q = QueryOptions::new();
            if let Some(ns) = job.namespace.as_deref().filter(|n| !n.is_empty()) {
                q = q.namespace(ns);
            }
            wait_for_job(ctx, client, &id, &q, true, w).await
        }
        None => code,
    }
}
