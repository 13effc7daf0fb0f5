//! `volume status|delete|deregister|claim list` and `plugin status` against the sim: dynamic
//! host volumes as recorded on a dev agent (INDEX.md "Volumes and plugins"), CSI volumes and
//! plugins put in the sim's state in the shapes of Nomad's api structs (a dev agent runs no
//! CSI plugin, see tests/fixtures/README.md).

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;
use serde_json::{json, Value};

const HOST1: &str = "78641e70-5a79-13f6-e672-9b5859910fde";
const HOST2: &str = "78641e99-1111-2222-3333-444455556666";
const NODE: &str = "b57c8d71-dd0c-c98b-d94a-4e9faab431fd";

fn host_volume(id: &str, name: &str) -> Value {
    json!({"CapacityBytes": 1048576, "CreateIndex": 11, "CreateTime": 1796393029220303010i64,
        "HostPath": format!("/opt/nomad/data/host_volumes/{id}"), "ID": id,
        "ModifyIndex": 12, "ModifyTime": 1796393029220303010i64, "Name": name,
        "Namespace": "default", "NodeID": NODE, "NodePool": "default",
        "Parameters": {"mode": "0755"}, "PluginID": "mkdir",
        "RequestedCapabilities": [{"AccessMode": "single-node-writer",
                                   "AttachmentMode": "file-system"}],
        "RequestedCapacityMaxBytes": 20000000, "RequestedCapacityMinBytes": 10485760,
        "State": "ready"})
}

/// A `CSIVolume` with the fields of Nomad's api struct.
fn csi_volume(id: &str) -> Value {
    json!({"ID": id, "Name": id, "ExternalID": format!("ext-{id}"), "Namespace": "default",
        "Topologies": [{"Segments": {"zone": "us-east-1a", "rack": "r1"}}],
        "AccessMode": "single-node-writer", "AttachmentMode": "file-system",
        "MountOptions": {"FSType": "ext4", "MountFlags": ["noatime"]},
        "Secrets": null, "Parameters": null, "Context": {"ctx": "1"},
        "Capacity": 10737418240i64, "RequestedCapacityMin": 0, "RequestedCapacityMax": 0,
        "RequestedCapabilities": [{"AccessMode": "single-node-writer",
                                   "AttachmentMode": "file-system"}],
        "CloneID": "", "SnapshotID": "", "RequestedTopologies": null,
        "ReadAllocs": {}, "WriteAllocs": {}, "Allocations": [],
        "Schedulable": true, "PluginID": "ebs", "Provider": "ebs.csi.aws.com",
        "ProviderVersion": "1.2.0", "ControllerRequired": true, "ControllersHealthy": 1,
        "ControllersExpected": 1, "NodesHealthy": 1, "NodesExpected": 1,
        "ResourceExhausted": null, "CreateIndex": 20, "ModifyIndex": 21, "CreateTime": 0,
        "ModifyTime": 0, "CurrentReaders": 0, "CurrentWriters": 0})
}

/// A `CSIPlugin` with one controller and one node instance.
fn csi_plugin() -> Value {
    json!({"ID": "ebs", "Provider": "ebs.csi.aws.com", "Version": "1.2.0",
        "ControllerRequired": true,
        "Controllers": {NODE: {"PluginID": "ebs", "AllocID": "", "Healthy": true,
            "HealthDescription": "", "UpdateTime": null, "RequiresControllerPlugin": true,
            "RequiresTopologies": false,
            "ControllerInfo": {"SupportsCreateDeleteSnapshot": true}, "NodeInfo": null}},
        "Nodes": {NODE: {"PluginID": "ebs", "AllocID": "", "Healthy": true,
            "HealthDescription": "", "UpdateTime": null, "RequiresControllerPlugin": true,
            "RequiresTopologies": true, "ControllerInfo": null,
            "NodeInfo": {"ID": NODE, "MaxVolumes": 10,
                "AccessibleTopology": {"Segments": {"zone": "us-east-1a"}},
                "RequiresNodeStageVolume": false, "SupportsStats": true,
                "SupportsExpand": false, "SupportsCondition": false}}},
        "Allocations": [], "ControllersHealthy": 1, "ControllersExpected": 1,
        "NodesHealthy": 1, "NodesExpected": 1, "CreateIndex": 19, "ModifyIndex": 19})
}

fn with_volumes(s: &nomad_sim::Sim, csi: bool) {
    s.with_state(|st| {
        st.host_volumes
            .insert(HOST1.into(), host_volume(HOST1, "data"));
        st.host_volumes
            .insert(HOST2.into(), host_volume(HOST2, "logs"));
        if csi {
            st.csi_plugins.insert("ebs".into(), csi_plugin());
            for id in ["vol-a", "vol-b"] {
                st.csi_volumes.insert(id.into(), csi_volume(id));
            }
        }
    });
}

