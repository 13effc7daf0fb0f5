//! `acl policy self` (Nomad's `ACLPolicySelfCommand`): the policies of the token sent, or of
//! the workload identity rnomad runs as.

use serde_json::Value;

use super::str_of;
use crate::cli::acl::AclPolicySelfArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format_list;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &AclPolicySelfArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "acl policy self");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    // The policies are asked for only when the token is not a management one, as Nomad does.
    let token = match client.acl_token_self().await {
        Ok(t) => t,
        Err(e) => {
            ctx.ui.error(&format!("Error fetching token: {e}"));
            return 1;
        }
    };
    if str_of(&token, "Type") == "management" {
        ctx.ui
            .output("This is a management token. No individual policies are assigned.");
        return 0;
    }
    let policies = match client.acl_policy_self().await {
        Ok(p) => p,
        Err(e) => {
            ctx.ui.error(&format!("Error fetching WI policies: {e}"));
            return 1;
        }
    };
    let list = policies.as_array().map_or(&[][..], Vec::as_slice);
    if list.is_empty() {
        ctx.ui.output("No policies found.");
        return 0;
    }
    let ty = GoType::AclPolicyListStubs;
    if let Some(code) = print_if_asked(ctx, &a.format, ty, &policies, Errors::AsIs) {
        return code;
    }
    ctx.ui.output(&render(list));
    0
}

/// The policies with the workload each is attached to.
pub fn render(policies: &[Value]) -> String {
    let or_not = |s: &str| {
        if s.is_empty() {
            "<not specified>".to_string()
        } else {
            s.to_string()
        }
    };
    let mut rows = vec!["Name|Job ID|Group Name|Task Name".to_string()];
    for p in policies {
        let j = &p["JobACL"];
        rows.push(if j.is_object() {
            format!(
                "{}|{}|{}|{}",
                str_of(p, "Name"),
                or_not(str_of(j, "JobID")),
                or_not(str_of(j, "Group")),
                or_not(str_of(j, "Task"))
            )
        } else {
            format!(
                "{}|<unavailable>|<unavailable>|<unavailable>",
                str_of(p, "Name")
            )
        });
    }
    format_list(&rows)
}
