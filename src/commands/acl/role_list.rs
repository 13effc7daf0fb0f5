//! `acl role list` (Nomad's `ACLRoleListCommand`).

use serde_json::Value;

use super::str_of;
use crate::api::QueryOptions;
use crate::cli::acl::AclRoleListArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format_list;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &AclRoleListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "acl role list");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let roles = match client.acl_roles(&QueryOptions::new()).await {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error listing ACL roles: {e}"));
            return 1;
        }
    };
    let ty = GoType::AclRoleListStubs;
    if let Some(code) = print_if_asked(ctx, &a.format, ty, &roles, Errors::AsIs) {
        return code;
    }
    ctx.ui
        .output(&render(roles.as_array().map_or(&[], Vec::as_slice)));
    0
}

/// `formatACLRoles`.
pub fn render(roles: &[Value]) -> String {
    if roles.is_empty() {
        return "No ACL roles found".into();
    }
    let mut rows = vec!["ID|Name|Description|Policies".to_string()];
    rows.extend(roles.iter().map(|r| {
        format!(
            "{}|{}|{}|{}",
            str_of(r, "ID"),
            str_of(r, "Name"),
            str_of(r, "Description"),
            super::role_info::policy_names(r)
        )
    }));
    format_list(&rows)
}
