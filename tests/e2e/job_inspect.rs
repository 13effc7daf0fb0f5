//! `job inspect`: the job as JSON, versions, `-json`/`-t`, `-hcl` (the submitted source, with
//! `-with-vars`), and the failures.

use crate::common::{builder, rnomad, sim, temp_dir, VARS_JOB};
use insta::assert_snapshot;
use serde_json::json;

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
fn inspect_hcl_shows_the_submission() {
    let s = sim();
    let dir = temp_dir();
    let path = dir.join("src.nomad.hcl");
    std::fs::write(&path, VARS_JOB).expect("write");
    let p = path.to_string_lossy().into_owned();
    let run = rnomad(&["job", "run", "-detach", "-var", "image=redis:8", &p])
        .sim(&s)
        .run();
    assert_eq!(run.code, 0, "{run}");
    assert_snapshot!(
        "inspect_hcl",
        rnomad(&["job", "inspect", "-hcl", "src"]).sim(&s).run()
    );
    assert_snapshot!(
        "inspect_hcl_with_vars",
        rnomad(&[
            "job",
            "inspect",
            "-hcl",
            "-with-vars",
            "-version",
            "0",
            "src"
        ])
        .sim(&s)
        .run()
    );
    // Generated jobs were registered without a source.
    assert_snapshot!(
        "inspect_hcl_no_submission",
        rnomad(&["job", "inspect", "-hcl", "web"]).sim(&s).run()
    );
    assert_snapshot!(
        "inspect_hcl_no_such_version",
        rnomad(&["job", "inspect", "-hcl", "-version", "7", "src"])
            .sim(&s)
            .run()
    );
    // A revert keeps the source of the version it goes back to.
    let again = rnomad(&["job", "run", "-detach", "-var", "image=redis:9", &p])
        .sim(&s)
        .run();
    assert_eq!(again.code, 0, "{again}");
    let revert = rnomad(&["job", "revert", "-detach", "src", "0"])
        .sim(&s)
        .run();
    assert_eq!(revert.code, 0, "{revert}");
    let sub = s.read_state(|st| {
        st.submissions
            .get(&("default".to_string(), "src".to_string(), 2))
            .cloned()
    });
    assert_eq!(
        sub.map(|v| v["VariableFlags"]["image"].clone()),
        Some(json!("redis:8"))
    );
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "inspect_hcl_denied",
        rnomad(&["job", "inspect", "-hcl", "web"]).sim(&acl).run()
    );
}
