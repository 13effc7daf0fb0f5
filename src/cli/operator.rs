//! `operator` group definitions. Nomad's operator commands that read an agent's local files
//! (`snapshot inspect|state|redact`, `raft logs|state`, `client-state`), `debug` and the
//! Enterprise `utilization` are not here: they are handed to a real nomad. `raft info` reads
//! only a raft.db's first and last log index, which rnomad does itself.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs};

#[derive(Args, Debug)]
pub struct OperatorArgs {
    #[command(subcommand)]
    pub command: OperatorCommands,
}

#[derive(Subcommand, Debug)]
pub enum OperatorCommands {
    /// Query Nomad's HTTP API
    #[command(
        long_about = "Sends one request to Nomad's HTTP API, curl-style, with the address, \
token, TLS settings, region and namespace of the other commands applied, and copies the reply's \
body to stdout as it arrives (whatever its status). The path is an API path (/v1/jobs), a \
host:port and path (the scheme is guessed from the TLS settings and the address), or a whole \
http:// or https:// URL. A body piped on stdin is sent, and makes the default method POST.",
        override_usage = "rnomad operator api [options] <path>"
    )]
    Api(OperatorApiArgs),
    /// Provides access to the Raft subsystem
    #[command(
        long_about = "Looks at and changes the servers' Raft peer set: list the peers, remove \
one, or hand leadership to another; and summarises a stopped server's Raft log on disk (info). \
Nomad's 'raft logs' and 'raft state' decode a server's data directory and are handed to a real \
nomad.",
        override_usage = "rnomad operator raft <subcommand> [options]"
    )]
    Raft(OperatorRaftArgs),
    /// Provides access to the Autopilot subsystem
    #[command(
        long_about = "Reads and changes Autopilot, the servers' automatic management of \
their peers (get-config, set-config), and shows the servers' health as Autopilot sees it \
(health).",
        override_usage = "rnomad operator autopilot <subcommand> [options]"
    )]
    Autopilot(OperatorAutopilotArgs),
    /// Provides access to the scheduler configuration
    #[command(
        long_about = "Reads and changes the cluster-wide scheduler configuration: the \
placement algorithm, preemption per scheduler, memory oversubscription, and the switches that \
pause the eval broker or refuse job registrations.",
        override_usage = "rnomad operator scheduler <subcommand> [options]"
    )]
    Scheduler(OperatorSchedulerArgs),
    /// Saves and restores snapshots of Nomad server state
    #[command(
        long_about = "Saves the servers' state to a snapshot file (save) and restores a \
cluster from one (restore). Nomad's 'snapshot inspect', 'state' and 'redact' read a snapshot \
file locally and are handed to a real nomad, as is 'save -redact'.",
        override_usage = "rnomad operator snapshot <subcommand> [options]"
    )]
    Snapshot(OperatorSnapshotArgs),
    /// Provides access to the Gossip subsystem
    #[command(
        long_about = "Works with the encryption keys of the servers' gossip layer: make a new \
key, and list, install, switch to or remove keys in the servers' keyrings.",
        override_usage = "rnomad operator gossip <subcommand> [options]"
    )]
    Gossip(OperatorGossipArgs),
    /// Retrieve Nomad metrics
    #[command(
        long_about = "Prints the metrics the agent has gathered. By default the agent's own \
JSON summary is copied as it arrives; -format prometheus asks for Prometheus' text format \
instead (the agent must have prometheus_metrics enabled). -json and -t decode the summary and \
print it again, as JSON or through a Go template.",
        override_usage = "rnomad operator metrics [options]"
    )]
    Metrics(OperatorMetricsArgs),
    /// Provides access to root encryption keys
    #[command(
        long_about = "Works with the root keys the servers encrypt variables and sign \
workload identities with (keyring list, rotate, remove).",
        override_usage = "rnomad operator root <subcommand> [options]"
    )]
    Root(OperatorRootArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the metrics summary")))]
pub struct OperatorMetricsArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Asks the agent to indent its JSON.
    #[arg(long)]
    pub pretty: bool,
    /// The format to ask the agent for: 'prometheus' (any other word gets JSON).
    #[arg(long, value_name = "format")]
    pub format: String,
    #[command(flatten)]
    pub out: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorRootArgs {
    #[command(subcommand)]
    pub command: OperatorRootCommands,
}

#[derive(Subcommand, Debug)]
pub enum OperatorRootCommands {
    /// Manages root encryption keys
    #[command(
        long_about = "Lists the root keys (metadata only, never key material), makes a new \
one (rotate), or drops one that is no longer active (remove). With ACLs enabled every \
subcommand needs a management token.",
        override_usage = "rnomad operator root keyring <subcommand> [options]"
    )]
    Keyring(OperatorRootKeyringArgs),
}

