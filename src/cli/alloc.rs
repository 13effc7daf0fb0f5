//! `alloc` group definitions.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs, WatchArgs};

#[derive(Args, Debug)]
pub struct AllocArgs {
    #[command(subcommand)]
    pub command: AllocCommands,
}

#[derive(Subcommand, Debug)]
pub enum AllocCommands {
    /// Display allocation status information and metadata
    #[command(
        long_about = "Shows one allocation in detail: where it runs, its client and desired \
status, each task's resources and recent events, and (with -verbose) how it was placed. An \
allocation can be named by a prefix of its ID. With -json or -t and no allocation, every \
allocation is printed.",
        override_usage = "rnomad alloc status [options] <allocation>"
    )]
    Status(AllocStatusArgs),
    /// List allocations
    #[command(
        long_about = "Lists allocations, newest first: their node, job, task group, job version, \
desired and client status, and age. Narrow the list with -prefix, -filter or -namespace; \
large lists can be read page by page.",
        override_usage = "rnomad alloc list [options]"
    )]
    List(AllocListArgs),
    /// Streams the logs of a task.
    #[command(
        long_about = "Prints a task's stdout (or, with -stderr, stderr) log. -tail starts near \
the end (-n lines or -c bytes), -f keeps following new output and, unlike Nomad, stops by itself \
once the allocation has finished. With -f alone, both logs are followed. With -job, the \
first argument is a job and one of its allocations is picked.",
        override_usage = "rnomad alloc logs [options] <allocation> <task>"
    )]
    Logs(AllocLogsArgs),
    /// Inspect the contents of an allocation directory
    #[command(
        long_about = "Lists a directory of an allocation (the root by default), prints a file, or \
with -stat shows one entry's details. -tail starts near the end of a file (-n lines or -c \
bytes) and -f keeps printing what is appended. With -job, the first argument is a job and one \
of its allocations is picked.",
        override_usage = "rnomad alloc fs [options] <allocation> <path>"
    )]
    Fs(AllocFsArgs),
    /// Restart a running allocation
    #[command(
        long_about = "Restarts the running tasks of an allocation in place, or one task (-task \
or a second argument), or with -all-tasks every task, including finished prestart tasks.",
        override_usage = "rnomad alloc restart [options] <allocation> <task>"
    )]
    Restart(AllocRestartArgs),
    /// Signal a running allocation
    #[command(
        long_about = "Sends a signal (SIGKILL unless -s says otherwise) to every task of an \
allocation, or to one task.",
        override_usage = "rnomad alloc signal [options] <allocation> <task>"
    )]
    Signal(AllocSignalArgs),
    /// Pause a running task
    #[command(
        long_about = "Sets the schedule state of an allocation's tasks, or of one task: pause \
it, run it, or go back to following its schedule (-state); -status shows the current state \
instead. Task schedules are a Nomad Enterprise feature: other servers refuse the request.",
        override_usage = "rnomad alloc pause [options] <allocation> [<task>]"
    )]
    Pause(AllocPauseArgs),
    /// Outputs service health check status information.
    #[command(
        long_about = "Shows the status of the Nomad service checks of an allocation, as its \
client last saw them.",
        override_usage = "rnomad alloc checks [options] <allocation>"
    )]
    Checks(AllocChecksArgs),
    /// Stop and reschedule a running allocation
    #[command(
        long_about = "Stops an allocation; the scheduler places a replacement. The evaluation \
that does it is monitored to the end unless -detach is given.",
        override_usage = "rnomad alloc stop [options] <allocation>"
    )]
    Stop(AllocStopArgs),
    /// Execute commands in task
    #[command(
        long_about = "Runs a command inside a task of an allocation, as the task's driver would \
start it, and streams its input and output; rnomad exits with the command's exit code. With a \
terminal (or -t) the command gets a pseudo-terminal of the same size, and the escape character \
(~ by default) followed by '.' at the start of a line ends the session. Everything after the \
allocation is the command, flags included. With -job, the first argument is a job and one of \
its allocations is picked. ACL tokens need alloc-exec (and alloc-node-exec for drivers without \
file system isolation, such as raw_exec), read-job and list-jobs.",
        override_usage = "rnomad alloc exec [options] <allocation> <command>"
    )]
    Exec(AllocExecArgs),
}

