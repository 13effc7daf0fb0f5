//! `job` group definitions.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs, WatchArgs};

#[derive(Args, Debug)]
pub struct JobArgs {
    #[command(subcommand)]
    pub command: JobCommands,
}

#[derive(Subcommand, Debug)]
pub enum JobCommands {
    /// Display status information about a job
    #[command(
        long_about = "Without a job, lists every job. With one (its ID or a prefix of it), \
shows the job in detail: its summary per task group, latest deployment, allocations and (with \
-evals or -verbose) evaluations; periodic and parameterized jobs list their children instead.",
        override_usage = "rnomad job status [options] [<job>]"
    )]
    Status(JobStatusArgs),
    /// Run a new job or update an existing job
    #[command(
        long_about = "Submits a job file (HCL, or JSON with -json; '-' reads standard input) and \
follows what the scheduler does with it: the evaluation, the allocations it places and the \
deployment, until they finish. Exits 2 when allocations could not be placed, 1 when the \
deployment does not succeed. HCL files are parsed by the agent (/v1/jobs/parse).",
        override_usage = "rnomad job run [options] <path>"
    )]
    Run(JobRunArgs),
    /// Stop a running job
    #[command(
        long_about = "Stops one or more jobs (named by ID or prefix) and follows the evaluation \
that stops their allocations. A prefix that is not the exact ID asks for confirmation (a line \
from standard input; only 'y' confirms) unless -yes is given. -purge removes the job entirely.",
        override_usage = "rnomad job stop [options] <job>"
    )]
    Stop(JobStopArgs),
    /// List allocations for a job
    #[command(
        long_about = "Lists the allocations of a job (named by ID or prefix), newest first.",
        override_usage = "rnomad job allocs [options] <job>"
    )]
    Allocs(JobAllocsArgs),
    /// List deployments for a job
    #[command(
        long_about = "Lists the deployments of a job, or shows its latest one with -latest.",
        override_usage = "rnomad job deployments [options] <job>"
    )]
    Deployments(JobDeploymentsArgs),
    /// Inspect a submitted job
    #[command(
        long_about = "Prints a registered job as JSON ({\"Job\": …} by default, the job itself \
with -json), optionally at an older version, or the source it was submitted with (-hcl).",
        override_usage = "rnomad job inspect [options] <job>"
    )]
    Inspect(JobInspectArgs),
    /// Display all tracked versions of a job
    #[command(
        long_about = "Lists the versions the cluster keeps of a job, newest first, with -p the \
changes each one made.",
        override_usage = "rnomad job history [options] <job>"
    )]
    History(JobHistoryArgs),
    /// Force an evaluation for the job
    #[command(
        long_about = "Asks the scheduler to evaluate a job again and follows the evaluation.",
        override_usage = "rnomad job eval [options] <job_id>"
    )]
    Eval(JobEvalArgs),
    /// Revert to a prior version of the job
    #[command(
        long_about = "Submits an earlier version of a job (by number or tag name) as its newest \
version and follows the evaluation.",
        override_usage = "rnomad job revert [options] <job> <version|tag>"
    )]
    Revert(JobRevertArgs),
    /// Change the count of a Nomad job group
    #[command(
        long_about = "Sets how many allocations of a task group should run (the group may be \
left out when the job has only one) and follows the evaluation.",
        override_usage = "rnomad job scale [options] <job> [<group>] <count>"
    )]
    Scale(JobScaleArgs),
    /// Display the most recent scaling events for a job
    #[command(
        name = "scaling-events",
        long_about = "Lists a job's scaling events, newest first: the group, its new and \
previous count and when it changed; -verbose adds the error flag, message and evaluation.",
        override_usage = "rnomad job scaling-events [options] <job>"
    )]
    ScalingEvents(JobScalingEventsArgs),
    /// Create an example job file
    #[command(
        long_about = "Writes an example job file (example.nomad.hcl unless a name is given) that \
runs as it is; -short leaves out the explanations. -template writes a job template kept in \
Nomad Variables under nomad/job-templates/ instead; -list-templates lists them.",
        override_usage = "rnomad job init [options] [<filename>]"
    )]
    Init(JobInitArgs),
    /// Dry-run a job update to determine its effects
    #[command(
        long_about = "Shows what submitting a job file would change (a diff against the \
registered job) and what the scheduler would do, without changing anything. Exits 0 when no \
allocation would be created or destroyed, 1 when some would, 255 on errors.",
        override_usage = "rnomad job plan [options] <path>"
    )]
    Plan(JobPlanArgs),
    /// Checks if a given job specification is valid
    #[command(
        long_about = "Checks a job file (HCL, or JSON with -json; '-' reads standard input) \
with the agent, without submitting it.",
        override_usage = "rnomad job validate [options] <path>"
    )]
    Validate(JobValidateArgs),
    /// Start a stopped job
    #[command(
        long_about = "Submits a stopped job again, as it was, and follows the evaluation.",
        override_usage = "rnomad job start [options] <job>"
    )]
    Start(JobStartArgs),
    /// Interact with periodic jobs
    #[command(
        long_about = "Work with periodic jobs: launch one now (force).",
        override_usage = "rnomad job periodic <subcommand> [options] [args]"
    )]
    Periodic(JobPeriodicArgs),
    /// Manage job version tags
    #[command(
        long_about = "Names job versions: give one a tag (apply), so 'job revert' and 'job \
history' can refer to it, or take a tag off (unset).",
        override_usage = "rnomad job tag <subcommand> [options] <job>"
    )]
    Tag(JobTagArgs),
    /// Dispatch an instance of a parameterized job
    #[command(
        long_about = "Starts a new instance (a child job) of a parameterized job, with metadata \
from -meta and, optionally, a payload read from a file or from standard input ('-'), and follows \
the child's evaluation unless -detach is given.",
        override_usage = "rnomad job dispatch [options] <parameterized job> [input source]"
    )]
    Dispatch(JobDispatchArgs),
    /// Restart or reschedule allocations for a job
    #[command(
        long_about = "Restarts the running allocations of a job (named by ID or prefix) in \
place, in batches (-batch-size, a number or a percentage of the allocations), or with \
-reschedule stops them and waits until their replacements run. -group and -task choose what is \
restarted; -batch-wait pauses between batches ('ask' asks each time), and -on-error says \
whether an error stops the restart or asks what to do. Asking needs a terminal on stdin and \
stdout, so without one -yes or -on-error=fail is required. Ctrl-C asks whether to stop.",
        override_usage = "rnomad job restart [options] <job>"
    )]
    Restart(JobRestartArgs),
    /// Run a pre-defined action from a Nomad task
    #[command(
        long_about = "Runs an action (a command declared in a task's 'action' block) in an \
allocation of the job: the one given with -alloc, or one picked from the -group (a running one \
if any) with -task naming the task. Output and exit code are the action's.",
        override_usage = "rnomad job action [options] <action>"
    )]
    Action(JobActionArgs),
    /// Follow the logs of every allocation of a job (rnomad's own)
    #[command(
        long_about = "Prints the logs of the job's running allocations (every allocation with \
-all), stdout and stderr of each task, each line headed by where it comes from: the \
allocation's short ID, group/task and the stream, coloured per task on a terminal. -json writes \
one object per line instead. -group, -task (a name or a regular expression matching the whole \
name), -stdout and -stderr narrow what is read; -tail or -n start near the end of each log. \
With -f the logs are followed: allocations that start later join, those that stop leave after \
their last lines, and a batch job's logs end when nothing of it runs any more; Ctrl-C ends the \
command with exit code 130. Logs come from each node directly when it can be reached, else \
through the agent, and a stream that breaks off resumes where it stopped.",
        override_usage = "rnomad job logs [options] <job>"
    )]
    Logs(JobLogsArgs),
    /// Wait until a job's current version is done (rnomad's own)
    #[command(
        long_about = "Waits until the current version of a job (named by ID or prefix) is done: \
for a service job, its deployment is successful (the allocations are healthy); for a batch job, \
its allocations have finished; for a system job, it runs on every node it can be placed on; for \
a stopped job, all its allocations have stopped. A line is printed whenever something changes. \
Exits 0 when done, 1 when tasks failed or the deployment failed or was rolled back, 2 when \
allocations could not be placed, 124 when -timeout passed first.",
        override_usage = "rnomad job wait [options] <job>"
    )]
    Wait(JobWaitArgs),
    /// Promote a job's canaries
    #[command(
        long_about = "Promotes the canaries of a job's latest deployment (every task group, or \
those named with -group), so the rollout replaces the remaining allocations, and follows the \
evaluation that does it.",
        override_usage = "rnomad job promote [options] <job id>"
    )]
    Promote(JobPromoteArgs),
}

