//! `scaling policy list|info` and `job scaling-events` against the sim, with the job the
//! recordings were made with (setup/svc.nomad.hcl: a `scaling` block on group `web`).

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;

const SVC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/nomad-1.10.5/setup/svc.nomad.hcl"
);

#[test]
fn policies_and_events() {
    let s = sim();
    let run = |args: &[&str]| rnomad(args).sim(&s).run();
    assert_snapshot!("policy_list_none", run(&["scaling", "policy", "list"]));
    assert_eq!(run(&["job", "run", "-detach", SVC]).code, 0);
    assert_snapshot!("policy_list", run(&["scaling", "policy", "list"]));
    assert_snapshot!(
        "policy_list_verbose",
        run(&["scaling", "policy", "list", "-verbose"])
    );
    assert_snapshot!(
        "policy_list_json",
        run(&["scaling", "policy", "list", "-json"])
    );
    assert_snapshot!(
        "policy_list_type",
        run(&["scaling", "policy", "list", "-type", "vertical_cpu"])
    );
    assert_snapshot!(
        "policy_list_job",
        run(&["scaling", "policy", "list", "-job", "svc"])
    );
    assert_snapshot!("policy_list_arg", run(&["scaling", "policy", "list", "x"]));
    let list = run(&[
        "scaling",
        "policy",
        "list",
        "-t",
        "{{range .}}{{.ID}}{{end}}",
    ]);
    let id = list.stdout.trim().to_string();
    assert_eq!(id.len(), 36, "{list}");
    assert_snapshot!("policy_info", run(&["scaling", "policy", "info", &id[..6]]));
    assert_snapshot!(
        "policy_info_verbose",
        run(&["scaling", "policy", "info", "-verbose", &id])
    );
    assert_snapshot!(
        "policy_info_json",
        run(&["scaling", "policy", "info", "-json", &id])
    );
    assert_snapshot!(
        "policy_info_all_t",
        run(&["scaling", "policy", "info", "-t", "{{len .}}"])
    );
    assert_snapshot!("policy_info_args", run(&["scaling", "policy", "info"]));
    assert_snapshot!(
        "policy_info_short",
        run(&["scaling", "policy", "info", "a"])
    );
    assert_snapshot!(
        "policy_info_missing",
        run(&["scaling", "policy", "info", "0000"])
    );

    assert_snapshot!("events_none", run(&["job", "scaling-events", "svc"]));
    let scaled = run(&["job", "scale", "-detach", "svc", "web", "2"]);
    assert_eq!(scaled.code, 0, "{scaled}");
    let events = run(&["job", "scaling-events", "svc"]);
    assert_snapshot!("events", events);
    let verbose = run(&["job", "scaling-events", "-verbose", "svc"]);
    // The evaluation ID is the sim's; the columns around it are what is compared.
    let eval = verbose
        .stdout
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().find(|w| w.len() == 36))
        .unwrap_or_default()
        .to_string();
    assert_snapshot!(
        "events_verbose",
        verbose
            .to_string()
            .replace(&eval, &format!("{:<36}", "EVAL-ID"))
    );
    assert_snapshot!("events_missing", run(&["job", "scaling-events", "nosuch"]));
    assert_snapshot!("events_args", run(&["job", "scaling-events"]));
}

#[test]
fn denied_and_down() {
    let s = builder().acl(true).spawn();
    assert_snapshot!(
        "policy_list_denied",
        rnomad(&["scaling", "policy", "list"]).sim(&s).run()
    );
    assert_snapshot!(
        "events_denied",
        rnomad(&["job", "scaling-events", "x"]).sim(&s).run()
    );
    let dead = dead_address();
    let r = rnomad(&["scaling", "policy", "info", "-address", &dead, "abcd"])
        .dead(&dead)
        .run();
    assert_snapshot!("policy_info_down", r);
}
