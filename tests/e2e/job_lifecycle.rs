//! The everyday loop: `job init`, `run`, change and `run` again, `history`, `revert`, `scale`,
//! `eval`, `stop -purge` — plus the failures of init, revert, scale and eval.

use crate::common::{rnomad, sim};
use insta::assert_snapshot;

fn dir(test: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("rnomad-e2e-life-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn init_run_change_history_revert_scale_stop() {
    let s = sim();
    let d = dir("loop");
    let ds = d.to_string_lossy().into_owned();
    let file = d.join("example.nomad.hcl");
    let path = file.to_string_lossy().into_owned();
    let init = rnomad(&["job", "init", &path]).redact(&ds, "DIR").run();
    assert_snapshot!("init", init);
    assert_snapshot!(
        "init_exists",
        rnomad(&["init", &path]).redact(&ds, "DIR").run()
    );
    let run = rnomad(&["job", "run", &path])
        .sim(&s)
        .redact(&ds, "DIR")
        .run();
    assert_eq!(run.code, 0, "{run}");
    let text = std::fs::read_to_string(&file).expect("example");
    std::fs::write(&file, text.replace("count = 1", "count = 2")).expect("write");
    let again = rnomad(&["run", "-detach", &path]).sim(&s).run();
    assert_eq!(again.code, 0, "{again}");
    // Let the sim place and start version 1 before looking at the history.
    std::thread::sleep(std::time::Duration::from_millis(1000));
    assert_snapshot!(
        "history",
        rnomad(&["job", "history", "example"]).sim(&s).run()
    );
    assert_snapshot!(
        "revert",
        rnomad(&["job", "revert", "example", "0"]).sim(&s).run()
    );
    assert_snapshot!(
        "revert_current",
        rnomad(&["job", "revert", "example", "2"]).sim(&s).run()
    );
    assert_snapshot!(
        "revert_tag",
        rnomad(&["job", "revert", "example", "nosuchtag"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "scale",
        rnomad(&["job", "scale", "example", "3"]).sim(&s).run()
    );
    assert_snapshot!(
        "scale_detach",
        rnomad(&["job", "scale", "-detach", "example", "cache", "1"])
            .sim(&s)
            .run()
    );
    std::thread::sleep(std::time::Duration::from_millis(1000));
    assert_snapshot!(
        "eval_detach",
        rnomad(&["job", "eval", "-detach", "example"]).sim(&s).run()
    );
    assert_snapshot!("eval", rnomad(&["job", "eval", "example"]).sim(&s).run());
    assert_snapshot!(
        "stop_purge",
        rnomad(&["job", "stop", "-purge", "example"]).sim(&s).run()
    );
    assert!(s.read_state(|st| st.job("default", "example").is_none()));
}

#[test]
fn init_variants_parse() {
    let s = sim();
    for (name, flags) in [
        ("short", vec!["-short"]),
        ("connect", vec!["-connect"]),
        ("connect-short", vec!["-connect", "-short"]),
    ] {
        let d = dir(name);
        let path = d.join("example.nomad.hcl").to_string_lossy().into_owned();
        let mut args = vec!["job", "init"];
        args.extend(flags.iter().copied());
        args.push(&path);
        assert_eq!(rnomad(&args).run().code, 0);
        let r = rnomad(&["job", "run", "-detach", &path]).sim(&s).run();
        assert_eq!(r.code, 0, "{name}: {r}");
    }
}

#[test]
fn failures() {
    let s = sim();
    assert_snapshot!("init_args", rnomad(&["job", "init", "a", "b"]).run());
    assert_snapshot!(
        "revert_args",
        rnomad(&["job", "revert", "web"]).sim(&s).run()
    );
    assert_snapshot!("scale_args", rnomad(&["job", "scale", "web"]).sim(&s).run());
    assert_snapshot!(
        "scale_bad_count",
        rnomad(&["job", "scale", "web", "x"]).sim(&s).run()
    );
    assert_snapshot!(
        "scale_no_group",
        rnomad(&["job", "scale", "web", "nope", "2"]).sim(&s).run()
    );
    assert_snapshot!(
        "eval_not_found",
        rnomad(&["job", "eval", "nosuch"]).sim(&s).run()
    );
}

#[test]
fn validate_and_start() {
    let s = sim();
    let d = dir("validate");
    let ds = d.to_string_lossy().into_owned();
    let path = d.join("example.nomad.hcl").to_string_lossy().into_owned();
    assert_eq!(rnomad(&["job", "init", "-short", &path]).run().code, 0);
    assert_snapshot!(
        "validate",
        rnomad(&["job", "validate", &path])
            .sim(&s)
            .redact(&ds, "DIR")
            .run()
    );
    assert_snapshot!(
        "validate_json_error",
        rnomad(&["validate", "-json", "-"])
            .sim(&s)
            .stdin(r#"{"Job":{"ID":"bad","Type":"nonsense","TaskGroups":[]}}"#)
            .run()
    );
    assert_snapshot!(
        "start_running",
        rnomad(&["job", "start", "web"]).sim(&s).run()
    );
    let stop = rnomad(&["job", "stop", "-detach", "web"]).sim(&s).run();
    assert_eq!(stop.code, 0, "{stop}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_snapshot!("start", rnomad(&["start", "web"]).sim(&s).run());
}

#[test]
fn periodic_force() {
    let s = sim();
    assert_snapshot!(
        "periodic_force",
        rnomad(&["job", "periodic", "force", "sea"]).sim(&s).run()
    );
    assert_snapshot!(
        "periodic_force_detach",
        rnomad(&["job", "periodic", "force", "-detach", "search"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "periodic_force_not_periodic",
        rnomad(&["job", "periodic", "force", "web"]).sim(&s).run()
    );
}

#[test]
fn history_with_diffs() {
    let s = sim();
    let d = dir("histp");
    let path = d.join("example.nomad.hcl").to_string_lossy().into_owned();
    assert_eq!(rnomad(&["job", "init", "-short", &path]).run().code, 0);
    assert_eq!(
        rnomad(&["job", "run", "-detach", &path]).sim(&s).run().code,
        0
    );
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace("count = 1", "count = 3")
            .replace("redis:7", "redis:8"),
    )
    .expect("write");
    assert_eq!(
        rnomad(&["job", "run", "-detach", &path]).sim(&s).run().code,
        0
    );
    // Let version 1's deployment finish, so its Stable flag is settled.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_snapshot!(
        "history_p",
        rnomad(&["job", "history", "-p", "example"]).sim(&s).run()
    );
}

/// `job init` only ever creates its file: a dangling symlink at the path counts as the file
/// existing, and its target is not created.
#[test]
fn init_never_writes_through_a_symlink() {
    let d = dir("symlink");
    let link = d.join("example.nomad.hcl");
    let target = d.join("target.hcl");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let r = rnomad(&["job", "init", link.to_str().expect("utf-8")]).run();
    assert_eq!(
        (r.code, r.stderr),
        (1, format!("Job '{}' already exists\n", link.display()))
    );
    assert!(!target.exists());
    let _ = std::fs::remove_dir_all(&d);
}
