//! `job logs` (rnomad's own): every allocation's logs with their source in front, following
//! allocations that join and leave, the end of a batch job, and the failures.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::common::{builder, dead_address, register_job, rnomad, sim, wait_for};
use insta::assert_snapshot;
use nomad_sim::Sim;
use serde_json::json;

/// A sim whose batch allocations run until a test ends them.
fn slow_batch_sim() -> Sim {
    builder()
        .timing(nomad_sim::Timing {
            batch_run: Duration::from_secs(600),
            ..Default::default()
        })
        .spawn()
}

/// Registers a batch job `logsjob` of `count` allocations (group `g`, tasks `main` and
/// `side`) and waits until they all run; their IDs, oldest first.
fn batch_job(s: &Sim, count: usize) -> Vec<String> {
    let task = |name: &str| json!({"Name": name, "Driver": "raw_exec", "Resources": {"CPU": 50, "MemoryMB": 32}});
    register_job(
        s,
        json!({"ID": "logsjob", "Type": "batch", "TaskGroups": [
            {"Name": "g", "Count": count, "Tasks": [task("main"), task("side")]}]}),
    );
    running(s, count)
}

/// The IDs of the job's running allocations once there are `n`, oldest first.
fn running(s: &Sim, n: usize) -> Vec<String> {
    let ids = |st: &nomad_sim::State| {
        let mut v: Vec<_> = st
            .job_alloc_ids("default", "logsjob")
            .into_iter()
            .filter_map(|id| st.allocs.get(&id))
            .filter(|a| a.client_status == "running")
            .map(|a| (a.create_index, a.id.clone()))
            .collect();
        v.sort();
        v.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
    };
    wait_for(s, "running allocations", |st| ids(st).len() == n);
    s.read_state(ids)
}

/// Lines of one source, in order.
fn lines_of<'a>(out: &'a str, prefix: &str) -> Vec<&'a str> {
    out.lines().filter_map(|l| l.strip_prefix(prefix)).collect()
}

