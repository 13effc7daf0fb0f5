//! Job diffs computed the way Nomad's `structs/diff.go` computes them, over the sim's
//! `structs.Job` JSON values: primitive fields flattened (maps as `Name[key]`), nested blocks
//! as object diffs, sets of blocks matched by identity or content, contextual fields (the
//! unchanged ones) inside edited objects, and the same sort orders.

use std::collections::BTreeMap;

use serde_json::{json, Value};

type Flat = BTreeMap<String, String>;

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub ty: &'static str,
    pub name: String,
    pub old: String,
    pub new: String,
    pub annotations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    pub ty: &'static str,
    pub name: String,
    pub fields: Vec<Field>,
    pub objects: Vec<Object>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaskDiff {
    pub ty: &'static str,
    pub name: String,
    pub fields: Vec<Field>,
    pub objects: Vec<Object>,
    pub annotations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupDiff {
    pub ty: &'static str,
    pub name: String,
    pub fields: Vec<Field>,
    pub objects: Vec<Object>,
    pub tasks: Vec<TaskDiff>,
    pub updates: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct JobDiff {
    pub ty: &'static str,
    pub id: String,
    pub fields: Vec<Field>,
    pub objects: Vec<Object>,
    pub groups: Vec<GroupDiff>,
}

const NONE: &str = "None";
const ADDED: &str = "Added";
const DELETED: &str = "Deleted";
const EDITED: &str = "Edited";

/// Fields of Nomad's structs that are Go maps of strings: flattened as `Name[key]`.
const MAP_FIELDS: &[&str] = &[
    "Meta",
    "Env",
    "CanaryMeta",
    "TaggedAddresses",
    "GetterOptions",
    "GetterHeaders",
    "Target",
];

fn nulls(v: Option<&Value>) -> Option<&Value> {
    v.filter(|x| !x.is_null())
}

/// A Go integer's `%v`.
fn int_text(n: &serde_json::Number) -> String {
    n.to_string()
}

/// A Go float64's `%v` (strconv 'g', shortest): exponent form from 1e+06 up.
fn float_text(n: &serde_json::Number) -> String {
    let f = n.as_f64().unwrap_or(0.0);
    if f.fract() == 0.0 && f.abs() < 1e21 {
        let digits = format!("{}", f.abs() as u128);
        if digits.len() <= 6 {
            return format!("{}{digits}", if f < 0.0 { "-" } else { "" });
        }
        let exp = digits.len() - 1;
        let mant = digits.trim_end_matches('0');
        let (head, tail) = mant.split_at(1);
        let m = if tail.is_empty() {
            head.to_string()
        } else {
            format!("{head}.{tail}")
        };
        return format!("{}{m}e+{exp:02}", if f < 0.0 { "-" } else { "" });
    }
    format!("{f}")
}

fn prim_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(int_text(n)),
        _ => None,
    }
}

/// `flatmap.Flatten(obj, filter, true)` of a struct: its primitive fields and string maps;
/// nested structs, pointers (null) and slices are left out. A null object flattens to nothing.
fn prim_flat(v: Option<&Value>, filter: &[&str]) -> Flat {
    let mut out = Flat::new();
    let Some(Value::Object(m)) = nulls(v) else {
        return out;
    };
    for (k, x) in m {
        if filter.contains(&k.as_str()) {
            continue;
        }
        match x {
            Value::Object(inner) if MAP_FIELDS.contains(&k.as_str()) => {
                for (mk, mv) in inner {
                    if let Some(t) = prim_text(mv) {
                        out.insert(format!("{k}[{mk}]"), t);
                    }
                }
            }
            other => {
                if let Some(t) = prim_text(other) {
                    out.insert(k.clone(), t);
                }
            }
        }
    }
    for f in filter {
        out.remove(*f);
    }
    out
}

/// `flatmap.Flatten(m, nil, false)` of a `map[string]interface{}`: nested maps as `[key]`,
/// lists as `[i]`, numbers as Go float64s, nulls as `nil`.
fn full_flat(v: Option<&Value>) -> Flat {
    fn walk(prefix: &str, v: &Value, out: &mut Flat) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}[{k}]")
                    };
                    walk(&key, x, out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), x, out);
                }
            }
            Value::Null => {
                out.insert(prefix.to_string(), "nil".into());
            }
            Value::Number(n) => {
                out.insert(prefix.to_string(), float_text(n));
            }
            Value::String(s) => {
                out.insert(prefix.to_string(), s.clone());
            }
            Value::Bool(b) => {
                out.insert(prefix.to_string(), b.to_string());
            }
        }
    }
    let mut out = Flat::new();
    if let Some(v) = nulls(v) {
        walk("", v, &mut out);
    }
    out.remove("");
    out
}

fn field_diff(old: &str, new: &str, name: &str, contextual: bool) -> Option<Field> {
    let mut f = Field {
        ty: NONE,
        name: name.to_string(),
        old: String::new(),
        new: String::new(),
        annotations: Vec::new(),
    };
    if old == new {
        if !contextual {
            return None;
        }
        f.old = old.to_string();
        f.new = new.to_string();
        return Some(f);
    }
    if old.is_empty() {
        f.ty = ADDED;
        f.new = new.to_string();
    } else if new.is_empty() {
        f.ty = DELETED;
        f.old = old.to_string();
    } else {
        f.ty = EDITED;
        f.old = old.to_string();
        f.new = new.to_string();
    }
    Some(f)
}

