//! `job run` / `run`: HCL through the sim's parse endpoint, JSON files, -detach, the eval
//! monitor and deployment watcher, placement failures, and the failures before registration.
//! Monitor times come from the frozen clock (`RNOMAD_TEST_NOW`), so snapshots are stable.

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;
use std::path::PathBuf;

const EXAMPLE: &str = r#"variable "count" {
  type    = number
  default = 1
}

variable "image" {
  default = "redis:7"
}

job "demo" {
  datacenters = ["*"]

  group "cache" {
    count = var.count

    network {
      port "db" {
        to = 6379
      }
    }

    task "redis" {
      driver = "docker"

      config {
        image = var.image
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

/// A fresh directory with `name` holding `text`; returns (dir, file path).
fn job_file(test: &str, name: &str, text: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("rnomad-e2e-run-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write job file");
    (dir, path.to_string_lossy().into_owned())
}

#[test]
fn hcl_monitor_success() {
    let s = sim();
    let (dir, path) = job_file("hcl", "cache.nomad.hcl", EXAMPLE);
    let r = rnomad(&["job", "run", "-var", "count=2", &path])
        .sim(&s)
        .redact(&dir.to_string_lossy(), "DIR")
        .run();
    assert_snapshot!("hcl_monitor_success", r);
}

#[test]
fn alias_verbose_and_env_var() {
    let s = sim();
    let (dir, path) = job_file("alias", "cache.nomad.hcl", EXAMPLE);
    let r = rnomad(&["run", "-verbose", &path])
        .sim(&s)
        .env("NOMAD_VAR_image", "redis:8")
        .redact(&dir.to_string_lossy(), "DIR")
        .run();
    assert_snapshot!("alias_verbose", r);
    let image = s.read_state(|st| {
        st.job("default", "demo")
            .map(|j| j["TaskGroups"][0]["Tasks"][0]["Config"]["image"].clone())
    });
    assert_eq!(image, Some(serde_json::json!("redis:8")));
}

#[test]
fn json_detach_and_stdin() {
    let s = sim();
    let job = r#"{"Job":{"ID":"api","Name":"api","Type":"service","Datacenters":["*"],
      "TaskGroups":[{"Name":"web","Count":1,"Tasks":[{"Name":"srv","Driver":"docker",
      "Config":{"image":"nginx"},"Resources":{"CPU":100,"MemoryMB":64}}]}]}}"#;
    let r = rnomad(&["job", "run", "-detach", "-json", "-"])
        .sim(&s)
        .stdin(job)
        .run();
    assert_snapshot!("json_detach", r);
}

#[test]
fn placement_failure_exits_2() {
    let s = sim();
    let job = r#"{"ID":"huge","Name":"huge","Type":"batch","Datacenters":["*"],
      "TaskGroups":[{"Name":"work","Count":1,"Tasks":[{"Name":"t","Driver":"docker",
      "Config":{"image":"x"},"Resources":{"CPU":100,"MemoryMB":99999999}}]}]}"#;
    let (dir, path) = job_file("huge", "huge.json", job);
    let r = rnomad(&["job", "run", "-json", &path])
        .sim(&s)
        .redact(&dir.to_string_lossy(), "DIR")
        .run();
    assert_snapshot!("placement_failure", r);
}

#[test]
fn check_index() {
    let s = sim();
    let (dir, path) = job_file("check", "cache.nomad.hcl", EXAMPLE);
    let d = dir.to_string_lossy().into_owned();
    let first = rnomad(&["job", "run", "-detach", "-check-index", "0", &path])
        .sim(&s)
        .run();
    assert_eq!(first.code, 0, "{first}");
    assert_snapshot!(
        "check_index_exists",
        rnomad(&["job", "run", "-check-index", "0", &path])
            .sim(&s)
            .redact(&d, "DIR")
            .run()
    );
    assert_snapshot!(
        "check_index_bad",
        rnomad(&["job", "run", "-check-index", "x1", &path])
            .sim(&s)
            .redact(&d, "DIR")
            .run()
    );
}

#[test]
fn bad_files() {
    let s = sim();
    let (dir, bad) = job_file("bad", "bad.nomad.hcl", "job \"x\" {\n  count = \n}\n");
    let d = dir.to_string_lossy().into_owned();
    assert_snapshot!(
        "bad_hcl",
        rnomad(&["job", "run", &bad])
            .sim(&s)
            .redact(&d, "DIR")
            .run()
    );
    let missing = dir.join("missing.hcl").to_string_lossy().into_owned();
    assert_snapshot!(
        "missing_file",
        rnomad(&["job", "run", &missing])
            .sim(&s)
            .redact(&d, "DIR")
            .run()
    );
    let (_, badjson) = job_file("badjson", "bad.json", "{\"Job\": ");
    assert_snapshot!(
        "bad_json",
        rnomad(&["job", "run", "-json", &badjson]).sim(&s).run()
    );
    assert_snapshot!(
        "json_with_vars",
        rnomad(&["job", "run", "-json", "-var", "a=b", &badjson])
            .sim(&s)
            .run()
    );
    assert_snapshot!("no_args", rnomad(&["job", "run"]).sim(&s).run());
}

#[test]
fn permission_denied_and_server_down() {
    let s = builder().acl(true).spawn();
    let job = r#"{"ID":"api","Type":"service","TaskGroups":[]}"#;
    assert_snapshot!(
        "permission_denied",
        rnomad(&["job", "run", "-json", "-"])
            .sim(&s)
            .stdin(job)
            .run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "server_down",
        rnomad(&["job", "run", "-json", "-"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .stdin(job)
            .run()
    );
}

#[test]
fn failed_deployment_exits_1() {
    let s = sim();
    let job = r#"{"ID":"sick","Name":"sick","Type":"service","Datacenters":["*"],
      "TaskGroups":[{"Name":"web","Count":1,"Meta":{"sim_unhealthy":"true"},
      "Tasks":[{"Name":"srv","Driver":"docker","Config":{"image":"nginx"},
      "Resources":{"CPU":100,"MemoryMB":64}}]}]}"#;
    let r = rnomad(&["job", "run", "-json", "-"])
        .sim(&s)
        .stdin(job)
        .run();
    assert_snapshot!("failed_deployment", r);
}

/// The Web UI hint after `job run` names the namespace of the `-namespace` flag, `default`
/// without it: neither the job file's namespace nor NOMAD_NAMESPACE (recorded from Nomad
/// v1.10.5: cli-hints/job-run-nsjob-*).
#[test]
fn ui_hint_names_the_flag_namespace() {
    let s = sim();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nomad-1.10.5");
    let job = std::fs::read_to_string(format!("{fixtures}/setup/nsjob.nomad.hcl")).expect("job");
    let (_dir, path) = job_file("hint-ns", "nsjob.nomad.hcl", &job);
    for (case, args, env) in [
        ("file-ns", vec![], None),
        ("env-ns", vec![], Some(("NOMAD_NAMESPACE", "prod"))),
        ("flag-ns", vec!["-namespace=other"], None),
    ] {
        let mut argv = vec!["job", "run", "-detach"];
        argv.extend(args);
        argv.push(&path);
        let mut cmd = rnomad(&argv).sim(&s);
        if let Some((k, v)) = env {
            cmd = cmd.env(k, v);
        }
        let r = cmd.run();
        let want =
            std::fs::read_to_string(format!("{fixtures}/cli-hints/job-run-nsjob-{case}.stderr"))
                .expect("fixture")
                .replace("http://127.0.0.1:14650", "http://SIM");
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (0, want.as_str()),
            "{case}: {r}"
        );
    }
}
