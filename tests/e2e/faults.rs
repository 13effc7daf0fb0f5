//! Faults injected by nomad-sim (`sim.faults()`): 500s and 429s, bodies that break off or
//! stall, a server that never answers, a leader election — and what rnomad does about them
//! (`src/api/policy.rs`): commands that reproduce Nomad's fail with Nomad's text and exit code
//! at once (Nomad retries nothing); a request that gets no answer ends after
//! `RNOMAD_HTTP_TIMEOUT`; rnomad's own followers (event stream, logs, files, `-watch`) ask
//! again with backoff and resume without losing or repeating anything.
//!
//! Where Nomad has a message for the same fault, the text here was checked against Nomad
//! v1.10.5's own output, run against a nomad-sim with the same fault injected
//! through `/v1/sim/faults`: 500s and 429s, bodies cut short (`unexpected EOF`), the
//! evaluation monitor and deployment watcher, `alloc fs` cat, `monitor`.

use std::time::{Duration, Instant};

use crate::common::{builder, rnomad, running_alloc, server, sim, temp_dir, Live, Sim};
use insta::assert_snapshot;

/// rnomad against `s` with extra variables, read as it writes.
fn spawn(s: &Sim, args: &[&str], env: &[(&str, &str)]) -> Live {
    env.iter()
        .fold(rnomad(args).sim(s), |c, (k, v)| c.env(k, v))
        .spawn()
}

/// A log large enough for several frames, so that breaks fall inside the data.
fn big_log(from: usize, lines: usize) -> String {
    (from..from + lines)
        .map(|i| format!("line {i:05} of the big log, padded to some length\n"))
        .collect()
}

#[test]
fn server_errors_end_commands_as_in_nomad() {
    let s = sim();
    let node = s.read_state(|st| st.nodes.keys().next().cloned().expect("a node"));
    for (code, body) in [(500, "No cluster leader"), (429, "Too many requests")] {
        // One failure only: a retry would succeed, so exit 1 shows there is none.
        s.faults().fail("/v1/jobs", code, body, Some(1));
        assert_snapshot!(
            format!("job_list_{code}"),
            rnomad(&["job", "status"]).sim(&s).run()
        );
        // rnomad asks for the job's parts at once; Nomad one after another: the same text.
        s.faults().fail("/v1/job/web/allocations", code, body, None);
        assert_snapshot!(
            format!("job_status_{code}"),
            rnomad(&["job", "status", "web"]).sim(&s).run()
        );
        s.faults().clear();
        s.faults().fail("/v1/nodes", code, body, Some(1));
        assert_snapshot!(
            format!("node_list_{code}"),
            rnomad(&["node", "status"]).sim(&s).run()
        );
        // A write: the lookup goes through, the PUT fails.
        s.faults()
            .fail(&format!("/v1/node/{node}/eligibility"), code, body, Some(1));
        assert_snapshot!(
            format!("node_eligibility_{code}"),
            rnomad(&["node", "eligibility", "-disable", &node])
                .sim(&s)
                .redact(&node, "<node>")
                .run()
        );
        // The evaluation monitor: Nomad reads any failure as a missing evaluation.
        s.faults().fail("/v1/evaluation/", code, body, Some(1));
        let r = rnomad(&["job", "eval", "web"]).sim(&s).run();
        assert_eq!(r.code, 1, "{r}");
        assert!(r.stderr.starts_with("==> No evaluation with id \""), "{r}");
        assert!(r.stderr.ends_with("\" found\n"), "{r}");
    }
}

#[test]
fn body_broken_off_mid_way() {
    let s = sim();
    s.faults().reset_after("/v1/jobs", 200, Some(1));
    assert_snapshot!("reset_job_list", rnomad(&["job", "status"]).sim(&s).run());
    s.faults().reset_after("/v1/nodes", 100, Some(1));
    assert_snapshot!("reset_node_list", rnomad(&["node", "status"]).sim(&s).run());
    // -short: the job is the only request under /v1/job/web.
    s.faults().reset_after("/v1/job/web", 50, Some(1));
    let r = rnomad(&["job", "status", "-short", "web"]).sim(&s).run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "Error querying job: unexpected EOF\n"),
        "{r}"
    );
}

