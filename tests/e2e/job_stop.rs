//! `job stop` / `stop`: exact IDs, prefixes confirmed (or not) from a pipe, -yes, -detach,
//! -purge, several jobs, and the failures.

use crate::common::{builder, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn exact_id_monitors() {
    let s = sim();
    assert_snapshot!("exact", rnomad(&["job", "stop", "web"]).sim(&s).run());
    let status = s.read_state(|st| st.job("default", "web").map(|j| j["Stop"].clone()));
    assert_eq!(status, Some(serde_json::json!(true)));
}

#[test]
fn prefix_prompt_answers() {
    let s = sim();
    assert_snapshot!(
        "prompt_no",
        rnomad(&["job", "stop", "we"]).sim(&s).stdin("n\n").run()
    );
    assert_snapshot!(
        "prompt_yes_word",
        rnomad(&["job", "stop", "we"]).sim(&s).stdin("yes\n").run()
    );
    assert_snapshot!(
        "prompt_capital",
        rnomad(&["job", "stop", "we"]).sim(&s).stdin("Y\n").run()
    );
    assert_snapshot!(
        "prompt_eof",
        rnomad(&["job", "stop", "we"]).sim(&s).stdin("").run()
    );
    assert_snapshot!(
        "prompt_y",
        rnomad(&["stop", "we"]).sim(&s).stdin("y\n").run()
    );
}

#[test]
fn yes_detach_purge() {
    let s = sim();
    let r = rnomad(&["job", "stop", "-yes", "-detach", "-purge", "we"])
        .sim(&s)
        .run();
    assert_snapshot!("detach_purge", r);
    assert!(s.read_state(|st| st.job("default", "web").is_none()));
}

#[test]
fn failures() {
    let s = sim();
    assert_snapshot!("no_args", rnomad(&["job", "stop"]).sim(&s).run());
    assert_snapshot!(
        "not_found",
        rnomad(&["job", "stop", "nosuch"]).sim(&s).run()
    );
    assert_snapshot!("ambiguous", rnomad(&["job", "stop", "s"]).sim(&s).run());
    let d = builder().acl(true).token("ro", "read").spawn();
    assert_snapshot!(
        "permission_denied",
        rnomad(&["job", "stop", "web"])
            .sim(&d)
            .env("NOMAD_TOKEN", "ro")
            .run()
    );
}
