//! One module per command; `run` routes a parsed command line to it.

pub mod acl;
pub mod agent;
pub mod agent_info;
pub mod alloc;
pub mod browser;
pub mod common;
pub mod completion;
pub mod context;
pub mod data;
pub mod deployment;
pub mod eval;
pub mod event;
pub mod job;
pub mod login;
pub mod monitor;
pub mod monitor_export;
pub mod namespace;
pub mod node;
pub mod operator;
#[cfg(test)]
pub(crate) mod recorded;
pub mod scaling;
pub mod server;
pub mod service;
pub mod spec;
pub mod status;
pub mod system;
pub mod tls;
pub mod ui;
pub mod var;
pub mod version;
pub mod volume;

use crate::cli::alloc::AllocCommands;
use crate::cli::deployment::DeploymentCommands;
use crate::cli::eval::EvalCommands;
use crate::cli::job::JobCommands;
use crate::cli::node::NodeCommands;
use crate::cli::server::ServerCommands;
use crate::cli::var::VarCommands;
use crate::cli::Commands;
use crate::ctx::Ctx;
use crate::output::term::Ui;

pub use status::Outcome;

/// Runs a command on a current-thread runtime. `rest` is the command's arguments as typed.
pub fn run(ctx: &mut Ctx, command: Commands, rest: &[String]) -> Outcome {
    // `version` needs no runtime (start-up time).
    if let Commands::Version(_) = command {
        return Outcome::Exit(version::run(ctx));
    }
    let done = crate::ctx::block_on(async {
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
                JobCommands::ScalingEvents(a) => job::scaling_events::run(ctx, &a).await,
                JobCommands::Init(a) => job::init::run(ctx, &a).await,
                JobCommands::Plan(a) => job::plan::run(ctx, &a).await,
                JobCommands::Validate(a) => job::validate::run(ctx, &a).await,
                JobCommands::Start(a) => job::start::run(ctx, &a).await,
                JobCommands::Dispatch(a) => job::dispatch::run(ctx, &a).await,
                JobCommands::Promote(a) => job::promote::run(ctx, &a).await,
                JobCommands::Restart(a) => job::restart::run(ctx, &a).await,
                JobCommands::Action(a) => job::action::run(ctx, &a).await,
                JobCommands::Logs(a) => job::logs::run(ctx, &a).await,
                JobCommands::Wait(a) => job::wait::run(ctx, &a).await,
                JobCommands::Tag(t) => match t.command {
                    crate::cli::job::JobTagCommands::Apply(a) => job::tag::apply(ctx, &a).await,
                    crate::cli::job::JobTagCommands::Unset(a) => job::tag::unset(ctx, &a).await,
                },
                JobCommands::Periodic(p) => match p.command {
                    crate::cli::job::JobPeriodicCommands::Force(a) => {
                        job::periodic_force::run(ctx, &a).await
                    }
                },
            },
            Commands::Node(n) => match n.command {
                NodeCommands::Status(a) => node::status::run(ctx, &a).await,
                NodeCommands::Eligibility(a) => node::eligibility::run(ctx, &a).await,
                NodeCommands::Drain(a) => node::drain::run(ctx, &a).await,
                NodeCommands::Meta(m) => match m.command {
                    crate::cli::node::NodeMetaCommands::Read(a) => node::meta::read(ctx, &a).await,
                    crate::cli::node::NodeMetaCommands::Apply(a) => {
                        node::meta::apply(ctx, &a).await
                    }
                },
                NodeCommands::Config(a) => node::config::run(ctx, &a).await,
                NodeCommands::Pool(p) => match p.command {
                    crate::cli::node::NodePoolCommands::List(a) => node::pool::list(ctx, &a).await,
                    crate::cli::node::NodePoolCommands::Info(a) => node::pool::info(ctx, &a).await,
                    crate::cli::node::NodePoolCommands::Apply(a) => {
                        node::pool_apply::run(ctx, &a).await
                    }
                    crate::cli::node::NodePoolCommands::Delete(a) => {
                        node::pool_delete::run(ctx, &a).await
                    }
                    crate::cli::node::NodePoolCommands::Init(a) => node::pool_init::run(ctx, &a),
                    crate::cli::node::NodePoolCommands::Jobs(a) => {
                        node::pool_jobs::run(ctx, &a).await
                    }
                    crate::cli::node::NodePoolCommands::Nodes(a) => {
                        node::pool_nodes::run(ctx, &a).await
                    }
                },
            },
            Commands::Namespace(n) => {
                use crate::cli::namespace::NamespaceCommands as N;
                match n.command {
                    N::List(a) => namespace::list::run(ctx, &a).await,
                    N::Status(a) => namespace::status::run(ctx, &a).await,
                    N::Inspect(a) => namespace::inspect::run(ctx, &a).await,
                    N::Apply(a) => namespace::apply::run(ctx, &a).await,
                    N::Delete(a) => namespace::delete::run(ctx, &a).await,
                }
            }
            Commands::Service(g) => {
                use crate::cli::service::ServiceCommands as S;
                match g.command {
                    S::List(a) => service::list::run(ctx, &a).await,
                    S::Info(a) => service::info::run(ctx, &a).await,
                    S::Delete(a) => service::delete::run(ctx, &a).await,
                }
            }
            Commands::Volume(g) => {
                use crate::cli::volume::VolumeCommands as V;
                match g.command {
                    V::Status(a) => volume::status::run(ctx, &a).await,
                    V::Delete(a) => volume::delete::run(ctx, &a).await,
                    V::Deregister(a) => volume::deregister::run(ctx, &a).await,
                    V::Create(a) => volume::create::run(ctx, &a).await,
                    V::Register(a) => volume::register::run(ctx, &a).await,
                    V::Detach(a) => volume::detach::run(ctx, &a).await,
                    V::Init(a) => volume::init::run(ctx, &a),
                    V::Claim(c) => match c.command {
                        crate::cli::volume::VolumeClaimCommands::List(a) => {
                            volume::claim_list::run(ctx, &a).await
                        }
                        crate::cli::volume::VolumeClaimCommands::Delete(a) => {
                            volume::claim_delete::run(ctx, &a).await
                        }
                    },
                    V::Snapshot(c) => {
                        use crate::cli::volume::VolumeSnapshotCommands as S;
                        match c.command {
                            S::List(a) => volume::snapshot_list::run(ctx, &a).await,
                            S::Create(a) => volume::snapshot_create::run(ctx, &a).await,
                            S::Delete(a) => volume::snapshot_delete::run(ctx, &a).await,
                        }
                    }
                }
            }
            Commands::Plugin(g) => match g.command {
                crate::cli::volume::PluginCommands::Status(a) => {
                    volume::plugin_status::run(ctx, &a).await
                }
            },
            Commands::Scaling(g) => match g.command {
                crate::cli::scaling::ScalingCommands::Policy(p) => {
                    use crate::cli::scaling::ScalingPolicyCommands as P;
                    match p.command {
                        P::List(a) => scaling::list::run(ctx, &a).await,
                        P::Info(a) => scaling::info::run(ctx, &a).await,
                    }
                }
            },
            Commands::NodeStatus(a) => node::status::run(ctx, &a).await,
            Commands::NodeDrain(a) => node::drain::run(ctx, &a).await,
            Commands::ServerMembersOld(a) => {
                deprecated(ctx, "server-members");
                server::members::run(ctx, &a).await
            }
            Commands::ServerJoinOld(a) => {
                deprecated(ctx, "server-join");
                server::join::run(ctx, &a).await
            }
            Commands::ServerForceLeaveOld(a) => {
                deprecated(ctx, "server-force-leave");
                server::force_leave::run(ctx, &a).await
            }
            Commands::ClientConfigOld(a) => {
                deprecated(ctx, "client-config");
                node::config::run(ctx, &a).await
            }
            Commands::Tls(t) => {
                use crate::cli::tls::{TlsCaCommands as Ca, TlsCertCommands as Cert, TlsCommands};
                match t.command {
                    TlsCommands::Ca(c) => match c.command {
                        Ca::Create(a) => tls::ca_create::run(ctx, &a),
                        Ca::Info(a) => tls::info::run(ctx, &a, true),
                    },
                    TlsCommands::Cert(c) => match c.command {
                        Cert::Create(a) => tls::cert_create::run(ctx, &a),
                        Cert::Info(a) => tls::info::run(ctx, &a, false),
                    },
                }
            }
            Commands::Var(v) => match v.command {
                VarCommands::List(a) => var::list::run(ctx, &a).await,
                VarCommands::Get(a) => var::get::run(ctx, &a).await,
                VarCommands::Put(a) => var::put::run(ctx, &a).await,
                VarCommands::Purge(a) => var::purge::run(ctx, &a).await,
                VarCommands::Init(a) => var::init::run(ctx, &a).await,
                VarCommands::Lock(a) => var::lock::run(ctx, &a).await,
            },
            Commands::Server(s) => match s.command {
                ServerCommands::Members(a) => server::members::run(ctx, &a).await,
                ServerCommands::Join(a) => server::join::run(ctx, &a).await,
                ServerCommands::ForceLeave(a) => server::force_leave::run(ctx, &a).await,
            },
            Commands::Status(a) => return status::run(ctx, &a, rest).await,
            Commands::Agent(g) => agent::run(ctx, g.command).await,
            Commands::Acl(g) => acl::run(ctx, g.command).await,
            Commands::Operator(g) => operator::run(ctx, g.command).await,
            Commands::System(g) => system::run(ctx, g.command).await,
            Commands::AgentInfo(a) => agent_info::run(ctx, &a).await,
            Commands::Monitor(g) => match g.command {
                Some(crate::cli::MonitorCommands::Export(a)) => monitor_export::run(ctx, &a).await,
                None => monitor::run(ctx, &g.monitor).await,
            },
            Commands::Ui(a) => ui::run(ctx, &a).await,
            Commands::Login(a) => login::run(ctx, &a).await,
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
                DeploymentCommands::Promote(a) => deployment::promote::run(ctx, &a).await,
                DeploymentCommands::Fail(a) => deployment::fail::run(ctx, &a).await,
                DeploymentCommands::Pause(a) => deployment::pause::run(ctx, &a).await,
                DeploymentCommands::Resume(a) => deployment::resume::run(ctx, &a).await,
                DeploymentCommands::Unblock(a) => deployment::unblock::run(ctx, &a).await,
            },
            Commands::Eval(e) => match e.command {
                EvalCommands::List(a) => eval::list::run(ctx, &a).await,
                EvalCommands::Status(a) => eval::status::run(ctx, &a).await,
                EvalCommands::Delete(a) => eval::delete::run(ctx, &a).await,
            },
            Commands::Completion(a) => completion::run(ctx, &a),
            Commands::Context(c) => {
                use crate::cli::context::ContextCommands as C;
                match c.command {
                    C::List(a) => context::list::run(ctx, &a),
                    C::Show(a) => context::show::run(ctx, &a),
                    C::Use(a) => context::use_context::run(ctx, &a),
                    C::Set(a) => context::set::run(ctx, &a),
                    C::Delete(a) => context::delete::run(ctx, &a),
                    C::Rename(a) => context::rename::run(ctx, &a),
                }
            }
            Commands::Event(e) => match e.command {
                crate::cli::event::EventCommands::Stream(a) => event::stream::run(ctx, &a).await,
            },
            Commands::Alloc(g) => match g.command {
                AllocCommands::Status(a) => alloc::status::run(ctx, &a).await,
                AllocCommands::List(a) => alloc::list::run(ctx, &a).await,
                AllocCommands::Logs(a) => alloc::logs::run(ctx, &a).await,
                AllocCommands::Fs(a) => alloc::fs::run(ctx, &a).await,
                AllocCommands::Restart(a) => alloc::restart::run(ctx, &a).await,
                AllocCommands::Signal(a) => alloc::restart::signal(ctx, &a).await,
                AllocCommands::Pause(a) => alloc::pause::run(ctx, &a).await,
                AllocCommands::Checks(a) => alloc::checks::run(ctx, &a).await,
                AllocCommands::Stop(a) => alloc::stop::run(ctx, &a).await,
                AllocCommands::Exec(a) => alloc::exec::run(ctx, &a).await,
            },
            Commands::Fs(a) => alloc::fs::run(ctx, &a).await,
            Commands::Logs(a) => alloc::logs::run(ctx, &a).await,
            Commands::Exec(a) => alloc::exec::run(ctx, &a).await,
            Commands::Action(a) => job::action::run(ctx, &a).await,
            Commands::AllocStatus(a) => alloc::status::run(ctx, &a).await,
        };
        Outcome::Exit(code)
    });
    done.unwrap_or_else(|e| {
        ctx.ui.error(&format!("Error starting the runtime: {e}"));
        Outcome::Exit(1)
    })
}

