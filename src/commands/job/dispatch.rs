//! `job dispatch`: start an instance of a parameterized job (Nomad's `JobDispatchCommand`).

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::Serialize;

use super::job_id_by_prefix;
use crate::api::jobs::JobListStub;
use crate::api::QueryOptions;
use crate::cli::job::JobDispatchArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, HintFlags};
use crate::ctx::Ctx;
use crate::gocompat::os::io_text;
use crate::monitor::monitor_eval;
use crate::output::{format_kv, id_len, limit};

/// The body of `PUT /v1/job/:id/dispatch` (`api.JobDispatchRequest`).
#[derive(Serialize)]
struct DispatchRequest<'a> {
    #[serde(rename = "JobID")]
    job_id: &'a str,
    #[serde(rename = "Payload")]
    payload: Option<String>,
    #[serde(rename = "Meta")]
    meta: &'a BTreeMap<String, String>,
    #[serde(rename = "IdPrefixTemplate")]
    id_prefix_template: &'a str,
    #[serde(rename = "Priority")]
    priority: i64,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DispatchResponse {
    #[serde(rename = "DispatchedJobID")]
    dispatched_job_id: String,
    #[serde(rename = "EvalID")]
    eval_id: String,
}

/// Reads the payload: a file, or all of standard input for `-`. The error is Go's text.
fn read_payload(source: &str) -> Result<Vec<u8>, String> {
    if source == "-" {
        let mut buf = Vec::new();
        use std::io::Read;
        return std::io::stdin()
            .read_to_end(&mut buf)
            .map(|_| buf)
            .map_err(|e| format!("read /dev/stdin: {}", io_text(&e)));
    }
    std::fs::read(source).map_err(|e| {
        // Go's os.ReadFile opens, then reads: a directory fails at the read.
        let op = if e.kind() == std::io::ErrorKind::IsADirectory {
            "read"
        } else {
            "open"
        };
        format!("{op} {source}: {}", io_text(&e))
    })
}

/// `-meta` values: `key=value`, split at the first `=`.
fn parse_meta(meta: &[String]) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for m in meta {
        match m.split_once('=') {
            Some((k, v)) => {
                out.insert(k.to_string(), v.to_string());
            }
            None => return Err(format!("Error parsing meta value: {m}")),
        }
    }
    Ok(out)
}

/// The key/value block Nomad prints after dispatching.
pub fn render_dispatched(job_id: &str, eval_id: &str, len: usize) -> String {
    let mut rows = vec![format!("Dispatched Job ID|{job_id}")];
    if !eval_id.is_empty() {
        rows.push(format!("Evaluation ID|{}", limit(eval_id, len)));
    }
    format_kv(&rows)
}

pub async fn run(ctx: &mut Ctx, a: &JobDispatchArgs) -> i32 {
    if a.args.is_empty() || a.args.len() > 2 {
        return usage_error(
            ctx,
            "This command takes one or two argument: <parameterized job> [input source]",
            "job dispatch",
        );
    }
    let len = id_len(a.verbose);
    let payload = match a.args.get(1) {
        None => None,
        Some(src) => match read_payload(src) {
            Ok(p) => Some(p),
            Err(e) => {
                ctx.ui.error(&format!("Error reading input data: {e}"));
                return 1;
            }
        },
    };
    let meta = match parse_meta(&a.meta) {
        Ok(m) => m,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let typed = a.args[0].trim();
    let all = client.config().namespace.as_deref() == Some("*");
    let parameterized = |j: &JobListStub| j.parameterized_job;
    let found = match job_id_by_prefix(&client, typed, all, Some(&parameterized)).await {
        Ok(f) => f,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let hint = start_hint_check(ctx, &client);
    let mut q = QueryOptions::new();
    if !found.namespace.is_empty() {
        q = q.namespace(&found.namespace);
    }
    if !a.idempotency_token.is_empty() {
        q = q.param("idempotency_token", &a.idempotency_token);
    }
    // Go sends a nil slice as null and an empty one as "".
    let body = DispatchRequest {
        job_id: &found.id,
        payload: payload.as_deref().map(|p| STANDARD.encode(p)),
        meta: &meta,
        id_prefix_template: &a.id_prefix_template,
        priority: a.priority,
    };
    let resp = match client
        .dispatch_job::<DispatchResponse, _>(&found.id, &body, &q)
        .await
    {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!("Failed to dispatch job: {e}"));
            return 1;
        }
    };
    ctx.ui.output(&render_dispatched(
        &resp.dispatched_job_id,
        &resp.eval_id,
        len,
    ));
    if a.detach || resp.eval_id.is_empty() {
        return 0;
    }
    ctx.ui.output("");
    let route = format!(
        "/jobs/{}@{}",
        crate::api::url::path_escape(&resp.dispatched_job_id),
        found.namespace
    );
    let flags = HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    };
    if show_hint(ctx, hint, &client, flags, "View this job", &route).await {
        ctx.ui.warn("");
    }
    monitor_eval(ctx, &client, &resp.eval_id, a.verbose).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_splits_at_the_first_equals() {
        let m = parse_meta(&["a=b=c".into(), "x=".into()]).unwrap_or_default();
        assert_eq!(m["a"], "b=c");
        assert_eq!(m["x"], "");
        assert_eq!(
            parse_meta(&["nokey".into()]).err().as_deref(),
            Some("Error parsing meta value: nokey")
        );
    }

    #[test]
    fn renders_the_block() {
        assert_eq!(
            render_dispatched("p/dispatch-1-abcdef12", "0123456789abcdef", 8),
            "Dispatched Job ID = p/dispatch-1-abcdef12\nEvaluation ID     = 01234567"
        );
        assert_eq!(render_dispatched("x", "", 8), "Dispatched Job ID = x");
    }
}
