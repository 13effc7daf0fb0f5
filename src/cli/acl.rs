//! `acl` group definitions: bootstrap, tokens, policies, roles, auth methods and binding rules.

use clap::{ArgAction, Args, Subcommand};

use super::namespace::UNSET;
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
    /// Interact with ACL roles
    #[command(
        long_about = "Creates, lists, shows, changes and deletes ACL roles: named sets of \
policies that tokens can be given.",
        override_usage = "rnomad acl role <subcommand> [options] [args]"
    )]
    Role(AclRoleArgs),
    /// Interact with ACL auth methods
    #[command(
        name = "auth-method",
        long_about = "Creates, lists, shows, changes and deletes the OIDC and JWT auth methods \
people and machines log in with.",
        override_usage = "rnomad acl auth-method <subcommand> [options] [args]"
    )]
    AuthMethod(AclAuthMethodArgs),
    /// Interact with ACL binding rules
    #[command(
        name = "binding-rule",
        long_about = "Creates, lists, shows, changes and deletes binding rules: what a login \
through an auth method is given (a role, a policy or management rights).",
        override_usage = "rnomad acl binding-rule <subcommand> [options] [args]"
    )]
    BindingRule(AclBindingRuleArgs),
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

#[derive(Args, Debug)]
pub struct AclRoleArgs {
    #[command(subcommand)]
    pub command: AclRoleCommands,
}

#[derive(Subcommand, Debug)]
pub enum AclRoleCommands {
    /// Create a new ACL role
    #[command(
        long_about = "Creates a role from a name and at least one -policy, and prints it. \
Needs a management token.",
        override_usage = "rnomad acl role create [options]"
    )]
    Create(AclRoleCreateArgs),
    /// Delete an existing ACL role
    #[command(
        long_about = "Deletes the role with this ID (the whole ID: no prefix matching).",
        override_usage = "rnomad acl role delete [options] <acl_role_id>"
    )]
    Delete(AclRoleDeleteArgs),
    /// Fetch information on an existing ACL role
    #[command(
        long_about = "Shows the role with this ID, or with this name when -by-name is given.",
        override_usage = "rnomad acl role info [options] <acl_role_id>"
    )]
    Info(AclRoleInfoArgs),
    /// List ACL roles
    #[command(
        long_about = "Lists the roles the token may see (all of them for a management token) \
with their policies.",
        override_usage = "rnomad acl role list [options]"
    )]
    List(AclRoleListArgs),
    /// Update an existing ACL role
    #[command(
        long_about = "Changes the role with this ID. By default the flags given are merged \
into the role (policies added to its own); with -no-merge the role becomes exactly what the \
flags say.",
        override_usage = "rnomad acl role update [options] <acl_role_id>"
    )]
    Update(AclRoleUpdateArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the new role")))]
pub struct AclRoleCreateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The role's name (required, unique in the cluster).
    #[arg(long, value_name = "name")]
    pub name: String,
    /// A description of the role.
    #[arg(long, value_name = "description")]
    pub description: String,
    /// A policy the role grants. Repeatable; at least one.
    #[arg(long, value_name = "name", action = ArgAction::Append)]
    pub policy: Vec<String>,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclRoleDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "acl_role_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::help(
    "Accepted for Nomad's sake; the role is shown as a table either way",
    "Accepted for Nomad's sake; the role is shown as a table either way",
)))]
pub struct AclRoleInfoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Looks the role up by its name instead of its ID.
    #[arg(long = "by-name")]
    pub by_name: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "acl_role_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the roles")))]
pub struct AclRoleListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the updated role")))]
pub struct AclRoleUpdateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// A new name.
    #[arg(long, value_name = "name")]
    pub name: String,
    /// A new description.
    #[arg(long, value_name = "description")]
    pub description: String,
    /// A policy to add (with -no-merge: the policies the role has). Repeatable.
    #[arg(long, value_name = "name", action = ArgAction::Append)]
    pub policy: Vec<String>,
    /// Replaces the role with what the flags say instead of merging them into it.
    #[arg(long = "no-merge")]
    pub no_merge: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "acl_role_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclAuthMethodArgs {
    #[command(subcommand)]
    pub command: AclAuthMethodCommands,
}

