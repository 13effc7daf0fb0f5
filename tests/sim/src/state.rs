//! The in-memory state store: every table, the raft-like index, and the per-table indexes that
//! Nomad reports in `X-Nomad-Index` and that blocking queries wait on.

use crate::job;
use crate::model::{Alloc, Deployment, Eval, Node};
use crate::util::Rng;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

/// The tables whose index a response can report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    Jobs,
    JobSummary,
    JobVersion,
    Allocs,
    Evals,
    Deployments,
    Nodes,
    Namespaces,
    NodePools,
}

const ALL_TABLES: [Table; 9] = [
    Table::Jobs,
    Table::JobSummary,
    Table::JobVersion,
    Table::Allocs,
    Table::Evals,
    Table::Deployments,
    Table::Nodes,
    Table::Namespaces,
    Table::NodePools,
];

/// A job and its history. `versions` holds the older versions, oldest first (the current one is
/// `job`, not repeated, which halves the memory of large generated clusters).
#[derive(Clone, Debug)]
pub struct JobRec {
    pub job: Value,
    pub versions: Vec<Value>,
    /// Allocations the scheduler could not place, per task group (JobSummary's Queued).
    pub queued: BTreeMap<String, i64>,
    pub summary_modify_index: u64,
    pub summary_create_index: u64,
}

/// A namespace or node pool: a name, a description and its indexes.
#[derive(Clone, Debug)]
pub struct NamedRec {
    pub name: String,
    pub description: String,
    pub create_index: u64,
    pub modify_index: u64,
    /// The other fields a write set (a namespace's `Meta`, `Capabilities`, …; a pool's
    /// `Meta` and `SchedulerConfiguration`), by their API names.
    pub extra: serde_json::Map<String, Value>,
}

/// Delays of the simulated scheduler and clients; short so tests stay fast.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    /// Registration → evaluation processed and allocations placed.
    pub eval_delay: Duration,
    /// Placement → allocation running.
    pub alloc_start_delay: Duration,
    /// Running → deployment health reported.
    pub healthy_delay: Duration,
    /// Running → batch allocation complete.
    pub batch_run: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            eval_delay: Duration::from_millis(100),
            alloc_start_delay: Duration::from_millis(150),
            healthy_delay: Duration::from_millis(150),
            batch_run: Duration::from_secs(2),
        }
    }
}

/// Work the simulated scheduler and clients will do later.
#[derive(Clone, Debug)]
pub enum Action {
    ProcessEval(String),
    StartAlloc(String),
    AllocHealthy(String),
    CompleteAlloc(String),
    DrainStep(String),
}

/// Where timestamps come from: the wall clock, or a fixed instant for byte-stable snapshots.
#[derive(Clone, Copy, Debug)]
pub enum Clock {
    Real,
    Frozen(i64),
}

impl Clock {
    pub fn now_ns(&self) -> i64 {
        match self {
            Clock::Frozen(t) => *t,
            Clock::Real => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as i64)
                .unwrap_or(0),
        }
    }
}

