//! `alloc restart` and `alloc signal` (Nomad's `command/alloc_restart.go`,
//! `command/alloc_signal.go`): both go through the agent, which forwards to the client.

use serde_json::{json, Value};

use super::{find_alloc, validate_task, LookupWords};
use crate::api::QueryOptions;
use crate::cli::alloc::{AllocRestartArgs, AllocSignalArgs};
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

const TOO_SHORT: &str = "Alloc ID must contain at least two characters.";

pub async fn run(ctx: &mut Ctx, a: &AllocRestartArgs) -> i32 {
    if a.args.is_empty() || a.args.len() > 2 {
        return usage_error(
            ctx,
            "This command takes one or two arguments: <alloc-id> <task-name>",
            "alloc restart",
        );
    }
    let mut task = a.task.clone();
    if task.is_empty() {
        if let Some(t) = a.args.get(1) {
            task = t.clone();
        }
    }
    if a.all_tasks && !task.is_empty() {
        ctx.ui
            .error("The -all-tasks option is not allowed when restarting a specific task.");
        return 1;
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let words = LookupWords {
        too_short: TOO_SHORT,
        verbose: a.verbose,
    };
    let alloc = match find_alloc(ctx, &client, &a.args[0], words).await {
        Ok(a) => a,
        Err(code) => return code,
    };
    if !task.is_empty() {
        if let Err(e) = validate_task(&task, &alloc) {
            ctx.ui.error(&e);
            return 1;
        }
    }
    let body = json!({"TaskName": task, "AllTasks": a.all_tasks});
    match client
        .restart_allocation::<Value, _>(&alloc.id, &body, &QueryOptions::new())
        .await
    {
        Ok(_) => 0,
        Err(e) => {
            let target = if task.is_empty() {
                "allocation"
            } else {
                "task"
            };
            ctx.ui.error(&format!("Failed to restart {target}:\n\n{e}"));
            1
        }
    }
}

pub async fn signal(ctx: &mut Ctx, a: &AllocSignalArgs) -> i32 {
    if a.args.is_empty() || a.args.len() > 2 {
        return usage_error(
            ctx,
            "This command takes up to two arguments: <alloc-id> <task>",
            "alloc signal",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let words = LookupWords {
        too_short: TOO_SHORT,
        verbose: a.verbose,
    };
    let alloc = match find_alloc(ctx, &client, &a.args[0], words).await {
        Ok(a) => a,
        Err(code) => return code,
    };
    let mut task = a.task.clone();
    if task.is_empty() {
        if let Some(t) = a.args.get(1) {
            task = t.clone();
        }
    }
    if !task.is_empty() {
        if let Err(e) = validate_task(&task, &alloc) {
            ctx.ui.error(&e);
            return 1;
        }
    }
    let body = json!({"Task": task, "Signal": a.signal});
    match client
        .signal_allocation::<Value, _>(&alloc.id, &body, &QueryOptions::new())
        .await
    {
        Ok(_) => 0,
        Err(e) => {
            ctx.ui.error(&format!("Error signalling allocation: {e}"));
            1
        }
    }
}
