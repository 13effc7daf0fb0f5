//! `job init` (and `init`): write an example job file. The examples are rnomad's own: a
//! Redis cache (`example`, with or without explanations) and a two-service mesh example
//! (`countdash`, with `-connect`); each parses and runs as it is.

use crate::cli::job::JobInitArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

const FILE: &str = "example.nomad.hcl";

const SHORT: &str = r#"job "example" {
  datacenters = ["*"]

  group "cache" {
    count = 1

    network {
      port "db" {
        to = 6379
      }
    }

    task "redis" {
      driver = "docker"

      config {
        image = "redis:7"
        ports = ["db"]
      }

      resources {
        cpu    = 500
        memory = 256
      }
    }
  }
}
"#;

const LONG: &str = r#"# An example job: one Redis server, run by Docker.
#
# Try it:   rnomad job run example.nomad.hcl
# Change it (say, the count), then see what would happen:   rnomad job plan example.nomad.hcl
# Every block below can hold more settings; the Nomad job specification lists them all.

# The job's name. It must be unique within its namespace.
job "example" {
  # Where the job may run: "*" means every datacenter of the cluster.
  datacenters = ["*"]

  # "service" jobs run until stopped; "batch" jobs run to completion.
  type = "service"

  # How new versions roll out: one allocation at a time, each healthy for ten seconds
  # before the next is replaced; a version that cannot get healthy is rolled back.
  update {
    max_parallel      = 1
    min_healthy_time  = "10s"
    healthy_deadline  = "3m"
    progress_deadline = "10m"
    auto_revert       = true
  }

  # A group is a set of tasks placed together on one client.
  group "cache" {
    # How many copies of the group to run.
    count = 1

    # The group asks for one dynamic port, named "db", mapped to Redis' port in the container.
    network {
      port "db" {
        to = 6379
      }
    }

    # Where a failed task is restarted, and how often, before the allocation fails.
    restart {
      attempts = 2
      interval = "30m"
      delay    = "15s"
      mode     = "fail"
    }

    # A task is one process: here a container.
    task "redis" {
      driver = "docker"

      config {
        image = "redis:7"
        ports = ["db"]
      }

      # What the task is given: CPU in MHz, memory in MB.
      resources {
        cpu    = 500
        memory = 256
      }
    }
  }
}
"#;

const CONNECT: &str = r#"# An example of two services talking through the Consul Connect service mesh:
# a counting API and a dashboard that reads it through its sidecar proxy.

job "countdash" {
  datacenters = ["*"]

  group "api" {
    network {
      mode = "bridge"
    }

    service {
      name = "count-api"
      port = "9001"

      connect {
        sidecar_service {}
      }
    }

    task "web" {
      driver = "docker"

      config {
        image = "hashicorpdev/counter-api:v3"
      }
    }
  }

  group "dashboard" {
    network {
      mode = "bridge"

      port "http" {
        static = 9002
        to     = 9002
      }
    }

    service {
      name = "count-dashboard"
      port = "http"

      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "count-api"
              local_bind_port  = 8080
            }
          }
        }
      }
    }

    task "dashboard" {
      driver = "docker"

      env {
        COUNTING_SERVICE_URL = "http://${NOMAD_UPSTREAM_ADDR_count_api}"
      }

      config {
        image = "hashicorpdev/counter-dashboard:v3"
      }
    }
  }
}
"#;

const CONNECT_SHORT: &str = r#"job "countdash" {
  datacenters = ["*"]

  group "api" {
    network {
      mode = "bridge"
    }

    service {
      name = "count-api"
      port = "9001"

      connect {
        sidecar_service {}
      }
    }

    task "web" {
      driver = "docker"

      config {
        image = "hashicorpdev/counter-api:v3"
      }
    }
  }

  group "dashboard" {
    network {
      mode = "bridge"

      port "http" {
        static = 9002
        to     = 9002
      }
    }

    service {
      name = "count-dashboard"
      port = "http"

      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "count-api"
              local_bind_port  = 8080
            }
          }
        }
      }
    }

    task "dashboard" {
      driver = "docker"

      env {
        COUNTING_SERVICE_URL = "http://${NOMAD_UPSTREAM_ADDR_count_api}"
      }

      config {
        image = "hashicorpdev/counter-dashboard:v3"
      }
    }
  }
}
"#;

/// The example text for the flags.
pub fn example(short: bool, connect: bool) -> &'static str {
    match (connect, short) {
        (false, false) => LONG,
        (false, true) => SHORT,
        (true, false) => CONNECT,
        (true, true) => CONNECT_SHORT,
    }
}

pub async fn run(ctx: &mut Ctx, a: &JobInitArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes either no arguments or one: <filename>",
            "job init",
        );
    }
    let file = a.args.first().map(String::as_str).unwrap_or(FILE);
    match std::fs::metadata(file) {
        Ok(_) if !a.list_templates => {
            ctx.ui.error(&format!("Job '{file}' already exists"));
            return 1;
        }
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            ctx.ui.error(&format!("Failed to stat '{file}': {e}"));
            return 1;
        }
        _ => {}
    }
    if a.list_templates || !a.template.is_empty() {
        ctx.ui
            .error("Job templates stored in Nomad variables are not supported by rnomad yet");
        return 1;
    }
    if let Err(e) = std::fs::write(file, example(a.short, a.connect)) {
        ctx.ui.error(&format!("Failed to write '{file}': {e}"));
        return 1;
    }
    ctx.ui
        .output(&format!("Example job file written to {file}"));
    0
}
