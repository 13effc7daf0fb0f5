//! `job` group definitions.

use clap::{Args, Subcommand};

use super::GlobalArgs;

#[derive(Args, Debug)]
pub struct JobArgs {
    #[command(subcommand)]
    pub command: JobCommands,
}

#[derive(Subcommand, Debug)]
pub enum JobCommands {
    /// Display status information about a job
    #[command(
        long_about = "Lists every job, or shows one job in detail: its summary per task group, \
latest deployment, allocations and (with -evals or -verbose) evaluations. A job can be named by \
a prefix of its ID.",
        override_usage = "rnomad job status [options] <job>"
    )]
    Status(JobStatusArgs),
}

#[derive(Args, Debug)]
pub struct JobStatusArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows only the job's summary block, without allocations and the rest.
    #[arg(long)]
    pub short: bool,
    /// Adds the job's evaluations.
    #[arg(long)]
    pub evals: bool,
    /// Lists every allocation of the job, not only those of its current version.
    #[arg(long = "all-allocs")]
    pub all_allocs: bool,
    /// Shows full-length IDs, absolute times and the evaluations.
    #[arg(long)]
    pub verbose: bool,
    /// Prints the job's status (summary, allocations, latest deployment, evaluations) as JSON.
    #[arg(long)]
    pub json: bool,
    /// Formats the same data as -json with a Go template.
    #[arg(long = "t", value_name = "template")]
    pub template: String,
    /// Opens the job's page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    /// Keeps the view on screen and redraws it whenever the data changes (rnomad's own).
    #[arg(long)]
    pub watch: bool,
    /// With -watch: how long one blocking query waits for a change (Go duration, at most 5m).
    #[arg(long, value_name = "duration")]
    pub wait: String,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
