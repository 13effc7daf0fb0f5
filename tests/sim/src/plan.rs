//! `PUT /v1/job/:id/plan`: a dry run. The diff is Nomad's (`diff.rs`), annotated with what
//! the scheduler would do per group: ignore, in-place or destructive updates of the running
//! allocations, placements (fitted onto the nodes' free CPU and memory, preempting
//! lower-priority allocations where the scheduler configuration allows it) and stops.

use std::collections::BTreeMap;

use crate::diff;
use crate::job;
use crate::model::Alloc;
use crate::state::{is_terminal_client, State};
use serde_json::{json, Map, Value};

/// The plan answer for `new` (canonical) against the registered job, if any.
pub fn plan(st: &State, new: &Value) -> Value {
    let (ns, id) = (job::s(new, "Namespace"), job::s(new, "ID"));
    let old = st
        .job(ns, id)
        .filter(|j| !j["Stop"].as_bool().unwrap_or(false));
    plan_against(st, old, new)
}

/// The diff between two versions of a job, as `GET /v1/job/:id/versions?diffs=true`
/// carries it (no scheduler annotations).
pub fn version_diff(old: &Value, new: &Value) -> Value {
    diff::job_diff(Some(old), Some(new)).to_json()
}

fn live_allocs(st: &State, ns: &str, id: &str) -> Vec<Alloc> {
    st.job_alloc_ids(ns, id)
        .iter()
        .filter_map(|a| st.allocs.get(a))
        .filter(|a| a.desired_status == "run" && !is_terminal_client(&a.client_status))
        .cloned()
        .collect()
}

fn group<'a>(job: &'a Value, name: &str) -> Option<&'a Value> {
    job["TaskGroups"]
        .as_array()?
        .iter()
        .find(|g| g["Name"].as_str() == Some(name))
}

fn merged_meta(job: &Value, g: &Value, t: &Value) -> Map<String, Value> {
    let mut m = Map::new();
    for v in [&job["Meta"], &g["Meta"], &t["Meta"]] {
        if let Some(o) = v.as_object() {
            m.extend(o.clone());
        }
    }
    m
}

/// Nomad's `tasksUpdated`: whether running allocations must be replaced rather than updated
/// in place.
fn tasks_updated(old_job: &Value, new_job: &Value, name: &str) -> bool {
    let (Some(a), Some(b)) = (group(old_job, name), group(new_job, name)) else {
        return true;
    };
    let empty = Vec::new();
    let (at, bt) = (
        a["Tasks"].as_array().unwrap_or(&empty),
        b["Tasks"].as_array().unwrap_or(&empty),
    );
    if at.len() != bt.len() {
        return true;
    }
    for key in ["EphemeralDisk", "Networks", "Consul", "Volumes"] {
        if a[key] != b[key] {
            return true;
        }
    }
    if a["RestartPolicy"]["RenderTemplates"] != b["RestartPolicy"]["RenderTemplates"] {
        return true;
    }
    let connect = |g: &Value| -> Vec<Value> {
        g["Services"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| s["Connect"].clone())
            .collect()
    };
    if connect(a) != connect(b) {
        return true;
    }
    for t in at {
        let Some(u) = bt.iter().find(|u| u["Name"] == t["Name"]) else {
            return true;
        };
        for key in [
            "Driver",
            "User",
            "Config",
            "Env",
            "Artifacts",
            "Vault",
            "Consul",
            "Templates",
            "CSIPluginConfig",
            "VolumeMounts",
            "Resources",
            "Identity",
            "Identities",
        ] {
            if t[key] != u[key] {
                return true;
            }
        }
        if merged_meta(old_job, a, t) != merged_meta(new_job, b, u) {
            return true;
        }
        if t["LogConfig"]["Disabled"] != u["LogConfig"]["Disabled"] {
            return true;
        }
        if t["RestartPolicy"]["RenderTemplates"] != u["RestartPolicy"]["RenderTemplates"] {
            return true;
        }
    }
    false
}

