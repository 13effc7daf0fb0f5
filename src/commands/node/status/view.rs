//! `node status`'s view: the node list, or one node with its allocations and usage.

use serde_json::Value;

use crate::api::allocs::AllocInfo;
use crate::api::nodes::{AllocResourceUsage, HostStats, Node, NodeListStub};

pub enum View {
    List(ListView),
    Node(Box<NodeView>),
}

pub struct ListView {
    pub nodes: Vec<NodeListStub>,
    /// `-allocs`: each node's count of running allocations.
    pub running: Option<Vec<usize>>,
    /// The next page's token, when the list was paginated.
    pub next_token: String,
}

pub struct NodeView {
    pub node: Node,
    /// The node's allocations, newest first.
    pub allocs: Vec<AllocInfo>,
    /// The client's host stats, or why they could not be read (`None` with `-short`).
    pub host: Option<Result<HostStats, String>>,
    /// The usage of every running allocation, when each one answered.
    pub usage: Option<Vec<AllocResourceUsage>>,
    /// `-verbose`: the CSI volumes on the node (`/v1/volumes`), for `csi_requests`.
    pub csi_volumes: Vec<Value>,
}

impl NodeView {
    /// The allocations running on the node.
    pub fn running(&self) -> Vec<&AllocInfo> {
        running(&self.allocs)
    }
}

pub fn running(allocs: &[AllocInfo]) -> Vec<&AllocInfo> {
    allocs
        .iter()
        .filter(|a| a.client_status == "running")
        .collect()
}

/// The CSI volumes running allocations use, as `(name, source)`, sorted.
pub fn csi_requests(running: &[&AllocInfo]) -> Vec<(String, String)> {
    let mut requests: Vec<(String, String)> = Vec::new();
    for al in running {
        let tg = al
            .job
            .as_ref()
            .and_then(|j| j.task_groups.as_ref())
            .and_then(|tgs| {
                tgs.iter()
                    .find(|t| t.name.as_deref() == Some(al.task_group.as_str()))
            });
        for v in tg
            .and_then(|t| t.volumes.as_ref())
            .into_iter()
            .flatten()
            .map(|(_, v)| v)
        {
            if v.volume_type == "csi" {
                requests.push((v.name.clone(), v.source.clone()));
            }
        }
    }
    requests.sort();
    requests
}
