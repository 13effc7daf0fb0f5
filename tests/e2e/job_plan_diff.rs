//! `job plan` diffs as Nomad's server computes them (`structs/diff.go` in the sim): job
//! fields and meta, constraints and affinities, group blocks (update, restart, services
//! with tags and checks), task config/env/templates, added and deleted groups and tasks,
//! `-verbose`, in-place versus destructive updates, periodic and parameterized blocks, and
//! preemptions (system jobs preempt by default; service jobs once the scheduler
//! configuration allows it).

use crate::common::{builder, rnomad, Sim};
use insta::assert_snapshot;

const BASE: &str = r#"job "web" {
  datacenters = ["*"]
  priority    = 50

  meta {
    owner = "ops"
  }

  constraint {
    attribute = "${attr.kernel.name}"
    value     = "linux"
  }

  group "api" {
    count = 2

    update {
      max_parallel = 1
    }

    restart {
      attempts = 2
    }

    network {
      port "http" {
        to = 8080
      }
    }

    service {
      name = "api"
      port = "http"
      tags = ["v1"]

      check {
        type     = "http"
        path     = "/health"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "server" {
      driver = "docker"

      config {
        image = "api:1"
        ports = ["http"]
      }

      env {
        MODE = "prod"
      }

      template {
        data        = "a=1"
        destination = "local/a.env"
      }

      resources {
        cpu    = 100
        memory = 128
      }
    }

    task "sidecar" {
      driver = "docker"

      config {
        image = "side:1"
      }
    }
  }
}
"#;

fn edited() -> String {
    BASE.replace("priority    = 50", "priority    = 60")
        .replace(
            "owner = \"ops\"",
            "owner = \"dev\"\n    tier  = \"gold\"",
        )
        .replace(
            "  group \"api\" {",
            "  affinity {\n    attribute = \"${node.datacenter}\"\n    value     = \"dc1\"\n    weight    = 50\n  }\n\n  group \"api\" {",
        )
        .replace("max_parallel = 1", "max_parallel = 2")
        .replace("tags = [\"v1\"]", "tags = [\"v2\"]")
        .replace("/health", "/ready")
        .replace("MODE = \"prod\"", "MODE = \"debug\"")
        .replace("a=1", "a=2")
        .replace(
            "    task \"sidecar\" {\n      driver = \"docker\"\n\n      config {\n        image = \"side:1\"\n      }\n    }\n",
            "    task \"logger\" {\n      driver = \"docker\"\n\n      config {\n        image = \"log:1\"\n      }\n    }\n",
        )
        .replace(
            "  }\n}\n",
            "  }\n\n  group \"worker\" {\n    task \"work\" {\n      driver = \"docker\"\n\n      config {\n        image = \"work:1\"\n      }\n    }\n  }\n}\n",
        )
}

fn dir(test: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("rnomad-e2e-plandiff-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn write(d: &std::path::Path, name: &str, text: &str) -> String {
    let p = d.join(name);
    std::fs::write(&p, text).expect("write");
    p.to_string_lossy().into_owned()
}

fn empty_sim() -> Sim {
    builder().jobs(0).nodes(2).spawn()
}

fn run_detached(s: &Sim, path: &str) {
    let r = rnomad(&["job", "run", "-detach", path]).sim(s).run();
    assert_eq!(r.code, 0, "{r}");
    // The sim schedules on its own timers.
    std::thread::sleep(std::time::Duration::from_millis(800));
}

#[test]
fn every_kind_of_change() {
    let s = empty_sim();
    let d = dir("kinds");
    let dd = d.to_string_lossy().into_owned();
    let base = write(&d, "web.nomad.hcl", BASE);
    run_detached(&s, &base);
    let next = write(&d, "web2.nomad.hcl", &edited());
    assert_snapshot!(
        "kinds",
        rnomad(&["job", "plan", &next])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
    assert_snapshot!(
        "kinds_verbose",
        rnomad(&["job", "plan", "-verbose", &next])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
    // The same diff is what `job history -p` shows once the change is registered.
    run_detached(&s, &next);
    let h = rnomad(&["job", "history", "-p", "-version", "1", "web"])
        .sim(&s)
        .run();
    assert_eq!(h.code, 0, "{h}");
    assert!(
        h.stdout.contains("+/- Priority:    \"50\" => \"60\""),
        "{h}"
    );
}

#[test]
fn in_place_update() {
    let s = empty_sim();
    let d = dir("inplace");
    let dd = d.to_string_lossy().into_owned();
    let base = write(&d, "web.nomad.hcl", BASE);
    run_detached(&s, &base);
    // Service tags and the update block change nothing the tasks run: updated in place.
    let next = write(
        &d,
        "web2.nomad.hcl",
        &BASE
            .replace("tags = [\"v1\"]", "tags = [\"v1\", \"canary\"]")
            .replace("max_parallel = 1", "max_parallel = 3"),
    );
    assert_snapshot!(
        "in_place",
        rnomad(&["job", "plan", &next])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
}

const PERIODIC: &str = r#"job "report" {
  type        = "batch"
  datacenters = ["*"]

  periodic {
    cron             = "*/15 * * * *"
    prohibit_overlap = false
  }

  group "r" {
    task "run" {
      driver = "docker"

      config {
        image = "report:1"
      }
    }
  }
}
"#;

const PARAMETERIZED: &str = r#"job "convert" {
  type        = "batch"
  datacenters = ["*"]

  parameterized {
    payload       = "optional"
    meta_required = ["input"]
  }

  group "c" {
    task "run" {
      driver = "docker"

      config {
        image = "convert:1"
      }
    }
  }
}
"#;

#[test]
fn periodic_and_parameterized_blocks() {
    let s = empty_sim();
    let d = dir("blocks");
    let dd = d.to_string_lossy().into_owned();
    run_detached(&s, &write(&d, "report.nomad.hcl", PERIODIC));
    let next = write(
        &d,
        "report2.nomad.hcl",
        &PERIODIC
            .replace("*/15 * * * *", "0 * * * *")
            .replace("prohibit_overlap = false", "prohibit_overlap = true"),
    );
    assert_snapshot!(
        "periodic",
        rnomad(&["job", "plan", &next])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
    run_detached(&s, &write(&d, "convert.nomad.hcl", PARAMETERIZED));
    let next = write(
        &d,
        "convert2.nomad.hcl",
        &PARAMETERIZED
            .replace("\"optional\"", "\"required\"")
            .replace("[\"input\"]", "[\"input\", \"format\"]"),
    );
    assert_snapshot!(
        "parameterized",
        rnomad(&["job", "plan", &next])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
}

/// A low-priority batch job of `count` allocations of `memory` MB each.
fn filler(count: u32, memory: u32) -> String {
    format!(
        r#"job "filler" {{
  type        = "batch"
  priority    = 20
  datacenters = ["*"]

  group "f" {{
    count = {count}

    task "sleep" {{
      driver = "docker"

      config {{
        image = "busybox:1"
      }}

      resources {{
        cpu    = 10
        memory = {memory}
      }}
    }}
  }}
}}
"#
    )
}

fn hungry(job_type: &str, memory: u32) -> String {
    format!(
        r#"job "hungry" {{
  type        = "{job_type}"
  priority    = 90
  datacenters = ["*"]

  group "h" {{
    task "eat" {{
      driver = "docker"

      config {{
        image = "eat:1"
      }}

      resources {{
        cpu    = 10
        memory = {memory}
      }}
    }}
  }}
}}
"#
    )
}

/// One node of 64 GiB, so the numbers below are exact.
fn one_node() -> Sim {
    let s = builder().jobs(0).nodes(1).spawn();
    let mem = s.with_state(|st| st.nodes.values().map(|n| n.memory_mb).sum::<i64>());
    assert_eq!(mem, 65536, "the sim's first node changed size");
    s
}

#[test]
fn preemptions_listed() {
    let s = one_node();
    let d = dir("preempt");
    let dd = d.to_string_lossy().into_owned();
    // Eight allocations of 8 GiB fill the node.
    run_detached(&s, &write(&d, "filler.nomad.hcl", &filler(8, 8192)));
    assert_eq!(s.with_state(|st| st.allocs.len()), 8);
    // A system job of higher priority evicts what it needs (two allocations; the sim's
    // seeded IDs are stable).
    let sys = write(&d, "hungry.nomad.hcl", &hungry("system", 12000));
    assert_snapshot!(
        "preempt_system",
        rnomad(&["job", "plan", &sys])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
    // Running it evicts those two.
    let r = rnomad(&["job", "run", "-detach", &sys]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    std::thread::sleep(std::time::Duration::from_millis(800));
    let evicted: Vec<String> = s.with_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.desired_status == "evict")
            .map(|a| a.desired_description.clone())
            .collect()
    });
    assert_eq!(evicted.len(), 2, "{evicted:?}");
    assert!(
        evicted[0].starts_with("Preempted by alloc ID "),
        "{evicted:?}"
    );
    // A service job does not preempt by default...
    let svc = write(
        &d,
        "hungry-svc.nomad.hcl",
        &hungry("service", 12000).replace("job \"hungry\"", "job \"hungry-svc\""),
    );
    assert_snapshot!(
        "preempt_service_off",
        rnomad(&["job", "plan", &svc])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
    // ...until the scheduler configuration enables it for service jobs.
    s.with_state(|st| {
        st.scheduler_config["PreemptionConfig"]["ServiceSchedulerEnabled"] = true.into();
    });
    let r = rnomad(&["job", "plan", &svc])
        .sim(&s)
        .redact(&dd, "DIR")
        .run();
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.contains("Preemptions:"), "{r}");
}

