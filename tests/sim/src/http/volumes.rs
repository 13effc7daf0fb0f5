//! Dynamic host volumes, CSI volumes and plugins, and task group volume claims — shaped on
//! the recordings in INDEX.md's "Volumes and plugins" section. The sim's clients run the
//! `mkdir` host volume plugin and no CSI plugin; CSI volumes and plugins exist only when a
//! test puts them in the state (their shapes follow Nomad's api structs, see
//! tests/fixtures/README.md).

use super::{mk, ns_match, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::State;
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    let p = |s: &str| vec![s.to_string()];
    match rest {
        ["volumes"] => mk(method, &["GET"], Query(list), Need::Read, vec![]),
        ["volumes", "claims"] => mk(method, &["GET"], Query(claims), Need::Read, vec![]),
        ["volumes", "claim", id] => {
            mk(method, &["DELETE"], Write(claim_delete), Need::Write, p(id))
        }
        ["volumes", "external"] => mk(method, &["GET"], Query(external), Need::Read, vec![]),
        ["volumes", "snapshot"] => match method {
            "GET" => mk(method, &["GET"], Query(snapshot_list), Need::Read, vec![]),
            _ => mk(
                method,
                &["PUT", "POST", "DELETE"],
                Write(snapshot_write),
                Need::Write,
                vec![],
            ),
        },
        ["volume", "host", "create"] => mk(
            method,
            &["PUT", "POST"],
            Write(host_create),
            Need::Write,
            vec![],
        ),
        ["volume", "host", "register"] => mk(
            method,
            &["PUT", "POST"],
            Write(host_register),
            Need::Write,
            vec![],
        ),
        ["volume", "host", id] => match method {
            "DELETE" => mk(method, &["DELETE"], Write(host_delete), Need::Write, p(id)),
            _ => mk(method, &["GET"], Query(host_get), Need::Read, p(id)),
        },
        ["volume", "csi", id] => match method {
            "GET" => mk(method, &["GET"], Query(csi_get), Need::Read, p(id)),
            "DELETE" => mk(
                method,
                &["DELETE"],
                Write(csi_deregister),
                Need::Write,
                p(id),
            ),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(csi_register),
                Need::Write,
                p(id),
            ),
        },
        ["volume", "csi", id, "create"] => mk(
            method,
            &["PUT", "POST"],
            Write(csi_register),
            Need::Write,
            p(id),
        ),
        ["volume", "csi", id, "delete"] => {
            mk(method, &["DELETE"], Write(csi_delete), Need::Write, p(id))
        }
        ["volume", "csi", id, "detach"] => {
            mk(method, &["DELETE"], Write(csi_detach), Need::Write, p(id))
        }
        ["plugins"] => mk(method, &["GET"], Query(plugins), Need::Read, vec![]),
        ["plugin", "csi", id] => mk(method, &["GET"], Query(plugin_get), Need::Read, p(id)),
        _ => Ok(None),
    }
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_default()
}

/// A host volume's list stub: the fields of Nomad's `HostVolumeStub`.
fn host_stub(v: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for k in [
        "CapacityBytes",
        "CreateIndex",
        "CreateTime",
        "ID",
        "ModifyIndex",
        "ModifyTime",
        "Name",
        "Namespace",
        "NodeID",
        "NodePool",
        "PluginID",
        "State",
    ] {
        out.insert(k.into(), v[k].clone());
    }
    Value::Object(out)
}

/// A CSI volume's list stub: the fields of Nomad's `CSIVolumeListStub`.
fn csi_stub(v: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for k in [
        "ID",
        "Namespace",
        "Name",
        "ExternalID",
        "Topologies",
        "AccessMode",
        "AttachmentMode",
        "CurrentReaders",
        "CurrentWriters",
        "Schedulable",
        "PluginID",
        "Provider",
        "ControllerRequired",
        "ControllersHealthy",
        "ControllersExpected",
        "NodesHealthy",
        "NodesExpected",
        "ResourceExhausted",
        "CreateIndex",
        "ModifyIndex",
    ] {
        out.insert(k.into(), v[k].clone());
    }
    Value::Object(out)
}

