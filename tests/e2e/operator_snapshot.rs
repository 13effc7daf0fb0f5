//! `operator snapshot save` and `restore` (outputs checked against Nomad v1.10.5; the round
//! trip itself was checked on real agents: saved from one, restored on a fresh one).

use crate::common::{builder, dead_address, rnomad, sim, temp_dir};
use insta::assert_snapshot;

#[test]
fn save_then_restore_round_trips() {
    let s = sim();
    let dir = temp_dir();
    let file = dir.path().join("state.snap");
    let file = file.to_str().expect("utf-8 path");
    let r = rnomad(&["var", "put", "proof/a", "k=v"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let r = rnomad(&["operator", "snapshot", "save", file])
        .sim(&s)
        .run();
    assert_eq!(
        (r.stdout.clone(), r.code),
        (format!("State file written to {file}\n"), 0),
        "{r}"
    );
    assert!(!std::path::Path::new(&format!("{file}.tmp")).exists());
    // The file is never overwritten.
    let r = rnomad(&["operator", "snapshot", "save", file])
        .sim(&s)
        .run();
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(
        r.stderr,
        format!("Destination file already exists: \"{file}\"\nFor additional help try 'nomad operator snapshot save -help'\n")
    );
    let r = rnomad(&["var", "purge", "proof/a"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    assert_snapshot!(
        "restore_ok",
        rnomad(&["operator", "snapshot", "restore", file])
            .sim(&s)
            .run()
    );
    let r = rnomad(&["var", "get", "-item", "k", "proof/a"])
        .sim(&s)
        .run();
    assert_eq!((r.stdout.as_str(), r.code), ("v", 0), "{r}");
}

#[test]
fn default_name_is_nomads() {
    let s = sim();
    let dir = temp_dir();
    let r = crate::common::shell(&format!(
        "cd '{}' && rnomad operator snapshot save -stale && ls",
        dir.path().display()
    ))
    .sim(&s)
    .run();
    // RNOMAD_TEST_NOW is 2023-11-14T22:13:20Z (a one-digit day would stay unpadded, as
    // Nomad formats it with `%0d`).
    assert_snapshot!("save_default_name", r);
}

#[test]
fn a_broken_download_leaves_nothing() {
    let s = sim();
    s.faults()
        .fail("/v1/operator/snapshot", 500, "snapshot failed", None);
    let dir = temp_dir();
    let file = dir.path().join("x.snap");
    let file = file.to_str().expect("utf-8 path");
    let r = rnomad(&["operator", "snapshot", "save", file])
        .sim(&s)
        .run();
    assert_snapshot!("save_server_error", r);
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "nothing left behind"
    );
}

#[test]
fn failures() {
    let s = sim();
    assert_snapshot!(
        "save_two_args",
        rnomad(&["operator", "snapshot", "save", "a", "b"]).run()
    );
    assert_snapshot!(
        "restore_no_args",
        rnomad(&["operator", "snapshot", "restore"]).run()
    );
    assert_snapshot!(
        "restore_missing_file",
        rnomad(&["operator", "snapshot", "restore", "/nonexistent/x.snap"]).run()
    );
    let dir = temp_dir();
    let garbage = dir.write("garbage.snap", "not a snapshot");
    assert_snapshot!(
        "restore_garbage",
        rnomad(&["operator", "snapshot", "restore", &garbage])
            .sim(&s)
            .run()
    );
    let acl = builder().acl(true).spawn();
    let file = dir.path().join("denied.snap");
    let r = rnomad(&[
        "operator",
        "snapshot",
        "save",
        file.to_str().expect("utf-8"),
    ])
    .sim(&acl)
    .redact(dir.path().to_str().expect("utf-8"), "DIR")
    .run();
    assert_snapshot!("save_denied", r);
    assert!(!file.exists());
    let dead = dead_address();
    let r = rnomad(&[
        "operator",
        "snapshot",
        "save",
        "-address",
        &dead,
        "/nonexistent/d.snap",
    ])
    .dead(&dead)
    .run();
    assert_snapshot!("save_no_dir", r);
    let file = dir.path().join("down.snap");
    let r = rnomad(&[
        "operator",
        "snapshot",
        "save",
        "-address",
        &dead,
        file.to_str().expect("utf-8"),
    ])
    .dead(&dead)
    .run();
    assert_snapshot!("save_down", r);
}
