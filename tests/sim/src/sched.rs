//! A tiny scheduler and client simulation: registering a job creates an evaluation; when it is
//! processed the sim places allocations on fitting nodes (or records placement failures and a
//! blocked eval), then the allocations start, report health and finish, each step a change of
//! state that blocking queries see.

use crate::job;
use crate::model::{
    alloc_metric, Alloc, AllocDeploymentStatus, Deployment, DeploymentState, Eval, TaskEvent,
    TaskResources, TaskState,
};
use crate::state::{is_terminal_client, Action, State};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// What `PUT /v1/jobs` answers with.
pub struct RegisterResult {
    pub eval_id: String,
    pub eval_create_index: u64,
    pub job_modify_index: u64,
}

pub(crate) fn new_eval(st: &mut State, job: &Value, triggered_by: &str) -> Eval {
    Eval {
        id: st.rng.uuid(),
        namespace: job::s(job, "Namespace").into(),
        priority: job["Priority"].as_i64().unwrap_or(50),
        kind: job::s(job, "Type").into(),
        triggered_by: triggered_by.into(),
        job_id: job::s(job, "ID").into(),
        job_modify_index: job::u(job, "JobModifyIndex"),
        status: "pending".into(),
        ..Default::default()
    }
}

/// Stores a new evaluation and schedules its processing; its ID and create index.
pub(crate) fn enqueue(st: &mut State, eval: Eval) -> (String, u64) {
    let eval_id = eval.id.clone();
    st.upsert_eval(eval);
    let create_index = st.evals[&eval_id].create_index;
    let delay = st.timing.eval_delay;
    st.schedule(delay, Action::ProcessEval(eval_id.clone()));
    (eval_id, create_index)
}

/// Registers a canonical job: new version, a `job-register` evaluation processed later.
pub fn register(st: &mut State, job: Value) -> RegisterResult {
    register_as(st, job, "job-register")
}

/// Registers a new version of a job with an evaluation triggered by `trigger`.
pub fn register_as(st: &mut State, job: Value, trigger: &str) -> RegisterResult {
    let prev = st.events.write_type.replace("JobRegistered");
    let r = register_inner(st, job, trigger);
    st.events.write_type = prev;
    r
}

fn register_inner(st: &mut State, job: Value, trigger: &str) -> RegisterResult {
    let stored = st.put_job(job);
    let job_modify_index = job::u(&stored, "JobModifyIndex");
    // Periodic and parameterized parents get no evaluation: they only launch children.
    if job::is_periodic(&stored) || job::is_parameterized(&stored) {
        let (ns, id) = (job::s(&stored, "Namespace"), job::s(&stored, "ID"));
        st.refresh_job_status(ns, id);
        return RegisterResult {
            eval_id: String::new(),
            eval_create_index: 0,
            job_modify_index,
        };
    }
    let eval = new_eval(st, &stored, trigger);
    st.same_entry();
    let (eval_id, eval_create_index) = enqueue(st, eval);
    RegisterResult {
        eval_id,
        eval_create_index,
        job_modify_index,
    }
}

/// Creates an evaluation of the job as it is (`job eval`).
pub fn evaluate(st: &mut State, namespace: &str, id: &str) -> Option<RegisterResult> {
    let job = st.job(namespace, id)?.clone();
    let eval = new_eval(st, &job, "job-eval");
    let (eval_id, eval_create_index) = enqueue(st, eval);
    Some(RegisterResult {
        eval_id,
        eval_create_index,
        job_modify_index: job::u(&job, "JobModifyIndex"),
    })
}