/// A CSI plugin's list stub: the fields of Nomad's `CSIPluginListStub`.
fn plugin_stub(v: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for k in [
        "ID",
        "Provider",
        "ControllerRequired",
        "ControllersHealthy",
        "ControllersExpected",
        "NodesHealthy",
        "NodesExpected",
        "CreateIndex",
        "ModifyIndex",
    ] {
        out.insert(k.into(), v[k].clone());
    }
    Value::Object(out)
}

/// `GET /v1/volumes?type=host|csi`; no type is an empty list, any other type Nomad's 404.
fn list(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let prefix = req.q("prefix").unwrap_or("");
    let body: Vec<Value> = match req.q("type").unwrap_or("") {
        // Nomad answers an untyped list with an empty one, without query metadata.
        "" => {
            return Ok(Answer {
                index: None,
                ..Answer::new(0, json!([]))
            })
        }
        "host" => {
            let (node, pool) = (
                req.q("node_id").unwrap_or(""),
                req.q("node_pool").unwrap_or(""),
            );
            // Nomad's host volume list matches the prefix against the name as well as the ID.
            st.host_volumes
                .values()
                .filter(|v| ns_match(req, s(v, "Namespace")))
                .filter(|v| s(v, "ID").starts_with(prefix) || s(v, "Name").starts_with(prefix))
                .filter(|v| node.is_empty() || s(v, "NodeID") == node)
                .filter(|v| pool.is_empty() || s(v, "NodePool") == pool)
                .map(host_stub)
                .collect()
        }
        "csi" => st
            .csi_volumes
            .values()
            .filter(|v| ns_match(req, s(v, "Namespace")) && s(v, "ID").starts_with(prefix))
            .map(csi_stub)
            .collect(),
        _ => {
            return Err(ApiError {
                bare: true,
                ..ApiError::new(404, "resource not found")
            })
        }
    };
    Ok(Answer::new(st.index(), Value::Array(body)))
}

fn host_get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let v = st
        .host_volumes
        .get(req.param(0))
        .filter(|v| ns_match(req, s(v, "Namespace")))
        .ok_or_else(|| ApiError::not_found("volume"))?;
    Ok(Answer::new(st.index(), v.clone()))
}

/// The volume of a create or register request, with Nomad's defaults filled in.
fn volume_of(req: &Req) -> Result<Value, ApiError> {
    let body = req.json()?;
    let mut v = body["Volume"].clone();
    if !v.is_object() {
        return Err(ApiError::new(400, "missing volume definition"));
    }
    if s(&v, "Namespace").is_empty() {
        v["Namespace"] = json!(req.namespace());
    }
    if v["RequestedCapabilities"]
        .as_array()
        .is_none_or(|a| a.is_empty())
    {
        v["RequestedCapabilities"] =
            json!([{"AccessMode": "single-node-writer", "AttachmentMode": "file-system"}]);
    }
    Ok(v)
}

/// Stores `v` (ready) and answers with it as the write saw it (pending, indexes zero).
fn store_host(st: &mut State, mut v: Value, host_path: String) -> Answer {
    let now = st.now_ns();
    let idx = st.next_index();
    if s(&v, "ID").is_empty() {
        v["ID"] = json!(st.rng.uuid());
    }
    v["HostPath"] = json!(host_path);
    for k in [
        "CapacityBytes",
        "RequestedCapacityMaxBytes",
        "RequestedCapacityMinBytes",
    ] {
        v[k] = json!(v[k].as_i64().unwrap_or(0));
    }
    for k in ["Name", "PluginID", "NodePool", "NodeID"] {
        v[k] = json!(s(&v, k));
    }
    if let Some(m) = v.as_object_mut() {
        // Empty maps and lists are left out, as Nomad's `omitempty` fields are.
        for k in ["Parameters", "Constraints", "Allocations"] {
            let empty = match m.get(k) {
                Some(Value::Object(o)) => o.is_empty(),
                Some(Value::Array(a)) => a.is_empty(),
                Some(Value::Null) => true,
                _ => false,
            };
            if empty || k == "Allocations" {
                m.remove(k);
            }
        }
    }
    v["CreateTime"] = json!(now);
    v["ModifyTime"] = json!(now);
    v["CreateIndex"] = json!(0);
    v["ModifyIndex"] = json!(0);
    v["State"] = json!("pending");
    let answer = v.clone();
    let mut stored = v;
    stored["CreateIndex"] = json!(idx);
    stored["ModifyIndex"] = json!(idx);
    stored["State"] = json!("ready");
    if s(&stored, "NodePool").is_empty() {
        let pool = st
            .nodes
            .get(s(&stored, "NodeID"))
            .map(|n| n.node_pool.clone())
            .unwrap_or_else(|| "default".into());
        stored["NodePool"] = json!(pool);
    }
    st.host_volumes.insert(s(&stored, "ID").to_string(), stored);
    Answer::new(idx, json!({"Index": idx, "Volume": answer, "Warnings": ""}))
}

