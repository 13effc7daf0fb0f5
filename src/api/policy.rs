//! How long rnomad waits for a server, and when it asks again: the one place for both.
//!
//! Nomad's CLI waits forever for an answer once connected (Go's default transport: 30 s to
//! connect, 10 s for a TLS handshake, then no limit), and retries no request: any failure
//! ends the command with the api client's error text.
//!
//! **Timeouts.** rnomad keeps Nomad's 30 s connect limit and adds one limit of its own,
//! `RNOMAD_HTTP_TIMEOUT` (a Go duration such as `90s` or `2m`, or whole seconds; `0` turns
//! it off; default 60 s; an unparsable value is ignored). It bounds:
//! - a plain request: the time to its response headers, then any silence while its body
//!   arrives (a slow body is fine as long as bytes keep coming);
//! - a blocking query (`index`, `wait`): the wait asked for, plus the server's jitter (up
//!   to a sixteenth of it), plus the limit — never less than the query itself may take
//!   (likewise a profile's `seconds`);
//! - a stream (logs, files, events, agent monitor): the time to its headers, then silence:
//!   Nomad's streams send a heartbeat at least every 10 s (log and file frames every
//!   second, `{}` on the event stream every 10 s), so a stream silent for the whole limit
//!   is dead. Keep the limit above 10 s if you follow event streams.
//!
//! The connect limit (TCP connect and, for https, the TLS handshake) is the smaller of 30 s
//! and half the limit, and reads as Go's `dial tcp <addr>: i/o timeout`. A request that runs out
//! of time later fails with one line, `Get "<url>": no response within 1m0s (…)`, and exit
//! code 1, as any other transport error does.
//!
//! **Retries.** Commands that reproduce Nomad's (every one-shot view and action, the
//! evaluation monitor, the deployment watcher, node drain monitoring) never retry: their
//! output and exit code on a 500, a 429 or a broken connection are Nomad's. rnomad's own
//! followers ask again after a [`transient`] failure, waiting a [`Backoff`] (200 ms doubling
//! to 5 s, reset once data flows again), and resume where they stopped so nothing is lost
//! or repeated: `-watch` views (blocking queries), `event stream` (from the index after the
//! last one shown), `alloc logs` and `alloc fs -f` (from the byte offset reached).

use std::future::Future;
use std::time::Duration;

use bytes::{Bytes, BytesMut};

use super::{Error, QueryOptions};

/// The variable holding the limit.
pub const ENV: &str = "RNOMAD_HTTP_TIMEOUT";
/// The limit when the variable is not set.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(60);
/// Go's default dialer timeout, which Nomad's client uses.
pub const CONNECT: Duration = Duration::from_secs(30);
/// The wait a blocking query gets from the server when it names none (Nomad's default).
const SERVER_DEFAULT_WAIT: Duration = Duration::from_secs(300);

/// The configured limit (`None`: off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    pub limit: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            limit: Some(DEFAULT_LIMIT),
        }
    }
}

impl Timeouts {
    /// From the variable's value (unset or unparsable: the default).
    pub fn from_value(v: Option<&str>) -> Timeouts {
        let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
            return Timeouts::default();
        };
        let ns = match v.parse::<u64>() {
            Ok(secs) => secs.checked_mul(1_000_000_000).map(|n| n as i64),
            Err(_) => crate::gocompat::time::parse_duration(v),
        };
        match ns {
            Some(0) => Timeouts { limit: None },
            Some(n) if n > 0 => Timeouts {
                limit: Some(Duration::from_nanos(n as u64)),
            },
            _ => Timeouts::default(),
        }
    }

    /// The TCP connect limit. Half the limit at most, so a connection that never completes
    /// (a silent TLS peer) is always reported as such, never raced by the request's limit.
    pub fn connect(&self) -> Duration {
        self.limit.map_or(CONNECT, |l| (l / 2).min(CONNECT))
    }

    /// How long a request may take to its response headers: the limit, plus the wait and
    /// the server's jitter for a blocking query, plus the `seconds` a profile takes
    /// (`/v1/agent/pprof`).
    pub fn headers(&self, q: &QueryOptions) -> Option<Duration> {
        let limit = self.limit?;
        let wait = match (q.index, q.wait) {
            (_, Some(w)) => w,
            (0, None) => Duration::ZERO,
            (_, None) => SERVER_DEFAULT_WAIT,
        };
        let seconds = q
            .params
            .iter()
            .rev()
            .find(|(k, _)| k == "seconds")
            .and_then(|(_, v)| v.parse::<u64>().ok())
            .map_or(Duration::ZERO, Duration::from_secs);
        Some(wait + wait / 16 + seconds + limit)
    }

    /// How long a body or stream may stay silent.
    pub fn silence(&self) -> Option<Duration> {
        self.limit
    }
}

