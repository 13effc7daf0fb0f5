//! `operator raft info`, which reads a stopped server's raft.db on this machine: held to Nomad
//! v1.10.5's outputs (`cli/opsa/raft-info-*`, run in the same layout of files) on a raft.db
//! copied from a real server agent (`raft/raft.db`), damaged copies of it, and paths that are
//! not raft databases.

use crate::common::{shell, temp_dir};
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nomad-1.10.5");

/// The files Nomad was run among: a data dir, a raft.db deeper down, and files that are not
/// databases or are damaged ones (the meta pages' version, or their flags under the checksum).
fn layout(dir: &Path) {
    let db = std::fs::read(format!("{FIXTURES}/raft/raft.db")).expect("the raft.db fixture");
    let put = |rel: &str, bytes: &[u8]| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    };
    put("data/server/raft/raft.db", &db);
    put("other/deep/x/raft.db", &db);
    put("notbolt.db", b"hello\n");
    put("empty.db", b"");
    put("zero.db", &[0; 8192]);
    put("plain.txt", b"x\n");
    let edit = |at: &[usize], f: &dyn Fn(u8) -> u8| {
        let mut b = db.clone();
        for &i in at {
            b[i] = f(b[i]);
        }
        b
    };
    // A meta page is 16 bytes of page header, then magic, version, page size, flags, …
    put("version.db", &edit(&[20, 4096 + 20], &|_| 3));
    put("checksum.db", &edit(&[28, 4096 + 28], &|b| b ^ 1));
    put("meta0bad.db", &edit(&[28], &|b| b ^ 1));
}

fn run_in(dir: &Path, args: &str) -> crate::common::Run {
    let line = format!(
        "cd '{}' && exec rnomad operator raft info {args}",
        dir.display()
    );
    shell(&line).run()
}

#[test]
fn raft_info_matches_nomad() {
    let tmp = temp_dir();
    layout(tmp.path());
    for (name, args) in [
        ("datadir", "data"),
        ("serverdir", "data/server"),
        ("raftdir", "data/server/raft"),
        ("file", "data/server/raft/raft.db"),
        ("walk", "other"),
        ("missing", "nosuch"),
        ("notbolt", "notbolt.db"),
        ("empty", "empty.db"),
        ("zero", "zero.db"),
        ("notfound", "plain.txt"),
        ("noargs", ""),
        ("twoargs", "a b"),
        ("flaglike", "-address=x"),
        ("version", "version.db"),
        ("checksum", "checksum.db"),
        ("meta0bad", "meta0bad.db"),
    ] {
        let want = |ext: &str| {
            std::fs::read_to_string(format!("{FIXTURES}/cli/opsa/raft-info-{name}.{ext}"))
                .expect("a recorded output")
        };
        let r = run_in(tmp.path(), args);
        let code: i32 = want("exit").trim().parse().expect("an exit code");
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (code, want("stdout").as_str(), want("stderr").as_str()),
            "{name}: {r}"
        );
    }
}

#[test]
fn raft_info_of_a_locked_database_says_it_is_in_use() {
    // A running server holds the file's exclusive lock; Nomad gives up after a second.
    let tmp = temp_dir();
    layout(tmp.path());
    let file = std::fs::File::open(tmp.path().join("data/server/raft/raft.db")).expect("open");
    file.lock().expect("an exclusive lock");
    let r = run_in(tmp.path(), "data");
    let want = std::fs::read_to_string(format!("{FIXTURES}/cli/opsa/raft-info-locked.stderr"))
        .expect("a recorded output");
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (1, "", want.as_str()),
        "{r}"
    );
    drop(file);
    assert_eq!(run_in(tmp.path(), "data").code, 0);
}

#[test]
fn raft_info_survives_a_corrupt_tree() {
    // Valid meta pages over garbage tree pages: an error line, never a crash.
    let tmp = temp_dir();
    let mut db = std::fs::read(format!("{FIXTURES}/raft/raft.db")).expect("the fixture");
    for b in db.iter_mut().skip(2 * 4096) {
        *b = 0xff;
    }
    std::fs::write(tmp.path().join("raft.db"), &db).expect("write");
    let r = run_in(tmp.path(), ".");
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stderr
            .starts_with("failed to open raft logs: failed to fetch first index: "),
        "{r}"
    );
    assert_eq!(r.stderr.lines().count(), 1, "{r}");
}
