//! A real `nomad agent -dev` for the tier: loopback only, free ports, a temporary data dir,
//! the cloud fingerprinters off, raw_exec on; stopped (SIGINT, then SIGKILL) when dropped.
//! Also the two ways the tier talks to it besides the CLIs: a plain HTTP/1.0 GET (the bytes
//! the agent sends, as curl would read them) and a CLI run against it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Cmd, Run};

pub struct Agent {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    addr: String,
    pub nomad: PathBuf,
    dir: tempfile::TempDir,
}

/// Ports nothing listens on now (bound and released; the agent binds them right after).
fn free_ports(n: usize) -> Vec<u16> {
    let held: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("bind a loopback port"))
        .collect();
    held.iter()
        .map(|l| l.local_addr().expect("local address").port())
        .collect()
}

/// What kind of agent to run.
#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    /// `agent -dev` with raw_exec: a server and a client, raft in memory.
    Dev,
    /// A lone server with raft on disk (a dev agent's in-memory raft cannot be snapshotted).
    Server,
}

impl Agent {
    pub fn start(nomad: &Path) -> Agent {
        Agent::start_kind(nomad, Kind::Dev)
    }

    pub fn start_kind(nomad: &Path, kind: Kind) -> Agent {
        let ports = free_ports(3);
        let dir = tempfile::tempdir().expect("temp dir");
        // Cloud machines: the env_* fingerprinters ask a metadata service that is not there,
        // and the client does not start until they give up.
        let role = match kind {
            Kind::Dev => {
                r#"client {
  options {
    "fingerprint.denylist" = "env_aws,env_gce,env_azure,env_digitalocean"
  }
}
plugin "raw_exec" {
  config {
    enabled = true
  }
}
"#
            }
            Kind::Server => {
                // Off dev mode, Nomad refuses to advertise loopback unless told to.
                r#"server {
  enabled          = true
  bootstrap_expect = 1
}
advertise {
  http = "127.0.0.1"
  rpc  = "127.0.0.1"
  serf = "127.0.0.1"
}
"#
            }
        };
        let config = format!(
            "ports {{\n  http = {}\n  rpc  = {}\n  serf = {}\n}}\n{role}",
            ports[0], ports[1], ports[2]
        );
        let cfg = dir.path().join("agent.hcl");
        std::fs::write(&cfg, config).expect("write the agent config");
        let log = std::fs::File::create(dir.path().join("agent.log")).expect("agent log");
        let mut cmd = Command::new(nomad);
        cmd.arg("agent");
        if kind == Kind::Dev {
            cmd.arg("-dev");
        }
        let child = cmd
            .args(["-bind", "127.0.0.1", "-data-dir"])
            .arg(dir.path().join("data"))
            .arg("-config")
            .arg(&cfg)
            // The agent shows its environment in `agent/host`: give it only what it needs.
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("HOME", dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("agent log"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", nomad.display()));
        let addr = format!("127.0.0.1:{}", ports[0]);
        let mut agent = Agent {
            child,
            url: format!("http://{addr}"),
            addr,
            nomad: nomad.to_path_buf(),
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            if let Ok(Some(status)) = agent.child.try_wait() {
                panic!("the agent exited ({status}):\n{}", agent.log_tail());
            }
            let ready = match kind {
                Kind::Dev => agent.raw_exec_ready(),
                Kind::Server => agent.has_leader(),
            };
            if ready {
                return agent;
            }
            assert!(
                Instant::now() < deadline,
                "not ready after 90s:\n{}",
                agent.log_tail()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn has_leader(&self) -> bool {
        let (code, body) = self.get("/v1/status/leader");
        code == 200 && body.trim().trim_matches('"').contains(':')
    }

    /// A ready node whose raw_exec driver is detected and healthy (a node turns ready before
    /// its drivers are fingerprinted, and jobs registered then are not placed).
    fn raw_exec_ready(&self) -> bool {
        let (code, body) = self.get("/v1/nodes");
        let nodes: Value = serde_json::from_str(&body).unwrap_or_default();
        code == 200
            && nodes.as_array().into_iter().flatten().any(|n| {
                let raw_exec = &n["Drivers"]["raw_exec"];
                n["Status"] == "ready"
                    && raw_exec["Detected"] == true
                    && raw_exec["Healthy"] == true
            })
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.path().join("agent.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// A GET as curl would make it: the status and the body exactly as sent (HTTP/1.0, so the
    /// agent neither chunks nor keeps the connection).
    pub fn get(&self, path: &str) -> (u16, String) {
        let Ok(mut s) = TcpStream::connect(&self.addr) else {
            return (0, String::new());
        };
        let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
        if write!(s, "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n", self.addr).is_err() {
            return (0, String::new());
        }
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let code = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (code, body.to_string())
    }

    /// A GET whose body is JSON.
    pub fn json(&self, path: &str) -> Value {
        let (code, body) = self.get(path);
        assert_eq!(code, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
    }

    /// What a stream endpoint sends in `window` (the connection is then dropped).
    pub fn read_stream(&self, path: &str, window: Duration) -> String {
        let Ok(mut s) = TcpStream::connect(&self.addr) else {
            return String::new();
        };
        let _ = write!(s, "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n", self.addr);
        let deadline = Instant::now() + window;
        let mut raw = Vec::new();
        let mut buf = [0u8; 65536];
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let _ = s.set_read_timeout(Some(left.max(Duration::from_millis(1))));
            match s.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => raw.extend_from_slice(&buf[..n]),
                Err(_) => break,
            }
        }
        let text = String::from_utf8_lossy(&raw);
        text.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default()
    }

    /// Waits until nothing is in flight: no pending evaluation, no pending allocation, no
    /// running deployment but those of `stuck_jobs` (which never finish).
    pub fn settle(&self, stuck_jobs: &[&str]) {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let evals = self.json("/v1/evaluations?namespace=*");
            let allocs = self.json("/v1/allocations?namespace=*");
            let deps = self.json("/v1/deployments?namespace=*");
            let busy = |v: &Value, key: &str, states: &[&str]| {
                v.as_array().is_some_and(|a| {
                    a.iter().any(|x| {
                        states.contains(&x[key].as_str().unwrap_or(""))
                            && !stuck_jobs.contains(&x["JobID"].as_str().unwrap_or(""))
                    })
                })
            };
            let moving = busy(&evals, "Status", &["pending"])
                || busy(&allocs, "ClientStatus", &["pending"])
                || busy(&deps, "Status", &["running", "pending"]);
            if !moving {
                // One more beat for the client's last updates to land.
                std::thread::sleep(Duration::from_millis(500));
                return;
            }
            assert!(Instant::now() < deadline, "the cluster did not settle");
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: `pid` is our own child, not yet reaped.
        unsafe {
            libc::kill(pid, libc::SIGINT);
        }
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `program` (the real `nomad` or rnomad) against the agent, through the tests' one harness:
/// its environment (TZ=UTC, nothing of the caller's, no terminal) with the agent's address,
/// the real clock (the harness freezes rnomad's by default) and the Web UI hints off.
pub fn cli(program: &Path, args: &[&str], agent: &Agent) -> Cmd {
    crate::common::program(&program.to_string_lossy(), args)
        .env("NOMAD_ADDR", &agent.url)
        .env("RNOMAD_TEST_NOW", "")
        .env("HOME", &agent.dir().to_string_lossy())
        .env("NOMAD_CLI_SHOW_HINTS", "false")
}

pub fn run(program: &Path, args: &[&str], agent: &Agent) -> Run {
    cli(program, args, agent).run()
}

pub fn rnomad_bin() -> &'static Path {
    Path::new(crate::common::BIN)
}
