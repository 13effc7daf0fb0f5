//! `event stream` against event streams recorded from a real Nomad v1.10.5 agent
//! (tests/fixtures/nomad-1.10.5/api/event-stream-*, see INDEX.md there).
//!
//! A small server answers `agent/self` with a recorded body and a subscription asking for
//! index N with the frames of a recorded whole buffer from the one Nomad starts at: the first
//! frame of N or of the next index held; 0 = all; past the newest index, the newest frame.
//! `the_rule_gives_the_recorded_answers` holds that rule to the recordings of other indexes.
//! A connection can be cut after some frames; later connections send each frame with its
//! keys in another order, as Go writes maps in random order.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::common::rnomad;

const API: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/nomad-1.10.5/api"
);

/// The frames of a capture, heartbeats left out: (index, line).
fn frames(capture: &str) -> Vec<(u64, String)> {
    let path = format!("{API}/{capture}.json");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter_map(|l| {
            let v: Value = serde_json::from_str(l).ok()?;
            Some((v.get("Index")?.as_u64()?, l.to_string()))
        })
        .collect()
}

/// The event objects of frames, as the server wrote them.
fn events(frames: &[(u64, String)]) -> Vec<Value> {
    frames
        .iter()
        .flat_map(|(_, l)| {
            let v: Value = serde_json::from_str(l).expect("a frame");
            v["Events"].as_array().cloned().unwrap_or_default()
        })
        .collect()
}

/// What Nomad sends first to a subscription asking for `index` (`StartAtClosest`).
fn served(held: &[(u64, String)], index: u64) -> Vec<(u64, String)> {
    let from = if index == 0 {
        Some(0)
    } else {
        held.iter().position(|(i, _)| *i >= index)
    };
    match from {
        Some(p) => held[p..].to_vec(),
        None => held.last().cloned().into_iter().collect(),
    }
}

/// The same frame with its keys in another order (serde_json sorts them).
fn reordered(line: &str) -> String {
    let v: Value = serde_json::from_str(line).expect("a frame");
    serde_json::to_string(&v).expect("json")
}

struct Replay {
    url: String,
    /// The `index` of each subscription, in order.
    asked: Arc<Mutex<Vec<u64>>>,
}

/// Serves `agent` (an agent-self capture) and the buffer of `capture`; the first connection
/// to the stream is cut after `cut` frames when given.
fn serve(agent: &str, capture: &str, cut: Option<usize>) -> Replay {
    let me = std::fs::read(format!("{API}/{agent}.json")).expect("agent self");
    let held = frames(capture);
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", l.local_addr().expect("addr"));
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(conn) = conn else { break };
            let (me, held, log) = (me.clone(), held.clone(), log.clone());
            std::thread::spawn(move || connection(conn, &me, &held, &log, cut));
        }
    });
    Replay { url, asked }
}

/// Answers requests on one connection (rnomad keeps connections alive) until a stream.
fn connection(
    conn: TcpStream,
    me: &[u8],
    held: &[(u64, String)],
    log: &Mutex<Vec<u64>>,
    cut: Option<usize>,
) {
    let mut r = BufReader::new(conn.try_clone().expect("clone"));
    let mut w = conn;
    loop {
        let mut head = String::new();
        if r.read_line(&mut head).unwrap_or(0) == 0 {
            return;
        }
        loop {
            let mut h = String::new();
            if r.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                break;
            }
        }
        let target = head.split_whitespace().nth(1).unwrap_or("").to_string();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        match path {
            "/v1/agent/self" => {
                let _ = write!(
                    w,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    me.len()
                );
                let _ = w.write_all(me);
            }
            "/v1/event/stream" => {
                let index = query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("index="))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let n = {
                    let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
                    log.push(index);
                    log.len()
                };
                let _ = w.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{}\n",
                );
                let frames = served(held, index);
                let limit = if n == 1 { cut } else { None };
                for (k, (_, line)) in frames.iter().enumerate() {
                    if limit == Some(k) {
                        return;
                    }
                    let line = if n == 1 {
                        line.clone()
                    } else {
                        reordered(line)
                    };
                    let _ = w.write_all(format!("{line}\n").as_bytes());
                }
                // Open until rnomad goes away, as a live stream.
                let _ = w.flush();
                let mut rest = Vec::new();
                let _ = r.read_to_end(&mut rest);
                return;
            }
            _ => {
                let _ = w.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            }
        }
    }
}

fn run(r: &Replay, args: &[&str]) -> (Vec<String>, String) {
    let live = rnomad(args).env("NOMAD_ADDR", &r.url).spawn();
    let lines = live.until_quiet(Duration::from_millis(800));
    let end = live.interrupt();
    assert_eq!(end.code(), Some(130), "{}", end.stderr);
    (lines, end.stderr)
}

