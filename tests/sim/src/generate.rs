//! Seeded generation of a realistic cluster: nodes across datacenters and pools, jobs of every
//! type (with periodic and dispatched children), allocations in assorted states, evaluations
//! and deployments. Same seed → same cluster, byte for byte under a frozen clock.

use crate::job;
use crate::model::{
    Alloc, AllocDeploymentStatus, Deployment, DeploymentState, DriverInfo, Eval, Node, NodeEvent,
    TaskEvent, TaskResources, TaskState,
};
use crate::state::{Clock, State};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const SECOND: i64 = 1_000_000_000;
const NAMES: &[&str] = &[
    "web", "api", "cache", "worker", "db", "frontend", "backend", "auth", "search", "queue",
    "metrics", "logs", "proxy", "gateway", "billing", "mailer", "reports", "indexer",
];
const PRIORITIES: [i64; 5] = [50, 50, 50, 70, 30];
const TEAMS: [&str; 3] = ["core", "edge", "data"];
const IMAGES: &[&str] = &[
    "nginx:1.27",
    "redis:7",
    "postgres:16",
    "busybox:1.36",
    "hashicorp/http-echo",
];

/// Runs `f` with the clock pinned at `t`, so generated objects carry past timestamps.
fn at<R>(st: &mut State, t: i64, f: impl FnOnce(&mut State) -> R) -> R {
    let saved = st.clock;
    st.clock = Clock::Frozen(t);
    let r = f(st);
    st.clock = saved;
    r
}

thread_local! {
    static CANDIDATES: std::cell::RefCell<std::collections::HashMap<String, Vec<String>>> =
        Default::default();
}

pub fn generate(st: &mut State, jobs: usize, nodes: usize, allocs_per_job: usize) {
    CANDIDATES.with(|c| c.borrow_mut().clear());
    let now = st.now_ns();
    if jobs > 2 {
        st.add_namespace("prod", "Production workloads");
    }
    if nodes > 1 {
        st.add_node_pool("gpu", "Nodes with GPUs");
    }
    let start = now - 7 * 24 * 3600 * SECOND;
    for i in 0..nodes {
        let node = gen_node(st, i, nodes, start);
        at(st, start, |st| st.upsert_node(node));
    }
    for i in 0..jobs {
        gen_job(st, i, jobs, allocs_per_job, now);
    }
    CANDIDATES.with(|c| c.borrow_mut().clear());
}