fn field_less(a: &Field, b: &Field) -> bool {
    if a == b {
        return false;
    }
    if a.name != b.name {
        return a.name < b.name;
    }
    if a.old != b.old {
        return a.old < b.old;
    }
    a.new < b.new
}

fn type_less(a: &str, b: &str) -> bool {
    let rank = |t: &str| match t {
        EDITED => 0,
        ADDED => 1,
        DELETED => 2,
        _ => 3,
    };
    if a == b {
        return false;
    }
    if rank(a) == 3 && rank(b) == 3 {
        return true;
    }
    rank(a) < rank(b)
}

fn object_less(a: &Object, b: &Object) -> bool {
    if a == b {
        return false;
    }
    if a.name != b.name {
        return a.name < b.name;
    }
    if a.ty != b.ty {
        return type_less(a.ty, b.ty);
    }
    if a.fields.len() != b.fields.len() {
        return a.fields.len() < b.fields.len();
    }
    if a.objects.len() != b.objects.len() {
        return a.objects.len() < b.objects.len();
    }
    let (mut af, mut bf) = (a.fields.clone(), b.fields.clone());
    insertion_sort(&mut af, field_less);
    insertion_sort(&mut bf, field_less);
    if af.iter().zip(&bf).any(|(x, y)| field_less(x, y)) {
        return true;
    }
    let (mut ao, mut bo) = (a.objects.clone(), b.objects.clone());
    insertion_sort(&mut ao, object_less);
    insertion_sort(&mut bo, object_less);
    ao.iter().zip(&bo).any(|(x, y)| object_less(x, y))
}

