//! `status`: finding what an ID or prefix names (job, node, allocation, …) and showing it.

use crate::common::{dead_address, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn status_routes_to_job_and_node() {
    let s = sim();
    let direct = rnomad(&["job", "status", "-verbose", "web"]).sim(&s).run();
    let routed = rnomad(&["status", "-verbose", "web"]).sim(&s).run();
    assert_eq!(routed.code, 0, "{routed}");
    assert_eq!(routed.stdout, direct.stdout);
    let node = rnomad(&["node", "status", "-quiet"]).sim(&s).run();
    let id = node.stdout.lines().next().unwrap().to_string();
    let routed = rnomad(&["status", &id]).sim(&s).run();
    assert!(
        routed
            .stdout
            .starts_with(&format!("ID              = {id}\n")),
        "{routed}"
    );
    // No identifier: the job list.
    let list = rnomad(&["status"]).sim(&s).run();
    assert_eq!(list.stdout, rnomad(&["job", "status"]).sim(&s).run().stdout);
}

#[test]
fn status_failures() {
    let s = sim();
    assert_snapshot!(
        "status_unresolved",
        rnomad(&["status", "zzzz"]).sim(&s).run()
    );
    assert_snapshot!("status_multiple", rnomad(&["status", "s"]).sim(&s).run());
    let dead = dead_address();
    let r = rnomad(&["status", "-address", &dead, "x"])
        .dead(&dead)
        .run();
    assert_snapshot!("status_server_down", r);
}
