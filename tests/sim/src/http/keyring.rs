//! The root keyring (`/v1/operator/keyring/…`: the keys that encrypt Variables and sign
//! workload identities) and the gossip keyring (`/v1/agent/keyring/…`), as Nomad v1.10.5's
//! answers were recorded (`api/opsa/` in the fixtures' INDEX.md).

use std::collections::BTreeSet;

use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::State;
use serde_json::{json, Value};

/// How long a full rotation's re-encryption takes before the old key is `inactive`.
const REKEY_NS: i64 = 1_000_000_000;

/// Both keyrings: the cluster starts with one active root key and one gossip key (the sim's
/// servers gossip encrypted). Their IDs and keys come from a generator of their own, so that
/// the rest of the sim's IDs do not depend on whether keys were made.
#[derive(Debug)]
pub struct Keyrings {
    rng: crate::util::Rng,
    root: Vec<RootKey>,
    gossip: Gossip,
    /// The key the cluster started with.
    first_gossip: String,
}

impl Keyrings {
    pub fn new(seed: u64, now_ns: i64) -> Keyrings {
        let mut rng = crate::util::Rng::new(seed ^ 0x006b_6579_7269_6e67);
        let bytes: Vec<u8> = (0..4).flat_map(|_| rng.next_u64().to_le_bytes()).collect();
        let gossip_key = crate::util::base64(&bytes);
        let root = RootKey {
            id: rng.uuid(),
            state: "active",
            create_time: now_ns,
            publish_time: 0,
            create_index: 7,
            modify_index: 7,
            rekeyed_at: None,
        };
        Keyrings {
            rng,
            root: vec![root],
            gossip: Gossip {
                keys: BTreeSet::from([gossip_key.clone()]),
                primary: gossip_key.clone(),
            },
            first_gossip: gossip_key,
        }
    }

    /// A root key's ID: the first one made (`first`), or one in the given state.
    pub fn root_key(&self, which: &str) -> Option<String> {
        let key = match which {
            "first" => self.root.iter().min_by_key(|k| k.create_index),
            state => self.root.iter().find(|k| k.state == state),
        };
        key.map(|k| k.id.clone())
    }

    /// The gossip key the cluster started with.
    pub fn first_gossip_key(&self) -> Option<String> {
        Some(self.first_gossip.clone())
    }
}

#[derive(Debug, Clone)]
struct RootKey {
    id: String,
    state: &'static str,
    create_time: i64,
    publish_time: i64,
    create_index: u64,
    modify_index: u64,
    /// While `rekeying`: when the re-encryption is done.
    rekeyed_at: Option<i64>,
}

#[derive(Debug)]
struct Gossip {
    keys: BTreeSet<String>,
    primary: String,
}

impl RootKey {
    fn json(&self, now: i64, indexes: bool) -> Value {
        let state = match self.rekeyed_at {
            Some(t) if now >= t => "inactive",
            _ => self.state,
        };
        let (c, m) = if indexes {
            (self.create_index, self.modify_index)
        } else {
            // The rotate reply describes the key before its raft entry is applied.
            (0, 0)
        };
        json!({"Algorithm": "aes256-gcm", "CreateIndex": c, "CreateTime": self.create_time,
               "KeyID": self.id, "ModifyIndex": m, "PublishTime": self.publish_time,
               "State": state})
    }
}

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    let m = Need::Management;
    match rest {
        ["operator", "keyring", "keys"] => mk(method, &["GET"], Query(list), m, vec![]),
        ["operator", "keyring", "rotate"] => mk(method, &["PUT", "POST"], Write(rotate), m, vec![]),
        ["operator", "keyring", "key", id] => {
            mk(method, &["DELETE"], Write(delete), m, vec![id.to_string()])
        }
        ["agent", "keyring", "list"] => mk(
            method,
            &["GET", "PUT", "POST"],
            Read(gossip_list),
            m,
            vec![],
        ),
        ["agent", "keyring", op @ ("install" | "use" | "remove")] => {
            // Nomad's handler takes any method (a GET without a body is "empty").
            let any = &["GET", "PUT", "POST"];
            mk(method, any, Write(gossip_op), m, vec![op.to_string()])
        }
        _ => Ok(None),
    }
}

/// `GET /v1/operator/keyring/keys`: by key ID, with the index of the newest change.
fn list(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    let now = st.now_ns();
    let mut keys = st.keyrings.root.clone();
    keys.sort_by(|a, b| a.id.cmp(&b.id));
    let index = keys.iter().map(|k| k.modify_index).max().unwrap_or(0);
    let body: Vec<Value> = keys.iter().map(|k| k.json(now, true)).collect();
    Ok(Answer::new(index, json!(body)))
}

