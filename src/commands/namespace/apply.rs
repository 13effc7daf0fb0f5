//! `namespace apply`: Nomad's `NamespaceApplyCommand`. The argument is a specification file
//! (or `-` for standard input) when one exists by that name, otherwise a namespace name.

use serde_json::{json, Map, Value};

use crate::cli::namespace::{NamespaceApplyArgs, UNSET};
use crate::commands::common::usage_error;
use crate::commands::spec::{self, SpecBody};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub async fn run(ctx: &mut Ctx, a: &NamespaceApplyArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <input>",
            "namespace apply",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let input = &a.args[0];
    let (description, quota) = (
        (a.description != UNSET).then_some(a.description.as_str()),
        (a.quota != UNSET).then_some(a.quota.as_str()),
    );
    let is_file = input == "-" || std::fs::metadata(input).is_ok_and(|m| !m.is_dir());
    let namespace = if is_file {
        if description.is_some() || quota.is_some() {
            ctx.ui.warn("Flags are ignored when a file is specified!");
        }
        let raw = if input == "-" {
            let mut buf = Vec::new();
            if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf) {
                ctx.ui.error(&format!("Failed to read stdin: {e}"));
                return 1;
            }
            buf
        } else {
            match std::fs::read(input) {
                Ok(b) => b,
                Err(e) => {
                    ctx.ui.error(&format!("Failed to read file: {e}"));
                    return 1;
                }
            }
        };
        let text = String::from_utf8_lossy(&raw);
        let parsed = if a.json {
            serde_json::from_str::<Value>(&text)
                .map_err(|e| crate::commands::common::go_json_error(&e))
                .and_then(|v| spec::go_decode(&v, "Namespace"))
                .map_err(|e| format!("Failed to parse quota: {e}"))
        } else {
            spec::parse(&text)
                .map_err(|e| e.hcl1())
                .and_then(|b| spec::go_decode(&from_hcl(&b), "Namespace"))
                .map_err(|e| format!("Error parsing quota specification: {e}"))
        };
        match parsed {
            Ok(ns) => ns,
            Err(e) => {
                ctx.ui.error(&e);
                return 1;
            }
        }
    } else {
        if input.is_empty() {
            ctx.ui.error("Namespace name required");
            return 1;
        }
        let found = match client
            .namespace_info(input, &crate::api::QueryOptions::new())
            .await
        {
            Ok((ns, _)) => Some(ns),
            Err(e) if e.to_string().contains("404") => None,
            Err(e) => {
                ctx.ui.error(&format!("Error looking up namespace: {e}"));
                return 1;
            }
        };
        let mut ns = match found.filter(Value::is_object) {
            Some(ns) => ns,
            None => json!({ "Name": input }),
        };
        if let Some(d) = description {
            ns["Description"] = json!(d);
        }
        if let Some(q) = quota {
            ns["Quota"] = json!(q);
        }
        match spec::go_decode(&ns, "Namespace") {
            Ok(ns) => ns,
            Err(e) => {
                ctx.ui.error(&format!("Error looking up namespace: {e}"));
                return 1;
            }
        }
    };
    if let Err(e) = client.register_namespace(&namespace).await {
        ctx.ui.error(&format!("Error applying namespace: {e}"));
        return 1;
    }
    let name = namespace["Name"].as_str().unwrap_or_default();
    ctx.ui
        .output(&format!("Successfully applied namespace {}!", quote(name)));
    0
}

/// A scalar as mapstructure's weak decoding turns it into a string.
fn weak_string(v: &Value) -> Value {
    match v {
        Value::String(_) | Value::Null => v.clone(),
        Value::Bool(b) => Value::String(if *b { "1" } else { "0" }.into()),
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    }
}

/// The HCL specification as the JSON of a `Namespace`: top-level attributes by field name
/// (any case), `capabilities` with its snake_case names, the `node_pool_config`, `vault` and
/// `consul` blocks by field name, and `meta` as a string map. The first block of each kind
/// counts, as in Nomad.
fn from_hcl(b: &SpecBody) -> Value {
    let mut ns: Map<String, Value> = b
        .attr_map()
        .into_iter()
        .map(|(k, v)| (k, weak_string(&v)))
        .collect();
    if let Some(c) = b.blocks("capabilities").next() {
        let attrs = c.body.attr_map();
        let mut caps = Map::new();
        for (hcl, go) in [
            ("enabled_task_drivers", "EnabledTaskDrivers"),
            ("disabled_task_drivers", "DisabledTaskDrivers"),
            ("enabled_network_modes", "EnabledNetworkModes"),
            ("disabled_network_modes", "DisabledNetworkModes"),
        ] {
            if let Some(v) = attrs.get(hcl) {
                caps.insert(go.into(), v.clone());
            }
        }
        ns.insert("Capabilities".into(), Value::Object(caps));
    }
    for (kind, field) in [
        ("node_pool_config", "NodePoolConfiguration"),
        ("vault", "VaultConfiguration"),
        ("consul", "ConsulConfiguration"),
    ] {
        if let Some(blk) = b.blocks(kind).next() {
            ns.insert(field.into(), Value::Object(blk.body.attr_map()));
        }
    }
    let mut meta = Map::new();
    for m in b.blocks("meta") {
        for (k, v) in m.body.attr_map() {
            meta.insert(k, weak_string(&v));
        }
    }
    if b.blocks("meta").next().is_some() {
        ns.insert("Meta".into(), Value::Object(meta));
    }
    for k in [
        "capabilities",
        "meta",
        "node_pool_config",
        "vault",
        "consul",
    ] {
        if ns.get(k).is_some_and(|v| !v.is_object()) {
            ns.remove(k);
        }
    }
    Value::Object(ns)
}
