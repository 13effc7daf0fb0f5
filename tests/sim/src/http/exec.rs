//! `GET /v1/client/allocation/:id/exec`: the exec WebSocket, as a raw_exec task would serve it;
//! `GET /v1/job/:job/action` (`action`, `allocID`, `group`, `task` in the query) is the same
//! session running the command of the task's named `action` block (the texts of its refusals
//! as recorded in fixtures `api/action/`).
//!
//! The request is upgraded first; what Nomad refuses after the upgrade is refused the same way,
//! as a close frame (1008, or 1011 for server errors) whose text is Nomad's: a token that is
//! unknown or lacks `alloc-exec` (the sim's `write` policy) → `Permission denied`, an unknown
//! allocation, a terminal one, a missing task or command, a task that is not running. Then the
//! command runs as a local process in the task's directory under the allocation directory
//! (`$TMPDIR/nomad-sim-<pid>-<n>/<alloc>/<task>`, removed with the sim), with a pseudo-terminal
//! when `tty=true` (sized by the client's first `tty_size`, resized by later ones). Output goes
//! out as
//! `{"stdout":{"data":…}}` / `{"stderr":{"data":…}}` frames (4 KiB at most, as raw_exec's
//! executor reads), then `{"stdout":{"close":true}}`, then `{"exited":true,"result":{…}}` with
//! the real exit code (128+signal for a signalled process); a client that goes away kills it.

use super::{parse_query, Body};
use crate::acl::Need;
use crate::server::Shared;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// What the session was asked for.
struct Params {
    alloc: String,
    task: String,
    command: Vec<String>,
    tty: bool,
    token: Option<String>,
    /// For `/v1/job/:job/action`: the job in the path and the action's name.
    action: Option<(String, String)>,
}

fn plain(status: u16, text: &str) -> hyper::Response<Body> {
    let mut resp = hyper::Response::new(
        Full::new(Bytes::from(text.to_string()))
            .map_err(|e| match e {})
            .boxed(),
    );
    *resp.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    resp
}

