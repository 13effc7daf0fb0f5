//! `job status`: list, single job of every kind, -json/-t, and the failures.

use crate::common::{builder, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn list() {
    let s = sim();
    assert_snapshot!("list", rnomad(&["job", "status"]).sim(&s).run());
}

#[test]
fn list_all_namespaces() {
    let s = sim();
    assert_snapshot!(
        "list_all_namespaces",
        rnomad(&["job", "status", "-namespace=*"]).sim(&s).run()
    );
}

#[test]
fn list_empty() {
    let s = builder().jobs(0).spawn();
    assert_snapshot!("list_empty", rnomad(&["job", "status"]).sim(&s).run());
    // Nomad says so even in -json mode.
    let r = rnomad(&["job", "status", "-json"]).sim(&s).run();
    assert_eq!(r.stdout, "No running jobs\n");
}

#[test]
fn service_job() {
    let s = sim();
    assert_snapshot!("service", rnomad(&["job", "status", "web"]).sim(&s).run());
}

#[test]
fn service_job_verbose() {
    let s = sim();
    assert_snapshot!(
        "service_verbose",
        rnomad(&["job", "status", "-verbose", "web"]).sim(&s).run()
    );
}

#[test]
fn service_job_short_and_evals() {
    let s = sim();
    assert_snapshot!(
        "short",
        rnomad(&["job", "status", "-short", "web"]).sim(&s).run()
    );
    assert_snapshot!(
        "evals",
        rnomad(&["job", "status", "-evals", "-all-allocs", "web"])
            .sim(&s)
            .run()
    );
}

#[test]
fn periodic_job() {
    let s = sim();
    assert_snapshot!(
        "periodic",
        rnomad(&["job", "status", "search"]).sim(&s).run()
    );
}

/// A periodic job's next launch is computed in its time zone, read from zoneinfo files as Go
/// reads them (`$ZONEINFO` first); a zone that cannot be loaded gives no launch line.
#[test]
fn periodic_job_in_a_time_zone() {
    let s = sim();
    let zoneinfo = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/zoneinfo");
    let launch = |zone: &str| {
        s.with_state(|st| {
            st.update_job("default", "search", |j| {
                j["Periodic"]["TimeZone"] = serde_json::json!(zone)
            })
        });
        let r = rnomad(&["job", "status", "-short", "search"])
            .sim(&s)
            .env("ZONEINFO", zoneinfo)
            .run();
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
            .lines()
            .find(|l| l.starts_with("Next Periodic Launch"))
            .map(str::to_string)
    };
    // The frozen clock is 2023-11-14T22:13:20Z: 17:13:20 in New York (EST, -05:00).
    assert_eq!(
        launch("America/New_York").as_deref(),
        Some("Next Periodic Launch = 2023-11-14T17:15:00-05:00 (1m40s from now)")
    );
    assert_eq!(
        launch("Europe/Berlin").as_deref(),
        Some("Next Periodic Launch = 2023-11-14T23:15:00+01:00 (1m40s from now)")
    );
    assert_eq!(launch("Mars/Olympus_Mons"), None);
}

#[test]
fn parameterized_job_and_child() {
    let s = sim();
    assert_snapshot!(
        "parameterized",
        rnomad(&["job", "status", "queue"]).sim(&s).run()
    );
    let list = rnomad(&["job", "status"]).sim(&s).run();
    let child = list
        .stdout
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .next()
                .filter(|id| id.starts_with("queue/dispatch-"))
        })
        .expect("a dispatched child")
        .to_string();
    let r = rnomad(&["job", "status", "-short", &child]).sim(&s).run();
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Parameterized = false\n"), "{}", r.stdout);
}

