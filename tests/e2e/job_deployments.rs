//! `job deployments`: a job's deployments, `-latest`, `-all`, `-json`/`-t`, and the failures.

use crate::common::{rnomad, sim};
use insta::assert_snapshot;

#[test]
fn deployments() {
    let s = sim();
    assert_snapshot!(
        "deployments",
        rnomad(&["job", "deployments", "web"]).sim(&s).run()
    );
    assert_snapshot!(
        "deployments_latest",
        rnomad(&["job", "deployments", "-latest", "web"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "deployments_latest_none",
        rnomad(&["job", "deployments", "-latest", "search"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "deployments_template",
        rnomad(&[
            "job",
            "deployments",
            "-all",
            "-t",
            "{{range .}}{{.Status}}\n{{end}}",
            "web"
        ])
        .sim(&s)
        .run()
    );
    assert_snapshot!(
        "deployments_args",
        rnomad(&["job", "deployments"]).sim(&s).run()
    );
}