#[test]
fn slow_body_is_waited_for() {
    let s = sim();
    let want = rnomad(&["job", "status"]).sim(&s).run();
    assert_eq!(want.code, 0, "{want}");
    // The body pauses mid-way for less than the limit: the answer is the same.
    s.faults().stall("/v1/jobs", 100, Some(700), Some(1));
    let start = Instant::now();
    let r = rnomad(&["job", "status"])
        .sim(&s)
        .env("RNOMAD_HTTP_TIMEOUT", "1s")
        .run();
    assert!(start.elapsed() >= Duration::from_millis(650));
    assert_eq!(r.to_string(), want.to_string());
    // Blocking and slow: the header wait of a blocking query covers its own wait.
    s.faults().latency("/v1/job/web", 300);
    let r = rnomad(&["job", "status", "web"])
        .sim(&s)
        .env("RNOMAD_HTTP_TIMEOUT", "2s")
        .run();
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn server_that_never_answers_times_out() {
    let s = sim();
    s.faults().hang("/v1/jobs");
    let start = Instant::now();
    let r = rnomad(&["job", "status"])
        .sim(&s)
        .env("RNOMAD_HTTP_TIMEOUT", "1s")
        .run();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_snapshot!("hang_job_list", r);
    s.faults().clear();
    // Go's duration syntax and whole seconds both work.
    let r = rnomad(&["job", "status", "-short", "web"])
        .sim(&s)
        .env("RNOMAD_HTTP_TIMEOUT", "500ms")
        .run();
    assert_eq!(r.code, 0, "{r}");

    // Headers come, then the body goes silent.
    s.faults().stall("/v1/nodes", 20, None, None);
    let start = Instant::now();
    let r = rnomad(&["node", "status"])
        .sim(&s)
        .env("RNOMAD_HTTP_TIMEOUT", "1")
        .run();
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_snapshot!("silent_node_list", r);
    s.faults().clear();

    // A stream that never opens.
    let (id, _) = running_alloc(&s);
    s.faults().hang("/v1/client/fs/logs/");
    let start = Instant::now();
    let r = rnomad(&["alloc", "logs", &id])
        .sim(&s)
        .env("RNOMAD_HTTP_TIMEOUT", "1s")
        .redact(&id, "<alloc>")
        .run();
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_snapshot!("hang_logs", r);
}

#[test]
fn timeout_off_waits() {
    let s = sim();
    s.faults().hang("/v1/jobs");
    let child = spawn(&s, &["job", "status"], &[("RNOMAD_HTTP_TIMEOUT", "0")]);
    let code = child.finish(Duration::from_millis(1500)).code();
    // Still waiting when killed.
    assert_eq!(code, None);
}

#[test]
fn blocking_query_is_not_cut_by_the_timeout() {
    let sim = builder().spawn();
    let mut config = rnomad::api::Config {
        address: sim.url(),
        ..Default::default()
    };
    config.timeouts = rnomad::api::policy::Timeouts::from_value(Some("300ms"));
    let client = rnomad::api::Client::new(config).expect("client");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let q = rnomad::api::QueryOptions::new();
        let (_, meta) = client.jobs(&q).await.expect("jobs");
        // Nothing changes for a second, three times the limit: the query still answers.
        let start = Instant::now();
        let (_, same): (serde_json::Value, _) = client
            .block("/v1/jobs", &q, meta.last_index, Duration::from_secs(1))
            .await
            .expect("a blocking query lasts its wait");
        assert!(start.elapsed() >= Duration::from_millis(950));
        assert_eq!(same.last_index, meta.last_index);
        // A hung blocking query ends after its wait, jitter and the limit.
        sim.faults().hang("/v1/jobs");
        let start = Instant::now();
        let err = client
            .block::<serde_json::Value>("/v1/jobs", &q, meta.last_index, Duration::from_secs(1))
            .await
            .expect_err("no answer");
        let took = start.elapsed();
        assert!(
            took >= Duration::from_millis(1300) && took < Duration::from_secs(3),
            "{took:?}"
        );
        // The wait (1 s), the server's jitter (1/16 of it) and the limit.
        assert!(
            err.to_string()
                .ends_with(": no response within 1.3625s (set RNOMAD_HTTP_TIMEOUT to wait longer)"),
            "{err}"
        );
    });
}

