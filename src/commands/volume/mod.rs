//! The `volume` commands (dynamic host volumes and CSI volumes) and `plugin status`.

pub mod claim_delete;
pub mod claim_list;
pub mod create;
pub mod delete;
pub mod deregister;
pub mod detach;
pub mod init;
mod init_examples;
pub mod plugin_status;
pub mod register;
pub mod snapshot_create;
pub mod snapshot_delete;
pub mod snapshot_list;
pub mod spec;
pub mod status;
pub mod status_csi;

use serde_json::Value;

use crate::api::allocs::AllocationListStub;
use crate::api::{Client, QueryOptions};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;
use crate::output::{format_list, limit};

fn str_of<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_default()
}

/// A `-json`/`-t` request as Nomad's `formatOpts` carries it, with the ID length of tables.
pub struct Opts<'a> {
    pub format: Option<DataFormat<'a>>,
    /// Set when both `-json` and `-t` were given: Nomad fails only when it formats.
    pub format_error: Option<String>,
    pub verbose: bool,
    pub short: bool,
    pub length: usize,
}

impl Opts<'_> {
    /// Whether `-json` or `-t` was asked for (then banners are left out).
    pub fn is_data(&self) -> bool {
        self.format.is_some() || self.format_error.is_some()
    }

    /// Nomad's `Format(json, template, v)`: `None` when neither was asked for.
    pub fn data(&self, ty: GoType, v: &Value) -> Option<Result<String, String>> {
        if let Some(e) = &self.format_error {
            return Some(Err(e.clone()));
        }
        self.format.as_ref().map(|f| f.render(ty, v))
    }
}

/// What a prefix names: one object, or several (none is an error).
pub enum Lookup {
    One(Value),
    Several(Vec<Value>),
}

/// Nomad's `getByPrefix` and `getHostVolumeByPrefix`: one object, the one whose ID (or, for
/// host volumes, name) is the prefix among several, or all of them.
fn pick(list: Vec<Value>, what: &str, prefix: &str, by_name: bool) -> Result<Lookup, String> {
    match list.len() {
        0 => Err(format!(
            "no {what} with prefix or ID {} found",
            quote(prefix)
        )),
        1 => Ok(Lookup::One(list.into_iter().next().unwrap_or_default())),
        _ => {
            let exact: Vec<&Value> = list
                .iter()
                .filter(|v| str_of(v, "ID") == prefix || (by_name && str_of(v, "Name") == prefix))
                .collect();
            match exact.as_slice() {
                [one] => Ok(Lookup::One((*one).clone())),
                _ => Ok(Lookup::Several(list)),
            }
        }
    }
}

fn list_of(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        _ => Vec::new(),
    }
}

/// The host volume a prefix names, looked up in namespace `ns` (empty: the client's own).
pub async fn host_by_prefix(client: &Client, prefix: &str, ns: &str) -> Result<Lookup, String> {
    let mut q = QueryOptions::new().prefix(prefix);
    if !ns.is_empty() {
        q = q.namespace(ns);
    }
    let (body, _) = client
        .host_volumes(&q)
        .await
        .map_err(|e| format!("error querying volumes: {e}"))?;
    pick(list_of(body), "volumes", prefix, true)
}

/// The CSI volume a prefix names, looked up in namespace `ns` (empty: the client's own).
pub async fn csi_by_prefix(client: &Client, prefix: &str, ns: &str) -> Result<Lookup, String> {
    let mut q = QueryOptions::new().prefix(prefix);
    if !ns.is_empty() {
        q = q.namespace(ns);
    }
    let (body, _) = client
        .csi_volumes(&q)
        .await
        .map_err(|e| format!("error querying volumes: {e}"))?;
    pick(list_of(body), "volumes", prefix, false)
}

