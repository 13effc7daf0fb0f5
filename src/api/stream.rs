//! Streaming replies: Nomad's framed log/file streams (concatenated JSON `StreamFrame`s,
//! base64 data, `{}` heartbeats), decoded incrementally as bytes arrive.

use serde::Deserialize;

use super::{Client, Error, QueryOptions};

/// One `StreamFrame`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StreamFrame {
    #[serde(rename = "Offset")]
    pub offset: i64,
    #[serde(rename = "Data")]
    pub data: Option<String>,
    #[serde(rename = "File")]
    pub file: String,
    #[serde(rename = "FileEvent")]
    pub file_event: String,
}

impl StreamFrame {
    /// A frame with nothing in it is a heartbeat.
    pub fn is_heartbeat(&self) -> bool {
        self.offset == 0
            && self.data.as_deref().unwrap_or("").is_empty()
            && self.file.is_empty()
            && self.file_event.is_empty()
    }

    pub fn bytes(&self) -> Vec<u8> {
        decode_base64(self.data.as_deref().unwrap_or(""))
    }
}

/// Standard base64 (padding optional); bad characters are skipped.
pub fn decode_base64(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Splits a growing buffer of concatenated JSON objects into frames; what is left is an
/// incomplete object waiting for more bytes.
#[derive(Default)]
pub struct FrameDecoder {
    buf: Vec<u8>,
}

impl FrameDecoder {
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<StreamFrame>, String> {
        self.buf.extend_from_slice(bytes);
        let mut frames = Vec::new();
        let mut used = 0;
        {
            let mut it = serde_json::Deserializer::from_slice(&self.buf).into_iter::<StreamFrame>();
            loop {
                match it.next() {
                    Some(Ok(f)) => {
                        used = it.byte_offset();
                        frames.push(f);
                    }
                    Some(Err(e)) if e.is_eof() => break,
                    Some(Err(_)) => {
                        return Err(format!(
                            "failed to decode log endpoint response as JSON: {}",
                            crate::gocompat::strconv::quote(&String::from_utf8_lossy(
                                &self.buf[used..]
                            ))
                        ))
                    }
                    None => {
                        used = self.buf.len();
                        break;
                    }
                }
            }
        }
        self.buf.drain(..used);
        Ok(frames)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(decode_base64("YQ=="), b"a");
        assert_eq!(decode_base64("YWI="), b"ab");
    }
}

/// What a direct node connection needs from `GET /v1/node/<id>`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct NodeAddr {
    #[serde(rename = "HTTPAddr")]
    http_addr: String,
    #[serde(rename = "TLSEnabled")]
    tls_enabled: bool,
}

impl Client {
    /// Nomad's `GetNodeClientWithTimeout`: a client for the node's own HTTP address (same
    /// token, namespace and TLS files; a region always set; a 1 s connect timeout). `None`
    /// when the node cannot be looked up.
    pub async fn node_client(&self, node_id: &str) -> Option<Client> {
        let (n, _) = self
            .get::<NodeAddr>(&format!("/v1/node/{node_id}"), &QueryOptions::new())
            .await
            .ok()?;
        if n.http_addr.is_empty() {
            return None;
        }
        let scheme = if n.tls_enabled { "https" } else { "http" };
        let mut cfg = self.config.clone();
        cfg.address = format!("{scheme}://{}", n.http_addr);
        cfg.region = Some(cfg.region.clone().unwrap_or_else(|| "global".into()));
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
