//! The evaluation monitor and the deployment watcher (Nomad's `monitor.go` and
//! `deployment status -monitor`), shared by `job run`, `job stop`, `alloc stop`, `eval status
//! -monitor`, `deployment status -monitor` and the other commands that create evaluations.
//!
//! Lines go through a prefixing Ui: Info is `==> …`, Output is four spaces then the message,
//! Error is `==> …` on stderr; only the first line of a message is prefixed and an empty
//! message gets no prefix. Every line starts with the current time (`formatTime(time.Now())`);
//! under `RNOMAD_TEST_NOW` that time is frozen, so test snapshots are stable.
//!
//! The evaluation is polled once a second with plain GETs; the deployment is watched with
//! blocking queries. Exit codes: 0, 2 when placements failed (unless a deployment then
//! succeeded), 1 on errors or a deployment ending in any state but `successful`.
//!
//! On a terminal Nomad redraws the deployment block in place (go-glint, with a spinner);
//! rnomad redraws the same block in place and ends with the same final screen.

pub mod tty;
pub mod volume;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::api::allocs::AllocationListStub;
use crate::api::deployments::Deployment;
use crate::api::evals::Evaluation;
use crate::api::{Client, QueryOptions};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::gocompat::time::go_duration;
use crate::output::time::format_unix_nano;
use crate::output::{limit, FULL_ID, SHORT_ID};
use crate::views::allocs::{format_alloc_list_stubs, format_alloc_metrics};

/// How often the evaluation is polled (Nomad's `updateWait`).
const UPDATE_WAIT: Duration = Duration::from_secs(1);

/// What the monitor remembers of an allocation between polls.
#[derive(Clone, Default)]
struct AllocState {
    id: String,
    group: String,
    node: String,
    desired: String,
    client: String,
    client_desc: String,
    index: u64,
}

/// What the monitor remembers of the evaluation between polls.
#[derive(Clone, Default)]
struct EvalState {
    status: String,
    node: String,
    job: String,
    deployment: String,
    wait: i64,
    index: u64,
    allocs: BTreeMap<String, AllocState>,
}

/// The current time as the monitor prints it (frozen in tests: see `Ctx::now`).
pub fn clock(ctx: &Ctx) -> String {
    format_unix_nano(ctx.now())
}

/// Writes through Nomad's `PrefixedUi`.
pub struct Prefixed;

impl Prefixed {
    pub fn info(ctx: &mut Ctx, msg: &str) {
        if msg.is_empty() {
            ctx.ui.info_plain("");
        } else {
            // Nomad's monitor Ui has no info colour.
            ctx.ui.info_plain(&format!("==> {msg}"));
        }
    }
    pub fn output(ctx: &mut Ctx, msg: &str) {
        if msg.is_empty() {
            ctx.ui.output("");
        } else {
            ctx.ui.output(&format!("    {msg}"));
        }
    }
    pub fn error(ctx: &mut Ctx, msg: &str) {
        if msg.is_empty() {
            ctx.ui.error("");
        } else {
            ctx.ui.error(&format!("==> {msg}"));
        }
    }
}

/// The eval monitor: `length` is the ID length (8, or 36 with `-verbose`).
pub struct Monitor<'a> {
    client: &'a Client,
    length: usize,
    state: EvalState,
}

impl<'a> Monitor<'a> {
    pub fn new(client: &'a Client, length: usize) -> Self {
        Monitor {
            client,
            length,
            state: EvalState::default(),
        }
    }

