//! A tour of rnomad that needs no cluster: it starts nomad-sim (the simulated Nomad agent the
//! tests use) in-process and runs rnomad commands against it, saying before each one what it
//! shows and why that matters.
//!
//! Run it with `cargo run --example tour`.
//!
//! Each command runs as a child process, the way a user runs rnomad: this binary again, told by
//! [`CHILD`] to be rnomad. That needs no separately built `rnomad`, and the commands that follow
//! something until Ctrl-C (`event stream`, `-watch`) get a real Ctrl-C.

use std::cell::Cell;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::Duration;

use nomad_sim::Sim;
use rnomad::env::Env;

/// Set in a child's environment: the child runs rnomad with its arguments.
const CHILD: &str = "RNOMAD_TOUR_CHILD";

fn main() {
    if std::env::var_os(CHILD).is_some() {
        let args: Vec<String> = std::env::args().collect();
        std::process::exit(rnomad::run(args, Env::from_process()));
    }
    let sim = Sim::builder()
        .seed(7)
        .jobs(12)
        .nodes(3)
        .allocs_per_job(2)
        .spawn();
    let dir = tempfile::tempdir().unwrap_or_else(|e| {
        eprintln!("tour: cannot make a temporary directory: {e}");
        std::process::exit(1)
    });
    let tour = Tour {
        exe: std::env::current_exe().unwrap_or_else(|e| {
            eprintln!("tour: cannot find its own executable: {e}");
            std::process::exit(1)
        }),
        url: sim.url(),
        dir: dir.path().to_path_buf(),
        failed: Cell::new(0),
    };
    let nodes = sim.read_state(|st| st.nodes.len());
    println!(
        "nomad-sim is serving a simulated cluster of {nodes} nodes at {url}.\n\
         Every command below is the real rnomad talking to it over Nomad's HTTP API. To paste\n\
         them into another shell while the tour runs, first:\n\n    export NOMAD_ADDR={url}\n",
        url = tour.url
    );

    tour.step(
        "rnomad copies one Nomad release exactly: its tables, messages and exit codes.",
        &["version"],
        0,
    );
    tour.step(
        "The job list, in the table nomad prints, so scripts that read nomad's output keep working.",
        &["job", "status"],
        0,
    );
    tour.step(
        "One job in detail: summary, latest deployment and allocations, fetched with concurrent \
         requests where nomad makes them one after another.",
        &["job", "status", "web"],
        0,
    );
    tour.step(
        "-t takes a Go template, as nomad's does: the same data, in the shape a script wants.",
        &[
            "node",
            "status",
            "-t",
            "{{range .}}{{.Name}} {{.Status}} {{.NodeClass}}{{\"\\n\"}}{{end}}",
        ],
        0,
    );
    tour.step(
        "The node this agent runs on, with the allocations its client holds.",
        &["node", "status", "-self"],
        0,
    );
    tour.step(
        "The agent's own statistics: under client, num_allocations counts the same allocations.",
        &["agent-info"],
        0,
    );
    tour.step(
        "Writing a job: job init writes an example job file to start from.",
        &["job", "init", "-short", "example.nomad.hcl"],
        0,
    );
    tour.step(
        "job plan shows what running it would change; exit 1 says allocations would be created.",
        &["job", "plan", "example.nomad.hcl"],
        1,
    );
    tour.step(
        "job run submits it and follows the evaluation and the deployment to the end, as nomad \
         does; a failed deployment would exit 1.",
        &["job", "run", "example.nomad.hcl"],
        0,
    );
    tour.step(
        "A task's log (-job picks an allocation of the job; -f would follow it).",
        &["alloc", "logs", "-job", "web"],
        0,
    );
    tour.step(
        "rnomad's own job logs: every allocation of a job at once, each line headed by its \
         allocation, group/task and stream (-f follows, and allocations that start later join).",
        &["job", "logs", "web"],
        0,
    );
    tour.step(
        "rnomad's own job wait: returns when the job's current version is really done (here a \
         successful deployment); exit 1 on failure, 2 when nothing could be placed, 124 on \
         -timeout. job run -wait and job stop -wait do the same after submitting.",
        &["job", "wait", "-timeout", "30s", "web"],
        0,
    );
    tour.step(
        "A command in a running task, over Nomad's exec WebSocket; rnomad exits with its exit code.",
        &[
            "alloc",
            "exec",
            "-i=false",
            "-t=false",
            "-job",
            "web",
            "/bin/sh",
            "-c",
            "echo hello from $NOMAD_TASK_NAME; exit 3",
        ],
        3,
    );
    let index = sim.read_state(|st| st.index()) + 1;
    let index = index.to_string();
    tour.follow(
        "rnomad's own event stream: the cluster's events as they happen, one line each (-json \
         for machines), from a raft index on; after a broken connection it resumes without \
         losing or repeating an event. Meanwhile an allocation of web fails; Ctrl-C ends it \
         (exit 130).",
        &[
            "event",
            "stream",
            "-index",
            &index,
            "-topic",
            "Allocation",
            "-topic",
            "Job",
        ],
        || {
            let id = sim.read_state(|st| st.job_alloc_ids("default", "web")[0].clone());
            sim.with_state(|st| st.set_alloc_status(&id, "failed"));
        },
    );
    tour.follow(
        "rnomad's own -watch: the view stays up and is redrawn when its data changes (here, \
         web's priority), driven by Nomad's blocking queries rather than polling.",
        &["job", "status", "-short", "-watch", "web"],
        || {
            sim.with_state(|st| {
                st.update_job("default", "web", |j| j["Priority"] = serde_json::json!(77))
            });
        },
    );
    let address = format!("-address={}", tour.url);
    tour.step(
        "rnomad's own contexts: named connection settings (address, region, namespace, TLS \
         files, and where the token comes from: a variable, a file or a command, never the \
         secret itself) for switching between clusters.",
        &["context", "set", &address, "-namespace=default", "sim"],
        0,
    );
    tour.step(
        "The contexts, and where each one's token comes from.",
        &["context", "list"],
        0,
    );
    tour.step_without_address(
        "With no NOMAD_ADDR set, -context (or RNOMAD_CONTEXT, or 'context use') picks the \
         cluster; a flag or a NOMAD_* variable still wins, so scripts keep working.",
        &["job", "status", "-context=sim"],
        0,
    );
    tour.step(
        "Mistakes get nomad's one-line error and exit code.",
        &["job", "status", "nosuch"],
        1,
    );

    println!(
        "Next steps:\n\
         \x20 - Install it: cargo install --path .\n\
         \x20 - Point it at your cluster, as you would nomad: export NOMAD_ADDR=https://your-server:4646\n\
         \x20   (and NOMAD_TOKEN, NOMAD_CACERT, … as needed)\n\
         \x20 - Use it in place of nomad: alias nomad=rnomad (what it does not implement, it hands\n\
         \x20   to the real nomad on your PATH)\n\
         \x20 - Complete commands and live IDs: source <(rnomad completion bash) (or zsh, fish)\n\
         \x20 - A simulated cluster of your own: cargo run -p nomad-sim -- --addr 127.0.0.1:14646\n\
         \x20   then export NOMAD_ADDR=http://127.0.0.1:14646\n\
         \x20 - Every command and flag: rnomad -h, rnomad job status -h, man ./man/rnomad.1"
    );
    drop(dir);
    if tour.failed.get() > 0 {
        eprintln!(
            "tour: {} step(s) did not exit as expected",
            tour.failed.get()
        );
        std::process::exit(1);
    }
}

