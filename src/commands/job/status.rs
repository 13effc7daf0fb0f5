//! `job status`: the job list, or one job in detail (Nomad's `command/job_status.go`).
//!
//! Nomad makes its requests one after another; rnomad sends those that do not depend on each
//! other together: after the prefix lookup, the job, its summary, allocations, evaluations and
//! latest deployment go out at once.

use std::collections::BTreeMap;

use futures_util::future::{join_all, OptionFuture};
use futures_util::stream::{self, StreamExt};
use serde_json::Value;

use super::job_id_by_prefix;
use crate::api::allocs::AllocationListStub;
use crate::api::deployments::Deployment;
use crate::api::evals::Evaluation;
use crate::api::jobs::{job_path, Job, JobListStub, JobSummary};
use crate::api::{Client, Error, QueryOptions};
use crate::cli::job::JobStatusArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, watch, HintFlags};
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::gocompat::time::go_duration;
use crate::output::time::{format_unix_nano, pretty_time_diff, rfc3339_to_nanos};
use crate::output::{format_kv, format_list, id_len, limit};
use crate::views::allocs::format_alloc_list_stubs;
use crate::views::deployments::format_deployment_short;
use crate::views::evals::{eval_failure_status, placement_failures};
use crate::views::jobs::{job_list_table, status_string};

/// How many jobs' status documents `-json` fetches at once (four requests each).
const JSON_CONCURRENCY: usize = 16;

pub async fn run(ctx: &mut Ctx, a: &JobStatusArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes either no arguments or one: <job>",
            "status",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if a.watch.watch {
        let paths = watched_paths(a, &client).await;
        return watch(
            ctx,
            &client,
            &a.watch,
            "status",
            paths,
            async |ctx: &mut Ctx| one_shot(ctx, a, &client).await,
        )
        .await;
    }
    one_shot(ctx, a, &client).await
}

/// What `-watch` blocks on: the job list, or one job with its allocations, evaluations,
/// deployments and summary (when the prefix names one job; otherwise the tables they live in).
async fn watched_paths(a: &JobStatusArgs, client: &Client) -> Vec<(String, QueryOptions)> {
    let Some(prefix) = a.args.first() else {
        return vec![("/v1/jobs".to_string(), QueryOptions::new())];
    };
    let all_ns = client.config().namespace.as_deref() == Some("*");
    match job_id_by_prefix(client, prefix.trim(), all_ns, None).await {
        Ok(found) => {
            let q = QueryOptions {
                namespace: (!found.namespace.is_empty()).then(|| found.namespace.clone()),
                ..Default::default()
            };
            [
                "",
                "/allocations",
                "/evaluations",
                "/deployments",
                "/summary",
            ]
            .iter()
            .map(|rest| (job_path(&found.id, rest), q.clone()))
            .collect()
        }
        Err(_) => vec![
            ("/v1/jobs".to_string(), QueryOptions::new()),
            (
                "/v1/allocations".to_string(),
                QueryOptions::new().param("per_page", "1"),
            ),
        ],
    }
}

/// The command proper: the list or one job.
async fn one_shot(ctx: &mut Ctx, a: &JobStatusArgs, client: &Client) -> i32 {
    let client = client.clone();
    let all_ns = client.config().namespace.as_deref() == Some("*");
    let data_mode = a.format.is_data();
    let hint = if data_mode {
        None
    } else {
        start_hint_check(ctx, &client)
    };
    match a.args.first() {
        None => list(ctx, a, &client, all_ns, hint).await,
        Some(arg) => single(ctx, a, &client, arg.trim(), all_ns, hint).await,
    }
}

