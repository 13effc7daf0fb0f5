//! The shape of JSON values, which is what the contract compares: which keys an object has,
//! which JSON types a value takes, null versus empty. Values themselves (IDs, times, names)
//! differ between any two clusters and are not compared.
//!
//! A list's elements, and the values of an object that maps names to things (task states,
//! metadata, drivers, …), are merged into one shape: a key that some elements have and others
//! lack is optional, a value that is sometimes null and sometimes an object may be either.

use serde_json::Value;
use std::collections::BTreeMap;

/// Keys whose object value maps data (names, IDs, attributes) to values rather than holding
/// fields: the keys of such a map are not compared, its values are merged into one shape.
/// (`TaskGroups` is a list in a job and a map in a deployment or summary: only an object
/// value is taken as a map.)
const MAP_KEYS: &[&str] = &[
    "Attributes",
    "CSIControllerPlugins",
    "CSINodePlugins",
    "Checks",
    "ClassEligibility",
    "ClassExhausted",
    "ClassFiltered",
    "Config",
    "ConstraintFiltered",
    "Details",
    // Host data: disks by mount point, the environment by variable.
    "Disk",
    "Environment",
    "DimensionExhausted",
    "Drivers",
    "Dynamic",
    "Env",
    "FailedTGAllocs",
    "HostNetworks",
    "HostVolumes",
    "Items",
    // The gossip keyring: keys to how many servers hold them.
    "Keys",
    // Metric labels by name.
    "Labels",
    "Links",
    // Search matches by context: null or a list depending on what the prefix found.
    "Matches",
    "Meta",
    "NodesAvailable",
    // A client's `options` block: option names to strings.
    "Options",
    // Process stats by PID.
    "Pids",
    "QueuedAllocations",
    "QuotaExhausted",
    "ResourcesExhausted",
    "ScoreMetaData",
    "Scores",
    "Static",
    "Summary",
    "Tags",
    "TaskGroups",
    "TaskLifecycles",
    "TaskStates",
    "Tasks",
];

/// Every kind of JSON value seen at one place, merged.
#[derive(Debug, Default, Clone)]
pub struct Shape {
    null: bool,
    boolean: bool,
    number: bool,
    string: bool,
    /// Lists seen: the merged shape of all their elements (default when all were empty).
    list: Option<Box<Shape>>,
    object: Option<Obj>,
}

#[derive(Debug, Default, Clone)]
struct Obj {
    /// How many objects were merged.
    seen: usize,
    /// A map of names to values: `fields` then has the one key `*`.
    map: bool,
    /// Key → how many of the objects had it, and the merged shape of its values.
    fields: BTreeMap<String, (usize, Shape)>,
}

impl Shape {
    /// The merged shape of `values` (the frames of a stream, or one body).
    pub fn of<'a>(values: impl IntoIterator<Item = &'a Value>, root_map: bool) -> Shape {
        let mut s = Shape::default();
        for v in values {
            s.add(v, root_map);
        }
        s
    }

    fn add(&mut self, v: &Value, map: bool) {
        match v {
            Value::Null => self.null = true,
            Value::Bool(_) => self.boolean = true,
            Value::Number(_) => self.number = true,
            Value::String(_) => self.string = true,
            Value::Array(items) => {
                let elems = self.list.get_or_insert_with(Box::default);
                for item in items {
                    elems.add(item, false);
                }
            }
            Value::Object(fields) => {
                let obj = self.object.get_or_insert_with(Obj::default);
                obj.seen += 1;
                obj.map |= map;
                for (k, val) in fields {
                    let key = if map { "*".to_string() } else { k.clone() };
                    let child_map = !map && val.is_object() && MAP_KEYS.contains(&k.as_str());
                    let entry = obj.fields.entry(key).or_default();
                    entry.0 += 1;
                    entry.1.add(val, child_map);
                }
            }
        }
    }

    fn kinds(&self) -> Vec<&'static str> {
        let mut k = Vec::new();
        if self.null {
            k.push("null");
        }
        if self.boolean {
            k.push("a bool");
        }
        if self.number {
            k.push("a number");
        }
        if self.string {
            k.push("a string");
        }
        match &self.list {
            Some(e) if e.is_empty() => k.push("[]"),
            Some(_) => k.push("a list"),
            None => {}
        }
        match &self.object {
            Some(o) if o.fields.is_empty() => k.push("{}"),
            Some(_) => k.push("an object"),
            None => {}
        }
        k
    }

    /// Nothing seen (the element shape of lists that were all empty).
    fn is_empty(&self) -> bool {
        !self.null
            && !self.boolean
            && !self.number
            && !self.string
            && self.list.is_none()
            && self.object.is_none()
    }
}

fn describe(kinds: &[&str]) -> String {
    match kinds {
        [] => "nothing".into(),
        [one] => (*one).into(),
        _ => kinds.join(" or "),
    }
}

