//! `context rename`: gives a context a new name (the current one stays current).

use super::invalid_name;
use crate::cli::context::ContextNameArgs;
use crate::contexts::{not_found, valid_name};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub fn run(ctx: &mut Ctx, a: &ContextNameArgs) -> i32 {
    let [old, new] = a.args.as_slice() else {
        return super::super::common::usage_error(
            ctx,
            "This command takes two arguments: <name> <new name>",
            "context rename",
        );
    };
    if !valid_name(new) {
        ctx.ui.error(&invalid_name(new));
        return 1;
    }
    let Some(mut store) = super::load(ctx) else {
        return 1;
    };
    if store.contexts.contains_key(new) {
        ctx.ui
            .error(&format!("A context named {} already exists", quote(new)));
        return 1;
    }
    let Some(c) = store.contexts.remove(old) else {
        ctx.ui.error(&not_found(old));
        return 1;
    };
    store.contexts.insert(new.clone(), c);
    if store.current.as_deref() == Some(old.as_str()) {
        store.current = Some(new.clone());
    }
    if let Err(code) = super::save(ctx, &store) {
        return code;
    }
    ctx.ui
        .output(&format!("Context {} renamed to {}", quote(old), quote(new)));
    0
}
