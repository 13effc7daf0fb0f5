//! `node drain` and `node eligibility`: toggling, the confirmation prompt, the drain monitor
//! following a drain to its end, and the failures.

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;

/// The ID of a node that runs allocations, and how many are live there.
fn busy_node(s: &nomad_sim::Sim) -> String {
    s.read_state(|st| {
        st.nodes
            .keys()
            .max_by_key(|id| {
                st.node_alloc_ids(id)
                    .iter()
                    .filter(|a| {
                        st.allocs
                            .get(*a)
                            .is_some_and(|a| a.client_status == "running")
                    })
                    .count()
            })
            .cloned()
            .expect("a node")
    })
}

#[test]
fn drain_enable_with_monitor_to_completion() {
    // Slow drain steps, so the monitor sees every one even on a busy machine.
    let s = builder()
        .timing(nomad_sim::Timing {
            alloc_start_delay: std::time::Duration::from_millis(500),
            ..Default::default()
        })
        .spawn();
    let id = busy_node(&s);
    let r = rnomad(&["node", "drain", "-enable", "-yes", "-m", "maintenance", &id])
        .sim(&s)
        .redact(&id, "NODE")
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("Ctrl-C to stop monitoring"), "{r}");
    assert!(r.stdout.contains("marked for migration"), "{r}");
    assert!(r.stdout.contains("draining"), "{r}");
    assert!(r.stdout.contains("Drain complete for node NODE"), "{r}");
    // The two watches race for the last line; both endings are Nomad's.
    let mut lines: Vec<&str> = r.stdout.lines().collect();
    lines.sort();
    let alloc_lines = lines.iter().filter(|l| l.contains("Alloc \"")).count();
    assert!(alloc_lines >= 3, "{r}");
    assert!(
        r.stdout
            .contains("All allocations on node \"NODE\" have stopped"),
        "{r}"
    );
    // The drain is over: the node is ineligible and no longer draining, with its last drain.
    let r = rnomad(&["node", "status", "-t", "{{.Drain}} {{.SchedulingEligibility}} {{.LastDrain.Status}} {{index .LastDrain.Meta \"message\"}}", &id])
        .sim(&s)
        .run();
    assert_eq!(r.stdout, "false ineligible complete maintenance\n", "{r}");
    // Eligible again.
    let r = rnomad(&["node", "eligibility", "-enable", &id])
        .sim(&s)
        .redact(&id, "NODE")
        .run();
    assert_snapshot!("eligibility_enable", r);
    let r = rnomad(&["node", "status", "-t", "{{.SchedulingEligibility}}", &id])
        .sim(&s)
        .run();
    assert_eq!(r.stdout, "eligible\n");
}

#[test]
fn drain_detach_monitor_and_disable() {
    let s = sim();
    let id = busy_node(&s);
    let r = rnomad(&[
        "node",
        "drain",
        "-enable",
        "-detach",
        "-deadline",
        "10m",
        &id,
    ])
    .sim(&s)
    .redact(&id, "NODE")
    .run();
    assert_snapshot!("drain_detach", r);
    let r = rnomad(&["node", "drain", "-monitor", &id])
        .sim(&s)
        .redact(&id, "NODE")
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout.starts_with(
            "2023-11-14T22:13:20Z: Monitoring node \"NODE\": Ctrl-C to detach monitoring\n"
        ),
        "{r}"
    );
    assert!(r.stdout.contains("Drain complete for node NODE"), "{r}");
    // No drain any more.
    let r = rnomad(&["node", "drain", "-monitor", &id])
        .sim(&s)
        .redact(&id, "NODE")
        .run();
    assert_snapshot!("drain_monitor_none", r);
    let r = rnomad(&["node", "drain", "-disable", "-yes", "-keep-ineligible", &id])
        .sim(&s)
        .redact(&id, "NODE")
        .run();
    assert_snapshot!("drain_disable", r);
}

#[test]
fn drain_prompt_from_a_pipe() {
    let s = sim();
    let id = busy_node(&s);
    let prefix = &id[..8];
    for (name, input) in [
        ("prompt_no", "n\n"),
        ("prompt_empty", "\n"),
        ("prompt_yes_word", "yes\n"),
        ("prompt_other", "maybe\n"),
        ("prompt_eof", ""),
    ] {
        let r = rnomad(&["node", "drain", "-enable", "-detach", prefix])
            .sim(&s)
            .stdin(input)
            .redact(&id, "NODE")
            .run();
        assert_snapshot!(name, r);
    }
    let r = rnomad(&["node", "drain", "-enable", "-detach", prefix])
        .sim(&s)
        .stdin("y\n")
        .redact(&id, "NODE")
        .run();
    assert_snapshot!("prompt_y", r);
}