// `-i`, `-t` and `-e` of a session in a task (`alloc exec`, `job action`). A plain comment:
// a doc comment here would become the about text of the commands that flatten it.
#[derive(Args, Debug)]
pub struct SessionArgs {
    /// Passes stdin to what runs (default true; -i=false sends none).
    #[arg(
        long = "i",
        action = clap::ArgAction::Set,
        value_parser = super::go_bool,
        num_args = 0..=1,
        require_equals = true,
        default_value = "true",
        default_missing_value = "true",
        hide_default_value = true
    )]
    pub stdin: bool,
    /// Gives what runs a pseudo-terminal (default: when stdin and stdout are terminals).
    #[arg(
        long = "t",
        action = clap::ArgAction::Set,
        value_parser = super::go_bool_or_auto,
        num_args = 0..=1,
        require_equals = true,
        default_value = "auto",
        default_missing_value = "true",
        hide_default_value = true
    )]
    pub tty: String,
    /// The escape character of a terminal session ('none' turns escapes off).
    #[arg(long = "e", value_name = "escape_char", default_value = "~")]
    pub escape: String,
}

impl SessionArgs {
    /// For `#[command(mut_args(...))]`: the help of `-i` and `-t` naming what runs ("the
    /// command").
    pub fn of(what: &'static str) -> impl FnMut(clap::Arg) -> clap::Arg {
        move |a| match a.get_id().as_str() {
            "stdin" => a.help(format!(
                "Passes stdin to {what} (default true; -i=false sends none)"
            )),
            "tty" => a.help(format!(
                "Gives {what} a pseudo-terminal (default: when stdin and stdout are terminals)"
            )),
            _ => a,
        }
    }
}

#[derive(Args, Debug)]
#[command(mut_args(SessionArgs::of("the command")))]
pub struct AllocExecArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The task to run the command in.
    #[arg(long, value_name = "task")]
    pub task: String,
    /// The first argument is a job; one of its allocations (a running one if any) is used.
    #[arg(long)]
    pub job: bool,
    /// With -job: pick an allocation of this task group.
    #[arg(long, value_name = "group")]
    pub group: String,
    #[command(flatten)]
    pub session: SessionArgs,
    #[arg(value_name = "allocation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the allocation")))]
pub struct AllocStatusArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows a short view: the allocation's name and times and one line per task.
    #[arg(long)]
    pub short: bool,
    /// Adds each task's detailed memory and CPU usage, as the client measures it.
    #[arg(long)]
    pub stats: bool,
    /// Shows full IDs, absolute times and the placement metrics.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Opens the allocation's page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    #[command(flatten)]
    pub watch: WatchArgs,
    #[arg(value_name = "allocation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the allocations")))]