#[test]
fn many_preemptions_summarised() {
    let s = one_node();
    let d = dir("preempt-many");
    let dd = d.to_string_lossy().into_owned();
    // Sixteen allocations of 4 GiB; the system job needs 60000 MB, evicting fifteen.
    run_detached(&s, &write(&d, "filler.nomad.hcl", &filler(16, 4096)));
    let sys = write(&d, "hungry.nomad.hcl", &hungry("system", 60000));
    assert_snapshot!(
        "preempt_summary",
        rnomad(&["job", "plan", &sys])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
}

/// `job run -output`: the register request's job as Go's encoding/json prints an `api.Job`
/// (declaration order, nulls for unset pointers, the HCL parser's template and periodic
/// defaults, HTML-escaped strings); nothing is registered.
#[test]
fn run_output_prints_the_api_job() {
    let s = empty_sim();
    let d = dir("output");
    let dd = d.to_string_lossy().into_owned();
    let path = write(&d, "web.nomad.hcl", BASE);
    assert_snapshot!(
        "run_output_hcl",
        rnomad(&["job", "run", "-output", &path])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
    let json = r#"{"Job":{"ID":"j","Meta":{"a":"<b>&"},"TaskGroups":[{"Name":"g",
        "Tasks":[{"Name":"t","Driver":"raw_exec","Config":{"x":1.5,"y":100000000}}]}]}}"#;
    assert_snapshot!(
        "run_output_json",
        rnomad(&["job", "run", "-output", "-json", "-"])
            .sim(&s)
            .stdin(json)
            .run()
    );
    assert_eq!(s.with_state(|st| st.jobs.len()), 0);
}

