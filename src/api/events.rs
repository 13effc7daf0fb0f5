//! `GET /v1/event/stream`: opening the stream and splitting its ndjson body into lines
//! incrementally (one network chunk at a time; the body is never buffered whole).

use bytes::{Bytes, BytesMut};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Client, Error, QueryOptions};

/// One frame of the stream: `{"Index":N,"Events":[…]}`; a heartbeat `{}` has index 0 and no
/// events. Events stay as the server's bytes.
#[derive(Deserialize)]
pub struct RawFrame<'a> {
    #[serde(rename = "Index", default)]
    pub index: u64,
    #[serde(rename = "Events", borrow, default)]
    pub events: Vec<&'a RawValue>,
}

impl RawFrame<'_> {
    pub fn is_heartbeat(&self) -> bool {
        self.index == 0 && self.events.is_empty()
    }
}

/// An index past any the server holds: Nomad then starts with its newest frame (and sends it
/// even though its index is lower). The largest index the agent parses (Go's `Atoi`).
pub const NEWEST: u64 = i64::MAX as u64;

/// What the server's event buffer holds: the index of its oldest frame, and whether it is
/// full. Nomad keeps up to `EventBufferSize` + 1 frames (one per write; a raft index can take
/// several); once full, each new frame drops the oldest, so events before `oldest`, if there
/// were any, are gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BufferState {
    pub oldest: u64,
    pub full: bool,
}

/// An open event stream.
pub struct EventStream {
    resp: reqwest::Response,
    buf: BytesMut,
    /// Silence longer than this ends the stream (the server sends `{}` every 10 s).
    silence: Option<std::time::Duration>,
}

/// What reading the stream gave.
pub enum Read {
    /// Complete lines (without their `\n`), in order.
    Lines(Vec<Bytes>),
    /// The server closed the stream or the connection broke; a partial last line is dropped.
    Ended(Option<String>),
    /// The stream cannot go on: a line longer than [`MAX_LINE`] (reading it again after a
    /// reconnect would meet the same line).
    Failed(String),
}

/// The longest event line rnomad holds: one line is one frame, all the events of one index,
/// so it may be large, but not unbounded.
pub const MAX_LINE: usize = 64 << 20;

impl EventStream {
    /// Waits for the next chunk and returns the lines it completed (possibly none). Lines
    /// inside one chunk are handed out as slices of it; only a line split across chunks is
    /// copied.
    pub async fn next(&mut self) -> Read {
        let Some(read) = super::policy::within(self.silence, self.resp.chunk()).await else {
            return Read::Ended(Some(super::policy::silent(self.silence)));
        };
        match read {
            Ok(Some(chunk)) => {
                let lines = split_into(&mut self.buf, chunk);
                if self.buf.len() > MAX_LINE {
                    return Read::Failed(format!(
                        "an event line is longer than {} MiB",
                        MAX_LINE >> 20
                    ));
                }
                Read::Lines(lines)
            }
            Ok(None) => Read::Ended(None),
            Err(e) => Read::Ended(Some(super::policy::broken_text(&e))),
        }
    }
}

/// The complete lines `chunk` ends (without their `\n`); the rest waits in `buf`.
fn split_into(buf: &mut BytesMut, chunk: Bytes) -> Vec<Bytes> {
    let mut lines = Vec::new();
    let mut ends = memchr::memchr_iter(b'\n', &chunk);
    let mut start = 0;
    if !buf.is_empty() {
        let Some(end) = ends.next() else {
            buf.extend_from_slice(&chunk);
            return lines;
        };
        buf.extend_from_slice(&chunk[..end]);
        lines.push(buf.split().freeze());
        start = end + 1;
    }
    for end in ends {
        lines.push(chunk.slice(start..end));
        start = end + 1;
    }
    buf.extend_from_slice(&chunk[start..]);
    lines
}

/// The `topic` parameters for `Topic[:Key]` words.
pub fn topic_query(topics: &[String]) -> String {
    let mut path = String::from("/v1/event/stream");
    for (i, t) in topics.iter().enumerate() {
        path.push(if i == 0 { '?' } else { '&' });
        path.push_str("topic=");
        path.push_str(&super::url::query_escape(t));
    }
    path
}

impl Client {
    /// Opens the stream from `index` (inclusive; 0 = the oldest event the server holds; past
    /// its newest index, the server still sends its newest frame), as the Go api client does
    /// (`index` always sent, one `topic` per Topic:Key).
    pub async fn event_stream(
        &self,
        topics: &[String],
        index: u64,
        q: &QueryOptions,
    ) -> Result<EventStream, Error> {
        let q = q.clone().param("index", &index.to_string());
        let resp = self.stream(&topic_query(topics), &q).await?;
        Ok(EventStream {
            resp,
            buf: BytesMut::with_capacity(64 * 1024),
            silence: self.stream_silence(),
        })
    }

