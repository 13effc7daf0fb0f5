//! Agent and cluster-wide endpoints: `/v1/agent/{self,members,health}`, `/v1/status/*`,
//! `/v1/regions`, `/v1/namespaces`, `/v1/search`. The sim poses as a dev agent that is
//! both server (of a three-server cluster) and client (the first node).

use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::{State, Table};
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    match rest {
        ["agent", "self"] => mk(method, &["GET"], Read(agent_self), Need::AgentRead, vec![]),
        ["agent", "members"] => mk(method, &["GET"], Read(members), Need::NodeRead, vec![]),
        ["agent", "servers"] => match method {
            "GET" => mk(method, &["GET"], Query(servers), Need::AgentRead, vec![]),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(set_servers),
                Need::Write,
                vec![],
            ),
        },
        ["agent", "join"] => mk(method, &["PUT", "POST"], Write(join), Need::None, vec![]),
        ["agent", "force-leave"] => mk(
            method,
            &["PUT", "POST"],
            Write(force_leave),
            Need::Write,
            vec![],
        ),
        ["agent", "monitor"] => mk(method, &["GET"], Stream(monitor), Need::AgentRead, vec![]),
        ["agent", "monitor", "export"] => mk(
            method,
            &["GET"],
            Stream(monitor_export),
            Need::AgentRead,
            vec![],
        ),
        ["agent", "host"] => mk(method, &["GET"], Read(host), Need::AgentRead, vec![]),
        ["agent", "schedulers"] => mk(method, &["GET"], Read(schedulers), Need::AgentRead, vec![]),
        ["agent", "schedulers", "config"] => match method {
            "GET" => mk(
                method,
                &["GET"],
                Read(scheduler_config),
                Need::AgentRead,
                vec![],
            ),
            _ => mk(
                method,
                &["PUT", "POST"],
                Write(set_scheduler_config),
                Need::Write,
                vec![],
            ),
        },
        ["agent", "pprof", profile] => mk(
            method,
            &["GET"],
            Raw(pprof),
            Need::None,
            vec![profile.to_string()],
        ),
        ["agent", "health"] => mk(method, &["GET"], Read(health), Need::None, vec![]),
        ["status", "leader"] => mk(method, &["GET"], Read(leader), Need::None, vec![]),
        ["status", "peers"] => mk(method, &["GET"], Read(peers), Need::None, vec![]),
        ["regions"] => mk(method, &["GET"], Read(regions), Need::None, vec![]),
        // Filtered by what the token may see rather than refused (recorded: an empty list).
        ["namespaces"] => mk(method, &["GET"], Query(namespaces), Need::None, vec![]),
        ["namespace", name] => mk(
            method,
            &["GET"],
            Query(namespace),
            Need::Read,
            vec![name.to_string()],
        ),
        ["search"] => mk(method, &["PUT", "POST"], Query(search), Need::None, vec![]),
        _ => Ok(None),
    }
}

pub(crate) const SERVERS: [(&str, &str); 3] = [
    ("server-1", "10.0.0.11"),
    ("server-2", "10.0.0.12"),
    ("server-3", "10.0.0.13"),
];

fn member(st: &State, i: usize) -> Value {
    let (name, ip) = SERVERS[i];
    json!({
        "Name": format!("{name}.{}", st.region), "Addr": ip, "Port": 4648,
        "Tags": {"role": "nomad", "region": st.region, "dc": "dc1", "port": "4647",
                 "build": "1.10.5", "vsn": "1", "mvn": "1", "raft_vsn": "3",
                 "expect": "3", "rpc_addr": ip,
                 "id": server_id(i)},
        "Status": if st.clients.left.contains(&format!("{name}.{}", st.region)) { "left" } else { "alive" }, "ProtocolMin": 1, "ProtocolMax": 5, "ProtocolCur": 2,
        "DelegateMin": 2, "DelegateMax": 5, "DelegateCur": 4,
    })
}

/// A sim server's ID (its Serf `id` tag and its Raft ID).
pub(crate) fn server_id(i: usize) -> String {
    format!(
        "{:08x}-0000-4000-8000-00000000000{}",
        0x5e7e_0000u32 + i as u32,
        i + 1
    )
}

