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
    /// A slow body: send the headers and this many body bytes, then pause `stall_ms`
    /// before the rest (any response, streams included).
    #[serde(default)]
    pub stall_after_bytes: Option<usize>,
    /// How long the body pauses; None = forever (a body that goes silent).
    #[serde(default)]
    pub stall_ms: Option<u64>,
    /// Sets `X-Nomad-KnownLeader` on the answer (`false`: a leader election under way).
    #[serde(default)]
    pub known_leader: Option<bool>,
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

    /// Pauses the body after `after` bytes for `ms` (None = forever), `times` times.
    pub fn stall(&self, path_prefix: &str, after: usize, ms: Option<u64>, times: Option<u64>) {
        self.add(Fault {
            path_prefix: path_prefix.into(),
            stall_after_bytes: Some(after),
            stall_ms: ms,
            times,
            ..Default::default()
        });
    }

    /// Answers under `path_prefix` say no leader is known (`X-Nomad-KnownLeader: false`).
    pub fn no_known_leader(&self, path_prefix: &str) {
        self.add(Fault {
            path_prefix: path_prefix.into(),
            known_leader: Some(false),
            ..Default::default()
        });
    }

    /// How many rules are still in force.
    pub fn pending(&self) -> usize {
        self.rules.lock().map(|r| r.len()).unwrap_or(0)
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

/// A body that sends its first `after` bytes, then pauses for `ms` (None = forever) before
/// the rest: the client sees a response whose body stalls mid-way.
pub(crate) fn stall_body(
    body: crate::http::Body,
    after: usize,
    ms: Option<u64>,
) -> crate::http::Body {
    use futures_util::StreamExt;
    use http_body_util::{BodyExt, BodyStream, StreamBody};
    use hyper::body::Frame;
    struct St {
        inner: BodyStream<crate::http::Body>,
        sent: usize,
        after: usize,
        ms: Option<u64>,
        stalled: bool,
        held: Option<bytes::Bytes>,
    }
    let st = St {
        inner: BodyStream::new(body),
        sent: 0,
        after,
        ms,
        stalled: false,
        held: None,
    };
    let s = futures_util::stream::unfold(st, |mut st| async move {
        if let Some(rest) = st.held.take() {
            if !st.stalled {
                st.stalled = true;
                match st.ms {
                    Some(ms) => tokio::time::sleep(std::time::Duration::from_millis(ms)).await,
                    None => std::future::pending::<()>().await,
                }
            }
            return Some((Ok(Frame::data(rest)), st));
        }
        let frame = match st.inner.next().await? {
            Ok(f) => f,
            Err(e) => return Some((Err(e), st)),
        };
        let Ok(data) = frame.into_data() else {
            return Some((Ok(Frame::data(bytes::Bytes::new())), st));
        };
        if st.stalled || st.sent + data.len() <= st.after {
            st.sent += data.len();
            return Some((Ok(Frame::data(data)), st));
        }
        // Split the frame at the stall point: the head now, the rest after the pause.
        let cut = st.after.saturating_sub(st.sent);
        st.sent += data.len();
        st.held = Some(data.slice(cut..));
        Some((Ok(Frame::data(data.slice(..cut))), st))
    });
    BodyExt::boxed(StreamBody::new(s))
}