#[test]
fn drain_prefix_matching_several_nodes() {
    let s = sim();
    // A second node whose ID shares the first node's first eight characters.
    let prefix = s.with_state(|st| {
        let mut n = st.nodes.values().next().cloned().expect("a node");
        let prefix = n.id[..8].to_string();
        n.id = format!("{prefix}-0000-4000-8000-000000000000");
        n.name = "twin".into();
        st.upsert_node(n);
        prefix
    });
    let r = rnomad(&["node", "drain", "-enable", "-yes", &prefix])
        .sim(&s)
        .run();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("Prefix matched multiple nodes\n\nID "),
        "{r}"
    );
    let r = rnomad(&["node", "eligibility", "-disable", &prefix])
        .sim(&s)
        .run();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("Prefix matched multiple nodes\n\nID "),
        "{r}"
    );
}

#[test]
fn drain_flag_errors() {
    let s = sim();
    let cases: &[(&str, &[&str])] = &[
        ("drain_err_monitor_enable", &["-monitor", "-enable", "ab"]),
        ("drain_err_neither", &["ab"]),
        ("drain_err_no_node", &["-enable"]),
        (
            "drain_err_disable_deadline",
            &["-disable", "-deadline", "1m", "ab"],
        ),
        (
            "drain_err_deadline_force",
            &["-enable", "-deadline", "1m", "-force", "ab"],
        ),
        (
            "drain_err_force_nodeadline",
            &["-enable", "-force", "-no-deadline", "ab"],
        ),
        (
            "drain_err_bad_deadline",
            &["-enable", "-deadline", "soon", "ab"],
        ),
        ("drain_err_negative", &["-enable", "-deadline", "-5m", "ab"]),
        ("drain_err_one_char", &["-enable", "a"]),
        ("drain_err_not_found", &["-enable", "ffffffff"]),
    ];
    for (name, args) in cases {
        let mut argv = vec!["node", "drain"];
        argv.extend_from_slice(args);
        assert_snapshot!(*name, rnomad(&argv).sim(&s).run());
    }
    let dead = dead_address();
    let r = rnomad(&["node", "drain", "-enable", "-address", &dead, "abcd"])
        .dead(&dead)
        .run();
    assert_snapshot!("drain_err_down", r);
}

#[test]
fn eligibility_toggling_and_errors() {
    let s = sim();
    let id = busy_node(&s);
    let r = rnomad(&["node", "eligibility", "-disable", &id[..6]])
        .sim(&s)
        .redact(&id, "NODE")
        .run();
    assert_snapshot!("eligibility_disable", r);
    let r = rnomad(&["node", "status", "-t", "{{.SchedulingEligibility}}", &id])
        .sim(&s)
        .run();
    assert_eq!(r.stdout, "ineligible\n");
    for (name, args) in [
        ("elig_err_neither", &["ab"][..]),
        ("elig_err_both", &["-enable", "-disable", "ab"][..]),
        ("elig_err_no_node", &["-enable"][..]),
        ("elig_err_not_found", &["-enable", "ffffffff"][..]),
    ] {
        let mut argv = vec!["node", "eligibility"];
        argv.extend_from_slice(args);
        assert_snapshot!(name, rnomad(&argv).sim(&s).run());
    }
    // Eligible while draining is refused by the server.
    rnomad(&[
        "node",
        "drain",
        "-enable",
        "-detach",
        "-yes",
        "-deadline",
        "1h",
        &id,
    ])
    .sim(&s)
    .run();
    let r = rnomad(&["node", "eligibility", "-enable", &id])
        .sim(&s)
        .redact(&id, "NODE")
        .run();
    assert_eq!(r.code, 1, "{r}");
    let acl = builder().acl(true).spawn();
    let r = rnomad(&["node", "eligibility", "-enable", "abcd"])
        .sim(&acl)
        .run();
    assert_snapshot!("elig_err_denied", r);
}

#[test]
fn node_drain_alias() {
    let s = sim();
    let id = busy_node(&s);
    let r = rnomad(&["node-drain", "-enable", "-detach", &id])
        .sim(&s)
        .redact(&id, "NODE")
        .run();
    assert_eq!(r.stdout, "Node \"NODE\" drain strategy set\n", "{r}");
}

#[test]
fn drain_hits_its_deadline() {
    let s = sim();
    let id = busy_node(&s);
    let r = rnomad(&[
        "node",
        "drain",
        "-enable",
        "-yes",
        "-deadline",
        "100ms",
        &id,
    ])
    .sim(&s)
    .redact(&id, "NODE")
    .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("Drain complete for node NODE"), "{r}");
    assert!(r.stdout.contains("status running -> complete"), "{r}");
    let r = rnomad(&["node", "status", "-t", "{{.LastDrain.Status}}", &id])
        .sim(&s)
        .run();
    assert_eq!(r.stdout, "complete\n", "{r}");
}
