//! `job action` (Nomad's `command/job_action.go`): runs a task's named action in an allocation
//! over the exec WebSocket (`/v1/job/<job>/action`), with `alloc exec`'s session: stdin,
//! terminal, escape character, the action's output and its exit code.

use super::job_id_by_prefix;
use crate::api::allocs::AllocInfo;
use crate::api::exec::Exec;
use crate::api::{Client, QueryOptions};
use crate::cli::job::JobActionArgs;
use crate::commands::alloc::{
    find_exec_alloc, lookup_task, random_job_alloc, session, session_options, validate_task,
};
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

const NAME: &str = "job action";

pub async fn run(ctx: &mut Ctx, a: &JobActionArgs) -> i32 {
    let Some(action) = a.args.first() else {
        return usage_error(ctx, "An action name is required", NAME);
    };
    if a.job.is_empty() {
        return usage_error(ctx, "A job ID is required", NAME);
    }
    let opts = match session_options(&a.session) {
        Ok(o) => o,
        Err(e) => return usage_error(ctx, e, NAME),
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (alloc, job) = if a.alloc.is_empty() {
        if a.group.is_empty() {
            return usage_error(
                ctx,
                "A group name is required if no allocation is provided",
                NAME,
            );
        }
        if a.task.is_empty() {
            return usage_error(
                ctx,
                "A task name is required if no allocation is provided",
                NAME,
            );
        }
        match random_group_alloc(ctx, &client, a).await {
            Ok(found) => found,
            Err(code) => return code,
        }
    } else {
        match find_exec_alloc(ctx, &client, &a.alloc).await {
            Ok(alloc) => (alloc, a.job.clone()),
            Err(code) => return code,
        }
    };
    let task = if a.task.is_empty() {
        lookup_task(&alloc)
    } else {
        validate_task(&a.task, &alloc).map(|_| a.task.clone())
    };
    let task = match task {
        Ok(t) => t,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    ctx.ui.flush();
    let what = Exec::Action {
        job: &job,
        group: &alloc.task_group,
        action,
    };
    match session(&client, &alloc, &task, what, opts).await {
        Ok(code) => code,
        Err(e) => {
            ctx.ui.error(&format!("failed to exec into task: {e}"));
            1
        }
    }
}

/// Without `-alloc`: the job by prefix, then one of its group's allocations picked as Nomad
/// picks it, and the job's full ID (Nomad puts the prefix as typed in the action's path, which
/// the client then refuses: a listed difference).
async fn random_group_alloc(
    ctx: &mut Ctx,
    client: &Client,
    a: &JobActionArgs,
) -> Result<(AllocInfo, String), i32> {
    let all = client.config().namespace.as_deref() == Some("*");
    let found = match job_id_by_prefix(client, &a.job, all, None).await {
        Ok(f) => f,
        Err(e) => {
            ctx.ui.error(&e);
            return Err(1);
        }
    };
    let id = match random_job_alloc(client, &found.id, &a.group, &found.namespace).await {
        Ok(id) => id,
        Err(e) => {
            ctx.ui.error(&format!("Error fetching allocations: {e}"));
            return Err(1);
        }
    };
    let mut q = QueryOptions::new();
    if !found.namespace.is_empty() {
        q = q.namespace(&found.namespace);
    }
    match client.allocation::<AllocInfo>(&id, &q).await {
        Ok((alloc, _)) => Ok((alloc, found.id)),
        Err(e) => {
            ctx.ui.error(&format!("Error querying allocation: {e}"));
            Err(1)
        }
    }
}