/// The differences between what Nomad sent (`rec`) and what the sim sent, each as
/// `<path>: <what differs>`. The sim may show fewer variants than the recording (its cluster
/// is in other states), never others: every kind of value it sends at a place must be one
/// Nomad sent there, and every key Nomad always sends it must always send.
pub fn compare(rec: &Shape, sim: &Shape, path: &str, out: &mut Vec<String>) {
    let at = if path.is_empty() { "." } else { path };
    let kinds_ok = (!sim.null || rec.null)
        && (!sim.boolean || rec.boolean)
        && (!sim.number || rec.number)
        && (!sim.string || rec.string)
        && (sim.list.is_none() || rec.list.is_some())
        && (sim.object.is_none() || rec.object.is_some());
    if !kinds_ok {
        out.push(format!(
            "{at}: sim sends {}, Nomad sends {}",
            describe(&sim.kinds()),
            describe(&rec.kinds())
        ));
    }
    if let (Some(r), Some(s)) = (&rec.list, &sim.list) {
        if !r.is_empty() && !s.is_empty() {
            compare(r, s, &format!("{path}[*]"), out);
        }
    }
    let (Some(r), Some(s)) = (&rec.object, &sim.object) else {
        return;
    };
    if r.map || s.map {
        // A map's keys are data: only the shapes of its values are compared.
        if let (Some((_, rv)), Some((_, sv))) = (r.fields.get("*"), s.fields.get("*")) {
            compare(rv, sv, &format!("{path}.*"), out);
        }
        return;
    }
    for (k, (n, shape)) in &s.fields {
        let child = format!("{path}.{k}");
        match r.fields.get(k) {
            // A key only ever null where Nomad leaves it out reads the same to a client.
            // Nomad's own builds differ here: the codec-generated encoders leave nil fields
            // out that the reflection-based ones write as null (a job stub's `Meta`, an
            // allocation stub's `AllocatedResources`: recorded both ways).
            None if shape.kinds() == ["null"] => {}
            None => out.push(format!(
                "{child}: sim sends {}, Nomad leaves it out",
                describe(&shape.kinds())
            )),
            Some((rn, rshape)) => {
                if *rn == r.seen && *n < s.seen {
                    out.push(format!(
                        "{child}: sim sometimes leaves it out, Nomad always sends {}",
                        describe(&rshape.kinds())
                    ));
                }
                compare(rshape, shape, &child, out);
            }
        }
    }
    for (k, (rn, rshape)) in &r.fields {
        if *rn == r.seen && !s.fields.contains_key(k) {
            out.push(format!(
                "{path}.{k}: sim leaves it out, Nomad sends {}",
                describe(&rshape.kinds())
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn diff(rec: Value, sim: Value) -> Vec<String> {
        let mut out = Vec::new();
        compare(
            &Shape::of([&rec], false),
            &Shape::of([&sim], false),
            "",
            &mut out,
        );
        out
    }

    #[test]
    fn same_keys_and_types_match_whatever_the_values() {
        let rec = json!({"ID": "a", "N": 1, "L": [{"X": true}], "Meta": {"k": "v"}});
        let sim = json!({"ID": "b", "N": 7, "L": [{"X": false}, {"X": true}], "Meta": {}});
        assert_eq!(diff(rec, sim), Vec::<String>::new());
    }

    #[test]
    fn null_versus_empty_and_types_are_reported_with_the_path() {
        let rec = json!({"TaskGroups": [{"Update": {"Canary": 0}}], "Tags": []});
        let sim = json!({"TaskGroups": [{"Update": {"Canary": null}}], "Tags": null});
        assert_eq!(
            diff(rec, sim),
            vec![
                ".Tags: sim sends null, Nomad sends []",
                ".TaskGroups[*].Update.Canary: sim sends null, Nomad sends a number",
            ]
        );
    }

    #[test]
    fn missing_and_extra_keys_are_reported() {
        let rec = json!({"A": 1, "B": null});
        let sim = json!({"A": 1, "C": "x", "D": null});
        assert_eq!(
            diff(rec, sim),
            vec![
                ".C: sim sends a string, Nomad leaves it out",
                ".B: sim leaves it out, Nomad sends null",
            ]
        );
    }

    #[test]
    fn keys_nomad_sends_only_sometimes_are_optional() {
        let rec = json!([{"ID": "a", "DeploymentID": "d"}, {"ID": "b"}]);
        let sim = json!([{"ID": "c"}]);
        assert_eq!(diff(rec, sim), Vec::<String>::new());
        let rec = json!([{"ID": "a", "Status": "x"}, {"ID": "b", "Status": "y"}]);
        let sim = json!([{"ID": "c", "Status": "x"}, {"ID": "d"}]);
        assert_eq!(
            diff(rec, sim),
            vec!["[*].Status: sim sometimes leaves it out, Nomad always sends a string"]
        );
    }

    #[test]
    fn maps_compare_their_values_not_their_keys() {
        let rec = json!({"TaskStates": {"redis": {"State": "running", "Events": []}}});
        let sim = json!({"TaskStates": {"web": {"State": "running"}}});
        assert_eq!(
            diff(rec, sim),
            vec![".TaskStates.*.Events: sim leaves it out, Nomad sends []"]
        );
        // The same name as a list holds structs.
        let rec = json!({"TaskGroups": [{"Name": "a"}]});
        let sim = json!({"TaskGroups": [{"Name": "b", "Count": 1}]});
        assert_eq!(
            diff(rec, sim),
            vec![".TaskGroups[*].Count: sim sends a number, Nomad leaves it out"]
        );
    }

    #[test]
    fn a_sim_variant_nomad_never_showed_is_reported() {
        let rec = json!([{"NextAllocation": ""}, {"NextAllocation": "x"}]);
        let sim = json!([{"NextAllocation": null}]);
        assert_eq!(
            diff(rec, sim),
            vec!["[*].NextAllocation: sim sends null, Nomad sends a string"]
        );
    }
}
