//! `volume` and `plugin` group definitions.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs};

#[derive(Args, Debug)]
pub struct VolumeArgs {
    #[command(subcommand)]
    pub command: VolumeCommands,
}

#[derive(Subcommand, Debug)]
pub enum VolumeCommands {
    /// Display status information about a volume
    #[command(
        long_about = "Lists the dynamic host volumes and the CSI volumes, or shows one volume \
(named by an ID prefix) with its capabilities and the allocations using it. -type narrows to \
one kind; -node and -node-pool narrow the host volume list.",
        override_usage = "rnomad volume status [options] [<id>]"
    )]
    Status(VolumeStatusArgs),
    /// Delete a volume
    #[command(
        long_about = "Deletes a volume: a CSI volume in its storage provider (the default \
type), or with -type host a dynamic host volume on its node. The volume can be named by a \
prefix of its ID.",
        override_usage = "rnomad volume delete [options] <vol id>"
    )]
    Delete(VolumeDeleteArgs),
    /// Remove a volume
    #[command(
        long_about = "Removes a CSI volume from Nomad without touching the storage behind \
it. -force also drops its claims, after a confirmation.",
        override_usage = "rnomad volume deregister [options] <id>"
    )]
    Deregister(VolumeDeregisterArgs),
    /// Create an external volume
    #[command(
        long_about = "Creates a volume from a specification file (HCL or JSON; \"-\" reads \
standard input). A CSI volume (type = \"csi\") is made by its plugin's controller; a dynamic \
host volume (type = \"host\") is placed on a node by its plugin and followed until it is \
ready, unless -detach is given.",
        override_usage = "rnomad volume create [options] <input>"
    )]
    Create(VolumeCreateArgs),
    /// Create or update a volume
    #[command(
        long_about = "Records a volume that already exists from a specification file (HCL \
or JSON; \"-\" reads standard input): a CSI volume in its storage provider, or a host volume \
at a path on one node (node_id and host_path in the file).",
        override_usage = "rnomad volume register [options] <input>"
    )]
    Register(VolumeRegisterArgs),
    /// Detach a volume
    #[command(
        long_about = "Asks the servers to unpublish a CSI volume from a node (named by an ID \
prefix), freeing the claim of a node that is gone or stuck. A node that no longer exists is \
looked for among the allocations claiming the volume.",
        override_usage = "rnomad volume detach [options] <vol id> <node id>"
    )]
    Detach(VolumeDetachArgs),
    /// Create an example volume specification file
    #[command(
        long_about = "Writes an example volume specification to start from: a CSI volume, \
or a dynamic host volume with -type host; in HCL (volume.hcl) or, with -json, in JSON \
(volume.json), or to the file named. An existing file is never overwritten.",
        override_usage = "rnomad volume init [options] [<filename>]"
    )]
    Init(VolumeInitArgs),
    /// Interact with task group volume claims
    #[command(
        long_about = "Work with the claims task groups hold on sticky dynamic host volumes: \
list them and delete one.",
        override_usage = "rnomad volume claim <subcommand> [options] [args]"
    )]
    Claim(VolumeClaimArgs),
    /// Interact with volume snapshots
    #[command(
        long_about = "Work with the snapshots a CSI storage provider keeps of its volumes: \
list those a plugin knows, snapshot a registered volume, delete a snapshot.",
        override_usage = "rnomad volume snapshot <subcommand> [options] [args]"
    )]
    Snapshot(VolumeSnapshotArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the volumes")))]
pub struct VolumeStatusArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Only volumes of this kind: "host" or "csi" (default: both).
    #[arg(long = "type", value_name = "type")]
    pub kind: String,
    /// For one volume: leaves out its capabilities and allocations.
    #[arg(long)]
    pub short: bool,
    /// Shows full IDs.
    #[arg(long)]
    pub verbose: bool,
    /// Only host volumes on this node (list only).
    #[arg(long, value_name = "node id")]
    pub node: String,
    /// Only host volumes in this node pool (list only).
    #[arg(long = "node-pool", value_name = "pool")]
    pub node_pool: String,
    #[arg(value_name = "id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The kind of volume: "csi" or "host".
    #[arg(long = "type", value_name = "type", default_value = "csi")]
    pub kind: String,
    /// A secret for the CSI plugin, as key=value (repeatable).
    #[arg(long, value_name = "key=value", action = clap::ArgAction::Append)]
    pub secret: Vec<String>,
    /// Deletes a host volume even when its node is gone.
    #[arg(long)]
    pub force: bool,
    #[arg(value_name = "vol id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeCreateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Host volumes: prints the new volume's ID and returns without waiting for it.
    #[arg(long)]
    pub detach: bool,
    /// Host volumes: updates the volume whose ID starts with this prefix.
    #[arg(long, value_name = "id")]
    pub id: String,
    /// Host volumes: full IDs while following the volume.
    #[arg(long)]
    pub verbose: bool,
    /// Overrides soft-mandatory Sentinel policies.
    #[arg(long = "policy-override")]
    pub policy_override: bool,
    #[arg(value_name = "input", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeRegisterArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Host volumes: updates the volume whose ID starts with this prefix.
    #[arg(long, value_name = "id")]
    pub id: String,
    /// Overrides soft-mandatory Sentinel policies.
    #[arg(long = "policy-override")]
    pub policy_override: bool,
    #[arg(value_name = "input", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeInitArgs {
    // Nomad's command takes the client flags too, though it sends no request.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Writes the example in JSON.
    #[arg(long)]
    pub json: bool,
    /// The kind of volume: "csi" (default) or "host".
    #[arg(long = "type", value_name = "type", default_value = "csi")]
    pub kind: String,
    #[arg(value_name = "filename", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeDetachArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "vol id|node id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeDeregisterArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Drops the volume's claims too (asks first).
    #[arg(long)]
    pub force: bool,
    #[arg(value_name = "id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeClaimArgs {
    #[command(subcommand)]
    pub command: VolumeClaimCommands,
}

