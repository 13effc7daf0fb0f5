//! `job revert`: submit an earlier version of a job again (Nomad's `JobRevertCommand`).

use serde::Serialize;
use serde_json::Value;

use super::eval::EvalResponse;
use super::resolve_job;
use crate::api::QueryOptions;
use crate::cli::job::JobRevertArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::monitor::monitor_eval;

#[derive(Serialize)]
struct RevertRequest<'a> {
    #[serde(rename = "JobID")]
    job_id: &'a str,
    #[serde(rename = "JobVersion")]
    job_version: u64,
    #[serde(rename = "EnforcePriorVersion")]
    enforce_prior_version: Option<u64>,
    #[serde(rename = "Region")]
    region: &'a str,
    #[serde(rename = "Namespace")]
    namespace: &'a str,
    #[serde(rename = "SecretID")]
    secret_id: &'a str,
}

pub async fn run(ctx: &mut Ctx, a: &JobRevertArgs) -> i32 {
    if a.args.len() != 2 {
        return usage_error(
            ctx,
            "This command takes two arguments: <job> <version|tag>",
            "job revert",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (typed, which) = (a.args[0].as_str(), a.args[1].as_str());
    let version = match which.parse::<u64>() {
        Ok(v) => v,
        Err(_) => {
            // A tag name: find its version among the job's versions.
            let q = QueryOptions::new().param("diffs", "false");
            let resp = match client.job_versions::<Value>(typed, &q).await {
                Ok((v, _)) => v,
                Err(e) => {
                    ctx.ui.error(&format!("Error retrieving job versions: {e}"));
                    return 1;
                }
            };
            let found = resp["Versions"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|j| j["VersionTag"]["Name"].as_str() == Some(which))
                .and_then(|j| j["Version"].as_u64());
            match found {
                Some(v) => v,
                None => {
                    ctx.ui.error(&format!(
                        "Error retrieving job versions: version tag {which} not found for job {typed}"
                    ));
                    return 1;
                }
            }
        }
    };
    let (id, q) = match resolve_job(ctx, &client, typed).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let body = RevertRequest {
        job_id: &id,
        job_version: version,
        enforce_prior_version: None,
        region: "",
        namespace: "",
        secret_id: "",
    };
    let resp = match client.revert_job::<EvalResponse, _>(&id, &body, &q).await {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving job versions: {e}"));
            return 1;
        }
    };
    if resp.eval_id.is_empty() {
        return 0;
    }
    if a.detach {
        ctx.ui.output(&format!("Evaluation ID: {}", resp.eval_id));
        return 0;
    }
    monitor_eval(ctx, &client, &resp.eval_id, a.verbose).await
}
