//! `alloc exec`'s terminal: raw mode for the controlling terminal, restored by a guard (and on
//! panic by a hook), its size, and the signals a session listens to.

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

pub enum Sig {
    Resize,
    /// SIGINT/SIGTERM: the session is cancelled.
    Cancel,
}

/// The signals a session listens to.
pub struct Signals {
    #[cfg(unix)]
    int: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    winch: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    pub fn new(tty: bool) -> Signals {
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

    pub async fn next(&mut self) -> Sig {
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
