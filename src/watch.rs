//! The generic `-watch` loop: render a view, wait until the data behind it changes, render it
//! again. Changes are noticed with Nomad's blocking queries (`index` from `X-Nomad-Index`,
//! `wait`), never by polling on a timer. A view is shown again only when its text changed.
//!
//! On a terminal the view is redrawn in place on the alternate screen (cursor home, each line
//! cleared as it is rewritten, the rest of the screen cleared: no flicker), and the terminal
//! is restored when the loop ends. Into a pipe each new state is printed after the previous
//! one, preceded by a `--- index N ---` line (the first state has none).
//!
//! # Adopting it in a command
//!
//! Flatten `cli::WatchArgs` (`-watch`, `-wait`) into the command's arguments, then in `run`:
//!
//! ```ignore
//! if a.watch.watch {
//!     let paths = crate::watch::by_prefix(crate::api::Listing::Allocations, a.args.first());
//!     return common::watch(ctx, &client, &a.watch, "alloc status", paths, async |ctx: &mut Ctx| {
//!         one_shot(ctx, a).await
//!     })
//!     .await;
//! }
//! ```
//!
//! `one_shot` is the command's ordinary body (it prints through `ctx.ui`; the loop captures
//! that output as the view). List every endpoint whose change should re-render: the loop
//! blocks on all of them at once and wakes when any index moves. A non-zero exit code on the
//! first render (not found, bad input) ends the loop with that code; later failures are shown
//! on stderr and watching goes on. Web UI hints are turned off. Ctrl-C or SIGTERM ends it with exit
//! code 130.

use std::time::Duration;

use futures_util::future::select_all;
use serde::de::IgnoredAny;

use crate::api::{Client, Listing, QueryOptions};
use crate::ctx::Ctx;

/// What to watch: endpoints and how long each blocking query may wait.
#[derive(Clone, Debug)]
pub struct Watch {
    pub wait: Duration,
    pub paths: Vec<(String, QueryOptions)>,
}

/// The default and largest `-wait` (Nomad caps blocking queries at 5 minutes).
pub const MAX_WAIT: Duration = Duration::from_secs(300);

impl Watch {
    /// From a `-wait` flag value (a Go duration; empty = 5m).
    pub fn from_flag(wait: &str) -> Result<Watch, String> {
        let wait = if wait.is_empty() {
            MAX_WAIT
        } else {
            crate::gocompat::time::parse_duration(wait)
                .filter(|d| *d > 0)
                .map(|ns| Duration::from_nanos(ns as u64))
                .ok_or_else(|| format!("Invalid -wait duration: {wait:?}"))?
                .min(MAX_WAIT)
        };
        Ok(Watch {
            wait,
            paths: Vec::new(),
        })
    }

    /// Adds an endpoint whose index changes with the view's data.
    pub fn path(mut self, path: &str, q: QueryOptions) -> Watch {
        self.paths.push((path.to_string(), q));
        self
    }
}

/// Runs `render` (which prints through `ctx.ui`) now and after every change.
pub async fn run<F>(ctx: &mut Ctx, client: &Client, w: Watch, mut render: F) -> i32
where
    F: AsyncFnMut(&mut Ctx) -> i32,
{
    let tty = crate::output::term::stdout_is_tty();
    // Web UI hints go to stderr once per render; a watched view shows none.
    ctx.env.set("NOMAD_CLI_SHOW_HINTS", "false");
    let mut indexes = vec![0u64; w.paths.len()];
    // Indexes first, then the view: a change in between only costs one more render.
    refresh_indexes(client, &w, &mut indexes).await;
    let stop = crate::output::signal::interrupted();
    let hangup = crate::output::signal::hangup();
    tokio::pin!(stop, hangup);
    let mut shown: Option<String> = None;
    let mut screen = false;
    let code = loop {
        ctx.ui.start_capture();
        let code = render(ctx).await;
        let text = ctx.ui.take_capture();
        if shown.is_none() && code != 0 {
            ctx.ui.raw_out(&text);
            break code;
        }
        if shown.as_deref() != Some(text.as_str()) {
            let index = indexes.iter().copied().max().unwrap_or(0);
            if tty {
                if !screen {
                    // Alternate screen, cursor hidden.
                    ctx.ui.raw_out("\x1b[?1049h\x1b[?25l");
                    screen = true;
                }
                ctx.ui.raw_out(&redraw(&text));
            } else {
                if shown.is_some() {
                    ctx.ui.raw_out(&format!("\n--- index {index} ---\n"));
                }
                ctx.ui.raw_out(&text);
            }
            ctx.ui.flush();
            shown = Some(text);
        }
        tokio::select! {
            _ = wait_for_change(client, &w, &mut indexes) => {}
            _ = &mut stop => break 130,
            // The screen is restored below on every way out but a kill.
            _ = &mut hangup => break 129,
        }
    };
    if screen {
        ctx.ui.raw_out("\x1b[?25h\x1b[?1049l");
        // Leave the last view on the normal screen.
        if let Some(t) = &shown {
            ctx.ui.raw_out(t);
        }
    }
    ctx.ui.flush();
    code
}