#[test]
fn json_single() {
    let s = sim();
    let r = rnomad(&["job", "status", "-json", "web"]).sim(&s).run();
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let doc = &v[0];
    // The JobJson key set, sorted, with the Go api structs inside.
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["Allocations", "Evaluations", "LatestDeployment", "Summary"]
    );
    assert_eq!(doc["Summary"]["JobID"], "web");
    assert!(
        r.stdout.contains("\n    {\n        \"Allocations\": ["),
        "4-space indent"
    );
    assert_snapshot!("json_single", r);
}

#[test]
fn json_list_covers_every_job() {
    let s = sim();
    let r = rnomad(&["job", "status", "-json"]).sim(&s).run();
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["Summary"]["JobID"].as_str().unwrap())
        .collect();
    let table = rnomad(&["job", "status"]).sim(&s).run();
    let listed: Vec<&str> = table
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, listed);
    assert_eq!(r.stderr, "", "no hint in -json mode");
}

#[test]
fn template() {
    let s = sim();
    let r = rnomad(&[
        "job",
        "status",
        "-t",
        "{{range .}}{{.Summary.JobID}} {{len .Allocations}}\n{{end}}",
        "web",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("template", r);
    let r = rnomad(&["job", "status", "-t", "{{.Nope}}", "web"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("Error formatting the data: template: :1:"),
        "{}",
        r.stderr
    );
    let r = rnomad(&["job", "status", "-json", "-t", "x", "web"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "Both json and template formatting are not allowed\n"
    );
}

#[test]
fn not_found_and_ambiguous() {
    let s = sim();
    assert_snapshot!(
        "not_found",
        rnomad(&["job", "status", "nosuch"]).sim(&s).run()
    );
    assert_snapshot!("ambiguous", rnomad(&["job", "status", "s"]).sim(&s).run());
    // An exact ID that is also a prefix of others is not ambiguous.
    let r = rnomad(&["job", "status", "-short", "search"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn too_many_arguments() {
    assert_snapshot!("too_many_args", rnomad(&["job", "status", "a", "b"]).run());
}

#[test]
fn permission_denied() {
    let s = builder().acl(true).token("nothing", "deny").spawn();
    let r = rnomad(&["job", "status"])
        .sim(&s)
        .env("NOMAD_TOKEN", "nothing")
        .run();
    assert_snapshot!("permission_denied", r);
    // Without list permission the prefix is used as the exact ID, as Nomad does.
    let r = rnomad(&["job", "status", "web"])
        .sim(&s)
        .env("NOMAD_TOKEN", "nothing")
        .run();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "Error querying job: Unexpected response code: 403 (Permission denied)\n"
    );
    let r = rnomad(&["job", "status", "-short", "web"])
        .sim(&s)
        .env("NOMAD_TOKEN", "root")
        .run();
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn server_error_mid_way() {
    let s = sim();
    s.faults()
        .fail("/v1/job/web/evaluations", 500, "No cluster leader", None);
    let r = rnomad(&["job", "status", "web"]).sim(&s).run();
    assert_snapshot!("server_error", r);
}

#[test]
fn placement_failure() {
    let s = sim();
    // A job no node can run: the sim's scheduler records the failure and a blocked eval.
    let job = serde_json::json!({
        "ID": "huge", "Name": "huge", "Type": "service", "Datacenters": ["dc1"],
        "TaskGroups": [{"Name": "g", "Count": 1, "Tasks": [{"Name": "t", "Driver": "docker",
            "Resources": {"CPU": 9_000_000, "MemoryMB": 64}}]}]
    });
    s.with_state(|st| {
        let job = nomad_sim::job::canonicalize(&job).expect("a valid job");
        nomad_sim::sched::register(st, job);
    });
    let mut r = rnomad(&["job", "status", "huge"]).sim(&s).run();
    for _ in 0..50 {
        if r.stdout.contains("Placement Failure") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        r = rnomad(&["job", "status", "huge"]).sim(&s).run();
    }
    assert!(
        r.stdout
            .contains("\nPlacement Failure\nTask Group \"g\":\n  * Resources exhausted on"),
        "{r}"
    );
}
