//! API errors, worded exactly as Nomad's Go api client words them.

use std::fmt;

#[derive(Debug, Clone)]
pub enum Error {
    /// A reply whose status was not 200: `Unexpected response code: 404 (job not found)`.
    Status { code: u16, body: String },
    /// The request never got a reply: Go's `url.Error`, `Get "<url>": <cause>`.
    Transport {
        method: &'static str,
        url: String,
        cause: String,
    },
    /// The reply could not be decoded.
    Decode(String),
}

impl Error {
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// Nomad's `strings.Contains(err.Error(), api.PermissionDeniedErrorContent)`.
    pub fn is_permission_denied(&self) -> bool {
        self.to_string().contains("Permission denied")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Status { code, body } => {
                let body = body.trim();
                if body.is_empty() {
                    write!(f, "Unexpected response code: {code}")
                } else {
                    write!(f, "Unexpected response code: {code} ({body})")
                }
            }
            Error::Transport { method, url, cause } => {
                let op = match *method {
                    "GET" => "Get",
                    "PUT" => "Put",
                    "POST" => "Post",
                    "DELETE" => "Delete",
                    other => other,
                };
                write!(f, "{op} \"{url}\": {cause}")
            }
            Error::Decode(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {}

/// Go's wording for why a connection failed, from the chain of a reqwest error.
pub fn transport_cause(err: &reqwest::Error, dial: &str) -> String {
    let mut texts = Vec::new();
    let mut io_kind = None;
    let mut src: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = src {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            io_kind.get_or_insert(io.kind());
        }
        texts.push(e.to_string());
        src = e.source();
    }
    let all = texts.join(": ").to_lowercase();
    use std::io::ErrorKind::*;
    if all.contains("invalid peer certificate") || all.contains("certificate") {
        if all.contains("unknownissuer") || all.contains("unknown issuer") {
            return "tls: failed to verify certificate: x509: certificate signed by unknown authority"
                .into();
        }
        if all.contains("notvalidforname") || all.contains("not valid for name") {
            return "tls: failed to verify certificate: x509: certificate is not valid for the requested name"
                .into();
        }
        if all.contains("expired") {
            return "tls: failed to verify certificate: x509: certificate has expired or is not yet valid"
                .into();
        }
    }
    if all.contains("invalidcontenttype") || all.contains("corrupt message") {
        return "http: server gave HTTP response to HTTPS client".into();
    }
    if all.contains("dns error") || all.contains("failed to lookup address") {
        let host = dial.rsplit_once(':').map(|(h, _)| h).unwrap_or(dial);
        return format!("dial tcp: lookup {host}: no such host");
    }
    let net = if dial.starts_with('/') { "unix" } else { "tcp" };
    match io_kind {
        Some(ConnectionRefused) => {
            return format!("dial {net} {dial}: connect: connection refused")
        }
        Some(NotFound) => return format!("dial {net} {dial}: connect: no such file or directory"),
        Some(PermissionDenied) => return format!("dial {net} {dial}: connect: permission denied"),
        Some(ConnectionReset) => return "read: connection reset by peer".into(),
        Some(TimedOut) => return format!("dial {net} {dial}: i/o timeout"),
        _ => {}
    }
    if err.is_timeout() {
        return format!("dial {net} {dial}: i/o timeout");
    }
    if all.contains("connection closed before message completed")
        || all.contains("unexpected eof")
        || all.contains("incompletemessage")
    {
        return "EOF".into();
    }
    // Fall back to the innermost cause, which is the most specific.
    texts.last().cloned().unwrap_or_else(|| err.to_string())
}
