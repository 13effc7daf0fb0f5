//! `deployment pause`: pause a deployment (Nomad's `DeploymentPauseCommand`); no evaluation
//! follows.

use crate::api::deployments::DeploymentUpdate;
use crate::api::QueryOptions;
use crate::cli::deployment::DeploymentPauseArgs;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub async fn run(ctx: &mut Ctx, a: &DeploymentPauseArgs) -> i32 {
    let (client, id) =
        match super::target(ctx, &a.global, &a.args, "deployment pause", a.verbose).await {
            Ok(x) => x,
            Err(code) => return code,
        };
    match client
        .pause_deployment::<DeploymentUpdate>(&id, true, &QueryOptions::new())
        .await
    {
        Ok(_) => {
            ctx.ui.output(&format!("Deployment {} paused", quote(&id)));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error pausing deployment: {e}"));
            1
        }
    }
}
