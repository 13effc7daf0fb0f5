//! `GET /v1/event/stream`: ndjson frames from the state's event buffer, then live ones as
//! writes happen, with `{}` heartbeats; topic/key, namespace and index as Nomad.

use super::{error_response, ApiError, Body};
use crate::acl::Need;
use crate::events::{frame, Subscription};
use crate::faults::Fault;
use crate::server::Shared;
use bytes::Bytes;
use futures_util::stream;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Frame;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;

type Chunk = Result<Frame<Bytes>, std::io::Error>;

fn need(topic: &str) -> Need {
    match topic {
        "Deployment" | "Evaluation" | "Allocation" | "Job" | "Service" | "CSIPlugin" => Need::Read,
        "Node" => Need::NodeRead,
        _ => Need::Management,
    }
}

pub async fn serve(
    shared: Arc<Shared>,
    method: &str,
    raw_query: &str,
    token: Option<&str>,
    fault: Option<Fault>,
) -> hyper::Response<Body> {
    if method != "GET" {
        return error_response(ApiError::new(405, "Invalid method"));
    }
    let pairs: Vec<(String, String)> = raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (super::decode(k), super::decode(v)),
            None => (super::decode(p), String::new()),
        })
        .collect();
    let get = |k: &str| pairs.iter().rev().find(|(pk, _)| pk == k).map(|(_, v)| v);
    let index_str = get("index").map(String::as_str).unwrap_or("0");
    let index: i64 = match index_str.parse() {
        Ok(i) => i,
        Err(_) => {
            return error_response(ApiError::new(
                400,
                format!(
                    "Unable to parse index: strconv.Atoi: parsing {}: invalid syntax",
                    serde_json::to_string(index_str).unwrap_or_default()
                ),
            ))
        }
    };
    let raw_topics: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "topic")
        .map(|(_, v)| v.clone())
        .collect();
    let topics = match Subscription::parse_topics(&raw_topics) {
        Ok(t) => t,
        Err(e) => return error_response(ApiError::new(400, e)),
    };
    for t in topics.keys() {
        if shared.check_acl(token, need(t)).is_err() {
            return error_response(ApiError::new(403, "Permission denied"));
        }
    }
    let ns = get("namespace")
        .filter(|s| !s.is_empty())
        .cloned()
        .unwrap_or_else(|| "default".into());
    let namespaces = if ns == "*" {
        shared.read(|st| st.namespaces.keys().cloned().collect())
    } else {
        vec![ns]
    };
    let sub = Subscription {
        topics,
        namespaces: Some(namespaces),
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(64);
    // Go converts a negative index to uint64: past any index held.
    tokio::spawn(pump(shared, sub, index as u64, fault, tx));
    let body = StreamBody::new(stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|c| (c, rx))
    }));
    let mut resp = hyper::Response::new(BodyExt::boxed(body));
    let h = resp.headers_mut();
    h.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    h.insert(
        hyper::header::CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-cache"),
    );
    resp
}

/// Writes frames from the one a subscription asking for `index` starts at, waking on state
/// changes, until the client goes away, falls behind the buffer or a fault breaks the stream
/// off.
async fn pump(
    shared: Arc<Shared>,
    sub: Subscription,
    index: u64,
    fault: Option<Fault>,
    tx: tokio::sync::mpsc::Sender<Chunk>,
) {
    let data = |b: Vec<u8>| Ok(Frame::data(Bytes::from(b)));
    let _open = Open::new(&shared);
    if tx.send(data(b"{}\n".to_vec())).await.is_err() {
        return;
    }
    let mut budget = fault.and_then(|f| f.drop_after_events);
    let heartbeat = shared.read(|st| st.events.heartbeat);
    let mut rx = shared.changes.subscribe();
    // The sequence number of the next frame to send.
    let mut next = shared.read(|st| st.events.start_at(index));
    loop {
        rx.borrow_and_update();
        let frames: Option<Vec<(usize, Vec<u8>)>> = shared.read(|st| {
            let held = st.events.from_seq(next)?;
            let mut out = Vec::new();
            for (seq, (i, evs)) in held {
                next = seq + 1;
                if let Some(f) = frame(&sub, *i, evs) {
                    out.push((sub.filter(evs).len(), f));
                }
            }
            Some(out)
        });
        let Some(frames) = frames else {
            // Nomad ends a subscription whose next frame was dropped, with the error text
            // after the frames (the response has long been 200).
            let _ = tx.send(data(b"event dropped from buffer".to_vec())).await;
            return;
        };
        for (n, f) in frames {
            if let Some(left) = budget.as_mut() {
                if n > *left {
                    let half = f[..f.len() / 2].to_vec();
                    let _ = tx.send(data(half)).await;
                    let _ = tx
                        .send(Err(std::io::Error::new(
                            std::io::ErrorKind::ConnectionReset,
                            "sim fault: stream dropped",
                        )))
                        .await;
                    return;
                }
                *left -= n;
            }
            if tx.send(data(f)).await.is_err() {
                return;
            }
        }
        tokio::select! {
            r = rx.changed() => if r.is_err() { return },
            _ = tokio::time::sleep(heartbeat) => {
                if tx.send(data(b"{}\n".to_vec())).await.is_err() {
                    return;
                }
            }
            _ = tx.closed() => return,
        }
    }
}

/// Counts a subscription as open while it lives.
struct Open<'a>(&'a Shared);

impl<'a> Open<'a> {
    fn new(shared: &'a Shared) -> Self {
        shared.event_subscriptions.fetch_add(1, SeqCst);
        Open(shared)
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        self.0.event_subscriptions.fetch_sub(1, SeqCst);
    }
}
