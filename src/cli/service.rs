//! `service` group definitions.

use clap::{Args, Subcommand};

use super::{FormatArgs, GlobalArgs};

#[derive(Args, Debug)]
pub struct ServiceArgs {
    #[command(subcommand)]
    pub command: ServiceCommands,
}

#[derive(Subcommand, Debug)]
pub enum ServiceCommands {
    /// List service registrations
    #[command(
        long_about = "Lists the services registered with Nomad's own service discovery \
(provider \"nomad\"), with their tags. With -namespace=* the list covers every namespace \
the token may read and says which each service is in.",
        override_usage = "rnomad service list [options]"
    )]
    List(ServiceListArgs),
    /// Display an individual service registration
    #[command(
        long_about = "Shows where a service runs: one line per registration with its job, \
address, tags, node and allocation, or every field with -verbose. The service can be named \
by a prefix.",
        override_usage = "rnomad service info [options] <service_name>"
    )]
    Info(ServiceInfoArgs),
    /// Deregister a service registration
    #[command(
        long_about = "Removes one registration of a service, named by the service and the \
registration's ID (see 'service info -verbose'). A running allocation registers it again.",
        override_usage = "rnomad service delete [options] <service_name> <service_id>"
    )]
    Delete(ServiceDeleteArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the services")))]
pub struct ServiceListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Accepted for Nomad's sake; the list is not narrowed by it.
    #[arg(long, value_name = "name", hide = true)]
    pub name: String,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the registrations")))]
pub struct ServiceInfoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Shows every field of each registration.
    #[arg(long)]
    pub verbose: bool,
    /// Keeps only the registrations matching this filter expression.
    #[arg(long, value_name = "expression")]
    pub filter: String,
    /// How many registrations one page holds.
    #[arg(long = "per-page", value_name = "n", value_parser = super::go_int, default_value = "0")]
    pub per_page: i64,
    /// Starts the list at this token, from a previous page.
    #[arg(long = "page-token", value_name = "token")]
    pub page_token: String,
    #[arg(value_name = "service_name", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ServiceDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "service_name service_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
