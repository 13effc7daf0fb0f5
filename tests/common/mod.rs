//! The shared end-to-end harness: a nomad-sim in-process and the real `rnomad` binary run
//! against it with a controlled environment. Every test spawns the binary through [`Cmd`]:
//! [`Cmd::run`] waits for it (stdout, stderr and the exit code, rendered as one text for
//! snapshots), [`Cmd::spawn`] reads a long-running one as it goes, [`Cmd::on_tty`] gives it a
//! pseudo-terminal. Shell lines ([`shell`]) and other programs ([`program`]) get the same
//! environment, with the binary under test first on `PATH` as `rnomad`.
//!
//! No test reaches a real agent by accident: unless a test names an address (`.sim()`,
//! `NOMAD_ADDR`, `-address`), rnomad is pointed at [`dead_address`], a loopback port that
//! refuses connections, never at Nomad's default `127.0.0.1:4646`.
#![allow(dead_code)]

pub mod server;

use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

pub use nomad_sim::Sim;

/// The instant the sim's clock is frozen at, and rnomad's "now": 2023-11-14T22:13:20Z.
pub const NOW_SECS: i64 = 1_700_000_000;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_rnomad");

/// Nomad v1.10.5's recorded API responses and CLI runs (see `tests/fixtures/README.md`).
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nomad-1.10.5");

/// One stream (`stdout`, `stderr`, `exit`) of a recorded Nomad CLI run (`cli/volume/create`,
/// `cli-acl/…`), with the recording agents' addresses as the harness shows the sim's
/// (`http://SIM`) and a dead one's (`DEAD`).
pub fn recorded_cli(run: &str, stream: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{run}.{stream}"))
        .unwrap_or_else(|e| panic!("{run}.{stream}: {e}"))
        .replace("http://127.0.0.1:14660", "http://SIM")
        .replace("http://127.0.0.1:1/", "http://DEAD/")
        .replace("127.0.0.1:1:", "DEAD:")
}

/// The run printed what Nomad printed in the recorded run: stdout, stderr and exit code.
pub fn assert_recorded_cli(r: &Run, run: &str) {
    assert_eq!(r.stdout, recorded_cli(run, "stdout"), "{run}: stdout");
    assert_eq!(r.stderr, recorded_cli(run, "stderr"), "{run}: stderr");
    assert_eq!(
        r.code.to_string(),
        recorded_cli(run, "exit").trim(),
        "{run}: exit"
    );
}

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

/// An address where nothing listens and nothing can start listening while the tests run: a
/// loopback port held by a socket that is bound but never listens, so every connection is
/// refused. Output shows it as `http://DEAD` (the URL) and `DEAD` (the dialed `host:port`).
pub fn dead_address() -> String {
    static DEAD: OnceLock<String> = OnceLock::new();
    DEAD.get_or_init(|| {
        // SAFETY: plain socket calls on a descriptor this function owns; it stays open (and
        // the port reserved) until the test process ends.
        unsafe {
            let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
            assert!(fd >= 0, "socket");
            let mut addr: libc::sockaddr_in = std::mem::zeroed();
            addr.sin_family = libc::AF_INET as libc::sa_family_t;
            addr.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
            let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
            let rc = libc::bind(fd, &addr as *const _ as *const libc::sockaddr, len);
            assert_eq!(rc, 0, "bind a loopback port");
            let mut len = len;
            let rc = libc::getsockname(fd, &mut addr as *mut _ as *mut libc::sockaddr, &mut len);
            assert_eq!(rc, 0, "getsockname");
            format!("http://127.0.0.1:{}", u16::from_be(addr.sin_port))
        }
    })
    .clone()
}

/// Whether the tests run in CI (the `CI` variable, set by CI services and by `.ci/run`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Whether `tool` can be run. Without it a test returns early with one line on the terminal
/// saying so, except in CI ([`in_ci`]), where it fails: CI installs every tool the tests use,
/// so a missing one there is a broken setup, not a reason to pass a test that did not run.
pub fn require_tool(tool: &str, test: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return true;
    }
    if in_ci() {
        panic!("{test} needs `{tool}`, which is not installed (CI is set)");
    }
    // Straight to the terminal: the test harness captures `eprintln!` of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: `{tool}` is not installed (in CI this is a failure)"
    );
    false
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