#[derive(Subcommand, Debug)]
pub enum AclAuthMethodCommands {
    /// Create a new ACL auth method
    #[command(
        long_about = "Creates an OIDC or JWT auth method and prints it. -config holds the \
method's settings as JSON (inline, @file, or - for stdin). Needs a management token.",
        override_usage = "rnomad acl auth-method create [options]"
    )]
    Create(AclAuthMethodCreateArgs),
    /// Delete an existing ACL auth method
    #[command(
        long_about = "Deletes the auth method with this name.",
        override_usage = "rnomad acl auth-method delete [options] <acl_auth_method_name>"
    )]
    Delete(AclAuthMethodDeleteArgs),
    /// Fetch information on an existing ACL auth method
    #[command(
        long_about = "Shows the auth method with this name and its configuration. Needs a \
management token.",
        override_usage = "rnomad acl auth-method info [options] <acl_auth_method_name>"
    )]
    Info(AclAuthMethodInfoArgs),
    /// List ACL auth methods
    #[command(
        long_about = "Lists the auth methods, their types and which one is the default. \
Needs no token.",
        override_usage = "rnomad acl auth-method list [options]"
    )]
    List(AclAuthMethodListArgs),
    /// Update an existing ACL auth method
    #[command(
        long_about = "Changes the auth method with this name: only the flags given change it \
(a -config replaces the whole configuration).",
        override_usage = "rnomad acl auth-method update [options] <acl_auth_method_name>"
    )]
    Update(AclAuthMethodUpdateArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the new auth method")))]
pub struct AclAuthMethodCreateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The auth method's name (required).
    #[arg(long, value_name = "name")]
    pub name: String,
    /// 'OIDC' or 'JWT' (any case).
    #[arg(long = "type", value_name = "type")]
    pub type_: String,
    /// The longest a token made by this method may live (a Go duration such as 1h).
    #[arg(long = "max-token-ttl", value_name = "duration", value_parser = super::go_duration, default_value = "0s")]
    pub max_token_ttl: i64,
    /// Whether the tokens it makes are 'local' to the region or 'global'.
    #[arg(long = "token-locality", value_name = "locality")]
    pub token_locality: String,
    /// How the tokens it makes are named: a template of ${...} claim values.
    #[arg(long = "token-name-format", value_name = "format")]
    pub token_name_format: String,
    /// Makes it the method a login uses when none is named.
    #[arg(long)]
    pub default: bool,
    /// The method's settings as JSON: inline, @file, or - for stdin.
    #[arg(long, value_name = "json")]
    pub config: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclAuthMethodDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "acl_auth_method_name", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the auth method")))]
pub struct AclAuthMethodInfoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "acl_auth_method_name", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the auth methods")))]
pub struct AclAuthMethodListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the updated auth method")))]
pub struct AclAuthMethodUpdateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// A new type: 'OIDC' or 'JWT'.
    #[arg(long = "type", value_name = "type", default_value = UNSET, hide_default_value = true)]
    pub type_: String,
    /// A new longest token lifetime (a Go duration).
    #[arg(long = "max-token-ttl", value_name = "duration", value_parser = super::go_duration_or_unset,
          default_value = UNSET, hide_default_value = true)]
    pub max_token_ttl: i64,
    /// A new token locality: 'local' or 'global'.
    #[arg(long = "token-locality", value_name = "locality", default_value = UNSET, hide_default_value = true)]
    pub token_locality: String,
    /// A new token name format.
    #[arg(long = "token-name-format", value_name = "format", default_value = UNSET, hide_default_value = true)]
    pub token_name_format: String,
    /// Makes it the default method (-default=false: no longer).
    #[arg(
        long,
        action = ArgAction::Set,
        value_parser = super::go_bool_or_auto,
        num_args = 0..=1,
        require_equals = true,
        default_value = "auto",
        default_missing_value = "true",
        hide_default_value = true
    )]
    pub default: String,
    /// New settings as JSON (inline, @file, or - for stdin); they replace the old ones.
    #[arg(long, value_name = "json", default_value = UNSET, hide_default_value = true)]
    pub config: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "acl_auth_method_name", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclBindingRuleArgs {
    #[command(subcommand)]
    pub command: AclBindingRuleCommands,
}

