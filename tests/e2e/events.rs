//! `event stream`: filtering (topic, key, namespace, type), -json equal to the server's
//! objects, heartbeats, resuming after drops with every event exactly once, the lost-range
//! report, Ctrl-C and a closed pipe. The stream never ends by itself, so these tests run
//! rnomad as a child, read its lines as they come, and interrupt it.

use crate::common::{builder, dead_address, rnomad, Live, Sim};
use insta::assert_snapshot;
use serde_json::Value;
use std::time::Duration;

/// rnomad following `args` against `s`, read as it writes.
fn start(s: &Sim, args: &[&str]) -> Live {
    rnomad(args).sim(s).spawn()
}

/// `start`, then waits until the stream is open: what happens from then on is "now".
fn start_following(s: &Sim, args: &[&str]) -> Live {
    let live = start(s, args);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while s.event_subscriptions() == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    live
}

/// A sim whose stream starts with a known history: two allocations fail (one in `prod`),
/// one node goes down.
fn scenario() -> Sim {
    let s = builder().spawn();
    s.with_state(|st| {
        let web = st.job_alloc_ids("default", "web")[0].clone();
        st.set_alloc_status(&web, "failed");
        let prod_job = st
            .jobs
            .keys()
            .find(|(ns, _)| ns == "prod")
            .map(|(_, id)| id.clone())
            .expect("a prod job");
        let prod = st.job_alloc_ids("prod", &prod_job)[0].clone();
        st.set_alloc_status(&prod, "failed");
        let node = st.nodes.keys().next().cloned().expect("a node");
        st.set_node_status(&node, "down");
    });
    s
}

/// The server's events for a subscription, straight from the sim's buffer.
fn server_events(s: &Sim, topics: &[&str], namespaces: &[&str]) -> Vec<Value> {
    s.read_state(|st| {
        let sub = nomad_sim::events::Subscription {
            topics: nomad_sim::events::Subscription::parse_topics(
                &topics.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
            )
            .expect("topics"),
            namespaces: Some(namespaces.iter().map(|n| n.to_string()).collect()),
        };
        st.events
            .from_index(0)
            .flat_map(|(_, evs)| sub.filter(evs).into_iter().map(|e| e.to_json()))
            .collect()
    })
}

