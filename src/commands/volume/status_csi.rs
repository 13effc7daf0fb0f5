//! `volume status` for CSI volumes: Nomad's `csiVolumeStatus` and `csiVolumesList`.

use serde_json::Value;

use crate::api::{Client, QueryOptions};
use crate::ctx::Ctx;
use crate::gocompat::humanize::ibytes;
use crate::gocompat::multierror::multierror;
use crate::gocompat::strconv::quote;
use crate::output::gotype::GoType;
use crate::output::{format_kv, format_list, limit};
use crate::views::allocs::format_alloc_list_stubs;

use super::{alloc_stubs, capabilities_table, csi_by_prefix, csi_volumes_table, sorted_by_id};
use super::{list_of, str_of, Lookup, Opts};

/// The one CSI volume a prefix names (the list when `id` is empty).
pub async fn csi_status(
    ctx: &mut Ctx,
    client: &Client,
    id: &str,
    ns: &str,
    opts: &Opts<'_>,
) -> Result<(), String> {
    if id.is_empty() {
        return csi_list(ctx, client, opts).await;
    }
    let stub = match csi_by_prefix(client, id, ns).await {
        Ok(Lookup::One(v)) => v,
        Ok(Lookup::Several(list)) => {
            let list = sorted_by_id(list);
            let out = match opts.data(GoType::CsiVolumeListStubs, &Value::Array(list.clone())) {
                Some(Ok(s)) => s,
                Some(Err(e)) => return Err(format!("Error formatting: format error: {e}")),
                None => csi_volumes_table(&list),
            };
            return Err(format!("Prefix matched multiple CSI volumes\n\n{out}"));
        }
        Err(e) => return Err(format!("Error listing CSI volumes: {e}")),
    };
    let (vol, _) = client
        .csi_volume(str_of(&stub, "ID"), &QueryOptions::new())
        .await
        .map_err(|e| format!("Error querying CSI volume: {e}"))?;
    let out = match opts.data(GoType::CsiVolume, &vol) {
        Some(Ok(s)) => s,
        Some(Err(e)) => return Err(format!("Error formatting CSI volume: format error: {e}")),
        None => ctx.ui.colorize(&render_csi_volume(&vol, opts, ctx.now_ns)),
    };
    ctx.ui.output(&out);
    Ok(())
}

/// `csiVolumesList`: the banner, the table (or "No CSI volumes" on stderr) and, with
/// `-verbose`, the external volumes of each healthy controller plugin.
pub async fn csi_list(ctx: &mut Ctx, client: &Client, opts: &Opts<'_>) -> Result<(), String> {
    if !opts.is_data() {
        ctx.ui
            .output(&ctx.ui.colorize("[bold]Container Storage Interface[reset]"));
    }
    let (body, _) = client
        .csi_volumes(&QueryOptions::new())
        .await
        .map_err(|e| format!("Error querying CSI volumes: {e}"))?;
    let list = sorted_by_id(list_of(body));
    if list.is_empty() {
        ctx.ui.error("No CSI volumes");
        return Ok(());
    }
    let out = match opts.data(GoType::CsiVolumeListStubs, &Value::Array(list.clone())) {
        Some(Ok(s)) => s,
        Some(Err(e)) => return Err(format!("Error formatting: format error: {e}")),
        None => csi_volumes_table(&list),
    };
    ctx.ui.output(&out);
    if !opts.verbose {
        return Ok(());
    }
    let (plugins, _) = client
        .csi_plugins(&QueryOptions::new())
        .await
        .map_err(|e| format!("Error querying CSI plugins: {e}"))?;
    let mut errors = Vec::new();
    for p in list_of(plugins) {
        let healthy = p["ControllersHealthy"].as_i64().unwrap_or(0);
        if !p["ControllerRequired"].as_bool().unwrap_or(false) || healthy < 1 {
            continue;
        }
        let plugin = str_of(&p, "ID");
        let mut q = QueryOptions {
            per_page: Some(30),
            ..Default::default()
        };
        loop {
            let page = match client.csi_external_volumes(plugin, &q).await {
                Ok((v, _)) => v,
                Err(e) => {
                    errors.push(format!(
                        "Error querying CSI external volumes for plugin {}: {e}",
                        quote(plugin)
                    ));
                    break;
                }
            };
            let vols = page["Volumes"].as_array().cloned().unwrap_or_default();
            if vols.is_empty() {
                break;
            }
            ctx.ui.output("");
            ctx.ui.output(&external_table(&vols, opts.length));
            match page["NextToken"].as_str().unwrap_or_default() {
                "" => break,
                t => q.next_token = Some(t.to_string()),
            }
            ctx.ui.output("...");
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(multierror(&errors))
    }
}

/// The external volumes of one plugin page.
fn external_table(vols: &[Value], length: usize) -> String {
    let mut rows = vec!["External ID|Condition|Nodes".to_string()];
    for v in vols {
        let condition = if v["IsAbnormal"].as_bool().unwrap_or(false) {
            format!("Abnormal ({})", str_of(v, "Status"))
        } else {
            "OK".to_string()
        };
        let nodes: Vec<&str> = v["PublishedExternalNodeIDs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        rows.push(format!(
            "{}|{}|{}",
            limit(str_of(v, "ExternalID"), length),
            limit(&condition, 20),
            nodes.join(",")
        ));
    }
    format_list(&rows)
}

