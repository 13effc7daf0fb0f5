//! `volume snapshot create`: Nomad's `VolumeSnapshotCreateCommand`. Asks the CSI plugin of a
//! registered volume to snapshot it under the name given, and prints the resulting snapshot.

use serde_json::{json, Map, Value};

use crate::api::Error;
use crate::cli::volume::VolumeSnapshotCreateArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

use super::snapshot_list::snapshots_table;
use super::{list_of, secrets_or_report};

pub async fn run(ctx: &mut Ctx, a: &VolumeSnapshotCreateArgs) -> i32 {
    let [vol_id, name] = a.args.as_slice() else {
        return usage_error(
            ctx,
            "This command takes two arguments: <vol id> <snapshot name>",
            "volume snapshot create",
        );
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let Some(q) = secrets_or_report(ctx, &a.secret) else {
        return 1;
    };
    let req = create_request(vol_id, name, &a.secret, &a.parameter);
    let body = match client.create_csi_snapshot(&req, &q).await {
        // Nomad's client fails to decode an empty reply with io.EOF.
        Ok((Value::Null, _)) => Err(Error::Decode("EOF".into())),
        Ok((body, _)) => Ok(body),
        Err(e) => Err(e),
    };
    match body {
        Ok(body) => {
            let snaps = list_of(body["Snapshots"].clone());
            ctx.ui.output(&snapshots_table(snaps, a.verbose));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error snapshotting volume: {e}"));
            1
        }
    }
}

/// `key=value` flags as Go's map gets them: a later key wins; a value without `=` is
/// dropped (Nomad ignores such a `-parameter`; a bad `-secret` was refused before).
fn pairs(kvs: &[String]) -> Map<String, Value> {
    let mut m = Map::new();
    for kv in kvs {
        if let Some((k, v)) = kv.split_once('=') {
            m.insert(k.to_string(), Value::String(v.to_string()));
        }
    }
    m
}

/// The `CSISnapshotCreateRequest` Nomad's client sends: one `CSISnapshot` with every field,
/// the secrets in the body as well as in the header.
fn create_request(vol_id: &str, name: &str, secrets: &[String], params: &[String]) -> Value {
    json!({"Snapshots": [{
        "ID": "", "ExternalSourceVolumeID": "", "SizeBytes": 0, "CreateTime": 0,
        "IsReady": false, "SourceVolumeID": vol_id, "PluginID": "", "Name": name,
        "Secrets": pairs(secrets), "Parameters": pairs(params),
    }], "Region": "", "Namespace": "", "SecretID": ""})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_without_a_value_are_dropped_and_later_keys_win() {
        let req = create_request(
            "vol1",
            "snap",
            &["k=v".into()],
            &["a=1".into(), "junk".into(), "a=2".into(), "b=x=y".into()],
        );
        let snap = &req["Snapshots"][0];
        assert_eq!(snap["SourceVolumeID"], "vol1");
        assert_eq!(snap["Name"], "snap");
        assert_eq!(snap["Secrets"], json!({"k": "v"}));
        assert_eq!(snap["Parameters"], json!({"a": "2", "b": "x=y"}));
    }
}
