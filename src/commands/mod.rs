//! One module per command; `run` routes a parsed command line to it.

pub mod agent_info;
pub mod common;
pub mod deployment;
pub mod eval;
pub mod job;
pub mod node;
pub mod server;
pub mod status;
pub mod version;

use crate::cli::deployment::DeploymentCommands;
use crate::cli::eval::EvalCommands;
use crate::cli::job::JobCommands;
use crate::cli::node::NodeCommands;
use crate::cli::server::ServerCommands;
use crate::cli::Commands;
use crate::ctx::Ctx;
use crate::output::term::Ui;

pub use status::Outcome;

/// Runs a command on a current-thread runtime. `rest` is the command's arguments as typed.
pub fn run(ctx: &mut Ctx, command: Commands, rest: &[String]) -> Outcome {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            ctx.ui.error(&format!("Error starting the runtime: {e}"));
            return Outcome::Exit(1);
        }
    };
    rt.block_on(async {
        let code = match command {
            Commands::Job(j) => match j.command {
                JobCommands::Status(a) => job::status::run(ctx, &a).await,
                JobCommands::Run(a) => job::run::run(ctx, &a).await,
                JobCommands::Stop(a) => job::stop::run(ctx, &a).await,
                JobCommands::Allocs(a) => job::allocs::run(ctx, &a).await,
                JobCommands::Deployments(a) => job::deployments::run(ctx, &a).await,
                JobCommands::Inspect(a) => job::inspect::run(ctx, &a).await,
                JobCommands::History(a) => job::history::run(ctx, &a).await,
                JobCommands::Eval(a) => job::eval::run(ctx, &a).await,
                JobCommands::Revert(a) => job::revert::run(ctx, &a).await,
                JobCommands::Scale(a) => job::scale::run(ctx, &a).await,
                JobCommands::Init(a) => job::init::run(ctx, &a).await,
                JobCommands::Plan(a) => job::plan::run(ctx, &a).await,
                JobCommands::Validate(a) => job::validate::run(ctx, &a).await,
                JobCommands::Start(a) => job::start::run(ctx, &a).await,
                JobCommands::Periodic(p) => match p.command {
                    crate::cli::job::JobPeriodicCommands::Force(a) => {
                        job::periodic_force::run(ctx, &a).await
                    }
                },
            },
            Commands::Node(n) => match n.command {
                NodeCommands::Status(a) => node::status::run(ctx, &a).await,
            },
            Commands::NodeStatus(a) => node::status::run(ctx, &a).await,
            Commands::Server(s) => match s.command {
                ServerCommands::Members(a) => server::members::run(ctx, &a).await,
            },
            Commands::Status(a) => return status::run(ctx, &a, rest).await,
            Commands::AgentInfo(a) => agent_info::run(ctx, &a).await,
            Commands::Version(_) => version::run(ctx),
            Commands::Run(a) => job::run::run(ctx, &a).await,
            Commands::Stop(a) => job::stop::run(ctx, &a).await,
            Commands::Inspect(a) => job::inspect::run(ctx, &a).await,
            Commands::Init(a) => job::init::run(ctx, &a).await,
            Commands::Plan(a) => job::plan::run(ctx, &a).await,
            Commands::Validate(a) => job::validate::run(ctx, &a).await,
            Commands::Start(a) => job::start::run(ctx, &a).await,
            Commands::Deployment(d) => match d.command {
                DeploymentCommands::List(a) => deployment::list::run(ctx, &a).await,
                DeploymentCommands::Status(a) => deployment::status::run(ctx, &a).await,
            },
            Commands::Eval(e) => match e.command {
                EvalCommands::List(a) => eval::list::run(ctx, &a).await,
                EvalCommands::Status(a) => eval::status::run(ctx, &a).await,
            },
        };
        Outcome::Exit(code)
    })
}

/// The extra line some commands print after a flag error (Nomad's own quirks).
pub fn after_flag_error(ui: &mut Ui, path: &[String], err: &str) {
    match path.first().map(String::as_str) {
        Some("agent-info") => ui.error(&format!("Error parsing flags: {err}")),
        Some("status") if path.len() == 1 => ui.error(&format!(
            "Error parsing arguments: {}",
            crate::output::gostr::quote(err)
        )),
        _ => {}
    }
}
