//! Namespace and node pool writes, a pool's jobs and nodes, Nomad-native service
//! registrations and scaling policies — shaped on the recordings in INDEX.md's "namespaces,
//! node pools, services and scaling policies" section.

use super::{filter, mk, ns_match, paginate, Answer, ApiError, Handler, PageKey, Req, Route};
use crate::acl::Need;
use crate::job;
use crate::state::{State, Table};
use serde_json::{json, Map, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    let p = |s: &str| vec![s.to_string()];
    match rest {
        ["namespace"] => mk(
            method,
            &["PUT", "POST"],
            Write(ns_put),
            Need::Management,
            vec![],
        ),
        ["namespace", name] if method == "DELETE" => mk(
            method,
            &["DELETE"],
            Write(ns_delete),
            Need::Management,
            p(name),
        ),
        ["node", "pools"] if method != "GET" => mk(
            method,
            &["PUT", "POST"],
            Write(pool_put),
            Need::NodeWrite,
            vec![],
        ),
        ["node", "pool", name] if method == "DELETE" => mk(
            method,
            &["DELETE"],
            Write(pool_delete),
            Need::NodeWrite,
            p(name),
        ),
        ["node", "pool", name, "jobs"] => {
            mk(method, &["GET"], Query(pool_jobs), Need::Read, p(name))
        }
        ["node", "pool", name, "nodes"] => {
            mk(method, &["GET"], Query(pool_nodes), Need::NodeRead, p(name))
        }
        ["services"] => mk(method, &["GET"], Query(services), Need::Read, vec![]),
        ["service", name] => mk(method, &["GET"], Query(service), Need::Read, p(name)),
        ["service", name, id] => mk(
            method,
            &["DELETE"],
            Write(service_delete),
            Need::Write,
            vec![name.to_string(), id.to_string()],
        ),
        ["scaling", "policies"] => mk(method, &["GET"], Query(policies), Need::Read, vec![]),
        ["scaling", "policy", id] => mk(method, &["GET"], Query(policy), Need::Read, p(id)),
        _ => Ok(None),
    }
}

/// go-multierror's text for one or more errors.
fn multierror(errs: &[String]) -> String {
    let n = errs.len();
    let head = if n == 1 {
        "1 error occurred:".to_string()
    } else {
        format!("{n} errors occurred:")
    };
    let items: String = errs.iter().map(|e| format!("\n\t* {e}")).collect();
    format!("{head}{items}\n\n")
}

fn valid_name(name: &str, extra: &str) -> bool {
    (1..=128).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || extra.contains(c))
}

/// A stand-in for the content hash Nomad stores with written objects.
fn hash_of(v: &Value) -> Value {
    let d = crate::util::hex_digest(&v.to_string());
    json!(crate::util::base64(d.as_bytes())
        .chars()
        .take(44)
        .collect::<String>())
}

/// The fields of `body` other than name, description and indexes (null ones dropped).
fn extras(body: &Value, keys: &[&str]) -> Map<String, Value> {
    keys.iter()
        .filter_map(|k| {
            body.get(*k)
                .filter(|v| !v.is_null())
                .map(|v| (k.to_string(), v.clone()))
        })
        .collect()
}

fn ns_put(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let name = job::s(&body, "Name").to_string();
    if !valid_name(&name, "") {
        let e = format!("invalid name {name:?}. Must match regex ^[a-zA-Z0-9-]{{1,128}}$");
        return Err(ApiError::new(
            500,
            format!("Invalid namespace {name:?}: {}", multierror(&[e])),
        ));
    }
    let quota = job::s(&body, "Quota");
    if !quota.is_empty() {
        return Err(ApiError::new(
            500,
            format!("namespace {name:?} using non-existent quota {quota:?}"),
        ));
    }
    let mut extra = extras(
        &body,
        &[
            "Capabilities",
            "Meta",
            "NodePoolConfiguration",
            "VaultConfiguration",
            "ConsulConfiguration",
        ],
    );
    extra.insert("Hash".into(), hash_of(&body));
    st.put_namespace(&name, job::s(&body, "Description"), extra);
    Ok(Answer {
        no_body: true,
        ..Answer::new(st.index(), Value::Null)
    })
}

