//! `system` group definitions.

use clap::{Args, Subcommand};

use super::GlobalArgs;

#[derive(Args, Debug)]
pub struct SystemArgs {
    #[command(subcommand)]
    pub command: SystemCommands,
}

#[derive(Subcommand, Debug)]
pub enum SystemCommands {
    /// Run the system garbage collection process
    #[command(
        long_about = "Asks the servers to garbage-collect now what they would otherwise \
collect later: finished jobs, evaluations, allocations, deployments and down nodes past their \
thresholds. With ACLs enabled this needs a management token.",
        override_usage = "rnomad system gc [options]"
    )]
    Gc(SystemNoArgs),
    /// Interact with the system reconcile tools
    #[command(
        long_about = "Repairs derived state the servers keep (reconcile summaries).",
        override_usage = "rnomad system reconcile <subcommand> [options]"
    )]
    Reconcile(SystemReconcileArgs),
}

#[derive(Args, Debug)]
pub struct SystemReconcileArgs {
    #[command(subcommand)]
    pub command: SystemReconcileCommands,
}

#[derive(Subcommand, Debug)]
pub enum SystemReconcileCommands {
    /// Reconciles the summaries of all registered jobs
    #[command(
        long_about = "Asks the servers to recount every job's summary (the allocations per \
task group and state) from its allocations, for when the counts and the allocations disagree. \
With ACLs enabled this needs a management token.",
        override_usage = "rnomad system reconcile summaries [options]"
    )]
    Summaries(SystemNoArgs),
}

/// A system command with only the client flags.
#[derive(Args, Debug)]
pub struct SystemNoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
