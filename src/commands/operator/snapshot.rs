//! `operator snapshot save` and `restore` (Nomad's `command/operator_snapshot_save.go` and
//! `_restore.go`). The download goes to `<file>.tmp`, is checked against the server's
//! `Digest`, and only then renamed: a broken transfer never leaves a snapshot that looks whole
//! (and, unlike Nomad, its `.tmp` is removed).

use std::io::Write;
use std::time::{Duration, Instant};

use crate::cli::operator::{OperatorPlainArgs, OperatorSnapshotSaveArgs};
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn save(ctx: &mut Ctx, a: &OperatorSnapshotSaveArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes either no arguments or one: <filename>",
            "operator snapshot save",
        );
    }
    let file = match a.args.first() {
        Some(f) => f.clone(),
        None => default_name(ctx.now_ns),
    };
    match std::fs::symlink_metadata(&file) {
        Ok(_) => {
            let q = crate::gocompat::strconv::quote(&file);
            ctx.ui
                .error(&format!("Destination file already exists: {q}"));
            ctx.ui
                .error("For additional help try 'nomad operator snapshot save -help'");
            return 1;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            let q = crate::gocompat::strconv::quote(&file);
            let why = crate::gocompat::os::io_text(&e);
            ctx.ui.error(&format!(
                "Unexpected failure checking {q}: lstat {file}: {why}"
            ));
            return 1;
        }
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let tmp = format!("{file}.tmp");
    let mut out = match std::fs::File::create(&tmp) {
        Ok(f) => f,
        Err(e) => {
            let why = crate::gocompat::os::io_text(&e);
            ctx.ui
                .error(&format!("Failed to create file: open {tmp}: {why}"));
            return 1;
        }
    };
    let (mut resp, digest) = match client.snapshot(a.stale).await {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            ctx.ui.error(&format!("Failed to get snapshot file: {e}"));
            return 1;
        }
    };
    let mut check = match Digest::parse(&digest) {
        Ok(d) => d,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            ctx.ui.error(&format!("Failed to get snapshot file: {e}"));
            return 1;
        }
    };
    let mut progress = Progress::new(ctx.ui.stderr_is_tty());
    let silence = client.stream_silence();
    let result: Result<(), String> = loop {
        let next = match silence {
            Some(limit) => match tokio::time::timeout(limit, resp.chunk()).await {
                Ok(r) => r,
                Err(_) => break Err("unexpected EOF".into()),
            },
            None => resp.chunk().await,
        };
        match next {
            Ok(Some(chunk)) => {
                check.update(&chunk);
                if let Err(e) = out.write_all(&chunk) {
                    break Err(format!("write {tmp}: {}", crate::gocompat::os::io_text(&e)));
                }
                if let Some(line) = progress.add(chunk.len()) {
                    ctx.ui.raw_err(&line);
                }
            }
            Ok(None) => break check.verify(),
            Err(_) => break Err("unexpected EOF".into()),
        }
    };
    if progress.shown() {
        ctx.ui.raw_err("\r\x1b[2K");
    }
    let result = result.and_then(|()| {
        out.sync_all()
            .map_err(|e| format!("sync {tmp}: {}", crate::gocompat::os::io_text(&e)))
    });
    drop(out);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        ctx.ui
            .error(&format!("Failed to download snapshot file: {e}"));
        return 1;
    }
    if let Err(e) = std::fs::rename(&tmp, &file) {
        let why = crate::gocompat::os::io_text(&e);
        ctx.ui.error(&format!(
            "Failed to finalize snapshot file: rename {tmp} {file}: {why}"
        ));
        return 1;
    }
    ctx.ui.output(&format!("State file written to {file}"));
    0
}

