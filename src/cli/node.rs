//! `node` group definitions.

use clap::{Args, Subcommand};

use super::GlobalArgs;

#[derive(Args, Debug)]
pub struct NodeArgs {
    #[command(subcommand)]
    pub command: NodeCommands,
}

#[derive(Subcommand, Debug)]
pub enum NodeCommands {
    /// Display status information about nodes
    #[command(
        long_about = "Lists the client nodes, or shows one node in detail: its drivers, events, \
allocated and used resources, and allocations. A node can be named by a prefix of its ID.",
        override_usage = "rnomad node status [options] <node>"
    )]
    Status(NodeStatusArgs),
}

#[derive(Args, Debug)]
pub struct NodeStatusArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows the node this agent runs on.
    #[arg(long = "self")]
    pub self_: bool,
    /// Adds detailed resource usage of the node's host.
    #[arg(long)]
    pub stats: bool,
    /// Adds the number of running allocations to each node in the list.
    #[arg(long)]
    pub allocs: bool,
    /// Shows a shorter view of one node, without resource usage.
    #[arg(long)]
    pub short: bool,
    /// Shows full IDs and more columns and sections.
    #[arg(long)]
    pub verbose: bool,
    /// How many nodes one page of the list holds.
    #[arg(long = "per-page", value_name = "n", value_parser = super::go_int, default_value = "0")]
    pub per_page: i64,
    /// Starts the list at this token, from a previous page.
    #[arg(long = "page-token", value_name = "token")]
    pub page_token: String,
    /// Keeps only the nodes matching this filter expression.
    #[arg(long, value_name = "expression")]
    pub filter: String,
    /// Opens the node's page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    /// Adds each node's operating system to the list.
    #[arg(long)]
    pub os: bool,
    /// Prints only node IDs.
    #[arg(long)]
    pub quiet: bool,
    /// Prints the nodes as JSON.
    #[arg(long)]
    pub json: bool,
    /// Formats the nodes with a Go template.
    #[arg(long = "t", value_name = "template")]
    pub template: String,
    /// Keeps the view on screen and redraws it whenever the data changes (rnomad's own).
    #[arg(long)]
    pub watch: bool,
    /// With -watch: how long one blocking query waits for a change (Go duration, at most 5m).
    #[arg(long, value_name = "duration")]
    pub wait: String,
    #[arg(value_name = "node", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
