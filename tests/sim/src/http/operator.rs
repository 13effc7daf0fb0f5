//! `/v1/operator/…` and `/v1/system/…`: the scheduler configuration, whose preemption
//! switches the plan endpoint (and its preemption of lower-priority allocations) follows,
//! and the system maintenance writes.

use super::agent::{server_id, SERVERS};
use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::State;
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    match rest {
        ["operator", "scheduler", "configuration"] => match method {
            "GET" => mk(method, &["GET"], Query(get_config), Need::Read, vec![]),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(set_config),
                Need::Management,
                vec![],
            ),
        },
        ["operator", "raft", "configuration"] => mk(
            method,
            &["GET"],
            Query(raft_configuration),
            Need::Management,
            vec![],
        ),
        ["operator", "raft", "peer"] => mk(
            method,
            &["DELETE"],
            Write(raft_remove_peer),
            Need::Management,
            vec![],
        ),
        ["operator", "raft", "transfer-leadership"] => mk(
            method,
            &["PUT", "POST"],
            Write(raft_transfer),
            Need::Management,
            vec![],
        ),
        ["operator", "autopilot", "configuration"] => match method {
            "GET" => mk(
                method,
                &["GET"],
                Query(autopilot_get),
                Need::Management,
                vec![],
            ),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(autopilot_set),
                Need::Management,
                vec![],
            ),
        },
        ["operator", "autopilot", "health"] => mk(
            method,
            &["GET"],
            Query(autopilot_health),
            Need::Management,
            vec![],
        ),
        ["operator", "snapshot"] => match method {
            "GET" => mk(
                method,
                &["GET"],
                Raw(snapshot_save),
                Need::Management,
                vec![],
            ),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(snapshot_restore),
                Need::Management,
                vec![],
            ),
        },
        ["system", "gc"] => mk(
            method,
            &["PUT", "POST"],
            Write(gc),
            Need::Management,
            vec![],
        ),
        ["system", "reconcile", "summaries"] => mk(
            method,
            &["PUT", "POST"],
            Write(reconcile_summaries),
            Need::Management,
            vec![],
        ),
        _ => Ok(None),
    }
}

/// `PUT /v1/system/gc`: a forced collection; the reply has no body.
fn gc(st: &mut State, _req: &Req) -> Result<Answer, ApiError> {
    st.force_gc();
    Ok(Answer::empty())
}

/// `PUT /v1/system/reconcile/summaries`: the sim computes summaries from the allocations on
/// every read, so there is nothing to repair; the reply has no body.
fn reconcile_summaries(st: &mut State, _req: &Req) -> Result<Answer, ApiError> {
    st.next_index();
    st.touch(crate::state::Table::JobSummary);
    Ok(Answer::empty())
}

fn get_config(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    let index = st.scheduler_config["ModifyIndex"].as_u64().unwrap_or(0);
    let mut body = json!({"SchedulerConfig": st.scheduler_config});
    body["Index"] = json!(index);
    body["LastContact"] = json!(0);
    body["KnownLeader"] = json!(true);
    body["NextToken"] = json!("");
    Ok(Answer::new(index, body))
}

fn set_config(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let algorithm = body["SchedulerAlgorithm"].as_str().unwrap_or("");
    if !algorithm.is_empty() && algorithm != "binpack" && algorithm != "spread" {
        return Err(ApiError::new(
            400,
            format!("invalid scheduler algorithm: {algorithm}"),
        ));
    }
    if let Some(cas) = req.q("cas") {
        let want: u64 = cas
            .parse()
            .map_err(|e| ApiError::new(400, format!("Error parsing cas value: {e}")))?;
        if want != st.scheduler_config["ModifyIndex"].as_u64().unwrap_or(0) {
            let index = st.index();
            return Ok(Answer::plain(json!({"Updated": false, "Index": index})));
        }
    }
    let idx = st.next_index();
    let b = |v: &Value| v.as_bool().unwrap_or(false);
    let p = &body["PreemptionConfig"];
    let create = st.scheduler_config["CreateIndex"].clone();
    st.scheduler_config = json!({
        "SchedulerAlgorithm": if algorithm.is_empty() { "binpack" } else { algorithm },
        "PreemptionConfig": {
            "SystemSchedulerEnabled": b(&p["SystemSchedulerEnabled"]),
            "SysBatchSchedulerEnabled": b(&p["SysBatchSchedulerEnabled"]),
            "BatchSchedulerEnabled": b(&p["BatchSchedulerEnabled"]),
            "ServiceSchedulerEnabled": b(&p["ServiceSchedulerEnabled"]),
        },
        "MemoryOversubscriptionEnabled": b(&body["MemoryOversubscriptionEnabled"]),
        "RejectJobRegistration": b(&body["RejectJobRegistration"]),
        "PauseEvalBroker": b(&body["PauseEvalBroker"]),
        "CreateIndex": create,
        "ModifyIndex": idx,
    });
    Ok(Answer::plain(json!({"Updated": true, "Index": idx})))
}