#[derive(Args, Debug)]
pub struct JobDispatchArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Sets a metadata key of the dispatched job, as key=value. Repeatable.
    #[arg(long, value_name = "key=value", action = clap::ArgAction::Append)]
    pub meta: Vec<String>,
    /// Returns at once, printing the dispatched job and evaluation IDs.
    #[arg(long)]
    pub detach: bool,
    /// A token that makes dispatching the same request twice start only one job.
    #[arg(long = "idempotency-token", value_name = "token")]
    pub idempotency_token: String,
    /// A word put in the dispatched job's ID after "dispatch-".
    #[arg(long = "id-prefix-template", value_name = "prefix")]
    pub id_prefix_template: String,
    /// The dispatched job's priority (default: the parameterized job's).
    #[arg(long, value_name = "priority", value_parser = super::go_int, default_value = "0")]
    pub priority: i64,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    /// Opens the dispatched job's page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    #[arg(value_name = "parameterized job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobPromoteArgs {
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
    #[arg(value_name = "job id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobPeriodicArgs {
    #[command(subcommand)]
    pub command: JobPeriodicCommands,
}

#[derive(Subcommand, Debug)]
pub enum JobPeriodicCommands {
    /// Force the launch of a periodic job
    #[command(
        long_about = "Launches an instance of a periodic job now, whatever its schedule says, and \
follows its evaluation.",
        override_usage = "rnomad job periodic force [options] <job id>"
    )]
    Force(JobPeriodicForceArgs),
}

