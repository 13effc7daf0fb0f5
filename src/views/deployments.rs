//! Deployment views: the deployment block (`deployment status`, `job deployments -latest`, the
//! deployment watcher), its short form in `job status`, the per-group table and the list.
//!
//! A multiregion deployment's block shows the deployment of each region; the caller fetches
//! them (`Client::multiregion_deployments`) and passes the result in.

use crate::api::deployments::{Deployment, RegionDeployment};
use crate::output::time::format_rfc3339;
use crate::output::{format_kv, format_list, limit};

/// `formatDeployment`: the deployment block of `deployment status`, `job deployments -latest`
/// and the watcher. `regions` is the multiregion lookup of a multiregion deployment.
pub fn format_deployment(
    d: Option<&Deployment>,
    len: usize,
    regions: Option<&Result<Vec<RegionDeployment>, String>>,
) -> String {
    let Some(d) = d else {
        return "No deployment found".to_string();
    };
    let mut base = format_kv(&[
        format!("ID|{}", limit(&d.id, len)),
        format!("Job ID|{}", d.job_id),
        format!("Job Version|{}", d.job_version),
        format!("Status|{}", d.status),
        format!("Description|{}", d.status_description),
    ]);
    match regions.filter(|_| d.is_multiregion) {
        Some(Err(e)) => {
            base.push_str("\n\nError fetching multiregion deployment\n\n");
            base.push_str(&format!("{e}\n\n"));
        }
        Some(Ok(regions)) if !regions.is_empty() => {
            base.push_str("\n\n[bold]Multiregion Deployment[reset]\n");
            base.push_str(&format_multiregion(regions));
        }
        _ => {}
    }
    with_groups(base, d)
}

/// The reduced deployment block of `job status`: ID, status, description, then the groups.
pub fn format_deployment_short(
    d: &Deployment,
    len: usize,
    regions: Option<&Result<Vec<RegionDeployment>, String>>,
) -> String {
    let mut base = format_kv(&[
        format!("ID|{}", limit(&d.id, len)),
        format!("Status|{}", d.status),
        format!("Description|{}", d.status_description),
    ]);
    match regions.filter(|_| d.is_multiregion) {
        Some(Err(_)) => base.push_str("\n\nError fetching Multiregion deployments\n\n"),
        Some(Ok(regions)) if !regions.is_empty() => {
            base.push_str("\n\n[bold]Multiregion Deployment[reset]\n");
            base.push_str(&format_multiregion(regions));
        }
        _ => {}
    }
    with_groups(base, d)
}

/// `base`, then the `Deployed` table when the deployment has groups.
fn with_groups(mut base: String, d: &Deployment) -> String {
    if d.task_groups.as_ref().is_none_or(|t| t.is_empty()) {
        return base;
    }
    base.push_str("\n\n[bold]Deployed[reset]\n");
    base.push_str(&format_deployment_groups(d));
    base
}

/// `formatMultiregionDeployment`: note that Nomad sorts the header row with the data rows.
pub fn format_multiregion(regions: &[RegionDeployment]) -> String {
    let mut rows = vec!["Region|ID|Status".to_string()];
    rows.extend(
        regions
            .iter()
            .map(|r| format!("{}|{}|{}", r.region, limit(&r.id, 8), r.status)),
    );
    rows.sort();
    format_list(&rows)
}

/// `formatDeploymentGroups`: the per-group deployment table.
pub fn format_deployment_groups(d: &Deployment) -> String {
    let groups: Vec<_> = d.task_groups.iter().flatten().collect();
    let autorevert = groups.iter().any(|(_, s)| s.auto_revert);
    let canaries = groups.iter().any(|(_, s)| s.desired_canaries > 0);
    let deadline = groups.iter().any(|(_, s)| s.progress_deadline != 0);
    let mut header = String::from("Task Group|");
    if autorevert {
        header.push_str("Auto Revert|");
    }
    if canaries {
        header.push_str("Promoted|");
    }
    header.push_str("Desired|");
    if canaries {
        header.push_str("Canaries|");
    }
    header.push_str("Placed|Healthy|Unhealthy");
    if deadline {
        header.push_str("|Progress Deadline");
    }
    let mut rows = vec![header];
    for (tg, s) in groups {
        let mut row = format!("{tg}|");
        if autorevert {
            row.push_str(&format!("{}|", s.auto_revert));
        }
        if canaries {
            if s.desired_canaries > 0 {
                row.push_str(&format!("{}|", s.promoted));
            } else {
                row.push_str("N/A|");
            }
        }
        row.push_str(&format!("{}|", s.desired_total));
        if canaries {
            row.push_str(&format!("{}|", s.desired_canaries));
        }
        row.push_str(&format!(
            "{}|{}|{}",
            s.placed_allocs, s.healthy_allocs, s.unhealthy_allocs
        ));
        if deadline {
            let by = s
                .require_progress_by
                .as_deref()
                .map(format_rfc3339)
                .unwrap_or_default();
            row.push('|');
            row.push_str(if by.is_empty() { "N/A" } else { &by });
        }
        rows.push(row);
    }
    format_list(&rows)
}

/// `formatDeployments`: the deployment list table.
pub fn format_deployments(deploys: &[Deployment], len: usize) -> String {
    if deploys.is_empty() {
        return "No deployments found".to_string();
    }
    let mut rows = vec!["ID|Job ID|Job Version|Status|Description".to_string()];
    for d in deploys {
        rows.push(format!(
            "{}|{}|{}|{}|{}",
            limit(&d.id, len),
            d.job_id,
            d.job_version,
            d.status,
            d.status_description
        ));
    }
    format_list(&rows)
}
