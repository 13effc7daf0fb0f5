//! `job promote`: promote the canaries of a job's latest deployment (Nomad's
//! `JobPromoteCommand`). `deployment promote` shares the request and what follows it.

use serde::Serialize;

use super::resolve_job;
use crate::api::deployments::{Deployment, DeploymentUpdate};
use crate::api::{Client, QueryOptions};
use crate::cli::job::JobPromoteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::monitor::monitor_eval;

/// The body of `PUT /v1/deployment/promote/:id` (`api.DeploymentPromoteRequest`).
#[derive(Serialize)]
struct PromoteRequest<'a> {
    #[serde(rename = "DeploymentID")]
    deployment_id: &'a str,
    #[serde(rename = "All")]
    all: bool,
    #[serde(rename = "Groups")]
    groups: Option<&'a [String]>,
    #[serde(rename = "PromotedAt")]
    promoted_at: i64,
    #[serde(rename = "Region")]
    region: &'a str,
    #[serde(rename = "Namespace")]
    namespace: &'a str,
    #[serde(rename = "SecretID")]
    secret_id: &'a str,
}

/// Promotes every group (`groups` empty) or the named ones; returns the evaluation ID
/// (empty when none was created) or the API error.
pub async fn promote(
    client: &Client,
    deployment_id: &str,
    groups: &[String],
    q: &QueryOptions,
) -> Result<String, crate::api::Error> {
    let body = PromoteRequest {
        deployment_id,
        all: groups.is_empty(),
        groups: (!groups.is_empty()).then_some(groups),
        promoted_at: 0,
        region: "",
        namespace: "",
        secret_id: "",
    };
    client
        .promote_deployment::<DeploymentUpdate, _>(deployment_id, &body, q)
        .await
        .map(|(r, _)| r.eval_id)
}

/// What both promote commands do once the deployment is promoted: nothing without an
/// evaluation, its ID with `-detach`, else the evaluation monitor.
pub async fn after_promote(
    ctx: &mut Ctx,
    client: &Client,
    eval_id: &str,
    detach: bool,
    verbose: bool,
) -> i32 {
    if eval_id.is_empty() {
        return 0;
    }
    if detach {
        ctx.ui.output(&format!("Evaluation ID: {eval_id}"));
        return 0;
    }
    monitor_eval(ctx, client, eval_id, verbose).await
}

pub async fn run(ctx: &mut Ctx, a: &JobPromoteArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <job id>",
            "job promote",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, q) = match resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let deployment = match client
        .job_latest_deployment::<Option<Deployment>>(&id, &q)
        .await
    {
        Ok((d, _)) => d,
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving deployment: {e}"));
            return 1;
        }
    };
    let Some(d) = deployment else {
        ctx.ui
            .error(&format!("Job {} has no deployment to promote", quote(&id)));
        return 1;
    };
    // Writes go to the job's namespace only.
    let wq = match &q.namespace {
        Some(ns) => QueryOptions::new().namespace(ns),
        None => QueryOptions::new(),
    };
    match promote(&client, &d.id, &a.group, &wq).await {
        Ok(eval_id) => after_promote(ctx, &client, &eval_id, a.detach, a.verbose).await,
        Err(e) => {
            ctx.ui.error(&format!(
                "Error promoting deployment {} for job {}: {e}",
                quote(&d.id),
                quote(&id)
            ));
            1
        }
    }
}
