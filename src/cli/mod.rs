//! The command tree (clap derive, definitions only). Parsing goes through `argv`, which turns
//! Nomad's Go-style flags into clap's syntax, and help is rendered by `help` in Nomad's layout.
//!
//! Conventions: every Nomad flag is a clap *long* (also single letters such as `-t`); boolean
//! fields are plain `bool`s, which `argv::go_style` turns into Go booleans (`-f`, `-f=false`,
//! any `strconv.ParseBool` spelling); string flags default to empty, as Go's do; positional
//! arguments are collected as strings and counted by each command, which owns its
//! Nomad-worded usage errors.

pub mod acl;
pub mod agent;
pub mod alloc;
pub mod argv;
pub mod context;
pub mod deployment;
pub mod eval;
pub mod event;
pub mod help;
pub mod job;
pub mod namespace;
pub mod node;
pub mod nomad_tree;
pub mod operator;
pub mod scaling;
pub mod server;
pub mod service;
pub mod system;
pub mod tls;
pub mod ui;
pub mod var;
pub mod volume;

use clap::{Arg, Args, Parser, Subcommand};

use crate::api::ClientFlags;
use crate::output::format::DataFormat;

pub const GENERAL: &str = "General Options";

/// Go's `strconv.ParseBool` as a clap value parser.
pub fn go_bool(s: &str) -> Result<bool, String> {
    crate::gocompat::strconv::parse_bool(s).ok_or_else(|| "parse error".to_string())
}

/// Go's `time.ParseDuration` as a clap value parser (nanoseconds), with the flag package's
/// error word.
pub fn go_duration(s: &str) -> Result<i64, String> {
    crate::gocompat::time::parse_duration(s).ok_or_else(|| "parse error".to_string())
}

/// A Go boolean whose default is decided at run time: `true`, `false`, or `auto` when absent.
pub fn go_bool_or_auto(s: &str) -> Result<String, String> {
    if s == "auto" {
        return Ok(s.to_string());
    }
    go_bool(s).map(|b| b.to_string())
}

/// What [`go_duration_or_unset`] gives for an absent flag.
pub const NO_DURATION: i64 = i64::MIN;

/// [`go_duration`] for a flag whose absence matters: [`namespace::UNSET`] (its default) is
/// [`NO_DURATION`].
pub fn go_duration_or_unset(s: &str) -> Result<i64, String> {
    if s == namespace::UNSET {
        return Ok(NO_DURATION);
    }
    go_duration(s)
}

/// Go's `strconv.ParseInt(s, 0, 64)` as a clap value parser, with Go's error words.
pub fn go_int(s: &str) -> Result<i64, String> {
    use crate::gocompat::strconv::{parse_int, IntError};
    parse_int(s).map_err(|e| match e {
        IntError::Syntax => "parse error".to_string(),
        IntError::Range => "value out of range".to_string(),
    })
}

#[derive(Parser, Debug)]
#[command(
    name = "rnomad",
    about = "A fast, drop-in replacement for the Nomad command-line client",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    args_override_self = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Commands,
}

