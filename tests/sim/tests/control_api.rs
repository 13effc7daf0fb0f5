//! The `/v1/sim/` control API over HTTP, as a test in another process would use it.

use std::io::{Read, Write};
use std::net::TcpStream;

fn request(addr: std::net::SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: sim\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn faults_can_be_set_and_cleared_over_http() {
    let sim = nomad_sim::Sim::builder().seed(1).jobs(2).nodes(1).spawn();
    let addr = sim.addr();
    assert_eq!(request(addr, "GET", "/v1/jobs", "").0, 200);
    let (code, _) = request(
        addr,
        "POST",
        "/v1/sim/faults",
        r#"{"path_prefix":"/v1/jobs","status":503,"body":"overloaded","times":1}"#,
    );
    assert_eq!(code, 200);
    let (code, body) = request(addr, "GET", "/v1/jobs", "");
    assert_eq!((code, body.trim()), (503, "overloaded"));
    // `times: 1`: the next request succeeds again.
    assert_eq!(request(addr, "GET", "/v1/jobs", "").0, 200);
    request(
        addr,
        "POST",
        "/v1/sim/faults",
        r#"{"path_prefix":"/v1/nodes","status":500}"#,
    );
    assert_eq!(request(addr, "GET", "/v1/nodes", "").0, 500);
    assert_eq!(request(addr, "DELETE", "/v1/sim/faults", "").0, 200);
    assert_eq!(request(addr, "GET", "/v1/nodes", "").0, 200);
}

#[test]
fn acl_and_statuses_over_http() {
    let sim = nomad_sim::Sim::builder()
        .seed(1)
        .jobs(1)
        .nodes(1)
        .allocs_per_job(1)
        .spawn();
    let addr = sim.addr();
    let (code, _) = request(
        addr,
        "POST",
        "/v1/sim/acl",
        r#"{"enabled":true,"tokens":[{"secret":"reader","policy":"read"}]}"#,
    );
    assert_eq!(code, 200);
    let (code, body) = request(addr, "GET", "/v1/jobs", "");
    assert_eq!((code, body.trim()), (403, "Permission denied"));
    let node_id = sim
        .read_state(|st| st.nodes.keys().next().cloned())
        .expect("a node");
    let (code, _) = request(
        addr,
        "POST",
        &format!("/v1/sim/node/{node_id}/status"),
        r#"{"status":"down"}"#,
    );
    assert_eq!(code, 200);
    let status = sim.read_state(|st| st.nodes.get(&node_id).map(|n| n.status.clone()));
    assert_eq!(status.as_deref(), Some("down"));
}