fn gen_node(st: &mut State, i: usize, total: usize, t: i64) -> Node {
    let rng = &mut st.rng;
    let id = rng.uuid();
    let pool = if total > 1 && i % 5 == 4 {
        "gpu"
    } else {
        "default"
    };
    let status = if total > 3 && i % 17 == 16 {
        "down"
    } else {
        "ready"
    };
    let drain = total > 3 && i % 23 == 22;
    let cores: u16 = [4u16, 8, 16][rng.below(3) as usize];
    let ip = format!("10.0.{}.{}", i / 250, i % 250 + 10);
    let mut attributes: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in [
        ("os.name", "ubuntu"),
        ("os.version", "22.04"),
        ("kernel.name", "linux"),
        ("kernel.version", "5.15.0-105-generic"),
        ("cpu.arch", "amd64"),
        (
            "cpu.modelname",
            "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz",
        ),
        ("nomad.version", "1.10.5"),
        ("nomad.revision", "a3b7c4d2e1f0"),
        ("driver.docker", "1"),
        ("driver.docker.version", "27.3.1"),
        ("driver.exec", "1"),
        ("driver.raw_exec", "1"),
        ("unique.storage.volume", "/dev/nvme0n1p1"),
    ] {
        attributes.insert(k.into(), v.into());
    }
    attributes.insert("cpu.numcores".into(), cores.to_string());
    attributes.insert("unique.hostname".into(), format!("client-{:03}", i + 1));
    attributes.insert("unique.network.ip-address".into(), ip.clone());
    attributes.insert(
        "memory.totalbytes".into(),
        ((cores as u64 * 4) << 30).to_string(),
    );
    let mut drivers = BTreeMap::new();
    for d in ["docker", "exec", "raw_exec"] {
        drivers.insert(
            d.to_string(),
            DriverInfo {
                detected: true,
                healthy: true,
                health_description: "Healthy".into(),
                update_time: t,
                attributes: BTreeMap::new(),
            },
        );
    }
    drivers.insert(
        "java".into(),
        DriverInfo {
            detected: false,
            healthy: false,
            health_description: String::new(),
            update_time: t,
            attributes: BTreeMap::new(),
        },
    );
    Node {
        id,
        name: format!("client-{:03}", i + 1),
        datacenter: format!("dc{}", i % 3 + 1),
        node_pool: pool.into(),
        node_class: if pool == "gpu" { "gpu" } else { "" }.into(),
        http_addr: format!("{ip}:4646"),
        status: status.into(),
        status_description: String::new(),
        drain,
        scheduling_eligibility: if drain { "ineligible" } else { "eligible" }.into(),
        attributes,
        meta: BTreeMap::from([(
            "connect.sidecar_image".into(),
            "envoyproxy/envoy:v1.29".into(),
        )]),
        cpu_shares: cores as i64 * 2500,
        cores,
        memory_mb: cores as i64 * 4096,
        disk_mb: 100_000,
        drivers,
        events: vec![NodeEvent {
            message: "Node registered".into(),
            subsystem: "Cluster".into(),
            timestamp: t,
            create_index: 0,
        }],
        status_updated_at: t / SECOND,
        create_index: 0,
        modify_index: 0,
    }
}

fn job_name(i: usize) -> String {
    let base = NAMES[i % NAMES.len()];
    if i < NAMES.len() {
        base.to_string()
    } else {
        format!("{base}-{i}")
    }
}

/// The api.Job body a user might have submitted for generated job number `i`.
fn api_job(st: &mut State, i: usize, total: usize, kind: &str, count: usize) -> Value {
    let id = job_name(i);
    let namespace = if total > 2 && i % 7 == 6 {
        "prod"
    } else {
        "default"
    };
    let image = *st.rng.pick(IMAGES);
    let job_type = match kind {
        "service" | "system" => kind,
        _ => "batch",
    };
    let mut v = json!({
        "ID": id, "Name": id, "Namespace": namespace, "Type": job_type,
        "Datacenters": if i % 4 == 3 { json!(["dc1", "dc2"]) } else { json!(["*"]) },
        "Priority": PRIORITIES[i % 5],
        "TaskGroups": [{
            "Name": id, "Count": count,
            "Tasks": [{"Name": id, "Driver": "docker", "Config": {"image": image},
                       "Resources": {"CPU": 100, "MemoryMB": 128}}],
        }],
    });
    if kind == "periodic" {
        v["Periodic"] = json!({"Enabled": true, "Spec": "*/15 * * * *", "SpecType": "cron",
                               "ProhibitOverlap": true, "TimeZone": "UTC"});
    }
    if kind == "parameterized" {
        v["ParameterizedJob"] =
            json!({"Payload": "optional", "MetaRequired": ["input"], "MetaOptional": null});
    }
    if kind == "service" {
        v["Meta"] = json!({"team": TEAMS[i % 3]});
    }
    v
}

