//! `eval status` (Nomad's `EvalStatusCommand`), with `-monitor`.

use serde_json::Value;

use crate::api::evals::Evaluation;
use crate::api::sanitize_uuid_prefix;
use crate::api::{Listing, QueryOptions};
use crate::cli::eval::EvalStatusArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, watch, HintFlags};
use crate::commands::data;
use crate::commands::job::sort_by_create_index_desc;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::monitor::monitor_eval;
use crate::output::gotype::GoType;
use crate::output::time::{format_rfc3339, format_unix_nano, pretty_time_diff};
use crate::output::{format_kv, id_len, limit};
use crate::views::allocs::format_alloc_metrics;
use crate::views::evals::{eval_failure_status, format_eval_list};

/// The key/value block and the placement failures of one evaluation.
pub fn render_eval(e: &Evaluation, verbose: bool, now_ns: i64) -> String {
    let len = id_len(verbose);
    let time = |ns: i64| {
        if verbose {
            format_unix_nano(ns)
        } else {
            pretty_time_diff(ns, now_ns)
        }
    };
    let desc = if e.status_description.is_empty() {
        e.status.clone()
    } else {
        e.status_description.clone()
    };
    let mut rows = vec![
        format!("ID|{}", limit(&e.id, len)),
        format!("Create Time|{}", time(e.create_time)),
        format!("Modify Time|{}", time(e.modify_time)),
        format!("Status|{}", e.status),
        format!("Status Description|{desc}"),
        format!("Type|{}", e.kind),
        format!("TriggeredBy|{}", e.triggered_by),
        format!("Job ID|{}", e.job_id),
        format!("Namespace|{}", e.namespace),
    ];
    if e.triggered_by == "node-update" && !e.node_id.is_empty() {
        rows.push(format!("Node ID|{}", e.node_id));
    }
    if e.triggered_by == "max-plan-attempts" && !e.previous_eval.is_empty() {
        rows.push(format!("Previous Eval|{}", e.previous_eval));
    }
    rows.push(format!("Priority|{}", e.priority));
    rows.push(format!("Placement Failures|{}", eval_failure_status(e)));
    let wait_until = e
        .wait_until
        .as_deref()
        .map(format_rfc3339)
        .unwrap_or_default();
    if !wait_until.is_empty() {
        rows.push(format!("Wait Until|{wait_until}"));
    }
    if verbose {
        rows.push(format!("Previous Eval|{}", e.previous_eval));
        rows.push(format!("Next Eval|{}", e.next_eval));
        rows.push(format!("Blocked Eval|{}", e.blocked_eval));
    }
    let mut out = vec![format_kv(&rows)];
    if e.has_failures() {
        out.push("\n[bold]Failed Placements[reset]".to_string());
        for (tg, m) in e.failed_tg_allocs.iter().flatten() {
            let noun = if m.coalesced_failures > 0 {
                "allocations"
            } else {
                "allocation"
            };
            out.push(format!(
                "Task Group {} (failed to place {} {noun}):",
                quote(tg),
                m.coalesced_failures + 1
            ));
            out.push(format_alloc_metrics(m, "  "));
            out.push(String::new());
        }
        if !e.blocked_eval.is_empty() {
            out.push(format!(
                "Evaluation {} waiting for additional capacity to place remainder",
                quote(limit(&e.blocked_eval, len))
            ));
        }
    }
    out.join("\n")
}

pub async fn run(ctx: &mut Ctx, a: &EvalStatusArgs) -> i32 {
    if a.watch.watch {
        let Some(client) = ctx.connect(&a.global) else {
            return 1;
        };
        let paths = crate::watch::by_prefix(Listing::Evaluations, a.args.first());
        return watch(
            ctx,
            &client,
            &a.watch,
            "eval status",
            paths,
            async |ctx: &mut Ctx| run_once(ctx, a).await,
        )
        .await;
    }
    run_once(ctx, a).await
}

async fn run_once(ctx: &mut Ctx, a: &EvalStatusArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument", "eval status");
    }
    let id = a.args[0].as_str();
    if id.len() == 1 {
        ctx.ui
            .error("Identifier must contain at least two characters.");
        return 1;
    }
    let format = match data::choose(ctx, &a.format) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let p = sanitize_uuid_prefix(id);
    let mut list = match client
        .list::<Option<Vec<Value>>>(Listing::Evaluations, &QueryOptions::new().prefix(&p))
        .await
    {
        Ok((v, _)) => v.unwrap_or_default(),
        Err(e) => {
            ctx.ui.error(&format!("Error querying evaluation: {e}"));
            return 1;
        }
    };
    if list.is_empty() {
        ctx.ui.error(&format!(
            "No evaluation(s) with prefix or id {} found",
            quote(&p)
        ));
        return 1;
    }
    if list.len() > 1 {
        sort_by_create_index_desc(&mut list);
        let evals: Vec<Evaluation> = list
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect();
        ctx.ui.error(&format!(
            "Prefix matched multiple evaluations\n\n{}",
            format_eval_list(&evals, id_len(a.verbose))
        ));
        return 1;
    }
    let full = list[0]["ID"].as_str().unwrap_or("").to_string();
    if a.monitor {
        return monitor_eval(ctx, &client, &full, a.verbose).await;
    }
    let hint = start_hint_check(ctx, &client);
    let raw = match client
        .evaluation::<Value>(&full, &QueryOptions::new())
        .await
    {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying evaluation: {e}"));
            return 1;
        }
    };
    if let Some(f) = format {
        return data::print(ctx, &f, GoType::Evaluation, &raw);
    }
    let e: Evaluation = serde_json::from_value(raw).unwrap_or_default();
    let out = ctx.ui.colorize(&render_eval(&e, a.verbose, ctx.now_ns));
    ctx.ui.output(&out);
    let flags = HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    };
    let route = format!("/evaluations?currentEval={full}");
    show_hint(ctx, hint, &client, flags, "View evaluation details", &route).await;
    0
}
