//! `context show`: the settings of the context in use, or of a named one.

use crate::cli::context::ContextShowArgs;
use crate::contexts::choose;
use crate::ctx::Ctx;
use crate::output::json::to_json_untyped;

pub fn run(ctx: &mut Ctx, a: &ContextShowArgs) -> i32 {
    if a.args.len() > 1 {
        return super::super::common::usage_error(
            ctx,
            "This command takes at most one argument: <name>",
            "context show",
        );
    }
    let Some(store) = super::load(ctx) else {
        return 1;
    };
    let in_use = choose(None, &ctx.env, &store).map(|c| c.name().to_string());
    let Some(name) = a.args.first().cloned().or(in_use.clone()) else {
        // A prompt asks on every line: no context is an empty answer, not an error.
        if a.short {
            return 0;
        }
        ctx.ui
            .error("No context is in use (see 'rnomad context use')");
        return 1;
    };
    let c = match store.get(&name) {
        Ok(c) => c.clone(),
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    if a.short {
        ctx.ui.output(&name);
    } else if a.json {
        let current = Some(&name) == in_use.as_ref();
        ctx.ui
            .output(&to_json_untyped(&super::json_of(&name, &c, current)));
    } else {
        ctx.ui.output(&super::show_kv(&name, &c));
        super::warn_overridden(ctx, &c);
    }
    0
}
