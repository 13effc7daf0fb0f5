//! Volume specification files (`volume create`, `volume register`) decoded as Nomad v1.10.5
//! decodes them: parsed by legacy HCL (so JSON works too), the `type` read first, then the
//! blocks Nomad handles by hand (`capability`, `constraint`, `mount_options`,
//! `topology_request`, capacities as byte sizes) and every other key weakly decoded
//! (mapstructure's rules: numbers and booleans into strings, blocks into string maps) into
//! the API object. The result is the API object's JSON with Go's field names.

use serde_json::{json, Map, Value};

use crate::gocompat::hcl1::{self, elem_values, filter, Item, Kind, Node};

/// The parsed file and its `type` (as written; callers compare it lower-cased).
pub fn parse_type(src: &str) -> Result<(Vec<Item>, String), String> {
    let items = hcl1::parse(src).map_err(|e| format!("parse error: {e}"))?;
    let mut ty = String::new();
    for m in filter(&items, "type") {
        if !m.keys.is_empty() {
            continue;
        }
        match &m.val {
            Some(Node::Literal(t)) if matches!(t.kind, Kind::Number | Kind::Float | Kind::Bool) => {
                ty = t.text.clone()
            }
            Some(Node::Literal(t)) if matches!(t.kind, Kind::Str | Kind::Heredoc) => {
                ty = t.string_value()
            }
            Some(n) => {
                return Err(format!(
                    "dispatch error: At {}: root.type: unknown type for string {}",
                    node_pos(n),
                    go_node_type(n, true)
                ))
            }
            None => {}
        }
    }
    Ok((items, ty))
}

fn node_pos(n: &Node) -> String {
    match n {
        Node::Literal(t) => t.pos.to_string(),
        Node::List(_) => "-".into(),
        Node::Object(items) => items
            .first()
            .and_then(|i| i.keys.first())
            .map_or("-".into(), |k| k.pos.to_string()),
    }
}

/// Go's `%T` of an HCL node (an object as the list inside it when `unwrapped`).
fn go_node_type(n: &Node, unwrapped: bool) -> &'static str {
    match n {
        Node::Literal(_) => "*ast.LiteralType",
        Node::List(_) => "*ast.ListType",
        Node::Object(_) if unwrapped => "*ast.ObjectList",
        Node::Object(_) => "*ast.ObjectType",
    }
}

/// HCL's decoding into `map[string]interface{}`: blocks become lists of maps, repeated
/// blocks append, repeated attributes replace.
fn to_map(items: &[Item], name: &str) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let mut done = std::collections::HashSet::new();
    for item in items {
        let Some(val) = &item.val else { continue };
        let Some(k) = item.keys.first() else {
            return Err(format!("{name}: map must have string keys"));
        };
        let key = k.string_value();
        if done.contains(&key) {
            continue;
        }
        let field = format!("{name}.{key}");
        let v = if item.keys.len() > 1 {
            done.insert(key.clone());
            let sub = to_map(&filter(items, &key), &field)?;
            append(out.get(&key), Value::Object(sub))
        } else {
            match val {
                Node::Object(inner) => append(out.get(&key), Value::Object(to_map(inner, &field)?)),
                n => to_value(n, &field)?,
            }
        };
        out.insert(key, v);
    }
    Ok(out)
}

fn append(existing: Option<&Value>, v: Value) -> Value {
    let mut list = match existing {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    list.push(v);
    Value::Array(list)
}

fn to_value(n: &Node, name: &str) -> Result<Value, String> {
    Ok(match n {
        Node::Literal(t) => match t.kind {
            Kind::Bool => Value::Bool(t.text == "true"),
            Kind::Number => crate::gocompat::strconv::parse_int(&t.text)
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(t.text.clone())),
            Kind::Float => t
                .text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
            Kind::Str | Kind::Heredoc => Value::String(t.string_value()),
            _ => {
                return Err(format!(
                    "At {}: {name}: cannot decode into interface: *ast.LiteralType",
                    t.pos
                ))
            }
        },
        Node::List(l) => Value::Array(
            l.iter()
                .map(|e| match e {
                    Node::Object(inner) => to_map(inner, name).map(Value::Object),
                    e => to_value(e, name),
                })
                .collect::<Result<_, _>>()?,
        ),
        Node::Object(inner) => Value::Object(to_map(inner, name)?),
    })
}

