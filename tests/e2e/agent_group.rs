//! rnomad's `agent` group over the Agent HTTP API.

use crate::common::{builder, dead_address, rnomad, sim, temp_dir};
use insta::assert_snapshot;

#[test]
fn info_members_servers() {
    let s = sim();
    let a = rnomad(&["agent", "info"]).sim(&s).run();
    let b = rnomad(&["agent-info"]).sim(&s).run();
    assert_eq!(a.to_string(), b.to_string());
    let a = rnomad(&["agent", "members"]).sim(&s).run();
    let b = rnomad(&["server", "members"]).sim(&s).run();
    assert_eq!(a.to_string(), b.to_string());
    assert_snapshot!("servers", rnomad(&["agent", "servers"]).sim(&s).run());
    assert_snapshot!(
        "servers_json",
        rnomad(&["agent", "servers", "-json"]).sim(&s).run()
    );
    assert_snapshot!(
        "servers_update",
        rnomad(&["agent", "servers", "-update", "10.9.0.1:4647"])
            .sim(&s)
            .run()
    );
    let r = rnomad(&["agent", "servers"]).sim(&s).run();
    assert_eq!(r.stdout, "10.9.0.1:4647\n");
    assert_snapshot!(
        "servers_update_empty",
        rnomad(&["agent", "servers", "-update"]).sim(&s).run()
    );
}

#[test]
fn health_by_exit_code() {
    let s = sim();
    assert_snapshot!("health_ok", rnomad(&["agent", "health"]).sim(&s).run());
    assert_snapshot!(
        "health_json",
        rnomad(&["agent", "health", "-json"]).sim(&s).run()
    );
    s.with_state(|st| st.clients.health_failure = Some(("server".into(), "no leader".into())));
    assert_snapshot!("health_failing", rnomad(&["agent", "health"]).sim(&s).run());
    let dead = dead_address();
    let r = rnomad(&["agent", "health", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("health_down", r);
}

#[test]
fn host() {
    let s = sim();
    assert_snapshot!("host", rnomad(&["agent", "host"]).sim(&s).run());
    assert_snapshot!(
        "host_server_t",
        rnomad(&[
            "agent",
            "host",
            "-server-id",
            "server-2.global",
            "-t",
            "{{.AgentID}}"
        ])
        .sim(&s)
        .run()
    );
    let id = s.read_state(|st| st.nodes.keys().next().cloned().expect("node"));
    let r = rnomad(&["agent", "host", "-node-id", &id[..6], "-t", "{{.AgentID}}"])
        .sim(&s)
        .run();
    assert_eq!(r.stdout, format!("{id}\n"), "{r}");
    assert_snapshot!(
        "host_unknown_server",
        rnomad(&["agent", "host", "-server-id", "nope"])
            .sim(&s)
            .run()
    );
}

#[test]
fn schedulers() {
    let s = sim();
    assert_snapshot!("schedulers", rnomad(&["agent", "schedulers"]).sim(&s).run());
    assert_snapshot!(
        "schedulers_config",
        rnomad(&["agent", "schedulers", "config"]).sim(&s).run()
    );
    let r = rnomad(&[
        "agent",
        "schedulers",
        "config",
        "-update",
        "-num-schedulers",
        "1",
        "-enabled-schedulers",
        "service,_core",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("schedulers_update", r);
    assert_snapshot!(
        "schedulers_json",
        rnomad(&["agent", "schedulers", "-json"]).sim(&s).run()
    );
    let r = rnomad(&[
        "agent",
        "schedulers",
        "config",
        "-update",
        "-enabled-schedulers",
        "batch",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("schedulers_update_bad", r);
    assert_snapshot!(
        "schedulers_bad_arg",
        rnomad(&["agent", "schedulers", "nope"]).sim(&s).run()
    );
}

#[test]
fn join_force_leave_monitor() {
    let s = sim();
    assert_snapshot!(
        "join",
        rnomad(&["agent", "join", "10.0.0.13"]).sim(&s).run()
    );
    assert_snapshot!(
        "force_leave",
        rnomad(&["agent", "force-leave", "server-3.global"])
            .sim(&s)
            .run()
    );
    let a = rnomad(&["agent", "monitor", "-log-level", "warn"])
        .sim(&s)
        .run();
    let b = rnomad(&["monitor", "-log-level", "warn"]).sim(&s).run();
    assert_eq!(a.to_string(), b.to_string());
    assert_eq!(a.stdout.lines().count(), 2, "{a}");
}

#[test]
fn pprof() {
    let s = sim();
    // The agent refuses until it allows debugging.
    assert_snapshot!(
        "pprof_refused",
        rnomad(&["agent", "pprof", "heap"]).sim(&s).run()
    );
    s.with_state(|st| st.clients.enable_debug = true);
    assert_snapshot!(
        "pprof_goroutine_debug",
        rnomad(&["agent", "pprof", "-debug", "1", "goroutine"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "pprof_cpu",
        rnomad(&["agent", "pprof", "-seconds", "3", "cpu"])
            .sim(&s)
            .run()
    );
    let dir = temp_dir();
    let file = dir.path().join("heap.prof");
    let r = rnomad(&[
        "agent",
        "pprof",
        "-output",
        file.to_str().expect("utf-8"),
        "heap",
    ])
    .sim(&s)
    .redact(dir.path().to_str().expect("utf-8"), "TMP")
    .run();
    assert_snapshot!("pprof_output", r);
    let bytes = std::fs::read(&file).expect("profile written");
    assert_eq!(&bytes[..2], &[0x1f, 0x8b]);
    // A symlink at the output path (dangling here) is never written through.
    let link = dir.path().join("link.prof");
    let target = dir.path().join("elsewhere");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let r = rnomad(&[
        "agent",
        "pprof",
        "-output",
        link.to_str().expect("utf-8"),
        "heap",
    ])
    .sim(&s)
    .redact(dir.path().to_str().expect("utf-8"), "TMP")
    .run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Error writing profile to TMP/link.prof: too many levels of symbolic links\n"
        )
    );
    assert!(!target.exists());
    assert_snapshot!(
        "pprof_unknown",
        rnomad(&["agent", "pprof", "nope"]).sim(&s).run()
    );
    assert_snapshot!("pprof_no_arg", rnomad(&["agent", "pprof"]).sim(&s).run());
}

#[test]
fn acl_and_dispatch() {
    let acl = builder().acl(true).spawn();
    assert_snapshot!("host_denied", rnomad(&["agent", "host"]).sim(&acl).run());
    // `agent -h` is rnomad's help for the group; a bare `agent` runs a real nomad agent.
    let r = rnomad(&["agent", "-h"]).run();
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("agent <subcommand>"), "{r}");
    let r = rnomad(&["agent"]).run();
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("needs a real nomad binary"), "{r}");
}
