//! `alloc restart`, `alloc signal` and `alloc checks`.

use crate::common::{builder, declare_check, rnomad, running_alloc_where, sim};
use insta::assert_snapshot;

#[test]
fn restart_and_signal() {
    let s = sim();
    let (id, task) = running_alloc_where(&s, |a| a.job_type == "service");
    let short = &id[..8];
    let r = rnomad(&["alloc", "restart", short]).sim(&s).run();
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    let restarts = s.read_state(|st| st.allocs[&id].task_states[&task].restarts);
    assert_eq!(restarts, 1);
    let r = rnomad(&["alloc", "restart", "-task", &task, short])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    let r = rnomad(&["alloc", "signal", "-s", "SIGHUP", short, &task])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    // Both show in the task's events.
    let r = rnomad(&["alloc", "status", short]).sim(&s).run();
    assert!(r.stdout.contains("Total Restarts = 2"), "{r}");
    assert!(
        r.stdout
            .contains("Signaling         Task being sent signal SIGHUP"),
        "{r}"
    );
    let cases: &[(&str, Vec<&str>)] = &[
        ("restart_no_args", vec!["alloc", "restart"]),
        (
            "restart_task_and_all",
            vec!["alloc", "restart", "-all-tasks", short, &task],
        ),
        (
            "restart_unknown_task",
            vec!["alloc", "restart", short, "nosuch"],
        ),
        ("restart_one_char", vec!["alloc", "restart", "a"]),
        ("restart_not_found", vec!["alloc", "restart", "000000"]),
        ("signal_three_args", vec!["alloc", "signal", "a", "b", "c"]),
        (
            "signal_unknown_task",
            vec!["alloc", "signal", "-task", "nosuch", short],
        ),
    ];
    for (name, args) in cases {
        let r = rnomad(args).sim(&s).run();
        assert_eq!(r.code, 1, "{name}: {r}");
        assert_snapshot!(format!("fail_{name}"), r);
    }
    // The client refuses a finished allocation.
    s.with_state(|st| st.set_alloc_status(&id, "complete"));
    let r = rnomad(&["alloc", "restart", short]).sim(&s).run();
    assert_snapshot!("restart_finished", r.to_string().replace(&id, "<alloc>"));
    let r = rnomad(&["alloc", "signal", short]).sim(&s).run();
    assert_snapshot!("signal_finished", r.to_string().replace(&id, "<alloc>"));
    let denied = builder().acl(true).spawn();
    let r = rnomad(&["alloc", "restart", "abcd"]).sim(&denied).run();
    assert_snapshot!("restart_permission_denied", r);
}

#[test]
fn checks() {
    let s = sim();
    let (id, _) = running_alloc_where(&s, |a| a.job_type == "service");
    let short = &id[..8];
    let none = rnomad(&["alloc", "checks", short]).sim(&s).run();
    assert!(none.stdout.contains("0 Nomad Service Checks"), "{none}");
    declare_check(&s, &id);
    assert_snapshot!("checks", rnomad(&["alloc", "checks", short]).sim(&s).run());
    let r = rnomad(&["alloc", "checks", "-json", short]).sim(&s).run();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let checks = v.as_object().expect("checks by ID");
    assert_eq!(checks.len(), 1, "{v}");
    assert!(checks.values().all(|c| c["Status"] == "success"), "{v}");
    assert_snapshot!("checks_no_args", rnomad(&["alloc", "checks"]).sim(&s).run());
    assert_snapshot!(
        "checks_two_args",
        rnomad(&["alloc", "checks", "a", "b"]).sim(&s).run()
    );
}

/// Stopping a running allocation of a service job places a replacement through the
/// evaluation, within no new deployment (the job version ran before), as Nomad's reconciler;
/// the evaluation still carries the job's latest deployment, which the monitor follows.
#[test]
fn stop_places_a_replacement_without_a_deployment() {
    let s = sim();
    let (stopped, _) = running_alloc_where(&s, |a| a.job_type == "service");
    let job = s.read_state(|st| st.allocs[&stopped].job_id.clone());
    let live = || {
        s.read_state(|st| {
            st.job_alloc_ids("default", &job)
                .into_iter()
                .filter(|id| st.allocs[id].desired_status == "run")
                .collect::<Vec<_>>()
        })
    };
    let deployments = || s.read_state(|st| st.job_deployments("default", &job).len());
    let (before, live_before) = (deployments(), live());
    let r = rnomad(&["alloc", "stop", &stopped]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let after = live();
    assert_eq!(after.len(), live_before.len(), "the group's count is kept");
    let new: Vec<_> = after
        .iter()
        .filter(|id| !live_before.contains(id))
        .collect();
    assert_eq!(new.len(), 1, "one replacement");
    let name = |id: &str| s.read_state(|st| st.allocs[id].name.clone());
    assert_eq!(
        name(new[0]),
        name(&stopped),
        "it takes the stopped one's name"
    );
    let created = format!("Allocation \"{}\" created", &new[0][..8]);
    assert!(r.stdout.contains(&created), "{r}");
    // No new deployment; as on a real agent, the evaluation names the job's latest one (a
    // finished one here) and the monitor follows it.
    assert_eq!(deployments(), before);
    let latest = s.read_state(|st| {
        st.job_deployments("default", &job)
            .into_iter()
            .max_by_key(|d| d.create_index)
            .map(|d| d.id[..8].to_string())
    });
    if let Some(d) = latest {
        assert!(
            r.stdout
                .contains(&format!("Evaluation within deployment: \"{d}\"")),
            "{r}"
        );
        assert!(
            r.stdout.contains(&format!("Monitoring deployment \"{d}\"")),
            "{r}"
        );
    }
}

#[test]
fn stop_monitors_the_evaluation() {
    let s = sim();
    let (id, _) = running_alloc_where(&s, |a| a.job_type == "service");
    let r = rnomad(&["alloc", "stop", &id[..8]]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let eval = s.read_state(|st| {
        st.evals
            .values()
            .find(|e| e.triggered_by == "alloc-stop")
            .map(|e| e.id.clone())
            .expect("an alloc-stop evaluation")
    });
    assert_snapshot!("stop", r.to_string().replace(&eval[..8], "<eval>"));
    let desired = s.read_state(|st| st.allocs[&id].desired_status.clone());
    assert_eq!(desired, "stop");
    // -detach prints the evaluation's full ID only.
    let (other, _) = s.read_state(|st| {
        st.allocs
            .values()
            .find(|a| a.client_status == "running" && a.namespace == "default" && a.id != id)
            .map(|a| (a.id.clone(), ()))
            .expect("another allocation")
    });
    let r = rnomad(&["alloc", "stop", "-detach", &other]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout.trim().len(), 36, "{r}");
    let cases: &[(&str, Vec<&str>)] = &[
        ("stop_no_args", vec!["alloc", "stop"]),
        ("stop_two_args", vec!["alloc", "stop", "a", "b"]),
        ("stop_one_char", vec!["alloc", "stop", "a"]),
        ("stop_not_found", vec!["alloc", "stop", "000000"]),
    ];
    for (name, args) in cases {
        let r = rnomad(args).sim(&s).run();
        assert_eq!(r.code, 1, "{name}: {r}");
        assert_snapshot!(format!("fail_{name}"), r);
    }
}
