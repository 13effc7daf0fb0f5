//! `job allocs`, `job deployments`, `job inspect`, `job history`: tables, -json/-t, versions,
//! and the failures.

use crate::common::{builder, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn allocs() {
    let s = sim();
    assert_snapshot!("allocs", rnomad(&["job", "allocs", "web"]).sim(&s).run());
    assert_snapshot!(
        "allocs_verbose_all",
        rnomad(&["job", "allocs", "-all", "-verbose", "web"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "allocs_template",
        rnomad(&[
            "job",
            "allocs",
            "-t",
            "{{range .}}{{.ID}} {{.ClientStatus}}\n{{end}}",
            "web"
        ])
        .sim(&s)
        .run()
    );
    let json = rnomad(&["job", "allocs", "-json", "web"]).sim(&s).run();
    assert_eq!(json.code, 0);
    assert!(json.stdout.starts_with("[\n    {\n        \""), "{json}");
    assert!(
        json.stdout
            .contains("\n        \"ClientStatus\": \"running\",\n"),
        "{json}"
    );
    assert_snapshot!(
        "allocs_not_found",
        rnomad(&["job", "allocs", "nosuch"]).sim(&s).run()
    );
    assert_snapshot!(
        "allocs_ambiguous",
        rnomad(&["job", "allocs", "s"]).sim(&s).run()
    );
}

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

#[test]
fn inspect() {
    let s = sim();
    let r = rnomad(&["job", "inspect", "web"]).sim(&s).run();
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .starts_with("{\n    \"Job\": {\n        \"Affinities\": "),
        "{r}"
    );
    let r = rnomad(&["inspect", "-json", "web"]).sim(&s).run();
    assert!(r.stdout.starts_with("{\n    \"Affinities\": "), "{r}");
    assert_snapshot!(
        "inspect_template",
        rnomad(&[
            "job",
            "inspect",
            "-t",
            "{{.ID}} v{{.Version}} {{.Type}}",
            "web"
        ])
        .sim(&s)
        .run()
    );
    assert_snapshot!(
        "inspect_bad_version",
        rnomad(&["job", "inspect", "-version", "x", "web"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "inspect_missing_version",
        rnomad(&["job", "inspect", "-version", "99", "web"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "inspect_exclusive",
        rnomad(&["job", "inspect", "-hcl", "-json", "web"])
            .sim(&s)
            .run()
    );
    let d = builder().acl(true).spawn();
    assert_snapshot!(
        "inspect_denied",
        rnomad(&["job", "inspect", "web"]).sim(&d).run()
    );
}

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