// `defer`: a top-level command's flags and sub-commands are only built when that command is
// (`argv::tree_for` expands the one a command line names; `argv::go_style` expands them all).
#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum Commands {
    /// Interact with jobs
    #[command(
        long_about = "Work with jobs: list them or show one (status, allocs, deployments, \
history, inspect); check and submit job files (init, validate, plan, run); and act on registered \
jobs (stop, start, revert, scale, eval, dispatch, promote, periodic force), and read their \
scaling events (scaling-events). Nomad's other job commands are handed to a real nomad.",
        override_usage = "rnomad job <subcommand> [options] [args]"
    )]
    Job(job::JobArgs),
    /// Interact with nodes
    #[command(
        long_about = "Work with client nodes: list them or show one (status); drain them or \
change whether they take new work (drain, eligibility); read and change their metadata (meta) \
and their server list (config); work with node pools (pool). Nomad's other node commands are \
handed to a real nomad.",
        override_usage = "rnomad node <subcommand> [options] [args]"
    )]
    Node(node::NodeArgs),
    /// Interact with namespaces
    #[command(
        long_about = "Work with namespaces, which keep jobs and what belongs to them apart: \
list them, show one (status, inspect), create or change one (apply) and delete one.",
        override_usage = "rnomad namespace <subcommand> [options] [args]"
    )]
    Namespace(namespace::NamespaceArgs),
    /// Interact with registered services
    #[command(
        long_about = "Work with the services registered in Nomad's own service discovery: \
list them, show where one runs (info) and remove a registration (delete).",
        override_usage = "rnomad service <subcommand> [options] [args]"
    )]
    Service(service::ServiceArgs),
    /// Interact with volumes
    #[command(
        long_about = "Work with dynamic host volumes and CSI volumes: list them or show one \
(status), write an example specification (init), create or register one from a \
specification file, detach one from a node, delete \
or deregister one, list or delete task group claims (claim), and list, take or delete CSI \
snapshots (snapshot).",
        override_usage = "rnomad volume <subcommand> [options] [args]"
    )]
    Volume(volume::VolumeArgs),
    /// Interact with plugins
    #[command(
        long_about = "Work with the storage plugins (CSI) the cluster runs: list them or show \
one (status).",
        override_usage = "rnomad plugin <subcommand> [options] [args]"
    )]
    Plugin(volume::PluginArgs),
    /// Interact with the Nomad scaling endpoint
    #[command(
        long_about = "Work with the scaling policies of jobs (policy list, policy info).",
        override_usage = "rnomad scaling <subcommand> [options] [args]"
    )]
    Scaling(scaling::ScalingArgs),
    /// Interact with servers
    #[command(
        long_about = "Work with the Nomad servers of the cluster: list them and each region's \
leader (members), join them to other servers (join), or force one into the left state \
(force-leave).",
        override_usage = "rnomad server <subcommand> [options] [args]"
    )]
    Server(server::ServerArgs),
    /// Interact with variables
    #[command(
        long_about = "Work with Nomad Variables, the secrets and settings jobs read at run time: \
list them, read one, write one (from key=value words, a file or stdin), purge one, run a \
command holding a variable's lock, and write an example specification file.",
        override_usage = "rnomad var <subcommand> [options] [args]"
    )]
    Var(var::VarArgs),
    /// Generate Self Signed TLS Certificates for Nomad
    #[command(
        long_about = "Makes the certificate authority and the certificates a cluster's mutual \
TLS needs (ca create, cert create), and shows what a certificate holds (ca info, cert info).",
        override_usage = "rnomad tls <subcommand> [options] [args]"
    )]
    Tls(tls::TlsArgs),
    /// Display the status output for a resource
    #[command(
        long_about = "Finds what an identifier (or a prefix of one) names — a job, allocation, \
node, evaluation, deployment, namespace, plugin or volume — and shows its status. With no \
identifier it lists the jobs, as 'job status' does.",
        override_usage = "rnomad status [options] <identifier>"
    )]
    Status(StatusArgs),
    /// Query and operate the agent; other uses of 'agent' run a real nomad
    #[command(
        long_about = "Looks at and operates the agent at -address through its HTTP API. Any \
'agent' command line whose next word is not one of these subcommands (agent -dev, \
agent -config FILE, …) runs a real nomad agent instead.",
        override_usage = "rnomad agent <subcommand> [options] [args]"
    )]
    Agent(agent::AgentArgs),
    /// Display status information about the local agent
    #[command(
        name = "agent-info",
        long_about = "Shows the statistics the agent reports about itself, grouped by subsystem. \
With ACLs enabled this needs a token with the 'agent:read' capability.",
        override_usage = "rnomad agent-info [options]"
    )]
    AgentInfo(AgentInfoArgs),
    /// Prints a shell completion script
    #[command(
        long_about = "Prints a script that makes bash, zsh or fish complete rnomad's commands, \
flags (in Nomad's spelling) and live values from the cluster: job, allocation, node, evaluation \
and deployment IDs, namespaces, regions, task names and event topics. Load it from your shell's \
rc file, for example: source <(rnomad completion bash).",
        override_usage = "rnomad completion <bash|zsh|fish>"
    )]
    Completion(CompletionArgs),
    /// Switch between clusters with named contexts (rnomad's own)
    #[command(
        long_about = "A context is a named set of connection settings: address, region, \
namespace, TLS files and where the token comes from. The context in use fills in whatever \
flags and NOMAD_* variables leave unset, so scripts that set NOMAD_ADDR keep working. Contexts \
are kept in rnomad/contexts.json in the platform's configuration directory \
($XDG_CONFIG_HOME or ~/.config on Linux), readable by the user only.",
        override_usage = "rnomad context <subcommand> [options] [args]"
    )]
    Context(context::ContextArgs),
    /// Stream cluster events (rnomad's own)
    #[command(
        long_about = "Follow what happens in the cluster through the agent's event stream.",
        override_usage = "rnomad event <subcommand> [options]"
    )]
    Event(event::EventArgs),
    /// Stream logs from a Nomad agent
    #[command(
        long_about = "Streams the log lines of an agent (or, through it, of another node or \
server) at the level asked for, whatever level the agent itself logs at. With ACLs enabled \
this needs a token with 'agent:read'.",
        override_usage = "rnomad monitor [options]"
    )]
    Monitor(MonitorGroupArgs),
    /// Open the Nomad Web UI
    #[command(
        long_about = "Opens the Web UI in your browser, on the page of a job, allocation or \
client node when an identifier (or a prefix of one) is given. With -show-url the address is \
printed instead.",
        override_usage = "rnomad ui [options] [<identifier>]"
    )]
    Ui(ui::UiArgs),
    /// Login to Nomad using an auth method
    #[command(
        long_about = "Signs in through one of the cluster's SSO auth methods and prints the \
new ACL token. A JWT method checks the token given with -login-token; an OIDC method sends you \
to the provider in your browser and takes the answer on a local callback address.",
        override_usage = "rnomad login [options]"
    )]
    Login(ui::LoginArgs),
    /// Prints the rnomad version and the Nomad version it follows
    #[command(override_usage = "rnomad version")]
    Version(VersionArgs),
    /// Interact with ACL policies and tokens
    #[command(
        long_about = "Work with the cluster's access control: bootstrap it (bootstrap), and \
manage its tokens (token), policies (policy), roles (role), and the auth methods \
(auth-method) and binding rules (binding-rule) of SSO logins.",
        override_usage = "rnomad acl <subcommand> [options] [args]"
    )]
    Acl(acl::AclArgs),
    /// Provides cluster-level tools for Nomad operators
    #[command(
        long_about = "Tools for the people who run a cluster: talk to the HTTP API directly \
(api), look at and change the Raft peers (raft), Autopilot (autopilot) and the scheduler \
configuration (scheduler), save or restore snapshots of the servers' state (snapshot), read \
the agent's metrics (metrics), and manage the gossip (gossip keyring) and root (root keyring) \
encryption keys. Nomad's other operator commands are handed to a real nomad.",
        override_usage = "rnomad operator <subcommand> [options] [args]"
    )]
    Operator(operator::OperatorArgs),
    /// Interact with the system API
    #[command(
        long_about = "Server-wide maintenance: garbage collection now (gc) and repair of job \
summaries (reconcile summaries).",
        override_usage = "rnomad system <subcommand> [options]"
    )]
    System(system::SystemArgs),
    /// Alias of 'node status'
    #[command(
        name = "node-status",
        hide = true,
        override_usage = "rnomad node status [options] <node>"
    )]
    NodeStatus(node::NodeStatusArgs),
    /// Run a new job or update an existing job
    #[command(override_usage = "rnomad job run [options] <path>")]
    Run(job::JobRunArgs),
    /// Stop a running job
    #[command(override_usage = "rnomad job stop [options] <job>")]
    Stop(job::JobStopArgs),
    /// Inspect a submitted job
    #[command(override_usage = "rnomad job inspect [options] <job>")]
    Inspect(job::JobInspectArgs),
    /// Interact with deployments
    #[command(
        long_about = "Work with deployments: list them, show or follow one (status, -monitor), \
promote canaries (promote), and fail, pause, resume or unblock one.",
        override_usage = "rnomad deployment <subcommand> [options] [args]"
    )]
    Deployment(deployment::DeploymentArgs),
    /// Interact with evaluations
    #[command(
        long_about = "Work with evaluations: list them and show one with its placement \
failures (status, -monitor to follow it), and delete them (delete).",
        override_usage = "rnomad eval <subcommand> [options] [args]"
    )]
    Eval(eval::EvalArgs),
    /// Create an example job file
    #[command(override_usage = "rnomad job init [options] [<filename>]")]
    Init(job::JobInitArgs),
    /// Dry-run a job update to determine its effects
    #[command(override_usage = "rnomad job plan [options] <path>")]
    Plan(job::JobPlanArgs),
    /// Checks if a given job specification is valid
    #[command(override_usage = "rnomad job validate [options] <path>")]
    Validate(job::JobValidateArgs),
    /// Start a stopped job
    #[command(override_usage = "rnomad job start [options] <job>")]
    Start(job::JobStartArgs),
    /// Alias of 'node drain'
    #[command(
        name = "node-drain",
        hide = true,
        override_usage = "rnomad node drain [options] <node>"
    )]
    NodeDrain(node::NodeDrainArgs),
    /// Deprecated: 'server members'
    #[command(
        name = "server-members",
        hide = true,
        override_usage = "rnomad server members [options]"
    )]
    ServerMembersOld(server::ServerMembersArgs),
    /// Deprecated: 'server join'
    #[command(
        name = "server-join",
        hide = true,
        override_usage = "rnomad server join [options] <addr> [<addr>...]"
    )]
    ServerJoinOld(server::ServerJoinArgs),
    /// Deprecated: 'server force-leave'
    #[command(
        name = "server-force-leave",
        hide = true,
        override_usage = "rnomad server force-leave [options] <node>"
    )]
    ServerForceLeaveOld(server::ServerForceLeaveArgs),
    /// Deprecated: 'node config'
    #[command(
        name = "client-config",
        hide = true,
        override_usage = "rnomad node config [options]"
    )]
    ClientConfigOld(node::NodeConfigArgs),
    /// Interact with allocations
    #[command(
        long_about = "Work with allocations: list them or show one (list, status, checks); \
read their files and task logs (fs, logs); run a command in a task (exec); and stop, restart or \
signal them (stop, restart, signal). Nomad's other alloc commands are handed to a real nomad.",
        override_usage = "rnomad alloc <subcommand> [options] [args]"
    )]
    Alloc(alloc::AllocArgs),
    /// Alias of 'alloc status'
    #[command(
        name = "alloc-status",
        hide = true,
        override_usage = "rnomad alloc status [options] <allocation>"
    )]
    AllocStatus(alloc::AllocStatusArgs),
    /// Streams the logs of a task.
    #[command(
        long_about = "Same as 'alloc logs'.",
        override_usage = "rnomad logs [options] <allocation> <task>"
    )]
    Logs(alloc::AllocLogsArgs),
    /// Inspect the contents of an allocation directory
    #[command(
        long_about = "Same as 'alloc fs'.",
        override_usage = "rnomad fs [options] <allocation> <path>"
    )]
    Fs(alloc::AllocFsArgs),
    /// Run a pre-defined command from a given context
    #[command(
        long_about = "Same as 'job action': runs an action declared in a task's 'action' \
block, in an allocation of the job.",
        override_usage = "rnomad action [options] <action>"
    )]
    Action(job::JobActionArgs),
    /// Execute commands in task
    #[command(
        long_about = "Same as 'alloc exec'.",
        override_usage = "rnomad exec [options] <allocation> <command>"
    )]
    Exec(alloc::AllocExecArgs),
}

