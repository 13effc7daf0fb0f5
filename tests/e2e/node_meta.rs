//! `node meta read` and `node meta apply`.

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;

fn first_node(s: &nomad_sim::Sim) -> String {
    s.read_state(|st| st.nodes.keys().next().cloned().expect("a node"))
}

#[test]
fn meta_apply_then_read() {
    let s = sim();
    let id = first_node(&s);
    let r = rnomad(&[
        "node",
        "meta",
        "apply",
        "-node-id",
        &id[..6],
        "rack=r1",
        "empty",
        "team=ops",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("meta_apply", r);
    let r = rnomad(&["node", "meta", "apply", "-unset", "team,,", "zone=z"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    let r = rnomad(&["node", "meta", "read", "-node-id", &id])
        .sim(&s)
        .run();
    assert_snapshot!("meta_read", r);
    let r = rnomad(&["node", "meta", "read", "-json"]).sim(&s).run();
    assert_snapshot!("meta_read_json", r);
    let r = rnomad(&["node", "meta", "read", "-t", "{{.Dynamic.rack}}"])
        .sim(&s)
        .run();
    assert_eq!(r.stdout, "r1\n", "{r}");
    // The node itself carries the merged metadata.
    let r = rnomad(&["node", "status", "-t", "{{index .Meta \"rack\"}}", &id])
        .sim(&s)
        .run();
    assert_eq!(r.stdout, "r1\n", "{r}");
}

#[test]
fn meta_errors() {
    let s = sim();
    let r = rnomad(&["node", "meta", "apply"]).sim(&s).run();
    assert_snapshot!("meta_apply_nothing", r);
    let r = rnomad(&["node", "meta", "read", "-node-id", "a"])
        .sim(&s)
        .run();
    assert_snapshot!("meta_read_one_char", r);
    let r = rnomad(&["node", "meta", "read", "-node-id", "ffff"])
        .sim(&s)
        .run();
    assert_snapshot!("meta_read_not_found", r);
    let dead = dead_address();
    let r = rnomad(&["node", "meta", "read", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("meta_read_down", r);
    let acl = builder().acl(true).spawn();
    let r = rnomad(&["node", "meta", "apply", "a=b"]).sim(&acl).run();
    assert_snapshot!("meta_apply_denied", r);
}
