//! Port offers for a group's network, as Nomad's `NetworkIndex.AssignPorts` makes them:
//! static ports as asked, dynamic ones picked in the node's dynamic range clear of every
//! port already held on the node, each bound to the node's address.
//!
//! Nomad picks dynamic ports at random; the sim hashes the allocation ID and the label
//! instead of drawing from its RNG, so that giving allocations ports does not shift the IDs
//! a seeded cluster generates.

use crate::model::{AllocPort, MAX_DYNAMIC_PORT, MIN_DYNAMIC_PORT};
use crate::state::{is_terminal_client, State};
use crate::util::{hex_digest, omit_empty};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The network an allocation of `group` gets on `node_id`: the group's first network with
/// the port values and the node's IP filled in (`AllocatedPortsToNetworkResouce`), and the
/// port mappings (`AllocatedResources.Shared.Ports`). `None` for a group without a network.
pub fn offer(
    st: &State,
    node_id: &str,
    alloc_id: &str,
    group: &Value,
) -> (Option<Value>, Vec<AllocPort>) {
    let Some(ask) = group["Networks"].as_array().and_then(|n| n.first()) else {
        return (None, Vec::new());
    };
    let ip = st
        .nodes
        .get(node_id)
        .map(|n| n.address().to_string())
        .unwrap_or_default();
    let mut taken = used_ports(st, node_id);
    let mut offered = Vec::new();
    let reserved = ask["ReservedPorts"].as_array().cloned().unwrap_or_default();
    // Static ports are never handed out as dynamic ones, whoever holds them.
    taken.extend(reserved.iter().filter_map(|p| p["Value"].as_i64()));
    for p in &reserved {
        offered.push(AllocPort {
            label: label(p),
            value: p["Value"].as_i64().unwrap_or(0),
            to: p["To"].as_i64().unwrap_or(0),
            host_ip: ip.clone(),
            ignore_collision: p["IgnoreCollision"].as_bool().unwrap_or(false),
        });
    }
    let mut network = ask.clone();
    if let Some(dynamic) = network["DynamicPorts"].as_array_mut() {
        for p in dynamic {
            let value = pick(alloc_id, &label(p), &taken);
            taken.insert(value);
            // `to = -1` maps the port to the same number inside the namespace.
            let to = match p["To"].as_i64().unwrap_or(0) {
                -1 => value,
                t => t,
            };
            p["Value"] = json!(value);
            p["To"] = json!(to);
            offered.push(AllocPort {
                label: label(p),
                value,
                to,
                host_ip: ip.clone(),
                ignore_collision: false,
            });
        }
    }
    network["IP"] = json!(ip);
    // NetworkResource and Port are omitempty in Nomad's codec.
    for key in ["DynamicPorts", "ReservedPorts"] {
        if let Some(ps) = network[key].as_array_mut() {
            ps.iter_mut().for_each(omit_empty);
        }
    }
    omit_empty(&mut network);
    (Some(network), offered)
}

fn label(port: &Value) -> String {
    port["Label"].as_str().unwrap_or("").to_string()
}

/// Ports held on the node by allocations that still run or are about to.
fn used_ports(st: &State, node_id: &str) -> BTreeSet<i64> {
    st.node_alloc_ids(node_id)
        .iter()
        .filter_map(|id| st.allocs.get(id))
        .filter(|a| a.desired_status == "run" && !is_terminal_client(&a.client_status))
        .flat_map(|a| a.ports.iter().map(|p| p.value))
        .collect()
}

/// A port in `[MIN_DYNAMIC_PORT, MAX_DYNAMIC_PORT)` (the range Nomad draws from) that is
/// not taken: a stable start from the allocation and label, then the next free one.
fn pick(alloc_id: &str, label: &str, taken: &BTreeSet<i64>) -> i64 {
    let span = MAX_DYNAMIC_PORT - MIN_DYNAMIC_PORT;
    let digest = hex_digest(&format!("{alloc_id}/{label}"));
    let start = i64::from_str_radix(&digest[..8], 16).unwrap_or(0) % span;
    (0..span)
        .map(|i| MIN_DYNAMIC_PORT + (start + i) % span)
        .find(|p| !taken.contains(p))
        .unwrap_or(MIN_DYNAMIC_PORT + start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_stay_in_the_range_and_skip_taken_ports() {
        let first = pick("a1", "http", &BTreeSet::new());
        assert!((MIN_DYNAMIC_PORT..MAX_DYNAMIC_PORT).contains(&first));
        assert_eq!(first, pick("a1", "http", &BTreeSet::new()));
        let taken: BTreeSet<i64> = [first].into();
        let second = pick("a1", "http", &taken);
        assert_ne!(second, first);
        assert!((MIN_DYNAMIC_PORT..MAX_DYNAMIC_PORT).contains(&second));
    }
}
