//! `volume detach` against the sim: a node named by a prefix, several nodes matching, a node
//! that is gone (looked for among the volume's claims), and the recorded refusals
//! (tests/fixtures/nomad-1.10.5/cli/volume/detach-*).

use crate::common::assert_recorded_cli;
use crate::common::{builder, dead_address, rnomad, sim, Run};
use insta::assert_snapshot;
use serde_json::json;

const GONE: &str = "deadbeef-0000-4000-8000-000000000001";

fn assert_recorded(name: &str, run: &Run) {
    assert_recorded_cli(run, &format!("cli/volume/{name}"));
}

fn csi(id: &str, claim_nodes: &[&str]) -> serde_json::Value {
    let allocs: Vec<_> = claim_nodes
        .iter()
        .map(|n| json!({"ID": format!("alloc-{n}"), "NodeID": n}))
        .collect();
    json!({"ID": id, "Name": id, "Namespace": "default", "PluginID": "ebs",
        "Schedulable": true, "AccessMode": "single-node-writer", "Allocations": allocs})
}

#[test]
fn detach() {
    let s = sim();
    let node = s.read_state(|st| st.nodes.keys().next().cloned().unwrap());
    let run = |args: &[&str]| rnomad(args).sim(&s).run();
    assert_recorded("detach-noargs", &run(&["volume", "detach"]));
    assert_recorded(
        "detach-threeargs",
        &run(&["volume", "detach", "a", "b", "c"]),
    );
    // A node that exists, a volume that does not.
    assert_recorded(
        "detach-notfound",
        &run(&["volume", "detach", "vol1", &node[..8]]),
    );
    // No such node and no such volume.
    assert_recorded(
        "detach-nonode-novol",
        &run(&["volume", "detach", "vol1", "ffff"]),
    );
    // An odd-length prefix loses its last character: one character matches every node.
    assert_snapshot!(
        "vol_detach_nodes_ambiguous",
        run(&["volume", "detach", "vol1", "0"])
    );
    s.with_state(|st| {
        st.csi_volumes.insert("vol-a".into(), csi("vol-a", &[GONE]));
        st.csi_volumes.insert("vol-b".into(), csi("vol-b", &[]));
    });
    assert_snapshot!(
        "vol_detach_ok",
        run(&["volume", "detach", "vol-a", &node[..8]])
    );
    // The node is gone: its ID is found among the volume's claims.
    assert_snapshot!(
        "vol_detach_gone_node",
        run(&["volume", "detach", "vol-a", "deadbe"])
    );
    assert_snapshot!(
        "vol_detach_volumes_ambiguous",
        run(&["volume", "detach", "vol", "ffff"])
    );
    s.with_state(|st| {
        st.csi_volumes.insert(
            "vol-c".into(),
            csi("vol-c", &[GONE, "deadbeef-0000-4000-8000-000000000002"]),
        );
    });
    assert_snapshot!(
        "vol_detach_claims_ambiguous",
        run(&["volume", "detach", "vol-c", "deadbe"])
    );
}

#[test]
fn detach_down_and_denied() {
    let dead = dead_address();
    assert_snapshot!(
        "vol_detach_down",
        rnomad(&["volume", "detach", "-address", &dead, "vol1", "ab"])
            .dead(&dead)
            .run()
    );
    let s = builder().acl(true).spawn();
    assert_snapshot!(
        "vol_detach_denied",
        rnomad(&["volume", "detach", "vol1", "ab"]).sim(&s).run()
    );
}
