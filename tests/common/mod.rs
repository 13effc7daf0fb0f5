//! The shared end-to-end harness: a nomad-sim in-process and the real `rnomad` binary run
//! against it with a controlled environment. A run is stdout, stderr and the exit code,
//! rendered as one text for snapshots.
#![allow(dead_code)]

use std::fmt;
use std::io::Write;
use std::process::{Command, Stdio};

pub use nomad_sim::Sim;

/// The instant the sim's clock is frozen at, and rnomad's "now": 2023-11-14T22:13:20Z.
pub const NOW_SECS: i64 = 1_700_000_000;

/// A small generated cluster with a frozen clock: the same bytes on every run.
pub fn sim() -> Sim {
    builder().spawn()
}

pub fn builder() -> nomad_sim::SimBuilder {
    Sim::builder()
        .seed(7)
        .jobs(12)
        .nodes(3)
        .allocs_per_job(2)
        .frozen_clock(NOW_SECS * 1_000_000_000)
}

/// Gives the job of allocation `alloc` a Nomad-provider service `<job>-<group>` with an HTTP
/// check `healthz` on its group (the generated jobs declare none, and the sim reports only
/// the checks a job declares, as Nomad's client does).
pub fn declare_check(s: &Sim, alloc: &str) {
    s.with_state(|st| {
        let a = st.allocs[alloc].clone();
        let rec = st
            .jobs
            .get_mut(&(a.namespace.clone(), a.job_id.clone()))
            .expect("the allocation's job");
        for g in rec.job["TaskGroups"].as_array_mut().into_iter().flatten() {
            if g["Name"] == a.task_group.as_str() {
                g["Services"] = serde_json::json!([{
                    "Name": format!("{}-{}", a.job_id, a.task_group), "Provider": "nomad",
                    "Checks": [{"Name": "healthz", "Type": "http", "Path": "/health"}],
                }]);
            }
        }
    });
}

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "exit: {}", self.code)?;
        writeln!(f, "--- stdout")?;
        f.write_str(&self.stdout)?;
        writeln!(f, "--- stderr")?;
        f.write_str(&self.stderr)
    }
}

/// How to run rnomad.
pub struct Cmd {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<String>,
    redact: Vec<(String, String)>,
}

pub fn rnomad(args: &[&str]) -> Cmd {
    Cmd {
        args: args.iter().map(|s| s.to_string()).collect(),
        env: vec![
            ("TZ".into(), "UTC".into()),
            ("RNOMAD_TEST_NOW".into(), NOW_SECS.to_string()),
        ],
        stdin: None,
        redact: Vec::new(),
    }
}

impl Cmd {
    /// Points rnomad at the sim (`NOMAD_ADDR`); its address reads `http://SIM` in output.
    pub fn sim(mut self, sim: &Sim) -> Self {
        let url = sim.url();
        self.env.push(("NOMAD_ADDR".into(), url.clone()));
        self.redact.push((url, "http://SIM".into()));
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    /// Hides an address where nothing listens: the URL reads `http://DEAD`, the dialed
    /// `host:port` reads `DEAD`.
    pub fn dead(self, url: &str) -> Self {
        self.redact(url, "http://DEAD")
            .redact(url.trim_start_matches("http://"), "DEAD")
    }

    pub fn redact(mut self, from: &str, to: &str) -> Self {
        self.redact.push((from.into(), to.into()));
        self
    }

    pub fn stdin(mut self, s: &str) -> Self {
        self.stdin = Some(s.into());
        self
    }

    pub fn run(self) -> Run {
        let mut c = Command::new(env!("CARGO_BIN_EXE_rnomad"));
        c.args(&self.args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("rnomad runs");
        if let Some(input) = &self.stdin {
            let _ = child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input.as_bytes());
        }
        drop(child.stdin.take());
        let out = child.wait_with_output().expect("rnomad finishes");
        let fix = |b: &[u8]| {
            // The binary's path shows in pagination hints; it differs between checkouts.
            let mut s = String::from_utf8_lossy(b).replace(env!("CARGO_BIN_EXE_rnomad"), "rnomad");
            for (from, to) in &self.redact {
                s = s.replace(from, to);
            }
            s
        };
        Run {
            stdout: fix(&out.stdout),
            stderr: fix(&out.stderr),
            code: out.status.code().unwrap_or(-1),
        }
    }
}

/// An address where nothing listens (a port bound and released).
pub fn dead_address() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}