// The client flags every command accepts. (A plain comment: a doc comment here would become
// the `about` of every top-level command that flattens these, as top-level commands are deferred.)
#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// The address of the Nomad server. Overrides NOMAD_ADDR. Default: http://127.0.0.1:4646
    #[arg(long, value_name = "addr", help_heading = GENERAL)]
    pub address: String,
    /// The region to forward requests to. Overrides NOMAD_REGION. Default: the agent's own region.
    #[arg(long, value_name = "region", help_heading = GENERAL)]
    pub region: String,
    /// The namespace to work in. Overrides NOMAD_NAMESPACE. '*' means every namespace the token may read, where a command supports it. Default: "default".
    #[arg(long, value_name = "namespace", help_heading = GENERAL)]
    pub namespace: String,
    /// Turns off colour. NOMAD_CLI_NO_COLOR and NO_COLOR do the same.
    #[arg(long, help_heading = GENERAL)]
    pub no_color: bool,
    /// Colours output even when it is not going to a terminal. NOMAD_CLI_FORCE_COLOR does the same.
    #[arg(long, help_heading = GENERAL)]
    pub force_color: bool,
    /// A PEM file of the CA that signed the server's certificate. Overrides NOMAD_CACERT.
    #[arg(long, value_name = "path", help_heading = GENERAL)]
    pub ca_cert: String,
    /// A directory of PEM CA certificates. Overrides NOMAD_CAPATH.
    #[arg(long, value_name = "path", help_heading = GENERAL)]
    pub ca_path: String,
    /// A PEM client certificate for mutual TLS. Overrides NOMAD_CLIENT_CERT; needs -client-key.
    #[arg(long, value_name = "path", help_heading = GENERAL)]
    pub client_cert: String,
    /// The PEM key of -client-cert. Overrides NOMAD_CLIENT_KEY.
    #[arg(long, value_name = "path", help_heading = GENERAL)]
    pub client_key: String,
    /// The name to expect on the server's certificate (and send as SNI). Overrides NOMAD_TLS_SERVER_NAME.
    #[arg(long, value_name = "server-name", help_heading = GENERAL)]
    pub tls_server_name: String,
    /// Accepts any server certificate. Unsafe outside of testing. NOMAD_SKIP_VERIFY does the same.
    #[arg(long, help_heading = GENERAL)]
    pub tls_skip_verify: bool,
    /// Same as -tls-skip-verify.
    #[arg(long, hide = true)]
    pub insecure: bool,
    /// The secret ID of the ACL token to send. Overrides NOMAD_TOKEN.
    #[arg(long, value_name = "token", help_heading = GENERAL)]
    pub token: String,
    /// The rnomad context that fills in what flags and NOMAD_* variables leave unset (see 'rnomad context'). Overrides RNOMAD_CONTEXT.
    #[arg(long, value_name = "name", help_heading = GENERAL)]
    pub context: String,
}

