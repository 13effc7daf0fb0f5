//! The exec WebSocket's frames, byte for byte, as a plain WebSocket client sees them.

use std::net::TcpStream;

use tokio_tungstenite::tungstenite::{self, Message};

type Socket = tungstenite::WebSocket<TcpStream>;

fn running(sim: &nomad_sim::Sim) -> (String, String) {
    sim.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.client_status == "running")
            .map(|a| {
                (
                    a.id.clone(),
                    a.tasks.keys().next().cloned().unwrap_or_default(),
                )
            })
            .min()
            .expect("a running allocation")
    })
}

fn open(sim: &nomad_sim::Sim, alloc: &str, task: &str, command: &[&str]) -> Socket {
    let cmd = serde_json::to_string(command).expect("json");
    let enc: String = cmd
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let url = format!(
        "ws://{}/v1/client/allocation/{alloc}/exec?command={enc}&task={task}&tty=false",
        sim.addr()
    );
    let stream = TcpStream::connect(sim.addr()).expect("connect");
    let (ws, resp) = tungstenite::client::client(url.as_str(), stream).expect("handshake");
    assert_eq!(resp.status().as_u16(), 101);
    ws
}

/// Every text frame until the server drops the connection, and the close frame if one came.
fn frames(ws: &mut Socket) -> (Vec<String>, Option<(u16, String)>) {
    let mut out = Vec::new();
    loop {
        match ws.read() {
            Ok(Message::Text(t)) => out.push(t.to_string()),
            Ok(Message::Close(f)) => {
                return (out, f.map(|f| (u16::from(f.code), f.reason.to_string())))
            }
            Ok(_) => {}
            Err(_) => return (out, None),
        }
    }
}

#[test]
fn output_and_exit_frames() {
    let sim = nomad_sim::Sim::builder()
        .seed(7)
        .jobs(4)
        .nodes(2)
        .allocs_per_job(2)
        .spawn();
    let (alloc, task) = running(&sim);
    let mut ws = open(
        &sim,
        &alloc,
        &task,
        &["/bin/sh", "-c", "printf hi; printf oops >&2"],
    );
    let (got, close) = frames(&mut ws);
    assert_eq!(close, None, "no close frame after the exit code");
    assert!(
        got.contains(&r#"{"stdout":{"data":"aGk="}}"#.to_string()),
        "{got:?}"
    );
    assert!(
        got.contains(&r#"{"stderr":{"data":"b29wcw=="}}"#.to_string()),
        "{got:?}"
    );
    assert!(
        got.contains(&r#"{"stdout":{"close":true}}"#.to_string()),
        "{got:?}"
    );
    assert!(
        got.contains(&r#"{"stderr":{"close":true}}"#.to_string()),
        "{got:?}"
    );
    assert_eq!(
        got.last().map(String::as_str),
        Some(r#"{"exited":true,"result":{}}"#)
    );

    let mut ws = open(
        &sim,
        &alloc,
        &task,
        &["/bin/sh", "-c", "read x; echo \"<$x>\"; exit 3"],
    );
    ws.send(Message::text(r#"{"stdin":{"data":"YWJj"}}"#))
        .expect("send");
    ws.send(Message::text("{}")).expect("heartbeat");
    ws.send(Message::text(r#"{"stdin":{"close":true}}"#))
        .expect("send");
    let (got, _) = frames(&mut ws);
    assert!(
        got.contains(&r#"{"stdout":{"data":"PGFiYz4K"}}"#.to_string()),
        "{got:?}"
    );
    assert_eq!(
        got.last().map(String::as_str),
        Some(r#"{"exited":true,"result":{"exit_code":3}}"#)
    );
}

#[test]
fn refusals_are_close_frames() {
    let sim = nomad_sim::Sim::builder()
        .seed(7)
        .jobs(4)
        .nodes(2)
        .allocs_per_job(2)
        .spawn();
    let (alloc, task) = running(&sim);
    let mut ws = open(&sim, &alloc, "nosuch", &["true"]);
    assert_eq!(
        frames(&mut ws),
        (
            vec![],
            Some((1008, "unknown task name \"nosuch\"".to_string()))
        )
    );
    let mut ws = open(&sim, &alloc, &task, &[]);
    assert_eq!(
        frames(&mut ws).1,
        Some((1008, "command is not present".to_string()))
    );
    let mut ws = open(
        &sim,
        "00000000-0000-0000-0000-000000000000",
        &task,
        &["true"],
    );
    assert_eq!(
        frames(&mut ws).1,
        Some((
            1008,
            "Unknown allocation \"00000000-0000-0000-0000-000000000000\"".to_string()
        ))
    );
    let mut ws = open(&sim, &alloc, &task, &["/no/such/program"]);
    assert_eq!(
        frames(&mut ws).1,
        Some((
            1011,
            "fork/exec /no/such/program: no such file or directory".to_string()
        ))
    );
    sim.with_state(|st| {
        st.set_alloc_status(&alloc, "complete");
    });
    let mut ws = open(&sim, &alloc, &task, &["true"]);
    assert_eq!(
        frames(&mut ws).1,
        Some((
            1008,
            format!("exec not possible, client status of allocation {alloc} is complete")
        ))
    );
}
