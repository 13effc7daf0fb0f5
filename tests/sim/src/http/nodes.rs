//! `/v1/nodes`, `/v1/node/:id[/allocations]`, `/v1/node/pools`, and `/v1/client/stats`.

use super::{filter, mk, paginate, Answer, ApiError, Handler, PageKey, Req, Route};
use crate::acl::Need;
use crate::state::{State, Table};
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    match rest {
        ["nodes"] => mk(method, &["GET"], Query(list), Need::NodeRead, vec![]),
        // Filtered by what the token may see rather than refused (recorded: an empty list).
        ["node", "pools"] => mk(method, &["GET"], Query(pools), Need::None, vec![]),
        ["node", "pool", name] => mk(
            method,
            &["GET"],
            Query(pool),
            Need::NodeRead,
            vec![name.to_string()],
        ),
        ["node", id] => mk(
            method,
            &["GET"],
            Query(get),
            Need::NodeRead,
            vec![id.to_string()],
        ),
        ["node", id, "eligibility"] => mk(
            method,
            &["PUT", "POST"],
            Write(eligibility),
            Need::NodeWrite,
            vec![id.to_string()],
        ),
        ["node", id, "drain"] => mk(
            method,
            &["PUT", "POST"],
            Write(drain),
            Need::NodeWrite,
            vec![id.to_string()],
        ),
        ["node", id, "allocations"] => mk(
            method,
            &["GET"],
            Query(allocations),
            Need::NodeRead,
            vec![id.to_string()],
        ),
        ["client", "metadata"] => match method {
            "GET" => mk(method, &["GET"], Read(meta_read), Need::NodeRead, vec![]),
            _ => mk(
                method,
                &["POST", "PUT"],
                Write(meta_apply),
                Need::NodeWrite,
                vec![],
            ),
        },
        ["client", "stats"] => mk(method, &["GET"], Read(host_stats), Need::NodeRead, vec![]),
        _ => Ok(None),
    }
}

fn list(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let f = filter(req)?;
    let prefix = req.q("prefix").unwrap_or("");
    if let Some(e) = super::uuid_prefix_error("node", prefix) {
        return Err(e);
    }
    let (os, resources) = (req.flag("os"), req.flag("resources"));
    let mut items = Vec::new();
    for (id, n) in st.nodes.range(prefix.to_string()..) {
        if !id.starts_with(prefix) {
            break;
        }
        let mut stub = n.stub_json(os, resources);
        crate::drain::patch_node_json(st, id, &mut stub, false);
        if f.as_ref().is_some_and(|f| !f.matches(&stub)) {
            continue;
        }
        items.push((PageKey::Name(id.clone()), stub));
    }
    let (page, next) = paginate(req, items);
    let mut a = Answer::new(st.table_index(Table::Nodes), Value::Array(page));
    a.next_token = next;
    Ok(a)
}

fn find<'a>(st: &'a State, id: &str) -> Result<&'a crate::model::Node, ApiError> {
    st.nodes.get(id).ok_or_else(|| ApiError::not_found("node"))
}

fn get(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let n = find(st, req.param(0))?;
    let mut v = n.full_json();
    crate::drain::patch_node_json(st, &n.id, &mut v, true);
    if let Some(addr) = &st.client_http_addr {
        v["HTTPAddr"] = serde_json::json!(addr);
    }
    if st.client_tls {
        v["TLSEnabled"] = serde_json::json!(true);
    }
    Ok(Answer::new(n.modify_index, v))
}

fn allocations(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let body: Vec<Value> = st
        .node_alloc_ids(req.param(0))
        .iter()
        .filter_map(|id| st.allocs.get(id))
        .map(|a| {
            let job = st
                .job_version(&a.namespace, &a.job_id, a.job_version)
                .cloned()
                .unwrap_or(Value::Null);
            let mut v = a.full_json(job);
            crate::drain::patch_alloc_json(st, &mut v);
            v["SignedIdentities"] = a.signed_identities();
            v
        })
        .collect();
    Ok(Answer::new(
        st.table_index(Table::Allocs),
        Value::Array(body),
    ))
}

pub fn pool_json(p: &crate::state::NamedRec) -> Value {
    let mut v = json!({"Name": p.name, "Description": p.description, "Meta": null,
           "SchedulerConfiguration": null, "Hash": null, "CreateIndex": p.create_index,
           "ModifyIndex": p.modify_index});
    for (k, x) in &p.extra {
        v[k] = x.clone();
    }
    v
}

fn pools(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let prefix = req.q("prefix").unwrap_or("");
    if !req.may_read {
        return Ok(Answer::new(st.table_index(Table::NodePools), json!([])));
    }
    let items: Vec<(PageKey, Value)> = st
        .node_pools
        .values()
        .filter(|p| p.name.starts_with(prefix))
        .map(|p| (PageKey::Name(p.name.clone()), pool_json(p)))
        .collect();
    let (page, next) = paginate(req, items);
    let mut a = Answer::new(st.table_index(Table::NodePools), Value::Array(page));
    a.next_token = next;
    Ok(a)
}

fn pool(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let p = st
        .node_pools
        .get(req.param(0))
        .ok_or_else(|| ApiError::not_found("node pool"))?;
    Ok(Answer::new(p.modify_index, pool_json(p)))
}