impl GlobalArgs {
    pub fn client_flags(&self) -> ClientFlags {
        ClientFlags {
            address: self.address.clone(),
            region: self.region.clone(),
            namespace: self.namespace.clone(),
            token: self.token.clone(),
            ca_cert: self.ca_cert.clone(),
            ca_path: self.ca_path.clone(),
            client_cert: self.client_cert.clone(),
            client_key: self.client_key.clone(),
            tls_server_name: self.tls_server_name.clone(),
            tls_skip_verify: self.tls_skip_verify || self.insecure,
        }
    }
}

// `-json` and `-t`, the data formats of Nomad's read commands, flattened into each command that
// has them. The command says what they print with `FormatArgs::of` (or `FormatArgs::help`), so
// its help reads "Prints the nodes as JSON". (A plain comment, as on `GlobalArgs`.)
#[derive(Args, Debug, Clone, Default)]
pub struct FormatArgs {
    /// Prints the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Formats the result with a Go template.
    #[arg(long = "t", value_name = "template")]
    pub template: String,
}

impl FormatArgs {
    /// The format asked for: `None` for the command's own view; both at once is Nomad's error.
    pub fn data_format(&self) -> Result<Option<DataFormat<'_>>, String> {
        DataFormat::choose(self.json, &self.template)
    }

    /// Whether `-json` or `-t` was given.
    pub fn is_data(&self) -> bool {
        self.json || !self.template.is_empty()
    }

    /// For `#[command(mut_args(...))]`: the help of `-json` and `-t` naming what they print
    /// ("the nodes").
    pub fn of(what: &'static str) -> impl FnMut(Arg) -> Arg {
        Self::help(
            format!("Prints {what} as JSON"),
            format!("Formats {what} with a Go template"),
        )
    }

    /// For `#[command(mut_args(...))]`: the help of `-json` and `-t`, each in its own words
    /// (one sentence, without the final period, as clap keeps a one-line doc comment).
    pub fn help(json: impl Into<String>, template: impl Into<String>) -> impl FnMut(Arg) -> Arg {
        let (json, template) = (json.into(), template.into());
        move |a| match a.get_id().as_str() {
            "json" => a.help(json.clone()),
            "template" => a.help(template.clone()),
            _ => a,
        }
    }

    /// For `#[command(mut_args(...))]`: lists `-t` after the `n` flags declared right after
    /// `FormatArgs`, where Nomad's help lists it. Help, man pages and completion list flags by
    /// display order, which clap numbers in declaration order; this doubles every number and
    /// gives `-t` the odd one after the `n`-th flag past `-json`.
    pub fn listed_after(n: usize) -> impl FnMut(Arg) -> Arg {
        let mut json = None;
        move |a| {
            let order = a.get_display_order();
            match (a.get_id().as_str(), json) {
                ("json", _) => json = Some(order),
                ("template", Some(j)) => return a.display_order(2 * (j + 1 + n) + 1),
                _ => {}
            }
            a.display_order(2 * order)
        }
    }
}

