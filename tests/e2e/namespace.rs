//! `namespace list|status|inspect|apply|delete` against the sim (outputs checked against
//! Nomad v1.10.5's on a real agent: INDEX.md's namespace recordings).

use crate::common::{builder, dead_address, rnomad, sim, temp_dir};
use insta::assert_snapshot;

#[test]
fn list_status_inspect() {
    let s = sim();
    let ns = |args: &[&str]| {
        let mut v = vec!["namespace"];
        v.extend_from_slice(args);
        rnomad(&v).sim(&s).run()
    };
    assert_snapshot!("ns_list", ns(&["list"]));
    assert_snapshot!("ns_list_json", ns(&["list", "-json"]));
    assert_snapshot!(
        "ns_list_t",
        ns(&["list", "-t", "{{range .}}{{.Name}} {{end}}"])
    );
    assert_snapshot!("ns_list_arg", ns(&["list", "x"]));
    assert_snapshot!("ns_status", ns(&["status", "prod"]));
    assert_snapshot!("ns_status_prefix", ns(&["status", "pr"]));
    assert_snapshot!("ns_status_json", ns(&["status", "-json", "default"]));
    assert_snapshot!(
        "ns_status_t",
        ns(&["status", "-t", "{{.Description}}", "prod"])
    );
    assert_snapshot!("ns_status_missing", ns(&["status", "zz"]));
    assert_snapshot!("ns_status_args", ns(&["status"]));
    assert_snapshot!(
        "ns_status_both",
        ns(&["status", "-json", "-t", "x", "prod"])
    );
    assert_snapshot!("ns_inspect", ns(&["inspect", "prod"]));
    assert_snapshot!("ns_inspect_t", ns(&["inspect", "-t", "{{.Name}}", "prod"]));
    assert_snapshot!("ns_inspect_missing", ns(&["inspect", "nosuch"]));
}

#[test]
fn apply_and_delete() {
    let s = sim();
    let d = temp_dir();
    let ns = |args: &[&str]| {
        let mut v = vec!["namespace"];
        v.extend_from_slice(args);
        rnomad(&v)
            .sim(&s)
            .redact(&d.path().to_string_lossy(), "DIR")
            .run()
    };
    assert_snapshot!(
        "ns_apply_name",
        ns(&["apply", "-description", "Team A", "team-a"])
    );
    assert_snapshot!("ns_apply_status", ns(&["status", "team-a"]));
    // -description "" clears it; without the flag the description stays.
    assert_snapshot!("ns_apply_clear", ns(&["apply", "-description=", "team-a"]));
    assert_snapshot!(
        "ns_apply_cleared",
        ns(&["inspect", "-t", "[{{.Description}}]", "team-a"])
    );
    assert_eq!(ns(&["apply", "team-b"]).code, 0);
    assert_snapshot!("ns_ambiguous", ns(&["status", "team"]));
    assert_snapshot!(
        "ns_exact_among_several",
        ns(&["inspect", "-t", "{{.Name}}", "team-a"])
    );
    let hcl = d.write(
        "ns.hcl",
        "name = \"hcl-ns\"\ndescription = \"from HCL\"\ncapabilities {\n  enabled_task_drivers = [\"raw_exec\", \"docker\"]\n  disabled_network_modes = [\"host\"]\n}\nmeta {\n  owner = \"ops\"\n  n = 5\n}\n",
    );
    assert_snapshot!("ns_apply_hcl", ns(&["apply", &hcl]));
    assert_snapshot!("ns_apply_hcl_status", ns(&["status", "hcl-ns"]));
    assert_snapshot!("ns_apply_hcl_flags", ns(&["apply", "-quota", "q", &hcl]));
    let json = d.write(
        "ns.json",
        "{\"name\": \"json-ns\", \"Description\": \"d\", \"Meta\": {\"a\": \"b\"}}",
    );
    assert_snapshot!("ns_apply_json", ns(&["apply", "-json", &json]));
    assert_snapshot!("ns_apply_json_inspect", ns(&["inspect", "json-ns"]));
    let bad = d.write("bad.json", "{\"Name\": 5}");
    assert_snapshot!("ns_apply_json_type", ns(&["apply", "-json", &bad]));
    let cut = d.write("cut.json", "{\"Name\": \"x\"");
    assert_snapshot!("ns_apply_json_eof", ns(&["apply", "-json", &cut]));
    let syntax = d.write("bad.hcl", "name = \"x\"\nmeta {\n");
    assert_snapshot!("ns_apply_hcl_syntax", ns(&["apply", &syntax]));
    let stdin = rnomad(&["namespace", "apply", "-"])
        .sim(&s)
        .stdin("name = \"from-stdin\"\n")
        .run();
    assert_snapshot!("ns_apply_stdin", stdin);
    assert_snapshot!("ns_apply_bad_name", ns(&["apply", "bad name!"]));
    assert_snapshot!("ns_apply_quota", ns(&["apply", "-quota", "q", "qns"]));
    assert_snapshot!("ns_apply_args", ns(&["apply"]));
    assert_snapshot!("ns_delete", ns(&["delete", "team-a"]));
    assert_snapshot!("ns_delete_missing", ns(&["delete", "team-a"]));
    assert_snapshot!("ns_delete_default", ns(&["delete", "default"]));
    assert_snapshot!("ns_delete_args", ns(&["delete"]));
}

#[test]
fn delete_refused_while_jobs_run() {
    let s = sim();
    let job = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/nomad-1.10.5/setup/svc-prod.nomad.hcl"
    );
    assert_eq!(
        rnomad(&["job", "run", "-detach", job]).sim(&s).run().code,
        0
    );
    crate::common::wait_for(&s, "svc-prod running", |st| {
        st.allocs
            .values()
            .any(|a| a.job_id == "svc-prod" && a.client_status == "running")
    });
    let r = rnomad(&["namespace", "delete", "prod"]).sim(&s).run();
    assert_snapshot!("ns_delete_busy", r);
}

#[test]
fn denied_and_down() {
    let s = builder().acl(true).token("writer", "write").spawn();
    assert_snapshot!(
        "ns_list_denied",
        rnomad(&["namespace", "list"]).sim(&s).run()
    );
    assert_snapshot!(
        "ns_apply_denied",
        rnomad(&["namespace", "apply", "-description", "d", "default"])
            .sim(&s)
            .env("NOMAD_TOKEN", "writer")
            .run()
    );
    assert_snapshot!(
        "ns_delete_denied",
        rnomad(&["namespace", "delete", "x"]).sim(&s).run()
    );
    let dead = dead_address();
    let r = rnomad(&["namespace", "status", "-address", &dead, "prod"])
        .dead(&dead)
        .run();
    assert_snapshot!("ns_status_down", r);
}
