//! `alloc list` (rnomad's own; Nomad's CLI has none): `GET /v1/allocations` as a table in the
//! style of Nomad's allocation tables, with the endpoint's prefix, filter, paging, task-state
//! and resource options.
//!
//! Newest first, as Nomad's other allocation tables: the agent pages allocations by
//! CreateIndex, oldest first, so the list asks for `reverse=true` and keeps the agent's order
//! of a page (sorting each page here instead started page one at the oldest allocations). A
//! `prefix` query is paged by ID instead; unpaged, the whole list is put newest first here.

use serde_json::Value;

use crate::api::allocs::AllocationListStub;
use crate::api::elements::Top;
use crate::api::{Client, Listing, QueryOptions};
use crate::cli::alloc::AllocListArgs;
use crate::commands::common::{args_without_page_token, usage_error};
use crate::commands::data;
use crate::ctx::Ctx;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;
use crate::output::time::{format_unix_nano, pretty_time_diff};
use crate::output::{format_list, id_len, limit};

pub async fn run(ctx: &mut Ctx, a: &AllocListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "alloc list");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let format = match data::choose(ctx, &a.format) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let mut q = QueryOptions {
        filter: (!a.filter.is_empty()).then(|| a.filter.clone()),
        per_page: (a.per_page != 0).then_some(a.per_page as i32),
        next_token: (!a.page_token.is_empty()).then(|| a.page_token.clone()),
        prefix: (!a.prefix.is_empty()).then(|| a.prefix.clone()),
        ..Default::default()
    };
    if !a.task_states {
        q = q.param("task_states", "false");
    }
    if a.resources {
        q = q.param("resources", "true");
    }
    q = q.param("reverse", "true");
    let paged = q.per_page.is_some() || q.next_token.is_some();
    // The agent sends an unpaged prefix query by ID; it is put newest first here, which needs
    // the whole list. Every other list comes newest first and is printed as it arrives.
    let in_order = paged || q.prefix.is_none();
    match &format {
        Some(DataFormat::Json) if in_order => return json_as_it_arrives(ctx, &client, &q).await,
        Some(f) => {
            let body = match client.list::<Value>(Listing::Allocations, &q).await {
                Ok((body, _)) => body,
                Err(e) => {
                    ctx.ui.error(&format!("Error querying allocations: {e}"));
                    return 1;
                }
            };
            let body = if paged { body } else { newest_first(body) };
            return data::print(ctx, f, GoType::AllocationListStubs, &body);
        }
        None => {}
    }
    // The table shows no task states: they are most of the body, so they are not asked for.
    if a.task_states {
        q = q.param("task_states", "false");
    }
    let (allocs, meta) = match client
        .get_list_streamed::<AllocationListStub>(Listing::Allocations.path(), &q)
        .await
    {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying allocations: {e}"));
            return 1;
        }
    };
    let mut allocs = allocs.unwrap_or_default();
    if !paged {
        allocs.sort_by_key(|a| std::cmp::Reverse(a.create_index));
    }
    let all_ns = client.config().namespace.as_deref() == Some("*");
    ctx.ui
        .output(&alloc_list_table(&allocs, a.verbose, all_ns, ctx.now_ns));
    if !meta.next_token.is_empty() {
        ctx.ui.output(&format!(
            "\nResults have been paginated. To get the next page run:\n\n{} -page-token {}",
            args_without_page_token(&ctx.os_args),
            meta.next_token
        ));
    }
    0
}

/// `-json` of a list too large to hold: each allocation is written as soon as it is read, with
/// the bytes the whole list's `-json` would have.
async fn json_as_it_arrives(ctx: &mut Ctx, client: &Client, q: &QueryOptions) -> i32 {
    let mut out = data::JsonList::new(&mut ctx.ui, GoType::AllocationListStubs);
    let read = client
        .get_list_each::<Value>(Listing::Allocations.path(), q, &mut |v| out.push(&v))
        .await;
    match read {
        Ok((top, _)) => {
            out.finish(top == Top::Null);
            0
        }
        Err(e) => {
            out.abandon();
            ctx.ui.error(&format!("Error querying allocations: {e}"));
            1
        }
    }
}

/// The list by CreateIndex, newest first; equal indexes keep the agent's order.
fn newest_first(body: serde_json::Value) -> serde_json::Value {
    match body {
        serde_json::Value::Array(mut v) => {
            let key = |a: &serde_json::Value| a["CreateIndex"].as_u64().unwrap_or(0);
            v.sort_by_key(|a| std::cmp::Reverse(key(a)));
            serde_json::Value::Array(v)
        }
        other => other,
    }
}

/// The allocation list: Nomad's allocation table with the job added (and the namespace when
/// every namespace is listed).
pub fn alloc_list_table(
    allocs: &[AllocationListStub],
    verbose: bool,
    all_ns: bool,
    now_ns: i64,
) -> String {
    if allocs.is_empty() {
        return "No allocations found".to_string();
    }
    let n = id_len(verbose);
    let ns_col = if all_ns { "Namespace|" } else { "" };
    let mut rows = Vec::with_capacity(allocs.len() + 1);
    if verbose {
        rows.push(format!(
            "ID|{ns_col}Eval ID|Node ID|Node Name|Job ID|Task Group|Version|Desired|Status|Created|Modified"
        ));
    } else {
        rows.push(format!(
            "ID|{ns_col}Node ID|Job ID|Task Group|Version|Desired|Status|Created|Modified"
        ));
    }
    for a in allocs {
        let ns = if all_ns {
            format!("{}|", a.namespace)
        } else {
            String::new()
        };
        let (created, modified) = if verbose {
            (
                format_unix_nano(a.create_time),
                format_unix_nano(a.modify_time),
            )
        } else {
            (
                pretty_time_diff(a.create_time, now_ns),
                pretty_time_diff(a.modify_time, now_ns),
            )
        };
        let mid = if verbose {
            format!(
                "{}|{}|{}",
                limit(&a.eval_id, n),
                limit(&a.node_id, n),
                a.node_name
            )
        } else {
            limit(&a.node_id, n).to_string()
        };
        rows.push(format!(
            "{}|{ns}{mid}|{}|{}|{}|{}|{}|{created}|{modified}",
            limit(&a.id, n),
            a.job_id,
            a.task_group,
            a.job_version,
            a.desired_status,
            a.client_status,
        ));
    }
    format_list(&rows)
}