fn json_lines(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

const QUIET: Duration = Duration::from_millis(700);

#[test]
fn human_lines() {
    // `-index 0`: what the server holds, all of which happened before rnomad connected, so
    // no line claims a time.
    let s = scenario();
    let live = start(&s, &["event", "stream", "-index", "0"]);
    let lines = live.until_quiet(QUIET);
    let end = live.interrupt();
    assert_eq!((end.code(), end.stderr.as_str()), (Some(130), ""));
    assert_snapshot!("human", lines.join("\n"));
}

#[test]
fn a_plain_stream_starts_from_now() {
    let s = scenario();
    let live = start_following(&s, &["event", "stream", "-topic", "Allocation"]);
    assert_eq!(live.within(QUIET), Vec::<String>::new(), "nothing older");
    let id = s.read_state(|st| st.job_alloc_ids("default", "web")[1].clone());
    s.with_state(|st| st.set_alloc_status(&id, "failed"));
    let lines = live.take(1);
    let end = live.interrupt();
    assert_eq!((end.code(), end.stderr.as_str()), (Some(130), ""));
    // Arrived now (RNOMAD_TEST_NOW): it has a time.
    assert!(
        lines[0].starts_with("22:13:20.000  ") && lines[0].contains("web.web[1] failed"),
        "{lines:?}"
    );
}

#[test]
fn json_is_the_servers_events_filtered_by_topic_key_namespace() {
    let s = scenario();
    for (args, topics, namespaces) in [
        (vec![], vec![], vec!["default"]),
        (vec!["-topic", "Node"], vec!["Node"], vec!["default"]),
        (
            vec!["-topic", "Job:web", "-topic", "Allocation"],
            vec!["Job:web", "Allocation"],
            vec!["default"],
        ),
        (vec!["-topic", "*:web"], vec!["*:web"], vec!["default"]),
        (vec!["-namespace", "prod"], vec![], vec!["prod"]),
        (
            vec!["-namespace", "*", "-topic", "Allocation"],
            vec!["Allocation"],
            vec!["default", "prod"],
        ),
    ] {
        let mut argv = vec!["event", "stream", "-json", "-index", "0"];
        argv.extend(args.iter().copied());
        let live = start(&s, &argv);
        let got = json_lines(&live.until_quiet(QUIET));
        live.interrupt();
        let want = server_events(&s, &topics, &namespaces);
        assert!(!want.is_empty(), "{args:?}");
        assert_eq!(got, want, "{args:?}");
    }
}

#[test]
fn type_filter_is_client_side() {
    let s = scenario();
    let live = start(
        &s,
        &[
            "event",
            "stream",
            "-json",
            "-index",
            "0",
            "-type",
            "NodeStreamEvent",
        ],
    );
    let got = json_lines(&live.until_quiet(QUIET));
    live.interrupt();
    assert!(!got.is_empty());
    assert!(
        got.iter().all(|e| e["Type"] == "NodeStreamEvent"),
        "{got:?}"
    );
    let live = start(
        &s,
        &[
            "event",
            "stream",
            "-index",
            "0",
            "-type",
            "AllocationUpdated",
            "-topic",
            "Allocation",
        ],
    );
    let lines = live.until_quiet(QUIET);
    live.interrupt();
    assert!(!lines.is_empty());
    assert!(
        lines.iter().all(|l| l.contains(" AllocationUpdated ")),
        "{lines:?}"
    );
}

#[test]
fn heartbeats_only_in_raw() {
    let s = scenario();
    s.with_state(|st| st.events.heartbeat = Duration::from_millis(50));
    let live = start(
        &s,
        &["event", "stream", "-json", "-index", "0", "-topic", "Node"],
    );
    let lines = live.until_quiet(Duration::from_millis(600));
    live.interrupt();
    assert!(
        !lines.is_empty() && lines.iter().all(|l| l != "{}"),
        "{lines:?}"
    );
    let live = start(
        &s,
        &["event", "stream", "-raw", "-index", "0", "-topic", "Node"],
    );
    let lines = live.take(4);
    live.interrupt();
    assert_eq!(lines[0], "{}", "the first frame is a heartbeat");
    assert!(lines[1].starts_with("{\"Events\":["), "{lines:?}");
    assert!(lines[2..].iter().all(|l| l == "{}"), "{lines:?}");
}

#[test]
fn dropped_twice_every_event_exactly_once() {
    let s = builder().spawn();
    s.faults().drop_stream_after(2, Some(1));
    s.faults().drop_stream_after(3, Some(1));
    let live = start_following(&s, &["event", "stream", "-json", "-topic", "Allocation"]);
    let ids: Vec<String> = s.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.namespace == "default")
            .take(8)
            .map(|a| a.id.clone())
            .collect()
    });
    for id in &ids {
        s.with_state(|st| st.set_alloc_status(id, "failed"));
    }
    let got = json_lines(&live.take(8));
    let extra = live.within(Duration::from_millis(500));
    let end = live.interrupt();
    assert_eq!(
        (end.code(), end.stderr.as_str()),
        (Some(130), ""),
        "quiet on a pipe"
    );
    assert!(extra.is_empty(), "{extra:?}");
    let keys: Vec<&str> = got
        .iter()
        .map(|e| e["Key"].as_str().unwrap_or(""))
        .collect();
    let want: Vec<&str> = ids.iter().map(String::as_str).collect();
    assert_eq!(keys, want);
    assert_eq!(
        got,
        server_events(&s, &["Allocation"], &["default", "prod"])
            .into_iter()
            .filter(|e| e["Namespace"] == "default")
            .collect::<Vec<_>>()
    );
}

#[test]
fn lost_events_are_reported() {
    let s = builder().event_buffer_size(3).spawn();
    s.faults().drop_stream_after(1, Some(1));
    s.faults().add(nomad_sim::Fault {
        path_prefix: "/v1/event/stream".into(),
        latency_ms: Some(1500),
        times: Some(1),
        ..Default::default()
    });
    let live = start_following(&s, &["event", "stream", "-json", "-topic", "Allocation"]);
    let ids: Vec<String> = s.read_state(|st| st.allocs.keys().take(8).cloned().collect());
    s.with_state(|st| st.set_alloc_status(&ids[0], "failed"));
    let first = live.take(1);
    for id in &ids[1..] {
        s.with_state(|st| st.set_alloc_status(id, "failed"));
    }
    let rest = json_lines(&live.until_quiet(Duration::from_millis(2500)));
    let err = live.interrupt().stderr;
    assert_eq!(first.len(), 1);
    // The buffer (size 3) keeps four frames; the resumed stream starts at the oldest.
    let kept: Vec<u64> = s.read_state(|st| st.events.items.iter().map(|(i, _)| *i).collect());
    assert_eq!(kept.len(), 4);
    assert_eq!(
        err,
        format!(
            "Events may be missing: the server's event buffer is full; events before index {}, if any, are gone\n",
            kept[0]
        )
    );
    let idx: Vec<u64> = rest.iter().map(|e| e["Index"].as_u64().unwrap()).collect();
    assert!(idx.iter().all(|i| kept.contains(i)), "{idx:?} {kept:?}");
}