#[test]
fn status_host_volumes() {
    let s = sim();
    let v = |args: &[&str]| {
        let mut a = vec!["volume"];
        a.extend_from_slice(args);
        rnomad(&a).sim(&s).run()
    };
    assert_snapshot!("vol_status_empty", v(&["status"]));
    with_volumes(&s, false);
    assert_snapshot!("vol_status", v(&["status"]));
    assert_snapshot!("vol_status_verbose", v(&["status", "-verbose"]));
    assert_snapshot!("vol_status_json", v(&["status", "-json", "-type", "host"]));
    assert_snapshot!(
        "vol_status_t",
        v(&["status", "-t", "{{range .}}{{.Name}} {{end}}"])
    );
    assert_snapshot!("vol_status_one", v(&["status", "78641e70"]));
    assert_snapshot!(
        "vol_status_one_name",
        v(&["status", "-type", "host", "logs"])
    );
    assert_snapshot!("vol_status_one_short", v(&["status", "-short", HOST1]));
    assert_snapshot!("vol_status_one_json", v(&["status", "-json", HOST1]));
    assert_snapshot!("vol_status_ambiguous", v(&["status", "7864"]));
    assert_snapshot!(
        "vol_status_ambiguous_host",
        v(&["status", "-type", "host", "7864"])
    );
    assert_snapshot!("vol_status_missing", v(&["status", "nosuch"]));
    assert_snapshot!("vol_status_bad_type", v(&["status", "-type", "nfs"]));
    assert_snapshot!(
        "vol_status_csi_node",
        v(&["status", "-type", "csi", "-node", "x"])
    );
    assert_snapshot!(
        "vol_status_id_and_node",
        v(&["status", "-type", "host", "-node", "x", "7864"])
    );
    assert_snapshot!(
        "vol_status_node",
        v(&["status", "-type", "host", "-node", NODE])
    );
    assert_snapshot!("vol_status_two_args", v(&["status", "a", "b"]));
    assert_snapshot!("vol_status_json_and_t", v(&["status", "-json", "-t", "x"]));
}

#[test]
fn status_csi_volumes_and_plugins() {
    let s = sim();
    with_volumes(&s, true);
    let run = |args: &[&str]| rnomad(args).sim(&s).run();
    assert_snapshot!("vol_csi_list", run(&["volume", "status", "-type", "csi"]));
    assert_snapshot!(
        "vol_csi_list_verbose",
        run(&["volume", "status", "-type", "csi", "-verbose"])
    );
    assert_snapshot!("vol_csi_one", run(&["volume", "status", "vol-a"]));
    assert_snapshot!(
        "vol_csi_one_short",
        run(&["volume", "status", "-short", "vol-a"])
    );
    assert_snapshot!(
        "vol_csi_one_t",
        run(&[
            "volume",
            "status",
            "-t",
            "{{.ExternalID}} {{.Provider}}",
            "vol-a"
        ])
    );
    assert_snapshot!("vol_csi_ambiguous", run(&["volume", "status", "vol"]));
    assert_snapshot!("plugin_list", run(&["plugin", "status"]));
    assert_snapshot!("plugin_list_json", run(&["plugin", "status", "-json"]));
    assert_snapshot!("plugin_one", run(&["plugin", "status", "eb"]));
    assert_snapshot!(
        "plugin_one_verbose",
        run(&["plugin", "status", "-verbose", "ebs"])
    );
    assert_snapshot!(
        "plugin_one_t",
        run(&["plugin", "status", "-t", "{{.Provider}}", "ebs"])
    );
    assert_snapshot!("plugin_missing", run(&["plugin", "status", "nosuch"]));
    assert_snapshot!(
        "plugin_bad_type",
        run(&["plugin", "status", "-type", "host"])
    );
    assert_snapshot!("plugin_two_args", run(&["plugin", "status", "a", "b"]));
}

