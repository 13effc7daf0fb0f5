//! `deployment resume`: resume a paused deployment (Nomad's `DeploymentResumeCommand`) and
//! follow the evaluation that continues it.

use crate::api::deployments::DeploymentUpdate;
use crate::api::QueryOptions;
use crate::cli::deployment::DeploymentUpdateArgs;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub async fn run(ctx: &mut Ctx, a: &DeploymentUpdateArgs) -> i32 {
    let (client, id) =
        match super::target(ctx, &a.global, &a.args, "deployment resume", a.verbose).await {
            Ok(x) => x,
            Err(code) => return code,
        };
    let u = match client
        .pause_deployment::<DeploymentUpdate>(&id, false, &QueryOptions::new())
        .await
    {
        Ok((u, _)) => u,
        Err(e) => {
            ctx.ui.error(&format!("Error resuming deployment: {e}"));
            return 1;
        }
    };
    ctx.ui.output(&format!("Deployment {} resumed", quote(&id)));
    super::follow(ctx, &client, &u, a.detach, a.verbose).await
}
