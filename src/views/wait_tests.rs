use super::*;
use crate::api::deployments::DeploymentState;
use crate::api::evals::AllocationMetric;

fn target(kind: &str) -> Target {
    Target {
        job_id: "demo".into(),
        namespace: "default".into(),
        job_type: kind.into(),
        version: 2,
        modify_index: 100,
        stopping: false,
    }
}

fn alloc(id: &str, version: u64, client: &str) -> AllocationListStub {
    AllocationListStub {
        id: id.into(),
        name: format!("demo.web[{id}]"),
        task_group: "web".into(),
        job_version: version,
        desired_status: "run".into(),
        client_status: client.into(),
        ..Default::default()
    }
}

fn eval(id: &str, index: u64, status: &str) -> Evaluation {
    Evaluation {
        id: id.into(),
        create_index: index,
        status: status.into(),
        ..Default::default()
    }
}

fn failed_groups(e: &mut Evaluation) {
    let mut m = BTreeMap::new();
    m.insert("web".to_string(), AllocationMetric::default());
    e.failed_tg_allocs = Some(m);
}

fn deployment(status: &str, healthy: i64) -> Deployment {
    let mut groups = BTreeMap::new();
    groups.insert(
        "web".to_string(),
        DeploymentState {
            desired_total: 2,
            healthy_allocs: healthy,
            ..Default::default()
        },
    );
    Deployment {
        id: "d1d1d1d1-0000".into(),
        job_version: 2,
        status: status.into(),
        task_groups: Some(groups),
        create_index: 101,
        ..Default::default()
    }
}

fn outcome(t: &Target, s: &Snapshot) -> Outcome {
    assess(t, s, 8).outcome
}

#[test]
fn batch_waits_for_every_allocation_then_judges_the_leaves() {
    let t = target("batch");
    let mut s = Snapshot {
        allocs: vec![alloc("a", 2, "complete"), alloc("b", 2, "running")],
        evals: vec![eval("e1", 100, "complete")],
        ..Default::default()
    };
    assert_eq!(outcome(&t, &s), Outcome::Pending);
    s.allocs[1].client_status = "complete".into();
    let a = assess(&t, &s, 8);
    assert_eq!(a.outcome, Outcome::Done);
    assert_eq!(a.reason, "2 allocations complete");
    // A failed allocation that was replaced does not count; its failed replacement does.
    s.allocs[1].client_status = "failed".into();
    assert_eq!(outcome(&t, &s), Outcome::Failed);
    s.allocs[1].next_allocation = "c".into();
    s.allocs.push(alloc("c", 2, "complete"));
    assert_eq!(outcome(&t, &s), Outcome::Done);
    // A pending evaluation (a reschedule waiting) keeps it waiting.
    s.evals.push(eval("e2", 120, "pending"));
    assert_eq!(outcome(&t, &s), Outcome::Pending);
}

#[test]
fn older_versions_and_evaluations_do_not_count() {
    let t = target("batch");
    let s = Snapshot {
        allocs: vec![alloc("old", 1, "failed"), alloc("a", 2, "complete")],
        evals: vec![eval("old", 90, "blocked"), eval("e1", 100, "complete")],
        ..Default::default()
    };
    assert_eq!(outcome(&t, &s), Outcome::Done);
}

#[test]
fn nothing_placed_is_exit_2_but_a_partial_placement_waits() {
    let t = target("batch");
    let mut done = eval("e1", 100, "complete");
    failed_groups(&mut done);
    let mut blocked = eval("b1", 101, "blocked");
    failed_groups(&mut blocked);
    let mut s = Snapshot {
        evals: vec![done, blocked],
        ..Default::default()
    };
    let a = assess(&t, &s, 8);
    assert_eq!(a.outcome, Outcome::Unplaceable);
    assert_eq!(a.outcome.exit_code(), 2);
    assert_eq!(
        end_line(&t, &a, ""),
        "Job \"demo\" version 2 could not be placed: group \"web\" (evaluation \"b1\" waiting for capacity)"
    );
    s.allocs.push(alloc("a", 2, "running"));
    assert_eq!(outcome(&t, &s), Outcome::Pending);
}

