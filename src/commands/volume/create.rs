//! `volume create`: Nomad's `VolumeCreateCommand`. A CSI volume is created by its plugin's
//! controller; a dynamic host volume is placed on a node by its plugin, then followed until
//! it is ready unless `-detach` is given (or it is ready at once).

use serde_json::{json, Value};

use crate::api::Client;
use crate::cli::volume::VolumeCreateArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::hcl1::Item;

use super::spec::{csi_volume, host_volume, parse_type};
use super::{host_volumes_table, sorted_by_id, str_of, Lookup};

pub async fn run(ctx: &mut Ctx, a: &VolumeCreateArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <input>",
            "volume create",
        );
    }
    let Some((items, ty)) = read_spec(ctx, &a.args[0]) else {
        return 1;
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    match ty.to_lowercase().as_str() {
        "csi" => create_csi(ctx, &client, &items, a.policy_override).await,
        "host" => create_host(ctx, &client, &items, a).await,
        _ => {
            ctx.ui.error(&format!("Error unknown volume type: {ty}"));
            1
        }
    }
}

/// Reads the file (or standard input for `-`) and its volume type; `None` once the error
/// is shown.
pub fn read_spec(ctx: &mut Ctx, path: &str) -> Option<(Vec<Item>, String)> {
    let raw = if path == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf) {
            ctx.ui.error(&format!("Failed to read stdin: {e}"));
            return None;
        }
        buf
    } else {
        match crate::commands::common::read_file(path) {
            Ok(b) => b,
            Err(e) => {
                ctx.ui.error(&format!("Failed to read file: {e}"));
                return None;
            }
        }
    };
    match parse_type(&String::from_utf8_lossy(&raw)) {
        Ok(x) => Some(x),
        Err(e) => {
            ctx.ui.error(&format!("Error parsing the volume type: {e}"));
            None
        }
    }
}

/// `-id`: the ID of the host volume a prefix names (in the spec's namespace, else the
/// `-namespace` flag's), for an update.
pub async fn existing_host_id(
    client: &Client,
    vol: &Value,
    prefix: &str,
    flag_ns: &str,
) -> Result<String, String> {
    let ns = match str_of(vol, "Namespace") {
        "" => flag_ns,
        ns => ns,
    };
    match super::host_by_prefix(client, prefix, ns).await {
        Ok(Lookup::One(v)) => Ok(str_of(&v, "ID").to_string()),
        // Nomad formats this table with no ID length, so its ID columns are empty.
        Ok(Lookup::Several(list)) => Err(format!(
            "Prefix matched multiple volumes\n\n{}",
            host_volumes_table(&sorted_by_id(list), 0)
        )),
        Err(e) => Err(format!("Could not update existing volume: {e}")),
    }
}

/// `req` as Nomad's client sends it: the Go struct `ty` with every field.
pub fn go_body(ty: &str, req: &Value) -> Value {
    let text = crate::output::json::to_std_json_compact(ty, req);
    serde_json::from_str(&text).unwrap_or_else(|_| req.clone())
}

/// The write's warnings, as Nomad shows them before the result.
pub fn show_warnings(ctx: &mut Ctx, resp: &Value) {
    let warnings = str_of(resp, "Warnings");
    if !warnings.is_empty() {
        let w = ctx.ui.colorize(&format!(
            "[bold][yellow]Volume Warnings:\n{warnings}[reset]\n"
        ));
        ctx.ui.output(&w);
    }
}

async fn create_csi(ctx: &mut Ctx, client: &Client, items: &[Item], policy_override: bool) -> i32 {
    let vol = match csi_volume(items) {
        Ok(v) => v,
        Err(e) => {
            ctx.ui
                .error(&format!("Error decoding the volume definition: {e}"));
            return 1;
        }
    };
    let id = str_of(&vol, "ID").to_string();
    let req = json!({"Volumes": [vol], "PolicyOverride": policy_override});
    let resp = match client
        .create_csi_volume(&id, &go_body("CSIVolumeCreateRequest", &req))
        .await
    {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error creating volume: {e}"));
            return 1;
        }
    };
    show_warnings(ctx, &resp);
    for v in resp["Volumes"].as_array().into_iter().flatten() {
        ctx.ui.output(&format!(
            "Created external volume {} with ID {}",
            str_of(v, "ExternalID"),
            str_of(v, "ID")
        ));
    }
    0
}

async fn create_host(ctx: &mut Ctx, client: &Client, items: &[Item], a: &VolumeCreateArgs) -> i32 {
    let mut vol = match host_volume(items) {
        Ok(v) => v,
        Err(e) => {
            ctx.ui
                .error(&format!("Error decoding the volume definition: {e}"));
            return 1;
        }
    };
    if !a.id.is_empty() {
        match existing_host_id(client, &vol, &a.id, &a.global.namespace).await {
            Ok(id) => vol["ID"] = json!(id),
            Err(e) => {
                ctx.ui.error(&e);
                return 1;
            }
        }
    }
    let req = json!({"Volume": vol, "PolicyOverride": a.policy_override});
    let (resp, meta) = match client
        .create_host_volume(&go_body("HostVolumeCreateRequest", &req))
        .await
    {
        Ok(x) => x,
        Err(e) => {
            ctx.ui.error(&format!("Error creating volume: {e}"));
            return 1;
        }
    };
    show_warnings(ctx, &resp);
    let vol = &resp["Volume"];
    let (name, id) = (str_of(vol, "Name"), str_of(vol, "ID"));
    if a.detach || str_of(vol, "State") == "ready" {
        ctx.ui
            .output(&format!("Created host volume {name} with ID {id}"));
        return 0;
    }
    ctx.ui
        .output(&format!("==> Created host volume {name} with ID {id}"));
    let ns = str_of(vol, "Namespace");
    let opts = super::Opts {
        format: None,
        format_error: None,
        verbose: a.verbose,
        short: !a.verbose,
        length: crate::output::id_len(a.verbose),
    };
    let render = |v: &Value, now: i64| super::status::render_host_volume(v, &opts, now);
    match crate::monitor::volume::watch(ctx, client, (id, ns), meta.last_index, a.verbose, render)
        .await
    {
        Ok(()) => 0,
        Err(e) => {
            let t = crate::monitor::clock(ctx);
            ctx.ui.error(&format!("==> {t}: {e}"));
            1
        }
    }
}