const UI_V1: &str = r#"{"Job":{"ID":"ui","Name":"ui","Type":"service","Datacenters":["*"],
 "UI":{"Description":"old","Links":[{"Label":"a","URL":"http://a"},{"Label":"b","URL":"http://b"}]},
 "TaskGroups":[{"Name":"g","Count":1,
   "Volumes":{"data":{"Name":"data","Type":"host","Source":"data","ReadOnly":false}},
   "Tasks":[{"Name":"t","Driver":"docker","Config":{"image":"x"},
     "VolumeMounts":[{"Volume":"data","Destination":"/data","ReadOnly":false}],
     "Identities":[{"Name":"vault","Audience":["vault.io"],"TTL":3600000000000}]}]}]}}"#;

const UI_V2: &str = r#"{"Job": {"ID": "ui", "Name": "ui", "Type": "service", "Datacenters": ["*"], "UI": {"Description": "new", "Links": [{"Label": "a", "URL": "http://a2"}]}, "TaskGroups": [{"Name": "g", "Count": 1, "Volumes": {"data": {"Name": "data", "Type": "host", "Source": "data", "ReadOnly": true}, "logs": {"Name": "logs", "Type": "host", "Source": "logs"}}, "Tasks": [{"Name": "t", "Driver": "docker", "Config": {"image": "x"}, "VolumeMounts": [{"Volume": "data", "Destination": "/srv", "ReadOnly": false}], "Identities": [{"Name": "vault", "Audience": ["vault.io", "x"], "TTL": 3600000000000}, {"Name": "consul", "Audience": ["consul.io"]}]}]}]}}"#;