/// `f`, or `None` once `limit` has passed.
pub async fn within<F: Future>(limit: Option<Duration>, f: F) -> Option<F::Output> {
    match limit {
        Some(l) => tokio::time::timeout(l, f).await.ok(),
        None => Some(f.await),
    }
}

/// The cause text for a request that got no response in time.
pub fn no_response(limit: Option<Duration>) -> String {
    format!(
        "no response within {} (set {ENV} to wait longer)",
        go(limit.unwrap_or_default())
    )
}

/// The cause text for a body or stream that went silent.
pub fn silent(limit: Option<Duration>) -> String {
    format!(
        "no data from the server for {} (set {ENV} to wait longer)",
        go(limit.unwrap_or_default())
    )
}

fn go(d: Duration) -> String {
    crate::gocompat::time::go_duration(d.as_nanos().min(i64::MAX as u128) as i64)
}

/// Why a body could not be read whole.
pub enum BodyError {
    /// No bytes for the whole silence limit.
    Silent,
    /// The connection broke before the body was complete.
    Broken(reqwest::Error),
}

/// Reads a whole body, failing when it stays silent longer than `silence`.
pub async fn read_body(
    mut resp: reqwest::Response,
    silence: Option<Duration>,
) -> Result<Bytes, BodyError> {
    let hint = resp.content_length().unwrap_or(0).min(64 << 20) as usize;
    let mut buf: Option<BytesMut> = None;
    let mut first: Option<Bytes> = None;
    loop {
        let chunk = within(silence, resp.chunk())
            .await
            .ok_or(BodyError::Silent)?
            .map_err(BodyError::Broken)?;
        let Some(chunk) = chunk else {
            return Ok(match (buf, first) {
                (Some(b), _) => b.freeze(),
                (None, Some(f)) => f,
                (None, None) => Bytes::new(),
            });
        };
        // A body that arrives in one piece is passed on without a copy.
        match (&mut buf, first.take()) {
            (Some(b), _) => b.extend_from_slice(&chunk),
            (None, None) => first = Some(chunk),
            (None, Some(f)) => {
                let mut b = BytesMut::with_capacity(hint.max(f.len() + chunk.len()));
                b.extend_from_slice(&f);
                b.extend_from_slice(&chunk);
                buf = Some(b);
            }
        }
    }
}

/// The next chunk of a streamed body: `None` at its end, an error text when the connection
/// broke or the server stayed silent longer than `silence`.
pub async fn next_chunk<S>(body: &mut S, silence: Option<Duration>) -> Option<Result<Bytes, String>>
where
    S: futures_util::Stream<Item = reqwest::Result<Bytes>> + Unpin,
{
    use futures_util::StreamExt;
    match within(silence, body.next()).await {
        None => Some(Err(silent(silence))),
        Some(None) => None,
        Some(Some(Ok(b))) => Some(Ok(b)),
        Some(Some(Err(e))) => Some(Err(broken_text(&e))),
    }
}

/// A one-line text for a stream that broke off.
pub fn broken_text(e: &reqwest::Error) -> String {
    let mut src: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = src {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionReset {
                return "read: connection reset by peer".into();
            }
        }
        src = s.source();
    }
    "unexpected EOF".into()
}

/// A failure worth asking again about in a follower: no answer (refused, reset, timed out),
/// a body cut short, or an answer that says "later" — 429, or a 5xx such as `No cluster
/// leader` during an election. Other answers (403, 404, 400) and bad bodies are final.
pub fn transient(e: &Error) -> bool {
    match e {
        Error::Transport { .. } => true,
        Error::Status { code, .. } => matches!(code, 429 | 500 | 502 | 503 | 504),
        Error::Decode(m) => m == "unexpected EOF",
    }
}

