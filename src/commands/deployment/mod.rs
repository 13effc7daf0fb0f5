//! The `deployment` commands.

pub mod fail;
pub mod list;
pub mod pause;
pub mod promote;
pub mod resume;
pub mod status;
pub mod unblock;

use crate::api::deployments::DeploymentUpdate;
use crate::api::Client;
use crate::cli::GlobalArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::monitor::monitor_eval;
use crate::output::id_len;

/// The start Nomad's fail, pause, resume and unblock share: exactly one argument, a client,
/// and the deployment it names (ID or prefix). `Err` is the exit code, the error printed.
pub async fn target(
    ctx: &mut Ctx,
    global: &GlobalArgs,
    args: &[String],
    command: &str,
    verbose: bool,
) -> Result<(Client, String), i32> {
    if args.len() != 1 {
        return Err(usage_error(
            ctx,
            "This command takes one argument: <deployment id>",
            command,
        ));
    }
    let Some(client) = ctx.connect(global) else {
        return Err(1);
    };
    match status::lookup(&client, &args[0], id_len(verbose)).await {
        Ok(d) => {
            let id = d["ID"].as_str().unwrap_or("").to_string();
            Ok((client, id))
        }
        Err(e) => {
            ctx.ui.error(&e);
            Err(1)
        }
    }
}

/// What fail, resume and unblock do after their message: nothing without an evaluation, its
/// ID with `-detach`, else a blank line and the evaluation monitor (which follows the
/// deployment, as Nomad's does).
pub async fn follow(
    ctx: &mut Ctx,
    client: &Client,
    u: &DeploymentUpdate,
    detach: bool,
    verbose: bool,
) -> i32 {
    if u.eval_id.is_empty() {
        return 0;
    }
    if detach {
        ctx.ui.output(&format!("Evaluation ID: {}", u.eval_id));
        return 0;
    }
    ctx.ui.output("");
    monitor_eval(ctx, client, &u.eval_id, verbose).await
}
