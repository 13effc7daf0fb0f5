//! `job history`: a job's versions, `-version`, `-full`, `-p`, `-json`/`-t`, and the failures.

use crate::common::{rnomad, sim};
use insta::assert_snapshot;

#[test]
fn history() {
    let s = sim();
    assert_snapshot!("history", rnomad(&["job", "history", "web"]).sim(&s).run());
    assert_snapshot!(
        "history_version",
        rnomad(&["job", "history", "-version", "0", "web"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "history_missing_version",
        rnomad(&["job", "history", "-version", "42", "web"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "history_template",
        rnomad(&[
            "job",
            "history",
            "-t",
            "{{range .}}{{.Version}} {{.Stable}}\n{{end}}",
            "web"
        ])
        .sim(&s)
        .run()
    );
    assert_snapshot!(
        "history_exclusive",
        rnomad(&["job", "history", "-json", "-p", "web"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "history_diff_flags",
        rnomad(&["job", "history", "-diff-version", "1", "web"])
            .sim(&s)
            .run()
    );
}
