//! `operator raft info` (Nomad's `command/operator_raft_info.go` and `helper/raftutil`): finds
//! a server's raft.db on this machine and prints the range of log indexes it holds.

use std::path::Path;
use std::time::Duration;

use crate::cli::operator::OperatorRaftInfoArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::bbolt::{Db, OpenError};
use crate::gocompat::os::io_text;

pub fn run(ctx: &mut Ctx, a: &OperatorRaftInfoArgs) -> i32 {
    let [path] = a.args.as_slice() else {
        return usage_error(
            ctx,
            "This command takes one argument: <path>",
            "operator raft info",
        );
    };
    let raft = match find_raft_file(path) {
        Ok(p) => p,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    match log_range(&raft) {
        Ok((first, last)) => {
            // Go's unsigned arithmetic: an empty log (0, 0) has length 1, as Nomad prints.
            let len = last.wrapping_sub(first).wrapping_add(1);
            ctx.ui.output(&format!("path:        {raft}"));
            ctx.ui.output(&format!("length:      {len}"));
            ctx.ui.output(&format!("first index: {first}"));
            ctx.ui.output(&format!("last index:  {last}"));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("failed to open raft logs: {e}"));
            1
        }
    }
}

/// `raftutil.RaftStateInfo`: the first and last index of the `logs` bucket, with Nomad's
/// errors (a lock held by a running server is "in use").
fn log_range(path: &str) -> Result<(u64, u64), String> {
    let db = Db::open_read_only(Path::new(path), Duration::from_secs(1)).map_err(|e| match e {
        OpenError::Timeout => "unable to open raft logs that are in use".to_string(),
        OpenError::Os(op, e) => format!("failed to open raft logs: {op} {path}: {}", io_text(&e)),
        OpenError::Empty => {
            format!("failed to open raft logs: write {path}: bad file descriptor")
        }
        OpenError::Bolt(e) => format!("failed to open raft logs: {e}"),
    })?;
    // Nomad crashes on a database without the bucket; rnomad says what is missing.
    let (first, last) = db
        .first_last_key(b"logs")
        .map_err(|e| format!("failed to fetch first index: {e}"))?
        .ok_or_else(|| "failed to fetch first index: no logs bucket in the database".to_string())?;
    let index = |k: Option<Vec<u8>>| -> Result<u64, String> {
        match k {
            None => Ok(0),
            Some(k) => k
                .get(..8)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_be_bytes)
                .ok_or_else(|| format!("a log key of {} bytes is not an index", k.len())),
        }
    };
    let first = index(first).map_err(|e| format!("failed to fetch first index: {e}"))?;
    let last = index(last).map_err(|e| format!("failed to fetch last index: {e}"))?;
    Ok((first, last))
}

/// `raftutil.FindRaftFile`: `<p>/server/raft/raft.db`, `<p>/raft/raft.db`, `<p>/raft.db`,
/// `<p>` itself when it exists and ends in `.db`, else the last raft.db a walk of `<p>` meets.
pub fn find_raft_file(p: &str) -> Result<String, String> {
    for sub in [
        &["server", "raft", "raft.db"][..],
        &["raft", "raft.db"],
        &["raft.db"],
    ] {
        let mut parts = vec![p];
        parts.extend_from_slice(sub);
        let candidate = join(&parts);
        if std::fs::metadata(&candidate).is_ok() {
            return Ok(candidate);
        }
    }
    if std::fs::metadata(p).is_ok() && Path::new(p).extension().is_some_and(|e| e == "db") {
        return Ok(p.to_string());
    }
    let mut found = None;
    walk(p, &mut found)?;
    found.ok_or_else(|| format!("File raft.db not found in path {p}"))
}

/// `filepath.Walk` (lexical order, no symlinks followed) recording every path named raft.db.
fn walk(path: &str, found: &mut Option<String>) -> Result<(), String> {
    let meta =
        std::fs::symlink_metadata(path).map_err(|e| format!("lstat {path}: {}", io_text(&e)))?;
    if base(path) == "raft.db" {
        *found = Some(path.to_string());
    }
    if !meta.is_dir() {
        return Ok(());
    }
    let mut names: Vec<String> = std::fs::read_dir(path)
        .map_err(|e| format!("open {path}: {}", io_text(&e)))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for n in names {
        walk(&join(&[path, &n]), found)?;
    }
    Ok(())
}

/// `filepath.Base`.
fn base(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return if p.is_empty() { "." } else { "/" };
    }
    t.rsplit('/').next().unwrap_or(t)
}

/// `filepath.Join`: the non-empty parts joined with `/`, then `filepath.Clean`ed.
pub fn join(parts: &[&str]) -> String {
    let joined: Vec<&str> = parts.iter().copied().filter(|s| !s.is_empty()).collect();
    if joined.is_empty() {
        return String::new();
    }
    clean(&joined.join("/"))
}

/// `filepath.Clean`: no doubled slashes, no `.`, `..` folded where it can be.
pub fn clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => match out.last() {
                Some(&l) if l != ".." => {
                    out.pop();
                }
                _ if rooted => {}
                _ => out.push(".."),
            },
            _ => out.push(part),
        }
    }
    let body = out.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_clean_as_go() {
        for (p, want) in [
            ("", "."),
            ("a//b/./c/..", "a/b"),
            ("/../a", "/a"),
            ("../../a", "../../a"),
            ("a/../..", ".."),
            ("/", "/"),
            ("./data/", "data"),
        ] {
            assert_eq!(clean(p), want, "{p}");
        }
        assert_eq!(
            join(&["./d/", "server", "raft", "raft.db"]),
            "d/server/raft/raft.db"
        );
        assert_eq!(base("/a/raft.db/"), "raft.db");
    }
}
