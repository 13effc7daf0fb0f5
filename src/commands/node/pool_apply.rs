//! `node pool apply`: Nomad's `NodePoolApplyCommand` (a `node_pool` block in HCL, or the
//! API's JSON with `-json`).

use serde_json::{Map, Value};

use crate::cli::node::NodePoolApplyArgs;
use crate::commands::common::usage_error;
use crate::commands::spec::{self, SpecBody};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub async fn run(ctx: &mut Ctx, a: &NodePoolApplyArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <input>",
            "node pool apply",
        );
    }
    let mut path = a.args[0].clone();
    let content = if path == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf) {
            ctx.ui.error(&format!("Failed to read stdin: {e}"));
            return 1;
        }
        if !a.json {
            path = "stdin.nomad.hcl".into();
        }
        buf
    } else {
        match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                ctx.ui.error(&format!(
                    "Failed to read file {}: open {path}: {}",
                    quote(&path),
                    crate::commands::common::io_text(&e)
                ));
                return 1;
            }
        }
    };
    let text = String::from_utf8_lossy(&content);
    let pool = if a.json {
        serde_json::from_str::<Value>(&text)
            .map_err(|e| crate::commands::common::go_json_error(&e))
            .and_then(|v| spec::go_decode(&v, "NodePool"))
    } else {
        spec::parse(&text)
            .map_err(|e| e.hcl2(&path))
            .and_then(|b| from_hcl(&b, &path))
            .and_then(|v| spec::go_decode(&v, "NodePool"))
    };
    let pool = match pool {
        Ok(p) => p,
        Err(e) => {
            ctx.ui.error(&format!("Failed to parse input content: {e}"));
            return 1;
        }
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if let Err(e) = client.register_node_pool(&pool).await {
        ctx.ui.error(&format!("Error applying node pool: {e}"));
        return 1;
    }
    let name = pool["Name"].as_str().unwrap_or_default();
    ctx.ui
        .output(&format!("Successfully applied node pool {}!", quote(name)));
    0
}

fn unsupported_arg(path: &str, at: &str, name: &str) -> String {
    format!(
        "{path}:{at}: Unsupported argument; An argument named {} is not expected here.",
        quote(name)
    )
}

fn unsupported_block(path: &str, at: &str, kind: &str) -> String {
    format!(
        "{path}:{at}: Unsupported block type; Blocks of type {} are not expected here.",
        quote(kind)
    )
}

/// Checks a body against the names it may hold, in HCL's words for the first stranger.
fn only(b: &SpecBody, path: &str, attrs: &[&str], blocks: &[&str]) -> Result<(), String> {
    if let Some(a) = b.attrs.iter().find(|a| !attrs.contains(&a.name.as_str())) {
        return Err(unsupported_arg(path, &a.at, &a.name));
    }
    if let Some(k) = b.blocks.iter().find(|k| !blocks.contains(&k.kind.as_str())) {
        return Err(unsupported_block(path, &k.at, &k.kind));
    }
    Ok(())
}

/// A scalar as HCL converts it to a string.
fn as_string(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        other => other.clone(),
    }
}

/// The `node_pool "<name>" { … }` block as the JSON of a `NodePool`.
fn from_hcl(b: &SpecBody, path: &str) -> Result<Value, String> {
    only(b, path, &[], &["node_pool"])?;
    let Some(np) = b.blocks("node_pool").next() else {
        return Ok(Value::Null);
    };
    only(
        &np.body,
        path,
        &["description"],
        &["meta", "scheduler_config"],
    )?;
    let mut pool = Map::new();
    pool.insert(
        "Name".into(),
        Value::String(np.labels.first().cloned().unwrap_or_default()),
    );
    if let Some(d) = np.body.attr_map().get("description") {
        pool.insert("Description".into(), as_string(d));
    }
    if let Some(m) = np.body.blocks("meta").next() {
        only(
            &m.body,
            path,
            &m.body
                .attrs
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            &[],
        )?;
        let meta: Map<String, Value> = m
            .body
            .attr_map()
            .into_iter()
            .map(|(k, v)| (k, as_string(&v)))
            .collect();
        pool.insert("Meta".into(), Value::Object(meta));
    }
    if let Some(sc) = np.body.blocks("scheduler_config").next() {
        only(
            &sc.body,
            path,
            &["scheduler_algorithm", "memory_oversubscription_enabled"],
            &[],
        )?;
        let attrs = sc.body.attr_map();
        let mut conf = Map::new();
        if let Some(v) = attrs.get("scheduler_algorithm") {
            conf.insert("SchedulerAlgorithm".into(), as_string(v));
        }
        if let Some(v) = attrs.get("memory_oversubscription_enabled") {
            conf.insert("MemoryOversubscriptionEnabled".into(), v.clone());
        }
        pool.insert("SchedulerConfiguration".into(), Value::Object(conf));
    }
    Ok(Value::Object(pool))
}