#[derive(Subcommand, Debug)]
pub enum AclBindingRuleCommands {
    /// Create a new ACL binding rule
    #[command(
        long_about = "Creates a binding rule for an auth method: logins whose claims match \
-selector get what -bind-type and -bind-name say. Needs a management token.",
        override_usage = "rnomad acl binding-rule create [options]"
    )]
    Create(AclBindingRuleCreateArgs),
    /// Delete an existing ACL binding rule
    #[command(
        long_about = "Deletes the binding rule with this ID.",
        override_usage = "rnomad acl binding-rule delete [options] <acl_binding_rule_id>"
    )]
    Delete(AclBindingRuleDeleteArgs),
    /// Fetch information on an existing ACL binding rule
    #[command(
        long_about = "Shows the binding rule with this ID (the whole ID: no prefix matching).",
        override_usage = "rnomad acl binding-rule info [options] <acl_binding_rule_id>"
    )]
    Info(AclBindingRuleInfoArgs),
    /// List ACL binding rules
    #[command(
        long_about = "Lists the binding rules with their auth methods.",
        override_usage = "rnomad acl binding-rule list [options]"
    )]
    List(AclBindingRuleListArgs),
    /// Update an existing ACL binding rule
    #[command(
        long_about = "Changes the binding rule with this ID: by default only the flags given \
change it; with -no-merge it becomes exactly what the flags say (its auth method stays).",
        override_usage = "rnomad acl binding-rule update [options] <acl_binding_rule_id>"
    )]
    Update(AclBindingRuleUpdateArgs),
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the new binding rule")))]
pub struct AclBindingRuleCreateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// A description of the rule.
    #[arg(long, value_name = "description")]
    pub description: String,
    /// The auth method the rule belongs to (required).
    #[arg(long = "auth-method", value_name = "name")]
    pub auth_method: String,
    /// A boolean expression over the login's claims; empty matches every login.
    #[arg(long, value_name = "expression")]
    pub selector: String,
    /// What a match gives: 'role', 'policy' or 'management' (required).
    #[arg(long = "bind-type", value_name = "type")]
    pub bind_type: String,
    /// The role or policy given (may use ${...} claim values); empty for 'management'.
    #[arg(long = "bind-name", value_name = "name")]
    pub bind_name: String,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct AclBindingRuleDeleteArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "acl_binding_rule_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the binding rule")))]
pub struct AclBindingRuleInfoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "acl_binding_rule_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the binding rules")))]
pub struct AclBindingRuleListArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
#[command(mut_args(FormatArgs::of("the updated binding rule")))]
pub struct AclBindingRuleUpdateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// A new description.
    #[arg(long, value_name = "description")]
    pub description: String,
    /// A new selector.
    #[arg(long, value_name = "expression")]
    pub selector: String,
    /// A new bind type: 'role', 'policy' or 'management'.
    #[arg(long = "bind-type", value_name = "type")]
    pub bind_type: String,
    /// A new bind name.
    #[arg(long = "bind-name", value_name = "name")]
    pub bind_name: String,
    /// Replaces the rule with what the flags say instead of merging them into it.
    #[arg(long = "no-merge")]
    pub no_merge: bool,
    #[command(flatten)]
    pub format: FormatArgs,
    #[arg(value_name = "acl_binding_rule_id", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
