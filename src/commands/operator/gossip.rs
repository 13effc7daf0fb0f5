//! `operator gossip keyring generate|list|install|use|remove` (Nomad's
//! `command/operator_gossip_keyring_*.go`): a new key made locally, and the servers' keyring.

use crate::api::keyring::GossipOp;
use crate::cli::operator::{OperatorGossipKeyArgs, OperatorPlainArgs};
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::output::format_list;

use super::root_keyring::client;

pub async fn list(ctx: &mut Ctx, a: &OperatorPlainArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(
            ctx,
            "This command takes no arguments",
            "operator gossip keyring list",
        );
    }
    let Some(client) = client(ctx, &a.global) else {
        return 1;
    };
    ctx.ui.output("Gathering installed encryption keys...");
    match client.gossip_keys().await {
        Ok(k) => {
            ctx.ui.output(&render(k.keys.unwrap_or_default().keys()));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("error: {e}"));
            1
        }
    }
}

/// The key list. Nomad walks a Go map, in random order; rnomad's sorted order is one of them.
pub fn render<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    let mut rows = vec!["Key".to_string()];
    rows.extend(keys.cloned());
    format_list(&rows)
}

/// `install`, `use` and `remove`: one key, a line saying what is being done, no other output.
pub async fn change(ctx: &mut Ctx, op: GossipOp, a: &OperatorGossipKeyArgs) -> i32 {
    let (name, doing) = match op {
        GossipOp::Install => ("install", "Installing new gossip encryption key..."),
        GossipOp::Use => ("use", "Changing primary gossip encryption key..."),
        GossipOp::Remove => ("remove", "Removing gossip encryption key..."),
    };
    let [key] = a.args.as_slice() else {
        return usage_error(
            ctx,
            "This command requires one argument: <key>",
            &format!("operator gossip keyring {name}"),
        );
    };
    let Some(client) = client(ctx, &a.global) else {
        return 1;
    };
    ctx.ui.output(doing);
    match client.gossip_key_op(op, key).await {
        Ok(()) => 0,
        Err(e) => {
            ctx.ui.error(&format!("error: {e}"));
            1
        }
    }
}

pub fn generate(ctx: &mut Ctx) -> i32 {
    use ring::rand::SecureRandom;
    let mut key = [0u8; 32];
    if let Err(e) = ring::rand::SystemRandom::new().fill(&mut key) {
        ctx.ui.error(&format!("Error reading random data: {e}"));
        return 1;
    }
    ctx.ui.output(&encode(&key));
    0
}

/// The key as Nomad prints it: standard base64.
pub fn encode(key: &[u8; 32]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(key)
}

#[cfg(test)]
mod tests {
    #[test]
    fn key_list_renders_as_nomad() {
        let body = include_str!("../../../tests/fixtures/nomad-1.10.5/api/opsa/gossip-list.json");
        let k: crate::api::keyring::GossipKeys = serde_json::from_str(body).unwrap();
        assert_eq!(
            super::render(k.keys.unwrap().keys()),
            "Key\nXVxHPii2+JQuK2wyPac6gVWzU5avIIpJBez6FiCtPfY="
        );
    }

    #[test]
    fn keys_are_32_bytes_in_standard_base64() {
        assert_eq!(
            super::encode(&[0xff; 32]),
            "//////////////////////////////////////////8="
        );
    }
}
