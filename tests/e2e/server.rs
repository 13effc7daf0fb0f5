//! `server members`, `server join` and `server force-leave`.

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn server_members() {
    let s = sim();
    assert_snapshot!("members", rnomad(&["server", "members"]).sim(&s).run());
    let r = rnomad(&["server", "members", "-detailed"]).sim(&s).run();
    assert!(
        r.stdout.starts_with(
            "Name             Address    Port  Status  Leader  Protocol  Raft Version"
        ),
        "{r}"
    );
    let r = rnomad(&["server", "members", "-json"]).sim(&s).run();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v[0]["Tags"]["Leader"], "true");
    assert_eq!(v[1]["Tags"]["Leader"], "false");
    let r = rnomad(&["server", "members", "-t", "{{range .}}{{.Name}} {{end}}"])
        .sim(&s)
        .run();
    assert_eq!(
        r.stdout,
        "server-1.global server-2.global server-3.global \n"
    );
    assert_snapshot!(
        "members_args",
        rnomad(&["server", "members", "x"]).sim(&s).run()
    );
}

#[test]
fn server_members_leader_lookup_fails() {
    let s = sim();
    s.faults()
        .fail("/v1/status/leader", 500, "No cluster leader", None);
    assert_snapshot!(
        "members_no_leader",
        rnomad(&["server", "members"]).sim(&s).run()
    );
}

#[test]
fn server_join() {
    let s = sim();
    assert_snapshot!(
        "join_ok",
        rnomad(&["server", "join", "10.0.0.12", "10.0.0.13:4648"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "join_fail",
        rnomad(&["server", "join", "192.0.2.1"]).sim(&s).run()
    );
    assert_snapshot!("join_none", rnomad(&["server", "join"]).sim(&s).run());
    let dead = dead_address();
    let r = rnomad(&["server", "join", "-address", &dead, "10.0.0.12"])
        .dead(&dead)
        .run();
    assert_snapshot!("join_down", r);
}

#[test]
fn server_force_leave() {
    let s = sim();
    let r = rnomad(&["server", "force-leave", "-prune", "server-2.global"])
        .sim(&s)
        .run();
    assert_snapshot!("force_leave_ok", r);
    let r = rnomad(&["server", "members"]).sim(&s).run();
    assert!(r.stdout.contains("left"), "{r}");
    assert_snapshot!(
        "force_leave_args",
        rnomad(&["server", "force-leave"]).sim(&s).run()
    );
    let acl = builder().acl(true).spawn();
    let r = rnomad(&["server", "force-leave", "s1"]).sim(&acl).run();
    assert_snapshot!("force_leave_denied", r);
}
