//! HTTP front: parses a request, applies faults, latency and ACLs, routes it to a resource
//! module, runs blocking queries, and writes Nomad's headers and error bodies.

mod acl;
mod acl_auth;
mod agent;
mod allocs;
mod catalog;
mod control;
mod deployments;
mod dispatch;
mod eval_delete;
mod evals;
mod events;
mod exec;
mod fs;
mod job_tag;
mod jobs;
mod keyring;
mod login;
mod metrics;
mod nodes;
mod operator;
mod promote;
mod vars;
mod volumes;

use crate::acl::Need;
use crate::server::Shared;
use crate::state::State;
use bytes::Bytes;
use futures_util::stream;
use futures_util::StreamExt as _;
use http_body_util::{combinators::BoxBody, BodyExt, Full, StreamBody};
use hyper::body::Frame;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

pub use catalog::{registrations, scaling_policy_id};
pub use keyring::Keyrings;
pub use operator::default_autopilot_config;
pub use operator::default_config as default_scheduler_config;

pub type Body = BoxBody<Bytes, std::io::Error>;

/// A parsed request, as the handlers see it.
pub struct Req {
    pub query: HashMap<String, String>,
    pub body: Bytes,
    /// Path segments captured by the router (IDs), already percent-decoded.
    pub params: Vec<String>,
    /// The query string as sent (for repeated parameters).
    pub raw_query: String,
    /// Whether the request's token may read (lists that Nomad filters by ACL, such as
    /// variables, answer an empty list rather than a 403).
    pub may_read: bool,
    /// The request's `X-Nomad-Token`, and whether ACLs are on (the `/v1/acl/…` endpoints
    /// answer for themselves).
    pub token: Option<String>,
    pub acl_enabled: bool,
}

impl Req {
    pub fn q(&self, key: &str) -> Option<&str> {
        self.query.get(key).map(String::as_str)
    }

    pub fn flag(&self, key: &str) -> bool {
        matches!(self.q(key), Some("true") | Some("1") | Some(""))
    }

    /// The namespace parameter; Nomad's default is `default`.
    pub fn namespace(&self) -> &str {
        self.q("namespace")
            .filter(|s| !s.is_empty())
            .unwrap_or("default")
    }

    /// Every value of a repeated query parameter, in order.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.raw_query
            .split('&')
            .filter_map(|p| p.split_once('=').or(Some((p, ""))))
            .filter(|(k, _)| decode(k) == key)
            .map(|(_, v)| decode(v))
            .collect()
    }

    pub fn param(&self, i: usize) -> &str {
        self.params.get(i).map(String::as_str).unwrap_or("")
    }

    pub fn json(&self) -> Result<Value, ApiError> {
        serde_json::from_slice(&self.body)
            .map_err(|e| ApiError::new(400, format!("Failed to decode request body: {e}")))
    }
}

/// An error answered as a plain-text body, as Nomad's `wrap` does.
#[derive(Debug)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
    /// The index headers a blocking query sends with its error (a missing object).
    pub index: Option<u64>,
    /// Only `X-Nomad-Index`, as a failed write sends it (a variable's check-and-set
    /// conflict).
    pub write_index: Option<u64>,
    /// A 404 Nomad answers before any state lookup (an unknown volume type): no index
    /// headers.
    pub bare: bool,
}

impl ApiError {
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            index: None,
            write_index: None,
            bare: false,
        }
    }

    pub fn not_found(what: &str) -> Self {
        ApiError::new(404, format!("{what} not found"))
    }
}

/// A successful answer: body plus the index and pagination token headers.
pub struct Answer {
    pub index: Option<u64>,
    pub body: Value,
    pub next_token: Option<String>,
    /// A write that answers with a query's metadata (`X-Nomad-KnownLeader` and
    /// `X-Nomad-LastContact` besides the index), as Nomad's job revert does: a write's
    /// metadata is zero, so `KnownLeader` is false.
    pub query_meta: bool,
    /// No body at all (Nomad's handlers that return nothing), rather than `null`.
    pub no_body: bool,
    /// The status code: 200, or 204 where Nomad answers a write with no content.
    pub status: u16,
}

