//! What `job restart` prints and asks while it runs: the shared output (the restarts of a batch
//! run side by side and each prints its own lines), the questions between batches, and Ctrl-C.
//!
//! Nomad asks through `cli.BasicUi.Ask`: the question and a space on stdout, one line read
//! from stdin, and a Ctrl-C while it waits ends the question as "interrupted" (after a line
//! ending). Any other time, a Ctrl-C asks whether to stop the restart.

use std::cell::RefCell;
use std::io::BufRead;

use tokio::signal::unix::{signal, Signal, SignalKind};
use tokio::sync::oneshot;

use crate::gocompat::strconv::quote;
use crate::output::term::Ui;

/// The width of `==> <time>: `, by which continuation lines of a question are indented.
pub const PREFIX_LEN: usize = 31;

/// Nomad's `indentString`: every line but the first gets `pad` spaces in front.
pub fn indent(s: &str, pad: usize) -> String {
    s.split('\n')
        .collect::<Vec<_>>()
        .join(&format!("\n{}", " ".repeat(pad)))
}

/// The Ui, shared by the restarts of a batch (all on this one thread), and the clock.
pub struct Out<'a> {
    ui: RefCell<&'a mut Ui>,
    /// The frozen test time, if any.
    frozen: Option<i64>,
}

impl<'a> Out<'a> {
    pub fn new(ui: &'a mut Ui, frozen: Option<i64>) -> Self {
        Out {
            ui: RefCell::new(ui),
            frozen,
        }
    }

    /// `formatTime(time.Now())`.
    pub fn now(&self) -> String {
        let ns = self.frozen.unwrap_or_else(crate::output::time::now_nanos);
        crate::output::time::format_now(ns)
    }

    /// `Ui.Output` of a message with colour markup, written out at once.
    pub fn line(&self, markup: &str) {
        let mut ui = self.ui.borrow_mut();
        let text = ui.colorize(markup);
        ui.output(&text);
        ui.flush();
    }

    /// `Ui.Warn` of a message with colour markup.
    pub fn warn(&self, markup: &str) {
        let mut ui = self.ui.borrow_mut();
        let text = ui.colorize(markup);
        ui.warn(&text);
        ui.flush();
    }

    pub fn error(&self, text: &str) {
        let mut ui = self.ui.borrow_mut();
        ui.error(text);
        ui.flush();
    }

    fn raw(&self, text: &str) {
        let mut ui = self.ui.borrow_mut();
        ui.raw_out(text);
        ui.flush();
    }
}

/// Lines from stdin, read on a thread of their own so that a question can be interrupted. A
/// line asked for and then abandoned is lost, as with Nomad's reader goroutine.
#[derive(Default)]
pub struct Stdin {
    requests: Option<std::sync::mpsc::Sender<oneshot::Sender<Result<String, String>>>>,
}

impl Stdin {
    fn read_line(&mut self) -> oneshot::Receiver<Result<String, String>> {
        let tx = self.requests.get_or_insert_with(|| {
            let (tx, rx) = std::sync::mpsc::channel::<oneshot::Sender<Result<String, String>>>();
            std::thread::spawn(move || {
                let stdin = std::io::stdin();
                for reply in rx {
                    let mut line = String::new();
                    // Go's ReadString('\n'): a last line without its ending is an EOF.
                    let r = match stdin.lock().read_line(&mut line) {
                        Ok(_) if line.ends_with('\n') => Ok(line.trim_end().to_string()),
                        Ok(_) => Err("EOF".to_string()),
                        Err(e) => Err(e.to_string()),
                    };
                    let _ = reply.send(r);
                }
            });
            tx
        });
        let (reply, answer) = oneshot::channel();
        let _ = tx.send(reply);
        answer
    }
}

/// SIGINT, caught from the moment the restart starts (before that it ends the process).
pub struct Interrupts {
    sig: Option<Signal>,
}

impl Interrupts {
    pub fn new() -> Self {
        Interrupts {
            sig: signal(SignalKind::interrupt()).ok(),
        }
    }

    /// The next Ctrl-C (never, when it could not be caught).
    pub async fn next(&mut self) {
        match self.sig.as_mut() {
            Some(s) => {
                s.recv().await;
            }
            None => std::future::pending().await,
        }
    }
}

/// A question's answer read by `judge`: `Ok(answer)`, or an error to print (indented) before
/// asking again.
pub type Judge<'j> = &'j mut dyn FnMut(&str) -> Result<bool, String>;

/// Nomad's `askQuestion`: `==> <time>: <question>` (bold), an answer judged by `judge`;
/// no answer at all (EOF, Ctrl-C) gives `on_error`.
pub async fn ask(
    out: &Out<'_>,
    stdin: &mut Stdin,
    ints: &mut Interrupts,
    question: &str,
    on_error: bool,
    judge: Judge<'_>,
) -> bool {
    let q = format!(
        "[bold]==> {}: {}[reset]",
        out.now(),
        indent(question, PREFIX_LEN)
    );
    loop {
        let colored = out.ui.borrow().colorize(&q);
        out.raw(&format!("{colored} "));
        let answer = tokio::select! {
            a = stdin.read_line() => a.unwrap_or_else(|_| Err("EOF".into())),
            _ = ints.next() => {
                out.raw("\n");
                return on_error;
            }
        };
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                out.line(&e);
                return on_error;
            }
        };
        match judge(answer.trim()) {
            Ok(v) => return v,
            Err(e) => out.line(&format!("{}{e}", " ".repeat(PREFIX_LEN))),
        }
    }
}

/// `Invalid answer "<a>"`.
pub fn invalid(answer: &str) -> String {
    format!("Invalid answer {}", quote(answer))
}

/// Nomad's question on Ctrl-C; `true` means stop.
pub async fn should_exit(out: &Out<'_>, stdin: &mut Stdin, ints: &mut Interrupts) -> bool {
    let q = "Restart interrupted, no more allocations will be restarted.\n\
Are you sure you want to stop the restart process? [y/N]";
    ask(
        out,
        stdin,
        ints,
        q,
        true,
        &mut |a| match a.to_lowercase().as_str() {
            "n" | "no" | "" => Ok(false),
            "y" | "yes" => Ok(true),
            _ => Err(invalid(a)),
        },
    )
    .await
}

/// The multi-region question; `true` means go on in this region.
pub async fn restart_multiregion(
    out: &Out<'_>,
    stdin: &mut Stdin,
    ints: &mut Interrupts,
    job: &str,
) -> bool {
    let q = format!(
        "Are you sure you want to restart multi-region job {} in a single region? [y/N]",
        quote(job)
    );
    ask(
        out,
        stdin,
        ints,
        &q,
        false,
        &mut |a| match a.to_lowercase().as_str() {
            "" | "n" | "no" => Ok(false),
            "y" | "yes" => Ok(true),
            _ => Err(invalid(a)),
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indent_pads_every_line_but_the_first() {
        assert_eq!(indent("a\nb\nc", 2), "a\n  b\n  c");
        assert_eq!(indent("a", 5), "a");
    }
}
