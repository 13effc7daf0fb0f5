//! Pieces several commands share: usage errors, `-watch` wiring, Web UI hints, the
//! pagination hint's argument line.

use tokio::task::JoinHandle;

use crate::api::agent::AgentSelf;
use crate::api::{Client, QueryOptions};
use crate::cli::WatchArgs;
use crate::ctx::Ctx;

/// An argument-count error: the message and Nomad's help pointer, exit 1.
pub fn usage_error(ctx: &mut Ctx, msg: &str, name: &str) -> i32 {
    ctx.ui.error(msg);
    ctx.ui
        .error(&format!("For additional help try 'nomad {name} -help'"));
    1
}

/// Nomad's reading of a y/N answer (job stop, node drain, eval delete): only an exact `y`
/// goes on; empty or `n…` prints `cancel` (when not empty) and ends with 0, `y…` longer
/// than `y` ends with 0, anything else (or no line at all) with 1.
pub fn confirm(ctx: &mut Ctx, question: &str, cancel: &str) -> Result<(), i32> {
    let answer = match crate::commands::job::ask(ctx, question) {
        Ok(a) => a,
        Err(e) => {
            ctx.ui.error(&format!("Failed to parse answer: {e}"));
            return Err(1);
        }
    };
    let lower = answer.to_lowercase();
    if answer.is_empty() || lower.starts_with('n') {
        if !cancel.is_empty() {
            ctx.ui.output(cancel);
        }
        Err(0)
    } else if lower.starts_with('y') && answer.len() > 1 {
        ctx.ui
            .output("For confirmation, an exact \u{2018}y\u{2019} is required.");
        Err(0)
    } else if answer != "y" {
        ctx.ui
            .output("No confirmation detected. For confirmation, an exact 'y' is required.");
        Err(1)
    } else {
        Ok(())
    }
}

/// `-watch`, wired the one way every watching command does: `-wait` checked (a usage error
/// of command `name`), then `body` (the command's one-shot run) rendered now and after every
/// change of the endpoints in `paths` (see `crate::watch`).
pub async fn watch<F>(
    ctx: &mut Ctx,
    client: &Client,
    flags: &WatchArgs,
    name: &str,
    paths: Vec<(String, QueryOptions)>,
    body: F,
) -> i32
where
    F: AsyncFnMut(&mut Ctx) -> i32,
{
    let w = match crate::watch::Watch::from_flag(&flags.wait) {
        Ok(w) => w,
        Err(e) => return usage_error(ctx, &e, name),
    };
    let w = paths.into_iter().fold(w, |w, (p, q)| w.path(&p, q));
    crate::watch::run(ctx, client, w, body).await
}

/// Starts deciding, concurrently with the command's own requests, whether a Web UI hint
/// is shown: `NOMAD_CLI_SHOW_HINTS=false` turns hints off, otherwise the agent's
/// `ui.show_cli_hints` decides (and hints stay off when the agent cannot be asked).
pub fn start_hint_check(ctx: &Ctx, client: &Client) -> Option<JoinHandle<bool>> {
    let setting = ctx.hints_setting();
    if setting == Some(false) {
        return None;
    }
    let client = client.clone();
    Some(tokio::spawn(async move {
        match client.agent_self::<AgentSelf>(&QueryOptions::new()).await {
            Ok((me, _)) => match me.show_cli_hints() {
                Some(false) => setting == Some(true),
                _ => true,
            },
            Err(_) => false,
        }
    }))
}

/// The flags that shape a Web UI hint: `-no-color` (plain form) and `-ui` (open a browser).
#[derive(Clone, Copy)]
pub struct HintFlags {
    pub no_color: bool,
    pub open: bool,
}

/// Opens the page with `-ui`, then prints the hint
/// `==> <desc> in the Web UI: <address>/ui<route>` on stderr if hints are on (returns whether
/// it did).
pub async fn show_hint(
    ctx: &mut Ctx,
    check: Option<JoinHandle<bool>>,
    client: &Client,
    flags: HintFlags,
    desc: &str,
    route: &str,
) -> bool {
    match web_ui_hint(ctx, check, client, flags, desc, route).await {
        Some(hint) => {
            ctx.ui.warn(&hint);
            true
        }
        None => false,
    }
}

/// What `show_hint` does before printing, for a renderer that places the hint itself: opens
/// the page with `-ui`, then gives the hint's text if hints are on.
pub async fn web_ui_hint(
    ctx: &mut Ctx,
    check: Option<JoinHandle<bool>>,
    client: &Client,
    flags: HintFlags,
    desc: &str,
    route: &str,
) -> Option<String> {
    let url = format!("{}/ui{route}", client.address());
    if flags.open {
        if let Err(e) = crate::commands::browser::open_url(&url) {
            ctx.ui.warn(&format!("Failed to open browser: {e}"));
        }
    }
    if !check?.await.unwrap_or(false) {
        return None;
    }
    Some(if ctx.ui.color().markup && !flags.no_color {
        format!("\x1b[1m\x1b[35m\n==> {desc} in the Web UI:\x1b[0m \x1b[34m{url}\x1b[0m")
    } else {
        format!("\n\n==> {desc} in the Web UI: {url}")
    })
}

/// Prints `<prefix><err>` on stderr and gives exit code 1: the shape of most command errors.
pub fn err_line(ctx: &mut Ctx, prefix: &str, err: impl std::fmt::Display) -> i32 {
    ctx.ui.error(&format!("{prefix}{err}"));
    1
}

/// `argsWithoutPageToken`: argv as typed, without any `-page-token` argument.
pub fn args_without_page_token(args: &[String]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.starts_with("-page-token") {
            i += if a.contains('=') { 1 } else { 2 };
            continue;
        }
        out.push(a.as_str());
        i += 1;
    }
    out.join(" ")
}

/// Go's wording of common I/O errors (one copy, with the API's certificate files).
pub use crate::gocompat::os::io_text;

/// Go's `encoding/json` wording of a decode error (files the user gives).
pub fn go_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "unexpected EOF".into(),
        Category::Syntax => format!("invalid character looking for beginning of value ({e})"),
        _ => format!("json: {e}"),
    }
}

/// `os.ReadFile`, with Go's error text (`open <path>: no such file or directory`).
pub fn read_file(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| {
        let op = if std::path::Path::new(path).is_dir() {
            "read"
        } else {
            "open"
        };
        format!("{op} {path}: {}", io_text(&e))
    })
}

/// Go's `os.WriteFile(name, content, 0660)`: creates or truncates `name`, mode 0660 before the
/// umask (the `init` commands' example files).
pub fn write_file_0660(name: &str, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o660);
    opts.open(name)?.write_all(content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_token_args_are_dropped() {
        let v: Vec<String> = [
            "nomad",
            "node",
            "status",
            "-page-token",
            "abc",
            "-per-page=2",
            "-page-token=x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(args_without_page_token(&v), "nomad node status -per-page=2");
    }
}
