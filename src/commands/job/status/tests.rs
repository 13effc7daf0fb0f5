//! `job status` rendered in-process from responses recorded from a real Nomad, compared with
//! what the real `nomad job status` printed for the same state.

use super::fetch::newest_first;
use super::render::{render, Options};
use super::view::{Details, JobView, ListView, Responses, View};
use crate::api::jobs::JobListStub;
use crate::api::lists::JobRow;
use crate::commands::recorded::{api, at, cli, printed};
use crate::output::time::in_utc;

/// The recorded responses for job `name` (`api/job-<name>*.json`); `children` are the jobs
/// whose ID starts with the prefix Nomad lists a periodic or parameterized job's children by.
fn responses(name: &str, children: &str, short: bool) -> Responses {
    let all: Vec<JobListStub> = api("jobs");
    let details = Details {
        summary: Ok(api(&format!("job-{name}-summary"))),
        allocs: Ok(newest_first(
            api(&format!("job-{name}-allocations")),
            |a: &crate::api::allocs::AllocationListStub| a.create_index,
        )),
        evals: Ok(newest_first(
            api(&format!("job-{name}-evaluations")),
            |e: &crate::api::evals::Evaluation| e.create_index,
        )),
        deployment: Ok(api(&format!("job-{name}-deployment"))),
        children: Ok(all
            .into_iter()
            .filter(|j| !children.is_empty() && j.id.starts_with(children))
            .collect()),
        followups: Vec::new(),
        regions: None,
    };
    Responses {
        job: api(&format!("job-{name}")),
        details: (!short).then_some(details),
    }
}

fn options(verbose: bool, evals: bool) -> Options {
    Options {
        verbose,
        evals,
        markup: false,
        hint: None,
    }
}

/// Renders and checks stdout, stderr (empty: recorded with hints off) and the exit code.
fn check(view: View, o: &Options, now: &str, recorded: &str) {
    let out = in_utc(|| render(&view, o, at(now)));
    let (stdout, stderr) = printed(&out);
    assert_eq!(stdout, cli("cli", recorded, "stdout"), "{recorded}");
    assert_eq!(stderr, cli("cli", recorded, "stderr"), "{recorded}");
    if let View::Job(j) = &view {
        let code: i32 = cli("cli", recorded, "exit").trim().parse().unwrap();
        assert_eq!(j.exit_code(), code, "{recorded}");
    }
}

fn job(name: &str, children: &str, short: bool) -> View {
    View::Job(Box::new(JobView::new(responses(name, children, short))))
}

/// When `job status example` was recorded: the allocation was created 1m50s before.
const EXAMPLE_NOW: &str = "2026-11-22T05:22:37Z";

#[test]
fn a_service_job() {
    let o = options(false, false);
    check(
        job("example", "", false),
        &o,
        EXAMPLE_NOW,
        "job-status-example",
    );
    check(
        job("example", "", false),
        &options(true, false),
        EXAMPLE_NOW,
        "job-status-example-verbose",
    );
    check(
        job("example", "", false),
        &options(false, true),
        EXAMPLE_NOW,
        "job-status-example-evals",
    );
    check(
        job("example", "", true),
        &o,
        EXAMPLE_NOW,
        "job-status-example-short",
    );
}

#[test]
fn a_blocked_job_shows_its_placement_failure() {
    let o = options(false, false);
    check(job("stuck", "", false), &o, EXAMPLE_NOW, "job-status-stuck");
    let o = options(true, false);
    check(
        job("stuck", "", false),
        &o,
        EXAMPLE_NOW,
        "job-status-stuck-verbose",
    );
}

#[test]
fn a_batch_job() {
    // Recorded a second after `example`: "1m34s ago".
    let o = options(false, false);
    check(
        job("echo-batch", "", false),
        &o,
        "2026-11-22T05:22:38Z",
        "job-status-echo-batch",
    );
}

#[test]
fn periodic_and_parameterized_jobs_list_their_children() {
    let o = options(false, false);
    // "Next Periodic Launch = 2026-11-23T03:00:00Z (21h37m23s from now)".
    check(
        job("report-periodic", "report-periodic/periodic-", false),
        &o,
        "2026-11-22T05:22:37Z",
        "job-status-report-periodic",
    );
    check(
        job("param-job", "param-job/dispatch-", false),
        &o,
        EXAMPLE_NOW,
        "job-status-param-job",
    );
}

#[test]
fn the_job_list() {
    let jobs: Vec<JobRow> = api("jobs");
    let mut jobs = jobs;
    crate::gocompat::sort::sort(&mut jobs, |a, b| a.id < b.id);
    let view = View::List(ListView {
        jobs,
        all_namespaces: false,
    });
    check(view, &options(false, false), EXAMPLE_NOW, "job-status");
}

#[test]
fn the_web_ui_hint_comes_last() {
    let o = Options {
        hint: Some(
            "\n\n==> View job details and metrics in the Web UI: \
             http://127.0.0.1:4646/ui/jobs/example@default"
                .into(),
        ),
        ..options(false, false)
    };
    // The recording with hints was made later: "2m28s ago".
    let view = job("example", "", false);
    let out = in_utc(|| render(&view, &o, at("2026-11-22T05:23:15Z")));
    let (stdout, stderr) = printed(&out);
    assert_eq!(stdout, cli("cli-hints", "job-status-example", "stdout"));
    assert_eq!(stderr, cli("cli-hints", "job-status-example", "stderr"));
}

#[test]
fn a_failed_request_stops_the_output_where_nomad_stops() {
    let mut r = responses("param-job", "param-job/dispatch-", false);
    if let Some(d) = r.details.as_mut() {
        d.children = Err(crate::api::Error::Status {
            code: 500,
            body: "boom".into(),
        });
    }
    let view = View::Job(Box::new(JobView::new(r)));
    let out = in_utc(|| render(&view, &options(false, false), at(EXAMPLE_NOW)));
    let (stdout, stderr) = printed(&out);
    // The header, the parameterized block and the summary were printed before the failure.
    let want = cli("cli", "job-status-param-job", "stdout");
    let before = want.split("\nDispatched Jobs").next().unwrap_or("");
    assert_eq!(stdout, before);
    assert_eq!(
        stderr,
        "Error querying job: Unexpected response code: 500 (boom)\n"
    );
    let View::Job(j) = &view else { unreachable!() };
    assert_eq!(j.exit_code(), 1);
}
