//! `job status`: the job list, or one job in detail (Nomad's `command/job_status.go`).
//!
//! Nomad makes its requests one after another; rnomad sends those that do not depend on each
//! other together: after the prefix lookup, the job, its summary, allocations, evaluations and
//! latest deployment go out at once.
//!
//! # The shape of a command (copy it)
//!
//! - `fetch.rs` — every request, concurrent where Nomad's are independent; it returns the typed
//!   responses (`Result`s kept: Nomad reports a failed request where it would have used it).
//! - `view.rs` — the view: built from the responses by a pure function, holding what the
//!   output shows and where Nomad stops on a failed request (the view decides the exit code).
//! - `render.rs` — `render(&View, &Options, now_ns) -> Printout`: pure, no `Ctx`, no I/O; the
//!   clock, colour and the Web UI hint come in as arguments. Unit tests feed it views built
//!   from responses recorded from a real Nomad and compare with the real CLI's output.
//! - `mod.rs` (this file) — flags → fetch → view → render → `ctx.ui.print`, the exit code,
//!   `-watch` (`commands::common::watch`) and `-json`/`-t`.
//!
//! A command small enough for one file keeps the same order inside `<cmd>.rs`.

mod fetch;
mod json;
pub mod render;
pub mod view;

use tokio::task::JoinHandle;

use super::job_id_by_prefix;
use crate::api::jobs::job_status_paths;
use crate::api::{Client, Listing, QueryOptions};
use crate::cli::job::JobStatusArgs;
use crate::commands::common::{start_hint_check, usage_error, watch, web_ui_hint, HintFlags};
use crate::ctx::Ctx;
use render::{render, Options};
use view::{JobView, ListView, View};

pub async fn run(ctx: &mut Ctx, a: &JobStatusArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes either no arguments or one: <job>",
            "status",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if a.watch.watch {
        let paths = watched_paths(a, &client).await;
        return watch(
            ctx,
            &client,
            &a.watch,
            "status",
            paths,
            async |ctx: &mut Ctx| one_shot(ctx, a, &client).await,
        )
        .await;
    }
    one_shot(ctx, a, &client).await
}

/// What `-watch` blocks on: the job list, or one job with its allocations, evaluations,
/// deployments and summary (when the prefix names one job; otherwise the tables they live in).
async fn watched_paths(a: &JobStatusArgs, client: &Client) -> Vec<(String, QueryOptions)> {
    let Some(prefix) = a.args.first() else {
        return vec![(Listing::Jobs.path().to_string(), QueryOptions::new())];
    };
    let all_ns = client.config().namespace.as_deref() == Some("*");
    match job_id_by_prefix(client, prefix.trim(), all_ns, None).await {
        Ok(found) => {
            let q = QueryOptions {
                namespace: (!found.namespace.is_empty()).then(|| found.namespace.clone()),
                ..Default::default()
            };
            job_status_paths(&found.id)
                .into_iter()
                .map(|p| (p, q.clone()))
                .collect()
        }
        Err(_) => vec![
            (Listing::Jobs.path().to_string(), QueryOptions::new()),
            (
                Listing::Allocations.path().to_string(),
                QueryOptions::new().param("per_page", "1"),
            ),
        ],
    }
}

/// The command proper: the list or one job.
async fn one_shot(ctx: &mut Ctx, a: &JobStatusArgs, client: &Client) -> i32 {
    let all_ns = client.config().namespace.as_deref() == Some("*");
    let hint = if data_mode(a) {
        None
    } else {
        start_hint_check(ctx, client)
    };
    match a.args.first() {
        None => list(ctx, a, client, all_ns, hint).await,
        Some(arg) => single(ctx, a, client, arg.trim(), all_ns, hint).await,
    }
}

fn data_mode(a: &JobStatusArgs) -> bool {
    a.format.is_data()
}

/// The render options of this run, with the Web UI hint (if it is shown).
fn options(ctx: &Ctx, a: &JobStatusArgs, hint: Option<String>) -> Options {
    Options {
        verbose: a.verbose,
        evals: a.evals,
        markup: ctx.ui.color().markup,
        hint,
    }
}

fn hint_flags(a: &JobStatusArgs) -> HintFlags {
    HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    }
}

async fn list(
    ctx: &mut Ctx,
    a: &JobStatusArgs,
    client: &Client,
    all_ns: bool,
    hint: Option<JoinHandle<bool>>,
) -> i32 {
    let jobs = match client.job_rows(&QueryOptions::new()).await {
        Ok((j, _)) => j,
        Err(e) => {
            ctx.ui.error(&format!("Error querying jobs: {e}"));
            return 1;
        }
    };
    if !jobs.is_empty() && data_mode(a) {
        let pairs: Vec<(String, String)> = jobs
            .iter()
            .map(|j| (j.id.clone(), j.namespace.clone()))
            .collect();
        return json::print_json_jobs(ctx, a, client, &pairs).await;
    }
    let hint = match hint {
        Some(h) => Some(h),
        // Nomad shows the hint for an empty list even in -json/-t mode.
        None if jobs.is_empty() => start_hint_check(ctx, client),
        None => None,
    };
    let flags = hint_flags(a);
    let hint = web_ui_hint(
        ctx,
        hint,
        client,
        flags,
        "View and manage Nomad jobs",
        "/jobs",
    )
    .await;
    let view = View::List(ListView {
        jobs,
        all_namespaces: all_ns,
    });
    let out = render(&view, &options(ctx, a, hint), ctx.now_ns);
    ctx.ui.print(&out);
    0
}

async fn single(
    ctx: &mut Ctx,
    a: &JobStatusArgs,
    client: &Client,
    prefix: &str,
    all_ns: bool,
    hint: Option<JoinHandle<bool>>,
) -> i32 {
    let found = match job_id_by_prefix(client, prefix, all_ns, None).await {
        Ok(f) => f,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let wants_details = !a.short && !data_mode(a);
    let responses = match fetch::job(client, &found, a.all_allocs, wants_details).await {
        Ok(r) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error querying job: {e}"));
            return 1;
        }
    };
    if data_mode(a) {
        let job = &responses.job;
        let pair = [(
            job.id.clone().unwrap_or_default(),
            job.namespace.clone().unwrap_or_default(),
        )];
        return json::print_json_jobs(ctx, a, client, &pair).await;
    }
    let view = JobView::new(responses);
    let code = view.exit_code();
    let hint = if code == 0 {
        let route = view.route();
        let desc = "View job details and metrics";
        web_ui_hint(ctx, hint, client, hint_flags(a), desc, &route).await
    } else {
        None
    };
    let out = render(
        &View::Job(Box::new(view)),
        &options(ctx, a, hint),
        ctx.now_ns,
    );
    ctx.ui.print(&out);
    code
}
#[cfg(test)]
mod tests;