#[test]
fn leader_unknown_changes_nothing() {
    let s = sim();
    let plain: Vec<String> = [
        vec!["job", "status"],
        vec!["job", "status", "web"],
        vec!["node", "status"],
    ]
    .iter()
    .map(|a| rnomad(a).sim(&s).run().to_string())
    .collect();
    // Every answer says no leader is known (an election under way); Nomad's CLI ignores
    // that, and so does rnomad.
    s.faults().no_known_leader("");
    for (args, want) in [
        vec!["job", "status"],
        vec!["job", "status", "web"],
        vec!["node", "status"],
    ]
    .iter()
    .zip(&plain)
    {
        assert_eq!(&rnomad(args).sim(&s).run().to_string(), want);
    }
    // A watch keeps going through the election and redraws after a change.
    let live = rnomad(&["job", "status", "-watch", "-wait", "1s", "web"])
        .sim(&s)
        .spawn();
    let first = live.until_quiet(Duration::from_millis(1500));
    assert!(first.iter().any(|l| l.starts_with("ID ")), "{first:?}");
    s.with_state(|st| {
        st.update_job("default", "web", |j| {
            j["Priority"] = serde_json::json!(77);
        })
    });
    let next = live.until_quiet(Duration::from_millis(1500));
    let err = live.interrupt().stderr;
    assert!(
        next.iter()
            .any(|l| l.starts_with("Priority") && l.ends_with("= 77")),
        "{next:?}"
    );
    assert_eq!(err, "");
}

#[test]
fn event_stream_resumes_after_silence_and_server_errors() {
    let s = builder().spawn();
    // The first stream sends its opening heartbeat, then nothing: after the limit rnomad
    // reopens it. The reopen meets a leader election (500) and a 429 before it succeeds.
    s.faults().stall("/v1/event/stream", 3, None, Some(1));
    s.faults()
        .fail("/v1/event/stream", 500, "No cluster leader", Some(1));
    s.faults()
        .fail("/v1/event/stream", 429, "Too many requests", Some(1));
    let ids: Vec<String> = s.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.namespace == "default")
            .take(4)
            .map(|a| a.id.clone())
            .collect()
    });
    let child = spawn(
        &s,
        &["event", "stream", "-json", "-topic", "Allocation"],
        &[("RNOMAD_HTTP_TIMEOUT", "1s")],
    );
    // The stream starts from now: change things once it is open.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while s.event_subscriptions() == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    for id in &ids {
        s.with_state(|st| st.set_alloc_status(id, "failed"));
    }
    // Silence (1 s), then backoff pauses of 200, 400 and 800 ms.
    std::thread::sleep(Duration::from_millis(4000));
    let end = child.interrupt();
    let (code, out, err) = (end.code(), end.stdout, end.stderr);
    assert_eq!((code, err.as_str()), (Some(130), ""), "quiet on a pipe");
    let keys: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["Key"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(keys, ids, "every event once, in order");
}

