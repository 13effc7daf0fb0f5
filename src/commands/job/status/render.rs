//! `job status`'s renderer: the job list, or one job's header and sections, as Nomad prints
//! them (`command/job_status.go`). Pure: the clock, colour and Web UI hint come in.

use super::view::{JobKind, JobView, ListView, Sections, View};
use crate::api::jobs::{Job, JobSummary};
use crate::gocompat::time::go_duration;
use crate::output::color::colorize;
use crate::output::term::Printout;
use crate::output::time::{format_unix_nano, pretty_time_diff};
use crate::output::{format_kv, format_list, id_len, limit};
use crate::views::allocs::format_alloc_list_stubs;
use crate::views::deployments::format_deployment_short;
use crate::views::evals::{eval_failure_status, placement_failures};
use crate::views::jobs::{job_list_table, status_string};

/// How to render.
pub struct Options {
    pub verbose: bool,
    /// `-evals`: the evaluations table without `-verbose`.
    pub evals: bool,
    /// Whether `[bold]` markup becomes colour (Nomad's coloured UI).
    pub markup: bool,
    /// The Web UI hint, when one is shown after the output.
    pub hint: Option<String>,
}

/// The output of `job status` for `view`, at `now_ns`.
pub fn render(view: &View, o: &Options, now_ns: i64) -> Printout {
    let mut p = match view {
        View::List(l) => render_list(l),
        View::Job(j) => render_job(j, o, now_ns),
    };
    if let Some(hint) = &o.hint {
        p.warn(hint.as_str());
    }
    p
}

fn render_list(l: &ListView) -> Printout {
    let mut p = Printout::default();
    if l.jobs.is_empty() {
        p.output("No running jobs");
    } else {
        p.output(job_list_table(&l.jobs, l.all_namespaces));
    }
    p
}

fn render_job(v: &JobView, o: &Options, now_ns: i64) -> Printout {
    let mut p = Printout::default();
    p.output(format_kv(&header_rows(&v.job, now_ns)));
    let Some(s) = &v.sections else {
        return p;
    };
    let out = sections(v, s, o, now_ns);
    if let Some(failure) = &s.failure {
        if !out.is_empty() {
            p.output(out);
        }
        p.error(failure.as_str());
    } else {
        p.output(out);
    }
    p
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

/// Everything after the header, up to a failed request.
fn sections(v: &JobView, s: &Sections, o: &Options, now_ns: i64) -> String {
    let c = |t: &str| colorize(t, o.markup);
    let job = &v.job;
    let kind = v.kind;
    let len = id_len(o.verbose);
    let mut out: Vec<String> = Vec::new();

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
    if let Some(summary) = &s.summary {
        out.extend(summary_sections(&c, summary, kind));
    }
    if s.failure.is_some() {
        return out.join("\n");
    }

    if kind != JobKind::Normal {
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
        if s.children.is_empty() {
            out.push(none.to_string());
        } else {
            let id = job.id.clone().unwrap_or_default();
            let mut rows = vec!["ID|Status".to_string()];
            rows.extend(
                s.children
                    .iter()
                    .filter(|ch| ch.parent_id == id)
                    .map(|ch| format!("{}|{}", ch.id, ch.status)),
            );
            out.push(c(title));
            out.push(format_list(&rows));
        }
        return out.join("\n");
    }

    // Evaluations, and the latest failed placement while a blocked evaluation waits.
    let mut rows = vec!["ID|Priority|Triggered By|Status|Placement Failures".to_string()];
    let mut blocked = false;
    let mut latest_failed = None;
    for e in &s.evals {
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
        if e.has_failures()
            && latest_failed
                .is_none_or(|l: &crate::api::evals::Evaluation| l.create_index < e.create_index)
        {
            latest_failed = Some(e);
        }
    }
    if o.verbose || o.evals {
        out.push(c("\n[bold]Evaluations[reset]"));
        out.push(format_list(&rows));
    }
    if let (true, Some(failed)) = (blocked, latest_failed) {
        out.push(c("\n[bold]Placement Failure[reset]"));
        out.push(placement_failures(failed));
    }

    if let Some(r) = rescheduling(job, &s.reschedules, len, o.verbose, now_ns) {
        out.push(c("\n[bold]Future Rescheduling Attempts[reset]"));
        out.push(r);
    }

    if let Some(dep) = &s.deployment {
        out.push(c("\n[bold]Latest Deployment[reset]"));
        out.push(c(&format_deployment_short(dep, len, s.regions.as_ref())));
    }

    let actions = job_actions(job);
    if !actions.is_empty() {
        out.push(c("\n[bold]Actions[reset]"));
        let mut rows = vec!["Action Name|Task Group|Task".to_string()];
        rows.extend(actions);
        out.push(format_list(&rows));
    }

    out.push(c("\n[bold]Allocations[reset]"));
    out.push(format_alloc_list_stubs(&s.allocs, o.verbose, now_ns));
    out.join("\n")
}

fn summary_sections(
    c: &dyn Fn(&str) -> String,
    summary: &JobSummary,
    kind: JobKind,
) -> Vec<String> {
    let mut out = Vec::new();
    if kind == JobKind::Normal {
        out.push(c("\n[bold]Summary[reset]"));
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
            out.push(c(if kind == JobKind::Parameterized {
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

/// "Future Rescheduling Attempts": the follow-up evaluations still to come.
fn rescheduling(
    job: &Job,
    reschedules: &[(String, String, i64)],
    len: usize,
    verbose: bool,
    now_ns: i64,
) -> Option<String> {
    let mut rows = Vec::new();
    for (tg, eval_id, wait) in reschedules {
        let wait = *wait;
        if wait == 0 || now_ns > wait {
            continue;
        }
        let when = pretty_time_diff(wait, now_ns);
        if verbose {
            let policy = job
                .task_groups
                .iter()
                .flatten()
                .find(|g| g.name.as_deref() == Some(tg.as_str()))
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
