//! `alloc exec` (alias `exec`): runs a command in a task over Nomad's exec WebSocket (Nomad's
//! `command/alloc_exec.go`, `api/allocations_exec.go`).
//!
//! Stdin is read on a thread of its own (2048 bytes at a time, as Nomad) and sent as frames;
//! stdout and stderr frames are written out as they come; the exit frame's code becomes
//! rnomad's exit code. With a TTY the terminal is put in raw mode and restored on every way
//! out (return, error, signal, escape, panic), its size is sent at the start and on SIGWINCH,
//! and `~.` at the start of a line ends the session.

use std::io::Write;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use super::{alloc_from_arg, lookup_task, prefix_list, validate_task};
use crate::api::allocs::AllocInfo;
use crate::api::exec::{close_error, connect, Input, Output};
use crate::api::sanitize_uuid_prefix;
use crate::api::Client;
use crate::cli::alloc::AllocExecArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::views::allocs::format_alloc_list_stubs;

/// Nomad's heartbeat period on the exec socket.
const HEARTBEAT: Duration = Duration::from_secs(10);
/// How much stdin one frame carries at most.
const STDIN_CHUNK: usize = 2048;

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
    let tty = match a.tty.as_str() {
        "true" => true,
        "false" => false,
        _ => terminal::is_tty(),
    };
    if tty && !a.stdin {
        ctx.ui.error("-i must be enabled if running with tty");
        return 1;
    }
    let escape = if a.escape == "none" { "" } else { &a.escape };
    if escape.len() > 1 {
        ctx.ui.error("-e requires 'none' or a single character");
        return 1;
    }
    let escape = escape.bytes().next();
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
    let opts = Session {
        tty,
        stdin: a.stdin,
        escape,
    };
    match session(&client, &alloc, &task, &a.args[1..], opts).await {
        Ok(code) => code,
        Err(e) => {
            ctx.ui.error(&format!("failed to exec into task: {e}"));
            1
        }
    }
}

