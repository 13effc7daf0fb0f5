//! Nomad Variables (`/v1/vars`, `/v1/var/:path`): paths with string items, per namespace,
//! with check-and-set writes and locks (`var put`, `var purge`, `var lock`, and the job
//! templates `job init -template` reads).

use crate::state::State;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// A held lock: its holder's ID, the durations as the client sent them, and when it lapses
/// unless renewed.
#[derive(Clone, Debug)]
pub struct Lock {
    pub id: String,
    pub ttl: String,
    pub lock_delay: String,
    pub expires: Instant,
}

#[derive(Clone, Debug, Default)]
pub struct Variable {
    pub namespace: String,
    pub path: String,
    pub items: BTreeMap<String, String>,
    pub create_index: u64,
    pub modify_index: u64,
    pub create_time: i64,
    pub modify_time: i64,
    pub lock: Option<Lock>,
}

impl Variable {
    /// The lock, if it is still held (a lock lapses when its TTL passes without a renewal).
    pub fn live_lock(&self) -> Option<&Lock> {
        self.lock.as_ref().filter(|l| l.expires > Instant::now())
    }

    /// `structs.VariableMetadata` as the list endpoint answers it; `Lock` is null unless held
    /// (a release build's encoder writes the null; see NOTES.md on builds without codegen).
    pub fn metadata_json(&self) -> Value {
        let lock = self
            .live_lock()
            .map(|l| json!({"TTL": l.ttl, "LockDelay": l.lock_delay, "ID": l.id}));
        json!({
            "Namespace": self.namespace, "Path": self.path, "Lock": lock,
            "CreateIndex": self.create_index, "ModifyIndex": self.modify_index,
            "CreateTime": self.create_time, "ModifyTime": self.modify_time,
        })
    }

    /// `structs.VariableDecrypted`: the metadata and the items (null when there are none, as
    /// a lock-only variable reads).
    pub fn to_json(&self) -> Value {
        let mut v = self.metadata_json();
        v["Items"] = if self.items.is_empty() {
            Value::Null
        } else {
            json!(self.items)
        };
        v
    }

    /// The zero variable Nomad answers a conflict on a path that holds nothing.
    pub fn zero(namespace: &str, path: &str) -> Variable {
        Variable {
            namespace: namespace.to_string(),
            path: path.to_string(),
            ..Default::default()
        }
    }
}

/// Nomad trims spaces and slashes around a variable path.
pub fn clean_path(path: &str) -> &str {
    path.trim_matches(|c| c == ' ' || c == '/')
}

/// A Go duration text (`15s`, `1m30s`) as a `Duration`; `None` when it does not parse.
pub fn lock_ttl(text: &str) -> Option<Duration> {
    crate::util::parse_go_duration(text)
}

impl State {
    /// Creates or replaces the variable at `path` in `namespace`.
    pub fn put_variable(
        &mut self,
        namespace: &str,
        path: &str,
        items: BTreeMap<String, String>,
    ) -> Variable {
        let idx = self.next_index();
        let now = self.now_ns();
        let key = (namespace.to_string(), clean_path(path).to_string());
        let old = self.variables.get(&key);
        let (create_index, create_time) = old
            .map(|v| (v.create_index, v.create_time))
            .unwrap_or((idx, now));
        let lock = old.and_then(|v| v.live_lock().cloned());
        let var = Variable {
            namespace: key.0.clone(),
            path: key.1.clone(),
            items,
            create_index,
            modify_index: idx,
            create_time,
            modify_time: now,
            lock,
        };
        self.variables.insert(key, var.clone());
        var
    }

    /// The highest modify index of any variable (the list's `X-Nomad-Index`).
    pub fn variables_index(&self) -> u64 {
        self.variables
            .values()
            .map(|v| v.modify_index)
            .max()
            .unwrap_or(1)
    }
}
