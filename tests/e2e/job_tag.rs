//! `job tag apply` and `job tag unset` against nomad-sim (texts as recorded from Nomad in
//! fixtures/nomad-1.10.5/cli/depl/job-tag-*).

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;

fn tag_of(s: &nomad_sim::Sim, job: &str) -> serde_json::Value {
    s.read_state(|st| {
        st.jobs
            .iter()
            .find(|((_, id), _)| id == job)
            .map(|(_, r)| r.job["VersionTag"].clone())
            .unwrap_or_default()
    })
}

#[test]
fn apply_and_unset() {
    let s = sim();
    assert_snapshot!(
        "apply",
        rnomad(&[
            "job",
            "tag",
            "apply",
            "-name",
            "prod",
            "-description",
            "good",
            "web"
        ])
        .sim(&s)
        .run()
    );
    let tag = tag_of(&s, "web");
    assert_eq!(
        (tag["Name"].as_str(), tag["Description"].as_str()),
        (Some("prod"), Some("good"))
    );
    // A prefix finds the job (Nomad itself then fails: a listed difference); tagging the
    // same version again with the same name is allowed.
    let r = rnomad(&[
        "job", "tag", "apply", "-name", "prod", "-version", "0", "we",
    ])
    .sim(&s)
    .run();
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "Job version 0 tagged with name \"prod\"\n"),
        "{r}"
    );
    assert_snapshot!(
        "apply_missing_version",
        rnomad(&["job", "tag", "apply", "-name", "x", "-version", "99", "web"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "unset_prefix",
        rnomad(&["job", "tag", "unset", "-name", "prod", "we"])
            .sim(&s)
            .run()
    );
    assert!(tag_of(&s, "web").is_null());
    assert_snapshot!(
        "unset_missing",
        rnomad(&["job", "tag", "unset", "-name", "prod", "web"])
            .sim(&s)
            .run()
    );
}

#[test]
fn bad_input_and_failures() {
    let s = sim();
    for (name, args) in [
        ("apply_no_name", vec!["job", "tag", "apply", "web"]),
        ("apply_no_args", vec!["job", "tag", "apply", "-name", "x"]),
        (
            "apply_bad_version",
            vec!["job", "tag", "apply", "-name", "x", "-version", "-1", "web"],
        ),
        (
            "apply_not_found",
            vec!["job", "tag", "apply", "-name", "x", "nosuch"],
        ),
        (
            "apply_ambiguous",
            vec!["job", "tag", "apply", "-name", "x", "w"],
        ),
        ("unset_no_name", vec!["job", "tag", "unset", "web"]),
        (
            "unset_not_found",
            vec!["job", "tag", "unset", "-name", "x", "nosuch"],
        ),
    ] {
        assert_snapshot!(name, rnomad(&args).sim(&s).run());
    }
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "denied",
        rnomad(&["job", "tag", "apply", "-name", "x", "web"])
            .sim(&acl)
            .run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "server_down",
        rnomad(&["job", "tag", "unset", "-name", "x", "web"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
}