/// `csiVolMountOption` for a volume's own mount options (no request to merge).
fn mount_options(m: &Value) -> String {
    if !m.is_object() {
        return "<none>".to_string();
    }
    let mut out = String::new();
    let fs = str_of(m, "FSType");
    if !fs.is_empty() {
        out = format!("fs_type: {fs}");
    }
    let flags: Vec<&str> = m["MountFlags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if !flags.is_empty() {
        out = format!("{out} flags: {}", flags.join(", "));
    }
    out
}

/// `formatTopology`: one row per topology with its segments (Go's map order is random; these
/// come sorted by key).
fn topologies(vol: &Value) -> String {
    let mut rows = vec!["Topology|Segments".to_string()];
    for (i, t) in vol["Topologies"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        if t.is_null() {
            continue;
        }
        let pairs: Vec<String> = t["Segments"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
            .collect();
        rows.push(format!("{i:02}|{}", pairs.join(", ")));
    }
    if rows.len() == 1 {
        return String::new();
    }
    format_list(&rows)
}

/// `formatCSIBasic`: the volume's fields, then (unless short) topologies, capabilities and
/// allocations; `[bold]` markup left for the caller to colour.
pub fn render_csi_volume(vol: &Value, opts: &Opts<'_>, now_ns: i64) -> String {
    let int = |k: &str| vol[k].as_i64().unwrap_or(0);
    let fields = format_kv(&[
        format!("ID|{}", str_of(vol, "ID")),
        format!("Name|{}", str_of(vol, "Name")),
        format!("Namespace|{}", str_of(vol, "Namespace")),
        format!("External ID|{}", str_of(vol, "ExternalID")),
        format!("Plugin ID|{}", str_of(vol, "PluginID")),
        format!("Provider|{}", str_of(vol, "Provider")),
        format!("Version|{}", str_of(vol, "ProviderVersion")),
        format!("Capacity|{}", ibytes(int("Capacity") as u64)),
        format!(
            "Schedulable|{}",
            vol["Schedulable"].as_bool().unwrap_or(false)
        ),
        format!("Controllers Healthy|{}", int("ControllersHealthy")),
        format!("Controllers Expected|{}", int("ControllersExpected")),
        format!("Nodes Healthy|{}", int("NodesHealthy")),
        format!("Nodes Expected|{}", int("NodesExpected")),
        format!("Access Mode|{}", str_of(vol, "AccessMode")),
        format!("Attachment Mode|{}", str_of(vol, "AttachmentMode")),
        format!("Mount Options|{}", mount_options(&vol["MountOptions"])),
    ]);
    if opts.short {
        return fields;
    }
    let mut full = vec![fields];
    if vol["Topologies"].as_array().is_some_and(|t| !t.is_empty()) {
        full.push("\n[bold]Topologies[reset]".to_string());
        full.push(topologies(vol));
    }
    full.push("\n[bold]Capabilities[reset]".to_string());
    full.push(capabilities_table(&vol["RequestedCapabilities"]));
    full.push("\n[bold]Allocations[reset]".to_string());
    full.push(format_alloc_list_stubs(
        &alloc_stubs(&vol["Allocations"]),
        opts.verbose,
        now_ns,
    ));
    full.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mount_options_as_nomad_words_them() {
        assert_eq!(mount_options(&Value::Null), "<none>");
        assert_eq!(
            mount_options(&json!({"FSType": "ext4", "MountFlags": ["ro", "noatime"]})),
            "fs_type: ext4 flags: ro, noatime"
        );
        assert_eq!(mount_options(&json!({"MountFlags": ["ro"]})), " flags: ro");
    }
}