fn gen_job(st: &mut State, i: usize, total: usize, per_job: usize, now: i64) {
    let kind = match i % 10 {
        0..=4 => "service",
        5 | 6 => "batch",
        7 => "system",
        8 => "periodic",
        _ => "parameterized",
    };
    // The group's count is the number of allocations placed, so the scheduler sees the job as
    // satisfied; periodic and parameterized children run one allocation each.
    let count = match kind {
        "service" | "batch" => per_job.max(1),
        _ => 1,
    };
    let api = api_job(st, i, total, kind, count);
    let Ok(mut job) = job::canonicalize(&api) else {
        return;
    };
    let t = now - (total as i64 - i as i64) * 60 * SECOND - 3600 * SECOND;
    job["Stop"] = json!(false);
    let stored = at(st, t, |st| st.put_job(job.clone()));
    // Deployments record the instance of the job they belong to.
    job["CreateIndex"] = stored["CreateIndex"].clone();
    let (ns, id) = (
        job::s(&job, "Namespace").to_string(),
        job::s(&job, "ID").to_string(),
    );
    if kind == "periodic" || kind == "parameterized" {
        for c in 0..2 {
            let ct = t + (c + 1) * 900 * SECOND;
            let mut child = job.clone();
            let child_id = if kind == "periodic" {
                child["Periodic"] = Value::Null;
                format!("{id}/periodic-{}", ct / SECOND)
            } else {
                child["Dispatched"] = json!(true);
                child["Meta"] = json!({"input": format!("batch-{c}")});
                format!(
                    "{id}/dispatch-{}-{:08x}",
                    ct / SECOND,
                    st.rng.next_u64() as u32
                )
            };
            child["ID"] = json!(child_id);
            child["Name"] = json!(child_id);
            child["ParentID"] = json!(id);
            at(st, ct, |st| st.put_job(child.clone()));
            let finished = c == 0 || kind == "periodic";
            place_generated(
                st,
                &child,
                per_job.min(1),
                ct,
                if finished { "complete" } else { "running" },
            );
        }
        at(st, t, |st| st.refresh_job_status(&ns, &id));
        return;
    }
    let status = match kind {
        "batch" => "complete",
        _ => "running",
    };
    place_generated(st, &job, per_job, t, status);
}

