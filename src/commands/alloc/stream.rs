//! Following an allocation's framed file stream (Nomad's `StreamFrame`s), shared by `alloc logs`
//! and `alloc fs -f`/`-tail`: frames are decoded as bytes arrive and written straight out,
//! `-tail -n` cuts the first output to its last lines, a stream that breaks off is reopened
//! from the last offset, and a followed stream ends once the allocation is terminal.

use std::io::Write;
use std::time::Duration;

use tokio::sync::watch;

use super::is_terminal;
use crate::api::allocs::AllocInfo;
use crate::api::stream::FrameDecoder;
use crate::api::{Client, Error, QueryOptions};

/// Bytes per line Nomad assumes when turning `-n` into an offset.
pub(crate) const BYTES_PER_LINE: i64 = 120;
/// How often a broken stream is reopened in a row (no data between) before giving up.
const MAX_RESUMES: u32 = 5;

/// Watches the allocation with blocking queries; the value turns true once it is terminal.
pub(crate) fn watch_terminal(client: &Client, alloc: &AllocInfo) -> watch::Receiver<bool> {
    let (tx, rx) = watch::channel(is_terminal(&alloc.client_status));
    let client = client.clone();
    let id = alloc.id.clone();
    let q = QueryOptions::new().namespace(&alloc.namespace);
    tokio::spawn(async move {
        let mut index = 0;
        loop {
            if *tx.borrow() {
                return;
            }
            match client
                .block_allocation::<AllocInfo>(&id, &q, index, Duration::from_secs(300))
                .await
            {
                Ok((a, meta)) => {
                    if is_terminal(&a.client_status) {
                        let _ = tx.send(true);
                        return;
                    }
                    index = meta.last_index.max(1);
                }
                Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
            }
        }
    });
    rx
}

/// A function that takes a stream's bytes.
pub(crate) type SinkFn = std::sync::Arc<dyn Fn(&[u8]) + Send + Sync>;

/// Where a stream's bytes go: straight to stdout or stderr (`alloc logs`, `alloc fs`), or to
/// a function that takes them (`job logs` puts them into lines with their source).
#[derive(Clone)]
pub(crate) enum Target {
    Stdout,
    Stderr,
    /// Bytes for stdout, through the function.
    Sink(SinkFn),
}

impl Target {
    /// While following, nothing may be written for a long time: a reader that went away
    /// (`… | head -3`) ends the command at the next heartbeat, as a write would.
    fn check_closed(&self) {
        #[cfg(unix)]
        {
            let fd = match self {
                Target::Stdout | Target::Sink(_) => 1,
                Target::Stderr => 2,
            };
            let mut p = libc::pollfd {
                fd,
                events: 0,
                revents: 0,
            };
            // SAFETY: one valid pollfd, zero timeout.
            let n = unsafe { libc::poll(&mut p, 1, 0) };
            if n > 0 && p.revents & libc::POLLERR != 0 {
                // SAFETY: raising a signal whose default action ends the process, as a write
                // to the closed pipe would.
                unsafe {
                    libc::raise(libc::SIGPIPE);
                }
            }
        }
    }

    pub fn write(&self, data: &[u8]) {
        // A closed pipe ends the process (SIGPIPE, as Go's does); other errors are ignored
        // as Nomad's copy would stop on them silently.
        match self {
            Target::Stdout => {
                let mut o = std::io::stdout().lock();
                let _ = o.write_all(data).and_then(|_| o.flush());
            }
            Target::Stderr => {
                let mut e = std::io::stderr().lock();
                let _ = e.write_all(data).and_then(|_| e.flush());
            }
            Target::Sink(f) => f(data),
        }
    }
}

pub(crate) struct Request<'a> {
    pub client: &'a Client,
    /// The allocation's node, asked directly first (Nomad's `queryClientNode`).
    pub node: Option<&'a Client>,
    pub alloc: &'a AllocInfo,
    /// The endpoint, and its parameters other than `offset` and `origin`.
    pub path: String,
    pub params: Vec<(&'static str, String)>,
    /// Frame offsets are positions in the one file streamed (fs), not per rotated log file.
    pub single_file: bool,
    pub origin: &'static str,
    pub offset: i64,
    /// `-tail -n`: cut the first output to this many lines.
    pub lines: Option<i64>,
    pub target: Target,
    /// Set when the allocation is terminal (only when following).
    pub terminal: Option<watch::Receiver<bool>>,
}

pub(crate) enum StreamError {
    /// The stream could not be opened.
    Open(Error),
    /// It broke off and could not be resumed.
    Broken(String),
}

impl StreamError {
    /// The dual-follow wording.
    pub fn describe(self, kind: &str) -> String {
        match self {
            StreamError::Open(e) => format!("failed to setup {kind} log tailing: {e}"),
            StreamError::Broken(e) => format!("received an error from {kind} log stream: {e}"),
        }
    }
}

/// Nomad's `LineLimitReader`: holds back the start of the output until it can keep only the
/// last `n` lines, then passes everything through.
pub(crate) struct LineLimiter {
    lines: i64,
    cap: usize,
    buf: Vec<u8>,
    passing: bool,
}

impl LineLimiter {
    pub fn new(lines: i64) -> Self {
        LineLimiter {
            lines,
            cap: (lines.max(0) * BYTES_PER_LINE) as usize,
            buf: Vec::new(),
            passing: false,
        }
    }