fn need(g: &Value) -> (i64, i64) {
    g["Tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .fold((0, 0), |(c, m), t| {
            (
                c + t["Resources"]["CPU"].as_i64().unwrap_or(100),
                m + t["Resources"]["MemoryMB"].as_i64().unwrap_or(300),
            )
        })
}

fn alloc_use(a: &Alloc) -> (i64, i64) {
    a.tasks
        .values()
        .fold((0, 0), |(c, m), r| (c + r.cpu, m + r.memory_mb))
}

fn preemption_enabled(st: &State, job_type: &str) -> bool {
    let key = match job_type {
        "system" => "SystemSchedulerEnabled",
        "sysbatch" => "SysBatchSchedulerEnabled",
        "batch" => "BatchSchedulerEnabled",
        _ => "ServiceSchedulerEnabled",
    };
    st.scheduler_config["PreemptionConfig"][key]
        .as_bool()
        .unwrap_or(false)
}

/// The scheduler's dry run: free capacity per node, claimed as placements are made.
struct Placer<'a> {
    st: &'a State,
    /// (cpu, memory) still free per candidate node.
    free: BTreeMap<String, (i64, i64)>,
    /// Allocations on each node that other jobs run, for preemption.
    others: BTreeMap<String, Vec<Alloc>>,
    preempted: Vec<Alloc>,
    priority: i64,
    may_preempt: bool,
}

impl<'a> Placer<'a> {
    fn new(st: &'a State, candidates: &[String], job: &Value, replaced: &[Alloc]) -> Self {
        let (ns, id) = (job::s(job, "Namespace"), job::s(job, "ID"));
        let mut free = BTreeMap::new();
        let mut others = BTreeMap::new();
        for n in candidates {
            let node = &st.nodes[n];
            let mut f = (node.cpu_shares, node.memory_mb);
            let mut other = Vec::new();
            for a in st.node_alloc_ids(n).iter().filter_map(|a| st.allocs.get(a)) {
                if a.desired_status != "run" || is_terminal_client(&a.client_status) {
                    continue;
                }
                if replaced.iter().any(|r| r.id == a.id) {
                    continue;
                }
                let (c, m) = alloc_use(a);
                f = (f.0 - c, f.1 - m);
                if !(a.namespace == ns && a.job_id == id) {
                    other.push(a.clone());
                }
            }
            free.insert(n.clone(), f);
            others.insert(n.clone(), other);
        }
        Placer {
            st,
            free,
            others,
            preempted: Vec::new(),
            priority: job["Priority"].as_i64().unwrap_or(50),
            may_preempt: preemption_enabled(st, job::s(job, "Type")),
        }
    }

