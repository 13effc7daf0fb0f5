//! The one writer for stdout and stderr, with Nomad's `Ui` semantics: every message gets one
//! `\n`; on a colour terminal Output is wrapped in `ESC[0m…ESC[0m`, errors in bright red,
//! warnings in bright yellow, info in bright green. It writes to the process's stdout and
//! stderr, or to any `Write` (`Ui::with_writers`: tests capture a command's output in-process).
//!
//! A renderer returns a `Printout` (the messages in order); `Ui::print` writes it.
//!
//! A closed stdout ends the process quietly: `main` restores the default SIGPIPE action, as
//! Go programs die of it.

use std::io::{self, BufWriter, IsTerminal, Write};

use super::color::{colorize, ColorMode};

/// Where a `Ui` writes: any writer that may move between threads.
pub type Sink = Box<dyn Write + Send>;

pub struct Ui {
    color: ColorMode,
    out: BufWriter<Sink>,
    err: Sink,
    err_tty: bool,
    /// Prefixes added to Output/Info and Error/Warn messages (Nomad's PrefixedUi).
    out_prefix: &'static str,
    err_prefix: &'static str,
    /// While set, stdout writes go here instead (`watch` renders a view to text).
    capture: Option<Vec<u8>>,
}

pub fn stdout_is_tty() -> bool {
    io::stdout().is_terminal()
}

impl Ui {
    /// A Ui on the process's stdout and stderr.
    pub fn new(color: ColorMode) -> Ui {
        let err_tty = io::stderr().is_terminal();
        Ui::with_writers(
            color,
            Box::new(io::stdout()),
            Box::new(io::stderr()),
            err_tty,
        )
    }

    /// A Ui on any writers; `err_tty` says whether `err` counts as a terminal.
    pub fn with_writers(color: ColorMode, out: Sink, err: Sink, err_tty: bool) -> Ui {
        Ui {
            color,
            out: BufWriter::with_capacity(64 * 1024, out),
            err,
            err_tty,
            out_prefix: "",
            err_prefix: "",
            capture: None,
        }
    }

    pub fn color(&self) -> ColorMode {
        self.color
    }

    /// Sets the prefixes of a prefixing Ui (`monitor`, the eval monitor).
    pub fn set_prefixes(&mut self, out: &'static str, err: &'static str) {
        self.out_prefix = out;
        self.err_prefix = err;
    }

    /// Applies `[bold]`-style markup as the coloured or plain UI would.
    pub fn colorize(&self, s: &str) -> String {
        colorize(s, self.color.markup)
    }

    fn emit_out(&mut self, sgr: &str, msg: &str) {
        let prefix = if msg.is_empty() { "" } else { self.out_prefix };
        let w: &mut dyn Write = match self.capture.as_mut() {
            Some(c) => c,
            None => &mut self.out,
        };
        let _ = if self.color.wrap {
            writeln!(w, "\x1b[{sgr}m{prefix}{msg}\x1b[0m")
        } else {
            writeln!(w, "{prefix}{msg}")
        };
    }

    fn emit_err(&mut self, sgr: &str, msg: &str) {
        // Keep the order of stdout and stderr lines as the user sees them on a terminal.
        let _ = self.out.flush();
        let prefix = if msg.is_empty() { "" } else { self.err_prefix };
        let w = &mut self.err;
        let _ = if self.color.wrap {
            writeln!(w, "\x1b[{sgr}m{prefix}{msg}\x1b[0m")
        } else {
            writeln!(w, "{prefix}{msg}")
        };
    }

    /// `Ui.Output`: stdout.
    pub fn output(&mut self, msg: &str) {
        self.emit_out("0", msg);
    }

    /// `output` of one message written in parts as they are made (a list too large to hold):
    /// `output_start`, any number of `output_part`, then `output_end` give the same bytes as
    /// `output` of the whole message.
    pub fn output_start(&mut self) {
        let start = if self.color.wrap { "\x1b[0m" } else { "" };
        let s = format!("{start}{}", self.out_prefix);
        self.raw_out(&s);
    }

    pub fn output_part(&mut self, part: &str) {
        self.raw_out(part);
    }

    pub fn output_end(&mut self) {
        self.raw_out(if self.color.wrap { "\x1b[0m\n" } else { "\n" });
    }

    /// `Ui.Info`: stdout, green on a colour terminal.
    pub fn info(&mut self, msg: &str) {
        self.emit_out("92", msg);
    }

    /// `Ui.Info` of the eval monitor's Ui, whose info colour is none: never coloured.
    pub fn info_plain(&mut self, msg: &str) {
        let prefix = if msg.is_empty() { "" } else { self.out_prefix };
        let w: &mut dyn Write = match self.capture.as_mut() {
            Some(c) => c,
            None => &mut self.out,
        };
        let _ = writeln!(w, "{prefix}{msg}");
    }

