//! `node pool init`: writes an example node pool specification of rnomad's own (HCL or the
//! API's JSON), as Nomad's `NodePoolInitCommand` does with its own example.

use crate::cli::node::NodePoolInitArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

const HCL: &str = r#"# A node pool: a named group of client nodes that jobs choose with `node_pool`.
# Create or update it with:   rnomad node pool apply pool.nomad.hcl
# Put clients in it with the client's `node_pool` setting.
node_pool "example" {
  description = "Example node pool"

  # Free-form labels for people and tools; the scheduler ignores them.
  meta {
    environment = "prod"
    owner       = "sre"
  }

  # Per-pool scheduler settings override the cluster's (Nomad Enterprise only).
  # scheduler_config {
  #   scheduler_algorithm             = "spread"
  #   memory_oversubscription_enabled = true
  # }
}
"#;

const JSON: &str = r#"{
  "Name": "example",
  "Description": "Example node pool",
  "Meta": {
    "environment": "prod",
    "owner": "sre"
  },
  "SchedulerConfiguration": {
    "SchedulerAlgorithm": "spread",
    "MemoryOversubscriptionEnabled": true
  }
}
"#;

pub fn run(ctx: &mut Ctx, a: &NodePoolInitArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes no arguments or one: <filename>",
            "node pool init",
        );
    }
    // An unknown -out leaves no file name and no content, as in Nomad.
    let (default_name, content) = match a.out.as_str() {
        "hcl" => ("pool.nomad.hcl", HCL),
        "json" => ("pool.nomad.json", JSON),
        _ => ("", ""),
    };
    let name = a.args.first().map_or(default_name, String::as_str);
    match std::fs::symlink_metadata(name) {
        Ok(_) => {
            ctx.ui
                .error(&format!("File {} already exists", quote(name)));
            return 1;
        }
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            ctx.ui.error(&format!(
                "Failed to stat {}: stat {name}: {}",
                quote(name),
                crate::commands::common::io_text(&e)
            ));
            return 1;
        }
        Err(_) => {}
    }
    if let Err(e) = write(name, content) {
        ctx.ui.error(&format!(
            "Failed to write {}: open {name}: {}",
            quote(name),
            crate::commands::common::io_text(&e)
        ));
        return 1;
    }
    if !a.quiet {
        ctx.ui.output(&format!(
            "Example node pool specification written to {name}"
        ));
    }
    0
}

/// Writes with mode 0660 (before the umask), as Nomad does.
fn write(name: &str, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o660);
    opts.open(name)?.write_all(content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_are_valid_specifications() {
        let b = crate::commands::spec::parse(HCL).unwrap();
        let np = b.blocks("node_pool").next().unwrap();
        assert_eq!(np.labels, ["example"]);
        let v: serde_json::Value = serde_json::from_str(JSON).unwrap();
        assert_eq!(v["Name"], "example");
    }
}
