//! `alloc logs` (alias `logs`): a task's stdout or stderr log over Nomad's framed stream
//! (Nomad's `command/alloc_logs.go`).
//!
//! Frames are decoded as bytes arrive and their data written straight out; nothing is held back
//! except what `-tail -n` must see before it can cut lines. Beyond Nomad: with `-f` the command
//! ends by itself once the allocation is terminal (after the last output has arrived), and a
//! stream that breaks off is reopened from the last offset, without a gap or a repeat. The
//! stream itself is followed by `stream.rs`, which `alloc fs` shares.

use super::stream::{stream_log, watch_terminal, Request, StreamError, Target, BYTES_PER_LINE};
use super::{alloc_from_arg, lookup_task, validate_task};
use crate::api::stream::FsStream;
use crate::cli::alloc::AllocLogsArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::output::signal::interrupted;

pub async fn run(ctx: &mut Ctx, a: &AllocLogsArgs) -> i32 {
    if a.args.is_empty() {
        let msg = if a.job {
            "A job ID is required"
        } else {
            "An allocation ID is required"
        };
        return usage_error(ctx, msg, "alloc logs");
    }
    if a.args.len() > 2 {
        return usage_error(ctx, "This command takes one or two arguments", "alloc logs");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let alloc = match alloc_from_arg(ctx, &client, &a.args[0], a.job, &a.group, a.verbose).await {
        Ok(a) => a,
        Err(code) => return code,
    };
    let task = if !a.task.is_empty() {
        validate_task(&a.task, &alloc).map(|_| a.task.clone())
    } else if let Some(t) = a.args.get(1) {
        if t.is_empty() {
            ctx.ui.error("Task name required");
            return 1;
        }
        Ok(t.clone())
    } else {
        lookup_task(&alloc)
    };
    let task = match task {
        Ok(t) => t,
        Err(e) => {
            ctx.ui.error(&format!("Failed to validate task: {e}"));
            return 1;
        }
    };
    ctx.ui.flush();
    let node = client.node_client(&alloc.node_id).await;

    let terminal = if a.follow {
        Some(watch_terminal(&client, &alloc))
    } else {
        None
    };
    let dual = a.follow && !(a.stderr || a.stdout || a.tail || a.lines > 0 || a.bytes > 0);
    if dual {
        let out = Target::Stdout;
        let err = Target::Stderr;
        let mk = |kind: &'static str, target: Target| Request {
            client: &client,
            node: node.as_ref(),
            alloc: &alloc,
            path: FsStream::Logs.path(&alloc.id),
            params: log_params(&task, kind, true),
            single_file: false,
            origin: "end",
            offset: 0,
            lines: None,
            target,
            terminal: terminal.clone(),
        };
        let both = async {
            let (o, e) = tokio::join!(stream_log(mk("stdout", out)), stream_log(mk("stderr", err)));
            o.map_err(|e| e.describe("stdout"))?;
            e.map_err(|e| e.describe("stderr"))
        };
        let result = tokio::select! {
            r = both => r,
            _ = interrupted() => Ok(()),
        };
        return match result {
            Ok(()) => 0,
            Err(e) => {
                ctx.ui
                    .error(&format!("Failed to tail stdout and stderr files: {e}"));
                1
            }
        };
    }
    if a.stderr && a.stdout {
        ctx.ui.error("Unable to support both stdout and stderr");
        return 1;
    }
    let kind = if a.stderr { "stderr" } else { "stdout" };
    let (origin, offset, lines) = if a.tail {
        if a.lines != -1 && a.bytes != -1 {
            ctx.ui
                .error(&format!("Failed to read {kind} file: both -n and -c set"));
            return 1;
        }
        if a.lines != -1 {
            ("end", a.lines.saturating_mul(BYTES_PER_LINE), Some(a.lines))
        } else if a.bytes != -1 {
            ("end", a.bytes, None)
        } else {
            ("end", 10 * BYTES_PER_LINE, Some(10))
        }
    } else {
        ("start", 0, None)
    };
    let req = Request {
        client: &client,
        node: node.as_ref(),
        alloc: &alloc,
        path: FsStream::Logs.path(&alloc.id),
        params: log_params(&task, kind, a.follow),
        single_file: false,
        origin,
        offset,
        lines,
        target: Target::Stdout,
        terminal,
    };
    let result = tokio::select! {
        r = stream_log(req) => r,
        _ = interrupted() => Ok(()),
    };
    match result {
        Ok(()) => 0,
        Err(StreamError::Open(e)) => {
            let what = if a.tail {
                "error tailing file"
            } else {
                "error reading file"
            };
            ctx.ui
                .error(&format!("Failed to read {kind} file: {what}: {e}"));
            1
        }
        Err(StreamError::Broken(e)) => {
            ctx.ui.error(&format!(
                "Failed to read {kind} file: error following logs: {e}"
            ));
            1
        }
    }
}

/// The log endpoint's parameters (`job logs` shares them).
pub(crate) fn log_params(task: &str, kind: &str, follow: bool) -> Vec<(&'static str, String)> {
    vec![
        ("follow", follow.to_string()),
        ("task", task.to_string()),
        ("type", kind.to_string()),
    ]
}
