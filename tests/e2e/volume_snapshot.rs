//! `volume snapshot list|create|delete` against the sim: the recorded refusals of a dev agent
//! (no CSI plugin, tests/fixtures/nomad-1.10.5/cli/volume/snapshot-*), and a CSI plugin, its
//! volume and its snapshots put in the sim's state in the shapes of Nomad's api structs.

use crate::common::assert_recorded_cli;
use crate::common::{builder, dead_address, rnomad, sim, Run};
use insta::assert_snapshot;
use serde_json::{json, Value};

fn assert_recorded(name: &str, run: &Run) {
    assert_recorded_cli(run, &format!("cli/volume/{name}"));
}

fn plugin(id: &str) -> Value {
    json!({"ID": id, "Provider": "ebs.csi.aws.com", "Version": "1.2.0",
        "ControllerRequired": true, "Controllers": {}, "Nodes": {}, "Allocations": [],
        "ControllersHealthy": 1, "ControllersExpected": 1, "NodesHealthy": 2,
        "NodesExpected": 2, "CreateIndex": 19, "ModifyIndex": 19})
}

fn snapshot(id: &str, ext_vol: &str, size: i64, created: i64, ready: bool) -> Value {
    json!({"ID": id, "ExternalSourceVolumeID": ext_vol, "SizeBytes": size,
        "CreateTime": created, "IsReady": ready, "SourceVolumeID": "", "PluginID": "ebs",
        "Name": "", "Secrets": null, "Parameters": null})
}

/// Plugin `ebs` with three snapshots (not in creation order) and volume `vol-a`.
fn with_snapshots(s: &nomad_sim::Sim) {
    s.with_state(|st| {
        st.csi_plugins.insert("ebs".into(), plugin("ebs"));
        st.csi_snapshots.insert(
            "ebs".into(),
            vec![
                snapshot(
                    "snap-old",
                    "vol-0a1b2c3d4e5f60718",
                    1 << 30,
                    1796300000,
                    true,
                ),
                snapshot(
                    "snap-new",
                    "vol-0a1b2c3d4e5f60718",
                    5 << 20,
                    1796390000,
                    false,
                ),
                snapshot("snap-mid", "vol-2", 0, 1796350000, true),
            ],
        );
        st.csi_volumes.insert(
            "vol-a".into(),
            json!({"ID": "vol-a", "Name": "vol-a", "ExternalID": "vol-0fedcba9876543210",
                "Namespace": "default", "PluginID": "ebs", "Capacity": 10737418240i64,
                "Schedulable": true, "AccessMode": "single-node-writer", "Allocations": []}),
        );
    });
}

#[test]
fn recorded_refusals_of_a_cluster_without_csi_plugins() {
    let s = sim();
    let run = |args: &[&str]| rnomad(args).sim(&s).run();
    assert_recorded(
        "snapshot-list-noplugin",
        &run(&["volume", "snapshot", "list", "-plugin", "ebs"]),
    );
    assert_recorded(
        "snapshot-create-novol",
        &run(&["volume", "snapshot", "create", "vol1", "snap"]),
    );
    assert_recorded(
        "snapshot-delete-noplugin",
        &run(&["volume", "snapshot", "delete", "ebs", "snap1"]),
    );
}

#[test]
fn list() {
    let s = sim();
    with_snapshots(&s);
    let run = |args: &[&str]| {
        let mut a = vec!["volume", "snapshot", "list"];
        a.extend_from_slice(args);
        rnomad(&a).sim(&s).run()
    };
    assert_snapshot!("vol_snapshot_list", run(&["-plugin", "eb"]));
    assert_snapshot!(
        "vol_snapshot_list_verbose",
        run(&["-plugin", "ebs", "-verbose"])
    );
    // With one CSI plugin in the cluster, -plugin may be left out.
    assert_eq!(run(&[]).stdout, run(&["-plugin", "ebs"]).stdout);
    assert_snapshot!(
        "vol_snapshot_list_paginated",
        run(&["-plugin", "ebs", "-per-page", "2"])
    );
    assert_snapshot!(
        "vol_snapshot_list_page2",
        run(&["-plugin", "ebs", "-per-page", "2", "-page-token", "2"])
    );
    s.with_state(|st| {
        st.csi_plugins.insert("ebs-2".into(), plugin("ebs-2"));
        st.csi_plugins.insert("aws".into(), plugin("aws"));
    });
    // The exact ID among several prefixes picks it (it is the first the server lists).
    assert_eq!(run(&["-plugin", "ebs"]).code, 0);
    assert_snapshot!("vol_snapshot_list_ambiguous", run(&["-plugin", "eb"]));
    assert_snapshot!("vol_snapshot_list_noflag_ambiguous", run(&[]));
    // A plugin whose provider has no snapshots prints nothing.
    assert_snapshot!("vol_snapshot_list_empty", run(&["-plugin", "aws"]));
    assert_snapshot!(
        "vol_snapshot_list_badsecret",
        run(&["-plugin", "ebs", "-secret", "x"])
    );
    assert_snapshot!("vol_snapshot_list_args", run(&["ebs"]));
    assert_snapshot!("vol_snapshot_list_badpage", run(&["-per-page", "x"]));
}

