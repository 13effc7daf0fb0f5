//! `monitor`: an agent's log lines, its flags, its failures and Ctrl-C.

use crate::common::{builder, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn monitor_streams() {
    let s = sim();
    assert_snapshot!("monitor_default", rnomad(&["monitor"]).sim(&s).run());
    assert_snapshot!(
        "monitor_debug_json",
        rnomad(&["monitor", "-log-level", "debug", "-json"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "monitor_trace_location",
        rnomad(&["monitor", "-log-level=TRACE", "-log-include-location"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "monitor_bad_level",
        rnomad(&["monitor", "-log-level", "foo"]).sim(&s).run()
    );
    assert_snapshot!("monitor_args", rnomad(&["monitor", "x"]).sim(&s).run());
    assert_snapshot!(
        "monitor_node_missing",
        rnomad(&["monitor", "-node-id", "ffff"]).sim(&s).run()
    );
    let id = s.read_state(|st| st.nodes.keys().next().cloned().expect("node"));
    let r = rnomad(&["monitor", "-node-id", &id[..6], "-server-id", "leader"])
        .sim(&s)
        .run();
    assert_snapshot!("monitor_both_targets", r);
    let acl = builder().acl(true).spawn();
    assert_snapshot!("monitor_denied", rnomad(&["monitor"]).sim(&acl).run());
}

#[test]
fn monitor_flag_error_is_prefixed() {
    let r = rnomad(&["monitor", "-foo"]).run();
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "==> flag provided but not defined: -foo\n");
    assert!(
        r.stdout
            .starts_with("    Usage: rnomad monitor [options]\n"),
        "{r}"
    );
}

#[test]
fn monitor_ctrl_c_exits_0() {
    let s = sim();
    s.faults().hang("/v1/agent/monitor");
    let live = rnomad(&["monitor"]).sim(&s).spawn();
    // Time for rnomad to start and wait on the stream (its handlers are installed by then).
    std::thread::sleep(std::time::Duration::from_millis(1000));
    assert_eq!(live.interrupt().code(), Some(0));
}
