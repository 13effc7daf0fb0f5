//! Nomad's agent commands: `server join`, `server force-leave`, `monitor`.

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn server_join() {
    let s = sim();
    assert_snapshot!(
        "join_ok",
        rnomad(&["server", "join", "10.0.0.12", "10.0.0.13:4648"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "join_fail",
        rnomad(&["server", "join", "192.0.2.1"]).sim(&s).run()
    );
    assert_snapshot!("join_none", rnomad(&["server", "join"]).sim(&s).run());
    let dead = dead_address();
    let r = rnomad(&["server", "join", "-address", &dead, "10.0.0.12"])
        .dead(&dead)
        .run();
    assert_snapshot!("join_down", r);
}

#[test]
fn server_force_leave() {
    let s = sim();
    let r = rnomad(&["server", "force-leave", "-prune", "server-2.global"])
        .sim(&s)
        .run();
    assert_snapshot!("force_leave_ok", r);
    let r = rnomad(&["server", "members"]).sim(&s).run();
    assert!(r.stdout.contains("left"), "{r}");
    assert_snapshot!(
        "force_leave_args",
        rnomad(&["server", "force-leave"]).sim(&s).run()
    );
    let acl = builder().acl(true).spawn();
    let r = rnomad(&["server", "force-leave", "s1"]).sim(&acl).run();
    assert_snapshot!("force_leave_denied", r);
}

#[test]
fn monitor_streams() {
    let s = sim();
    assert_snapshot!("monitor_default", rnomad(&["monitor"]).sim(&s).run());
    assert_snapshot!(
        "monitor_debug_json",
        rnomad(&["monitor", "-log-level", "debug", "-json"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "monitor_trace_location",
        rnomad(&["monitor", "-log-level=TRACE", "-log-include-location"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "monitor_bad_level",
        rnomad(&["monitor", "-log-level", "foo"]).sim(&s).run()
    );
    assert_snapshot!("monitor_args", rnomad(&["monitor", "x"]).sim(&s).run());
    assert_snapshot!(
        "monitor_node_missing",
        rnomad(&["monitor", "-node-id", "ffff"]).sim(&s).run()
    );
    let id = s.read_state(|st| st.nodes.keys().next().cloned().expect("node"));
    let r = rnomad(&["monitor", "-node-id", &id[..6], "-server-id", "leader"])
        .sim(&s)
        .run();
    assert_snapshot!("monitor_both_targets", r);
    let acl = builder().acl(true).spawn();
    assert_snapshot!("monitor_denied", rnomad(&["monitor"]).sim(&acl).run());
}

#[test]
fn monitor_flag_error_is_prefixed() {
    let r = rnomad(&["monitor", "-foo"]).run();
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "==> flag provided but not defined: -foo\n");
    assert!(
        r.stdout
            .starts_with("    Usage: rnomad monitor [options]\n"),
        "{r}"
    );
}

#[test]
fn deprecated_aliases_warn_then_run() {
    let s = sim();
    assert_snapshot!(
        "deprecated_server_join",
        rnomad(&["server-join", "10.0.0.12"]).sim(&s).run()
    );
    assert_snapshot!(
        "deprecated_server_force_leave",
        rnomad(&["server-force-leave"]).sim(&s).run()
    );
    assert_snapshot!(
        "deprecated_client_config",
        rnomad(&["client-config", "-servers"]).sim(&s).run()
    );
    let r = rnomad(&["server-members"]).sim(&s).run();
    assert!(r.stderr.starts_with("WARNING! The \"nomad server-members\" command is deprecated. Please use \"nomad\nserver members\" instead."), "{r}");
    assert_eq!(r.code, 0, "{r}");
}

/// Help of a deprecated command comes after the same warning, as Nomad's `Help()` prints it.
#[test]
fn deprecated_commands_warn_before_help() {
    for (old, new) in [
        ("server-members", "server members"),
        ("server-join", "server join"),
        ("server-force-leave", "server force-leave"),
        ("client-config", "node config"),
    ] {
        let r = rnomad(&[old, "-h"]).run();
        let warning = format!("WARNING! The \"nomad {old}\" command is deprecated.");
        assert!(r.stderr.starts_with(&warning), "{r}");
        assert!(r.stderr.ends_with("Nomad.\n\n"), "{r}");
        assert!(
            r.stdout.starts_with(&format!("Usage: rnomad {new} ")),
            "{r}"
        );
    }
    // Other commands' help has no warning.
    let r = rnomad(&["server", "members", "-h"]).run();
    assert_eq!(r.stderr, "", "{r}");
}

#[test]
fn monitor_ctrl_c_exits_0() {
    let s = sim();
    s.faults().hang("/v1/agent/monitor");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rnomad"))
        .args(["monitor"])
        .env_clear()
        .env("NOMAD_ADDR", s.url())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("rnomad runs");
    // Time for rnomad to start and wait on the stream (its handlers are installed by then).
    std::thread::sleep(std::time::Duration::from_millis(1000));
    // SAFETY: a plain kill(2) on the child we started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().expect("rnomad ends");
    assert_eq!(status.code(), Some(0));
}
