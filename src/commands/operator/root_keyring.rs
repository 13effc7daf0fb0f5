//! `operator root keyring list|rotate|remove` (Nomad's `command/operator_root_keyring*.go`).

use crate::api::keyring::RootKeyMeta;
use crate::api::Client;
use crate::cli::operator::{
    OperatorRootKeyringListArgs, OperatorRootKeyringRemoveArgs, OperatorRootKeyringRotateArgs,
};
use crate::cli::GlobalArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::output::{format_list, time::format_unix_nano};

/// Nomad's wording when neither or both of `-now` and `-prepublish` are given (blank lines
/// around it included).
const NOW_OR_PREPUBLISH: &str = "
One of \"-now\" or \"-prepublish\" must be used.

If a key has been leaked use \"-now\" to force immediate rotation.

Otherwise please use \"-prepublish <duration>\" to ensure the new key is not used
to sign workload identities before JWKS endpoints are updated.
";

/// The client, or Nomad's keyring commands' line when it cannot be made.
pub(super) fn client(ctx: &mut Ctx, g: &GlobalArgs) -> Option<Client> {
    match ctx.client(g) {
        Ok(c) => Some(c),
        Err(e) => {
            ctx.ui
                .error(&format!("Error creating nomad cli client: {e}"));
            None
        }
    }
}

pub async fn list(ctx: &mut Ctx, a: &OperatorRootKeyringListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "root keyring list");
    }
    let Some(client) = client(ctx, &a.global) else {
        return 1;
    };
    match client.root_keys().await {
        Ok(keys) => {
            ctx.ui.output(&render(&keys, a.verbose));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("error: {e}"));
            1
        }
    }
}

pub async fn rotate(ctx: &mut Ctx, a: &OperatorRootKeyringRotateArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(
            ctx,
            "This command takes no arguments",
            "root keyring rotate",
        );
    }
    let Some(client) = client(ctx, &a.global) else {
        return 1;
    };
    if a.now == (a.prepublish != 0) {
        ctx.ui.error(NOW_OR_PREPUBLISH);
        return 1;
    }
    // Nomad sends the moment the key goes active; a negative duration means no prepublishing.
    let publish_time = if a.prepublish > 0 {
        ctx.now().saturating_add(a.prepublish)
    } else {
        0
    };
    match client.root_key_rotate(a.full, publish_time).await {
        Ok(key) => {
            // Nomad would crash on a reply without a key; an empty table says as much.
            let keys: Vec<RootKeyMeta> = key.into_iter().collect();
            ctx.ui.output(&render(&keys, a.verbose));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("error: {e}"));
            1
        }
    }
}

pub async fn remove(ctx: &mut Ctx, a: &OperatorRootKeyringRemoveArgs) -> i32 {
    let [id] = a.args.as_slice() else {
        return usage_error(
            ctx,
            "This command requires one argument: <key ID>",
            "root keyring remove",
        );
    };
    let Some(client) = client(ctx, &a.global) else {
        return 1;
    };
    match client.root_key_delete(id, a.force).await {
        Ok(()) => {
            ctx.ui.output(&format!("Removed encryption key {id}"));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("error: {e}"));
            1
        }
    }
}

/// The key table: IDs cut to 8 characters unless verbose, no publish time when there is none.
pub fn render(keys: &[RootKeyMeta], verbose: bool) -> String {
    let mut rows = vec!["Key|State|Create Time|Publish Time".to_string()];
    for k in keys {
        // Nomad slices the ID and would crash on a shorter one; a short ID is shown whole.
        let id = if verbose {
            k.key_id.as_str()
        } else {
            k.key_id.get(..8).unwrap_or(&k.key_id)
        };
        let publish = if k.publish_time > 0 {
            format_unix_nano(k.publish_time)
        } else {
            String::new()
        };
        rows.push(format!(
            "{id}|{}|{}|{publish}",
            k.state,
            format_unix_nano(k.create_time)
        ));
    }
    format_list(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(file: &str) -> Vec<RootKeyMeta> {
        let path = format!(
            "{}/tests/fixtures/nomad-1.10.5/api/opsa/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn keys_render_as_nomad() {
        let k = keys("keyring-keys-after.json");
        let out = crate::output::time::in_utc(|| render(&k, false));
        assert_eq!(
            out,
            "Key       State         Create Time           Publish Time\n\
             85fdb803  prepublished  2026-12-04T16:30:09Z  2026-12-04T17:30:00Z\n\
             bf9084f4  rekeying      2026-12-04T16:30:09Z  <none>\n\
             d43a5bf7  rekeying      2026-12-04T16:28:47Z  <none>\n\
             e887776b  active        2026-12-04T16:30:10Z  <none>"
        );
    }

    #[test]
    fn short_ids_do_not_crash() {
        let k = vec![RootKeyMeta {
            key_id: "ab".into(),
            state: "active".into(),
            ..Default::default()
        }];
        assert_eq!(
            render(&k, false),
            "Key  State   Create Time  Publish Time\nab   active  <none>       <none>"
        );
    }
}
