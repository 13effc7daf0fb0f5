//! `server` group definitions.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs};

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(subcommand)]
    pub command: ServerCommands,
}

#[derive(Subcommand, Debug)]
pub enum ServerCommands {
    /// Display a list of known servers and their status
    #[command(
        long_about = "Lists the servers of the cluster as the agent's gossip pool knows them, \
with the leader of each region. With ACLs enabled this needs a token with 'node:read'.",
        override_usage = "rnomad server members [options]"
    )]
    Members(ServerMembersArgs),
    /// Join server nodes together
    #[command(
        long_about = "Asks the server at -address to join the servers at the given addresses. \
One success is enough: gossip finds the rest.",
        override_usage = "rnomad server join [options] <addr> [<addr>...]"
    )]
    Join(ServerJoinArgs),
    /// Force a server into the 'left' state
    #[command(
        name = "force-leave",
        long_about = "Marks a failed server as having left the cluster. A server that is still \
alive rejoins. With ACLs enabled this needs a token with 'agent:write'.",
        override_usage = "rnomad server force-leave [options] <node>"
    )]
    ForceLeave(ServerForceLeaveArgs),
}

#[derive(Args, Debug)]
pub struct ServerJoinArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "addr", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ServerForceLeaveArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Removes the server from the member list at once.
    #[arg(long)]
    pub prune: bool,
    #[arg(value_name = "node", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the members")))]
pub struct ServerMembersArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Adds the protocol version and every tag of each server.
    #[arg(long)]
    pub verbose: bool,
    /// Same as -verbose.
    #[arg(long, hide = true)]
    pub detailed: bool,
    /// Opens the servers page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