pub struct State {
    index: u64,
    pub clock: Clock,
    pub rng: Rng,
    pub timing: Timing,
    pub region: String,
    /// `/v1/operator/scheduler/configuration` (its preemption switches drive the planner).
    pub scheduler_config: Value,
    /// `/v1/operator/autopilot/configuration`.
    pub autopilot_config: Value,
    /// The Raft peer set: the sim's servers by index, those removed left out, and which one
    /// leads (`/v1/operator/raft/…`).
    pub raft_removed: BTreeSet<usize>,
    pub raft_leader: usize,
    /// Keyed by (namespace, job ID).
    pub jobs: BTreeMap<(String, String), JobRec>,
    pub allocs: BTreeMap<String, Alloc>,
    pub evals: BTreeMap<String, Eval>,
    pub deployments: BTreeMap<String, Deployment>,
    pub nodes: BTreeMap<String, Node>,
    pub namespaces: BTreeMap<String, NamedRec>,
    pub node_pools: BTreeMap<String, NamedRec>,
    table_index: HashMap<Table, u64>,
    allocs_by_job: HashMap<(String, String), BTreeSet<String>>,
    allocs_by_node: HashMap<String, BTreeSet<String>>,
    evals_by_job: HashMap<(String, String), BTreeSet<String>>,
    timers: BTreeMap<(Instant, u64), Action>,
    timer_seq: u64,
    /// The event stream's buffer; every upsert below emits into it.
    pub events: crate::events::EventBuffer,
    pub drains: crate::drain::DrainBook,
    pub clients: crate::clientbook::ClientBook,
    /// Task logs written after start, keyed by `<alloc>/<task>/<stdout|stderr>` (see `logs.rs`).
    pub logs: HashMap<String, Vec<u8>>,
    /// The HTTP address every node reports (the sim's own, once it listens on TCP).
    pub client_http_addr: Option<String>,
    /// Whether the nodes say they speak TLS (`TLSEnabled`), as a TLS cluster's nodes do.
    pub client_tls: bool,
    /// Job sources registered with a `Submission`, keyed by (namespace, job ID, version).
    pub submissions: BTreeMap<(String, String, u64), Value>,
    /// Nomad Variables, keyed by (namespace, path).
    pub variables: BTreeMap<(String, String), crate::vars::Variable>,
    /// ACL tokens and policies (`/v1/acl/…`).
    /// The shortest lock TTL a `lock-acquire` accepts (Nomad: 10s).
    pub lock_min_ttl: std::time::Duration,
    pub acl: crate::acl::Store,
    /// Service registrations deleted through the API (by ID); the others follow from the
    /// running allocations (see `services.rs`).
    pub deleted_services: BTreeSet<String>,
    /// `job scale` events, newest first, keyed by (namespace, job ID, group).
    pub scaling_events: BTreeMap<(String, String, String), Vec<Value>>,
    /// Dynamic host volumes (Nomad's `HostVolume` JSON), keyed by ID.
    pub host_volumes: BTreeMap<String, Value>,
    /// CSI volumes (`CSIVolume` JSON) and plugins (`CSIPlugin` JSON), keyed by ID: none
    /// unless a test adds them (the sim's clients run no CSI plugin).
    pub csi_volumes: BTreeMap<String, Value>,
    pub csi_plugins: BTreeMap<String, Value>,
    /// The snapshots each CSI plugin's storage provider holds (`CSISnapshot` JSON, in the
    /// provider's order), keyed by plugin ID: none unless a test adds them or snapshots a
    /// volume of a plugin it added.
    pub csi_snapshots: BTreeMap<String, Vec<Value>>,
    /// The root and gossip keyrings (`/v1/operator/keyring/…`, `/v1/agent/keyring/…`).
    pub keyrings: crate::http::Keyrings,
    /// The next write joins the raft entry of the last one (see `same_entry`).
    same_entry: bool,
}

impl State {
    pub fn new(seed: u64, clock: Clock) -> Self {
        let keyrings = crate::http::Keyrings::new(seed, clock.now_ns());
        let mut st = State {
            index: 1000,
            clock,
            rng: Rng::new(seed),
            timing: Timing::default(),
            region: "global".into(),
            scheduler_config: crate::http::default_scheduler_config(),
            autopilot_config: crate::http::default_autopilot_config(),
            raft_removed: BTreeSet::new(),
            raft_leader: 0,
            jobs: BTreeMap::new(),
            allocs: BTreeMap::new(),
            evals: BTreeMap::new(),
            deployments: BTreeMap::new(),
            nodes: BTreeMap::new(),
            namespaces: BTreeMap::new(),
            node_pools: BTreeMap::new(),
            table_index: HashMap::new(),
            allocs_by_job: HashMap::new(),
            allocs_by_node: HashMap::new(),
            evals_by_job: HashMap::new(),
            logs: HashMap::new(),
            client_http_addr: None,
            client_tls: false,
            submissions: BTreeMap::new(),
            variables: BTreeMap::new(),
            lock_min_ttl: std::time::Duration::from_secs(10),
            acl: Default::default(),
            deleted_services: BTreeSet::new(),
            scaling_events: BTreeMap::new(),
            host_volumes: BTreeMap::new(),
            csi_volumes: BTreeMap::new(),
            csi_plugins: BTreeMap::new(),
            csi_snapshots: BTreeMap::new(),
            same_entry: false,
            keyrings,
            timers: BTreeMap::new(),
            timer_seq: 0,
            events: crate::events::EventBuffer::default(),
            drains: Default::default(),
            clients: Default::default(),
        };
        // Every cluster has these, created at bootstrap.
        st.add_namespace("default", "Default shared namespace");
        st.add_node_pool("all", "Node pool with all nodes in the cluster.");
        st.add_node_pool("default", "Default node pool.");
        st
    }

