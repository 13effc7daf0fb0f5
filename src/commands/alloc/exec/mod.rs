//! `alloc exec` (alias `exec`): runs a command in a task over Nomad's exec WebSocket (Nomad's
//! `command/alloc_exec.go`, `api/allocations_exec.go`).
//!
//! Stdin is read on a thread of its own (2048 bytes at a time, as Nomad) and sent as frames;
//! stdout and stderr frames are written out as they come; the exit frame's code becomes
//! rnomad's exit code. With a TTY the terminal is put in raw mode and restored on every way
//! out (return, error, signal, escape, panic), its size is sent at the start and on SIGWINCH,
//! and `~.` at the start of a line ends the session.

mod stdin;
mod terminal;

pub use terminal::is_tty;

use std::io::Write;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use super::{alloc_from_arg, lookup_task, prefix_list, validate_task};
use crate::api::allocs::AllocInfo;
use crate::api::exec::{close_error, connect, Exec, Input, Output};
use crate::api::sanitize_uuid_prefix;
use crate::api::Client;
use crate::cli::alloc::{AllocExecArgs, SessionArgs};
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::views::allocs::format_alloc_list_stubs;
use stdin::{spawn_stdin_reader, StdinEvent};
use terminal::{Sig, Signals};

/// Nomad's heartbeat period on the exec socket.
const HEARTBEAT: Duration = Duration::from_secs(10);

pub async fn run(ctx: &mut Ctx, a: &AllocExecArgs) -> i32 {
    if a.args.is_empty() {
        let msg = if a.job {
            "A job ID is required"
        } else {
            "An allocation ID is required"
        };
        return usage_error(ctx, msg, "alloc exec");
    }
    // Go's len() counts bytes.
    if !a.job && a.args[0].len() == 1 {
        ctx.ui
            .error("Alloc ID must contain at least two characters");
        return 1;
    }
    if a.args.len() < 2 {
        return usage_error(ctx, "A command is required", "alloc exec");
    }
    let opts = match session_options(&a.session) {
        Ok(o) => o,
        Err(e) => {
            ctx.ui.error(e);
            return 1;
        }
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let alloc = if a.job {
        alloc_from_arg(ctx, &client, &a.args[0], true, &a.group, false).await
    } else {
        find_exec_alloc(ctx, &client, &a.args[0]).await
    };
    let alloc = match alloc {
        Ok(a) => a,
        Err(code) => return code,
    };
    let task = if !a.task.is_empty() {
        validate_task(&a.task, &alloc).map(|_| a.task.clone())
    } else {
        lookup_task(&alloc)
    };
    let task = match task {
        Ok(t) => t,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    ctx.ui.flush();
    match session(&client, &alloc, &task, Exec::Command(&a.args[1..]), opts).await {
        Ok(code) => code,
        Err(e) => {
            ctx.ui.error(&format!("failed to exec into task: {e}"));
            1
        }
    }
}

/// exec's own prefix lookup (also `job action -alloc`): its not-found message quotes the
/// argument as typed, and the ambiguity table always has short IDs.
pub async fn find_exec_alloc(ctx: &mut Ctx, client: &Client, id: &str) -> Result<AllocInfo, i32> {
    let allocs = match prefix_list(client, &sanitize_uuid_prefix(id)).await {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying allocation: {e}"));
            return Err(1);
        }
    };
    match allocs.len() {
        0 => {
            ctx.ui.error(&format!(
                "No allocation(s) with prefix or id {} found",
                quote(id)
            ));
            return Err(1);
        }
        1 => {}
        _ => {
            ctx.ui.error(&format!(
                "Prefix matched multiple allocations\n\n{}",
                format_alloc_list_stubs(&allocs, false, ctx.now_ns)
            ));
            return Err(1);
        }
    }
    super::fetch_alloc(ctx, client, &allocs[0]).await
}

/// How the local end of a session behaves: a terminal or not, stdin passed or not, the
/// escape character of a terminal session.
pub struct Session {
    pub tty: bool,
    pub stdin: bool,
    pub escape: Option<u8>,
}

/// The session `-i`, `-t` and `-e` ask for, or the error Nomad gives for them.
pub fn session_options(a: &SessionArgs) -> Result<Session, &'static str> {
    let tty = match a.tty.as_str() {
        "true" => true,
        "false" => false,
        _ => is_tty(),
    };
    if tty && !a.stdin {
        return Err("-i must be enabled if running with tty");
    }
    let escape = if a.escape == "none" { "" } else { &a.escape };
    // Go's len() counts bytes.
    if escape.len() > 1 {
        return Err("-e requires 'none' or a single character");
    }
    Ok(Session {
        tty,
        stdin: a.stdin,
        escape: escape.bytes().next(),
    })
}