async fn list(
    ctx: &mut Ctx,
    a: &JobStatusArgs,
    client: &Client,
    all_ns: bool,
    hint: Option<tokio::task::JoinHandle<bool>>,
) -> i32 {
    let jobs = match client.job_rows(&QueryOptions::new()).await {
        Ok((j, _)) => j,
        Err(e) => {
            ctx.ui.error(&format!("Error querying jobs: {e}"));
            return 1;
        }
    };
    if jobs.is_empty() {
        ctx.ui.output("No running jobs");
        let hint = match hint {
            Some(h) => Some(h),
            // Nomad shows the hint here even in -json/-t mode.
            None => start_hint_check(ctx, client),
        };
        show_hint(
            ctx,
            hint,
            client,
            HintFlags {
                no_color: a.global.no_color,
                open: a.ui,
            },
            "View and manage Nomad jobs",
            "/jobs",
        )
        .await;
        return 0;
    }
    if a.format.is_data() {
        let pairs: Vec<(String, String)> = jobs
            .iter()
            .map(|j| (j.id.clone(), j.namespace.clone()))
            .collect();
        return print_json_jobs(ctx, a, client, &pairs).await;
    }
    ctx.ui.output(&job_list_table(&jobs, all_ns));
    show_hint(
        ctx,
        hint,
        client,
        HintFlags {
            no_color: a.global.no_color,
            open: a.ui,
        },
        "View and manage Nomad jobs",
        "/jobs",
    )
    .await;
    0
}

/// `-json`/`-t`: a `[]JobJson` for the given jobs.
async fn print_json_jobs(
    ctx: &mut Ctx,
    a: &JobStatusArgs,
    client: &Client,
    pairs: &[(String, String)],
) -> i32 {
    let docs: Vec<Result<Value, String>> = stream::iter(pairs.iter())
        .map(|(id, ns)| job_json(client, id, ns, a.all_allocs))
        .buffered(JSON_CONCURRENCY)
        .collect()
        .await;
    let mut arr = Vec::with_capacity(docs.len());
    for d in docs {
        match d {
            Ok(v) => arr.push(v),
            Err(e) => {
                ctx.ui.error(&e);
                return 1;
            }
        }
    }
    let arr = Value::Array(arr);
    print_if_asked(ctx, &a.format, "[]JobJson", &arr, Errors::AsIs).unwrap_or(0)
}

/// One `JobJson`: summary, allocations, latest deployment and evaluations, fetched together.
/// Errors are reported in the order Nomad makes the requests.
async fn job_json(client: &Client, id: &str, ns: &str, all_allocs: bool) -> Result<Value, String> {
    let q = QueryOptions::new().namespace(ns);
    let qa = q
        .clone()
        .param("all", if all_allocs { "true" } else { "false" });
    let paths =
        ["/summary", "/allocations", "/deployment", "/evaluations"].map(|p| job_path(id, p));
    let (summary, allocs, deployment, evals) = tokio::join!(
        client.get_value(&paths[0], &q),
        client.get_value(&paths[1], &qa),
        client.get_value(&paths[2], &q),
        client.get_value(&paths[3], &q),
    );
    let summary = summary
        .map_err(|e| format!("Error querying job summary: {e}"))?
        .0;
    let allocs = allocs
        .map_err(|e| format!("Error querying job allocations: {e}"))?
        .0;
    let deployment = deployment
        .map_err(|e| format!("Error querying latest job deployment: {e}"))?
        .0;
    let evals = evals
        .map_err(|e| format!("Error querying job evaluations: {e}"))?
        .0;
    // The Go client sorts both lists newest first before Nomad prints them.
    let by_index = |v: Value| match v {
        Value::Array(a) => Value::Array(newest_first(a, |x| {
            x.get("CreateIndex").and_then(Value::as_u64).unwrap_or(0)
        })),
        other => other,
    };
    let mut m = serde_json::Map::new();
    m.insert("Summary".into(), summary);
    m.insert("Allocations".into(), by_index(allocs));
    m.insert("LatestDeployment".into(), deployment);
    m.insert("Evaluations".into(), by_index(evals));
    Ok(Value::Object(m))
}

