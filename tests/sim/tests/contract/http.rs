//! A minimal HTTP/1.1 client over a TcpStream (the sim crate has no client dependency): one
//! request per connection, the whole answer or what arrived before a cut-off.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

pub struct Response {
    pub status: u16,
    /// Lower-cased names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a status line and header block (as curl's `-D` file holds it).
pub fn parse_head(head: &str) -> (u16, Vec<(String, String)>) {
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers)
}

/// Sends one request. With `cut`, reading stops after that long (for streams that do not
/// end); the chunks complete by then make the body.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&[u8]>,
    token: Option<&str>,
    cut: Option<Duration>,
) -> Response {
    let mut s = std::net::TcpStream::connect(addr)
        .unwrap_or_else(|e| panic!("connect to the sim at {addr}: {e}"));
    let auth = token
        .map(|t| format!("X-Nomad-Token: {t}\r\n"))
        .unwrap_or_default();
    let body = body.unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes())
        .and_then(|_| s.write_all(body))
        .unwrap_or_else(|e| panic!("send {method} {path}: {e}"));
    let deadline = cut.map(|c| Instant::now() + c);
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        if let Some(d) = deadline {
            let left = d.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            let _ = s.set_read_timeout(Some(left));
        } else {
            let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
        }
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e)
                if deadline.is_some()
                    && matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
            {
                break
            }
            // A reset after a complete answer (or a stream cut short) ends the body.
            Err(_) => break,
        }
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("{method} {path}: no HTTP head in the answer"));
    let (status, headers) = parse_head(&String::from_utf8_lossy(&raw[..split]));
    let mut resp = Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    };
    if resp.header("transfer-encoding") == Some("chunked") {
        resp.body = dechunk(&resp.body);
    }
    resp
}

/// The data of the complete chunks of a chunked body.
fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&b[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok());
        let Some(size) = size.filter(|n| *n > 0) else {
            return out;
        };
        let start = eol + 2;
        if b.len() < start + size {
            return out;
        }
        out.extend_from_slice(&b[start..start + size]);
        b = b.get(start + size + 2..).unwrap_or_default();
    }
}
