//! `node pool list` and `node pool info`.

use serde_json::Value;

use crate::api::QueryOptions;
use crate::cli::node::{NodePoolInfoArgs, NodePoolListArgs};
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::gotype::GoType;
use crate::output::{format_kv, format_list};

fn str_of<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_default()
}

/// `formatNodePoolList`.
pub fn pool_table(pools: &[Value]) -> String {
    let mut rows = vec!["Name|Description".to_string()];
    for p in pools {
        rows.push(format!(
            "{}|{}",
            str_of(p, "Name"),
            str_of(p, "Description")
        ));
    }
    format_list(&rows)
}

pub async fn list(ctx: &mut Ctx, a: &NodePoolListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "node pool list");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let q = QueryOptions {
        filter: (!a.filter.is_empty()).then(|| a.filter.clone()),
        per_page: (a.per_page != 0).then_some(a.per_page as i32),
        next_token: (!a.page_token.is_empty()).then(|| a.page_token.clone()),
        ..Default::default()
    };
    let (body, meta) = match client.node_pools::<Value>(&q).await {
        Ok(r) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error querying node pools: {e}"));
            return 1;
        }
    };
    if let Some(code) = print_if_asked(ctx, &a.format, GoType::NodePools, &body, Errors::Prefixed) {
        return code;
    }
    let pools = body.as_array().cloned().unwrap_or_default();
    ctx.ui.output(&pool_table(&pools));
    if !meta.next_token.is_empty() {
        ctx.ui.output(&format!(
            "\nResults have been paginated. To get the next page run:\n\n{} -page-token {}",
            crate::commands::common::args_without_page_token(&ctx.os_args),
            meta.next_token
        ));
    }
    0
}

pub async fn info(ctx: &mut Ctx, a: &NodePoolInfoArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <node-pool>",
            "node pool info",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let pool = match resolve(ctx, &client, &a.args[0]).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Some(code) = print_if_asked(ctx, &a.format, GoType::NodePool, &pool, Errors::AsIs) {
        return code;
    }
    ctx.ui.output(&render_info(ctx, &pool));
    0
}

/// `nodePoolByPrefix`: the pool a prefix names (an exact name wins among several), or
/// Nomad's error printed (exit 1).
pub async fn resolve(
    ctx: &mut Ctx,
    client: &crate::api::Client,
    prefix: &str,
) -> Result<Value, i32> {
    let pools = match client
        .node_pools::<Value>(&QueryOptions::new().prefix(prefix))
        .await
    {
        Ok((b, _)) => b.as_array().cloned().unwrap_or_default(),
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving node pool: {e}"));
            return Err(1);
        }
    };
    match pools.len() {
        0 => {
            ctx.ui.error(&format!(
                "Error retrieving node pool: No node pool with prefix {} found",
                quote(prefix)
            ));
            Err(1)
        }
        1 => Ok(pools[0].clone()),
        _ => match pools.iter().find(|p| str_of(p, "Name") == prefix) {
            Some(p) => Ok(p.clone()),
            None => {
                ctx.ui.error(&format!(
                    "Prefix matched multiple node pools\n\n{}",
                    pool_table(&pools)
                ));
                Err(1)
            }
        },
    }
}

pub fn render_info(ctx: &Ctx, pool: &Value) -> String {
    let mut out = format_kv(&[
        format!("Name|{}", str_of(pool, "Name")),
        format!("Description|{}", str_of(pool, "Description")),
    ]);
    out.push('\n');
    out.push_str(&ctx.ui.colorize("\n[bold]Metadata[reset]"));
    out.push('\n');
    match pool["Meta"].as_object().filter(|m| !m.is_empty()) {
        Some(m) => {
            let mut rows: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}|{}", v.as_str().unwrap_or_default()))
                .collect();
            rows.sort();
            out.push_str(&format_kv(&rows));
        }
        None => out.push_str("No metadata"),
    }
    out.push('\n');
    out.push_str(&ctx.ui.colorize("\n[bold]Scheduler Configuration[reset]"));
    out.push('\n');
    let sc = &pool["SchedulerConfiguration"];
    if sc.is_object() {
        let mut rows = vec![format!(
            "Scheduler Algorithm|{}",
            str_of(sc, "SchedulerAlgorithm")
        )];
        if let Some(b) = sc["MemoryOversubscriptionEnabled"].as_bool() {
            rows.push(format!("Memory Oversubscription Enabled|{b}"));
        }
        out.push_str(&format_kv(&rows));
    } else {
        out.push_str("No scheduler configuration");
    }
    out
}

/// What `node pool jobs` and `node pool nodes` do before their own request: one argument, the
/// connection, the pool by name or prefix, and the paged query of their flags. The error is
/// the exit code, with the message printed.
pub struct PoolQuery {
    pub client: crate::api::Client,
    pub name: String,
    pub q: QueryOptions,
}

pub async fn pool_query(
    ctx: &mut Ctx,
    global: &crate::cli::GlobalArgs,
    args: &[String],
    paging: (&str, i64, &str),
    command: &str,
) -> Result<PoolQuery, i32> {
    if args.len() != 1 {
        return Err(usage_error(
            ctx,
            "This command takes one argument: <node-pool>",
            command,
        ));
    }
    let Some(client) = ctx.connect(global) else {
        return Err(1);
    };
    let pool = resolve(ctx, &client, &args[0]).await?;
    let (filter, per_page, page_token) = paging;
    let q = QueryOptions {
        filter: (!filter.is_empty()).then(|| filter.to_string()),
        per_page: (per_page != 0).then_some(per_page as i32),
        next_token: (!page_token.is_empty()).then(|| page_token.to_string()),
        ..Default::default()
    };
    let name = pool["Name"].as_str().unwrap_or_default().to_string();
    Ok(PoolQuery { client, name, q })
}
