//! `deployment unblock`: let a blocked multiregion deployment go on (Nomad's
//! `DeploymentUnblockCommand`) and follow the evaluation, if the server made one.

use crate::api::deployments::DeploymentUpdate;
use crate::api::QueryOptions;
use crate::cli::deployment::DeploymentUpdateArgs;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub async fn run(ctx: &mut Ctx, a: &DeploymentUpdateArgs) -> i32 {
    let (client, id) =
        match super::target(ctx, &a.global, &a.args, "deployment unblock", a.verbose).await {
            Ok(x) => x,
            Err(code) => return code,
        };
    let u = match client
        .unblock_deployment::<DeploymentUpdate>(&id, &QueryOptions::new())
        .await
    {
        Ok((u, _)) => u,
        Err(e) => {
            ctx.ui.error(&format!("Error unblocking deployment: {e}"));
            return 1;
        }
    };
    ctx.ui
        .output(&format!("Deployment {} unblocked", quote(&id)));
    super::follow(ctx, &client, &u, a.detach, a.verbose).await
}