#[derive(Args, Debug)]
pub struct OperatorRootKeyringArgs {
    #[command(subcommand)]
    pub command: OperatorRootKeyringCommands,
}

#[derive(Subcommand, Debug)]
pub enum OperatorRootKeyringCommands {
    /// Lists the root encryption keys
    #[command(
        long_about = "Lists the root keys with their state (active, prepublished, inactive, \
…), when each was made and when a prepublished one becomes active. Key IDs are cut to 8 \
characters unless -verbose. With ACLs enabled this needs a management token.",
        override_usage = "rnomad operator root keyring list [options]"
    )]
    List(OperatorRootKeyringListArgs),
    /// Rotates the root encryption key
    #[command(
        long_about = "Makes a new root key. With -now it becomes the active key at once \
(for a key that leaked); with -prepublish <duration> its public half is published in the \
JWKS endpoint first and it becomes active once that time has passed, so that workload \
identities it signs are trusted by then. One of the two is required. With ACLs enabled this \
needs a management token.",
        override_usage = "rnomad operator root keyring rotate [options]"
    )]
    Rotate(OperatorRootKeyringRotateArgs),
    /// Removes a root encryption key
    #[command(
        long_about = "Drops a root key that is not the active one, by its full ID. With ACLs \
enabled this needs a management token.",
        override_usage = "rnomad operator root keyring remove [options] <key ID>"
    )]
    Remove(OperatorRootKeyringRemoveArgs),
}

#[derive(Args, Debug)]
pub struct OperatorRootKeyringListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows whole key IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorRootKeyringRotateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Also re-encrypts every existing variable with the new key, in the background on the
    /// leader (the command returns at once).
    #[arg(long)]
    pub full: bool,
    /// Makes the new key active at once.
    #[arg(long)]
    pub now: bool,
    /// Publishes the new key for this long (a Go duration such as 1h) before it becomes active.
    #[arg(long, value_name = "duration", value_parser = super::go_duration, default_value = "0s")]
    pub prepublish: i64,
    /// Shows the whole key ID.
    #[arg(long)]
    pub verbose: bool,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorRootKeyringRemoveArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Removes the key even though variables or workload identities still use it.
    #[arg(long)]
    pub force: bool,
    /// Accepted for Nomad's sake; changes nothing.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "key ID", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorGossipArgs {
    #[command(subcommand)]
    pub command: OperatorGossipCommands,
}

#[derive(Subcommand, Debug)]
pub enum OperatorGossipCommands {
    /// Manages gossip layer encryption keys
    #[command(
        long_about = "Works with the gossip encryption keyring of every server: make a key \
(generate), list the keys in use (list), add one (install), make one the key new messages are \
encrypted with (use), and drop one (remove). Only servers answer; with ACLs enabled all but \
generate need a token with 'agent:write'.",
        override_usage = "rnomad operator gossip keyring <subcommand> [options]"
    )]
    Keyring(OperatorGossipKeyringArgs),
}

#[derive(Args, Debug)]
pub struct OperatorGossipKeyringArgs {
    #[command(subcommand)]
    pub command: OperatorGossipKeyringCommands,
}

#[derive(Subcommand, Debug)]
pub enum OperatorGossipKeyringCommands {
    /// Generates a new encryption key
    #[command(
        long_about = "Prints a new gossip encryption key: 32 random bytes from the operating \
system, base64-encoded, for an agent's 'encrypt' setting or 'keyring install'. Nothing is sent \
to the cluster, and any arguments are ignored, as with Nomad.",
        override_usage = "rnomad operator gossip keyring generate"
    )]
    Generate(OperatorPlainArgs),
    /// Lists gossip keys
    #[command(
        long_about = "Lists the gossip encryption keys installed on the servers.",
        override_usage = "rnomad operator gossip keyring list [options]"
    )]
    List(OperatorPlainArgs),
    /// Install a gossip encryption key
    #[command(
        long_about = "Adds a key (base64, as 'keyring generate' makes) to every server's \
keyring. It is not used to encrypt until 'keyring use' makes it the primary key.",
        override_usage = "rnomad operator gossip keyring install [options] <key>"
    )]
    Install(OperatorGossipKeyArgs),
    /// Change the gossip encryption key
    #[command(
        name = "use",
        long_about = "Makes an installed key the primary one, which every server encrypts \
its gossip with from now on.",
        override_usage = "rnomad operator gossip keyring use [options] <key>"
    )]
    Use(OperatorGossipKeyArgs),
    /// Remove a gossip encryption key
    #[command(
        long_about = "Drops a key from every server's keyring. The primary key cannot be \
removed.",
        override_usage = "rnomad operator gossip keyring remove [options] <key>"
    )]
    Remove(OperatorGossipKeyArgs),
}