    /// The current raft index.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// Advances the raft index, as one committed write does, and returns the new value.
    pub fn next_index(&mut self) -> u64 {
        if !std::mem::take(&mut self.same_entry) {
            self.index += 1;
        }
        self.index
    }

    /// The next write is part of the raft entry of the last one, as Nomad applies a job
    /// registration and its evaluation: the same index, but a frame of its own in the event
    /// stream (Nomad's state store publishes each transaction as one frame).
    pub fn same_entry(&mut self) {
        self.same_entry = true;
        self.events.new_write = true;
    }

    /// The next write is part of the same transaction as the last one: the same index and
    /// the same event-stream frame (Nomad's evaluations created together in one raft apply).
    pub fn same_transaction(&mut self) {
        self.same_entry = true;
    }

    pub fn now_ns(&self) -> i64 {
        self.clock.now_ns()
    }

    /// Records that `table` changed at the current index.
    pub fn touch(&mut self, table: Table) {
        self.table_index.insert(table, self.index);
    }

    /// Marks every table changed: used after direct scenario edits, whose extent is unknown.
    pub fn touch_all(&mut self) {
        let idx = self.next_index();
        for t in ALL_TABLES {
            self.table_index.insert(t, idx);
        }
    }

    /// The index Nomad reports for a table (its last change), never below 1.
    pub fn table_index(&self, table: Table) -> u64 {
        self.table_index.get(&table).copied().unwrap_or(1).max(1)
    }

    pub fn max_index(&self, tables: &[Table]) -> u64 {
        tables
            .iter()
            .map(|t| self.table_index(*t))
            .max()
            .unwrap_or(1)
    }

    pub fn add_namespace(&mut self, name: &str, description: &str) {
        let idx = self.next_index();
        self.namespaces.insert(
            name.into(),
            NamedRec {
                name: name.into(),
                description: description.into(),
                create_index: idx,
                modify_index: idx,
                extra: Default::default(),
            },
        );
        self.touch(Table::Namespaces);
    }

    /// Creates or replaces a namespace (`PUT /v1/namespace`), keeping its create index.
    pub fn put_namespace(
        &mut self,
        name: &str,
        description: &str,
        extra: serde_json::Map<String, Value>,
    ) {
        let idx = self.next_index();
        let create_index = self.namespaces.get(name).map_or(idx, |n| n.create_index);
        self.namespaces.insert(
            name.into(),
            NamedRec {
                name: name.into(),
                description: description.into(),
                create_index,
                modify_index: idx,
                extra,
            },
        );
        self.touch(Table::Namespaces);
    }

    pub fn remove_namespace(&mut self, name: &str) {
        self.next_index();
        self.namespaces.remove(name);
        self.touch(Table::Namespaces);
    }

    /// Creates or replaces a node pool (`PUT /v1/node/pools`), keeping its create index.
    pub fn put_node_pool(
        &mut self,
        name: &str,
        description: &str,
        extra: serde_json::Map<String, Value>,
    ) {
        let idx = self.next_index();
        let create_index = self.node_pools.get(name).map_or(idx, |n| n.create_index);
        self.node_pools.insert(
            name.into(),
            NamedRec {
                name: name.into(),
                description: description.into(),
                create_index,
                modify_index: idx,
                extra,
            },
        );
        self.touch(Table::NodePools);
    }

    pub fn remove_node_pool(&mut self, name: &str) {
        self.next_index();
        self.node_pools.remove(name);
        self.touch(Table::NodePools);
    }

