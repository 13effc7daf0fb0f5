//! A loopback HTTP/1.1 server with scripted answers, for what nomad-sim cannot show: the
//! exact bytes of a request, recorded real responses replayed, a hand-made body (gzip), a
//! peer that never speaks. Each request is handed to a handler and recorded for the test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// The request line and headers as sent, each line ending in `\r\n`.
    pub head: String,
    pub body: Vec<u8>,
}

impl Request {
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }
}

/// The answer to a request.
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A JSON body, as Nomad sends it.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply::new(status, body).header("Content-Type", "application/json")
    }

    pub fn header(mut self, k: &str, v: &str) -> Self {
        self.headers.push((k.into(), v.into()));
        self
    }
}

/// A running server; it lives as long as the test process.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    requests: Mutex<Receiver<Request>>,
}

impl Server {
    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// The next request received (waiting up to `wait`).
    pub fn request(&self, wait: Duration) -> Option<Request> {
        self.requests.lock().ok()?.recv_timeout(wait).ok()
    }

    /// The next request for `path`, passing over others (rnomad sends some concurrently, so
    /// their order is not fixed); waits up to `wait` in all.
    pub fn request_for(&self, path: &str, wait: Duration) -> Option<Request> {
        let end = std::time::Instant::now() + wait;
        loop {
            let left = end.checked_duration_since(std::time::Instant::now())?;
            let r = self.request(left)?;
            if r.path() == path {
                return Some(r);
            }
        }
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// Serves every request with `handler`'s reply, keeping connections open between requests.
pub fn serve(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
    let handler: Arc<Handler> = Arc::new(handler);
    let (l, url) = bind();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            let (h, tx) = (handler.clone(), tx.clone());
            std::thread::spawn(move || connection(s, &*h, &tx));
        }
    });
    Server {
        url,
        requests: Mutex::new(rx),
    }
}

/// Accepts connections and never reads or writes: a peer that hangs (for `https`, a TLS
/// handshake that never ends).
pub fn silent() -> Server {
    let (l, url) = bind();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in l.incoming().flatten() {
            held.push(s);
        }
    });
    Server {
        url,
        requests: Mutex::new(channel().1),
    }
}

fn bind() -> (TcpListener, String) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let url = format!("http://{}", l.local_addr().expect("local address"));
    (l, url)
}

fn connection(s: TcpStream, handler: &Handler, tx: &Sender<Request>) {
    let Ok(read_half) = s.try_clone() else { return };
    let mut r = BufReader::new(read_half);
    let mut w = s;
    loop {
        let mut head = String::new();
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" || line == "\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            head.push_str(&line);
        }
        let mut body = vec![0; len];
        if r.read_exact(&mut body).is_err() {
            return;
        }
        let mut words = head.split_whitespace();
        let req = Request {
            method: words.next().unwrap_or("").to_string(),
            target: words.next().unwrap_or("").to_string(),
            head: head.clone(),
            body,
        };
        let reply = handler(&req);
        let _ = tx.send(req);
        let reason = match reply.status {
            200 => "OK",
            404 => "Not Found",
            _ => "Status",
        };
        let mut out = format!(
            "HTTP/1.1 {} {reason}\r\nContent-Length: {}\r\n",
            reply.status,
            reply.body.len()
        );
        for (k, v) in &reply.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        if w.write_all(out.as_bytes())
            .and_then(|_| w.write_all(&reply.body))
            .is_err()
        {
            return;
        }
    }
}