#[derive(Args, Debug)]
pub struct OperatorGossipKeyArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "key", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorSnapshotArgs {
    #[command(subcommand)]
    pub command: OperatorSnapshotCommands,
}

#[derive(Subcommand, Debug)]
pub enum OperatorSnapshotCommands {
    /// Saves snapshot of Nomad server state
    #[command(
        long_about = "Downloads a snapshot of the servers' state to a file (by default \
nomad-state-<date>-<unix time>.snap in the current directory; an existing file is never \
overwritten). The download goes to <file>.tmp and is renamed once complete and checked \
against the server's digest, so a broken transfer leaves no partial snapshot behind. On a \
terminal a progress line shows the bytes received. With ACLs enabled this needs a management \
token.",
        override_usage = "rnomad operator snapshot save [options] [<file>]"
    )]
    Save(OperatorSnapshotSaveArgs),
    /// Restore snapshot of Nomad server state
    #[command(
        long_about = "Replaces the cluster's state with the one in a snapshot file made by \
'operator snapshot save'. Everything written since the snapshot is lost. With ACLs enabled this \
needs a management token.",
        override_usage = "rnomad operator snapshot restore [options] <file>"
    )]
    Restore(OperatorPlainArgs),
}

#[derive(Args, Debug)]
pub struct OperatorSnapshotSaveArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Lets any server answer, not only the leader (the snapshot may be out of date).
    #[arg(long)]
    pub stale: bool,
    #[arg(value_name = "file", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorRaftArgs {
    #[command(subcommand)]
    pub command: OperatorRaftCommands,
}

#[derive(Subcommand, Debug)]
pub enum OperatorRaftCommands {
    /// Display the current Raft peer configuration
    #[command(
        name = "list-peers",
        long_about = "Lists the servers of the Raft peer set with their IDs, addresses, \
state (leader or follower), whether they vote, and their Raft protocol version. With ACLs \
enabled this needs a token with 'operator:read'.",
        override_usage = "rnomad operator raft list-peers [options]"
    )]
    ListPeers(OperatorRaftListArgs),
    /// Remove a Nomad server from the Raft configuration
    #[command(
        name = "remove-peer",
        long_about = "Removes a server (by its Raft ID, see 'operator raft list-peers') from \
the peer set, for a server that failed and will not come back. With ACLs enabled this needs a \
token with 'operator:write'.",
        override_usage = "rnomad operator raft remove-peer [options]"
    )]
    RemovePeer(OperatorRaftRemoveArgs),
    /// Transfer leadership to another Nomad server
    #[command(
        name = "transfer-leadership",
        long_about = "Asks the leader to hand leadership to another voting server, named by \
its Raft ID or its Raft address (one of the two). With ACLs enabled this needs a management \
token.",
        override_usage = "rnomad operator raft transfer-leadership [options]"
    )]
    TransferLeadership(OperatorRaftTransferArgs),
    /// Display info of the raft log
    #[command(
        long_about = "Reads a server's raft.db on this machine and prints its path, how many \
log entries it holds, and its first and last index. The path is a data directory, its \
server or raft directory, the raft.db itself, or any directory with a raft.db somewhere \
below. A running server keeps the file locked, so stop it first. The words after 'info' are \
all taken as the path: this command has no flags.",
        override_usage = "rnomad operator raft info <path to nomad data dir>"
    )]
    Info(OperatorRaftInfoArgs),
}