/// rnomad's `-watch` and its `-wait`, flattened into every command that can watch its view
/// (the command wires it with `commands::common::watch`).
#[derive(Args, Debug, Clone, Default)]
pub struct WatchArgs {
    /// Keeps the view on screen and redraws it whenever the data changes (rnomad's own).
    #[arg(long)]
    pub watch: bool,
    /// With -watch: how long one blocking query waits for a change (Go duration, at most 5m).
    #[arg(long, value_name = "duration")]
    pub wait: String,
}

impl From<&GlobalArgs> for ClientFlags {
    fn from(g: &GlobalArgs) -> ClientFlags {
        g.client_flags()
    }
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows full IDs and more detail in the status that is found.
    #[arg(long)]
    pub verbose: bool,
    /// Opens the status page in a browser as well.
    #[arg(long)]
    pub ui: bool,
    #[arg(value_name = "identifier", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the agent's information")))]
pub struct AgentInfoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct CompletionArgs {
    #[arg(value_name = "shell", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VersionArgs {
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct MonitorArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The lowest level to stream: trace, debug, info, warn or error (default info).
    #[arg(long = "log-level", value_name = "level")]
    pub log_level: String,
    /// Adds the source file and line to each line.
    #[arg(long = "log-include-location")]
    pub log_include_location: bool,
    /// Streams the logs of this client node instead (an ID or a prefix of one).
    #[arg(long = "node-id", value_name = "node-id")]
    pub node_id: String,
    /// Streams the logs of this server instead (a name, or 'leader').
    #[arg(long = "server-id", value_name = "server-id")]
    pub server_id: String,
    /// Streams the lines as JSON.
    #[arg(long)]
    pub json: bool,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

// `monitor` runs on its own and is also the group of `monitor export`, as in Nomad. (A plain
// comment: a doc comment would become the command's about.)
#[derive(Args, Debug)]
pub struct MonitorGroupArgs {
    #[command(flatten)]
    pub monitor: MonitorArgs,
    #[command(subcommand)]
    pub command: Option<MonitorCommands>,
}

#[derive(Subcommand, Debug)]
pub enum MonitorCommands {
    /// Export an agent's past log lines
    #[command(
        long_about = "Prints the log an agent (or, through it, another node or server) has \
already written: the whole of its configured log file with -on-disk, or what journald holds \
for its systemd unit with -service-name (Linux only). With -follow, a journald export keeps \
going until interrupted. With ACLs enabled this needs a token with 'agent:read'.",
        override_usage = "rnomad monitor export [options]"
    )]
    Export(MonitorExportArgs),
}

