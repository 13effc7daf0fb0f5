//! `job restart` (Nomad's `command/job_restart.go`): restarts a job's running allocations in
//! place, or (`-reschedule`) stops them and waits for their replacements, in batches, with
//! Nomad's progress lines, questions, errors and exit codes.
//!
//! The allocations of a batch are restarted side by side (as Nomad's goroutines do); before
//! each one the job's deployments are checked, since a deployment in progress would fight
//! the restart. A Ctrl-C asks whether to stop (the batch under way goes on meanwhile).

mod alloc;
mod batches;
mod prompt;

use futures_util::stream::FuturesUnordered;

use super::job_by_prefix;
use crate::api::deployments::Deployment;
use crate::api::{Client, QueryOptions};
use crate::cli::job::JobRestartArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::humanize::{ordinal, plural};
use crate::gocompat::strconv::quote;
use crate::gocompat::time::go_duration;
use crate::output::template::gotime::parse_duration;
use crate::output::{id_len, limit};
use alloc::{Failure, JobVersion, Restarter, Stub, Target};
use batches::Batches;
use prompt::{indent, Interrupts, Out, Stdin, PREFIX_LEN};

const NAME: &str = "job restart";

/// The flags, checked as Nomad checks them.
pub(super) struct Opts {
    job: String,
    batch_size: usize,
    batch_percent: bool,
    /// Nanoseconds.
    batch_wait: i64,
    batch_wait_ask: bool,
    on_error_fail: bool,
}

fn parse(a: &JobRestartArgs, interactive: bool) -> Result<Opts, String> {
    if a.args.len() != 1 {
        return Err("This command takes one argument: <job>".into());
    }
    let bad_size = |why: &str| format!("Invalid -batch-size value {}: {why}", quote(&a.batch_size));
    let digits = a.batch_size.strip_suffix('%').unwrap_or(&a.batch_size);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_size("batch size must be an integer or a percentage"));
    }
    let batch_size: usize = match digits.parse::<i64>() {
        Ok(n) => n as usize,
        Err(_) => {
            return Err(bad_size(&format!(
                "strconv.Atoi: parsing {}: value out of range",
                quote(digits)
            )))
        }
    };
    if batch_size == 0 {
        return Err(bad_size("number value must be greater than zero"));
    }
    let not_interactive = |flag: &str| {
        format!(
            "Invalid {flag} value \"ask\": \"ask\" cannot be used when terminal is not interactive"
        )
    };
    let (mut batch_wait, mut batch_wait_ask) = (0, false);
    if a.batch_wait.to_lowercase() == "ask" {
        if !interactive && !a.yes {
            return Err(not_interactive("-batch-wait"));
        }
        batch_wait_ask = true;
    } else {
        batch_wait = parse_duration(&a.batch_wait)
            .map_err(|e| format!("Invalid -batch-wait value {}: {e}", quote(&a.batch_wait)))?;
    }
    match a.on_error.as_str() {
        "ask" if !interactive && !a.yes => return Err(not_interactive("-on-error")),
        "ask" | "fail" => {}
        other => {
            return Err(format!(
                "Invalid -on-error value {}: valid options are \"ask\" and \"fail\"",
                quote(other)
            ))
        }
    }
    if a.all_tasks && !a.task.is_empty() {
        return Err("The -all-tasks option cannot be used with -task".into());
    }
    if a.reschedule && !a.task.is_empty() {
        return Err("The -reschedule option cannot be used with -task".into());
    }
    Ok(Opts {
        job: a.args[0].trim().to_string(),
        batch_size,
        batch_percent: a.batch_size.ends_with('%'),
        batch_wait,
        batch_wait_ask,
        on_error_fail: a.on_error == "fail",
    })
}