/// `PUT /v1/volume/host/create`: the `mkdir` plugin places the volume on the first ready
/// node (of the requested pool, or the given node).
fn host_create(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let mut v = volume_of(req)?;
    let name = s(&v, "Name").to_string();
    let want_node = s(&v, "NodeID").to_string();
    let want_pool = s(&v, "NodePool").to_string();
    let candidates: Vec<&crate::model::Node> = st
        .nodes
        .values()
        .filter(|n| n.status == "ready")
        .filter(|n| want_node.is_empty() || n.id == want_node)
        .filter(|n| want_pool.is_empty() || n.node_pool == want_pool)
        .collect();
    let node = candidates.first().filter(|_| s(&v, "PluginID") == "mkdir");
    let Some(node) = node else {
        return Err(ApiError::new(
            500,
            format!(
                "could not place volume {name:?}: no node meets constraints: 0 nodes had \
existing volume, 0 nodes filtered by node pool governance, {} nodes were infeasible",
                candidates.len()
            ),
        ));
    };
    v["NodeID"] = json!(node.id);
    v["NodePool"] = json!(node.node_pool);
    let id = match s(&v, "ID") {
        "" => st.rng.uuid(),
        id => id.to_string(),
    };
    v["ID"] = json!(id);
    let path = format!("/opt/nomad/data/host_volumes/{id}");
    Ok(store_host(st, v, path))
}

/// `PUT /v1/volume/host/register`: a volume already on a node's path.
fn host_register(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let v = volume_of(req)?;
    if s(&v, "NodeID").is_empty() {
        return Err(ApiError::new(
            500,
            "cannot register volume: node ID is required",
        ));
    }
    let path = s(&v, "HostPath").to_string();
    Ok(store_host(st, v, path))
}

fn host_delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let id = req.param(0);
    if st.host_volumes.remove(id).is_none() {
        return Err(ApiError::new(500, format!("no such volume: {id}")));
    }
    let idx = st.next_index();
    Ok(Answer::new(idx, json!({"Index": idx})))
}

fn csi_get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let v = st
        .csi_volumes
        .get(req.param(0))
        .filter(|v| ns_match(req, s(v, "Namespace")))
        .ok_or_else(|| ApiError::not_found("volume"))?;
    Ok(Answer::new(st.index(), v.clone()))
}

/// Register and create need the volume's plugin, which the sim's clients never run unless
/// a test added it.
fn csi_register(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let vols = body["Volumes"].as_array().cloned().unwrap_or_default();
    for v in &vols {
        let plugin = s(v, "PluginID");
        if !st.csi_plugins.contains_key(plugin) {
            return Err(ApiError::new(
                500,
                format!("no CSI plugin named: {plugin} could be found"),
            ));
        }
    }
    let idx = st.next_index();
    let mut answered = Vec::new();
    for mut v in vols {
        if s(&v, "Namespace").is_empty() {
            v["Namespace"] = json!(req.namespace());
        }
        v["CreateIndex"] = json!(idx);
        v["ModifyIndex"] = json!(idx);
        answered.push(v.clone());
        st.csi_volumes.insert(s(&v, "ID").to_string(), v);
    }
    // Nomad answers with the volumes it stored (`reply.Volumes`, nomad/csi_endpoint.go); no
    // recording has one, as a dev agent runs no CSI plugin.
    Ok(Answer::new(
        idx,
        json!({"Volumes": answered, "Warnings": ""}),
    ))
}

fn csi_deregister(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let id = req.param(0);
    if st.csi_volumes.remove(id).is_none() {
        return Err(ApiError::new(500, format!("volume not found: {id}")));
    }
    let idx = st.next_index();
    Ok(Answer {
        no_body: true,
        ..Answer::new(idx, Value::Null)
    })
}

fn csi_delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    csi_deregister(st, req)
}