/// How to run rnomad (or a shell line or program that runs it).
pub struct Cmd {
    program: String,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Stdin,
    redact: Vec<(String, String)>,
    tty: bool,
}

enum Stdin {
    Closed,
    Text(String),
    /// Typed after a pause, then held open a while (what a person at a terminal does).
    Typed {
        after: Duration,
        text: String,
        hold: Duration,
    },
}

/// rnomad with `args`.
pub fn rnomad(args: &[&str]) -> Cmd {
    program(BIN, args)
}

/// `sh -c line`; `rnomad` in the line is the binary under test.
pub fn shell(line: &str) -> Cmd {
    program("sh", &["-c", line])
}

/// Any program, with the harness's environment and the binary under test on `PATH`.
pub fn program(program: &str, args: &[&str]) -> Cmd {
    let dead = dead_address();
    let mut env = vec![
        ("TZ".to_string(), "UTC".to_string()),
        ("RNOMAD_TEST_NOW".to_string(), NOW_SECS.to_string()),
        ("NOMAD_ADDR".to_string(), dead.clone()),
    ];
    if program != BIN {
        let dir = Path::new(BIN).parent().unwrap_or(Path::new("."));
        env.push(("PATH".into(), format!("{}:/usr/bin:/bin", dir.display())));
    }
    Cmd {
        program: program.to_string(),
        args: args.iter().map(|s| s.to_string()).collect(),
        env,
        stdin: Stdin::Closed,
        redact: Vec::new(),
        tty: false,
    }
}

impl Cmd {
    /// Points rnomad at the sim (`NOMAD_ADDR`); its address reads `http://SIM` in output.
    pub fn sim(self, sim: &Sim) -> Self {
        let url = sim.url();
        self.env("NOMAD_ADDR", &url).redact(&url, "http://SIM")
    }