    pub fn add_node_pool(&mut self, name: &str, description: &str) {
        let idx = self.next_index();
        self.node_pools.insert(
            name.into(),
            NamedRec {
                name: name.into(),
                description: description.into(),
                create_index: idx,
                modify_index: idx,
                extra: Default::default(),
            },
        );
        self.events.emit(
            idx,
            "NodePool",
            "NodePoolUpserted",
            name,
            "",
            vec![],
            || {
                json!({"NodePool": {"Name": name, "Description": description,
                    "Meta": null, "SchedulerConfiguration": null,
                    "CreateIndex": idx, "ModifyIndex": idx}})
            },
        );
        self.touch(Table::NodePools);
    }

    // ---- nodes ----

    /// Inserts or replaces a node; indexes are stamped here.
    pub fn upsert_node(&mut self, mut node: Node) {
        let idx = self.next_index();
        let kind = if let Some(old) = self.nodes.get(&node.id) {
            node.create_index = old.create_index;
            "NodeStreamEvent"
        } else {
            node.create_index = idx;
            "NodeRegistration"
        };
        node.modify_index = idx;
        if self.events.enabled {
            let mut payload = node.full_json();
            payload["Drain"] = json!(node.drain);
            self.events.emit(
                idx,
                "Node",
                kind,
                &node.id,
                "",
                vec![],
                || json!({ "Node": payload }),
            );
        }
        self.nodes.insert(node.id.clone(), node);
        self.touch(Table::Nodes);
    }

    /// Sets a node's status (`ready`, `down`, `disconnected`, `initializing`); a down node's
    /// allocations become lost as Nomad would mark them.
    pub fn set_node_status(&mut self, id: &str, status: &str) -> bool {
        let now = self.now_ns();
        let Some(mut node) = self.nodes.get(id).cloned() else {
            return false;
        };
        node.status = status.into();
        node.status_updated_at = now / 1_000_000_000;
        node.events.push(crate::model::NodeEvent {
            message: format!("Node status changed to {status}"),
            subsystem: "Cluster".into(),
            timestamp: now,
            create_index: self.index + 1,
        });
        self.upsert_node(node);
        if status == "down" {
            let ids: Vec<String> = self.node_alloc_ids(id);
            for aid in ids {
                self.update_alloc(&aid, |a| {
                    if a.client_status == "running" || a.client_status == "pending" {
                        a.client_status = "lost".into();
                        a.client_description = "alloc is lost since its node is down".into();
                        a.desired_status = "stop".into();
                        a.desired_description = "alloc is lost since its node is down".into();
                    }
                });
            }
        }
        true
    }

    /// Sets a node's drain flag and scheduling eligibility.
    pub fn set_node_drain(&mut self, id: &str, drain: bool) -> bool {
        let Some(mut node) = self.nodes.get(id).cloned() else {
            return false;
        };
        node.drain = drain;
        node.scheduling_eligibility = if drain { "ineligible" } else { "eligible" }.into();
        let prev = self.events.write_type.replace("NodeDrain");
        self.upsert_node(node);
        self.events.write_type = prev;
        true
    }

    // ---- allocations ----

    /// Inserts or replaces an allocation, stamping its indexes and times.
    pub fn upsert_alloc(&mut self, mut alloc: Alloc) {
        let idx = self.next_index();
        let now = self.now_ns();
        let kind = if self.allocs.contains_key(&alloc.id) {
            "AllocationUpdated"
        } else {
            "PlanResult"
        };
        if let Some(old) = self.allocs.get(&alloc.id) {
            alloc.create_index = old.create_index;
            alloc.create_time = old.create_time;
        } else {
            if alloc.create_index == 0 {
                alloc.create_index = idx;
                alloc.alloc_modify_index = idx;
            }
            if alloc.create_time == 0 {
                alloc.create_time = now;
            }
        }
        alloc.modify_index = idx;
        alloc.modify_time = now;
        if self.events.enabled {
            let payload = alloc.full_json(Value::Null);
            let fk = vec![alloc.job_id.clone(), alloc.deployment_id.clone()];
            self.events.emit(
                idx,
                "Allocation",
                kind,
                &alloc.id,
                &alloc.namespace,
                fk,
                || json!({ "Allocation": payload }),
            );
        }
        let key = (alloc.namespace.clone(), alloc.job_id.clone());
        self.allocs_by_job
            .entry(key.clone())
            .or_default()
            .insert(alloc.id.clone());
        self.allocs_by_node
            .entry(alloc.node_id.clone())
            .or_default()
            .insert(alloc.id.clone());
        self.allocs.insert(alloc.id.clone(), alloc);
        self.touch(Table::Allocs);
        self.touch_summary(&key.0, &key.1);
    }

