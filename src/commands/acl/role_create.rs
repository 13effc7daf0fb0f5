//! `acl role create` (Nomad's `ACLRoleCreateCommand`).

use serde_json::{json, Value};

use crate::cli::acl::AclRoleCreateArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

/// `aclRolePolicyNamesToPolicyLinks`: one link per name, repeats dropped, in the order given
/// (`null` for none, as the api encodes an empty slice).
pub fn policy_links(names: &[String]) -> Value {
    let mut seen = std::collections::HashSet::new();
    let links: Vec<Value> = names
        .iter()
        .filter(|n| seen.insert(n.as_str()))
        .map(|n| json!({"Name": n}))
        .collect();
    if links.is_empty() {
        Value::Null
    } else {
        Value::Array(links)
    }
}

/// The checks Nomad makes before sending a role it builds from flags alone.
pub fn check_flags(name: &str, policies: &[String]) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("ACL role name must be specified using the -name flag");
    }
    if policies.is_empty() {
        return Err("At least one policy name must be specified using the -policy flag");
    }
    Ok(())
}

pub async fn run(ctx: &mut Ctx, a: &AclRoleCreateArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "acl role create");
    }
    if let Err(msg) = check_flags(&a.name, &a.policy) {
        ctx.ui.error(msg);
        return 1;
    }
    let role = json!({
        "ID": "",
        "Name": a.name,
        "Description": a.description,
        "Policies": policy_links(&a.policy),
        "CreateIndex": 0,
        "ModifyIndex": 0,
    });
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    match client.acl_role_upsert("", &role).await {
        Ok(r) => super::role_info::print(ctx, &a.format, &r),
        Err(e) => {
            ctx.ui.error(&format!("Error creating ACL role: {e}"));
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_drop_repeats_and_keep_order() {
        let names: Vec<String> = ["writer", "readonly", "writer"].map(String::from).to_vec();
        assert_eq!(
            policy_links(&names),
            json!([{"Name": "writer"}, {"Name": "readonly"}])
        );
        assert_eq!(policy_links(&[]), Value::Null);
    }
}
