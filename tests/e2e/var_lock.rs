//! `var lock` against nomad-sim: the child runs with the lock held, renewals keep a short
//! lock alive past its TTL, the lock is released afterwards, a second holder waits or
//! returns early, signals reach the child, and a lost lock is reported. Messages and exit
//! codes are those Nomad v1.10.5 printed (tests/fixtures/nomad-1.10.5/cli-acl/var-lock-*).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::recorded_cli;
use crate::common::{builder, dead_address, rnomad, BIN};
use nomad_sim::Sim;

fn recorded(name: &str, stream: &str) -> String {
    recorded_cli(&format!("cli-acl/{name}"), stream)
}

/// A sim whose locks may be as short as the tests need (Nomad's floor is 10s).
fn sim() -> Sim {
    builder().lock_min_ttl(Duration::ZERO).spawn()
}

/// Whether the variable at `path` (namespace default) holds a live lock.
fn locked(s: &Sim, path: &str) -> bool {
    s.read_state(|st| {
        st.variables
            .get(&("default".to_string(), path.to_string()))
            .is_some_and(|v| v.live_lock().is_some())
    })
}

fn wait_until(what: &str, f: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// rnomad running in the background (for signals and overlapping holders).
fn spawn(s: &Sim, args: &[&str]) -> std::process::Child {
    Command::new(BIN)
        .args(args)
        .env("NOMAD_ADDR", s.url())
        .env("TZ", "UTC")
        .env_remove("NOMAD_TOKEN")
        .env_remove("NOMAD_NAMESPACE")
        .env("SHELL", "/bin/sh")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(c: std::process::Child) -> (i32, String, String) {
    let out = c.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn runs_the_command_with_the_lock_held_and_releases_it() {
    let s = sim();
    let r = rnomad(&["var", "lock", "-verbose", "locks/a", "echo", "hi"])
        .sim(&s)
        .env("SHELL", "/bin/sh")
        .run();
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, "hi\n", recorded("var-lock-verbose", "stderr").as_str())
    );
    assert!(!locked(&s, "locks/a"), "released after the command");
    // The command sees the lock held while it runs.
    let path = s.url();
    let r = rnomad(&[
        "var",
        "lock",
        "locks/b",
        &format!("curl -s {path}/v1/var/locks/b | grep -c '\"ID\"'"),
    ])
    .sim(&s)
    .env("SHELL", "/bin/sh")
    .run();
    if r.stderr.contains("curl: not found") {
        return;
    }
    assert_eq!((r.code, r.stdout.as_str()), (0, "1\n"), "{}", r.stderr);
}

#[test]
fn failures_read_as_nomad_words_them() {
    let s = sim();
    let t = |args: &[&str]| {
        rnomad(args)
            .sim(&s)
            .env("SHELL", "/bin/sh")
            .env("PATH", "/usr/bin:/bin")
            .run()
    };
    for (name, args) in [
        ("var-lock-exit3", &["var", "lock", "locks/a", "exit 3"][..]),
        (
            "var-lock-noshell-false",
            &["var", "lock", "-shell=false", "locks/a", "false"],
        ),
        (
            "var-lock-noshell-missing",
            &[
                "var",
                "lock",
                "-shell=false",
                "locks/a",
                "/nonexistent/prog",
            ],
        ),
        (
            "var-lock-badttl",
            &["var", "lock", "-ttl=x", "locks/a", "echo", "hi"],
        ),
        ("var-lock-noargs", &["var", "lock", "locks/a"]),
        (
            "var-lock-wildcard",
            &["var", "lock", "-namespace=*", "locks/a", "echo", "hi"],
        ),
    ] {
        let r = t(args);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (1, "", recorded(name, "stderr").as_str()),
            "{name}"
        );
        assert!(!locked(&s, "locks/a"), "{name}: the lock is released");
    }
    let dead = dead_address();
    let r = rnomad(&["var", "lock", "locks/a", "echo", "hi"])
        .dead(&dead)
        .run();
    let want = recorded("var-lock-down", "stderr")
        .replace("http://127.0.0.1:5799", "http://DEAD")
        .replace("127.0.0.1:5799", "DEAD");
    assert_eq!((r.code, r.stderr), (1, want));

    let s = builder().acl(true).token("reader", "read").spawn();
    let r = rnomad(&["var", "lock", "locks/a", "echo", "hi"])
        .sim(&s)
        .env("NOMAD_TOKEN", "reader")
        .run();
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr),
        (1, "", recorded("var-lock-reader", "stderr"))
    );
}

