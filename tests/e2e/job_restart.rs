//! `job restart` against nomad-sim, with the recordings' `act` job (fixtures
//! setup/act.nomad.hcl; texts as recorded in fixtures/nomad-1.10.5/cli/jobx/restart-*):
//! batches, -reschedule, -on-error, -yes, the questions (piped stdin, a terminal, Ctrl-C),
//! and every failure.

use std::time::Duration;

use crate::common::{builder, register_job, require_tool, rnomad, wait_for, Sim};
use insta::assert_snapshot;

pub const ACT_JOB: &str = include_str!("../fixtures/nomad-1.10.5/setup/act.nomad.hcl");

/// The `act` job as the agent returns it from parsing (`id` replacing its ID).
pub fn act_job(id: &str) -> serde_json::Value {
    let mut job = nomad_sim::jobspec::parse_job(ACT_JOB, "").expect("setup/act.nomad.hcl");
    job["ID"] = id.into();
    job["Name"] = id.into();
    job
}

/// Registers the job and waits until its 4 allocations run and its deployment is done.
pub fn start_act(s: &Sim, job: serde_json::Value) {
    let id = job["ID"].as_str().unwrap_or_default().to_string();
    register_job(s, job);
    wait_for(s, "the job's allocations running", |st| {
        st.allocs
            .values()
            .filter(|a| a.job_id == id && a.client_status == "running")
            .count()
            == 4
            && st
                .deployments
                .values()
                .filter(|d| d.job_id == id)
                .all(|d| d.status != "running")
    });
}

pub fn act_sim() -> Sim {
    let s = builder().spawn();
    start_act(&s, act_job("act"));
    s
}

/// Restarts counted per allocation of `job` (all tasks).
fn restarts(s: &Sim, job: &str) -> u64 {
    s.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.job_id == job)
            .flat_map(|a| a.task_states.values())
            .map(|t| t.restarts)
            .sum()
    })
}

#[test]
fn in_place_batches() {
    let s = act_sim();
    let r = rnomad(&[
        "job",
        "restart",
        "-yes",
        "-batch-size",
        "2",
        "-group",
        "g",
        "act",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("batches", r);
    // Every running task of the three allocations of group g, nothing of group h.
    assert_eq!(restarts(&s, "act"), 6);
    let r = rnomad(&[
        "job",
        "restart",
        "-yes",
        "-batch-size",
        "50%",
        "-all-tasks",
        "act",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("percent_all_tasks", r);
    let r = rnomad(&[
        "job",
        "restart",
        "-on-error=fail",
        "-task",
        "side",
        "-verbose",
        "act",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("task_verbose", r);
}

#[test]
fn reschedule_waits_for_the_replacement() {
    let s = act_sim();
    let old = s.read_state(|st| {
        st.allocs
            .values()
            .find(|a| a.job_id == "act" && a.task_group == "h")
            .map(|a| a.id.clone())
            .expect("the allocation of group h")
    });
    let r = rnomad(&[
        "job",
        "restart",
        "-yes",
        "-reschedule",
        "-group",
        "h",
        "act",
    ])
    .sim(&s)
    .run();
    let next = s.read_state(|st| st.allocs[&old].next_allocation.clone());
    assert!(!next.is_empty(), "{r}");
    assert_eq!(r.code, 0, "{r}");
    let out = r
        .stdout
        .replace(&old[..8], "<old>")
        .replace(&next[..8], "<new>");
    assert_snapshot!("reschedule", out);
    let running = s.read_state(|st| st.allocs[&next].client_status.clone());
    assert_eq!(running, "running");
}

#[test]
fn errors_fail_or_go_on() {
    let s = act_sim();
    // The client refuses a task that is not running; the first allocation restarted (the
    // newest of group g) is made to look so.
    let first = s.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.job_id == "act" && a.task_group == "g")
            .max_by_key(|a| a.create_index)
            .map(|a| a.id.clone())
            .expect("an allocation of group g")
    });
    s.with_state(|st| st.set_alloc_status(&first, "pending"));
    let r = rnomad(&["job", "restart", "-on-error=fail", "-group", "g", "act"])
        .sim(&s)
        .run();
    assert_snapshot!("on_error_fail", r);
    // With -yes a recoverable error does not stop the restart.
    let r = rnomad(&["job", "restart", "-yes", "-group", "g", "act"])
        .sim(&s)
        .run();
    assert_snapshot!("yes_goes_on", r);
}

#[test]
fn permission_denied_is_unrecoverable() {
    let s = builder().acl(true).token("reader", "read").spawn();
    start_act(&s, act_job("act"));
    let r = rnomad(&["job", "restart", "-yes", "-group", "g", "act"])
        .sim(&s)
        .env("NOMAD_TOKEN", "reader")
        .run();
    assert_snapshot!("denied_unrecoverable", r);
    let r = rnomad(&["job", "restart", "-yes", "act"]).sim(&s).run();
    assert_snapshot!("denied_no_token", r);
}

#[test]
fn an_active_deployment_stops_it() {
    let s = act_sim();
    s.with_state(|st| {
        for d in st.deployments.values_mut().filter(|d| d.job_id == "act") {
            d.status = "running".into();
        }
    });
    let r = rnomad(&["job", "restart", "-yes", "act"]).sim(&s).run();
    assert_snapshot!("active_deployment", r);
}

#[test]
fn bad_input_and_failures() {
    let s = act_sim();
    start_act(&s, act_job("act-two"));
    for (name, args) in [
        ("no_args", vec!["job", "restart", "-yes"]),
        ("two_args", vec!["job", "restart", "-yes", "a", "b"]),
        ("non_interactive", vec!["job", "restart", "act"]),
        (
            "batch_wait_ask",
            vec![
                "job",
                "restart",
                "-on-error=fail",
                "-batch-wait",
                "ask",
                "act",
            ],
        ),
        (
            "batch_size_zero",
            vec!["job", "restart", "-yes", "-batch-size", "0", "act"],
        ),
        (
            "batch_size_bad",
            vec!["job", "restart", "-yes", "-batch-size", "1x", "act"],
        ),
        (
            "batch_size_huge",
            vec![
                "job",
                "restart",
                "-yes",
                "-batch-size",
                "99999999999999999999%",
                "act",
            ],
        ),
        (
            "batch_wait_bad",
            vec!["job", "restart", "-yes", "-batch-wait", "5x", "act"],
        ),
        (
            "on_error_bad",
            vec!["job", "restart", "-on-error", "nope", "act"],
        ),
        (
            "all_tasks_and_task",
            vec!["job", "restart", "-yes", "-all-tasks", "-task", "t", "act"],
        ),
        (
            "reschedule_and_task",
            vec!["job", "restart", "-yes", "-reschedule", "-task", "t", "act"],
        ),
        ("not_found", vec!["job", "restart", "-yes", "nosuch"]),
        ("ambiguous", vec!["job", "restart", "-yes", "ac"]),
        ("bad_flag", vec!["job", "restart", "-bogus", "act"]),
    ] {
        let r = rnomad(&args).sim(&s).run();
        assert_eq!(r.code, 1, "{name}: {r}");
        if name == "bad_flag" {
            assert_eq!(
                r.stderr, "flag provided but not defined: -bogus\n",
                "{name}: {r}"
            );
            continue;
        }
        assert_snapshot!(format!("fail_{name}"), r);
    }
    // A group without running allocations: nothing to do.
    let r = rnomad(&["job", "restart", "-yes", "-group", "nosuch", "act"])
        .sim(&s)
        .run();
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "No allocations to restart\n"),
        "{r}"
    );
    let r = rnomad(&["job", "restart", "-yes", "act"]).run();
    assert_snapshot!("server_down", r);
}

#[test]
fn multiregion_question_from_piped_stdin() {
    let s = act_sim();
    let mut job = act_job("mr");
    job["Multiregion"] = serde_json::json!({"Strategy": null, "Regions": [{"Name": "global"}]});
    start_act(&s, job);
    let args = ["job", "restart", "-on-error=fail", "-group", "h", "mr"];
    let r = rnomad(&args).sim(&s).stdin("n\n").run();
    assert_snapshot!("multiregion_no", r);
    let r = rnomad(&args).sim(&s).stdin("maybe\n").run();
    assert_snapshot!("multiregion_invalid_then_eof", r);
    let r = rnomad(&args).sim(&s).stdin("y\n").run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("Job restarted successfully!"), "{r}");
    // -yes answers it.
    let r = rnomad(&["job", "restart", "-yes", "-group", "h", "mr"])
        .sim(&s)
        .run();
    assert!(!r.stdout.contains("multi-region"), "{r}");
}

