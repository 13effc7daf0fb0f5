//! sprig's hashing, password, key, certificate and AES functions.

use super::super::funcs::Imp;
use super::super::value::{new_struct, Named, STRING};
use std::sync::OnceLock;

/// sprig's `certificate` struct (`Cert`, `Key`: PEM text).
pub fn certificate_type() -> &'static Named {
    static T: OnceLock<&'static Named> = OnceLock::new();
    T.get_or_init(|| new_struct("sprig.certificate", vec![("Cert", STRING), ("Key", STRING)]))
}

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    Vec::new()
}

/// Random bytes from the system's secure source (Go's `crypto/rand`).
pub fn random_bytes(n: usize) -> Vec<u8> {
    use ring::rand::SecureRandom;
    let mut b = vec![0u8; n];
    // The system source does not fail on Linux; zeros would only weaken randomness, never
    // crash a template.
    let _ = ring::rand::SystemRandom::new().fill(&mut b);
    b
}

/// A uniform random number below `n` (`n > 0`), without modulo bias.
pub fn random_below(n: u64) -> u64 {
    if n <= 1 {
        return 0;
    }
    let zone = u64::MAX - u64::MAX % n;
    loop {
        let b = random_bytes(8);
        let x = u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        if x < zone {
            return x % n;
        }
    }
}
