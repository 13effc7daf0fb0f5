//! The one `-json`/`-t` printer, as Nomad's commands call `Format(json, template, data)` and
//! print its result or its error.

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::api::spill::{Spill, SPILL_AT};
use crate::api::{Client, QueryOptions};
use crate::cli::FormatArgs;
use crate::ctx::Ctx;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;
use crate::output::json::ListWriter;
use crate::output::term::Ui;

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

/// `-json` of a list written while it is made (`output::json::ListWriter`): stdout gets the
/// bytes [`print`] gives for the whole list, in parts of about 64 KiB, so only a part and one
/// element are held. `-t` cannot be written this way (a template ranges over the whole value).
pub struct JsonList<'u> {
    ui: &'u mut Ui,
    list: ListWriter,
    buf: String,
    started: bool,
}

impl<'u> JsonList<'u> {
    const PART: usize = 64 * 1024;

    pub fn new(ui: &'u mut Ui, ty: GoType) -> JsonList<'u> {
        JsonList {
            ui,
            list: ListWriter::new(ty.expr()),
            buf: String::new(),
            started: false,
        }
    }

    pub fn push(&mut self, element: &Value) {
        self.list.element(&mut self.buf, element);
        if self.buf.len() >= Self::PART {
            self.flush();
        }
    }

    /// The element given as its raw JSON (as the server sent it).
    /// One element from the bytes the server sent for it.
    pub fn push_bytes(&mut self, element: &[u8]) {
        // A valid element always parses; the depth limit is the whole body's, and larger.
        let v = serde_json::from_slice::<Value>(element).unwrap_or(Value::Null);
        self.push(&v);
    }

    fn flush(&mut self) {
        if !self.started {
            self.ui.output_start();
            self.started = true;
        }
        self.ui.output_part(&self.buf);
        self.buf.clear();
    }

    /// The list is complete (`null` when the body was `null` rather than a list).
    pub fn finish(mut self, null: bool) {
        let mut end = String::new();
        self.list.end(&mut end, null);
        self.buf.push_str(&end);
        self.flush();
        self.ui.output_end();
    }

    /// The list broke off: what was written stays, ended by its newline, before the error.
    pub fn abandon(mut self) {
        if self.started {
            self.flush();
            self.ui.output_end();
        }
    }
}

/// An element of a list as the table's row type, `None` when it is not one (tables leave such
/// elements out, as they did when the list was read whole).
pub fn row<R: DeserializeOwned>(raw: &RawValue) -> Option<R> {
    serde_json::from_str(raw.get()).ok()
}

/// How `-json` prints a `null` list body.
#[derive(Clone, Copy, PartialEq)]
pub enum NullBody {
    /// `null`, as Go encodes a nil slice.
    AsNull,
    /// `[]` (the commands that always printed it so).
    AsEmptyList,
}

/// `-json` of a list the Go client sorts newest first (`Client::newest_first`): each element
/// is held as the bytes the server sent (not as a parsed tree; past `SPILL_AT` bytes, in a
/// temporary file) until the list has ended, then written in the Go client's order, one at a
/// time. Errors read `{what}: {error}`; a `null` body prints as `null` when `null` is
/// `NullBody::AsNull`, else as an empty list.
pub async fn json_newest_first(
    ctx: &mut Ctx,
    client: &Client,
    path: &str,
    q: &QueryOptions,
    ty: GoType,
    what: &str,
    null: NullBody,
) -> i32 {
    // The elements' bytes wait in memory, or past a few MiB in a temporary file, and only
    // their places are sorted.
    let mut spill = Spill::new(SPILL_AT);
    let mut failed = None;
    let mut keep = |raw: Box<RawValue>| match spill.push(raw.get().as_bytes()) {
        Ok(span) => Some(span),
        Err(e) => {
            failed.get_or_insert(e);
            None
        }
    };
    let list = match client.newest_first(path, q, &mut keep).await {
        Ok((list, _)) => list,
        Err(e) => {
            ctx.ui.error(&format!("{what}: {e}"));
            return 1;
        }
    };
    let spill_error = |ctx: &mut Ctx, e: std::io::Error| {
        ctx.ui.error(&format!(
            "{what}: keeping the list in a temporary file: {e}"
        ));
        1
    };
    if let Some(e) = failed {
        return spill_error(ctx, e);
    }
    let mut back = match spill.read_back() {
        Ok(b) => b,
        Err(e) => return spill_error(ctx, e),
    };
    let mut out = JsonList::new(&mut ctx.ui, ty);
    for span in list.iter().flatten().flatten() {
        match back.get(*span) {
            // The bytes were a valid element when they were kept.
            Ok(b) => out.push_bytes(b),
            Err(e) => {
                out.abandon();
                return spill_error(ctx, e);
            }
        }
    }
    out.finish(list.is_none() && null == NullBody::AsNull);
    0
}
