//! `job wait` (and `job run -wait`, `job stop -wait`): whether a job's current version is done,
//! judged from its allocations, evaluations and deployments, and the lines and JSON summary
//! that say so. rnomad's own: Nomad has no such command, so the words are rnomad's.
//!
//! What "done" means depends on the job type:
//! - service: the version's deployment is `successful` (allocations healthy, not merely
//!   placed); without a deployment, every allocation of the version runs;
//! - batch and sysbatch: nothing pending, every allocation of the version finished;
//! - system: nothing pending, every allocation of the version runs, no placement failed;
//! - a stopped job (`job stop -wait`): every allocation's client status is terminal.
//!
//! Exit codes: 0 done, 1 tasks failed or the deployment failed (or was rolled back or
//! cancelled), 2 allocations could not be placed, 124 timed out.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::api::allocs::AllocationListStub;
use crate::api::deployments::Deployment;
use crate::api::evals::Evaluation;
use crate::gocompat::strconv::quote;
use crate::output::limit;

/// The job version waited for.
#[derive(Clone, Debug, Default)]
pub struct Target {
    pub job_id: String,
    pub namespace: String,
    pub job_type: String,
    pub version: u64,
    /// The version's `JobModifyIndex`: evaluations older than it belong to earlier versions.
    pub modify_index: u64,
    /// Waits for every allocation to stop instead (a stopped or purged job).
    pub stopping: bool,
}

/// What the job's endpoints said last.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub allocs: Vec<AllocationListStub>,
    pub evals: Vec<Evaluation>,
    pub deployments: Vec<Deployment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pending,
    Done,
    Failed,
    Unplaceable,
    TimedOut,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Pending | Outcome::Done => 0,
            Outcome::Failed => 1,
            Outcome::Unplaceable => 2,
            Outcome::TimedOut => 124,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Done => "done",
            Outcome::Failed => "failed",
            Outcome::Unplaceable => "unplaceable",
            Outcome::TimedOut => "timeout",
        }
    }
}

/// The judgement of one snapshot: the outcome, why (for the last line), and the facts shown
/// as lines when they change, each under a stable key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub outcome: Outcome,
    pub reason: String,
    pub facts: Vec<(String, String)>,
}

fn client_terminal(status: &str) -> bool {
    matches!(status, "complete" | "failed" | "lost")
}

/// Client statuses in the order the lines list them.
const STATUS_ORDER: [&str; 6] = [
    "pending", "running", "complete", "failed", "lost", "unknown",
];