/// Nomad's `createNodeEvals`, when a node becomes eligible again: one `node-update`
/// evaluation for each job with an allocation on the node (sysbatch jobs excepted) and for
/// each system job of the node's pool and datacenters, created in one write. Their IDs and
/// create index (empty and 0 when there is nothing to evaluate).
pub fn node_evals(st: &mut State, node_id: &str) -> (Vec<String>, u64) {
    let Some(node) = st.nodes.get(node_id).cloned() else {
        return (Vec::new(), 0);
    };
    let mut ids = st.node_alloc_ids(node_id);
    ids.sort();
    let mut jobs: Vec<(String, String, String, i64)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for a in ids.iter().filter_map(|id| st.allocs.get(id)) {
        if !seen.insert((a.namespace.clone(), a.job_id.clone())) || a.job_type == "sysbatch" {
            continue;
        }
        let priority = st
            .job(&a.namespace, &a.job_id)
            .and_then(|j| j["Priority"].as_i64())
            .unwrap_or(50);
        jobs.push((
            a.namespace.clone(),
            a.job_id.clone(),
            a.job_type.clone(),
            priority,
        ));
    }
    let system: Vec<(String, String, i64)> = st
        .jobs
        .values()
        .map(|rec| &rec.job)
        .filter(|j| job::s(j, "Type") == "system")
        .filter(|j| job::s(j, "NodePool") == node.node_pool || job::s(j, "NodePool") == "all")
        .filter(|j| {
            j["Datacenters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .any(|dc| glob_match(dc, &node.datacenter))
        })
        .map(|j| {
            let (ns, id) = (job::s(j, "Namespace"), job::s(j, "ID"));
            (
                ns.to_string(),
                id.to_string(),
                j["Priority"].as_i64().unwrap_or(50),
            )
        })
        .collect();
    for (ns, id, priority) in system {
        if seen.insert((ns.clone(), id.clone())) {
            jobs.push((ns, id, "system".into(), priority));
        }
    }
    let mut out = Vec::new();
    let mut create_index = 0;
    for (namespace, job_id, kind, priority) in jobs {
        let eval = Eval {
            id: st.rng.uuid(),
            namespace,
            priority,
            kind,
            triggered_by: "node-update".into(),
            job_id,
            node_id: node_id.to_string(),
            node_modify_index: node.modify_index,
            status: "pending".into(),
            ..Default::default()
        };
        if !out.is_empty() {
            st.same_transaction();
        }
        let (id, idx) = enqueue(st, eval);
        out.push(id);
        create_index = idx;
    }
    (out, create_index)
}

/// Stops (or with `purge`, removes) a job: `job-deregister` evaluation that stops its allocs.
pub fn deregister(
    st: &mut State,
    namespace: &str,
    id: &str,
    purge: bool,
) -> Option<RegisterResult> {
    let prev = st.events.write_type.replace("JobDeregistered");
    let r = deregister_inner(st, namespace, id, purge);
    st.events.write_type = prev;
    r
}

fn deregister_inner(
    st: &mut State,
    namespace: &str,
    id: &str,
    purge: bool,
) -> Option<RegisterResult> {
    let job = st.job(namespace, id)?.clone();
    let mut stopped = job.clone();
    stopped["Stop"] = json!(true);
    let stored = if purge {
        st.jobs.remove(&(namespace.to_string(), id.to_string()));
        let idx = st.next_index();
        st.emit_job(idx, &stopped, "JobDeregistered");
        st.touch(crate::state::Table::Jobs);
        stopped
    } else {
        st.put_job(stopped)
    };
    let eval = new_eval(st, &stored, "job-deregister");
    st.same_entry();
    let (eval_id, eval_create_index) = enqueue(st, eval);
    Some(RegisterResult {
        eval_id,
        eval_create_index,
        job_modify_index: st.index(),
    })
}

/// Runs one due action.
pub fn run_action(st: &mut State, action: Action) {
    match action {
        Action::ProcessEval(id) => process_eval(st, &id),
        Action::StartAlloc(id) => start_alloc(st, &id),
        Action::AllocHealthy(id) => alloc_healthy(st, &id),
        Action::DrainStep(id) => crate::drain::step(st, &id),
        Action::CompleteAlloc(id) => {
            if st
                .allocs
                .get(&id)
                .is_some_and(|a| a.client_status == "running")
            {
                st.set_alloc_status(&id, "complete");
            }
        }
    }
}

fn stop_alloc(st: &mut State, id: &str, why: &str) {
    st.update_alloc(id, |a| {
        a.desired_status = "stop".into();
        a.desired_description = why.into();
    });
    if st
        .allocs
        .get(id)
        .is_some_and(|a| !is_terminal_client(&a.client_status))
    {
        st.set_alloc_status(id, "complete");
    }
}

/// Resources already claimed on a node by non-terminal allocations: (cpu, memory).
fn used_on_node(st: &State, node_id: &str) -> (i64, i64) {
    st.node_alloc_ids(node_id)
        .iter()
        .filter_map(|id| st.allocs.get(id))
        .filter(|a| !is_terminal_client(&a.client_status) && a.desired_status == "run")
        .flat_map(|a| a.tasks.values())
        .fold((0, 0), |(c, m), r| (c + r.cpu, m + r.memory_mb))
}

/// The update block's default `progress_deadline` (10m), in nanoseconds.
const PROGRESS_DEADLINE: i64 = 600_000_000_000;

fn process_eval(st: &mut State, eval_id: &str) {
    let Some(mut eval) = st.evals.get(eval_id).cloned() else {
        return;
    };
    if eval.status != "pending" {
        return;
    }
    let (ns, job_id) = (eval.namespace.clone(), eval.job_id.clone());
    let job = st.job(&ns, &job_id).cloned();
    let existing: Vec<Alloc> = st
        .job_alloc_ids(&ns, &job_id)
        .iter()
        .filter_map(|id| st.allocs.get(id).cloned())
        .filter(|a| a.desired_status == "run" && !is_terminal_client(&a.client_status))
        .collect();
    let Some(job) = job.filter(|j| !j["Stop"].as_bool().unwrap_or(false)) else {
        eval.deployment_id = latest_deployment(st, &ns, &job_id, &eval.kind);
        cancel_stopped_job_deployment(st, &eval.deployment_id);
        for a in &existing {
            stop_alloc(st, &a.id, "alloc not needed due to job update");
        }
        // As Nomad's reconciler: nothing queued in any group.
        eval.snapshot_index = st.index();
        if let Some(j) = st.job(&ns, &job_id).cloned() {
            eval.queued_allocations = job::groups(&j).into_iter().map(|g| (g.0, 0)).collect();
        }
        eval.status = "complete".into();
        st.upsert_eval(eval);
        st.refresh_job_status(&ns, &job_id);
        return;
    };
    let version = job::u(&job, "Version");
    let job_type = job::s(&job, "Type").to_string();
    // The running deployment of this version, if any: placements after a promotion join it.
    let active = st
        .job_deployments(&ns, &job_id)
        .into_iter()
        .find(|d| d.job_version == version && d.status == "running")
        .cloned();
    // Groups whose update places canaries first and waits for a promotion.
    let canary_groups: BTreeMap<String, i64> = job::groups(&job)
        .iter()
        .filter_map(|(tg, ..)| {
            let n = canary_count(&job, tg);
            let in_phase = match active.as_ref().and_then(|d| d.task_groups.get(tg)) {
                Some(ds) => ds.desired_canaries > 0 && !ds.promoted,
                None => {
                    n > 0
                        && existing
                            .iter()
                            .any(|a| &a.task_group == tg && a.job_version != version)
                }
            };
            in_phase.then(|| (tg.clone(), n))
        })
        .collect();
    // Destructive update: allocations of older versions are replaced (once canaries, if
    // any, are promoted).
    let mut keep: Vec<Alloc> = Vec::new();
    let mut updating_spec = false;
    for a in existing {
        if a.job_version == version {
            keep.push(a);
        } else {
            updating_spec = true;
            // With canaries, older allocations run on until the promotion; canaries of an
            // older, unpromoted version go at once.
            if canary_groups.contains_key(&a.task_group)
                && !a.deployment_status.as_ref().is_some_and(|d| d.canary)
            {
                continue;
            }
            stop_alloc(st, &a.id, "alloc is being updated due to job update");
        }
    }
    // Groups that have run this job version before (in any state): as Nomad's reconciler,
    // replacing their allocations (after `alloc stop`, a lost node) makes no new deployment.
    let had_running: Vec<String> = st
        .job_alloc_ids(&ns, &job_id)
        .iter()
        .filter_map(|id| st.allocs.get(id))
        .filter(|a| a.job_version == version)
        .map(|a| a.task_group.clone())
        .collect();
    let candidates = eligible_nodes(st, &job);
    let pool = job::s(&job, "NodePool").to_string();
    let mut deployment: Option<Deployment> = active;
    let mut failed: BTreeMap<String, Value> = BTreeMap::new();
    let mut queued: BTreeMap<String, i64> = BTreeMap::new();
    let mut class_eligibility: BTreeMap<String, bool> = BTreeMap::new();
    eval.snapshot_index = st.index();
    let in_pool = candidates.clone();
    for (tg, count, tasks, disk) in job::groups(&job) {
        let (candidates, constraint_filtered) = feasible(st, &job, &tg, &in_pool);
        for id in &in_pool {
            let node = &st.nodes[id];
            class_eligibility.insert(node.computed_class(), candidates.contains(id));
        }
        let group_json = job["TaskGroups"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|g| g["Name"] == tg.as_str())
            .cloned()
            .unwrap_or(Value::Null);
        let have: Vec<&Alloc> = keep.iter().filter(|a| a.task_group == tg).collect();
        // System jobs run one allocation per eligible node.
        let targets: Vec<Option<String>> = if job_type == "system" || job_type == "sysbatch" {
            candidates
                .iter()
                .filter(|n| !have.iter().any(|a| &a.node_id == *n))
                .map(|n| Some(n.clone()))
                .collect()
        } else {
            let want = canary_groups.get(&tg).copied().unwrap_or(count);
            (0..(want - have.len() as i64).max(0))
                .map(|_| None)
                .collect()
        };
        let used_names: Vec<usize> = have
            .iter()
            .filter_map(|a| a.name.rsplit_once('[')?.1.strip_suffix(']')?.parse().ok())
            .collect();
        let canary = canary_groups.contains_key(&tg);
        // A service job's update gets its deployment even when nothing can be placed (Nomad's
        // reconciler creates it before placing).
        let wants_deployment = updating_spec || !had_running.contains(&tg);
        if job_type == "service" && deployment.is_none() && wants_deployment && !targets.is_empty()
        {
            cancel_older_deployments(st, &ns, &job_id, version);
            deployment = Some(new_deployment(st, &job));
        }
        let need_cpu: i64 = tasks.iter().map(|t| t.1).sum();
        let need_mem: i64 = tasks.iter().map(|t| t.2).sum();
        let mut unplaced = 0;
        for (i, target) in targets.into_iter().enumerate() {
            let node_id = target.or_else(|| {
                // Least-loaded fitting node: spreads like Nomad's binpack+anti-affinity.
                candidates
                    .iter()
                    .filter(|n| {
                        let node = &st.nodes[*n];
                        let (c, m) = used_on_node(st, n);
                        c + need_cpu <= node.cpu_shares && m + need_mem <= node.memory_mb
                    })
                    .min_by_key(|n| (st.node_alloc_ids(n).len(), (*n).clone()))
                    .cloned()
            });
            // Without room anywhere, lower-priority allocations may be preempted.
            let fits_on = |st: &State, n: &str| {
                let node = &st.nodes[n];
                let (c, m) = used_on_node(st, n);
                c + need_cpu <= node.cpu_shares && m + need_mem <= node.memory_mb
            };
            let mut victims = Vec::new();
            let node_id = match node_id {
                Some(n) if fits_on(st, &n) => Some(n),
                other => {
                    let pool: Vec<String> = match &other {
                        Some(n) => vec![n.clone()],
                        None => candidates.clone(),
                    };
                    match crate::plan::preemption_for(st, &pool, (need_cpu, need_mem), &job) {
                        Some((n, v)) => {
                            victims = v;
                            Some(n)
                        }
                        // System jobs were placed without a fit check before; keep that.
                        None => other,
                    }
                }
            };
            let Some(node_id) = node_id else {
                unplaced += 1;
                continue;
            };
            // The lowest name index no live allocation holds: a replacement takes the name of
            // the allocation it replaces, as Nomad's reconciler names placements.
            let index_in_group = (0..)
                .filter(|n| !used_names.contains(n))
                .nth(i)
                .unwrap_or(have.len() + i);
            let node_name = st.nodes[&node_id].name.clone();
            let node_dc = st.nodes[&node_id].datacenter.clone();
            let alloc_id = st.rng.uuid();
            let (network, ports) = crate::ports::offer(st, &node_id, &alloc_id, &group_json);
            // A placement replaces the oldest allocation of the group marked for migration
            // that has no replacement yet.
            let replaces = st
                .job_alloc_ids(&ns, &job_id)
                .iter()
                .filter_map(|id| st.allocs.get(id))
                .filter(|a| {
                    a.task_group == tg
                        && a.migrate
                        && a.desired_status == "stop"
                        && a.next_allocation.is_empty()
                })
                .min_by_key(|a| a.create_index)
                .map(|a| a.id.clone())
                .unwrap_or_default();
            if !replaces.is_empty() {
                let new_id = alloc_id.clone();
                st.update_alloc(&replaces, |a| a.next_allocation = new_id);
            }
            let alloc = Alloc {
                id: alloc_id,
                previous_allocation: replaces,
                network,
                ports,
                namespace: ns.clone(),
                eval_id: eval.id.clone(),
                name: format!("{job_id}.{tg}[{index_in_group}]"),
                node_id,
                node_name,
                job_id: job_id.clone(),
                job_type: job_type.clone(),
                job_version: version,
                task_group: tg.clone(),
                desired_status: "run".into(),
                client_status: "pending".into(),
                task_states: BTreeMap::new(),
                tasks: tasks
                    .iter()
                    .map(|(n, c, m, mm)| {
                        (
                            n.clone(),
                            TaskResources {
                                cpu: *c,
                                memory_mb: *m,
                                memory_max_mb: *mm,
                            },
                        )
                    })
                    .collect(),
                disk_mb: disk,
                deployment_id: deployment
                    .as_ref()
                    .map(|d| d.id.clone())
                    .unwrap_or_default(),
                nodes_evaluated: candidates.len() as u64,
                datacenter: node_dc,
                node_pool: pool.clone(),
                deployment_status: canary.then_some(AllocDeploymentStatus {
                    healthy: None,
                    timestamp: 0,
                    canary: true,
                    modify_index: 0,
                }),
                ..Default::default()
            };
            let alloc_id = alloc.id.clone();
            st.upsert_alloc(alloc);
            for v in &victims {
                st.update_alloc(v, |a| {
                    a.desired_status = "evict".into();
                    a.desired_description = format!("Preempted by alloc ID {alloc_id}");
                });
                if st
                    .allocs
                    .get(v)
                    .is_some_and(|a| !is_terminal_client(&a.client_status))
                {
                    st.set_alloc_status(v, "complete");
                }
            }
            let delay = st.timing.alloc_start_delay;
            st.schedule(delay, Action::StartAlloc(alloc_id.clone()));
            if let Some(d) = deployment.as_mut() {
                let state = d.task_groups.entry(tg.clone()).or_default();
                state.placed_allocs += 1;
                // The first placement starts the progress deadline.
                if state.require_progress_by == 0 {
                    state.require_progress_by = st.now_ns() + PROGRESS_DEADLINE;
                }
                if canary {
                    state.placed_canaries.push(alloc_id);
                }
            }
        }
        if let Some(d) = deployment.as_mut() {
            let state = d.task_groups.entry(tg.clone()).or_default();
            state.auto_revert = job["TaskGroups"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|g| g["Name"] == tg.as_str())
                .and_then(|g| g["Update"]["AutoRevert"].as_bool())
                .unwrap_or(false);
            state.desired_total = count;
            state.progress_deadline = PROGRESS_DEADLINE;
            if let Some(n) = canary_groups.get(&tg) {
                state.desired_canaries = *n;
                state.auto_promote = auto_promote(&job, &tg);
            }
        }
        queued.insert(tg.clone(), unplaced);
        if unplaced > 0 {
            let mut metric = alloc_metric(&pool, in_pool.len() as u64);
            let mut by_dc: BTreeMap<String, i64> = BTreeMap::new();
            for id in &in_pool {
                *by_dc.entry(st.nodes[id].datacenter.clone()).or_default() += 1;
            }
            metric["NodesAvailable"] = json!(by_dc);
            if !constraint_filtered.is_empty() {
                metric["NodesFiltered"] = json!(constraint_filtered.values().sum::<i64>());
                metric["ConstraintFiltered"] = json!(constraint_filtered);
            }
            if !candidates.is_empty() {
                metric["NodesExhausted"] = json!(candidates.len());
                metric["DimensionExhausted"] = json!({"memory": candidates.len()});
                let per_task: serde_json::Map<String, Value> = tasks
                    .iter()
                    .map(|(n, _, m, _)| {
                        (
                            n.clone(),
                            crate::model::legacy_resources(0, *m * unplaced, 0),
                        )
                    })
                    .collect();
                metric["ResourcesExhausted"] = Value::Object(per_task);
            }
            metric["CoalescedFailures"] = json!(unplaced - 1);
            failed.insert(tg.clone(), metric);
        }
    }
    // The generic scheduler reports the job's latest deployment, even a finished one this
    // evaluation did not touch (`job eval`, `alloc stop`: the CLI then follows it).
    eval.deployment_id = latest_deployment(st, &ns, &job_id, &eval.kind);
    if let Some(mut d) = deployment {
        eval.deployment_id = d.id.clone();
        if d.status == "running" {
            d.status_description = running_description(&d).into();
        }
        st.upsert_deployment(d);
    }
    if let Some(rec) = st.jobs.get_mut(&(ns.clone(), job_id.clone())) {
        rec.queued = queued.clone();
    }
    eval.queued_allocations = queued;
    if !failed.is_empty() {
        let mut blocked = new_eval(st, &job, "queued-allocs");
        blocked.status = "blocked".into();
        blocked.status_description = "created to place remaining allocations".into();
        blocked.previous_eval = eval.id.clone();
        blocked.class_eligibility = class_eligibility;
        blocked.snapshot_index = eval.snapshot_index;
        eval.blocked_eval = blocked.id.clone();
        blocked.failed_tg_allocs = failed.clone();
        st.upsert_eval(blocked);
        eval.failed_tg_allocs = failed;
    }
    eval.status = "complete".into();
    st.upsert_eval(eval);
    st.refresh_job_status(&ns, &job_id);
}

/// The deployment Nomad's generic scheduler stamps on a service job's evaluation: the job's
/// latest, whatever its status (`LatestDeploymentByJobID`); none for batch and system jobs
/// and purged ones.
fn latest_deployment(st: &State, ns: &str, job_id: &str, kind: &str) -> String {
    // A purged job's evaluation names none (as `job stop -purge` on a real agent).
    if kind != "service" || st.job(ns, job_id).is_none() {
        return String::new();
    }
    st.job_deployments(ns, job_id)
        .into_iter()
        .max_by_key(|d| d.create_index)
        .map(|d| d.id.clone())
        .unwrap_or_default()
}

/// The reconciler cancels a stopped job's deployment while it is still active.
fn cancel_stopped_job_deployment(st: &mut State, id: &str) {
    let Some(mut d) = st.deployments.get(id).cloned() else {
        return;
    };
    if matches!(
        d.status.as_str(),
        "running" | "paused" | "pending" | "blocked"
    ) {
        d.status = "cancelled".into();
        d.status_description = "Cancelled because job is stopped".into();
        st.upsert_deployment(d);
    }
}

fn new_deployment(st: &mut State, job: &Value) -> Deployment {
    Deployment {
        id: st.rng.uuid(),
        namespace: job::s(job, "Namespace").into(),
        job_id: job::s(job, "ID").into(),
        job_version: job::u(job, "Version"),
        job_modify_index: job::u(job, "JobModifyIndex"),
        job_spec_modify_index: job::u(job, "JobModifyIndex"),
        job_create_index: job::u(job, "CreateIndex"),
        status: "running".into(),
        status_description: "Deployment is running".into(),
        eval_priority: job["Priority"].as_i64().unwrap_or(50),
        ..Default::default()
    }
}

/// Node IDs that may run `job`: ready, eligible, in its datacenters and pool, with every
/// driver its tasks use.
pub fn eligible_nodes(st: &State, job: &Value) -> Vec<String> {
    let dcs: Vec<&str> = job["Datacenters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let pool = job::s(job, "NodePool");
    let drivers: Vec<&str> = job["TaskGroups"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|g| g["Tasks"].as_array().into_iter().flatten())
        .filter_map(|t| t["Driver"].as_str())
        .collect();
    st.nodes
        .values()
        .filter(|n| n.status == "ready" && n.scheduling_eligibility == "eligible")
        .filter(|n| dcs.iter().any(|dc| glob_match(dc, &n.datacenter)))
        .filter(|n| pool == "all" || pool.is_empty() || n.node_pool == pool)
        .filter(|n| {
            drivers.iter().all(|d| {
                n.drivers
                    .get(*d)
                    .is_some_and(|info| info.detected && info.healthy)
            })
        })
        .map(|n| n.id.clone())
        .collect()
}

/// The constraints that apply to a group (the job's, the group's, its tasks'), each with the
/// text Nomad reports it by in `ConstraintFiltered` (`${attr.x} = yes`).
fn group_constraints(job: &Value, tg: &str) -> Vec<(String, String, String, String)> {
    let group = job["TaskGroups"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|g| g["Name"] == tg);
    let lists = std::iter::once(&job["Constraints"])
        .chain(group.map(|g| &g["Constraints"]))
        .chain(
            group
                .and_then(|g| g["Tasks"].as_array())
                .into_iter()
                .flatten()
                .map(|t| &t["Constraints"]),
        );
    lists
        .flat_map(|l| l.as_array().cloned().unwrap_or_default())
        .map(|c| {
            let l = c["LTarget"].as_str().unwrap_or("").to_string();
            let op = c["Operand"]
                .as_str()
                .filter(|o| !o.is_empty())
                .unwrap_or("=");
            let r = c["RTarget"].as_str().unwrap_or("").to_string();
            (format!("{l} {op} {r}"), l, op.to_string(), r)
        })
        .collect()
}

/// Whether a node meets a constraint. A missing attribute fails every operator but
/// `is_not_set` and `!=`, as in Nomad's feasibility checker. Operators the sim has no model
/// for (versions, regexps, sets, distinct_*) are taken as met: it has no data to judge them.
fn meets(node: &crate::model::Node, l: &str, op: &str, r: &str) -> bool {
    let lv = node.target(l);
    let rv = node.target(r);
    match op {
        "=" | "==" | "is" => lv.is_some() && lv == rv,
        "!=" | "not" => lv != rv,
        "is_set" => lv.is_some(),
        "is_not_set" => lv.is_none(),
        _ => true,
    }
}

/// Splits a group's candidate nodes into those that meet its constraints and, per
/// constraint, how many it filtered out.
fn feasible(
    st: &State,
    job: &Value,
    tg: &str,
    candidates: &[String],
) -> (Vec<String>, BTreeMap<String, i64>) {
    let constraints = group_constraints(job, tg);
    let mut ok = Vec::new();
    let mut filtered: BTreeMap<String, i64> = BTreeMap::new();
    for id in candidates {
        let node = &st.nodes[id];
        match constraints
            .iter()
            .find(|(_, l, op, r)| !meets(node, l, op, r))
        {
            Some((text, ..)) => *filtered.entry(text.clone()).or_default() += 1,
            None => ok.push(id.clone()),
        }
    }
    (ok, filtered)
}

/// Datacenter patterns: Nomad accepts globs such as `*` or `dc*`.
fn glob_match(pattern: &str, value: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == value,
        Some((pre, post)) => {
            value.len() >= pre.len() + post.len() && value.starts_with(pre) && value.ends_with(post)
        }
    }
}

fn task_events_started(now: i64) -> Vec<TaskEvent> {
    let mut received = TaskEvent::new("Received", now, "Task received by client");
    received.message.clear();
    vec![
        received,
        TaskEvent::new("Task Setup", now, "Building Task Directory"),
        TaskEvent::new("Started", now, "Task started by client"),
    ]
}

/// One more allocation of a job's group beside those it has, on the node of its newest one,
/// as a client picking up work would show it (the control API's "start an allocation later",
/// without a new job version). Its ID, or `None` when the group has no allocation to copy.
pub fn extra_alloc(st: &mut State, namespace: &str, job_id: &str, group: &str) -> Option<String> {
    let ids = st.job_alloc_ids(namespace, job_id);
    let mine: Vec<&Alloc> = ids
        .iter()
        .filter_map(|id| st.allocs.get(id))
        .filter(|a| a.task_group == group)
        .collect();
    let count = mine.len();
    let mut a = mine.into_iter().max_by_key(|a| a.create_index)?.clone();
    a.id = st.rng.uuid();
    a.name = format!("{job_id}.{group}[{count}]");
    a.desired_status = "run".into();
    a.desired_description.clear();
    a.client_status = "pending".into();
    a.client_description.clear();
    a.task_states = BTreeMap::new();
    a.create_index = 0;
    a.next_allocation.clear();
    a.previous_allocation.clear();
    a.deployment_status = None;
    let id = a.id.clone();
    st.upsert_alloc(a);
    let delay = st.timing.alloc_start_delay;
    st.schedule(delay, Action::StartAlloc(id.clone()));
    Some(id)
}

fn start_alloc(st: &mut State, id: &str) {
    let Some(a) = st.allocs.get(id) else {
        return;
    };
    if a.client_status != "pending" || a.desired_status != "run" {
        return;
    }
    let now = st.now_ns();
    let tasks: Vec<String> = a.tasks.keys().cloned().collect();
    let has_deployment = !a.deployment_id.is_empty();
    let job_type = a.job_type.clone();
    st.update_alloc(id, |a| {
        a.client_status = "running".into();
        a.client_description = "Tasks are running".into();
        for t in tasks {
            a.task_states.insert(
                t,
                TaskState {
                    state: "running".into(),
                    started_at: now,
                    events: task_events_started(now),
                    ..Default::default()
                },
            );
        }
    });
    if has_deployment {
        let d = st.timing.healthy_delay;
        st.schedule(d, Action::AllocHealthy(id.to_string()));
    }
    if job_type == "batch" || job_type == "sysbatch" {
        let d = st.timing.batch_run;
        st.schedule(d, Action::CompleteAlloc(id.to_string()));
    }
}

fn alloc_healthy(st: &mut State, id: &str) {
    let prev = st.events.write_type.replace("DeploymentAllocHealth");
    alloc_healthy_inner(st, id);
    st.events.write_type = prev;
}

fn alloc_healthy_inner(st: &mut State, id: &str) {
    let Some(a) = st.allocs.get(id).cloned() else {
        return;
    };
    if a.client_status != "running" {
        return;
    }
    // A job whose group sets meta `sim_unhealthy = "true"` never gets healthy: its deployment
    // fails, as a real one does when health checks fail.
    let unhealthy = st.job(&a.namespace, &a.job_id).is_some_and(|j| {
        j["TaskGroups"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|g| g["Name"] == a.task_group.as_str() && g["Meta"]["sim_unhealthy"] == "true")
    });
    if unhealthy {
        fail_alloc_health(st, &a);
        return;
    }
    let now = st.now_ns();
    let Some(mut d) = set_alloc_health(st, &a, true) else {
        return;
    };
    if let Some(s) = d.task_groups.get_mut(&a.task_group) {
        s.healthy_allocs += 1;
        // Each healthy allocation pushes the progress deadline out, as Nomad's state store.
        if s.progress_deadline > 0 {
            s.require_progress_by = s.require_progress_by.max(now + s.progress_deadline);
        }
    }
    let done = d.task_groups.values().all(|s: &DeploymentState| {
        s.healthy_allocs >= s.desired_total && (s.desired_canaries == 0 || s.promoted)
    });
    if done && d.status == "running" {
        d.status = "successful".into();
        d.status_description = "Deployment completed successfully".into();
        let version = d.job_version;
        st.update_job(&d.namespace, &d.job_id, |j| {
            if job::u(j, "Version") == version {
                j["Stable"] = json!(true);
            }
        });
    }
    let deployment_id = d.id.clone();
    st.upsert_deployment(d);
    maybe_auto_promote(st, &deployment_id);
}

/// Promotes a deployment by itself once every group with canaries asks for it
/// (`auto_promote`) and has all its canaries healthy.
fn maybe_auto_promote(st: &mut State, deployment_id: &str) {
    let Some(d) = st.deployments.get(deployment_id) else {
        return;
    };
    let waiting: Vec<&DeploymentState> = d
        .task_groups
        .values()
        .filter(|s| s.desired_canaries > 0)
        .collect();
    let ready = d.status == "running"
        && !waiting.is_empty()
        && waiting.iter().all(|s| {
            s.auto_promote
                && !s.promoted
                && s.placed_canaries.len() as i64 >= s.desired_canaries
                && s.placed_canaries.iter().all(|id| {
                    st.allocs.get(id).is_some_and(|a| {
                        a.deployment_status.as_ref().and_then(|x| x.healthy) == Some(true)
                    })
                })
        });
    if ready {
        let _ = promote(st, deployment_id, true, &[]);
    }
}

/// Records an allocation's health (keeping whether it is a canary); its deployment, if any.
fn set_alloc_health(st: &mut State, a: &Alloc, healthy: bool) -> Option<Deployment> {
    let now = st.now_ns();
    let next = st.index() + 1;
    let canary = a.deployment_status.as_ref().is_some_and(|d| d.canary);
    st.update_alloc(&a.id, |x| {
        x.deployment_status = Some(AllocDeploymentStatus {
            healthy: Some(healthy),
            timestamp: now,
            canary,
            modify_index: next,
        });
    });
    st.deployments.get(&a.deployment_id).cloned()
}

/// Reports an allocation unhealthy and fails its deployment.
fn fail_alloc_health(st: &mut State, a: &Alloc) {
    let Some(mut d) = set_alloc_health(st, a, false) else {
        return;
    };
    if let Some(s) = d.task_groups.get_mut(&a.task_group) {
        s.unhealthy_allocs += 1;
    }
    let mut rollback = None;
    if d.status == "running" {
        d.status = "failed".into();
        d.status_description = "Failed due to unhealthy allocations".into();
        // Auto-revert: the latest stable version before this one is registered again.
        if d.task_groups.values().any(|s| s.auto_revert) {
            let key = (d.namespace.clone(), d.job_id.clone());
            let stable = st.jobs.get(&key).and_then(|rec| {
                rec.versions
                    .iter()
                    .rev()
                    .find(|j| {
                        j["Stable"].as_bool().unwrap_or(false)
                            && job::u(j, "Version") < d.job_version
                    })
                    .cloned()
            });
            if let Some(j) = stable {
                d.status_description = format!(
                    "Failed due to unhealthy allocations - rolling back to job version {}",
                    job::u(&j, "Version")
                );
                rollback = Some(j);
            }
        }
    }
    st.upsert_deployment(d);
    if let Some(mut j) = rollback {
        j["Stable"] = json!(false);
        register_as(st, j, "rollback");
    }
}

/// `periodic force`: launches a child of a periodic job now (`<id>/periodic-<unix seconds>`).
pub fn force_periodic(st: &mut State, namespace: &str, id: &str) -> Option<RegisterResult> {
    let parent = st.job(namespace, id)?.clone();
    let mut child = parent.clone();
    let child_id = format!("{id}/periodic-{}", st.now_ns() / 1_000_000_000);
    child["ID"] = json!(child_id);
    child["Name"] = json!(child_id);
    child["ParentID"] = json!(id);
    child["Periodic"] = Value::Null;
    child["CreateIndex"] = json!(0);
    child["Version"] = json!(0);
    Some(register_as(st, child, "periodic-job"))
}

/// `PUT /v1/allocation/:id/stop`: the allocation is stopped and an `alloc-stop` evaluation of
/// its job places a replacement. Returns the evaluation's ID and create index.
pub fn stop_alloc_request(
    st: &mut State,
    alloc_id: &str,
    no_shutdown_delay: bool,
) -> Option<(String, u64)> {
    let (ns, job_id) = {
        let a = st.allocs.get(alloc_id)?;
        (a.namespace.clone(), a.job_id.clone())
    };
    let job = st.job(&ns, &job_id)?.clone();
    // Nomad marks the allocation for migration; the scheduler stops it and places its
    // replacement, linked to it (NextAllocation / PreviousAllocation).
    st.update_alloc(alloc_id, |a| {
        a.migrate = true;
        a.no_shutdown_delay = no_shutdown_delay;
    });
    stop_alloc(st, alloc_id, "alloc is being migrated");
    let eval = new_eval(st, &job, "alloc-stop");
    Some(enqueue(st, eval))
}

/// A group's `update.canary` (the group's own, else the job's).
fn canary_count(job: &Value, tg: &str) -> i64 {
    let group = job["TaskGroups"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|g| g["Name"] == tg);
    let own = group
        .and_then(|g| g["Update"]["Canary"].as_i64())
        .unwrap_or(0);
    if own > 0 {
        own
    } else {
        job["Update"]["Canary"].as_i64().unwrap_or(0)
    }
}

/// A group's `update.auto_promote` (the group's own, else the job's).
fn auto_promote(job: &Value, tg: &str) -> bool {
    let group = job["TaskGroups"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|g| g["Name"] == tg);
    group.and_then(|g| g["Update"]["AutoPromote"].as_bool()) == Some(true)
        || job["Update"]["AutoPromote"].as_bool() == Some(true)
}

/// The description of a running deployment: whether it waits for a promotion.
pub(crate) fn running_description(d: &Deployment) -> &'static str {
    let waiting: Vec<&DeploymentState> = d
        .task_groups
        .values()
        .filter(|s| s.desired_canaries > 0 && !s.promoted)
        .collect();
    if waiting.is_empty() {
        "Deployment is running"
    } else if waiting.iter().all(|s| s.auto_promote) {
        "Deployment is running pending automatic promotion"
    } else {
        "Deployment is running but requires manual promotion"
    }
}

