//! nomad-sim: a simulated HashiCorp Nomad v1.10.5 HTTP API for rnomad's tests, benchmarks
//! and demos. See README.md for the contract.
//!
//! ```no_run
//! let sim = nomad_sim::Sim::builder().seed(7).jobs(3).nodes(2).allocs_per_job(2).spawn();
//! let url = sim.url();
//! sim.with_state(|st| { st.set_alloc_status("some-id", "failed"); });
//! ```

pub mod acl;
pub mod clientbook;
pub mod cron;
pub mod diff;
pub mod drain;
pub mod events;
pub mod faults;
pub mod filter;
pub mod generate;
pub mod hcl;
mod http;
/// The Nomad-native service registrations the running allocations make (what `/v1/services` lists).
pub use http::registrations as service_registrations;
/// The ID the sim gives the scaling policy of a job's group.
pub use http::scaling_policy_id;
pub mod job;
pub mod jobspec;
pub mod logs;
pub mod model;
pub mod plan;
pub mod ports;
pub mod sched;
mod server;
pub mod state;
mod tls;
pub mod util;
pub mod vars;

pub use faults::{Fault, Faults};
pub use state::{State, Table, Timing};

use server::Shared;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Certificate, key and optional client CA, all PEM.
type TlsPem = (Vec<u8>, Vec<u8>, Option<Vec<u8>>);

/// Configures a sim; `spawn()` starts it.
#[derive(Clone, Debug, Default)]
pub struct SimBuilder {
    seed: u64,
    jobs: usize,
    nodes: usize,
    allocs_per_job: usize,
    latency_ms: u64,
    frozen_clock: Option<i64>,
    acl: bool,
    tokens: Vec<(String, String)>,
    timing: Option<Timing>,
    tls: Option<TlsPem>,
    addr: Option<SocketAddr>,
    event_buffer_size: Option<usize>,
    lock_min_ttl: Option<Duration>,
}

/// Where the sim listens.
enum Listen {
    Tcp(SocketAddr),
    #[cfg(unix)]
    Unix(std::path::PathBuf),
}