/// exec's own prefix lookup: its not-found message quotes the argument as typed, and the
/// ambiguity table always has short IDs.
async fn find_exec_alloc(ctx: &mut Ctx, client: &Client, id: &str) -> Result<AllocInfo, i32> {
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

struct Session {
    tty: bool,
    stdin: bool,
    escape: Option<u8>,
}

/// What the stdin thread reports.
enum StdinEvent {
    Frame(Input),
    /// `<escape>.` at the start of a line.
    Disconnect,
    Error(String),
}

/// One exec session; the error is what follows `failed to exec into task: `.
async fn session(
    client: &Client,
    alloc: &AllocInfo,
    task: &str,
    command: &[String],
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
    let connecting = connect(client, &alloc.id, &alloc.node_id, task, opts.tty, command);
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

/// Reads stdin on a thread (a blocking read cannot be cancelled; the process ends with the
/// session), escapes it when asked, and reports frames, the escape, EOF and errors.
fn spawn_stdin_reader(tx: mpsc::UnboundedSender<StdinEvent>, escape: Option<u8>) {
    let report = tx.clone();
    let spawned = std::thread::Builder::new()
        .name("exec-stdin".into())
        .spawn(move || {
            use std::io::Read;
            let mut esc = escape.map(Escaper::new);
            let mut buf = vec![0u8; STDIN_CHUNK];
            let mut stdin = std::io::stdin().lock();
            loop {
                let n = match stdin.read(&mut buf) {
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        let _ = tx.send(StdinEvent::Error(format!(
                            "read /dev/stdin: {}",
                            crate::api::tls::io_text(&e)
                        )));
                        return;
                    }
                };
                if n == 0 {
                    if let Some(e) = esc.as_mut() {
                        let rest = e.finish();
                        if !rest.is_empty() {
                            let _ = tx.send(StdinEvent::Frame(Input::Stdin(rest)));
                        }
                    }
                    let _ = tx.send(StdinEvent::Frame(Input::StdinClose));
                    return;
                }
                let (data, disconnect) = match esc.as_mut() {
                    Some(e) => e.feed(&buf[..n]),
                    None => (buf[..n].to_vec(), false),
                };
                if !data.is_empty() && tx.send(StdinEvent::Frame(Input::Stdin(data))).is_err() {
                    return;
                }
                if disconnect {
                    let _ = tx.send(StdinEvent::Disconnect);
                    return;
                }
            }
        });
    if let Err(e) = spawned {
        let _ = report.send(StdinEvent::Error(e.to_string()));
    }
}

/// ssh-style escapes (Nomad's `escapingio`): the escape character counts only at the start of
/// the session or after `\n`/`\r`; doubled, it sends one; followed by `.` it disconnects;
/// followed by anything else, both characters pass.
pub struct Escaper {
    esc: u8,
    line_start: bool,
    pending: bool,
}

impl Escaper {
    pub fn new(esc: u8) -> Escaper {
        Escaper {
            esc,
            line_start: true,
            pending: false,
        }
    }

    /// The bytes to send, and whether `<escape>.` was seen (what follows it is dropped).
    pub fn feed(&mut self, input: &[u8]) -> (Vec<u8>, bool) {
        let mut out = Vec::with_capacity(input.len() + 1);
        for &b in input {
            if self.pending {
                self.pending = false;
                if b == self.esc {
                    out.push(b);
                    self.line_start = false;
                } else if b == b'.' {
                    return (out, true);
                } else {
                    out.push(self.esc);
                    out.push(b);
                    self.line_start = b == b'\n' || b == b'\r';
                }
            } else if self.line_start && b == self.esc {
                self.pending = true;
            } else {
                out.push(b);
                self.line_start = b == b'\n' || b == b'\r';
            }
        }
        (out, false)
    }

    /// At the end of input, a held escape character is sent after all.
    pub fn finish(&mut self) -> Vec<u8> {
        if std::mem::take(&mut self.pending) {
            vec![self.esc]
        } else {
            Vec::new()
        }
    }
}

enum Sig {
    Resize,
    /// SIGINT/SIGTERM: the session is cancelled.
    Cancel,
}

/// The signals a session listens to.
struct Signals {
    #[cfg(unix)]
    int: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    winch: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    fn new(tty: bool) -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Signals {
                int: signal(SignalKind::interrupt()).ok(),
                term: signal(SignalKind::terminate()).ok(),
                winch: if tty {
                    signal(SignalKind::window_change()).ok()
                } else {
                    None
                },
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tty;
            Signals {}
        }
    }

    async fn next(&mut self) -> Sig {
        #[cfg(unix)]
        {
            async fn recv(s: &mut Option<tokio::signal::unix::Signal>) {
                match s {
                    Some(s) => {
                        if s.recv().await.is_none() {
                            std::future::pending::<()>().await;
                        }
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            tokio::select! {
                _ = recv(&mut self.int) => Sig::Cancel,
                _ = recv(&mut self.term) => Sig::Cancel,
                _ = recv(&mut self.winch) => Sig::Resize,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            Sig::Cancel
        }
    }
}

/// Raw mode for the controlling terminal, restored by a guard, and on panic by a hook.
mod terminal {
    use std::sync::Mutex;

    /// Nomad's `isTty()`: stdin and stdout are both terminals.
    pub fn is_tty() -> bool {
        // SAFETY: isatty only inspects the descriptor.
        unsafe { libc::isatty(0) == 1 && libc::isatty(1) == 1 }
    }

    /// The terminal's rows and columns, from stdout as Nomad reads them.
    pub fn size() -> Option<(u16, u16)> {
        // SAFETY: TIOCGWINSZ fills the winsize it is given.
        unsafe {
            let mut ws: libc::winsize = std::mem::zeroed();
            if libc::ioctl(1, libc::TIOCGWINSZ, &mut ws) != 0 {
                return None;
            }
            Some((ws.ws_row, ws.ws_col))
        }
    }

    /// The settings to put back, for the panic hook.
    static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

    fn restore_saved() {
        let saved = SAVED.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(t) = saved {
            // SAFETY: t is a termios read from this descriptor.
            unsafe {
                libc::tcsetattr(0, libc::TCSANOW, &t);
            }
        }
    }

    pub struct RawMode(());

    impl RawMode {
        /// Makes stdin raw (stdout must be a terminal too, as Nomad checks); the error is
        /// Nomad's `not a terminal`.
        pub fn enter() -> Result<RawMode, String> {
            // SAFETY: plain termios calls on descriptor 0 with owned structs.
            unsafe {
                if libc::isatty(0) != 1 || libc::isatty(1) != 1 {
                    return Err("not a terminal".into());
                }
                let mut t: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(0, &mut t) != 0 {
                    return Err(std::io::Error::last_os_error().to_string());
                }
                let mut raw = t;
                libc::cfmakeraw(&mut raw);
                raw.c_cc[libc::VMIN] = 1;
                raw.c_cc[libc::VTIME] = 0;
                *SAVED.lock().unwrap_or_else(|p| p.into_inner()) = Some(t);
                install_panic_hook();
                if libc::tcsetattr(0, libc::TCSANOW, &raw) != 0 {
                    let e = std::io::Error::last_os_error().to_string();
                    restore_saved();
                    return Err(e);
                }
            }
            Ok(RawMode(()))
        }
    }

    impl Drop for RawMode {
        fn drop(&mut self) {
            restore_saved();
        }
    }

    fn install_panic_hook() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore_saved();
                previous(info);
            }));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::Escaper;

    fn run(input: &[&[u8]]) -> (Vec<u8>, bool) {
        let mut e = Escaper::new(b'~');
        let mut out = Vec::new();
        for chunk in input {
            let (d, stop) = e.feed(chunk);
            out.extend(d);
            if stop {
                return (out, true);
            }
        }
        out.extend(e.finish());
        (out, false)
    }

    #[test]
    fn escapes_like_nomad() {
        assert_eq!(run(&[b"~."]), (vec![], true));
        assert_eq!(run(&[b"ls\n~."]), (b"ls\n".to_vec(), true));
        assert_eq!(run(&[b"ls\r~", b"."]), (b"ls\r".to_vec(), true));
        assert_eq!(run(&[b"a~.b"]), (b"a~.b".to_vec(), false));
        assert_eq!(run(&[b"~~.x"]), (b"~.x".to_vec(), false));
        assert_eq!(run(&[b"~x\n~y"]), (b"~x\n~y".to_vec(), false));
        assert_eq!(run(&[b"~\n~."]), (b"~\n".to_vec(), true));
        assert_eq!(run(&[b"x\n~"]), (b"x\n~".to_vec(), false));
        assert_eq!(
            run(&[b"x\n", b"~", b"~", b"~."]),
            (b"x\n~~.".to_vec(), false)
        );
    }
}
