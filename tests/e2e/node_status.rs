//! `node status`: list flags, one node, -self, -json/-t, and the failures.

use crate::common::{builder, rnomad, sim};
use insta::assert_snapshot;

fn first_node_id(s: &nomad_sim::Sim) -> String {
    let r = rnomad(&["node", "status", "-quiet"]).sim(s).run();
    r.stdout.lines().next().expect("a node").to_string()
}

#[test]
fn list_forms() {
    let s = sim();
    assert_snapshot!("list", rnomad(&["node", "status"]).sim(&s).run());
    assert_snapshot!(
        "list_verbose_os_allocs",
        rnomad(&["node", "status", "-verbose", "-os", "-allocs"])
            .sim(&s)
            .run()
    );
    assert_snapshot!("quiet", rnomad(&["node", "status", "-quiet"]).sim(&s).run());
}

#[test]
fn list_filter_and_pages() {
    let s = sim();
    let r = rnomad(&["node", "status", "-filter", "Datacenter == \"dc2\""])
        .sim(&s)
        .run();
    assert_snapshot!("filter", r);
    let r = rnomad(&["node", "status", "-per-page", "2"]).sim(&s).run();
    assert_snapshot!("paginated", r);
    let r = rnomad(&["node", "status", "-filter", "=="]).sim(&s).run();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("Error querying node status: Unexpected response code: 400"),
        "{r}"
    );
}

#[test]
fn list_json_and_template() {
    let s = sim();
    let r = rnomad(&["node", "status", "-json"]).sim(&s).run();
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let first = v[0].as_object().unwrap();
    let keys: Vec<&String> = first.keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "keys sorted");
    assert!(first.contains_key("LastDrain"), "Go zero values filled in");
    let r = rnomad(&["node", "status", "-t", "{{range .}}{{.Name}},{{end}}"])
        .sim(&s)
        .run();
    assert_eq!(r.stdout, "client-003,client-002,client-001,\n");
    let r = rnomad(&["node", "status", "-quiet", "-json"]).sim(&s).run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "-quiet cannot be used with -verbose or -json\n")
    );
}

#[test]
fn no_nodes() {
    let s = builder().nodes(0).jobs(0).spawn();
    let r = rnomad(&["node", "status"]).sim(&s).run();
    assert_eq!((r.code, r.stdout.as_str()), (0, "No nodes registered\n"));
    let r = rnomad(&["node", "status", "-json"]).sim(&s).run();
    assert_eq!(r.code, 0);
}

#[test]
fn single_node() {
    let s = sim();
    let id = first_node_id(&s);
    assert_snapshot!(
        "single",
        rnomad(&["node", "status", &id[..6]]).sim(&s).run()
    );
    assert_snapshot!(
        "single_verbose_stats",
        rnomad(&["node", "status", "-verbose", "-stats", &id])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "single_short",
        rnomad(&["node", "status", "-short", &id]).sim(&s).run()
    );
}

#[test]
fn self_node() {
    let s = sim();
    let r = rnomad(&["node", "status", "-self", "-short"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.starts_with("ID              = "), "{r}");
}

#[test]
fn single_json() {
    let s = sim();
    let id = first_node_id(&s);
    let r = rnomad(&["node", "status", "-json", &id]).sim(&s).run();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["ID"], id.as_str());
    assert_eq!(r.stderr, "");
}

#[test]
fn failures() {
    let s = sim();
    assert_snapshot!("one_char", rnomad(&["node", "status", "a"]).sim(&s).run());
    assert_snapshot!(
        "not_found",
        rnomad(&["node", "status", "ffff"]).sim(&s).run()
    );
    assert_snapshot!(
        "too_many",
        rnomad(&["node", "status", "a", "b"]).sim(&s).run()
    );
    // Prefix sanitising: an odd number of characters loses its last one.
    let r = rnomad(&["node", "status", "fffff"]).sim(&s).run();
    assert_eq!(r.stderr, "No node(s) with prefix \"ffff\" found\n");
}

#[test]
fn ambiguous_prefix() {
    let s = builder().nodes(120).jobs(0).spawn();
    // 120 random IDs share some two-character prefix.
    let r = rnomad(&["node", "status", "-quiet"]).sim(&s).run();
    let mut prefixes: Vec<&str> = r.stdout.lines().map(|l| &l[..2]).collect();
    prefixes.sort();
    let dup = prefixes
        .windows(2)
        .find(|w| w[0] == w[1])
        .expect("a shared prefix")[0]
        .to_string();
    let r = rnomad(&["node", "status", &dup]).sim(&s).run();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("Prefix matched multiple nodes\n\nID        DC   Name"),
        "{r}"
    );
}

#[test]
fn permission_denied() {
    let s = builder().acl(true).spawn();
    let r = rnomad(&["node", "status"]).sim(&s).run();
    assert_snapshot!("permission_denied", r);
}