fn leader_addr(st: &State) -> String {
    format!("{}:4647", SERVERS[st.raft_leader].1)
}

/// Every field of a v1.10.5 dev agent's configuration (`agent_config.json`, the shape of a
/// recorded one with this cluster's addresses and paths), over which `agent_self` lays the
/// values the sim varies.
fn config_template() -> &'static Value {
    static T: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    T.get_or_init(|| serde_json::from_str(include_str!("../agent_config.json")).unwrap_or_default())
}

/// Lays `over` onto `base`, object by object.
fn overlay(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                overlay(b.entry(k).or_insert(Value::Null), v);
            }
        }
        (b, o) => *b = o,
    }
}

fn agent_self(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    let node_id = st.nodes.keys().next().cloned().unwrap_or_default();
    let mut config = config_template().clone();
    overlay(
        &mut config,
        json!({
            "Region": st.region, "Datacenter": "dc1", "NodeName": "server-1",
            "DataDir": "/opt/nomad/data", "LogLevel": "INFO", "LogJson": false,
            "BindAddr": "0.0.0.0", "EnableDebug": false,
            "Ports": {"HTTP": 4646, "RPC": 4647, "Serf": 4648},
            "Addresses": {"HTTP": "0.0.0.0", "RPC": "0.0.0.0", "Serf": "0.0.0.0"},
            "AdvertiseAddrs": {"HTTP": "10.0.0.11:4646", "RPC": "10.0.0.11:4647", "Serf": "10.0.0.11:4648"},
            "Server": {"Enabled": true, "BootstrapExpect": 3,
                       "EventBufferSize": st.events.size},
            "Client": {"Enabled": true, "NodePool": "default", "NodeClass": ""},
            "ACL": {"Enabled": false},
            "UI": {"Enabled": true, "ShowCLIHints": true,
                   "Consul": {"BaseUIURL": ""}, "Vault": {"BaseUIURL": ""}},
            "Version": {"Revision": "a3b7c4d2e1f0", "Version": "1.10.5", "VersionMetadata": "",
                        "VersionPrerelease": "", "BuildDate": "2025-09-09T14:10:27Z"},
            "TLSConfig": {"EnableHTTP": false, "EnableRPC": false, "VerifyHTTPSClient": false},
            "Telemetry": {"CollectionInterval": "1s", "PublishAllocationMetrics": false},
        }),
    );
    // The raft configuration as hashicorp/raft prints it: every server a voter.
    let configuration: Vec<String> = (0..SERVERS.len())
        .map(|i| {
            let m = member(st, i);
            format!(
                "{{Suffrage:Voter ID:{} Address:{}:4647}}",
                m["Tags"]["id"].as_str().unwrap_or(""),
                SERVERS[i].1
            )
        })
        .collect();
    let index = st.index().to_string();
    // The agent is the first node's client: it counts the allocations it holds, as a real
    // client counts its alloc runners (terminal ones included until they are collected).
    let num_allocations = st.allocs.values().filter(|a| a.node_id == node_id).count();
    let stats = json!({
        "nomad": {"server": "true", "leader": "true", "leader_addr": leader_addr(st),
                  "bootstrap": "false", "known_regions": "1"},
        "raft": {"state": "Leader", "applied_index": index, "commit_index": index,
                 "last_log_index": index, "last_log_term": "2", "term": "2",
                 "last_snapshot_index": "0", "last_snapshot_term": "0",
                 "latest_configuration_index": "0",
                 "latest_configuration": format!("[{}]", configuration.join(" ")),
                 "last_contact": "0", "fsm_pending": "0", "num_peers": "2",
                 "protocol_version": "3", "protocol_version_min": "0",
                 "protocol_version_max": "3", "snapshot_version_min": "0",
                 "snapshot_version_max": "1"},
        "serf": {"members": "3", "failed": "0", "left": "0", "health_score": "0",
                 "encrypted": "false", "coordinate_resets": "0", "member_time": "3",
                 "event_time": "1", "query_time": "1", "intent_queue": "0",
                 "event_queue": "0", "query_queue": "0"},
        "runtime": {"arch": "amd64", "kernel.name": "linux", "version": "go1.24.6",
                    "max_procs": "2", "goroutines": "180", "cpu_count": "2"},
        "client": {"node_id": node_id, "known_servers": "10.0.0.11:4647,10.0.0.12:4647,10.0.0.13:4647",
                   "num_allocations": num_allocations.to_string(), "heartbeat_ttl": "15s",
                   "last_heartbeat": "2s"},
    });
    Ok(Answer::new(
        st.index(),
        json!({"config": config, "member": member(st, 0), "stats": stats}),
    ))
}

