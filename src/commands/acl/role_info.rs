//! `acl role info` (Nomad's `ACLRoleInfoCommand`): one role by ID, or by name with
//! `-by-name`. Nomad accepts `-json` and `-t` here but prints the table regardless; so does
//! rnomad.

use serde_json::Value;

use super::str_of;
use crate::cli::acl::AclRoleInfoArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::output::format_kv;

pub async fn run(ctx: &mut Ctx, a: &AclRoleInfoArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <acl_role_id>",
            "acl role info",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let key = &a.args[0];
    // The api client refuses an empty ID or name before asking.
    let r = match (a.by_name, key.is_empty()) {
        (true, true) => Err("missing ACL role name".to_string()),
        (false, true) => Err("missing ACL role ID".to_string()),
        (true, false) => client
            .acl_role_by_name(key)
            .await
            .map_err(|e| e.to_string()),
        (false, false) => client.acl_role(key).await.map_err(|e| e.to_string()),
    };
    match r {
        Ok(role) => {
            ctx.ui.output(&render(&role));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error reading ACL role: {e}"));
            1
        }
    }
}

/// `aclRolePolicyLinkToStringList`, joined: the role's policy names, sorted.
pub fn policy_names(role: &Value) -> String {
    let mut names: Vec<&str> = role["Policies"]
        .as_array()
        .map(|p| p.iter().map(|l| str_of(l, "Name")).collect())
        .unwrap_or_default();
    names.sort_unstable();
    names.join(",")
}

/// `formatACLRole`.
pub fn render(role: &Value) -> String {
    let n = |k: &str| role[k].as_u64().unwrap_or(0);
    format_kv(&[
        format!("ID|{}", str_of(role, "ID")),
        format!("Name|{}", str_of(role, "Name")),
        format!("Description|{}", str_of(role, "Description")),
        format!("Policies|{}", policy_names(role)),
        format!("Create Index|{}", n("CreateIndex")),
        format!("Modify Index|{}", n("ModifyIndex")),
    ])
}

/// Prints a role as asked (`-json`, `-t` or the table); the exit code.
pub fn print(ctx: &mut Ctx, format: &crate::cli::FormatArgs, role: &Value) -> i32 {
    use crate::commands::data::{print_if_asked, Errors};
    let ty = crate::output::gotype::GoType::AclRole;
    if let Some(code) = print_if_asked(ctx, format, ty, role, Errors::AsIs) {
        return code;
    }
    ctx.ui.output(&render(role));
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::recorded::{api, cli};

    #[test]
    fn roles_render_as_nomad_prints_them() {
        let role: Value = api("acl/role-ops");
        assert_eq!(
            format!("{}\n", render(&role)),
            cli("cli-acl", "acl-role-info", "stdout")
        );
        let list: Value = api("acl/role-list");
        assert_eq!(
            format!(
                "{}\n",
                super::super::role_list::render(list.as_array().unwrap())
            ),
            cli("cli-acl", "acl-role-list", "stdout")
        );
        assert_eq!(super::super::role_list::render(&[]), "No ACL roles found");
    }
}
