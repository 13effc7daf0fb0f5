//! `deployment pause`, `resume`, `fail` and `unblock` against nomad-sim: the status changes,
//! the evaluation followed or printed, and the failures (texts as recorded from Nomad in
//! fixtures/nomad-1.10.5/cli/depl/).

use crate::common::{builder, dead_address, rnomad, sim, wait_for};
use crate::job_promote::canary_deployment;
use insta::assert_snapshot;

fn status(s: &nomad_sim::Sim, id: &str) -> String {
    s.read_state(|st| st.deployments[id].status.clone())
}

#[test]
fn pause_resume_and_fail() {
    let s = sim();
    let id = canary_deployment(&s, false);
    let short = &id[..8];
    assert_snapshot!(
        "pause",
        rnomad(&["deployment", "pause", short])
            .sim(&s)
            .redact(&id, "DEPLOYMENT")
            .run()
    );
    assert_eq!(status(&s, &id), "paused");
    // Pausing a paused deployment says the same again, as Nomad.
    let again = rnomad(&["deployment", "pause", &id]).sim(&s).run();
    assert_eq!(again.code, 0, "{again}");
    assert_eq!(again.stdout, format!("Deployment \"{id}\" paused\n"));
    let r = rnomad(&["deployment", "resume", "-detach", short])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    let mut lines = r.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(format!("Deployment \"{id}\" resumed").as_str())
    );
    let eval = lines
        .next()
        .and_then(|l| l.strip_prefix("Evaluation ID: "))
        .unwrap_or("");
    assert!(
        s.read_state(|st| st
            .evals
            .get(eval)
            .is_some_and(|e| e.deployment_id == id && e.triggered_by == "deployment-watcher")),
        "{r}"
    );
    assert_eq!(status(&s, &id), "running");
    // Without -detach the evaluation is followed, then the deployment: it fails, so exit 1.
    let r = rnomad(&["deployment", "fail", short]).sim(&s).run();
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stdout
            .starts_with(&format!("Deployment \"{id}\" failed\n\n==> ")),
        "{r}"
    );
    assert!(
        r.stdout
            .contains("Status      = failed\nDescription = Deployment marked as failed\n"),
        "{r}"
    );
    assert_eq!(status(&s, &id), "failed");
    for (name, verb) in [
        ("fail_terminal", "fail"),
        ("pause_terminal", "pause"),
        ("resume_terminal", "resume"),
        ("unblock_terminal", "unblock"),
    ] {
        assert_snapshot!(
            name,
            rnomad(&["deployment", verb, short])
                .sim(&s)
                .redact(&id, "DEPLOYMENT")
                .run()
        );
    }
}

#[test]
fn fail_detach_and_unblock() {
    let s = sim();
    let id = canary_deployment(&s, false);
    let r = rnomad(&["deployment", "unblock", &id[..6]])
        .sim(&s)
        .redact(&id, "DEPLOYMENT")
        .run();
    // A deployment that is not blocked: Nomad's open-source server answers without an
    // evaluation.
    assert_snapshot!("unblock_not_blocked", r);
    let r = rnomad(&["deployment", "fail", "-detach", "-verbose", &id])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout
            .starts_with(&format!("Deployment \"{id}\" failed\nEvaluation ID: ")),
        "{r}"
    );
    wait_for(&s, "deployment failed", |st| {
        st.deployments[&id].status == "failed"
    });
}

#[test]
fn fail_auto_reverts() {
    use serde_json::json;
    let s = sim();
    let job = |image: &str| {
        json!({"ID": "rev", "Type": "service",
           "TaskGroups": [{"Name": "web", "Count": 1,
               "Update": {"Canary": 1, "AutoRevert": true},
               "Tasks": [{"Name": "web", "Driver": "docker", "Config": {"image": image},
                          "Resources": {"CPU": 100, "MemoryMB": 64}}]}]})
    };
    crate::common::register_job(&s, job("nginx:1"));
    wait_for(&s, "first deployment", |st| {
        st.deployments
            .values()
            .any(|d| d.job_id == "rev" && d.status == "successful")
    });
    crate::common::register_job(&s, job("nginx:2"));
    wait_for(&s, "second deployment", |st| {
        st.deployments
            .values()
            .any(|d| d.job_id == "rev" && d.job_version == 1 && d.status == "running")
    });
    let id = s.read_state(|st| {
        st.deployments
            .values()
            .find(|d| d.job_id == "rev" && d.job_version == 1)
            .map(|d| d.id.clone())
            .unwrap_or_default()
    });
    let r = rnomad(&["deployment", "fail", "-detach", &id])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout.starts_with(&format!(
            "Deployment \"{id}\" failed. Auto-reverted to job version 0.\nEvaluation ID: "
        )),
        "{r}"
    );
}

#[test]
fn lookup_failures() {
    let s = sim();
    for (name, args) in [
        ("no_args", vec!["deployment", "fail"]),
        ("two_args", vec!["deployment", "pause", "a", "b"]),
        ("one_char", vec!["deployment", "resume", "a"]),
        ("no_match", vec!["deployment", "unblock", "0000"]),
        (
            "not_found_full_id",
            vec!["deployment", "fail", "00000000-0000-0000-0000-000000000000"],
        ),
    ] {
        assert_snapshot!(name, rnomad(&args).sim(&s).run());
    }
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "denied",
        rnomad(&["deployment", "pause", "abcd"]).sim(&acl).run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "server_down",
        rnomad(&["deployment", "fail", "abcd"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
}