    /// Reads the server's buffer through a `*` subscription over every namespace (which needs
    /// a management token) and counts its frames, up to `size` + 1. The buffer is sent at once;
    /// reading stops at a frame of index `applied` or above (the agent's applied index: nothing
    /// newer was held when it was read), else after a short quiet. None when the server does not
    /// answer or holds nothing.
    pub async fn event_buffer(
        &self,
        size: u64,
        applied: Option<u64>,
        q: &QueryOptions,
    ) -> Option<BufferState> {
        const QUIET: std::time::Duration = std::time::Duration::from_millis(300);
        const LIMIT: std::time::Duration = std::time::Duration::from_secs(5);
        let count = async {
            let q = q.clone().namespace("*");
            let mut s = self.event_stream(&["*".into()], 0, &q).await.ok()?;
            let mut counter = BufferCounter::new(size, applied);
            loop {
                let Some(Read::Lines(lines)) = super::policy::within(Some(QUIET), s.next()).await
                else {
                    return counter.state;
                };
                for l in lines {
                    if let Ok(f) = serde_json::from_slice::<RawFrame>(&l) {
                        if !f.is_heartbeat() && counter.frame(f.index) {
                            return counter.state;
                        }
                    }
                }
            }
        };
        super::policy::within(Some(LIMIT), count).await.flatten()
    }
}

/// Counts the frames of a whole-buffer subscription as they come.
pub struct BufferCounter {
    size: u64,
    applied: Option<u64>,
    frames: u64,
    pub state: Option<BufferState>,
}

impl BufferCounter {
    pub fn new(size: u64, applied: Option<u64>) -> BufferCounter {
        BufferCounter {
            size,
            applied,
            frames: 0,
            state: None,
        }
    }

    /// Counts a frame of index `index`; true once the state is known.
    pub fn frame(&mut self, index: u64) -> bool {
        self.frames += 1;
        let st = self.state.get_or_insert(BufferState {
            oldest: index,
            full: false,
        });
        st.full = self.frames > self.size;
        st.full || self.applied.is_some_and(|a| index >= a)
    }
}

/// Event stream captures from a real Nomad v1.10.5 agent (tests/fixtures/nomad-1.10.5/api).
#[cfg(test)]
pub(crate) mod recorded {
    use bytes::Bytes;

    /// The frames of a capture, heartbeats left out: (index, line).
    pub fn frames(name: &str) -> Vec<(u64, Bytes)> {
        let path = format!(
            "{}/tests/fixtures/nomad-1.10.5/api/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        body.split(|b| *b == b'\n')
            .filter_map(|l| {
                let f: super::RawFrame = serde_json::from_slice(l).ok()?;
                (!f.is_heartbeat()).then(|| (f.index, Bytes::copy_from_slice(l)))
            })
            .collect()
    }

    /// `config.Server.EventBufferSize` and `stats.raft.applied_index` of an agent-self capture.
    pub fn agent(name: &str) -> (u64, u64) {
        let path = format!(
            "{}/tests/fixtures/nomad-1.10.5/api/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let me: crate::api::agent::AgentSelf =
            serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
                .expect("agent self");
        (
            me.event_buffer_size().expect("a server agent"),
            me.applied_index().expect("raft stats"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(capture: &str, agent: &str) -> Option<BufferState> {
        let (size, applied) = recorded::agent(agent);
        let mut c = BufferCounter::new(size, Some(applied));
        for (index, _) in recorded::frames(capture) {
            if c.frame(index) {
                break;
            }
        }
        c.state
    }

    #[test]
    fn a_fresh_buffer_is_not_full() {
        // Indexes 1 to 7 never had events: nothing was dropped.
        assert_eq!(
            count("event-stream-fresh", "agent-self-fresh"),
            Some(BufferState {
                oldest: 8,
                full: false
            })
        );
        assert_eq!(
            count("event-stream-index0", "agent-self-events"),
            Some(BufferState {
                oldest: 8,
                full: false
            })
        );
    }

    #[test]
    fn a_wrapped_buffer_is_full() {
        // event_buffer_size = 4 holds five frames once full. The second capture asked for
        // index 15, the buffer's oldest: it is the whole buffer too.
        assert_eq!(
            count("event-stream-wrapped", "agent-self-small-buffer"),
            Some(BufferState {
                oldest: 15,
                full: true
            })
        );
        assert_eq!(
            count(
                "event-stream-wrapped-mid-split",
                "agent-self-small-buffer-mid-split"
            ),
            Some(BufferState {
                oldest: 15,
                full: true
            })
        );
    }

    #[test]
    fn frames_decode_and_heartbeats_are_recognised() {
        let f: RawFrame = serde_json::from_slice(b"{}").unwrap();
        assert!(f.is_heartbeat());
        let f: RawFrame =
            serde_json::from_slice(br#"{"Index":7,"Events":[{"Topic":"Job","Index":7}]}"#).unwrap();
        assert_eq!(f.index, 7);
        assert_eq!(f.events[0].get(), r#"{"Topic":"Job","Index":7}"#);
    }

    #[test]
    fn lines_split_across_chunks_come_out_whole() {
        let body: &[u8] = b"{}\n{\"Index\":1}\n\nab\ncd\nlast-without-newline";
        for size in 1..body.len() {
            let mut buf = BytesMut::new();
            let mut lines = Vec::new();
            for c in body.chunks(size) {
                lines.extend(split_into(&mut buf, Bytes::copy_from_slice(c)));
            }
            let lines: Vec<&[u8]> = lines.iter().map(|l| &l[..]).collect();
            assert_eq!(
                lines,
                [&b"{}"[..], b"{\"Index\":1}", b"", b"ab", b"cd"],
                "{size}"
            );
            assert_eq!(&buf[..], b"last-without-newline");
        }
    }

    #[test]
    fn topics_become_repeated_parameters() {
        assert_eq!(
            topic_query(&["Job:web".into(), "Allocation".into()]),
            "/v1/event/stream?topic=Job%3Aweb&topic=Allocation"
        );
    }
}
