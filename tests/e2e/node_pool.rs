//! `node pool list` and `node pool info`.

use crate::common::{rnomad, sim};
use insta::assert_snapshot;

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
