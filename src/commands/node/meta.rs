//! `node meta read` and `node meta apply`: a node's dynamic metadata.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::api::QueryOptions;
use crate::cli::node::{NodeMetaApplyArgs, NodeMetaReadArgs};
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format_kv;
use crate::output::gotype::GoType;

pub async fn read(ctx: &mut Ctx, a: &NodeMetaReadArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let mut q = QueryOptions::new();
    if !a.node_id.is_empty() {
        match super::lookup_node_id(&client, &a.node_id).await {
            Ok(id) => q = q.param("node_id", &id),
            Err(e) => {
                ctx.ui.error(&e);
                return 1;
            }
        }
    }
    let body = match client.client_metadata::<Value>(&q).await {
        Ok((b, _)) => b,
        Err(e) => {
            ctx.ui
                .error(&format!("Error reading dynamic node metadata: {e}"));
            return 1;
        }
    };
    if let Some(c) = print_if_asked(
        ctx,
        &a.format,
        GoType::NodeMetaResponse,
        &body,
        Errors::AsIs,
    ) {
        return c;
    }
    let title = |ctx: &Ctx, t: &str| ctx.ui.colorize(&format!("[bold]{t}[reset]"));
    let t = title(ctx, "All Meta");
    ctx.ui.output(&t);
    ctx.ui.output(&format_meta(&body["Meta"], false));
    let t = title(ctx, "\nDynamic Meta");
    ctx.ui.output(&t);
    ctx.ui.output(&format_meta(&body["Dynamic"], true));
    let t = title(ctx, "\nStatic Meta");
    ctx.ui.output(&t);
    ctx.ui.output(&format_meta(&body["Static"], false));
    0
}

/// A metadata map as sorted key/value rows; `dynamic` shows null values as `<unset>` and keeps
/// empty keys, as Nomad does for that section only.
pub fn format_meta(m: &Value, dynamic: bool) -> String {
    let empty = Map::new();
    let map: BTreeMap<&String, &Value> = m.as_object().unwrap_or(&empty).iter().collect();
    let rows: Vec<String> = map
        .into_iter()
        .filter(|(k, _)| dynamic || !k.is_empty())
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k}|{s}"),
            _ if dynamic => format!("{k}|<unset>"),
            _ => format!("{k}|"),
        })
        .collect();
    format_kv(&rows)
}

pub async fn apply(ctx: &mut Ctx, a: &NodeMetaApplyArgs) -> i32 {
    if a.unset.is_empty() && a.args.is_empty() {
        ctx.ui
            .error("Must specify -unset or at least 1 key=value pair");
        return 1;
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let mut node_id = String::new();
    if !a.node_id.is_empty() {
        match super::lookup_node_id(&client, &a.node_id).await {
            Ok(id) => node_id = id,
            Err(e) => {
                ctx.ui.error(&e);
                return 1;
            }
        }
    }
    let body = serde_json::json!({"NodeID": node_id, "Meta": meta_changes(&a.args, &a.unset)});
    if let Err(e) = client
        .apply_client_metadata(&body, &QueryOptions::new())
        .await
    {
        ctx.ui
            .error(&format!("Error applying dynamic node metadata: {e}"));
        return 1;
    }
    0
}

/// `k=v` arguments (a bare `k` is the empty string) and `-unset` keys (null, winning).
pub fn meta_changes(args: &[String], unset: &str) -> Map<String, Value> {
    let mut m = Map::new();
    for kv in args {
        match kv.split_once('=') {
            Some((k, v)) => m.insert(k.to_string(), Value::String(v.to_string())),
            None => m.insert(kv.clone(), Value::String(String::new())),
        };
    }
    for k in unset.split(',').filter(|k| !k.is_empty()) {
        m.insert(k.to_string(), Value::Null);
    }
    m
}