    /// Prints what changed since the last poll.
    fn update(&mut self, ctx: &mut Ctx, update: EvalState) {
        let existing = std::mem::replace(&mut self.state, update);
        let update = &self.state;
        let n = self.length;
        if existing.node.is_empty() && !update.node.is_empty() {
            let t = clock(ctx);
            Prefixed::output(
                ctx,
                &format!(
                    "{t}: Evaluation triggered by node {}",
                    quote(limit(&update.node, n))
                ),
            );
        }
        if existing.job.is_empty() && !update.job.is_empty() {
            let t = clock(ctx);
            Prefixed::output(
                ctx,
                &format!("{t}: Evaluation triggered by job {}", quote(&update.job)),
            );
        }
        if existing.deployment.is_empty() && !update.deployment.is_empty() {
            let t = clock(ctx);
            Prefixed::output(
                ctx,
                &format!(
                    "{t}: Evaluation within deployment: {}",
                    quote(limit(&update.deployment, n))
                ),
            );
        }
        for (id, a) in &update.allocs {
            match existing.allocs.get(id) {
                None => {
                    let verb = if a.index < update.index {
                        "modified"
                    } else if a.desired == "run" {
                        "created"
                    } else {
                        continue;
                    };
                    let t = clock(ctx);
                    Prefixed::output(
                        ctx,
                        &format!(
                            "{t}: Allocation {} {verb}: node {}, group {}",
                            quote(limit(&a.id, n)),
                            quote(limit(&a.node, n)),
                            quote(&a.group)
                        ),
                    );
                }
                Some(old) if old.client != a.client => {
                    let desc = if a.client_desc.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", a.client_desc)
                    };
                    let t = clock(ctx);
                    Prefixed::output(
                        ctx,
                        &format!(
                            "{t}: Allocation {} status changed: {} -> {}{desc}",
                            quote(limit(&a.id, n)),
                            quote(&old.client),
                            quote(&a.client)
                        ),
                    );
                }
                Some(_) => {}
            }
        }
        if !existing.status.is_empty()
            && update.status != "pending"
            && existing.status != update.status
        {
            let t = clock(ctx);
            Prefixed::output(
                ctx,
                &format!(
                    "{t}: Evaluation status changed: {} -> {}",
                    quote(&existing.status),
                    quote(&update.status)
                ),
            );
        }
    }

    /// Monitors `eval_id` (and the evaluations it chains to, then its deployment) to the end;
    /// returns the exit code.
    pub async fn monitor(&mut self, ctx: &mut Ctx, eval_id: &str) -> i32 {
        let mut eval_id = eval_id.to_string();
        let mut sched_failure = false;
        'evals: loop {
            // Nomad starts from a state whose status is "pending".
            self.state = EvalState {
                status: "pending".into(),
                ..Default::default()
            };
            let t = clock(ctx);
            Prefixed::info(
                ctx,
                &format!(
                    "{t}: Monitoring evaluation {}",
                    quote(limit(&eval_id, self.length))
                ),
            );
            loop {
                let eval = match self
                    .client
                    .evaluation::<Evaluation>(&eval_id, &QueryOptions::new())
                    .await
                {
                    Ok((e, _)) => e,
                    Err(_) => {
                        Prefixed::error(
                            ctx,
                            &format!("No evaluation with id {} found", quote(&eval_id)),
                        );
                        return 1;
                    }
                };
                let allocs = match self
                    .client
                    .evaluation_allocations::<Option<Vec<AllocationListStub>>>(
                        &eval.id,
                        &QueryOptions::new(),
                    )
                    .await
                {
                    Ok((a, _)) => a.unwrap_or_default(),
                    Err(e) => {
                        let t = clock(ctx);
                        Prefixed::error(ctx, &format!("{t}: Error reading allocations: {e}"));
                        return 1;
                    }
                };
                let state = EvalState {
                    status: eval.status.clone(),
                    node: eval.node_id.clone(),
                    job: eval.job_id.clone(),
                    deployment: eval.deployment_id.clone(),
                    wait: eval.wait,
                    index: eval.create_index,
                    allocs: allocs
                        .iter()
                        .map(|a| {
                            (
                                a.id.clone(),
                                AllocState {
                                    id: a.id.clone(),
                                    group: a.task_group.clone(),
                                    node: a.node_id.clone(),
                                    desired: a.desired_status.clone(),
                                    client: a.client_status.clone(),
                                    client_desc: a.client_description.clone(),
                                    index: a.create_index,
                                },
                            )
                        })
                        .collect(),
                };
                self.update(ctx, state);
                if !matches!(eval.status.as_str(), "complete" | "failed" | "canceled") {
                    ctx.ui.flush();
                    tokio::time::sleep(UPDATE_WAIT).await;
                    continue;
                }
                self.finished(ctx, &eval, &mut sched_failure);
                if !eval.next_eval.is_empty() {
                    if eval.wait != 0 {
                        let t = clock(ctx);
                        Prefixed::info(
                            ctx,
                            &format!(
                                "{t}: Monitoring next evaluation {} in {}",
                                quote(limit(&eval.next_eval, self.length)),
                                go_duration(eval.wait)
                            ),
                        );
                        ctx.ui.flush();
                        tokio::time::sleep(Duration::from_nanos(eval.wait.max(0) as u64)).await;
                    }
                    // Nomad returns the next evaluation's own result.
                    sched_failure = false;
                    eval_id = eval.next_eval.clone();
                    continue 'evals;
                }
                break 'evals;
            }
        }
        let deployment = self.state.deployment.clone();
        if !deployment.is_empty() {
            let t = clock(ctx);
            Prefixed::info(
                ctx,
                &format!(
                    "{t}: Monitoring deployment {}",
                    quote(limit(&deployment, self.length))
                ),
            );
            let verbose = self.length == FULL_ID;
            let wait = self.state.wait;
            match watch_deployment(ctx, self.client, &deployment, 0, wait, verbose, true).await {
                Ok(status) if status == "successful" => sched_failure = false,
                _ => return 1,
            }
        }
        if sched_failure {
            2
        } else {
            0
        }
    }

    /// The `finished with status` lines, and the placement failures.
    fn finished(&mut self, ctx: &mut Ctx, eval: &Evaluation, sched_failure: &mut bool) {
        let n = self.length;
        let t = clock(ctx);
        if !eval.has_failures() {
            Prefixed::info(
                ctx,
                &format!(
                    "{t}: Evaluation {} finished with status {}",
                    quote(limit(&eval.id, n)),
                    quote(&eval.status)
                ),
            );
            return;
        }
        *sched_failure = true;
        Prefixed::info(
            ctx,
            &format!(
                "{t}: Evaluation {} finished with status {} but failed to place all allocations:",
                quote(limit(&eval.id, n)),
                quote(&eval.status)
            ),
        );
        for (tg, m) in eval.failed_tg_allocs.iter().flatten() {
            let noun = if m.coalesced_failures > 0 {
                "allocations"
            } else {
                "allocation"
            };
            let t = clock(ctx);
            Prefixed::output(
                ctx,
                &format!(
                    "{t}: Task Group {} (failed to place {} {noun}):",
                    quote(tg),
                    m.coalesced_failures + 1
                ),
            );
            for line in format_alloc_metrics(m, "  ").split('\n') {
                Prefixed::output(ctx, line);
            }
        }
        if !eval.blocked_eval.is_empty() {
            let t = clock(ctx);
            Prefixed::output(
                ctx,
                &format!(
                    "{t}: Evaluation {} waiting for additional capacity to place remainder",
                    quote(limit(&eval.blocked_eval, n))
                ),
            );
        }
    }
}

