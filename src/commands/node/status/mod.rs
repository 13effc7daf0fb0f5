//! `node status`: the node list, or one node in detail (Nomad's `command/node_status.go`).
//!
//! Where Nomad asks for each node's allocations one node at a time (`-allocs`) and for each
//! running allocation's usage one at a time, rnomad sends those requests together.
//!
//! fetch → view → render, as `commands/job/status` describes: `fetch.rs` makes the requests,
//! `view.rs` holds what the output shows, `render.rs` and `resources.rs` turn it into text.

mod fetch;
pub mod render;
mod resources;
pub mod view;

use serde_json::Value;

use super::{local_node_id, node_stub_table};
use crate::api::sanitize_uuid_prefix;
use crate::api::{Client, Listing, QueryOptions};
use crate::cli::node::NodeStatusArgs;
use crate::commands::common::{
    args_without_page_token, start_hint_check, usage_error, watch, web_ui_hint, HintFlags,
};
use crate::commands::data::{self, print_if_asked, Errors, NullBody};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;
use crate::output::id_len;
use render::{render, Options};
use view::{ListView, View};

pub async fn run(ctx: &mut Ctx, a: &NodeStatusArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes either one or no arguments",
            "node status",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if a.watch.watch {
        // Node rows and, for one node or -allocs, allocation counts and lists.
        let mut paths = vec![(Listing::Nodes.path().to_string(), QueryOptions::new())];
        if a.allocs || !a.args.is_empty() || a.self_ {
            paths.push((
                Listing::Allocations.path().to_string(),
                QueryOptions::new().param("per_page", "1"),
            ));
        }
        return watch(
            ctx,
            &client,
            &a.watch,
            "node status",
            paths,
            async |ctx: &mut Ctx| one_shot(ctx, a, &client).await,
        )
        .await;
    }
    one_shot(ctx, a, &client).await
}

/// The command proper: one list or one node.
async fn one_shot(ctx: &mut Ctx, a: &NodeStatusArgs, client: &Client) -> i32 {
    if a.args.is_empty() && !a.self_ {
        return list(ctx, a, client).await;
    }
    single(ctx, a, client).await
}

fn options(ctx: &Ctx, a: &NodeStatusArgs, hint: Option<String>) -> Options {
    Options {
        verbose: a.verbose,
        short: a.short,
        stats: a.stats,
        os: a.os,
        quiet: a.quiet,
        markup: ctx.ui.color().markup,
        command_line: args_without_page_token(&ctx.os_args),
        hint,
    }
}

fn hint_flags(a: &NodeStatusArgs) -> HintFlags {
    HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    }
}

async fn list(ctx: &mut Ctx, a: &NodeStatusArgs, client: &Client) -> i32 {
    if a.quiet && (a.verbose || a.format.json) {
        ctx.ui.error("-quiet cannot be used with -verbose or -json");
        return 1;
    }
    let data_mode = a.format.is_data();
    let hint = if data_mode || a.quiet {
        None
    } else {
        start_hint_check(ctx, client)
    };
    let mut q = QueryOptions {
        filter: (!a.filter.is_empty()).then(|| a.filter.clone()),
        per_page: (a.per_page != 0).then_some(a.per_page as i32),
        next_token: (!a.page_token.is_empty()).then(|| a.page_token.clone()),
        ..Default::default()
    };
    if a.os {
        q = q.param("os", "true");
    }
    if let Ok(Some(DataFormat::Json)) = a.format.data_format() {
        // Written from the elements' bytes, not a tree of the whole list (#18).
        let what = "Error querying node status";
        let (path, ty) = (Listing::Nodes.path(), GoType::NodeListStubs);
        return data::json_newest_first(ctx, client, path, &q, ty, what, NullBody::AsNull).await;
    }
    if data_mode {
        let (body, _) = match client.list::<Value>(Listing::Nodes, &q).await {
            Ok(v) => v,
            Err(e) => {
                ctx.ui.error(&format!("Error querying node status: {e}"));
                return 1;
            }
        };
        let body = sort_nodes_value(body);
        return print_if_asked(ctx, &a.format, GoType::NodeListStubs, &body, Errors::AsIs)
            .unwrap_or(0);
    }
    let (nodes, meta) = match client.nodes_streamed(&q).await {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying node status: {e}"));
            return 1;
        }
    };
    let table = !nodes.is_empty() && !a.quiet;
    let running = if a.allocs && table {
        match fetch::running_counts(client, &nodes).await {
            Ok(r) => Some(r),
            Err(e) => {
                ctx.ui
                    .error(&format!("Error querying node allocations: {e}"));
                return 1;
            }
        }
    } else {
        None
    };
    // The table alone is followed by a hint.
    let hint = match table {
        true => {
            let desc = "View and manage Nomad clients";
            web_ui_hint(ctx, hint, client, hint_flags(a), desc, "/clients").await
        }
        false => None,
    };
    let view = View::List(ListView {
        nodes,
        running,
        next_token: meta.next_token,
    });
    let out = render(&view, &options(ctx, a, hint), ctx.now_ns);
    ctx.ui.print(&out);
    0
}

/// The Go client sorts node lists by CreateIndex, newest first; `-json` keeps that order.
fn sort_nodes_value(body: Value) -> Value {
    match body {
        Value::Array(mut v) => {
            let key = |n: &Value| n.get("CreateIndex").and_then(Value::as_u64).unwrap_or(0);
            crate::gocompat::sort::sort(&mut v, |a, b| key(a) > key(b));
            Value::Array(v)
        }
        other => other,
    }
}

async fn single(ctx: &mut Ctx, a: &NodeStatusArgs, client: &Client) -> i32 {
    let node_id = if a.self_ {
        match local_node_id(client).await {
            Ok(id) => id,
            Err(e) => {
                ctx.ui.error(&e);
                return 1;
            }
        }
    } else {
        a.args[0].clone()
    };
    if node_id.chars().count() == 1 {
        ctx.ui
            .error("Identifier must contain at least two characters.");
        return 1;
    }
    let prefix = sanitize_uuid_prefix(&node_id);
    let nodes = match client.nodes(&QueryOptions::new().prefix(&prefix)).await {
        Ok((n, _)) => n,
        Err(e) => {
            ctx.ui.error(&format!("Error querying node info: {e}"));
            return 1;
        }
    };
    if nodes.is_empty() {
        ctx.ui
            .error(&format!("No node(s) with prefix {} found", quote(&prefix)));
        return 1;
    }
    if nodes.len() > 1 {
        ctx.ui.error(&format!(
            "Prefix matched multiple nodes\n\n{}",
            node_stub_table(&nodes, id_len(a.verbose))
        ));
        return 1;
    }
    let id = nodes[0].id.clone();
    if a.format.is_data() {
        return match client.node::<Value>(&id, &QueryOptions::new()).await {
            Ok((body, _)) => {
                print_if_asked(ctx, &a.format, GoType::Node, &body, Errors::AsIs).unwrap_or(0)
            }
            Err(e) => {
                ctx.ui.error(&format!("Error querying node info: {e}"));
                1
            }
        };
    }
    let hint = start_hint_check(ctx, client);
    let view = match fetch::node(client, &id, a.short, a.verbose).await {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let route = format!("/clients/{}", view.node.id);
    let desc = "View client details and metrics";
    let hint = web_ui_hint(ctx, hint, client, hint_flags(a), desc, &route).await;
    let out = render(
        &View::Node(Box::new(view)),
        &options(ctx, a, hint),
        ctx.now_ns,
    );
    ctx.ui.print(&out);
    0
}

#[cfg(test)]
mod tests;
