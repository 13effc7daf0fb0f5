//! `job status`'s requests for one job: the job and, concurrently, what its detail sections
//! need; then what depends on those answers (follow-up evaluations, multiregion deployments).

use futures_util::future::{join_all, OptionFuture};

use super::view::{followup_targets, Details, JobKind, Responses};
use crate::api::allocs::AllocationListStub;
use crate::api::deployments::Deployment;
use crate::api::evals::Evaluation;
use crate::api::jobs::{job_allocations_path, job_evaluations_path, Job, JobSummary};
use crate::api::{Client, Error, QueryOptions};
use crate::commands::job::FoundJob;

/// The job a prefix lookup found and, unless `details` is false, its detail responses.
///
/// The list stub tells what kind of job this is, so the detail requests can start with the job
/// itself. Without a stub (a token that cannot list jobs), or when the stub guessed wrong, they
/// wait for the job.
pub async fn job(
    client: &Client,
    found: &FoundJob,
    all_allocs: bool,
    details: bool,
) -> Result<Responses, Error> {
    let q = QueryOptions {
        namespace: (!found.namespace.is_empty()).then(|| found.namespace.clone()),
        ..Default::default()
    };
    let id = found.id.as_str();
    let guess = found.stub.as_ref().map(JobKind::of_stub);
    let fetch = |kind: JobKind| fetch_details(client, id, &q, all_allocs, kind);
    let (job, early) = tokio::join!(
        client.job::<Job>(id, &q),
        OptionFuture::from(guess.filter(|_| details).map(fetch)),
    );
    let job = job?.0;
    let details = if details {
        let actual = JobKind::of_job(&job);
        Some(match early {
            Some(d) if Some(actual) == guess => d,
            _ => fetch(actual).await,
        })
    } else {
        None
    };
    Ok(Responses { job, details })
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
    let (allocs_path, evals_path) = (job_allocations_path(id), job_evaluations_path(id));
    let suffix = match kind {
        JobKind::Periodic => "/periodic-",
        _ => "/dispatch-",
    };
    // Children are listed in the configured namespace, as Nomad's `PrefixList` does.
    let children_q = QueryOptions::new().prefix(&format!("{id}{suffix}"));
    let (summary, allocs, evals, deployment, children) = tokio::join!(
        client.job_summary::<Option<JobSummary>>(id, q),
        // Both lists decoded as they arrive (a job may have thousands of allocations).
        OptionFuture::from(
            normal.then(|| client.get_list_streamed::<AllocationListStub>(&allocs_path, &qa))
        ),
        OptionFuture::from(normal.then(|| client.get_list_streamed::<Evaluation>(&evals_path, q))),
        OptionFuture::from(
            normal.then(|| client.job_latest_deployment::<Option<Deployment>>(id, q))
        ),
        OptionFuture::from((!normal).then(|| client.jobs(&children_q))),
    );
    let allocs = allocs
        .unwrap_or(Ok((None, Default::default())))
        .map(|(v, _)| newest_first(v.unwrap_or_default(), |a| a.create_index));
    let deployment = deployment
        .unwrap_or(Ok((None, Default::default())))
        .map(|(v, _)| v);
    let (followups, regions) = tokio::join!(
        followups(client, allocs.as_deref().unwrap_or_default()),
        OptionFuture::from(
            deployment
                .as_ref()
                .ok()
                .and_then(Option::as_ref)
                .filter(|d| d.is_multiregion)
                .map(|d| async {
                    client
                        .multiregion_deployments(d)
                        .await
                        .map_err(|e| e.to_string())
                })
        ),
    );
    Details {
        summary: summary.map(|(s, _)| s),
        allocs,
        evals: evals
            .unwrap_or(Ok((None, Default::default())))
            .map(|(v, _)| newest_first(v.unwrap_or_default(), |e| e.create_index)),
        deployment,
        children: children
            .unwrap_or(Ok((Vec::new(), Default::default())))
            .map(|(v, _)| v),
        followups,
        regions,
    }
}

/// The follow-up evaluations of each group's newest allocation, read together; one that
/// cannot be read is left out, as Nomad leaves it out.
async fn followups(
    client: &Client,
    allocs: &[AllocationListStub],
) -> Vec<(String, String, Option<Evaluation>)> {
    let targets = followup_targets(allocs);
    let evals = join_all(targets.iter().map(|(_, id)| async move {
        client
            .evaluation::<Evaluation>(id, &QueryOptions::new())
            .await
    }))
    .await;
    targets
        .into_iter()
        .zip(evals)
        .map(|((group, id), e)| (group, id, e.ok().map(|(e, _)| e)))
        .collect()
}

/// The Go client's `AllocIndexSort`/`EvalIndexSort`: highest CreateIndex first, with Go's
/// unstable order among equal indexes (allocations of one plan share theirs).
pub fn newest_first<T>(mut v: Vec<T>, key: impl Fn(&T) -> u64) -> Vec<T> {
    crate::gocompat::sort::sort(&mut v, |a, b| key(a) > key(b));
    v
}