#[derive(Args, Debug)]
pub struct JobPeriodicForceArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Returns at once, printing the evaluation ID.
    #[arg(long)]
    pub detach: bool,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "job id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobValidateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub file: JobFileArgs,
    /// Sets the job's Vault namespace.
    #[arg(long = "vault-namespace", value_name = "namespace")]
    pub vault_namespace: String,
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobStartArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Returns at once, printing the evaluation ID.
    #[arg(long)]
    pub detach: bool,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobPlanArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub file: JobFileArgs,
    /// Shows the diff (default true; -diff=false hides it).
    #[arg(long, action = clap::ArgAction::Set, value_parser = super::go_bool, num_args = 0..=1, require_equals = true,
          default_value = "true", default_missing_value = "true", hide_default_value = true)]
    pub diff: bool,
    /// Overrides soft-mandatory Sentinel policies.
    #[arg(long = "policy-override")]
    pub policy_override: bool,
    /// Shows every field of the diff, not only the changed ones.
    #[arg(long)]
    pub verbose: bool,
    /// Sets the job's Vault namespace.
    #[arg(long = "vault-namespace", value_name = "namespace")]
    pub vault_namespace: String,
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobEvalArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Reschedules failed allocations even if their reschedule policy would not.
    #[arg(long = "force-reschedule")]
    pub force_reschedule: bool,
    /// Returns at once, printing the evaluation ID.
    #[arg(long)]
    pub detach: bool,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobRevertArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Returns at once, printing the evaluation ID.
    #[arg(long)]
    pub detach: bool,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    /// Accepted for compatibility (Nomad does not send it either).
    #[arg(long = "consul-token", value_name = "token")]
    pub consul_token: String,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobScaleArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Scales only if the job's modify index is this one.
    #[arg(long = "check-index", value_name = "index", default_value = "0")]
    pub check_index: String,
    /// Returns at once, printing the evaluation ID.
    #[arg(long)]
    pub detach: bool,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobScalingEventsArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Adds the error flag, message and evaluation ID of each event.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobInitArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Writes the example without explanations.
    #[arg(long)]
    pub short: bool,
    /// Writes an example with Consul Connect service mesh.
    #[arg(long)]
    pub connect: bool,
    /// Initializes from a job template stored in Nomad variables.
    #[arg(long, value_name = "name")]
    pub template: String,
    /// Lists the job templates stored in Nomad variables.
    #[arg(long = "list-templates")]
    pub list_templates: bool,
    #[arg(value_name = "filename", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the allocations")))]
