//! The sim's own behaviour: blocking queries, the register → running flow, determinism,
//! faults and ACLs. Uses a raw HTTP/1.1 client over TcpStream to stay dependency-free.

use nomad_sim::Sim;
use serde_json::Value;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// Sends one request and returns (status, headers, body).
fn call(
    sim: &Sim,
    method: &str,
    path: &str,
    body: &str,
    token: Option<&str>,
) -> (u16, String, String) {
    let mut s = std::net::TcpStream::connect(sim.addr()).unwrap();
    let auth = token
        .map(|t| format!("X-Nomad-Token: {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_lowercase(), body.to_string())
}

fn get_json(sim: &Sim, path: &str) -> Value {
    let (status, _, body) = call(sim, "GET", path, "", None);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn header(head: &str, name: &str) -> String {
    head.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or("")
        .trim()
        .to_string()
}

#[test]
fn generator_is_deterministic() {
    let mk = || {
        Sim::builder()
            .seed(7)
            .jobs(12)
            .nodes(4)
            .allocs_per_job(2)
            .frozen_clock(1_700_000_000_000_000_000)
            .spawn()
    };
    let (a, b) = (mk(), mk());
    for path in [
        "/v1/jobs?namespace=*",
        "/v1/nodes",
        "/v1/allocations",
        "/v1/evaluations",
        "/v1/deployments",
    ] {
        assert_eq!(get_json(&a, path), get_json(&b, path), "{path}");
    }
    let jobs = get_json(&a, "/v1/jobs?namespace=*");
    assert_eq!(
        jobs[0]["SubmitTime"]
            .as_i64()
            .map(|t| t <= 1_700_000_000_000_000_000),
        Some(true)
    );
}

#[test]
fn register_leads_to_running_allocs_and_successful_deployment() {
    let sim = Sim::builder().seed(1).nodes(3).spawn();
    let job = r#"{"Job":{"ID":"web","TaskGroups":[{"Name":"g","Count":2,"Tasks":[{"Name":"t","Driver":"docker","Config":{"image":"nginx"}}]}]}}"#;
    let (status, _, body) = call(&sim, "PUT", "/v1/jobs", job, None);
    assert_eq!(status, 200, "{body}");
    let resp: Value = serde_json::from_str(&body).unwrap();
    let eval_id = resp["EvalID"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let allocs = get_json(&sim, "/v1/job/web/allocations");
        let dep = get_json(&sim, "/v1/job/web/deployment");
        let running = allocs
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["ClientStatus"] == "running")
            .count();
        if running == 2 && dep["Status"] == "successful" {
            break;
        }
        assert!(Instant::now() < deadline, "allocs never ran: {allocs}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let eval = get_json(&sim, &format!("/v1/evaluation/{eval_id}"));
    assert_eq!(eval["Status"], "complete");
    let job = get_json(&sim, "/v1/job/web");
    assert_eq!(job["Status"], "running");
    assert_eq!(job["Stable"], true);
}

#[test]
fn placement_failure_creates_blocked_eval() {
    let sim = Sim::builder().seed(1).nodes(1).spawn();
    let job = r#"{"Job":{"ID":"big","Datacenters":["nowhere"],"TaskGroups":[{"Name":"g","Tasks":[{"Name":"t","Driver":"docker"}]}]}}"#;
    let (_, _, body) = call(&sim, "PUT", "/v1/jobs", job, None);
    let eval_id = serde_json::from_str::<Value>(&body).unwrap()["EvalID"]
        .as_str()
        .unwrap()
        .to_string();
    std::thread::sleep(Duration::from_millis(400));
    let eval = get_json(&sim, &format!("/v1/evaluation/{eval_id}"));
    assert!(eval["FailedTGAllocs"]["g"].is_object(), "{eval}");
    let blocked = eval["BlockedEval"].as_str().unwrap();
    assert_eq!(
        get_json(&sim, &format!("/v1/evaluation/{blocked}"))["Status"],
        "blocked"
    );
}

#[test]
fn blocking_query_wakes_on_change() {
    let sim = Sim::builder()
        .seed(3)
        .jobs(2)
        .nodes(2)
        .allocs_per_job(1)
        .spawn();
    let (_, head, body) = call(&sim, "GET", "/v1/allocations", "", None);
    let index: u64 = header(&head, "x-nomad-index").parse().unwrap();
    let allocs: Value = serde_json::from_str(&body).unwrap();
    let id = allocs[0]["ID"].as_str().unwrap().to_string();
    let start = Instant::now();
    std::thread::scope(|s| {
        let h = s.spawn(|| {
            call(
                &sim,
                "GET",
                &format!("/v1/allocations?index={index}&wait=10s"),
                "",
                None,
            )
        });
        std::thread::sleep(Duration::from_millis(200));
        sim.with_state(|st| assert!(st.set_alloc_status(&id, "failed")));
        let (status, head, _) = h.join().unwrap();
        assert_eq!(status, 200);
        assert!(header(&head, "x-nomad-index").parse::<u64>().unwrap() > index);
    });
    assert!(start.elapsed() < Duration::from_secs(5));
    // Without a change the wait runs out (plus at most 1/16 jitter).
    let t = Instant::now();
    let (_, head, _) = call(&sim, "GET", "/v1/nodes?index=999999&wait=300ms", "", None);
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert!(!header(&head, "x-nomad-index").is_empty());
}

#[test]
fn faults_and_acls() {
    let sim = Sim::builder()
        .seed(1)
        .jobs(1)
        .acl(true)
        .token("reader", "read")
        .spawn();
    assert_eq!(
        call(&sim, "GET", "/v1/jobs", "", None).2,
        "Permission denied"
    );
    assert_eq!(call(&sim, "GET", "/v1/jobs", "", Some("reader")).0, 200);
    assert_eq!(call(&sim, "PUT", "/v1/jobs", "{}", Some("reader")).0, 403);
    assert_eq!(
        call(&sim, "GET", "/v1/jobs", "", Some("bogus")).2,
        "Permission denied"
    );
    sim.faults().fail("/v1/jobs", 500, "boom", Some(1));
    assert_eq!(call(&sim, "GET", "/v1/jobs", "", Some("root")).2, "boom");
    assert_eq!(call(&sim, "GET", "/v1/jobs", "", Some("root")).0, 200);
    let (status, _, body) = call(&sim, "PUT", "/v1/jobs", "not json", Some("root"));
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        call(&sim, "GET", "/v1/job/nope", "", Some("root")).2,
        "job not found"
    );
    assert_eq!(call(&sim, "DELETE", "/v1/jobs", "", Some("root")).0, 405);
}

/// Nomad's `createNodeEvals`: a node that becomes eligible again (eligibility or the end of a
/// drain) gets a `node-update` evaluation for each job with an allocation there, sysbatch
/// jobs excepted, and for each system job that may run there.
#[test]
fn a_node_eligible_again_gets_node_update_evaluations() {
    let sim = Sim::builder().seed(3).nodes(1).spawn();
    let node = sim.read_state(|st| st.nodes.keys().next().cloned().unwrap());
    for (id, kind, dcs) in [
        ("web", "service", r#"["*"]"#),
        ("sys", "system", r#"["*"]"#),
        ("once", "sysbatch", r#"["*"]"#),
        ("far", "system", r#"["nowhere"]"#),
    ] {
        let job = format!(
            r#"{{"Job":{{"ID":"{id}","Type":"{kind}","Datacenters":{dcs},"TaskGroups":[{{"Name":"g","Tasks":[{{"Name":"t","Driver":"docker","Resources":{{"CPU":10,"MemoryMB":10}}}}]}}]}}}}"#
        );
        let (status, _, body) = call(&sim, "PUT", "/v1/jobs", &job, None);
        assert_eq!(status, 200, "{body}");
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while sim.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.client_status != "pending")
            .count()
    }) < 3
    {
        assert!(Instant::now() < deadline, "the allocations never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    let put = |path: &str, body: String| -> Value {
        let (status, _, out) = call(&sim, "PUT", &format!("/v1/node/{node}/{path}"), &body, None);
        assert_eq!(status, 200, "{out}");
        serde_json::from_str(&out).unwrap()
    };
    let eligibility = |e: &str| {
        put(
            "eligibility",
            format!(r#"{{"Eligibility":"{e}","NodeID":"{node}"}}"#),
        )
    };
    let drain = |spec: &str, mark: bool| {
        put(
            "drain",
            format!(r#"{{"DrainSpec":{spec},"MarkEligible":{mark},"NodeID":"{node}"}}"#),
        )
    };
    // The jobs the evaluations of a reply are for, after checking what they are.
    let evaluated = |reply: &Value| -> Vec<String> {
        let mut jobs: Vec<String> = reply["EvalIDs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|id| {
                let e = get_json(&sim, &format!("/v1/evaluation/{}", id.as_str().unwrap()));
                assert_eq!(e["TriggeredBy"], "node-update", "{e}");
                assert_eq!(e["NodeID"], node.as_str(), "{e}");
                assert!(e["NodeModifyIndex"].as_u64().unwrap_or(0) > 0, "{e}");
                assert_eq!(e["CreateIndex"], reply["EvalCreateIndex"], "{e}");
                e["JobID"].as_str().unwrap().to_string()
            })
            .collect();
        jobs.sort();
        jobs
    };
    let r = eligibility("ineligible");
    assert!(r["EvalIDs"].is_null() && r["EvalCreateIndex"] == 0, "{r}");
    let r = eligibility("eligible");
    assert_eq!(evaluated(&r), ["sys", "web"], "{r}");
    assert!(r["EvalCreateIndex"].as_u64() > r["Index"].as_u64(), "{r}");
    // Already eligible: nothing to do.
    assert!(eligibility("eligible")["EvalIDs"].is_null());
    let r = drain(r#"{"Deadline":3600000000000}"#, false);
    assert!(r["EvalIDs"].is_null(), "{r}");
    let r = drain("null", false);
    assert!(r["EvalIDs"].is_null(), "kept ineligible: {r}");
    let r = drain("null", true);
    assert_eq!(evaluated(&r), ["sys", "web"], "{r}");
}
