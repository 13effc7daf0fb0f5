//! The client file-system endpoints of the simulated nodes: `/v1/client/fs/logs/:alloc`
//! streams a task's log as Nomad's JSON frames (`{"Data":…,"File":…,"Offset":…}`, heartbeats
//! `{}` every second while following).

use super::{ApiError, Body, Handler, Req, Route};
use crate::acl::Need;
use crate::logs::base64;
use crate::server::Shared;
use bytes::Bytes;
use futures_util::stream;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Frame;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Largest data per frame, as Nomad's framer.
const FRAME: usize = 64 * 1024;

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    match rest {
        ["client", "fs", "logs", id] => {
            if method != "GET" {
                return Err(ApiError::new(405, "Invalid method"));
            }
            Ok(Some(Route {
                handler: Handler::Stream(logs),
                need: Need::Read,
                params: vec![id.to_string()],
            }))
        }
        _ => Ok(None),
    }
}

struct Follow {
    shared: Arc<Shared>,
    alloc: String,
    task: String,
    kind: String,
    pos: usize,
    follow: bool,
    rx: watch::Receiver<u64>,
    sent: usize,
    reset_after: Option<usize>,
    done: bool,
}

fn logs(shared: Arc<Shared>, req: &Req, reset_after: Option<usize>) -> Result<Body, ApiError> {
    let alloc_id = req.param(0).to_string();
    let task = req.q("task").unwrap_or("").to_string();
    let kind = req.q("type").unwrap_or("").to_string();
    let origin = req.q("origin").unwrap_or("start");
    let offset: i64 = match req.q("offset") {
        None | Some("") => 0,
        Some(s) => s
            .parse()
            .map_err(|_| ApiError::new(400, format!("error parsing offset: {s}")))?,
    };
    let follow = req.q("follow").is_some_and(|v| v == "true");
    if task.is_empty() {
        return Err(ApiError::new(400, "must provide task name"));
    }
    if kind != "stdout" && kind != "stderr" {
        return Err(ApiError::new(400, "must provide log type (stdout/stderr)"));
    }
    if origin != "start" && origin != "end" {
        return Err(ApiError::new(400, "origin must be start or end"));
    }
    let len = shared.read(|st| {
        let a = st
            .allocs
            .get(&alloc_id)
            .ok_or_else(|| ApiError::not_found("alloc"))?;
        let Some(ts) = a.task_states.get(&task) else {
            if a.tasks.contains_key(&task) {
                return Err(ApiError::new(
                    404,
                    format!("task {task:?} not started yet. No logs available"),
                ));
            }
            return Err(ApiError::new(400, format!("unknown task name {task:?}")));
        };
        if ts.started_at == 0 {
            return Err(ApiError::new(
                404,
                format!("task {task:?} not started yet. No logs available"),
            ));
        }
        Ok(st.task_log_len(&alloc_id, &task, &kind))
    })? as i64;
    let offset = offset.max(0);
    let pos = if origin == "end" {
        (len - offset).max(0)
    } else {
        offset.min(len)
    } as usize;
    let st = Follow {
        rx: shared.changes.subscribe(),
        shared,
        alloc: alloc_id,
        task,
        kind,
        pos,
        follow,
        sent: 0,
        reset_after,
        done: false,
    };
    let frames = stream::unfold(st, |mut s| async move {
        if s.done {
            return None;
        }
        loop {
            if let Some(n) = s.reset_after {
                if s.sent >= n {
                    s.done = true;
                    // Let what was sent reach the client before the connection breaks.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    let err = std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "sim fault: reset",
                    );
                    return Some((Err(err), s));
                }
            }
            let log = s.shared.read(|st| st.task_log(&s.alloc, &s.task, &s.kind));
            if s.pos < log.len() {
                let end = (s.pos + FRAME).min(log.len());
                let data = &log[s.pos..end];
                s.pos = end;
                let frame = json!({
                    "Data": base64(data),
                    "File": format!("alloc/logs/{}.{}.0", s.task, s.kind),
                    "Offset": end,
                });
                let bytes = Bytes::from(frame.to_string());
                s.sent += bytes.len();
                return Some((Ok(Frame::data(bytes)), s));
            }
            if !s.follow {
                return None;
            }
            match tokio::time::timeout(Duration::from_secs(1), s.rx.changed()).await {
                Ok(Ok(())) => continue,
                Ok(Err(_)) => return None,
                Err(_) => return Some((Ok(Frame::data(Bytes::from_static(b"{}"))), s)),
            }
        }
    });
    Ok(BodyExt::boxed(StreamBody::new(frames)))
}
