//! The client file-system endpoints of the simulated nodes: `/v1/client/fs/logs/:alloc`
//! streams a task's log as Nomad's JSON frames (`{"Data":…,"File":…,"Offset":…}`, heartbeats
//! `{}` every second while following).

use super::{ApiError, Body, Handler, Req, Route};
use crate::acl::Need;
use crate::server::Shared;
use crate::util::base64;
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
                handler: Handler::Body(logs),
                need: Need::Read,
                params: vec![id.to_string()],
            }))
        }
        ["client", "fs", op, id] if matches!(*op, "stat" | "ls" | "cat" | "readat" | "stream") => {
            if method != "GET" {
                return Err(ApiError::new(405, "Invalid method"));
            }
            let handler: super::BodyFn = match *op {
                "stat" => stat,
                "ls" => ls,
                "cat" => cat,
                "readat" => readat,
                _ => stream_file,
            };
            Ok(Some(Route {
                handler: Handler::Body(handler),
                need: Need::Read,
                params: vec![id.to_string()],
            }))
        }
        _ => Ok(None),
    }
}

/// The allocation's files and the requested entry's relative path.
fn lookup(shared: &Shared, req: &Req) -> Result<(Vec<crate::logs::FileEntry>, String), ApiError> {
    let alloc = req.param(0);
    let files = shared.read(|st| {
        if st.allocs.contains_key(alloc) {
            Ok(st.alloc_files(alloc))
        } else {
            Err(ApiError::new(
                404,
                format!("Unknown allocation \"{alloc}\""),
            ))
        }
    })?;
    let path = req
        .q("path")
        .unwrap_or("/")
        .trim_start_matches('/')
        .trim_end_matches('/')
        .to_string();
    Ok((files, path))
}

/// The OS error for a missing path, as the client's `op` (`stat`, `open`) reports it.
fn missing_text(req: &Req, op: &str, path: &str) -> String {
    format!(
        "{op} /var/nomad/alloc/{}/{path}: no such file or directory",
        req.param(0)
    )
}

fn missing(req: &Req, path: &str) -> ApiError {
    ApiError::new(404, missing_text(req, "stat", path))
}

fn info(req: &Req, f: &crate::logs::FileEntry) -> serde_json::Value {
    let name = if f.path.is_empty() {
        req.param(0).to_string()
    } else {
        f.path.rsplit('/').next().unwrap_or("").to_string()
    };
    json!({
        "Name": name,
        "IsDir": f.is_dir,
        "Size": if f.is_dir { 4096 } else { f.content.len() },
        "FileMode": if f.is_dir { "drwxrwxrwx" } else { "-rw-r--r--" },
        "ModTime": crate::util::time_json(f.mod_time),
        "ContentType": if f.is_dir { "application/octet-stream" } else { "text/plain; charset=utf-8" },
    })
}

fn whole(bytes: Vec<u8>) -> Body {
    let frames = stream::iter(vec![Ok::<_, std::io::Error>(Frame::data(Bytes::from(
        bytes,
    )))]);
    BodyExt::boxed(StreamBody::new(frames))
}

/// `whole`, or with a `reset_after_bytes` fault its first `n` bytes and then a broken
/// connection (after a pause, so that they reach the client first).
fn whole_or_cut(bytes: Vec<u8>, reset: Option<usize>) -> Body {
    let Some(n) = reset else {
        return whole(bytes);
    };
    let head = Bytes::from(bytes[..n.min(bytes.len())].to_vec());
    let frames = stream::unfold(Some(head), |head| async move {
        match head {
            Some(h) => Some((Ok(Frame::data(h)), None)),
            None => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                let err =
                    std::io::Error::new(std::io::ErrorKind::ConnectionReset, "sim fault: reset");
                Some((Err(err), None))
            }
        }
    });
    BodyExt::boxed(StreamBody::new(frames))
}

fn stat(shared: Arc<Shared>, req: &Req, _: Option<usize>) -> Result<Body, ApiError> {
    let (files, path) = lookup(&shared, req)?;
    let f = files
        .iter()
        .find(|f| f.path == path)
        .ok_or_else(|| missing(req, &path))?;
    Ok(whole(info(req, f).to_string().into_bytes()))
}

fn ls(shared: Arc<Shared>, req: &Req, _: Option<usize>) -> Result<Body, ApiError> {
    let (files, path) = lookup(&shared, req)?;
    if !files.iter().any(|f| f.path == path && f.is_dir) {
        // The client opens the directory to list it.
        return Err(ApiError::new(404, missing_text(req, "open", &path)));
    }
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("{path}/")
    };
    let entries: Vec<serde_json::Value> = files
        .iter()
        .filter(|f| {
            !f.path.is_empty()
                && f.path.starts_with(&prefix)
                && !f.path[prefix.len()..].contains('/')
        })
        .map(|f| info(req, f))
        .collect();
    Ok(whole(
        serde_json::Value::Array(entries).to_string().into_bytes(),
    ))
}