impl Answer {
    pub fn new(index: u64, body: Value) -> Self {
        Answer {
            index: Some(index),
            body,
            next_token: None,
            query_meta: false,
            no_body: false,
            status: 200,
        }
    }

    /// An answer with an empty body.
    pub fn empty() -> Self {
        Answer {
            no_body: true,
            ..Answer::plain(Value::Null)
        }
    }

    pub fn with_query_meta(self) -> Self {
        Answer {
            query_meta: true,
            ..self
        }
    }

    /// An answer without query metadata (writes that return plain objects).
    pub fn plain(body: Value) -> Self {
        Answer {
            index: None,
            body,
            next_token: None,
            query_meta: false,
            no_body: false,
            status: 200,
        }
    }
}

pub type QueryFn = fn(&State, &Req) -> Result<Answer, ApiError>;
pub type WriteFn = fn(&mut State, &Req) -> Result<Answer, ApiError>;
pub type ControlFn = fn(&Shared, &Req) -> Result<Answer, ApiError>;
/// A raw (non-JSON) answer: its content type and bytes.
pub type RawFn = fn(&State, &Req) -> Result<(&'static str, Vec<u8>), ApiError>;
/// A streamed answer: JSON frames sent one after another, a little apart, then the end.
pub type StreamFn = fn(&State, &Req) -> Result<Vec<Value>, ApiError>;
/// A streaming read: the body is produced as it goes (the fault's `reset_after_bytes` is
/// passed in so the stream itself can break off).
pub type BodyFn = fn(Arc<Shared>, &Req, Option<usize>) -> Result<Body, ApiError>;

/// What a route does: a read that may block, a state change, or a sim control call.
pub enum Handler {
    /// A blocking query: `?index=` waits, the answer (and a not-found) carries the index headers.
    Query(QueryFn),
    /// A read that never blocks and sends no index headers (Nomad's agent, status and client
    /// endpoints: they answer `?index=` at once).
    Read(QueryFn),
    Write(WriteFn),
    Control(ControlFn),
    Stream(StreamFn),
    Raw(RawFn),
    Body(BodyFn),
}

pub struct Route {
    pub handler: Handler,
    pub need: Need,
    pub params: Vec<String>,
}

fn route(method: &str, path: &str) -> Result<Route, ApiError> {
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if segs.first() != Some(&"v1") {
        return Err(ApiError::new(404, ""));
    }
    let rest = &segs[1..];
    if let Some(r) = control::route(method, rest)? {
        return Ok(r);
    }
    for f in [
        login::route,
        acl::route,
        acl_auth::route,
        catalog::route,
        dispatch::route,
        promote::route,
        deployments::route,
        eval_delete::route,
        vars::route,
        job_tag::route,
        jobs::route,
        allocs::route,
        volumes::route,
        nodes::route,
        evals::route,
        fs::route,
        agent::route,
        operator::route,
        keyring::route,
        metrics::route,
    ] {
        if let Some(r) = f(method, rest, path)? {
            return Ok(r);
        }
    }
    Err(ApiError::new(404, ""))
}

/// Builds a route, enforcing the allowed methods (405 `Invalid method` otherwise).
pub fn mk(
    method: &str,
    allowed: &[&str],
    handler: Handler,
    need: Need,
    params: Vec<String>,
) -> Result<Option<Route>, ApiError> {
    if !allowed.contains(&method) {
        return Err(ApiError::new(405, "Invalid method"));
    }
    Ok(Some(Route {
        handler,
        need,
        params,
    }))
}

pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_path(s: &str) -> String {
    // '+' is literal in paths.
    decode(&s.replace('+', "%2B"))
}

fn parse_query(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// A snapshot's `Digest` header value, as Nomad's servers send it.
fn sha256_digest(b: &[u8]) -> String {
    use base64::Engine as _;
    let sum = ring::digest::digest(&ring::digest::SHA256, b);
    format!(
        "sha-256={}",
        base64::engine::general_purpose::STANDARD.encode(sum.as_ref())
    )
}

fn full(status: u16, content_type: &str, body: Bytes) -> hyper::Response<Body> {
    let mut resp = hyper::Response::new(Full::new(body).map_err(|e| match e {}).boxed());
    *resp.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    // An empty type: no header at all (a 204).
    if let Some(v) = (!content_type.is_empty())
        .then(|| content_type.parse().ok())
        .flatten()
    {
        resp.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    resp
}

fn error_response(e: ApiError) -> hyper::Response<Body> {
    let mut resp = full(e.status, "text/plain", Bytes::from(e.message));
    if let Some(idx) = e.index {
        index_headers(resp.headers_mut(), idx);
    }
    if let Some(idx) = e.write_index {
        resp.headers_mut().insert("X-Nomad-Index", idx.into());
    }
    resp
}

/// The query metadata Nomad's blocking endpoints send.
fn index_headers(h: &mut hyper::HeaderMap, idx: u64) {
    h.insert("X-Nomad-Index", idx.into());
    h.insert(
        "X-Nomad-KnownLeader",
        hyper::header::HeaderValue::from_static("true"),
    );
    h.insert(
        "X-Nomad-LastContact",
        hyper::header::HeaderValue::from_static("0"),
    );
}

/// Blocking-query parameters: `index` and `wait` (default and cap 5 minutes).
fn blocking_params(req: &Req) -> Option<(u64, Duration)> {
    let index: u64 = req.q("index")?.parse().ok().filter(|i| *i > 0)?;
    let max = Duration::from_secs(300);
    let wait = req
        .q("wait")
        .and_then(crate::util::parse_go_duration)
        .unwrap_or(max)
        .min(max);
    Some((index, wait))
}

/// Runs a read, re-running it as the state changes until its index passes the requested one
/// or the wait (plus up to 1/16 jitter, as Nomad adds) runs out.
async fn run_query(shared: &Arc<Shared>, f: QueryFn, req: &Req) -> Result<Answer, ApiError> {
    // Nomad looks a missing object up like any other: the query blocks on the state's index
    // and the 404 carries it.
    let f = |st: &State| {
        f(st, req).map_err(|mut e| {
            if e.status == 404 && !e.bare {
                e.index = Some(st.index());
            }
            e
        })
    };
    let mut rx = shared.changes.subscribe();
    let first = shared.read(|st| f(st));
    let first_index = match &first {
        Ok(a) => a.index,
        Err(e) if e.index.is_some() => e.index,
        Err(_) => return first,
    };
    let Some((min_index, wait)) = blocking_params(req) else {
        return first;
    };
    if first_index.unwrap_or(u64::MAX) > min_index {
        return first;
    }
    let jitter = shared.jitter(wait / 16);
    let deadline = tokio::time::Instant::now() + wait + jitter;
    loop {
        let changed = tokio::time::timeout_at(deadline, rx.changed()).await;
        let answer = shared.read(|st| f(st));
        let index = match &answer {
            Ok(a) => a.index,
            Err(e) => e.index,
        };
        match changed {
            Ok(Ok(())) if index.unwrap_or(u64::MAX) <= min_index => continue,
            _ => return answer,
        }
    }
}

/// Serves one request, with the faults that shape a whole answer (a stalling body, the
/// leader header) laid over it.
pub async fn handle(
    shared: Arc<Shared>,
    req: hyper::Request<hyper::body::Incoming>,
) -> hyper::Response<Body> {
    let fault = shared.faults.take(req.uri().path());
    let shape = fault.clone();
    let mut resp = handle_one(shared, req, fault).await;
    if let Some(f) = shape {
        if let Some(known) = f.known_leader {
            let v = hyper::header::HeaderValue::from_static(if known { "true" } else { "false" });
            resp.headers_mut().insert("X-Nomad-KnownLeader", v);
        }
        if let Some(after) = f.stall_after_bytes {
            resp = resp.map(|b| crate::faults::stall_body(b, after, f.stall_ms));
        }
    }
    resp
}

/// Serves one request under `fault`.
async fn handle_one(
    shared: Arc<Shared>,
    mut req: hyper::Request<hyper::body::Incoming>,
    fault: Option<crate::faults::Fault>,
) -> hyper::Response<Body> {
    let method = req.method().as_str().to_string();
    let raw_path = req.uri().path().to_string();
    let raw_query = req.uri().query().unwrap_or("").to_string();
    let query = parse_query(&raw_query);
    let token = req
        .headers()
        .get("X-Nomad-Token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            req.headers()
                .get(hyper::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::to_string)
        });
    if let Some(resp) = exec::intercept(&shared, &mut req, token.clone()) {
        return resp;
    }
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return error_response(ApiError::new(400, "failed to read request body")),
    };

    let latency = shared.latency
        + fault
            .as_ref()
            .and_then(|f| f.latency_ms)
            .map(Duration::from_millis)
            .unwrap_or_default();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if let Some(f) = &fault {
        if f.hang {
            std::future::pending::<()>().await;
        }
        if let Some(status) = f.status {
            return full(
                status,
                "text/plain",
                Bytes::from(f.body.clone().unwrap_or_default()),
            );
        }
    }

    // The sim as an OIDC provider: its sign-in page (see `login::authorize`).
    if method == "GET" && raw_path.ends_with("/authorize") && !raw_path.starts_with("/v1/") {
        return match shared.write(|st| login::authorize(st, &raw_query)) {
            Ok(to) => {
                let mut resp = full(302, "", Bytes::new());
                if let Ok(v) = to.parse() {
                    resp.headers_mut().insert(hyper::header::LOCATION, v);
                }
                resp
            }
            Err(e) => full(400, "text/plain", Bytes::from(e)),
        };
    }
    if raw_path == "/v1/event/stream" {
        return events::serve(shared, &method, &raw_query, token.as_deref(), fault).await;
    }
    let route = match route(&method, &raw_path) {
        Ok(r) => r,
        Err(e) => return error_response(e),
    };
    if let Err(denied) = shared.check_acl(token.as_deref(), route.need) {
        return error_response(ApiError::new(403, denied.message()));
    }
    let req = Req {
        query,
        body,
        params: route.params.iter().map(|p| decode_path(p)).collect(),
        raw_query: raw_query.clone(),
        may_read: shared.check_acl(token.as_deref(), Need::Read).is_ok(),
        token: token.clone(),
        acl_enabled: shared.acl.lock().unwrap_or_else(|p| p.into_inner()).enabled,
    };
    if let Handler::Body(f) = route.handler {
        let reset = fault.as_ref().and_then(|f| f.reset_after_bytes);
        return match f(shared.clone(), &req, reset) {
            Ok(body) => {
                let mut resp = hyper::Response::new(body);
                if let Ok(v) = "application/json".parse() {
                    resp.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
                }
                resp
            }
            Err(e) => error_response(e),
        };
    }
    let is_write = matches!(route.handler, Handler::Write(_));
    let result = match route.handler {
        Handler::Body(_) => Err(ApiError::new(500, "stream handled above")),
        Handler::Query(f) => run_query(&shared, f, &req).await,
        Handler::Read(f) => shared
            .read(|st| f(st, &req))
            .map(|a| Answer { index: None, ..a }),
        Handler::Write(f) => shared.write(|st| f(st, &req)),
        Handler::Control(f) => f(&shared, &req),
        Handler::Stream(f) => return streamed(shared.read(|st| f(st, &req))),
        Handler::Raw(f) => {
            return match shared.read(|st| f(st, &req)) {
                Ok((ct, bytes)) => {
                    let digest = (ct == operator::SNAPSHOT_TYPE).then(|| sha256_digest(&bytes));
                    let mut resp = full(200, ct, Bytes::from(bytes));
                    if let Some(v) = digest.and_then(|d| d.parse().ok()) {
                        resp.headers_mut().insert("Digest", v);
                    }
                    resp
                }
                Err(e) => error_response(e),
            }
        }
    };
    let answer = match result {
        Ok(a) => a,
        Err(e) => return error_response(e),
    };
    // Nomad's encoder writes no newline after the body (`operator api` shows it as is).
    let mut bytes = match serde_json::to_vec(&answer.body) {
        Ok(b) => b,
        Err(e) => return error_response(ApiError::new(500, e.to_string())),
    };
    if answer.no_body {
        bytes.clear();
    }
    let len = bytes.len();
    let mut resp = match fault.and_then(|f| f.reset_after_bytes) {
        Some(n) => truncated(bytes, n),
        None if answer.status == 204 => full(204, "", Bytes::new()),
        None => full(answer.status, "application/json", Bytes::from(bytes)),
    };
    let h = resp.headers_mut();
    if is_write && !answer.query_meta {
        // A write sends only `X-Nomad-Index`: its answer's index, or the `Index` in its body.
        let idx = answer
            .index
            .or_else(|| answer.body["Index"].as_u64().filter(|i| *i > 0));
        if let Some(idx) = idx {
            h.insert("X-Nomad-Index", idx.into());
        }
    } else if let Some(idx) = answer.index {
        index_headers(h, idx);
        if is_write {
            h.insert(
                "X-Nomad-KnownLeader",
                hyper::header::HeaderValue::from_static("false"),
            );
        }
    }
    if let Some(t) = answer.next_token.filter(|t| !t.is_empty()) {
        if let Ok(v) = t.parse() {
            h.insert("X-Nomad-NextToken", v);
        }
    }
    if answer.status != 204 {
        h.insert(hyper::header::CONTENT_LENGTH, len.into());
    }
    resp
}

/// Sends frames 30 ms apart, as a streaming endpoint would, then ends the body.
fn streamed(frames: Result<Vec<Value>, ApiError>) -> hyper::Response<Body> {
    let frames = match frames {
        Ok(f) => f,
        Err(e) => return error_response(e),
    };
    let s = stream::unfold(frames.into_iter(), |mut it| async move {
        let v = it.next()?;
        tokio::time::sleep(Duration::from_millis(30)).await;
        let b = Bytes::from(serde_json::to_vec(&v).unwrap_or_default());
        Some((Ok::<_, std::io::Error>(Frame::data(b)), it))
    });
    let mut resp = hyper::Response::new(BodyExt::boxed(StreamBody::new(s)));
    if let Ok(v) = "application/json".parse() {
        resp.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    resp
}

/// A response that promises the whole body but breaks off after `n` bytes, so the client
/// sees the connection close mid-body.
fn truncated(bytes: Vec<u8>, n: usize) -> hyper::Response<Body> {
    let head = Bytes::from(bytes[..n.min(bytes.len())].to_vec());
    // The pause lets the headers and the head reach the client before the connection breaks.
    let frames = stream::iter(vec![Ok(Frame::data(head)), Err(())]).then(|f| async move {
        match f {
            Ok(f) => Ok(f),
            Err(()) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "sim fault: reset",
                ))
            }
        }
    });
    let mut resp = hyper::Response::new(BodyExt::boxed(StreamBody::new(frames)));
    if let Ok(v) = "application/json".parse() {
        resp.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    resp
}

