//! rnomad's `agent` group (over the Agent HTTP API). `agent` followed by anything other than
//! one of these words runs a real nomad agent (see `passthrough`).

use clap::{Args, Subcommand};

use super::server::{ServerForceLeaveArgs, ServerJoinArgs, ServerMembersArgs};
use super::{AgentInfoArgs, FormatArgs, GlobalArgs, MonitorArgs};

#[derive(Args, Debug)]
pub struct AgentArgs {
    #[command(subcommand)]
    pub command: AgentCommands,
}

#[derive(Subcommand, Debug)]
pub enum AgentCommands {
    /// Display status information about the local agent
    #[command(
        long_about = "Same as 'agent-info': the agent's statistics, grouped by subsystem.",
        override_usage = "rnomad agent info [options]"
    )]
    Info(AgentInfoArgs),
    /// Display the agent's gossip members
    #[command(
        long_about = "Same as 'server members': the servers of the gossip pool.",
        override_usage = "rnomad agent members [options]"
    )]
    Members(ServerMembersArgs),
    /// Show or replace the client's server list
    #[command(
        long_about = "Lists the servers the client agent at -address talks to; with -update, \
replaces that list with the addresses given.",
        override_usage = "rnomad agent servers [options] [-update <addr>...]"
    )]
    Servers(AgentServersArgs),
    /// Check the agent's health
    #[command(
        long_about = "Asks the agent whether its client and server parts are healthy. Exits 0 \
when they are and 1, with the reason, when they are not: made for scripts.",
        override_usage = "rnomad agent health [options]"
    )]
    Health(AgentHealthArgs),
    /// Show the host an agent runs on
    #[command(
        long_about = "Shows the operating system, disks, network interfaces and resolver of the \
host of the agent, or of another node (-node-id) or server (-server-id).",
        override_usage = "rnomad agent host [options]"
    )]
    Host(AgentHostArgs),
    /// Stream logs from a Nomad agent
    #[command(
        long_about = "Same as 'monitor': streams the agent's log lines.",
        override_usage = "rnomad agent monitor [options]"
    )]
    Monitor(MonitorArgs),
    /// Show or change a server's scheduler workers
    #[command(
        long_about = "Lists the scheduler workers of the server at -address (or -server-id); \
'schedulers config' shows their configuration, and with -update changes it \
(-num-schedulers, -enabled-schedulers).",
        override_usage = "rnomad agent schedulers [config] [options]"
    )]
    Schedulers(AgentSchedulersArgs),
    /// Join server nodes together
    #[command(
        long_about = "Same as 'server join'.",
        override_usage = "rnomad agent join [options] <addr> [<addr>...]"
    )]
    Join(ServerJoinArgs),
    /// Force a server into the 'left' state
    #[command(
        name = "force-leave",
        long_about = "Same as 'server force-leave'.",
        override_usage = "rnomad agent force-leave [options] <node>"
    )]
    ForceLeave(ServerForceLeaveArgs),
    /// Fetch a runtime profile from an agent
    #[command(
        long_about = "Fetches a Go runtime profile (cmdline, profile, trace, goroutine, heap, \
allocs, block, mutex, threadcreate) from the agent, or another node or server, and writes it \
to -output or to stdout when stdout is not a terminal. The agent must allow it (enable_debug, \
or an ACL token with agent:write).",
        override_usage = "rnomad agent pprof [options] <profile>"
    )]
    Pprof(AgentPprofArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the list")))]
pub struct AgentServersArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Replaces the server list with the addresses given.
    #[arg(long)]
    pub update: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "addr", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the health")))]
pub struct AgentHealthArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the host data")))]
pub struct AgentHostArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The client node to ask about (an ID or a prefix of one).
    #[arg(long = "node-id", value_name = "node-id")]
    pub node_id: String,
    /// The server to ask about (a name, or 'leader').
    #[arg(long = "server-id", value_name = "server-id")]
    pub server_id: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the answer")))]
pub struct AgentSchedulersArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The server to ask (a name, or 'leader').
    #[arg(long = "server-id", value_name = "server-id")]
    pub server_id: String,
    /// With 'config': changes the configuration.
    #[arg(long)]
    pub update: bool,
    /// With -update: how many scheduler workers to run.
    #[arg(long = "num-schedulers", value_name = "n", value_parser = super::go_int, default_value = "-1")]
    pub num_schedulers: i64,
    /// With -update: comma-separated scheduler types the workers run (must include _core).
    #[arg(long = "enabled-schedulers", value_name = "types")]
    pub enabled_schedulers: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "config", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AgentPprofArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// How long to collect a CPU profile or trace, in seconds.
    #[arg(long, value_name = "n", value_parser = super::go_int, default_value = "1")]
    pub seconds: i64,
    /// The debug level of named profiles (1 or 2 give text).
    #[arg(long, value_name = "n", value_parser = super::go_int, default_value = "0")]
    pub debug: i64,
    /// The client node to profile (an ID or a prefix of one).
    #[arg(long = "node-id", value_name = "node-id")]
    pub node_id: String,
    /// The server to profile (a name, or 'leader').
    #[arg(long = "server-id", value_name = "server-id")]
    pub server_id: String,
    /// The file to write the profile to (default: stdout, when it is not a terminal).
    #[arg(long, value_name = "file")]
    pub output: String,
    #[arg(value_name = "profile", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
