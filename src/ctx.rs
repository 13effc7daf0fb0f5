//! What every command gets: the environment snapshot, the writer, the clock, argv.

use crate::api::{Client, ClientFlags, Config};
use crate::env::Env;
use crate::gocompat::strconv::parse_bool;
use crate::output::term::Ui;

pub struct Ctx {
    pub env: Env,
    pub ui: Ui,
    /// "Now" in Unix nanoseconds when the command started: the real clock, or
    /// `RNOMAD_TEST_NOW` (Unix seconds) in tests.
    pub now_ns: i64,
    /// Whether `RNOMAD_TEST_NOW` froze the clock (see [`Ctx::now`]).
    frozen: bool,
    /// The process arguments as typed (Nomad's pagination hint repeats them).
    pub os_args: Vec<String>,
}

impl Ctx {
    pub fn new(env: Env, ui: Ui, os_args: Vec<String>) -> Ctx {
        // The one place the test clock is read.
        let test_now = env
            .value("RNOMAD_TEST_NOW")
            .and_then(|s| s.parse::<i64>().ok())
            .map(|s| s * 1_000_000_000);
        Ctx {
            env,
            ui,
            now_ns: test_now.unwrap_or_else(crate::output::time::now_nanos),
            frozen: test_now.is_some(),
            os_args,
        }
    }

    /// "Now" as the time goes on (monitors stamp their lines with it): the real clock, or
    /// the frozen test time.
    pub fn now(&self) -> i64 {
        if self.frozen {
            self.now_ns
        } else {
            crate::output::time::now_nanos()
        }
    }

    /// Whether the clock is the frozen test time.
    pub fn clock_frozen(&self) -> bool {
        self.frozen
    }

    /// The API client for these flags (a command passes its `&GlobalArgs`), or Nomad's
    /// `Error initializing client` text.
    pub fn client(&self, flags: impl Into<ClientFlags>) -> Result<Client, String> {
        let flags = flags.into();
        // A context's token that cannot be read stops the command here, with the reason,
        // rather than as a permission error from the server.
        if flags.token.is_empty() {
            if let Some(e) = self.env.deferred_error("NOMAD_TOKEN") {
                return Err(e.to_string());
            }
        }
        Client::new(Config::resolve(&flags, &self.env))
    }

    /// The client for these flags, or, when it cannot be made, Nomad's "Error initializing
    /// client" line printed and `None` (the caller exits with its command's code).
    pub fn connect(&mut self, flags: impl Into<ClientFlags>) -> Option<Client> {
        match self.client(flags) {
            Ok(c) => Some(c),
            Err(e) => {
                self.ui.error(&format!("Error initializing client: {e}"));
                None
            }
        }
    }

    /// Nomad warns about an unparsable `NOMAD_CLI_SHOW_HINTS` when any command starts.
    pub fn warn_bad_hint_setting(&mut self) {
        if let Some(v) = self.env.value("NOMAD_CLI_SHOW_HINTS") {
            if parse_bool(v).is_none() {
                let q = crate::gocompat::strconv::quote(v);
                self.ui.warn(&format!(
                    "Invalid value {q} for NOMAD_CLI_SHOW_HINTS: strconv.ParseBool: parsing {q}: invalid syntax"
                ));
            }
        }
    }

    /// `NOMAD_CLI_SHOW_HINTS` as a bool, when it parses.
    pub fn hints_setting(&self) -> Option<bool> {
        self.env.value("NOMAD_CLI_SHOW_HINTS").and_then(parse_bool)
    }
}

/// Runs `work` to completion on a current-thread runtime, then leaves without waiting for the
/// runtime's blocking threads: a host-name lookup (`getaddrinfo`) against a resolver that does
/// not answer holds its thread for the resolver's whole timeout, and the answer is no longer
/// wanted once the command is done (completion's time limit, a command that timed out).
pub fn block_on<F: std::future::Future>(work: F) -> std::io::Result<F::Output> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let out = rt.block_on(work);
    rt.shutdown_background();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    #[test]
    fn block_on_does_not_wait_for_blocking_threads() {
        let started = Instant::now();
        let out = super::block_on(async {
            // A lookup stuck in the resolver, abandoned by a timeout.
            let stuck = tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_secs(5)));
            tokio::time::timeout(Duration::from_millis(50), stuck)
                .await
                .is_err()
        })
        .unwrap();
        assert!(out, "the blocking task should still be running");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
}
