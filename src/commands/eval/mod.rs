//! The `eval` commands.

pub mod list;
pub mod status;

use crate::api::evals::Evaluation;
use crate::commands::job::status::eval_failure_status;
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