/// The extra line some commands print after a flag error (Nomad's own quirks).
pub fn after_flag_error(ui: &mut Ui, path: &[String], err: &str) {
    match path.first().map(String::as_str) {
        Some("agent-info") => ui.error(&format!("Error parsing flags: {err}")),
        // `action` is `job action` run as it is.
        Some("job") if path.get(1).map(String::as_str) == Some("action") => {
            ui.error(&format!("Error parsing flags: {err}"))
        }
        Some("action") if path.len() == 1 => ui.error(&format!("Error parsing flags: {err}")),
        Some("operator") if path.get(1).is_some_and(|p| p == "api" || p == "metrics") => {
            ui.error(&format!("Error parsing flags: {err}"))
        }
        Some("operator")
            if path
                .get(1)
                .is_some_and(|p| p == "raft" || p == "autopilot" || p == "snapshot") =>
        {
            ui.error(&format!("Failed to parse args: {err}"))
        }
        Some("volume")
            if path.get(1).is_some_and(|p| {
                matches!(p.as_str(), "create" | "register" | "detach" | "snapshot")
            }) =>
        {
            ui.error(&format!("Error parsing arguments {err}"))
        }
        Some("status") if path.len() == 1 => ui.error(&format!(
            "Error parsing arguments: {}",
            crate::gocompat::strconv::quote(err)
        )),
        _ => {}
    }
}

