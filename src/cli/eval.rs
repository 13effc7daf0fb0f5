//! `eval` group definitions.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs, WatchArgs};

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub command: EvalCommands,
}

#[derive(Subcommand, Debug)]
pub enum EvalCommands {
    /// List the set of evaluations processed by Nomad
    #[command(
        long_about = "Lists evaluations, newest first, optionally only those of a job or in a \\
status, or matching a filter expression; pages with -per-page and -page-token.",
        override_usage = "rnomad eval list [options]"
    )]
    List(EvalListArgs),
    /// Display evaluation status and placement failure reasons
    #[command(
        long_about = "Shows an evaluation (named by ID or a prefix of at least two characters) \\
and, when it could not place allocations, why. -monitor follows it like 'job run' does.",
        override_usage = "rnomad eval status [options] <evaluation>"
    )]
    Status(EvalStatusArgs),
    /// Delete evaluations
    #[command(
        long_about = "Removes evaluations from the cluster's state: one, by its full ID, or \
every one a -filter expression matches (after a y/N question unless -yes). The server only \
accepts this from a management token while the eval broker is paused (operator scheduler \
set-config -pause-eval-broker=true), and keeps evaluations whose allocations still run.",
        override_usage = "rnomad eval delete [options] <evaluation>"
    )]
    Delete(EvalDeleteArgs),
}

#[derive(Args, Debug)]
pub struct EvalDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Deletes every evaluation matching this filter expression instead of one by ID.
    #[arg(long, value_name = "expression")]
    pub filter: String,
    /// Deletes without asking for confirmation.
    #[arg(long)]
    pub yes: bool,
    #[arg(value_name = "evaluation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the evaluations")))]
pub struct EvalListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    /// How many evaluations per page.
    #[arg(long = "per-page", value_name = "n", value_parser = super::go_int, default_value = "0")]
    pub per_page: i64,
    /// The token of the page to show (from a previous page).
    #[arg(long = "page-token", value_name = "token")]
    pub page_token: String,
    /// Only evaluations matching this filter expression.
    #[arg(long, value_name = "expression")]
    pub filter: String,
    /// Only evaluations of this job.
    #[arg(long, value_name = "job")]
    pub job: String,
    /// Only evaluations in this status.
    #[arg(long, value_name = "status")]
    pub status: String,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Opens the evaluations page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    /// Accepted and ignored, as Nomad does.
    #[arg(long, hide = true)]
    pub monitor: bool,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the evaluation")))]
pub struct EvalStatusArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Follows the evaluation (and its deployment) until it finishes.
    #[arg(long)]
    pub monitor: bool,
    /// Shows full-length IDs, absolute times and the linked evaluations.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Opens the evaluation in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    #[command(flatten)]
    pub watch: WatchArgs,
    #[arg(value_name = "evaluation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