fn members(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    let list: Vec<Value> = (0..SERVERS.len()).map(|i| member(st, i)).collect();
    Ok(Answer::plain(json!({
        "ServerName": format!("{}.{}", SERVERS[0].0, st.region), "ServerRegion": st.region,
        "ServerDC": "dc1", "Members": list,
    })))
}

fn health(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    let mut body = json!({
        "client": {"ok": true, "message": "ok"},
        "server": {"ok": true, "message": "ok"},
    });
    if let Some((part, msg)) = &st.clients.health_failure {
        body[part.as_str()] = json!({"ok": false, "message": msg});
        // Nomad answers 500 with the same JSON as the body.
        return Err(ApiError::new(500, body.to_string()));
    }
    Ok(Answer::plain(body))
}

fn leader(st: &State, req: &Req) -> Result<Answer, ApiError> {
    if let Some(r) = req.q("region").filter(|r| !r.is_empty() && *r != st.region) {
        let _ = r;
        return Err(ApiError::new(500, "No path to region"));
    }
    Ok(Answer::plain(json!(leader_addr(st))))
}

fn peers(_st: &State, _req: &Req) -> Result<Answer, ApiError> {
    Ok(Answer::plain(json!(SERVERS
        .iter()
        .map(|(_, ip)| format!("{ip}:4647"))
        .collect::<Vec<_>>())))
}

fn regions(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    Ok(Answer::plain(json!([st.region])))
}

pub fn ns_json(n: &crate::state::NamedRec) -> Value {
    let mut v = json!({"Name": n.name, "Description": n.description, "Quota": "",
           "Capabilities": null, "NodePoolConfiguration": null, "VaultConfiguration": null,
           "ConsulConfiguration": null, "Meta": null, "Hash": ns_hash(n),
           "CreateIndex": n.create_index, "ModifyIndex": n.modify_index});
    for (k, x) in &n.extra {
        v[k] = x.clone();
    }
    v
}

/// Nomad sends a namespace's 32-byte content hash in base64; a stable stand-in here (FNV-1a
/// over the fields, four rounds).
fn ns_hash(n: &crate::state::NamedRec) -> String {
    let mut out = Vec::with_capacity(32);
    for round in 0u8..4 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in std::iter::once(round)
            .chain(n.name.bytes())
            .chain([0])
            .chain(n.description.bytes())
        {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
        out.extend_from_slice(&h.to_be_bytes());
    }
    crate::util::base64(&out)
}

fn namespaces(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let prefix = req.q("prefix").unwrap_or("");
    if !req.may_read {
        return Ok(Answer::new(st.table_index(Table::Namespaces), json!([])));
    }
    let body: Vec<Value> = st
        .namespaces
        .values()
        .filter(|n| n.name.starts_with(prefix))
        .map(ns_json)
        .collect();
    Ok(Answer::new(
        st.table_index(Table::Namespaces),
        Value::Array(body),
    ))
}

fn namespace(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let n = st
        .namespaces
        .get(req.param(0))
        .ok_or_else(|| ApiError::new(404, "Namespace not found"))?;
    Ok(Answer::new(n.modify_index, ns_json(n)))
}

const CONTEXTS: [&str; 12] = [
    "allocs",
    "jobs",
    "nodes",
    "node_pools",
    "evals",
    "deployment",
    "plugins",
    "volumes",
    "scaling_policy",
    "vars",
    "namespaces",
    "host_volumes",
];

