//! `acl token update` (Nomad's `ACLTokenUpdateCommand`): reads the token, changes what the
//! flags name, writes it back and prints the result, secret included.

use serde_json::Value;

use super::token_create::{role_links, string_list};
use crate::cli::acl::AclTokenUpdateArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &AclTokenUpdateArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <token_accessor_id>",
            "acl token update",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let r = if a.args[0].is_empty() {
        Err("missing accessor ID".to_string())
    } else {
        client
            .acl_token(&a.args[0])
            .await
            .map_err(|e| e.to_string())
    };
    let mut token = match r {
        Ok(Value::Object(t)) => t,
        Ok(_) => Default::default(),
        Err(e) => {
            ctx.ui.error(&format!("Error fetching token: {e}"));
            return 1;
        }
    };
    if !a.name.is_empty() {
        token.insert("Name".into(), a.name.clone().into());
    }
    if !a.type_.is_empty() {
        token.insert("Type".into(), a.type_.clone().into());
    }
    if !a.policy.is_empty() {
        token.insert("Policies".into(), string_list(&a.policy));
    }
    if !a.role_name.is_empty() || !a.role_id.is_empty() {
        token.insert("Roles".into(), role_links(&a.role_name, &a.role_id));
    }
    // The api's token has no Hash: it is not sent back.
    token.remove("Hash");
    let accessor = token
        .get("AccessorID")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if accessor.is_empty() {
        ctx.ui.error("Error updating token: missing accessor ID");
        return 1;
    }
    match client
        .acl_token_upsert(&accessor, &Value::Object(token))
        .await
    {
        Ok(t) => {
            ctx.ui.output(&super::render_token(&t));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error updating token: {e}"));
            1
        }
    }
}
