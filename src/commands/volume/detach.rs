//! `volume detach`: Nomad's `VolumeDetachCommand`. Asks the server to unpublish a CSI volume
//! from a node. The node is named by an ID prefix; a node that no longer exists is looked for
//! among the allocations claiming the volume.

use crate::api::{sanitize_uuid_prefix, QueryOptions};
use crate::cli::volume::VolumeDetachArgs;
use crate::commands::common::usage_error;
use crate::commands::node::node_stub_table;
use crate::ctx::Ctx;
use crate::output::{format_list, FULL_ID};

use super::{csi_by_prefix, csi_volumes_table, sorted_by_id, str_of, Lookup};

pub async fn run(ctx: &mut Ctx, a: &VolumeDetachArgs) -> i32 {
    let [vol_id, node_id] = a.args.as_slice() else {
        return usage_error(
            ctx,
            "This command takes two arguments: <vol id> <node id>",
            "volume detach",
        );
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let mut vol_id = vol_id.clone();
    let mut node_id = sanitize_uuid_prefix(node_id);
    // An empty prefix is left out of the query, as Nomad's client does.
    let mut q = QueryOptions::new();
    if !node_id.is_empty() {
        q = q.prefix(&node_id);
    }
    let nodes = match client.nodes(&q).await {
        Ok((n, _)) => n,
        Err(e) => {
            ctx.ui.error(&format!("Error detaching volume: {e}"));
            return 1;
        }
    };
    match nodes.as_slice() {
        [one] => node_id = one.id.clone(),
        [] => {
            // The node may be gone (garbage collected): the volume's claims may still name it.
            let stub = match csi_by_prefix(&client, &vol_id, &a.global.namespace).await {
                Ok(Lookup::One(v)) => v,
                Ok(Lookup::Several(list)) => {
                    ctx.ui.error(&format!(
                        "Prefix matched multiple volumes\n\n{}",
                        csi_volumes_table(&sorted_by_id(list))
                    ));
                    return 1;
                }
                Err(e) => {
                    ctx.ui.error(&format!("Error listing volumes: {e}"));
                    return 1;
                }
            };
            vol_id = str_of(&stub, "ID").to_string();
            let vol = match client.csi_volume(&vol_id, &QueryOptions::new()).await {
                Ok((v, _)) => v,
                Err(e) => {
                    ctx.ui.error(&format!("Error querying volume: {e}"));
                    return 1;
                }
            };
            let claimed: Vec<String> = vol["Allocations"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| str_of(a, "NodeID").to_string())
                .filter(|n| n.starts_with(&node_id))
                .collect();
            match claimed.as_slice() {
                [one] => node_id = one.clone(),
                // Nomad reports the ambiguity, then detaches with the prefix as given.
                [_, _, ..] => ctx.ui.error(&format!(
                    "Prefix matched multiple node IDs\n\n{}",
                    format_list(&claimed)
                )),
                [] => {}
            }
        }
        several => {
            ctx.ui.error(&format!(
                "Prefix matched multiple nodes\n\n{}",
                node_stub_table(several, FULL_ID)
            ));
            return 1;
        }
    }
    if let Err(e) = client.detach_csi_volume(&vol_id, &node_id).await {
        ctx.ui.error(&format!("Error detaching volume: {e}"));
        return 1;
    }
    0
}