/// Go's `%T` of a decoded value.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int",
        Value::String(_) => "string",
        Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_object) => {
            "[]map[string]interface {}"
        }
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// Go's `%v` of a decoded value.
fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_v).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => {
            let mut kv: Vec<String> = m.iter().map(|(k, v)| format!("{k}:{}", go_v(v))).collect();
            kv.sort();
            format!("map[{}]", kv.join(" "))
        }
    }
}

/// What a struct field is, for weak decoding.
#[derive(Clone, Copy)]
enum Ty {
    Str(&'static str),
    Int(&'static str),
    Uint(&'static str),
    Bool,
    StrMap,
}

fn weak(name: &str, ty: Ty, v: &Value) -> Result<Value, String> {
    let unconvertible = |expected: &str| {
        format!(
            "'{name}' expected type '{expected}', got unconvertible type '{}', value: '{}'",
            go_type(v),
            go_v(v)
        )
    };
    match ty {
        Ty::Str(go) => match v {
            Value::String(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(json!(if *b { "1" } else { "0" })),
            Value::Number(n) => Ok(json!(n.to_string())),
            Value::Null => Ok(json!("")),
            _ => Err(unconvertible(go)),
        },
        Ty::Int(go) => match v {
            Value::Number(n) => Ok(json!(n.as_i64().unwrap_or(n.as_f64().unwrap_or(0.0) as i64))),
            Value::Bool(b) => Ok(json!(i64::from(*b))),
            Value::String(s) if s.is_empty() => Ok(json!(0)),
            Value::String(s) => crate::gocompat::strconv::parse_int(s)
                .map(|i| json!(i))
                .map_err(|_| {
                    format!(
                        "cannot parse '{name}' as int: strconv.ParseInt: parsing {}: invalid syntax",
                        crate::gocompat::strconv::quote(s)
                    )
                }),
            Value::Null => Ok(json!(0)),
            _ => Err(unconvertible(go)),
        },
        Ty::Uint(go) => match v {
            Value::Number(n) => Ok(json!(n.as_u64().unwrap_or(n.as_f64().unwrap_or(0.0) as u64))),
            Value::Bool(b) => Ok(json!(u64::from(*b))),
            Value::String(s) if s.is_empty() => Ok(json!(0)),
            Value::String(s) => crate::gocompat::strconv::parse_uint(s)
                .map(|i| json!(i))
                .map_err(|_| {
                    format!(
                        "cannot parse '{name}' as uint: strconv.ParseUint: parsing {}: invalid syntax",
                        crate::gocompat::strconv::quote(s)
                    )
                }),
            Value::Null => Ok(json!(0)),
            _ => Err(unconvertible(go)),
        },
        Ty::Bool => match v {
            Value::Bool(_) => Ok(v.clone()),
            Value::Number(n) => Ok(json!(n.as_f64() != Some(0.0))),
            Value::String(s) if s.is_empty() => Ok(json!(false)),
            Value::String(s) => crate::gocompat::strconv::parse_bool(s)
                .map(|b| json!(b))
                .ok_or_else(|| {
                    format!(
                        "cannot parse '{name}' as bool: strconv.ParseBool: parsing {}: invalid syntax",
                        crate::gocompat::strconv::quote(s)
                    )
                }),
            Value::Null => Ok(json!(false)),
            _ => Err(unconvertible("bool")),
        },
        Ty::StrMap => {
            // A block is a list of maps, which weak decoding merges into one map (naming
            // each entry by its place in the list).
            let maps: Vec<(String, &Map<String, Value>)> = match v {
                Value::Object(m) => vec![(name.to_string(), m)],
                Value::Array(a) if a.iter().all(Value::is_object) => a
                    .iter()
                    .filter_map(Value::as_object)
                    .enumerate()
                    .map(|(i, m)| (format!("{name}[{i}]"), m))
                    .collect(),
                Value::Null => Vec::new(),
                _ => return Err(format!("'{name}' expected a map, got '{}'", go_kind(v))),
            };
            let mut out = Map::new();
            for (at, m) in maps {
                for (k, x) in m {
                    let s = weak(&format!("{at}[{k}]"), Ty::Str("string"), x)?;
                    out.insert(k.clone(), s);
                }
            }
            Ok(Value::Object(out))
        }
    }
}

/// Go's `reflect.Kind` name of a decoded value.
fn go_kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "slice",
        Value::Object(_) => "map",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int",
        Value::Null => "invalid",
    }
}

/// mapstructure's `WeakDecode` of `m` into the fields `fields` (mapstructure name, Go field,
/// kind): the exact name first, else one equal but for case.
fn weak_decode(
    m: &Map<String, Value>,
    fields: &[(&str, &str, Ty)],
) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let mut errors = Vec::new();
    for (name, field, ty) in fields {
        let v = m.get(*name).or_else(|| {
            m.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        });
        let Some(v) = v else { continue };
        match weak(name, *ty, v) {
            Ok(x) => {
                out.insert(field.to_string(), x);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        return Ok(out);
    }
    errors.sort();
    let points: Vec<String> = errors.iter().map(|e| format!("* {e}")).collect();
    Err(format!(
        "{} error(s) decoding:\n\n{}",
        errors.len(),
        points.join("\n")
    ))
}

/// `parseCapacityBytes`: the first literal of `key`, as a byte size (`""` is zero).
fn capacity(items: &[Item], key: &str) -> Result<i64, String> {
    let matched = filter(items, key);
    let Some(Node::Literal(t)) = elem_values(&matched).into_iter().next() else {
        return Ok(0);
    };
    let lit = t.text.trim_matches('"');
    if lit.is_empty() {
        return Ok(0);
    }
    crate::gocompat::humanize::parse_bytes(lit)
        .map(|b| b as i64)
        .map_err(|e| format!("invalid {key}: could not parse value as bytes: {e}"))
}

/// `helper.CheckHCLKeys`: the keys of a block, against the allowed ones.
fn check_keys(n: &Node, valid: &[&str]) -> Result<(), String> {
    let Node::Object(items) = n else {
        return Err(format!(
            "cannot check HCL keys of type {}",
            go_node_type(n, false)
        ));
    };
    let bad: Vec<String> = items
        .iter()
        .filter_map(|i| i.keys.first())
        .map(|k| k.string_value())
        .filter(|k| !valid.contains(&k.as_str()))
        .map(|k| format!("invalid key: {k}"))
        .collect();
    if bad.is_empty() {
        return Ok(());
    }
    Err(super::status_csi::multierror(&bad))
}

/// The `capability` blocks (host and CSI volumes read them alike).
fn capabilities(items: &[Item]) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    let matched = filter(items, "capability");
    for n in elem_values(&matched) {
        check_keys(n, &["access_mode", "attachment_mode"])?;
        let Node::Object(inner) = n else { break };
        let m = to_map(inner, "root")?;
        let fields = [
            ("access_mode", "AccessMode", Ty::Str("string")),
            ("attachment_mode", "AttachmentMode", Ty::Str("string")),
        ];
        let mut cap = weak_decode(&m, &fields)?;
        for (_, f, _) in fields {
            cap.entry(f).or_insert(json!(""));
        }
        out.push(Value::Object(cap));
    }
    Ok(out)
}

const HOST_FIELDS: &[(&str, &str, Ty)] = &[
    ("namespace", "Namespace", Ty::Str("string")),
    ("id", "ID", Ty::Str("string")),
    ("name", "Name", Ty::Str("string")),
    ("plugin_id", "PluginID", Ty::Str("string")),
    ("node_pool", "NodePool", Ty::Str("string")),
    ("node_id", "NodeID", Ty::Str("string")),
    ("Parameters", "Parameters", Ty::StrMap),
    ("host_path", "HostPath", Ty::Str("string")),
    ("State", "State", Ty::Str("api.HostVolumeState")),
    ("CreateIndex", "CreateIndex", Ty::Uint("uint64")),
    ("CreateTime", "CreateTime", Ty::Int("int64")),
    ("ModifyIndex", "ModifyIndex", Ty::Uint("uint64")),
    ("ModifyTime", "ModifyTime", Ty::Int("int64")),
];

/// `decodeHostVolume`: an `api.HostVolume`.
pub fn host_volume(items: &[Item]) -> Result<Value, String> {
    let mut m = to_map(items, "root")?;
    for k in [
        "capability",
        "constraint",
        "capacity",
        "capacity_max",
        "capacity_min",
        "type",
    ] {
        m.remove(k);
    }
    let mut vol = weak_decode(&m, HOST_FIELDS)?;
    vol.insert("CapacityBytes".into(), json!(capacity(items, "capacity")?));
    vol.insert(
        "RequestedCapacityMinBytes".into(),
        json!(capacity(items, "capacity_min")?),
    );
    vol.insert(
        "RequestedCapacityMaxBytes".into(),
        json!(capacity(items, "capacity_max")?),
    );
    let constraints = constraints(items).map_err(|e| format!("invalid constraint: {e}"))?;
    if !constraints.is_empty() {
        vol.insert("Constraints".into(), Value::Array(constraints));
    }
    let caps = capabilities(items).map_err(|e| format!("invalid capability: {e}"))?;
    if !caps.is_empty() {
        vol.insert("RequestedCapabilities".into(), Value::Array(caps));
    }
    Ok(Value::Object(vol))
}

/// `parseConstraints`: `attribute`/`operator`/`value`, or one of the operator shorthands.
fn constraints(items: &[Item]) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    let matched = filter(items, "constraint");
    for n in elem_values(&matched) {
        check_keys(
            n,
            &[
                "attribute",
                "distinct_hosts",
                "distinct_property",
                "operator",
                "regexp",
                "set_contains",
                "value",
                "version",
                "semver",
            ],
        )?;
        let Node::Object(inner) = n else { continue };
        let mut m = to_map(inner, "root")?;
        let get = |m: &Map<String, Value>, k: &str| m.get(k).cloned().unwrap_or(Value::Null);
        let (mut l, mut r, mut op) = (get(&m, "attribute"), get(&m, "value"), get(&m, "operator"));
        for shorthand in ["version", "semver", "regexp", "set_contains"] {
            if let Some(v) = m.get(shorthand) {
                op = json!(shorthand);
                r = v.clone();
            }
        }
        if let Some(v) = m.remove("distinct_hosts") {
            let enabled = match &v {
                Value::Bool(b) => *b,
                Value::String(s) => crate::gocompat::strconv::parse_bool(s).ok_or_else(|| {
                    format!(
                        "distinct_hosts should be set to true or false; strconv.ParseBool: parsing {}: invalid syntax",
                        crate::gocompat::strconv::quote(s)
                    )
                })?,
                other => {
                    return Err(format!(
                        "distinct_hosts should be set to true or false; {} couldn't be converted to boolean value",
                        go_v(other)
                    ))
                }
            };
            if !enabled {
                continue;
            }
            op = json!("distinct_hosts");
            r = json!("true");
        }
        if let Some(p) = m.get("distinct_property") {
            op = json!("distinct_property");
            l = p.clone();
        }
        let mut c = Map::new();
        c.insert("LTarget".into(), l);
        c.insert("RTarget".into(), r);
        c.insert("Operand".into(), op);
        let mut c = weak_decode(
            &c,
            &[
                ("LTarget", "LTarget", Ty::Str("string")),
                ("RTarget", "RTarget", Ty::Str("string")),
                ("Operand", "Operand", Ty::Str("string")),
            ],
        )?;
        if c.get("Operand")
            .and_then(Value::as_str)
            .unwrap_or("")
            .is_empty()
        {
            c.insert("Operand".into(), json!("="));
        }
        out.push(Value::Object(c));
    }
    Ok(out)
}

const CSI_FIELDS: &[(&str, &str, Ty)] = &[
    ("ID", "ID", Ty::Str("string")),
    ("Name", "Name", Ty::Str("string")),
    ("external_id", "ExternalID", Ty::Str("string")),
    ("Namespace", "Namespace", Ty::Str("string")),
    (
        "AccessMode",
        "AccessMode",
        Ty::Str("api.CSIVolumeAccessMode"),
    ),
    (
        "AttachmentMode",
        "AttachmentMode",
        Ty::Str("api.CSIVolumeAttachmentMode"),
    ),
    ("secrets", "Secrets", Ty::StrMap),
    ("parameters", "Parameters", Ty::StrMap),
    ("context", "Context", Ty::StrMap),
    ("Capacity", "Capacity", Ty::Int("int64")),
    (
        "RequestedCapacityMin",
        "RequestedCapacityMin",
        Ty::Int("int64"),
    ),
    (
        "RequestedCapacityMax",
        "RequestedCapacityMax",
        Ty::Int("int64"),
    ),
    ("clone_id", "CloneID", Ty::Str("string")),
    ("snapshot_id", "SnapshotID", Ty::Str("string")),
    ("Schedulable", "Schedulable", Ty::Bool),
    ("plugin_id", "PluginID", Ty::Str("string")),
    ("Provider", "Provider", Ty::Str("string")),
    ("ProviderVersion", "ProviderVersion", Ty::Str("string")),
    ("ControllerRequired", "ControllerRequired", Ty::Bool),
    ("ControllersHealthy", "ControllersHealthy", Ty::Int("int")),
    ("ControllersExpected", "ControllersExpected", Ty::Int("int")),
    ("NodesHealthy", "NodesHealthy", Ty::Int("int")),
    ("NodesExpected", "NodesExpected", Ty::Int("int")),
    ("CreateIndex", "CreateIndex", Ty::Uint("uint64")),
    ("ModifyIndex", "ModifyIndex", Ty::Uint("uint64")),
    ("CreateTime", "CreateTime", Ty::Int("int64")),
    ("ModifyTime", "ModifyTime", Ty::Int("int64")),
];

/// `csiDecodeVolume`: an `api.CSIVolume`.
pub fn csi_volume(items: &[Item]) -> Result<Value, String> {
    let mut m = to_map(items, "root")?;
    for k in [
        "capability",
        "mount_options",
        "capacity_max",
        "capacity_min",
        "topology_request",
        "type",
    ] {
        m.remove(k);
    }
    let mut vol = weak_decode(&m, CSI_FIELDS)?;
    vol.insert(
        "RequestedCapacityMin".into(),
        json!(capacity(items, "capacity_min")?),
    );
    vol.insert(
        "RequestedCapacityMax".into(),
        json!(capacity(items, "capacity_max")?),
    );
    let caps = capabilities(items)?;
    if !caps.is_empty() {
        vol.insert("RequestedCapabilities".into(), Value::Array(caps));
    }
    let matched = filter(items, "mount_options");
    if let Some(n) = elem_values(&matched).into_iter().next() {
        check_keys(n, &["fs_type", "mount_flags"])?;
        if let Node::Object(inner) = n {
            vol.insert("MountOptions".into(), mount_options(inner)?);
        }
    }
    let matched = filter(items, "topology_request");
    if !matched.is_empty() {
        let mut req = json!({"Required": null, "Preferred": null});
        if let Some(n) = elem_values(&matched).into_iter().next() {
            check_keys(n, &["preferred", "required"])?;
            if let Node::Object(inner) = n {
                let m = to_map(inner, "root")?;
                req["Required"] = topologies(&m, "required");
                req["Preferred"] = topologies(&m, "preferred");
            }
        }
        vol.insert("RequestedTopologies".into(), req);
    }
    Ok(Value::Object(vol))
}

/// The `mount_options` block into `api.CSIMountOptions` (HCL's struct decoding).
fn mount_options(items: &[Item]) -> Result<Value, String> {
    let mut fs_type = String::new();
    let mut flags: Vec<Value> = Vec::new();
    for m in filter(items, "fs_type") {
        match &m.val {
            Some(Node::Literal(t)) if t.kind != Kind::Null => {
                fs_type = if matches!(t.kind, Kind::Str | Kind::Heredoc) {
                    t.string_value()
                } else {
                    t.text.clone()
                }
            }
            Some(n) => {
                return Err(format!(
                    "At {}: root.fs_type: unknown type for string {}",
                    node_pos(n),
                    go_node_type(n, true)
                ))
            }
            None => {}
        }
    }
    for m in filter(items, "mount_flags") {
        match &m.val {
            Some(Node::List(l)) => {
                for (i, e) in l.iter().enumerate() {
                    match e {
                        Node::Literal(t) if matches!(t.kind, Kind::Str | Kind::Heredoc) => {
                            flags.push(json!(t.string_value()))
                        }
                        Node::Literal(t) if t.kind != Kind::Null => flags.push(json!(t.text)),
                        n => {
                            return Err(format!(
                                "At {}: root.mount_flags[{i}]: unknown type for string {}",
                                node_pos(n),
                                go_node_type(n, true)
                            ))
                        }
                    }
                }
            }
            Some(Node::Literal(t)) if matches!(t.kind, Kind::Str | Kind::Heredoc) => {
                flags.push(json!(t.string_value()))
            }
            _ => {}
        }
    }
    Ok(json!({
        "FSType": fs_type,
        "MountFlags": if flags.is_empty() { Value::Null } else { Value::Array(flags) },
    }))
}

/// `required`/`preferred` → `topology` → `segments`: the first entry with any segments.
fn topologies(m: &Map<String, Value>, key: &str) -> Value {
    let list = |v: Option<&Value>| -> Vec<Value> {
        match v {
            Some(Value::Array(a)) => a.clone(),
            Some(o @ Value::Object(_)) => vec![o.clone()],
            _ => Vec::new(),
        }
    };
    for topo in list(m.get(key)) {
        let mut found = Vec::new();
        for segments in list(topo.get("topology")) {
            for segment in list(segments.get("segments")) {
                let Some(seg) = segment.as_object().filter(|s| !s.is_empty()) else {
                    continue;
                };
                let strs: Map<String, Value> = seg
                    .iter()
                    .map(|(k, v)| (k.clone(), json!(go_v(v))))
                    .collect();
                found.push(json!({ "Segments": strs }));
            }
        }
        if !found.is_empty() {
            return Value::Array(found);
        }
    }
    Value::Null
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(src: &str) -> Result<Value, String> {
        let (items, ty) = parse_type(src)?;
        assert_eq!(ty, "host");
        host_volume(&items)
    }

    #[test]
    fn host_volume_as_nomad_decodes_it() {
        // The spec of setup/volume/hv.hcl.
        let v = host(
            "name = \"data\"\ntype = \"host\"\nplugin_id = \"mkdir\"\ncapacity_min = \"10MiB\"\n\
capacity_max = \"20M\"\ncapability {\n access_mode = \"single-node-writer\"\n \
attachment_mode = \"file-system\"\n}\nparameters {\n mode = \"0755\"\n}\n",
        )
        .unwrap();
        assert_eq!(v["Name"], "data");
        assert_eq!(v["PluginID"], "mkdir");
        assert_eq!(v["RequestedCapacityMinBytes"], 10 << 20);
        assert_eq!(v["RequestedCapacityMaxBytes"], 20_000_000);
        assert_eq!(v["Parameters"], json!({"mode": "0755"}));
        assert_eq!(
            v["RequestedCapabilities"],
            json!([{"AccessMode": "single-node-writer", "AttachmentMode": "file-system"}])
        );
        // JSON reads the same (setup/volume/hv3.json).
        let j = host(r#"{"name": "d", "type": "host", "capability": [{"access_mode": "a", "attachment_mode": "b"}], "Parameters": {"n": 1}}"#).unwrap();
        assert_eq!(j["RequestedCapabilities"][0]["AccessMode"], "a");
        assert_eq!(j["Parameters"], json!({"n": "1"}));
    }

    #[test]
    fn bad_specs_fail_in_nomads_words() {
        assert_eq!(
            host("name = \"x\"\ntype = \"host\"\ncapacity_min = \"lots\"\n").unwrap_err(),
            "invalid capacity_min: could not parse value as bytes: strconv.ParseFloat: parsing \"\": invalid syntax"
        );
        assert_eq!(
            host("type = \"host\"\ncapability {\n mode = 1\n}\n").unwrap_err(),
            "invalid capability: 1 error occurred:\n\t* invalid key: mode\n\n"
        );
        assert_eq!(
            host("type = \"host\"\nname = [1, 2]\n").unwrap_err(),
            "1 error(s) decoding:\n\n* 'name' expected type 'string', got unconvertible type '[]interface {}', value: '[1 2]'"
        );
        assert_eq!(parse_type("name = \"x\"\n").unwrap().1, "");
    }

    #[test]
    fn csi_volume_blocks() {
        let (items, ty) = parse_type(
            "id = \"v\"\ntype = \"csi\"\nplugin_id = \"p\"\nexternal_id = \"e\"\nsecrets {\n a = \"b\"\n}\n\
mount_options {\n fs_type = \"ext4\"\n mount_flags = [\"ro\"]\n}\ntopology_request {\n required {\n \
topology { segments { rack = \"R1\" } }\n }\n}\n",
        )
        .unwrap();
        assert_eq!(ty, "csi");
        let v = csi_volume(&items).unwrap();
        assert_eq!(v["ID"], "v");
        assert_eq!(v["ExternalID"], "e");
        assert_eq!(v["Secrets"], json!({"a": "b"}));
        assert_eq!(
            v["MountOptions"],
            json!({"FSType": "ext4", "MountFlags": ["ro"]})
        );
        assert_eq!(
            v["RequestedTopologies"]["Required"],
            json!([{"Segments": {"rack": "R1"}}])
        );
    }
}
