//! `operator metrics`, `operator root keyring` and `operator gossip keyring` against the sim
//! (their outputs were compared with Nomad v1.10.5's against a server agent with gossip
//! encryption; INDEX.md "Metrics and keyrings").

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn metrics() {
    let s = sim();
    // The agent's JSON as sent, then a newline.
    let r = rnomad(&["operator", "metrics"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.starts_with("{\"Counters\":[{\"Count\":"), "{r}");
    assert!(
        r.stdout
            .ends_with("\"Timestamp\":\"2023-11-14 22:13:20 +0000 UTC\"}\n"),
        "{r}"
    );
    assert_snapshot!(
        "metrics_json",
        rnomad(&["operator", "metrics", "-json"]).sim(&s).run()
    );
    let t = "{{range .Samples}}{{.Name}} {{.Count}} {{.Mean}} {{.Stddev}}{{end}}";
    assert_snapshot!(
        "metrics_template",
        rnomad(&["operator", "metrics", "-t", t]).sim(&s).run()
    );
    // -pretty asks the agent to indent (its text ends with a newline of its own).
    let r = rnomad(&["operator", "metrics", "-pretty"]).sim(&s).run();
    assert!(r.stdout.starts_with("{\n    \"Counters\": [\n"), "{r}");
    assert!(r.stdout.ends_with("}\n\n"), "{r}");
    assert_snapshot!(
        "metrics_prometheus",
        rnomad(&["operator", "metrics", "-format", "prometheus"])
            .sim(&s)
            .run()
    );
}

#[test]
fn metrics_failures() {
    let s = sim();
    let r = rnomad(&["operator", "metrics", "extra"]).sim(&s).run();
    assert_snapshot!("metrics_args", r);
    let r = rnomad(&["operator", "metrics", "-json", "-t", "{{.}}"])
        .sim(&s)
        .run();
    assert_snapshot!("metrics_json_and_template", r);
    let r = rnomad(&["operator", "metrics", "-bogus"]).sim(&s).run();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.ends_with(
            "flag provided but not defined: -bogus\n\
             Error parsing flags: flag provided but not defined: -bogus\n"
        ),
        "{r}"
    );
    let dead = dead_address();
    let r = rnomad(&["operator", "metrics", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("metrics_down", r);
    let r = rnomad(&["operator", "metrics", "-json", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("metrics_json_down", r);
}

#[test]
fn root_keyring() {
    let s = sim();
    assert_snapshot!(
        "root_list",
        rnomad(&["operator", "root", "keyring", "list"])
            .sim(&s)
            .run()
    );
    let r = rnomad(&["operator", "root", "keyring", "rotate", "-now"])
        .sim(&s)
        .run();
    assert_snapshot!("root_rotate_now", r);
    let r = rnomad(&[
        "operator",
        "root",
        "keyring",
        "rotate",
        "-prepublish",
        "1h",
        "-verbose",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("root_rotate_prepublish", r);
    assert_snapshot!(
        "root_list_verbose",
        rnomad(&["operator", "root", "keyring", "list", "-verbose"])
            .sim(&s)
            .run()
    );
    // The first key is inactive now: it can go; the active one cannot.
    let first = s
        .with_state(|st| st.keyrings.root_key("first"))
        .expect("a first key");
    let r = rnomad(&["operator", "root", "keyring", "remove", &first])
        .sim(&s)
        .run();
    assert_eq!(
        (r.code, r.stdout.clone()),
        (0, format!("Removed encryption key {first}\n")),
        "{r}"
    );
    let active = s
        .with_state(|st| st.keyrings.root_key("active"))
        .expect("an active key");
    let r = rnomad(&["operator", "root", "keyring", "remove", &active])
        .sim(&s)
        .run();
    assert_snapshot!("root_remove_active", r);
    let r = rnomad(&["operator", "root", "keyring", "remove", "-force", "nosuch"])
        .sim(&s)
        .run();
    assert_snapshot!("root_remove_unknown", r);
    let r = rnomad(&["operator", "root", "keyring", "rotate", "-full", "-now"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    let r = rnomad(&["operator", "root", "keyring", "list"])
        .sim(&s)
        .run();
    assert!(r.stdout.contains("  rekeying  "), "{r}");
}

#[test]
fn root_keyring_failures() {
    let s = sim();
    for (name, args) in [
        ("root_rotate_neither", &["rotate"][..]),
        ("root_rotate_both", &["rotate", "-now", "-prepublish", "1h"]),
        (
            "root_rotate_bad_duration",
            &["rotate", "-prepublish", "abc"],
        ),
        ("root_list_args", &["list", "x"]),
        ("root_remove_no_id", &["remove"]),
    ] {
        let mut a = vec!["operator", "root", "keyring"];
        a.extend_from_slice(args);
        let r = rnomad(&a).sim(&s).run();
        if name == "root_rotate_bad_duration" {
            // The usage goes to stdout; the error line is Go's.
            assert_eq!(r.code, 1, "{r}");
            assert_eq!(
                r.stderr,
                "invalid value \"abc\" for flag -prepublish: parse error\n"
            );
            continue;
        }
        assert_snapshot!(name, r);
    }
    let acl = builder().acl(true).spawn();
    let r = rnomad(&["operator", "root", "keyring", "list"])
        .sim(&acl)
        .run();
    assert_snapshot!("root_list_denied", r);
    let r = rnomad(&["operator", "root", "keyring", "rotate", "-now"])
        .sim(&acl)
        .run();
    assert_snapshot!("root_rotate_denied", r);
    let dead = dead_address();
    let r = rnomad(&["operator", "root", "keyring", "list", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("root_list_down", r);
}

#[test]
fn gossip_keyring() {
    let s = sim();
    let first = s
        .with_state(|st| st.keyrings.first_gossip_key())
        .expect("a key");
    let r = rnomad(&["operator", "gossip", "keyring", "list"])
        .sim(&s)
        .run();
    assert_eq!(
        (r.code, r.stdout.clone()),
        (
            0,
            format!("Gathering installed encryption keys...\nKey\n{first}\n")
        ),
        "{r}"
    );
    let new = "rePZwfUnJIR/La+aUQrA5RLWgT2p4LxsudJG3HOBkqc=";
    let r = rnomad(&["operator", "gossip", "keyring", "install", new])
        .sim(&s)
        .run();
    assert_snapshot!("gossip_install", r);
    let r = rnomad(&["operator", "gossip", "keyring", "use", new])
        .sim(&s)
        .run();
    assert_snapshot!("gossip_use", r);
    let r = rnomad(&["operator", "gossip", "keyring", "remove", new])
        .sim(&s)
        .run();
    assert_snapshot!("gossip_remove_primary", r);
    let r = rnomad(&["operator", "gossip", "keyring", "remove", &first])
        .sim(&s)
        .run();
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "Removing gossip encryption key...\n"),
        "{r}"
    );
    let r = rnomad(&["operator", "gossip", "keyring", "list"])
        .sim(&s)
        .run();
    assert_snapshot!("gossip_list_after", r);
}

#[test]
fn gossip_keyring_failures() {
    let s = sim();
    let r = rnomad(&["operator", "gossip", "keyring", "install", "notakey"])
        .sim(&s)
        .run();
    assert_snapshot!("gossip_install_bad", r);
    let r = rnomad(&["operator", "gossip", "keyring", "install"])
        .sim(&s)
        .run();
    assert_snapshot!("gossip_install_no_key", r);
    let r = rnomad(&["operator", "gossip", "keyring", "use", "a", "b"])
        .sim(&s)
        .run();
    assert_snapshot!("gossip_use_two_keys", r);
    let r = rnomad(&["operator", "gossip", "keyring", "list", "extra"])
        .sim(&s)
        .run();
    assert_snapshot!("gossip_list_args", r);
    let acl = builder().acl(true).spawn();
    let r = rnomad(&["operator", "gossip", "keyring", "list"])
        .sim(&acl)
        .run();
    assert_snapshot!("gossip_list_denied", r);
    let dead = dead_address();
    let r = rnomad(&["operator", "gossip", "keyring", "list", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("gossip_list_down", r);
}
