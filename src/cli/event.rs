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
event: the time it arrived, its raft index, topic, type, namespace, key and a short summary of the \
object. Without -index it starts from now, like tail -f: it shows the events that happen after it \
connects. With -index it first shows what the server still holds from that index on; those \
events happened before rnomad connected, so their time column reads --:--:--.---. When the \
connection drops, the stream resumes at the last index seen and skips what the server sends \
again, so no event is shown twice or skipped; if the server's bounded buffer has dropped events \
that were not shown, stderr says so. Ctrl-C ends it.",
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
    /// Starts at this raft index (inclusive) with the events the server still holds from there; 0 = all it holds. Default: from now.
    #[arg(long, value_name = "n", value_parser = start_index)]
    pub index: StartIndex,
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

/// `-index`: None when not given (the Go-style flag pass gives every flag without a default
/// the value "").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StartIndex(pub Option<i64>);

fn start_index(s: &str) -> Result<StartIndex, String> {
    if s.is_empty() {
        return Ok(StartIndex(None));
    }
    super::go_int(s).map(|n| StartIndex(Some(n)))
}