impl SimBuilder {
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    pub fn jobs(mut self, n: usize) -> Self {
        self.jobs = n;
        self
    }
    pub fn nodes(mut self, n: usize) -> Self {
        self.nodes = n;
        self
    }
    pub fn allocs_per_job(mut self, n: usize) -> Self {
        self.allocs_per_job = n;
        self
    }
    /// Delay added to every request.
    pub fn latency_ms(mut self, ms: u64) -> Self {
        self.latency_ms = ms;
        self
    }
    /// Every timestamp derives from this Unix-ns instant instead of the wall clock.
    pub fn frozen_clock(mut self, unix_ns: i64) -> Self {
        self.frozen_clock = Some(unix_ns);
        self
    }
    /// ACLs on: requests need `X-Nomad-Token`. A management token `root` always exists.
    pub fn acl(mut self, enabled: bool) -> Self {
        self.acl = enabled;
        self
    }
    /// Adds a token with a policy (`management`, `write`, `read`, `node-read`, `node-write`,
    /// `deny`).
    pub fn token(mut self, secret: &str, policy: &str) -> Self {
        self.tokens.push((secret.into(), policy.into()));
        self
    }
    /// Scheduler/client delays (defaults: eval 100 ms, start 150 ms, healthy 150 ms).
    pub fn timing(mut self, timing: Timing) -> Self {
        self.timing = Some(timing);
        self
    }
    /// Serves HTTPS with this certificate and key; with a CA, client certificates are required.
    pub fn tls(mut self, cert_pem: &[u8], key_pem: &[u8], client_ca_pem: Option<&[u8]>) -> Self {
        self.tls = Some((
            cert_pem.to_vec(),
            key_pem.to_vec(),
            client_ca_pem.map(<[u8]>::to_vec),
        ));
        self
    }
    /// How many raft indexes of events the stream's buffer holds (Nomad's default: 100).
    pub fn event_buffer_size(mut self, n: usize) -> Self {
        self.event_buffer_size = Some(n);
        self
    }
    /// The shortest variable lock TTL accepted (Nomad's 10s by default); tests lower it to
    /// see renewals and expiry quickly.
    pub fn lock_min_ttl(mut self, d: Duration) -> Self {
        self.lock_min_ttl = Some(d);
        self
    }
    /// Listen address (default 127.0.0.1:0).
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = Some(addr);
        self
    }

    /// Builds the initial state (generation included).
    pub fn build_state(&self) -> State {
        let clock = match self.frozen_clock {
            Some(t) => state::Clock::Frozen(t),
            None => state::Clock::Real,
        };
        let mut st = State::new(self.seed, clock);
        if let Some(t) = self.timing {
            st.timing = t;
        }
        generate::generate(&mut st, self.jobs, self.nodes, self.allocs_per_job);
        // Events start after the generated history (a real buffer would have dropped it).
        st.events.enabled = true;
        if let Some(n) = self.event_buffer_size {
            st.events.size = n;
        }
        if let Some(d) = self.lock_min_ttl {
            st.lock_min_ttl = d;
        }
        st
    }

    fn build_acl(&self) -> acl::Acl {
        let mut a = acl::Acl::default();
        a.set(self.acl, Vec::new());
        a.add_token("root", "management");
        for (s, p) in &self.tokens {
            a.add_token(s, p);
        }
        a
    }

    /// Starts on TCP in a background thread with its own runtime; panics only if it cannot bind.
    pub fn spawn(self) -> Sim {
        let addr = self
            .addr
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        self.spawn_on(Listen::Tcp(addr))
    }

    /// Starts on a unix socket at `path`.
    #[cfg(unix)]
    pub fn spawn_unix(self, path: impl Into<std::path::PathBuf>) -> Sim {
        self.spawn_on(Listen::Unix(path.into()))
    }

    fn spawn_on(self, listen: Listen) -> Sim {
        let shared = Shared::new(
            self.build_state(),
            self.build_acl(),
            Duration::from_millis(self.latency_ms),
        );
        let tls = self.tls.as_ref().map(|(c, k, ca)| {
            tls::acceptor(c, k, ca.as_deref()).unwrap_or_else(|e| panic!("nomad-sim TLS: {e}"))
        });
        let scheme = if tls.is_some() { "https" } else { "http" };
        let (tx, rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let sh = shared.clone();
        let thread = std::thread::Builder::new()
            .name("nomad-sim".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap_or_else(|e| panic!("nomad-sim runtime: {e}"));
                rt.block_on(async move {
                    let serve: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> =
                        match listen {
                            Listen::Tcp(addr) => {
                                let l = tokio::net::TcpListener::bind(addr)
                                    .await
                                    .unwrap_or_else(|e| panic!("nomad-sim bind {addr}: {e}"));
                                let local = l.local_addr().unwrap_or(addr);
                                // The sim answers as every client node too: nodes report its
                                // address as their HTTPAddr, so direct node requests reach it.
                                sh.write(|st| st.client_http_addr = Some(local.to_string()));
                                let _ = tx.send((format!("{scheme}://{local}"), Some(local)));
                                Box::pin(server::accept_tcp(sh.clone(), l, tls))
                            }
                            #[cfg(unix)]
                            Listen::Unix(path) => {
                                let _ = std::fs::remove_file(&path);
                                let l = tokio::net::UnixListener::bind(&path).unwrap_or_else(|e| {
                                    panic!("nomad-sim bind {}: {e}", path.display())
                                });
                                let _ = tx.send((format!("unix:{}", path.display()), None));
                                Box::pin(server::accept_unix(sh.clone(), l))
                            }
                        };
                    tokio::select! {
                        _ = serve => {}
                        _ = server::ticker(sh.clone()) => {}
                        _ = stop_rx => {}
                    }
                });
            })
            .unwrap_or_else(|e| panic!("nomad-sim thread: {e}"));
        let (url, addr) = rx
            .recv()
            .unwrap_or_else(|_| panic!("nomad-sim failed to start"));
        Sim {
            shared,
            url,
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }
}

/// A running sim; dropping it shuts the server down.
pub struct Sim {
    shared: Arc<Shared>,
    url: String,
    addr: Option<SocketAddr>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Sim {
    pub fn builder() -> SimBuilder {
        SimBuilder::default()
    }

    /// `http://127.0.0.1:PORT`, `https://127.0.0.1:PORT`, or `unix:PATH`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The TCP address (panics for a unix-socket sim).
    pub fn addr(&self) -> SocketAddr {
        self.addr
            .unwrap_or_else(|| panic!("nomad-sim listens on a unix socket"))
    }

    /// Mutates the state directly; afterwards every table counts as changed, so blocking
    /// queries wake.
    pub fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        self.shared.write(|st| {
            let r = f(st);
            st.touch_all();
            r
        })
    }

    /// Reads the state.
    pub fn read_state<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        self.shared.read(f)
    }

    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// How many event stream subscriptions are open.
    pub fn event_subscriptions(&self) -> usize {
        self.shared
            .event_subscriptions
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The most requests that were being answered at once (until their response headers).
    pub fn max_in_flight(&self) -> usize {
        self.shared
            .max_in_flight
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Turns ACLs on or off at run time.
    pub fn set_acl(&self, enabled: bool) {
        let mut acl = self.shared.acl.lock().unwrap_or_else(|p| p.into_inner());
        acl.enabled = enabled;
    }

    /// Adds an ACL token with a policy.
    pub fn add_token(&self, secret: &str, policy: &str) {
        let mut acl = self.shared.acl.lock().unwrap_or_else(|p| p.into_inner());
        acl.add_token(secret, policy);
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let _ = std::fs::remove_dir_all(&self.shared.exec_root);
    }
}