    /// Applies `f` to an allocation and records the change; false if there is no such alloc.
    pub fn update_alloc(&mut self, id: &str, f: impl FnOnce(&mut Alloc)) -> bool {
        let Some(mut a) = self.allocs.get(id).cloned() else {
            return false;
        };
        f(&mut a);
        let (ns, job) = (a.namespace.clone(), a.job_id.clone());
        self.upsert_alloc(a);
        self.refresh_job_status(&ns, &job);
        true
    }

    /// Sets an allocation's client status, with task states to match.
    pub fn set_alloc_status(&mut self, id: &str, client_status: &str) -> bool {
        let now = self.now_ns();
        self.update_alloc(id, |a| {
            a.client_status = client_status.into();
            let mut a_running = false;
            for ts in a.task_states.values_mut() {
                match client_status {
                    "failed" | "complete" | "lost" => {
                        ts.state = "dead".into();
                        ts.failed = client_status == "failed";
                        ts.finished_at = now;
                        let mut ev = crate::model::TaskEvent::new(
                            "Terminated",
                            now,
                            if client_status == "failed" {
                                "Exit Code: 1"
                            } else {
                                "Exit Code: 0"
                            },
                        );
                        ev.exit_code = i64::from(client_status == "failed");
                        ev.details
                            .insert("exit_code".into(), ev.exit_code.to_string());
                        ts.events.push(ev);
                    }
                    "running" => {
                        a_running = true;
                        ts.state = "running".into();
                        ts.failed = false;
                        if ts.started_at == 0 {
                            ts.started_at = now;
                        }
                    }
                    _ => ts.state = "pending".into(),
                }
            }
            if a_running {
                a.client_description = "Tasks are running".into();
            }
            if client_status == "failed" {
                a.client_description = "Failed tasks".into();
            } else if client_status == "complete" {
                a.client_description = "All tasks have completed".into();
            }
        })
    }

    /// Nomad's forced garbage collection (`PUT /v1/system/gc`), every threshold at zero:
    /// terminal evaluations whose allocations are all terminal go with those allocations,
    /// then dead jobs left with no evaluation, terminal deployments, and down nodes that
    /// hold no allocation. Returns how many objects went.
    pub fn force_gc(&mut self) -> usize {
        let terminal_eval = |s: &str| matches!(s, "complete" | "failed" | "canceled");
        let alloc_done = |a: &Alloc| {
            is_terminal_client(&a.client_status)
                || matches!(a.desired_status.as_str(), "stop" | "evict")
                    && !matches!(a.client_status.as_str(), "running" | "pending")
        };
        let evals: Vec<String> = self
            .evals
            .values()
            .filter(|e| terminal_eval(&e.status))
            .filter(|e| {
                self.allocs
                    .values()
                    .filter(|a| a.eval_id == e.id)
                    .all(alloc_done)
            })
            .map(|e| e.id.clone())
            .collect();
        let allocs: Vec<String> = self
            .allocs
            .values()
            .filter(|a| alloc_done(a) && evals.contains(&a.eval_id))
            .map(|a| a.id.clone())
            .collect();
        for id in &evals {
            if let Some(e) = self.evals.remove(id) {
                let key = (e.namespace.clone(), e.job_id.clone());
                if let Some(set) = self.evals_by_job.get_mut(&key) {
                    set.remove(id);
                }
            }
        }
        for id in &allocs {
            if let Some(a) = self.allocs.remove(id) {
                let key = (a.namespace.clone(), a.job_id.clone());
                if let Some(set) = self.allocs_by_job.get_mut(&key) {
                    set.remove(id);
                }
                if let Some(set) = self.allocs_by_node.get_mut(&a.node_id) {
                    set.remove(id);
                }
            }
        }
        let jobs: Vec<(String, String)> = self
            .jobs
            .iter()
            .filter(|(_, r)| r.job["Status"] == "dead")
            .filter(|(k, _)| {
                self.evals_by_job.get(*k).is_none_or(|s| s.is_empty())
                    && self.allocs_by_job.get(*k).is_none_or(|s| s.is_empty())
            })
            .map(|(k, _)| k.clone())
            .collect();
        for k in &jobs {
            self.jobs.remove(k);
        }
        let deployments: Vec<String> = self
            .deployments
            .values()
            .filter(|d| {
                !matches!(
                    d.status.as_str(),
                    "running" | "paused" | "pending" | "blocked" | "unblocking" | "initializing"
                )
            })
            .map(|d| d.id.clone())
            .collect();
        for id in &deployments {
            self.deployments.remove(id);
        }
        let nodes: Vec<String> = self
            .nodes
            .values()
            .filter(|n| n.status == "down")
            .filter(|n| self.allocs_by_node.get(&n.id).is_none_or(|s| s.is_empty()))
            .map(|n| n.id.clone())
            .collect();
        for id in &nodes {
            self.nodes.remove(id);
        }
        let n = evals.len() + allocs.len() + jobs.len() + deployments.len() + nodes.len();
        if n > 0 {
            self.next_index();
            self.touch_all();
        }
        n
    }

