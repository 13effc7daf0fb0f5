//! `deployment promote`: promote a deployment's canaries (Nomad's `DeploymentPromoteCommand`).

use super::status::lookup;
use crate::api::QueryOptions;
use crate::cli::deployment::DeploymentPromoteArgs;
use crate::commands::common::usage_error;
use crate::commands::job::promote::{after_promote, promote};
use crate::ctx::Ctx;
use crate::output::id_len;

pub async fn run(ctx: &mut Ctx, a: &DeploymentPromoteArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <deployment id>",
            "deployment promote",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let d = match lookup(&client, &a.args[0], id_len(a.verbose)).await {
        Ok(d) => d,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let id = d["ID"].as_str().unwrap_or("");
    match promote(&client, id, &a.group, &QueryOptions::new()).await {
        Ok(eval_id) => after_promote(ctx, &client, &eval_id, a.detach, a.verbose).await,
        Err(e) => {
            ctx.ui.error(&format!("Error promoting deployment: {e}"));
            1
        }
    }
}
