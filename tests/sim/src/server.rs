//! The running server: shared state behind a mutex, a watch channel that wakes blocking
//! queries, the ticker that drives the simulated scheduler, and the accept loops for TCP,
//! TLS and unix sockets.

use crate::acl::{Acl, Denied, Need};
use crate::faults::Faults;
use crate::state::State;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::watch;

pub struct Shared {
    pub state: Mutex<State>,
    /// Carries the raft index; every write sends, waking blocking queries.
    pub changes: watch::Sender<u64>,
    pub faults: Faults,
    pub acl: Mutex<Acl>,
    pub latency: Duration,
    jitter_seed: Mutex<crate::util::Rng>,
    /// Where exec sessions get their allocation directories; this sim's own, removed with it.
    pub exec_root: std::path::PathBuf,
    /// Event stream subscriptions open now (tests wait for a follower to connect).
    pub event_subscriptions: std::sync::atomic::AtomicUsize,
    /// Requests being answered now, and the most there have been at once (tests of how many
    /// requests a client keeps in flight).
    pub in_flight: std::sync::atomic::AtomicUsize,
    pub max_in_flight: std::sync::atomic::AtomicUsize,
}

/// Tells apart the sims of one process (their allocation IDs may be the same).
static SIM_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Shared {
    pub fn new(state: State, acl: Acl, latency: Duration) -> Arc<Self> {
        let (changes, _) = watch::channel(state.index());
        Arc::new(Shared {
            state: Mutex::new(state),
            changes,
            faults: Faults::default(),
            acl: Mutex::new(acl),
            latency,
            jitter_seed: Mutex::new(crate::util::Rng::new(0x5eed)),
            exec_root: std::env::temp_dir().join(format!(
                "nomad-sim-{}-{}",
                std::process::id(),
                SIM_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            )),
            event_subscriptions: Default::default(),
            in_flight: Default::default(),
            max_in_flight: Default::default(),
        })
    }

    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        f(&st)
    }

    /// Runs a change and wakes blocking queries if the index moved.
    pub fn write<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let (r, before, after) = {
            let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
            let before = st.index();
            let r = f(&mut st);
            (r, before, st.index())
        };
        if after != before {
            self.changes.send_replace(after);
        }
        r
    }

    pub fn check_acl(&self, token: Option<&str>, need: Need) -> Result<(), Denied> {
        let stored = token.and_then(|t| self.read(|st| st.acl.level(t)));
        let acl = self.acl.lock().unwrap_or_else(|p| p.into_inner());
        acl.check(token, need, stored)
    }

    pub fn jitter(&self, max: Duration) -> Duration {
        let nanos = max.as_nanos() as u64;
        if nanos == 0 {
            return Duration::ZERO;
        }
        let mut rng = self.jitter_seed.lock().unwrap_or_else(|p| p.into_inner());
        Duration::from_nanos(rng.below(nanos))
    }
}

/// Drives the simulated scheduler and clients: runs timers as they fall due.
pub async fn ticker(shared: Arc<Shared>) {
    loop {
        let now = std::time::Instant::now();
        shared.write(|st| {
            for action in st.due_actions(now) {
                crate::sched::run_action(st, action);
            }
        });
        let next = shared.read(|st| st.next_timer());
        let sleep = next
            .map(|t| t.saturating_duration_since(std::time::Instant::now()))
            .unwrap_or(Duration::from_millis(50))
            .clamp(Duration::from_millis(1), Duration::from_millis(50));
        tokio::time::sleep(sleep).await;
    }
}

/// Serves HTTP/1.1 on one accepted connection.
pub async fn serve_conn<S>(shared: Arc<Shared>, io: S)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let svc = hyper::service::service_fn(move |req| {
        let shared = shared.clone();
        async move {
            use std::sync::atomic::Ordering::SeqCst;
            let now = shared.in_flight.fetch_add(1, SeqCst) + 1;
            shared.max_in_flight.fetch_max(now, SeqCst);
            let resp = crate::http::handle(shared.clone(), req).await;
            shared.in_flight.fetch_sub(1, SeqCst);
            Ok::<_, std::convert::Infallible>(resp)
        }
    });
    let _ = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(io), svc)
        .with_upgrades()
        .await;
}

pub async fn accept_tcp(
    shared: Arc<Shared>,
    listener: tokio::net::TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => serve_conn(shared, stream).await,
                Some(acceptor) => {
                    if let Some(s) = crate::tls::accept(&acceptor, stream).await {
                        serve_conn(shared, s).await;
                    }
                }
            }
        });
    }
}

#[cfg(unix)]
pub async fn accept_unix(shared: Arc<Shared>, listener: tokio::net::UnixListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(serve_conn(shared.clone(), stream));
    }
}
