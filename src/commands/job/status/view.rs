//! `job status`'s view: what the output shows, built from the responses without I/O.

use std::collections::BTreeMap;

use crate::api::allocs::AllocationListStub;
use crate::api::deployments::{Deployment, RegionDeployment};
use crate::api::evals::Evaluation;
use crate::api::jobs::{Job, JobListStub, JobSummary};
use crate::api::lists::JobRow;
use crate::api::Error;
use crate::output::time::rfc3339_to_nanos;

/// What kind of job the detail sections are for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum JobKind {
    Normal,
    Periodic,
    Parameterized,
}

impl JobKind {
    pub fn of_stub(s: &JobListStub) -> JobKind {
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

    pub fn of_job(j: &Job) -> JobKind {
        if j.is_parameterized() {
            JobKind::Parameterized
        } else if j.is_periodic() {
            JobKind::Periodic
        } else {
            JobKind::Normal
        }
    }
}

/// The responses one job's view is built from.
pub struct Responses {
    pub job: Job,
    /// `None` with `-short`.
    pub details: Option<Details>,
}

/// The responses behind the detail sections. Lists are newest first, as the Go client sorts
/// them; a periodic or parameterized job has children instead of allocations, evaluations
/// and a deployment.
pub struct Details {
    pub summary: Result<Option<JobSummary>, Error>,
    pub allocs: Result<Vec<AllocationListStub>, Error>,
    pub evals: Result<Vec<Evaluation>, Error>,
    pub deployment: Result<Option<Deployment>, Error>,
    pub children: Result<Vec<JobListStub>, Error>,
    /// The follow-up evaluation of each `followup_targets` entry, when it could be read.
    pub followups: Vec<(String, String, Option<Evaluation>)>,
    /// The regions of a multiregion latest deployment.
    pub regions: Option<Result<Vec<RegionDeployment>, String>>,
}

/// The view: the job list, or one job.
pub enum View {
    List(ListView),
    Job(Box<JobView>),
}

pub struct ListView {
    pub jobs: Vec<JobRow>,
    pub all_namespaces: bool,
}

pub struct JobView {
    pub job: Job,
    pub kind: JobKind,
    /// Everything after the header; `None` with `-short`.
    pub sections: Option<Sections>,
}

/// The detail sections Nomad prints, up to the first request that failed.
#[derive(Default)]
pub struct Sections {
    pub summary: Option<JobSummary>,
    pub children: Vec<JobListStub>,
    pub allocs: Vec<AllocationListStub>,
    pub evals: Vec<Evaluation>,
    pub deployment: Option<Deployment>,
    pub regions: Option<Result<Vec<RegionDeployment>, String>>,
    /// Pending follow-up evaluations (Future Rescheduling Attempts): group, eval ID, and when
    /// it runs (Unix nanoseconds).
    pub reschedules: Vec<(String, String, i64)>,
    /// Nomad's error line for the request that failed; the sections that would have used it
    /// and those after it are empty.
    pub failure: Option<String>,
}

impl JobView {
    pub fn new(r: Responses) -> JobView {
        let kind = JobKind::of_job(&r.job);
        JobView {
            sections: r.details.map(|d| Sections::new(d, kind)),
            job: r.job,
            kind,
        }
    }

    /// 1 when a request failed, as Nomad exits.
    pub fn exit_code(&self) -> i32 {
        match &self.sections {
            Some(s) if s.failure.is_some() => 1,
            _ => 0,
        }
    }

    /// The job's Web UI route.
    pub fn route(&self) -> String {
        let id = self.job.id.as_deref().unwrap_or_default();
        let ns = self.job.namespace.as_deref().unwrap_or_default();
        format!("/jobs/{id}@{ns}")
    }
}

impl Sections {
    /// The sections in Nomad's order of requests: a normal job's allocations, evaluations and
    /// deployment are checked first (nothing is printed when one failed), then the summary,
    /// then the children of a periodic or parameterized job.
    fn new(d: Details, kind: JobKind) -> Sections {
        // What Nomad printed before the failed request stays; the rest is left out.
        let fail = |printed: Sections, what: &str, e: Error| Sections {
            failure: Some(format!("{what}: {e}")),
            ..printed
        };
        let mut s = Sections::default();
        if kind == JobKind::Normal {
            let (allocs, evals, deployment) = match (d.allocs, d.evals, d.deployment) {
                (Err(e), _, _) => return fail(s, "Error querying job allocations", e),
                (_, Err(e), _) => return fail(s, "Error querying job evaluations", e),
                (_, _, Err(e)) => return fail(s, "Error querying latest job deployment", e),
                (Ok(a), Ok(e), Ok(dep)) => (a, e, dep),
            };
            (s.allocs, s.evals, s.deployment) = (allocs, evals, deployment);
        }
        let summary = match d.summary {
            Ok(summary) => summary,
            Err(e) => return fail(Sections::default(), "Error querying job summary", e),
        };
        if kind != JobKind::Normal {
            let printed = Sections {
                summary,
                ..Sections::default()
            };
            return match d.children {
                Ok(children) => Sections {
                    children,
                    ..printed
                },
                Err(e) => fail(printed, "Error querying job", e),
            };
        }
        s.summary = summary;
        s.regions = d.regions;
        s.reschedules = d
            .followups
            .into_iter()
            .filter_map(|(group, id, e)| {
                let wait = e?.wait_until.as_deref().map(rfc3339_to_nanos).unwrap_or(0);
                Some((group, id, wait))
            })
            .collect();
        s
    }
}

/// The follow-up evaluations "Future Rescheduling Attempts" reads: group and evaluation ID of
/// each task group's most recently modified allocation that has one.
pub fn followup_targets(allocs: &[AllocationListStub]) -> Vec<(String, String)> {
    let mut newest: BTreeMap<&str, &AllocationListStub> = BTreeMap::new();
    for a in allocs {
        match newest.get(a.task_group.as_str()) {
            Some(cur) if a.modify_time <= cur.modify_time => {}
            _ => {
                newest.insert(&a.task_group, a);
            }
        }
    }
    newest
        .iter()
        .filter(|(_, a)| !a.followup_eval_id.is_empty())
        .map(|(tg, a)| (tg.to_string(), a.followup_eval_id.clone()))
        .collect()
}
