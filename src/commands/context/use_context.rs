//! `context use`: makes a context the current one (or none, with `-none`).

use crate::cli::context::ContextUseArgs;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub fn run(ctx: &mut Ctx, a: &ContextUseArgs) -> i32 {
    let Some(mut store) = super::load(ctx) else {
        return 1;
    };
    if a.none {
        if !a.args.is_empty() {
            return super::super::common::usage_error(
                ctx,
                "This command takes no arguments with -none",
                "context use",
            );
        }
        let was = store.current.take();
        if let Err(code) = super::save(ctx, &store) {
            return code;
        }
        match was {
            Some(n) => ctx
                .ui
                .output(&format!("Context {} is no longer current", quote(&n))),
            None => ctx.ui.output("No context was current"),
        }
        return 0;
    }
    let name = match super::one_name(ctx, &a.args, "context use") {
        Ok(n) => n.to_string(),
        Err(code) => return code,
    };
    let c = match store.get(&name) {
        Ok(c) => c.clone(),
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    store.current = Some(name.clone());
    if let Err(code) = super::save(ctx, &store) {
        return code;
    }
    ctx.ui
        .output(&format!("Switched to context {}", quote(&name)));
    if let Some(other) = ctx.env.value(crate::contexts::ENV) {
        ctx.ui.warn(&format!(
            "Note: {}={other} in this environment, which wins over the current context",
            crate::contexts::ENV
        ));
    }
    super::warn_overridden(ctx, &c);
    0
}
