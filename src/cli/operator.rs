//! `operator` group definitions. Nomad's operator commands that read an agent's local files
//! (`snapshot inspect|state|redact`, `raft info|logs|state`, `client-state`), `debug` and the
//! Enterprise `utilization` are not here: they are handed to a real nomad.

use clap::{Args, Subcommand};

use super::GlobalArgs;

#[derive(Args, Debug)]
pub struct OperatorArgs {
    #[command(subcommand)]
    pub command: OperatorCommands,
}

#[derive(Subcommand, Debug)]
pub enum OperatorCommands {
    /// Query Nomad's HTTP API
    #[command(
        long_about = "Sends one request to Nomad's HTTP API, curl-style, with the address, \
token, TLS settings, region and namespace of the other commands applied, and copies the reply's \
body to stdout as it arrives (whatever its status). The path is an API path (/v1/jobs), a \
host:port and path (the scheme is guessed from the TLS settings and the address), or a whole \
http:// or https:// URL. A body piped on stdin is sent, and makes the default method POST.",
        override_usage = "rnomad operator api [options] <path>"
    )]
    Api(OperatorApiArgs),
}

/// Go's `-H` check: a header is `Key: Value`.
fn header(s: &str) -> Result<String, String> {
    if s.contains(':') {
        Ok(s.to_string())
    } else {
        Err(format!(
            "Headers must be in the form 'Key: Value' but found: {}",
            crate::gocompat::strconv::quote(s)
        ))
    }
}

#[derive(Args, Debug)]
pub struct OperatorApiArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Prints the equivalent curl command instead of sending the request. The token shows
    /// only when given with -token (else as ${NOMAD_TOKEN}); basic auth never shows.
    #[arg(long)]
    pub dryrun: bool,
    /// A filter expression for the query (sets the filter parameter).
    #[arg(long, value_name = "query")]
    pub filter: String,
    /// Adds a request header, as 'Key: Value'. Repeatable; wins over the headers rnomad sets
    /// itself, such as X-Nomad-Token.
    #[arg(long = "H", value_name = "header", value_parser = header, action = clap::ArgAction::Append)]
    pub header: Vec<String>,
    /// Writes the request and reply headers to stderr, as curl --verbose does.
    #[arg(long)]
    pub verbose: bool,
    /// The request's method. Default: POST when a body is given, else GET.
    #[arg(long = "X", value_name = "method")]
    pub method: String,
    /// The request body (rnomad's own): the text itself, @FILE for a file's contents, or '-'
    /// for stdin. Without it, a body piped on stdin is sent.
    #[arg(long = "d", value_name = "data")]
    pub data: String,
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
