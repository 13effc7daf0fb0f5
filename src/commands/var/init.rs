//! `var init [<filename>]`: Nomad's `VarInitCommand`, which writes an example variable
//! specification.

use crate::cli::var::VarInitArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::os::io_text;
use crate::gocompat::strconv::quote;
use crate::gocompat::wordwrap::reflow_wrap;

/// The two notes Nomad puts in the example (as HCL comments) and prints after writing the
/// JSON one (with "items" spelled "Items").
const ONLY_ITEMS: &str = "The items map is the only strictly required part of a variable \
specification, since path and namespace can be set via other means. It contains the sensitive \
material to encrypt and store as a Nomad variable. The entire items map is encrypted and \
decrypted as a single unit.";
const DOTTED_KEYS: &str = "REMINDER: While keys in the items map can contain dots, using them \
in templates is easier when they do not. As a best practice, avoid dotted keys when possible.";

const HCL_HEAD: &str = "# A variable path can be specified in the specification file
# and will be used when writing the variable without specifying a
# path in the command or when writing JSON directly to the `/var/`
# HTTP API endpoint
# path = \"path/to/variable\"

# The Namespace to write the variable can be included in the specification. This
# value can be overridden by specifying the \"-namespace\" flag on the \"put\"
# command.
# namespace = \"default\"
";

const JSON_SPEC: &str = "{
  \"Namespace\": \"default\",
  \"Path\": \"path/to/variable\",
  \"Items\": {
    \"key1\": \"value 1\",
    \"key2\": \"value 2\"
  }
}
";

/// A note as HCL comment lines (wrapped to 68 columns, then `# `).
fn hcl_comment(text: &str) -> String {
    reflow_wrap(text, 68)
        .split('\n')
        .map(|l| format!("# {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The example HCL specification.
pub fn hcl_spec() -> String {
    format!(
        "{HCL_HEAD}\n{}\n\n{}\nitems {{\n  key1 = \"value 1\"\n  key2 = \"value 2\"\n}}\n",
        hcl_comment(ONLY_ITEMS),
        hcl_comment(DOTTED_KEYS)
    )
}

pub async fn run(ctx: &mut Ctx, a: &VarInitArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes no arguments or one: <filename>",
            "var init",
        );
    }
    // Another -out leaves no default name and no content, as in Nomad (the write fails).
    let (default_name, content) = match a.out.as_str() {
        "hcl" => ("spec.nv.hcl", hcl_spec()),
        "json" => ("spec.nv.json", JSON_SPEC.to_string()),
        _ => ("", String::new()),
    };
    let name = a.args.first().map(String::as_str).unwrap_or(default_name);
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
                io_text(&e)
            ));
            return 1;
        }
        Err(_) => {}
    }
    if let Err(e) = crate::commands::common::write_file_0660(name, &content) {
        ctx.ui.error(&format!(
            "Failed to write {}: open {name}: {}",
            quote(name),
            io_text(&e)
        ));
        return 1;
    }
    if !a.quiet {
        if a.out == "json" {
            ctx.ui
                .info(&reflow_wrap(&ONLY_ITEMS.replace("items", "Items"), 70));
            ctx.ui
                .warn(&reflow_wrap(&DOTTED_KEYS.replace("items", "Items"), 70));
        }
        ctx.ui
            .output(&format!("Example variable specification written to {name}"));
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `nomad var init` (v1.10.5) wrote these bytes.
    #[test]
    fn the_hcl_example_is_nomads() {
        let expected = "# A variable path can be specified in the specification file
# and will be used when writing the variable without specifying a
# path in the command or when writing JSON directly to the `/var/`
# HTTP API endpoint
# path = \"path/to/variable\"

# The Namespace to write the variable can be included in the specification. This
# value can be overridden by specifying the \"-namespace\" flag on the \"put\"
# command.
# namespace = \"default\"

# The items map is the only strictly required part of a variable
# specification, since path and namespace can be set via other means.
# It contains the sensitive material to encrypt and store as a Nomad
# variable. The entire items map is encrypted and decrypted as a
# single unit.

# REMINDER: While keys in the items map can contain dots, using them
# in templates is easier when they do not. As a best practice, avoid
# dotted keys when possible.
items {
  key1 = \"value 1\"
  key2 = \"value 2\"
}
";
        assert_eq!(hcl_spec(), expected);
    }

    #[test]
    fn the_json_notes_wrap_as_nomads() {
        assert_eq!(
            reflow_wrap(&ONLY_ITEMS.replace("items", "Items"), 70),
            "The Items map is the only strictly required part of a variable\nspecification, since path and namespace can be set via other means. It\ncontains the sensitive material to encrypt and store as a Nomad\nvariable. The entire Items map is encrypted and decrypted as a single\nunit."
        );
    }
}
