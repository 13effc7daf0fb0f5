//! The one `-json`/`-t` printer, as Nomad's commands call `Format(json, template, data)` and
//! print its result or its error.

use serde_json::Value;

use crate::cli::FormatArgs;
use crate::ctx::Ctx;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;

/// How a command words a `-json`/`-t` failure: most print the error as it is; the agent
/// commands, `agent-info` and `node pool list` put "Error formatting output: " before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Errors {
    AsIs,
    Prefixed,
}

/// The format asked for, or its error printed and exit 1 (both `-json` and `-t`). Commands
/// that check the flags before any request use this, then [`print`].
pub fn choose<'a>(ctx: &mut Ctx, f: &'a FormatArgs) -> Result<Option<DataFormat<'a>>, i32> {
    f.data_format().map_err(|e| {
        ctx.ui.error(&e);
        1
    })
}

/// Prints `value` as the Go type `ty` in format `f`, or the error; returns the exit code.
pub fn print(ctx: &mut Ctx, f: &DataFormat<'_>, ty: GoType, value: &Value) -> i32 {
    report(ctx, f.render(ty, value), Errors::AsIs)
}

/// `-json`/`-t` output when either was given (`Some(exit code)`), `None` for the command's
/// own view. For commands that look at the flags only once they have the data, as Nomad's do.
pub fn print_if_asked(
    ctx: &mut Ctx,
    f: &FormatArgs,
    ty: GoType,
    value: &Value,
    errors: Errors,
) -> Option<i32> {
    let out = match f.data_format() {
        Ok(None) => return None,
        Ok(Some(format)) => format.render(ty, value),
        Err(e) => Err(e),
    };
    Some(report(ctx, out, errors))
}

fn report(ctx: &mut Ctx, out: Result<String, String>, errors: Errors) -> i32 {
    match out {
        Ok(s) => {
            ctx.ui.output(&s);
            0
        }
        Err(e) if errors == Errors::Prefixed => {
            ctx.ui.error(&format!("Error formatting output: {e}"));
            1
        }
        Err(e) => {
            ctx.ui.error(&e);
            1
        }
    }
}