/// Prefix search, 20 matches per context with a truncation flag, as Nomad's Search.PrefixSearch.
fn search(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    // Recorded (api/login/search-web-no-token): a caller who may read nothing gets no
    // matches at all, not a 403.
    if !req.may_read {
        return Ok(Answer::new(
            0,
            json!({"Matches": {}, "Truncations": {}, "Index": 0, "LastContact": 0,
                   "KnownLeader": true, "NextToken": ""}),
        ));
    }
    let prefix = body["Prefix"].as_str().unwrap_or("").to_string();
    let context = body["Context"].as_str().unwrap_or("all");
    let contexts: Vec<&str> = match context {
        "all" | "" => CONTEXTS.to_vec(),
        c if CONTEXTS.contains(&c) => vec![c],
        c => return Err(ApiError::new(400, format!("invalid context \"{c}\""))),
    };
    let ns = req.namespace();
    let in_ns = |n: &str| ns == "*" || ns == n;
    let mut matches = serde_json::Map::new();
    let mut truncs = serde_json::Map::new();
    for ctx in contexts {
        let ids: Vec<String> = match ctx {
            "allocs" => st
                .allocs
                .values()
                .filter(|a| in_ns(&a.namespace))
                .map(|a| a.id.clone())
                .collect(),
            "jobs" => st
                .jobs
                .keys()
                .filter(|(n, _)| in_ns(n))
                .map(|(_, id)| id.clone())
                .collect(),
            "nodes" => st.nodes.keys().cloned().collect(),
            "node_pools" => st.node_pools.keys().cloned().collect(),
            "evals" => st
                .evals
                .values()
                .filter(|e| in_ns(&e.namespace))
                .map(|e| e.id.clone())
                .collect(),
            "deployment" => st
                .deployments
                .values()
                .filter(|d| in_ns(&d.namespace))
                .map(|d| d.id.clone())
                .collect(),
            "namespaces" => st.namespaces.keys().cloned().collect(),
            // Recorded: Nomad's variable search looks in every namespace (a path in two
            // namespaces is listed twice).
            "vars" => st.variables.keys().map(|(_, p)| p.clone()).collect(),
            _ => Vec::new(),
        };
        let mut hits: Vec<String> = ids.into_iter().filter(|i| i.starts_with(&prefix)).collect();
        hits.sort();
        let truncated = hits.len() > 20;
        hits.truncate(20);
        matches.insert(
            ctx.into(),
            if hits.is_empty() {
                Value::Null
            } else {
                json!(hits)
            },
        );
        truncs.insert(ctx.into(), json!(truncated));
    }
    let index = st.index();
    Ok(Answer::new(
        index,
        json!({"Matches": matches, "Truncations": truncs, "Index": index, "LastContact": 0,
               "KnownLeader": true, "NextToken": ""}),
    ))
}

/// `GET /v1/agent/servers`: the client's server list.
fn servers(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    let list = st
        .clients
        .servers
        .clone()
        .unwrap_or_else(|| SERVERS.iter().map(|(_, ip)| format!("{ip}:4647")).collect());
    Ok(Answer::plain(json!(list)))
}

/// `PUT /v1/agent/servers?address=…`: replaces it.
fn set_servers(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let list = req.all("address");
    if list.is_empty() {
        return Err(ApiError::new(400, "missing server address"));
    }
    st.clients.servers = Some(list);
    st.touch_all();
    Ok(Answer::empty())
}

/// `PUT /v1/agent/join?address=…`: addresses naming a sim server (10.0.0.1x) join; others fail.
fn join(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let addrs = req.all("address");
    let known: Vec<&str> = SERVERS.iter().map(|(_, ip)| *ip).collect();
    let mut joined = 0;
    let mut errors = Vec::new();
    for a in &addrs {
        let host = a.rsplit_once(':').map(|(h, _)| h).unwrap_or(a);
        if known.contains(&host) {
            joined += 1;
        } else {
            errors.push(format!("{a}: dial tcp {host}:4648: i/o timeout"));
        }
    }
    let _ = st;
    let error = if errors.is_empty() {
        String::new()
    } else {
        format!(
            "{} error occurred:\n\t* {}\n\n",
            errors.len(),
            errors.join("\n\t* ")
        )
    };
    Ok(Answer::plain(json!({"num_joined": joined, "error": error})))
}