/// Answers the request when it is an exec request; `None` leaves it to the normal routes.
pub fn intercept(
    shared: &Arc<Shared>,
    req: &mut hyper::Request<hyper::body::Incoming>,
    token: Option<String>,
) -> Option<hyper::Response<Body>> {
    let segs: Vec<&str> = req
        .uri()
        .path()
        .trim_start_matches('/')
        .split('/')
        .collect();
    let query = parse_query(req.uri().query().unwrap_or(""));
    let (id, action) = match segs.as_slice() {
        ["v1", "client", "allocation", id, "exec"] => (super::decode_path(id), None),
        ["v1", "job", job, "action"] => (
            query.get("allocID").cloned().unwrap_or_default(),
            Some((
                super::decode_path(job),
                query.get("action").cloned().unwrap_or_default(),
            )),
        ),
        _ => return None,
    };
    if req.method() != hyper::Method::GET {
        return Some(plain(405, "Invalid method"));
    }
    let command: Vec<String> =
        match serde_json::from_str(query.get("command").map(String::as_str).unwrap_or("")) {
            Ok(c) => c,
            Err(e) => {
                return Some(plain(
                    500,
                    &format!("failed to marshal command into json: {e}"),
                ))
            }
        };
    let tty = match query.get("tty").map(String::as_str).unwrap_or("") {
        "" => false,
        v => match v {
            "1" | "t" | "T" | "true" | "TRUE" | "True" => true,
            "0" | "f" | "F" | "false" | "FALSE" | "False" => false,
            _ => {
                return Some(plain(
                    500,
                    &format!(
                        "tty value is not a boolean: strconv.ParseBool: parsing \"{v}\": invalid syntax"
                    ),
                ))
            }
        },
    };
    let h = req.headers();
    let upgrade = h
        .get(hyper::header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let Some(key) = h
        .get("Sec-WebSocket-Key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
    else {
        return Some(plain(400, "Bad Request\n"));
    };
    if !upgrade {
        return Some(plain(400, "Bad Request\n"));
    }
    let params = Params {
        alloc: id,
        task: query.get("task").cloned().unwrap_or_default(),
        command,
        tty,
        token,
        action,
    };
    let on_upgrade = hyper::upgrade::on(req);
    let shared = shared.clone();
    tokio::spawn(async move {
        if let Ok(up) = on_upgrade.await {
            let ws = WebSocketStream::from_raw_socket(TokioIo::new(up), Role::Server, None).await;
            serve(shared, ws, params).await;
        }
    });
    let mut resp = plain(101, "");
    *resp.body_mut() = Full::new(Bytes::new()).map_err(|e| match e {}).boxed();
    let hd = resp.headers_mut();
    hd.insert(
        hyper::header::UPGRADE,
        hyper::header::HeaderValue::from_static("websocket"),
    );
    hd.insert(
        hyper::header::CONNECTION,
        hyper::header::HeaderValue::from_static("Upgrade"),
    );
    if let Ok(v) =
        tokio_tungstenite::tungstenite::handshake::derive_accept_key(key.as_bytes()).parse()
    {
        hd.insert("Sec-WebSocket-Accept", v);
    }
    Some(resp)
}

/// What a task needs to run: its directories and environment.
struct Target {
    task_dir: PathBuf,
    env: Vec<(String, String)>,
    /// The command to run: the one asked for, or the action's command and arguments.
    command: Vec<String>,
}

/// Nomad's checks, in the order the server and then the client make them; the error is the
/// HTTP-style code and the text the close frame carries.
fn precheck(shared: &Shared, p: &Params) -> Result<Target, (u16, String)> {
    let denied = || (403, "Permission denied".to_string());
    if let Err(crate::acl::Denied::TokenNotFound) = shared.check_acl(p.token.as_deref(), Need::Read)
    {
        return Err(denied());
    }
    // Asked before the state is locked: the check reads the state's stored tokens too.
    let may_exec = shared.check_acl(p.token.as_deref(), Need::Write).is_ok();
    shared.read(|st| {
        let a = st
            .allocs
            .get(&p.alloc)
            .ok_or_else(|| (404, format!("Unknown allocation \"{}\"", p.alloc)))?;
        if !may_exec {
            return Err(denied());
        }
        if crate::state::is_terminal_client(&a.client_status) {
            return Err((
                400,
                format!(
                    "exec not possible, client status of allocation {} is {}",
                    a.id, a.client_status
                ),
            ));
        }
        if p.task.is_empty() {
            return Err((400, "must provide task name".into()));
        }
        let mut command = p.command.clone();
        if let Some((job, action)) = &p.action {
            if !job.is_empty() && *job != a.job_id {
                return Err((400, format!("job {job} does not have allocation {}", a.id)));
            }
            if !action.is_empty() {
                command = action_command(st, a, &p.task, action)?;
            }
        }
        if command.is_empty() {
            return Err((400, "command is not present".into()));
        }
        let Some(ts) = a.task_states.get(&p.task) else {
            return Err((400, format!("unknown task name \"{}\"", p.task)));
        };
        if ts.started_at == 0 {
            return Err((404, format!("task \"{}\" not started yet.", p.task)));
        }
        if ts.state != "running" {
            return Err((404, format!("task \"{}\" is not running.", p.task)));
        }
        let root = shared.exec_root.join(&a.id);
        let task_dir = root.join(&p.task);
        let env = vec![
            ("NOMAD_ALLOC_DIR", root.join("alloc").display().to_string()),
            (
                "NOMAD_TASK_DIR",
                task_dir.join("local").display().to_string(),
            ),
            (
                "NOMAD_SECRETS_DIR",
                task_dir.join("secrets").display().to_string(),
            ),
            ("NOMAD_ALLOC_ID", a.id.clone()),
            ("NOMAD_ALLOC_NAME", a.name.clone()),
            ("NOMAD_JOB_ID", a.job_id.clone()),
            ("NOMAD_JOB_NAME", a.job_id.clone()),
            ("NOMAD_GROUP_NAME", a.task_group.clone()),
            ("NOMAD_TASK_NAME", p.task.clone()),
            ("NOMAD_NAMESPACE", a.namespace.clone()),
            ("NOMAD_REGION", "global".to_string()),
        ];
        Ok(Target {
            task_dir,
            env: env.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            command,
        })
    })
}

/// The command of a task's named action (`Command` then `Args`), found in the allocation's
/// job as the client finds it; the errors are the client's.
fn action_command(
    st: &crate::state::State,
    a: &crate::model::Alloc,
    task: &str,
    action: &str,
) -> Result<Vec<String>, (u16, String)> {
    let job = st
        .jobs
        .get(&(a.namespace.clone(), a.job_id.clone()))
        .map(|r| &r.job);
    let task_def = job
        .and_then(|j| j["TaskGroups"].as_array())
        .and_then(|gs| gs.iter().find(|g| g["Name"] == a.task_group.as_str()))
        .and_then(|g| g["Tasks"].as_array())
        .and_then(|ts| ts.iter().find(|t| t["Name"] == task))
        .ok_or_else(|| (400, format!("task {task} not found in allocation {}", a.id)))?;
    let found = task_def["Actions"]
        .as_array()
        .and_then(|acts| acts.iter().find(|x| x["Name"] == action))
        .ok_or_else(|| (400, format!("action {action} not found in task {task}")))?;
    let mut cmd = vec![found["Command"].as_str().unwrap_or("").to_string()];
    if let Some(args) = found["Args"].as_array() {
        cmd.extend(args.iter().map(|v| v.as_str().unwrap_or("").to_string()));
    }
    Ok(cmd)
}

type Ws = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

async fn close_with(ws: &mut Ws, code: u16, text: &str) {
    let frame = CloseFrame {
        code: CloseCode::from(if code == 500 { 1011 } else { 1008 }),
        reason: text.into(),
    };
    let _ = ws.send(Message::Close(Some(frame))).await;
    let _ = ws.flush().await;
}

/// Messages for the thread that writes the process's stdin.
enum In {
    Data(Vec<u8>),
    Close,
    Resize(u16, u16),
}

/// What the process threads report.
enum Ev {
    Out(&'static str, Vec<u8>),
    Closed(&'static str),
    Exit(i64),
}

/// One client frame as the stdin thread takes it (heartbeats and unknown frames: `None`).
fn input(text: &[u8]) -> Option<In> {
    let v: Value = serde_json::from_slice(text).ok()?;
    if let Some(s) = v.get("stdin") {
        if let Some(d) = s.get("data").and_then(Value::as_str) {
            // Text that is not base64 is no frame rnomad sends; it is ignored.
            return STANDARD.decode(d).ok().map(In::Data);
        }
        if s.get("close").and_then(Value::as_bool) == Some(true) {
            return Some(In::Close);
        }
    }
    if let Some(t) = v.get("tty_size") {
        let n = |k: &str| t.get(k).and_then(Value::as_u64).unwrap_or(0) as u16;
        return Some(In::Resize(n("height"), n("width")));
    }
    None
}

fn set_size(fd: i32, rows: u16, cols: u16) {
    let ws = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ reads the winsize it is given.
    unsafe {
        libc::ioctl(fd, libc::TIOCSWINSZ, &ws);
    }
}

/// Go's `exec` wording for a command that cannot be started.
fn start_error(cmd: &str, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        if cmd.contains('/') {
            format!("fork/exec {cmd}: no such file or directory")
        } else {
            format!("exec: \"{cmd}\": executable file not found in $PATH")
        }
    } else if e.kind() == std::io::ErrorKind::PermissionDenied {
        format!("fork/exec {cmd}: permission denied")
    } else {
        format!("fork/exec {cmd}: {e}")
    }
}

async fn serve(shared: Arc<Shared>, mut ws: Ws, mut p: Params) {
    let target = match precheck(&shared, &p) {
        Ok(t) => t,
        Err((code, text)) => return close_with(&mut ws, code, &text).await,
    };
    p.command = target.command.clone();
    for d in ["local", "secrets", "tmp"] {
        let _ = std::fs::create_dir_all(target.task_dir.join(d));
    }
    if let Some(alloc_dir) = target.task_dir.parent() {
        let _ = std::fs::create_dir_all(alloc_dir.join("alloc"));
    }

    // With a TTY, wait a moment for the client's first size so the process starts with it.
    let mut early: Vec<In> = Vec::new();
    let mut size: Option<(u16, u16)> = None;
    if p.tty {
        let deadline = tokio::time::Instant::now() + Duration::from_millis(500);
        while size.is_none() {
            match tokio::time::timeout_at(deadline, ws.next()).await {
                Ok(Some(Ok(Message::Text(t)))) => match input(t.as_bytes()) {
                    Some(In::Resize(h, w)) => size = Some((h, w)),
                    Some(other) => early.push(other),
                    None => {}
                },
                Ok(Some(Ok(_))) => {}
                Ok(_) => return,
                Err(_) => break,
            }
        }
    }

    let (ev_tx, mut ev_rx) = tokio::sync::mpsc::unbounded_channel::<Ev>();
    let (in_tx, in_rx) = std::sync::mpsc::channel::<In>();
    let started = if p.tty {
        spawn_tty(&p, &target, size, ev_tx, in_rx)
    } else {
        spawn_pipes(&p, &target, ev_tx, in_rx)
    };
    let (pid, mut open) = match started {
        Ok(s) => s,
        Err(text) => return close_with(&mut ws, 500, &text).await,
    };
    for m in early {
        let _ = in_tx.send(m);
    }
    let mut exit: Option<i64> = None;
    let (mut sink, mut stream) = ws.split();
    loop {
        tokio::select! {
            m = stream.next() => match m {
                Some(Ok(Message::Text(t))) => {
                    if let Some(i) = input(t.as_bytes()) {
                        let _ = in_tx.send(i);
                    }
                }
                Some(Ok(Message::Binary(b))) => {
                    if let Some(i) = input(&b) {
                        let _ = in_tx.send(i);
                    }
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                    if exit.is_none() {
                        // SAFETY: signalling the process this session started.
                        unsafe { libc::kill(pid, libc::SIGKILL); }
                    }
                    return;
                }
                Some(Ok(_)) => {}
            },
            ev = ev_rx.recv() => match ev {
                Some(Ev::Out(kind, data)) => {
                    let f = json!({ kind: { "data": crate::util::base64(&data) } });
                    let _ = sink.send(Message::text(f.to_string())).await;
                }
                Some(Ev::Closed(kind)) => {
                    open -= 1;
                    let f = json!({ kind: { "close": true } });
                    let _ = sink.send(Message::text(f.to_string())).await;
                }
                Some(Ev::Exit(code)) => exit = Some(code),
                None => return,
            },
        }
        if let (0, Some(code)) = (open, exit) {
            let result = if code == 0 {
                json!({})
            } else {
                json!({ "exit_code": code })
            };
            let f = json!({ "exited": true, "result": result });
            let _ = sink.send(Message::text(f.to_string())).await;
            let _ = sink.flush().await;
            // Nomad closes the connection without a close frame once the exit code is out.
            return;
        }
    }
}

fn command(p: &Params, t: &Target) -> std::process::Command {
    let mut c = std::process::Command::new(&p.command[0]);
    c.args(&p.command[1..])
        .current_dir(&t.task_dir)
        .envs(t.env.iter().map(|(k, v)| (k, v)));
    c
}

/// Reads one output until its end, 4 KiB at a time.
fn pump(
    mut r: impl Read + Send + 'static,
    kind: &'static str,
    tx: tokio::sync::mpsc::UnboundedSender<Ev>,
) {
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 4096];
        loop {
            match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if tx.send(Ev::Out(kind, buf[..n].to_vec())).is_err() {
                        return;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                // A pty's master reads EIO once the terminal's last user is gone.
                Err(_) => break,
            }
        }
        let _ = tx.send(Ev::Closed(kind));
    });
}

