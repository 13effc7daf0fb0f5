//! `completion <shell>`: prints the completion script for bash, zsh or fish, registered under
//! the name rnomad was invoked as.

use crate::cli::CompletionArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub fn run(ctx: &mut Ctx, a: &CompletionArgs) -> i32 {
    let [shell] = a.args.as_slice() else {
        return usage_error(
            ctx,
            "This command takes one argument: <bash|zsh|fish>",
            "completion",
        );
    };
    let name = crate::cli::argv::invoked_name(&ctx.os_args);
    match crate::docs::completion_script(shell, &name) {
        Some(script) => {
            ctx.ui.raw_out(&script);
            0
        }
        None => {
            ctx.ui.error(&format!(
                "Unknown shell {}: use bash, zsh or fish",
                crate::gocompat::strconv::quote(shell)
            ));
            1
        }
    }
}
