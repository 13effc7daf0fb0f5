//! `eval list` and `eval status` (incl. -monitor) against nomad-sim.

use crate::common::{builder, rnomad, sim};
use insta::assert_snapshot;

fn web_eval(s: &nomad_sim::Sim) -> String {
    s.read_state(|st| {
        st.evals
            .values()
            .find(|e| e.job_id == "web")
            .map(|e| e.id.clone())
            .unwrap_or_default()
    })
}

#[test]
fn list() {
    let s = sim();
    assert_snapshot!("list", rnomad(&["eval", "list"]).sim(&s).run());
    assert_snapshot!(
        "list_job_paginated",
        rnomad(&["eval", "list", "-per-page", "1", "-job", "web"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "list_empty",
        rnomad(&["eval", "list", "-job", "nosuch"]).sim(&s).run()
    );
    assert_snapshot!("list_args", rnomad(&["eval", "list", "x"]).sim(&s).run());
}

#[test]
fn status() {
    let s = sim();
    let id = web_eval(&s);
    assert_snapshot!(
        "status",
        rnomad(&["eval", "status", &id[..8]]).sim(&s).run()
    );
    assert_snapshot!(
        "status_verbose",
        rnomad(&["eval", "status", "-verbose", &id]).sim(&s).run()
    );
    assert_snapshot!(
        "status_template",
        rnomad(&["eval", "status", "-t", "{{.JobID}} {{.Status}}", &id[..8]])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "status_monitor",
        rnomad(&["eval", "status", "-monitor", &id[..8]])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "status_one_char",
        rnomad(&["eval", "status", "a"]).sim(&s).run()
    );
    assert_snapshot!(
        "status_not_found",
        rnomad(&["eval", "status", "ffffff"]).sim(&s).run()
    );
    let d = builder().acl(true).spawn();
    assert_snapshot!(
        "status_denied",
        rnomad(&["eval", "status", "abcd"]).sim(&d).run()
    );
}