/// `raft info` has no flag set in Nomad: every word is an argument.
#[derive(Args, Debug)]
pub struct OperatorRaftInfoArgs {
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorRaftListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Lets any server answer, not only the leader (the answer may be out of date).
    #[arg(long)]
    pub stale: bool,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorRaftRemoveArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The Raft ID of the server to remove.
    #[arg(long = "peer-id", value_name = "id")]
    pub peer_id: String,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorRaftTransferArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The Raft address (host:port) of the server to hand leadership to.
    #[arg(long = "peer-address", value_name = "address")]
    pub peer_address: String,
    /// The Raft ID of the server to hand leadership to.
    #[arg(long = "peer-id", value_name = "id")]
    pub peer_id: String,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorAutopilotArgs {
    #[command(subcommand)]
    pub command: OperatorAutopilotCommands,
}

#[derive(Subcommand, Debug)]
pub enum OperatorAutopilotCommands {
    /// Display the current Autopilot configuration
    #[command(
        name = "get-config",
        long_about = "Shows the Autopilot configuration. With ACLs enabled this needs a token \
with 'operator:read'.",
        override_usage = "rnomad operator autopilot get-config [options]"
    )]
    GetConfig(OperatorPlainArgs),
    /// Modify the current Autopilot configuration
    #[command(
        name = "set-config",
        long_about = "Changes the settings given as flags and keeps the others, with a \
check-and-set against the configuration just read. With ACLs enabled this needs a token with \
'operator:write'.",
        override_usage = "rnomad operator autopilot set-config [options]"
    )]
    SetConfig(OperatorAutopilotSetArgs),
    /// Display the current Autopilot health
    #[command(
        long_about = "Shows whether the servers are healthy as Autopilot sees them, how many \
may fail without losing quorum, the leader, the voters, and each server's state. With ACLs \
enabled this needs a token with 'operator:read'.",
        override_usage = "rnomad operator autopilot health [options]"
    )]
    Health(OperatorAutopilotHealthArgs),
}

/// An operator command with only the client flags.
#[derive(Args, Debug)]
pub struct OperatorPlainArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// A flag that knows whether it was given (Nomad's `flaghelper` values): only a given one
/// is laid over the configuration read from the server. Go-style flags default to the empty
/// string, which stands for "not given" here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Given<T>(pub Option<T>);