/// The configuration a new cluster starts with (Nomad's server defaults: preemption for
/// system jobs only).
pub fn default_config() -> Value {
    json!({
        "SchedulerAlgorithm": "binpack",
        "PreemptionConfig": {
            "SystemSchedulerEnabled": true,
            "SysBatchSchedulerEnabled": false,
            "BatchSchedulerEnabled": false,
            "ServiceSchedulerEnabled": false,
        },
        "MemoryOversubscriptionEnabled": false,
        "RejectJobRegistration": false,
        "PauseEvalBroker": false,
        "CreateIndex": 5,
        "ModifyIndex": 5,
    })
}

/// The Raft peers: the sim's servers that were not removed (RPC port 4647).
fn peers(st: &State) -> Vec<(usize, String, String)> {
    SERVERS
        .iter()
        .enumerate()
        .filter(|(i, _)| !st.raft_removed.contains(i))
        .map(|(i, (name, ip))| (i, format!("{name}.{}", st.region), format!("{ip}:4647")))
        .collect()
}

/// `GET /v1/operator/raft/configuration` (Nomad sends Index 0 and no query metadata).
fn raft_configuration(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    let servers: Vec<Value> = peers(st)
        .into_iter()
        .map(|(i, node, addr)| {
            json!({"Address": addr, "ID": server_id(i), "Leader": i == st.raft_leader,
                   "Node": node, "RaftProtocol": "3", "Voter": true})
        })
        .collect();
    Ok(Answer::plain(json!({"Index": 0, "Servers": servers})))
}

/// The peer a request names by `id` or `address`, with Nomad's error when none matches.
fn find_peer(st: &State, req: &Req) -> Result<usize, ApiError> {
    let (key, value) = match (req.q("id"), req.q("address")) {
        (Some(id), _) if !id.is_empty() => ("id", id),
        (_, Some(addr)) if !addr.is_empty() => ("address", addr),
        _ => return Err(ApiError::new(400, "Must specify either ?id with the server's ID or ?address with IP:port of peer to remove")),
    };
    peers(st)
        .into_iter()
        .find(|(i, _, addr)| {
            if key == "id" {
                server_id(*i) == value
            } else {
                addr == value
            }
        })
        .map(|(i, _, _)| i)
        .ok_or_else(|| {
            ApiError::new(
                500,
                format!("{key} \"{value}\" was not found in the Raft configuration"),
            )
        })
}

/// `DELETE /v1/operator/raft/peer?id=…`: the reply has no body.
fn raft_remove_peer(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let i = find_peer(st, req)?;
    st.raft_removed.insert(i);
    st.next_index();
    Ok(Answer::empty())
}

/// `PUT /v1/operator/raft/transfer-leadership?id=…|address=…`: an ID must be a UUID, and an
/// unknown peer is a 400 here; the reply has no body.
fn raft_transfer(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    if let Some(id) = req.q("id").filter(|s| !s.is_empty()) {
        if id.len() != 36 {
            return Err(ApiError::new(
                400,
                "id must be a uuid: uuid string is wrong length",
            ));
        }
    }
    let i = find_peer(st, req).map_err(|e| ApiError::new(400, e.message))?;
    st.raft_leader = i;
    st.next_index();
    Ok(Answer::empty())
}

fn autopilot_get(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    Ok(Answer::plain(st.autopilot_config.clone()))
}

/// `PUT /v1/operator/autopilot/configuration[?cas=…]`: `true` or `false`.
fn autopilot_set(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    if let Some(cas) = req.q("cas") {
        let want: u64 = cas
            .parse()
            .map_err(|e| ApiError::new(400, format!("Error parsing cas value: {e}")))?;
        if want != st.autopilot_config["ModifyIndex"].as_u64().unwrap_or(0) {
            return Ok(Answer::plain(json!(false)));
        }
    }
    let idx = st.next_index();
    let mut conf = default_autopilot_config();
    for (k, v) in conf.as_object_mut().into_iter().flatten() {
        if !matches!(k.as_str(), "CreateIndex" | "ModifyIndex") && !body[k].is_null() {
            *v = body[k].clone();
        }
    }
    conf["CreateIndex"] = st.autopilot_config["CreateIndex"].clone();
    conf["ModifyIndex"] = json!(idx);
    st.autopilot_config = conf;
    Ok(Answer::plain(json!(true)))
}