#[derive(Args, Debug)]
pub struct MonitorExportArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Exports the log of this client node instead (an ID or a prefix of one); not with
    /// -server-id.
    #[arg(long = "node-id", value_name = "node-id")]
    pub node_id: String,
    /// Exports the log of this server instead (a name, or 'leader'); not with -node-id.
    #[arg(long = "server-id", value_name = "server-id")]
    pub server_id: String,
    /// The systemd unit whose journal to export: its name must contain 'nomad' ('nomad' or
    /// 'nomad.service'; a name with a dot needs its suffix). Not with -on-disk.
    #[arg(long = "service-name", value_name = "service-name")]
    pub service_name: String,
    /// How far back a journald export reaches, as a duration (ns, us, µs, ms, s, m, h).
    /// Default: 72h. Not used with -on-disk.
    #[arg(
        long = "logs-since",
        value_name = "duration",
        default_value = "72h",
        hide_default_value = true,
        value_parser = go_duration
    )]
    pub logs_since: i64,
    /// Keeps streaming a journald export as new lines arrive, until interrupted. Not with
    /// -on-disk.
    #[arg(long)]
    pub follow: bool,
    /// Exports the whole log file set by the agent's log_file setting.
    #[arg(long = "on-disk")]
    pub on_disk: bool,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[cfg(test)]
