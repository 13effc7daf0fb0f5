//! `node status`'s requests: each node's running allocations for `-allocs`, and one node with
//! its allocations, host stats, allocation usage and CSI volumes.

use futures_util::future::OptionFuture;
use futures_util::stream::{self, StreamExt};
use serde::Deserialize;
use serde_json::Value;

use super::view::{csi_requests, running, NodeView};
use crate::api::allocs::AllocInfo;
use crate::api::nodes::{node_allocations_path, AllocResourceUsage, HostStats, Node, NodeListStub};
use crate::api::{Client, Error, QueryOptions};

/// How many per-node or per-allocation requests go out at once: enough to hide the round
/// trips, and well under the connections an agent accepts from one address
/// (`limits.http_max_conns_per_client`, 100 by default), which other clients share.
pub const FAN_OUT: usize = 32;

/// Of each allocation, what `-allocs` counts by (named as the full type, for serde's messages).
#[derive(Deserialize)]
#[serde(rename = "AllocInfo")]
struct StatusRow {
    #[serde(rename = "ClientStatus", default)]
    client_status: String,
}

/// `-allocs`: the number of running allocations of each node, `FAN_OUT` nodes at a time;
/// each node's list is counted as it arrives and not held.
pub async fn running_counts(client: &Client, nodes: &[NodeListStub]) -> Result<Vec<usize>, Error> {
    stream::iter(nodes.iter())
        .map(|n| running_count(client, &n.id))
        .buffered(FAN_OUT)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

async fn running_count(client: &Client, id: &str) -> Result<usize, Error> {
    let mut running = 0;
    let path = node_allocations_path(id);
    client
        .get_list_each::<StatusRow>(&path, &QueryOptions::new(), &mut |a| {
            running += usize::from(a.client_status == "running")
        })
        .await?;
    Ok(running)
}

async fn node_allocs(client: &Client, id: &str) -> Result<Vec<AllocInfo>, Error> {
    let (v, _) = client
        .get_list_streamed::<AllocInfo>(&node_allocations_path(id), &QueryOptions::new())
        .await?;
    let mut v = v.unwrap_or_default();
    crate::gocompat::sort::sort(&mut v, |a, b| a.create_index > b.create_index);
    Ok(v)
}

/// One node: the node, its allocations and (unless `short`) its host stats together, then the
/// usage of its running allocations and (with `verbose`) its CSI volumes. The error is
/// Nomad's line for the node or its allocations.
pub async fn node(
    client: &Client,
    id: &str,
    short: bool,
    verbose: bool,
) -> Result<NodeView, String> {
    let stats_q = QueryOptions::new().param("node_id", id);
    let no_query = QueryOptions::new();
    let (node, allocs, host) = tokio::join!(
        client.node::<Node>(id, &no_query),
        node_allocs(client, id),
        OptionFuture::from((!short).then(|| client.client_stats::<HostStats>(&stats_q))),
    );
    let node = node
        .map_err(|e| format!("Error querying node info: {e}"))?
        .0;
    let allocs = allocs.map_err(|e| format!("Error querying node allocations: {e}"))?;
    let host = host.map(|h| h.map(|(h, _)| h).map_err(|e| e.to_string()));
    let (usage, csi_volumes) = if short {
        (None, Vec::new())
    } else {
        let running = running(&allocs);
        let csi = !csi_requests(&running).is_empty() && verbose;
        tokio::join!(usage(client, &running), async {
            if csi {
                csi_volumes(client, id).await
            } else {
                Vec::new()
            }
        })
    };
    Ok(NodeView {
        node,
        allocs,
        host,
        usage,
        csi_volumes,
    })
}

/// The usage of each running allocation, `FAN_OUT` at a time (a node may run hundreds);
/// `None` unless every one answered.
async fn usage(client: &Client, running: &[&AllocInfo]) -> Option<Vec<AllocResourceUsage>> {
    let usage: Vec<_> = stream::iter(running.iter())
        .map(|al| async move {
            client
                .allocation_stats::<AllocResourceUsage>(&al.id, &QueryOptions::new())
                .await
        })
        .buffered(FAN_OUT)
        .collect()
        .await;
    usage.into_iter().map(|r| r.ok().map(|(u, _)| u)).collect()
}

/// The CSI volumes of every namespace on the node (none when they cannot be read).
async fn csi_volumes(client: &Client, id: &str) -> Vec<Value> {
    let q = QueryOptions::new()
        .namespace("*")
        .param("type", "csi")
        .param("node_id", id);
    client
        .volumes::<Option<Vec<Value>>>(&q)
        .await
        .map(|(v, _)| v.unwrap_or_default())
        .unwrap_or_default()
}