fn ns_delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let name = req.param(0);
    if name == "default" {
        return Err(ApiError::new(500, "can not delete default namespace"));
    }
    if !st.namespaces.contains_key(name) {
        return Err(ApiError::new(500, "namespace not found"));
    }
    let mut errs = Vec::new();
    let region = st.region.clone();
    if st
        .jobs
        .iter()
        .any(|((ns, _), r)| ns == name && job::s(&r.job, "Status") != "dead")
    {
        errs.push(format!(
            "namespace {name:?} has non-terminal jobs in regions: [{region}]"
        ));
    }
    if st.allocs.values().any(|a| {
        a.namespace == name && !matches!(a.client_status.as_str(), "complete" | "failed" | "lost")
    }) {
        errs.push(format!(
            "namespace {name:?} has non-terminal allocations in regions: [{region}]"
        ));
    }
    if !errs.is_empty() {
        return Err(ApiError::new(500, multierror(&errs)));
    }
    st.remove_namespace(name);
    Ok(Answer {
        no_body: true,
        ..Answer::new(st.index(), Value::Null)
    })
}

fn pool_put(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let name = job::s(&body, "Name").to_string();
    if !valid_name(&name, "_") {
        let e = format!("invalid name {name:?}, must match regex ^[a-zA-Z0-9-_]{{1,128}}$");
        return Err(ApiError::new(
            400,
            format!("invalid node pool {name:?}: {}", multierror(&[e])),
        ));
    }
    if name == "all" || name == "default" {
        return Err(ApiError::new(
            400,
            format!("modifying node pool {name:?} is not allowed"),
        ));
    }
    // A dev agent is Nomad's community edition, where per-pool scheduler settings are not.
    if body
        .get("SchedulerConfiguration")
        .is_some_and(|c| !c.is_null())
    {
        return Err(ApiError::new(
            500,
            "Feature \"Node Pools Governance\" is unlicensed",
        ));
    }
    let mut extra = extras(&body, &["Meta"]);
    extra.insert("Hash".into(), hash_of(&body));
    st.put_node_pool(&name, job::s(&body, "Description"), extra);
    Ok(Answer {
        no_body: true,
        ..Answer::new(st.index(), Value::Null)
    })
}

fn pool_delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let name = req.param(0);
    if !st.node_pools.contains_key(name) {
        return Err(ApiError::new(500, format!("node pool {name} not found")));
    }
    let region = st.region.clone();
    let mut errs = Vec::new();
    if st
        .jobs
        .values()
        .any(|r| job::s(&r.job, "NodePool") == name && job::s(&r.job, "Status") != "dead")
    {
        errs.push(format!(
            "node pool {name:?} has non-terminal jobs in regions: [{region}]"
        ));
    }
    if name == "all" || st.nodes.values().any(|n| n.node_pool == name) {
        errs.push(format!(
            "node pool {name:?} has nodes in regions: [{region}]"
        ));
    }
    if !errs.is_empty() {
        return Err(ApiError::new(500, multierror(&errs)));
    }
    st.remove_node_pool(name);
    Ok(Answer {
        no_body: true,
        ..Answer::new(st.index(), Value::Null)
    })
}

fn pool_jobs(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let f = filter(req)?;
    let pool = req.param(0);
    let mut items = Vec::new();
    for ((ns, id), rec) in &st.jobs {
        if !ns_match(req, ns) || job::s(&rec.job, "NodePool") != pool {
            continue;
        }
        let summary = st.job_summary(ns, id).unwrap_or(Value::Null);
        let stub = job::stub_json(&rec.job, summary, false);
        if f.as_ref().is_some_and(|f| !f.matches(&stub)) {
            continue;
        }
        items.push((PageKey::Name(format!("{ns}.{id}")), stub));
    }
    let (page, next) = paginate(req, items);
    let mut a = Answer::new(
        st.max_index(&[Table::Jobs, Table::JobSummary]),
        Value::Array(page),
    );
    a.next_token = next;
    Ok(a)
}