#[test]
fn every_running_allocation_with_its_source_in_front() {
    let s = slow_batch_sim();
    let ids = batch_job(&s, 3);
    let r = rnomad(&["job", "logs", "logsjob"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    for id in &ids {
        let short = &id[..8];
        // Each source's lines in their order, whatever the interleaving of sources.
        assert_eq!(
            lines_of(&r.stdout, &format!("{short} g/main stdout: ")),
            [
                format!("main: starting (alloc {short})"),
                "main: listening on 0.0.0.0:8080".into(),
                "main: ready".into()
            ]
        );
        assert_eq!(
            lines_of(&r.stdout, &format!("{short} g/side stderr: ")),
            ["side: warning: no config file, using defaults"]
        );
    }
    assert_eq!(r.stdout.lines().count(), 3 * 2 * 4, "{r}");
    assert_eq!(r.stderr, "");

    // -task (a whole-name pattern), -stderr, -tail -n, -json.
    let r = rnomad(&[
        "job", "logs", "-task", "ma.*", "-stdout", "-n", "1", "logsjob",
    ])
    .sim(&s)
    .run();
    let mut got: Vec<&str> = r.stdout.lines().collect();
    got.sort();
    let mut want: Vec<String> = ids
        .iter()
        .map(|id| format!("{} g/main stdout: main: ready", &id[..8]))
        .collect();
    want.sort();
    assert_eq!(got, want, "{r}");
    let r = rnomad(&[
        "job", "logs", "-json", "-stderr", "-task", "side", "logsjob",
    ])
    .sim(&s)
    .run();
    let first = r.stdout.lines().find(|l| l.contains(&ids[0])).unwrap_or("");
    assert_eq!(
        first,
        format!(
            "{{\"alloc\":\"{}\",\"group\":\"g\",\"task\":\"side\",\"stream\":\"stderr\",\
             \"line\":\"side: warning: no config file, using defaults\"}}",
            ids[0]
        )
    );
    // Terminal allocations only with -all.
    s.with_state(|st| st.set_alloc_status(&ids[0], "complete"));
    let r = rnomad(&["job", "logs", "-stdout", "-task", "main", "logsjob"])
        .sim(&s)
        .run();
    assert!(!r.stdout.contains(&ids[0][..8]), "{r}");
    let r = rnomad(&["job", "logs", "-all", "-stdout", "-task", "main", "logsjob"])
        .sim(&s)
        .run();
    assert_eq!(r.stdout.lines().count(), 9, "{r}");
}

#[test]
fn colour_per_source_only_when_asked_for_a_terminal() {
    let s = slow_batch_sim();
    let ids = batch_job(&s, 1);
    let short = &ids[0][..8];
    let args = [
        "job", "logs", "-stdout", "-task", "main", "-n", "1", "logsjob",
    ];
    let plain = rnomad(&args).sim(&s).env("NOMAD_CLI_FORCE_COLOR", "1");
    let r = plain.env("NO_COLOR", "1").run();
    assert_eq!(r.stdout, format!("{short} g/main stdout: main: ready\n"));
    let r = rnomad(&args)
        .sim(&s)
        .env("NOMAD_CLI_FORCE_COLOR", "1")
        .run();
    assert!(
        r.stdout.starts_with("\x1b[") && r.stdout.ends_with("\x1b[0m main: ready\n"),
        "{:?}",
        r.stdout
    );
}

#[test]
fn follow_picks_up_a_fourth_allocation_and_ends_with_the_batch_job() {
    let s = slow_batch_sim();
    let ids = batch_job(&s, 3);
    let started = Instant::now();
    let live = rnomad(&["job", "logs", "-f", "-stdout", "-task", "main", "logsjob"])
        .sim(&s)
        .spawn();
    // The three allocations' logs so far.
    let first = live.take(9);
    let seen: BTreeSet<&str> = first.iter().map(|l| &l[..8]).collect();
    assert_eq!(seen.len(), 3, "{first:?}");
    // New lines of a running allocation.
    s.with_state(|st| st.append_log(&ids[1], "main", "stdout", b"working on it\n"));
    assert_eq!(
        live.take(1),
        [format!("{} g/main stdout: working on it", &ids[1][..8])]
    );
    // A fourth allocation starts later (through the sim's control API): it joins.
    let r = rnomad(&[
        "operator",
        "api",
        "-X",
        "POST",
        "-d",
        r#"{"group": "g"}"#,
        "/v1/sim/job/logsjob/alloc",
    ])
    .sim(&s)
    .run();
    assert_eq!(r.code, 0, "{r}");
    let all = running(&s, 4);
    let fourth = all.iter().find(|id| !ids.contains(id)).expect("a new one");
    assert!(r.stdout.contains(fourth.as_str()), "{r}");
    let joined = live.take(3);
    assert_eq!(
        joined,
        [
            format!(
                "{} g/main stdout: main: starting (alloc {})",
                &fourth[..8],
                &fourth[..8]
            ),
            format!(
                "{} g/main stdout: main: listening on 0.0.0.0:8080",
                &fourth[..8]
            ),
            format!("{} g/main stdout: main: ready", &fourth[..8]),
        ]
    );
    // The allocations finish, one with last words: the command ends by itself.
    s.with_state(|st| {
        st.append_log(fourth, "main", "stdout", b"last words\n");
        for id in &all {
            st.set_alloc_status(id, "complete");
        }
    });
    let ended = live.finish(Duration::from_secs(10));
    assert_eq!(ended.code(), Some(0), "{}", ended.stderr);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(
        ended
            .stdout
            .ends_with(&format!("{} g/main stdout: last words\n", &fourth[..8])),
        "{}",
        ended.stdout
    );
    assert_eq!(ended.stderr, "");
}

#[test]
fn follow_of_a_service_job_ends_on_ctrl_c_with_130() {
    let s = sim();
    let job = s.read_state(|st| {
        st.allocs
            .values()
            .find(|a| a.client_status == "running" && a.job_type == "service")
            .map(|a| a.job_id.clone())
            .expect("a running service job")
    });
    let live = rnomad(&["job", "logs", "-f", "-stderr", &job])
        .sim(&s)
        .spawn();
    assert!(!live.take(1).is_empty());
    let ended = live.interrupt();
    assert_eq!(ended.code(), Some(130), "{}", ended.stderr);
}

#[test]
fn a_broken_stream_resumes_without_gap_or_repeat() {
    let s = slow_batch_sim();
    let ids = batch_job(&s, 2);
    let mut big = String::new();
    for i in 0..3000 {
        big.push_str(&format!(
            "line {i:05} of the big log, padded to some length\n"
        ));
    }
    s.with_state(|st| st.append_log(&ids[0], "main", "stdout", big.as_bytes()));
    let whole = s.read_state(|st| st.task_log(&ids[0], "main", "stdout"));
    s.faults()
        .reset_after(&format!("/v1/client/fs/logs/{}", ids[0]), 1, Some(1));
    let r = rnomad(&["job", "logs", "-stdout", "-task", "main", "logsjob"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mine = lines_of(&r.stdout, &format!("{} g/main stdout: ", &ids[0][..8]));
    let want: Vec<&str> = std::str::from_utf8(&whole).unwrap().lines().collect();
    assert_eq!(mine, want, "no gap, no repeat");
}

#[test]
fn failures() {
    let s = slow_batch_sim();
    batch_job(&s, 1);
    register_job(
        &s,
        json!({"ID": "logsjob-2", "Type": "batch", "TaskGroups": [{"Name": "g",
            "Tasks": [{"Name": "t", "Driver": "raw_exec", "Resources": {"CPU": 50, "MemoryMB": 32}}]}]}),
    );
    // The ambiguous-prefix table shows both jobs' status: wait until neither is pending.
    wait_for(&s, "both jobs run", |st| {
        ["logsjob", "logsjob-2"].iter().all(|id| {
            st.job("default", id)
                .is_some_and(|j| j["Status"] == "running")
        })
    });
    let cases: &[(&str, &[&str])] = &[
        ("no_args", &["job", "logs"]),
        ("two_args", &["job", "logs", "a", "b"]),
        ("not_found", &["job", "logs", "nosuch"]),
        ("ambiguous", &["job", "logs", "logsj"]),
        ("bad_flag", &["job", "logs", "-bogus", "logsjob"]),
        ("bad_regex", &["job", "logs", "-task", "ma(in", "logsjob"]),
        (
            "nothing_selected",
            &["job", "logs", "-group", "nosuch", "logsjob"],
        ),
    ];
    for (name, args) in cases {
        let r = rnomad(args).sim(&s).run();
        assert_eq!(r.code, 1, "{name}: {r}");
        assert_snapshot!(format!("fail_{name}"), r);
    }
    let denied = builder().acl(true).spawn();
    assert_snapshot!(
        "fail_permission_denied",
        rnomad(&["job", "logs", "logsjob"]).sim(&denied).run()
    );
    let dead = dead_address();
    let r = rnomad(&["job", "logs", "logsjob"])
        .env("NOMAD_ADDR", &dead)
        .dead(&dead)
        .run();
    assert_eq!(r.code, 1, "{r}");
    assert_snapshot!("fail_server_down", r);
}