/// Where an item sits in a paginated list, which is also its `NextToken`: allocations,
/// evaluations and deployments go by `CreateIndex` then ID (token `<index>.<id>`), the
/// others by name (jobs: `<namespace>.<id>`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageKey {
    Index(u64, String),
    Name(String),
}

impl PageKey {
    fn token(&self) -> String {
        match self {
            PageKey::Index(i, id) => format!("{i}.{id}"),
            PageKey::Name(n) => n.clone(),
        }
    }

    /// The request's token read as a key of the same kind as `like`.
    fn parse(token: &str, like: &PageKey) -> PageKey {
        match like {
            PageKey::Index(..) => match token.split_once('.') {
                Some((i, id)) => PageKey::Index(i.parse().unwrap_or(0), id.to_string()),
                None => PageKey::Index(token.parse().unwrap_or(0), String::new()),
            },
            PageKey::Name(_) => PageKey::Name(token.to_string()),
        }
    }
}

/// Paginates a list as Nomad's paginator does: sorted by key (descending with
/// `reverse=true`), `per_page` items from the one whose key is the `next_token` (or the next
/// one after it); returns the page and the token of the first item left out.
pub fn paginate(req: &Req, mut items: Vec<(PageKey, Value)>) -> (Vec<Value>, Option<String>) {
    let reverse = req.flag("reverse");
    items.sort_by(|a, b| a.0.cmp(&b.0));
    if reverse {
        items.reverse();
    }
    let start = match (req.q("next_token").filter(|t| !t.is_empty()), items.first()) {
        (Some(t), Some((like, _))) => {
            let tok = PageKey::parse(t, like);
            items
                .iter()
                .position(|(k, _)| if reverse { *k <= tok } else { *k >= tok })
                .unwrap_or(items.len())
        }
        _ => 0,
    };
    let per_page: usize = req.q("per_page").and_then(|p| p.parse().ok()).unwrap_or(0);
    let mut iter = items.into_iter().skip(start);
    if per_page == 0 {
        return (iter.map(|(_, v)| v).collect(), None);
    }
    let page: Vec<Value> = iter.by_ref().take(per_page).map(|(_, v)| v).collect();
    let next = iter.next().map(|(k, _)| k.token());
    (page, next)
}