/// Query options carrying `-secret` as `X-Nomad-CSI-Secrets` (Nomad always sends it).
pub fn secrets_query(secrets: &[String]) -> Result<QueryOptions, String> {
    let mut q = QueryOptions::new();
    q.headers
        .push(("X-Nomad-CSI-Secrets".into(), secrets_header(secrets)?));
    Ok(q)
}

/// `secrets_query` for a command: a bad pair is reported, and `None`.
pub fn secrets_or_report(ctx: &mut Ctx, secrets: &[String]) -> Option<QueryOptions> {
    secrets_query(secrets).map_err(|e| ctx.ui.error(&e)).ok()
}

/// The `key=value` pairs joined by commas.
fn secrets_header(secrets: &[String]) -> Result<String, String> {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for kv in secrets {
        let Some((k, v)) = kv.split_once('=') else {
            return Err("Secret must be in the format: -secret key=value".into());
        };
        // A repeated key keeps its last value, as Nomad's map does.
        pairs.retain(|(pk, _)| *pk != k);
        pairs.push((k, v));
    }
    Ok(pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(","))
}

/// Sorts stubs by ID, as Nomad does before printing a list.
pub fn sorted_by_id(mut vols: Vec<Value>) -> Vec<Value> {
    vols.sort_by(|a, b| str_of(a, "ID").cmp(str_of(b, "ID")));
    vols
}

/// `formatHostVolumes`' table (the stubs already sorted).
pub fn host_volumes_table(vols: &[Value], length: usize) -> String {
    let mut rows = vec!["ID|Name|Namespace|Plugin ID|Node ID|Node Pool|State".to_string()];
    for v in vols {
        rows.push(format!(
            "{}|{}|{}|{}|{}|{}|{}",
            limit(str_of(v, "ID"), length),
            str_of(v, "Name"),
            str_of(v, "Namespace"),
            str_of(v, "PluginID"),
            limit(str_of(v, "NodeID"), length),
            str_of(v, "NodePool"),
            str_of(v, "State"),
        ));
    }
    format_list(&rows)
}

/// `csiFormatSortedVolumes`' table (the stubs already sorted).
pub fn csi_volumes_table(vols: &[Value]) -> String {
    let mut rows = vec!["ID|Name|Namespace|Plugin ID|Schedulable|Access Mode".to_string()];
    for v in vols {
        rows.push(format!(
            "{}|{}|{}|{}|{}|{}",
            str_of(v, "ID"),
            str_of(v, "Name"),
            str_of(v, "Namespace"),
            str_of(v, "PluginID"),
            v["Schedulable"].as_bool().unwrap_or(false),
            str_of(v, "AccessMode"),
        ));
    }
    format_list(&rows)
}

/// `Access Mode|Attachment Mode` rows of requested capabilities.
pub fn capabilities_table(caps: &Value) -> String {
    let mut rows = vec!["Access Mode|Attachment Mode".to_string()];
    for c in caps.as_array().into_iter().flatten() {
        rows.push(format!(
            "{}|{}",
            str_of(c, "AccessMode"),
            str_of(c, "AttachmentMode")
        ));
    }
    format_list(&rows)
}

/// The `Allocations` of a volume or plugin, typed for the shared allocation table (an entry
/// that does not fit the stub is left out rather than failing the view).
pub fn alloc_stubs(v: &Value) -> Vec<AllocationListStub> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| serde_json::from_value(a.clone()).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_exact_id_or_host_volume_name_picks_one_of_several() {
        let list = vec![
            json!({"ID": "ab1", "Name": "ab"}),
            json!({"ID": "ab2", "Name": "x"}),
        ];
        assert!(matches!(
            pick(list.clone(), "volumes", "ab", true),
            Ok(Lookup::One(v)) if v["ID"] == "ab1"
        ));
        assert!(matches!(
            pick(list, "volumes", "ab", false),
            Ok(Lookup::Several(l)) if l.len() == 2
        ));
        assert_eq!(
            pick(vec![], "plugins", "x", false).err().unwrap(),
            "no plugins with prefix or ID \"x\" found"
        );
    }
}
