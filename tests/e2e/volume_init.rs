//! `volume init`: the example files and messages are Nomad v1.10.5's, byte for byte
//! (tests/fixtures/nomad-1.10.5/cli/volume/init/ and cli/volume/init-*).

use crate::common::{assert_recorded_cli, FIXTURES};
use crate::common::{shell, temp_dir, Run};

fn assert_recorded(name: &str, run: &Run) {
    assert_recorded_cli(run, &format!("cli/volume/{name}"));
}

#[test]
fn examples_and_messages_as_nomads() {
    let dir = temp_dir();
    let d = dir.path().display().to_string();
    let init = |args: &str| shell(&format!("cd '{d}' && rnomad volume init {args}")).run();
    let file = |name: &str| std::fs::read_to_string(format!("{d}/{name}")).unwrap();
    let example =
        |name: &str| std::fs::read_to_string(format!("{FIXTURES}/cli/volume/init/{name}")).unwrap();
    assert_recorded("init-csi", &init(""));
    assert_eq!(file("volume.hcl"), example("csi.hcl"));
    assert_recorded("init-exists", &init(""));
    assert_recorded("init-host-json", &init("-type host -json"));
    assert_eq!(file("volume.json"), example("host.json"));
    assert_recorded("init-named", &init("-type host mine.hcl"));
    assert_eq!(file("mine.hcl"), example("host.hcl"));
    assert_recorded("init-twoargs", &init("a b"));
    // Any other type is the CSI example.
    let r = init("-json -type nfs csi.json");
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(file("csi.json"), example("csi.json"));
    // The examples are specifications `volume create` reads (it stops at the server: the
    // address is a closed port).
    for f in ["volume.hcl", "volume.json", "mine.hcl", "csi.json"] {
        let r = shell(&format!(
            "cd '{d}' && rnomad volume create -address=http://127.0.0.1:1 {f}"
        ))
        .run();
        assert!(
            r.stderr.starts_with("Error creating volume: Put "),
            "{f}: {r}"
        );
    }
}