/// Go's `sort.Sort` on short slices is an insertion sort; it also copes with Nomad's
/// comparators, which are not total orders.
fn insertion_sort<T>(v: &mut [T], less: fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn field_diffs(old: &Flat, new: &Flat, contextual: bool) -> Vec<Field> {
    let mut out = Vec::new();
    for (k, o) in old {
        let n = new.get(k).map(String::as_str).unwrap_or("");
        out.extend(field_diff(o, n, k, contextual));
    }
    for (k, n) in new {
        if !old.contains_key(k) {
            out.extend(field_diff("", n, k, contextual));
        }
    }
    insertion_sort(&mut out, field_less);
    out
}

fn strings(v: Option<&Value>) -> Vec<String> {
    nulls(v)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

fn list(v: Option<&Value>) -> Vec<Value> {
    nulls(v)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn string_set_diff(
    old: Option<&Value>,
    new: Option<&Value>,
    name: &str,
    contextual: bool,
) -> Option<Object> {
    let mut o = strings(old);
    let mut n = strings(new);
    o.sort();
    o.dedup();
    n.sort();
    n.dedup();
    if o == n && !contextual {
        return None;
    }
    let mut fields = Vec::new();
    let (mut added, mut removed) = (false, false);
    for k in &o {
        if !n.contains(k) {
            fields.extend(field_diff(k, "", name, contextual));
            removed = true;
        } else if contextual {
            fields.extend(field_diff(k, k, name, contextual));
        }
    }
    for k in &n {
        if !o.contains(k) {
            fields.extend(field_diff("", k, name, contextual));
            added = true;
        }
    }
    insertion_sort(&mut fields, field_less);
    let ty = match (added, removed) {
        (true, true) => EDITED,
        (true, false) => ADDED,
        (false, true) => DELETED,
        _ if fields.is_empty() => return None,
        _ => NONE,
    };
    Some(Object {
        ty,
        name: name.to_string(),
        fields,
        objects: Vec::new(),
    })
}

/// `primitiveObjectDiff`: the primitive fields only; no diff when nothing changed.
fn prim_object_diff(
    old: Option<&Value>,
    new: Option<&Value>,
    filter: &[&str],
    name: &str,
    contextual: bool,
) -> Option<Object> {
    let fields = field_diffs(&prim_flat(old, filter), &prim_flat(new, filter), contextual);
    let (mut added, mut deleted, mut edited) = (false, false, false);
    for f in &fields {
        match f.ty {
            EDITED => {
                edited = true;
                break;
            }
            DELETED => deleted = true,
            ADDED => added = true,
            _ => {}
        }
    }
    let ty = if edited || (added && deleted) {
        EDITED
    } else if added {
        ADDED
    } else if deleted {
        DELETED
    } else {
        return None;
    };
    Some(Object {
        ty,
        name: name.to_string(),
        fields,
        objects: Vec::new(),
    })
}

/// `primitiveObjectSetDiff`: blocks matched by `id_key` (when it names a non-empty field)
/// or by their whole content.
fn prim_object_set_diff(
    old: Option<&Value>,
    new: Option<&Value>,
    filter: &[&str],
    name: &str,
    id_key: Option<&str>,
    contextual: bool,
) -> Vec<Object> {
    let key = |v: &Value| -> String {
        id_key
            .and_then(|k| v[k].as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| format!("#{v}"))
    };
    let set = |l: Vec<Value>| -> BTreeMap<String, Value> {
        l.into_iter().map(|v| (key(&v), v)).collect()
    };
    let (o, n) = (set(list(old)), set(list(new)));
    let mut out = Vec::new();
    for (k, ov) in &o {
        out.extend(prim_object_diff(
            Some(ov),
            n.get(k),
            filter,
            name,
            contextual,
        ));
    }
    for (k, nv) in &n {
        if !o.contains_key(k) {
            out.extend(prim_object_diff(None, Some(nv), filter, name, contextual));
        }
    }
    insertion_sort(&mut out, object_less);
    out
}

/// The common shape of Nomad's pointer-block diffs: nothing when equal, Added/Deleted when
/// one side is missing, else Edited; fields are contextual.
fn block_diff(
    old: Option<&Value>,
    new: Option<&Value>,
    name: &str,
    filter: &[&str],
    contextual: bool,
) -> Option<Object> {
    let (o, n) = (nulls(old), nulls(new));
    if o == n {
        return None;
    }
    let ty = match (o, n) {
        (None, Some(_)) => ADDED,
        (Some(_), None) => DELETED,
        _ => EDITED,
    };
    Some(Object {
        ty,
        name: name.to_string(),
        fields: field_diffs(&prim_flat(o, filter), &prim_flat(n, filter), contextual),
        objects: Vec::new(),
    })
}

/// Diffs of maps of anything (`Config`, a scaling `Policy`): Added/Deleted by emptiness.
fn map_diff(
    old: Option<&Value>,
    new: Option<&Value>,
    name: &str,
    contextual: bool,
) -> Option<Object> {
    let empty = |v: Option<&Value>| {
        nulls(v)
            .and_then(Value::as_object)
            .is_none_or(|m| m.is_empty())
    };
    if nulls(old) == nulls(new) {
        return None;
    }
    let ty = if empty(old) {
        ADDED
    } else if empty(new) {
        DELETED
    } else {
        EDITED
    };
    Some(Object {
        ty,
        name: name.to_string(),
        fields: field_diffs(&full_flat(old), &full_flat(new), contextual),
        objects: Vec::new(),
    })
}

fn get<'a>(v: Option<&'a Value>, k: &str) -> Option<&'a Value> {
    nulls(v).and_then(|x| nulls(x.get(k)))
}

fn identity_diff(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Option<Object> {
    let mut d = block_diff(old, new, "Identity", &[], contextual)?;
    d.objects.extend(string_set_diff(
        get(old, "Audience"),
        get(new, "Audience"),
        "Audience",
        contextual,
    ));
    Some(d)
}

fn service_check_diffs(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Vec<Object> {
    let by_name = |l: Vec<Value>| -> BTreeMap<String, Value> {
        l.into_iter()
            .map(|v| (v["Name"].as_str().unwrap_or("").to_string(), v))
            .collect()
    };
    let (o, n) = (by_name(list(old)), by_name(list(new)));
    let one = |a: Option<&Value>, b: Option<&Value>| -> Option<Object> {
        let mut d = block_diff(a, b, "Check", &[], contextual)?;
        d.objects.extend(map_diff(
            get(a, "Header"),
            get(b, "Header"),
            "Header",
            contextual,
        ));
        d.objects.extend(block_diff(
            get(a, "CheckRestart"),
            get(b, "CheckRestart"),
            "CheckRestart",
            &[],
            contextual,
        ));
        Some(d)
    };
    let mut out = Vec::new();
    for (k, ov) in &o {
        out.extend(one(Some(ov), n.get(k)));
    }
    for (k, nv) in &n {
        if !o.contains_key(k) {
            out.extend(one(None, Some(nv)));
        }
    }
    insertion_sort(&mut out, object_less);
    out
}

fn service_diff(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Option<Object> {
    let mut d = block_diff(old, new, "Service", &[], contextual)?;
    d.objects.extend(string_set_diff(
        get(old, "CanaryTags"),
        get(new, "CanaryTags"),
        "CanaryTags",
        contextual,
    ));
    d.objects.extend(string_set_diff(
        get(old, "Tags"),
        get(new, "Tags"),
        "Tags",
        contextual,
    ));
    d.objects.extend(service_check_diffs(
        get(old, "Checks"),
        get(new, "Checks"),
        contextual,
    ));
    d.objects.extend(identity_diff(
        get(old, "Identity"),
        get(new, "Identity"),
        contextual,
    ));
    let (ow, nw) = (get(old, "Weights"), get(new, "Weights"));
    if ow != nw {
        let flat = |w: Option<&Value>| -> Flat {
            let mut m = Flat::new();
            for k in ["Passing", "Warning"] {
                if let Some(n) = get(w, k).and_then(Value::as_i64).filter(|n| *n > 0) {
                    m.insert(k.to_string(), n.to_string());
                }
            }
            m
        };
        d.objects.push(Object {
            ty: match (ow, nw) {
                (None, _) => ADDED,
                (_, None) => DELETED,
                _ => EDITED,
            },
            name: "Weights".into(),
            fields: field_diffs(&flat(ow), &flat(nw), contextual),
            objects: Vec::new(),
        });
    }
    Some(d)
}

/// `serviceDiffs`: services matched by position, port label and name.
fn service_diffs(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Vec<Object> {
    let (o, n) = (list(old), list(new));
    if o.len() == 1 && n.len() == 1 {
        return service_diff(Some(&o[0]), Some(&n[0]), contextual)
            .into_iter()
            .collect();
    }
    let mut new_matches = vec![-1i64; n.len()];
    let mut out = Vec::new();
    for (oi, os) in o.iter().enumerate() {
        let mut best = 0;
        let mut found: i64 = -1;
        for (i, s) in n.iter().enumerate() {
            if new_matches[i] >= 0 {
                continue;
            }
            let mut score = 0;
            if i == oi {
                score += 1;
            }
            if os["PortLabel"] == s["PortLabel"] {
                score += 2;
            }
            if os["Name"] == s["Name"] {
                score += 3;
            }
            if score > 2 && score > best {
                best = score;
                found = i as i64;
            }
        }
        if found < 0 {
            out.extend(service_diff(Some(os), None, contextual));
            continue;
        }
        new_matches[found as usize] = oi as i64;
        out.extend(service_diff(Some(os), Some(&n[found as usize]), contextual));
    }
    for (i, m) in new_matches.iter().enumerate() {
        if *m == -1 {
            out.extend(service_diff(None, Some(&n[i]), contextual));
        }
    }
    insertion_sort(&mut out, object_less);
    out
}

fn template_diff(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Option<Object> {
    let mut d = block_diff(old, new, "Template", &[], contextual)?;
    d.objects.extend(map_diff(
        get(old, "Wait"),
        get(new, "Wait"),
        "Template",
        contextual,
    ));
    if let Some(mut cs) = block_diff(
        get(old, "ChangeScript"),
        get(new, "ChangeScript"),
        "ChangeScript",
        &[],
        contextual,
    ) {
        cs.objects.extend(string_set_diff(
            get(get(old, "ChangeScript"), "Args"),
            get(get(new, "ChangeScript"), "Args"),
            "Args",
            contextual,
        ));
        d.objects.push(cs);
    }
    Some(d)
}

/// `templateDiffs`: templates matched by destination.
fn template_diffs(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Vec<Object> {
    let (o, n) = (list(old), list(new));
    if o.len() == 1 && n.len() == 1 {
        return template_diff(Some(&o[0]), Some(&n[0]), contextual)
            .into_iter()
            .collect();
    }
    let mut matched = vec![false; n.len()];
    let mut out = Vec::new();
    for ot in &o {
        let idx = (0..n.len()).find(|&i| !matched[i] && n[i]["DestPath"] == ot["DestPath"]);
        match idx {
            None => out.extend(template_diff(Some(ot), None, contextual)),
            Some(i) => {
                matched[i] = true;
                out.extend(template_diff(Some(ot), Some(&n[i]), contextual));
            }
        }
    }
    for (i, m) in matched.iter().enumerate() {
        if !m {
            out.extend(template_diff(None, Some(&n[i]), contextual));
        }
    }
    insertion_sort(&mut out, object_less);
    out
}

fn port_diffs(
    old: Option<&Value>,
    new: Option<&Value>,
    dynamic: bool,
    contextual: bool,
) -> Vec<Object> {
    let by_label = |l: Vec<Value>| -> BTreeMap<String, Value> {
        l.into_iter()
            .map(|v| (v["Label"].as_str().unwrap_or("").to_string(), v))
            .collect()
    };
    let (o, n) = (by_label(list(old)), by_label(list(new)));
    let (filter, name): (&[&str], &str) = if dynamic {
        (&["Value", "IgnoreCollision"], "Dynamic Port")
    } else {
        (&[], "Static Port")
    };
    let mut out = Vec::new();
    for (k, ov) in &o {
        out.extend(prim_object_diff(
            Some(ov),
            n.get(k),
            filter,
            name,
            contextual,
        ));
    }
    for (k, nv) in &n {
        if !o.contains_key(k) {
            out.extend(prim_object_diff(None, Some(nv), filter, name, contextual));
        }
    }
    insertion_sort(&mut out, object_less);
    out
}

fn network_diff(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Option<Object> {
    let mut d = block_diff(
        old,
        new,
        "Network",
        &["Device", "CIDR", "IP", "MBits"],
        contextual,
    )?;
    d.objects.extend(port_diffs(
        get(old, "ReservedPorts"),
        get(new, "ReservedPorts"),
        false,
        contextual,
    ));
    d.objects.extend(port_diffs(
        get(old, "DynamicPorts"),
        get(new, "DynamicPorts"),
        true,
        contextual,
    ));
    let (od, nd) = (get(old, "DNS"), get(new, "DNS"));
    if od != nd {
        let flat = |v: Option<&Value>| -> Flat {
            let mut m = Flat::new();
            for k in ["Servers", "Searches", "Options"] {
                let l = strings(get(v, k));
                if !l.is_empty() {
                    m.insert(k.to_string(), l.join(","));
                }
            }
            m
        };
        d.objects.push(Object {
            ty: match (od, nd) {
                (None, _) => ADDED,
                (_, None) => DELETED,
                _ => EDITED,
            },
            name: "DNS".into(),
            fields: field_diffs(&flat(od), &flat(nd), contextual),
            objects: Vec::new(),
        });
    }
    Some(d)
}

/// `networkResourceDiffs`: networks are matched by content, so a change is a deletion and
/// an addition.
fn network_diffs(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Vec<Object> {
    let (o, n) = (list(old), list(new));
    let mut out = Vec::new();
    for ov in &o {
        if !n.contains(ov) {
            out.extend(network_diff(Some(ov), None, contextual));
        }
    }
    for nv in &n {
        if !o.contains(nv) {
            out.extend(network_diff(None, Some(nv), contextual));
        }
    }
    insertion_sort(&mut out, object_less);
    out
}

fn resources_diff(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Option<Object> {
    let mut d = block_diff(old, new, "Resources", &[], contextual)?;
    d.objects.extend(network_diffs(
        get(old, "Networks"),
        get(new, "Networks"),
        contextual,
    ));
    d.objects.extend(prim_object_set_diff(
        get(old, "Devices"),
        get(new, "Devices"),
        &[],
        "Device",
        Some("Name"),
        contextual,
    ));
    d.objects.extend(block_diff(
        get(old, "NUMA"),
        get(new, "NUMA"),
        "NUMA",
        &[],
        contextual,
    ));
    Some(d)
}

fn constraints_and_affinities(old: Option<&Value>, new: Option<&Value>, out: &mut Vec<Object>) {
    out.extend(prim_object_set_diff(
        get(old, "Constraints"),
        get(new, "Constraints"),
        &["str"],
        "Constraint",
        None,
        true,
    ));
    out.extend(prim_object_set_diff(
        get(old, "Affinities"),
        get(new, "Affinities"),
        &["str"],
        "Affinity",
        None,
        true,
    ));
}

fn by_name(v: Option<&Value>) -> BTreeMap<String, Value> {
    list(v)
        .into_iter()
        .map(|x| (x["Name"].as_str().unwrap_or("").to_string(), x))
        .collect()
}

fn kind_of(old: Option<&Value>, new: Option<&Value>) -> &'static str {
    match (nulls(old), nulls(new)) {
        (None, Some(_)) => ADDED,
        (Some(_), None) => DELETED,
        (Some(a), Some(b)) if a != b => EDITED,
        _ => NONE,
    }
}

fn task_diff(old: Option<&Value>, new: Option<&Value>) -> TaskDiff {
    let c = true;
    let name = nulls(new)
        .or(nulls(old))
        .and_then(|t| t["Name"].as_str())
        .unwrap_or("")
        .to_string();
    let filter = ["Name", "Config"];
    let fields = field_diffs(&prim_flat(old, &filter), &prim_flat(new, &filter), false);
    let mut objects = Vec::new();
    constraints_and_affinities(old, new, &mut objects);
    objects.extend(map_diff(
        get(old, "Config"),
        get(new, "Config"),
        "Config",
        c,
    ));
    objects.extend(resources_diff(
        get(old, "Resources"),
        get(new, "Resources"),
        c,
    ));
    objects.extend(prim_object_diff(
        get(old, "LogConfig"),
        get(new, "LogConfig"),
        &[],
        "LogConfig",
        c,
    ));
    objects.extend(prim_object_diff(
        get(old, "DispatchPayload"),
        get(new, "DispatchPayload"),
        &[],
        "DispatchPayload",
        c,
    ));
    objects.extend(prim_object_set_diff(
        get(old, "Artifacts"),
        get(new, "Artifacts"),
        &[],
        "Artifact",
        Some("RelativeDest"),
        c,
    ));
    objects.extend(service_diffs(get(old, "Services"), get(new, "Services"), c));
    objects.extend(block_diff(
        get(old, "Vault"),
        get(new, "Vault"),
        "Vault",
        &[],
        c,
    ));
    objects.extend(prim_object_diff(
        get(old, "Consul"),
        get(new, "Consul"),
        &[],
        "Consul",
        c,
    ));
    objects.extend(template_diffs(
        get(old, "Templates"),
        get(new, "Templates"),
        c,
    ));
    objects.extend(identity_diff(get(old, "Identity"), get(new, "Identity"), c));
    let (oi, ni) = (
        by_name(get(old, "Identities")),
        by_name(get(new, "Identities")),
    );
    let mut ids = Vec::new();
    for (k, o) in &oi {
        ids.extend(identity_diff(Some(o), ni.get(k), c));
    }
    for (k, n) in &ni {
        if !oi.contains_key(k) {
            ids.extend(identity_diff(None, Some(n), c));
        }
    }
    insertion_sort(&mut ids, object_less);
    objects.extend(ids);
    let (oa, na) = (list(get(old, "Actions")), list(get(new, "Actions")));
    let mut actions = Vec::new();
    for i in 0..oa.len().max(na.len()) {
        if let Some(mut d) = block_diff(oa.get(i), na.get(i), "Action", &[], c) {
            d.objects.extend(string_set_diff(
                get(oa.get(i), "Args"),
                get(na.get(i), "Args"),
                "Args",
                c,
            ));
            actions.push(d);
        }
    }
    insertion_sort(&mut actions, object_less);
    objects.extend(actions);
    let (om, nm) = (
        list(get(old, "VolumeMounts")),
        list(get(new, "VolumeMounts")),
    );
    let mut mounts = Vec::new();
    for i in 0..om.len().max(nm.len()) {
        mounts.extend(block_diff(om.get(i), nm.get(i), "VolumeMount", &[], c));
    }
    insertion_sort(&mut mounts, object_less);
    objects.extend(mounts);
    TaskDiff {
        ty: kind_of(old, new),
        name,
        fields,
        objects,
        annotations: Vec::new(),
    }
}

fn group_diff(old: Option<&Value>, new: Option<&Value>) -> GroupDiff {
    let c = true;
    let ty = kind_of(old, new);
    let name = nulls(new)
        .or(nulls(old))
        .and_then(|t| t["Name"].as_str())
        .unwrap_or("")
        .to_string();
    // Pointer fields are not primitives to flatmap; ShutdownDelay is added by hand.
    let filter = [
        "Name",
        "ShutdownDelay",
        "StopAfterClientDisconnect",
        "MaxClientDisconnect",
    ];
    let (mut of, mut nf) = (prim_flat(old, &filter), prim_flat(new, &filter));
    if ty != ADDED && ty != DELETED {
        let sd = |v: Option<&Value>| {
            get(v, "ShutdownDelay")
                .map(|x| x.to_string())
                .unwrap_or_default()
        };
        of.insert("ShutdownDelay".into(), sd(old));
        nf.insert("ShutdownDelay".into(), sd(new));
    }
    let fields = field_diffs(&of, &nf, false);
    let mut objects = Vec::new();
    constraints_and_affinities(old, new, &mut objects);
    for key in [
        "RestartPolicy",
        "Migrate",
        "ReschedulePolicy",
        "EphemeralDisk",
        "Consul",
    ] {
        objects.extend(prim_object_diff(get(old, key), get(new, key), &[], key, c));
    }
    objects.extend(prim_object_diff(
        get(old, "Update"),
        get(new, "Update"),
        &["Stagger"],
        "Update",
        c,
    ));
    let (od, nd) = (get(old, "Disconnect"), get(new, "Disconnect"));
    if od != nd {
        objects.push(Object {
            ty: match (od, nd) {
                (None, _) => ADDED,
                (_, None) => DELETED,
                _ => EDITED,
            },
            name: "Disconnect".into(),
            fields: field_diffs(&full_flat(od), &full_flat(nd), c),
            objects: Vec::new(),
        });
    }
    objects.extend(network_diffs(get(old, "Networks"), get(new, "Networks"), c));
    let scaling_filter = [
        "CreateIndex",
        "ModifyIndex",
        "ID",
        "Type",
        "Target[Job]",
        "Target[Group]",
        "Target[Namespace]",
    ];
    let (os, ns) = (get(old, "Scaling"), get(new, "Scaling"));
    if let Some(mut d) = block_diff(os, ns, "Scaling", &scaling_filter, false) {
        d.objects
            .extend(map_diff(get(os, "Policy"), get(ns, "Policy"), "Policy", c));
        d.objects.sort_by(|a, b| a.name.cmp(&b.name));
        objects.push(d);
    }
    objects.extend(service_diffs(get(old, "Services"), get(new, "Services"), c));
    objects.extend(volume_diffs(get(old, "Volumes"), get(new, "Volumes"), c));
    let (ot, nt) = (by_name(get(old, "Tasks")), by_name(get(new, "Tasks")));
    let mut tasks = Vec::new();
    for (k, o) in &ot {
        tasks.push(task_diff(Some(o), nt.get(k)));
    }
    for (k, n) in &nt {
        if !ot.contains_key(k) {
            tasks.push(task_diff(None, Some(n)));
        }
    }
    tasks.sort_by(|a, b| a.name.cmp(&b.name));
    GroupDiff {
        ty,
        name,
        fields,
        objects,
        tasks,
        updates: BTreeMap::new(),
    }
}

/// `Job.Diff(other, contextual=true)`, as the plan endpoint and job versions compute it.
pub fn job_diff(old: Option<&Value>, new: Option<&Value>) -> JobDiff {
    let c = true;
    let filter = [
        "ID",
        "Status",
        "StatusDescription",
        "Version",
        "Stable",
        "CreateIndex",
        "ModifyIndex",
        "JobModifyIndex",
        "Update",
        "SubmitTime",
        "NomadTokenID",
        "VaultToken",
    ];
    let (old, new) = (nulls(old), nulls(new));
    let mut ty = match (old, new) {
        (None, Some(_)) => ADDED,
        (Some(_), None) => DELETED,
        _ => NONE,
    };
    let id = new
        .or(old)
        .and_then(|j| j["ID"].as_str())
        .unwrap_or("")
        .to_string();
    let fields = field_diffs(&prim_flat(old, &filter), &prim_flat(new, &filter), false);
    let mut objects = Vec::new();
    if let Some(d) = string_set_diff(
        get(old, "Datacenters"),
        get(new, "Datacenters"),
        "Datacenters",
        c,
    ) {
        if d.ty != NONE {
            objects.push(d);
        }
    }
    constraints_and_affinities(old, new, &mut objects);
    let (og, ng) = (
        by_name(get(old, "TaskGroups")),
        by_name(get(new, "TaskGroups")),
    );
    let mut groups = Vec::new();
    for (k, o) in &og {
        groups.push(group_diff(Some(o), ng.get(k)));
    }
    for (k, n) in &ng {
        if !og.contains_key(k) {
            groups.push(group_diff(None, Some(n)));
        }
    }
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    let (op, np) = (get(old, "Periodic"), get(new, "Periodic"));
    if let Some(mut d) = block_diff(op, np, "Periodic", &[], c) {
        if let Some(s) = string_set_diff(get(op, "Specs"), get(np, "Specs"), "Specs", c) {
            if s.ty != NONE {
                d.objects.push(s);
            }
        }
        objects.push(d);
    }
    let (opj, npj) = (get(old, "ParameterizedJob"), get(new, "ParameterizedJob"));
    if let Some(mut d) = block_diff(opj, npj, "ParameterizedJob", &[], c) {
        for k in ["MetaOptional", "MetaRequired"] {
            d.objects
                .extend(string_set_diff(get(opj, k), get(npj, k), k, c));
        }
        objects.push(d);
    }
    objects.extend(multiregion_diff(
        get(old, "Multiregion"),
        get(new, "Multiregion"),
        c,
    ));
    objects.extend(ui_diff(get(old, "UI"), get(new, "UI"), c));
    if ty == NONE
        && (fields.iter().any(|f| f.ty != NONE)
            || objects.iter().any(|o| o.ty != NONE)
            || groups.iter().any(|g| g.ty != NONE))
    {
        ty = EDITED;
    }
    JobDiff {
        ty,
        id,
        fields,
        objects,
        groups,
    }
}

/// `volumeDiffs`: a group's volume requests by name (Nomad walks a map; sorted here).
fn volume_diffs(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Vec<Object> {
    let map = |v: Option<&Value>| {
        nulls(v)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (o, n) = (map(old), map(new));
    let mut out = Vec::new();
    let one = |a: Option<&Value>, b: Option<&Value>| -> Option<Object> {
        let mut d = block_diff(a, b, "Volume", &[], contextual)?;
        let (am, bm) = (get(a, "MountOptions"), get(b, "MountOptions"));
        if let Some(mut m) = block_diff(am, bm, "MountOptions", &[], contextual) {
            m.objects.extend(string_set_diff(
                get(am, "MountFlags"),
                get(bm, "MountFlags"),
                "MountFlags",
                contextual,
            ));
            d.objects.push(m);
        }
        Some(d)
    };
    for (k, ov) in &o {
        out.extend(one(Some(ov), n.get(k)));
    }
    for (k, nv) in &n {
        if !o.contains_key(k) {
            out.extend(one(None, Some(nv)));
        }
    }
    out
}

fn multiregion_diff(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Option<Object> {
    let (o, n) = (nulls(old), nulls(new));
    if o == n {
        return None;
    }
    let ty = match (o, n) {
        (None, _) => ADDED,
        (_, None) => DELETED,
        _ => EDITED,
    };
    let mut objects = Vec::new();
    objects.extend(prim_object_diff(
        get(o, "Strategy"),
        get(n, "Strategy"),
        &[],
        "Strategy",
        contextual,
    ));
    let (orr, nr) = (by_name(get(o, "Regions")), by_name(get(n, "Regions")));
    let region = |a: Option<&Value>, b: Option<&Value>| -> Option<Object> {
        if nulls(a) == nulls(b) {
            return None;
        }
        let mut d = prim_object_diff(a, b, &[], "Region", contextual)?;
        if let Some(s) = string_set_diff(
            get(a, "Datacenters"),
            get(b, "Datacenters"),
            "Datacenters",
            contextual,
        ) {
            if s.ty != NONE {
                d.objects.push(s);
            }
        }
        Some(d)
    };
    for (k, ov) in &orr {
        objects.extend(region(Some(ov), nr.get(k)));
    }
    for (k, nv) in &nr {
        if !orr.contains_key(k) {
            objects.extend(region(None, Some(nv)));
        }
    }
    insertion_sort(&mut objects, object_less);
    Some(Object {
        ty,
        name: "Multiregion".into(),
        fields: Vec::new(),
        objects,
    })
}

fn ui_diff(old: Option<&Value>, new: Option<&Value>, contextual: bool) -> Option<Object> {
    let mut d = block_diff(old, new, "UI", &[], contextual)?;
    let (ol, nl) = (list(get(old, "Links")), list(get(new, "Links")));
    let empty = serde_json::json!({"Label": "", "URL": ""});
    let mut links = Vec::new();
    for i in 0..ol.len().max(nl.len()) {
        let (a, b) = (ol.get(i).unwrap_or(&empty), nl.get(i).unwrap_or(&empty));
        if a == b {
            continue;
        }
        links.push(Object {
            ty: if i >= ol.len() {
                ADDED
            } else if i >= nl.len() {
                DELETED
            } else {
                EDITED
            },
            name: "Link".into(),
            fields: field_diffs(
                &prim_flat(Some(a), &[]),
                &prim_flat(Some(b), &[]),
                contextual,
            ),
            objects: Vec::new(),
        });
    }
    insertion_sort(&mut links, object_less);
    d.objects.extend(links);
    Some(d)
}

// ---- annotations (scheduler/annotate.go) ----

/// Annotates the diff with the scheduler's per-group update counts (`DesiredTGUpdates`).
pub fn annotate(diff: &mut JobDiff, desired: &BTreeMap<String, Value>) {
    for g in &mut diff.groups {
        if let Some(u) = desired.get(&g.name) {
            for (key, name) in [
                ("Ignore", "ignore"),
                ("Place", "create"),
                ("Migrate", "migrate"),
                ("Stop", "destroy"),
                ("Canary", "canary"),
                ("InPlaceUpdate", "in-place update"),
                ("DestructiveUpdate", "create/destroy update"),
            ] {
                let n = u[key].as_u64().unwrap_or(0);
                if n != 0 {
                    g.updates.insert(name.to_string(), n);
                }
            }
        }
        if let Some(f) = g.fields.iter_mut().find(|f| f.name == "Count") {
            let (o, n) = (
                f.old.parse::<i64>().unwrap_or(0),
                f.new.parse::<i64>().unwrap_or(0),
            );
            if o < n {
                f.annotations.push("forces create".into());
            } else if n < o {
                f.annotations.push("forces destroy".into());
            }
        }
        let parent = g.ty;
        for t in &mut g.tasks {
            annotate_task(t, parent);
        }
    }
}

fn annotate_task(t: &mut TaskDiff, parent: &str) {
    if t.ty == NONE {
        return;
    }
    if parent == ADDED || parent == DELETED {
        if t.ty == ADDED {
            t.annotations.push("forces create".into());
            return;
        }
        if t.ty == DELETED {
            t.annotations.push("forces destroy".into());
            return;
        }
    }
    let mut destructive = t.fields.iter().any(|f| f.name != "KillTimeout");
    if !destructive {
        destructive = t.objects.iter().any(|o| match o.name.as_str() {
            "Service" | "Constraint" | "Affinity" | "Spread" => false,
            "LogConfig" => o.fields.iter().any(|f| f.name == "Disabled"),
            _ => true,
        });
    }
    t.annotations.push(
        if destructive {
            "forces create/destroy update"
        } else {
            "forces in-place update"
        }
        .into(),
    );
}

// ---- JSON ----

fn field_json(f: &Field) -> Value {
    json!({"Type": f.ty, "Name": f.name, "Old": f.old, "New": f.new,
           "Annotations": if f.annotations.is_empty() { Value::Null } else { json!(f.annotations) }})
}

fn fields_json(l: &[Field]) -> Value {
    if l.is_empty() {
        Value::Null
    } else {
        Value::Array(l.iter().map(field_json).collect())
    }
}

fn object_json(o: &Object) -> Value {
    json!({"Type": o.ty, "Name": o.name, "Fields": fields_json(&o.fields),
           "Objects": objects_json(&o.objects)})
}

fn objects_json(l: &[Object]) -> Value {
    if l.is_empty() {
        Value::Null
    } else {
        Value::Array(l.iter().map(object_json).collect())
    }
}

impl JobDiff {
    pub fn to_json(&self) -> Value {
        let groups: Vec<Value> = self
            .groups
            .iter()
            .map(|g| {
                let tasks: Vec<Value> = g
                    .tasks
                    .iter()
                    .map(|t| {
                        json!({"Type": t.ty, "Name": t.name, "Fields": fields_json(&t.fields),
                               "Objects": objects_json(&t.objects),
                               "Annotations": if t.annotations.is_empty() { Value::Null } else { json!(t.annotations) }})
                    })
                    .collect();
                json!({"Type": g.ty, "Name": g.name, "Fields": fields_json(&g.fields),
                       "Objects": objects_json(&g.objects),
                       "Tasks": if tasks.is_empty() { Value::Null } else { Value::Array(tasks) },
                       "Updates": if g.updates.is_empty() { Value::Null } else { json!(g.updates) }})
            })
            .collect();
        json!({"Type": self.ty, "ID": self.id, "Fields": fields_json(&self.fields),
               "Objects": objects_json(&self.objects),
               "TaskGroups": if groups.is_empty() { Value::Null } else { Value::Array(groups) }})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_floats() {
        let n = |x: f64| serde_json::Number::from_f64(x).unwrap();
        assert_eq!(float_text(&n(80.0)), "80");
        assert_eq!(float_text(&n(1_000_000.0)), "1e+06");
        assert_eq!(float_text(&n(1_234_567.0)), "1.234567e+06");
        assert_eq!(float_text(&n(0.5)), "0.5");
    }

    #[test]
    fn service_weights_and_sorted_sets() {
        let svc = |p: i64| {
            json!({"Name": "s", "PortLabel": "http", "Tags": ["b", "a"],
                                   "Weights": {"Passing": p, "Warning": 1}})
        };
        let d = service_diff(Some(&svc(3)), Some(&svc(5)), true).unwrap();
        assert_eq!(d.ty, EDITED);
        let w = d.objects.iter().find(|o| o.name == "Weights").unwrap();
        let f: Vec<(&str, &str, &str)> = w
            .fields
            .iter()
            .map(|f| (f.ty, f.name.as_str(), f.new.as_str()))
            .collect();
        assert_eq!(f, vec![(EDITED, "Passing", "5"), (NONE, "Warning", "1")]);
        let tags = d.objects.iter().find(|o| o.name == "Tags").unwrap();
        assert_eq!(tags.ty, NONE);
        assert_eq!(tags.fields[0].new, "a");
    }

    #[test]
    fn meta_and_count() {
        let old = json!({"ID": "a", "Meta": {"x": "1"}, "Priority": 50,
            "TaskGroups": [{"Name": "g", "Count": 1, "Tasks": [{"Name": "t", "Driver": "docker"}]}]});
        let new = json!({"ID": "a", "Meta": {"x": "2", "y": "3"}, "Priority": 50,
            "TaskGroups": [{"Name": "g", "Count": 2, "Tasks": [{"Name": "t", "Driver": "docker"}]}]});
        let d = job_diff(Some(&old), Some(&new));
        assert_eq!(d.ty, EDITED);
        let names: Vec<(&str, &str)> = d.fields.iter().map(|f| (f.name.as_str(), f.ty)).collect();
        assert_eq!(names, vec![("Meta[x]", EDITED), ("Meta[y]", ADDED)]);
        assert_eq!(d.groups[0].fields[0].name, "Count");
        assert_eq!(d.groups[0].tasks[0].ty, NONE);
    }
}
