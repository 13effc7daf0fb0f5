//! `alloc status`: one allocation in detail (Nomad's `command/alloc_status.go`).
//!
//! Nomad asks for the follow-up evaluation, the service checks and the resource usage one after
//! another once it has the allocation; rnomad sends those requests together.
//!
//! fetch → view → render, as `commands/job/status` describes: `fetch.rs` makes the requests
//! that follow the allocation, `view.rs` holds what the output shows, `render.rs` (header,
//! addresses, checks, placement metrics) and `tasks.rs` (one section per task) turn it into
//! text.

mod fetch;
pub mod render;
mod tasks;
pub mod view;

use super::{prefix_list, sort_stub_values};
use crate::api::allocs::AllocInfo;
use crate::api::sanitize_uuid_prefix;
use crate::api::{Listing, QueryOptions};
use crate::cli::alloc::AllocStatusArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, watch, HintFlags};
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::gotype::GoType;
use crate::views::allocs::format_alloc_list_stubs;
use render::{render, Options};
use view::AllocView;

pub async fn run(ctx: &mut Ctx, a: &AllocStatusArgs) -> i32 {
    if a.watch.watch {
        let Some(client) = ctx.connect(&a.global) else {
            return 1;
        };
        let paths = crate::watch::by_prefix(Listing::Allocations, a.args.first());
        return watch(
            ctx,
            &client,
            &a.watch,
            "alloc status",
            paths,
            async |ctx: &mut Ctx| run_once(ctx, a).await,
        )
        .await;
    }
    run_once(ctx, a).await
}

async fn run_once(ctx: &mut Ctx, a: &AllocStatusArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let data_mode = a.format.is_data();
    if a.args.is_empty() && data_mode {
        let body = match client
            .list::<serde_json::Value>(Listing::Allocations, &QueryOptions::new())
            .await
        {
            Ok((v, _)) => sort_stub_values(v),
            Err(e) => {
                ctx.ui.error(&format!("Error querying allocations: {e}"));
                return 1;
            }
        };
        return print_if_asked(
            ctx,
            &a.format,
            GoType::AllocationListStubs,
            &body,
            Errors::AsIs,
        )
        .unwrap_or(0);
    }
    if a.args.len() != 1 {
        ctx.ui
            .error("This command takes one of the following argument conditions:");
        ctx.ui.error(" * A single <allocation>");
        return usage_error(
            ctx,
            " * No arguments, with output format specified",
            "alloc status",
        );
    }
    let id = &a.args[0];
    if id.chars().count() == 1 {
        ctx.ui
            .error("Identifier must contain at least two characters.");
        return 1;
    }
    let prefix = sanitize_uuid_prefix(id);
    // A whole ID: the allocation, its checks and its usage are asked for alongside the
    // prefix check (one round trip instead of three). An allocation is found by ID whatever
    // the namespace asked, so the answers are the ones the check would lead to; they are
    // used only when the check finds exactly this allocation.
    let whole_id = crate::api::is_uuid(&prefix);
    let want_details = !data_mode && !a.short;
    let (allocs, early_body, early_details) = tokio::join!(
        prefix_list(&client, &prefix),
        async {
            match whole_id {
                true => client
                    .allocation::<serde_json::Value>(&prefix, &QueryOptions::new())
                    .await
                    .ok(),
                false => None,
            }
        },
        async {
            match whole_id && want_details {
                true => Some(fetch::by_id(&client, &prefix).await),
                false => None,
            }
        },
    );
    let allocs = match allocs {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying allocation: {e}"));
            return 1;
        }
    };
    if allocs.is_empty() {
        ctx.ui.error(&format!(
            "No allocation(s) with prefix or id {} found",
            quote(&prefix)
        ));
        return 1;
    }
    if allocs.len() > 1 {
        ctx.ui.output(&format!(
            "Prefix matched multiple allocations\n\n{}",
            format_alloc_list_stubs(&allocs, a.verbose, ctx.now_ns)
        ));
        return 0;
    }
    let stub = &allocs[0];
    let early = whole_id && stub.id == prefix;
    let body = match early_body.filter(|_| early) {
        Some((v, _)) => v,
        None => {
            let info_q = QueryOptions::new().namespace(&stub.namespace);
            match client
                .allocation::<serde_json::Value>(&stub.id, &info_q)
                .await
            {
                Ok((v, _)) => v,
                Err(e) => {
                    ctx.ui.error(&format!("Error querying allocation: {e}"));
                    return 1;
                }
            }
        }
    };
    if data_mode {
        return print_if_asked(ctx, &a.format, GoType::Allocation, &body, Errors::AsIs)
            .unwrap_or(0);
    }
    let alloc: AllocInfo = match serde_json::from_value(body) {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying allocation: {e}"));
            return 1;
        }
    };
    let hint = start_hint_check(ctx, &client);
    let details = match a.short {
        true => None,
        false => Some(fetch::details(&client, &alloc, early_details.filter(|_| early)).await),
    };
    let view = AllocView { alloc, details };
    let o = Options {
        verbose: a.verbose,
        stats: a.stats,
        markup: ctx.ui.color().markup,
    };
    ctx.ui.print(&render(&view, &o, ctx.now_ns));
    let flags = HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    };
    let route = format!("/allocations/{}", view.alloc.id);
    show_hint(ctx, hint, &client, flags, "View allocation details", &route).await;
    0
}

#[cfg(test)]
mod tests;
