//! The `node` commands.

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
