//! `volume delete`: Nomad's `VolumeDeleteCommand` (CSI volumes by default, `-type host`).

use crate::api::{is_uuid, Client, QueryOptions};
use crate::cli::volume::VolumeDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

use super::{csi_by_prefix, csi_volumes_table, host_by_prefix, host_volumes_table};
use super::{secrets_query, sorted_by_id, str_of, Lookup};

pub async fn run(ctx: &mut Ctx, a: &VolumeDeleteArgs) -> i32 {
    let Some(id) = a.args.first() else {
        return usage_error(
            ctx,
            "This command takes at least one argument: <vol id>",
            "volume delete",
        );
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let result = match a.kind.as_str() {
        "csi" => delete_csi(&client, id, &a.secret, &a.global.namespace).await,
        "host" => delete_host(&client, id, a.force, &a.global.namespace).await,
        other => Err(format!("No such volume type {}", quote(other))),
    };
    match result {
        Ok(id) => {
            ctx.ui
                .output(&format!("Successfully deleted volume {}!", quote(&id)));
            0
        }
        Err(e) => {
            ctx.ui.error(&e);
            1
        }
    }
}

async fn delete_csi(
    client: &Client,
    id: &str,
    secrets: &[String],
    ns: &str,
) -> Result<String, String> {
    let mut q = secrets_query(secrets)?;
    let stub = match csi_by_prefix(client, id, ns).await {
        Ok(Lookup::One(v)) => v,
        Ok(Lookup::Several(list)) => {
            return Err(format!(
                "Prefix matched multiple volumes\n\n{}",
                csi_volumes_table(&sorted_by_id(list))
            ))
        }
        Err(e) => return Err(format!("Could not find existing CSI volume to delete: {e}")),
    };
    let id = str_of(&stub, "ID").to_string();
    let stub_ns = str_of(&stub, "Namespace");
    if !stub_ns.is_empty() {
        q = q.namespace(stub_ns);
    }
    client
        .delete_csi_volume(&id, &q)
        .await
        .map_err(|e| format!("Error deleting volume: {e}"))?;
    Ok(id)
}

async fn delete_host(client: &Client, id: &str, force: bool, ns: &str) -> Result<String, String> {
    let mut q = QueryOptions::new();
    if !ns.is_empty() {
        q = q.namespace(ns);
    }
    // A full ID is used as given; anything else is looked up as a prefix (or a name).
    let id = if is_uuid(id) {
        id.to_string()
    } else {
        match host_by_prefix(client, id, ns).await {
            Ok(Lookup::One(v)) => {
                q = q.namespace(str_of(&v, "Namespace"));
                str_of(&v, "ID").to_string()
            }
            Ok(Lookup::Several(list)) => {
                return Err(format!(
                    "Prefix matched multiple volumes\n\n{}",
                    host_volumes_table(&sorted_by_id(list), 0)
                ))
            }
            Err(e) => {
                return Err(format!(
                    "Could not find existing host volume to delete: {e}"
                ))
            }
        }
    };
    client
        .delete_host_volume(&id, force, &q)
        .await
        .map_err(|e| format!("Error deleting volume: {e}"))?;
    Ok(id)
}
