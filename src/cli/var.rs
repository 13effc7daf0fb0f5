//! `var` group definitions: Nomad Variables.

use clap::{Args, Subcommand};

use super::GlobalArgs;

#[derive(Args, Debug)]
pub struct VarArgs {
    #[command(subcommand)]
    pub command: VarCommands,
}

#[derive(Subcommand, Debug)]
pub enum VarCommands {
    /// List variable metadata
    #[command(
        long_about = "Lists the variables whose path starts with the prefix (all of them without \
one): namespace, path and when each last changed. Their items are not shown. With \
-namespace=* the variables of every namespace the token may read are listed.",
        override_usage = "rnomad var list [options] [<prefix>]"
    )]
    List(VarListArgs),
    /// Read a variable
    #[command(
        long_about = "Shows one variable: its metadata and items, as a table, HCL, JSON or through \
a Go template, or the value of one item (-item).",
        override_usage = "rnomad var get [options] <path>"
    )]
    Get(VarGetArgs),
    /// Create or update a variable
    #[command(
        long_about = "Writes a variable. Items come as key=value words (a value of @file reads \
the file, - reads stdin, an empty value removes the item), and the whole variable can come \
from a specification file (@file.hcl, @file.json) or stdin (-). Unless -force is given the \
write is checked: it fails if the variable changed since the -check-index given (or, \
without one, if the variable already exists).",
        override_usage = "rnomad var put [options] <path|-|@file> [<key>=<value>]..."
    )]
    Put(VarPutArgs),
    /// Purge a variable
    #[command(
        long_about = "Deletes a variable with all its items. With -check-index the delete \
happens only if the variable is still at that index.",
        override_usage = "rnomad var purge [options] <path>"
    )]
    Purge(VarPurgeArgs),
    /// Create an example variable specification file
    #[command(
        long_about = "Writes an example variable specification (spec.nv.hcl, or \
spec.nv.json with -out=json) to start from; 'var put @file' reads it.",
        override_usage = "rnomad var init [options] [<filename>]"
    )]
    Init(VarInitArgs),
    /// Acquire a lock on a variable and run a command holding it
    #[command(
        long_about = "Takes the lock of the variable at <path> (creating the variable if \
needed), runs <command> while holding it, renews the lock before its TTL runs out, and \
releases it when the command ends. While another holder has the lock, it waits and tries \
again (or, with -early-return, gives up at once). SIGINT and SIGTERM are passed on to the \
command. The command runs through $SHELL (or /bin/sh) unless -shell=false; a specification \
file (@file.hcl, @file.json) may stand for the path or follow it.",
        override_usage = "rnomad var lock [options] <path> [@<spec file>] <command> [<args>...]"
    )]
    Lock(VarLockArgs),
}

#[derive(Args, Debug)]
pub struct VarListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Output format: table, terse (paths only), json or go-template (default: table on a
    /// terminal, json otherwise).
    #[arg(long, value_name = "format")]
    pub out: Option<String>,
    /// The Go template for -out=go-template.
    #[arg(long, value_name = "template")]
    pub template: String,
    /// Keeps only the variables matching this filter expression.
    #[arg(long, value_name = "expression")]
    pub filter: String,
    /// How many variables one page of the list holds.
    #[arg(long = "per-page", value_name = "n", value_parser = super::go_int, default_value = "0")]
    pub per_page: i64,
    /// Starts the list at this token, from a previous page.
    #[arg(long = "page-token", value_name = "token")]
    pub page_token: String,
    /// Opens the variables page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    #[arg(value_name = "prefix", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VarGetArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Prints only the value of this item, with no newline after it.
    #[arg(long, value_name = "key")]
    pub item: String,
    /// Output format: table, hcl, json, go-template or none (default: table on a terminal,
    /// json otherwise).
    #[arg(long, value_name = "format")]
    pub out: Option<String>,
    /// The Go template for -out=go-template.
    #[arg(long, value_name = "template")]
    pub template: String,
    /// Opens the variable's page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VarPutArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Writes without checking whether the variable changed meanwhile.
    #[arg(long)]
    pub force: bool,
    /// Writes only if the variable is still at this index (0: only if it does not exist).
    #[arg(long = "check-index", value_name = "index")]
    pub check_index: String,
    /// The format of a specification read from stdin: json (default) or hcl. A file's
    /// format comes from its extension.
    #[arg(long = "in", value_name = "format")]
    pub in_format: Option<String>,
    /// Output format for the written variable: none, table, hcl, json or go-template
    /// (default: none on a terminal, json otherwise).
    #[arg(long, value_name = "format")]
    pub out: Option<String>,
    /// The Go template for -out=go-template.
    #[arg(long, value_name = "template")]
    pub template: String,
    /// Tells on stderr what is being read and written.
    #[arg(long)]
    pub verbose: bool,
    /// Opens the variable's page in the web UI as well.
    #[arg(long)]
    pub ui: bool,
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VarPurgeArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Deletes only if the variable is still at this index.
    #[arg(long = "check-index", value_name = "index")]
    pub check_index: String,
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VarInitArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The example's format: hcl (default) or json.
    #[arg(long, value_name = "format", default_value = "hcl")]
    pub out: String,
    /// Prints nothing on success.
    #[arg(long)]
    pub quiet: bool,
    #[arg(value_name = "filename", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct VarLockArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// How long the lock lives without a renewal (Go duration; default 15s).
    #[arg(long, value_name = "duration")]
    pub ttl: String,
    /// How long the lock stays unavailable after it lapses (Go duration; default 15s).
    #[arg(long, value_name = "duration")]
    pub delay: String,
    /// Runs the command through the shell (default true; -shell=false runs it directly).
    #[arg(
        long,
        action = clap::ArgAction::Set,
        value_parser = super::go_bool,
        num_args = 0..=1,
        require_equals = true,
        default_value = "true",
        default_missing_value = "true",
        hide_default_value = true
    )]
    pub shell: bool,
    /// Returns at once, without running the command, when another holder has the lock.
    #[arg(long = "early-return")]
    pub early_return: bool,
    /// How many times a failed lock request is retried.
    #[arg(long = "max-retry", value_name = "n", value_parser = super::go_int, default_value = "5")]
    pub max_retry: i64,
    /// How long to wait between attempts to take a held lock (Go duration; default: the TTL
    /// and a tenth).
    #[arg(long, value_name = "duration", value_parser = super::go_duration, default_value = "0s")]
    pub backoff: i64,
    /// Tells on stderr what the lock is doing.
    #[arg(long)]
    pub verbose: bool,
    /// Accepted for Nomad's sake; the lock prints no variable.
    #[arg(long, value_name = "format")]
    pub out: Option<String>,
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