/// The eval monitor with an explicit ID length (8, or 36 for `-verbose`), as `alloc stop` calls it.
pub async fn monitor(ctx: &mut Ctx, client: &Client, eval_id: &str, len: usize) -> i32 {
    Monitor::new(client, len).monitor(ctx, eval_id).await
}

/// Runs the eval monitor for `eval_id`; `verbose` selects full-length IDs.
pub async fn monitor_eval(ctx: &mut Ctx, client: &Client, eval_id: &str, verbose: bool) -> i32 {
    let length = if verbose { FULL_ID } else { SHORT_ID };
    Monitor::new(client, length).monitor(ctx, eval_id).await
}

/// `formatDeployment` of `d`, with its regions looked up first when it is multiregion.
pub async fn format_deployment(client: &Client, d: Option<&Deployment>, len: usize) -> String {
    let regions = match d {
        Some(d) if d.is_multiregion => Some(
            client
                .multiregion_deployments(d)
                .await
                .map_err(|e| e.to_string()),
        ),
        _ => None,
    };
    crate::views::deployments::format_deployment(d, len, regions.as_ref())
}

/// Whether any group of the deployment reverts automatically on failure.
fn has_auto_revert(d: &Deployment) -> bool {
    d.task_groups.iter().flatten().any(|(_, s)| s.auto_revert)
}