#[test]
fn logs_follow_resumes_after_a_reset_and_after_silence() {
    for fault in ["reset", "silence"] {
        let s = sim();
        let (id, task) = running_alloc(&s);
        s.with_state(|st| st.append_log(&id, &task, "stdout", big_log(0, 2000).as_bytes()));
        let path = format!("/v1/client/fs/logs/{id}");
        match fault {
            "reset" => s.faults().reset_after(&path, 1, Some(1)),
            _ => s.faults().stall(&path, 5000, None, Some(1)),
        }
        let child = spawn(
            &s,
            &["alloc", "logs", "-stdout", "-f", &id],
            &[("RNOMAD_HTTP_TIMEOUT", "2s")],
        );
        std::thread::sleep(Duration::from_millis(800));
        s.with_state(|st| st.append_log(&id, &task, "stdout", big_log(2000, 1000).as_bytes()));
        std::thread::sleep(Duration::from_millis(2500));
        s.with_state(|st| st.set_alloc_status(&id, "complete"));
        let end = child.finish(Duration::from_secs(15));
        let (code, out, err) = (end.code(), end.stdout, end.stderr);
        let whole = s.read_state(|st| st.task_log(&id, &task, "stdout"));
        assert_eq!((code, err.as_str()), (Some(0), ""), "{fault}");
        assert_eq!(out.len(), whole.len(), "{fault}");
        assert!(
            out.as_bytes() == whole.as_slice(),
            "{fault}: no gap, no repeat"
        );
    }
}

#[test]
fn fs_follow_resumes_after_a_reset() {
    let s = sim();
    let (id, task) = running_alloc(&s);
    s.with_state(|st| st.append_log(&id, &task, "stdout", big_log(0, 2000).as_bytes()));
    s.faults()
        .reset_after(&format!("/v1/client/fs/stream/{id}"), 1, Some(1));
    let file = format!("alloc/logs/{task}.stdout.0");
    let child = spawn(&s, &["alloc", "fs", "-f", &id, &file], &[]);
    std::thread::sleep(Duration::from_millis(800));
    s.with_state(|st| st.append_log(&id, &task, "stdout", big_log(2000, 500).as_bytes()));
    std::thread::sleep(Duration::from_millis(1200));
    let end = child.interrupt();
    let (out, err) = (end.stdout, end.stderr);
    let whole = s.read_state(|st| st.task_log(&id, &task, "stdout"));
    assert_eq!(err, "");
    assert_eq!(out.len(), whole.len());
    assert!(out.as_bytes() == whole.as_slice(), "no gap, no repeat");
}

#[test]
fn eval_monitor_and_deployment_watcher_stop_at_the_first_error() {
    // Nomad's monitor and watcher do not retry: the first failure ends `job run` (exit 1).
    let s = sim();
    let dir = temp_dir();
    let file = dir.join("demo.json");
    let job = serde_json::json!({"Job": {
        "ID": "demo", "Name": "demo", "Type": "service", "Datacenters": ["*"],
        "TaskGroups": [{"Name": "cache", "Count": 1, "Tasks": [{
            "Name": "redis", "Driver": "docker", "Config": {"image": "redis:7"},
            "Resources": {"CPU": 100, "MemoryMB": 128}
        }]}]
    }});
    std::fs::write(&file, job.to_string()).expect("job file");
    let path = file.to_string_lossy().into_owned();
    s.faults()
        .fail("/v1/deployment/", 500, "No cluster leader", Some(1));
    let r = rnomad(&["job", "run", "-json", &path]).sim(&s).run();
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.contains(": Monitoring deployment \""), "{r}");
    assert!(
        r.stderr.ends_with(
            ": Error fetching deployment: Unexpected response code: 500 (No cluster leader)\n"
        ),
        "{r}"
    );
    s.faults().reset_after("/v1/deployment/", 40, Some(1));
    let r = rnomad(&["job", "run", "-json", &path]).sim(&s).run();
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stderr
            .ends_with(": Error fetching deployment: unexpected EOF\n"),
        "{r}"
    );
}