    /// Sets a variable (a later value wins).
    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.retain(|(key, _)| key != k);
        self.env.push((k.into(), v.into()));
        self
    }

    /// Leaves a variable out (one set before, by the harness or a helper).
    pub fn unset(mut self, k: &str) -> Self {
        self.env.retain(|(key, _)| key != k);
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
        self.stdin = Stdin::Text(s.into());
        self
    }

    /// Types `text` on stdin after `after`, then keeps stdin open for `hold`.
    pub fn typed(mut self, after: Duration, text: &str, hold: Duration) -> Self {
        self.stdin = Stdin::Typed {
            after,
            text: text.into(),
            hold,
        };
        self
    }

    /// Runs under `script`, which gives the command a pseudo-terminal (`TERM=xterm`) and
    /// merges its stderr into stdout. Callers check [`require_tool`]`("script", …)` first.
    pub fn on_tty(mut self) -> Self {
        let line = std::iter::once(&self.program)
            .chain(&self.args)
            .map(|a| quote(a))
            .collect::<Vec<_>>()
            .join(" ");
        self.program = "script".into();
        self.args = vec!["-qec".into(), line, "/dev/null".into()];
        self.tty = true;
        if !self.env.iter().any(|(k, _)| k == "PATH") {
            let dir = Path::new(BIN).parent().unwrap_or(Path::new("."));
            self.env
                .push(("PATH".into(), format!("{}:/usr/bin:/bin", dir.display())));
        }
        self.env("TERM", "xterm")
    }

    /// The configured process, not started.
    fn command(&self, stdin: Stdio) -> Command {
        let mut c = Command::new(&self.program);
        c.args(&self.args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn start(&self) -> Child {
        let stdin = match self.stdin {
            Stdin::Closed => Stdio::null(),
            _ => Stdio::piped(),
        };
        let mut child = self
            .command(stdin)
            .spawn()
            .unwrap_or_else(|e| panic!("{} runs: {e}", self.program));
        let input = child.stdin.take();
        match (&self.stdin, input) {
            (Stdin::Text(text), Some(mut w)) => {
                let _ = w.write_all(text.as_bytes());
            }
            (Stdin::Typed { after, text, hold }, Some(mut w)) => {
                let (after, text, hold) = (*after, text.clone(), *hold);
                std::thread::spawn(move || {
                    std::thread::sleep(after);
                    let _ = w.write_all(text.as_bytes());
                    let _ = w.flush();
                    std::thread::sleep(hold);
                });
            }
            _ => {}
        }
        child
    }

    fn fix(&self, b: &[u8]) -> String {
        // The binary's path shows in pagination hints; it differs between checkouts.
        let mut s = String::from_utf8_lossy(b).replace(BIN, "rnomad");
        for (from, to) in &self.redact {
            s = s.replace(from, to);
        }
        // Last, so that no address redacted above is cut by it.
        let dead = dead_address();
        s.replace(&dead, "http://DEAD")
            .replace(dead.trim_start_matches("http://"), "DEAD")
    }

    /// Runs to the end.
    pub fn run(self) -> Run {
        let child = self.start();
        let out = child.wait_with_output().expect("the command finishes");
        Run {
            stdout: self.fix(&out.stdout),
            stderr: self.fix(&out.stderr),
            code: out.status.code().unwrap_or(-1),
        }
    }

    /// Starts it and reads its output as it comes (a full pipe would stall it).
    pub fn spawn(self) -> Live {
        let mut child = self.start();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = channel();
        let out = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(AtomicBool::new(false));
        let reader = {
            let (out, closed) = (out.clone(), closed.clone());
            std::thread::spawn(move || {
                let mut r = BufReader::new(stdout);
                loop {
                    let mut line = Vec::new();
                    match r.read_until(b'\n', &mut line) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {}
                    }
                    out.lock().expect("output").extend_from_slice(&line);
                    // Dropping the reader closes the pipe.
                    if closed.load(Ordering::SeqCst) {
                        break;
                    }
                    let text = String::from_utf8_lossy(&line);
                    let _ = tx.send(text.trim_end_matches(['\n', '\r']).to_string());
                }
            })
        };
        let err = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = { stderr }.read_to_end(&mut v);
            v
        });
        Live {
            child,
            lines,
            out,
            closed,
            reader: Some(reader),
            err: Some(err),
            cmd: self,
        }
    }
}

/// A shell word for `line`.
fn quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,@%+".contains(&b))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A command running in the background.
pub struct Live {
    child: Child,
    lines: Receiver<String>,
    out: Arc<Mutex<Vec<u8>>>,
    closed: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
    err: Option<std::thread::JoinHandle<Vec<u8>>>,
    cmd: Cmd,
}

/// How a background command ended.
pub struct Ended {
    pub status: ExitStatus,
    /// Everything it wrote (what was read before the pipe was closed, if it was).
    pub stdout: String,
    pub stderr: String,
}

impl Ended {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }
}

impl Live {
    /// The first line (waiting up to 10 s, for a loaded machine), then lines until none has
    /// come for `quiet`.
    pub fn until_quiet(&self, quiet: Duration) -> Vec<String> {
        let mut v = Vec::new();
        if let Ok(l) = self.lines.recv_timeout(Duration::from_secs(10)) {
            v.push(self.cmd.fix(l.as_bytes()));
            while let Ok(l) = self.lines.recv_timeout(quiet) {
                v.push(self.cmd.fix(l.as_bytes()));
            }
        }
        v
    }

    /// Lines written within `d` (expected: none).
    pub fn within(&self, d: Duration) -> Vec<String> {
        let mut v = Vec::new();
        while let Ok(l) = self.lines.recv_timeout(d) {
            v.push(self.cmd.fix(l.as_bytes()));
        }
        v
    }

    /// Exactly `n` more lines (or fewer if it takes longer than 10 s).
    pub fn take(&self, n: usize) -> Vec<String> {
        (0..n)
            .map_while(|_| self.lines.recv_timeout(Duration::from_secs(10)).ok())
            .map(|l| self.cmd.fix(l.as_bytes()))
            .collect()
    }

