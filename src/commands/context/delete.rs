//! `context delete`: removes a context (and makes none current if it was).

use crate::cli::context::ContextNameArgs;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub fn run(ctx: &mut Ctx, a: &ContextNameArgs) -> i32 {
    let name = match super::one_name(ctx, &a.args, "context delete") {
        Ok(n) => n.to_string(),
        Err(code) => return code,
    };
    let Some(mut store) = super::load(ctx) else {
        return 1;
    };
    if store.contexts.remove(&name).is_none() {
        ctx.ui.error(&crate::contexts::not_found(&name));
        return 1;
    }
    let was_current = store.current.as_deref() == Some(name.as_str());
    if was_current {
        store.current = None;
    }
    if let Err(code) = super::save(ctx, &store) {
        return code;
    }
    let mut msg = format!("Context {} deleted", quote(&name));
    if was_current {
        msg.push_str("; no context is current now");
    }
    ctx.ui.output(&msg);
    0
}