struct Tour {
    exe: PathBuf,
    url: String,
    /// The working directory of every command (where `job init` writes).
    dir: PathBuf,
    /// Steps that did not exit as expected: the tour then exits 1 (CI runs it).
    failed: Cell<usize>,
}

impl Tour {
    /// Says why, shows the command, runs it to the end; it should exit with `want`.
    fn step(&self, why: &str, args: &[&str], want: i32) {
        let mut child = self.start(why, args);
        self.report(&mut child, want);
    }

    /// Like [`Tour::step`], without the simulator's `NOMAD_ADDR` (a context gives the address).
    fn step_without_address(&self, why: &str, args: &[&str], want: i32) {
        let mut child = self.command(why, args);
        child.env_remove("NOMAD_ADDR");
        let mut child = self.spawn(child);
        self.report(&mut child, want);
    }

    /// Like [`Tour::step`] for a command that runs until Ctrl-C: `meanwhile` changes the cluster
    /// after a moment, then the command gets a Ctrl-C, which it answers with exit 130.
    fn follow(&self, why: &str, args: &[&str], meanwhile: impl FnOnce()) {
        let mut child = self.start(why, args);
        std::thread::sleep(Duration::from_millis(1500));
        meanwhile();
        std::thread::sleep(Duration::from_millis(1500));
        // SAFETY: kill(2) on the child this tour started.
        unsafe {
            libc::kill(child.id() as i32, libc::SIGINT);
        }
        self.report(&mut child, 130);
    }

    fn start(&self, why: &str, args: &[&str]) -> Child {
        let cmd = self.command(why, args);
        self.spawn(cmd)
    }

    /// Says why, shows the command and returns it, not started.
    fn command(&self, why: &str, args: &[&str]) -> Command {
        println!("{why}\n$ rnomad {}", shell_words(args));
        let mut cmd = Command::new(&self.exe);
        cmd.arg0("rnomad")
            .args(args)
            .current_dir(&self.dir)
            .env_clear()
            .envs(passed_on())
            // The contexts the tour makes stay in its directory, not in the user's.
            .env("HOME", &self.dir)
            .env("XDG_CONFIG_HOME", self.dir.join(".config"))
            .env(CHILD, "1")
            .env("NOMAD_ADDR", &self.url)
            // The Web UI hints would point at a simulator that has no UI.
            .env("NOMAD_CLI_SHOW_HINTS", "false");
        cmd
    }

    fn spawn(&self, mut cmd: Command) -> Child {
        cmd.spawn().unwrap_or_else(|e| {
            eprintln!("tour: cannot run {}: {e}", self.exe.display());
            std::process::exit(1)
        })
    }

    fn report(&self, child: &mut Child, want: i32) {
        let code = child.wait().ok().and_then(|s| s.code());
        match code {
            Some(code) => println!("(exit {code})\n"),
            None => println!("(ended without an exit code)\n"),
        }
        if code != Some(want) {
            eprintln!("tour: that step should have exited {want}\n");
            self.failed.set(self.failed.get() + 1);
        }
    }
}

/// What a command may take from the user's environment: the terminal and locale, not their
/// cluster settings (`NOMAD_TOKEN`, `NOMAD_NAMESPACE`, … would not fit the simulator).
fn passed_on() -> Vec<(String, String)> {
    ["PATH", "TERM", "TZ", "LANG", "LC_ALL", "NO_COLOR"]
        .iter()
        .filter_map(|k| Some((k.to_string(), std::env::var(k).ok()?)))
        .collect()
}

/// `args` as a shell would need them typed: words with special characters single-quoted.
fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,@%+".contains(&b));
            if plain {
                a.to_string()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