    /// Places one allocation needing `(cpu, mem)`, on `only` when given (system jobs).
    /// Returns the node and how many allocations were preempted for it.
    fn place(&mut self, (cpu, mem): (i64, i64), only: Option<&str>) -> Option<(String, usize)> {
        let fits = |f: &(i64, i64)| f.0 >= cpu && f.1 >= mem;
        let nodes: Vec<String> = self
            .free
            .keys()
            .filter(|n| only.is_none_or(|o| o == n.as_str()))
            .cloned()
            .collect();
        // Most free memory first: the sim spreads like binpack plus anti-affinity.
        let fitting = nodes
            .iter()
            .filter(|n| fits(&self.free[*n]))
            .max_by_key(|n| (self.free[*n].1, std::cmp::Reverse((*n).clone())))
            .cloned();
        if let Some(n) = fitting {
            let f = self.free.get_mut(&n)?;
            *f = (f.0 - cpu, f.1 - mem);
            return Some((n, 0));
        }
        if !self.may_preempt {
            return None;
        }
        // Preemption: lower-priority allocations (at least 10 below) are evicted, lowest
        // priority and biggest first, on the node needing the fewest evictions.
        let mut best: Option<(String, Vec<Alloc>)> = None;
        for n in &nodes {
            let mut f = self.free[n];
            let mut victims: Vec<(i64, Alloc)> = self.others[n]
                .iter()
                .filter(|a| !self.preempted.iter().any(|p| p.id == a.id))
                .filter_map(|a| {
                    let p = self
                        .st
                        .job(&a.namespace, &a.job_id)
                        .and_then(|j| j["Priority"].as_i64())
                        .unwrap_or(50);
                    (self.priority - p >= 10).then(|| (p, a.clone()))
                })
                .collect();
            victims.sort_by_key(|(p, a)| {
                let (c, m) = alloc_use(a);
                (*p, std::cmp::Reverse(m), std::cmp::Reverse(c), a.id.clone())
            });
            let mut chosen = Vec::new();
            for (_, a) in victims {
                if fits(&f) {
                    break;
                }
                let (c, m) = alloc_use(&a);
                f = (f.0 + c, f.1 + m);
                chosen.push(a);
            }
            if fits(&f) && best.as_ref().is_none_or(|(_, b)| chosen.len() < b.len()) {
                best = Some((n.clone(), chosen));
            }
        }
        let (n, chosen) = best?;
        let f = self.free.get_mut(&n)?;
        for a in &chosen {
            let (c, m) = alloc_use(a);
            *f = (f.0 + c, f.1 + m);
        }
        *f = (f.0 - cpu, f.1 - mem);
        let count = chosen.len();
        self.preempted.extend(chosen);
        Some((n, count))
    }

    /// The dimension a placement of `(cpu, mem)` runs out of on the candidates.
    fn exhausted_dimension(&self, (cpu, _): (i64, i64)) -> &'static str {
        if self.free.values().all(|f| f.0 < cpu) {
            "cpu"
        } else {
            "memory"
        }
    }
}

fn counts() -> Value {
    json!({"Ignore": 0, "Place": 0, "Migrate": 0, "Stop": 0,
           "InPlaceUpdate": 0, "DestructiveUpdate": 0, "Canary": 0, "Preemptions": 0})
}

