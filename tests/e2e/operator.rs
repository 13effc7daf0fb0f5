//! `operator raft`, `operator autopilot` and `operator scheduler` (outputs checked against
//! Nomad v1.10.5's against a dev agent).

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn raft_peers() {
    let s = sim();
    assert_snapshot!(
        "raft_list",
        rnomad(&["operator", "raft", "list-peers"]).sim(&s).run()
    );
    let r = rnomad(&["operator", "raft", "list-peers", "-stale"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    let id = "5e7e0001-0000-4000-8000-000000000002";
    let r = rnomad(&["operator", "raft", "transfer-leadership", "-peer-id", id])
        .sim(&s)
        .run();
    assert_snapshot!("raft_transfer", r);
    let r = rnomad(&["operator", "raft", "list-peers"]).sim(&s).run();
    assert!(
        r.stdout.contains(
            "server-2.global  5e7e0001-0000-4000-8000-000000000002  10.0.0.12:4647  leader"
        ),
        "{r}"
    );
    let r = rnomad(&[
        "operator",
        "raft",
        "transfer-leadership",
        "-peer-address",
        "10.0.0.11:4647",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("raft_transfer_address", r);
    let r = rnomad(&[
        "operator",
        "raft",
        "remove-peer",
        "-peer-id",
        "5e7e0002-0000-4000-8000-000000000003",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("raft_remove", r);
    let r = rnomad(&["operator", "raft", "list-peers"]).sim(&s).run();
    assert!(!r.stdout.contains("server-3"), "{r}");
}

#[test]
fn raft_failures() {
    let s = sim();
    let r = rnomad(&["operator", "raft", "remove-peer"]).sim(&s).run();
    assert_snapshot!("raft_remove_no_id", r);
    let r = rnomad(&["operator", "raft", "remove-peer", "-peer-id", "x"])
        .sim(&s)
        .run();
    assert_snapshot!("raft_remove_unknown", r);
    let r = rnomad(&["operator", "raft", "transfer-leadership"])
        .sim(&s)
        .run();
    assert_snapshot!("raft_transfer_none", r);
    let r = rnomad(&[
        "operator",
        "raft",
        "transfer-leadership",
        "-peer-id=x",
        "-peer-address=y",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("raft_transfer_both", r);
    let r = rnomad(&["operator", "raft", "transfer-leadership", "-peer-id=x"])
        .sim(&s)
        .run();
    assert_snapshot!("raft_transfer_not_uuid", r);
    let r = rnomad(&["operator", "raft", "list-peers", "-bogus"]).run();
    assert_eq!(r.code, 1);
    assert!(r.stderr.ends_with("flag provided but not defined: -bogus\nFailed to parse args: flag provided but not defined: -bogus\n"), "{r}");
    let acl = builder().acl(true).spawn();
    let r = rnomad(&["operator", "raft", "list-peers"]).sim(&acl).run();
    assert_snapshot!("raft_list_denied", r);
    let dead = dead_address();
    let r = rnomad(&["operator", "raft", "list-peers", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("raft_list_down", r);
}

#[test]
fn autopilot() {
    let s = sim();
    assert_snapshot!(
        "autopilot_get",
        rnomad(&["operator", "autopilot", "get-config"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "autopilot_health",
        rnomad(&["operator", "autopilot", "health"]).sim(&s).run()
    );
    let r = rnomad(&["operator", "autopilot", "health", "-json"])
        .sim(&s)
        .run();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["FailureTolerance"], 1, "{r}");
    assert!(
        r.stdout.starts_with(
            "{\"Healthy\":true,\"FailureTolerance\":1,\"Servers\":[{\"LastContact\":\"0s\",\"ID\":"
        ),
        "{r}"
    );
    let r = rnomad(&[
        "operator",
        "autopilot",
        "set-config",
        "-max-trailing-logs=300",
        "-last-contact-threshold=1m30s",
        "-cleanup-dead-servers=false",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("autopilot_set", r);
    assert_snapshot!(
        "autopilot_get_after",
        rnomad(&["operator", "autopilot", "get-config"])
            .sim(&s)
            .run()
    );
    let r = rnomad(&["operator", "autopilot", "set-config", "-min-quorum=abc"]).run();
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("invalid value \"abc\" for flag -min-quorum: strconv.ParseUint: parsing \"abc\": invalid syntax\n"), "{r}");
    let acl = builder().acl(true).spawn();
    let r = rnomad(&["operator", "autopilot", "set-config", "-min-quorum=1"])
        .sim(&acl)
        .run();
    assert_snapshot!("autopilot_set_denied", r);
}

#[test]
fn scheduler() {
    let s = sim();
    assert_snapshot!(
        "scheduler_get",
        rnomad(&["operator", "scheduler", "get-config"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "scheduler_get_json",
        rnomad(&["operator", "scheduler", "get-config", "-json"])
            .sim(&s)
            .run()
    );
    let r = rnomad(&[
        "operator",
        "scheduler",
        "get-config",
        "-t",
        "{{.SchedulerConfig.SchedulerAlgorithm}}",
    ])
    .sim(&s)
    .run();
    assert_eq!((r.stdout.as_str(), r.code), ("binpack\n", 0), "{r}");
    let r = rnomad(&[
        "operator",
        "scheduler",
        "set-config",
        "-scheduler-algorithm=spread",
        "-memory-oversubscription=true",
        "-preempt-batch-scheduler=true",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("scheduler_set", r);
    assert_snapshot!(
        "scheduler_get_after",
        rnomad(&["operator", "scheduler", "get-config"])
            .sim(&s)
            .run()
    );
    let r = rnomad(&[
        "operator",
        "scheduler",
        "set-config",
        "-check-index",
        "1",
        "-pause-eval-broker=true",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("scheduler_set_check_index", r);
    let r = rnomad(&["operator", "scheduler", "set-config", "-check-index", "abc"])
        .sim(&s)
        .run();
    assert_snapshot!("scheduler_set_bad_index", r);
    let r = rnomad(&["operator", "scheduler", "set-config", "x"])
        .sim(&s)
        .run();
    assert_snapshot!("scheduler_set_args", r);
    let r = rnomad(&[
        "operator",
        "scheduler",
        "set-config",
        "-scheduler-algorithm=bogus",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("scheduler_set_bad_algorithm", r);
    let r = rnomad(&[
        "operator",
        "scheduler",
        "set-config",
        "-pause-eval-broker=maybe",
    ])
    .run();
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("invalid value \"maybe\" for flag -pause-eval-broker: strconv.ParseBool: parsing \"maybe\": invalid syntax\n"), "{r}");
    let acl = builder().acl(true).spawn();
    let r = rnomad(&[
        "operator",
        "scheduler",
        "set-config",
        "-pause-eval-broker=true",
    ])
    .sim(&acl)
    .run();
    assert_snapshot!("scheduler_set_denied", r);
}

#[test]
fn gossip_keyring_generate() {
    // A new key each time, 32 bytes in standard base64, whatever the arguments (as Nomad).
    let a = rnomad(&["operator", "gossip", "keyring", "generate"]).run();
    let b = rnomad(&["operator", "gossip", "keyring", "generate", "ignored"]).run();
    for r in [&a, &b] {
        assert_eq!(
            (r.code, r.stderr.as_str(), r.stdout.len()),
            (0, "", 45),
            "{r}"
        );
        assert!(r.stdout.ends_with("=\n"), "{r}");
    }
    assert_ne!(a.stdout, b.stdout);
    // `snapshot save -redact` is a real nomad's.
    let r = rnomad(&["operator", "snapshot", "save", "-redact", "x.snap"])
        .env("RNOMAD_NOMAD_BIN", "/nonexistent")
        .run();
    assert!(
        r.stderr.contains("\"operator snapshot save -redact\""),
        "{r}"
    );
}
