//! `volume deregister`: Nomad's `VolumeDeregisterCommand` (CSI volumes only).

use crate::api::QueryOptions;
use crate::cli::volume::VolumeDeregisterArgs;
use crate::commands::common::{confirm, usage_error};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

use super::{csi_by_prefix, csi_volumes_table, sorted_by_id, str_of, Lookup};

pub async fn run(ctx: &mut Ctx, a: &VolumeDeregisterArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <id>",
            "volume deregister",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let id = match csi_by_prefix(&client, &a.args[0], &a.global.namespace).await {
        Ok(Lookup::One(v)) => str_of(&v, "ID").to_string(),
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
    if a.force {
        let question = format!(
            "Are you sure you want to force deregister volume {}? [y/N]",
            quote(&id)
        );
        if let Err(code) = confirm(ctx, &question, "Cancelling volume deregister") {
            return code;
        }
    }
    if let Err(e) = client
        .deregister_csi_volume(&id, a.force, &QueryOptions::new())
        .await
    {
        ctx.ui.error(&format!("Error deregistering volume: {e}"));
        return 1;
    }
    ctx.ui
        .output(&format!("Successfully deregistered volume {}!", quote(&id)));
    0
}
