//! `operator raft list-peers`, `remove-peer` and `transfer-leadership` (Nomad's
//! `command/operator_raft_list.go`, `_remove.go`, `_leadership_transfer.go`).

use serde::Deserialize;

use crate::api::QueryOptions;
use crate::cli::operator::{
    OperatorRaftListArgs, OperatorRaftRemoveArgs, OperatorRaftTransferArgs,
};
use crate::ctx::Ctx;
use crate::output::format_simple;

/// One server of `RaftConfiguration`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RaftServer {
    #[serde(rename = "ID")]
    pub id: String,
    pub node: String,
    pub address: String,
    pub leader: bool,
    pub voter: bool,
    pub raft_protocol: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct RaftConfiguration {
    servers: Option<Vec<RaftServer>>,
}

pub async fn list_peers(ctx: &mut Ctx, a: &OperatorRaftListArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let q = QueryOptions {
        stale: a.stale,
        ..Default::default()
    };
    match client.raft_configuration::<RaftConfiguration>(&q).await {
        Ok((c, _)) => {
            ctx.ui.output(&render_peers(c.servers.unwrap_or_default()));
            0
        }
        Err(e) => {
            ctx.ui
                .error(&format!("Failed to retrieve raft configuration: {e}"));
            1
        }
    }
}

/// The peer table, sorted by node name.
pub fn render_peers(mut servers: Vec<RaftServer>) -> String {
    servers.sort_by(|a, b| a.node.cmp(&b.node));
    let mut rows = vec!["Node|ID|Address|State|Voter|RaftProtocol".to_string()];
    for s in &servers {
        let state = if s.leader { "leader" } else { "follower" };
        rows.push(format!(
            "{}|{}|{}|{state}|{}|{}",
            s.node, s.id, s.address, s.voter, s.raft_protocol
        ));
    }
    format_simple(&rows)
}

pub async fn remove_peer(ctx: &mut Ctx, a: &OperatorRaftRemoveArgs) -> i32 {
    if a.peer_id.is_empty() {
        ctx.ui.error("Missing peer id required");
        return 1;
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    match client.raft_remove_peer_by_id(&a.peer_id).await {
        Ok(()) => {
            let q = crate::gocompat::strconv::quote(&a.peer_id);
            ctx.ui.output(&format!("Removed peer with id {q}"));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error removing peer: {e}"));
            1
        }
    }
}

pub async fn transfer_leadership(ctx: &mut Ctx, a: &OperatorRaftTransferArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    // Nomad checks the flags only after making the client, as here.
    let target = match (a.peer_address.as_str(), a.peer_id.as_str()) {
        ("", "") => Err("an address or id is required for the destination peer".to_string()),
        (addr, id) if !addr.is_empty() && !id.is_empty() => {
            Err("cannot give both an address and id".to_string())
        }
        ("", id) => Ok(("id", id)),
        (addr, _) => Ok(("address", addr)),
    };
    let (what, v) = match target {
        Ok(t) => t,
        Err(e) => {
            ctx.ui
                .error(&format!("Error transferring leadership to peer: {e}"));
            return 1;
        }
    };
    if let Err(e) = client.raft_transfer_leadership(what, v).await {
        ctx.ui
            .error(&format!("Error transferring leadership to peer: {e}"));
        return 1;
    }
    let q = crate::gocompat::strconv::quote(v);
    ctx.ui
        .output(&format!("Transferred leadership to peer with {what} {q}"));
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peers_render_as_nomad() {
        let body =
            include_str!("../../../tests/fixtures/nomad-1.10.5/api/ops/raft-configuration.json");
        let c: RaftConfiguration = serde_json::from_str(body).unwrap();
        assert_eq!(
            render_peers(c.servers.unwrap()),
            "Node       ID                                    Address         State   Voter  RaftProtocol\n\
             vm.global  3c8aed00-e15a-9ca6-9d6b-8276da7ece5c  127.0.0.1:5751  leader  true   3"
        );
    }
}