    pub fn job_alloc_ids(&self, namespace: &str, job_id: &str) -> Vec<String> {
        self.allocs_by_job
            .get(&(namespace.to_string(), job_id.to_string()))
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub fn node_alloc_ids(&self, node_id: &str) -> Vec<String> {
        self.allocs_by_node
            .get(node_id)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    // ---- evaluations and deployments ----

    pub fn upsert_eval(&mut self, mut eval: Eval) {
        let idx = self.next_index();
        let now = self.now_ns();
        if let Some(old) = self.evals.get(&eval.id) {
            eval.create_index = old.create_index;
            eval.create_time = old.create_time;
        } else {
            if eval.create_index == 0 {
                eval.create_index = idx;
            }
            if eval.create_time == 0 {
                eval.create_time = now;
            }
        }
        eval.modify_index = idx;
        eval.modify_time = now;
        if self.events.enabled {
            let payload = eval.to_json();
            let fk = vec![eval.job_id.clone(), eval.deployment_id.clone()];
            self.events.emit(
                idx,
                "Evaluation",
                "EvaluationUpdated",
                &eval.id,
                &eval.namespace,
                fk,
                || json!({ "Evaluation": payload }),
            );
        }
        let (ns, job) = (eval.namespace.clone(), eval.job_id.clone());
        self.evals_by_job
            .entry((ns.clone(), job.clone()))
            .or_default()
            .insert(eval.id.clone());
        self.evals.insert(eval.id.clone(), eval);
        self.touch(Table::Evals);
        self.refresh_job_status(&ns, &job);
    }

    pub fn upsert_deployment(&mut self, mut d: Deployment) {
        let idx = self.next_index();
        let now = self.now_ns();
        if let Some(old) = self.deployments.get(&d.id) {
            d.create_index = old.create_index;
            d.create_time = old.create_time;
        } else {
            if d.create_index == 0 {
                d.create_index = idx;
            }
            if d.create_time == 0 {
                d.create_time = now;
            }
        }
        d.modify_index = idx;
        d.modify_time = now;
        if self.events.enabled {
            let payload = d.to_json();
            let fk = vec![d.job_id.clone()];
            self.events.emit(
                idx,
                "Deployment",
                "DeploymentStatusUpdate",
                &d.id,
                &d.namespace,
                fk,
                || json!({ "Deployment": payload }),
            );
        }
        self.deployments.insert(d.id.clone(), d);
        self.touch(Table::Deployments);
    }

    pub fn job_evals(&self, namespace: &str, job_id: &str) -> Vec<&Eval> {
        self.evals_by_job
            .get(&(namespace.to_string(), job_id.to_string()))
            .into_iter()
            .flatten()
            .filter_map(|id| self.evals.get(id))
            .collect()
    }

    pub fn job_deployments(&self, namespace: &str, job_id: &str) -> Vec<&Deployment> {
        self.deployments
            .values()
            .filter(|d| d.namespace == namespace && d.job_id == job_id)
            .collect()
    }

    // ---- jobs ----

    pub fn job(&self, namespace: &str, id: &str) -> Option<&Value> {
        self.jobs
            .get(&(namespace.to_string(), id.to_string()))
            .map(|r| &r.job)
    }

    /// A job as it was at `version` (the allocation's view of its job).
    pub fn job_version(&self, namespace: &str, id: &str, version: u64) -> Option<&Value> {
        let rec = self.jobs.get(&(namespace.to_string(), id.to_string()))?;
        if job::u(&rec.job, "Version") == version {
            return Some(&rec.job);
        }
        rec.versions
            .iter()
            .find(|v| job::u(v, "Version") == version)
            .or(Some(&rec.job))
    }

    /// Stores `job` (a `structs.Job` value) as a new version, stamping indexes, version and
    /// submit time. The returned value is what was stored.
    pub fn put_job(&mut self, mut job: Value) -> Value {
        let idx = self.next_index();
        let now = self.now_ns();
        let key = (
            job::s(&job, "Namespace").to_string(),
            job::s(&job, "ID").to_string(),
        );
        let prev = self.jobs.get(&key).map(|r| r.job.clone());
        match &prev {
            Some(p) => {
                job["CreateIndex"] = p["CreateIndex"].clone();
                job["Version"] = json!(job::u(p, "Version") + 1);
                job["Status"] = p["Status"].clone();
            }
            None => {
                if job::u(&job, "CreateIndex") == 0 {
                    job["CreateIndex"] = json!(idx);
                }
            }
        }
        job["ModifyIndex"] = json!(idx);
        job["JobModifyIndex"] = json!(idx);
        if job::u(&job, "SubmitTime") == 0 || prev.is_some() {
            job["SubmitTime"] = json!(now);
        }
        job["Stable"] = json!(false);
        self.emit_job(idx, &job, "JobRegistered");
        let rec = self.jobs.entry(key.clone()).or_insert_with(|| JobRec {
            job: Value::Null,
            versions: Vec::new(),
            queued: BTreeMap::new(),
            summary_modify_index: idx,
            summary_create_index: idx,
        });
        let previous = std::mem::replace(&mut rec.job, job.clone());
        if !previous.is_null() {
            rec.versions.push(previous);
        }
        // Nomad keeps the last few versions (JobTrackedVersions = 6), current included.
        if rec.versions.len() > 5 {
            rec.versions.remove(0);
        }
        self.touch(Table::Jobs);
        self.touch(Table::JobVersion);
        self.touch_summary(&key.0, &key.1);
        job
    }

    /// Changes a job in place (status, stability…) without making a new version.
    pub fn update_job(&mut self, namespace: &str, id: &str, f: impl FnOnce(&mut Value)) -> bool {
        let idx = self.index + 1;
        let Some(rec) = self.jobs.get_mut(&(namespace.to_string(), id.to_string())) else {
            return false;
        };
        let mut job = rec.job.clone();
        f(&mut job);
        if job == rec.job {
            return true;
        }
        job["ModifyIndex"] = json!(idx);
        rec.job = job.clone();
        self.next_index();
        let kind = self.events.last_type;
        self.emit_job(idx, &job, kind);
        self.touch(Table::Jobs);
        true
    }

    /// Emits a `Job` event for `job` at `idx`.
    pub fn emit_job(&mut self, idx: u64, job: &Value, kind: &'static str) {
        if self.events.enabled {
            let (id, ns) = (
                job::s(job, "ID").to_string(),
                job::s(job, "Namespace").to_string(),
            );
            let payload = job.clone();
            self.events.emit(
                idx,
                "Job",
                kind,
                &id,
                &ns,
                vec![],
                || json!({ "Job": payload }),
            );
        }
    }

    fn touch_summary(&mut self, namespace: &str, job_id: &str) {
        let idx = self.index;
        if let Some(rec) = self
            .jobs
            .get_mut(&(namespace.to_string(), job_id.to_string()))
        {
            rec.summary_modify_index = idx;
            self.table_index.insert(Table::JobSummary, idx);
        }
    }

    /// Recomputes a job's Status the way Nomad's state store does.
    pub fn refresh_job_status(&mut self, namespace: &str, job_id: &str) {
        let Some(job) = self.job(namespace, job_id) else {
            return;
        };
        let stopped = job["Stop"].as_bool().unwrap_or(false);
        let parent_like = job::is_periodic(job) || job::is_parameterized(job);
        let status = if parent_like {
            if stopped {
                "dead"
            } else {
                "running"
            }
        } else {
            let allocs = self.job_alloc_ids(namespace, job_id);
            let live = allocs.iter().any(|id| {
                self.allocs
                    .get(id)
                    .is_some_and(|a| !is_terminal_client(&a.client_status))
            });
            let evals = self.job_evals(namespace, job_id);
            let open_eval = evals
                .iter()
                .any(|e| e.status == "pending" || e.status == "blocked");
            if live || (job::s(job, "Type") == "system" && !stopped) {
                "running"
            } else if open_eval {
                "pending"
            } else if !allocs.is_empty() || !evals.is_empty() || stopped {
                "dead"
            } else {
                "pending"
            }
        };
        if job::s(job, "Status") != status {
            self.update_job(namespace, job_id, |j| j["Status"] = json!(status));
        }
    }

    /// `structs.JobSummary`, computed from the job's allocations (and children for
    /// periodic/parameterized parents).
    pub fn job_summary(&self, namespace: &str, job_id: &str) -> Option<Value> {
        let rec = self
            .jobs
            .get(&(namespace.to_string(), job_id.to_string()))?;
        let mut groups: BTreeMap<String, [i64; 7]> = BTreeMap::new();
        for g in rec.job["TaskGroups"].as_array().into_iter().flatten() {
            groups.insert(job::s(g, "Name").to_string(), [0; 7]);
        }
        for (tg, q) in &rec.queued {
            if let Some(c) = groups.get_mut(tg) {
                c[0] = *q;
            }
        }
        for id in self.job_alloc_ids(namespace, job_id) {
            let Some(a) = self.allocs.get(&id) else {
                continue;
            };
            let Some(c) = groups.get_mut(&a.task_group) else {
                continue;
            };
            // Order: Queued, Complete, Failed, Running, Starting, Lost, Unknown.
            let slot = match a.client_status.as_str() {
                "complete" => 1,
                "failed" => 2,
                "running" => 3,
                "pending" => 4,
                "lost" => 5,
                "unknown" => 6,
                _ => continue,
            };
            c[slot] += 1;
        }
        let summary: serde_json::Map<String, Value> = groups
            .into_iter()
            .map(|(k, c)| {
                (
                    k,
                    json!({"Queued": c[0], "Complete": c[1], "Failed": c[2], "Running": c[3],
                           "Starting": c[4], "Lost": c[5], "Unknown": c[6]}),
                )
            })
            .collect();
        let (mut pending, mut running, mut dead) = (0, 0, 0);
        let lo = (namespace.to_string(), format!("{job_id}/"));
        let hi = (namespace.to_string(), format!("{job_id}0"));
        for child in self.jobs.range(lo..hi).map(|(_, r)| &r.job) {
            if job::s(child, "ParentID") != job_id {
                continue;
            }
            match job::s(child, "Status") {
                "running" => running += 1,
                "dead" => dead += 1,
                _ => pending += 1,
            }
        }
        Some(json!({
            "JobID": job_id, "Namespace": namespace, "Summary": summary,
            "Children": {"Pending": pending, "Running": running, "Dead": dead},
            "CreateIndex": rec.summary_create_index, "ModifyIndex": rec.summary_modify_index,
        }))
    }

    // ---- timers ----

    pub fn schedule(&mut self, after: Duration, action: Action) {
        self.timer_seq += 1;
        self.timers
            .insert((Instant::now() + after, self.timer_seq), action);
    }

    /// Removes and returns the actions due at `now`.
    pub fn due_actions(&mut self, now: Instant) -> Vec<Action> {
        let mut out = Vec::new();
        while let Some(entry) = self.timers.first_entry() {
            if entry.key().0 > now {
                break;
            }
            out.push(entry.remove());
        }
        out
    }

    pub fn next_timer(&self) -> Option<Instant> {
        self.timers.keys().next().map(|k| k.0)
    }
}

pub fn is_terminal_client(status: &str) -> bool {
    matches!(status, "complete" | "failed" | "lost")
}