fn file<'a>(
    files: &'a [crate::logs::FileEntry],
    req: &Req,
    path: &str,
) -> Result<&'a crate::logs::FileEntry, ApiError> {
    if path.is_empty() {
        return Err(ApiError::new(400, "must provide a file name"));
    }
    let f = files
        .iter()
        .find(|f| f.path == path)
        .ok_or_else(|| missing(req, path))?;
    if f.is_dir {
        return Err(ApiError::new(400, format!("file {path:?} is a directory")));
    }
    Ok(f)
}

fn cat(shared: Arc<Shared>, req: &Req, reset: Option<usize>) -> Result<Body, ApiError> {
    let (files, path) = lookup(&shared, req)?;
    // `cat` streams: a missing file is found once the 200 is sent, so the error text becomes
    // the body.
    if !path.is_empty() && !files.iter().any(|f| f.path == path) {
        return Ok(whole(missing_text(req, "stat", &path).into_bytes()));
    }
    Ok(whole_or_cut(
        file(&files, req, &path)?.content.clone(),
        reset,
    ))
}

fn readat(shared: Arc<Shared>, req: &Req, _: Option<usize>) -> Result<Body, ApiError> {
    let (files, path) = lookup(&shared, req)?;
    let f = file(&files, req, &path)?;
    let num = |k: &str, what: &str| -> Result<i64, ApiError> {
        match req.q(k) {
            None | Some("") => Ok(if k == "limit" { -1 } else { 0 }),
            Some(s) => s
                .parse()
                .map_err(|e| ApiError::new(400, format!("error parsing {what}: {e}"))),
        }
    };
    let offset = num("offset", "offset")?.max(0) as usize;
    let limit = num("limit", "limit")?;
    let start = offset.min(f.content.len());
    let end = if limit < 0 {
        f.content.len()
    } else {
        (start + limit as usize).min(f.content.len())
    };
    Ok(whole(f.content[start..end].to_vec()))
}

fn stream_file(
    shared: Arc<Shared>,
    req: &Req,
    reset_after: Option<usize>,
) -> Result<Body, ApiError> {
    let (files, path) = lookup(&shared, req)?;
    let len = file(&files, req, &path)?.content.len() as i64;
    let origin = req.q("origin").unwrap_or("start");
    if origin != "start" && origin != "end" {
        return Err(ApiError::new(400, "origin must be start or end"));
    }
    let offset: i64 = match req.q("offset") {
        None | Some("") => 0,
        Some(s) => s
            .parse()
            .map_err(|_| ApiError::new(400, format!("error parsing offset: {s}")))?,
    };
    let pos = if origin == "end" {
        (len - offset.max(0)).max(0)
    } else {
        offset.clamp(0, len)
    } as usize;
    let follow = req.q("follow") != Some("false");
    Ok(frame_stream(Follow {
        rx: shared.changes.subscribe(),
        shared,
        alloc: req.param(0).to_string(),
        source: Source::File { path },
        pos,
        follow,
        sent: 0,
        reset_after,
        done: false,
    }))
}

/// What a stream reads: a task log or a file of the allocation directory.
enum Source {
    Log { task: String, kind: String },
    File { path: String },
}

impl Source {
    /// Up to `max` bytes from `from`.
    fn read(&self, st: &crate::state::State, alloc: &str, from: usize, max: usize) -> Vec<u8> {
        match self {
            Source::Log { task, kind } => st.task_log_part(alloc, task, kind, from, max),
            Source::File { path } => {
                let content = st
                    .alloc_files(alloc)
                    .into_iter()
                    .find(|f| &f.path == path)
                    .map(|f| f.content)
                    .unwrap_or_default();
                let end = from.saturating_add(max).min(content.len());
                content.get(from..end).unwrap_or_default().to_vec()
            }
        }
    }

    fn name(&self) -> String {
        match self {
            Source::Log { task, kind } => format!("alloc/logs/{task}.{kind}.0"),
            Source::File { path } => path.clone(),
        }
    }
}

struct Follow {
    shared: Arc<Shared>,
    alloc: String,
    source: Source,
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
            .ok_or_else(|| ApiError::new(404, format!("Unknown allocation \"{alloc_id}\"")))?;
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
        source: Source::Log { task, kind },
        pos,
        follow,
        sent: 0,
        reset_after,
        done: false,
    };
    Ok(frame_stream(st))
}

fn frame_stream(st: Follow) -> Body {
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
            let data = s
                .shared
                .read(|st| s.source.read(st, &s.alloc, s.pos, FRAME));
            if !data.is_empty() {
                let end = s.pos + data.len();
                s.pos = end;
                let frame = json!({
                    "Data": base64(&data),
                    "File": s.source.name(),
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
    BodyExt::boxed(StreamBody::new(frames))
}
