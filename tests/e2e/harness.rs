//! The shared harness itself (`tests/common`): what every other test relies on.

use crate::common::program;

/// A command a test drops without ending it (say, after a failed assertion) is killed, not
/// left running: an orphaned follower would retry forever and hold what it inherited.
#[test]
fn a_dropped_command_is_killed() {
    let live = program("sleep", &["30"]).spawn();
    let pid = live.pid() as i32;
    drop(live);
    // SAFETY: kill(2) with signal 0 only asks whether the process exists.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    assert!(
        !alive,
        "sleep ({pid}) still runs after its Live was dropped"
    );
}
