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
}

impl EventStream {
    /// Waits for the next chunk and returns the lines it completed (possibly none). Lines
    /// inside one chunk are handed out as slices of it; only a line split across chunks is
    /// copied.
    pub async fn next(&mut self) -> Read {
        let Some(read) = super::policy::within(self.silence, self.resp.chunk()).await else {
            return Read::Ended(Some(super::policy::silent(self.silence)));
        };
        match read {
            Ok(Some(chunk)) => Read::Lines(split_into(&mut self.buf, chunk)),
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
    /// Opens the stream from `index` (inclusive; 0 = the oldest event the server holds), as
    /// the Go api client does (`index` always sent, one `topic` per Topic:Key).
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
