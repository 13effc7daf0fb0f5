//! The thin HTTP layer over Nomad's API: one client, Nomad's query options and metadata,
//! Nomad's error texts. One module per resource holds the typed bodies rnomad renders and the
//! endpoints as `Client` methods (`client.job_versions::<Value>(id, &q)`,
//! `client.update_node_drain(id, &body, &q)`); no module outside `api` names a `/v1/` path
//! (a test below keeps it so). Reads are generic over the body: a typed view, or
//! `serde_json::Value` when a command prints the server's JSON as is.

pub mod acl;
pub mod acl_auth;
pub mod agent;
pub mod allocs;
pub mod config;
pub mod deployments;
pub mod elements;
pub mod error;
pub mod evals;
pub mod events;
pub mod exec;
pub mod jobs;
pub mod keyring;
pub mod lists;
pub mod login;
pub mod namespaces;
pub mod nodes;
pub mod operator;
pub mod policy;
pub mod raw;
pub mod scaling;
pub mod search;
pub mod services;
pub mod spill;
pub mod stream;
pub mod system;
pub mod tls;
pub mod url;
pub mod vars;
pub mod volumes;

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use config::{ClientFlags, Config};
pub use error::Error;

/// Per-request options (Go's `QueryOptions`).
#[derive(Clone, Debug, Default)]
pub struct QueryOptions {
    pub region: Option<String>,
    pub namespace: Option<String>,
    pub stale: bool,
    pub index: u64,
    pub wait: Option<Duration>,
    pub prefix: Option<String>,
    pub filter: Option<String>,
    pub per_page: Option<i32>,
    pub next_token: Option<String>,
    /// Extra parameters (`all=true`, `os=true`, …), replacing same-named ones.
    pub params: Vec<(String, String)>,
    /// Extra request headers (`X-Nomad-CSI-Secrets`).
    pub headers: Vec<(String, String)>,
}

impl QueryOptions {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn namespace(mut self, ns: &str) -> Self {
        self.namespace = Some(ns.to_string());
        self
    }
    pub fn prefix(mut self, p: &str) -> Self {
        self.prefix = Some(p.to_string());
        self
    }
    pub fn param(mut self, k: &str, v: &str) -> Self {
        self.params.push((k.to_string(), v.to_string()));
        self
    }
}

/// Nomad's `sanitizeUUIDPrefix` for a prefix query: an ID is hex pairs, so an odd count of
/// non-hyphen characters drops the last character.
pub fn sanitize_uuid_prefix(p: &str) -> String {
    let n = p.chars().filter(|c| *c != '-').count();
    if n % 2 == 1 {
        let mut s = p.to_string();
        s.pop();
        s
    } else {
        p.to_string()
    }
}

/// Go's `helper.IsUUID`: 8-4-4-4-12 hex digits (a whole ID, not a prefix).
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// The lists Nomad filters by an ID `prefix`: what `-watch` blocks on and completion reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    Jobs,
    Nodes,
    Allocations,
    Evaluations,
    Deployments,
}

impl Listing {
    /// The list's endpoint.
    pub fn path(self) -> &'static str {
        match self {
            Listing::Jobs => "/v1/jobs",
            Listing::Nodes => "/v1/nodes",
            Listing::Allocations => "/v1/allocations",
            Listing::Evaluations => "/v1/evaluations",
            Listing::Deployments => "/v1/deployments",
        }
    }
}

/// Metadata from the reply headers (Go's `QueryMeta`).
#[derive(Clone, Debug, Default)]
pub struct QueryMeta {
    pub last_index: u64,
    pub last_contact_ms: u64,
    pub known_leader: bool,
    pub next_token: String,
}

