//! `volume register`: Nomad's `VolumeRegisterCommand`. Records a volume that already exists:
//! a CSI volume in its storage provider, or a host volume at a path on one node.

use serde_json::json;

use crate::api::Client;
use crate::cli::volume::VolumeRegisterArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::hcl1::Item;

use super::create::{existing_host_id, go_body, read_spec, show_warnings};
use super::spec::{csi_volume, host_volume};
use super::str_of;
use crate::gocompat::strconv::quote;

pub async fn run(ctx: &mut Ctx, a: &VolumeRegisterArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <input>",
            "volume register",
        );
    }
    let Some((items, ty)) = read_spec(ctx, &a.args[0]) else {
        return 1;
    };
    // Unlike `create`, Nomad lower-cases the type before it names it in the error.
    let ty = ty.to_lowercase();
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    match ty.as_str() {
        "csi" => register_csi(ctx, &client, &items, a.policy_override).await,
        "host" => register_host(ctx, &client, &items, a).await,
        _ => {
            ctx.ui.error(&format!("Error unknown volume type: {ty}"));
            1
        }
    }
}

async fn register_csi(
    ctx: &mut Ctx,
    client: &Client,
    items: &[Item],
    policy_override: bool,
) -> i32 {
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
        .register_csi_volume(&id, &go_body("CSIVolumeRegisterRequest", &req))
        .await
    {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error registering volume: {e}"));
            return 1;
        }
    };
    show_warnings(ctx, &resp);
    for v in resp["Volumes"].as_array().into_iter().flatten() {
        ctx.ui
            .output(&format!("Volume {} registered", quote(str_of(v, "ID"))));
    }
    0
}

async fn register_host(
    ctx: &mut Ctx,
    client: &Client,
    items: &[Item],
    a: &VolumeRegisterArgs,
) -> i32 {
    let mut vol = match host_volume(items) {
        Ok(v) => v,
        Err(e) => {
            ctx.ui
                .error(&format!("Error decoding the volume definition: {e}"));
            return 1;
        }
    };
    if str_of(&vol, "NodeID").is_empty() {
        ctx.ui.error("Node ID is required for registering");
        return 1;
    }
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
    let resp = match client
        .register_host_volume(&go_body("HostVolumeRegisterRequest", &req))
        .await
    {
        Ok((r, _)) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error registering volume: {e}"));
            return 1;
        }
    };
    show_warnings(ctx, &resp);
    let vol = &resp["Volume"];
    ctx.ui.output(&format!(
        "Registered host volume {} with ID {}",
        str_of(vol, "Name"),
        str_of(vol, "ID")
    ));
    0
}
