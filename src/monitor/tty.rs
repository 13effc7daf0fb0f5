//! The deployment watcher's live view on a terminal (Nomad's glint document in
//! `ttyMonitor`): a spinner row `Deployment "<id>" in progress...` with a two-space margin,
//! and below it, with a four-space margin, an empty line, the time and the deployment block
//! (plus the allocations with `-verbose`), text wrapped at the terminal width as glint's
//! layout does (go-wordwrap, then clamped). The view is redrawn in place as glint's terminal
//! renderer does (erase line, cursor up) whenever it changed, checked every 100 ms while a
//! blocking query waits; the final frame replaces the spinner with `✓`/`!` and the outcome.

use std::time::{Duration, Instant};

use super::{clock, format_deployment, has_auto_revert};
use crate::api::allocs::AllocationListStub;
use crate::api::deployments::Deployment;
use crate::api::{Client, QueryOptions};
use crate::ctx::Ctx;
use crate::gocompat::wordwrap::word_wrap;
use crate::output::{limit, FULL_ID, SHORT_ID};
use crate::views::allocs::format_alloc_list_stubs;

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// What is on the screen and how to replace it.
pub(crate) struct View {
    /// Lines of the frame last drawn (0: nothing drawn yet, or the last frame was final).
    drawn: usize,
    spin: usize,
    last_spin: Instant,
    /// The frame on screen: glint only writes when the document changed.
    shown: Vec<String>,
}

impl View {
    pub(crate) fn new() -> View {
        View {
            drawn: 0,
            // glint has advanced the spinner once by its first frame.
            spin: 1,
            last_spin: Instant::now(),
            shown: Vec::new(),
        }
    }

    pub(crate) fn tick(&mut self) {
        if self.last_spin.elapsed() >= Duration::from_millis(150) {
            self.spin = (self.spin + 1) % SPINNER.len();
            self.last_spin = Instant::now();
        }
    }

    pub(crate) fn glyph(&self) -> char {
        SPINNER[self.spin]
    }

    /// Replaces the frame on screen with `lines` as glint's terminal renderer does: nothing
    /// when the frame is unchanged, else erase the previous frame line by line (the whole
    /// screen when it was taller than the terminal) and write the new one.
    pub(crate) fn draw(&mut self, ctx: &mut Ctx, lines: &[String], last: bool) {
        if !last && self.drawn > 0 && self.shown == lines {
            return;
        }
        self.shown = lines.to_vec();
        let mut s = String::new();
        if self.drawn > 0 {
            let (_, rows) = terminal_size();
            if self.drawn <= rows {
                s.push_str("\x1b[0G\x1b[2K");
                for _ in 1..self.drawn {
                    s.push_str("\x1b[1A\x1b[0G\x1b[2K");
                }
            } else {
                s.push_str("\x1b[2J\x1b[3J\x1b[0;0H");
            }
        }
        s.push_str(&lines.join("\n"));
        self.drawn = if last { 0 } else { lines.len() };
        ctx.ui.raw_out(&s);
        ctx.ui.flush();
    }
}

/// (columns, rows) of the terminal on stdout (80x24 when unknown).
fn terminal_size() -> (usize, usize) {
    // SAFETY: TIOCGWINSZ fills a winsize struct for the descriptor; nothing else is touched.
    let mut ws = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    if unsafe { libc::ioctl(1, libc::TIOCGWINSZ, &mut ws) } == 0 && ws.ws_col > 0 {
        (usize::from(ws.ws_col), usize::from(ws.ws_row))
    } else {
        (80, 24)
    }
}

/// glint's `clampTextWidth`: lines longer than `width` runes are cut (with its quirks).
fn clamp_width(original: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let mut b: Option<String> = None;
    let mut total = 0usize;
    let mut s = original;
    loop {
        let (idx, end) = match s.find('\n') {
            Some(i) => (i, false),
            None => (s.len(), true),
        };
        if s[..idx].chars().count() > width {
            let out = b.get_or_insert_with(|| {
                let mut x = String::new();
                if total > 0 {
                    // glint keeps the first `total` bytes: a count without the newlines, so
                    // the cut can fall inside a character (Go then prints the broken bytes;
                    // here they become U+FFFD instead of a panic).
                    x.push_str(&String::from_utf8_lossy(&original.as_bytes()[..total]));
                    x.push('\n');
                }
                x
            });
            out.extend(s.chars().take(width));
            if !end {
                out.push('\n');
            }
        } else if idx > 0 {
            if let Some(out) = b.as_mut() {
                out.push_str(&s[..idx]);
            }
        }
        if end {
            break;
        }
        total += idx;
        s = &s[idx + 1..];
    }
    b.unwrap_or_else(|| original.to_string())
}

/// A text component laid out `width` columns wide: wrapped, clamped, split into lines (public
/// for the fuzz target).
pub fn text_lines(text: &str, width: usize) -> Vec<String> {
    let t = clamp_width(&word_wrap(text, width), width);
    let t = t.strip_suffix('\n').unwrap_or(&t);
    t.split('\n').map(str::to_string).collect()
}

/// `text` with a left margin on every line (empty lines too, as glint pads them).
pub(crate) fn margin(text: &str, n: usize) -> Vec<String> {
    let pad = " ".repeat(n);
    let width = terminal_size().0.saturating_sub(n);
    text_lines(text, width)
        .into_iter()
        .map(|l| format!("{pad}{l}"))
        .collect()
}

pub(crate) fn frame(row: String, status: &[String], tail: &[String]) -> Vec<String> {
    let mut v = vec![row];
    v.extend(status.iter().cloned());
    v.extend(tail.iter().cloned());
    v
}

