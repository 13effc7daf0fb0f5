//! `node` group definitions.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs, WatchArgs};

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
    /// Interact with node metadata
    #[command(
        long_about = "Reads and changes the dynamic metadata of client nodes.",
        override_usage = "rnomad node meta <subcommand> [options]"
    )]
    Meta(NodeMetaArgs),
    /// View or modify client configuration details
    #[command(
        long_about = "Shows or replaces the list of servers the client agent at -address talks to.",
        override_usage = "rnomad node config [options]"
    )]
    Config(NodeConfigArgs),
    /// Interact with node pools
    #[command(
        long_about = "Work with node pools: list them, show one, the jobs and nodes in it, \
create or change them from a specification file, write an example file, delete one.",
        override_usage = "rnomad node pool <subcommand> [options] [args]"
    )]
    Pool(NodePoolArgs),
}

#[derive(Args, Debug)]
pub struct NodeMetaArgs {
    #[command(subcommand)]
    pub command: NodeMetaCommands,
}

#[derive(Subcommand, Debug)]
pub enum NodeMetaCommands {
    /// Read node metadata
    #[command(
        long_about = "Shows a node's metadata: all of it, the dynamic part set through the API, \
and the static part from the agent's configuration. Without -node-id, the node of the agent \
at -address.",
        override_usage = "rnomad node meta read [options]"
    )]
    Read(NodeMetaReadArgs),
    /// Modify node metadata
    #[command(
        long_about = "Sets (key=value) or removes (-unset) dynamic metadata keys of a node. \
Without -node-id, the node of the agent at -address.",
        override_usage = "rnomad node meta apply [options] key1=value1 ... kN=vN"
    )]
    Apply(NodeMetaApplyArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the metadata")))]
pub struct NodeMetaReadArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The node to read (an ID or a prefix of one).
    #[arg(long = "node-id", value_name = "id")]
    pub node_id: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NodeMetaApplyArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The node to change (an ID or a prefix of one).
    #[arg(long = "node-id", value_name = "id")]
    pub node_id: String,
    /// Comma-separated keys to remove.
    #[arg(long, value_name = "keys")]
    pub unset: String,
    #[arg(value_name = "key=value", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NodeConfigArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Lists the servers the client knows.
    #[arg(long)]
    pub servers: bool,
    /// Replaces the client's server list with the addresses given.
    #[arg(long = "update-servers")]
    pub update_servers: bool,
    #[arg(value_name = "address", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NodePoolArgs {
    #[command(subcommand)]
    pub command: NodePoolCommands,
}

#[derive(Subcommand, Debug)]
pub enum NodePoolCommands {
    /// List node pools
    #[command(
        long_about = "Lists the node pools with their descriptions.",
        override_usage = "rnomad node pool list [options]"
    )]
    List(NodePoolListArgs),
    /// Fetch information on an existing node pool
    #[command(
        long_about = "Shows a node pool: its description, metadata and scheduler settings. The \
pool can be named by a prefix.",
        override_usage = "rnomad node pool info [options] <node-pool>"
    )]
    Info(NodePoolInfoArgs),
    /// Create or update a node pool
    #[command(
        long_about = "Creates a node pool or replaces an existing one from a specification \
file: HCL with a node_pool block, or the API's JSON with -json. '-' reads standard input.",
        override_usage = "rnomad node pool apply [options] <input>"
    )]
    Apply(NodePoolApplyArgs),
    /// Delete a node pool
    #[command(
        long_about = "Removes a node pool. The server refuses while nodes or jobs that are not \
dead are in it, and never removes the built-in pools.",
        override_usage = "rnomad node pool delete [options] <node-pool>"
    )]
    Delete(NodePoolDeleteArgs),
    /// Create an example node pool specification file
    #[command(
        long_about = "Writes an example node pool specification (pool.nomad.hcl, or \
pool.nomad.json with -out=json) to start from; the file must not exist yet.",
        override_usage = "rnomad node pool init [options] [<filename>]"
    )]
    Init(NodePoolInitArgs),
    /// Fetch a list of jobs in a node pool
    #[command(
        long_about = "Lists the jobs that run in a node pool. The pool can be named by a \
prefix; -namespace=* covers every namespace.",
        override_usage = "rnomad node pool jobs [options] <node-pool>"
    )]
    Jobs(NodePoolJobsArgs),
    /// Fetch a list of nodes in a node pool
    #[command(
        long_about = "Lists the client nodes in a node pool. The pool can be named by a prefix.",
        override_usage = "rnomad node pool nodes [options] <node-pool>"
    )]
    Nodes(NodePoolNodesArgs),
}

#[derive(Args, Debug)]
pub struct NodePoolApplyArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Reads the specification as JSON instead of HCL.
    #[arg(long)]
    pub json: bool,
    #[arg(value_name = "input", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NodePoolDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "node-pool", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NodePoolInitArgs {
    /// The format of the example: hcl (default) or json.
    #[arg(long, value_name = "format", default_value = "hcl")]
    pub out: String,
    /// Prints nothing once the file is written.
    #[arg(long)]
    pub quiet: bool,
    #[arg(value_name = "filename", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the jobs")))]
pub struct NodePoolJobsArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Keeps only the jobs matching this filter expression.
    #[arg(long, value_name = "expression")]
    pub filter: String,
    /// How many jobs one page holds.
    #[arg(long = "per-page", value_name = "n", value_parser = super::go_int, default_value = "0")]
    pub per_page: i64,
    /// Starts the list at this token, from a previous page.
    #[arg(long = "page-token", value_name = "token")]
    pub page_token: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "node-pool", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the nodes")))]
pub struct NodePoolNodesArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Keeps only the nodes matching this filter expression.
    #[arg(long, value_name = "expression")]
    pub filter: String,
    /// How many nodes one page holds.
    #[arg(long = "per-page", value_name = "n", value_parser = super::go_int, default_value = "0")]
    pub per_page: i64,
    /// Starts the list at this token, from a previous page.
    #[arg(long = "page-token", value_name = "token")]
    pub page_token: String,
    /// Shows full node IDs.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "node-pool", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the pools")))]
pub struct NodePoolListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Keeps only the pools matching this filter expression.
    #[arg(long, value_name = "expression")]
    pub filter: String,
    /// How many pools one page holds.
    #[arg(long = "per-page", value_name = "n", value_parser = super::go_int, default_value = "0")]
    pub per_page: i64,
    /// Starts the list at this token, from a previous page.
    #[arg(long = "page-token", value_name = "token")]
    pub page_token: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the pool")))]
pub struct NodePoolInfoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "node-pool", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
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
#[command(mut_args(FormatArgs::of("the nodes")))]
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
    #[command(flatten)]
    pub format: FormatArgs,
    #[command(flatten)]
    pub watch: WatchArgs,
    #[arg(value_name = "node", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