/// `PUT /v1/deployment/promote/:id`: promotes the healthy canaries of the chosen groups (all
/// with `all`) and creates the `deployment-watcher` evaluation that replaces the old
/// allocations. Errors carry Nomad's messages.
pub fn promote(
    st: &mut State,
    deployment_id: &str,
    all: bool,
    groups: &[String],
) -> Result<RegisterResult, String> {
    let Some(mut d) = st.deployments.get(deployment_id).cloned() else {
        return Err("deployment not found".into());
    };
    if !matches!(
        d.status.as_str(),
        "running" | "paused" | "blocked" | "unblocking" | "initializing" | "pending"
    ) {
        return Err("can't promote terminal deployment".into());
    }
    let chosen = |tg: &str| all || groups.iter().any(|g| g == tg);
    let mut problems = Vec::new();
    for (tg, ds) in &d.task_groups {
        if !chosen(tg) || ds.desired_canaries == 0 {
            continue;
        }
        let healthy = ds
            .placed_canaries
            .iter()
            .filter_map(|id| st.allocs.get(id))
            .filter(|a| {
                !is_terminal_client(&a.client_status)
                    && a.desired_status == "run"
                    && a.deployment_status.as_ref().and_then(|s| s.healthy) == Some(true)
            })
            .count() as i64;
        if healthy < ds.desired_canaries {
            problems.push(format!(
                "Task group {tg:?} has {healthy}/{} healthy allocations",
                ds.desired_canaries
            ));
        }
    }
    if !problems.is_empty() {
        let n = problems.len();
        let mut msg = format!("{n} error{} occurred:\n", if n == 1 { "" } else { "s" });
        for p in &problems {
            msg.push_str(&format!("\t* {p}\n"));
        }
        msg.push('\n');
        return Err(msg);
    }
    let mut canaries = Vec::new();
    for (tg, ds) in d.task_groups.iter_mut() {
        if chosen(tg) {
            ds.promoted = true;
            canaries.extend(ds.placed_canaries.iter().cloned());
        }
    }
    if d.status == "running" {
        d.status_description = running_description(&d).into();
    }
    let prev = st.events.write_type.replace("DeploymentPromotion");
    st.upsert_deployment(d.clone());
    for id in canaries {
        st.update_alloc(&id, |a| {
            if let Some(s) = a.deployment_status.as_mut() {
                s.canary = false;
            }
        });
    }
    st.events.write_type = prev;
    let job = st
        .job(&d.namespace, &d.job_id)
        .cloned()
        .unwrap_or(Value::Null);
    let mut eval = new_eval(st, &job, "deployment-watcher");
    eval.deployment_id = d.id.clone();
    let (eval_id, eval_create_index) = enqueue(st, eval);
    Ok(RegisterResult {
        eval_id,
        eval_create_index,
        job_modify_index: job::u(&job, "JobModifyIndex"),
    })
}

/// A new version's deployment cancels the ones of older versions still under way.
fn cancel_older_deployments(st: &mut State, ns: &str, job_id: &str, version: u64) {
    let older: Vec<Deployment> = st
        .job_deployments(ns, job_id)
        .into_iter()
        .filter(|d| d.job_version < version && matches!(d.status.as_str(), "running" | "paused"))
        .cloned()
        .collect();
    for mut d in older {
        d.status = "cancelled".into();
        d.status_description = "Cancelled due to newer version of job".into();
        st.upsert_deployment(d);
    }
}
