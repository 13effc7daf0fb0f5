//! `job status -json`/`-t`: the `JobJson` documents of the listed or named jobs.

use futures_util::stream::{self, StreamExt};
use serde_json::Value;

use super::fetch::newest_first;
use crate::api::{Client, QueryOptions};
use crate::cli::job::JobStatusArgs;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;

/// How many jobs' status documents `-json` fetches at once (four requests each).
const JSON_CONCURRENCY: usize = 16;

/// `-json`/`-t`: a `[]JobJson` for the given jobs.
pub async fn print_json_jobs(
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