    pub fn push(&mut self, data: &[u8]) -> Vec<u8> {
        if self.passing {
            return data.to_vec();
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() >= self.cap {
            return self.release();
        }
        Vec::new()
    }

    /// Cuts the held bytes to the last `lines` lines and switches to passing through.
    pub fn release(&mut self) -> Vec<u8> {
        if self.passing {
            return Vec::new();
        }
        self.passing = true;
        let buf = std::mem::take(&mut self.buf);
        if self.lines <= 0 {
            return Vec::new();
        }
        let mut found = 0;
        let end = if buf.last() == Some(&b'\n') {
            buf.len() - 1
        } else {
            buf.len()
        };
        for i in (0..end).rev() {
            if buf[i] == b'\n' {
                found += 1;
                if found == self.lines {
                    return buf[i + 1..].to_vec();
                }
            }
        }
        buf
    }
}

/// Streams one log to its target, reopening a broken stream from where it stopped.
pub(crate) async fn stream_log(req: Request<'_>) -> Result<(), StreamError> {
    let path = req.path.clone();
    let mut origin = req.origin;
    let mut offset = req.offset;
    // Where in the log the next byte comes from, when known.
    let mut pos: Option<i64> = (origin == "start").then_some(offset);
    let mut limiter = req.lines.map(LineLimiter::new);
    let mut terminal = req.terminal.clone();
    let mut resumes = 0;
    let mut backoff = crate::api::policy::Backoff::default();
    let silence = req.client.stream_silence();
    let mut opened = false;
    loop {
        let mut q = QueryOptions::new()
            .namespace(&req.alloc.namespace)
            .param("offset", &offset.to_string())
            .param("origin", origin);
        for (k, v) in &req.params {
            q = q.param(k, v);
        }
        let resp = match req.client.get_stream_via(req.node, &path, &q).await {
            Ok(r) => r,
            Err(e) if !opened => return Err(StreamError::Open(e)),
            Err(e) => {
                if crate::api::policy::transient(&e) && resumes < MAX_RESUMES {
                    resumes += 1;
                    backoff.wait().await;
                    continue;
                }
                return Err(StreamError::Broken(e.to_string()));
            }
        };
        opened = true;
        let mut body = resp.bytes_stream();
        let mut dec = FrameDecoder::default();
        let mut done_at: Option<tokio::time::Instant> = None;
        let broke: String = loop {
            let ended = async {
                match terminal.as_mut() {
                    Some(rx) if done_at.is_none() => {
                        if *rx.borrow() {
                            return;
                        }
                        while rx.changed().await.is_ok() {
                            if *rx.borrow() {
                                return;
                            }
                        }
                        std::future::pending::<()>().await
                    }
                    _ => std::future::pending::<()>().await,
                }
            };
            let grace = async {
                match done_at {
                    Some(t) => tokio::time::sleep_until(t).await,
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                chunk = crate::api::policy::next_chunk(&mut body, silence) => match chunk {
                    Some(Ok(bytes)) => {
                        // Data flows again: a later break gets the full set of resumes.
                        resumes = 0;
                        backoff.reset();
                        let frames = dec
                            .push(&bytes)
                            .map_err(|e| StreamError::Broken(e.log_endpoint_text()))?;
                        for f in frames {
                            if f.is_heartbeat() {
                                req.target.check_closed();
                                if let Some(l) = limiter.as_mut() {
                                    req.target.write(&l.release());
                                }
                                if done_at.is_some() {
                                    return Ok(());
                                }
                                continue;
                            }
                            let data = f.data;
                            pos = match pos {
                                Some(p) => Some(p + data.len() as i64),
                                None if (req.single_file || f.file.ends_with(".0")) && f.offset > 0 => {
                                    Some(f.offset)
                                }
                                None => None,
                            };
                            let out = match limiter.as_mut() {
                                Some(l) => l.push(&data),
                                None => data,
                            };
                            if !out.is_empty() {
                                req.target.write(&out);
                            }
                        }
                    }
                    Some(Err(e)) => break e,
                    None => {
                        if let Some(l) = limiter.as_mut() {
                            req.target.write(&l.release());
                        }
                        return Ok(());
                    }
                },
                _ = ended => {
                    // Terminal: let what is still in flight arrive, then stop.
                    done_at = Some(tokio::time::Instant::now() + Duration::from_millis(1500));
                }
                _ = grace => {
                    if let Some(l) = limiter.as_mut() {
                        req.target.write(&l.release());
                    }
                    return Ok(());
                }
            }
        };
        // The stream broke off: reopen it where it stopped, if we know where that is.
        match pos {
            Some(p) if resumes < MAX_RESUMES => {
                resumes += 1;
                backoff.wait().await;
                origin = "start";
                offset = p;
            }
            _ => return Err(StreamError::Broken(broke)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LineLimiter;

    #[test]
    fn keeps_last_lines() {
        let mut l = LineLimiter::new(2);
        assert!(l.push(b"a\nb\n").is_empty());
        assert_eq!(l.release(), b"a\nb\n");
        let mut l = LineLimiter::new(2);
        l.push(b"a\nb\nc\n");
        assert_eq!(l.release(), b"b\nc\n");
        assert_eq!(l.push(b"d\n"), b"d\n");
        let mut l = LineLimiter::new(0);
        l.push(b"a\n");
        assert!(l.release().is_empty());
    }
}
