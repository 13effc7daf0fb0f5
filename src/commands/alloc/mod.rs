//! The `alloc` commands, and what they share: the allocation prefix lookup.

pub mod list;
pub mod status;

use crate::api::allocs::AllocationListStub;
use crate::api::{Client, Error, QueryOptions};

/// `Allocations().PrefixList`: the allocations whose ID starts with `prefix`, in the
/// configured namespace, sorted as the Go client sorts them (newest CreateIndex first).
pub async fn prefix_list(client: &Client, prefix: &str) -> Result<Vec<AllocationListStub>, Error> {
    let (v, _) = client
        .get::<Option<Vec<AllocationListStub>>>(
            "/v1/allocations",
            &QueryOptions::new().prefix(prefix),
        )
        .await?;
    let mut v = v.unwrap_or_default();
    crate::output::gosort::sort(&mut v, |a, b| a.create_index > b.create_index);
    Ok(v)
}

/// Sorts a JSON list of allocation stubs as the Go client does (for `-json`/`-t`).
pub fn sort_stub_values(body: serde_json::Value) -> serde_json::Value {
    match body {
        serde_json::Value::Array(mut v) => {
            let key = |n: &serde_json::Value| {
                n.get("CreateIndex")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0)
            };
            crate::output::gosort::sort(&mut v, |a, b| key(a) > key(b));
            serde_json::Value::Array(v)
        }
        other => other,
    }
}
