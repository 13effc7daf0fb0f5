//! `status`, `agent-info`, `server members`, and talking over a unix socket.

use crate::common::{builder, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn status_routes_to_job_and_node() {
    let s = sim();
    let direct = rnomad(&["job", "status", "-verbose", "web"]).sim(&s).run();
    let routed = rnomad(&["status", "-verbose", "web"]).sim(&s).run();
    assert_eq!(routed.code, 0, "{routed}");
    assert_eq!(routed.stdout, direct.stdout);
    let node = rnomad(&["node", "status", "-quiet"]).sim(&s).run();
    let id = node.stdout.lines().next().unwrap().to_string();
    let routed = rnomad(&["status", &id]).sim(&s).run();
    assert!(
        routed
            .stdout
            .starts_with(&format!("ID              = {id}\n")),
        "{routed}"
    );
    // No identifier: the job list.
    let list = rnomad(&["status"]).sim(&s).run();
    assert_eq!(list.stdout, rnomad(&["job", "status"]).sim(&s).run().stdout);
}

#[test]
fn status_failures() {
    let s = sim();
    assert_snapshot!(
        "status_unresolved",
        rnomad(&["status", "zzzz"]).sim(&s).run()
    );
    assert_snapshot!("status_multiple", rnomad(&["status", "s"]).sim(&s).run());
    let dead = crate::common::dead_address();
    let r = rnomad(&["status", "-address", &dead, "x"])
        .dead(&dead)
        .run();
    assert_snapshot!("status_server_down", r);
}

#[test]
fn agent_info() {
    let s = sim();
    assert_snapshot!("agent_info", rnomad(&["agent-info"]).sim(&s).run());
    let r = rnomad(&["agent-info", "-json"]).sim(&s).run();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert!(v["config"]["Ports"]["HTTP"].is_number());
    assert!(
        r.stdout.contains("\"HTTP\": 4646.0"),
        "numbers in untyped maps print as Go floats"
    );
    let r = rnomad(&["agent-info", "-t", "{{.Stats.nomad.leader}}"])
        .sim(&s)
        .run();
    assert_eq!(r.stdout, "true\n");
    let r = rnomad(&["agent-info", "-json", "-t", "x"]).sim(&s).run();
    assert_eq!(
        r.stderr,
        "Error formatting output: Both json and template formatting are not allowed\n"
    );
    assert_snapshot!(
        "agent_info_args",
        rnomad(&["agent-info", "extra"]).sim(&s).run()
    );
    let denied = builder().acl(true).spawn();
    assert_snapshot!(
        "agent_info_denied",
        rnomad(&["agent-info"]).sim(&denied).run()
    );
}

#[test]
fn server_members() {
    let s = sim();
    assert_snapshot!("members", rnomad(&["server", "members"]).sim(&s).run());
    let r = rnomad(&["server", "members", "-detailed"]).sim(&s).run();
    assert!(
        r.stdout.starts_with(
            "Name             Address    Port  Status  Leader  Protocol  Raft Version"
        ),
        "{r}"
    );
    let r = rnomad(&["server", "members", "-json"]).sim(&s).run();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v[0]["Tags"]["Leader"], "true");
    assert_eq!(v[1]["Tags"]["Leader"], "false");
    let r = rnomad(&["server", "members", "-t", "{{range .}}{{.Name}} {{end}}"])
        .sim(&s)
        .run();
    assert_eq!(
        r.stdout,
        "server-1.global server-2.global server-3.global \n"
    );
    assert_snapshot!(
        "members_args",
        rnomad(&["server", "members", "x"]).sim(&s).run()
    );
}

#[test]
fn server_members_leader_lookup_fails() {
    let s = sim();
    s.faults()
        .fail("/v1/status/leader", 500, "No cluster leader", None);
    assert_snapshot!(
        "members_no_leader",
        rnomad(&["server", "members"]).sim(&s).run()
    );
}

#[test]
fn unix_socket() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sock = dir.path().join("nomad.sock");
    let s = builder().spawn_unix(&sock);
    let addr = format!("unix://{}", sock.display());
    let r = rnomad(&["job", "status", "-short", "web"])
        .env("NOMAD_ADDR", &addr)
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stderr.ends_with("http://127.0.0.1/ui/jobs/web@default\n"),
        "{r}"
    );
    drop(s);
    let missing = format!("unix://{}", dir.path().join("none.sock").display());
    let r = rnomad(&["job", "status"])
        .env("NOMAD_ADDR", &missing)
        .redact(&dir.path().display().to_string(), "DIR")
        .run();
    assert_snapshot!("unix_missing", r);
}

#[test]
fn token_never_printed() {
    let s = builder()
        .acl(true)
        .token("s3cr3t-token-value", "read")
        .spawn();
    for args in [
        &["job", "status"][..],
        &["job", "status", "-h"],
        &["node", "status", "-verbose"],
        &["agent-info"],
    ] {
        let r = rnomad(args)
            .sim(&s)
            .env("NOMAD_TOKEN", "s3cr3t-token-value")
            .run();
        assert!(
            !r.stdout.contains("s3cr3t") && !r.stderr.contains("s3cr3t"),
            "{args:?}"
        );
    }
    let r = rnomad(&["job", "status", "-token", "wrong-secret-1234"])
        .sim(&s)
        .run();
    assert!(!r.stderr.contains("wrong-secret"), "{r}");
}
