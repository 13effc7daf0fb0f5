//! `PUT /v1/job/:id/plan`: a dry run. The diff follows Nomad's shape for what the sim
//! models — added/removed/unchanged jobs, groups and tasks, a group's `Count`, a task's
//! `Driver`, `Config`, `Env` and `Resources` — and the annotations the scheduler would give.

use crate::job;
use crate::state::State;
use serde_json::{json, Map, Value};

fn field(kind: &str, name: &str, old: &str, new: &str) -> Value {
    json!({"Type": kind, "Name": name, "Old": old, "New": new, "Annotations": null})
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Flattens a map into `key` / `key[0]` / `key.sub` entries, as Nomad's flatmap does.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, x, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), x, out);
            }
        }
        other => out.push((prefix.to_string(), scalar(other))),
    }
}

/// An object diff of two maps (`Config`, `Env`): edited, added and deleted keys, with the
/// unchanged ones as context.
fn map_object(name: &str, old: &Value, new: &Value) -> Option<Value> {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    flatten("", old, &mut a);
    flatten("", new, &mut b);
    let mut keys: Vec<&String> = a.iter().chain(b.iter()).map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    let get =
        |v: &Vec<(String, String)>, k: &str| v.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone());
    let mut fields = Vec::new();
    let mut changed = false;
    for k in keys {
        match (get(&a, k), get(&b, k)) {
            (Some(o), Some(n)) if o == n => fields.push(field("None", k, &o, &n)),
            (Some(o), Some(n)) => {
                changed = true;
                fields.push(field("Edited", k, &o, &n))
            }
            (None, Some(n)) => {
                changed = true;
                fields.push(field("Added", k, "", &n))
            }
            (Some(o), None) => {
                changed = true;
                fields.push(field("Deleted", k, &o, ""))
            }
            (None, None) => {}
        }
    }
    let kind = match (old.is_null(), new.is_null()) {
        (true, false) => "Added",
        (false, true) => "Deleted",
        _ if changed => "Edited",
        _ => return None,
    };
    Some(json!({"Type": kind, "Name": name, "Fields": fields, "Objects": null}))
}

fn task_diff(old: Option<&Value>, new: Option<&Value>) -> (Value, bool) {
    let name = new
        .or(old)
        .map(|t| job::s(t, "Name").to_string())
        .unwrap_or_default();
    match (old, new) {
        (None, Some(_)) => (
            json!({"Type": "Added", "Name": name, "Fields": null, "Objects": null,
                   "Annotations": ["forces create"]}),
            true,
        ),
        (Some(_), None) => (
            json!({"Type": "Deleted", "Name": name, "Fields": null, "Objects": null,
                   "Annotations": ["forces destroy"]}),
            true,
        ),
        (Some(o), Some(n)) => {
            let mut fields = Vec::new();
            if o["Driver"] != n["Driver"] {
                fields.push(field(
                    "Edited",
                    "Driver",
                    &scalar(&o["Driver"]),
                    &scalar(&n["Driver"]),
                ));
            }
            let mut objects = Vec::new();
            for key in ["Config", "Env"] {
                if let Some(d) = map_object(key, &o[key], &n[key]) {
                    objects.push(d);
                }
            }
            let (ro, rn) = (&o["Resources"], &n["Resources"]);
            let mut rf = Vec::new();
            for k in ["CPU", "MemoryMB", "MemoryMaxMB"] {
                if ro[k] != rn[k] && !(ro[k].is_null() && rn[k].is_null()) {
                    rf.push(field("Edited", k, &scalar(&ro[k]), &scalar(&rn[k])));
                }
            }
            if !rf.is_empty() {
                objects.push(
                    json!({"Type": "Edited", "Name": "Resources", "Fields": rf, "Objects": null}),
                );
            }
            if fields.is_empty() && objects.is_empty() {
                (
                    json!({"Type": "None", "Name": name, "Fields": null, "Objects": null, "Annotations": null}),
                    false,
                )
            } else {
                (
                    json!({"Type": "Edited", "Name": name, "Fields": fields, "Objects": objects,
                           "Annotations": ["forces create/destroy update"]}),
                    true,
                )
            }
        }
        (None, None) => (Value::Null, false),
    }
}

fn by_name(list: &Value) -> Vec<(String, Value)> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|g| (job::s(g, "Name").to_string(), g.clone()))
        .collect()
}

/// The plan answer for `new` (canonical) against the registered job, if any.
pub fn plan(st: &State, new: &Value) -> Value {
    let (ns, id) = (job::s(new, "Namespace"), job::s(new, "ID"));
    let old = st
        .job(ns, id)
        .filter(|j| !j["Stop"].as_bool().unwrap_or(false));
    plan_against(st, old, new)
}