/// The deployment watcher: prints the deployment block on every change until it reaches a
/// terminal status, which it returns (`Err` after a request failed, already reported).
/// `prefixed` says whether lines go through the monitor's prefixing Ui (`job run`) or the
/// plain one (`deployment status -monitor`).
pub async fn watch_deployment(
    ctx: &mut Ctx,
    client: &Client,
    deploy_id: &str,
    index: u64,
    wait_ns: i64,
    verbose: bool,
    prefixed: bool,
) -> Result<String, ()> {
    if crate::output::term::stdout_is_tty() && terminal_has_size() {
        return tty::watch(ctx, client, deploy_id, index, wait_ns, verbose).await;
    }
    let length = if verbose { FULL_ID } else { SHORT_ID };
    let mut deploy_id = deploy_id.to_string();
    let mut last_index = index;
    loop {
        let mut q = QueryOptions::new();
        q.stale = true;
        q.index = last_index;
        if wait_ns > 0 {
            q.wait = Some(Duration::from_nanos(wait_ns as u64));
        }
        let (deploy, meta) = match client.deployment::<Deployment>(&deploy_id, &q).await {
            Ok(x) => x,
            Err(e) => {
                let t = clock(ctx);
                let msg = ctx
                    .ui
                    .colorize(&format!("{t}: Error fetching deployment: {e}"));
                emit_error(ctx, prefixed, &msg);
                return Err(());
            }
        };
        let status = deploy.status.clone();
        let mut info = clock(ctx);
        info.push('\n');
        info.push_str(&format_deployment(client, Some(&deploy), length).await);
        if verbose {
            info.push_str("\n\n[bold]Allocations[reset]\n");
            match client
                .deployment_allocations::<Option<Vec<AllocationListStub>>>(
                    &deploy_id,
                    &QueryOptions::new(),
                )
                .await
            {
                Ok((allocs, _)) => info.push_str(&format_alloc_list_stubs(
                    &allocs.unwrap_or_default(),
                    true,
                    ctx.now_ns,
                )),
                Err(e) => info.push_str(&format!("Error fetching allocations: {e}")),
            }
        }
        let msg = ctx.ui.colorize(&format!("\n{info}"));
        emit_output(ctx, prefixed, &msg);
        ctx.ui.flush();
        match status.as_str() {
            "failed" => {
                if has_auto_revert(&deploy) {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    let rollback = client
                        .job_latest_deployment::<Option<Deployment>>(
                            &deploy.job_id,
                            &QueryOptions::new(),
                        )
                        .await;
                    emit_output(ctx, prefixed, "");
                    match rollback {
                        Err(e) => {
                            let t = clock(ctx);
                            let msg = ctx.ui.colorize(&format!(
                                "{t}: Error fetching deployment of previous job version: {e}"
                            ));
                            emit_error(ctx, prefixed, &msg);
                            return Err(());
                        }
                        Ok((Some(r), _)) if r.id != deploy.id => {
                            deploy_id = r.id;
                            last_index = index;
                            // The rollback is watched, but the result stays "failed".
                            let _ = Box::pin(watch_deployment(
                                ctx, client, &deploy_id, last_index, wait_ns, verbose, prefixed,
                            ))
                            .await;
                        }
                        Ok(_) => {}
                    }
                }
                return Ok(status);
            }
            "successful" | "cancelled" | "blocked" => return Ok(status),
            _ => last_index = meta.last_index,
        }
    }
}

/// Nomad draws the live view only on a terminal of non-zero size.
pub(crate) fn terminal_has_size() -> bool {
    // SAFETY: TIOCGWINSZ fills a winsize struct for the descriptor; nothing else is touched.
    let mut ws = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let ok = unsafe { libc::ioctl(1, libc::TIOCGWINSZ, &mut ws) } == 0;
    ok && ws.ws_col > 0 && ws.ws_row > 0
}

fn emit_output(ctx: &mut Ctx, prefixed: bool, msg: &str) {
    if prefixed {
        Prefixed::output(ctx, msg);
    } else {
        ctx.ui.output(msg);
    }
}

fn emit_error(ctx: &mut Ctx, prefixed: bool, msg: &str) {
    if prefixed {
        Prefixed::error(ctx, msg);
    } else {
        ctx.ui.error(msg);
    }
}
