//! `alloc fs` (alias `fs`): an allocation's directory — list, stat, print, tail, follow
//! (Nomad's `command/alloc_fs.go`). File contents come from the node directly when it can be
//! reached, through the agent otherwise; `stat` and `ls` always go through the agent.

use serde::Deserialize;

use super::alloc_from_arg;
use super::stream::{stream_log, LineLimiter, Request, StreamError, Target, BYTES_PER_LINE};
use crate::api::allocs::AllocInfo;
use crate::api::stream::FsStream;
use crate::api::{Client, QueryOptions};
use crate::cli::alloc::AllocFsArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::humanize::ibytes;
use crate::output::format_list;
use crate::output::signal::interrupted;
use crate::output::time::format_rfc3339;

/// `AllocFileInfo`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocFileInfo {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "IsDir")]
    pub is_dir: bool,
    #[serde(rename = "Size")]
    pub size: i64,
    #[serde(rename = "FileMode")]
    pub file_mode: String,
    #[serde(rename = "ModTime")]
    pub mod_time: Option<String>,
    #[serde(rename = "ContentType")]
    pub content_type: String,
}

fn size(f: &AllocFileInfo, machine: bool) -> String {
    if machine {
        f.size.to_string()
    } else {
        ibytes(f.size.max(0) as u64)
    }
}

fn name(f: &AllocFileInfo) -> String {
    if f.is_dir {
        format!("{}/", f.name)
    } else {
        f.name.clone()
    }
}

/// The `-stat` table.
pub fn format_stat(f: &AllocFileInfo, machine: bool) -> String {
    format_list(&[
        "Mode|Size|Modified Time|Content Type|Name".to_string(),
        format!(
            "{}|{}|{}|{}|{}",
            f.file_mode,
            size(f, machine),
            format_rfc3339(f.mod_time.as_deref().unwrap_or("")),
            f.content_type,
            name(f)
        ),
    ])
}

/// The directory listing, in the server's order.
pub fn format_ls(files: &[AllocFileInfo], machine: bool) -> String {
    let mut rows = vec!["Mode|Size|Modified Time|Name".to_string()];
    for f in files {
        rows.push(format!(
            "{}|{}|{}|{}",
            f.file_mode,
            size(f, machine),
            format_rfc3339(f.mod_time.as_deref().unwrap_or("")),
            name(f)
        ));
    }
    format_list(&rows)
}

