//! The `var` commands: Nomad Variables (`command/var*.go`).

pub mod get;
pub mod init;
mod leaser;
pub mod list;
pub mod lock;
pub mod purge;
pub mod put;
mod spec;

use crate::api::config::Config;
use crate::cli::GlobalArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub const ERR_MISSING_TEMPLATE: &str =
    "A template must be supplied using '-template' when using go-template formatting";
pub const ERR_UNEXPECTED_TEMPLATE: &str =
    "The '-template' flag is only valid when using 'go-template' formatting";
pub const ERR_INVALID_OUT: &str =
    "Invalid value for \"-out\"; valid values are [go-template, hcl, json, none, table]";
pub const ERR_WILDCARD: &str = "The wildcard namespace (\"*\") is not valid for this command.";

/// `-out` as given (an empty one counts as not given), else Nomad's default for where stdout goes (a terminal or not).
pub fn out_format(flag: &Option<String>, on_tty: &str, piped: &str) -> String {
    match flag.as_deref().filter(|f| !f.is_empty()) {
        Some(f) => f.to_string(),
        None if crate::output::term::stdout_is_tty() => on_tty.to_string(),
        None => piped.to_string(),
    }
}

/// Nomad's `validateOutputFlag`: `-template` only with go-template, which needs one, and
/// `out` one of `valid`. A usage error of command `name` (exit 1) otherwise.
pub fn check_out(
    ctx: &mut Ctx,
    name: &str,
    out: &str,
    template: &str,
    valid: &[&str],
    invalid: &str,
) -> Result<(), i32> {
    let err = if out != "go-template" && !template.is_empty() {
        Some(ERR_UNEXPECTED_TEMPLATE)
    } else if out == "go-template" && template.is_empty() {
        Some(ERR_MISSING_TEMPLATE)
    } else if out != "go-template" && !valid.contains(&out) {
        Some(invalid)
    } else {
        None
    };
    match err {
        Some(e) => Err(usage_error(ctx, e, name)),
        None => Ok(()),
    }
}

/// The namespace the command works in, as Nomad's `Meta.namespace` (flag, then
/// `NOMAD_NAMESPACE`; empty when neither is set), known before any client is made.
pub fn namespace(ctx: &Ctx, global: &GlobalArgs) -> String {
    Config::resolve(&global.client_flags(), &ctx.env)
        .namespace
        .unwrap_or_default()
}

/// An error line on stderr; exit 1.
pub fn fail(ctx: &mut Ctx, msg: &str) -> i32 {
    ctx.ui.error(msg);
    1
}

/// Why a `-check-index` did not parse (Go's `strconv.ErrSyntax` / `ErrRange`).
#[derive(Debug, PartialEq, Eq)]
pub enum CheckIndexError {
    Syntax,
    Range,
}

/// Nomad's `parseCheckIndex`: empty means unchecked; otherwise `strconv.ParseUint(s, 10, 64)`.
pub fn parse_check_index(s: &str) -> Result<Option<u64>, CheckIndexError> {
    if s.is_empty() {
        return Ok(None);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CheckIndexError::Syntax);
    }
    s.parse::<u64>()
        .map(Some)
        .map_err(|_| CheckIndexError::Range)
}

/// A failed write: the check-and-set conflict block, or `<prefix><error>`; exit 1.
pub fn write_failed(
    ctx: &mut Ctx,
    e: crate::api::vars::WriteError,
    check_index: u64,
    prefix: &str,
) -> i32 {
    match e {
        crate::api::vars::WriteError::Conflict(v) => {
            let (head, body) =
                crate::views::variable::cas_conflict(check_index, &v, &|s| ctx.ui.colorize(s));
            ctx.ui.error(&head);
            ctx.ui.warn(&body);
        }
        crate::api::vars::WriteError::Api(e) => ctx.ui.error(&format!("{prefix}{e}")),
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_indexes_parse_as_go_base_10() {
        assert_eq!(parse_check_index(""), Ok(None));
        assert_eq!(parse_check_index("0"), Ok(Some(0)));
        assert_eq!(parse_check_index("010"), Ok(Some(10)));
        assert_eq!(parse_check_index("0x1"), Err(CheckIndexError::Syntax));
        assert_eq!(parse_check_index("-1"), Err(CheckIndexError::Syntax));
        assert_eq!(
            parse_check_index("99999999999999999999999"),
            Err(CheckIndexError::Range)
        );
    }
}