#[test]
fn renewals_keep_a_short_lock_while_a_second_holder_waits() {
    let s = sim();
    // The command outlives the 1s TTL twice over; renewals every 0.7s keep the lock.
    let first = spawn(
        &s,
        &["var", "lock", "-ttl=1s", "locks/r", "sleep 2.5; echo first"],
    );
    wait_until("the first lock", || locked(&s, "locks/r"));
    std::thread::sleep(Duration::from_millis(1600));
    assert!(locked(&s, "locks/r"), "renewed past its TTL");
    let r = rnomad(&[
        "var",
        "lock",
        "-early-return",
        "-verbose",
        "locks/r",
        "echo",
        "second",
    ])
    .sim(&s)
    .run();
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert!(
        r.stderr
            .ends_with("Attempting to acquire lock\nReleasing the lock\n"),
        "{}",
        r.stderr
    );
    // Without -early-return the second holder waits for the lock, then runs.
    let started = Instant::now();
    let r = rnomad(&["var", "lock", "-backoff=200ms", "locks/r", "echo", "third"])
        .sim(&s)
        .env("SHELL", "/bin/sh")
        .run();
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, "third\n", "")
    );
    assert!(started.elapsed() > Duration::from_millis(300), "it waited");
    assert_eq!(finish(first), (0, "first\n".into(), String::new()));
    assert!(!locked(&s, "locks/r"));
}

#[test]
fn signals_reach_the_command() {
    let s = sim();
    // A command that handles SIGINT exits 0: the lock ends cleanly.
    let c = spawn(
        &s,
        &[
            "var",
            "lock",
            "locks/s",
            "trap 'echo got-int; kill $!; exit 0' INT; sleep 20 & wait",
        ],
    );
    wait_until("the lock", || locked(&s, "locks/s"));
    std::thread::sleep(Duration::from_millis(300));
    unsafe { libc::kill(c.id() as i32, libc::SIGINT) };
    assert_eq!(finish(c), (0, "got-int\n".into(), String::new()));
    assert!(!locked(&s, "locks/s"));
    // One that dies of SIGTERM is reported as Nomad reports it.
    let c = spawn(&s, &["var", "lock", "locks/s", "exec sleep 20"]);
    wait_until("the lock", || locked(&s, "locks/s"));
    std::thread::sleep(Duration::from_millis(200));
    unsafe { libc::kill(c.id() as i32, libc::SIGTERM) };
    let (code, out, err) = finish(c);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "Lock error:1 error occurred:\n\t* locks: error executing protected function signal: terminated\n\n\n"
        )
    );
    assert!(!locked(&s, "locks/s"), "released after the signal");
}

#[test]
fn a_lost_lock_is_reported_when_the_command_ends() {
    let s = sim();
    let c = spawn(&s, &["var", "lock", "-ttl=1s", "locks/l", "sleep 1.5"]);
    wait_until("the lock", || locked(&s, "locks/l"));
    // Someone takes the lock away: the renewal is refused, the command runs on, and the
    // release at the end fails.
    s.with_state(|st| {
        if let Some(v) = st
            .variables
            .get_mut(&("default".to_string(), "locks/l".to_string()))
        {
            v.lock = None;
        }
    });
    let (code, out, err) = finish(c);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "Lock error:1 error occurred:\n\t* lock release: Unexpected response code: 500 (variable doesn't hold a lock)\n\n\n"
        )
    );
}

#[test]
fn a_failed_renewal_stops_the_command_and_a_busy_server_is_asked_again() {
    let s = sim();
    // A 500 is final: the command is killed and the lock released.
    let c = spawn(
        &s,
        &["var", "lock", "-ttl=1s", "locks/f", "sleep 5; echo late"],
    );
    wait_until("the lock", || locked(&s, "locks/f"));
    s.faults().fail("/v1/var/locks/f", 500, "boom", Some(1));
    let (code, out, err) = finish(c);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "Lock error:1 error occurred:\n\t* locks: error renewing the lease: Unexpected response code: 500 (boom)\n\n\n"
        )
    );
    assert!(!locked(&s, "locks/f"), "released");
    // A 503 is asked again a second later, within the TTL: the lock holds.
    let c = spawn(
        &s,
        &["var", "lock", "-ttl=5s", "locks/g", "sleep 4.5; echo done"],
    );
    wait_until("the lock", || locked(&s, "locks/g"));
    s.faults().fail("/v1/var/locks/g", 503, "busy", Some(1));
    assert_eq!(finish(c), (0, "done\n".into(), String::new()));
}
