//! `acl policy list` (Nomad's `ACLPolicyListCommand`).

use serde_json::Value;

use super::str_of;
use crate::api::QueryOptions;
use crate::cli::acl::AclPolicyListArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format_list;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &AclPolicyListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "acl policy list");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let policies = match client.acl_policies(&QueryOptions::new()).await {
        Ok((p, _)) => p,
        Err(e) => {
            ctx.ui.error(&format!("Error listing ACL policies: {e}"));
            return 1;
        }
    };
    let ty = GoType::AclPolicyListStubs;
    if let Some(code) = print_if_asked(ctx, &a.format, ty, &policies, Errors::AsIs) {
        return code;
    }
    ctx.ui
        .output(&render(policies.as_array().map_or(&[], Vec::as_slice)));
    0
}

/// `formatPolicies`.
pub fn render(policies: &[Value]) -> String {
    if policies.is_empty() {
        return "No policies found".into();
    }
    let mut rows = vec!["Name|Description".to_string()];
    rows.extend(
        policies
            .iter()
            .map(|p| format!("{}|{}", str_of(p, "Name"), str_of(p, "Description"))),
    );
    format_list(&rows)
}