fn wait_exit(mut child: std::process::Child, tx: tokio::sync::mpsc::UnboundedSender<Ev>) {
    std::thread::spawn(move || {
        use std::os::unix::process::ExitStatusExt;
        let code = match child.wait() {
            Ok(s) => match (s.code(), s.signal()) {
                (Some(c), _) => i64::from(c),
                (None, Some(sig)) => 128 + i64::from(sig),
                _ => -1,
            },
            Err(_) => -2,
        };
        let _ = tx.send(Ev::Exit(code));
    });
}

type Started = Result<(i32, usize), String>;

fn spawn_pipes(
    p: &Params,
    t: &Target,
    tx: tokio::sync::mpsc::UnboundedSender<Ev>,
    rx: std::sync::mpsc::Receiver<In>,
) -> Started {
    use std::process::Stdio;
    let mut child = command(p, t)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| start_error(&p.command[0], &e))?;
    let pid = child.id() as i32;
    let stdin = child.stdin.take();
    if let Some(out) = child.stdout.take() {
        pump(out, "stdout", tx.clone());
    }
    if let Some(err) = child.stderr.take() {
        pump(err, "stderr", tx.clone());
    }
    std::thread::spawn(move || {
        let mut stdin = stdin;
        while let Ok(m) = rx.recv() {
            match m {
                In::Data(d) => {
                    if let Some(s) = stdin.as_mut() {
                        if s.write_all(&d).is_err() {
                            stdin = None;
                        }
                    }
                }
                In::Close => stdin = None,
                In::Resize(..) => {}
            }
        }
    });
    wait_exit(child, tx);
    Ok((pid, 2))
}