fn pool_nodes(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let f = filter(req)?;
    let pool = req.param(0);
    let mut items = Vec::new();
    for (id, n) in &st.nodes {
        if pool != "all" && n.node_pool != pool {
            continue;
        }
        let mut stub = n.stub_json(false, false);
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

/// The Nomad-native service registrations of running allocations: one per `service` block
/// with `provider = "nomad"` in the allocation's group or tasks, minus deleted ones.
pub fn registrations(st: &State) -> Vec<Value> {
    let mut out = Vec::new();
    for a in st.allocs.values() {
        if a.client_status != "running" || a.desired_status != "run" {
            continue;
        }
        let Some(j) = st.job_version(&a.namespace, &a.job_id, a.job_version) else {
            continue;
        };
        let Some(g) = j["TaskGroups"]
            .as_array()
            .and_then(|gs| gs.iter().find(|g| g["Name"] == a.task_group.as_str()))
        else {
            continue;
        };
        let mut blocks: Vec<(String, &Value)> = g["Services"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| (format!("group-{}", a.task_group), s))
            .collect();
        for t in g["Tasks"].as_array().into_iter().flatten() {
            for s in t["Services"].as_array().into_iter().flatten() {
                blocks.push((job::s(t, "Name").to_string(), s));
            }
        }
        let address = st
            .nodes
            .get(&a.node_id)
            .map(|n| n.address().to_string())
            .unwrap_or_default();
        for (owner, s) in blocks {
            if job::s(s, "Provider") != "nomad" {
                continue;
            }
            let name = job::s(s, "Name");
            let label = job::s(s, "PortLabel");
            let id = format!("_nomad-task-{}-{owner}-{name}-{label}", a.id);
            if st.deleted_services.contains(&id) {
                continue;
            }
            // A dynamic port, stable for the allocation and label.
            let digest = crate::util::hex_digest(&id);
            let port = 20000 + u64::from_str_radix(&digest[..4], 16).unwrap_or(0) % 12000;
            out.push(json!({
                "ID": id, "ServiceName": name, "Namespace": a.namespace, "NodeID": a.node_id,
                "Datacenter": a.datacenter, "JobID": a.job_id, "AllocID": a.id,
                "Tags": s["Tags"].as_array().cloned().unwrap_or_default(),
                "Address": address, "Port": if label.is_empty() { 0 } else { port },
                "CreateIndex": a.create_index, "ModifyIndex": a.create_index,
            }));
        }
    }
    out
}

/// `GET /v1/services`: per namespace, each service's name and the union of its tags.
/// (Nomad ignores `prefix` here.)
fn services(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let mut by_ns: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, Vec<Value>>,
    > = Default::default();
    for r in registrations(st) {
        let ns = job::s(&r, "Namespace").to_string();
        if !ns_match(req, &ns) {
            continue;
        }
        let tags = by_ns
            .entry(ns)
            .or_default()
            .entry(job::s(&r, "ServiceName").to_string())
            .or_default();
        for t in r["Tags"].as_array().into_iter().flatten() {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
    }
    let body: Vec<Value> = by_ns
        .into_iter()
        .map(|(ns, svcs)| {
            let list: Vec<Value> = svcs
                .into_iter()
                .map(|(name, tags)| json!({"ServiceName": name, "Tags": tags}))
                .collect();
            json!({"Namespace": ns, "Services": list})
        })
        .collect();
    Ok(Answer::new(
        st.table_index(Table::Allocs),
        Value::Array(body),
    ))
}

/// `GET /v1/service/:name`: the registrations in the namespace (none for `*`, as Nomad).
fn service(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let f = filter(req)?;
    let ns = req.namespace();
    let items: Vec<(PageKey, Value)> = registrations(st)
        .into_iter()
        .filter(|r| ns != "*" && r["Namespace"] == ns && r["ServiceName"] == req.param(0))
        .filter(|r| f.as_ref().is_none_or(|f| f.matches(r)))
        .map(|r| (PageKey::Name(job::s(&r, "ID").to_string()), r))
        .collect();
    let (page, next) = paginate(req, items);
    let mut a = Answer::new(st.table_index(Table::Allocs), Value::Array(page));
    a.next_token = next;
    Ok(a)
}

fn service_delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let (name, id) = (req.param(0), req.param(1));
    let ns = req.namespace();
    let found = registrations(st)
        .iter()
        .any(|r| r["ID"] == id && r["ServiceName"] == name && r["Namespace"] == ns);
    if !found {
        return Err(ApiError::new(500, "service registration not found"));
    }
    st.next_index();
    st.deleted_services.insert(id.to_string());
    st.touch(Table::Allocs);
    Ok(Answer {
        no_body: true,
        ..Answer::new(st.index(), Value::Null)
    })
}

/// The ID of the scaling policy of a job's group (stable: derived from the three names).
pub fn scaling_policy_id(ns: &str, job: &str, group: &str) -> String {
    let d = crate::util::hex_digest(&format!("{ns}/{job}/{group}"));
    format!(
        "{}-{}-{}-{}-{}",
        &d[..8],
        &d[8..12],
        &d[12..16],
        &d[16..20],
        &d[20..32]
    )
}

/// The scaling policies of the jobs' groups with a `scaling` block (type horizontal), their
/// IDs stable per job and group.
fn all_policies(st: &State) -> Vec<Value> {
    let mut out = Vec::new();
    for ((ns, id), rec) in &st.jobs {
        for g in rec.job["TaskGroups"].as_array().into_iter().flatten() {
            let sc = &g["Scaling"];
            if !sc.is_object() {
                continue;
            }
            let group = job::s(g, "Name");
            let d = crate::util::hex_digest(&format!("{ns}/{id}/{group}"));
            let pid = format!(
                "{}-{}-{}-{}-{}",
                &d[..8],
                &d[8..12],
                &d[12..16],
                &d[16..20],
                &d[20..32]
            );
            let idx = job::u(&rec.job, "CreateIndex");
            let ptype = match job::s(sc, "Type") {
                "" => "horizontal",
                t => t,
            };
            out.push(json!({
                "ID": pid, "Type": ptype, "Enabled": sc["Enabled"].as_bool().unwrap_or(true),
                "Target": {"Namespace": ns, "Job": id, "Group": group},
                "Min": sc["Min"], "Max": sc["Max"],
                "Policy": sc["Policy"].as_object().cloned().unwrap_or_default(),
                "CreateIndex": idx, "ModifyIndex": idx,
            }));
        }
    }
    out.sort_by(|a, b| job::s(a, "ID").cmp(job::s(b, "ID")));
    out
}

fn policies(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let prefix = req.q("prefix").unwrap_or("");
    let body: Vec<Value> = all_policies(st)
        .into_iter()
        .filter(|p| ns_match(req, p["Target"]["Namespace"].as_str().unwrap_or_default()))
        .filter(|p| job::s(p, "ID").starts_with(prefix))
        .filter(|p| req.q("job").is_none_or(|j| p["Target"]["Job"] == j))
        .filter(|p| req.q("type").is_none_or(|t| p["Type"] == t))
        .map(|p| {
            json!({"ID": p["ID"], "Enabled": p["Enabled"], "Type": p["Type"],
                   "Target": p["Target"], "CreateIndex": p["CreateIndex"],
                   "ModifyIndex": p["ModifyIndex"]})
        })
        .collect();
    Ok(Answer::new(st.table_index(Table::Jobs), Value::Array(body)))
}

fn policy(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let p = all_policies(st)
        .into_iter()
        .find(|p| p["ID"] == req.param(0))
        .ok_or_else(|| ApiError::new(404, "policy not found"))?;
    Ok(Answer::new(job::u(&p, "ModifyIndex"), p))
}
