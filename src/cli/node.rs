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
    /// Toggle scheduling eligibility for a given node
    #[command(
        long_about = "Marks a node as eligible or ineligible for new allocations. Allocations \
already on the node keep running. A node can be named by a prefix of its ID.",
        override_usage = "rnomad node eligibility [options] <node>"
    )]
    Eligibility(NodeEligibilityArgs),
    /// Toggle drain mode on a given node
    #[command(
        long_about = "Starts or stops draining a node: its allocations are migrated elsewhere \
and it takes no new work. Without -detach, rnomad follows the drain until it ends.",
        override_usage = "rnomad node drain [options] <node>"
    )]
    Drain(NodeDrainArgs),
}

#[derive(Args, Debug)]
pub struct NodeEligibilityArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Lets the scheduler place new allocations on the node.
    #[arg(long)]
    pub enable: bool,
    /// Keeps the scheduler from placing new allocations on the node.
    #[arg(long)]
    pub disable: bool,
    /// Acts on the node this agent runs on.
    #[arg(long = "self")]
    pub self_: bool,
    #[arg(value_name = "node", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NodeDrainArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Starts draining the node.
    #[arg(long)]
    pub enable: bool,
    /// Stops draining the node.
    #[arg(long)]
    pub disable: bool,
    /// How long allocations may take to migrate before they are stopped (default 1h).
    #[arg(long, value_name = "duration")]
    pub deadline: String,
    /// Drains without a deadline.
    #[arg(long = "no-deadline")]
    pub no_deadline: bool,
    /// Stops every allocation at once.
    #[arg(long)]
    pub force: bool,
    /// Leaves the allocations of system jobs in place.
    #[arg(long = "ignore-system")]
    pub ignore_system: bool,
    /// Leaves the node ineligible once the drain is over.
    #[arg(long = "keep-ineligible")]
    pub keep_ineligible: bool,
    /// Returns at once instead of following the drain.
    #[arg(long)]
    pub detach: bool,
    /// Only follows a drain already under way.
    #[arg(long)]
    pub monitor: bool,
    /// Acts on the node this agent runs on.
    #[arg(long = "self")]
    pub self_: bool,
    /// Answers yes to the confirmation question.
    #[arg(long)]
    pub yes: bool,
    /// A message stored with the drain.
    #[arg(long = "m", value_name = "message")]
    pub message: String,
    /// A key=value stored with the drain (repeatable).
    #[arg(long, value_name = "key=value", action = clap::ArgAction::Append)]
    pub meta: Vec<String>,
    #[arg(value_name = "node", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
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
    #[arg(value_name = "node", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
