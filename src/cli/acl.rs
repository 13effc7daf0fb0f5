//! `acl` group definitions: bootstrap, tokens and policies.

use clap::{ArgAction, Args, Subcommand};

use super::{FormatArgs, GlobalArgs};

#[derive(Args, Debug)]
pub struct AclArgs {
    #[command(subcommand)]
    pub command: AclCommands,
}

#[derive(Subcommand, Debug)]
pub enum AclCommands {
    /// Bootstrap the ACL system for initial token
    #[command(
        long_about = "Turns on a cluster's ACL system by creating its first management token, \
once per cluster. The server makes the secret up, or takes one you chose from the file <path> \
(or from stdin with '-'). Keep the printed Secret ID somewhere safe.",
        override_usage = "rnomad acl bootstrap [options] [<path>]"
    )]
    Bootstrap(AclBootstrapArgs),
    /// Interact with ACL tokens
    #[command(
        long_about = "Creates, shows, changes and deletes ACL tokens.",
        override_usage = "rnomad acl token <subcommand> [options] [args]"
    )]
    Token(AclTokenArgs),
    /// Interact with ACL policies
    #[command(
        long_about = "Writes, lists, shows and deletes ACL policies.",
        override_usage = "rnomad acl policy <subcommand> [options] [args]"
    )]
    Policy(AclPolicyArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the new token")))]
pub struct AclBootstrapArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclTokenArgs {
    #[command(subcommand)]
    pub command: AclTokenCommands,
}

#[derive(Subcommand, Debug)]
pub enum AclTokenCommands {
    /// Create a new token
    #[command(
        long_about = "Creates a token and prints it with its Secret ID. A client token gets \
its rights from -policy and -role-name/-role-id; a management token may do anything.",
        override_usage = "rnomad acl token create [options]"
    )]
    Create(AclTokenCreateArgs),
    /// Update an existing ACL token
    #[command(
        long_about = "Changes a token's name, type, policies or roles; what is not given \
stays as it is. The token is named by its Accessor ID.",
        override_usage = "rnomad acl token update [options] <token_accessor_id>"
    )]
    Update(AclTokenUpdateArgs),
    /// Delete an existing ACL token
    #[command(
        long_about = "Deletes the token with this Accessor ID.",
        override_usage = "rnomad acl token delete [options] <token_accessor_id>"
    )]
    Delete(AclTokenDeleteArgs),
    /// Fetch information on an existing ACL token
    #[command(
        long_about = "Shows the token with this Accessor ID, its Secret ID included.",
        override_usage = "rnomad acl token info [options] <token_accessor_id>"
    )]
    Info(AclTokenInfoArgs),
    /// Fetch information on the current token
    #[command(
        name = "self",
        long_about = "Shows the token rnomad sends (-token or NOMAD_TOKEN), its Secret ID \
included.",
        override_usage = "rnomad acl token self [options]"
    )]
    Self_(AclTokenSelfArgs),
    /// List ACL tokens
    #[command(
        long_about = "Lists the tokens with their Accessor IDs and whether they have expired \
(Secret IDs are not shown). Needs a management token.",
        override_usage = "rnomad acl token list [options]"
    )]
    List(AclTokenListArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the new token")))]
pub struct AclTokenCreateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// A name for the token, for people to tell tokens apart.
    #[arg(long, value_name = "name")]
    pub name: String,
    /// 'client' (rights from its policies and roles) or 'management' (every right).
    #[arg(long = "type", value_name = "type", default_value = "client")]
    pub type_: String,
    /// Replicates the token to every region.
    #[arg(long = "global")]
    pub is_global: bool,
    /// A policy the token gets. Repeatable.
    #[arg(long, value_name = "name", action = ArgAction::Append)]
    pub policy: Vec<String>,
    /// A role, by name, whose policies the token gets. Repeatable.
    #[arg(long = "role-name", value_name = "name", action = ArgAction::Append)]
    pub role_name: Vec<String>,
    /// A role, by ID, whose policies the token gets. Repeatable.
    #[arg(long = "role-id", value_name = "id", action = ArgAction::Append)]
    pub role_id: Vec<String>,
    /// How long the token lives (a Go duration such as 8h); none by default.
    #[arg(long, value_name = "duration")]
    pub ttl: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclTokenUpdateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// A new name.
    #[arg(long, value_name = "name")]
    pub name: String,
    /// A new type: 'client' or 'management'.
    #[arg(long = "type", value_name = "type")]
    pub type_: String,
    /// Replaces the token's policies with these. Repeatable.
    #[arg(long, value_name = "name", action = ArgAction::Append)]
    pub policy: Vec<String>,
    /// Replaces the token's roles with these (by name). Repeatable.
    #[arg(long = "role-name", value_name = "name", action = ArgAction::Append)]
    pub role_name: Vec<String>,
    /// Replaces the token's roles with these (by ID). Repeatable.
    #[arg(long = "role-id", value_name = "id", action = ArgAction::Append)]
    pub role_id: Vec<String>,
    #[arg(value_name = "token_accessor_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclTokenDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "token_accessor_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclTokenInfoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "token_accessor_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclTokenSelfArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the tokens")))]
pub struct AclTokenListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclPolicyArgs {
    #[command(subcommand)]
    pub command: AclPolicyCommands,
}

#[derive(Subcommand, Debug)]
pub enum AclPolicyCommands {
    /// Create or update an ACL policy
    #[command(
        long_about = "Writes the policy <name> with the rules in the file <path> ('-' reads \
stdin), creating it or replacing it. With -namespace and -job (and -group, -task) the policy \
is attached to that job's workload identity instead of being given to tokens.",
        override_usage = "rnomad acl policy apply [options] <name> <path>"
    )]
    Apply(AclPolicyApplyArgs),
    /// Delete an existing ACL policy
    #[command(
        long_about = "Deletes the policy with this name.",
        override_usage = "rnomad acl policy delete [options] <name>"
    )]
    Delete(AclPolicyDeleteArgs),
    /// Fetch info on an existing ACL policy
    #[command(
        long_about = "Shows a policy: its description, the workload it is attached to if any, \
and its rules.",
        override_usage = "rnomad acl policy info [options] <name>"
    )]
    Info(AclPolicyInfoArgs),
    /// List ACL policies
    #[command(
        long_about = "Lists the policies with their descriptions.",
        override_usage = "rnomad acl policy list [options]"
    )]
    List(AclPolicyListArgs),
    /// Lookup self ACL policy assignment
    #[command(
        name = "self",
        long_about = "Lists the policies of the token rnomad sends, or of the workload identity \
it runs as inside a task.",
        override_usage = "rnomad acl policy self [options]"
    )]
    Self_(AclPolicySelfArgs),
}

#[derive(Args, Debug)]
pub struct AclPolicyApplyArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// A description of the policy.
    #[arg(long, value_name = "description")]
    pub description: String,
    /// Attaches the policy to this job (needs -namespace).
    #[arg(long, value_name = "job")]
    pub job: String,
    /// Attaches the policy to this group of -job only.
    #[arg(long, value_name = "group")]
    pub group: String,
    /// Attaches the policy to this task of -group only.
    #[arg(long, value_name = "task")]
    pub task: String,
    #[arg(value_name = "name> <path", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclPolicyDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "name", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclPolicyInfoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "name", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the policies")))]
pub struct AclPolicyListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the policies")))]
pub struct AclPolicySelfArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