/// Nomad's default file name, `nomad-state-YYYYMMD-<unix>.snap` in local time (the day is
/// not padded: Nomad's format says `%0d`).
pub fn default_name(now_ns: i64) -> String {
    use chrono::{Datelike, Local, TimeZone};
    let secs = now_ns.div_euclid(1_000_000_000);
    let t = Local
        .timestamp_opt(secs, 0)
        .single()
        .unwrap_or_else(|| Local.timestamp_opt(0, 0).unwrap());
    format!(
        "nomad-state-{:04}{:02}{}-{secs}.snap",
        t.year(),
        t.month(),
        t.day()
    )
}

/// The server's `Digest` header (`sha-256=<base64>`), checked when the body ends.
struct Digest {
    ctx: Option<ring::digest::Context>,
    want: String,
}

impl Digest {
    fn parse(header: &str) -> Result<Digest, String> {
        let (algo, want) = header
            .split_once('=')
            .ok_or_else(|| "invalid digest format".to_string())?;
        let ctx = match algo {
            "sha-256" => Some(ring::digest::Context::new(&ring::digest::SHA256)),
            "sha-512" => Some(ring::digest::Context::new(&ring::digest::SHA512)),
            _ => None,
        };
        Ok(Digest {
            ctx,
            want: want.to_string(),
        })
    }

    fn update(&mut self, b: &[u8]) {
        if let Some(c) = self.ctx.as_mut() {
            c.update(b);
        }
    }

    /// Nomad's `mismatch checksum`. An algorithm rnomad cannot compute (Nomad's servers send
    /// sha-256) is not checked.
    fn verify(&mut self) -> Result<(), String> {
        let Some(c) = self.ctx.take() else {
            return Ok(());
        };
        use base64::Engine as _;
        let found = base64::engine::general_purpose::STANDARD.encode(c.finish());
        if found == self.want {
            Ok(())
        } else {
            Err("mismatch checksum".into())
        }
    }
}

/// The bytes received so far, on one stderr line rewritten in place, for people at a
/// terminal during a transfer that takes more than a second.
struct Progress {
    tty: bool,
    start: Instant,
    last: Option<Instant>,
    bytes: u64,
}

impl Progress {
    fn new(tty: bool) -> Progress {
        Progress {
            tty,
            start: Instant::now(),
            last: None,
            bytes: 0,
        }
    }

    /// Counts `n` more bytes; the line to draw, when one is due.
    fn add(&mut self, n: usize) -> Option<String> {
        self.bytes += n as u64;
        if !self.tty || self.start.elapsed() < Duration::from_secs(1) {
            return None;
        }
        let recent = Duration::from_millis(200);
        if self.last.is_some_and(|l| l.elapsed() < recent) {
            return None;
        }
        self.last = Some(Instant::now());
        Some(format!(
            "\r\x1b[2KDownloading snapshot: {}",
            size(self.bytes)
        ))
    }

    /// Whether a line was drawn (and must be cleared).
    fn shown(&self) -> bool {
        self.last.is_some()
    }
}

/// A byte count for the progress line.
pub fn size(b: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if b < 1024 * 1024 {
        format!("{:.1} KiB", b as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", b as f64 / MIB)
    }
}

pub async fn restore(ctx: &mut Ctx, a: &OperatorPlainArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <filename>",
            "operator snapshot restore",
        );
    }
    let file = &a.args[0];
    let snapshot = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            let why = crate::gocompat::os::io_text(&e);
            let q = crate::gocompat::strconv::quote(&format!("open {file}: {why}"));
            ctx.ui.error(&format!("Error opening snapshot file: {q}"));
            return 1;
        }
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if let Err(e) = client.snapshot_restore(snapshot).await {
        ctx.ui
            .error(&format!("Failed to get restore snapshot: {e}"));
        return 1;
    }
    ctx.ui.output("Snapshot Restored");
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_checks_the_body() {
        let mut d = Digest::parse("sha-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").unwrap();
        assert_eq!(d.verify(), Ok(()));
        let mut d = Digest::parse("sha-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").unwrap();
        d.update(b"x");
        assert_eq!(d.verify(), Err("mismatch checksum".into()));
        assert!(Digest::parse("nodigest").is_err());
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(3 * 1024 * 1024), "3.0 MiB");
    }
}
