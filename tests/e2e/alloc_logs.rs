//! `alloc logs`: reading, tailing, following (ending on a terminal allocation), a stream
//! that breaks off and is resumed, a closed pipe, and the failures.

use std::time::{Duration, Instant};

use crate::common::{builder, rnomad, running_alloc, shell, sim};
use insta::assert_snapshot;

#[test]
fn read_and_tail() {
    let s = sim();
    let (id, _) = running_alloc(&s);
    let short = &id[..8];
    let r = rnomad(&["alloc", "logs", short]).sim(&s).run();
    assert_snapshot!("stdout", r.to_string().replace(short, "<id>"));
    assert_snapshot!("stderr", rnomad(&["logs", "-stderr", short]).sim(&s).run());
    assert_snapshot!(
        "tail_n2",
        rnomad(&["alloc", "logs", "-tail", "-n", "2", short])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "tail_c10",
        rnomad(&["alloc", "logs", "-tail", "-c=10", short])
            .sim(&s)
            .run()
    );
    let r = rnomad(&["alloc", "logs", "-tail", "-n", "0", short])
        .sim(&s)
        .run();
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    // -job: the first argument is a job; its allocation is used.
    let job = s.read_state(|st| st.allocs[&id].job_id.clone());
    let r = rnomad(&["alloc", "logs", "-job", &job]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains(": ready\n"), "{r}");
}

#[test]
fn failures() {
    let s = sim();
    let (id, _) = running_alloc(&s);
    let short = &id[..8];
    let cases: &[(&str, &[&str])] = &[
        ("no_args", &["alloc", "logs"]),
        ("no_args_job", &["alloc", "logs", "-job"]),
        ("three_args", &["alloc", "logs", "a", "b", "c"]),
        ("one_char", &["alloc", "logs", "a"]),
        ("not_found", &["alloc", "logs", "000000"]),
        ("unknown_task_arg", &["alloc", "logs", short, "nosuch"]),
        (
            "unknown_task_flag",
            &["alloc", "logs", "-task", "nosuch", short],
        ),
        (
            "both_types",
            &["alloc", "logs", "-stdout", "-stderr", short],
        ),
        (
            "both_n_and_c",
            &["alloc", "logs", "-tail", "-n", "1", "-c", "3", short],
        ),
        ("job_not_found", &["alloc", "logs", "-job", "nosuch"]),
        (
            "job_group_not_found",
            &["alloc", "logs", "-job", "-group", "x", "web"],
        ),
    ];
    for (name, args) in cases {
        let r = rnomad(args).sim(&s).run();
        assert_eq!(r.code, 1, "{name}: {r}");
        assert_snapshot!(format!("fail_{name}"), r.to_string().replace(short, "<id>"));
    }
    let denied = builder().acl(true).spawn();
    assert_snapshot!(
        "fail_permission_denied",
        rnomad(&["alloc", "logs", "abcd"]).sim(&denied).run()
    );
}

#[test]
fn follow_sees_new_lines_and_ends_when_allocation_is_done() {
    let s = sim();
    let (id, task) = running_alloc(&s);
    let started = Instant::now();
    let writer = {
        std::thread::scope(|scope| {
            let h = scope.spawn(|| {
                rnomad(&["alloc", "logs", "-f", "-stderr", &id[..8]])
                    .sim(&s)
                    .run()
            });
            std::thread::sleep(Duration::from_millis(700));
            s.with_state(|st| st.append_log(&id, &task, "stderr", b"first new line\n"));
            std::thread::sleep(Duration::from_millis(300));
            s.with_state(|st| st.append_log(&id, &task, "stderr", b"second new line\n"));
            std::thread::sleep(Duration::from_millis(300));
            s.with_state(|st| st.set_alloc_status(&id, "failed"));
            h.join().expect("rnomad thread")
        })
    };
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "ended by itself"
    );
    assert_eq!(writer.code, 0, "{writer}");
    assert!(
        writer.stdout.ends_with("first new line\nsecond new line\n"),
        "{writer}"
    );
    assert_snapshot!("follow_until_terminal", writer);
}

#[test]
fn dual_follow_shows_only_new_output() {
    let s = sim();
    let (id, task) = running_alloc(&s);
    let r = std::thread::scope(|scope| {
        let h = scope.spawn(|| rnomad(&["alloc", "logs", "-f", &id[..8]]).sim(&s).run());
        std::thread::sleep(Duration::from_millis(700));
        s.with_state(|st| {
            st.append_log(&id, &task, "stdout", b"to stdout\n");
            st.append_log(&id, &task, "stderr", b"to stderr\n");
        });
        std::thread::sleep(Duration::from_millis(400));
        s.with_state(|st| st.set_alloc_status(&id, "complete"));
        h.join().expect("rnomad thread")
    });
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, "to stdout\n", "to stderr\n")
    );
}

#[test]
fn broken_stream_is_resumed_without_gap_or_repeat() {
    let s = sim();
    let (id, task) = running_alloc(&s);
    // More than one 64 KiB frame, so the break falls inside the data.
    let mut big = String::new();
    for i in 0..3000 {
        big.push_str(&format!(
            "line {i:05} of the big log, padded to some length\n"
        ));
    }
    s.with_state(|st| st.append_log(&id, &task, "stdout", big.as_bytes()));
    let whole = s.read_state(|st| st.task_log(&id, &task, "stdout"));
    s.faults()
        .reset_after(&format!("/v1/client/fs/logs/{id}"), 1, Some(1));
    let r = rnomad(&["alloc", "logs", &id[..8]]).sim(&s).run();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.len(), whole.len());
    assert!(r.stdout.as_bytes() == whole.as_slice(), "no gap, no repeat");
}

#[test]
fn closed_pipe_ends_quietly() {
    let s = sim();
    let (id, _) = running_alloc(&s);
    let started = Instant::now();
    let r = shell(&format!(
        "rnomad alloc logs -f -stdout {} | head -2",
        &id[..8]
    ))
    .sim(&s)
    .run();
    assert!(started.elapsed() < Duration::from_secs(8));
    assert_eq!(r.stderr, "");
    assert_eq!(r.stdout.lines().count(), 2);
}
