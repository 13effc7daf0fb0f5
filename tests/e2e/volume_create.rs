//! `volume create` and `volume register` against the sim: the specification files of
//! tests/fixtures/nomad-1.10.5/setup/volume/ (HCL and JSON), decoded and refused as Nomad
//! v1.10.5 does (its outputs are in cli/volume/), the host volume monitor, `-id` updates,
//! CSI volumes with a plugin put in the sim, and the usual failures.

use crate::common::{assert_recorded_cli, FIXTURES};
use crate::common::{builder, dead_address, rnomad, sim, Run};
use insta::assert_snapshot;
use serde_json::json;

fn spec(name: &str) -> String {
    format!("{FIXTURES}/setup/volume/{name}")
}

/// The run matches Nomad's recorded `cli/volume/<name>` byte for byte.
fn assert_recorded(name: &str, run: &Run) {
    assert_recorded_cli(run, &format!("cli/volume/{name}"));
}

/// Everything Nomad refuses before or at the server, as recorded.
#[test]
fn refusals_as_recorded() {
    let s = sim();
    for (name, cmd, file) in [
        ("create-bad-hcl", "create", "bad.hcl"),
        ("register-bad-hcl", "register", "bad.hcl"),
        ("create-bad-json", "create", "bad.json"),
        ("create-notype", "create", "notype.hcl"),
        ("register-notype", "register", "notype.hcl"),
        ("create-othertype", "create", "othertype.hcl"),
        ("create-type-case", "create", "type-case.hcl"),
        ("register-type-case", "register", "type-case.hcl"),
        ("create-type-object", "create", "type-object.hcl"),
        ("create-badcap", "create", "badcap.hcl"),
        ("create-dec-list", "create", "dec-list.hcl"),
        ("create-dec-list-json", "create", "dec-list.json"),
        ("create-dec-capkeys", "create", "dec-capkeys.hcl"),
        ("register-dec-capkeys", "register", "dec-capkeys.hcl"),
        ("create-dec-uint", "create", "dec-uint.hcl"),
        ("create-dec-params", "create", "dec-params.hcl"),
        ("create-dec-constraint", "create", "dec-constraint.hcl"),
        ("create-csi-mountkeys", "create", "csi-mountkeys.hcl"),
        ("register-nonode", "register", "reg-nonode.hcl"),
        ("create-csi-noplugin", "create", "csi.hcl"),
        ("register-csi-noplugin", "register", "csi.hcl"),
    ] {
        let run = rnomad(&["volume", cmd, &spec(file)]).sim(&s).run();
        assert_recorded(name, &run);
    }
    let run = rnomad(&["volume", "create", "/nonexistent.hcl"])
        .sim(&s)
        .run();
    assert_recorded("create-missing", &run);
    let run = rnomad(&["volume", "create", "a", "b"]).sim(&s).run();
    assert_recorded("create-twoargs", &run);
    let run = rnomad(&["volume", "create", "-"]).sim(&s).stdin("").run();
    assert_recorded("create-stdin-missing", &run);
    let run = rnomad(&["volume", "register", "-id", "nosuch", &spec("hvreg.hcl")])
        .sim(&s)
        .run();
    assert_recorded("register-id-missing", &run);
    assert_snapshot!(
        "vol_create_bad_flag_line",
        rnomad(&["volume", "create", "-bogus", "x"])
            .sim(&s)
            .run()
            .stderr
            .lines()
            .take(2)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// An `-id` prefix matching two host volumes lists them as Nomad does (with empty ID
/// columns, as Nomad formats that table without an ID length); `volume delete` too.
#[test]
fn ambiguous_prefix_as_recorded() {
    let s = sim();
    s.with_state(|st| {
        for (id, name) in [
            ("36058095-1637-9a3d-70d9-96ad80d04343", "mon-n"),
            ("a8bd886d-0000-4000-8000-000000000001", "mon-r"),
        ] {
            st.host_volumes.insert(
                id.into(),
                json!({"ID": id, "Name": name, "Namespace": "default", "PluginID": "mkdir",
                    "NodeID": "08941a47-e53b-ed3c-310a-616fcd36dbf7", "NodePool": "default",
                    "State": "ready", "CapacityBytes": 0, "CreateIndex": 10,
                    "ModifyIndex": 10, "CreateTime": 0, "ModifyTime": 0}),
            );
        }
    });
    let run = rnomad(&["volume", "create", "-id", "mon-", &spec("update.hcl")])
        .sim(&s)
        .run();
    assert_recorded("create-id-ambiguous", &run);
    let run = rnomad(&["volume", "delete", "-type", "host", "mon-"])
        .sim(&s)
        .run();
    assert_recorded("delete-host-ambiguous", &run);
    // One match by its full name: the update keeps that volume's ID.
    let out = rnomad(&[
        "volume",
        "create",
        "-detach",
        "-id",
        "mon-n",
        &spec("update.hcl"),
    ])
    .sim(&s)
    .run();
    assert_snapshot!("vol_create_update", out);
}

#[test]
fn host_volumes_created_and_registered() {
    let s = sim();
    let run = |args: &[&str]| rnomad(args).sim(&s).run();
    assert_snapshot!(
        "vol_create_detach",
        run(&["volume", "create", "-detach", &spec("hv3.hcl")])
    );
    // Without -detach the volume is followed until it is ready (clock frozen by the harness).
    assert_snapshot!(
        "vol_create_monitor",
        run(&["volume", "create", &spec("hv.hcl")])
    );
    assert_snapshot!(
        "vol_create_monitor_verbose",
        run(&["volume", "create", "-verbose", &spec("hv3.json")])
    );
    assert_snapshot!(
        "vol_register_host",
        run(&["volume", "register", &spec("hvreg.hcl")])
    );
    // The request carries what the file said, as Nomad's decoder reads it.
    let data = s.read_state(|st| {
        st.host_volumes
            .values()
            .find(|v| v["Name"] == "data")
            .cloned()
            .unwrap()
    });
    assert_eq!(data["RequestedCapacityMinBytes"], 10 << 20);
    assert_eq!(data["RequestedCapacityMaxBytes"], 20_000_000);
    assert_eq!(data["Parameters"], json!({"mode": "0755"}));
    // From standard input, in JSON.
    let json_spec = r#"{"name": "piped", "type": "host", "plugin_id": "mkdir"}"#;
    assert_snapshot!(
        "vol_create_stdin",
        rnomad(&["volume", "create", "-detach", "-"])
            .sim(&s)
            .stdin(json_spec)
            .run()
    );
    // A plugin no node runs: the server's refusal.
    let bad = r#"{"name": "bad", "type": "host", "plugin_id": "nosuch"}"#;
    assert_snapshot!(
        "vol_create_no_plugin",
        rnomad(&["volume", "create", "-"]).sim(&s).stdin(bad).run()
    );
}

#[test]
fn csi_volumes_with_a_plugin() {
    let s = sim();
    s.with_state(|st| {
        st.csi_plugins
            .insert("ebs".into(), json!({"ID": "ebs", "Provider": "ebs.csi"}));
    });
    let run = |args: &[&str]| rnomad(args).sim(&s).run();
    assert_snapshot!(
        "vol_register_csi",
        run(&["volume", "register", &spec("csi.hcl")])
    );
    let stored = s.read_state(|st| st.csi_volumes.get("vol1").cloned().unwrap());
    assert_eq!(stored["ExternalID"], "ext1");
    assert_eq!(
        stored["RequestedCapabilities"],
        json!([{"AccessMode": "single-node-writer", "AttachmentMode": "file-system"}])
    );
    assert_snapshot!(
        "vol_create_csi",
        run(&["volume", "create", &spec("csi.hcl")])
    );
}

#[test]
fn server_down_and_permission_denied() {
    let dead = dead_address();
    assert_snapshot!(
        "vol_create_down",
        rnomad(&["volume", "create", "-address", &dead, &spec("hv3.hcl")])
            .dead(&dead)
            .run()
    );
    assert_snapshot!(
        "vol_register_down",
        rnomad(&["volume", "register", "-address", &dead, &spec("hvreg.hcl")])
            .dead(&dead)
            .run()
    );
    let s = builder().acl(true).spawn();
    assert_snapshot!(
        "vol_create_denied",
        rnomad(&["volume", "create", &spec("hv3.hcl")])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "vol_register_denied",
        rnomad(&["volume", "register", &spec("hvreg.hcl")])
            .sim(&s)
            .run()
    );
}