/// `PUT /v1/agent/force-leave?node=…[&prune=1]`.
fn force_leave(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let node = req.q("node").unwrap_or("");
    if node.is_empty() {
        return Err(ApiError::new(400, "missing node to force leave"));
    }
    st.clients.left.insert(node.to_string());
    st.touch_all();
    Ok(Answer::empty())
}

const LEVELS: [&str; 5] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

/// `GET /v1/agent/monitor`: a few log lines at or above the level asked for, one frame each,
/// then the stream ends.
fn monitor(st: &State, req: &Req) -> Result<Vec<Value>, ApiError> {
    let level = req.q("log_level").unwrap_or("").to_uppercase();
    let level = if level.is_empty() {
        "INFO".to_string()
    } else {
        level
    };
    let Some(min) = LEVELS.iter().position(|l| *l == level) else {
        return Err(ApiError::new(400, format!("Unknown log level: {level}")));
    };
    if !req.q("node_id").unwrap_or("").is_empty() && !req.q("server_id").unwrap_or("").is_empty() {
        return Err(ApiError::new(
            400,
            "Cannot target node and server simultaneously",
        ));
    }
    let json_fmt = req.q("log_json") == Some("true");
    let location = req.q("log_include_location") == Some("true");
    let t = crate::util::rfc3339(st.now_ns());
    let t = t.get(..19).unwrap_or(&t);
    let lines = [
        (
            "DEBUG",
            "nomad.heartbeat",
            "agent.go:1234",
            "heartbeat received",
        ),
        (
            "INFO",
            "nomad",
            "leader.go:100",
            "cluster leadership acquired",
        ),
        (
            "TRACE",
            "client.alloc_runner",
            "alloc_runner.go:50",
            "running pre-run hooks",
        ),
        ("WARN", "client", "client.go:2000", "missed heartbeat"),
        (
            "ERROR",
            "client.driver_mgr",
            "manager.go:300",
            "failed to fingerprint driver",
        ),
    ];
    let mut frames = Vec::new();
    for (lvl, module, loc, msg) in lines {
        if LEVELS.iter().position(|l| *l == lvl).unwrap_or(0) < min {
            continue;
        }
        let line = if json_fmt {
            let mut v = json!({"@level": lvl.to_lowercase(), "@message": msg,
                               "@module": module, "@timestamp": format!("{t}.000000Z")});
            if location {
                v["@caller"] = json!(loc);
            }
            format!("{v}\n")
        } else {
            let loc = if location {
                format!(" {loc}:")
            } else {
                String::new()
            };
            format!("{t}.000Z [{lvl:<5}]{loc} {module}: {msg}\n")
        };
        frames.push(json!({"Data": crate::util::base64(line.as_bytes())}));
        // A heartbeat between lines, as the agent sends while idle.
        frames.push(json!({}));
    }
    Ok(frames)
}

/// A Go boolean query parameter (absent: `false`), or Nomad's 400 naming it.
fn bool_param(req: &Req, key: &str, name: &str) -> Result<bool, ApiError> {
    match req.q(key).unwrap_or("") {
        "" => Ok(false),
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        v => Err(ApiError::new(
            400,
            format!("Unknown value for {name}: strconv.ParseBool: parsing {v:?}: invalid syntax"),
        )),
    }
}

/// Nomad's check of a systemd unit name (`ScanServiceName`).
fn scan_service_name(name: &str) -> Result<(), String> {
    const SUFFIXES: [&str; 11] = [
        "service",
        "socket",
        "device",
        "mount",
        "automount",
        "swap",
        "target",
        "path",
        "timer",
        "slice",
        "scope",
    ];
    if name.len() > 255 {
        return Err("service name too long".into());
    }
    if !name.contains("nomad") {
        return Err("service name must include 'nomad".into());
    }
    let parts: Vec<&str> = name.split('.').collect();
    let prefix = match parts.split_last() {
        Some((suffix, head)) if !head.is_empty() => {
            if !SUFFIXES.contains(suffix) {
                return Err("invalid suffix".into());
            }
            head.concat()
        }
        _ => name.to_string(),
    };
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '\\' | '.' | '-');
    let safe = match prefix.split_once('@') {
        Some((unit, inst)) => unit.chars().all(word) && !inst.is_empty() && inst.chars().all(word),
        None => prefix.chars().all(word),
    };
    if !safe {
        return Err(format!("{prefix} does not meet systemd conventions"));
    }
    Ok(())
}

