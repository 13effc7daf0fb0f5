//! rnomad's `agent` group: the Agent HTTP API for people (tables) and scripts (`-json`, `-t`,
//! exit codes).

pub mod health;
pub mod host;
pub mod pprof;
pub mod schedulers;
pub mod servers;

use crate::cli::agent::AgentCommands;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, c: AgentCommands) -> i32 {
    match c {
        AgentCommands::Info(a) => super::agent_info::run(ctx, &a).await,
        AgentCommands::Members(a) => super::server::members::run(ctx, &a).await,
        AgentCommands::Servers(a) => servers::run(ctx, &a).await,
        AgentCommands::Health(a) => health::run(ctx, &a).await,
        AgentCommands::Host(a) => host::run(ctx, &a).await,
        AgentCommands::Monitor(a) => super::monitor::run(ctx, &a).await,
        AgentCommands::Schedulers(a) => schedulers::run(ctx, &a).await,
        AgentCommands::Join(a) => super::server::join::run(ctx, &a).await,
        AgentCommands::ForceLeave(a) => super::server::force_leave::run(ctx, &a).await,
        AgentCommands::Pprof(a) => pprof::run(ctx, &a).await,
    }
}

/// The client, or the error line and exit 1.
pub fn client(ctx: &mut Ctx, g: &crate::cli::GlobalArgs) -> Result<crate::api::Client, i32> {
    ctx.connect(g).ok_or(1)
}

/// Resolves `-node-id` to a full ID (empty stays empty), printing the error.
pub async fn node_id(ctx: &mut Ctx, client: &crate::api::Client, id: &str) -> Result<String, i32> {
    if id.is_empty() {
        return Ok(String::new());
    }
    crate::commands::node::lookup_node_id(client, id)
        .await
        .map_err(|e| {
            ctx.ui.error(&e);
            1
        })
}

/// A usage error of an rnomad-only command: the message and a help line naming rnomad (Nomad
/// has no such command to ask for help).
pub fn usage_error(ctx: &mut Ctx, msg: &str, name: &str) -> i32 {
    ctx.ui.error(msg);
    ctx.ui
        .error(&format!("For additional help try 'rnomad {name} -help'"));
    1
}

/// "This command takes no arguments" with the help line.
pub fn no_args(ctx: &mut Ctx, args: &[String], name: &str) -> Option<i32> {
    (!args.is_empty()).then(|| usage_error(ctx, "This command takes no arguments", name))
}
