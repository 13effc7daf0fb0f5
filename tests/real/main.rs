//! The real-agent tier: rnomad against a real Nomad agent, for what nomad-sim cannot prove.
//!
//! Runs only when `RNOMAD_REAL_NOMAD` names a `nomad` binary (v1.10.5, the version rnomad
//! matches); otherwise it says so in one line and passes. It starts `nomad agent -dev` on
//! loopback (free ports, a temporary data dir), registers the jobs in `tests/real/jobs/` with
//! the real CLI, waits for the cluster to settle, then:
//! - `corpus`: runs the real `nomad` and `rnomad` over the same invocations and compares
//!   stdout, stderr and exit code (relative times, timestamps and IDs masked; `-json` output
//!   compared as JSON values);
//! - `own`: checks rnomad's own commands, which have no Nomad counterpart, against what the
//!   agent's API says (`event stream`, `agent host`, `alloc list` paging, `-watch`);
//! - `snapshot`: rnomad saves a server agent's state (raft on disk: a dev agent cannot), and
//!   rnomad and then Nomad restore the file onto fresh servers, which then know its jobs;
//! - `tls`: another agent run with mutual TLS from the CA and certificates `rnomad tls`
//!   makes, which both CLIs reach with rnomad's CLI certificate.
//!
//! ```text
//! RNOMAD_REAL_NOMAD=/path/to/nomad cargo test --test real -- --nocapture
//! ```

#[path = "../common/mod.rs"]
mod common;

mod agent;
mod corpus;
mod own;
mod snapshot;
mod tls;

use std::io::Write;
use std::path::PathBuf;

use agent::{run, Agent};

/// The jobs every check may rely on, registered by the real CLI.
fn register(agent: &Agent) {
    let jobs = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/real/jobs");
    for job in [
        "web", "watched", "echo", "report", "param", "stuck", "svc", "act",
    ] {
        let file = format!("{jobs}/{job}.nomad.hcl");
        let r = run(&agent.nomad, &["job", "run", "-detach", &file], agent);
        assert_eq!(r.code, 0, "nomad job run {job}: {}{}", r.stdout, r.stderr);
    }
    for args in [
        &["job", "periodic", "force", "report"][..],
        &["job", "dispatch", "-detach", "-meta", "who=world", "param"],
    ] {
        let r = run(&agent.nomad, args, agent);
        assert_eq!(r.code, 0, "nomad {args:?}: {}{}", r.stdout, r.stderr);
    }
    // Variables for the `var` commands (the reads compare; nothing in the corpus changes them).
    for args in [
        &["var", "put", "app/db", "user=admin", "password=s3\"cret"][..],
        &["var", "put", "app/web", "port=8080"],
    ] {
        let r = run(&agent.nomad, args, agent);
        assert_eq!(r.code, 0, "nomad {args:?}: {}{}", r.stdout, r.stderr);
    }
    // A dynamic host volume for the `volume` commands.
    let vol = format!("{jobs}/hostvol.hcl");
    let r = run(&agent.nomad, &["volume", "create", &vol], agent);
    assert_eq!(r.code, 0, "nomad volume create: {}{}", r.stdout, r.stderr);
    agent.settle(&["stuck"]);
}

#[test]
fn against_a_real_nomad_agent() {
    let Some(nomad) = std::env::var_os("RNOMAD_REAL_NOMAD").filter(|v| !v.is_empty()) else {
        // Straight to stderr: the test harness would swallow a println! of a passing test.
        let _ = writeln!(
            std::io::stderr(),
            "real-agent tier skipped: set RNOMAD_REAL_NOMAD=/path/to/nomad (v1.10.5) to run it"
        );
        return;
    };
    let nomad = PathBuf::from(nomad);
    let agent = Agent::start(&nomad);
    register(&agent);
    let mut failures = corpus::check(&agent);
    failures.extend(own::check(&agent));
    drop(agent);
    failures.extend(snapshot::check(&nomad));
    failures.extend(tls::check(&nomad));
    assert!(
        failures.is_empty(),
        "{} failure(s) against the real agent:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
