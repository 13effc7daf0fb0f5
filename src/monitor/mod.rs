//! The evaluation monitor and the deployment watcher (Nomad's `command/monitor.go`), shared by
//! every command that starts an evaluation (`alloc stop`; `job run`, `job stop`, … can use it).
//!
//! The monitor polls the evaluation once a second and prints what changed; when the evaluation
//! is done and belongs to a deployment, the watcher follows the deployment with blocking queries
//! and prints its status block on every change (Nomad's non-terminal layout, also used on a
//! terminal for now).

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde::Deserialize;

use crate::api::allocs::AllocationListStub;
use crate::api::deployments::Deployment;
use crate::api::evals::AllocationMetric;
use crate::api::{Client, QueryOptions};
use crate::commands::job::status::{format_alloc_metrics, format_deployment_groups};
use crate::ctx::Ctx;
use crate::output::gostr::quote;
use crate::output::time::{format_unix_nano, go_duration, now_nanos};
use crate::output::{format_kv, limit};

/// What the monitor reads of an evaluation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MonEval {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "NodeID")]
    pub node_id: String,
    #[serde(rename = "JobID")]
    pub job_id: String,
    #[serde(rename = "DeploymentID")]
    pub deployment_id: String,
    #[serde(rename = "NextEval")]
    pub next_eval: String,
    #[serde(rename = "BlockedEval")]
    pub blocked_eval: String,
    #[serde(rename = "Wait")]
    pub wait: i64,
    #[serde(rename = "FailedTGAllocs")]
    pub failed_tg_allocs: Option<BTreeMap<String, FailedMetric>>,
    #[serde(rename = "CreateIndex")]
    pub create_index: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FailedMetric {
    #[serde(rename = "CoalescedFailures")]
    pub coalesced_failures: i64,
    #[serde(flatten)]
    pub metric: AllocationMetric,
}

/// The monitor's Ui: `Info` → `==> `, `Output` → four spaces, `Error` → `==> ` on stderr; only
/// the first line of a message gets the prefix, an empty message none.
struct PrefixUi<'a> {
    ctx: &'a mut Ctx,
}

fn prefixed(prefix: &str, msg: &str) -> String {
    if msg.is_empty() {
        String::new()
    } else {
        format!("{prefix}{msg}")
    }
}

impl PrefixUi<'_> {
    fn info(&mut self, msg: &str) {
        self.ctx.ui.output(&prefixed("==> ", msg));
    }
    fn output(&mut self, msg: &str) {
        self.ctx.ui.output(&prefixed("    ", msg));
    }
    fn error(&mut self, msg: &str) {
        self.ctx.ui.error(&prefixed("==> ", msg));
    }
    /// `formatTime(time.Now())` in local time (frozen in tests).
    fn now(&self) -> String {
        let frozen = self.ctx.env.value("RNOMAD_TEST_NOW").is_some();
        format_unix_nano(if frozen { self.ctx.now_ns } else { now_nanos() })
    }
}

#[derive(Default)]
struct EvalState {
    status: String,
    node: String,
    job: String,
    deployment: String,
    allocs: HashMap<String, (String, String)>,
}

