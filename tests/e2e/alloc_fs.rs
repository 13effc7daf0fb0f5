//! `alloc fs`: listing, stat, printing, tailing and following a file, and the failures.

use std::time::Duration;

use crate::common::{rnomad, running_alloc, sim};
use insta::assert_snapshot;

#[test]
fn views() {
    let s = sim();
    let (id, task) = running_alloc(&s);
    let short = &id[..8];
    let conf = format!("{task}/local/app.conf");
    assert_snapshot!("ls_root", rnomad(&["alloc", "fs", short]).sim(&s).run());
    assert_snapshot!(
        "ls_logs_machine",
        rnomad(&["fs", "-H", short, "alloc/logs/"]).sim(&s).run()
    );
    assert_snapshot!(
        "stat_file",
        rnomad(&["alloc", "fs", "-stat", short, &conf])
            .sim(&s)
            .run()
    );
    assert_snapshot!("cat", rnomad(&["alloc", "fs", short, &conf]).sim(&s).run());
    assert_snapshot!(
        "tail_n1",
        rnomad(&["alloc", "fs", "-tail", "-n", "1", short, &conf])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "tail_c5",
        rnomad(&["alloc", "fs", "-tail", "-c", "5", short, &conf])
            .sim(&s)
            .run()
    );
}

#[test]
fn failures() {
    let s = sim();
    let (id, task) = running_alloc(&s);
    let short = &id[..8];
    let conf = format!("{task}/local/app.conf");
    let cases: &[(&str, Vec<&str>)] = &[
        ("no_args", vec!["alloc", "fs"]),
        ("three_args", vec!["alloc", "fs", "a", "b", "c"]),
        ("one_char", vec!["alloc", "fs", "a"]),
        ("not_found", vec!["alloc", "fs", "000000"]),
        ("no_such_path", vec!["alloc", "fs", short, "nosuch"]),
        (
            "n_and_c",
            vec!["alloc", "fs", "-tail", "-n", "1", "-c", "2", short, &conf],
        ),
        (
            "bad_size",
            vec!["alloc", "fs", "-tail", "-n", "-3", short, &conf],
        ),
    ];
    for (name, args) in cases {
        let r = rnomad(args).sim(&s).run();
        assert_eq!(r.code, 1, "{name}: {r}");
        assert_snapshot!(
            format!("fail_{name}"),
            r.to_string().replace(&id, "<alloc>")
        );
    }
}

#[test]
fn follow_prints_appended_data_until_interrupted() {
    let s = sim();
    let (id, task) = running_alloc(&s);
    let file = format!("alloc/logs/{task}.stdout.0");
    let live = rnomad(&["alloc", "fs", "-f", &id[..8], &file])
        .sim(&s)
        .spawn();
    std::thread::sleep(Duration::from_millis(700));
    s.with_state(|st| st.append_log(&id, &task, "stdout", b"appended\n"));
    std::thread::sleep(Duration::from_millis(500));
    let end = live.interrupt();
    assert_eq!(end.code(), Some(0));
    assert!(
        end.stdout.ends_with(": ready\nappended\n"),
        "{}",
        end.stdout
    );
}