    /// Stops reading stdout: the pipe closes once the reader wakes for the next output, and
    /// the writer's next write meets a closed pipe.
    pub fn close_stdout(&self) {
        self.closed.store(true, Ordering::SeqCst);
    }

    /// The process ID.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether it has ended, without waiting.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Sends SIGINT (what Ctrl-C does) without waiting.
    pub fn signal_interrupt(&self) {
        self.signal(libc::SIGINT);
    }

    pub fn signal(&self, sig: libc::c_int) {
        // SAFETY: a plain kill(2) on the child this harness started.
        unsafe {
            libc::kill(self.child.id() as i32, sig);
        }
    }

    /// Sends SIGINT and waits for the end (up to 10 s, then kills it).
    pub fn interrupt(self) -> Ended {
        self.signal_interrupt();
        self.finish(Duration::from_secs(10))
    }

    /// Sends SIGTERM (what `kill` and service managers send) and waits for the end.
    pub fn terminate(self) -> Ended {
        self.signal(libc::SIGTERM);
        self.finish(Duration::from_secs(10))
    }

    /// Waits up to `limit` for the end, killing it after that.
    pub fn finish(mut self, limit: Duration) -> Ended {
        let start = Instant::now();
        while self.exited().is_none() && start.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let status = self.child.wait().expect("the command ends");
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        let err = self
            .err
            .take()
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default();
        let out = self.out.lock().expect("output").clone();
        Ended {
            status,
            stdout: self.cmd.fix(&out),
            stderr: self.cmd.fix(&err),
        }
    }
}

/// A test that fails before it ends its command must not leave it running: an orphaned
/// follower (`-watch`, `event stream`) retries forever and keeps whatever it inherited open
/// (a pipe, the suite's lock file).
impl Drop for Live {
    fn drop(&mut self) {
        if self.exited().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A temporary directory, removed when dropped.
pub struct TempDir(tempfile::TempDir);

pub fn temp_dir() -> TempDir {
    TempDir(tempfile::tempdir().expect("a temporary directory"))
}

impl std::ops::Deref for TempDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl TempDir {
    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes `name` and returns its path as text.
    pub fn write(&self, name: &str, text: &str) -> String {
        let p = self.0.path().join(name);
        std::fs::write(&p, text).expect("write a test file");
        p.to_string_lossy().into_owned()
    }
}

/// The running allocation with the lowest ID in the default namespace, and its first task.
pub fn running_alloc(s: &Sim) -> (String, String) {
    running_alloc_where(s, |_| true)
}

/// Like [`running_alloc`], among the allocations `f` accepts.
pub fn running_alloc_where(
    s: &Sim,
    f: impl Fn(&nomad_sim::model::Alloc) -> bool,
) -> (String, String) {
    s.read_state(|st| {
        st.allocs
            .values()
            .find(|a| a.client_status == "running" && a.namespace == "default" && f(a))
            .map(|a| {
                (
                    a.id.clone(),
                    a.tasks.keys().next().cloned().unwrap_or_default(),
                )
            })
            .expect("a running allocation")
    })
}

/// Registers an API job straight into the sim's state.
pub fn register_job(s: &Sim, api_job: serde_json::Value) {
    s.with_state(|st| {
        let j = nomad_sim::job::canonicalize(&api_job).expect("valid job");
        nomad_sim::sched::register(st, j);
    });
}

/// Waits (up to 10 s) until `f` holds for the sim's state.
pub fn wait_for(s: &Sim, what: &str, f: impl Fn(&nomad_sim::State) -> bool) {
    let start = Instant::now();
    while !s.read_state(&f) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A job file with one variable (`image`, a string with a default).
pub const VARS_JOB: &str = r#"variable "image" {
  type    = string
  default = "redis:7"
}

job "src" {
  group "g" {
    task "t" {
      driver = "docker"

      config {
        image = var.image
      }

      resources {
        cpu    = 100
        memory = 64
      }
    }
  }
}
"#;
