//! What client agents keep for themselves: dynamic node metadata and the server list.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::state::State;

#[derive(Clone, Debug, Default)]
pub struct ClientBook {
    /// Per node: the static metadata (from the agent's configuration), once dynamic metadata
    /// has been applied, and the dynamic keys (`None` = unset).
    pub static_meta: BTreeMap<String, BTreeMap<String, String>>,
    pub dynamic_meta: BTreeMap<String, BTreeMap<String, Option<String>>>,
    /// The servers the agent's client talks to, once set through the API.
    pub servers: Option<Vec<String>>,
    /// Server members forced to leave (`/v1/agent/force-leave`).
    pub left: std::collections::BTreeSet<String>,
    /// Makes `/v1/agent/health` fail: the part (`client`/`server`) and its message.
    pub health_failure: Option<(String, String)>,
    /// The agent's `enable_debug`: pprof endpoints answer only when it is set.
    pub enable_debug: bool,
    /// Scheduler worker configuration, once changed (`num_schedulers`, `enabled_schedulers`).
    pub schedulers: Option<(i64, Vec<String>)>,
}

/// The node a client endpoint answers for: `node_id`, else the agent's own (the first node).
pub fn target_node(st: &State, node_id: &str) -> Option<String> {
    if node_id.is_empty() {
        st.nodes.keys().next().cloned()
    } else {
        st.nodes.contains_key(node_id).then(|| node_id.to_string())
    }
}

/// `NodeMetaResponse` for a node.
pub fn meta_response(st: &State, id: &str) -> Value {
    let node = st.nodes.get(id);
    let stat = st
        .clients
        .static_meta
        .get(id)
        .cloned()
        .or_else(|| node.map(|n| n.meta.clone()))
        .unwrap_or_default();
    let dynamic = st.clients.dynamic_meta.get(id).cloned().unwrap_or_default();
    let merged = node.map(|n| n.meta.clone()).unwrap_or_default();
    let dyn_json: Map<String, Value> = dynamic
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.clone().map(Value::String).unwrap_or(Value::Null),
            )
        })
        .collect();
    json!({"Meta": merged, "Dynamic": dyn_json, "Static": stat})
}

/// Applies dynamic metadata to a node: set keys override static ones, null keys remove them.
pub fn apply_meta(st: &mut State, id: &str, changes: &Map<String, Value>) {
    let Some(mut node) = st.nodes.get(id).cloned() else {
        return;
    };
    let stat = st
        .clients
        .static_meta
        .entry(id.to_string())
        .or_insert_with(|| node.meta.clone())
        .clone();
    let dynamic = st.clients.dynamic_meta.entry(id.to_string()).or_default();
    for (k, v) in changes {
        dynamic.insert(k.clone(), v.as_str().map(str::to_string));
    }
    let mut merged = stat;
    for (k, v) in dynamic.iter() {
        match v {
            Some(v) => {
                merged.insert(k.clone(), v.clone());
            }
            None => {
                merged.remove(k);
            }
        }
    }
    node.meta = merged;
    st.upsert_node(node);
}
