//! `csiDecodeVolume`: a CSI volume spec, with its `mount_options` and `topology_request`.

use serde_json::{json, Map, Value};

use crate::gocompat::hcl1::{elem_values, filter, Item, Kind, Node};

use super::decode::{go_v, to_map, weak_decode, Ty};
use super::{capabilities, capacity, check_keys, go_node_type, node_pos};

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
