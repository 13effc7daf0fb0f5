//! `tls ca create|info`, `tls cert create|info`: Nomad's helpers for a cluster's TLS, made
//! locally as Nomad's `helper/tlsutil` makes them (ECDSA P-256 keys, its subjects, key
//! identifiers and extensions) over `gocompat::x509`.

pub mod ca_create;
pub mod cert_create;
pub mod info;

use crate::gocompat::x509::{cert, PrivateKey};

/// `fileDoesNotExist`, but a symlink (dangling too) counts as existing: nothing is ever
/// written through one.
fn exists(path: &str) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Writes a new file with Go's permissions (before the umask), only ever creating it
/// (`O_EXCL`, so never through a symlink nor over a file made since the check).
fn write_new(path: &str, content: &str, mode: u32) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, mode);
    #[cfg(not(unix))]
    let _ = mode;
    opts.open(path)?.write_all(content.as_bytes())
}

/// `keyID`: the SHA-256 of the public key's `SubjectPublicKeyInfo` (Nomad's own choice).
fn key_id(key: &PrivateKey) -> Result<Vec<u8>, String> {
    let spki = key.spki()?;
    Ok(ring::digest::digest(&ring::digest::SHA256, &spki)
        .as_ref()
        .to_vec())
}

/// Now and `days` calendar days from now, in Unix seconds: Go's `time.Now().AddDate(0, 0,
/// days)` counts days on the local wall clock, so a daylight-saving change in between moves
/// the end by its hour.
fn validity(days: i64) -> (i64, i64) {
    use chrono::{Days, Local, TimeZone};
    let now = Local::now();
    let wall = now.naive_local();
    let moved = if days >= 0 {
        wall.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        wall.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    let end = moved
        .and_then(|w| Local.from_local_datetime(&w).earliest())
        .map(|t| t.timestamp())
        .unwrap_or_else(|| now.timestamp().saturating_add(days.saturating_mul(86_400)));
    (now.timestamp(), end)
}

/// The first `CERTIFICATE` block of a PEM text, parsed (`tlsutil.ParseCert`).
fn parse_cert(text: &[u8]) -> Result<cert::Certificate, String> {
    let Some((block, _)) = crate::gocompat::x509::pem::decode(text) else {
        return Err("no PEM-encoded data found".into());
    };
    if block.typ != "CERTIFICATE" {
        return Err("first PEM-block should be CERTIFICATE type".into());
    }
    cert::parse(&block.bytes)
}
