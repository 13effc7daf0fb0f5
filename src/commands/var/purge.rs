//! `var purge <path>`: Nomad's `VarPurgeCommand`.

use crate::api::QueryOptions;
use crate::cli::var::VarPurgeArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

use super::CheckIndexError;

pub async fn run(ctx: &mut Ctx, a: &VarPurgeArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument: <path>", "var purge");
    }
    let check = match super::parse_check_index(&a.check_index) {
        Ok(c) => c,
        Err(e) => {
            let why = match e {
                CheckIndexError::Range => "out of range for uint64",
                CheckIndexError::Syntax => "not parsable as uint64",
            };
            ctx.ui.error(&format!(
                "Invalid -check-index value {}: {why}",
                quote(&a.check_index)
            ));
            return 1;
        }
    };
    let ns = super::namespace(ctx, &a.global);
    if ns == "*" {
        ctx.ui.error(super::ERR_WILDCARD);
        return 1;
    }
    let path = &a.args[0];
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if let Err(e) = client
        .delete_variable(path, check, &QueryOptions::new())
        .await
    {
        return super::write_failed(ctx, e, check.unwrap_or(0), "Error purging variable: ");
    }
    ctx.ui
        .output(&format!("Successfully purged variable {}!", quote(path)));
    0
}
