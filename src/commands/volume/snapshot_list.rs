//! `volume snapshot list`: Nomad's `VolumeSnapshotListCommand`. Picks the CSI plugin named by
//! `-plugin` (an ID prefix) and lists one page of the snapshots its storage provider knows.

use serde_json::Value;

use crate::api::QueryOptions;
use crate::cli::volume::VolumeSnapshotListArgs;
use crate::commands::common::{args_without_page_token, usage_error};
use crate::ctx::Ctx;
use crate::gocompat::humanize::ibytes;
use crate::gocompat::strconv::quote;
use crate::output::time::format_unix_nano;
use crate::output::{format_list, limit};

use super::plugin_status::plugins_table;
use super::{list_of, secrets_or_report, sorted_by_id, str_of};

pub async fn run(ctx: &mut Ctx, a: &VolumeSnapshotListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(
            ctx,
            "This command takes no arguments",
            "volume snapshot list",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    // No -plugin lists every plugin: a cluster with one CSI plugin needs no flag.
    let q = QueryOptions::new().prefix(&a.plugin);
    let plugins = match client.csi_plugins(&q).await {
        Ok((body, _)) => list_of(body),
        Err(e) => {
            ctx.ui.error(&format!("Error querying CSI plugins: {e}"));
            return 1;
        }
    };
    let plugin = match plugins.as_slice() {
        [] => {
            ctx.ui.error(&format!(
                "No plugins(s) with prefix or ID {} found",
                quote(&a.plugin)
            ));
            return 1;
        }
        // Nomad compares the flag with the first plugin only, in the server's order.
        [first, ..] if plugins.len() == 1 || str_of(first, "ID") == a.plugin => {
            str_of(first, "ID").to_string()
        }
        _ => {
            ctx.ui.error(&format!(
                "Prefix matched multiple plugins\n\n{}",
                plugins_table(&sorted_by_id(plugins), 30)
            ));
            return 1;
        }
    };
    let Some(q) = secrets_or_report(ctx, &a.secret) else {
        return 1;
    };
    // Nomad's client sends the page size as an int32.
    let per_page = a.per_page as i32;
    let body = match client
        .csi_snapshots(&plugin, per_page, &a.page_token, &q)
        .await
    {
        Ok((body, _)) => body,
        Err(e) => {
            ctx.ui.error(&format!(
                "Error querying CSI external snapshots for plugin {}: {e}",
                quote(&plugin)
            ));
            return 1;
        }
    };
    let snapshots = list_of(body["Snapshots"].clone());
    if snapshots.is_empty() {
        return 0;
    }
    ctx.ui.output(&snapshots_table(snapshots, a.verbose));
    let token = str_of(&body, "NextToken");
    if !token.is_empty() {
        ctx.ui.output(&format!(
            "\nResults have been paginated. To get the next page run:\n{} -page-token {token}",
            args_without_page_token(&ctx.os_args)
        ));
    }
    0
}

/// `csiFormatSnapshots`: newest first (Nomad's client sorts by creation time), the source
/// volume's external ID cut to 12 characters unless verbose.
pub fn snapshots_table(mut snapshots: Vec<Value>, verbose: bool) -> String {
    let int = |v: &Value, k: &str| v[k].as_i64().unwrap_or(0);
    snapshots.sort_by_key(|s| std::cmp::Reverse(int(s, "CreateTime")));
    let length = if verbose { 30 } else { 12 };
    let mut rows = vec!["Snapshot ID|Volume ID|Size|Create Time|Ready?".to_string()];
    for s in &snapshots {
        rows.push(format!(
            "{}|{}|{}|{}|{}",
            str_of(s, "ID"),
            limit(str_of(s, "ExternalSourceVolumeID"), length),
            // Go converts the int64 size to uint64 and the seconds to nanoseconds, wrapping.
            ibytes(int(s, "SizeBytes") as u64),
            format_unix_nano(int(s, "CreateTime").wrapping_mul(1_000_000_000)),
            s["IsReady"].as_bool().unwrap_or(false),
        ));
    }
    format_list(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::time::in_utc;
    use serde_json::json;

    #[test]
    fn snapshots_are_listed_newest_first_with_short_volume_ids() {
        let snaps = vec![
            json!({"ID": "old", "ExternalSourceVolumeID": "vol-0123456789abcdef",
                "SizeBytes": 1073741824, "CreateTime": 1700000000, "IsReady": true}),
            json!({"ID": "new", "ExternalSourceVolumeID": "vol-2", "SizeBytes": 0,
                "CreateTime": 1700000100, "IsReady": false}),
        ];
        let out = in_utc(|| snapshots_table(snaps.clone(), false));
        assert_eq!(
            out,
            "Snapshot ID  Volume ID     Size     Create Time           Ready?\n\
             new          vol-2         0 B      2023-11-14T22:15:00Z  false\n\
             old          vol-01234567  1.0 GiB  2023-11-14T22:13:20Z  true"
        );
        let verbose = in_utc(|| snapshots_table(snaps, true));
        assert!(verbose.contains("vol-0123456789abcdef"), "{verbose}");
    }
}
