//! `job plan` / `plan`: a new job, no change (exit 0), a change (exit 1, with a diff),
//! placement failures, -diff=false, -verbose and the errors (exit 255).

use crate::common::{builder, rnomad, sim};
use insta::assert_snapshot;

const JOB: &str = r#"job "planned" {
  datacenters = ["*"]

  group "cache" {
    count = 1

    task "redis" {
      driver = "docker"

      config {
        image = "redis:7"
        ports = ["db"]
      }

      resources {
        cpu    = 100
        memory = 128
      }
    }
  }
}
"#;

fn file(test: &str, text: &str) -> (String, String) {
    let d = std::env::temp_dir().join(format!("rnomad-e2e-plan-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    let p = d.join("planned.nomad.hcl");
    std::fs::write(&p, text).expect("write");
    (
        d.to_string_lossy().into_owned(),
        p.to_string_lossy().into_owned(),
    )
}

#[test]
fn new_unchanged_changed() {
    let s = sim();
    let (d, path) = file("flow", JOB);
    assert_snapshot!(
        "new",
        rnomad(&["job", "plan", &path])
            .sim(&s)
            .redact(&d, "DIR")
            .run()
    );
    let r = rnomad(&["job", "run", "-detach", &path]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert_snapshot!(
        "unchanged",
        rnomad(&["plan", &path]).sim(&s).redact(&d, "DIR").run()
    );
    std::fs::write(
        &path,
        JOB.replace("count = 1", "count = 2")
            .replace("redis:7", "redis:8"),
    )
    .expect("write");
    assert_snapshot!(
        "changed",
        rnomad(&["job", "plan", &path])
            .sim(&s)
            .redact(&d, "DIR")
            .run()
    );
    assert_snapshot!(
        "changed_no_diff",
        rnomad(&["job", "plan", "-diff=false", "-namespace", "default", &path])
            .sim(&s)
            .redact(&d, "DIR")
            .run()
    );
}

#[test]
fn placement_failure_and_errors() {
    let s = sim();
    let (d, path) = file("fail", &JOB.replace("\"docker\"", "\"nodriver\""));
    assert_snapshot!(
        "placement_failure",
        rnomad(&["job", "plan", &path])
            .sim(&s)
            .redact(&d, "DIR")
            .run()
    );
    assert_snapshot!("no_args", rnomad(&["job", "plan"]).sim(&s).run());
    assert_snapshot!(
        "bad_flag",
        rnomad(&["job", "plan", "-nope", &path]).sim(&s).run()
    );
    let (d2, bad) = file("bad", "job \"x\" {\n  count = \n}\n");
    assert_snapshot!(
        "bad_file",
        rnomad(&["job", "plan", &bad])
            .sim(&s)
            .redact(&d2, "DIR")
            .run()
    );
    let denied = builder().acl(true).spawn();
    assert_snapshot!(
        "permission_denied",
        rnomad(&["job", "plan", "-json", "-"])
            .sim(&denied)
            .stdin(r#"{"ID":"x","Type":"service","TaskGroups":[]}"#)
            .run()
    );
}