fn given<T>(s: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Given<T>, String> {
    if s.is_empty() {
        return Ok(Given(None));
    }
    parse(s).map(|v| Given(Some(v)))
}

/// Go's `strconv.ParseBool`, with its error text.
fn tri_bool(s: &str) -> Result<Given<bool>, String> {
    given(s, |s| {
        let q = crate::gocompat::strconv::quote(s);
        crate::gocompat::strconv::parse_bool(s)
            .ok_or_else(|| format!("strconv.ParseBool: parsing {q}: invalid syntax"))
    })
}

/// Go's `time.ParseDuration`, with its error text.
fn duration(s: &str) -> Result<Given<i64>, String> {
    given(s, |s| {
        let q = crate::gocompat::strconv::quote(s);
        crate::gocompat::time::parse_duration(s)
            .ok_or_else(|| format!("time: invalid duration {q}"))
    })
}

/// Go's `strconv.ParseUint(s, 0, 64)`, with its error text.
fn uint(s: &str) -> Result<Given<u64>, String> {
    use crate::gocompat::strconv::{parse_uint, IntError};
    given(s, |s| {
        let q = crate::gocompat::strconv::quote(s);
        parse_uint(s).map_err(|e| match e {
            IntError::Syntax => format!("strconv.ParseUint: parsing {q}: invalid syntax"),
            IntError::Range => format!("strconv.ParseUint: parsing {q}: value out of range"),
        })
    })
}

#[derive(Args, Debug)]
pub struct OperatorAutopilotSetArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Whether dead servers are removed once new ones join (true or false).
    #[arg(long = "cleanup-dead-servers", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub cleanup_dead_servers: Given<bool>,
    /// How many log entries a server may trail the leader by and still count as healthy.
    #[arg(long = "max-trailing-logs", value_name = "n", value_parser = uint, default_value = "", hide_default_value = true)]
    pub max_trailing_logs: Given<u64>,
    /// How long a server may go without hearing from the leader and still count as healthy.
    #[arg(long = "last-contact-threshold", value_name = "duration", value_parser = duration, default_value = "", hide_default_value = true)]
    pub last_contact_threshold: Given<i64>,
    /// How long a new server must stay healthy before it becomes a voter.
    #[arg(long = "server-stabilization-time", value_name = "duration", value_parser = duration, default_value = "", hide_default_value = true)]
    pub server_stabilization_time: Given<i64>,
    /// (Enterprise) Whether servers are grouped into redundancy zones (true or false).
    #[arg(long = "enable-redundancy-zones", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub enable_redundancy_zones: Given<bool>,
    /// (Enterprise) Whether new servers wait for a migration before promotion (true or false).
    #[arg(long = "disable-upgrade-migration", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub disable_upgrade_migration: Given<bool>,
    /// (Enterprise) Whether upgrades follow a custom version tag (true or false).
    #[arg(long = "enable-custom-upgrades", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub enable_custom_upgrades: Given<bool>,
    /// How many servers must remain before Autopilot may remove dead ones.
    #[arg(long = "min-quorum", value_name = "n", value_parser = uint, default_value = "", hide_default_value = true)]
    pub min_quorum: Given<u64>,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorAutopilotHealthArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Prints the health as JSON (one line).
    #[arg(long)]
    pub json: bool,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorSchedulerArgs {
    #[command(subcommand)]
    pub command: OperatorSchedulerCommands,
}

#[derive(Subcommand, Debug)]
pub enum OperatorSchedulerCommands {
    /// Display the current scheduler configuration
    #[command(
        name = "get-config",
        long_about = "Shows the scheduler configuration. With ACLs enabled this needs a token \
with 'operator:read'.",
        override_usage = "rnomad operator scheduler get-config [options]"
    )]
    GetConfig(OperatorSchedulerGetArgs),
    /// Modify the current scheduler configuration
    #[command(
        name = "set-config",
        long_about = "Changes the settings given as flags and keeps the others, with a \
check-and-set against the configuration just read (or against -check-index). With ACLs \
enabled this needs a token with 'operator:write'.",
        override_usage = "rnomad operator scheduler set-config [options]"
    )]
    SetConfig(OperatorSchedulerSetArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the scheduler configuration")))]
pub struct OperatorSchedulerGetArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct OperatorSchedulerSetArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Updates only if the configuration's modify index is still this one.
    #[arg(long = "check-index", value_name = "index")]
    pub check_index: String,
    /// The placement algorithm: binpack or spread.
    #[arg(long = "scheduler-algorithm", value_name = "binpack|spread")]
    pub scheduler_algorithm: String,
    /// Whether tasks may use more memory than they reserve, up to memory_max (true or false).
    #[arg(long = "memory-oversubscription", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub memory_oversubscription: Given<bool>,
    /// Whether job registrations, dispatches and scaling are refused except with a
    /// management token (true or false).
    #[arg(long = "reject-job-registration", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub reject_job_registration: Given<bool>,
    /// Whether the eval broker is paused, so that no scheduling happens (true or false).
    #[arg(long = "pause-eval-broker", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub pause_eval_broker: Given<bool>,
    /// Whether batch jobs may preempt others (true or false).
    #[arg(long = "preempt-batch-scheduler", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub preempt_batch_scheduler: Given<bool>,
    /// Whether service jobs may preempt others (true or false).
    #[arg(long = "preempt-service-scheduler", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub preempt_service_scheduler: Given<bool>,
    /// Whether sysbatch jobs may preempt others (true or false).
    #[arg(long = "preempt-sysbatch-scheduler", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub preempt_sysbatch_scheduler: Given<bool>,
    /// Whether system jobs may preempt others (true or false).
    #[arg(long = "preempt-system-scheduler", value_name = "true|false", value_parser = tri_bool, default_value = "", hide_default_value = true)]
    pub preempt_system_scheduler: Given<bool>,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// Go's `-H` check: a header is `Key: Value`.
fn header(s: &str) -> Result<String, String> {
    if s.contains(':') {
        Ok(s.to_string())
    } else {
        Err(format!(
            "Headers must be in the form 'Key: Value' but found: {}",
            crate::gocompat::strconv::quote(s)
        ))
    }
}

#[derive(Args, Debug)]
pub struct OperatorApiArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Prints the equivalent curl command instead of sending the request. The token shows
    /// only when given with -token (else as ${NOMAD_TOKEN}); basic auth never shows.
    #[arg(long)]
    pub dryrun: bool,
    /// A filter expression for the query (sets the filter parameter).
    #[arg(long, value_name = "query")]
    pub filter: String,
    /// Adds a request header, as 'Key: Value'. Repeatable; wins over the headers rnomad sets
    /// itself, such as X-Nomad-Token.
    #[arg(long = "H", value_name = "header", value_parser = header, action = clap::ArgAction::Append)]
    pub header: Vec<String>,
    /// Writes the request and reply headers to stderr, as curl --verbose does.
    #[arg(long)]
    pub verbose: bool,
    /// The request's method. Default: POST when a body is given, else GET.
    #[arg(long = "X", value_name = "method")]
    pub method: String,
    /// The request body (rnomad's own): the text itself, @FILE for a file's contents, or '-'
    /// for stdin. Without it, a body piped on stdin is sent.
    #[arg(long = "d", value_name = "data")]
    pub data: String,
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
