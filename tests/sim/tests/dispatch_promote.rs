//! The endpoints behind `job dispatch`, `job promote`, `job inspect -hcl` and `job init
//! -template`: dispatch with its checks and idempotency, submissions, Nomad Variables, and
//! canary deployments that wait for a promotion.

use nomad_sim::Sim;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn call(sim: &Sim, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(sim.addr()).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
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
    (status, body.to_string())
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or(Value::Null)
}

fn sim() -> Sim {
    Sim::builder()
        .seed(7)
        .jobs(12)
        .nodes(3)
        .allocs_per_job(1)
        .frozen_clock(1_700_000_000_000_000_000)
        .spawn()
}

fn wait_until(sim: &Sim, f: impl Fn(&nomad_sim::State) -> bool) {
    let start = Instant::now();
    while !sim.read_state(&f) {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn dispatch_creates_a_child_with_an_evaluation() {
    let s = sim();
    let body = json!({"JobID": "queue", "Meta": {"input": "x"}, "Payload": "aGk=",
                      "IdPrefixTemplate": "", "Priority": 0});
    let (code, out) = call(&s, "PUT", "/v1/job/queue/dispatch", &body.to_string());
    assert_eq!(code, 200, "{out}");
    let r = json_of(&out);
    let id = r["DispatchedJobID"].as_str().unwrap_or("");
    assert!(id.starts_with("queue/dispatch-1700000000-"), "{id}");
    assert_eq!(id.len(), "queue/dispatch-1700000000-".len() + 8);
    assert!(!r["EvalID"].as_str().unwrap_or("").is_empty());
    let (code, child) = call(
        &s,
        "GET",
        &format!("/v1/job/{}", id.replace('/', "%2F")),
        "",
    );
    assert_eq!(code, 200);
    let child = json_of(&child);
    assert_eq!(child["ParentID"], "queue");
    assert_eq!(child["Payload"], "aGk=");
    assert_eq!(child["Meta"]["input"], "x");
    // Errors are the RPC's, answered as 500.
    let (code, out) = call(&s, "PUT", "/v1/job/queue/dispatch", "{}");
    assert_eq!(
        (code, out.as_str()),
        (500, "Dispatch did not provide required meta keys: [input]")
    );
    let (code, out) = call(&s, "PUT", "/v1/job/web/dispatch", "{}");
    assert_eq!(
        (code, out.as_str()),
        (500, "Specified job \"web\" is not a parameterized job")
    );
    let (code, out) = call(&s, "PUT", "/v1/job/nope/dispatch", "{}");
    assert_eq!((code, out.as_str()), (500, "parameterized job not found"));
}

#[test]
fn idempotency_token_returns_the_existing_child() {
    let s = sim();
    let body = json!({"Meta": {"input": "x"}}).to_string();
    let path = "/v1/job/queue/dispatch?idempotency_token=t1";
    let first = json_of(&call(&s, "PUT", path, &body).1);
    let second = json_of(&call(&s, "PUT", path, &body).1);
    assert_eq!(first["DispatchedJobID"], second["DispatchedJobID"]);
    assert_eq!(second["EvalID"], "");
}

#[test]
fn submissions_are_kept_per_version() {
    let s = sim();
    let job = json!({"ID": "src", "TaskGroups": [{"Name": "g", "Tasks": [
        {"Name": "t", "Driver": "docker", "Resources": {"CPU": 10, "MemoryMB": 10}}]}]});
    let body = json!({"Job": job, "Submission": {"Source": "job \"src\" {}", "Format": "hcl2",
                      "VariableFlags": {}, "Variables": ""}});
    let (code, out) = call(&s, "PUT", "/v1/jobs", &body.to_string());
    assert_eq!(code, 200, "{out}");
    let (code, out) = call(&s, "GET", "/v1/job/src/submission?version=0", "");
    assert_eq!(code, 200, "{out}");
    let sub = json_of(&out);
    assert_eq!(sub["Source"], "job \"src\" {}");
    assert_eq!(sub["VariableFlags"], Value::Null);
    assert_eq!(sub["JobID"], "src");
    let (code, out) = call(&s, "GET", "/v1/job/src/submission?version=1", "");
    assert_eq!((code, out.as_str()), (404, "job source not found"));
    let (code, out) = call(&s, "GET", "/v1/job/src/submission", "");
    assert_eq!(
        (code, out.as_str()),
        (400, "Unable to parse job submission version parameter")
    );
}

#[test]
fn variables_list_and_read() {
    let s = sim();
    let body = json!({"Items": {"template": "job {}"}}).to_string();
    let (code, _) = call(&s, "PUT", "/v1/var/nomad/job-templates/a", &body);
    assert_eq!(code, 200);
    let (code, _) = call(&s, "PUT", "/v1/var/other/b", &body);
    assert_eq!(code, 200);
    let list = json_of(&call(&s, "GET", "/v1/vars?prefix=nomad%2Fjob-templates%2F", "").1);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["Path"], "nomad/job-templates/a");
    let v = json_of(&call(&s, "GET", "/v1/var/nomad/job-templates/a", "").1);
    assert_eq!(v["Items"]["template"], "job {}");
    let (code, out) = call(&s, "GET", "/v1/var/nomad/job-templates/zz", "");
    assert_eq!((code, out.as_str()), (404, "variable not found"));
}

#[test]
fn canaries_wait_for_promotion() {
    let s = sim();
    let job = |image: &str| {
        json!({"Job": {"ID": "c", "TaskGroups": [{"Name": "web", "Count": 2,
            "Update": {"Canary": 1}, "Tasks": [{"Name": "t", "Driver": "docker",
            "Config": {"image": image}, "Resources": {"CPU": 10, "MemoryMB": 10}}]}]}})
        .to_string()
    };
    assert_eq!(call(&s, "PUT", "/v1/jobs", &job("a")).0, 200);
    wait_until(&s, |st| {
        st.deployments
            .values()
            .any(|d| d.job_id == "c" && d.status == "successful")
    });
    assert_eq!(call(&s, "PUT", "/v1/jobs", &job("b")).0, 200);
    let dep = |st: &nomad_sim::State| {
        st.deployments
            .values()
            .find(|d| d.job_id == "c" && d.job_version == 1)
            .cloned()
    };
    wait_until(&s, |st| {
        dep(st).is_some_and(|d| d.task_groups["web"].healthy_allocs == 1)
    });
    let d = s.read_state(dep).unwrap();
    assert_eq!(d.status, "running");
    assert_eq!(
        d.status_description,
        "Deployment is running but requires manual promotion"
    );
    assert_eq!(d.task_groups["web"].desired_canaries, 1);
    assert_eq!(d.task_groups["web"].placed_canaries.len(), 1);
    // Old allocations keep running next to the canary.
    let running = s.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.job_id == "c" && a.desired_status == "run")
            .count()
    });
    assert_eq!(running, 3);
    let path = format!("/v1/deployment/promote/{}", d.id);
    let (code, out) = call(&s, "PUT", &path, &json!({"DeploymentID": "x"}).to_string());
    assert_eq!((code, out.as_str()), (400, "Deployment ID does not match"));
    let body = json!({"DeploymentID": d.id, "All": true}).to_string();
    let (code, out) = call(&s, "PUT", &path, &body);
    assert_eq!(code, 200, "{out}");
    assert!(!json_of(&out)["EvalID"].as_str().unwrap_or("").is_empty());
    wait_until(&s, |st| st.deployments[&d.id].status == "successful");
    let (code, out) = call(&s, "PUT", &path, &body);
    assert_eq!(
        (code, out.as_str()),
        (500, "can't promote terminal deployment")
    );
}

