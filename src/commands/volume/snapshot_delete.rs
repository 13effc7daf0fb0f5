//! `volume snapshot delete`: Nomad's `VolumeSnapshotDeleteCommand`. Asks a CSI plugin (named
//! by its exact ID) to delete a snapshot from its storage provider; prints nothing on success.

use crate::cli::volume::VolumeSnapshotDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

use super::secrets_or_report;

pub async fn run(ctx: &mut Ctx, a: &VolumeSnapshotDeleteArgs) -> i32 {
    // Nomad checks for at least two arguments and ignores any more.
    let [plugin, snapshot, ..] = a.args.as_slice() else {
        return usage_error(
            ctx,
            "This command takes two arguments: <plugin id> <snapshot id>",
            "volume snapshot delete",
        );
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let Some(q) = secrets_or_report(ctx, &a.secret) else {
        return 1;
    };
    if let Err(e) = client.delete_csi_snapshot(plugin, snapshot, &q).await {
        // Nomad's wording, though a snapshot is what failed.
        ctx.ui.error(&format!("Error deleting volume: {e}"));
        return 1;
    }
    0
}
