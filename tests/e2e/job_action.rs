//! `job action` against nomad-sim's action socket, with the recordings' `act` job (texts as
//! recorded in fixtures/nomad-1.10.5/cli/jobx/action-*): the action's output and exit code,
//! stdin, `-alloc`, and every failure.

use crate::common::{builder, rnomad, Sim};
use crate::job_restart::{act_job, act_sim, start_act};
use insta::assert_snapshot;

fn alloc_of(s: &Sim, group: &str) -> String {
    s.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.job_id == "act" && a.task_group == group)
            .map(|a| a.id.clone())
            .min()
            .expect("an allocation of the group")
    })
}

#[test]
fn runs_the_action() {
    let s = act_sim();
    let r = rnomad(&[
        "job", "action", "-job", "act", "-group", "g", "-task", "t", "hello",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("hello", r);
    // Flags after the action name are taken too (rnomad's Go-style flags).
    let r = rnomad(&["job", "action", "-job=act", "cat", "-group=g", "-task=t"])
        .sim(&s)
        .stdin("from stdin\n")
        .run();
    assert_eq!((r.code, r.stdout.as_str()), (0, "from stdin\n"), "{r}");
    let r = rnomad(&[
        "job", "action", "-i=false", "-job", "act", "-group", "g", "-task", "t", "cat",
    ])
    .sim(&s)
    .stdin("ignored\n")
    .run();
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r}");
    // -alloc: the allocation by prefix, its only task when -task is left out.
    let h = alloc_of(&s, "h");
    let r = rnomad(&["job", "action", "-job", "act", "-alloc", &h[..8], "hello"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(
        r.stderr,
        "failed to exec into task: action hello not found in task t\n"
    );
    let g = alloc_of(&s, "g");
    let r = rnomad(&[
        "job",
        "action",
        "-job",
        "act",
        "-alloc",
        &g[..8],
        "-task",
        "t",
        "hello",
    ])
    .sim(&s)
    .run();
    assert_eq!((r.code, r.stdout.as_str()), (3, "hello from t\n"), "{r}");
    // A job prefix names the job (Nomad sends the prefix on and fails: a listed difference).
    let r = rnomad(&[
        "job", "action", "-job", "ac", "-group", "g", "-task", "t", "hello",
    ])
    .sim(&s)
    .run();
    assert_eq!((r.code, r.stdout.as_str()), (3, "hello from t\n"), "{r}");
}

#[test]
fn failures() {
    let s = act_sim();
    start_act(&s, act_job("act-two"));
    let g = alloc_of(&s, "g");
    let short = &g[..8];
    for (name, args) in [
        (
            "no_name",
            vec!["job", "action", "-job", "act", "-group", "g", "-task", "t"],
        ),
        (
            "no_job",
            vec!["job", "action", "-group", "g", "-task", "t", "hello"],
        ),
        (
            "no_group",
            vec!["job", "action", "-job", "act", "-task", "t", "hello"],
        ),
        (
            "no_task",
            vec!["job", "action", "-job", "act", "-group", "g", "hello"],
        ),
        (
            "tty_without_stdin",
            vec![
                "job", "action", "-job", "act", "-t", "-i=false", "-alloc", short, "hello",
            ],
        ),
        (
            "bad_escape",
            vec![
                "job", "action", "-job", "act", "-e", "xx", "-alloc", short, "hello",
            ],
        ),
        (
            "unknown_action",
            vec![
                "job", "action", "-job", "act", "-group", "g", "-task", "t", "nope",
            ],
        ),
        (
            "unknown_task",
            vec![
                "job", "action", "-job", "act", "-group", "g", "-task", "nosuch", "hello",
            ],
        ),
        (
            "task_without_action",
            vec![
                "job", "action", "-job", "act", "-group", "g", "-task", "side", "hello",
            ],
        ),
        (
            "unknown_group",
            vec![
                "job", "action", "-job", "act", "-group", "zz", "-task", "t", "hello",
            ],
        ),
        (
            "job_not_found",
            vec![
                "job", "action", "-job", "nosuch", "-group", "g", "-task", "t", "hello",
            ],
        ),
        (
            "ambiguous_job",
            vec![
                "job", "action", "-job", "ac", "-group", "g", "-task", "t", "hello",
            ],
        ),
        (
            "alloc_not_found",
            vec![
                "job", "action", "-job", "act", "-alloc", "00000000", "hello",
            ],
        ),
        (
            "alloc_needs_task",
            vec!["job", "action", "-job", "act", "-alloc", short, "hello"],
        ),
        (
            "bad_flag",
            vec!["job", "action", "-job", "act", "-bogus", "hello"],
        ),
    ] {
        let r = rnomad(&args).sim(&s).run();
        assert_eq!(r.code, 1, "{name}: {r}");
        if name == "bad_flag" {
            // The help on stdout is rnomad's own words.
            assert_snapshot!(format!("fail_{name}"), r.stderr);
            continue;
        }
        assert_snapshot!(
            format!("fail_{name}"),
            r.to_string()
                .replace(&g, "<alloc>")
                .replace(short, "<alloc8>")
        );
    }
    let r = rnomad(&[
        "job", "action", "-job", "act", "-group", "g", "-task", "t", "hello",
    ])
    .run();
    assert_snapshot!("fail_server_down", r);
    let denied = builder().acl(true).token("reader", "read").spawn();
    start_act(&denied, act_job("act"));
    let r = rnomad(&[
        "job", "action", "-job", "act", "-group", "g", "-task", "t", "hello",
    ])
    .sim(&denied)
    .env("NOMAD_TOKEN", "reader")
    .run();
    assert_snapshot!("fail_denied", r);
}

#[test]
fn action_names_complete() {
    let s = act_sim();
    let comp = |line: &str| {
        let r = rnomad(&[])
            .sim(&s)
            .env("COMP_LINE", line)
            .env("RNOMAD_COMPLETE_DESCRIBE", "1")
            .run();
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{line}");
        r.stdout
    };
    assert_eq!(
        comp("rnomad job action -job act "),
        "hello\taction of g/t\ncat\taction of g/t\n"
    );
    assert_eq!(
        comp("rnomad job action -job=act -group g h"),
        "hello\taction of g/t\n"
    );
    assert_eq!(comp("rnomad job action -job act -task side "), "");
    assert_eq!(comp("rnomad job action "), "", "no job named yet");
}

/// Nomad's top-level `action` is `job action` run as it is: same output, exit code and
/// messages (which name `job action`), and the same completion of action names.
#[test]
fn top_level_action_alias() {
    let s = act_sim();
    let both = |args: &[&str]| {
        let mut job = vec!["job"];
        job.extend_from_slice(args);
        let a = rnomad(args).sim(&s).run();
        let j = rnomad(&job).sim(&s).run();
        assert_eq!(
            (a.code, &a.stdout, &a.stderr),
            (j.code, &j.stdout, &j.stderr),
            "{args:?}"
        );
        a
    };
    let r = both(&[
        "action", "-job", "act", "-group", "g", "-task", "t", "hello",
    ]);
    assert_eq!(r.stdout, "hello from t\n", "{r}");
    both(&["action", "-job", "act", "-group", "g", "-task", "t"]);
    both(&["action", "-job", "nosuch", "x"]);
    both(&["action", "x"]);
    let r = rnomad(&["action", "-bogus"]).sim(&s).run();
    assert!(
        r.stderr
            .contains("Error parsing flags: flag provided but not defined: -bogus"),
        "{r}"
    );
    let comp = rnomad(&[])
        .sim(&s)
        .env("COMP_LINE", "rnomad action -job act ")
        .run();
    assert_eq!(comp.stdout, "hello\ncat\n");
}