pub struct JobAllocsArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Lists allocations of earlier instances of the job too.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Shows full-length IDs and absolute times.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub watch: WatchArgs,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the deployments")))]
pub struct JobDeploymentsArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows only the latest deployment.
    #[arg(long)]
    pub latest: bool,
    /// Lists deployments of earlier instances of the job too.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::help(
    "Prints the job itself as JSON",
    "Formats the job with a Go template"
)))]
#[command(mut_args(FormatArgs::listed_after(2)))]
pub struct JobInspectArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The version of the job to print (default: the current one).
    #[arg(long, value_name = "version")]
    pub version: String,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Prints the HCL source the job was submitted with.
    #[arg(long)]
    pub hcl: bool,
    /// With -hcl, also shows how to resubmit it with its variables.
    #[arg(long = "with-vars")]
    pub with_vars: bool,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the versions")))]
pub struct JobHistoryArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows what changed in each version.
    #[arg(long = "p")]
    pub diffs: bool,
    /// With -p, compares against the version with this tag.
    #[arg(long = "diff-tag", value_name = "tag")]
    pub diff_tag: String,
    /// With -p, compares against this version.
    #[arg(long = "diff-version", value_name = "version")]
    pub diff_version: String,
    /// Prints each version's full job as well.
    #[arg(long)]
    pub full: bool,
    /// Shows only this version.
    #[arg(long, value_name = "version")]
    pub version: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

// rnomad's `-wait` and `-timeout` of `job run` and `job stop`. A plain comment: a doc comment
// would become the `about` of `rnomad run`.
#[derive(Args, Debug, Clone, Default)]
pub struct WaitFlags {
    /// Then waits until the job is done, as 'job wait' does, and exits with its code
    /// (rnomad's own).
    #[arg(long)]
    pub wait: bool,
    /// With -wait: gives up after this long (a Go duration such as 90s or 5m) with exit code
    /// 124 (rnomad's own).
    #[arg(long, value_name = "duration")]
    pub timeout: String,
}

#[derive(Args, Debug)]
pub struct JobWaitArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Gives up after this long (a Go duration such as 90s or 5m), with exit code 124.
    #[arg(long, value_name = "duration")]
    pub timeout: String,
    /// Prints a JSON summary of the outcome and the allocations at the end (the progress
    /// lines go to standard error).
    #[arg(long)]
    pub json: bool,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobStopArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Returns at once, printing the evaluation ID instead of following it.
    #[arg(long)]
    pub detach: bool,
    /// The priority of the evaluation the stop creates (default: the job's).
    #[arg(long = "eval-priority", value_name = "priority", value_parser = super::go_int, default_value = "0")]
    pub eval_priority: i64,
    /// Stops a multi-region job in every region.
    #[arg(long = "global")]
    pub global_stop: bool,
    /// Ignores the tasks' shutdown delays.
    #[arg(long = "no-shutdown-delay")]
    pub no_shutdown_delay: bool,
    /// Removes the job from the cluster's state instead of keeping it as stopped.
    #[arg(long)]
    pub purge: bool,
    /// Does not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub wait: WaitFlags,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