/// One exec session (a command, or a job's action); the error is what follows
/// `failed to exec into task: `.
pub async fn session(
    client: &Client,
    alloc: &AllocInfo,
    task: &str,
    what: Exec<'_>,
    opts: Session,
) -> Result<i32, String> {
    // Signals are caught from here on, so that none can leave the terminal raw.
    let mut signals = Signals::new(opts.tty);
    // The terminal goes raw before the connection is made, as Nomad does; the guard puts it
    // back however this function is left.
    let raw = if opts.tty {
        Some(terminal::RawMode::enter()?)
    } else {
        None
    };
    let connecting = connect(client, &alloc.id, &alloc.node_id, task, opts.tty, what);
    tokio::pin!(connecting);
    let socket = loop {
        tokio::select! {
            s = &mut connecting => break s?,
            sig = signals.next() => if let Sig::Cancel = sig {
                return Err("context canceled".into());
            },
        }
    };
    let (mut sink, mut frames) = socket.split();

    let (tx, mut events) = mpsc::unbounded_channel::<StdinEvent>();
    if opts.stdin {
        let escape = if opts.tty { opts.escape } else { None };
        spawn_stdin_reader(tx.clone(), escape);
    } else {
        let _ = tx.send(StdinEvent::Frame(Input::StdinClose));
    }
    if opts.tty {
        if let Some((height, width)) = terminal::size() {
            let _ = tx.send(StdinEvent::Frame(Input::TtySize { height, width }));
        }
    }
    let mut heartbeat =
        tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);

    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    loop {
        tokio::select! {
            msg = frames.next() => {
                let text = match msg {
                    Some(Ok(Message::Text(t))) => t.as_bytes().to_vec(),
                    Some(Ok(Message::Binary(b))) => b.to_vec(),
                    Some(Ok(Message::Close(f))) => return Err(close_error(f.as_ref())),
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => return Err(receive_error(e)),
                    None => return Err("unexpected EOF".into()),
                };
                match Output::parse(&text)? {
                    Output::Stdout(d) if !d.is_empty() => {
                        let _ = stdout.write_all(&d);
                        let _ = stdout.flush();
                    }
                    Output::Stderr(d) if !d.is_empty() => {
                        let _ = stderr.write_all(&d);
                        let _ = stderr.flush();
                    }
                    Output::Exited(code) => {
                        drop(raw);
                        return Ok(code);
                    }
                    _ => {}
                }
            }
            ev = events.recv() => match ev {
                Some(StdinEvent::Frame(input)) => {
                    // Write failures surface on the receiving side, as in Nomad.
                    let _ = sink.send(Message::text(input.to_json())).await;
                }
                Some(StdinEvent::Disconnect) => {
                    drop(raw);
                    let _ = stderr.write_all(b"\nConnection closed\n");
                    return Err("context canceled".into());
                }
                Some(StdinEvent::Error(e)) => {
                    return Err(format!("failed to send input: {e}"));
                }
                None => {}
            },
            sig = signals.next() => match sig {
                Sig::Resize => {
                    if let Some((height, width)) = terminal::size() {
                        let _ = sink.send(Message::text(Input::TtySize { height, width }.to_json())).await;
                    }
                }
                Sig::Cancel => return Err("context canceled".into()),
            },
            _ = heartbeat.tick() => {
                let _ = sink.send(Message::text(Input::Heartbeat.to_json())).await;
            }
        }
    }
}

/// A receive error in gorilla's words.
fn receive_error(e: tokio_tungstenite::tungstenite::Error) -> String {
    use tokio_tungstenite::tungstenite::error::ProtocolError;
    use tokio_tungstenite::tungstenite::Error as E;
    match e {
        E::Protocol(ProtocolError::ResetWithoutClosingHandshake) => "unexpected EOF".into(),
        E::ConnectionClosed | E::AlreadyClosed => "unexpected EOF".into(),
        E::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => "unexpected EOF".into(),
        E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionReset => {
            "read: connection reset by peer".into()
        }
        other => other.to_string(),
    }
}
