//! `acl auth-method list` (Nomad's `ACLAuthMethodListCommand`).

use serde_json::Value;

use super::str_of;
use crate::api::QueryOptions;
use crate::cli::acl::AclAuthMethodListArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format_list;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &AclAuthMethodListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(
            ctx,
            "This command takes no arguments",
            "acl auth-method list",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let methods = match client.acl_auth_methods(&QueryOptions::new()).await {
        Ok((m, _)) => m,
        Err(e) => {
            ctx.ui
                .error(&format!("Error listing ACL auth methods: {e}"));
            return 1;
        }
    };
    let ty = GoType::AclAuthMethodListStubs;
    if let Some(code) = print_if_asked(ctx, &a.format, ty, &methods, Errors::AsIs) {
        return code;
    }
    ctx.ui
        .output(&render(methods.as_array().map_or(&[], Vec::as_slice)));
    0
}

/// `formatAuthMethods`.
pub fn render(methods: &[Value]) -> String {
    if methods.is_empty() {
        return "No ACL auth methods found".into();
    }
    let mut rows = vec!["Name|Type|Default".to_string()];
    rows.extend(methods.iter().map(|m| {
        format!(
            "{}|{}|{}",
            str_of(m, "Name"),
            str_of(m, "Type"),
            m["Default"].as_bool().unwrap_or(false)
        )
    }));
    format_list(&rows)
}