/// The prefixes some commands put on their error and output lines (Nomad's `PrefixedUi`:
/// `monitor` writes `==> ` before errors and four spaces before output).
pub fn ui_prefixes(path: &[String]) -> (&'static str, &'static str) {
    match path {
        [m] if m == "monitor" => ("==> ", "    "),
        [m, e] if m == "monitor" && e == "export" => ("==> ", "    "),
        [a, m] if a == "agent" && m == "monitor" => ("==> ", "    "),
        _ => ("", ""),
    }
}

/// The warning of Nomad's deprecated commands, as Nomad wraps it, then an empty warning line.
pub fn deprecated(ctx: &mut Ctx, name: &str) {
    if let Some(text) = deprecation(name) {
        ctx.ui.warn(text);
        ctx.ui.warn("");
    }
}

/// The warning text of a deprecated top-level command (Nomad prints it before running the
/// command and before its help), or `None` for the others.
pub fn deprecation(name: &str) -> Option<&'static str> {
    Some(match name {
        "server-members" => {
            "WARNING! The \"nomad server-members\" command is deprecated. Please use \"nomad\n\
             server members\" instead. This command will be removed a later version of\nNomad."
        }
        "server-join" => {
            "WARNING! The \"nomad server-join\" command is deprecated. Please use \"nomad\n\
             server join\" instead. This command will be removed a later version of Nomad."
        }
        "server-force-leave" => {
            "WARNING! The \"nomad server-force-leave\" command is deprecated. Please use\n\
             \"nomad server force-leave\" instead. This command will be removed a later\n\
             version of Nomad."
        }
        "client-config" => {
            "WARNING! The \"nomad client-config\" command is deprecated. Please use \"nomad\n\
             node config\" instead. This command will be removed a later version of Nomad."
        }
        _ => return None,
    })
}