async fn single(
    ctx: &mut Ctx,
    a: &JobStatusArgs,
    client: &Client,
    prefix: &str,
    all_ns: bool,
    hint: Option<tokio::task::JoinHandle<bool>>,
) -> i32 {
    let found = match job_id_by_prefix(client, prefix, all_ns, None).await {
        Ok(f) => f,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let q = QueryOptions {
        namespace: (!found.namespace.is_empty()).then(|| found.namespace.clone()),
        ..Default::default()
    };
    let data_mode = a.format.is_data();
    // The list stub tells what kind of job this is, so the follow-up requests can start with
    // the job itself. Without a stub (a token that cannot list jobs) they wait for the job.
    let kind = found.stub.as_ref().map(JobKind::of_stub);
    let wants_details = !a.short && !data_mode;
    let id = found.id.as_str();
    let details = |k: JobKind| fetch_details(client, id, &q, a.all_allocs, k);
    let path = job_path(id, "");
    let (job, early) = tokio::join!(
        client.get::<Job>(&path, &q),
        OptionFuture::from(kind.filter(|_| wants_details).map(details)),
    );
    let job = match job {
        Ok((j, _)) => j,
        Err(e) => {
            ctx.ui.error(&format!("Error querying job: {e}"));
            return 1;
        }
    };
    let job_id = job.id.clone().unwrap_or_default();
    let job_ns = job.namespace.clone().unwrap_or_default();

    if data_mode {
        let pair = [(job_id, job_ns)];
        return print_json_jobs(ctx, a, client, &pair).await;
    }

    ctx.ui.output(&format_kv(&header_rows(&job, ctx.now_ns)));
    let route = format!("/jobs/{job_id}@{job_ns}");
    if a.short {
        show_hint(
            ctx,
            hint,
            client,
            HintFlags {
                no_color: a.global.no_color,
                open: a.ui,
            },
            "View job details and metrics",
            &route,
        )
        .await;
        return 0;
    }
    let actual = JobKind::of_job(&job);
    let details = match early {
        Some(d) if Some(actual) == kind => d,
        _ => details(actual).await,
    };
    let out = match render_details(ctx, client, &job, details, a.verbose, a.evals).await {
        Ok(s) => s,
        Err((printed, e)) => {
            if !printed.is_empty() {
                ctx.ui.output(&printed);
            }
            ctx.ui.error(&e);
            return 1;
        }
    };
    ctx.ui.output(&out);
    show_hint(
        ctx,
        hint,
        client,
        HintFlags {
            no_color: a.global.no_color,
            open: a.ui,
        },
        "View job details and metrics",
        &route,
    )
    .await;
    0
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum JobKind {
    Normal,
    Periodic,
    Parameterized,
}

impl JobKind {
    fn of_stub(s: &JobListStub) -> JobKind {
        // A dispatched child is listed as parameterized but shown as a normal job; the
        // stub cannot tell, so the job decides (see `of_job`).
        if s.parameterized_job && s.parent_id.is_empty() {
            JobKind::Parameterized
        } else if s.periodic && !s.parameterized_job {
            JobKind::Periodic
        } else {
            JobKind::Normal
        }
    }

    fn of_job(j: &Job) -> JobKind {
        if j.is_parameterized() {
            JobKind::Parameterized
        } else if j.is_periodic() {
            JobKind::Periodic
        } else {
            JobKind::Normal
        }
    }
}

/// What the detail sections need, fetched concurrently.
struct Details {
    summary: Result<Option<JobSummary>, Error>,
    allocs: Result<Vec<AllocationListStub>, Error>,
    evals: Result<Vec<Evaluation>, Error>,
    deployment: Result<Option<Deployment>, Error>,
    children: Result<Vec<JobListStub>, Error>,
}

async fn fetch_details(
    client: &Client,
    id: &str,
    q: &QueryOptions,
    all_allocs: bool,
    kind: JobKind,
) -> Details {
    let qa = q
        .clone()
        .param("all", if all_allocs { "true" } else { "false" });
    let normal = kind == JobKind::Normal;
    let suffix = match kind {
        JobKind::Periodic => "/periodic-",
        _ => "/dispatch-",
    };
    // Children are listed in the configured namespace, as Nomad's `PrefixList` does.
    let children_q = QueryOptions::new().prefix(&format!("{id}{suffix}"));
    let paths =
        ["/summary", "/allocations", "/evaluations", "/deployment"].map(|p| job_path(id, p));
    let (summary, allocs, evals, deployment, children) = tokio::join!(
        client.get::<Option<JobSummary>>(&paths[0], q),
        OptionFuture::from(
            normal.then(|| client.get::<Option<Vec<AllocationListStub>>>(&paths[1], &qa))
        ),
        OptionFuture::from(normal.then(|| client.get::<Option<Vec<Evaluation>>>(&paths[2], q))),
        OptionFuture::from(normal.then(|| client.get::<Option<Deployment>>(&paths[3], q))),
        OptionFuture::from((!normal).then(|| client.jobs(&children_q))),
    );
    Details {
        summary: summary.map(|(s, _)| s),
        allocs: allocs
            .unwrap_or(Ok((None, Default::default())))
            .map(|(v, _)| newest_first(v.unwrap_or_default(), |a| a.create_index)),
        evals: evals
            .unwrap_or(Ok((None, Default::default())))
            .map(|(v, _)| newest_first(v.unwrap_or_default(), |e| e.create_index)),
        deployment: deployment
            .unwrap_or(Ok((None, Default::default())))
            .map(|(v, _)| v),
        children: children
            .unwrap_or(Ok((Vec::new(), Default::default())))
            .map(|(v, _)| v),
    }
}

/// The Go client's `AllocIndexSort`/`EvalIndexSort`: highest CreateIndex first, with Go's
/// unstable order among equal indexes (allocations of one plan share theirs).
fn newest_first<T>(mut v: Vec<T>, key: impl Fn(&T) -> u64) -> Vec<T> {
    crate::gocompat::sort::sort(&mut v, |a, b| key(a) > key(b));
    v
}

/// The key/value header of a single job.
pub fn header_rows(job: &Job, now_ns: i64) -> Vec<String> {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let periodic = job.is_periodic();
    let parameterized = job.is_parameterized();
    let mut rows = vec![
        format!("ID|{}", s(&job.id)),
        format!("Name|{}", s(&job.name)),
        format!(
            "Submit Date|{}",
            format_unix_nano(job.submit_time.unwrap_or(0))
        ),
        format!("Type|{}", s(&job.job_type)),
        format!("Priority|{}", job.priority.unwrap_or(0)),
        format!(
            "Datacenters|{}",
            job.datacenters.clone().unwrap_or_default().join(",")
        ),
        format!("Namespace|{}", s(&job.namespace)),
        format!("Node Pool|{}", s(&job.node_pool)),
        format!(
            "Status|{}",
            status_string(&s(&job.status), job.stop.unwrap_or(false))
        ),
        format!("Periodic|{periodic}"),
        format!("Parameterized|{parameterized}"),
    ];
    if let Some(t) = job
        .dispatch_idempotency_token
        .as_ref()
        .filter(|t| !t.is_empty())
    {
        rows.push(format!("Idempotency Token|{t}"));
    }
    if periodic && !parameterized {
        if job.stop.unwrap_or(false) {
            rows.push("Next Periodic Launch|none (job stopped)".to_string());
        } else if let Some(next) = job.periodic.as_ref().and_then(|p| p.next_launch(now_ns)) {
            rows.push(format!("Next Periodic Launch|{next}"));
        }
    }
    rows
}

/// Everything after the header, or what was printed before a failing request and its error.
async fn render_details(
    ctx: &Ctx,
    client: &Client,
    job: &Job,
    d: Details,
    verbose: bool,
    show_evals: bool,
) -> Result<String, (String, String)> {
    let c = |s: &str| ctx.ui.colorize(s);
    let len = id_len(verbose);
    let kind = JobKind::of_job(job);
    let mut out: Vec<String> = Vec::new();
    let fail = |out: &Vec<String>, e: String| Err((out.join("\n"), e));

    let (allocs, evals, deployment) = if kind == JobKind::Normal {
        let allocs = match d.allocs {
            Ok(a) => a,
            Err(e) => return fail(&out, format!("Error querying job allocations: {e}")),
        };
        let evals = match d.evals {
            Ok(e) => e,
            Err(e) => return fail(&out, format!("Error querying job evaluations: {e}")),
        };
        let dep = match d.deployment {
            Ok(dep) => dep,
            Err(e) => return fail(&out, format!("Error querying latest job deployment: {e}")),
        };
        (allocs, evals, dep)
    } else {
        (Vec::new(), Vec::new(), None)
    };

    if kind == JobKind::Parameterized {
        let p = job.parameterized_job.clone().unwrap_or_default();
        out.push(c("\n[bold]Parameterized Job[reset]"));
        out.push(format_kv(&[
            format!("Payload|{}", p.payload),
            format!(
                "Required Metadata|{}",
                p.meta_required.unwrap_or_default().join(", ")
            ),
            format!(
                "Optional Metadata|{}",
                p.meta_optional.unwrap_or_default().join(", ")
            ),
        ]));
    }

    match d.summary {
        Ok(Some(summary)) => out.extend(summary_sections(ctx, &summary, kind)),
        Ok(None) => {}
        Err(e) => return fail(&out, format!("Error querying job summary: {e}")),
    }

    if kind != JobKind::Normal {
        let children = match d.children {
            Ok(c) => c,
            Err(e) => return fail(&out, format!("Error querying job: {e}")),
        };
        let (none, title) = if kind == JobKind::Periodic {
            (
                "\nNo instances of periodic job found",
                "\n[bold]Previously Launched Jobs[reset]",
            )
        } else {
            (
                "\nNo dispatched instances of parameterized job found",
                "\n[bold]Dispatched Jobs[reset]",
            )
        };
        if children.is_empty() {
            out.push(none.to_string());
        } else {
            let id = job.id.clone().unwrap_or_default();
            let mut rows = vec!["ID|Status".to_string()];
            rows.extend(
                children
                    .iter()
                    .filter(|ch| ch.parent_id == id)
                    .map(|ch| format!("{}|{}", ch.id, ch.status)),
            );
            out.push(c(title));
            out.push(format_list(&rows));
        }
        return Ok(out.join("\n"));
    }

    // Evaluations, and the latest failed placement while a blocked evaluation waits.
    let mut rows = vec!["ID|Priority|Triggered By|Status|Placement Failures".to_string()];
    let mut blocked = false;
    let mut latest_failed: Option<&Evaluation> = None;
    for e in &evals {
        rows.push(format!(
            "{}|{}|{}|{}|{}",
            limit(&e.id, len),
            e.priority,
            e.triggered_by,
            e.status,
            eval_failure_status(e)
        ));
        if e.status == "blocked" {
            blocked = true;
        }
        if e.has_failures() && latest_failed.is_none_or(|l| l.create_index < e.create_index) {
            latest_failed = Some(e);
        }
    }
    if verbose || show_evals {
        out.push(c("\n[bold]Evaluations[reset]"));
        out.push(format_list(&rows));
    }
    if let (true, Some(failed)) = (blocked, latest_failed) {
        out.push(c("\n[bold]Placement Failure[reset]"));
        out.push(placement_failures(failed));
    }

    if let Some(s) = rescheduling(client, job, &allocs, len, verbose, ctx.now_ns).await {
        out.push(c("\n[bold]Future Rescheduling Attempts[reset]"));
        out.push(s);
    }

    if let Some(dep) = &deployment {
        out.push(c("\n[bold]Latest Deployment[reset]"));
        let regions = match dep.is_multiregion {
            true => Some(
                client
                    .multiregion_deployments(dep)
                    .await
                    .map_err(|e| e.to_string()),
            ),
            false => None,
        };
        let body = format_deployment_short(dep, len, regions.as_ref());
        out.push(c(&body));
    }

    let actions = job_actions(job);
    if !actions.is_empty() {
        out.push(c("\n[bold]Actions[reset]"));
        let mut rows = vec!["Action Name|Task Group|Task".to_string()];
        rows.extend(actions);
        out.push(format_list(&rows));
    }

    out.push(c("\n[bold]Allocations[reset]"));
    out.push(format_alloc_list_stubs(&allocs, verbose, ctx.now_ns));
    Ok(out.join("\n"))
}

fn summary_sections(ctx: &Ctx, summary: &JobSummary, kind: JobKind) -> Vec<String> {
    let mut out = Vec::new();
    if kind == JobKind::Normal {
        out.push(ctx.ui.colorize("\n[bold]Summary[reset]"));
        let mut rows =
            vec!["Task Group|Queued|Starting|Running|Failed|Complete|Lost|Unknown".to_string()];
        for (tg, s) in summary.summary.iter().flatten() {
            rows.push(format!(
                "{tg}|{}|{}|{}|{}|{}|{}|{}",
                s.queued, s.starting, s.running, s.failed, s.complete, s.lost, s.unknown
            ));
        }
        out.push(format_list(&rows));
    }
    if let Some(ch) = &summary.children {
        if kind != JobKind::Normal || ch.pending + ch.running + ch.dead > 0 {
            out.push(ctx.ui.colorize(if kind == JobKind::Parameterized {
                "\n[bold]Parameterized Job Summary[reset]"
            } else {
                "\n[bold]Children Job Summary[reset]"
            }));
            out.push(format_list(&[
                "Pending|Running|Dead".to_string(),
                format!("{}|{}|{}", ch.pending, ch.running, ch.dead),
            ]));
        }
    }
    out
}

/// "Future Rescheduling Attempts": follow-up evaluations of each group's newest allocation.
async fn rescheduling(
    client: &Client,
    job: &Job,
    allocs: &[AllocationListStub],
    len: usize,
    verbose: bool,
    now_ns: i64,
) -> Option<String> {
    let mut newest: BTreeMap<&str, &AllocationListStub> = BTreeMap::new();
    for a in allocs {
        match newest.get(a.task_group.as_str()) {
            Some(cur) if a.modify_time <= cur.modify_time => {}
            _ => {
                newest.insert(&a.task_group, a);
            }
        }
    }
    let follow: Vec<(&str, &str)> = newest
        .iter()
        .filter(|(_, a)| !a.followup_eval_id.is_empty())
        .map(|(tg, a)| (*tg, a.followup_eval_id.as_str()))
        .collect();
    if follow.is_empty() {
        return None;
    }
    let evals = join_all(follow.iter().map(|(_, id)| async move {
        let path = format!("/v1/evaluation/{id}");
        client.get::<Evaluation>(&path, &QueryOptions::new()).await
    }))
    .await;
    let mut rows = Vec::new();
    for ((tg, eval_id), res) in follow.iter().zip(evals) {
        let Ok((e, _)) = res else { continue };
        let wait = e.wait_until.as_deref().map(rfc3339_to_nanos).unwrap_or(0);
        if wait == 0 || now_ns > wait {
            continue;
        }
        let when = pretty_time_diff(wait, now_ns);
        if verbose {
            let policy = job
                .task_groups
                .iter()
                .flatten()
                .find(|g| g.name.as_deref() == Some(tg))
                .and_then(|g| g.reschedule_policy.as_ref())
                .map(|rp| {
                    let f = rp.delay_function.clone().unwrap_or_default();
                    let max = go_duration(rp.max_delay.unwrap_or(0));
                    if rp.unlimited.unwrap_or(false) {
                        format!("unlimited with {f} delay, max_delay = {max}")
                    } else {
                        format!(
                            "{} in {} with {f} delay, max_delay = {max}",
                            rp.attempts.unwrap_or(0),
                            go_duration(rp.interval.unwrap_or(0))
                        )
                    }
                })
                .unwrap_or_default();
            rows.push(format!("{tg}|{policy}|{}|{when}", limit(eval_id, len)));
        } else {
            rows.push(format!("{tg}|{}|{when}", limit(eval_id, len)));
        }
    }
    if rows.is_empty() {
        return None;
    }
    rows.insert(
        0,
        if verbose {
            "Task Group|Reschedule Policy|Eval ID|Eval Time".to_string()
        } else {
            "Task Group|Eval ID|Eval Time".to_string()
        },
    );
    Some(format_list(&rows))
}

/// Rows `action|group|task` for every action a task of the job defines.
fn job_actions(job: &Job) -> Vec<String> {
    let mut rows = Vec::new();
    for tg in job.task_groups.iter().flatten() {
        let group = tg.name.clone().unwrap_or_default();
        for task in tg.tasks.iter().flatten() {
            for action in task.actions.iter().flatten() {
                if group.is_empty() || task.name.is_empty() || action.name.is_empty() {
                    // Nomad leaves an empty row for an incomplete action.
                    rows.push(String::new());
                    continue;
                }
                rows.push(format!("{}|{group}|{}", action.name, task.name));
            }
        }
    }
    rows
}