/// Places `count` allocations of `job` directly (no scheduler), with an evaluation and, for
/// service jobs, a successful deployment.
fn place_generated(st: &mut State, job: &Value, count: usize, t: i64, status: &str) {
    let (ns, id) = (
        job::s(job, "Namespace").to_string(),
        job::s(job, "ID").to_string(),
    );
    let job_type = job::s(job, "Type").to_string();
    let eval = Eval {
        id: st.rng.uuid(),
        namespace: ns.clone(),
        priority: job["Priority"].as_i64().unwrap_or(50),
        kind: job_type.clone(),
        triggered_by: if job::s(job, "ParentID").is_empty()
            || job["Dispatched"].as_bool().unwrap_or(false)
        {
            "job-register"
        } else {
            "periodic-job"
        }
        .into(),
        job_id: id.clone(),
        job_modify_index: job::u(job, "JobModifyIndex"),
        status: "complete".into(),
        ..Default::default()
    };
    let eval_id = eval.id.clone();
    let mut deployment = if job_type == "service" {
        Some(Deployment {
            id: st.rng.uuid(),
            namespace: ns.clone(),
            job_id: id.clone(),
            job_version: 0,
            job_modify_index: job::u(job, "JobModifyIndex"),
            job_spec_modify_index: job::u(job, "JobModifyIndex"),
            job_create_index: job::u(job, "CreateIndex"),
            status: "successful".into(),
            status_description: "Deployment completed successfully".into(),
            eval_priority: eval.priority,
            ..Default::default()
        })
    } else {
        None
    };
    // Generated jobs share a handful of (datacenters, pool) shapes: compute each once.
    let shape = format!("{}|{}", job["Datacenters"], job::s(job, "NodePool"));
    let candidates = match CANDIDATES.with(|c| c.borrow().get(&shape).cloned()) {
        Some(c) => c,
        None => {
            let c = crate::sched::eligible_nodes(st, job);
            CANDIDATES.with(|m| m.borrow_mut().insert(shape, c.clone()));
            c
        }
    };
    let groups = job::groups(job);
    let mut queued = BTreeMap::new();
    for (tg, _, tasks, disk) in &groups {
        queued.insert(tg.clone(), 0i64);
        if candidates.is_empty() {
            continue;
        }
        for n in 0..count {
            let node_id = st.rng.pick(&candidates).clone();
            let node_name = st.nodes[&node_id].name.clone();
            let node_dc = st.nodes[&node_id].datacenter.clone();
            // A few failures make the clusters look lived in.
            let fail_percent = if status == "running" { 8 } else { 10 };
            let client_status = if st.rng.chance(fail_percent) {
                "failed"
            } else {
                status
            };
            let started = t + 2 * SECOND;
            let finished = if client_status == "running" {
                0
            } else {
                started + 30 * SECOND
            };
            let task_states = tasks
                .iter()
                .map(|(name, ..)| {
                    let mut events = vec![
                        TaskEvent::new("Received", t, "Task received by client"),
                        TaskEvent::new("Task Setup", t + SECOND, "Building Task Directory"),
                        TaskEvent::new("Driver", t + SECOND, "Downloading image"),
                        TaskEvent::new("Started", started, "Task started by client"),
                    ];
                    if finished != 0 {
                        let code = i64::from(client_status == "failed");
                        let mut ev =
                            TaskEvent::new("Terminated", finished, &format!("Exit Code: {code}"));
                        ev.exit_code = code;
                        ev.details.insert("exit_code".into(), code.to_string());
                        events.push(ev);
                    }
                    (
                        name.clone(),
                        TaskState {
                            state: if finished == 0 { "running" } else { "dead" }.into(),
                            failed: client_status == "failed",
                            started_at: started,
                            finished_at: finished,
                            events,
                            ..Default::default()
                        },
                    )
                })
                .collect();
            let alloc = Alloc {
                id: st.rng.uuid(),
                namespace: ns.clone(),
                eval_id: eval_id.clone(),
                name: format!("{id}.{tg}[{n}]"),
                node_id,
                node_name,
                job_id: id.clone(),
                job_type: job_type.clone(),
                job_version: job::u(job, "Version"),
                task_group: tg.clone(),
                desired_status: "run".into(),
                client_status: client_status.into(),
                client_description: match client_status {
                    "running" => "Tasks are running",
                    "failed" => "Failed tasks",
                    _ => "All tasks have completed",
                }
                .into(),
                task_states,
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
                disk_mb: *disk,
                deployment_id: deployment
                    .as_ref()
                    .map(|d| d.id.clone())
                    .unwrap_or_default(),
                deployment_status: deployment.as_ref().map(|_| AllocDeploymentStatus {
                    healthy: Some(client_status == "running"),
                    timestamp: started + 10 * SECOND,
                    canary: false,
                    modify_index: 0,
                }),
                nodes_evaluated: candidates.len() as u64,
                datacenter: node_dc,
                node_pool: job::s(job, "NodePool").into(),
                ..Default::default()
            };
            at(st, finished.max(started), |st| st.upsert_alloc(alloc));
        }
        if let Some(d) = deployment.as_mut() {
            d.task_groups.insert(
                tg.clone(),
                DeploymentState {
                    desired_total: count as i64,
                    placed_allocs: count as i64,
                    healthy_allocs: count as i64,
                    progress_deadline: 600 * SECOND,
                    require_progress_by: t + 600 * SECOND,
                    ..Default::default()
                },
            );
        }
    }
    let mut eval = eval;
    eval.queued_allocations = queued;
    eval.deployment_id = deployment
        .as_ref()
        .map(|d| d.id.clone())
        .unwrap_or_default();
    at(st, t, |st| {
        st.upsert_eval(eval);
        if let Some(d) = deployment {
            st.upsert_deployment(d);
            st.update_job(&ns, &id, |j| j["Stable"] = json!(true));
        }
        st.refresh_job_status(&ns, &id);
    });
}
