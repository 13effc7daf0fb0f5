//! The exec WebSocket, `/v1/client/allocation/<id>/exec` (Nomad's `api/allocations_exec.go`):
//! the connection (the node first, with its short connect timeout, then the configured agent),
//! and the JSON frames both ways. The session loop that drives stdin, the terminal and the
//! output lives with the command (`commands::alloc::exec`).

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::Deserialize;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::tungstenite;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::WebSocketStream;

use super::{Client, QueryOptions, Target};

/// Anything a WebSocket can run over: TCP, TLS over TCP, a Unix socket.
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// An open exec session.
pub type Socket = WebSocketStream<Box<dyn Io>>;

/// The text of Nomad's `NodeDownErr`.
pub const NODE_DOWN: &str = "node down";

/// Client → server frames (`ExecStreamingInput`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin(Vec<u8>),
    StdinClose,
    TtySize { height: u16, width: u16 },
    Heartbeat,
}

impl Input {
    /// The JSON Go's encoder writes (`omitempty` everywhere).
    pub fn to_json(&self) -> String {
        match self {
            Input::Stdin(d) if d.is_empty() => r#"{"stdin":{}}"#.to_string(),
            Input::Stdin(d) => format!(r#"{{"stdin":{{"data":"{}"}}}}"#, STANDARD.encode(d)),
            Input::StdinClose => r#"{"stdin":{"close":true}}"#.to_string(),
            Input::TtySize { height, width } => {
                let mut parts = Vec::new();
                if *height != 0 {
                    parts.push(format!(r#""height":{height}"#));
                }
                if *width != 0 {
                    parts.push(format!(r#""width":{width}"#));
                }
                format!(r#"{{"tty_size":{{{}}}}}"#, parts.join(","))
            }
            Input::Heartbeat => "{}".to_string(),
        }
    }
}

/// Server → client frames (`ExecStreamingOutput`), as the CLI reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Stdout(Vec<u8>),
    Stderr(Vec<u8>),
    Exited(i32),
    /// Anything else: heartbeats, stream-close notices.
    Nothing,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct IoOp {
    #[serde(deserialize_with = "super::stream::go_bytes")]
    data: Vec<u8>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExitResult {
    exit_code: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawOutput {
    stdout: Option<IoOp>,
    stderr: Option<IoOp>,
    exited: bool,
    result: Option<ExitResult>,
}

impl Output {
    /// Decodes one frame; the error is the decoder's text.
    pub fn parse(text: &[u8]) -> Result<Output, String> {
        let raw: RawOutput = serde_json::from_slice(text)
            .map_err(|e| format!("invalid character in frame ({e})"))?;
        Ok(if let Some(op) = raw.stdout {
            Output::Stdout(op.data)
        } else if let Some(op) = raw.stderr {
            Output::Stderr(op.data)
        } else if raw.exited {
            match raw.result {
                // Go's int is 64 bits; os.Exit keeps the low byte, as a truncation does here.
                Some(r) => Output::Exited(r.exit_code as i32),
                None => Output::Nothing,
            }
        } else {
            Output::Nothing
        })
    }
}

/// gorilla/websocket's names for close codes.
fn close_code_name(code: u16) -> Option<&'static str> {
    Some(match code {
        1000 => "normal",
        1001 => "going away",
        1002 => "protocol error",
        1003 => "unsupported data",
        1005 => "no status",
        1006 => "abnormal closure",
        1007 => "invalid payload data",
        1008 => "policy violation",
        1009 => "message too big",
        1010 => "mandatory extension missing",
        1011 => "internal server error",
        1015 => "TLS handshake error",
        _ => return None,
    })
}

/// gorilla's `CloseError.Error()`.
fn close_error_text(code: u16, text: &str) -> String {
    let mut s = format!("websocket: close {code}");
    if let Some(n) = close_code_name(code) {
        s.push_str(&format!(" ({n})"));
    }
    if !text.is_empty() {
        s.push_str(": ");
        s.push_str(text);
    }
    s
}

/// The error Nomad's CLI reports when the server closes the socket before the exit frame:
/// the close text alone, except for a normal close, which says that no exit code came.
pub fn close_error(frame: Option<&CloseFrame>) -> String {
    let (code, text) = match frame {
        Some(f) => (u16::from(f.code), f.reason.as_str().to_string()),
        None => (1005, String::new()),
    };
    if code == 1000 {
        return format!(
            "websocket closed before receiving exit code: {}",
            close_error_text(code, &text)
        );
    }
    if !text.is_empty() {
        return text;
    }
    close_error_text(code, &text)
}

/// Go's wording for a failed dial or TLS handshake.
fn dial_error(e: &std::io::Error, net: &str, dial: &str) -> String {
    use std::io::ErrorKind::*;
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("unknownissuer") || lower.contains("unknown issuer") {
        return "tls: failed to verify certificate: x509: certificate signed by unknown authority"
            .into();
    }
    if lower.contains("notvalidforname") || lower.contains("not valid for name") {
        return "tls: failed to verify certificate: x509: certificate is not valid for the requested name"
            .into();
    }
    if lower.contains("expired") {
        return "tls: failed to verify certificate: x509: certificate has expired or is not yet valid"
            .into();
    }
    if lower.contains("failed to lookup address") || lower.contains("name or service not known") {
        let host = dial.rsplit_once(':').map(|(h, _)| h).unwrap_or(dial);
        return format!("dial tcp: lookup {host}: no such host");
    }
    match e.kind() {
        ConnectionRefused => format!("dial {net} {dial}: connect: connection refused"),
        NotFound => format!("dial {net} {dial}: connect: no such file or directory"),
        PermissionDenied => format!("dial {net} {dial}: connect: permission denied"),
        TimedOut => format!("dial {net} {dial}: i/o timeout"),
        ConnectionReset => "read: connection reset by peer".into(),
        UnexpectedEof => "EOF".into(),
        _ => crate::gocompat::os::io_text(e),
    }
}

impl Client {
    /// `GetNodeClientWithTimeout` as exec uses it: `Err` only for a node that is down; `None`
    /// when the node cannot be looked up or advertises no address.
    pub async fn exec_node_client(&self, node_id: &str) -> Result<Option<Client>, String> {
        let Some(n) = self.node_addr(node_id).await else {
            return Ok(None);
        };
        if n.status == "down" {
            return Err(NODE_DOWN.to_string());
        }
        Ok(self.client_for_node(&n))
    }

    /// Opens a WebSocket to `path` (Go's `Client.websocket`): `ws`/`wss` for `http`/`https`,
    /// the token and basic auth as headers, redirects followed; any status but 101 is
    /// `Unexpected response code: <code> (<body>)`.
    pub async fn websocket(&self, path: &str, q: &QueryOptions) -> Result<Socket, String> {
        let mut path = path.to_string();
        for _ in 0..10 {
            match self.websocket_once(&path, q).await? {
                Ok(sock) => return Ok(sock),
                Err(location) => path = location,
            }
        }
        Err("stopped after 10 redirects".into())
    }

    /// One attempt: the socket, or the path a redirect points to.
    async fn websocket_once(
        &self,
        path: &str,
        q: &QueryOptions,
    ) -> Result<Result<Socket, String>, String> {
        let url = self.url(path, q);
        let ws_url = if let Some(rest) = url.strip_prefix("https://") {
            format!("wss://{rest}")
        } else if let Some(rest) = url.strip_prefix("http://") {
            format!("ws://{rest}")
        } else {
            let scheme = match &self.target {
                Target::Unsupported { scheme, .. } => scheme.clone(),
                _ => String::new(),
            };
            return Err(format!("unsupported scheme: {scheme}"));
        };
        let mut req = ws_url
            .as_str()
            .into_client_request()
            .map_err(|e| e.to_string())?;
        let headers = req.headers_mut();
        let mut put = |k: &'static str, v: &str| {
            if let Ok(v) = tungstenite::http::HeaderValue::from_str(v) {
                headers.insert(k, v);
            }
        };
        put("User-Agent", concat!("rnomad/", env!("CARGO_PKG_VERSION")));
        if let Some(t) = &self.config.token {
            put("X-Nomad-Token", t);
        }
        if let Some((u, p)) = &self.config.http_auth {
            put(
                "Authorization",
                &format!("Basic {}", STANDARD.encode(format!("{u}:{p}"))),
            );
        }

        let stream: Box<dyn Io> = match &self.target {
            Target::Tcp { dial, .. } => {
                let tcp = tokio::time::timeout(
                    self.connect_timeout,
                    tokio::net::TcpStream::connect(dial.as_str()),
                )
                .await
                .map_err(|_| format!("dial tcp {dial}: i/o timeout"))?
                .map_err(|e| dial_error(&e, "tcp", dial))?;
                let _ = tcp.set_nodelay(true);
                if ws_url.starts_with("wss://") {
                    let host = dial.rsplit_once(':').map(|(h, _)| h).unwrap_or(dial);
                    let host = host.trim_start_matches('[').trim_end_matches(']');
                    let name = rustls::pki_types::ServerName::try_from(host.to_string())
                        .map_err(|e| e.to_string())?;
                    // Bounded like the connect: a peer that accepts and never speaks must
                    // not hold the session (for a node, the agent is tried next).
                    let tls = tokio::time::timeout(
                        self.connect_timeout,
                        tokio_rustls::TlsConnector::from(Arc::clone(&self.tls)).connect(name, tcp),
                    )
                    .await
                    .map_err(|_| "net/http: TLS handshake timeout".to_string())?
                    .map_err(|e| dial_error(&e, "tcp", dial))?;
                    Box::new(tls)
                } else {
                    Box::new(tcp)
                }
            }
            Target::Unix { path } => Box::new(
                tokio::net::UnixStream::connect(path)
                    .await
                    .map_err(|e| dial_error(&e, "unix", path))?,
            ),
            Target::Unsupported { scheme, .. } => {
                return Err(format!("unsupported scheme: {scheme}"))
            }
        };
        let upgrade = tokio::time::timeout(
            self.connect_timeout,
            tokio_tungstenite::client_async(req, stream),
        )
        .await
        .map_err(|_| "websocket: the upgrade got no answer (i/o timeout)".to_string())?;
        match upgrade {
            Ok((sock, _)) => Ok(Ok(sock)),
            Err(tungstenite::Error::Http(resp)) => {
                let code = resp.status().as_u16();
                if matches!(code, 301 | 307 | 308) {
                    let loc = resp
                        .headers()
                        .get("Location")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    let p = match loc.split_once("://") {
                        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
                        None => loc,
                    };
                    let p = p.split(['?', '#']).next().unwrap_or(p);
                    return Ok(Err(p.to_string()));
                }
                let body = resp
                    .body()
                    .as_deref()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default();
                if body.is_empty() {
                    Err(format!("Unexpected response code: {code}"))
                } else {
                    Err(format!("Unexpected response code: {code} ({body})"))
                }
            }
            Err(tungstenite::Error::Io(e)) => Err(dial_error(&e, "tcp", self.dial())),
            Err(tungstenite::Error::Protocol(
                tungstenite::error::ProtocolError::HandshakeIncomplete,
            )) => Err("unexpected EOF".into()),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// What an exec session runs: a command, or a job's named action (Nomad's `ActionExec`,
/// which goes to `/v1/job/<job>/action` with an empty command and the action's name).
#[derive(Clone, Copy, Debug)]
pub enum Exec<'a> {
    Command(&'a [String]),
    Action {
        job: &'a str,
        group: &'a str,
        action: &'a str,
    },
}

/// Opens the exec session as Nomad's CLI does: through the node's own address when it can be
/// reached (any failure there falls back), through the configured agent otherwise; a node
/// that is down fails at once with `node down`.
pub async fn connect(
    client: &Client,
    alloc_id: &str,
    node_id: &str,
    task: &str,
    tty: bool,
    what: Exec<'_>,
) -> Result<Socket, String> {
    let node = client.exec_node_client(node_id).await?;
    let command: &[String] = match what {
        Exec::Command(c) => c,
        Exec::Action { .. } => &[],
    };
    let cmd = serde_json::to_string(command).map_err(|e| e.to_string())?;
    let mut q = QueryOptions::new()
        .param("tty", if tty { "true" } else { "false" })
        .param("task", task)
        .param("command", &cmd);
    let path = match what {
        Exec::Command(_) => format!("/v1/client/allocation/{alloc_id}/exec"),
        Exec::Action { job, group, action } => {
            q = q
                .param("action", action)
                .param("allocID", alloc_id)
                .param("group", group);
            format!("/v1/job/{}/action", super::url::path_escape(job))
        }
    };
    if let Some(n) = node {
        if let Ok(sock) = n.websocket(&path, &q).await {
            return Ok(sock);
        }
    }
    client.websocket(&path, &q).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

    #[test]
    fn input_frames_are_gos() {
        assert_eq!(
            Input::Stdin(b"hi\n".to_vec()).to_json(),
            r#"{"stdin":{"data":"aGkK"}}"#
        );
        assert_eq!(Input::StdinClose.to_json(), r#"{"stdin":{"close":true}}"#);
        assert_eq!(
            Input::TtySize {
                height: 24,
                width: 80
            }
            .to_json(),
            r#"{"tty_size":{"height":24,"width":80}}"#
        );
        assert_eq!(Input::Heartbeat.to_json(), "{}");
    }

    #[test]
    fn output_frames() {
        assert_eq!(
            Output::parse(br#"{"stdout":{"data":"aGkK"}}"#).unwrap(),
            Output::Stdout(b"hi\n".to_vec())
        );
        assert_eq!(
            Output::parse(br#"{"stderr":{"data":"aGkK"}}"#).unwrap(),
            Output::Stderr(b"hi\n".to_vec())
        );
        assert_eq!(
            Output::parse(br#"{"stdout":{"close":true}}"#).unwrap(),
            Output::Stdout(vec![])
        );
        assert_eq!(
            Output::parse(br#"{"exited":true,"result":{}}"#).unwrap(),
            Output::Exited(0)
        );
        assert_eq!(
            Output::parse(br#"{"exited":true,"result":{"exit_code":3}}"#).unwrap(),
            Output::Exited(3)
        );
        assert_eq!(Output::parse(b"{}").unwrap(), Output::Nothing);
        assert!(Output::parse(b"nope").is_err());
    }

    #[test]
    fn close_errors_read_as_gorillas() {
        let f = |code: u16, text: &str| CloseFrame {
            code: CloseCode::from(code),
            reason: text.into(),
        };
        assert_eq!(
            close_error(Some(&f(1008, "Permission denied"))),
            "Permission denied"
        );
        assert_eq!(
            close_error(Some(&f(1000, ""))),
            "websocket closed before receiving exit code: websocket: close 1000 (normal)"
        );
        assert_eq!(
            close_error(Some(&f(1011, ""))),
            "websocket: close 1011 (internal server error)"
        );
        assert_eq!(close_error(None), "websocket: close 1005 (no status)");
    }
}
