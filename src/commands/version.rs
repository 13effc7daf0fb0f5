//! `version`: rnomad's version and the Nomad CLI version it matches. Takes no flags and
//! ignores its arguments, as Nomad's does.

use crate::ctx::Ctx;

pub fn run(ctx: &mut Ctx) -> i32 {
    ctx.ui.output(&crate::version_text());
    0
}