fn json(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// Frames as values: Go writes the maps inside (node attributes, task config) in another
/// order each time.
fn values(frames: &[(u64, String)]) -> Vec<Value> {
    frames
        .iter()
        .map(|(_, l)| serde_json::from_str(l).expect("a frame"))
        .collect()
}

#[test]
fn the_rule_gives_the_recorded_answers() {
    let all = frames("event-stream-index0");
    assert_eq!(
        values(&served(&all, 11)),
        values(&frames("event-stream-split"))
    );
    assert_eq!(
        values(&served(&all, 1000)),
        values(&frames("event-stream-past-end"))
    );
    let wrapped = frames("event-stream-wrapped");
    assert_eq!(served(&wrapped, 1), wrapped);
}

#[test]
fn every_frame_of_a_split_index_is_printed() {
    // Indexes 11, 19 and 23 come as two frames each (Job, then Evaluation).
    let r = serve("agent-self-events", "event-stream-index0", None);
    let (lines, err) = run(&r, &["event", "stream", "-json", "-index", "11"]);
    assert_eq!(err, "");
    assert_eq!(json(&lines), events(&frames("event-stream-split")));
    // Human lines too: one per event, none with a time (all happened before rnomad asked).
    let (lines, _) = run(&r, &["event", "stream", "-index", "11"]);
    assert_eq!(lines.len(), events(&frames("event-stream-split")).len());
    assert!(
        lines.iter().all(|l| l.starts_with("--:--:--.---  ")),
        "{lines:?}"
    );
    assert!(lines
        .iter()
        .any(|l| l.contains("Evaluation  JobRegistered")));
}

#[test]
fn a_drop_inside_a_split_index_loses_and_repeats_nothing() {
    let all = frames("event-stream-index0");
    let want = events(&frames("event-stream-split"));
    // Cut after: 11's Job half, 11's Evaluation half, 19's Job half, 23's Evaluation half.
    for cut in [1, 2, 9, 14] {
        let r = serve("agent-self-events", "event-stream-index0", Some(cut));
        let (lines, err) = run(&r, &["event", "stream", "-json", "-index", "11"]);
        assert_eq!(err, "", "cut after {cut}");
        assert_eq!(json(&lines), want, "cut after {cut}");
        let asked = r.asked.lock().unwrap().clone();
        let last = served(&all, 11)[cut - 1].0;
        assert_eq!(asked, [11, last], "resumed at the last index seen");
    }
}

#[test]
fn a_fresh_buffer_is_no_loss() {
    // Indexes 1 to 7 never had events; the buffer (100) is far from full.
    let r = serve("agent-self-fresh", "event-stream-fresh", None);
    let (lines, err) = run(&r, &["event", "stream", "-json", "-index", "1"]);
    assert_eq!(err, "");
    assert_eq!(json(&lines), events(&frames("event-stream-fresh")));
}

#[test]
fn a_wrapped_buffer_is_reported() {
    // event_buffer_size = 4: it holds five frames, from index 15.
    let r = serve("agent-self-small-buffer", "event-stream-wrapped", None);
    let (lines, err) = run(&r, &["event", "stream", "-json", "-index", "1"]);
    assert_eq!(
        err,
        "Events may be missing: the server's event buffer is full; events before index 15, if any, are gone\n"
    );
    assert_eq!(json(&lines), events(&frames("event-stream-wrapped")));
    // From its oldest index on, nothing is missing.
    let (_, err) = run(&r, &["event", "stream", "-json", "-index", "15"]);
    assert_eq!(err, "");
}

#[test]
fn nothing_below_an_index_past_the_newest() {
    // The server answers with its newest frame (26) all the same.
    let r = serve("agent-self-events", "event-stream-index0", None);
    let (lines, err) = run(&r, &["event", "stream", "-json", "-index", "1000"]);
    assert_eq!((lines, err.as_str()), (vec![], ""));
    assert_eq!(*r.asked.lock().unwrap(), [1000]);
}

#[test]
fn a_plain_stream_starts_from_now() {
    // The agent has applied index 26: the stream asks for 27 and shows nothing older.
    let r = serve("agent-self-events", "event-stream-index0", None);
    for args in [&["event", "stream"][..], &["event", "stream", "-json"]] {
        let (lines, err) = run(&r, args);
        assert_eq!((lines, err.as_str()), (vec![], ""), "{args:?}");
    }
    assert_eq!(*r.asked.lock().unwrap(), [27, 27]);
}

/// A line that never ends stops the stream with an error once it passes rnomad's cap,
/// instead of growing without bound (or reconnecting to meet it again).
#[test]
fn an_endless_line_is_an_error_not_a_memory_leak() {
    use crate::common::server;
    let me = std::fs::read(format!("{API}/agent-self-events.json")).expect("agent self");
    let srv = server::serve(move |req| match req.path() {
        "/v1/agent/self" => server::Reply::json(200, me.clone()),
        "/v1/event/stream" => server::Reply::json(200, vec![b'x'; (64 << 20) + (1 << 20)]),
        _ => server::Reply::new(404, ""),
    });
    let r = rnomad(&["event", "stream"])
        .env("NOMAD_ADDR", &srv.url)
        .run();
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            1,
            "",
            "Error reading the event stream: an event line is longer than 64 MiB\n"
        )
    );
}
