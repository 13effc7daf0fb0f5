//! Injected faults: a rule matches requests by path prefix and makes them fail, slow down,
//! break off mid-body or hang, for a number of times or until cleared.

use serde::Deserialize;
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Fault {
    /// Requests whose path starts with this are affected ("" = all, except /v1/sim/).
    #[serde(default)]
    pub path_prefix: String,
    /// Answer with this status instead of the real response.
    #[serde(default)]
    pub status: Option<u16>,
    /// Body for `status` (text/plain).
    #[serde(default)]
    pub body: Option<String>,
    /// How many requests it affects; None = until cleared.
    #[serde(default)]
    pub times: Option<u64>,
    /// Extra delay before answering.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// Send the real headers and this many body bytes, then close the connection.
    #[serde(default)]
    pub reset_after_bytes: Option<usize>,
    /// Never answer.
    #[serde(default)]
    pub hang: bool,
    /// Event stream: deliver this many events, then send half of the next frame and reset.
    #[serde(default)]
    pub drop_after_events: Option<usize>,
}

/// The fault rules in force; cloned handles share them.
#[derive(Clone, Default)]
pub struct Faults {
    rules: Arc<Mutex<Vec<Fault>>>,
}

impl Faults {
    pub fn add(&self, fault: Fault) {
        if let Ok(mut r) = self.rules.lock() {
            r.push(fault);
        }
    }

    pub fn clear(&self) {
        if let Ok(mut r) = self.rules.lock() {
            r.clear();
        }
    }

    /// Makes requests under `path_prefix` answer `status` with `body`, `times` times.
    pub fn fail(&self, path_prefix: &str, status: u16, body: &str, times: Option<u64>) {
        self.add(Fault {
            path_prefix: path_prefix.into(),
            status: Some(status),
            body: Some(body.into()),
            times,
            ..Default::default()
        });
    }

    /// Delays requests under `path_prefix`.
    pub fn latency(&self, path_prefix: &str, ms: u64) {
        self.add(Fault {
            path_prefix: path_prefix.into(),
            latency_ms: Some(ms),
            ..Default::default()
        });
    }

    /// Closes the connection after `bytes` bytes of the body.
    pub fn reset_after(&self, path_prefix: &str, bytes: usize, times: Option<u64>) {
        self.add(Fault {
            path_prefix: path_prefix.into(),
            reset_after_bytes: Some(bytes),
            times,
            ..Default::default()
        });
    }

    /// Breaks the event stream off after `events` events (mid-frame), `times` times.
    pub fn drop_stream_after(&self, events: usize, times: Option<u64>) {
        self.add(Fault {
            path_prefix: "/v1/event/stream".into(),
            drop_after_events: Some(events),
            times,
            ..Default::default()
        });
    }

    /// Requests under `path_prefix` never get an answer.
    pub fn hang(&self, path_prefix: &str) {
        self.add(Fault {
            path_prefix: path_prefix.into(),
            hang: true,
            ..Default::default()
        });
    }

    /// The first rule matching `path`, used up by one count.
    pub fn take(&self, path: &str) -> Option<Fault> {
        if path.starts_with("/v1/sim/") {
            return None;
        }
        let mut rules = self.rules.lock().ok()?;
        let pos = rules
            .iter()
            .position(|f| path.starts_with(&f.path_prefix))?;
        let fault = rules[pos].clone();
        if let Some(n) = rules[pos].times.as_mut() {
            *n = n.saturating_sub(1);
            if *n == 0 {
                rules.remove(pos);
            }
        }
        Some(fault)
    }
}
