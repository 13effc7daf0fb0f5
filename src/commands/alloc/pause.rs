//! `alloc pause` (Nomad's `AllocPauseCommand`): set, or with `-status` read, the schedule
//! state of an allocation's tasks. Nothing is printed on success, as Nomad.

use super::{find_alloc, validate_task, LookupWords};
use crate::api::QueryOptions;
use crate::cli::alloc::AllocPauseArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

const STATES: [&str; 3] = ["pause", "run", "scheduled"];

pub async fn run(ctx: &mut Ctx, a: &AllocPauseArgs) -> i32 {
    if a.args.is_empty() || a.args.len() > 2 {
        return usage_error(
            ctx,
            "This command takes up to two arguments: <alloc-id> <task>",
            "alloc pause",
        );
    }
    if !STATES.contains(&a.state.as_str()) {
        ctx.ui.error(&format!(
            "Pause action must be one of \"pause\", \"run\", or \"scheduled\" but got {}",
            quote(&a.state)
        ));
        return 1;
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let words = LookupWords {
        too_short: "Alloc ID must contain at least two characters.",
        verbose: a.verbose,
    };
    let alloc = match find_alloc(ctx, &client, &a.args[0], words).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let task = match (a.task.is_empty(), a.args.get(1)) {
        (true, Some(t)) => t.clone(),
        _ => a.task.clone(),
    };
    if !task.is_empty() {
        if let Err(e) = validate_task(&task, &alloc) {
            ctx.ui.error(&e);
            return 1;
        }
    }
    if a.status {
        return match client
            .alloc_pause_state(&alloc.id, &task, &QueryOptions::new())
            .await
        {
            Ok((state, _)) => {
                ctx.ui.info(&format!("Pause state: {}", quote(&state)));
                0
            }
            Err(e) => {
                ctx.ui
                    .error(&format!("Error getting task pause state: {e}"));
                1
            }
        };
    }
    match client
        .set_alloc_pause_state(&alloc.id, &task, &a.state, &QueryOptions::new())
        .await
    {
        Ok(_) => 0,
        Err(e) => {
            ctx.ui.error(&format!("Error setting pause state: {e}"));
            1
        }
    }
}