// Flags shared by the commands that read a job file (`run`, `plan`, `validate`). A plain
// comment, as on `GlobalArgs`: a doc comment would become the `about` of `rnomad run`.
#[derive(Args, Debug, Clone)]
pub struct JobFileArgs {
    /// Reads the file as JSON (a job, or {"Job": …} as 'job inspect' prints) instead of HCL.
    #[arg(long)]
    pub json: bool,
    /// Fails when -var or -var-file sets a variable the job file does not declare (default
    /// true; -hcl2-strict=false allows it).
    #[arg(long = "hcl2-strict", action = clap::ArgAction::Set, value_parser = super::go_bool, num_args = 0..=1, require_equals = true,
          default_value = "true", default_missing_value = "true", hide_default_value = true)]
    pub hcl2_strict: bool,
    /// Sets an HCL variable, as key=value. Repeatable.
    #[arg(long = "var", value_name = "key=value", action = clap::ArgAction::Append)]
    pub var: Vec<String>,
    /// Reads HCL variables from a file. Repeatable.
    #[arg(long = "var-file", value_name = "path", action = clap::ArgAction::Append)]
    pub var_file: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobRunArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub file: JobFileArgs,
    /// Registers the job only if its modify index is this one (0: only if it does not exist).
    #[arg(long = "check-index", value_name = "index")]
    pub check_index: String,
    /// Returns after registering, printing the evaluation ID instead of following it.
    #[arg(long)]
    pub detach: bool,
    /// The priority of the evaluation the registration creates (default: the job's).
    #[arg(long = "eval-priority", value_name = "priority", value_parser = super::go_int, default_value = "0")]
    pub eval_priority: i64,
    /// Prints the job as JSON instead of submitting it.
    #[arg(long)]
    pub output: bool,
    /// Opens the job's page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    /// Overrides soft-mandatory Sentinel policies.
    #[arg(long = "policy-override")]
    pub policy_override: bool,
    /// Keeps the current task group counts of a running job.
    #[arg(long = "preserve-counts")]
    pub preserve_counts: bool,
    /// Sets the job's Consul namespace.
    #[arg(long = "consul-namespace", value_name = "namespace")]
    pub consul_namespace: String,
    /// Sets the job's Vault namespace.
    #[arg(long = "vault-namespace", value_name = "namespace")]
    pub vault_namespace: String,
    /// Shows full-length IDs.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub wait: WaitFlags,
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::help(
    "Prints the job's status (summary, allocations, latest deployment, evaluations) as JSON",
    "Formats the same data as -json with a Go template"
)))]
pub struct JobStatusArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// With a job: shows only its header (ID, name, type, status, …), without the summary
    /// table, allocations, deployment and evaluations.
    #[arg(long)]
    pub short: bool,
    /// Adds the job's evaluations.
    #[arg(long)]
    pub evals: bool,
    /// Also lists the allocations of an earlier job registered under the same ID (one that was
    /// purged and submitted again); by default only the current job's, of every version.
    #[arg(long = "all-allocs")]
    pub all_allocs: bool,
    /// Shows full-length IDs, absolute times and the evaluations.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Opens the job's page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    #[command(flatten)]
    pub watch: WatchArgs,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobTagArgs {
    #[command(subcommand)]
    pub command: JobTagCommands,
}

#[derive(Subcommand, Debug)]
pub enum JobTagCommands {
    /// Tag a job with a version
    #[command(
        long_about = "Gives a version of a job (the current one unless -version) a tag name and \
an optional description. A name already on another version of the job is refused.",
        override_usage = "rnomad job tag apply [options] <job>"
    )]
    Apply(JobTagApplyArgs),
    /// Remove a tag from a job version
    #[command(
        long_about = "Takes the tag -name off whichever version of the job carries it.",
        override_usage = "rnomad job tag unset [options] <job>"
    )]
    Unset(JobTagUnsetArgs),
}

