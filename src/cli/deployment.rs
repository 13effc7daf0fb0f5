//! `deployment` group definitions.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs, WatchArgs};

#[derive(Args, Debug)]
pub struct DeploymentArgs {
    #[command(subcommand)]
    pub command: DeploymentCommands,
}

#[derive(Subcommand, Debug)]
pub enum DeploymentCommands {
    /// List all deployments
    #[command(
        long_about = "Lists the deployments the cluster keeps, newest first.",
        override_usage = "rnomad deployment list [options]"
    )]
    List(DeploymentListArgs),
    /// Display the status of a deployment
    #[command(
        long_about = "Shows a deployment (named by ID or a prefix of at least two characters): \
its job, status and, per task group, how many allocations are placed and healthy. -monitor \
follows it until it ends.",
        override_usage = "rnomad deployment status [options] <deployment id>"
    )]
    Status(DeploymentStatusArgs),
    /// Promote canaries in a deployment
    #[command(
        long_about = "Promotes the canaries of a deployment (named by ID or a prefix of at \
least two characters): every task group, or those named with -group; then follows the \
evaluation that replaces the remaining allocations.",
        override_usage = "rnomad deployment promote [options] <deployment id>"
    )]
    Promote(DeploymentPromoteArgs),
    /// Manually fail a deployment
    #[command(
        long_about = "Marks a running deployment (named by ID or a prefix of at least two \
characters) as failed, so no more allocations are replaced; when its job reverts on failure, \
says which version it went back to. Then follows the evaluation the server creates.",
        override_usage = "rnomad deployment fail [options] <deployment id>"
    )]
    Fail(DeploymentUpdateArgs),
    /// Pause a deployment
    #[command(
        long_about = "Stops a deployment (named by ID or a prefix of at least two characters) \
from placing more allocations until it is resumed.",
        override_usage = "rnomad deployment pause [options] <deployment id>"
    )]
    Pause(DeploymentPauseArgs),
    /// Resume a paused deployment
    #[command(
        long_about = "Lets a paused deployment (named by ID or a prefix of at least two \
characters) go on, and follows the evaluation that carries on its rollout.",
        override_usage = "rnomad deployment resume [options] <deployment id>"
    )]
    Resume(DeploymentUpdateArgs),
    /// Unblock a blocked deployment
    #[command(
        long_about = "Lets a multiregion deployment (named by ID or a prefix of at least two \
characters) that waits on other regions go on as if they had finished, and follows the \
evaluation the server creates, if any.",
        override_usage = "rnomad deployment unblock [options] <deployment id>"
    )]
    Unblock(DeploymentUpdateArgs),
}

/// `deployment fail`, `resume` and `unblock`: the same flags.
#[derive(Args, Debug)]
pub struct DeploymentUpdateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Returns at once, printing the evaluation ID instead of following it.
    #[arg(long)]
    pub detach: bool,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "deployment id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct DeploymentPauseArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "deployment id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct DeploymentPromoteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Promotes only this task group. Repeatable.
    #[arg(long, value_name = "group", action = clap::ArgAction::Append)]
    pub group: Vec<String>,
    /// Returns at once, printing the evaluation ID.
    #[arg(long)]
    pub detach: bool,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "deployment id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the deployments")))]
#[command(mut_args(FormatArgs::listed_after(1)))]
pub struct DeploymentListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Only deployments matching this filter expression.
    #[arg(long, value_name = "expression")]
    pub filter: String,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

// `-wait` is also Nomad's -monitor poll wait here (empty: Nomad's 2s), so it is listed with
// -monitor; `-watch` is listed last, as rnomad's own flags are.
#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the deployment")))]
#[command(mut_args(FormatArgs::listed_after(4)))]
#[command(mut_arg("wait", |a| a.help("With -monitor, how long each poll may wait for a change.")))]
#[command(mut_arg("watch", |a| a.display_order(usize::MAX)))]
pub struct DeploymentStatusArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows full-length IDs (and the allocations, with -monitor).
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Follows the deployment until it succeeds, fails or is cancelled.
    #[arg(long)]
    pub monitor: bool,
    #[command(flatten)]
    pub watch: WatchArgs,
    /// Opens the deployment's job page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    #[arg(value_name = "deployment id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