pub async fn run(ctx: &mut Ctx, a: &JobRestartArgs) -> i32 {
    let interactive = crate::commands::alloc::is_tty();
    let mut opts = match parse(a, interactive) {
        Ok(o) => o,
        Err(msg) => return usage_error(ctx, &msg, NAME),
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let job = match job_by_prefix(&client, &opts.job, None).await {
        Ok(j) => j,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let job_id = job.id.clone().unwrap_or_default();
    let mut q = QueryOptions::new();
    if let Some(ns) = job.namespace.as_deref().filter(|n| !n.is_empty()) {
        q = q.namespace(ns);
    }
    // From here on a Ctrl-C asks instead of ending the process.
    let mut ints = Interrupts::new();
    let job_type = job.job_type.clone().unwrap_or_default();
    if a.reschedule && !matches!(job_type.as_str(), "batch" | "service" | "system") {
        ctx.ui.error(&format!(
            "Jobs of type {} are not allowed to be rescheduled.",
            quote(&job_type)
        ));
        return 1;
    }
    let frozen = ctx.clock_frozen().then_some(ctx.now_ns);
    let out = Out::new(&mut ctx.ui, frozen);
    let mut stdin = Stdin::default();
    if job.is_multiregion()
        && !a.yes
        && !prompt::restart_multiregion(&out, &mut stdin, &mut ints, &job_id).await
    {
        out.line("\nJob restart canceled.");
        return 0;
    }
    // Independent reads, asked for together.
    let versions_q = q.clone().param("diffs", "false");
    let allocs_q = q.clone().param("all", "true");
    let (versions, allocs) = tokio::join!(
        client.job_versions::<Versions>(&job_id, &versions_q),
        client.job_allocations::<Option<Vec<Stub>>>(&job_id, &allocs_q),
    );
    let versions = match versions {
        Ok((v, _)) => v.versions.unwrap_or_default(),
        Err(e) => {
            out.error(&format!(
                "Error retrieving versions of job {}: {e}",
                quote(&job_id)
            ));
            return 1;
        }
    };
    let mut allocs = match allocs {
        Ok((v, _)) => v.unwrap_or_default(),
        Err(e) => {
            out.error(&format!(
                "Error retrieving allocations for job {}: {e}",
                quote(&job_id)
            ));
            return 1;
        }
    };
    // The Go client's order: newest first (`AllocIndexSort`).
    crate::gocompat::sort::sort(&mut allocs, |x, y| {
        x.base.create_index > y.base.create_index
    });
    let targets: Vec<Target> = allocs
        .into_iter()
        .map(|stub| Target {
            job: versions
                .iter()
                .rev()
                .find(|v| v.version == stub.base.job_version)
                .cloned(),
            stub,
        })
        .collect();
    let targets = select(&out, a, targets);
    if targets.is_empty() {
        out.line("No allocations to restart");
        return 0;
    }
    if opts.batch_percent {
        opts.batch_size = (targets.len() * opts.batch_size).div_ceil(100);
    }
    out.line(&format!(
        "[bold]==> {}: Restarting {}[reset]",
        out.now(),
        plural(targets.len(), "allocation", "allocations")
    ));
    let mut tasks: Vec<String> = Vec::new();
    for t in &a.task {
        if !tasks.contains(t) {
            tasks.push(t.clone());
        }
    }
    let restarter = Restarter {
        client: &client,
        q: q.clone(),
        out: &out,
        all_tasks: a.all_tasks,
        tasks,
        reschedule: a.reschedule,
        verbose: a.verbose,
        id_len: id_len(a.verbose),
    };
    let mut run = Batches {
        batch: FuturesUnordered::new(),
        errs: Vec::new(),
        out: &out,
        stdin,
        ints,
    };
    let mut all_errs: Vec<Failure> = Vec::new();
    let mut canceled = false;
    let n = targets.len();
    let size = opts.batch_size;
    for (i, t) in targets.iter().enumerate() {
        let check = active_deployment(&client, &q, &job_id, id_len(a.verbose));
        if let Err(e) = run.alongside(check).await {
            all_errs.push(Failure {
                text: e,
                placement: false,
            });
            break;
        }
        if i % size == 0 && size > 1 {
            out.line(&format!(
                "[bold]==> {}: Restarting {} batch of {} allocations[reset]",
                out.now(),
                ordinal((i / size + 1) as i64),
                size.min(n - i)
            ));
        }
        run.batch.push(Box::pin(restarter.handle(t)));
        let last = i + 1 == n;
        if (i + 1) % size != 0 && !last {
            continue;
        }
        run.drain().await;
        let batch_errs = std::mem::take(&mut run.errs);
        all_errs.extend(batch_errs.iter().cloned());
        if last {
            break;
        }
        if !batch_errs.is_empty() {
            if opts.on_error_fail {
                out.line(&format!(
                    "[bold]==> {}: Stopping job restart due to error[reset]",
                    out.now()
                ));
                break;
            }
            if a.yes && !recoverable(&batch_errs) {
                out.line(&format!(
                    "[bold]==> {}: Stopping job restart due to unrecoverable error[reset]",
                    out.now()
                ));
                break;
            }
        }
        let ask_user =
            !a.yes && (opts.batch_wait_ask || (!opts.on_error_fail && !batch_errs.is_empty()));
        if ask_user {
            if !batch_errs.is_empty() {
                out.warn(&format!(
                    "[bold]==> {}: {}[reset]",
                    out.now(),
                    error_list(&batch_errs, PREFIX_LEN)
                ));
            }
            if !run.proceed(&batch_errs, &mut opts).await {
                out.line(&format!(
                    "[bold]==> {}: Job restart canceled[reset]",
                    out.now()
                ));
                canceled = true;
                break;
            }
        }
        if opts.batch_wait > 0 {
            out.line(&format!(
                "[bold]==> {}: Waiting {} before restarting the next batch[reset]",
                out.now(),
                go_duration(opts.batch_wait)
            ));
            let pause = std::time::Duration::from_nanos(opts.batch_wait as u64);
            run.alongside(tokio::time::sleep(pause)).await;
        }
    }
    if !all_errs.is_empty() {
        if !canceled {
            out.line(&format!(
                "[bold]==> {}: Job restart finished with errors[reset]",
                out.now()
            ));
        }
        out.error(&format!("\n{}", error_list(&all_errs, 0)));
        return 1;
    }
    if !canceled {
        out.line(&format!(
            "[bold]==> {}: Job restart finished[reset]",
            out.now()
        ));
        out.line("\nJob restarted successfully!");
    }
    0
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Versions {
    #[serde(rename = "Versions")]
    versions: Option<Vec<JobVersion>>,
}

/// `filterAllocs`: the running allocations not yet replaced, of the groups and with the
/// tasks asked for; `-verbose` says why the others are passed over.
fn select(out: &Out<'_>, a: &JobRestartArgs, targets: Vec<Target>) -> Vec<Target> {
    let len = id_len(a.verbose);
    let skip = |out: &Out<'_>, id: &str, why: &str| {
        if a.verbose {
            out.line(&format!(
                "[dark_gray]    {}: Skipping allocation {} because {why}[reset]",
                out.now(),
                quote(limit(id, len))
            ));
        }
    };
    let mut kept = Vec::new();
    for t in targets {
        let s = &t.stub;
        if !t.is_running() {
            // Nomad swaps the two statuses in this line; rnomad names each rightly.
            let why = format!(
                "desired status is {} and client status is {}",
                quote(&s.base.desired_status),
                quote(&s.base.client_status)
            );
            skip(out, &s.base.id, &why);
            continue;
        }
        if !s.next_allocation.is_empty() {
            let why = format!(
                "it has already been replaced by {}",
                quote(limit(&s.next_allocation, len))
            );
            skip(out, &s.base.id, &why);
            continue;
        }
        if !a.group.is_empty() && !a.group.contains(&s.base.task_group) {
            skip(out, &s.base.id, "it doesn't have any of requested groups");
            continue;
        }
        if !a.task.is_empty() && !a.task.iter().any(|task| t.has_task(task)) {
            skip(out, &s.base.id, "it doesn't have any of requested tasks");
            continue;
        }
        kept.push(t);
    }
    kept
}

/// `ensureNoActiveDeployment`: a deployment still under way stops the restart.
async fn active_deployment(
    client: &Client,
    q: &QueryOptions,
    job: &str,
    len: usize,
) -> Result<(), String> {
    let q = q.clone().param("all", "true");
    let (deployments, _) = client
        .job_deployments::<Option<Vec<Deployment>>>(job, &q)
        .await
        .map_err(|e| format!("Error retrieving deployments for job {}: {e}", quote(job)))?;
    for d in deployments.iter().flatten() {
        if !matches!(d.status.as_str(), "failed" | "successful" | "cancelled") {
            return Err(format!(
                "Deployment {} is {}",
                quote(limit(&d.id, len)),
                quote(&d.status)
            ));
        }
    }
    Ok(())
}

/// `isErrorRecoverable`: placement failures and permission errors would happen again.
pub(super) fn recoverable(errs: &[Failure]) -> bool {
    !errs
        .iter()
        .any(|f| f.placement || f.text.contains("Permission denied"))
}

/// Nomad's error list (`errorFormat`), continuation lines indented by `pad`.
fn error_list(errs: &[Failure], pad: usize) -> String {
    let points: Vec<String> = errs
        .iter()
        .map(|f| format!("* {}", f.text.trim()))
        .collect();
    let text = format!(
        "{} occurred while restarting job:\n{}",
        plural(errs.len(), "error", "errors"),
        points.join("\n")
    );
    indent(&text, pad)
}