/// `GET /v1/agent/monitor/export`: the agent's log file (`on_disk`) in frames of up to 1 KiB,
/// or its journal, which the sim's host has none of (as on the host the recordings came from).
fn monitor_export(st: &State, req: &Req) -> Result<Vec<Value>, ApiError> {
    let on_disk = bool_param(req, "on_disk", "on-disk")?;
    let follow = bool_param(req, "follow", "follow")?;
    bool_param(req, "plain", "plain")?;
    let since = req.q("logs_since").unwrap_or("");
    if !since.is_empty() && crate::util::parse_go_duration(since).is_none() {
        return Err(ApiError::new(
            400,
            format!("Unknown value for logs-since: time: invalid duration {since:?}"),
        ));
    }
    let service = req.q("service_name").unwrap_or("");
    if !req.q("node_id").unwrap_or("").is_empty() && !req.q("server_id").unwrap_or("").is_empty() {
        return Err(ApiError::new(
            400,
            "Cannot target node and server simultaneously",
        ));
    }
    if on_disk && !service.is_empty() {
        return Err(ApiError::new(
            400,
            "Cannot target journald and nomad log file simultaneously",
        ));
    }
    if !on_disk && service.is_empty() {
        return Err(ApiError::new(
            400,
            "Either -service-name or -on-disk must be set",
        ));
    }
    if on_disk && follow {
        return Err(ApiError::new(400, "Cannot follow log file"));
    }
    if !service.is_empty() {
        scan_service_name(service).map_err(|e| ApiError::new(422, e))?;
    }
    // Export forwards to a server it does not know with a 400 (monitor and host: a 500).
    let agent = target(st, req).map_err(|e| match e.status {
        500 => ApiError::new(400, e.message),
        _ => e,
    })?;
    let text = if on_disk {
        let t = crate::util::rfc3339(st.now_ns());
        let t = t.get(..19).unwrap_or(&t);
        let mut log = String::new();
        for (i, (lvl, module, msg)) in EXPORT_LINES.iter().enumerate() {
            // hclog pads the bracketed level to seven columns.
            let lvl = format!("[{lvl}]");
            log.push_str(&format!(
                "{t}.{:03}Z {lvl:<7} {module}: {msg}: agent={agent}\n",
                i * 7
            ));
        }
        log
    } else {
        "-- No entries --\nNo journal files were found.\n".to_string()
    };
    let mut frames = Vec::new();
    let mut offset = 0;
    for chunk in text.as_bytes().chunks(1024) {
        offset += chunk.len();
        frames.push(json!({"Data": crate::util::base64(chunk), "Offset": offset}));
    }
    Ok(frames)
}

/// The lines of the sim agent's log file: enough to need more than one frame.
const EXPORT_LINES: [(&str, &str, &str); 16] = [
    ("INFO", "nomad.raft", "initial configuration loaded"),
    ("INFO", "nomad.raft", "entering follower state"),
    (
        "INFO",
        "nomad",
        "serf: EventMemberJoin joined the gossip pool",
    ),
    ("INFO", "nomad", "starting scheduling worker(s)"),
    ("INFO", "client", "using state directory under the data dir"),
    (
        "DEBUG",
        "client.fingerprint_mgr",
        "built-in fingerprints detected",
    ),
    (
        "INFO",
        "agent",
        "detected plugin: name=raw_exec type=driver",
    ),
    (
        "WARN",
        "nomad.raft",
        "heartbeat timeout reached, starting election",
    ),
    ("INFO", "nomad.raft", "entering candidate state"),
    ("INFO", "nomad.raft", "election won"),
    ("INFO", "nomad.raft", "entering leader state"),
    ("INFO", "nomad", "cluster leadership acquired"),
    ("INFO", "client", "node registration complete"),
    (
        "DEBUG",
        "http",
        "request complete: method=GET path=/v1/jobs",
    ),
    ("DEBUG", "worker", "dequeued evaluation"),
    (
        "ERROR",
        "client.driver_mgr",
        "failed to fingerprint driver: docker",
    ),
];

