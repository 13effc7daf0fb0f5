//! The one writer for stdout and stderr, with Nomad's `Ui` semantics: every message gets one
//! `\n`; on a colour terminal Output is wrapped in `ESC[0m…ESC[0m`, errors in bright red,
//! warnings in bright yellow, info in bright green.
//!
//! A closed stdout ends the process quietly: `main` restores the default SIGPIPE action, as
//! Go programs die of it.

use std::io::{self, BufWriter, IsTerminal, Write};

use super::color::{colorize, ColorMode};

pub struct Ui {
    color: ColorMode,
    out: BufWriter<io::Stdout>,
    err: io::Stderr,
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
    pub fn new(color: ColorMode) -> Ui {
        Ui {
            color,
            out: BufWriter::with_capacity(64 * 1024, io::stdout()),
            err: io::stderr(),
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
        let mut w = self.err.lock();
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

    /// Whether stderr is a terminal (progress notes that only people need).
    pub fn stderr_is_tty(&self) -> bool {
        self.err.is_terminal()
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }
}

impl Drop for Ui {
    fn drop(&mut self) {
        self.flush();
    }
}