fn csi_detach(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    if !st.csi_volumes.contains_key(req.param(0)) {
        return Err(ApiError::new(500, "no such volume"));
    }
    let idx = st.next_index();
    Ok(Answer {
        no_body: true,
        ..Answer::new(idx, Value::Null)
    })
}

fn external(st: &State, req: &Req) -> Result<Answer, ApiError> {
    if !st
        .csi_plugins
        .contains_key(req.q("plugin_id").unwrap_or(""))
    {
        return Err(ApiError::new(500, "no such plugin"));
    }
    Ok(Answer::new(
        st.index(),
        json!({"Volumes": [], "NextToken": ""}),
    ))
}

/// One page of a plugin's snapshots: `per_page` of them from the position `next_token`
/// names (the provider's own token is opaque; the sim's is a decimal offset).
fn snapshot_list(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let mut a = external(st, req)?;
    let all = st
        .csi_snapshots
        .get(req.q("plugin_id").unwrap_or(""))
        .cloned()
        .unwrap_or_default();
    let start: usize = req
        .q("next_token")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let per_page = req
        .q("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|p| *p > 0)
        .unwrap_or(usize::MAX);
    let page: Vec<Value> = all.iter().skip(start).take(per_page).cloned().collect();
    let end = start.saturating_add(page.len());
    let next = if end < all.len() {
        end.to_string()
    } else {
        String::new()
    };
    a.body = json!({"Snapshots": page, "NextToken": next});
    Ok(a)
}

/// `PUT` (create: the volume's plugin snapshots it) or `DELETE` (with `plugin_id`).
fn snapshot_write(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    if let Some(plugin) = req.q("plugin_id") {
        if !st.csi_plugins.contains_key(plugin) {
            return Err(ApiError::new(
                500,
                "1 error occurred:\n\t* no such plugin\n\n",
            ));
        }
        let id = req.q("snapshot_id").unwrap_or("").to_string();
        if let Some(list) = st.csi_snapshots.get_mut(plugin) {
            list.retain(|s| s["ID"] != id.as_str());
        }
        let idx = st.next_index();
        return Ok(Answer {
            no_body: true,
            ..Answer::new(idx, Value::Null)
        });
    }
    let body = req.json()?;
    let snap = &body["Snapshots"][0];
    let vol = snap["SourceVolumeID"].as_str().unwrap_or("");
    let Some(volume) = st.csi_volumes.get(vol) else {
        return Err(ApiError::new(
            500,
            format!("1 error occurred:\n\t* no such volume {vol:?}\n\n"),
        ));
    };
    let plugin = s(volume, "PluginID").to_string();
    if !st.csi_plugins.contains_key(&plugin) {
        return Err(ApiError::new(500, "CSI plugins are not simulated"));
    }
    let created = json!({
        "ID": snap["Name"], "ExternalSourceVolumeID": volume["ExternalID"],
        "SizeBytes": volume["Capacity"].as_i64().unwrap_or(0),
        "CreateTime": st.now_ns() / 1_000_000_000, "IsReady": true,
        "SourceVolumeID": vol, "PluginID": plugin,
        "Name": "", "Secrets": null, "Parameters": null,
    });
    st.csi_snapshots
        .entry(plugin)
        .or_default()
        .push(created.clone());
    let idx = st.next_index();
    Ok(Answer::new(
        idx,
        json!({"Snapshots": [created], "Index": idx,
        "LastContact": 0, "KnownLeader": false, "NextToken": ""}),
    ))
}

fn plugins(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let prefix = req.q("prefix").unwrap_or("");
    let body: Vec<Value> = st
        .csi_plugins
        .values()
        .filter(|p| s(p, "ID").starts_with(prefix))
        .map(plugin_stub)
        .collect();
    Ok(Answer::new(st.index(), Value::Array(body)))
}

fn plugin_get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let p = st
        .csi_plugins
        .get(req.param(0))
        .ok_or_else(|| ApiError::not_found("plugin"))?;
    Ok(Answer::new(st.index(), p.clone()))
}

/// The sim's jobs claim no sticky volumes: the list is empty, as recorded.
fn claims(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    Ok(Answer::new(st.index(), json!([])))
}

fn claim_delete(_st: &mut State, _req: &Req) -> Result<Answer, ApiError> {
    Err(ApiError::new(500, "Task group volume claim does not exist"))
}