#[test]
fn ctrl_c_asks_and_yes_stops() {
    let s = act_sim();
    let live = rnomad(&[
        "job",
        "restart",
        "-yes",
        "-batch-wait",
        "30s",
        "-group",
        "g",
        "act",
    ])
    .sim(&s)
    .stdin("y\n")
    .spawn();
    let first = live.take(3);
    assert!(
        first[2].ends_with("Waiting 30s before restarting the next batch"),
        "{first:?}"
    );
    live.signal_interrupt();
    let end = live.finish(Duration::from_secs(10));
    assert_eq!(end.code(), Some(0), "{}", end.stdout);
    let tail = end.stdout.lines().skip(3).collect::<Vec<_>>().join("\n");
    assert_snapshot!("ctrl_c_yes", tail);
}

#[test]
fn ctrl_c_answered_no_goes_on() {
    let s = act_sim();
    let live = rnomad(&[
        "job",
        "restart",
        "-yes",
        "-batch-wait",
        "1s",
        "-batch-size",
        "2",
        "-group",
        "g",
        "act",
    ])
    .sim(&s)
    .stdin("n\n")
    .spawn();
    let first = live.take(5);
    assert!(first[4].contains("Waiting 1s"), "{first:?}");
    live.signal_interrupt();
    let end = live.finish(Duration::from_secs(10));
    assert_eq!(end.code(), Some(0), "{}", end.stdout);
    assert!(
        end.stdout
            .contains("Are you sure you want to stop the restart process? [y/N]"),
        "{}",
        end.stdout
    );
    assert!(
        end.stdout.ends_with("\nJob restarted successfully!\n"),
        "{}",
        end.stdout
    );
}

#[test]
fn batch_wait_ask_on_a_terminal() {
    if !require_tool("script", "job_restart::batch_wait_ask_on_a_terminal") {
        return;
    }
    let s = act_sim();
    let r = rnomad(&[
        "job",
        "restart",
        "-batch-wait",
        "ask",
        "-on-error",
        "fail",
        "-group",
        "g",
        "-no-color",
        "act",
    ])
    .sim(&s)
    .on_tty()
    .typed(
        Duration::from_millis(1500),
        "10ms\r",
        Duration::from_secs(3),
    )
    .run();
    assert_eq!(r.code, 0, "{r}");
    let out = r.stdout.replace('\r', "");
    assert!(
        out.contains("Proceed with the next batch? [Y/n/<wait duration>] "),
        "{out}"
    );
    assert!(
        out.contains("Proceeding restarts with new wait time of 10ms"),
        "{out}"
    );
    assert_eq!(
        out.matches("Waiting 10ms before restarting the next batch")
            .count(),
        2,
        "{out}"
    );
    assert!(out.contains("Job restarted successfully!"), "{out}");
}
