//! `namespace list`: Nomad's `NamespaceListCommand`.

use serde_json::Value;

use crate::api::QueryOptions;
use crate::cli::namespace::NamespaceListArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &NamespaceListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "namespace list");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let body = match client.namespaces(&QueryOptions::new()).await {
        Ok((b, _)) => b,
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving namespaces: {e}"));
            return 1;
        }
    };
    if let Some(code) = print_if_asked(ctx, &a.format, GoType::Namespaces, &body, Errors::AsIs) {
        return code;
    }
    let list = match body {
        Value::Array(a) => a,
        _ => Vec::new(),
    };
    ctx.ui.output(&super::namespace_table(&list));
    0
}
