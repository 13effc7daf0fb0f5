//! `deployment list` and `deployment status` (incl. -monitor) against nomad-sim.

use crate::common::{builder, rnomad, sim};
use insta::assert_snapshot;

/// The ID of web's deployment in the generated cluster.
fn web_deployment(s: &nomad_sim::Sim) -> String {
    s.read_state(|st| {
        st.deployments
            .values()
            .find(|d| d.job_id == "web")
            .map(|d| d.id.clone())
            .unwrap_or_default()
    })
}

#[test]
fn list() {
    let s = sim();
    assert_snapshot!("list", rnomad(&["deployment", "list"]).sim(&s).run());
    assert_snapshot!(
        "list_filter_template",
        rnomad(&[
            "deployment",
            "list",
            "-filter",
            "JobID == \"web\"",
            "-t",
            "{{range .}}{{.JobID}} {{.Status}}\n{{end}}"
        ])
        .sim(&s)
        .run()
    );
    assert_snapshot!(
        "list_args",
        rnomad(&["deployment", "list", "x"]).sim(&s).run()
    );
}

#[test]
fn status() {
    let s = sim();
    let id = web_deployment(&s);
    assert_snapshot!(
        "status",
        rnomad(&["deployment", "status", &id[..8]]).sim(&s).run()
    );
    assert_snapshot!(
        "status_template",
        rnomad(&["deployment", "status", "-t", "{{.JobID}} {{.Status}}", &id])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "status_monitor",
        rnomad(&["deployment", "status", "-monitor", &id[..8]])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "status_short_prefix",
        rnomad(&["deployment", "status", "a"]).sim(&s).run()
    );
    assert_snapshot!(
        "status_no_match",
        rnomad(&["deployment", "status", "ffff-ff"]).sim(&s).run()
    );
    assert_snapshot!(
        "status_monitor_json",
        rnomad(&["deployment", "status", "-monitor", "-json", &id])
            .sim(&s)
            .run()
    );
    let d = builder().acl(true).spawn();
    assert_snapshot!(
        "status_denied",
        rnomad(&["deployment", "status", "abcd"]).sim(&d).run()
    );
}
