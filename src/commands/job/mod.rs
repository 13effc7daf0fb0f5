//! The `job` commands and what they share: the prefix lookup and the job list table.

pub mod action;
pub mod allocs;
pub mod deployments;
pub mod diff;
pub mod dispatch;
pub mod eval;
pub mod history;
pub mod init;
pub mod inspect;
pub mod jobfile;
mod jobvars;
pub mod logs;
pub mod periodic_force;
pub mod plan;
pub mod promote;
pub mod restart;
pub mod revert;
pub mod run;
pub mod scale;
pub mod scaling_events;
pub mod start;
pub mod status;
pub mod stop;
pub mod tag;
pub mod validate;
pub mod wait;

use crate::api::jobs::JobListStub;
use crate::api::{Client, QueryOptions};
use crate::gocompat::strconv::quote;
use crate::views::jobs::job_list_table;

/// The job a prefix names: its ID, its namespace (empty when unknown), and its list stub.
pub struct FoundJob {
    pub id: String,
    pub namespace: String,
    pub stub: Option<JobListStub>,
}

/// `JobIDByPrefix`: one job for a prefix, or Nomad's error text.
///
/// A token that may read a job but not list jobs gets a 403 here; Nomad then uses the
/// argument as the exact ID, and so does rnomad.
pub async fn job_id_by_prefix(
    client: &Client,
    prefix: &str,
    all_namespaces: bool,
    filter: Option<&dyn Fn(&JobListStub) -> bool>,
) -> Result<FoundJob, String> {
    let jobs = match client.jobs(&QueryOptions::new().prefix(prefix)).await {
        Ok((jobs, _)) => jobs,
        Err(e) if e.is_permission_denied() => {
            return Ok(FoundJob {
                id: prefix.to_string(),
                namespace: String::new(),
                stub: None,
            })
        }
        Err(e) => return Err(format!("Error querying job prefix {}: {e}", quote(prefix))),
    };
    let jobs: Vec<JobListStub> = match filter {
        Some(f) => jobs.into_iter().filter(|j| f(j)).collect(),
        None => jobs,
    };
    if jobs.is_empty() {
        return Err(format!(
            "No job(s) with prefix or ID {} found",
            quote(prefix)
        ));
    }
    if jobs.len() > 1 {
        let exact = jobs[0].id == prefix;
        let in_several_namespaces = all_namespaces && jobs[0].id == jobs[1].id;
        if !exact || in_several_namespaces {
            return Err(format!(
                "Prefix {} matched multiple jobs\n\n{}",
                quote(prefix),
                job_list_table(&jobs, all_namespaces)
            ));
        }
    }
    let first = jobs.into_iter().next().unwrap_or_default();
    Ok(FoundJob {
        id: first.id.clone(),
        namespace: first
            .job_summary
            .as_ref()
            .map(|s| s.namespace.clone())
            .unwrap_or_default(),
        stub: Some(first),
    })
}

/// Whether Nomad skips the evaluation monitor after submitting `job`: with `-detach`, and for
/// periodic, parameterized and multiregion jobs.
pub fn skips_monitor(job: &crate::api::jobs::Job, detach: bool) -> bool {
    detach || job.is_periodic() || job.is_parameterized() || job.is_multiregion()
}

/// What Nomad prints instead of monitoring: the success line, then the next periodic launch
/// or the evaluation ID.
pub fn detached_lines(
    job: &crate::api::jobs::Job,
    success: &str,
    eval_id: &str,
    now_ns: i64,
) -> Vec<String> {
    let mut out = vec![success.to_string()];
    let parameterized = job.is_parameterized();
    if job.is_periodic() && !parameterized {
        if let Some(next) = job.periodic.as_ref().and_then(|p| p.next_launch(now_ns)) {
            out.push(format!("Approximate next launch time: {next}"));
        }
    } else if !parameterized {
        out.push(format!("Evaluation ID: {eval_id}"));
    }
    out
}

/// `JobByPrefix`: the prefix lookup, then the job itself (`GET /v1/job/<id>`) in its namespace.
pub async fn job_by_prefix(
    client: &Client,
    prefix: &str,
    filter: Option<&dyn Fn(&JobListStub) -> bool>,
) -> Result<crate::api::jobs::Job, String> {
    let all = client.config().namespace.as_deref() == Some("*");
    let found = job_id_by_prefix(client, prefix, all, filter).await?;
    let mut q = QueryOptions::new();
    if !found.namespace.is_empty() {
        q = q.namespace(&found.namespace);
    }
    client
        .job::<crate::api::jobs::Job>(&found.id, &q)
        .await
        .map(|(j, _)| j)
        .map_err(|e| format!("Error querying job {}: {e}", quote(&found.id)))
}

/// Nomad's `Ui.Ask`: the question and a space on stdout, then one line from stdin
/// (without its line ending); `Err` carries Go's error text (`EOF`).
pub fn ask(ctx: &mut crate::ctx::Ctx, question: &str) -> Result<String, String> {
    ctx.ui.raw_out(&format!("{question} "));
    ctx.ui.flush();
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) => Err("EOF".into()),
        Ok(_) if !line.ends_with('\n') => Err("EOF".into()),
        Ok(_) => Ok(line.trim_end_matches(['\r', '\n']).to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// The prefix lookup most job commands start with: the job ID and the query options of its
/// namespace, or the error printed (exit 1).
pub async fn resolve_job(
    ctx: &mut crate::ctx::Ctx,
    client: &Client,
    arg: &str,
) -> Result<(String, QueryOptions), i32> {
    let all = client.config().namespace.as_deref() == Some("*");
    match job_id_by_prefix(client, arg.trim(), all, None).await {
        Ok(f) => {
            let mut q = QueryOptions::new();
            if !f.namespace.is_empty() {
                q = q.namespace(&f.namespace);
            }
            Ok((f.id, q))
        }
        Err(e) => {
            ctx.ui.error(&e);
            Err(1)
        }
    }
}

/// Sorts raw API objects by `CreateIndex`, newest first, in Go's `sort.Sort` order.
pub fn sort_by_create_index_desc(v: &mut [serde_json::Value]) {
    let key = |x: &serde_json::Value| x["CreateIndex"].as_u64().unwrap_or(0);
    crate::gocompat::sort::sort(v, |a, b| key(a) > key(b));
}
