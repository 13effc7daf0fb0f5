//! `job dispatch`, `job promote` / `deployment promote`, `job init -template` /
//! `-list-templates`, `job inspect -hcl` (the sim keeps submissions) and strict HCL variables.

use crate::common::{builder, dead_address, rnomad, sim, Sim};
use insta::assert_snapshot;
use nomad_sim::{job, sched};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A fresh directory for `test`.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rnomad-e2e-extras-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Registers an API job straight into the sim's state.
fn register(s: &Sim, api_job: Value) {
    s.with_state(|st| {
        let j = job::canonicalize(&api_job).expect("valid job");
        sched::register(st, j);
    });
}

/// Waits (up to 10 s) until `f` holds for the sim's state.
fn wait_for(s: &Sim, what: &str, f: impl Fn(&nomad_sim::State) -> bool) {
    let start = Instant::now();
    while !s.read_state(&f) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ---- job dispatch ----

#[test]
fn dispatch_monitors_the_child() {
    let s = sim();
    let dir = temp_dir("dispatch");
    let payload = dir.join("payload.txt");
    std::fs::write(&payload, "payload-data\n").expect("payload");
    let r = rnomad(&[
        "job",
        "dispatch",
        "-meta",
        "input=a=b",
        "queue",
        &payload.to_string_lossy(),
    ])
    .sim(&s)
    .run();
    assert_snapshot!("dispatch_monitor", r);
    // The child carries the metadata, the payload, and points at its parent.
    let child = s.read_state(|st| {
        st.jobs
            .values()
            .map(|r| r.job.clone())
            .find(|j| j["ParentID"] == "queue" && j["Meta"]["input"] == "a=b")
    });
    let child = child.expect("dispatched child");
    assert_eq!(child["Payload"], "cGF5bG9hZC1kYXRhCg==");
    assert_eq!(child["Dispatched"], true);
    assert_eq!(child["Priority"], 30);
}

#[test]
fn dispatch_detach_stdin_and_idempotency() {
    let s = sim();
    let args = [
        "job",
        "dispatch",
        "-detach",
        "-verbose",
        "-meta",
        "input=x",
        "-idempotency-token",
        "tok-1",
        "-id-prefix-template",
        "nightly",
        "-priority",
        "60",
        "queue",
        "-",
    ];
    let first = rnomad(&args).sim(&s).stdin("from stdin").run();
    assert_snapshot!("dispatch_detach", first);
    // The same token again: the existing child, and no evaluation.
    let again = rnomad(&args).sim(&s).stdin("from stdin").run();
    assert_snapshot!("dispatch_idempotent", again);
    let child = s.read_state(|st| {
        st.jobs
            .values()
            .map(|r| r.job.clone())
            .find(|j| j["DispatchIdempotencyToken"] == "tok-1")
    });
    let child = child.expect("child");
    assert_eq!(child["Payload"], "ZnJvbSBzdGRpbg==");
    assert_eq!(child["Priority"], 60);
}

#[test]
fn dispatch_server_errors() {
    let s = sim();
    // Required metadata missing, a key the job does not allow, a bad priority.
    assert_snapshot!(
        "dispatch_missing_meta",
        rnomad(&["job", "dispatch", "queue"]).sim(&s).run()
    );
    assert_snapshot!(
        "dispatch_unpermitted_meta",
        rnomad(&[
            "job",
            "dispatch",
            "-meta",
            "input=1",
            "-meta",
            "color=red",
            "queue"
        ])
        .sim(&s)
        .run()
    );
    assert_snapshot!(
        "dispatch_bad_priority",
        rnomad(&[
            "job",
            "dispatch",
            "-meta",
            "input=1",
            "-priority",
            "101",
            "queue"
        ])
        .sim(&s)
        .run()
    );
    // Payload rules of the parameterized block.
    register(
        &s,
        json!({"ID": "strict", "Type": "batch",
               "ParameterizedJob": {"Payload": "forbidden"},
               "TaskGroups": [{"Name": "g", "Tasks": [{"Name": "t", "Driver": "docker",
                   "Resources": {"CPU": 50, "MemoryMB": 32}}]}]}),
    );
    register(
        &s,
        json!({"ID": "needy", "Type": "batch",
               "ParameterizedJob": {"Payload": "required"},
               "TaskGroups": [{"Name": "g", "Tasks": [{"Name": "t", "Driver": "docker",
                   "Resources": {"CPU": 50, "MemoryMB": 32}}]}]}),
    );
    assert_snapshot!(
        "dispatch_payload_forbidden",
        rnomad(&["job", "dispatch", "strict", "-"])
            .sim(&s)
            .stdin("data")
            .run()
    );
    assert_snapshot!(
        "dispatch_payload_required",
        rnomad(&["job", "dispatch", "needy"]).sim(&s).run()
    );
    let big = "x".repeat(16 * 1024 + 1);
    assert_snapshot!(
        "dispatch_payload_too_large",
        rnomad(&["job", "dispatch", "needy", "-"])
            .sim(&s)
            .stdin(&big)
            .run()
    );
}

#[test]
fn dispatch_lookup_and_input_failures() {
    let s = sim();
    // Only parameterized jobs are candidates.
    assert_snapshot!(
        "dispatch_not_parameterized",
        rnomad(&["job", "dispatch", "web"]).sim(&s).run()
    );
    register(
        &s,
        json!({"ID": "queue-2", "Type": "batch", "ParameterizedJob": {},
               "TaskGroups": [{"Name": "g", "Tasks": [{"Name": "t", "Driver": "docker",
                   "Resources": {"CPU": 50, "MemoryMB": 32}}]}]}),
    );
    assert_snapshot!(
        "dispatch_ambiguous",
        rnomad(&["job", "dispatch", "que"]).sim(&s).run()
    );
    assert_snapshot!(
        "dispatch_bad_meta",
        rnomad(&["job", "dispatch", "-meta", "novalue", "queue"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "dispatch_missing_payload_file",
        rnomad(&["job", "dispatch", "queue", "/nonexistent/payload"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "dispatch_no_args",
        rnomad(&["job", "dispatch"]).sim(&s).run()
    );
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "dispatch_denied",
        rnomad(&["job", "dispatch", "-meta", "input=1", "queue"])
            .sim(&acl)
            .run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "dispatch_server_down",
        rnomad(&["job", "dispatch", "queue"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
}

// ---- job promote / deployment promote ----

fn canary_job(image: &str) -> Value {
    json!({"ID": "canary", "Type": "service",
           "TaskGroups": [{"Name": "web", "Count": 2, "Update": {"Canary": 1},
               "Tasks": [{"Name": "web", "Driver": "docker", "Config": {"image": image},
                          "Resources": {"CPU": 100, "MemoryMB": 64}}]}]})
}

/// The running deployment of version 1 of job `canary` with its canary placed; `healthy`
/// waits until the canary reports healthy too. Returns the deployment ID.
fn canary_deployment(s: &Sim, healthy: bool) -> String {
    register(s, canary_job("nginx:1"));
    wait_for(s, "first deployment", |st| {
        st.deployments
            .values()
            .any(|d| d.job_id == "canary" && d.status == "successful")
    });
    register(s, canary_job("nginx:2"));
    let find = |st: &nomad_sim::State| {
        st.deployments
            .values()
            .find(|d| d.job_id == "canary" && d.job_version == 1)
            .cloned()
    };
    wait_for(s, "canary placed", |st| {
        find(st).is_some_and(|d| {
            d.task_groups["web"].placed_canaries.iter().all(|id| {
                st.allocs.get(id).is_some_and(|a| {
                    !healthy || a.deployment_status.as_ref().and_then(|x| x.healthy) == Some(true)
                })
            }) && !d.task_groups["web"].placed_canaries.is_empty()
        })
    });
    s.read_state(|st| find(st).map(|d| d.id).unwrap_or_default())
}

#[test]
fn promote_finishes_the_rollout() {
    let s = sim();
    canary_deployment(&s, true);
    assert_snapshot!(
        "promote_status_before",
        rnomad(&["job", "status", "canary"]).sim(&s).run()
    );
    let r = rnomad(&["job", "promote", "canary"]).sim(&s).run();
    assert_snapshot!("promote_monitor", r);
    // Old allocations were replaced: two of version 1 run, the canary no longer marked.
    let (running_new, canaries) = s.read_state(|st| {
        let allocs: Vec<_> = st
            .allocs
            .values()
            .filter(|a| a.job_id == "canary" && a.desired_status == "run")
            .collect();
        (
            allocs.iter().filter(|a| a.job_version == 1).count(),
            allocs
                .iter()
                .filter(|a| a.deployment_status.as_ref().is_some_and(|d| d.canary))
                .count(),
        )
    });
    assert_eq!((running_new, canaries), (2, 0));
    // The deployment is over: promoting again is Nomad's terminal error.
    assert_snapshot!(
        "promote_terminal",
        rnomad(&["job", "promote", "canary"]).sim(&s).run()
    );
}

#[test]
fn promote_detach_group_and_unhealthy() {
    let s = sim();
    canary_deployment(&s, false);
    // The canary is placed but not yet healthy: Nomad's multi-error.
    let early = rnomad(&["job", "promote", "-group", "web", "canary"])
        .sim(&s)
        .run();
    // It may have become healthy meanwhile on a slow machine; only check when refused.
    if early.code == 1 {
        assert_snapshot!("promote_unhealthy", early);
    }
    wait_for(&s, "canary healthy", |st| {
        st.allocs.values().any(|a| {
            a.deployment_status
                .as_ref()
                .is_some_and(|d| d.canary && d.healthy == Some(true))
        }) || st
            .deployments
            .values()
            .any(|d| d.job_id == "canary" && d.job_version == 1 && d.status != "running")
    });
    let r = rnomad(&["job", "promote", "-detach", "-group", "web", "canary"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.starts_with("Evaluation ID: "), "{r}");
    assert_eq!(r.stdout.trim().len(), "Evaluation ID: ".len() + 36, "{r}");
}

#[test]
fn deployment_promote() {
    let s = sim();
    let id = canary_deployment(&s, true);
    let r = rnomad(&["deployment", "promote", "-detach", &id[..8]])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.starts_with("Evaluation ID: "), "{r}");
    wait_for(&s, "rollout done", |st| {
        st.deployments[&id].status == "successful"
    });
    assert_snapshot!(
        "deployment_promote_terminal",
        rnomad(&["deployment", "promote", &id])
            .sim(&s)
            .redact(&id, "DEPLOYMENT")
            .run()
    );
    assert_snapshot!(
        "deployment_promote_one_char",
        rnomad(&["deployment", "promote", "a"]).sim(&s).run()
    );
    assert_snapshot!(
        "deployment_promote_no_match",
        rnomad(&["deployment", "promote", "ffff"]).sim(&s).run()
    );
    assert_snapshot!(
        "deployment_promote_not_found_full_id",
        rnomad(&[
            "deployment",
            "promote",
            "00000000-0000-0000-0000-000000000000"
        ])
        .sim(&s)
        .run()
    );
    assert_snapshot!(
        "deployment_promote_no_args",
        rnomad(&["deployment", "promote"]).sim(&s).run()
    );
}

#[test]
fn promote_failures() {
    let s = sim();
    // A parameterized job has no deployment.
    assert_snapshot!(
        "promote_no_deployment",
        rnomad(&["job", "promote", "queue"]).sim(&s).run()
    );
    assert_snapshot!(
        "promote_not_found",
        rnomad(&["job", "promote", "nosuch"]).sim(&s).run()
    );
    assert_snapshot!(
        "promote_ambiguous",
        rnomad(&["job", "promote", "w"]).sim(&s).run()
    );
    assert_snapshot!("promote_no_args", rnomad(&["job", "promote"]).sim(&s).run());
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "promote_denied",
        rnomad(&["job", "promote", "web"]).sim(&acl).run()
    );
    assert_snapshot!(
        "deployment_promote_denied",
        rnomad(&["deployment", "promote", "abcd"]).sim(&acl).run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "promote_server_down",
        rnomad(&["job", "promote", "web"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
}

// ---- job init -template / -list-templates ----

fn put_template(s: &Sim, name: &str, items: &[(&str, &str)]) {
    s.with_state(|st| {
        st.put_variable(
            "default",
            &format!("nomad/job-templates/{name}"),
            items
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
    });
}

#[test]
fn init_templates() {
    let s = sim();
    let dir = temp_dir("templates");
    let file = dir.join("t.nomad.hcl");
    let f = file.to_string_lossy().into_owned();
    let d = dir.to_string_lossy().into_owned();
    assert_snapshot!(
        "init_list_templates_none",
        rnomad(&["job", "init", "-list-templates"]).sim(&s).run()
    );
    put_template(
        &s,
        "web",
        &[("template", "job \"web\" {}\n"), ("description", "d")],
    );
    put_template(&s, "broken", &[("description", "no template here")]);
    assert_snapshot!(
        "init_list_templates",
        rnomad(&["job", "init", "-list-templates"]).sim(&s).run()
    );
    let r = rnomad(&["job", "init", "-template=web", &f])
        .sim(&s)
        .redact(&d, "DIR")
        .run();
    assert_snapshot!("init_template_written", r);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap_or_default(),
        "job \"web\" {}\n"
    );
    assert_snapshot!(
        "init_template_exists",
        rnomad(&["job", "init", "-template=web", &f])
            .sim(&s)
            .redact(&d, "DIR")
            .run()
    );
    let other = dir.join("other.hcl").to_string_lossy().into_owned();
    assert_snapshot!(
        "init_template_not_found",
        rnomad(&["job", "init", "-template=nope", &other])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "init_template_malformed",
        rnomad(&["job", "init", "-template", "broken", &other])
            .sim(&s)
            .run()
    );
    assert!(!std::path::Path::new(&other).exists());
    // A token that may not read variables: Nomad's client takes the 403 for "not found", and
    // the list is filtered down to nothing.
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "init_template_denied",
        rnomad(&["job", "init", "-template=web", &other])
            .sim(&acl)
            .run()
    );
    assert_snapshot!(
        "init_list_templates_denied",
        rnomad(&["job", "init", "-list-templates"]).sim(&acl).run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "init_list_templates_server_down",
        rnomad(&["job", "init", "-list-templates"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
    assert_snapshot!(
        "init_template_server_down",
        rnomad(&["job", "init", "-template=web", &other])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
}

// ---- job inspect -hcl and strict variables ----

const VARS_JOB: &str = r#"variable "image" {
  type    = string
  default = "redis:7"
}

job "src" {
  group "g" {
    task "t" {
      driver = "docker"

      config {
        image = var.image
      }

      resources {
        cpu    = 100
        memory = 64
      }
    }
  }
}
"#;

#[test]
fn inspect_hcl_shows_the_submission() {
    let s = sim();
    let dir = temp_dir("inspect-hcl");
    let path = dir.join("src.nomad.hcl");
    std::fs::write(&path, VARS_JOB).expect("write");
    let p = path.to_string_lossy().into_owned();
    let run = rnomad(&["job", "run", "-detach", "-var", "image=redis:8", &p])
        .sim(&s)
        .run();
    assert_eq!(run.code, 0, "{run}");
    assert_snapshot!(
        "inspect_hcl",
        rnomad(&["job", "inspect", "-hcl", "src"]).sim(&s).run()
    );
    assert_snapshot!(
        "inspect_hcl_with_vars",
        rnomad(&[
            "job",
            "inspect",
            "-hcl",
            "-with-vars",
            "-version",
            "0",
            "src"
        ])
        .sim(&s)
        .run()
    );
    // Generated jobs were registered without a source.
    assert_snapshot!(
        "inspect_hcl_no_submission",
        rnomad(&["job", "inspect", "-hcl", "web"]).sim(&s).run()
    );
    assert_snapshot!(
        "inspect_hcl_no_such_version",
        rnomad(&["job", "inspect", "-hcl", "-version", "7", "src"])
            .sim(&s)
            .run()
    );
    // A revert keeps the source of the version it goes back to.
    let again = rnomad(&["job", "run", "-detach", "-var", "image=redis:9", &p])
        .sim(&s)
        .run();
    assert_eq!(again.code, 0, "{again}");
    let revert = rnomad(&["job", "revert", "-detach", "src", "0"])
        .sim(&s)
        .run();
    assert_eq!(revert.code, 0, "{revert}");
    let sub = s.read_state(|st| {
        st.submissions
            .get(&("default".to_string(), "src".to_string(), 2))
            .cloned()
    });
    assert_eq!(
        sub.map(|v| v["VariableFlags"]["image"].clone()),
        Some(json!("redis:8"))
    );
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "inspect_hcl_denied",
        rnomad(&["job", "inspect", "-hcl", "web"]).sim(&acl).run()
    );
}

const UNSET_JOB: &str = r#"variable "image" {
  type = string
}

variable "unused" {
  type = string
}

job "unset" {
  group "g" {
    task "t" {
      driver = "docker"

      config {
        image = var.image
      }
    }
  }
}
"#;

#[test]
fn strict_variables() {
    let s = sim();
    let dir = temp_dir("strict");
    let d = dir.to_string_lossy().into_owned();
    let job = dir.join("src.nomad.hcl");
    std::fs::write(&job, VARS_JOB).expect("write");
    let unset = dir.join("unset.nomad.hcl");
    std::fs::write(&unset, UNSET_JOB).expect("write");
    let vars = dir.join("vars.hcl");
    std::fs::write(&vars, "image = \"a\"\nzed = 1\ntags = {\n  inner = 1\n}\n").expect("write");
    let (j, u, v) = (
        job.to_string_lossy().into_owned(),
        unset.to_string_lossy().into_owned(),
        vars.to_string_lossy().into_owned(),
    );
    let run = |args: &[&str]| rnomad(args).sim(&s).redact(&d, "DIR").run();
    assert_snapshot!(
        "strict_undefined_var_flags",
        run(&["job", "run", "-detach", "-var", "foo=1", "-var", "bar=2", "-var", "foo=3", &j])
    );
    assert_snapshot!(
        "strict_undefined_var_file",
        run(&["job", "run", "-detach", "-var-file", &v, &j])
    );
    assert_snapshot!("strict_unset", run(&["job", "run", "-detach", &u]));
    assert_snapshot!(
        "strict_undefined_and_unset",
        run(&["job", "run", "-detach", "-var", "foo=1", &u])
    );
    assert_snapshot!("strict_plan", run(&["job", "plan", "-var", "foo=1", &j]));
    assert_snapshot!(
        "strict_validate",
        run(&["job", "validate", "-var", "foo=1", &j])
    );
    // A file that does not parse fails with its own error, not the undefined variables.
    let broken = dir.join("broken.nomad.hcl");
    std::fs::write(&broken, "job \"x\" {\n  group \"g\" {\n").expect("write");
    let r = run(&["job", "run", "-var", "foo=1", &broken.to_string_lossy()]);
    assert_eq!(r.code, 1, "{r}");
    assert!(!r.stderr.contains("Undefined"), "{r}");
    // A -var without '=' is dropped, as jobspec2 does.
    let r = run(&["job", "run", "-detach", "-var", "foo", &j]);
    assert_eq!(r.code, 0, "{r}");
    // Undeclared NOMAD_VAR_* values are ignored, and -hcl2-strict=false allows the rest.
    let env_only = rnomad(&["job", "run", "-detach", &j])
        .sim(&s)
        .env("NOMAD_VAR_other", "1")
        .run();
    assert_eq!(env_only.code, 0, "{env_only}");
    let relaxed = rnomad(&[
        "job",
        "run",
        "-detach",
        "-hcl2-strict=false",
        "-var",
        "foo=1",
        "-var-file",
        &v,
        &j,
    ])
    .sim(&s)
    .env("NOMAD_VAR_other", "1")
    .run();
    assert_eq!(relaxed.code, 0, "{relaxed}");
    assert!(relaxed.stdout.starts_with("Job registration successful"));
}