#[test]
fn an_index_older_than_a_full_buffer_is_reported() {
    let s = builder().event_buffer_size(2).spawn();
    let ids: Vec<String> = s.read_state(|st| st.allocs.keys().take(4).cloned().collect());
    for id in &ids {
        s.with_state(|st| st.set_alloc_status(id, "failed"));
    }
    let kept: Vec<u64> = s.read_state(|st| st.events.items.iter().map(|(i, _)| *i).collect());
    let from = (kept[0] - 3).to_string();
    let live = start(&s, &["event", "stream", "-json", "-index", &from]);
    let got = json_lines(&live.until_quiet(QUIET));
    let err = live.interrupt().stderr;
    assert_eq!(
        err,
        format!(
            "Events may be missing: the server's event buffer is full; events before index {}, if any, are gone\n",
            kept[0]
        )
    );
    let idx: Vec<u64> = got.iter().map(|e| e["Index"].as_u64().unwrap()).collect();
    assert_eq!(idx, kept);
}

#[test]
fn an_index_older_than_a_buffer_not_yet_full_is_not_reported() {
    // The first frame held comes after index 1, but nothing was ever dropped.
    let s = builder().event_buffer_size(10).spawn();
    let ids: Vec<String> = s.read_state(|st| st.allocs.keys().take(3).cloned().collect());
    for id in &ids {
        s.with_state(|st| st.set_alloc_status(id, "failed"));
    }
    let live = start(&s, &["event", "stream", "-json", "-index", "1"]);
    let got = json_lines(&live.until_quiet(QUIET));
    let err = live.interrupt().stderr;
    assert_eq!(err, "");
    assert_eq!(got, server_events(&s, &[], &["default"]));
}

#[test]
fn split_frames_and_the_newest_index() {
    let s = builder().spawn();
    let before = s.read_state(|st| st.index());
    // A registration: the job and its evaluation, two frames of one index, as Nomad.
    let job = s.read_state(|st| st.job("default", "web").cloned().expect("web"));
    s.with_state(|st| nomad_sim::sched::register(st, job));
    let frames: Vec<(u64, Vec<String>)> = s.read_state(|st| {
        st.events
            .items
            .iter()
            .filter(|(i, _)| *i > before)
            .map(|(i, evs)| (*i, evs.iter().map(|e| e.topic.to_string()).collect()))
            .collect()
    });
    let at = before + 1;
    assert_eq!(
        frames[..2],
        [
            (at, vec!["Job".to_string()]),
            (at, vec!["Evaluation".to_string()])
        ]
    );
    let from = at.to_string();
    let live = start(&s, &["event", "stream", "-json", "-index", &from]);
    let got = json_lines(&live.until_quiet(QUIET));
    live.interrupt();
    let want: Vec<Value> = server_events(&s, &[], &["default"])
        .into_iter()
        .filter(|e| e["Index"].as_u64() >= Some(at))
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        (got[0]["Topic"].clone(), got[1]["Topic"].clone()),
        ("Job".into(), "Evaluation".into())
    );
    // Past the newest index the server sends its newest frame; rnomad shows nothing below
    // the index asked for.
    let newest = s.read_state(|st| st.index());
    let past = (newest + 10).to_string();
    let live = start_following(&s, &["event", "stream", "-json", "-index", &past]);
    assert_eq!(live.within(QUIET), Vec::<String>::new());
    let id = s.read_state(|st| st.job_alloc_ids("default", "web")[0].clone());
    s.with_state(|st| st.set_alloc_status(&id, "failed"));
    assert_eq!(live.within(QUIET), Vec::<String>::new(), "below {past}");
    live.interrupt();
}

#[test]
fn closed_pipe_ends_quietly() {
    let s = builder().spawn();
    let mut live = start(&s, &["event", "stream", "-raw"]);
    assert_eq!(live.take(1), vec!["{}"]);
    // Closing the pipe: the next write kills rnomad with SIGPIPE, as Go.
    live.close_stdout();
    let ids: Vec<String> = s.read_state(|st| st.allocs.keys().cloned().collect());
    let mut status = None;
    for id in ids.iter().cycle().take(200) {
        s.with_state(|st| st.set_alloc_status(id, "failed"));
        if let Some(st) = live.exited() {
            status = Some(st);
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = status.expect("rnomad ended when its pipe closed");
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(libc::SIGPIPE));
    assert_eq!(live.finish(Duration::from_secs(5)).stderr, "");
}

#[test]
fn failures() {
    let s = builder().acl(true).token("reader", "read").spawn();
    let r = rnomad(&["event", "stream", "-topic", "Job"]).sim(&s).run();
    assert_snapshot!("no_token", r);
    let r = rnomad(&["event", "stream", "-topic", "NodePool", "-token", "reader"])
        .sim(&s)
        .run();
    assert_snapshot!("needs_management", r);
    let r = rnomad(&["event", "stream", "-topic", "Job:a:b", "-token", "root"])
        .sim(&s)
        .run();
    assert_snapshot!("bad_topic", r);
    let r = rnomad(&["event", "stream", "-json", "-raw"]).sim(&s).run();
    assert_snapshot!("json_and_raw", r);
    let r = rnomad(&["event", "stream", "-index", "-1"]).sim(&s).run();
    assert_snapshot!("negative_index", r);
    let dead = dead_address();
    let r = rnomad(&["event", "stream", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("server_down", r);
}
