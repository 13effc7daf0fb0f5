//! Go's `net/url` reading and writing of the URLs `operator api` sends: `url.Parse` for an
//! absolute URL, `URL.String()` (a path written back as typed when it is a valid encoding),
//! and the query as `url.Values.Encode` writes it.

use crate::api::url::{query_escape, unescape};

/// A URL in Go's pieces, enough to write it back as `url.URL.String` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoUrl {
    pub scheme: String,
    /// `user` and, when one was given, `password`.
    pub user: Option<(String, Option<String>)>,
    pub host: String,
    /// The path as typed (it is written back as typed when that is valid, as Go does).
    pub raw_path: String,
    /// The query parameters in order (`None`: no query at all).
    pub query: Vec<(String, String)>,
    /// A `?` with nothing after it (Go's `ForceQuery`).
    pub force_query: bool,
    pub fragment: Option<String>,
}

impl GoUrl {
    /// Go's `url.Parse` for an absolute URL with an authority (the only kind
    /// `pathToURL` hands it, as it adds a scheme first).
    pub fn parse(s: &str) -> Result<GoUrl, String> {
        if s.bytes().any(|b| b < 0x20 || b == 0x7f) {
            return Err(format!(
                "parse {}: net/url: invalid control character in URL",
                quote(s)
            ));
        }
        let (rest, fragment) = match s.split_once('#') {
            Some((r, f)) => (r, Some(unescape(f))),
            None => (s, None),
        };
        let (rest, raw_query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (scheme, rest) = rest
            .split_once("://")
            .ok_or_else(|| format!("parse {}: missing protocol scheme", quote(s)))?;
        let (authority, raw_path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (user, host) = match authority.rsplit_once('@') {
            Some((u, h)) => {
                let (name, pass) = match u.split_once(':') {
                    Some((n, p)) => (unescape(n), Some(unescape(p))),
                    None => (unescape(u), None),
                };
                (Some((name, pass)), h)
            }
            None => (None, authority),
        };
        if let Some((_, port)) = host.rsplit_once(':').filter(|(_, p)| !p.contains(']')) {
            if !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "parse {}: invalid port {} after host",
                    quote(s),
                    quote(&format!(":{port}"))
                ));
            }
        }
        let query = raw_query.map(parse_query).unwrap_or_default();
        Ok(GoUrl {
            scheme: scheme.to_ascii_lowercase(),
            user,
            host: host.to_string(),
            raw_path: raw_path.to_string(),
            force_query: raw_query == Some(""),
            query,
            fragment,
        })
    }

    /// The path, decoded (what Go's `URL.Path` holds).
    pub fn path(&self) -> String {
        unescape(&self.raw_path)
    }

    /// The first value of a query parameter.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `q.Set(key, value)`.
    pub fn set(&mut self, key: &str, value: &str) {
        self.query.retain(|(k, _)| k != key);
        self.query.push((key.to_string(), value.to_string()));
    }

    /// `url.Values.Encode`: keys sorted, each key's values in order.
    pub fn encoded_query(&self) -> String {
        let mut q: Vec<&(String, String)> = self.query.iter().collect();
        q.sort_by(|a, b| a.0.cmp(&b.0));
        q.iter()
            .map(|(k, v)| format!("{}={}", query_escape(k), query_escape(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// `url.URL.String()` after the query was re-encoded.
    pub fn to_go_string(&self) -> String {
        let mut s = format!("{}://", self.scheme);
        if let Some((u, p)) = &self.user {
            s.push_str(&escape_userinfo(u));
            if let Some(p) = p {
                s.push(':');
                s.push_str(&escape_userinfo(p));
            }
            s.push('@');
        }
        s.push_str(&self.host);
        s.push_str(&escaped_path(&self.raw_path));
        let q = self.encoded_query();
        if !q.is_empty() || self.force_query {
            s.push('?');
            s.push_str(&q);
        }
        if let Some(f) = &self.fragment {
            s.push('#');
            s.push_str(&escape(f, |b| is_path_char(b) || b == b'?'));
        }
        s
    }

    /// The URL to send: as written, without userinfo and fragment (they are not sent).
    pub fn request_url(&self) -> String {
        let mut u = self.clone();
        u.user = None;
        u.fragment = None;
        u.to_go_string()
    }
}

/// Go's `url.ParseQuery`, keeping what parses: pairs with `;` are dropped, `+` is a space.
fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty() && !p.contains(';'))
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| unescape(&s.replace('+', " "));
            (dec(k), dec(v))
        })
        .collect()
}

fn quote(s: &str) -> String {
    crate::gocompat::strconv::quote(s)
}

/// Bytes Go leaves unescaped in a path (`shouldEscape(…, encodePath)` is false).
fn is_path_char(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'_'
                | b'.'
                | b'~'
                | b'$'
                | b'&'
                | b'+'
                | b','
                | b'/'
                | b':'
                | b';'
                | b'='
                | b'@'
        )
}

fn escape(s: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn escape_userinfo(s: &str) -> String {
    escape(s, |b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'_'
                    | b'.'
                    | b'~'
                    | b'$'
                    | b'&'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'!'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
            )
    })
}

/// Go's `EscapedPath`: the path as typed when it is a valid encoding, else re-escaped.
fn escaped_path(raw: &str) -> String {
    let valid = raw.bytes().all(|b| {
        is_path_char(b) || matches!(b, b'%' | b'!' | b'\'' | b'(' | b')' | b'*' | b'[' | b']')
    });
    if valid {
        raw.to_string()
    } else {
        escape(&unescape(raw), is_path_char)
    }
}