#[derive(Subcommand, Debug)]
pub enum VolumeClaimCommands {
    /// List task group host volume claims
    #[command(
        long_about = "Lists the claims task groups hold on sticky host volumes, narrowed by \
job, group or volume name, or by a claim ID prefix.",
        override_usage = "rnomad volume claim list [options] [<id>]"
    )]
    List(VolumeClaimListArgs),
    /// Delete a task group host volume claim
    #[command(
        long_about = "Deletes one claim (named by its ID, or by its first 8 characters), so \
the task group's allocations may be placed on another volume next time. Asks first on a \
terminal; elsewhere -y is required.",
        override_usage = "rnomad volume claim delete [options] <claim_id>"
    )]
    Delete(VolumeClaimDeleteArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the claims")))]
pub struct VolumeClaimListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Only claims of this job.
    #[arg(long, value_name = "job id")]
    pub job: String,
    /// Only claims of this task group.
    #[arg(long, value_name = "group")]
    pub group: String,
    /// Only claims on volumes of this name.
    #[arg(long = "volume-name", value_name = "name")]
    pub volume_name: String,
    /// Shows full IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeClaimDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Deletes without asking.
    #[arg(long = "y")]
    pub yes: bool,
    #[arg(value_name = "claim_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeSnapshotArgs {
    #[command(subcommand)]
    pub command: VolumeSnapshotCommands,
}

#[derive(Subcommand, Debug)]
pub enum VolumeSnapshotCommands {
    /// Display a list of volume snapshots for plugin
    #[command(
        long_about = "Lists one page of the snapshots a CSI controller plugin (named by an ID \
prefix with -plugin; optional when the cluster runs one CSI plugin) finds in its storage \
provider, newest first, with the provider's ID of each snapshot's source volume. When the \
provider has more, the command line for the next page is printed.",
        override_usage = "rnomad volume snapshot list [options] -plugin <plugin id>"
    )]
    List(VolumeSnapshotListArgs),
    /// Snapshot a volume
    #[command(
        long_about = "Asks the CSI plugin of a registered volume (named by its ID) to take a \
snapshot of it; the plugin uses the name given as the snapshot's ID. Prints the new snapshot.",
        override_usage = "rnomad volume snapshot create [options] <vol id> <snapshot name>"
    )]
    Create(VolumeSnapshotCreateArgs),
    /// Delete a snapshot
    #[command(
        long_about = "Asks a CSI plugin (named by its full ID) to delete one of its snapshots \
from the storage provider. Prints nothing when it is done.",
        override_usage = "rnomad volume snapshot delete [options] <plugin id> <snapshot id>"
    )]
    Delete(VolumeSnapshotDeleteArgs),
}

#[derive(Args, Debug)]
pub struct VolumeSnapshotListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The CSI plugin whose snapshots to list (an ID prefix).
    #[arg(long, value_name = "plugin id")]
    pub plugin: String,
    /// A secret for the plugin, as key=value (repeatable).
    #[arg(long, value_name = "key=value", action = clap::ArgAction::Append)]
    pub secret: Vec<String>,
    /// How many snapshots one page holds (default 30).
    #[arg(long = "per-page", value_name = "n", value_parser = super::go_int, default_value = "30")]
    pub per_page: i64,
    /// Starts the list at this token, from a previous page.
    #[arg(long = "page-token", value_name = "token")]
    pub page_token: String,
    /// Shows longer volume IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "args", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeSnapshotCreateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// A parameter for the plugin, as key=value (repeatable).
    #[arg(long, value_name = "key=value", action = clap::ArgAction::Append)]
    pub parameter: Vec<String>,
    /// A secret for the plugin, as key=value (repeatable).
    #[arg(long, value_name = "key=value", action = clap::ArgAction::Append)]
    pub secret: Vec<String>,
    /// Shows the new snapshot's longer volume ID.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "vol id|snapshot name", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VolumeSnapshotDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// A secret for the plugin, as key=value (repeatable).
    #[arg(long, value_name = "key=value", action = clap::ArgAction::Append)]
    pub secret: Vec<String>,
    #[arg(value_name = "plugin id|snapshot id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct PluginArgs {
    #[command(subcommand)]
    pub command: PluginCommands,
}

#[derive(Subcommand, Debug)]
pub enum PluginCommands {
    /// Display status information about a plugin
    #[command(
        long_about = "Lists the CSI plugins with how many of their controllers and nodes are \
healthy, or shows one plugin (named by an ID prefix) with the allocations running it; \
-verbose adds its capabilities and topologies.",
        override_usage = "rnomad plugin status [options] [<plugin>]"
    )]
    Status(PluginStatusArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the plugins")))]
pub struct PluginStatusArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    /// The kind of plugin; only "csi" exists.
    #[arg(long = "type", value_name = "type")]
    pub kind: String,
    /// For one plugin: leaves out its allocations.
    #[arg(long)]
    pub short: bool,
    /// Shows full IDs, capabilities and topologies.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "plugin", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
