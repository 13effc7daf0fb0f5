//! Streaming replies: Nomad's framed log/file streams (concatenated JSON `StreamFrame`s,
//! base64 data, `{}` heartbeats), decoded incrementally as bytes arrive.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Deserializer};

use super::{Client, Error, QueryOptions};

/// One `StreamFrame`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StreamFrame {
    #[serde(rename = "Offset")]
    pub offset: i64,
    #[serde(rename = "Data", deserialize_with = "go_bytes")]
    pub data: Vec<u8>,
    #[serde(rename = "File")]
    pub file: String,
    #[serde(rename = "FileEvent")]
    pub file_event: String,
}

impl StreamFrame {
    /// A frame with nothing in it is a heartbeat.
    pub fn is_heartbeat(&self) -> bool {
        self.offset == 0
            && self.data.is_empty()
            && self.file.is_empty()
            && self.file_event.is_empty()
    }

    pub fn bytes(&self) -> &[u8] {
        &self.data
    }
}

/// A Go `[]byte` in JSON: standard base64, `null` for none. Text that is not base64 fails the
/// decoding of the whole value, as Go's `json.Unmarshal` does.
pub fn go_bytes<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    match Option::<String>::deserialize(d)? {
        Some(s) => STANDARD.decode(s).map_err(serde::de::Error::custom),
        None => Ok(Vec::new()),
    }
}

/// Splits a growing buffer of concatenated JSON objects into frames; what is left is an
/// incomplete object waiting for more bytes. New bytes are scanned once for where an object
/// ends (brackets outside strings), so a large frame arriving in many small chunks is decoded
/// once, not again on every chunk; a frame may not grow past [`MAX_FRAME`].
#[derive(Default)]
pub struct FrameDecoder {
    buf: Vec<u8>,
    /// How much of `buf` the scanner has seen, and what it was inside at that point.
    scanned: usize,
    depth: usize,
    in_str: bool,
    escaped: bool,
}

/// The largest frame rnomad holds (Nomad's log and monitor frames carry at most 64 KiB of
/// data; anything near this is not a frame).
pub const MAX_FRAME: usize = 16 << 20;

/// Bytes that are not a frame: the JSON decoder's error (or a frame past [`MAX_FRAME`]) and
/// the bytes it stopped at.
#[derive(Debug)]
pub struct FrameError {
    pub error: FrameFault,
    pub rest: Vec<u8>,
}

#[derive(Debug)]
pub enum FrameFault {
    Json(serde_json::Error),
    TooLong,
}

impl FrameError {
    /// Nomad's text for a log or file stream that does not decode (the cap is rnomad's own).
    pub fn log_endpoint_text(&self) -> String {
        match self.error {
            FrameFault::Json(_) => format!(
                "failed to decode log endpoint response as JSON: {}",
                crate::gocompat::strconv::quote(&String::from_utf8_lossy(&self.rest))
            ),
            FrameFault::TooLong => self.to_string(),
        }
    }
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.error {
            FrameFault::Json(e) => e.fmt(f),
            FrameFault::TooLong => {
                write!(f, "a stream frame is longer than {} MiB", MAX_FRAME >> 20)
            }
        }
    }
}