/// Monitors an evaluation to the end; the exit code is Nomad's: 0, 1 (error or failed
/// deployment), 2 (allocations could not be placed).
pub async fn monitor(ctx: &mut Ctx, client: &Client, eval_id: &str, len: usize) -> i32 {
    let mut eval_id = eval_id.to_string();
    loop {
        let mut ui = PrefixUi { ctx: &mut *ctx };
        let t = ui.now();
        ui.info(&format!(
            "{t}: Monitoring evaluation {}",
            quote(limit(&eval_id, len))
        ));
        let mut state = EvalState {
            status: "pending".into(),
            ..Default::default()
        };
        let mut failed = false;
        let eval = loop {
            let eval = match client
                .get::<MonEval>(&format!("/v1/evaluation/{eval_id}"), &QueryOptions::new())
                .await
            {
                Ok((e, _)) => e,
                Err(_) => {
                    ui.error(&format!("No evaluation with id {} found", quote(&eval_id)));
                    return 1;
                }
            };
            let allocs = match client
                .get::<Option<Vec<AllocationListStub>>>(
                    &format!("/v1/evaluation/{eval_id}/allocations"),
                    &QueryOptions::new(),
                )
                .await
            {
                Ok((a, _)) => a.unwrap_or_default(),
                Err(e) => {
                    let t = ui.now();
                    ui.error(&format!("{t}: Error reading allocations: {e}"));
                    return 1;
                }
            };
            let t = ui.now();
            if state.node.is_empty() && !eval.node_id.is_empty() {
                ui.output(&format!(
                    "{t}: Evaluation triggered by node {}",
                    quote(limit(&eval.node_id, len))
                ));
            }
            if state.job.is_empty() && !eval.job_id.is_empty() {
                ui.output(&format!(
                    "{t}: Evaluation triggered by job {}",
                    quote(&eval.job_id)
                ));
            }
            if state.deployment.is_empty() && !eval.deployment_id.is_empty() {
                ui.output(&format!(
                    "{t}: Evaluation within deployment: {}",
                    quote(limit(&eval.deployment_id, len))
                ));
            }
            for a in &allocs {
                match state.allocs.get(&a.id) {
                    None => {
                        if a.create_index < eval.create_index {
                            ui.output(&format!(
                                "{t}: Allocation {} modified: node {}, group {}",
                                quote(limit(&a.id, len)),
                                quote(limit(&a.node_id, len)),
                                quote(&a.task_group)
                            ));
                        } else if a.desired_status == "run" {
                            ui.output(&format!(
                                "{t}: Allocation {} created: node {}, group {}",
                                quote(limit(&a.id, len)),
                                quote(limit(&a.node_id, len)),
                                quote(&a.task_group)
                            ));
                        }
                    }
                    Some((old, _)) if old != &a.client_status => {
                        let mut line = format!(
                            "{t}: Allocation {} status changed: {} -> {}",
                            quote(limit(&a.id, len)),
                            quote(old),
                            quote(&a.client_status)
                        );
                        if !a.client_description.is_empty() {
                            line.push_str(&format!(" ({})", a.client_description));
                        }
                        ui.output(&line);
                    }
                    _ => {}
                }
            }
            if !state.status.is_empty() && eval.status != state.status && eval.status != "pending" {
                ui.output(&format!(
                    "{t}: Evaluation status changed: {} -> {}",
                    quote(&state.status),
                    quote(&eval.status)
                ));
            }
            state.status = eval.status.clone();
            state.node = eval.node_id.clone();
            state.job = eval.job_id.clone();
            state.deployment = eval.deployment_id.clone();
            for a in &allocs {
                state
                    .allocs
                    .insert(a.id.clone(), (a.client_status.clone(), a.node_id.clone()));
            }
            if matches!(eval.status.as_str(), "complete" | "failed" | "canceled") {
                let failures = eval.failed_tg_allocs.clone().unwrap_or_default();
                if failures.is_empty() {
                    ui.info(&format!(
                        "{t}: Evaluation {} finished with status {}",
                        quote(limit(&eval.id, len)),
                        quote(&eval.status)
                    ));
                } else {
                    failed = true;
                    ui.info(&format!(
                        "{t}: Evaluation {} finished with status {} but failed to place all allocations:",
                        quote(limit(&eval.id, len)),
                        quote(&eval.status)
                    ));
                    for (tg, m) in &failures {
                        let n = 1 + m.coalesced_failures;
                        let noun = if m.coalesced_failures > 0 {
                            "allocations"
                        } else {
                            "allocation"
                        };
                        ui.output(&format!(
                            "{t}: Task Group {} (failed to place {n} {noun}):",
                            quote(tg)
                        ));
                        let lines = format_alloc_metrics(&m.metric, "  ");
                        for line in lines.split('\n') {
                            ui.output(line);
                        }
                    }
                    if !eval.blocked_eval.is_empty() {
                        ui.output(&format!(
                            "{t}: Evaluation {} waiting for additional capacity to place remainder",
                            quote(limit(&eval.blocked_eval, len))
                        ));
                    }
                }
                break eval;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        };
        if !eval.next_eval.is_empty() {
            if eval.wait != 0 {
                let t = ui.now();
                ui.info(&format!(
                    "{t}: Monitoring next evaluation {} in {}",
                    quote(limit(&eval.next_eval, len)),
                    go_duration(eval.wait)
                ));
                tokio::time::sleep(Duration::from_nanos(eval.wait.max(0) as u64)).await;
            }
            eval_id = eval.next_eval.clone();
            continue;
        }
        if eval.deployment_id.is_empty() {
            return if failed { 2 } else { 0 };
        }
        let t = ui.now();
        ui.info(&format!(
            "{t}: Monitoring deployment {}",
            quote(limit(&eval.deployment_id, len))
        ));
        let verbose = len == crate::output::FULL_ID;
        return match watch_deployment(ctx, client, &eval.deployment_id, verbose).await {
            Some(status) if status == "successful" => 0,
            _ => 1,
        };
    }
}

/// `formatDeployment`: the deployment's key/value block and its per-group table.
pub fn format_deployment(d: &Deployment, len: usize) -> String {
    let mut out = format_kv(&[
        format!("ID|{}", limit(&d.id, len)),
        format!("Job ID|{}", d.job_id),
        format!("Job Version|{}", d.job_version),
        format!("Status|{}", d.status),
        format!("Description|{}", d.status_description),
    ]);
    if d.task_groups.as_ref().is_some_and(|g| !g.is_empty()) {
        out.push_str("\n\n[bold]Deployed[reset]\n");
        out.push_str(&format_deployment_groups(d));
    }
    out
}

/// Follows a deployment until it is no longer running, printing its block on every change;
/// returns its last status (None on error).
async fn watch_deployment(
    ctx: &mut Ctx,
    client: &Client,
    id: &str,
    verbose: bool,
) -> Option<String> {
    let len = if verbose {
        crate::output::FULL_ID
    } else {
        crate::output::SHORT_ID
    };
    let mut index = 0;
    loop {
        let q = QueryOptions {
            stale: true,
            ..Default::default()
        };
        let r = client
            .block::<Deployment>(
                &format!("/v1/deployment/{id}"),
                &q,
                index,
                Duration::from_secs(300),
            )
            .await;
        let mut ui = PrefixUi { ctx: &mut *ctx };
        let t = ui.now();
        let (d, meta) = match r {
            Ok(v) => v,
            Err(e) => {
                ui.error(&format!("{t}: Error fetching deployment: {e}"));
                return None;
            }
        };
        index = meta.last_index;
        let block = ui.ctx.ui.colorize(&format_deployment(&d, len));
        ui.output(&format!("\n{t}\n{block}"));
        match d.status.as_str() {
            "successful" | "cancelled" | "blocked" | "failed" => return Some(d.status),
            _ => {}
        }
    }
}