#[test]
fn delete_deregister_and_claims() {
    let s = sim();
    with_volumes(&s, true);
    let run = |args: &[&str]| rnomad(args).sim(&s).run();
    assert_snapshot!("vol_delete_no_args", run(&["volume", "delete"]));
    assert_snapshot!(
        "vol_delete_host_ambiguous",
        run(&["volume", "delete", "-type", "host", "7864"])
    );
    assert_snapshot!(
        "vol_delete_host_missing_uuid",
        run(&[
            "volume",
            "delete",
            "-type",
            "host",
            "ffffffff-5a79-13f6-e672-9b5859910fde"
        ])
    );
    assert_snapshot!(
        "vol_delete_host_by_name",
        run(&["volume", "delete", "-type", "host", "logs"])
    );
    assert_snapshot!(
        "vol_delete_bad_secret",
        run(&["volume", "delete", "-secret", "nokey", "vol-a"])
    );
    assert_snapshot!(
        "vol_delete_csi_ambiguous",
        run(&["volume", "delete", "vol"])
    );
    assert_snapshot!(
        "vol_delete_csi",
        run(&["volume", "delete", "-secret", "k=v", "vol-b"])
    );
    assert_snapshot!(
        "vol_delete_bad_type",
        run(&["volume", "delete", "-type", "x", "v"])
    );
    assert_snapshot!(
        "vol_deregister_missing",
        run(&["volume", "deregister", "nosuch"])
    );
    assert_snapshot!(
        "vol_deregister_force_no",
        rnomad(&["volume", "deregister", "-force", "vol-a"])
            .sim(&s)
            .stdin("n\n")
            .run()
    );
    assert_snapshot!("vol_deregister", run(&["volume", "deregister", "vol-a"]));
    assert_snapshot!("vol_status_after", run(&["volume", "status"]));
    assert_snapshot!("vol_claim_list", run(&["volume", "claim", "list"]));
    assert_snapshot!(
        "vol_claim_list_json",
        run(&["volume", "claim", "list", "-json"])
    );
    assert_snapshot!(
        "vol_claim_list_args",
        run(&["volume", "claim", "list", "a", "b"])
    );
}

#[test]
fn denied_and_down() {
    let s = builder().acl(true).spawn();
    let run = |args: &[&str]| rnomad(args).sim(&s).run();
    assert_snapshot!("vol_status_denied", run(&["volume", "status"]));
    assert_snapshot!("vol_status_one_denied", run(&["volume", "status", "x"]));
    assert_snapshot!("plugin_status_denied", run(&["plugin", "status"]));
    assert_snapshot!(
        "vol_delete_denied",
        run(&["volume", "delete", "-type", "host", HOST1])
    );
    let dead = dead_address();
    for (name, args) in [
        ("vol_status_down", vec!["volume", "status"]),
        ("plugin_status_down", vec!["plugin", "status"]),
        ("vol_claim_list_down", vec!["volume", "claim", "list"]),
    ] {
        let mut a = args.clone();
        a.extend(["-address", &dead]);
        assert_snapshot!(name, rnomad(&a).dead(&dead).run());
    }
}

/// Completion of live volume and plugin IDs, and of the flags.
#[test]
fn completes_volumes_plugins_and_flags() {
    let s = sim();
    with_volumes(&s, true);
    let comp = |line: &str| {
        let r = rnomad(&[]).sim(&s).env("COMP_LINE", line).run();
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{line}");
        let mut v: Vec<String> = r.stdout.lines().map(str::to_string).collect();
        v.sort();
        v
    };
    assert_eq!(comp("rnomad volume status 7864"), [HOST1, HOST2]);
    assert_eq!(comp("rnomad volume deregister vol-"), ["vol-a", "vol-b"]);
    assert_eq!(comp("rnomad plugin status e"), ["ebs"]);
    assert_eq!(comp("rnomad plugin "), ["status"]);
    let flags = comp("rnomad volume status -");
    for f in [
        "-type",
        "-short",
        "-verbose",
        "-node",
        "-node-pool",
        "-json",
        "-t",
    ] {
        assert!(flags.contains(&f.to_string()), "{f} in {flags:?}");
    }
}

/// `volume claim delete` off a terminal: `-y` is required; a short ID is looked up as a
/// prefix; the sim holds no claims, as the recorded agent did not.
#[test]
fn claim_delete() {
    let s = sim();
    let run = |args: &[&str]| rnomad(args).sim(&s).run();
    assert_snapshot!(
        "vol_claim_delete_needs_y",
        run(&["volume", "claim", "delete", "x"])
    );
    assert_snapshot!(
        "vol_claim_delete_args",
        run(&["volume", "claim", "delete", "-y"])
    );
    assert_snapshot!(
        "vol_claim_delete_missing",
        run(&["volume", "claim", "delete", "-y", HOST1])
    );
    assert_snapshot!(
        "vol_claim_delete_short_missing",
        run(&["volume", "claim", "delete", "-y", "ffffffff"])
    );
    let dead = dead_address();
    assert_snapshot!(
        "vol_claim_delete_down",
        rnomad(&["volume", "claim", "delete", "-y", "ffffffff", "-address", &dead])
            .dead(&dead)
            .run()
    );
}
