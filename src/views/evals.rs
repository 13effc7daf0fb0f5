//! Evaluation views: the evaluation table, whether an evaluation failed to place allocations,
//! and its placement failures.

use super::allocs::format_alloc_metrics;
use crate::api::evals::{AllocationMetric, Evaluation};
use crate::gocompat::strconv::quote;
use crate::output::{format_list, limit};

/// `formatEvalList`: the evaluation table.
pub fn format_eval_list(evals: &[Evaluation], len: usize) -> String {
    let mut rows = vec![
        "ID|Priority|Triggered By|Job ID|Namespace|Node ID|Status|Placement Failures".to_string(),
    ];
    for e in evals {
        rows.push(format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            limit(&e.id, len),
            e.priority,
            e.triggered_by,
            e.job_id,
            e.namespace,
            limit(&e.node_id, len),
            e.status,
            eval_failure_status(e)
        ));
    }
    format_list(&rows)
}

/// `evalFailureStatus`: whether an evaluation failed to place allocations.
pub fn eval_failure_status(e: &Evaluation) -> &'static str {
    if e.status == "blocked" {
        "N/A - In Progress"
    } else if e.has_failures() {
        "true"
    } else {
        "false"
    }
}

/// The "Placement Failure" block: up to five task groups, sorted.
pub fn placement_failures(e: &Evaluation) -> String {
    const MAX_FAILED_TGS: usize = 5;
    let groups: Vec<(&String, &AllocationMetric)> = e.failed_tg_allocs.iter().flatten().collect();
    let mut lines: Vec<String> = Vec::new();
    for (i, (tg, m)) in groups.iter().enumerate() {
        if i >= MAX_FAILED_TGS {
            break;
        }
        lines.push(format!("Task Group {}:", quote(tg)));
        lines.push(format_alloc_metrics(m, "  "));
        if i != groups.len() - 1 {
            lines.push(String::new());
        }
    }
    if groups.len() > MAX_FAILED_TGS {
        lines.push(format!(
            "\nPlacement failures truncated. To see remainder run:\nnomad eval-status {}",
            e.id
        ));
    }
    lines.join("\n")
}
