//! `context list`: the stored contexts.

use serde_json::Value;

use crate::cli::context::ContextListArgs;
use crate::contexts::choose;
use crate::ctx::Ctx;
use crate::output::json::to_json_untyped;

pub fn run(ctx: &mut Ctx, a: &ContextListArgs) -> i32 {
    if !a.args.is_empty() {
        return super::super::common::usage_error(
            ctx,
            "This command takes no arguments",
            "context list",
        );
    }
    let Some(store) = super::load(ctx) else {
        return 1;
    };
    let in_use = choose(None, &ctx.env, &store).map(|c| c.name().to_string());
    if a.json {
        let list: Vec<Value> = store
            .contexts
            .iter()
            .map(|(n, c)| super::json_of(n, c, Some(n) == in_use.as_ref()))
            .collect();
        ctx.ui.output(&to_json_untyped(&Value::Array(list)));
        return 0;
    }
    ctx.ui.output(&super::list_table(&store, in_use.as_deref()));
    0
}
