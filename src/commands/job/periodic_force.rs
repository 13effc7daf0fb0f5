//! `job periodic force`: launch a periodic job now (Nomad's `JobPeriodicForceCommand`).

use super::job_id_by_prefix;
use crate::api::jobs::JobListStub;
use crate::api::QueryOptions;
use crate::cli::job::JobPeriodicForceArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::monitor::monitor_eval;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ForceResponse {
    #[serde(rename = "EvalID")]
    eval_id: String,
}

pub async fn run(ctx: &mut Ctx, a: &JobPeriodicForceArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <job id>",
            "job periodic force",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let typed = a.args[0].trim();
    let all = client.config().namespace.as_deref() == Some("*");
    let periodic = |j: &JobListStub| j.periodic;
    let found = match job_id_by_prefix(&client, typed, all, Some(&periodic)).await {
        Ok(f) => f,
        Err(e) => {
            let prefix = format!("No job(s) with prefix or ID {} found", quote(typed));
            if e == prefix {
                ctx.ui.error(&format!(
                    "No periodic job(s) with prefix or ID {} found",
                    quote(typed)
                ));
            } else {
                ctx.ui.error(&e);
            }
            return 1;
        }
    };
    let mut q = QueryOptions::new();
    if !found.namespace.is_empty() {
        q = q.namespace(&found.namespace);
    }
    let resp = match client
        .force_periodic_job::<ForceResponse>(&found.id, &q)
        .await
    {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!(
                "Error forcing periodic job {}: {e}",
                quote(&found.id)
            ));
            return 1;
        }
    };
    if a.detach {
        ctx.ui.output("Force periodic successful");
        ctx.ui.output(&format!("Evaluation ID: {}", resp.eval_id));
        return 0;
    }
    monitor_eval(ctx, &client, &resp.eval_id, a.verbose).await
}