impl FrameDecoder {
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<StreamFrame>, FrameError> {
        self.buf.extend_from_slice(bytes);
        let mut frames = Vec::new();
        // Where the value being scanned starts (whitespace before it included, as the JSON
        // decoder reads it and as an error's rest shows it).
        let mut start = 0;
        let mut i = self.scanned;
        while i < self.buf.len() {
            let b = self.buf[i];
            if self.in_str {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_str = false;
                }
            } else {
                match b {
                    b'"' => self.in_str = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' if self.depth > 0 => self.depth -= 1,
                    _ if b.is_ascii_whitespace() => {}
                    // A bare scalar or a stray bracket outside any object: what it is, and
                    // the error, are the JSON decoder's to say.
                    _ if self.depth == 0 => return self.decode_rest(start, frames),
                    _ => {}
                }
            }
            let ended = self.depth == 0 && !self.in_str && !b.is_ascii_whitespace();
            if ended {
                match serde_json::from_slice::<StreamFrame>(&self.buf[start..=i]) {
                    Ok(f) => frames.push(f),
                    Err(error) => {
                        return Err(FrameError {
                            error: FrameFault::Json(error),
                            rest: self.buf[start..].to_vec(),
                        })
                    }
                }
                start = i + 1;
            }
            i += 1;
        }
        self.buf.drain(..start);
        self.scanned = self.buf.len();
        if self.buf.len() > MAX_FRAME {
            return Err(FrameError {
                error: FrameFault::TooLong,
                rest: Vec::new(),
            });
        }
        Ok(frames)
    }

    /// The JSON decoder over what is left from `start`: frames, or its error, or a wait for
    /// more bytes.
    fn decode_rest(
        &mut self,
        start: usize,
        mut frames: Vec<StreamFrame>,
    ) -> Result<Vec<StreamFrame>, FrameError> {
        self.buf.drain(..start);
        let mut used = 0;
        let mut it = serde_json::Deserializer::from_slice(&self.buf).into_iter::<StreamFrame>();
        loop {
            match it.next() {
                Some(Ok(f)) => {
                    used = it.byte_offset();
                    frames.push(f);
                }
                Some(Err(e)) if e.is_eof() => break,
                Some(Err(error)) => {
                    return Err(FrameError {
                        error: FrameFault::Json(error),
                        rest: self.buf[used..].to_vec(),
                    })
                }
                None => {
                    used = self.buf.len();
                    break;
                }
            }
        }
        self.buf.drain(..used);
        // Start the scan afresh on what is left.
        (self.scanned, self.depth, self.in_str, self.escaped) = (0, 0, false, false);
        if self.buf.len() > MAX_FRAME {
            return Err(FrameError {
                error: FrameFault::TooLong,
                rest: Vec::new(),
            });
        }
        Ok(frames)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TLS node is verified as `client.<region>.nomad`, the name Nomad's certificates give
    /// client agents, whatever server name was set for the servers.
    #[test]
    fn node_clients_verify_the_client_certificate_name() {
        let node = |tls| NodeAddr {
            status: "ready".into(),
            http_addr: "10.0.0.7:4646".into(),
            tls_enabled: tls,
        };
        let mut cfg = super::super::Config {
            address: "https://servers.example:4646".into(),
            ..Default::default()
        };
        cfg.tls.server_name = Some("server.global.nomad".into());
        let agent = Client::new(cfg.clone()).expect("client");
        let c = agent.client_for_node(&node(true)).expect("node client");
        assert_eq!(c.config().address, "https://10.0.0.7:4646");
        assert_eq!(
            c.config().tls.server_name.as_deref(),
            Some("client.global.nomad")
        );
        assert_eq!(c.config().region.as_deref(), Some("global"));
        // Plain HTTP: nothing to verify, the settings stay as they were.
        let c = agent.client_for_node(&node(false)).expect("node client");
        assert_eq!(c.config().address, "http://10.0.0.7:4646");
        assert_eq!(
            c.config().tls.server_name.as_deref(),
            Some("server.global.nomad")
        );
        cfg.region = Some("eu".into());
        let agent = Client::new(cfg).expect("client");
        let c = agent.client_for_node(&node(true)).expect("node client");
        assert_eq!(
            c.config().tls.server_name.as_deref(),
            Some("client.eu.nomad")
        );
        let none = NodeAddr::default();
        assert!(agent.client_for_node(&none).is_none());
    }

    /// Frames whose strings hold brackets, quotes and escapes, fed a byte at a time, decode
    /// as when fed whole.
    #[test]
    fn a_byte_at_a_time_gives_the_same_frames() {
        let all = br#" {"File":"a}{\"]b","Data":"aGk="}
{} {"Offset":3,"FileEvent":"file deleted","Data":null}"#;
        let whole = FrameDecoder::default().push(all).unwrap();
        assert_eq!(whole.len(), 3);
        let mut d = FrameDecoder::default();
        let mut got = Vec::new();
        for b in all {
            got.extend(d.push(&[*b]).unwrap());
        }
        let key = |f: &StreamFrame| {
            (
                f.offset,
                f.data.clone(),
                f.file.clone(),
                f.file_event.clone(),
            )
        };
        assert_eq!(
            got.iter().map(key).collect::<Vec<_>>(),
            whole.iter().map(key).collect::<Vec<_>>()
        );
        assert_eq!(whole[0].file, "a}{\"]b");
        assert_eq!(whole[0].bytes(), b"hi");
    }

    #[test]
    fn a_frame_cannot_grow_without_bound() {
        let mut d = FrameDecoder::default();
        d.push(br#"{"Data":""#).unwrap();
        let chunk = vec![b'A'; 1 << 20];
        let mut err = None;
        for _ in 0..=(MAX_FRAME >> 20) {
            if let Err(e) = d.push(&chunk) {
                err = Some(e);
                break;
            }
        }
        let e = err.expect("an error past the cap");
        assert_eq!(e.to_string(), "a stream frame is longer than 16 MiB");
        assert_eq!(e.log_endpoint_text(), e.to_string());
    }

    proptest::proptest! {
        /// Any two cuts of a body give the frames (or the error) the whole body gives.
        #[test]
        fn any_cut_decodes_as_the_whole(body in "[ {}\\[\\]\"a:,0-9]{0,40}", a in 0usize..40, b in 0usize..40) {
            let body = body.as_bytes();
            let (a, b) = (a.min(body.len()), b.min(body.len()));
            let (a, b) = (a.min(b), a.max(b));
            let whole = FrameDecoder::default().push(body).map(|f| f.len()).map_err(|e| e.rest);
            let mut d = FrameDecoder::default();
            let mut n = 0;
            let mut cut = Ok(());
            for part in [&body[..a], &body[a..b], &body[b..]] {
                match d.push(part) {
                    Ok(f) => n += f.len(),
                    Err(e) => {
                        cut = Err(e.rest);
                        break;
                    }
                }
            }
            match (whole, cut) {
                (Ok(w), Ok(())) => proptest::prop_assert_eq!(w, n),
                (Err(_), Err(_)) => {}
                (w, c) => proptest::prop_assert!(false, "whole {:?}, cut {:?}", w, c),
            }
        }
    }

    #[test]
    fn frames_split_across_reads() {
        let mut d = FrameDecoder::default();
        let all = br#"{"Data":"aGVsbG8K","File":"alloc/logs/web.stdout.0","Offset":6}{}{"Data":"d29ybGQK","Offset":12}"#;
        let (a, b) = all.split_at(20);
        let f1 = d.push(a).unwrap();
        assert!(f1.is_empty());
        let f2 = d.push(b).unwrap();
        assert_eq!(f2.len(), 3);
        assert_eq!(f2[0].bytes(), b"hello\n");
        assert!(f2[1].is_heartbeat());
        assert_eq!(f2[2].bytes(), b"world\n");
    }

    #[test]
    fn bad_base64_fails_the_frame() {
        let mut d = FrameDecoder::default();
        assert!(d.push(br#"{"Data":"a!b="}"#).is_err());
        let mut d = FrameDecoder::default();
        let f = d
            .push(br#"{"Data":null,"Offset":3}{"Data":"YQ=="}"#)
            .unwrap();
        assert_eq!((f[0].bytes(), f[1].bytes()), (&b""[..], &b"a"[..]));
    }
}

/// The allocation file endpoints that answer with a stream of bytes or frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsStream {
    /// `/v1/client/fs/logs/<alloc>`: a task's stdout or stderr, framed.
    Logs,
    /// `/v1/client/fs/stream/<alloc>`: a file, framed.
    Stream,
    /// `/v1/client/fs/cat/<alloc>`: a file, raw.
    Cat,
    /// `/v1/client/fs/readat/<alloc>`: part of a file, raw.
    ReadAt,
}

impl FsStream {
    /// The endpoint for allocation `alloc_id`.
    pub fn path(self, alloc_id: &str) -> String {
        let op = match self {
            FsStream::Logs => "logs",
            FsStream::Stream => "stream",
            FsStream::Cat => "cat",
            FsStream::ReadAt => "readat",
        };
        format!("/v1/client/fs/{op}/{alloc_id}")
    }
}

/// What a direct node connection needs from `GET /v1/node/<id>`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct NodeAddr {
    #[serde(rename = "Status")]
    pub(super) status: String,
    #[serde(rename = "HTTPAddr")]
    pub(super) http_addr: String,
    #[serde(rename = "TLSEnabled")]
    pub(super) tls_enabled: bool,
}

impl Client {
    /// Nomad's `GetNodeClientWithTimeout`: a client for the node's own HTTP address (same
    /// token, namespace and TLS files; a region always set; a 1 s connect timeout). `None`
    /// when the node cannot be looked up.
    pub async fn node_client(&self, node_id: &str) -> Option<Client> {
        let n = self.node_addr(node_id).await?;
        self.client_for_node(&n)
    }

    pub(super) async fn node_addr(&self, node_id: &str) -> Option<NodeAddr> {
        self.get::<NodeAddr>(&format!("/v1/node/{node_id}"), &QueryOptions::new())
            .await
            .ok()
            .map(|(n, _)| n)
    }

    /// Nomad's `Config.ClientConfig`: the node's address, the region set (`global` when none
    /// is configured), and for a TLS node the certificate name Nomad gives client agents,
    /// `client.<region>.nomad`, whatever `-tls-server-name` says for the servers. `None` for
    /// a node that advertises no address.
    pub(super) fn client_for_node(&self, n: &NodeAddr) -> Option<Client> {
        if n.http_addr.is_empty() {
            return None;
        }
        let scheme = if n.tls_enabled { "https" } else { "http" };
        let mut cfg = self.config.clone();
        cfg.address = format!("{scheme}://{}", n.http_addr);
        let region = cfg.region.clone().unwrap_or_else(|| "global".into());
        if n.tls_enabled {
            cfg.tls.server_name = Some(format!("client.{region}.nomad"));
        }
        cfg.region = Some(region);
        Client::with_connect_timeout(cfg, std::time::Duration::from_secs(1)).ok()
    }

    /// `queryClientNode`: the node first; through this agent when there is no node client or
    /// the node cannot be reached. A reply from the node, even an error, is final.
    pub async fn get_stream_via(
        &self,
        node: Option<&Client>,
        path: &str,
        q: &QueryOptions,
    ) -> Result<reqwest::Response, Error> {
        if let Some(n) = node {
            match n.stream(path, q).await {
                Err(Error::Transport { .. }) => {}
                other => return other,
            }
        }
        self.stream(path, q).await
    }
}