pub async fn run(ctx: &mut Ctx, a: &AllocFsArgs) -> i32 {
    if a.args.is_empty() {
        let msg = if a.job {
            "A job ID is required"
        } else {
            "An allocation ID is required"
        };
        return usage_error(ctx, msg, "alloc fs");
    }
    if a.args.len() > 2 {
        return usage_error(
            ctx,
            "This command takes one or two arguments: <allocation> [<path>]",
            "alloc fs",
        );
    }
    let path = a.args.get(1).cloned().unwrap_or_else(|| "/".to_string());
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let alloc = match alloc_from_arg(ctx, &client, &a.args[0], a.job, &a.group, a.verbose).await {
        Ok(a) => a,
        Err(code) => return code,
    };
    let pq = QueryOptions::new().param("path", &path);
    let file = match client.fs_stat::<AllocFileInfo>(&alloc.id, &pq).await {
        Ok((f, _)) => f,
        Err(e) => {
            ctx.ui.error(&e.to_string());
            return 1;
        }
    };
    if a.stat {
        ctx.ui.output(&format_stat(&file, a.machine));
        return 0;
    }
    if file.is_dir {
        return match client
            .fs_ls::<Option<Vec<AllocFileInfo>>>(&alloc.id, &pq)
            .await
        {
            Ok((files, _)) => {
                ctx.ui
                    .output(&format_ls(&files.unwrap_or_default(), a.machine));
                0
            }
            Err(e) => {
                ctx.ui.error(&format!("Error listing alloc dir: {e}"));
                1
            }
        };
    }
    ctx.ui.flush();
    let node = client.node_client(&alloc.node_id).await;
    let stream_req = |origin: &'static str, offset: i64, lines: Option<i64>| Request {
        client: &client,
        node: node.as_ref(),
        alloc: &alloc,
        path: FsStream::Stream.path(&alloc.id),
        params: vec![("path", path.clone())],
        single_file: true,
        origin,
        offset,
        lines,
        target: Target::Stdout,
        terminal: None,
    };
    if !a.tail {
        if a.follow {
            return finish_stream(ctx, stream_req("start", 0, None), "Error reading file").await;
        }
        let q = QueryOptions::new().param("path", &path);
        let r = raw(&client, node.as_ref(), &alloc, FsStream::Cat, &q, None).await;
        return finish_raw(ctx, r, "Error reading file");
    }
    if a.lines != -1 && a.bytes != -1 {
        ctx.ui.error("Both -n and -c are not allowed");
        return 1;
    }
    if a.lines < -1 || a.bytes < -1 {
        ctx.ui.error("Invalid size is specified");
        return 1;
    }
    let (mut offset, lines) = if a.lines != -1 {
        (a.lines.saturating_mul(BYTES_PER_LINE), Some(a.lines))
    } else if a.bytes != -1 {
        (a.bytes, None)
    } else {
        (10 * BYTES_PER_LINE, Some(10))
    };
    offset = offset.min(file.size);
    if a.follow {
        return finish_stream(ctx, stream_req("end", offset, lines), "Error tailing file").await;
    }
    let q = QueryOptions::new()
        .param("limit", "-1")
        .param("offset", &(file.size - offset).to_string())
        .param("path", &path);
    let r = raw(&client, node.as_ref(), &alloc, FsStream::ReadAt, &q, lines).await;
    finish_raw(ctx, r, "Error tailing file")
}

enum RawError {
    Open(String),
    Copy(String),
}

/// `cat`/`readat`: raw bytes written as they arrive (through the line limiter with `-n`).
async fn raw(
    client: &Client,
    node: Option<&Client>,
    alloc: &AllocInfo,
    op: FsStream,
    q: &QueryOptions,
    lines: Option<i64>,
) -> Result<(), RawError> {
    let q = q.clone().namespace(&alloc.namespace);
    let resp = client
        .get_stream_via(node, &op.path(&alloc.id), &q)
        .await
        .map_err(|e| RawError::Open(e.to_string()))?;
    let mut limiter = lines.map(LineLimiter::new);
    let mut body = resp.bytes_stream();
    let silence = client.stream_silence();
    while let Some(chunk) = crate::api::policy::next_chunk(&mut body, silence).await {
        let chunk = chunk.map_err(RawError::Copy)?;
        match limiter.as_mut() {
            Some(l) => Target::Stdout.write(&l.push(&chunk)),
            None => Target::Stdout.write(&chunk),
        }
    }
    if let Some(l) = limiter.as_mut() {
        Target::Stdout.write(&l.release());
    }
    Ok(())
}

fn finish_raw(ctx: &mut Ctx, r: Result<(), RawError>, open_words: &str) -> i32 {
    match r {
        Ok(()) => 0,
        Err(RawError::Open(e)) => {
            ctx.ui.error(&format!("{open_words}: {e}"));
            1
        }
        Err(RawError::Copy(e)) => {
            ctx.ui.error(&format!("error tailing file: {e}"));
            1
        }
    }
}

async fn finish_stream(ctx: &mut Ctx, req: Request<'_>, open_words: &str) -> i32 {
    let r = tokio::select! {
        r = stream_log(req) => r,
        _ = interrupted() => Ok(()),
    };
    match r {
        Ok(()) => 0,
        Err(StreamError::Open(e)) => {
            ctx.ui.error(&format!("{open_words}: {e}"));
            1
        }
        Err(StreamError::Broken(e)) => {
            ctx.ui.error(&format!("error tailing file: {e}"));
            1
        }
    }
}
