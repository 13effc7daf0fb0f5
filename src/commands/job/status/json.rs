//! `job status -json`/`-t`: the `JobJson` documents of the listed or named jobs.

use futures_util::stream::{self, StreamExt};
use serde_json::Value;

use super::fetch::newest_first;
use crate::api::{Client, QueryOptions};
use crate::cli::job::JobStatusArgs;
use crate::commands::data::{print_if_asked, Errors, JsonList};
use crate::ctx::Ctx;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;

/// How many jobs' status documents `-json` fetches at once. Each takes four requests, so 32
/// are in flight: enough to hide the round trips, and well under the connections an agent
/// accepts from one address (`limits.http_max_conns_per_client`, 100 by default), which other
/// clients share.
pub const JOBS_IN_FLIGHT: usize = 8;

/// `-json`/`-t`: a `[]JobJson` for the given jobs. `-json` is written in the list's order as
/// the documents complete, holding only the window's; `-t` ranges over the whole list, so it
/// holds every document.
pub async fn print_json_jobs(
    ctx: &mut Ctx,
    a: &JobStatusArgs,
    client: &Client,
    pairs: &[(String, String)],
) -> i32 {
    let mut docs = stream::iter(pairs.iter())
        .map(|(id, ns)| job_json(client, id, ns, a.all_allocs))
        .buffered(JOBS_IN_FLIGHT);
    if let Ok(Some(DataFormat::Json)) = a.format.data_format() {
        let mut out = JsonList::new(&mut ctx.ui, GoType::JobJsons);
        while let Some(doc) = docs.next().await {
            match doc {
                Ok(v) => out.push(&v),
                Err(e) => {
                    out.abandon();
                    ctx.ui.error(&e);
                    return 1;
                }
            }
        }
        out.finish(false);
        return 0;
    }
    let mut arr = Vec::with_capacity(pairs.len());
    while let Some(doc) = docs.next().await {
        match doc {
            Ok(v) => arr.push(v),
            Err(e) => {
                ctx.ui.error(&e);
                return 1;
            }
        }
    }
    let arr = Value::Array(arr);
    print_if_asked(ctx, &a.format, GoType::JobJsons, &arr, Errors::AsIs).unwrap_or(0)
}

/// One `JobJson`: summary, allocations, latest deployment and evaluations, fetched together.
/// Errors are reported in the order Nomad makes the requests.
async fn job_json(client: &Client, id: &str, ns: &str, all_allocs: bool) -> Result<Value, String> {
    let q = QueryOptions::new().namespace(ns);
    let qa = q
        .clone()
        .param("all", if all_allocs { "true" } else { "false" });
    let (summary, allocs, deployment, evals) = tokio::join!(
        client.job_summary::<Value>(id, &q),
        client.job_allocations::<Value>(id, &qa),
        client.job_latest_deployment::<Value>(id, &q),
        client.job_evaluations::<Value>(id, &q),
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
