//! `eval delete` against nomad-sim: by ID and by filter, the y/N question's answers, the
//! paused-broker check and the failures (texts as recorded from Nomad in
//! fixtures/nomad-1.10.5/cli/depl/eval-delete-*).

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;
use nomad_sim::Sim;

fn pause_broker(s: &Sim) {
    s.with_state(|st| st.scheduler_config["PauseEvalBroker"] = true.into());
}

/// An evaluation none of whose allocations runs (safe to delete).
fn safe_eval(s: &Sim) -> String {
    s.read_state(|st| {
        st.evals
            .keys()
            .find(|id| {
                !st.allocs
                    .values()
                    .any(|a| &a.eval_id == *id && a.client_status == "running")
            })
            .cloned()
            .unwrap_or_default()
    })
}

fn eval_count(s: &Sim) -> usize {
    s.read_state(|st| st.evals.len())
}

#[test]
fn broker_must_be_paused() {
    let s = sim();
    let id = safe_eval(&s);
    assert_snapshot!(
        "broker_running",
        rnomad(&["eval", "delete", &id]).sim(&s).run()
    );
}

#[test]
fn by_id() {
    let s = sim();
    pause_broker(&s);
    let id = safe_eval(&s);
    let before = eval_count(&s);
    assert_snapshot!("by_id", rnomad(&["eval", "delete", &id]).sim(&s).run());
    assert_eq!(eval_count(&s), before - 1);
    // Gone now; and a prefix is not looked up (Nomad asks for the full ID).
    assert_snapshot!(
        "by_id_missing",
        rnomad(&["eval", "delete", &id]).sim(&s).run()
    );
    assert_snapshot!(
        "by_id_unsafe",
        rnomad(&["eval", "delete", &running_eval(&s)])
            .sim(&s)
            .redact(&running_eval(&s), "EVAL")
            .run()
    );
}

fn running_eval(s: &Sim) -> String {
    s.read_state(|st| {
        st.allocs
            .values()
            .find(|a| a.client_status == "running")
            .map(|a| a.eval_id.clone())
            .unwrap_or_default()
    })
}

#[test]
fn by_filter_answers() {
    let s = sim();
    pause_broker(&s);
    let before = eval_count(&s);
    let filter = "Status == \"complete\"";
    for (name, input) in [
        ("filter_no", "n\n"),
        ("filter_yes_word", "yes\n"),
        ("filter_other", "x\n"),
        ("filter_eof", ""),
    ] {
        let r = rnomad(&["eval", "delete", "-filter", filter])
            .sim(&s)
            .stdin(input)
            .run();
        // The count in the question varies with the generated cluster.
        let n = before.to_string();
        assert_snapshot!(name, r.to_string().replace(&n, "N"));
    }
    assert_eq!(eval_count(&s), before);
    assert_snapshot!(
        "filter_none",
        rnomad(&["eval", "delete", "-filter", "JobID == \"nosuch\""])
            .sim(&s)
            .stdin("y\n")
            .run()
    );
    let one = format!("ID == \"{}\"", safe_eval(&s));
    assert_snapshot!(
        "filter_y",
        rnomad(&["eval", "delete", "-filter", &one])
            .sim(&s)
            .stdin("y\n")
            .run()
    );
    assert_eq!(eval_count(&s), before - 1);
    // -yes asks nothing.
    let r = rnomad(&["eval", "delete", "-yes", "-filter", &one])
        .sim(&s)
        .run();
    assert_snapshot!("filter_yes_flag_nothing_left", r);
}

#[test]
fn bad_input_and_failures() {
    let s = sim();
    pause_broker(&s);
    for (name, args) in [
        ("no_args", vec!["eval", "delete"]),
        ("both", vec!["eval", "delete", "-filter", "x", "abc"]),
        ("two_args", vec!["eval", "delete", "a", "b"]),
        ("prefix", vec!["eval", "delete", "abcd1234"]),
    ] {
        assert_snapshot!(name, rnomad(&args).sim(&s).run());
    }
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "denied",
        rnomad(&["eval", "delete", "-filter", "x"]).sim(&acl).run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "server_down",
        rnomad(&["eval", "delete", "-yes", "-filter", "x"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
}