/// JSON job files: the UI block and its links, group volumes, task volume mounts and
/// alternate workload identities.
#[test]
fn ui_volumes_and_identities() {
    let s = empty_sim();
    let d = dir("ui");
    let dd = d.to_string_lossy().into_owned();
    let r = rnomad(&[
        "job",
        "run",
        "-detach",
        "-json",
        &write(&d, "v1.json", UI_V1),
    ])
    .sim(&s)
    .run();
    assert_eq!(r.code, 0, "{r}");
    std::thread::sleep(std::time::Duration::from_millis(800));
    let next = write(&d, "v2.json", UI_V2);
    assert_snapshot!(
        "ui_volumes_identities",
        rnomad(&["job", "plan", "-json", &next])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
}

const MULTIREGION: &str = r#"{"Job":{"ID":"mr","Name":"mr","Type":"service","Datacenters":["*"],
 "Multiregion":{"Strategy":{"MaxParallel":1,"OnFailure":"fail_all"},
   "Regions":[{"Name":"global","Count":1,"Datacenters":["dc1"]},{"Name":"west","Count":2}]},
 "TaskGroups":[{"Name":"g","Count":1,"Tasks":[{"Name":"t","Driver":"docker","Config":{"image":"x"}}]}]}}"#;

/// A multiregion job is planned in each of its regions; the output is per region and has no
/// check-index hint. A region whose plan fails makes the command fail (255) after all were
/// tried.
#[test]
fn multiregion_plan() {
    let s = empty_sim();
    let d = dir("mr");
    let dd = d.to_string_lossy().into_owned();
    let path = write(&d, "mr.json", MULTIREGION);
    assert_snapshot!(
        "multiregion",
        rnomad(&["job", "plan", "-json", &path])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
    s.faults()
        .fail("/v1/job/mr/plan", 500, "no leader", Some(1));
    assert_snapshot!(
        "multiregion_error",
        rnomad(&["job", "plan", "-json", &path])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
}

/// A destructive change to a group with canaries places the canaries and leaves the running
/// allocations alone until promotion.
#[test]
fn canary_update() {
    let s = empty_sim();
    let d = dir("canary");
    let dd = d.to_string_lossy().into_owned();
    let base = BASE.replace(
        "max_parallel = 1",
        "max_parallel = 1\n      canary       = 1",
    );
    run_detached(&s, &write(&d, "web.nomad.hcl", &base));
    let next = write(
        &d,
        "web2.nomad.hcl",
        &base.replace("image = \"api:1\"", "image = \"api:2\""),
    );
    assert_snapshot!(
        "canary",
        rnomad(&["job", "plan", &next])
            .sim(&s)
            .redact(&dd, "DIR")
            .run()
    );
}