/// The text that replaces the screen's content with `text` in place.
pub fn redraw(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 64);
    s.push_str("\x1b[H");
    for line in text.lines() {
        s.push_str(line);
        s.push_str("\x1b[K\n");
    }
    s.push_str("\x1b[J");
    s
}

async fn refresh_indexes(client: &Client, w: &Watch, indexes: &mut [u64]) {
    let answers =
        futures_util::future::join_all(w.paths.iter().map(|(p, q)| client.get::<IgnoredAny>(p, q)))
            .await;
    for (i, a) in answers.into_iter().enumerate() {
        if let Ok((_, meta)) = a {
            indexes[i] = meta.last_index;
        }
    }
}

/// A blocking query that answers sooner than this with an unchanged index did not block.
const MIN_BLOCK: std::time::Duration = std::time::Duration::from_millis(500);

/// Blocks until one endpoint's index moves past what was seen. Failed queries (server gone,
/// 429, 5xx) are retried after a `policy::Backoff` pause.
async fn wait_for_change(client: &Client, w: &Watch, indexes: &mut [u64]) {
    let mut backoff = crate::api::policy::Backoff::default();
    loop {
        let queries = w
            .paths
            .iter()
            .zip(indexes.iter())
            .map(|((p, q), idx)| Box::pin(client.block::<IgnoredAny>(p, q, *idx, w.wait)));
        if w.paths.is_empty() {
            std::future::pending::<()>().await;
        }
        let asked = std::time::Instant::now();
        let (answer, i, _rest) = select_all(queries).await;
        match answer {
            Ok((_, meta)) if meta.last_index != indexes[i] => {
                indexes[i] = meta.last_index;
                return;
            }
            // An answer that came at once with nothing new did not block: a proxy that drops
            // `X-Nomad-Index`, or an index that does not read. Asking again at once would
            // spin; wait as after a failure.
            Ok(_) if asked.elapsed() < MIN_BLOCK => backoff.wait().await,
            Ok(_) => backoff.reset(),
            Err(_) => backoff.wait().await,
        }
    }
}

/// The blocking-query target for a list looked up by ID prefix (`/v1/allocations?prefix=…`).
pub fn by_prefix(list: Listing, prefix: Option<&String>) -> Vec<(String, QueryOptions)> {
    let q = match prefix {
        Some(p) => QueryOptions::new().prefix(&crate::api::sanitize_uuid_prefix(p.trim())),
        None => QueryOptions::new().param("per_page", "1"),
    };
    vec![(list.path().to_string(), q)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redraw_rewrites_in_place() {
        assert_eq!(redraw("a\nbc\n"), "\x1b[Ha\x1b[K\nbc\x1b[K\n\x1b[J");
    }

    #[test]
    fn wait_flag() {
        assert_eq!(Watch::from_flag("").unwrap().wait, MAX_WAIT);
        assert_eq!(
            Watch::from_flag("1500ms").unwrap().wait,
            Duration::from_millis(1500)
        );
        assert_eq!(Watch::from_flag("1h").unwrap().wait, MAX_WAIT);
        assert!(Watch::from_flag("soon").is_err());
        assert!(Watch::from_flag("-1s").is_err());
    }
}
