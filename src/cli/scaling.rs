//! `scaling` group definitions.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs};

#[derive(Args, Debug)]
pub struct ScalingArgs {
    #[command(subcommand)]
    pub command: ScalingCommands,
}

#[derive(Subcommand, Debug)]
pub enum ScalingCommands {
    /// Interact with scaling policies
    #[command(
        long_about = "Lists scaling policies and shows one in detail.",
        override_usage = "rnomad scaling policy <subcommand> [options] [args]"
    )]
    Policy(ScalingPolicyArgs),
}

#[derive(Args, Debug)]
pub struct ScalingPolicyArgs {
    #[command(subcommand)]
    pub command: ScalingPolicyCommands,
}

#[derive(Subcommand, Debug)]
pub enum ScalingPolicyCommands {
    /// Display all Nomad scaling policies
    #[command(
        long_about = "Lists the scaling policies of the jobs in the namespace: whether each is \
enabled, its type and its target.",
        override_usage = "rnomad scaling policy list [options]"
    )]
    List(ScalingPolicyListArgs),
    /// Display an individual Nomad scaling policy
    #[command(
        long_about = "Shows one scaling policy: its target, bounds and the policy document \
the autoscaler reads. The policy can be named by a prefix of its ID. With -json or -t and no \
argument, every policy is printed.",
        override_usage = "rnomad scaling policy info [options] <policy_id>"
    )]
    Info(ScalingPolicyInfoArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the policies")))]
pub struct ScalingPolicyListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Keeps only the policies of this job.
    #[arg(long, value_name = "job_id")]
    pub job: String,
    /// Keeps only the policies of this type (horizontal, vertical_cpu, …).
    #[arg(long = "type", value_name = "type")]
    pub type_: String,
    /// Shows full policy IDs.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the policy")))]
pub struct ScalingPolicyInfoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows the full policy ID.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "policy_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