/// Which agent a `node_id`/`server_id` pair names, or Nomad's errors.
fn target(st: &State, req: &Req) -> Result<String, ApiError> {
    let node = req.q("node_id").unwrap_or("");
    let server = req.q("server_id").unwrap_or("");
    if !node.is_empty() && !server.is_empty() {
        return Err(ApiError::new(
            400,
            "Cannot target node and server simultaneously",
        ));
    }
    if !node.is_empty() {
        if let Some(e) = super::full_id_error("node", node) {
            return Err(e);
        }
        return st
            .nodes
            .get(node)
            .map(|n| n.id.clone())
            .ok_or_else(|| ApiError::new(404, format!("Unknown node {node:?}")));
    }
    let names: Vec<String> = SERVERS
        .iter()
        .map(|(n, _)| format!("{n}.{}", st.region))
        .collect();
    match server {
        "" | "leader" => Ok(names[0].clone()),
        s if names.iter().any(|n| n == s) => Ok(s.to_string()),
        // Nomad fails to forward to a server it does not know with a 500.
        s => Err(ApiError::new(500, format!("unknown Nomad server {s}"))),
    }
}

/// `GET /v1/agent/host`: the bare host data for the agent asked, wrapped as
/// `{AgentID, HostData}` only when a node or server is named (as Nomad v1.10.5 answers).
fn host(st: &State, req: &Req) -> Result<Answer, ApiError> {
    if [req.q("node_id"), req.q("server_id")]
        .iter()
        .all(|v| v.is_some_and(|v| !v.is_empty()))
    {
        return Err(ApiError::new(
            400,
            "Can only forward to either client node or server",
        ));
    }
    let id = target(st, req)?;
    let data = json!({
        "OS": "x86_64 server-1 6.1.0-18-amd64 Linux #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
        "Network": [
            ipv4_entry([127, 0, 0, 1], 8),
            json!({
                "type": "IPv6", "string": "::1", "address": "::1", "host": "::1",
                "network": "::1", "netmask": "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "mask_bits": "128", "port": "0", "size": "1", "first_usable": "::1",
                "last_usable": "::1", "uint128": "1", "hex": "00000000000000000000000000000001",
                "binary": format!("{:0128b}", 1u128),
                "octets": "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1",
                "DialStream": "\"tcp6\" \"\"", "DialPacket": "\"udp6\" \"\"",
                "ListenStream": "\"tcp6\" \"[::1]:0\"", "ListenPacket": "\"udp6\" \"[::1]:0\"",
            }),
            ipv4_entry([10, 0, 0, 11], 24),
        ],
        "ResolvConf": "nameserver 10.0.0.2\nsearch internal\n",
        "Hosts": "127.0.0.1 localhost\n10.0.0.11 server-1\n",
        "Environment": {"HOME": "/root", "PATH": "/usr/local/bin:/usr/bin:/bin"},
        "Disk": {
            "/": {"DiskMB": 51200, "UsedMB": 20480},
            "/opt/nomad/data": {"DiskMB": 102400, "UsedMB": 1024},
        },
    });
    let named = req.q("node_id").is_some_and(|v| !v.is_empty())
        || req.q("server_id").is_some_and(|v| !v.is_empty());
    Ok(Answer::plain(if named {
        json!({"AgentID": id, "HostData": data})
    } else {
        data
    }))
}

