//! `alloc status`'s requests after the allocation: its follow-up evaluation, service checks and
//! resource usage, which do not depend on each other.

use std::collections::BTreeMap;

use super::view::Details;
use crate::api::allocs::{AllocCheckStatus, AllocInfo, AllocStats};
use crate::api::evals::Evaluation;
use crate::api::{Client, Error, QueryOptions};

/// What the sections after the header need, asked for together.
pub async fn details(client: &Client, alloc: &AllocInfo) -> Details {
    let no_query = QueryOptions::new();
    let (followup, checks, stats) = tokio::join!(
        followup(client, &alloc.followup_eval_id),
        checks(client, &alloc.id),
        client.allocation_stats::<AllocStats>(&alloc.id, &no_query),
    );
    Details {
        followup,
        checks,
        stats: stats.map(|(s, _)| s).map_err(|e| e.to_string()),
    }
}

/// The follow-up evaluation, when there is one and it can be read (Nomad leaves the line out
/// otherwise).
async fn followup(client: &Client, eval_id: &str) -> Option<Evaluation> {
    if eval_id.is_empty() {
        return None;
    }
    let r = client
        .evaluation::<Evaluation>(eval_id, &QueryOptions::new())
        .await;
    r.ok().map(|(e, _)| e)
}

/// The allocation's Nomad service checks (none when they cannot be read, as Nomad shows none).
async fn checks(client: &Client, id: &str) -> Option<BTreeMap<String, AllocCheckStatus>> {
    let r: Result<(Option<BTreeMap<String, AllocCheckStatus>>, _), Error> =
        client.allocation_checks(id, &QueryOptions::new()).await;
    r.ok().and_then(|(v, _)| v)
}