/// Nomad's UUID-prefix index decodes the prefix as hex bytes (dashes dropped): an odd number
/// of digits or a non-hex one is a 500 `<what> lookup failed: index error: …` (the CLI trims
/// an odd digit before asking).
pub fn uuid_prefix_error(what: &str, prefix: &str) -> Option<ApiError> {
    let hex: Vec<char> = prefix.chars().filter(|c| *c != '-').collect();
    if hex.len() % 2 == 1 {
        return Some(ApiError::new(
            500,
            format!(
                "{what} lookup failed: index error: Input (without hyphens) must be even length"
            ),
        ));
    }
    let bad = hex.iter().find(|c| !c.is_ascii_hexdigit())?;
    Some(ApiError::new(
        500,
        format!(
            "{what} lookup failed: index error: Invalid UUID: encoding/hex: invalid byte: \
             U+{:04X} '{bad}'",
            *bad as u32
        ),
    ))
}

/// A full-ID lookup that is not 36 characters long fails in Nomad's index with a 500.
pub fn full_id_error(what: &str, id: &str) -> Option<ApiError> {
    (id.len() != 36).then(|| {
        ApiError::new(
            500,
            format!("{what} lookup failed: index error: UUID must be 36 characters"),
        )
    })
}

/// The parsed `filter` parameter, or the 400 Nomad gives for a bad expression.
pub fn filter(req: &Req) -> Result<Option<crate::filter::Expr>, ApiError> {
    match req.q("filter").filter(|f| !f.is_empty()) {
        None => Ok(None),
        Some(f) => crate::filter::parse(f)
            .map(Some)
            .map_err(|e| ApiError::new(400, e)),
    }
}

/// Whether an object in `ns` is visible for the request's namespace (`*` = all).
pub fn ns_match(req: &Req, ns: &str) -> bool {
    let want = req.namespace();
    want == "*" || want == ns
}