#[test]
fn service_follows_its_deployment() {
    let t = target("service");
    let mut s = Snapshot {
        allocs: vec![alloc("a", 2, "running"), alloc("b", 2, "running")],
        evals: vec![eval("e1", 100, "complete")],
        deployments: vec![deployment("running", 1)],
    };
    let a = assess(&t, &s, 8);
    assert_eq!(a.outcome, Outcome::Pending);
    assert!(a.facts.contains(&(
        "deployment".into(),
        "Deployment \"d1d1d1d1\" running: \"web\" 1/2 healthy".into()
    )));
    s.deployments[0] = deployment("successful", 2);
    assert_eq!(outcome(&t, &s), Outcome::Done);
    let mut failed = deployment("failed", 1);
    failed.status_description =
        "Failed due to unhealthy allocations - rolling back to job version 1".into();
    s.deployments[0] = failed;
    let a = assess(&t, &s, 8);
    assert_eq!(a.outcome, Outcome::Failed);
    assert_eq!(
        end_line(&t, &a, ""),
        "Job \"demo\" version 2 failed: deployment \"d1d1d1d1\" failed: Failed due to unhealthy \
allocations - rolling back to job version 1"
    );
    // A deployment of another version is not this one's.
    s.deployments[0].job_version = 1;
    s.deployments[0].status = "successful".into();
    assert_eq!(
        outcome(&t, &s),
        Outcome::Done,
        "no deployment: the allocations run"
    );
    s.allocs[0].client_status = "pending".into();
    assert_eq!(outcome(&t, &s), Outcome::Pending);
}

#[test]
fn service_with_a_deployment_and_nothing_placed_is_exit_2() {
    let t = target("service");
    let mut blocked = eval("b1", 101, "blocked");
    failed_groups(&mut blocked);
    let s = Snapshot {
        allocs: vec![],
        evals: vec![eval("e1", 100, "complete"), blocked],
        deployments: vec![deployment("running", 0)],
    };
    assert_eq!(outcome(&t, &s), Outcome::Unplaceable);
}

#[test]
fn system_needs_every_allocation_running_and_no_failed_placement() {
    let t = target("system");
    let mut s = Snapshot {
        allocs: vec![alloc("a", 2, "running"), alloc("b", 2, "pending")],
        evals: vec![eval("e1", 100, "complete")],
        ..Default::default()
    };
    assert_eq!(outcome(&t, &s), Outcome::Pending);
    s.allocs[1].client_status = "running".into();
    let a = assess(&t, &s, 8);
    assert_eq!(
        (a.outcome, a.reason.as_str()),
        (Outcome::Done, "2 allocations running")
    );
    failed_groups(&mut s.evals[0]);
    assert_eq!(outcome(&t, &s), Outcome::Unplaceable);
}

#[test]
fn stopping_waits_for_every_client_to_stop() {
    let mut t = target("service");
    t.stopping = true;
    let mut s = Snapshot {
        allocs: vec![alloc("a", 1, "complete"), alloc("b", 2, "running")],
        evals: vec![eval("e1", 100, "complete")],
        ..Default::default()
    };
    s.allocs[1].desired_status = "stop".into();
    assert_eq!(outcome(&t, &s), Outcome::Pending);
    s.allocs[1].client_status = "complete".into();
    let a = assess(&t, &s, 8);
    assert_eq!(a.outcome, Outcome::Done);
    assert_eq!(
        end_line(&t, &a, ""),
        "Job \"demo\" stopped: 2 allocations stopped"
    );
    assert_eq!(summary(&t, &s, &a, "x")["Outcome"], "stopped");
}

#[test]
fn only_changed_facts_are_shown_again() {
    let before = vec![
        ("a".to_string(), "A1".to_string()),
        ("b".into(), "B".into()),
    ];
    let now = vec![
        ("a".to_string(), "A2".to_string()),
        ("b".into(), "B".into()),
    ];
    assert_eq!(changed(&before, &now), vec!["A2"]);
    assert_eq!(changed(&[], &now), vec!["A2", "B"]);
}

#[test]
fn counts_list_statuses_in_a_fixed_order() {
    let allocs = [
        alloc("a", 2, "failed"),
        alloc("b", 2, "running"),
        alloc("c", 2, "running"),
        alloc("d", 2, "pending"),
    ];
    assert_eq!(counts(allocs.iter()), "1 pending, 2 running, 1 failed");
    assert_eq!(counts([].iter()), "no allocations");
}

#[test]
fn timeout_line_and_summary() {
    let t = target("batch");
    let a = Assessment {
        outcome: Outcome::TimedOut,
        reason: String::new(),
        facts: vec![],
    };
    let line = end_line(&t, &a, "5s");
    assert_eq!(
        line,
        "Timed out after 5s waiting for job \"demo\" version 2"
    );
    let v = summary(&t, &Snapshot::default(), &a, &line);
    assert_eq!(v["ExitCode"], 124);
    assert_eq!(v["Outcome"], "timeout");
}
