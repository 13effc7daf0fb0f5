//! `job dispatch`: a child of a parameterized job with metadata and a payload, its
//! evaluation followed, idempotency tokens, and the failures.

use crate::common::{builder, dead_address, register_job, rnomad, sim, temp_dir};
use insta::assert_snapshot;
use serde_json::json;

#[test]
fn dispatch_monitors_the_child() {
    let s = sim();
    let dir = temp_dir();
    let payload = dir.join("payload.txt");
    std::fs::write(&payload, "payload-data\n").expect("payload");
    let r = rnomad(&[
        "job",
        "dispatch",
        "-meta",
        "input=a=b",
        "queue",
        &payload.to_string_lossy(),
    ])
    .sim(&s)
    .run();
    assert_snapshot!("dispatch_monitor", r);
    // The child carries the metadata, the payload, and points at its parent.
    let child = s.read_state(|st| {
        st.jobs
            .values()
            .map(|r| r.job.clone())
            .find(|j| j["ParentID"] == "queue" && j["Meta"]["input"] == "a=b")
    });
    let child = child.expect("dispatched child");
    assert_eq!(child["Payload"], "cGF5bG9hZC1kYXRhCg==");
    assert_eq!(child["Dispatched"], true);
    assert_eq!(child["Priority"], 30);
}

#[test]
fn dispatch_detach_stdin_and_idempotency() {
    let s = sim();
    let args = [
        "job",
        "dispatch",
        "-detach",
        "-verbose",
        "-meta",
        "input=x",
        "-idempotency-token",
        "tok-1",
        "-id-prefix-template",
        "nightly",
        "-priority",
        "60",
        "queue",
        "-",
    ];
    let first = rnomad(&args).sim(&s).stdin("from stdin").run();
    assert_snapshot!("dispatch_detach", first);
    // The same token again: the existing child, and no evaluation.
    let again = rnomad(&args).sim(&s).stdin("from stdin").run();
    assert_snapshot!("dispatch_idempotent", again);
    let child = s.read_state(|st| {
        st.jobs
            .values()
            .map(|r| r.job.clone())
            .find(|j| j["DispatchIdempotencyToken"] == "tok-1")
    });
    let child = child.expect("child");
    assert_eq!(child["Payload"], "ZnJvbSBzdGRpbg==");
    assert_eq!(child["Priority"], 60);
}

#[test]
fn dispatch_server_errors() {
    let s = sim();
    // Required metadata missing, a key the job does not allow, a bad priority.
    assert_snapshot!(
        "dispatch_missing_meta",
        rnomad(&["job", "dispatch", "queue"]).sim(&s).run()
    );
    assert_snapshot!(
        "dispatch_unpermitted_meta",
        rnomad(&[
            "job",
            "dispatch",
            "-meta",
            "input=1",
            "-meta",
            "color=red",
            "queue"
        ])
        .sim(&s)
        .run()
    );
    assert_snapshot!(
        "dispatch_bad_priority",
        rnomad(&[
            "job",
            "dispatch",
            "-meta",
            "input=1",
            "-priority",
            "101",
            "queue"
        ])
        .sim(&s)
        .run()
    );
    // Payload rules of the parameterized block.
    register_job(
        &s,
        json!({"ID": "strict", "Type": "batch",
               "ParameterizedJob": {"Payload": "forbidden"},
               "TaskGroups": [{"Name": "g", "Tasks": [{"Name": "t", "Driver": "docker",
                   "Resources": {"CPU": 50, "MemoryMB": 32}}]}]}),
    );
    register_job(
        &s,
        json!({"ID": "needy", "Type": "batch",
               "ParameterizedJob": {"Payload": "required"},
               "TaskGroups": [{"Name": "g", "Tasks": [{"Name": "t", "Driver": "docker",
                   "Resources": {"CPU": 50, "MemoryMB": 32}}]}]}),
    );
    assert_snapshot!(
        "dispatch_payload_forbidden",
        rnomad(&["job", "dispatch", "strict", "-"])
            .sim(&s)
            .stdin("data")
            .run()
    );
    assert_snapshot!(
        "dispatch_payload_required",
        rnomad(&["job", "dispatch", "needy"]).sim(&s).run()
    );
    let big = "x".repeat(16 * 1024 + 1);
    assert_snapshot!(
        "dispatch_payload_too_large",
        rnomad(&["job", "dispatch", "needy", "-"])
            .sim(&s)
            .stdin(&big)
            .run()
    );
}

#[test]
fn dispatch_lookup_and_input_failures() {
    let s = sim();
    // Only parameterized jobs are candidates.
    assert_snapshot!(
        "dispatch_not_parameterized",
        rnomad(&["job", "dispatch", "web"]).sim(&s).run()
    );
    register_job(
        &s,
        json!({"ID": "queue-2", "Type": "batch", "ParameterizedJob": {},
               "TaskGroups": [{"Name": "g", "Tasks": [{"Name": "t", "Driver": "docker",
                   "Resources": {"CPU": 50, "MemoryMB": 32}}]}]}),
    );
    assert_snapshot!(
        "dispatch_ambiguous",
        rnomad(&["job", "dispatch", "que"]).sim(&s).run()
    );
    assert_snapshot!(
        "dispatch_bad_meta",
        rnomad(&["job", "dispatch", "-meta", "novalue", "queue"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "dispatch_missing_payload_file",
        rnomad(&["job", "dispatch", "queue", "/nonexistent/payload"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "dispatch_no_args",
        rnomad(&["job", "dispatch"]).sim(&s).run()
    );
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "dispatch_denied",
        rnomad(&["job", "dispatch", "-meta", "input=1", "queue"])
            .sim(&acl)
            .run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "dispatch_server_down",
        rnomad(&["job", "dispatch", "queue"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
}