/// The pause between attempts: 200 ms, doubling to 5 s.
#[derive(Clone, Debug)]
pub struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { next: Self::FIRST }
    }
}

impl Backoff {
    pub const FIRST: Duration = Duration::from_millis(200);
    pub const MAX: Duration = Duration::from_secs(5);

    /// The pause to wait now; the next one is twice as long.
    pub fn step(&mut self) -> Duration {
        let d = self.next;
        self.next = (self.next * 2).min(Self::MAX);
        d
    }

    /// Sleeps for the next pause.
    pub async fn wait(&mut self) {
        tokio::time::sleep(self.step()).await;
    }

    /// Back to the first pause (after a success).
    pub fn reset(&mut self) {
        self.next = Self::FIRST;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_from_the_variable() {
        assert_eq!(Timeouts::from_value(None), Timeouts::default());
        assert_eq!(Timeouts::from_value(Some("0")).limit, None);
        assert_eq!(
            Timeouts::from_value(Some("90")).limit,
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            Timeouts::from_value(Some("1m30s")).limit,
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            Timeouts::from_value(Some("250ms")).limit,
            Some(Duration::from_millis(250))
        );
        assert_eq!(Timeouts::from_value(Some("soon")), Timeouts::default());
        assert_eq!(Timeouts::from_value(Some("-5s")), Timeouts::default());
    }

    #[test]
    fn blocking_queries_get_their_wait_and_jitter() {
        let t = Timeouts::default();
        let q = |index, wait| QueryOptions {
            index,
            wait,
            ..QueryOptions::new()
        };
        assert_eq!(t.headers(&q(0, None)), Some(Duration::from_secs(60)));
        assert_eq!(
            t.headers(&q(5, Some(Duration::from_secs(160)))),
            Some(Duration::from_secs(160 + 10 + 60))
        );
        assert_eq!(
            t.headers(&q(5, None)),
            Some(Duration::from_secs(300) + Duration::from_millis(18_750) + DEFAULT_LIMIT)
        );
        // A profile takes its seconds before it answers.
        assert_eq!(
            t.headers(&QueryOptions::new().param("seconds", "30")),
            Some(Duration::from_secs(90))
        );
        assert_eq!(t.connect(), CONNECT);
        let short = Timeouts::from_value(Some("2s"));
        // Half the limit, so a connect that never ends is reported before the limit runs out.
        assert_eq!(short.connect(), Duration::from_secs(1));
        assert_eq!(Timeouts { limit: None }.headers(&q(5, None)), None);
    }

    #[test]
    fn backoff_doubles_to_a_ceiling_and_resets() {
        let mut b = Backoff::default();
        let steps: Vec<u64> = (0..7).map(|_| b.step().as_millis() as u64).collect();
        assert_eq!(steps, [200, 400, 800, 1600, 3200, 5000, 5000]);
        b.reset();
        assert_eq!(b.step(), Backoff::FIRST);
    }

    #[test]
    fn which_failures_are_transient() {
        let status = |code| Error::Status {
            code,
            body: String::new(),
        };
        assert!(transient(&status(500)));
        assert!(transient(&status(429)));
        assert!(transient(&status(503)));
        assert!(!transient(&status(403)));
        assert!(!transient(&status(404)));
        assert!(transient(&Error::Transport {
            method: "GET",
            url: String::new(),
            cause: "EOF".into()
        }));
        assert!(!transient(&Error::Decode("x".into())));
        assert!(transient(&Error::Decode("unexpected EOF".into())));
    }

    #[test]
    fn texts() {
        assert_eq!(
            no_response(Some(Duration::from_secs(60))),
            "no response within 1m0s (set RNOMAD_HTTP_TIMEOUT to wait longer)"
        );
        assert_eq!(
            silent(Some(Duration::from_millis(1500))),
            "no data from the server for 1.5s (set RNOMAD_HTTP_TIMEOUT to wait longer)"
        );
    }
}