/// `PUT /v1/operator/keyring/rotate[?full=true][&publish_time=…]`.
fn rotate(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let publish_time = match req.q("publish_time") {
        None | Some("") => 0,
        Some(s) => s.parse::<i64>().map_err(|_| {
            ApiError::new(
                500,
                format!("invalid publish_time: strconv.ParseInt: parsing \"{s}\": invalid syntax"),
            )
        })?,
    };
    let full = req.flag("full");
    let now = st.now_ns();
    let idx = st.next_index();
    let id = st.keyrings.rng.uuid();
    let prepublish = publish_time > 0;
    // A full rotation re-encrypts what every older key encrypted (Nomad marks them all
    // `rekeying`); a plain one retires the active key.
    if !prepublish {
        for k in st.keyrings.root.iter_mut() {
            let rekey = full && matches!(k.state, "active" | "inactive");
            if rekey {
                k.state = "rekeying";
                k.rekeyed_at = Some(now + REKEY_NS);
            } else if k.state == "active" {
                k.state = "inactive";
            } else {
                continue;
            }
            k.modify_index = idx;
        }
    }
    let key = RootKey {
        id,
        state: if prepublish { "prepublished" } else { "active" },
        create_time: now,
        publish_time,
        create_index: idx,
        modify_index: idx,
        rekeyed_at: None,
    };
    let body = json!({"Index": idx, "Key": key.json(now, false)});
    st.keyrings.root.push(key);
    Ok(Answer::plain(body))
}

/// `DELETE /v1/operator/keyring/key/<id>?force=…`: by the whole ID; never the active key.
fn delete(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let id = req.params.first().cloned().unwrap_or_default();
    let keys = &mut st.keyrings.root;
    let Some(pos) = keys.iter().position(|k| k.id == id) else {
        return Err(ApiError::new(500, "root key not found"));
    };
    if keys[pos].state == "active" {
        return Err(ApiError::new(
            500,
            "active root key cannot be deleted - call rotate first",
        ));
    }
    keys.remove(pos);
    let idx = st.next_index();
    Ok(Answer::plain(json!({"Index": idx})))
}

/// `GET /v1/agent/keyring/list`: each key with the number of servers holding it (one: the
/// agent answering speaks for its own keyring).
fn gossip_list(st: &State, _req: &Req) -> Result<Answer, ApiError> {
    let keys: serde_json::Map<String, Value> = st
        .keyrings
        .gossip
        .keys
        .iter()
        .map(|k| (k.clone(), json!(1)))
        .collect();
    Ok(Answer::plain(
        json!({"Keys": keys, "Messages": {}, "NumNodes": 1}),
    ))
}

/// `PUT /v1/agent/keyring/install|use|remove` with `{"Key": …}`: Nomad decodes the key
/// itself (a bad one is its base64 error), and the servers refuse a key of the wrong size,
/// using a key they lack, or removing the primary one ("1/1 nodes reported failure").
fn gossip_op(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    if req.body.is_empty() {
        return Err(ApiError::new(400, "Request body is empty"));
    }
    let body: Value = serde_json::from_slice(&req.body)
        .map_err(|_| ApiError::new(400, "invalid character in request body"))?;
    let key = body["Key"].as_str().unwrap_or("").to_string();
    let size = decoded_len(&key)
        .map_err(|at| ApiError::new(500, format!("illegal base64 data at input byte {at}")))?;
    let failed = || ApiError::new(500, "1/1 nodes reported failure");
    let op = req.params.first().map(String::as_str).unwrap_or("");
    let g = &mut st.keyrings.gossip;
    match op {
        "install" if matches!(size, 16 | 24 | 32) => {
            g.keys.insert(key);
        }
        "install" => return Err(failed()),
        "use" if g.keys.contains(&key) => g.primary = key,
        "use" => return Err(failed()),
        _ if key == g.primary => return Err(failed()),
        _ => {
            g.keys.remove(&key);
        }
    }
    Ok(Answer::plain(
        json!({"Keys": {}, "Messages": {}, "NumNodes": 1}),
    ))
}

/// The decoded size of standard, padded base64, or where Go's decoder stops (the offending
/// byte, or the start of an incomplete last group).
fn decoded_len(s: &str) -> Result<usize, usize> {
    let b = s.as_bytes();
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    if let Some(at) = b[..b.len() - pad]
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'+' || c == b'/'))
    {
        return Err(at);
    }
    if !b.len().is_multiple_of(4) || pad > 2 {
        return Err(b.len() - b.len() % 4);
    }
    Ok(b.len() / 4 * 3 - pad)
}
