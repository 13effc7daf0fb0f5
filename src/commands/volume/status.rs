//! `volume status`: Nomad's `VolumeStatusCommand` (host volumes here, CSI volumes in
//! `status_csi`).

use serde_json::Value;

use crate::api::{Client, QueryOptions};
use crate::cli::volume::VolumeStatusArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::humanize::ibytes;
use crate::gocompat::strconv::quote;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;
use crate::output::{format_kv, id_len};
use crate::views::allocs::format_alloc_list_stubs;

use super::status_csi::{csi_list, csi_status};
use super::{alloc_stubs, capabilities_table, host_by_prefix, host_volumes_table, sorted_by_id};
use super::{str_of, Lookup, Opts};

/// Why a host volume could not be shown: `List` when the prefix named none (or the lookup
/// failed), so a CSI volume may be tried; `Other` for everything after a match.
pub enum HostError {
    List(String),
    Other(String),
}

impl HostError {
    fn text(&self) -> &str {
        match self {
            HostError::List(s) | HostError::Other(s) => s,
        }
    }
}

pub async fn run(ctx: &mut Ctx, a: &VolumeStatusArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes either no arguments or one: <id>",
            "volume status",
        );
    }
    let (format, format_error) = match DataFormat::choose(a.format.json, &a.format.template) {
        Ok(f) => (f, None),
        Err(e) => (None, Some(e)),
    };
    let opts = Opts {
        format,
        format_error,
        verbose: a.verbose,
        short: a.short,
        length: id_len(a.verbose),
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let id = a.args.first().map(String::as_str).unwrap_or_default();
    let ns = a.global.namespace.as_str();
    let result = match a.kind.as_str() {
        "csi" => {
            if !a.node.is_empty() || !a.node_pool.is_empty() {
                ctx.ui
                    .error("-node and -node-pool can only be used with -type host");
                return 1;
            }
            csi_status(ctx, &client, id, ns, &opts).await
        }
        "host" => host_status(ctx, &client, id, a, &opts)
            .await
            .map_err(|e| e.text().to_string()),
        "" if id.is_empty() => {
            let host = host_list(ctx, &client, &a.node, &a.node_pool, &opts).await;
            if let Err(e) = &host {
                ctx.ui.error(e);
            }
            ctx.ui.output("");
            let csi = csi_list(ctx, &client, &opts).await;
            if let Err(e) = &csi {
                ctx.ui.error(e);
            }
            return i32::from(host.is_err() || csi.is_err());
        }
        "" => match host_status(ctx, &client, id, a, &opts).await {
            Ok(()) => Ok(()),
            Err(HostError::Other(e)) => Err(e),
            Err(HostError::List(host)) => match csi_status(ctx, &client, id, ns, &opts).await {
                Ok(()) => Ok(()),
                Err(csi) => Err(format!("{host}\n{csi}")),
            },
        },
        other => Err(format!("No such volume type {}", quote(other))),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            ctx.ui.error(&e);
            1
        }
    }
}

/// `hostVolumeStatus`: the list, or the one volume the prefix names.
async fn host_status(
    ctx: &mut Ctx,
    client: &Client,
    id: &str,
    a: &VolumeStatusArgs,
    opts: &Opts<'_>,
) -> Result<(), HostError> {
    if id.is_empty() {
        return host_list(ctx, client, &a.node, &a.node_pool, opts)
            .await
            .map_err(HostError::Other);
    }
    if !a.node.is_empty() || !a.node_pool.is_empty() {
        return Err(HostError::Other(
            "-node or -node-pool options can only be used when no ID is provided".into(),
        ));
    }
    let stub = match host_by_prefix(client, id, &a.global.namespace).await {
        Ok(Lookup::One(v)) => v,
        Ok(Lookup::Several(list)) => {
            let list = sorted_by_id(list);
            let out = match opts.data(GoType::HostVolumeStubs, &Value::Array(list.clone())) {
                Some(Ok(s)) => s,
                Some(Err(e)) => {
                    return Err(HostError::Other(format!(
                        "Error formatting: format error: {e}"
                    )))
                }
                None => host_volumes_table(&list, opts.length),
            };
            return Err(HostError::Other(format!(
                "Prefix matched multiple host volumes\n\n{out}"
            )));
        }
        Err(e) => return Err(HostError::List(format!("Error listing host volumes: {e}"))),
    };
    let (vol, _) = client
        .host_volume(str_of(&stub, "ID"), &QueryOptions::new())
        .await
        .map_err(|e| HostError::Other(format!("Error querying host volume: {e}")))?;
    let out = match opts.data(GoType::HostVolume, &vol) {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            return Err(HostError::Other(format!(
                "Error formatting host volume: format error: {e}"
            )))
        }
        None => ctx.ui.colorize(&render_host_volume(&vol, opts, ctx.now_ns)),
    };
    ctx.ui.output(&out);
    Ok(())
}

/// `hostVolumeList`: the banner (without `-json`/`-t`), then the table, or "No dynamic host
/// volumes" on stderr.
async fn host_list(
    ctx: &mut Ctx,
    client: &Client,
    node: &str,
    pool: &str,
    opts: &Opts<'_>,
) -> Result<(), String> {
    if !opts.is_data() {
        ctx.ui
            .output(&ctx.ui.colorize("[bold]Dynamic Host Volumes[reset]"));
    }
    let mut q = QueryOptions::new();
    if !node.is_empty() {
        q = q.param("node_id", node);
    }
    if !pool.is_empty() {
        q = q.param("node_pool", pool);
    }
    let (body, _) = client
        .host_volumes(&q)
        .await
        .map_err(|e| format!("Error querying host volumes: {e}"))?;
    let list = sorted_by_id(super::list_of(body));
    if list.is_empty() {
        ctx.ui.error("No dynamic host volumes");
        return Ok(());
    }
    let out = match opts.data(GoType::HostVolumeStubs, &Value::Array(list.clone())) {
        Some(Ok(s)) => s,
        Some(Err(e)) => return Err(format!("Error formatting host volumes: format error: {e}")),
        None => host_volumes_table(&list, opts.length),
    };
    ctx.ui.output(&out);
    Ok(())
}

/// `formatHostVolume`: the volume's fields, then (unless short) its capabilities and the
/// allocations using it; `[bold]` markup left for the caller to colour.
pub fn render_host_volume(vol: &Value, opts: &Opts<'_>, now_ns: i64) -> String {
    let fields = format_kv(&[
        format!("ID|{}", str_of(vol, "ID")),
        format!("Name|{}", str_of(vol, "Name")),
        format!("Namespace|{}", str_of(vol, "Namespace")),
        format!("Plugin ID|{}", str_of(vol, "PluginID")),
        format!("Node ID|{}", str_of(vol, "NodeID")),
        format!("Node Pool|{}", str_of(vol, "NodePool")),
        format!(
            "Capacity|{}",
            ibytes(vol["CapacityBytes"].as_i64().unwrap_or(0) as u64)
        ),
        format!("State|{}", str_of(vol, "State")),
        format!("Host Path|{}", str_of(vol, "HostPath")),
    ]);
    if opts.short {
        return fields;
    }
    [
        fields,
        "\n[bold]Capabilities[reset]".to_string(),
        capabilities_table(&vol["RequestedCapabilities"]),
        "\n[bold]Allocations[reset]".to_string(),
        format_alloc_list_stubs(&alloc_stubs(&vol["Allocations"]), opts.verbose, now_ns),
    ]
    .join("\n")
}
