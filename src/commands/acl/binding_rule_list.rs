//! `acl binding-rule list` (Nomad's `ACLBindingRuleListCommand`).

use serde_json::Value;

use super::str_of;
use crate::api::QueryOptions;
use crate::cli::acl::AclBindingRuleListArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format_list;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &AclBindingRuleListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(
            ctx,
            "This command takes no arguments",
            "acl binding-rule list",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let rules = match client.acl_binding_rules(&QueryOptions::new()).await {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui
                .error(&format!("Error listing ACL binding rules: {e}"));
            return 1;
        }
    };
    let ty = GoType::AclBindingRuleListStubs;
    if let Some(code) = print_if_asked(ctx, &a.format, ty, &rules, Errors::AsIs) {
        return code;
    }
    ctx.ui
        .output(&render(rules.as_array().map_or(&[], Vec::as_slice)));
    0
}

/// `formatACLBindingRules`.
pub fn render(rules: &[Value]) -> String {
    if rules.is_empty() {
        return "No ACL binding rules found".into();
    }
    let mut rows = vec!["ID|Description|Auth Method".to_string()];
    rows.extend(rules.iter().map(|r| {
        format!(
            "{}|{}|{}",
            str_of(r, "ID"),
            str_of(r, "Description"),
            str_of(r, "AuthMethod")
        )
    }));
    format_list(&rows)
}
