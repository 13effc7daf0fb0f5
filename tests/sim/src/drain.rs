//! Node drains: the drain strategy, its progress, and the record of the last drain.
//!
//! A drain moves in steps, one per `Timing::alloc_start_delay`: the node's live allocations
//! are marked for migration, then told to stop, then stop; then the drain is complete (the node
//! stays ineligible, as in Nomad). `-force` (a negative deadline) stops everything at once, and
//! so does a deadline that passes (on the wall clock) before the allocations have moved.
//! System-job allocations stay when the strategy ignores them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::state::{Action, State};
use crate::util::time_json;

#[derive(Clone, Debug)]
pub struct Drain {
    pub deadline_ns: i64,
    pub ignore_system: bool,
    pub started_at_ns: i64,
    pub step: u32,
    /// When the drain started on the wall clock (deadlines pass even with a frozen clock).
    pub started: std::time::Instant,
}

#[derive(Clone, Debug)]
pub struct LastDrain {
    pub status: String,
    pub started_at_ns: i64,
    pub updated_at_ns: i64,
    pub meta: BTreeMap<String, String>,
}

/// The drain book kept beside the node table.
#[derive(Clone, Debug, Default)]
pub struct DrainBook {
    pub active: BTreeMap<String, Drain>,
    pub last: BTreeMap<String, LastDrain>,
    /// Allocations marked for migration (`DesiredTransition.Migrate`).
    pub migrating: BTreeSet<String>,
}

impl Drain {
    pub fn strategy_json(&self) -> Value {
        let force = if self.deadline_ns > 0 {
            time_json(self.started_at_ns + self.deadline_ns)
        } else {
            Value::Null
        };
        json!({"Deadline": self.deadline_ns, "IgnoreSystemJobs": self.ignore_system,
               "ForceDeadline": force, "StartedAt": time_json(self.started_at_ns)})
    }
}

impl LastDrain {
    pub fn to_json(&self) -> Value {
        json!({"Status": self.status, "StartedAt": time_json(self.started_at_ns),
               "UpdatedAt": time_json(self.updated_at_ns), "Meta": self.meta, "AccessorID": ""})
    }
}

/// Puts the book's view of a node into its JSON (`DrainStrategy`, `LastDrain`).
pub fn patch_node_json(st: &State, id: &str, v: &mut Value, full: bool) {
    if full {
        if let Some(d) = st.drains.active.get(id) {
            v["DrainStrategy"] = d.strategy_json();
        }
    }
    if let Some(l) = st.drains.last.get(id) {
        v["LastDrain"] = l.to_json();
    }
}

/// Marks migrating allocations in an allocation's JSON.
pub fn patch_alloc_json(st: &State, v: &mut Value) {
    let id = v["ID"].as_str().unwrap_or_default();
    if st.drains.migrating.contains(id) {
        v["DesiredTransition"]["Migrate"] = json!(true);
    }
}

/// `PUT /v1/node/:id/drain`: starts, updates or cancels a drain.
pub fn update(
    st: &mut State,
    id: &str,
    spec: Option<(i64, bool)>,
    mark_eligible: bool,
    meta: BTreeMap<String, String>,
) -> Result<(), String> {
    let Some(mut node) = st.nodes.get(id).cloned() else {
        return Err("node not found".into());
    };
    let now = st.now_ns();
    match spec {
        Some((deadline_ns, ignore_system)) => {
            let started = st
                .drains
                .active
                .get(id)
                .map(|d| d.started_at_ns)
                .unwrap_or(now);
            st.drains.active.insert(
                id.to_string(),
                Drain {
                    deadline_ns,
                    ignore_system,
                    started_at_ns: started,
                    step: 0,
                    started: std::time::Instant::now(),
                },
            );
            st.drains.last.insert(
                id.to_string(),
                LastDrain {
                    status: "draining".into(),
                    started_at_ns: started,
                    updated_at_ns: now,
                    meta,
                },
            );
            node.drain = true;
            node.scheduling_eligibility = "ineligible".into();
            let delay = st.timing.alloc_start_delay;
            st.schedule(delay, Action::DrainStep(id.to_string()));
        }
        None => {
            st.drains.active.remove(id);
            if let Some(l) = st.drains.last.get_mut(id) {
                l.status = "canceled".into();
                l.updated_at_ns = now;
                l.meta = meta;
            }
            node.drain = false;
            if mark_eligible {
                node.scheduling_eligibility = "eligible".into();
            }
        }
    }
    st.upsert_node(node);
    Ok(())
}

/// Allocations the drain still has to move.
fn live_allocs(st: &State, node_id: &str, ignore_system: bool) -> Vec<String> {
    st.node_alloc_ids(node_id)
        .into_iter()
        .filter(|aid| {
            st.allocs.get(aid).is_some_and(|a| {
                matches!(a.client_status.as_str(), "pending" | "running")
                    && !(ignore_system && a.job_type == "system")
            })
        })
        .collect()
}

/// One step of a node's drain (a timer action).
pub fn step(st: &mut State, node_id: &str) {
    let Some(mut d) = st.drains.active.get(node_id).cloned() else {
        return;
    };
    let live = live_allocs(st, node_id, d.ignore_system);
    // `-force`, or a deadline that has passed: whatever is left is stopped now.
    let deadline_hit = d.deadline_ns > 0
        && d.started.elapsed() >= std::time::Duration::from_nanos(d.deadline_ns as u64);
    let force = d.deadline_ns < 0 || deadline_hit;
    let stage = if force { d.step.max(1) } else { d.step };
    match (stage, live.is_empty()) {
        (_, true) => {
            complete(st, node_id);
            return;
        }
        (0, false) => {
            for aid in &live {
                st.drains.migrating.insert(aid.clone());
                st.update_alloc(aid, |_| {});
            }
        }
        (1, false) => {
            for aid in &live {
                st.drains.migrating.insert(aid.clone());
                st.update_alloc(aid, |a| {
                    a.desired_status = "stop".into();
                    a.desired_description = "alloc is being migrated".into();
                });
            }
        }
        _ => {
            for aid in &live {
                st.set_alloc_status(aid, "complete");
            }
        }
    }
    d.step = stage + 1;
    st.drains.active.insert(node_id.to_string(), d);
    let delay = st.timing.alloc_start_delay;
    st.schedule(delay, Action::DrainStep(node_id.to_string()));
}

fn complete(st: &mut State, node_id: &str) {
    st.drains.active.remove(node_id);
    let now = st.now_ns();
    if let Some(l) = st.drains.last.get_mut(node_id) {
        l.status = "complete".into();
        l.updated_at_ns = now;
    }
    if let Some(mut node) = st.nodes.get(node_id).cloned() {
        node.drain = false;
        st.upsert_node(node);
    }
}
