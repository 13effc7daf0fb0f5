//! The loopback HTTP server an OIDC provider sends the browser back to
//! (`http://<addr>/oidc/callback?code=…&state=…`), as Nomad's `oidc.CallbackServer`: the first
//! call to that path gives the code and state; any other path is a 404.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use crate::api::url::unescape;
use crate::commands::common::io_text;

/// What the provider sent back through the browser.
pub struct Answer {
    pub code: String,
    pub state: String,
}

pub struct Server {
    listener: TcpListener,
    addr: String,
    nonce: String,
}

/// The page the browser shows once the provider has sent it back (rnomad's own words).
const DONE_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"UTF-8\">\
<title>Signed in to Nomad</title></head>\n<body>\n<h1>Signed in</h1>\n<p>Your OIDC provider \
has confirmed who you are. The terminal you started the login from now has your Nomad \
token; you can close this window.</p>\n</body>\n</html>\n";

impl Server {
    /// Listens on `addr` (`<ip>:<port>` or `<host>:<port>`), with Go's `net.Listen` wording
    /// on failure.
    pub async fn listen(addr: &str) -> Result<Server, String> {
        if !addr.contains(':') {
            return Err(format!(
                "listen tcp: address {addr}: missing port in address"
            ));
        }
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| format!("listen tcp {addr}: bind: {}", io_text(&e)))?;
        Ok(Server {
            listener,
            addr: addr.to_string(),
            nonce: nonce(),
        })
    }

    /// The redirect URI the provider is told about: the address as given.
    pub fn redirect_uri(&self) -> String {
        format!("http://{}/oidc/callback", self.addr)
    }

    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// Serves until the callback arrives. Each connection is served on its own, so a browser
    /// holding an idle connection open does not hold up the one that matters.
    pub async fn wait(self) -> Result<Answer, String> {
        let (tx, mut rx) = mpsc::channel::<Answer>(5);
        loop {
            tokio::select! {
                Some(answer) = rx.recv() => return Ok(answer),
                conn = self.listener.accept() => {
                    let (stream, _) = conn.map_err(|e| format!("accept tcp: {}", io_text(&e)))?;
                    let tx = tx.clone();
                    tokio::spawn(async move {
                        if let Some(answer) = serve(stream).await {
                            let _ = tx.try_send(answer);
                        }
                    });
                }
            }
        }
    }
}

/// Reads one request, answers it and closes; gives the code and state of a callback.
async fn serve(mut stream: TcpStream) -> Option<Answer> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.lines().next()?.split(' ').nth(1)?.to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let answer = (unescape(path) == "/oidc/callback").then(|| Answer {
        code: param(query, "code"),
        state: param(query, "state"),
    });
    let (status, kind, body) = match answer {
        Some(_) => ("200 OK", "text/html; charset=utf-8", DONE_PAGE),
        None => (
            "404 Not Found",
            "text/plain; charset=utf-8",
            "404 page not found\n",
        ),
    };
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
    answer
}

/// The first value of `key` in a query string (Go's `Query().Get`).
fn param(query: &str, key: &str) -> String {
    query
        .split('&')
        .filter_map(|p| p.split_once('=').or(Some((p, ""))))
        .find(|(k, _)| unescape(&k.replace('+', " ")) == key)
        .map(|(_, v)| unescape(&v.replace('+', " ")))
        .unwrap_or_default()
}

/// 20 random letters and digits, as cap's `oidc.NewID`.
fn nonce() -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = String::with_capacity(20);
    while out.len() < 20 {
        for b in crate::gocompat::x509::key::random(32) {
            // Rejection keeps every character equally likely (248 = 4 × 62).
            if b < 248 && out.len() < 20 {
                out.push(CHARS[(b % 62) as usize] as char);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values() {
        assert_eq!(param("code=a%2Fb&state=st_1", "code"), "a/b");
        assert_eq!(param("state=x+y", "state"), "x y");
        assert_eq!(param("", "code"), "");
    }

    #[test]
    fn nonces_are_twenty_base62_characters() {
        let n = nonce();
        assert_eq!(n.len(), 20);
        assert!(n.bytes().all(|b| b.is_ascii_alphanumeric()), "{n}");
        assert_ne!(n, nonce());
    }
}
