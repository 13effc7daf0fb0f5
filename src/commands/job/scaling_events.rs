//! `job scaling-events`: Nomad's `JobScalingEventsCommand`.

use serde_json::Value;

use crate::cli::job::JobScalingEventsArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::output::format_list;
use crate::output::time::format_unix_nano;

pub async fn run(ctx: &mut Ctx, a: &JobScalingEventsArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <job_id>",
            "job scaling-events",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, q) = match super::resolve_job(ctx, &client, &a.args[0]).await {
        Ok(r) => r,
        Err(code) => return code,
    };
    let status = match client.job_scale_status::<Value>(&id, &q).await {
        Ok((s, _)) => s,
        Err(e) => {
            ctx.ui.error(&format!("Error listing scaling events: {e}"));
            return 1;
        }
    };
    let groups = status["TaskGroups"].as_object();
    // Nomad asks whether any group's event list is non-nil (an empty one counts).
    if !groups.is_some_and(|g| g.values().any(|tg| !tg["Events"].is_null())) {
        ctx.ui.output("No events found");
        return 0;
    }
    ctx.ui.output(&render(&status, a.verbose));
    0
}

/// The events of every group, newest first (Go's `sort.Sort` by time).
pub fn render(status: &Value, verbose: bool) -> String {
    let mut events: Vec<(&str, &Value)> = Vec::new();
    if let Some(groups) = status["TaskGroups"].as_object() {
        for (name, tg) in groups {
            for e in tg["Events"].as_array().into_iter().flatten() {
                events.push((name, e));
            }
        }
    }
    let time = |e: &Value| e["Time"].as_u64().unwrap_or(0);
    crate::gocompat::sort::sort(&mut events, |a, b| time(a.1) > time(b.1));
    let mut header = "Task Group|Count|PrevCount".to_string();
    if verbose {
        header.push_str("|Error|Message|Eval ID");
    }
    header.push_str("|Date");
    let mut rows = vec![header];
    let or_empty = |v: &Value| match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    };
    for (group, e) in events {
        let mut row = format!(
            "{group}|{}|{}",
            or_empty(&e["Count"]),
            e["PreviousCount"].as_i64().unwrap_or(0)
        );
        if verbose {
            row.push_str(&format!(
                "|{}|{}|{}",
                e["Error"].as_bool().unwrap_or(false),
                e["Message"].as_str().unwrap_or_default(),
                or_empty(&e["EvalID"])
            ));
        }
        row.push_str(&format!("|{}", format_unix_nano(time(e) as i64)));
        rows.push(row);
    }
    format_list(&rows)
}
