//! Allocation views: the allocation table of job, node and monitor output, and the placement
//! metrics of failed or verbose placements.

use crate::api::allocs::AllocationListStub;
use crate::api::evals::AllocationMetric;
use crate::gocompat::strconv::quote;
use crate::output::time::{format_unix_nano, pretty_time_diff};
use crate::output::{format_list, id_len, limit};

/// `formatAllocListStubs`: the allocation table of job and node views.
pub fn format_alloc_list_stubs(
    allocs: &[AllocationListStub],
    verbose: bool,
    now_ns: i64,
) -> String {
    if allocs.is_empty() {
        return "No allocations placed".to_string();
    }
    let n = id_len(verbose);
    let mut rows = Vec::with_capacity(allocs.len() + 1);
    if verbose {
        rows.push(
            "ID|Eval ID|Node ID|Node Name|Task Group|Version|Desired|Status|Created|Modified"
                .to_string(),
        );
        for a in allocs {
            rows.push(format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
                limit(&a.id, n),
                limit(&a.eval_id, n),
                limit(&a.node_id, n),
                a.node_name,
                a.task_group,
                a.job_version,
                a.desired_status,
                a.client_status,
                format_unix_nano(a.create_time),
                format_unix_nano(a.modify_time),
            ));
        }
    } else {
        rows.push("ID|Node ID|Task Group|Version|Desired|Status|Created|Modified".to_string());
        for a in allocs {
            rows.push(format!(
                "{}|{}|{}|{}|{}|{}|{}|{}",
                limit(&a.id, n),
                limit(&a.node_id, n),
                a.task_group,
                a.job_version,
                a.desired_status,
                a.client_status,
                pretty_time_diff(a.create_time, now_ns),
                pretty_time_diff(a.modify_time, now_ns),
            ));
        }
    }
    format_list(&rows)
}

/// `formatAllocMetrics` without scores: why nodes were filtered or exhausted.
pub fn format_alloc_metrics(m: &AllocationMetric, prefix: &str) -> String {
    let mut out = String::new();
    if m.nodes_evaluated == 0 {
        out.push_str(&format!(
            "{prefix}* No nodes were eligible for evaluation\n"
        ));
    }
    for (dc, n) in m.nodes_available.iter().flatten() {
        if *n == 0 {
            out.push_str(&format!(
                "{prefix}* No nodes are available in datacenter {}\n",
                quote(dc)
            ));
        }
    }
    for (class, n) in m.class_filtered.iter().flatten() {
        out.push_str(&format!(
            "{prefix}* Class {}: {n} nodes excluded by filter\n",
            quote(class)
        ));
    }
    for (cs, n) in m.constraint_filtered.iter().flatten() {
        out.push_str(&format!(
            "{prefix}* Constraint {}: {n} nodes excluded by filter\n",
            quote(cs)
        ));
    }
    if m.nodes_exhausted > 0 {
        out.push_str(&format!(
            "{prefix}* Resources exhausted on {} nodes\n",
            m.nodes_exhausted
        ));
    }
    for (class, n) in m.class_exhausted.iter().flatten() {
        out.push_str(&format!(
            "{prefix}* Class {} exhausted on {n} nodes\n",
            quote(class)
        ));
    }
    for (dim, n) in m.dimension_exhausted.iter().flatten() {
        out.push_str(&format!(
            "{prefix}* Dimension {} exhausted on {n} nodes\n",
            quote(dim)
        ));
    }
    for dim in m.quota_exhausted.iter().flatten() {
        out.push_str(&format!("{prefix}* Quota limit hit {}\n", quote(dim)));
    }
    out.trim_end_matches('\n').to_string()
}
