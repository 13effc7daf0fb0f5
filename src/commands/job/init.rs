//! `job init` (and `init`): write an example job file. The examples are rnomad's own: a
//! Redis cache (`example`, with or without explanations) and a two-service mesh example
//! (`countdash`, with `-connect`); each parses and runs as it is. `-template` and
//! `-list-templates` read job templates kept in Nomad Variables under `nomad/job-templates/`.

use crate::api::vars::VariableMetadata;
use crate::api::QueryOptions;
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

// The Connect example, with its comment (the default) and without (`-short`): one text.
macro_rules! connect_job {
    () => {
        r#"job "countdash" {
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
"#
    };
}

const CONNECT: &str = concat!(
    "# An example of two services talking through the Consul Connect service mesh:\n",
    "# a counting API and a dashboard that reads it through its sidecar proxy.\n\n",
    connect_job!()
);

const CONNECT_SHORT: &str = connect_job!();

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
    let content = if a.list_templates {
        return list_templates(ctx, a).await;
    } else if !a.template.is_empty() {
        match read_template(ctx, a).await {
            Ok(t) => t,
            Err(code) => return code,
        }
    } else {
        example(a.short, a.connect).to_string()
    };
    match write_file(file, &content) {
        Ok(()) => {}
        // Created since the check above, or a symlink (dangling too): never written through.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            ctx.ui.error(&format!("Job '{file}' already exists"));
            return 1;
        }
        Err(e) => {
            ctx.ui.error(&format!("Failed to write '{file}': {e}"));
            return 1;
        }
    }
    ctx.ui
        .output(&format!("Example job file written to {file}"));
    0
}

/// Where Nomad keeps job templates in Nomad Variables.
const TEMPLATES: &str = "nomad/job-templates/";

/// Writes a new job file with Go's `os.WriteFile(…, 0660)` permissions (before the umask).
/// Unlike Go's write, it only ever creates the file (`O_EXCL`): a file that appeared after
/// the existence check is not truncated, and a dangling symlink is not followed to create
/// its target somewhere else.
fn write_file(path: &str, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o660);
    opts.open(path)?.write_all(content.as_bytes())
}

/// Only the `-namespace` flag names the namespace here (Nomad ignores `NOMAD_NAMESPACE`).
fn template_query(a: &JobInitArgs) -> QueryOptions {
    let q = QueryOptions::new();
    if a.global.namespace.is_empty() {
        q
    } else {
        q.namespace(&a.global.namespace)
    }
}

/// `-list-templates`: the names under `nomad/job-templates/`.
async fn list_templates(ctx: &mut Ctx, a: &JobInitArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let q = template_query(a).prefix(TEMPLATES);
    let vars = match client.variables(&q).await {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui.error(&format!(
                "Error retrieving job templates from the server; unable to read variables at path {TEMPLATES}. Error: {e}"
            ));
            return 1;
        }
    };
    match render_template_list(&vars) {
        Ok(text) => {
            ctx.ui.output(&text);
            0
        }
        Err(e) => {
            ctx.ui.error(&e);
            1
        }
    }
}

/// The listing, or Nomad's message when there is nothing to list (`Err`, stderr, exit 1).
fn render_template_list(vars: &[VariableMetadata]) -> Result<String, String> {
    if vars.is_empty() {
        return Err("No variables in nomad/job-templates".into());
    }
    let mut out =
        String::from("Use nomad job init -template=<template> with any of the following:");
    for v in vars {
        out.push_str("\n  ");
        out.push_str(v.path.strip_prefix(TEMPLATES).unwrap_or(&v.path));
    }
    Ok(out)
}

/// `-template <name>`: the `template` item of `nomad/job-templates/<name>`.
async fn read_template(ctx: &mut Ctx, a: &JobInitArgs) -> Result<String, i32> {
    let client = match ctx.client(&a.global) {
        Ok(c) => c,
        Err(e) => {
            ctx.ui.error(&format!("Error initializing: {e}"));
            return Err(1);
        }
    };
    let path = format!("{TEMPLATES}{}", a.template)
        .trim_matches(|c| c == ' ' || c == '/')
        .to_string();
    let q = template_query(a);
    // Nomad's client reads a 404 and a 403 alike as "no such variable".
    let var = match client.variable(&path, &q).await {
        Ok((Some(v), _)) => v,
        Ok((None, _)) => {
            ctx.ui.warn("Variable not found");
            return Err(1);
        }
        Err(e) if matches!(e.status(), Some(404) | Some(403)) => {
            ctx.ui.warn("Variable not found");
            return Err(1);
        }
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving variable: {e}"));
            return Err(1);
        }
    };
    match var.items.as_ref().and_then(|i| i.get("template")) {
        Some(t) => {
            ctx.ui
                .output(&format!("Initializing a job template from {}", a.template));
            Ok(t.clone())
        }
        None => {
            ctx.ui.error(&format!(
                "Job template {} is malformed and is missing a template field. Please visit the jobs/run/templates route in  the Nomad UI to add it",
                crate::gocompat::strconv::quote(&a.template)
            ));
            Err(1)
        }
    }
}

#[cfg(test)]
mod template_tests {
    use super::*;

    #[test]
    fn lists_names_without_the_prefix() {
        let vars = vec![
            VariableMetadata {
                path: "nomad/job-templates/web".into(),
                ..Default::default()
            },
            VariableMetadata {
                path: "nomad/job-templates/batch/nightly".into(),
                ..Default::default()
            },
        ];
        assert_eq!(
            render_template_list(&vars).unwrap_or_default(),
            "Use nomad job init -template=<template> with any of the following:\n  web\n  batch/nightly"
        );
        assert!(render_template_list(&[]).is_err());
    }
}
