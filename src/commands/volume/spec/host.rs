//! `decodeHostVolume`: a dynamic host volume spec, with its `constraint` blocks.

use serde_json::{json, Map, Value};

use crate::gocompat::hcl1::{elem_values, filter, Item, Node};

use super::decode::{go_v, to_map, weak_decode, Ty};
use super::{capabilities, capacity, check_keys};

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
