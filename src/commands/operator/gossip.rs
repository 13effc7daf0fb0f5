//! `operator gossip keyring generate` (Nomad's
//! `command/operator_gossip_keyring_generate.go`): a new gossip encryption key, made locally.

use crate::ctx::Ctx;

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
    fn keys_are_32_bytes_in_standard_base64() {
        assert_eq!(
            super::encode(&[0xff; 32]),
            "//////////////////////////////////////////8="
        );
    }
}
