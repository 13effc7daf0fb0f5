//! `event` group definitions (rnomad's own: Nomad's CLI has no event command).

use clap::{Args, Subcommand};

use super::GlobalArgs;

#[derive(Args, Debug)]
pub struct EventArgs {
    #[command(subcommand)]
    pub command: EventCommands,
}

#[derive(Subcommand, Debug)]
pub enum EventCommands {
    /// Stream the cluster's events as they happen
    #[command(
        long_about = "Follows the agent's event stream (/v1/event/stream) and prints one line per \
event: when it arrived, its raft index, topic, type, namespace, key and a short summary of the \
object. The stream is resumed from the last index seen when the connection drops, so no event \
is shown twice or skipped; if the server no longer holds some events, the lost index range is \
reported on stderr. Ctrl-C ends it.",
        override_usage = "rnomad event stream [options]"
    )]
    Stream(EventStreamArgs),
}

#[derive(Args, Debug)]
pub struct EventStreamArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// A topic to follow, as Topic or Topic:Key (Job, Allocation, Evaluation, Deployment, Node, NodePool, Service, ACLToken, ACLPolicy, ACLRole, ACLAuthMethod, ACLBindingRule, HostVolume, CSIVolume, CSIPlugin, or * for all). Repeatable; default: every topic.
    #[arg(long, value_name = "Topic[:Key]", action = clap::ArgAction::Append)]
    pub topic: Vec<String>,
    /// Starts at this raft index (inclusive); 0 starts at the oldest event the server still holds.
    #[arg(long, value_name = "n", value_parser = super::go_int, default_value = "0")]
    pub index: i64,
    /// Shows only events of this Type (e.g. JobRegistered, AllocationUpdated). Repeatable.
    #[arg(long = "type", value_name = "type", action = clap::ArgAction::Append)]
    pub types: Vec<String>,
    /// Prints each event as one JSON object per line, exactly as the server sent it.
    #[arg(long)]
    pub json: bool,
    /// Passes the server's frames through unchanged, heartbeats included.
    #[arg(long)]
    pub raw: bool,
    /// Shows full IDs.
    #[arg(long)]
    pub verbose: bool,
}
