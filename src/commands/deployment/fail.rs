//! `deployment fail`: mark a deployment failed (Nomad's `DeploymentFailCommand`); when its
//! job auto-reverts, the message names the version, and the evaluation is followed.

use crate::api::deployments::DeploymentUpdate;
use crate::api::QueryOptions;
use crate::cli::deployment::DeploymentUpdateArgs;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub async fn run(ctx: &mut Ctx, a: &DeploymentUpdateArgs) -> i32 {
    let (client, id) =
        match super::target(ctx, &a.global, &a.args, "deployment fail", a.verbose).await {
            Ok(x) => x,
            Err(code) => return code,
        };
    let u = match client
        .fail_deployment::<DeploymentUpdate>(&id, &QueryOptions::new())
        .await
    {
        Ok((u, _)) => u,
        Err(e) => {
            ctx.ui.error(&format!("Error failing deployment: {e}"));
            return 1;
        }
    };
    ctx.ui.output(&message(&id, u.reverted_job_version));
    super::follow(ctx, &client, &u, a.detach, a.verbose).await
}

/// The line Nomad prints once the deployment is failed.
fn message(id: &str, reverted: Option<u64>) -> String {
    match reverted {
        None => format!("Deployment {} failed", quote(id)),
        Some(v) => format!(
            "Deployment {} failed. Auto-reverted to job version {v}.",
            quote(id)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn names_the_reverted_version() {
        assert_eq!(message("ab", None), "Deployment \"ab\" failed");
        assert_eq!(
            message("ab", Some(3)),
            "Deployment \"ab\" failed. Auto-reverted to job version 3."
        );
    }
}