mod tests {
    use clap::{Command, CommandFactory};

    use super::*;

    fn walk<'a>(cmd: &'a Command, path: String, out: &mut Vec<(String, &'a Command)>) {
        for sub in cmd.get_subcommands() {
            walk(sub, format!("{path} {}", sub.get_name()), out);
        }
        out.push((path, cmd));
    }

    #[test]
    fn every_format_flag_pair_names_what_it_prints() {
        let root = argv::go_style(Cli::command());
        let mut all = Vec::new();
        walk(&root, "rnomad".into(), &mut all);
        let mut with_format = 0;
        for (path, cmd) in all {
            let json = cmd.get_arguments().find(|a| a.get_id() == "json");
            let t = cmd.get_arguments().find(|a| a.get_id() == "template");
            let (Some(json), Some(t)) = (json, t) else {
                continue;
            };
            if t.get_long() != Some("t") {
                continue; // `job init -template` is a different flag
            }
            with_format += 1;
            for a in [json, t] {
                let help = help::arg_help(a);
                assert!(!help.contains("the result"), "{path}: {help}");
            }
        }
        assert!(with_format >= 20, "{with_format}");
    }

    #[test]
    fn t_is_listed_where_nomad_lists_it() {
        let root = argv::go_style(Cli::command());
        let listed = |group: &str, name: &str| -> Vec<String> {
            let cmd = root
                .find_subcommand(group)
                .and_then(|g| g.find_subcommand(name))
                .expect("command");
            help::listed_args(cmd)
                .iter()
                .filter(|a| a.get_help_heading() != Some(GENERAL) && !a.is_hide_set())
                .filter_map(|a| a.get_long().map(str::to_string))
                .collect()
        };
        assert_eq!(
            listed("deployment", "list"),
            ["json", "filter", "t", "verbose"]
        );
        assert_eq!(
            listed("job", "inspect"),
            ["version", "json", "hcl", "with-vars", "t"]
        );
        assert_eq!(listed("eval", "status")[1..4], ["verbose", "json", "t"]);
    }
}
