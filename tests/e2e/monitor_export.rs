//! `monitor export` against the sim: messages and exit codes are those Nomad v1.10.5 printed
//! for the same requests (tests/fixtures/nomad-1.10.5/cli-login/me-*), with the recording
//! agent's address read as the sim's.

use insta::assert_snapshot;

use crate::common::{assert_recorded_cli, recorded_cli};
use crate::common::{builder, dead_address, rnomad, sim};

fn recorded(name: &str, stream: &str) -> String {
    recorded_cli(&format!("cli-login/{name}"), stream)
}

fn same_as_nomad(r: &crate::common::Run, name: &str) {
    assert_recorded_cli(r, &format!("cli-login/{name}"));
}

#[test]
fn monitor_export_prints_the_log_file_or_the_journal() {
    let s = sim();
    let r = rnomad(&["monitor", "export", "-on-disk"]).sim(&s).run();
    assert_snapshot!("monitor_export_on_disk", r);
    // More than one frame's worth (frames hold 1 KiB), joined without a seam.
    assert!(
        r.stdout.len() > 1024 && r.stdout.lines().count() == 16,
        "{r}"
    );
    // Through a client node named by prefix: that node's log.
    let id = s.read_state(|st| st.nodes.keys().next().cloned().expect("node"));
    let r = rnomad(&[
        "monitor",
        "export",
        "-on-disk",
        &format!("-node-id={}", &id[..4]),
    ])
    .sim(&s)
    .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout
            .lines()
            .all(|l| l.ends_with(&format!("agent={id}"))),
        "{r}"
    );
    // The sim's host has no journal, as the recording agent's had none.
    let r = rnomad(&["monitor", "export", "-service-name=nomad"])
        .sim(&s)
        .run();
    same_as_nomad(&r, "me-service");
}

#[test]
fn monitor_export_bad_input_is_reported_and_still_sent() {
    let s = sim();
    let run = |args: &[&str]| {
        let mut v = vec!["monitor", "export"];
        v.extend_from_slice(args);
        rnomad(&v).sim(&s).run()
    };
    same_as_nomad(&run(&["x"]), "me-args");
    // Nomad prints its own complaint, then sends the request anyway and reports the refusal.
    same_as_nomad(&run(&[]), "me-none");
    same_as_nomad(&run(&["-on-disk", "-service-name=nomad"]), "me-both");
    same_as_nomad(&run(&["-service-name=foo"]), "me-badservice");
    same_as_nomad(&run(&["-on-disk", "-node-id=zzzz"]), "me-node-nosuch");
    // A bad duration is a flag error: the line, then (rnomad's own) help.
    let r = run(&["-on-disk", "-logs-since=abc"]);
    assert_eq!(r.stderr, recorded("me-badsince", "stderr"));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .starts_with("    Usage: rnomad monitor export [options]\n"),
        "{r}"
    );
    let r = run(&["-on-disk", "-server-id=nosuch"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "==> Error starting monitor: \nUnexpected response code: 400 (unknown Nomad server \
             nosuch)\n==> For additional help try 'nomad monitor export -help'\n"
        )
    );
}

#[test]
fn monitor_export_denied_and_server_down() {
    let acl = builder().acl(true).spawn();
    let r = rnomad(&["monitor", "export", "-on-disk"]).sim(&acl).run();
    same_as_nomad(&r, "me-no-token");
    let r = rnomad(&["monitor", "export", "-on-disk"])
        .env("NOMAD_ADDR", &dead_address())
        .dead(&dead_address())
        .run();
    same_as_nomad(&r, "me-down");
}

#[test]
fn monitor_export_with_nothing_to_export_fails() {
    let s = sim();
    // An agent whose stream ends after a heartbeat, without a byte of log: Nomad's hint.
    s.faults()
        .fail("/v1/agent/monitor/export", 200, "{}", Some(1));
    let r = rnomad(&["monitor", "export", "-on-disk"]).sim(&s).run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "==> Error starting monitor: \nReturned no data or errors, check your log_file \
             configuration or service name\n"
        ),
        "{r}"
    );
}

#[test]
fn monitor_export_broken_off_keeps_what_came() {
    let s = sim();
    // An agent that goes quiet mid-export: rnomad gives up after the silence limit.
    s.faults()
        .stall("/v1/agent/monitor/export", 1500, None, Some(1));
    let r = rnomad(&["monitor", "export", "-on-disk"])
        .sim(&s)
        .env("RNOMAD_HTTP_TIMEOUT", "1s")
        .run();
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.len() >= 1024, "the first frame is printed: {r}");
    assert!(r.stderr.starts_with("==> Error monitoring logs: "), "{r}");
}

#[test]
fn monitor_export_ctrl_c_keeps_what_came_and_exits_0() {
    let s = sim();
    // An export that stops after its first frame and never ends (a journal with -follow).
    s.faults()
        .stall("/v1/agent/monitor/export", 1500, None, Some(1));
    let live = rnomad(&["monitor", "export", "-on-disk"]).sim(&s).spawn();
    let first = live.until_quiet(std::time::Duration::from_millis(500));
    assert!(!first.is_empty(), "the first frame's lines arrive at once");
    let end = live.interrupt();
    assert_eq!(end.code(), Some(0), "{}", end.stderr);
    assert_eq!(end.stderr, "");
}
