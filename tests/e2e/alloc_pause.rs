//! `alloc pause` against nomad-sim, which answers as Nomad's open-source agent does (task
//! schedules are Enterprise only); texts as recorded in fixtures/nomad-1.10.5/cli/depl/.

use crate::common::{builder, dead_address, rnomad, running_alloc_where, sim};
use insta::assert_snapshot;

#[test]
fn pause_and_status() {
    let s = sim();
    let (id, task) = running_alloc_where(&s, |a| a.job_type == "service");
    let short = &id[..8];
    for (name, args) in [
        ("set", vec!["alloc", "pause", short, task.as_str()]),
        (
            "set_run_flag_task",
            vec!["alloc", "pause", "-state", "run", "-task", &task, short],
        ),
        (
            "status",
            vec!["alloc", "pause", "-status", short, task.as_str()],
        ),
        ("no_task", vec!["alloc", "pause", short]),
        ("bad_task", vec!["alloc", "pause", short, "nosuch"]),
        (
            "bad_state",
            vec!["alloc", "pause", "-state", "bogus", short],
        ),
    ] {
        assert_snapshot!(name, rnomad(&args).sim(&s).redact(&task, "TASK").run());
    }
}

#[test]
fn lookup_failures() {
    let s = sim();
    for (name, args) in [
        ("no_args", vec!["alloc", "pause"]),
        ("three_args", vec!["alloc", "pause", "a", "b", "c"]),
        ("one_char", vec!["alloc", "pause", "a"]),
        ("no_match", vec!["alloc", "pause", "0000"]),
    ] {
        assert_snapshot!(name, rnomad(&args).sim(&s).run());
    }
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "denied",
        rnomad(&["alloc", "pause", "abcd"]).sim(&acl).run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "server_down",
        rnomad(&["alloc", "pause", "abcd"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
}
