//! `namespace status`: Nomad's `NamespaceStatusCommand`.

use serde_json::Value;

use crate::cli::namespace::NamespaceStatusArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format_kv;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &NamespaceStatusArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <namespace>",
            "namespace status",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let ns = match super::resolve(ctx, &client, &a.args[0]).await {
        Ok(ns) => ns,
        Err(code) => return code,
    };
    if let Some(code) = print_if_asked(ctx, &a.format, GoType::Namespace, &ns, Errors::AsIs) {
        return code;
    }
    let text = render(&ns, &|s| ctx.ui.colorize(s));
    ctx.ui.output(&text);
    0
}

/// A list of strings joined with `sep`, or `None` when absent or empty.
fn joined(v: &Value, sep: &str) -> Option<String> {
    let items: Vec<&str> = v.as_array()?.iter().filter_map(Value::as_str).collect();
    (!items.is_empty()).then(|| items.join(sep))
}

/// The status view: the basics, then the sections Nomad shows when the namespace has them.
/// (Quota limits, an Enterprise feature, are not shown.)
pub fn render(ns: &Value, colorize: &dyn Fn(&str) -> String) -> String {
    let caps = &ns["Capabilities"];
    let or = |v: Option<String>, d: &str| v.unwrap_or_else(|| d.to_string());
    let s = |k: &str| ns[k].as_str().unwrap_or_default();
    let mut out = format_kv(&[
        format!("Name|{}", s("Name")),
        format!("Description|{}", s("Description")),
        format!("Quota|{}", s("Quota")),
        format!(
            "Enabled Drivers|{}",
            or(joined(&caps["EnabledTaskDrivers"], ","), "*")
        ),
        format!(
            "Disabled Drivers|{}",
            or(joined(&caps["DisabledTaskDrivers"], ","), "")
        ),
        format!(
            "Enabled Network Modes|{}",
            or(joined(&caps["EnabledNetworkModes"], ","), "*")
        ),
        format!(
            "Disabled Network Modes|{}",
            or(joined(&caps["DisabledNetworkModes"], ","), "")
        ),
    ]);
    if let Some(meta) = ns["Meta"].as_object().filter(|m| !m.is_empty()) {
        let mut rows: Vec<String> = meta
            .iter()
            .map(|(k, v)| format!("{k}|{}", v.as_str().unwrap_or_default()))
            .collect();
        rows.sort();
        out.push('\n');
        out.push_str(&colorize("\n[bold]Metadata[reset]"));
        out.push('\n');
        out.push_str(&format_kv(&rows));
    }
    for (key, title) in [
        ("NodePoolConfiguration", "Node Pool Configuration"),
        ("VaultConfiguration", "Vault Configuration"),
        ("ConsulConfiguration", "Consul Configuration"),
    ] {
        let c = &ns[key];
        if !c.is_object() {
            continue;
        }
        let mut rows = vec![format!(
            "Default|{}",
            c["Default"].as_str().unwrap_or_default()
        )];
        if let Some(allowed) = joined(&c["Allowed"], ", ") {
            rows.push(format!("Allowed|{allowed}"));
        }
        if let Some(denied) = joined(&c["Denied"], ", ") {
            rows.push(format!("Denied|{denied}"));
        }
        out.push('\n');
        out.push_str(&colorize(&format!("\n[bold]{title}[reset]")));
        out.push('\n');
        out.push_str(&format_kv(&rows));
    }
    out
}
