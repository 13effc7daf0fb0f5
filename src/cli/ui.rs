//! `ui` and `login`: the Web UI's address, and signing in through an SSO auth method.

use clap::Args;

use super::{FormatArgs, GlobalArgs};

#[derive(Args, Debug)]
pub struct UiArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Adds a one-time token to the address, which the Web UI trades for your ACL token, so
    /// the browser is signed in as you.
    #[arg(long)]
    pub authenticate: bool,
    /// Prints the address instead of opening a browser.
    #[arg(long = "show-url")]
    pub show_url: bool,
    #[arg(value_name = "identifier", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(
    mut_args(FormatArgs::of("the new token")),
    mut_args(FormatArgs::listed_after(0))
)]
pub struct LoginArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The auth method to sign in with. Default: the cluster's default auth method.
    #[arg(long, value_name = "name")]
    pub method: String,
    /// Ignored: the auth method's own type decides (Nomad kept it for old scripts and warns).
    #[arg(long = "type", value_name = "type")]
    pub method_type: String,
    /// The identity token (a JWT) a JWT auth method checks. Not needed for OIDC.
    #[arg(long = "login-token", value_name = "token")]
    pub login_token: String,
    /// Where the OIDC provider sends the browser back to: an <ip>:<port> this command
    /// listens on. Default: localhost:4649.
    #[arg(
        long = "oidc-callback-addr",
        value_name = "addr",
        default_value = "localhost:4649"
    )]
    pub callback_addr: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
