//! `acl token self`: the token rnomad sends (Nomad's `ACLTokenSelfCommand`).

use crate::api::is_uuid;
use crate::cli::acl::AclTokenSelfArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &AclTokenSelfArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "acl token self");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let token = client.config().token.clone().unwrap_or_default();
    if token.is_empty() {
        ctx.ui
            .error("No token present in the environment or set via the CLI flag");
        return 1;
    }
    if is_uuid(&token) {
        return match client.acl_token_self().await {
            Ok(t) => {
                ctx.ui.output(&super::render_token(&t));
                0
            }
            Err(e) => {
                ctx.ui.error(&format!("Error fetching self token: {e}"));
                1
            }
        };
    }
    // Not a token's secret: a workload identity, whose policies Nomad looks for instead.
    match client.acl_policy_self().await {
        Ok(p) if p.as_array().is_some_and(|a| !a.is_empty()) => {
            ctx.ui.info(
                "No ACL token found but there are ACL policies attached to this workload \
identity. You can query them with acl policy self command.",
            );
            0
        }
        _ => {
            ctx.ui
                .error("No ACL tokens, nor ACL policies attached to a workload identity found.");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids() {
        assert!(super::is_uuid("76899018-d45f-4fba-0eb0-d5ee519ac1a1"));
        assert!(!super::is_uuid("not-a-uuid"));
        assert!(!super::is_uuid("76899018d45f-4fba-0eb0-d5ee519ac1a1-"));
    }
}
