//! Volume specification files (`volume create`, `volume register`) decoded as Nomad v1.10.5
//! decodes them: parsed by legacy HCL (so JSON works too), the `type` read first, then the
//! blocks Nomad handles by hand (`capability`, `constraint`, `mount_options`,
//! `topology_request`, capacities as byte sizes) and every other key weakly decoded
//! (mapstructure's rules: numbers and booleans into strings, blocks into string maps) into
//! the API object. The result is the API object's JSON with Go's field names.

use serde_json::{json, Value};

use crate::gocompat::hcl1::{self, elem_values, filter, Item, Kind, Node};

mod csi;
mod decode;
mod host;

pub use csi::csi_volume;
use decode::{to_map, weak_decode, Ty};
pub use host::host_volume;

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
    Err(crate::gocompat::multierror::multierror(&bad))
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