/// The plan answer for `new` against `old`.
pub fn plan_against(st: &State, old: Option<&Value>, new: &Value) -> Value {
    let (ns, id) = (job::s(new, "Namespace"), job::s(new, "ID"));
    let job_type = job::s(new, "Type");
    let system = job_type == "system" || job_type == "sysbatch";
    let mut jd = diff::job_diff(old, Some(new));
    let live = if old.is_some() {
        live_allocs(st, ns, id)
    } else {
        Vec::new()
    };
    let candidates = crate::sched::eligible_nodes(st, new);
    // Allocations replaced by destructive updates free their resources for the new ones.
    let mut replaced = Vec::new();
    let mut updates: BTreeMap<String, Value> = BTreeMap::new();
    let mut plans: Vec<(String, Value, Vec<Option<String>>)> = Vec::new();
    for g in new["TaskGroups"].as_array().into_iter().flatten() {
        let name = g["Name"].as_str().unwrap_or("").to_string();
        let have: Vec<&Alloc> = live.iter().filter(|a| a.task_group == name).collect();
        let mut u = counts();
        let targets: Vec<Option<String>> = if system {
            candidates
                .iter()
                .filter(|n| !have.iter().any(|a| &a.node_id == *n))
                .map(|n| Some(n.clone()))
                .collect()
        } else {
            let nc = g["Count"].as_u64().unwrap_or(1) as usize;
            if have.len() > nc {
                u["Stop"] = json!(have.len() - nc);
            }
            vec![None; nc.saturating_sub(have.len())]
        };
        let kept = if system {
            have.len()
        } else {
            have.len().min(g["Count"].as_u64().unwrap_or(1) as usize)
        };
        let canaries = g["Update"]["Canary"].as_u64().unwrap_or(0);
        if kept > 0 {
            let key = match old {
                Some(_) if jd.ty == "None" => "Ignore",
                // With canaries the old allocations stay until the canaries are promoted.
                Some(o) if tasks_updated(o, new, &name) && canaries > 0 => {
                    u["Canary"] = json!(canaries);
                    "Ignore"
                }
                Some(o) if tasks_updated(o, new, &name) => {
                    replaced.extend(have.iter().take(kept).map(|a| (*a).clone()));
                    "DestructiveUpdate"
                }
                _ => "InPlaceUpdate",
            };
            u[key] = json!(kept);
        }
        updates.insert(name.clone(), u);
        plans.push((name, g.clone(), targets));
    }
    if let Some(o) = old {
        for g in o["TaskGroups"].as_array().into_iter().flatten() {
            let name = g["Name"].as_str().unwrap_or("");
            if group(new, name).is_none() {
                let mut u = counts();
                let n = live.iter().filter(|a| a.task_group == name).count();
                u["Stop"] = json!(n);
                updates.insert(name.to_string(), u);
            }
        }
    }
    let mut placer = Placer::new(st, &candidates, new, &replaced);
    let mut failed = Map::new();
    for (name, g, targets) in &plans {
        let req = need(g);
        let mut unplaced = 0;
        for t in targets {
            match placer.place(req, t.as_deref()) {
                Some((_, preempted)) => {
                    if let Some(u) = updates.get_mut(name) {
                        u["Preemptions"] =
                            json!(u["Preemptions"].as_u64().unwrap_or(0) + preempted as u64);
                    }
                }
                None => unplaced += 1,
            }
        }
        // The reconciler's count: placements wanted, whether or not they fit.
        if let Some(u) = updates.get_mut(name) {
            u["Place"] = json!(targets.len());
        }
        if unplaced > 0 {
            let mut m =
                crate::model::alloc_metric(job::s(new, "NodePool"), candidates.len() as u64);
            if candidates.is_empty() {
                m["NodesAvailable"] = json!({});
            } else {
                m["NodesExhausted"] = json!(candidates.len());
                m["DimensionExhausted"] =
                    json!({placer.exhausted_dimension(req): candidates.len()});
            }
            m["CoalescedFailures"] = json!(unplaced - 1);
            failed.insert(name.clone(), m);
        }
    }
    diff::annotate(&mut jd, &updates);
    let preempted: Vec<Value> = placer
        .preempted
        .iter()
        .map(|a| a.stub_json(false, false))
        .collect();
    json!({
        "Annotations": {
            "DesiredTGUpdates": updates,
            "PreemptedAllocs": if preempted.is_empty() { Value::Null } else { Value::Array(preempted) },
        },
        "FailedTGAllocs": if failed.is_empty() { Value::Null } else { Value::Object(failed) },
        "JobModifyIndex": old.map(|j| job::u(j, "JobModifyIndex")).unwrap_or(0),
        "CreatedEvals": null,
        "Diff": jd.to_json(),
        "NextPeriodicLaunch": crate::cron::next_launch(&new["Periodic"], st.now_ns()),
        "Warnings": "",
        "Index": st.index(),
    })
}

/// For the scheduler: a node among `candidates` where an allocation needing `need` fits once
/// lower-priority allocations are preempted (when the scheduler configuration allows it for
/// the job's type), with the allocations to evict.
pub fn preemption_for(
    st: &State,
    candidates: &[String],
    need: (i64, i64),
    job: &Value,
) -> Option<(String, Vec<String>)> {
    let mut placer = Placer::new(st, candidates, job, &[]);
    if !placer.may_preempt {
        return None;
    }
    let (node, n) = placer.place(need, None)?;
    (n > 0).then(|| {
        (
            node,
            placer.preempted.iter().map(|a| a.id.clone()).collect(),
        )
    })
}
