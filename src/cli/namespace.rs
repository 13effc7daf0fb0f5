//! `namespace` group definitions.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs};

/// The default of a string flag whose absence matters (`namespace apply -description`): a NUL
/// byte, which no command-line argument can hold.
pub const UNSET: &str = "\u{0}";

#[derive(Args, Debug)]
pub struct NamespaceArgs {
    #[command(subcommand)]
    pub command: NamespaceCommands,
}

#[derive(Subcommand, Debug)]
pub enum NamespaceCommands {
    /// List namespaces
    #[command(
        long_about = "Lists the namespaces the token may see, with their descriptions.",
        override_usage = "rnomad namespace list [options]"
    )]
    List(NamespaceListArgs),
    /// Display a namespace's status
    #[command(
        long_about = "Shows a namespace: its description, quota, allowed drivers and network \
modes, metadata and the node pool, Vault and Consul settings it carries. The namespace can be \
named by a prefix.",
        override_usage = "rnomad namespace status [options] <namespace>"
    )]
    Status(NamespaceStatusArgs),
    /// Inspect a namespace
    #[command(
        long_about = "Prints a namespace as the API returns it (JSON), or formatted with -t. \
The namespace can be named by a prefix.",
        override_usage = "rnomad namespace inspect [options] <namespace>"
    )]
    Inspect(NamespaceInspectArgs),
    /// Create or update a namespace
    #[command(
        long_about = "Creates a namespace or changes an existing one. The argument is either a \
namespace name, changed with -description and -quota, or a specification file (HCL, or JSON \
with -json; '-' reads it from standard input), whose content replaces the namespace.",
        override_usage = "rnomad namespace apply [options] <input>"
    )]
    Apply(NamespaceApplyArgs),
    /// Delete a namespace
    #[command(
        long_about = "Removes a namespace. The server refuses while jobs that are not dead \
remain in it, and never removes the default namespace.",
        override_usage = "rnomad namespace delete [options] <namespace>"
    )]
    Delete(NamespaceDeleteArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the namespaces")))]
pub struct NamespaceListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the namespace")))]
pub struct NamespaceStatusArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "namespace", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NamespaceInspectArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Formats the namespace with a Go template instead of printing its JSON.
    #[arg(long = "t", value_name = "template")]
    pub template: String,
    #[arg(value_name = "namespace", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NamespaceApplyArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The quota specification the namespace is bound to (an Enterprise feature).
    #[arg(long, value_name = "quota", default_value = UNSET, hide_default_value = true)]
    pub quota: String,
    /// The namespace's description.
    #[arg(long, value_name = "text", default_value = UNSET, hide_default_value = true)]
    pub description: String,
    /// Reads the specification file as JSON instead of HCL.
    #[arg(long)]
    pub json: bool,
    #[arg(value_name = "input", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct NamespaceDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "namespace", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