pub struct AllocListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Keeps only the allocations whose ID starts with this prefix.
    #[arg(long, value_name = "prefix")]
    pub prefix: String,
    /// Keeps only the allocations matching this filter expression.
    #[arg(long, value_name = "expression")]
    pub filter: String,
    /// How many allocations one page of the list holds.
    #[arg(long = "per-page", value_name = "n", value_parser = super::go_int, default_value = "0")]
    pub per_page: i64,
    /// Starts the list at this token, from a previous page.
    #[arg(long = "page-token", value_name = "token")]
    pub page_token: String,
    /// Asks the server to include each allocation's task states (default true).
    #[arg(
        long = "task-states",
        action = clap::ArgAction::Set,
        value_parser = super::go_bool,
        num_args = 0..=1,
        require_equals = true,
        default_value = "true",
        default_missing_value = "true",
        hide_default_value = true
    )]
    pub task_states: bool,
    /// Asks the server to include each allocation's allocated resources.
    #[arg(long)]
    pub resources: bool,
    /// Shows full IDs, the evaluation, the node name and absolute times.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AllocLogsArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Prints the stdout log (the default).
    #[arg(long)]
    pub stdout: bool,
    /// Prints the stderr log.
    #[arg(long)]
    pub stderr: bool,
    /// Shows full IDs when a prefix matches several allocations.
    #[arg(long)]
    pub verbose: bool,
    /// The task whose log is read.
    #[arg(long, value_name = "task")]
    pub task: String,
    /// With -job: pick an allocation of this task group.
    #[arg(long, value_name = "group")]
    pub group: String,
    /// The first argument is a job; one of its allocations (a running one if any) is used.
    #[arg(long)]
    pub job: bool,
    /// Keeps printing new output as it is written.
    #[arg(long = "f")]
    pub follow: bool,
    /// Starts near the end of the log rather than at its start.
    #[arg(long)]
    pub tail: bool,
    /// With -tail: how many lines from the end.
    #[arg(long = "n", value_name = "lines", value_parser = super::go_int, default_value = "-1", allow_negative_numbers = true)]
    pub lines: i64,
    /// With -tail: how many bytes from the end.
    #[arg(long = "c", value_name = "bytes", value_parser = super::go_int, default_value = "-1", allow_negative_numbers = true)]
    pub bytes: i64,
    #[arg(value_name = "allocation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AllocFsArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Sizes as plain byte counts.
    #[arg(long = "H")]
    pub machine: bool,
    /// Shows full IDs when a prefix matches several allocations.
    #[arg(long)]
    pub verbose: bool,
    /// The first argument is a job; one of its allocations (a running one if any) is used.
    #[arg(long)]
    pub job: bool,
    /// With -job: pick an allocation of this task group.
    #[arg(long, value_name = "group")]
    pub group: String,
    /// Shows the entry's details instead of its contents.
    #[arg(long)]
    pub stat: bool,
    /// Keeps printing what is appended to the file.
    #[arg(long = "f")]
    pub follow: bool,
    /// Starts near the end of the file.
    #[arg(long)]
    pub tail: bool,
    /// With -tail: how many lines from the end.
    #[arg(long = "n", value_name = "lines", value_parser = super::go_int, default_value = "-1", allow_negative_numbers = true)]
    pub lines: i64,
    /// With -tail: how many bytes from the end.
    #[arg(long = "c", value_name = "bytes", value_parser = super::go_int, default_value = "-1", allow_negative_numbers = true)]
    pub bytes: i64,
    #[arg(value_name = "allocation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AllocRestartArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Restarts every task, including prestart tasks that have finished.
    #[arg(long = "all-tasks")]
    pub all_tasks: bool,
    /// The task to restart.
    #[arg(long, value_name = "task")]
    pub task: String,
    /// Shows full IDs when a prefix matches several allocations.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "allocation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AllocPauseArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The state to set: pause, run or scheduled.
    #[arg(long, value_name = "state", default_value = "pause")]
    pub state: String,
    /// Prints the task's current state instead of changing it.
    #[arg(long)]
    pub status: bool,
    /// The task (instead of the second argument).
    #[arg(long, value_name = "task")]
    pub task: String,
    /// Shows full IDs when a prefix matches several allocations.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "allocation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AllocSignalArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The signal to send.
    #[arg(long = "s", value_name = "signal", default_value = "SIGKILL")]
    pub signal: String,
    /// The task to signal.
    #[arg(long, value_name = "task")]
    pub task: String,
    /// Shows full IDs when a prefix matches several allocations.
    #[arg(long)]
    pub verbose: bool,
    #[arg(value_name = "allocation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the checks")))]
pub struct AllocChecksArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Shows full IDs when a prefix matches several allocations.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "allocation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AllocStopArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Prints the evaluation ID and returns at once.
    #[arg(long)]
    pub detach: bool,
    /// Shows full IDs.
    #[arg(long)]
    pub verbose: bool,
    /// Accepted, as Nomad does; it has no effect in Nomad v1.10.5.
    #[arg(long = "no-shutdown-delay")]
    pub no_shutdown_delay: bool,
    #[arg(value_name = "allocation", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
