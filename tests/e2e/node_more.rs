//! `node meta read/apply`, `node config`, `node pool list/info`.

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

#[test]
fn config_servers() {
    let s = sim();
    assert_snapshot!(
        "config_servers",
        rnomad(&["node", "config", "-servers"]).sim(&s).run()
    );
    let r = rnomad(&[
        "node",
        "config",
        "-update-servers",
        "10.1.0.1:4647",
        "10.1.0.2",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("config_update", r);
    let r = rnomad(&["node", "config", "-servers"]).sim(&s).run();
    assert_eq!(r.stdout, "10.1.0.1:4647\n10.1.0.2\n", "{r}");
    assert_snapshot!("config_none", rnomad(&["node", "config"]).sim(&s).run());
    assert_snapshot!(
        "config_update_empty",
        rnomad(&["node", "config", "-update-servers"]).sim(&s).run()
    );
    let dead = dead_address();
    let r = rnomad(&["node", "config", "-servers", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("config_down", r);
}

#[test]
fn pools() {
    let s = sim();
    s.with_state(|st| {
        st.add_node_pool("dev-1", "Pool dev-1");
        st.add_node_pool("dev-2", "");
    });
    assert_snapshot!("pool_list", rnomad(&["node", "pool", "list"]).sim(&s).run());
    assert_snapshot!(
        "pool_list_json",
        rnomad(&["node", "pool", "list", "-json"]).sim(&s).run()
    );
    assert_snapshot!(
        "pool_list_page",
        rnomad(&["node", "pool", "list", "-per-page", "2"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "pool_list_arg",
        rnomad(&["node", "pool", "list", "x"]).sim(&s).run()
    );
    assert_snapshot!(
        "pool_info",
        rnomad(&["node", "pool", "info", "dev-1"]).sim(&s).run()
    );
    assert_snapshot!(
        "pool_info_t",
        rnomad(&["node", "pool", "info", "-t", "{{.Description}}", "def"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "pool_info_ambiguous",
        rnomad(&["node", "pool", "info", "dev"]).sim(&s).run()
    );
    assert_snapshot!(
        "pool_info_missing",
        rnomad(&["node", "pool", "info", "nope"]).sim(&s).run()
    );
    assert_snapshot!(
        "pool_info_args",
        rnomad(&["node", "pool", "info"]).sim(&s).run()
    );
}