/// An IPv4 interface address as go-sockaddr describes it (every value a string).
fn ipv4_entry(octets: [u8; 4], bits: u32) -> Value {
    let ip = u32::from_be_bytes(octets);
    let mask = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    };
    let net = ip & mask;
    let bcast = net | !mask;
    let dotted = |v: u32| {
        let b = v.to_be_bytes();
        format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
    };
    let host = dotted(ip);
    json!({
        "type": "IPv4", "string": format!("{host}/{bits}"), "address": host, "host": host,
        "network": dotted(net), "netmask": dotted(mask), "broadcast": dotted(bcast),
        "mask_bits": bits.to_string(), "port": "0", "size": (1u64 << (32 - bits)).to_string(),
        "first_usable": dotted(net + 1), "last_usable": dotted(bcast - 1),
        "uint32": ip.to_string(), "hex": format!("{ip:08x}"), "binary": format!("{ip:032b}"),
        "octets": octets.map(|o| o.to_string()).join(" "),
        "DialStream": "\"tcp4\" \"\"", "DialPacket": "\"udp4\" \"\"",
        "ListenStream": "\"tcp4\" \"\"", "ListenPacket": "\"udp4\" \"\"",
    })
}

fn scheduler_settings(st: &State) -> (i64, Vec<String>) {
    st.clients.schedulers.clone().unwrap_or_else(|| {
        (
            2,
            ["service", "batch", "system", "sysbatch", "_core"]
                .map(String::from)
                .to_vec(),
        )
    })
}

/// `GET /v1/agent/schedulers`.
fn schedulers(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let server = target(st, req)?;
    let (n, enabled) = scheduler_settings(st);
    let started = crate::util::rfc3339(st.now_ns() - 3_600_000_000_000);
    let workers: Vec<Value> = (0..n.max(0))
        .map(|i| {
            json!({"id": format!("5e7e0000-0000-4000-8000-0000000000a{i}"),
                   "enabled_schedulers": enabled, "started": started,
                   "status": "Started", "workload_status": if i == 0 { "WaitingToDequeue" } else { "Paused" }})
        })
        .collect();
    Ok(Answer::plain(
        json!({"server_id": server, "schedulers": workers}),
    ))
}

fn config_json(st: &State, server: &str) -> Value {
    let (n, enabled) = scheduler_settings(st);
    json!({"server_id": server, "num_schedulers": n, "enabled_schedulers": enabled})
}

/// `GET /v1/agent/schedulers/config`.
fn scheduler_config(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let server = target(st, req)?;
    Ok(Answer::plain(config_json(st, &server)))
}

/// `POST /v1/agent/schedulers/config`.
fn set_scheduler_config(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let server = target(st, req)?;
    let body = req.json()?;
    let n = body["num_schedulers"].as_i64().unwrap_or(-1);
    let enabled: Vec<String> = body["enabled_schedulers"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    if n < 0 {
        return Err(ApiError::new(400, "Invalid request"));
    }
    if !enabled.iter().any(|e| e == "_core") {
        return Err(ApiError::new(400, "Invalid request"));
    }
    st.clients.schedulers = Some((n, enabled));
    st.touch_all();
    Ok(Answer::plain(config_json(st, &server)))
}

/// `GET /v1/agent/pprof/:profile`: small stand-in profiles, only with `enable_debug`.
fn pprof(st: &State, req: &Req) -> Result<(&'static str, Vec<u8>), ApiError> {
    if !st.clients.enable_debug {
        return Err(ApiError::new(403, "Permission denied"));
    }
    let _ = target(st, req)?;
    let profile = req.param(0);
    let debug = req.q("debug").unwrap_or("0");
    match profile {
        "cmdline" => Ok(("text/plain", b"nomad\x00agent\x00-dev".to_vec())),
        "profile" | "trace" => Ok((
            "application/octet-stream",
            format!(
                "sim-{profile} seconds={}\n",
                req.q("seconds").unwrap_or("1")
            )
            .into_bytes(),
        )),
        "goroutine" | "heap" | "allocs" | "block" | "mutex" | "threadcreate" => {
            if debug != "0" {
                Ok((
                    "text/plain",
                    format!("{profile} profile: total 3\n").into_bytes(),
                ))
            } else {
                {
                    let mut b = vec![0x1f, 0x8b];
                    b.extend_from_slice(format!("sim-{profile}").as_bytes());
                    Ok(("application/octet-stream", b))
                }
            }
        }
        p => Err(ApiError::new(404, format!("Unknown profile: {p}"))),
    }
}