/// The plan answer for `new` against `old` (also used for the diffs of `job history -p`).
pub fn plan_against(st: &State, old: Option<&Value>, new: &Value) -> Value {
    let id = job::s(new, "ID");
    let (old_groups, new_groups) = (
        old.map(|j| by_name(&j["TaskGroups"])).unwrap_or_default(),
        by_name(&new["TaskGroups"]),
    );
    let mut names: Vec<String> = old_groups
        .iter()
        .chain(new_groups.iter())
        .map(|(n, _)| n.clone())
        .collect();
    names.sort();
    names.dedup();
    let mut tg_diffs = Vec::new();
    let mut updates = Map::new();
    let mut any = false;
    for name in &names {
        let o = old_groups.iter().find(|(n, _)| n == name).map(|(_, g)| g);
        let n = new_groups.iter().find(|(n, _)| n == name).map(|(_, g)| g);
        let count = |g: Option<&Value>| g.and_then(|g| g["Count"].as_u64()).unwrap_or(0);
        let (oc, nc) = (count(o), count(n));
        let ot = o.map(|g| by_name(&g["Tasks"])).unwrap_or_default();
        let nt = n.map(|g| by_name(&g["Tasks"])).unwrap_or_default();
        let mut tnames: Vec<String> = ot.iter().chain(nt.iter()).map(|(n, _)| n.clone()).collect();
        tnames.sort();
        tnames.dedup();
        let mut tasks = Vec::new();
        let mut destructive = false;
        for t in &tnames {
            let (d, changed) = task_diff(
                ot.iter().find(|(x, _)| x == t).map(|(_, v)| v),
                nt.iter().find(|(x, _)| x == t).map(|(_, v)| v),
            );
            destructive |= changed;
            tasks.push(d);
        }
        let mut fields = Vec::new();
        let mut u = Map::new();
        let mut counts = json!({"Ignore": 0, "Place": 0, "Migrate": 0, "Stop": 0,
            "InPlaceUpdate": 0, "DestructiveUpdate": 0, "Canary": 0, "Preemptions": 0});
        let kind = match (o, n) {
            (None, Some(_)) => {
                u.insert("create".into(), json!(nc));
                counts["Place"] = json!(nc);
                "Added"
            }
            (Some(_), None) => {
                u.insert("destroy".into(), json!(oc));
                counts["Stop"] = json!(oc);
                "Deleted"
            }
            _ => {
                if oc != nc {
                    fields.push(field("Edited", "Count", &oc.to_string(), &nc.to_string()));
                }
                let kept = oc.min(nc);
                if destructive {
                    u.insert("create/destroy update".into(), json!(kept));
                    counts["DestructiveUpdate"] = json!(kept);
                } else if kept > 0 {
                    u.insert("ignore".into(), json!(kept));
                    counts["Ignore"] = json!(kept);
                }
                if nc > oc {
                    u.insert("create".into(), json!(nc - oc));
                    counts["Place"] = json!(nc - oc);
                } else if oc > nc {
                    u.insert("destroy".into(), json!(oc - nc));
                    counts["Stop"] = json!(oc - nc);
                }
                if fields.is_empty() && !destructive {
                    "None"
                } else {
                    "Edited"
                }
            }
        };
        any |= kind != "None";
        updates.insert(name.clone(), counts);
        tg_diffs.push(
            json!({"Type": kind, "Name": name, "Fields": fields, "Objects": null,
                             "Tasks": tasks, "Updates": u}),
        );
    }
    let job_kind = match old {
        None => "Added",
        Some(_) if any => "Edited",
        Some(_) => "None",
    };
    let mut failed = Map::new();
    let candidates = crate::sched::eligible_nodes(st, new);
    if candidates.is_empty() {
        for (name, g) in &new_groups {
            let mut m = crate::model::alloc_metric(job::s(new, "NodePool"), 0);
            m["NodesAvailable"] = json!({});
            m["CoalescedFailures"] = json!(g["Count"].as_i64().unwrap_or(1).max(1) - 1);
            failed.insert(name.clone(), m);
        }
    }
    json!({
        "Annotations": {"DesiredTGUpdates": updates, "PreemptedAllocs": null},
        "FailedTGAllocs": if failed.is_empty() { Value::Null } else { Value::Object(failed) },
        "JobModifyIndex": old.map(|j| job::u(j, "JobModifyIndex")).unwrap_or(0),
        "CreatedEvals": null,
        "Diff": {"Type": job_kind, "ID": id, "Fields": null, "Objects": null, "TaskGroups": tg_diffs},
        "NextPeriodicLaunch": "0001-01-01T00:00:00Z",
        "Warnings": "",
        "Index": st.index(),
    })
}
