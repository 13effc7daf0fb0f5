//! `alloc status`'s requests after the allocation: its follow-up evaluation, service checks and
//! resource usage, which do not depend on each other.

use std::collections::BTreeMap;

use super::view::Details;
use crate::api::allocs::{AllocCheckStatus, AllocInfo, AllocStats};
use crate::api::evals::Evaluation;
use crate::api::{Client, Error, QueryOptions};

/// What the sections after the header need that only takes the allocation's ID.
pub struct ById {
    checks: Option<BTreeMap<String, AllocCheckStatus>>,
    stats: Result<AllocStats, String>,
}

/// The checks and the resource usage, asked for together.
pub async fn by_id(client: &Client, id: &str) -> ById {
    let no_query = QueryOptions::new();
    let (checks, stats) = tokio::join!(
        checks(client, id),
        client.allocation_stats::<AllocStats>(id, &no_query),
    );
    ById {
        checks,
        stats: stats.map(|(s, _)| s).map_err(|e| e.to_string()),
    }
}

/// What the sections after the header need, asked for together; `early` is what was already
/// asked for by ID alongside the allocation itself.
pub async fn details(client: &Client, alloc: &AllocInfo, early: Option<ById>) -> Details {
    let rest = async {
        match early {
            Some(b) => b,
            None => by_id(client, &alloc.id).await,
        }
    };
    let (followup, ById { checks, stats }) =
        tokio::join!(followup(client, &alloc.followup_eval_id), rest);
    Details {
        followup,
        checks,
        stats,
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
