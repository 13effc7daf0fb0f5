//! `context` group definitions (rnomad's own: Nomad's CLI has no contexts).

use clap::{Args, Subcommand};

#[derive(Args, Debug)]
pub struct ContextArgs {
    #[command(subcommand)]
    pub command: ContextCommands,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum ContextCommands {
    /// List the contexts
    #[command(
        long_about = "Lists the stored contexts: the one in use is marked with '*', and each \
shows its address, region, namespace and where its token comes from.",
        override_usage = "rnomad context list [options]"
    )]
    List(ContextListArgs),
    /// Show a context's settings
    #[command(
        long_about = "Shows the settings of the context in use (or of the named one). The \
context in use is the one -context names, else RNOMAD_CONTEXT, else the current one set with \
'context use'. With -short, prints only its name (nothing when none is in use), for a shell \
prompt.",
        override_usage = "rnomad context show [options] [<name>]"
    )]
    Show(ContextShowArgs),
    /// Make a context the current one
    #[command(
        long_about = "Makes the named context the current one: every later rnomad command uses \
its settings wherever a flag or a NOMAD_* variable does not give one. With -none, no context \
is current any more.",
        override_usage = "rnomad context use [options] <name>"
    )]
    Use(ContextUseArgs),
    /// Create or change a context
    #[command(
        long_about = "Creates the named context, or changes the settings given of an existing \
one. File paths are stored absolute. The token is never stored: a context names the \
environment variable, the file or the command (a password manager, for example) that gives \
it, and the command runs only when a request needs the token.",
        override_usage = "rnomad context set [options] <name>"
    )]
    Set(ContextSetArgs),
    /// Delete a context
    #[command(
        long_about = "Removes the named context. When it was the current one, no context is \
current afterwards.",
        override_usage = "rnomad context delete <name>"
    )]
    Delete(ContextNameArgs),
    /// Rename a context
    #[command(
        long_about = "Gives a context a new name; when it is the current one, it stays current.",
        override_usage = "rnomad context rename <name> <new name>"
    )]
    Rename(ContextNameArgs),
}

#[derive(Args, Debug)]
pub struct ContextListArgs {
    /// Prints the contexts as JSON.
    #[arg(long)]
    pub json: bool,
    #[arg(hide = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ContextShowArgs {
    /// Prints only the context's name.
    #[arg(long)]
    pub short: bool,
    /// Prints the context as JSON.
    #[arg(long)]
    pub json: bool,
    #[arg(hide = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ContextUseArgs {
    /// Leaves no context current.
    #[arg(long)]
    pub none: bool,
    #[arg(hide = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ContextNameArgs {
    #[arg(hide = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ContextSetArgs {
    /// The address of the Nomad server (as NOMAD_ADDR).
    #[arg(long, value_name = "addr")]
    pub address: String,
    /// The region (as NOMAD_REGION).
    #[arg(long, value_name = "region")]
    pub region: String,
    /// The namespace (as NOMAD_NAMESPACE).
    #[arg(long, value_name = "namespace")]
    pub namespace: String,
    /// The CA certificate file (as NOMAD_CACERT).
    #[arg(long, value_name = "path")]
    pub ca_cert: String,
    /// The directory of CA certificates (as NOMAD_CAPATH).
    #[arg(long, value_name = "path")]
    pub ca_path: String,
    /// The client certificate file (as NOMAD_CLIENT_CERT).
    #[arg(long, value_name = "path")]
    pub client_cert: String,
    /// The client key file (as NOMAD_CLIENT_KEY).
    #[arg(long, value_name = "path")]
    pub client_key: String,
    /// The name on the server's certificate (as NOMAD_TLS_SERVER_NAME).
    #[arg(long, value_name = "server-name")]
    pub tls_server_name: String,
    /// Accepts any server certificate (as NOMAD_SKIP_VERIFY); -tls-skip-verify=false turns it off again.
    #[arg(
        long,
        action = clap::ArgAction::Set,
        value_parser = super::go_bool_or_auto,
        num_args = 0..=1,
        require_equals = true,
        default_value = "auto",
        default_missing_value = "true",
        hide_default_value = true
    )]
    pub tls_skip_verify: String,
    /// Reads the token from this environment variable.
    #[arg(long, value_name = "var")]
    pub token_env: String,
    /// Reads the token from this file.
    #[arg(long, value_name = "path")]
    pub token_file: String,
    /// Runs this shell command and reads the token from what it prints.
    #[arg(long, value_name = "command")]
    pub token_command: String,
    /// Removes a setting (address, region, namespace, ca-cert, ca-path, client-cert, client-key, tls-server-name, tls-skip-verify or token). Repeatable.
    #[arg(long, value_name = "setting", action = clap::ArgAction::Append)]
    pub unset: Vec<String>,
    /// Refused: a context never holds a token itself (use -token-env, -token-file or -token-command).
    #[arg(long, value_name = "token", hide = true)]
    pub token: String,
    #[arg(hide = true)]
    pub args: Vec<String>,
}
