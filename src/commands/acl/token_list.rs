//! `acl token list`: the tokens without their secrets (Nomad's `ACLTokenListCommand`).

use serde_json::Value;

use super::str_of;
use crate::api::QueryOptions;
use crate::cli::acl::AclTokenListArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format_list;
use crate::output::gotype::GoType;
use crate::output::json::GoTime;

pub async fn run(ctx: &mut Ctx, a: &AclTokenListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "acl token list");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let tokens = match client.acl_tokens(&QueryOptions::new()).await {
        Ok((t, _)) => t,
        Err(e) => {
            ctx.ui.error(&format!("Error listing ACL tokens: {e}"));
            return 1;
        }
    };
    let types = GoType::AclTokenListStubs;
    if let Some(code) = print_if_asked(ctx, &a.format, types, &tokens, Errors::AsIs) {
        return code;
    }
    let now = ctx.now();
    ctx.ui
        .output(&render(tokens.as_array().map_or(&[], Vec::as_slice), now));
    0
}

/// `formatTokens`; `now` (Unix nanoseconds) decides which tokens have expired.
pub fn render(tokens: &[Value], now: i64) -> String {
    if tokens.is_empty() {
        return "No tokens found".into();
    }
    let mut rows = vec!["Name|Type|Global|Accessor ID|Expired".to_string()];
    for t in tokens {
        let expired = t["ExpirationTime"]
            .as_str()
            .and_then(GoTime::parse)
            .filter(|e| !e.is_zero())
            .is_some_and(|e| e.unix_nanos() < now);
        rows.push(format!(
            "{}|{}|{}|{}|{expired}",
            str_of(t, "Name"),
            str_of(t, "Type"),
            t["Global"].as_bool().unwrap_or(false),
            str_of(t, "AccessorID"),
        ));
    }
    format_list(&rows)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn expired_tokens_are_marked() {
        let t = [
            json!({"Name": "a", "Type": "client", "AccessorID": "x",
                   "ExpirationTime": "2026-01-01T00:00:00Z"}),
            json!({"Name": "b", "Type": "management", "Global": true, "AccessorID": "y"}),
        ];
        let now = 1_800_000_000_000_000_000; // 2027
        assert_eq!(
            super::render(&t, now),
            "Name  Type        Global  Accessor ID  Expired\n\
             a     client      false   x            true\n\
             b     management  true    y            false"
        );
        assert_eq!(super::render(&[], now), "No tokens found");
    }
}
