//! Nomad Variables (`/v1/vars`, `/v1/var/:path`): paths with string items, per namespace.
//! Enough for `job init -template` and `-list-templates`, which read
//! `nomad/job-templates/<name>`.

use crate::state::State;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct Variable {
    pub namespace: String,
    pub path: String,
    pub items: BTreeMap<String, String>,
    pub create_index: u64,
    pub modify_index: u64,
    pub create_time: i64,
    pub modify_time: i64,
}

impl Variable {
    /// `structs.VariableMetadata` as the list endpoint answers it.
    pub fn metadata_json(&self) -> Value {
        json!({
            "Namespace": self.namespace, "Path": self.path, "Lock": null,
            "CreateIndex": self.create_index, "ModifyIndex": self.modify_index,
            "CreateTime": self.create_time, "ModifyTime": self.modify_time,
        })
    }

    /// `structs.VariableDecrypted`: the metadata and the items.
    pub fn to_json(&self) -> Value {
        let mut v = self.metadata_json();
        v["Items"] = json!(self.items);
        v
    }
}

/// Nomad trims spaces and slashes around a variable path.
pub fn clean_path(path: &str) -> &str {
    path.trim_matches(|c| c == ' ' || c == '/')
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
        let (create_index, create_time) = self
            .variables
            .get(&key)
            .map(|v| (v.create_index, v.create_time))
            .unwrap_or((idx, now));
        let var = Variable {
            namespace: key.0.clone(),
            path: key.1.clone(),
            items,
            create_index,
            modify_index: idx,
            create_time,
            modify_time: now,
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
