//! `server` group definitions.

use clap::{Args, Subcommand};

use super::GlobalArgs;

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
}

#[derive(Args, Debug)]
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
    /// Prints the members as JSON.
    #[arg(long)]
    pub json: bool,
    /// Formats the members with a Go template.
    #[arg(long = "t", value_name = "template")]
    pub template: String,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