#[test]
fn auto_promote_promotes_by_itself() {
    let s = sim();
    let job = |image: &str| {
        json!({"Job": {"ID": "auto", "TaskGroups": [{"Name": "web", "Count": 2,
            "Update": {"Canary": 1, "AutoPromote": true}, "Tasks": [{"Name": "t",
            "Driver": "docker", "Config": {"image": image},
            "Resources": {"CPU": 10, "MemoryMB": 10}}]}]}})
        .to_string()
    };
    assert_eq!(call(&s, "PUT", "/v1/jobs", &job("a")).0, 200);
    wait_until(&s, |st| {
        st.deployments
            .values()
            .any(|d| d.job_id == "auto" && d.status == "successful")
    });
    assert_eq!(call(&s, "PUT", "/v1/jobs", &job("b")).0, 200);
    wait_until(&s, |st| {
        st.deployments
            .values()
            .any(|d| d.job_id == "auto" && d.job_version == 1 && d.status == "successful")
    });
    let promoted = s.read_state(|st| {
        st.deployments
            .values()
            .find(|d| d.job_id == "auto" && d.job_version == 1)
            .map(|d| d.task_groups["web"].promoted)
    });
    assert_eq!(promoted, Some(true));
}

#[test]
fn oversized_submissions_are_dropped_with_a_warning() {
    let s = sim();
    let job = json!({"ID": "big", "TaskGroups": [{"Name": "g", "Tasks": [
        {"Name": "t", "Driver": "docker", "Resources": {"CPU": 10, "MemoryMB": 10}}]}]});
    let body = json!({"Job": job, "Submission": {"Source": "#".repeat(1_100_000),
                      "Format": "hcl2"}});
    let (code, out) = call(&s, "PUT", "/v1/jobs", &body.to_string());
    assert_eq!(code, 200, "{out}");
    assert_eq!(
        json_of(&out)["Warnings"],
        "1 warning:\n\n* job source size of 1.1 MB exceeds maximum of 1.0 MB and will be discarded"
    );
    let (code, _) = call(&s, "GET", "/v1/job/big/submission?version=0", "");
    assert_eq!(code, 404);
}
