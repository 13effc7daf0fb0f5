//! A real `nomad agent -dev` for the tier: loopback only, free ports, a temporary data dir,
//! the cloud fingerprinters off, raw_exec on; stopped (SIGINT, then SIGKILL) when dropped.
//! Also the two ways the tier talks to it besides the CLIs: a plain HTTP/1.0 GET (the bytes
//! the agent sends, as curl would read them) and running a program against it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::Value;

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

impl Agent {
    pub fn start(nomad: &Path) -> Agent {
        let ports = free_ports(3);
        let dir = tempfile::tempdir().expect("temp dir");
        // Cloud machines: the env_* fingerprinters ask a metadata service that is not there,
        // and the client does not start until they give up.
        let config = format!(
            r#"ports {{
  http = {}
  rpc  = {}
  serf = {}
}}
client {{
  options {{
    "fingerprint.denylist" = "env_aws,env_gce,env_azure,env_digitalocean"
  }}
}}
plugin "raw_exec" {{
  config {{
    enabled = true
  }}
}}
"#,
            ports[0], ports[1], ports[2]
        );
        let cfg = dir.path().join("agent.hcl");
        std::fs::write(&cfg, config).expect("write the agent config");
        let log = std::fs::File::create(dir.path().join("agent.log")).expect("agent log");
        let child = Command::new(nomad)
            .args(["agent", "-dev", "-bind", "127.0.0.1", "-data-dir"])
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
            let (code, body) = agent.get("/v1/nodes");
            if code == 200 && body.contains(r#""Status":"ready""#) {
                return agent;
            }
            assert!(
                Instant::now() < deadline,
                "no ready node after 90s:\n{}",
                agent.log_tail()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
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

/// One run of a program: what it printed and how it ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Both CLIs run the same way: the same arguments, the same environment (nothing of the
/// caller's), no terminal.
pub fn command(program: &Path, args: &[&str], agent: &Agent) -> Command {
    let mut c = Command::new(program);
    c.args(args)
        .current_dir(agent.dir())
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", agent.dir())
        .env("TZ", "UTC")
        .env("NOMAD_ADDR", &agent.url)
        .env("NOMAD_CLI_SHOW_HINTS", "false")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

pub fn run(program: &Path, args: &[&str], agent: &Agent) -> Run {
    let out = command(program, args, agent)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", program.display()));
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

pub fn rnomad_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_rnomad"))
}

/// A program left running, its stdout read line by line as it comes.
pub struct Live {
    child: Child,
    lines: Receiver<String>,
}

impl Live {
    pub fn start(program: &Path, args: &[&str], agent: &Agent) -> Live {
        let mut child = command(program, args, agent)
            .spawn()
            .unwrap_or_else(|e| panic!("running {}: {e}", program.display()));
        let out = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Live { child, lines: rx }
    }

    /// The lines printed until nothing came for `quiet` (waiting at most `limit` in all).
    pub fn until_quiet(&self, quiet: Duration, limit: Duration) -> Vec<String> {
        let deadline = Instant::now() + limit;
        let mut got = Vec::new();
        while Instant::now() < deadline {
            match self.lines.recv_timeout(quiet) {
                Ok(l) => got.push(l),
                Err(_) if got.is_empty() => continue,
                Err(_) => break,
            }
        }
        got
    }

    /// SIGINT, then what is left: the rest of stdout, stderr and the exit code.
    pub fn interrupt(mut self) -> (Vec<String>, String, i32) {
        // SAFETY: our own child, not yet reaped.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGINT);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(s)) => break Some(s),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                _ => {
                    let _ = self.child.kill();
                    break None;
                }
            }
        };
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        // Reader thread: give it a moment to pass on the last lines.
        std::thread::sleep(Duration::from_millis(100));
        let code = status.and_then(|s| s.code()).unwrap_or(-1);
        let rest = self.lines.try_iter().collect();
        (rest, err, code)
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