/// `HostStats` of a client; `node_id` picks the node (default: the first, the "local" one).
fn host_stats(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let node = match req.q("node_id").filter(|s| !s.is_empty()) {
        Some(id) => st
            .nodes
            .get(id)
            .ok_or_else(|| ApiError::new(404, format!("Unknown node {id}")))?,
        None => st
            .nodes
            .values()
            .next()
            .ok_or_else(|| ApiError::not_found("node"))?,
    };
    let total = (node.memory_mb as u64) << 20;
    let used = total / 3;
    let cpus: Vec<Value> = (0..node.cores)
        .map(|i| {
            let per_core = node.cpu_shares as f64 / f64::from(node.cores.max(1));
            json!({"CPU": format!("cpu{i}"), "User": 3.5, "System": 1.5, "Idle": 95.0,
                        "TotalPercent": 5.0, "TotalTicks": per_core * 0.05})
        })
        .collect();
    let disk = |mount: &str| {
        let size = (node.disk_mb as u64) << 20;
        json!({"Device": "/dev/nvme0n1p1", "Mountpoint": mount, "Size": size,
               "Used": size / 4, "Available": size - size / 4, "UsedPercent": 25.0,
               "InodesUsedPercent": 3.2})
    };
    let now = st.now_ns();
    Ok(Answer::new(
        st.index(),
        json!({
            "Memory": {"Total": total, "Available": total - used, "Used": used,
                       "Free": total - used},
            "CPU": cpus,
            "DiskStats": [disk("/")],
            "AllocDirStats": disk("/opt/nomad/data/alloc"),
            "DeviceStats": null,
            "Uptime": 604_800,
            "Timestamp": now,
            "CPUTicksConsumed": node.cpu_shares as f64 * 0.05,
        }),
    ))
}

/// The reply of node writes: `NodeModifyIndex` (left 0 by the eligibility endpoint, as
/// Nomad's), the evaluations the write created, and the node's index.
fn node_write_reply(
    st: &State,
    id: &str,
    with_node_index: bool,
    (evals, eval_index): (Vec<String>, u64),
) -> Answer {
    let idx = st.nodes.get(id).map(|n| n.modify_index).unwrap_or(0);
    let evals = if evals.is_empty() {
        Value::Null
    } else {
        json!(evals)
    };
    Answer::new(
        st.index(),
        json!({"EvalIDs": evals, "EvalCreateIndex": eval_index,
               "NodeModifyIndex": if with_node_index { idx } else { 0 }, "Index": idx}),
    )
}

/// `PUT /v1/node/:id/eligibility`.
fn eligibility(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let id = req.param(0).to_string();
    let want = body["Eligibility"].as_str().unwrap_or_default().to_string();
    if want != "eligible" && want != "ineligible" {
        return Err(ApiError::new(
            500,
            format!("invalid scheduling eligibility {want:?}"),
        ));
    }
    let Some(mut node) = st.nodes.get(&id).cloned() else {
        return Err(ApiError::new(500, "node not found"));
    };
    if want == "eligible" && st.drains.active.contains_key(&id) {
        return Err(ApiError::new(
            500,
            "can not set node's scheduling eligibility to eligible while it is draining",
        ));
    }
    let mut evals = (Vec::new(), 0);
    if node.scheduling_eligibility != want {
        // An eligible node may take allocations again: system jobs among them.
        let now_eligible = want == "eligible";
        node.scheduling_eligibility = want;
        st.upsert_node(node);
        if now_eligible {
            evals = crate::sched::node_evals(st, &id);
        }
    }
    Ok(node_write_reply(st, &id, false, evals))
}

/// `PUT /v1/node/:id/drain`.
fn drain(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let id = req.param(0).to_string();
    let spec = match &body["DrainSpec"] {
        Value::Null => None,
        s => Some((
            s["Deadline"].as_i64().unwrap_or(0),
            s["IgnoreSystemJobs"].as_bool().unwrap_or(false),
        )),
    };
    let meta = body["Meta"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let mark = body["MarkEligible"].as_bool().unwrap_or(false);
    let was_ineligible = st
        .nodes
        .get(&id)
        .is_some_and(|n| n.scheduling_eligibility == "ineligible");
    crate::drain::update(st, &id, spec, mark, meta).map_err(|e| ApiError::new(500, e))?;
    // Ending a drain and marking the node eligible evaluates what may run there again.
    let evals = if was_ineligible && mark && spec.is_none() {
        crate::sched::node_evals(st, &id)
    } else {
        (Vec::new(), 0)
    };
    Ok(node_write_reply(st, &id, true, evals))
}

/// `GET /v1/client/metadata[?node_id=]`.
fn meta_read(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let want = req.q("node_id").unwrap_or("");
    // Nomad's server forwards to a client it does not know and fails with 500.
    let id = crate::clientbook::target_node(st, want)
        .ok_or_else(|| ApiError::new(500, format!("Unknown node {want}")))?;
    Ok(Answer::plain(crate::clientbook::meta_response(st, &id)))
}

/// `POST /v1/client/metadata` `{"NodeID","Meta"}`.
fn meta_apply(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let id = crate::clientbook::target_node(st, body["NodeID"].as_str().unwrap_or(""))
        .ok_or_else(|| ApiError::new(404, "Unknown node"))?;
    let Some(changes) = body["Meta"].as_object().filter(|m| !m.is_empty()) else {
        return Err(ApiError::new(400, "Missing metadata"));
    };
    for k in changes.keys() {
        if k.is_empty() {
            return Err(ApiError::new(400, "metadata keys must not be empty"));
        }
    }
    crate::clientbook::apply_meta(st, &id, changes);
    Ok(Answer::plain(crate::clientbook::meta_response(st, &id)))
}