#[test]
fn watch_rides_out_server_errors() {
    // -watch is rnomad's own: its blocking queries meet 500s, 429s and a broken body, and
    // are asked again with backoff; the next change is still drawn.
    let s = sim();
    let live = rnomad(&["job", "status", "-watch", "-wait", "1s", "web"])
        .sim(&s)
        .spawn();
    let first = live.until_quiet(Duration::from_millis(1500));
    assert!(first.iter().any(|l| l.starts_with("ID ")), "{first:?}");
    s.faults()
        .fail("/v1/job/web", 500, "No cluster leader", Some(2));
    s.faults()
        .fail("/v1/job/web", 429, "Too many requests", Some(2));
    s.faults().reset_after("/v1/job/web", 10, Some(1));
    // The blocking queries (each asking for 1 s) run into every fault first.
    let used = Instant::now();
    while s.faults().pending() > 0 && used.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(s.faults().pending(), 0);
    s.with_state(|st| {
        st.update_job("default", "web", |j| {
            j["Priority"] = serde_json::json!(66);
        })
    });
    let next = live.until_quiet(Duration::from_millis(2500));
    let err = live.interrupt().stderr;
    assert!(
        next.iter()
            .any(|l| l.starts_with("Priority") && l.ends_with("= 66")),
        "{next:?}"
    );
    assert_eq!(err, "");
}

#[test]
fn file_and_monitor_streams_broken_or_silent() {
    let s = sim();
    let (id, task) = running_alloc(&s);
    let file = format!("alloc/logs/{task}.stdout.0");
    let whole = s.read_state(|st| st.task_log(&id, &task, "stdout"));
    // A file cut short: what came is printed, then Nomad's error.
    s.faults().reset_after("/v1/client/fs/cat/", 10, Some(1));
    let r = rnomad(&["alloc", "fs", &id, &file]).sim(&s).run();
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(r.stdout.as_bytes(), &whole[..10]);
    assert_eq!(r.stderr, "error tailing file: unexpected EOF\n");
    // A file that pauses mid-way arrives whole.
    s.faults()
        .stall("/v1/client/fs/cat/", 10, Some(800), Some(1));
    let r = rnomad(&["alloc", "fs", &id, &file])
        .sim(&s)
        .env("RNOMAD_HTTP_TIMEOUT", "2s")
        .run();
    assert_eq!((r.code, r.stdout.as_bytes()), (0, whole.as_slice()), "{r}");
    // A monitor whose agent goes quiet (no frames, no heartbeats) ends after the limit.
    s.faults().stall("/v1/agent/monitor", 0, None, Some(1));
    let start = Instant::now();
    let r = rnomad(&["monitor"])
        .sim(&s)
        .env("RNOMAD_HTTP_TIMEOUT", "1s")
        .run();
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_snapshot!("silent_monitor", r);
}

#[test]
fn listener_that_never_speaks_times_out() {
    // Accepts connections and never reads or writes: for https the TLS handshake never ends.
    let silent = server::silent();
    let addr = silent.addr();
    for scheme in ["http", "https"] {
        let url = format!("{scheme}://{addr}");
        let start = Instant::now();
        let r = rnomad(&["node", "status"])
            .env("NOMAD_ADDR", &url)
            .env("RNOMAD_HTTP_TIMEOUT", "1s")
            .redact(addr, "ADDR")
            .run();
        assert!(start.elapsed() < Duration::from_secs(5), "{scheme}");
        assert_eq!(r.code, 1, "{r}");
        // The connect limit (the smaller of 30 s and half the limit) covers the TLS handshake:
        // a silent TLS peer reads as Go's dial timeout.
        let cause = match scheme {
            "http" => "no response within 1s (set RNOMAD_HTTP_TIMEOUT to wait longer)",
            _ => "dial tcp ADDR: i/o timeout",
        };
        assert_eq!(
            r.stderr,
            format!("Error querying node status: Get \"{scheme}://ADDR/v1/nodes\": {cause}\n")
        );
    }
}