/// `2 running, 1 pending`-style counts, in `STATUS_ORDER` then any other status.
fn counts<'a>(allocs: impl Iterator<Item = &'a AllocationListStub>) -> String {
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for a in allocs {
        *by.entry(a.client_status.as_str()).or_default() += 1;
    }
    let mut parts: Vec<String> = STATUS_ORDER
        .iter()
        .filter_map(|s| by.remove(s).map(|n| format!("{n} {s}")))
        .collect();
    parts.extend(by.into_iter().map(|(s, n)| format!("{n} {s}")));
    if parts.is_empty() {
        "no allocations".into()
    } else {
        parts.join(", ")
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Judges `snap` for `target`; IDs are cut to `len`.
pub fn assess(target: &Target, snap: &Snapshot, len: usize) -> Assessment {
    let mut evals: Vec<&Evaluation> = snap
        .evals
        .iter()
        .filter(|e| e.create_index >= target.modify_index)
        .collect();
    evals.sort_by_key(|e| std::cmp::Reverse(e.create_index));
    let pending: Vec<&&Evaluation> = evals.iter().filter(|e| e.status == "pending").collect();
    let mut facts = Vec::new();
    if let Some(e) = evals.iter().find(|e| e.status != "blocked") {
        facts.push((
            "eval".to_string(),
            format!("Evaluation {} {}", quote(limit(&e.id, len)), e.status),
        ));
    }
    if target.stopping {
        return assess_stopping(snap, facts, !pending.is_empty());
    }
    // A placement failure: the blocked evaluation waiting for capacity, else the latest
    // finished evaluation's failed groups.
    let failure = evals
        .iter()
        .find(|e| e.status == "blocked")
        .or_else(|| {
            evals
                .iter()
                .find(|e| e.status != "pending")
                .filter(|e| e.has_failures())
        })
        .map(|e| {
            let groups: Vec<String> = e
                .failed_tg_allocs
                .iter()
                .flatten()
                .map(|(g, _)| quote(g))
                .collect();
            let what = if e.status == "blocked" {
                "waiting for capacity"
            } else {
                "placement failed"
            };
            format!(
                "group {} (evaluation {} {what})",
                groups.join(", "),
                quote(limit(&e.id, len))
            )
        });
    if let Some(f) = &failure {
        facts.push(("placement".into(), format!("Could not place {f}")));
    }
    let mine: Vec<&AllocationListStub> = snap
        .allocs
        .iter()
        .filter(|a| a.job_version == target.version && a.next_allocation.is_empty())
        .collect();
    let mut groups: BTreeMap<&str, Vec<&AllocationListStub>> = BTreeMap::new();
    for a in &mine {
        groups.entry(a.task_group.as_str()).or_default().push(a);
    }
    for (g, allocs) in &groups {
        facts.push((
            format!("group {g}"),
            format!("Group {}: {}", quote(g), counts(allocs.iter().copied())),
        ));
    }
    let live =
        |a: &&AllocationListStub| a.desired_status == "run" && !client_terminal(&a.client_status);
    let any_live = mine.iter().any(live);
    let failed = mine
        .iter()
        .filter(|a| matches!(a.client_status.as_str(), "failed" | "lost"))
        .count();
    let unplaceable = |facts| Assessment {
        outcome: Outcome::Unplaceable,
        reason: failure.clone().unwrap_or_default(),
        facts,
    };
    let pending_with = |facts| Assessment {
        outcome: Outcome::Pending,
        reason: String::new(),
        facts,
    };
    if target.job_type == "service" {
        let deployment = snap
            .deployments
            .iter()
            .filter(|d| d.job_version == target.version)
            .max_by_key(|d| d.create_index);
        if let Some(d) = deployment {
            let health: Vec<String> = d
                .task_groups
                .iter()
                .flatten()
                .map(|(g, s)| {
                    format!(
                        "{} {}/{} healthy",
                        quote(g),
                        s.healthy_allocs,
                        s.desired_total
                    )
                })
                .collect();
            let id = quote(limit(&d.id, len));
            facts.push((
                "deployment".into(),
                format!("Deployment {id} {}: {}", d.status, health.join(", ")),
            ));
            let described = |what: &str| {
                if d.status_description.is_empty() {
                    format!("deployment {id} {what}")
                } else {
                    format!("deployment {id} {what}: {}", d.status_description)
                }
            };
            return match d.status.as_str() {
                "successful" => Assessment {
                    outcome: Outcome::Done,
                    reason: format!("deployment {id} successful"),
                    facts,
                },
                "failed" | "cancelled" => Assessment {
                    outcome: Outcome::Failed,
                    reason: described(&d.status),
                    facts,
                },
                _ if failure.is_some() && !any_live && pending.is_empty() => unplaceable(facts),
                _ => pending_with(facts),
            };
        }
    }
    if !pending.is_empty()
        || any_live && target.job_type != "service" && target.job_type != "system"
    {
        return pending_with(facts);
    }
    // Service (without a deployment) and system jobs are done when their allocations run.
    let runs = matches!(target.job_type.as_str(), "service" | "system");
    if runs
        && mine
            .iter()
            .filter(|a| live(a))
            .any(|a| a.client_status != "running")
    {
        return pending_with(facts);
    }
    if failed > 0 {
        return Assessment {
            outcome: Outcome::Failed,
            reason: format!(
                "{} failed (of {})",
                plural(failed, "allocation"),
                mine.len()
            ),
            facts,
        };
    }
    if failure.is_some() {
        return unplaceable(facts);
    }
    let reason = if runs {
        let n = mine.iter().filter(|a| live(a)).count();
        format!("{} running", plural(n, "allocation"))
    } else {
        let n = mine
            .iter()
            .filter(|a| a.client_status == "complete")
            .count();
        format!("{} complete", plural(n, "allocation"))
    };
    Assessment {
        outcome: Outcome::Done,
        reason,
        facts,
    }
}

/// A stopped job is done when no evaluation is pending and every allocation (of any
/// version) has a terminal client status.
fn assess_stopping(snap: &Snapshot, mut facts: Vec<(String, String)>, pending: bool) -> Assessment {
    facts.push((
        "allocs".into(),
        format!("Allocations: {}", counts(snap.allocs.iter())),
    ));
    let running = snap
        .allocs
        .iter()
        .filter(|a| !client_terminal(&a.client_status))
        .count();
    let outcome = if pending || running > 0 {
        Outcome::Pending
    } else {
        Outcome::Done
    };
    Assessment {
        outcome,
        reason: format!("{} stopped", plural(snap.allocs.len(), "allocation")),
        facts,
    }
}

/// The first line: what is waited for.
pub fn start_line(target: &Target) -> String {
    if target.stopping {
        format!(
            "Waiting for the allocations of job {} to stop",
            quote(&target.job_id)
        )
    } else {
        format!(
            "Waiting for job {} version {} ({})",
            quote(&target.job_id),
            target.version,
            target.job_type
        )
    }
}

/// The last line, for a finished assessment (or a timeout after `timeout`, a Go duration).
pub fn end_line(target: &Target, a: &Assessment, timeout: &str) -> String {
    let job = quote(&target.job_id);
    let v = target.version;
    match (a.outcome, target.stopping) {
        (Outcome::TimedOut, true) => {
            format!("Timed out after {timeout} waiting for the allocations of job {job} to stop")
        }
        (Outcome::TimedOut, false) => {
            format!("Timed out after {timeout} waiting for job {job} version {v}")
        }
        (_, true) => format!("Job {job} stopped: {}", a.reason),
        (Outcome::Done, _) => format!("Job {job} version {v} is done: {}", a.reason),
        (Outcome::Failed, _) => format!("Job {job} version {v} failed: {}", a.reason),
        (Outcome::Unplaceable | Outcome::Pending, _) => {
            format!("Job {job} version {v} could not be placed: {}", a.reason)
        }
    }
}

/// The facts of `now` that are new or changed since `before`, in `now`'s order.
pub fn changed<'a>(before: &[(String, String)], now: &'a [(String, String)]) -> Vec<&'a str> {
    now.iter()
        .filter(|(k, v)| !before.iter().any(|(k0, v0)| k0 == k && v0 == v))
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The `-json` summary: the outcome and the allocations it was judged on (keys sorted, as
/// every rnomad `-json` object).
pub fn summary(target: &Target, snap: &Snapshot, a: &Assessment, line: &str) -> Value {
    let mut allocs: Vec<&AllocationListStub> = snap
        .allocs
        .iter()
        .filter(|x| target.stopping || x.job_version == target.version)
        .collect();
    allocs.sort_by(|x, y| (&x.name, &x.id).cmp(&(&y.name, &y.id)));
    let deployment = snap
        .deployments
        .iter()
        .filter(|d| !target.stopping && d.job_version == target.version)
        .max_by_key(|d| d.create_index);
    json!({
        "Allocations": allocs.iter().map(|x| json!({
            "ClientStatus": x.client_status,
            "DesiredStatus": x.desired_status,
            "Healthy": x.deployment_status.as_ref().and_then(|d| d.healthy),
            "ID": x.id,
            "JobVersion": x.job_version,
            "Name": x.name,
            "NodeName": x.node_name,
            "Replaced": !x.next_allocation.is_empty(),
            "TaskGroup": x.task_group,
        })).collect::<Vec<_>>(),
        "DeploymentID": deployment.map(|d| d.id.as_str()).unwrap_or(""),
        "DeploymentStatus": deployment.map(|d| d.status.as_str()).unwrap_or(""),
        "ExitCode": a.outcome.exit_code(),
        "JobID": target.job_id,
        "Message": line,
        "Namespace": target.namespace,
        "Outcome": if target.stopping && a.outcome == Outcome::Done { "stopped" } else { a.outcome.name() },
        "Type": target.job_type,
        "Version": target.version,
    })
}

#[cfg(test)]
#[path = "wait_tests.rs"]
mod tests;
