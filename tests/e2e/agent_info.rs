//! `agent-info`: the agent's statistics as a table, `-json` and `-t`.

use crate::common::{builder, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn agent_info() {
    let s = sim();
    assert_snapshot!("agent_info", rnomad(&["agent-info"]).sim(&s).run());
    let r = rnomad(&["agent-info", "-json"]).sim(&s).run();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert!(v["config"]["Ports"]["HTTP"].is_number());
    assert!(
        r.stdout.contains("\"HTTP\": 4646.0"),
        "numbers in untyped maps print as Go floats"
    );
    let r = rnomad(&["agent-info", "-t", "{{.Stats.nomad.leader}}"])
        .sim(&s)
        .run();
    assert_eq!(r.stdout, "true\n");
    let r = rnomad(&["agent-info", "-json", "-t", "x"]).sim(&s).run();
    assert_eq!(
        r.stderr,
        "Error formatting output: Both json and template formatting are not allowed\n"
    );
    assert_snapshot!(
        "agent_info_args",
        rnomad(&["agent-info", "extra"]).sim(&s).run()
    );
    let denied = builder().acl(true).spawn();
    assert_snapshot!(
        "agent_info_denied",
        rnomad(&["agent-info"]).sim(&denied).run()
    );
}
