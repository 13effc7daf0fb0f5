//! `job deployments`: a job's deployments, or its latest (Nomad's `JobDeploymentsCommand`).

use serde_json::Value;

use super::{resolve_job, sort_by_create_index_desc};
use crate::api::deployments::Deployment;
use crate::cli::job::JobDeploymentsArgs;
use crate::commands::common::usage_error;
use crate::commands::data;
use crate::ctx::Ctx;
use crate::monitor::format_deployment;
use crate::output::gotype::GoType;
use crate::output::id_len;
use crate::views::deployments::format_deployments;

pub async fn run(ctx: &mut Ctx, a: &JobDeploymentsArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <job>",
            "job deployments",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, q) = match resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let format = match data::choose(ctx, &a.format) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let len = id_len(a.verbose);
    if a.latest {
        let raw = match client.job_latest_deployment::<Value>(&id, &q).await {
            Ok((v, _)) => v,
            Err(e) => {
                ctx.ui.error(&format!("Error retrieving deployments: {e}"));
                return 1;
            }
        };
        if let Some(f) = format {
            return data::print(ctx, &f, GoType::Deployment, &raw);
        }
        let d: Option<Deployment> = serde_json::from_value(raw).ok().flatten();
        let out = format_deployment(&client, d.as_ref(), len).await;
        let out = ctx.ui.colorize(&out);
        ctx.ui.output(&out);
        return 0;
    }
    let q = q.param("all", &a.all.to_string());
    let mut raw = match client.job_deployments::<Option<Vec<Value>>>(&id, &q).await {
        Ok((v, _)) => v.unwrap_or_default(),
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving deployments: {e}"));
            return 1;
        }
    };
    sort_by_create_index_desc(&mut raw);
    if let Some(f) = format {
        return data::print(ctx, &f, GoType::Deployments, &Value::Array(raw));
    }
    let deploys: Vec<Deployment> = raw
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect();
    ctx.ui.output(&format_deployments(&deploys, len));
    0
}