#[test]
fn create_and_delete() {
    let s = sim();
    with_snapshots(&s);
    let run = |args: &[&str]| {
        let mut a = vec!["volume", "snapshot"];
        a.extend_from_slice(args);
        rnomad(&a).sim(&s).run()
    };
    assert_snapshot!(
        "vol_snapshot_create",
        run(&["create", "-parameter", "kind=full", "vol-a", "nightly"])
    );
    assert_snapshot!(
        "vol_snapshot_create_verbose",
        run(&["create", "-verbose", "vol-a", "weekly"])
    );
    assert_snapshot!(
        "vol_snapshot_create_badsecret",
        run(&["create", "-secret", "nokey", "vol-a", "x"])
    );
    assert_snapshot!("vol_snapshot_create_onearg", run(&["create", "vol-a"]));
    let listed = run(&["list", "-plugin", "ebs"]).stdout;
    assert!(
        listed.contains("nightly") && listed.contains("weekly"),
        "{listed}"
    );
    // Deleting prints nothing; extra arguments are ignored, as Nomad does.
    let deleted = run(&["delete", "-secret", "a=b", "ebs", "nightly", "extra"]);
    assert_eq!(
        (
            deleted.code,
            deleted.stdout.as_str(),
            deleted.stderr.as_str()
        ),
        (0, "", "")
    );
    assert!(!run(&["list", "-plugin", "ebs"]).stdout.contains("nightly"));
    assert_snapshot!("vol_snapshot_delete_onearg", run(&["delete", "ebs"]));
    assert_snapshot!(
        "vol_snapshot_delete_badsecret",
        run(&["delete", "-secret", "nokey", "ebs", "weekly"])
    );
}

#[test]
fn down_and_denied() {
    let dead = dead_address();
    let down = |sub: &str, args: &[&str]| {
        let mut a = vec!["volume", "snapshot", sub, "-address", &dead];
        a.extend_from_slice(args);
        rnomad(&a).dead(&dead).run()
    };
    assert_snapshot!("vol_snapshot_list_down", down("list", &["-plugin", "ebs"]));
    assert_snapshot!("vol_snapshot_create_down", down("create", &["vol-a", "s"]));
    assert_snapshot!("vol_snapshot_delete_down", down("delete", &["ebs", "s"]));
    let s = builder().acl(true).spawn();
    with_snapshots(&s);
    let run = |args: &[&str]| {
        let mut a = vec!["volume", "snapshot"];
        a.extend_from_slice(args);
        rnomad(&a).sim(&s).run()
    };
    // As an ACL agent answers without a token (cli-acl/volume-snapshot-*-denied).
    let denied = |name: &str, run: &Run| assert_recorded_cli(run, &format!("cli-acl/{name}"));
    denied(
        "volume-snapshot-list-denied",
        &run(&["list", "-plugin", "ebs"]),
    );
    denied(
        "volume-snapshot-create-denied",
        &run(&["create", "vol1", "snap"]),
    );
    denied(
        "volume-snapshot-delete-denied",
        &run(&["delete", "ebs", "snap1"]),
    );
}

#[test]
fn native_without_a_nomad_binary() {
    let s = sim();
    let r = rnomad(&["volume", "snapshot", "list", "-plugin", "x"])
        .sim(&s)
        .env("RNOMAD_NOMAD_BIN", "/nonexistent")
        .run();
    assert_eq!(r.stderr, "No plugins(s) with prefix or ID \"x\" found\n");
    assert_eq!(r.code, 1);
}

/// Live values: plugins for `-plugin` and for `delete`'s first argument, volumes for
/// `create`'s; the subcommands are rnomad's own, not "run by nomad".
#[test]
fn completion() {
    let s = sim();
    with_snapshots(&s);
    let comp = |line: &str| {
        let r = rnomad(&[])
            .env("NOMAD_ADDR", &s.url())
            .env("COMP_LINE", line)
            .run();
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{line}");
        let mut v: Vec<String> = r.stdout.lines().map(str::to_string).collect();
        v.sort();
        v
    };
    assert_eq!(comp("rnomad volume snapshot list -plugin e"), ["ebs"]);
    assert_eq!(comp("rnomad volume snapshot delete e"), ["ebs"]);
    assert_eq!(comp("rnomad volume snapshot create vol-"), ["vol-a"]);
    assert_eq!(
        comp("rnomad volume snapshot "),
        ["create", "delete", "list"]
    );
    let flags = comp("rnomad volume snapshot list -p");
    for f in ["-page-token", "-per-page", "-plugin"] {
        assert!(flags.contains(&f.to_string()), "{f} in {flags:?}");
    }
    let described = rnomad(&[])
        .env("NOMAD_ADDR", &s.url())
        .env("COMP_LINE", "rnomad volume snapshot ")
        .env("RNOMAD_COMPLETE_DESCRIBE", "1")
        .run();
    assert!(
        !described.stdout.contains("run by nomad"),
        "{}",
        described.stdout
    );
}