fn spawn_tty(
    p: &Params,
    t: &Target,
    size: Option<(u16, u16)>,
    tx: tokio::sync::mpsc::UnboundedSender<Ev>,
    rx: std::sync::mpsc::Receiver<In>,
) -> Started {
    use std::os::unix::process::CommandExt;
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty fills two descriptors, which are owned from here on.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    if rc != 0 {
        return Err(format!(
            "failed to open a tty: {}",
            std::io::Error::last_os_error()
        ));
    }
    // SAFETY: both descriptors were just opened and are not owned elsewhere.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    if let Some((h, w)) = size {
        set_size(master.as_raw_fd(), h, w);
    }
    let dup = |fd: &OwnedFd| {
        fd.try_clone()
            .map_err(|e| format!("failed to get pty: {e}"))
    };
    let mut cmd = command(p, t);
    cmd.stdin(dup(&slave)?)
        .stdout(dup(&slave)?)
        .stderr(dup(&slave)?);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            if libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = cmd.spawn().map_err(|e| start_error(&p.command[0], &e))?;
    drop(cmd);
    drop(slave);
    let pid = child.id() as i32;
    let writer = dup(&master)?;
    pump(std::fs::File::from(master), "stdout", tx.clone());
    std::thread::spawn(move || {
        let fd = writer.as_raw_fd();
        let mut w = std::fs::File::from(writer);
        while let Ok(m) = rx.recv() {
            match m {
                In::Data(d) => {
                    if w.write_all(&d).is_err() {
                        break;
                    }
                }
                // Closing the terminal's master would cut the output short; the process
                // keeps its terminal until it exits.
                In::Close => {}
                In::Resize(h, wd) => set_size(fd, h, wd),
            }
        }
    });
    wait_exit(child, tx);
    Ok((pid, 1))
}