/// Where requests go.
#[derive(Clone)]
enum Target {
    /// `scheme://host[:port]` and the `host:port` Go would dial (for error texts).
    Tcp { base: String, dial: String },
    /// A Unix socket: requests are addressed to `http://127.0.0.1`.
    Unix { path: String },
    /// An address whose scheme Go cannot speak: every request fails as Go's would.
    Unsupported { base: String, scheme: String },
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    target: Target,
    config: Config,
    /// The rustls configuration reqwest was built with, shared by the exec WebSocket.
    tls: std::sync::Arc<rustls::ClientConfig>,
    connect_timeout: Duration,
}

/// Go's `url.Parse` failures that Nomad reports as `invalid address`.
fn check_address(addr: &str) -> Result<(), String> {
    let first_colon = addr.find(':');
    let scheme_ok = match first_colon {
        Some(0) => return Err(format!("parse {}: missing protocol scheme", go_q(addr))),
        Some(i) => {
            let s = &addr[..i];
            s.as_bytes()[0].is_ascii_alphabetic()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        }
        None => false,
    };
    if !scheme_ok {
        let first_seg = addr.split('/').next().unwrap_or("");
        if first_seg.contains(':') {
            return Err(format!(
                "parse {}: first path segment in URL cannot contain colon",
                go_q(addr)
            ));
        }
    }
    if addr.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(format!(
            "parse {}: net/url: invalid control character in URL",
            go_q(addr)
        ));
    }
    Ok(())
}

fn go_q(s: &str) -> String {
    crate::gocompat::strconv::quote(s)
}

/// Redirects are followed up to Go's limit of 10, within the origin (scheme, host and port) of
/// the first request only. Go's client, and so Nomad's, follows a redirect anywhere and sends
/// `X-Nomad-Token` along; a proxy or a compromised agent could collect the token that way, so
/// rnomad stops there with an error instead (an `https` → `http` hop changes the origin too).
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(|u| u.origin());
        if attempt.previous().len() >= 10 {
            attempt.error("stopped after 10 redirects")
        } else if first.is_some_and(|o| o != attempt.url().origin()) {
            let to = attempt.url().to_string();
            attempt.error(format!(
                "redirect to another origin refused (it would carry the token): {to}"
            ))
        } else {
            attempt.follow()
        }
    })
}

impl Client {
    /// Builds the client; the error is the text Nomad prints after `Error initializing client: `.
    pub fn new(config: Config) -> Result<Client, String> {
        let connect = config.timeouts.connect();
        Self::with_connect_timeout(config, connect)
    }

