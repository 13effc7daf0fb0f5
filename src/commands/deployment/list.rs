//! `deployment list` (Nomad's `DeploymentListCommand`).

use serde_json::Value;

use crate::api::deployments::Deployment;
use crate::api::{Listing, QueryOptions};
use crate::cli::deployment::DeploymentListArgs;
use crate::commands::common::usage_error;
use crate::commands::data;
use crate::commands::job::sort_by_create_index_desc;
use crate::ctx::Ctx;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;
use crate::output::id_len;
use crate::views::deployments::format_deployments;

pub async fn run(ctx: &mut Ctx, a: &DeploymentListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "deployment list");
    }
    let format = match data::choose(ctx, &a.format) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let mut q = QueryOptions::new();
    if !a.filter.is_empty() {
        q.filter = Some(a.filter.clone());
    }
    let path = Listing::Deployments.path();
    let what = "Error retrieving deployments";
    match format {
        Some(DataFormat::Json) => {
            let ty = GoType::Deployments;
            return data::json_newest_first(
                ctx,
                &client,
                path,
                &q,
                ty,
                what,
                data::NullBody::AsEmptyList,
            )
            .await;
        }
        Some(f) => {
            let mut raw = match client
                .list::<Option<Vec<Value>>>(Listing::Deployments, &q)
                .await
            {
                Ok((v, _)) => v.unwrap_or_default(),
                Err(e) => {
                    ctx.ui.error(&format!("{what}: {e}"));
                    return 1;
                }
            };
            sort_by_create_index_desc(&mut raw);
            return data::print(ctx, &f, GoType::Deployments, &Value::Array(raw));
        }
        None => {}
    }
    // The table holds its rows only (an element that is no deployment is left out).
    let deploys: Vec<Deployment> = match client
        .newest_first(path, &q, &mut |raw| data::row(&raw))
        .await
    {
        Ok((v, _)) => v.unwrap_or_default().into_iter().flatten().collect(),
        Err(e) => {
            ctx.ui.error(&format!("{what}: {e}"));
            return 1;
        }
    };
    ctx.ui
        .output(&format_deployments(&deploys, id_len(a.verbose)));
    0
}
