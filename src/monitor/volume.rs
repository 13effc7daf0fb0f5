//! Following a dynamic host volume after `volume create` until it is ready (Nomad's
//! `monitorHostVolume`): on a terminal the glint view of the deployment watcher (a spinner
//! row, then the time and the volume below it); elsewhere two `==>` lines.

use std::time::Duration;

use serde_json::Value;

use super::clock;
use super::tty::{frame, margin, View};
use crate::api::{Client, QueryOptions};
use crate::ctx::Ctx;
use crate::output::{id_len, limit};

/// Watches volume `id` (in namespace `ns`) from index `index`; `render` is the volume's
/// block on a terminal (`formatHostVolume`, given the clock). `Err` is the failed request's
/// text, which the caller reports.
pub async fn watch(
    ctx: &mut Ctx,
    client: &Client,
    (id, ns): (&str, &str),
    index: u64,
    verbose: bool,
    render: impl Fn(&Value, i64) -> String,
) -> Result<(), String> {
    let length = id_len(verbose);
    let mut q = QueryOptions::new();
    if !ns.is_empty() {
        q = q.namespace(ns);
    }
    q.index = index;
    q.wait = Some(Duration::from_secs(5));
    if crate::output::term::stdout_is_tty() && super::terminal_has_size() {
        q.stale = true;
        return watch_tty(ctx, client, id, q, length, render).await;
    }
    let t = clock(ctx);
    ctx.ui.info(&format!(
        "==> {t}: Monitoring volume \"{}\"...",
        limit(id, length)
    ));
    loop {
        let (vol, meta) = client
            .host_volume(id, &q)
            .await
            .map_err(|e| e.to_string())?;
        if vol["State"] == "ready" {
            let t = clock(ctx);
            let name = vol["Name"].as_str().unwrap_or_default();
            ctx.ui.info(&format!(
                "==> {t}: Volume \"{}\" ready",
                limit(name, length)
            ));
            return Ok(());
        }
        // Nomad asks again with the write's index, which answers at once: waiting for the
        // next change instead gives the same lines without a busy loop.
        q.index = meta.last_index.max(q.index);
    }
}

async fn watch_tty(
    ctx: &mut Ctx,
    client: &Client,
    id: &str,
    mut q: QueryOptions,
    length: usize,
    render: impl Fn(&Value, i64) -> String,
) -> Result<(), String> {
    let short = limit(id, length).to_string();
    let progress = |g: char| format!("  {g} Monitoring volume \"{short}\" in progress...");
    let mut view = View::new();
    let mut status_lines: Vec<String> = Vec::new();
    view.draw(ctx, &[progress(view.glyph())], false);
    loop {
        let answer = {
            let fut = client.host_volume(id, &q);
            tokio::pin!(fut);
            loop {
                tokio::select! {
                    r = &mut fut => break r,
                    _ = tokio::time::sleep(Duration::from_millis(100)) => {
                        view.tick();
                        let f = frame(progress(view.glyph()), &status_lines, &[]);
                        view.draw(ctx, &f, false);
                    }
                }
            }
        };
        let (vol, meta): (Value, _) = answer.map_err(|e| e.to_string())?;
        let block = format!(
            "\n{}\n{}",
            clock(ctx),
            ctx.ui.colorize(&render(&vol, ctx.now_ns))
        );
        status_lines = margin(&block, 4);
        let state = vol["State"].as_str().unwrap_or_default().to_string();
        let mark = match state.as_str() {
            "ready" => "✓",
            "unavailable" => "!",
            _ => {
                q.index = meta.last_index;
                let f = frame(progress(view.glyph()), &status_lines, &[]);
                view.draw(ctx, &f, false);
                continue;
            }
        };
        let end = format!("  {mark} Host volume \"{short}\" {state}");
        let f = frame(end, &status_lines, &[String::new()]);
        view.draw(ctx, &f, true);
        return Ok(());
    }
}