    /// As `new`, with another TCP connect timeout (Nomad uses 1 s for client nodes).
    pub fn with_connect_timeout(config: Config, connect: Duration) -> Result<Client, String> {
        let addr = config.address.clone();
        check_address(&addr).map_err(|e| format!("invalid address '{addr}': {e}"))?;
        let material = tls::TlsMaterial::load(&config.tls)?;

        let (scheme, rest) = match addr.split_once("://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r.to_string()),
            None => match addr.split_once(':') {
                Some((s, _)) => (s.to_ascii_lowercase(), String::new()),
                None => (String::new(), addr.clone()),
            },
        };
        // Only scheme, userinfo and host are used; any path is ignored, as in Go.
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("").to_string();
        let host = authority
            .rsplit_once('@')
            .map(|(_, h)| h.to_string())
            .unwrap_or(authority.clone());
        let mut config = config;
        if let Some((userinfo, _)) = authority.rsplit_once('@') {
            let (u, p) = userinfo.split_once(':').unwrap_or((userinfo, ""));
            config.http_auth = Some((pct_decode(u), pct_decode(p)));
        }

        let mut builder = reqwest::Client::builder()
            .http1_only()
            .no_proxy_if(scheme == "unix")
            .connect_timeout(connect)
            .user_agent(concat!("rnomad/", env!("CARGO_PKG_VERSION")))
            .redirect(same_origin_redirects())
            .pool_idle_timeout(Duration::from_secs(90));
        let target = match scheme.as_str() {
            "http" | "https" => {
                let default_port = if scheme == "https" { 443 } else { 80 };
                let dial = if host.rsplit_once(':').is_some_and(|(_, p)| !p.contains(']')) {
                    host.clone()
                } else {
                    format!("{host}:{default_port}")
                };
                Target::Tcp {
                    base: format!("{scheme}://{host}"),
                    dial,
                }
            }
            "unix" => {
                // `unix:///run/nomad.sock`: the socket is the URL's path.
                let path = pct_decode(&rest[authority.len()..]);
                builder = builder.unix_socket(path.clone());
                Target::Unix { path }
            }
            _ => Target::Unsupported {
                base: if host.is_empty() && !scheme.is_empty() {
                    format!("{scheme}://")
                } else if scheme.is_empty() {
                    String::new()
                } else {
                    format!("{scheme}://{host}")
                },
                scheme: scheme.clone(),
            },
        };
        let tls_config = if scheme == "https" {
            material.client_config()?
        } else {
            tls::TlsMaterial::plain_config()?
        };
        let tls = std::sync::Arc::new(tls_config.clone());
        builder = builder.tls_backend_preconfigured(tls_config);
        let http = builder.build().map_err(|e| e.to_string())?;
        Ok(Client {
            http,
            target,
            config,
            tls,
            connect_timeout: connect,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The address as configured, for Web UI hints (`unix://` shows as `http://127.0.0.1`).
    pub fn address(&self) -> String {
        match self.target {
            Target::Unix { .. } => "http://127.0.0.1".to_string(),
            _ => self.config.address.clone(),
        }
    }

    fn base(&self) -> &str {
        match &self.target {
            Target::Tcp { base, .. } => base,
            Target::Unix { .. } => "http://127.0.0.1",
            Target::Unsupported { base, .. } => base,
        }
    }

    /// Whether requests go over a Unix socket.
    pub fn is_unix(&self) -> bool {
        matches!(self.target, Target::Unix { .. })
    }

    /// The socket path of a `unix://` address.
    pub fn unix_socket(&self) -> Option<&str> {
        match &self.target {
            Target::Unix { path } => Some(path),
            _ => None,
        }
    }

    /// The scheme of an address Go cannot speak, if it is one.
    fn unsupported_scheme(&self) -> Option<&str> {
        match &self.target {
            Target::Unsupported { scheme, .. } => Some(scheme),
            _ => None,
        }
    }

    fn dial(&self) -> &str {
        match &self.target {
            Target::Tcp { dial, .. } => dial,
            Target::Unix { path } => path,
            Target::Unsupported { .. } => "",
        }
    }

    /// The full request URL with its query sorted by key, as Go's `url.Values.Encode` does.
    pub fn url(&self, path: &str, q: &QueryOptions) -> String {
        let mut params: Vec<(String, String)> = Vec::new();
        let mut set = |k: &str, v: String| {
            params.retain(|(pk, _)| pk != k);
            params.push((k.to_string(), v));
        };
        if let Some(r) = &self.config.region {
            set("region", r.clone());
        }
        if let Some(n) = &self.config.namespace {
            set("namespace", n.clone());
        }
        let (path, inline) = match path.split_once('?') {
            Some((p, qs)) => (p, Some(qs)),
            None => (path, None),
        };
        let mut extra: Vec<(String, String)> = Vec::new();
        if let Some(qs) = inline {
            for pair in qs.split('&').filter(|s| !s.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                extra.push((pct_decode(k), pct_decode(v)));
            }
        }
        if let Some(r) = &q.region {
            set("region", r.clone());
        }
        if let Some(n) = &q.namespace {
            set("namespace", n.clone());
        }
        if q.stale {
            set("stale", String::new());
        }
        if q.index != 0 {
            set("index", q.index.to_string());
        }
        if let Some(w) = q.wait {
            set("wait", format!("{}ms", w.as_millis()));
        }
        if let Some(p) = &q.prefix {
            set("prefix", p.clone());
        }
        if let Some(f) = &q.filter {
            set("filter", f.clone());
        }
        if let Some(n) = q.per_page {
            set("per_page", n.to_string());
        }
        if let Some(t) = &q.next_token {
            set("next_token", t.clone());
        }
        for (k, v) in q.params.iter() {
            set(k, v.clone());
        }
        // Parameters written into the endpoint are added to, not replacing, the others.
        params.extend(extra);
        params.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = String::with_capacity(self.base().len() + path.len() + 64);
        out.push_str(self.base());
        out.push_str(path);
        if !params.is_empty() {
            out.push('?');
            for (i, (k, v)) in params.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                out.push_str(&url::query_escape(k));
                out.push('=');
                out.push_str(&url::query_escape(v));
            }
        }
        out
    }

    /// A request to `url` with the token and basic auth Nomad's client sends, or Go's error
    /// for an address whose scheme cannot be spoken.
    fn request(
        &self,
        method: reqwest::Method,
        method_name: &'static str,
        url: &str,
    ) -> Result<reqwest::RequestBuilder, Error> {
        if let Target::Unsupported { scheme, .. } = &self.target {
            return Err(Error::Transport {
                method: method_name,
                url: url.to_string(),
                cause: format!("unsupported protocol scheme \"{scheme}\""),
            });
        }
        let mut req = self.http.request(method, url);
        if let Some(t) = &self.config.token {
            // Sensitive: kept out of debug output (and out of HTTP/2 header compression).
            req = match reqwest::header::HeaderValue::from_str(t) {
                Ok(mut v) => {
                    v.set_sensitive(true);
                    req.header("X-Nomad-Token", v)
                }
                Err(_) => req.header("X-Nomad-Token", t),
            };
        }
        if let Some((u, p)) = &self.config.http_auth {
            req = req.basic_auth(u, Some(p));
        }
        Ok(req)
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        q: &QueryOptions,
        body: Option<Vec<u8>>,
    ) -> Result<(bytes::Bytes, QueryMeta), Error> {
        let url = self.url(path, q);
        let method_name: &'static str = match method.as_str() {
            "GET" => "GET",
            "PUT" => "PUT",
            "POST" => "POST",
            "DELETE" => "DELETE",
            _ => "GET",
        };
        let mut req = self.request(method, method_name, &url)?;
        for (k, v) in &q.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        if let Some(b) = body {
            req = req.body(b);
        }
        let transport = |e: reqwest::Error| Error::Transport {
            method: method_name,
            url: url.clone(),
            cause: error::transport_cause(&e, self.dial()),
        };
        let limits = self.config.timeouts;
        let headers = limits.headers(q);
        let resp = policy::within(headers, req.send())
            .await
            .ok_or_else(|| self.timed_out(method_name, &url, policy::no_response(headers)))?
            .map_err(transport)?;
        let status = resp.status().as_u16();
        let meta = meta_from(resp.headers());
        let bytes = match policy::read_body(resp, limits.silence()).await {
            Ok(b) => b,
            Err(policy::BodyError::Silent) => {
                return Err(self.timed_out(method_name, &url, policy::silent(limits.silence())))
            }
            // Go's decoder (200) or Nomad's error constructor (others) meeting a short body.
            Err(policy::BodyError::Broken(_)) if status == 200 => {
                return Err(Error::Decode("unexpected EOF".into()))
            }
            Err(policy::BodyError::Broken(_)) => {
                return Err(Error::Decode(format!(
                    "Unexpected response code: {status}. Additionally, an error occurred while constructing this error (unexpected EOF); the body might be truncated or missing."
                )))
            }
        };
        if status != 200 {
            return Err(Error::Status {
                code: status,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
        Ok((bytes, meta))
    }

    /// The error for a request that ran out of time (see `policy`).
    fn timed_out(&self, method: &'static str, url: &str, cause: String) -> Error {
        Error::Transport {
            method,
            url: url.to_string(),
            cause,
        }
    }

    /// How long a stream may stay silent before it counts as broken (see `policy`).
    pub fn stream_silence(&self) -> Option<Duration> {
        self.config.timeouts.silence()
    }

    /// GET and decode into `T`.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        let (bytes, meta) = self.send(reqwest::Method::GET, path, q, None).await?;
        Ok((decode(&bytes)?, meta))
    }

    /// `GET` one of the prefix-filtered lists, decoded into `T` (`Value` to print it as is).
    pub async fn list<T: DeserializeOwned>(
        &self,
        list: Listing,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(list.path(), q).await
    }

    /// GET the body as untyped JSON (for `-json` and `-t`).
    pub async fn get_value(
        &self,
        path: &str,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        self.get(path, q).await
    }

    /// A blocking query: answers once the result's index moves past `last_index`, or after
    /// `wait` (the server adds up to 1/16 of jitter). Returns the body and the new index.
    pub async fn block<T: DeserializeOwned>(
        &self,
        path: &str,
        q: &QueryOptions,
        last_index: u64,
        wait: Duration,
    ) -> Result<(T, QueryMeta), Error> {
        let q = QueryOptions {
            index: last_index,
            wait: Some(wait),
            ..q.clone()
        };
        self.get(path, &q).await
    }

    /// DELETE and decode the reply.
    pub async fn delete<T: DeserializeOwned>(
        &self,
        path: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        let (bytes, meta) = self.send(reqwest::Method::DELETE, path, q, None).await?;
        Ok((decode(&bytes)?, meta))
    }

    /// PUT a JSON body and decode the reply.
    pub async fn put<T: DeserializeOwned, B: serde::Serialize>(
        &self,
        path: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        let mut b = serde_json::to_vec(body).map_err(|e| Error::Decode(e.to_string()))?;
        b.push(b'\n');
        let (bytes, meta) = self.send(reqwest::Method::PUT, path, q, Some(b)).await?;
        Ok((decode(&bytes)?, meta))
    }

    /// GET the raw body (profiles and other non-JSON answers).
    pub async fn get_bytes(
        &self,
        path: &str,
        q: &QueryOptions,
    ) -> Result<(bytes::Bytes, QueryMeta), Error> {
        self.send(reqwest::Method::GET, path, q, None).await
    }

    /// A GET whose body is a stream: the response once its status is 200 (read it with
    /// `chunk()`), or the error Nomad's client would give.
    pub async fn stream(&self, path: &str, q: &QueryOptions) -> Result<reqwest::Response, Error> {
        let url = self.url(path, q);
        let limit = self.config.timeouts.headers(&QueryOptions::new());
        let send = self.request(reqwest::Method::GET, "GET", &url)?.send();
        let resp = policy::within(limit, send)
            .await
            .ok_or_else(|| self.timed_out("GET", &url, policy::no_response(limit)))?
            .map_err(|e| Error::Transport {
                method: "GET",
                url: url.clone(),
                cause: error::transport_cause(&e, self.dial()),
            })?;
        let status = resp.status().as_u16();
        if status != 200 {
            let body = policy::read_body(resp, self.stream_silence()).await;
            let body = body.map(|b| String::from_utf8_lossy(&b).into_owned());
            return Err(Error::Status {
                code: status,
                body: body.unwrap_or_default(),
            });
        }
        Ok(resp)
    }

    /// Any method, an optional JSON body, the reply as untyped JSON (`null` when empty).
    pub async fn send_value(
        &self,
        method: &str,
        path: &str,
        q: &QueryOptions,
        body: Option<&Value>,
    ) -> Result<(Value, QueryMeta), Error> {
        let m = match method {
            "POST" => reqwest::Method::POST,
            "DELETE" => reqwest::Method::DELETE,
            "GET" => reqwest::Method::GET,
            _ => reqwest::Method::PUT,
        };
        let b = match body {
            Some(v) => {
                let mut b = serde_json::to_vec(v).map_err(|e| Error::Decode(e.to_string()))?;
                b.push(b'\n');
                Some(b)
            }
            None => None,
        };
        let (bytes, meta) = self.send(m, path, q, b).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok((Value::Null, meta));
        }
        Ok((decode(&bytes)?, meta))
    }
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    if bytes.is_empty() {
        return Err(Error::Decode(
            "Got 0 byte response with non-nil decode object".into(),
        ));
    }
    serde_json::from_slice(bytes).map_err(|e| Error::Decode(json_error_text(&e)))
}

/// Go's `encoding/json` wording for the common decode failures.
fn json_error_text(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "unexpected EOF".into(),
        Category::Syntax => "invalid character in JSON response".to_string() + &format!(" ({e})"),
        _ => format!("json: cannot unmarshal response: {e}"),
    }
}

fn meta_from(h: &reqwest::header::HeaderMap) -> QueryMeta {
    let s = |k: &str| h.get(k).and_then(|v| v.to_str().ok()).unwrap_or("");
    QueryMeta {
        last_index: s("X-Nomad-Index").parse().unwrap_or(0),
        last_contact_ms: s("X-Nomad-LastContact").parse().unwrap_or(0),
        known_leader: s("X-Nomad-KnownLeader") == "true",
        next_token: s("X-Nomad-NextToken").to_string(),
    }
}

fn pct_decode(s: &str) -> String {
    url::unescape(s)
}

trait NoProxyIf {
    fn no_proxy_if(self, cond: bool) -> Self;
}

impl NoProxyIf for reqwest::ClientBuilder {
    fn no_proxy_if(self, cond: bool) -> Self {
        if cond {
            self.no_proxy()
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Endpoints are functions here: no other module names a `/v1/` path (issue 13).
    #[test]
    fn only_the_api_names_endpoints() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        walk(&src, &mut files);
        assert!(files.len() > 50, "{}", files.len());
        let needle = concat!("\"", "/v1/");
        let mut found = Vec::new();
        for f in files.iter().filter(|f| !f.starts_with(src.join("api"))) {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                if line.contains(needle) {
                    found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(
            found.is_empty(),
            "paths outside src/api:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn uuid_prefix() {
        assert_eq!(sanitize_uuid_prefix("abc"), "ab");
        assert_eq!(sanitize_uuid_prefix("abcd-e"), "abcd-");
        assert_eq!(sanitize_uuid_prefix("26470238-5CF"), "26470238-5C");
        assert_eq!(sanitize_uuid_prefix("abcd"), "abcd");
    }

    fn client(addr: &str) -> Result<Client, String> {
        Client::new(Config {
            address: addr.into(),
            ..Default::default()
        })
    }

    #[test]
    fn address_errors_match_go() {
        assert_eq!(
            client("127.0.0.1:4646").err().unwrap(),
            "invalid address '127.0.0.1:4646': parse \"127.0.0.1:4646\": first path segment in URL cannot contain colon"
        );
        assert!(client("localhost:4646").is_ok());
        assert!(client("http://127.0.0.1:4646/some/path").is_ok());
    }

    #[test]
    fn url_query_is_sorted_and_escaped() {
        let mut cfg = Config {
            address: "http://127.0.0.1:4646/ignored".into(),
            ..Default::default()
        };
        cfg.namespace = Some("*".into());
        cfg.region = Some("global".into());
        let c = Client::new(cfg).unwrap();
        let q = QueryOptions::new().prefix("ab").param("all", "true");
        assert_eq!(
            c.url("/v1/jobs", &QueryOptions {
                filter: Some("Status == \"failed\"".into()),
                ..q
            }),
            "http://127.0.0.1:4646/v1/jobs?all=true&filter=Status+%3D%3D+%22failed%22&namespace=%2A&prefix=ab&region=global"
        );
    }

    #[test]
    fn unix_addresses_use_localhost() {
        let c = client("unix:///tmp/nomad.sock").unwrap();
        assert_eq!(
            c.url("/v1/jobs", &QueryOptions::new()),
            "http://127.0.0.1/v1/jobs"
        );
        assert_eq!(c.address(), "http://127.0.0.1");
    }
}