/// `GET /v1/operator/autopilot/health`: every peer alive and healthy.
fn autopilot_health(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    let peers = peers(st);
    let leader = server_id(st.raft_leader);
    let since = crate::util::rfc3339(st.now_ns() - 3_600_000_000_000);
    let servers: Vec<Value> = peers
        .iter()
        .map(|(i, node, addr)| {
            json!({"LastContact": if *i == st.raft_leader { "0s" } else { "12ms" },
                   "ID": server_id(*i), "Name": node, "Address": addr, "SerfStatus": "alive",
                   "Version": "1.10.5", "Leader": *i == st.raft_leader, "LastTerm": 2,
                   "LastIndex": st.index(), "Healthy": true, "Voter": true,
                   "StableSince": since})
        })
        .collect();
    let voters: Vec<String> = peers.iter().map(|(i, _, _)| server_id(*i)).collect();
    let tolerance = (peers.len().saturating_sub(1)) / 2;
    Ok(Answer::plain(
        json!({"FailureTolerance": tolerance, "Healthy": true, "Leader": leader,
                            "Servers": servers, "Voters": voters}),
    ))
}

/// Autopilot's configuration on a new cluster (Nomad's server defaults).
pub fn default_autopilot_config() -> Value {
    json!({
        "LastContactThreshold": "200ms",
        "ServerStabilizationTime": "10s",
        "CleanupDeadServers": true,
        "MaxTrailingLogs": 250,
        "MinQuorum": 0,
        "EnableRedundancyZones": false,
        "DisableUpgradeMigration": false,
        "EnableCustomUpgrades": false,
        "CreateIndex": 4,
        "ModifyIndex": 4,
    })
}

/// The content type of a snapshot (Nomad's are gzip archives of the Raft state).
pub const SNAPSHOT_TYPE: &str = "application/x-gzip";

/// `GET /v1/operator/snapshot`: the sim's restorable state (its Variables) as JSON behind
/// gzip's two magic bytes, so that a file that is not a snapshot fails as Nomad's restore does.
/// The HTTP front adds the `Digest` header.
fn snapshot_save(st: &State, _req: &Req) -> Result<(&'static str, Vec<u8>), ApiError> {
    let vars: Vec<Value> = st
        .variables
        .values()
        .map(|v| {
            json!({"Namespace": v.namespace, "Path": v.path, "Items": v.items,
                   "CreateIndex": v.create_index, "ModifyIndex": v.modify_index,
                   "CreateTime": v.create_time, "ModifyTime": v.modify_time})
        })
        .collect();
    let mut body = vec![0x1f, 0x8b];
    body.extend(
        serde_json::to_vec(&json!({"Index": st.index(), "Variables": vars})).unwrap_or_default(),
    );
    Ok((SNAPSHOT_TYPE, body))
}

/// `PUT /v1/operator/snapshot`: the Variables of the snapshot replace the sim's.
fn snapshot_restore(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let fail = |why: &str| ApiError::new(500, format!("failed to restore from snapshot: {why}"));
    let body = req
        .body
        .strip_prefix(&[0x1f, 0x8b][..])
        .ok_or_else(|| fail("failed to decompress snapshot: gzip: invalid header"))?;
    let snap: Value = serde_json::from_slice(body)
        .map_err(|_| fail("failed to decompress snapshot: unexpected EOF"))?;
    let mut vars = std::collections::BTreeMap::new();
    for v in snap["Variables"].as_array().into_iter().flatten() {
        let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
        let items = v["Items"]
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, x)| (k.clone(), x.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let var = crate::vars::Variable {
            namespace: text("Namespace"),
            path: text("Path"),
            items,
            create_index: v["CreateIndex"].as_u64().unwrap_or(0),
            modify_index: v["ModifyIndex"].as_u64().unwrap_or(0),
            create_time: v["CreateTime"].as_i64().unwrap_or(0),
            modify_time: v["ModifyTime"].as_i64().unwrap_or(0),
            lock: None,
        };
        vars.insert((var.namespace.clone(), var.path.clone()), var);
    }
    st.variables = vars;
    st.next_index();
    Ok(Answer::empty())
}
