//! The `node` commands.

pub mod config;
pub mod drain;
pub mod eligibility;
pub mod meta;
pub mod pool;
pub mod pool_apply;
pub mod pool_delete;
pub mod pool_init;
pub mod pool_jobs;
pub mod pool_nodes;
pub mod status;

use crate::api::nodes::NodeListStub;
use crate::output::{format_list, limit};

/// `formatNodeStubList`: the table shown when a prefix matches several nodes.
pub fn node_stub_table(nodes: &[NodeListStub], len: usize) -> String {
    let mut rows = vec!["ID|DC|Name|Class|Drain|Eligibility|Status".to_string()];
    for n in nodes {
        rows.push(format!(
            "{}|{}|{}|{}|{}|{}|{}",
            limit(&n.id, len),
            n.datacenter,
            n.name,
            n.node_class,
            n.drain,
            n.scheduling_eligibility,
            n.status
        ));
    }
    format_list(&rows)
}

/// Resolves `-self` or a node ID prefix to one full node ID the way drain and eligibility do,
/// printing Nomad's message and returning `Err(1)` when that fails. `what` prefixes list errors.
pub async fn resolve_node(
    ctx: &mut crate::ctx::Ctx,
    client: &crate::api::Client,
    self_: bool,
    arg: Option<&str>,
    what: &str,
) -> Result<String, i32> {
    use crate::api::sanitize_uuid_prefix;
    use crate::gocompat::strconv::quote;
    let node_id = if self_ {
        match local_node_id(client).await {
            Ok(id) => id,
            Err(e) => {
                ctx.ui.error(&e);
                return Err(1);
            }
        }
    } else {
        arg.unwrap_or_default().to_string()
    };
    if node_id.chars().count() == 1 {
        ctx.ui
            .error("Identifier must contain at least two characters.");
        return Err(1);
    }
    let prefix = sanitize_uuid_prefix(&node_id);
    let nodes = match client
        .nodes(&crate::api::QueryOptions::new().prefix(&prefix))
        .await
    {
        Ok((n, _)) => n,
        Err(e) => {
            ctx.ui.error(&format!("{what}: {e}"));
            return Err(1);
        }
    };
    match nodes.len() {
        0 => {
            ctx.ui.error(&format!(
                "No node(s) with prefix or id {} found",
                quote(&prefix)
            ));
            Err(1)
        }
        1 => Ok(nodes[0].id.clone()),
        _ => {
            ctx.ui.error(&format!(
                "Prefix matched multiple nodes\n\n{}",
                node_stub_table(&nodes, crate::output::FULL_ID)
            ));
            Err(1)
        }
    }
}

/// Nomad's `lookupNodeID` (node meta): a prefix to one full ID, or the error text.
pub async fn lookup_node_id(client: &crate::api::Client, id: &str) -> Result<String, String> {
    use crate::api::sanitize_uuid_prefix;
    use crate::gocompat::strconv::quote;
    if id.chars().count() == 1 {
        return Err("Node ID must contain at least two characters.".into());
    }
    let prefix = sanitize_uuid_prefix(id);
    let (nodes, _) = client
        .nodes(&crate::api::QueryOptions::new().prefix(&prefix))
        .await
        .map_err(|e| format!("Error querying node: {e}"))?;
    match nodes.len() {
        0 => Err(format!(
            "No node(s) with prefix or id {} found",
            quote(&prefix)
        )),
        1 => Ok(nodes[0].id.clone()),
        _ => Err(format!(
            "Prefix matched multiple nodes\n\n{}",
            node_stub_table(&nodes, crate::output::FULL_ID)
        )),
    }
}

/// The node ID of the agent at `-address` (`-self`), or Nomad's error text.
pub async fn local_node_id(client: &crate::api::Client) -> Result<String, String> {
    let (me, _) = client
        .agent_self::<crate::api::agent::AgentSelf>(&crate::api::QueryOptions::new())
        .await
        .map_err(|e| format!("Error querying agent info: failed querying self endpoint: {e}"))?;
    let stats = me.stats.unwrap_or_default();
    let client_stats = stats
        .get("client")
        .ok_or_else(|| "Nomad not running in client mode".to_string())?;
    client_stats
        .get("node_id")
        .cloned()
        .ok_or_else(|| "Failed to determine node ID".to_string())
}
