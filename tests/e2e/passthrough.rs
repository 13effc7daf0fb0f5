//! Handing commands rnomad does not implement to a real `nomad`: arguments, exit code, the
//! choice of binary, and the loop guard.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use insta::assert_snapshot;

use crate::common::{rnomad, temp_dir, TempDir, BIN};

/// A directory holding a fake `nomad` that prints its arguments, its stdin and the marker,
/// and exits with the code given in `FAKE_EXIT`.
fn fake_nomad_dir() -> (TempDir, PathBuf) {
    let dir = temp_dir();
    let bin = dir.path().join("nomad");
    std::fs::write(
        &bin,
        "#!/bin/sh\necho \"fake nomad:$(for a in \"$@\"; do printf ' [%s]' \"$a\"; done)\"\n\
         echo \"marker=$RNOMAD_PASSTHROUGH\"\nread line && echo \"stdin=$line\"\n\
         echo to-stderr >&2\nexit ${FAKE_EXIT:-0}\n",
    )
    .expect("write fake nomad");
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    (dir, bin)
}

fn path_of(dir: &Path) -> String {
    format!("{}:/usr/bin:/bin", dir.display())
}

#[test]
fn unimplemented_command_goes_to_nomad_on_path() {
    let (dir, _) = fake_nomad_dir();
    let r = rnomad(&["sentinel", "apply", "-detach", "my job.hcl", "--", "-x"])
        .env("PATH", &path_of(dir.path()))
        .env("FAKE_EXIT", "3")
        .stdin("hello\n")
        .run();
    assert_snapshot!("passthrough_path", r);
}

#[test]
fn agent_with_agent_flags_goes_to_nomad() {
    let (dir, _) = fake_nomad_dir();
    let r = rnomad(&["agent", "-dev", "-config", "a.hcl"])
        .env("PATH", &path_of(dir.path()))
        .run();
    assert_snapshot!("passthrough_agent_dev", r);
}

#[test]
fn nomad_bin_variable_wins_over_path() {
    let (dir, bin) = fake_nomad_dir();
    let other = temp_dir();
    let r = rnomad(&["operator", "raft", "logs"])
        .env("PATH", &path_of(other.path()))
        .env("RNOMAD_NOMAD_BIN", bin.to_str().expect("utf-8 path"))
        .run();
    drop(dir);
    assert_snapshot!("passthrough_nomad_bin", r);
}

#[test]
fn no_nomad_available() {
    let empty = temp_dir();
    let r = rnomad(&["agent", "-dev"])
        .env("PATH", &path_of(empty.path()))
        .run();
    assert_snapshot!("passthrough_none", r);
    let r = rnomad(&["sentinel", "apply", "x.hcl"])
        .env("RNOMAD_NOMAD_BIN", "/nonexistent/nomad")
        .run();
    assert_snapshot!("passthrough_bad_bin", r);
}

#[test]
fn implemented_and_unknown_commands_stay_with_rnomad() {
    let (dir, _) = fake_nomad_dir();
    let r = rnomad(&["version"]).env("PATH", &path_of(dir.path())).run();
    assert!(!r.stdout.contains("fake nomad"), "{r}");
    let r = rnomad(&["foo"]).env("PATH", &path_of(dir.path())).run();
    assert_eq!(r.code, 127, "{r}");
    assert!(!r.stdout.contains("fake nomad"), "{r}");
    let r = rnomad(&["-v", "sentinel", "apply"])
        .env("PATH", &path_of(dir.path()))
        .run();
    assert!(r.stdout.starts_with("rnomad v"), "{r}");
}

#[test]
fn loop_guard_skips_rnomad_itself_on_path() {
    // A `nomad` symlink to rnomad (the drop-in install) is never chosen.
    let dir = temp_dir();
    std::os::unix::fs::symlink(BIN, dir.path().join("nomad")).expect("symlink");
    let r = rnomad(&["sentinel", "apply", "x.hcl"])
        .env("PATH", &path_of(dir.path()))
        .run();
    assert_snapshot!("passthrough_loop_symlink", r);
    let r = rnomad(&["sentinel", "apply", "x.hcl"])
        .env(
            "RNOMAD_NOMAD_BIN",
            dir.path().join("nomad").to_str().expect("utf-8 path"),
        )
        .redact(dir.path().to_str().expect("utf-8 path"), "TMP")
        .run();
    assert_snapshot!("passthrough_loop_bin_is_rnomad", r);
}

#[test]
fn loop_guard_marker_stops_a_wrapper() {
    // A `nomad` script that runs rnomad again: the second rnomad refuses to hand over.
    let dir = temp_dir();
    let bin = dir.path().join("nomad");
    std::fs::write(&bin, format!("#!/bin/sh\nexec {} \"$@\"\n", BIN)).expect("write wrapper");
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let r = rnomad(&["sentinel", "apply", "x.hcl"])
        .env("PATH", &path_of(dir.path()))
        .run();
    assert_snapshot!("passthrough_loop_marker", r);
}

/// An empty or relative `PATH` entry never runs a `nomad` from the current directory.
#[test]
fn path_entries_that_are_not_absolute_are_skipped() {
    let (dir, _) = fake_nomad_dir();
    for path in ["/nonexistent:", ":/nonexistent", ".", "./", "sub/.."] {
        let line = format!(
            "cd '{}' && PATH='{path}' exec '{BIN}' operator raft logs",
            dir.path().display()
        );
        let r = crate::common::shell(&line).run();
        assert_eq!(r.code, 1, "PATH={path}: {r}");
        assert!(!r.stdout.contains("fake nomad"), "PATH={path}: {r}");
    }
    // An absolute entry still finds it.
    let line = format!(
        "cd / && PATH='{}' exec '{BIN}' operator raft logs </dev/null",
        dir.path().display()
    );
    let r = crate::common::shell(&line).run();
    assert!(r.stdout.starts_with("fake nomad: [operator]"), "{r}");
}
