//! `node config`: the client's server list, read and replaced.

use crate::common::{dead_address, rnomad, sim};
use insta::assert_snapshot;

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
