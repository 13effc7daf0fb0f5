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

/// The recorded action socket (fixtures `api/action/*.frames`): its messages, then how it
/// ended (`close: <gorilla's error text>`).
fn recorded_frames(name: &str) -> (Vec<String>, String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/nomad-1.10.5/api/action")
        .join(format!("job-act-action-{name}.frames"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let end = lines.pop().unwrap_or_default();
    (lines, end)
}

/// The sim with the recordings' `act` job (setup/act.nomad.hcl) running.
fn act_sim() -> nomad_sim::Sim {
    let sim = nomad_sim::Sim::builder().seed(7).nodes(1).spawn();
    let src = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/nomad-1.10.5/setup/act.nomad.hcl"),
    )
    .expect("setup/act.nomad.hcl");
    let job = nomad_sim::jobspec::parse_job(&src, "").expect("parse");
    sim.with_state(|st| {
        let j = nomad_sim::job::canonicalize(&job).expect("valid job");
        nomad_sim::sched::register(st, j);
    });
    let start = std::time::Instant::now();
    while !sim.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.job_id == "act" && a.client_status == "running")
            .count()
            == 4
    }) {
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    sim
}

fn open_action(sim: &nomad_sim::Sim, job: &str, action: &str, alloc: &str, task: &str) -> Socket {
    let url = format!(
        "ws://{}/v1/job/{job}/action?action={action}&allocID={alloc}&command=%5B%5D&group=g&task={task}&tty=false",
        sim.addr()
    );
    let stream = TcpStream::connect(sim.addr()).expect("connect");
    let (mut ws, resp) = tungstenite::client::client(url.as_str(), stream).expect("handshake");
    assert_eq!(resp.status().as_u16(), 101);
    ws.send(Message::text(r#"{"stdin":{"close":true}}"#))
        .expect("send");
    ws
}

#[test]
fn actions_answer_as_recorded() {
    let sim = act_sim();
    let alloc = sim.read_state(|st| {
        st.allocs
            .values()
            .find(|a| a.job_id == "act" && a.task_group == "g")
            .map(|a| a.id.clone())
            .expect("an allocation of group g")
    });
    // The action's output: the same frames (the order of stdout and stderr is the
    // processes', so compared as sets), the exit frame last, no close frame.
    let (want, end) = recorded_frames("hello");
    let (got, close) = frames(&mut open_action(&sim, "act", "hello", &alloc, "t"));
    assert!(end.starts_with("close: websocket: close 1006"), "{end}");
    assert_eq!(close, None);
    let sorted = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    assert_eq!(sorted(&got), sorted(&want));
    assert_eq!(got.last(), want.last());
    // Refusals: close 1008 with the recorded text (allocation IDs as in the sim).
    let real_alloc = "08421ba4-a6d4-036f-f62e-f10a1f1cd6bf";
    for (name, job, action, id, task) in [
        ("unknown", "act", "nope", alloc.as_str(), "t"),
        ("other-task", "act", "hello", alloc.as_str(), "side"),
        ("wrong-job", "nosuch", "hello", alloc.as_str(), "t"),
        ("no-task", "act", "hello", alloc.as_str(), "nosuch"),
        (
            "no-alloc",
            "act",
            "hello",
            "00000000-0000-0000-0000-000000000000",
            "t",
        ),
    ] {
        let (want, end) = recorded_frames(name);
        assert!(want.is_empty(), "{name}");
        let text = end
            .strip_prefix("close: websocket: close 1008 (policy violation): ")
            .unwrap_or_else(|| panic!("{name}: {end}"))
            .replace(real_alloc, &alloc);
        let (got, close) = frames(&mut open_action(&sim, job, action, id, task));
        assert!(got.is_empty(), "{name}: {got:?}");
        assert_eq!(close, Some((1008, text)), "{name}");
    }
}
