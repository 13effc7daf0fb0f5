//! `alloc checks` (Nomad's `command/alloc_checks.go`): the Nomad service checks of an
//! allocation, one key/value block each.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{find_alloc_stub, LookupWords};
use crate::api::QueryOptions;
use crate::cli::alloc::AllocChecksArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format_list;
use crate::output::gotype::GoType;
use crate::output::time::format_unix_nano;

/// `AllocCheckStatus`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CheckStatus {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "Check")]
    pub check: String,
    #[serde(rename = "Group")]
    pub group: String,
    #[serde(rename = "Mode")]
    pub mode: String,
    #[serde(rename = "Output")]
    pub output: String,
    #[serde(rename = "Service")]
    pub service: String,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "StatusCode")]
    pub status_code: i64,
    #[serde(rename = "Task")]
    pub task: String,
    #[serde(rename = "Timestamp")]
    pub timestamp: i64,
}

/// The text as Nomad prints it (each block followed by an empty line): a count line, then `key  =  value` lines per check (ordered by check ID; Nomad
/// prints them in map order).
pub fn format_checks(checks: &BTreeMap<String, CheckStatus>) -> String {
    let mut out = format!("Status of {} Nomad Service Checks\n\n", checks.len());
    let pair = |k: &str, v: &str| format!("{k}|=|{v}");
    for c in checks.values() {
        let task = if c.task.is_empty() {
            "(group)"
        } else {
            &c.task
        };
        let mut rows = vec![
            pair("ID", &c.id),
            pair("Name", &c.check),
            pair("Group", &c.group),
            pair("Task", task),
            pair("Service", &c.service),
            pair("Status", &c.status),
        ];
        if c.status_code > 0 {
            rows.push(pair("StatusCode", &c.status_code.to_string()));
        }
        rows.push(pair("Mode", &c.mode));
        rows.push(pair(
            "Timestamp",
            &format_unix_nano(c.timestamp.saturating_mul(1_000_000_000)),
        ));
        rows.push(pair("Output", &c.output));
        out.push_str(&format_list(&rows));
        out.push_str("\n\n");
    }
    out
}

pub async fn run(ctx: &mut Ctx, a: &AllocChecksArgs) -> i32 {
    if a.args.is_empty() {
        return usage_error(ctx, "An allocation ID is required", "alloc checks");
    }
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes one argument (allocation ID)",
            "alloc checks",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let words = LookupWords {
        too_short: "Alloc ID must contain at least two characters.",
        verbose: a.verbose,
    };
    let alloc = match find_alloc_stub(ctx, &client, &a.args[0], words).await {
        Ok(a) => a,
        Err(code) => return code,
    };
    let q = QueryOptions::new().namespace(&alloc.namespace);
    let body = match client
        .allocation_checks::<serde_json::Value>(&alloc.id, &q)
        .await
    {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying allocation checks: {e}"));
            return 1;
        }
    };
    if let Some(c) = print_if_asked(
        ctx,
        &a.format,
        GoType::AllocCheckStatuses,
        &body,
        Errors::AsIs,
    ) {
        return c;
    }
    let checks: BTreeMap<String, CheckStatus> =
        serde_json::from_value::<Option<BTreeMap<String, CheckStatus>>>(body)
            .ok()
            .flatten()
            .unwrap_or_default();
    let out = format_checks(&checks);
    ctx.ui.output(out.strip_suffix('\n').unwrap_or(&out));
    0
}
