//! `job promote` and `deployment promote`: canaries promoted, the rollout finished, and the
//! failures.

use crate::common::{builder, dead_address, register_job, rnomad, sim, wait_for, Sim};
use insta::assert_snapshot;
use serde_json::{json, Value};

fn canary_job(image: &str) -> Value {
    json!({"ID": "canary", "Type": "service",
           "TaskGroups": [{"Name": "web", "Count": 2, "Update": {"Canary": 1},
               "Tasks": [{"Name": "web", "Driver": "docker", "Config": {"image": image},
                          "Resources": {"CPU": 100, "MemoryMB": 64}}]}]})
}

/// The running deployment of version 1 of job `canary` with its canary placed; `healthy`
/// waits until the canary reports healthy too. Returns the deployment ID.
pub(crate) fn canary_deployment(s: &Sim, healthy: bool) -> String {
    register_job(s, canary_job("nginx:1"));
    wait_for(s, "first deployment", |st| {
        st.deployments
            .values()
            .any(|d| d.job_id == "canary" && d.status == "successful")
    });
    register_job(s, canary_job("nginx:2"));
    let find = |st: &nomad_sim::State| {
        st.deployments
            .values()
            .find(|d| d.job_id == "canary" && d.job_version == 1)
            .cloned()
    };
    wait_for(s, "canary placed", |st| {
        find(st).is_some_and(|d| {
            d.task_groups["web"].placed_canaries.iter().all(|id| {
                st.allocs.get(id).is_some_and(|a| {
                    !healthy || a.deployment_status.as_ref().and_then(|x| x.healthy) == Some(true)
                })
            }) && !d.task_groups["web"].placed_canaries.is_empty()
        })
    });
    s.read_state(|st| find(st).map(|d| d.id).unwrap_or_default())
}

#[test]
fn promote_finishes_the_rollout() {
    let s = sim();
    canary_deployment(&s, true);
    assert_snapshot!(
        "promote_status_before",
        rnomad(&["job", "status", "canary"]).sim(&s).run()
    );
    let r = rnomad(&["job", "promote", "canary"]).sim(&s).run();
    assert_snapshot!("promote_monitor", r);
    // Old allocations were replaced: two of version 1 run, the canary no longer marked.
    let (running_new, canaries) = s.read_state(|st| {
        let allocs: Vec<_> = st
            .allocs
            .values()
            .filter(|a| a.job_id == "canary" && a.desired_status == "run")
            .collect();
        (
            allocs.iter().filter(|a| a.job_version == 1).count(),
            allocs
                .iter()
                .filter(|a| a.deployment_status.as_ref().is_some_and(|d| d.canary))
                .count(),
        )
    });
    assert_eq!((running_new, canaries), (2, 0));
    // The deployment is over: promoting again is Nomad's terminal error.
    assert_snapshot!(
        "promote_terminal",
        rnomad(&["job", "promote", "canary"]).sim(&s).run()
    );
}

#[test]
fn promote_detach_group_and_unhealthy() {
    let s = sim();
    canary_deployment(&s, false);
    // The canary is placed but not yet healthy: Nomad's multi-error.
    let early = rnomad(&["job", "promote", "-group", "web", "canary"])
        .sim(&s)
        .run();
    // It may have become healthy meanwhile on a slow machine; only check when refused.
    if early.code == 1 {
        assert_snapshot!("promote_unhealthy", early);
    }
    wait_for(&s, "canary healthy", |st| {
        st.allocs.values().any(|a| {
            a.deployment_status
                .as_ref()
                .is_some_and(|d| d.canary && d.healthy == Some(true))
        }) || st
            .deployments
            .values()
            .any(|d| d.job_id == "canary" && d.job_version == 1 && d.status != "running")
    });
    let r = rnomad(&["job", "promote", "-detach", "-group", "web", "canary"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.starts_with("Evaluation ID: "), "{r}");
    assert_eq!(r.stdout.trim().len(), "Evaluation ID: ".len() + 36, "{r}");
}

#[test]
fn deployment_promote() {
    let s = sim();
    let id = canary_deployment(&s, true);
    let r = rnomad(&["deployment", "promote", "-detach", &id[..8]])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.starts_with("Evaluation ID: "), "{r}");
    wait_for(&s, "rollout done", |st| {
        st.deployments[&id].status == "successful"
    });
    assert_snapshot!(
        "deployment_promote_terminal",
        rnomad(&["deployment", "promote", &id])
            .sim(&s)
            .redact(&id, "DEPLOYMENT")
            .run()
    );
    assert_snapshot!(
        "deployment_promote_one_char",
        rnomad(&["deployment", "promote", "a"]).sim(&s).run()
    );
    assert_snapshot!(
        "deployment_promote_no_match",
        rnomad(&["deployment", "promote", "ffff"]).sim(&s).run()
    );
    assert_snapshot!(
        "deployment_promote_not_found_full_id",
        rnomad(&[
            "deployment",
            "promote",
            "00000000-0000-0000-0000-000000000000"
        ])
        .sim(&s)
        .run()
    );
    assert_snapshot!(
        "deployment_promote_no_args",
        rnomad(&["deployment", "promote"]).sim(&s).run()
    );
}

#[test]
fn promote_failures() {
    let s = sim();
    // A parameterized job has no deployment.
    assert_snapshot!(
        "promote_no_deployment",
        rnomad(&["job", "promote", "queue"]).sim(&s).run()
    );
    assert_snapshot!(
        "promote_not_found",
        rnomad(&["job", "promote", "nosuch"]).sim(&s).run()
    );
    assert_snapshot!(
        "promote_ambiguous",
        rnomad(&["job", "promote", "w"]).sim(&s).run()
    );
    assert_snapshot!("promote_no_args", rnomad(&["job", "promote"]).sim(&s).run());
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "promote_denied",
        rnomad(&["job", "promote", "web"]).sim(&acl).run()
    );
    assert_snapshot!(
        "deployment_promote_denied",
        rnomad(&["deployment", "promote", "abcd"]).sim(&acl).run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "promote_server_down",
        rnomad(&["job", "promote", "web"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
}