/// Watches `deploy_id` on a terminal until it ends; returns its final status (`Err` after a
/// failed request, already shown in the view).
pub async fn watch(
    ctx: &mut Ctx,
    client: &Client,
    deploy_id: &str,
    index: u64,
    wait_ns: i64,
    verbose: bool,
) -> Result<String, ()> {
    let length = if verbose { FULL_ID } else { SHORT_ID };
    let short = limit(deploy_id, length).to_string();
    let progress = |g: char| format!("  {g} Deployment \"{short}\" in progress...");
    let mut view = View::new();
    let mut status_lines: Vec<String> = Vec::new();
    view.draw(ctx, &[progress(view.glyph())], false);
    let mut q = QueryOptions::new();
    q.stale = true;
    q.index = index;
    if wait_ns > 0 {
        q.wait = Some(Duration::from_nanos(wait_ns as u64));
    }
    loop {
        let answer = {
            let fut = client.deployment::<Deployment>(deploy_id, &q);
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
        let (deploy, meta) = match answer {
            Ok(x) => x,
            Err(e) => {
                let t = clock(ctx);
                let err = ctx
                    .ui
                    .colorize(&format!("[red]{t}: Error fetching deployment: {e}[reset]"));
                let mut tail = margin(&err, 4);
                tail.push(String::new());
                let f = frame(progress(view.glyph()), &status_lines, &tail);
                view.draw(ctx, &f, true);
                return Err(());
            }
        };
        let status = deploy.status.clone();
        let mut block = format!("\n{}\n", clock(ctx));
        block.push_str(&format_deployment(client, Some(&deploy), length).await);
        let mut block = ctx.ui.colorize(&block);
        if verbose {
            let allocs = client
                .deployment_allocations::<Option<Vec<AllocationListStub>>>(
                    deploy_id,
                    &QueryOptions::new(),
                )
                .await;
            // glint styles the title itself; the table is plain text.
            let color = !ctx.ui.colorize("[bold]").is_empty();
            let title = if color {
                "\x1b[1mAllocations\x1b[0m"
            } else {
                "Allocations"
            };
            let text = match allocs {
                Ok((a, _)) => format!(
                    "{title}\n{}",
                    format_alloc_list_stubs(&a.unwrap_or_default(), true, ctx.now_ns)
                ),
                Err(e) => format!(
                    "{title}\n{}",
                    ctx.ui
                        .colorize(&format!("[red]Error fetching allocations: {e}[reset]"))
                ),
            };
            block.push_str("\n\n");
            block.push_str(&text);
        }
        status_lines = margin(&block, 4);
        let outcome = |mark: &str| format!("  {mark} Deployment \"{short}\" {status}");
        let end = match status.as_str() {
            "failed" if has_auto_revert(&deploy) => {
                let f = frame(
                    outcome(&view.glyph().to_string()),
                    &status_lines,
                    &[String::new()],
                );
                view.draw(ctx, &f, false);
                // The spinner keeps turning while the rollback is given a second to start.
                for _ in 0..10 {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    view.tick();
                    let f = frame(
                        outcome(&view.glyph().to_string()),
                        &status_lines,
                        &[String::new()],
                    );
                    view.draw(ctx, &f, false);
                }
                let rollback = client
                    .job_latest_deployment::<Option<Deployment>>(
                        &deploy.job_id,
                        &QueryOptions::new(),
                    )
                    .await;
                match rollback {
                    Err(e) => {
                        let t = clock(ctx);
                        let err = ctx.ui.colorize(&format!(
                            "[red]{t}: Error fetching rollback deployment: {e}[reset]"
                        ));
                        let mut tail = vec![String::new()];
                        tail.extend(margin(&err, 4));
                        tail.push(String::new());
                        let f = frame(outcome(&view.glyph().to_string()), &status_lines, &tail);
                        view.draw(ctx, &f, true);
                        return Err(());
                    }
                    Ok((Some(r), _)) if r.id != deploy.id => {
                        let f = frame(
                            outcome(&view.glyph().to_string()),
                            &status_lines,
                            &[String::new()],
                        );
                        view.draw(ctx, &f, true);
                        // Closing the document ends its empty last line.
                        ctx.ui.raw_out("\n");
                        // The rollback is watched, but the result stays "failed".
                        let _ = Box::pin(watch(ctx, client, &r.id, index, wait_ns, verbose)).await;
                        return Ok(status);
                    }
                    Ok(_) => outcome(&view.glyph().to_string()),
                }
            }
            "failed" | "cancelled" | "blocked" => outcome("!"),
            "successful" => outcome("✓"),
            _ => {
                q.index = meta.last_index;
                let f = frame(progress(view.glyph()), &status_lines, &[]);
                view.draw(ctx, &f, false);
                continue;
            }
        };
        let f = frame(end, &status_lines, &[String::new()]);
        view.draw(ctx, &f, true);
        return Ok(status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_long_lines() {
        assert_eq!(clamp_width("abc\ndef", 5), "abc\ndef");
        assert_eq!(clamp_width("abcdefgh", 3), "abc");
        assert_eq!(clamp_width("abcdefgh\nxy", 3), "abc\nxy");
        assert_eq!(
            text_lines("Task Group  Desired  Placed", 12),
            vec!["Task Group", "Desired", "Placed"]
        );
    }

    #[test]
    fn a_cut_inside_a_character_does_not_panic() {
        // Two lines before the long one: glint's byte count (without newlines) ends inside
        // the `é` of the second line.
        let text = "aé\né\nxxxxxxxx";
        assert_eq!(clamp_width(text, 3), "aé\n\u{fffd}\nxxx");
    }

    proptest::proptest! {
        #[test]
        fn any_text_at_any_width_lays_out(text in "(?s).{0,80}", width in 0usize..40) {
            let lines = text_lines(&text, width);
            proptest::prop_assert!(!lines.is_empty());
        }
    }
}