#[derive(Args, Debug)]
pub struct JobTagApplyArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The tag's name (required).
    #[arg(long, value_name = "name")]
    pub name: String,
    /// A description kept with the tag.
    #[arg(long, value_name = "text")]
    pub description: String,
    /// The version to tag; the job's current version when left out.
    #[arg(long, value_name = "version")]
    pub version: String,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobTagUnsetArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The tag to remove (required).
    #[arg(long, value_name = "name")]
    pub name: String,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobRestartArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Restarts every task of the allocations, also those that already ran (not with -task).
    #[arg(long = "all-tasks")]
    pub all_tasks: bool,
    /// How many allocations to restart at once: a number, or a percentage (rounded up) of
    /// the allocations to restart. Default 1.
    #[arg(
        long = "batch-size",
        value_name = "n|n%",
        default_value = "1",
        hide_default_value = true
    )]
    pub batch_size: String,
    /// How long to wait between batches (a Go duration), or 'ask' to ask each time. Default 0s.
    #[arg(
        long = "batch-wait",
        value_name = "duration|ask",
        default_value = "0s",
        hide_default_value = true
    )]
    pub batch_wait: String,
    /// Restarts only the allocations of this task group. Repeatable.
    #[arg(long, value_name = "group", action = clap::ArgAction::Append)]
    pub group: Vec<String>,
    /// Ignores the tasks' shutdown delays.
    #[arg(long = "no-shutdown-delay")]
    pub no_shutdown_delay: bool,
    /// What an error in a batch does: 'ask' what to do next, or 'fail' at once. Default ask.
    #[arg(
        long = "on-error",
        value_name = "ask|fail",
        default_value = "ask",
        hide_default_value = true
    )]
    pub on_error: String,
    /// Stops the allocations so the scheduler places new ones, instead of restarting them
    /// in place (not with -task).
    #[arg(long)]
    pub reschedule: bool,
    /// Restarts only this task (in the allocations that have it). Repeatable.
    #[arg(long, value_name = "task", action = clap::ArgAction::Append)]
    pub task: Vec<String>,
    /// Answers yes to every question: a multi-region job restarts in this region only,
    /// errors are passed over and batches follow each other without asking.
    #[arg(long)]
    pub yes: bool,
    /// Shows full-length IDs and the allocations passed over.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct JobLogsArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Reads terminal allocations too, not only running ones.
    #[arg(long)]
    pub all: bool,
    /// Reads only the allocations of this task group.
    #[arg(long, value_name = "group")]
    pub group: String,
    /// Reads only this task: its name, or a regular expression the whole name must match.
    #[arg(long, value_name = "task")]
    pub task: String,
    /// Reads stdout only (both streams unless -stdout or -stderr is given).
    #[arg(long)]
    pub stdout: bool,
    /// Reads stderr only.
    #[arg(long)]
    pub stderr: bool,
    /// Follows the logs until the job has nothing left running (batch) or Ctrl-C.
    #[arg(long = "f")]
    pub follow: bool,
    /// Starts near the end of each log (10 lines unless -n says otherwise).
    #[arg(long)]
    pub tail: bool,
    /// How many lines from the end of each log (implies -tail).
    #[arg(long = "n", value_name = "lines", value_parser = super::go_int, default_value = "-1", allow_negative_numbers = true)]
    pub lines: i64,
    /// One JSON object per line (alloc, group, task, stream, line).
    #[arg(long)]
    pub json: bool,
    #[arg(value_name = "job", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(super::alloc::SessionArgs::of("the action")))]
pub struct JobActionArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The job whose action runs (required).
    #[arg(long, value_name = "job-id")]
    pub job: String,
    /// The allocation to run the action in (an ID or prefix).
    #[arg(long, value_name = "allocation-id")]
    pub alloc: String,
    /// The task that declares the action (required without -alloc).
    #[arg(long, value_name = "task-name")]
    pub task: String,
    /// The task group to pick an allocation from (required without -alloc).
    #[arg(long, value_name = "group-name")]
    pub group: String,
    #[command(flatten)]
    pub session: super::alloc::SessionArgs,
    #[arg(value_name = "action", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