    /// `Ui.Error`: stderr, red on a colour terminal.
    pub fn error(&mut self, msg: &str) {
        self.emit_err("91", msg);
    }

    /// `Ui.Warn`: stderr, yellow on a colour terminal.
    pub fn warn(&mut self, msg: &str) {
        self.emit_err("93", msg);
    }

    /// Raw bytes to stdout, outside the Ui (help text, `-v`).
    pub fn raw_out(&mut self, s: &str) {
        match self.capture.as_mut() {
            Some(c) => c.extend_from_slice(s.as_bytes()),
            None => {
                let _ = self.out.write_all(s.as_bytes());
            }
        }
    }

    /// Starts collecting stdout output instead of writing it.
    pub fn start_capture(&mut self) {
        self.capture = Some(Vec::new());
    }

    /// Stops collecting and returns what was collected.
    pub fn take_capture(&mut self) -> String {
        let b = self.capture.take().unwrap_or_default();
        String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Raw bytes to stdout, outside the Ui (`event stream -json`/`-raw`).
    pub fn raw_bytes(&mut self, b: &[u8]) {
        let _ = self.out.write_all(b);
    }

    /// Raw text to stderr, flushed (a progress line rewritten in place with `\r`).
    pub fn raw_err(&mut self, s: &str) {
        let _ = self.err.write_all(s.as_bytes());
        let _ = self.err.flush();
    }

    /// Whether stderr is a terminal (progress notes that only people need).
    pub fn stderr_is_tty(&self) -> bool {
        self.err_tty
    }

    /// Writes a renderer's messages in order.
    pub fn print(&mut self, p: &Printout) {
        for m in &p.messages {
            match m {
                Message::Output(s) => self.output(s),
                Message::Error(s) => self.error(s),
                Message::Warn(s) => self.warn(s),
            }
        }
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
        let _ = self.err.flush();
    }
}

/// One `Ui` call of Nomad's: which stream (and colour) and the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Output(String),
    Error(String),
    Warn(String),
}

/// What a command's renderer hands back: Nomad's `Ui` messages in the order Nomad makes them.
/// Message boundaries matter (each is one line ending, and on a colour terminal one colour
/// wrapper), and so does the order of stdout and stderr messages on a terminal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Printout {
    pub messages: Vec<Message>,
}

impl Printout {
    pub fn output(&mut self, s: impl Into<String>) {
        self.messages.push(Message::Output(s.into()));
    }

    pub fn error(&mut self, s: impl Into<String>) {
        self.messages.push(Message::Error(s.into()));
    }

    pub fn warn(&mut self, s: impl Into<String>) {
        self.messages.push(Message::Warn(s.into()));
    }

    /// The stdout text a plain (uncoloured) Ui prints for these messages.
    pub fn stdout(&self) -> String {
        self.text(|m| match m {
            Message::Output(s) => Some(s),
            _ => None,
        })
    }

    /// The stderr text a plain Ui prints for these messages.
    pub fn stderr(&self) -> String {
        self.text(|m| match m {
            Message::Error(s) | Message::Warn(s) => Some(s),
            Message::Output(_) => None,
        })
    }

    fn text(&self, pick: impl Fn(&Message) -> Option<&String>) -> String {
        let mut out = String::new();
        for s in self.messages.iter().filter_map(pick) {
            out.push_str(s);
            out.push('\n');
        }
        out
    }
}

impl Drop for Ui {
    fn drop(&mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A writer whose bytes the test keeps.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| io::ErrorKind::Other)?
                .extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn a_ui_writes_a_printout_to_any_writer() {
        let (out, err) = (Shared::default(), Shared::default());
        let mut p = Printout::default();
        p.output("a\nb");
        p.error("bad");
        p.output("");
        p.warn("hint");
        let mut ui = Ui::with_writers(
            ColorMode::default(),
            Box::new(out.clone()),
            Box::new(err.clone()),
            false,
        );
        ui.print(&p);
        ui.flush();
        assert_eq!(out.text(), "a\nb\n\n");
        assert_eq!(out.text(), p.stdout());
        assert_eq!(err.text(), "bad\nhint\n");
        assert_eq!(err.text(), p.stderr());
    }

    #[test]
    fn a_colour_terminal_wraps_each_message() {
        let out = Shared::default();
        let color = ColorMode {
            markup: true,
            wrap: true,
        };
        let mut ui = Ui::with_writers(color, Box::new(out.clone()), Box::new(io::sink()), true);
        let mut p = Printout::default();
        p.output("x");
        p.output("y");
        ui.print(&p);
        ui.flush();
        assert_eq!(out.text(), "\x1b[0mx\x1b[0m\n\x1b[0my\x1b[0m\n");
    }
}
