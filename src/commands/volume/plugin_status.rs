//! `plugin status`: Nomad's `PluginStatusCommand` (CSI plugins, the only kind).

use serde_json::Value;

use crate::api::QueryOptions;
use crate::cli::volume::PluginStatusArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;
use crate::output::{format_kv, format_list, id_len, limit};
use crate::views::allocs::format_alloc_list_stubs;

use super::{alloc_stubs, list_of, pick, sorted_by_id, str_of, Lookup};

pub async fn run(ctx: &mut Ctx, a: &PluginStatusArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes either no arguments or one: <plugin>",
            "plugin status",
        );
    }
    let kind = a.kind.to_lowercase();
    if !matches!(kind.as_str(), "" | "csi") {
        ctx.ui.error(&format!("Unsupported plugin type: {kind}"));
        return 1;
    }
    let length = id_len(a.verbose);
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let data = DataFormat::choose(a.format.json, &a.format.template);
    let format = |ty: GoType, v: &Value| -> Option<Result<String, String>> {
        match &data {
            Ok(None) => None,
            Ok(Some(f)) => Some(f.render(ty, v)),
            Err(e) => Some(Err(e.clone())),
        }
    };
    let plugins_out =
        |list: &[Value]| match format(GoType::CsiPluginListStubs, &Value::Array(list.to_vec())) {
            Some(r) => r.map_err(|e| format!("Error formatting: format error: {e}")),
            None => Ok(plugins_table(list, length)),
        };
    let Some(id) = a.args.first() else {
        if !a.format.is_data() {
            ctx.ui
                .output(&ctx.ui.colorize("[bold]Container Storage Interface[reset]"));
        }
        let list = match client.csi_plugins(&QueryOptions::new()).await {
            Ok((v, _)) => sorted_by_id(list_of(v)),
            Err(e) => {
                ctx.ui.error(&format!("Error querying CSI plugins: {e}"));
                return 1;
            }
        };
        if list.is_empty() {
            ctx.ui.error("No CSI plugins");
            return 0;
        }
        return match plugins_out(&list) {
            Ok(s) => {
                ctx.ui.output(&s);
                0
            }
            Err(e) => {
                ctx.ui.error(&e);
                1
            }
        };
    };
    let mut q = QueryOptions::new().prefix(id);
    if !a.global.namespace.is_empty() {
        q = q.namespace(&a.global.namespace);
    }
    let found = client
        .csi_plugins(&q)
        .await
        .map_err(|e| format!("error querying plugins: {e}"))
        .and_then(|(v, _)| pick(list_of(v), "plugins", id, false));
    let stub = match found {
        Ok(Lookup::One(v)) => v,
        Ok(Lookup::Several(list)) => {
            let text = match plugins_out(&sorted_by_id(list)) {
                Ok(s) => format!("Prefix matched multiple plugins\n\n{s}"),
                Err(e) => e,
            };
            ctx.ui.error(&text);
            return 1;
        }
        Err(e) => {
            ctx.ui.error(&format!("Error listing plugins: {e}"));
            return 1;
        }
    };
    let plugin = match client
        .csi_plugin(str_of(&stub, "ID"), &QueryOptions::new())
        .await
    {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying plugin: {e}"));
            return 1;
        }
    };
    let out = match format(GoType::CsiPlugin, &plugin) {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            ctx.ui
                .error(&format!("Error formatting plugin: format error: {e}"));
            return 1;
        }
        None => ctx
            .ui
            .colorize(&render_plugin(&plugin, a.short, a.verbose, ctx.now_ns)),
    };
    ctx.ui.output(&out);
    0
}

/// `csiFormatPlugins`' table (the stubs already sorted by ID).
pub fn plugins_table(list: &[Value], length: usize) -> String {
    let int = |p: &Value, k: &str| p[k].as_i64().unwrap_or(0);
    let mut rows =
        vec!["ID|Provider|Controllers Healthy/Expected|Nodes Healthy/Expected".to_string()];
    for p in list {
        rows.push(format!(
            "{}|{}|{}/{}|{}/{}",
            limit(str_of(p, "ID"), length),
            str_of(p, "Provider"),
            int(p, "ControllersHealthy"),
            int(p, "ControllersExpected"),
            int(p, "NodesHealthy"),
            int(p, "NodesExpected"),
        ));
    }
    format_list(&rows)
}

/// Nomad lists a plugin's capabilities with a `switch` whose cases fall through: the first
/// supported capability (in this order) and every one after it are printed, sorted. Only the
/// first plugin instance is looked at, as in Nomad.
fn fallthrough_caps(info: &Value, order: &[(&str, &'static str)]) -> Vec<&'static str> {
    match order
        .iter()
        .position(|(k, _)| info[*k].as_bool().unwrap_or(false))
    {
        Some(i) => order[i..].iter().map(|(_, name)| *name).collect(),
        None => Vec::new(),
    }
}

const CONTROLLER_CAPS: &[(&str, &str)] = &[
    ("SupportsCreateDelete", "CREATE_DELETE_VOLUME"),
    ("SupportsAttachDetach", "CONTROLLER_ATTACH_DETACH"),
    ("SupportsListVolumes", "LIST_VOLUMES"),
    ("SupportsGetCapacity", "GET_CAPACITY"),
    ("SupportsCreateDeleteSnapshot", "CREATE_DELETE_SNAPSHOT"),
    ("SupportsListSnapshots", "LIST_SNAPSHOTS"),
    ("SupportsClone", "CLONE_VOLUME"),
    ("SupportsReadOnlyAttach", "ATTACH_READONLY"),
    ("SupportsExpand", "EXPAND_VOLUME"),
    (
        "SupportsListVolumesAttachedNodes",
        "LIST_VOLUMES_PUBLISHED_NODES",
    ),
    ("SupportsCondition", "VOLUME_CONDITION"),
    ("SupportsGet", "GET_VOLUME"),
];

const NODE_CAPS: &[(&str, &str)] = &[
    ("RequiresNodeStageVolume", "STAGE_UNSTAGE_VOLUME"),
    ("SupportsStats", "GET_VOLUME_STATS"),
    ("SupportsExpand", "EXPAND_VOLUME"),
    ("SupportsCondition", "VOLUME_CONDITION"),
];

fn caps_block(mut caps: Vec<&str>) -> String {
    if caps.is_empty() {
        return String::new();
    }
    caps.sort_unstable();
    format!("  {}", caps.join("\n  "))
}

fn controller_caps(plugin: &Value) -> String {
    let first = plugin["Controllers"]
        .as_object()
        .and_then(|m| m.values().next());
    caps_block(first.map_or_else(Vec::new, |c| {
        fallthrough_caps(&c["ControllerInfo"], CONTROLLER_CAPS)
    }))
}

fn node_caps(plugin: &Value) -> String {
    let first = plugin["Nodes"].as_object().and_then(|m| m.values().next());
    caps_block(first.map_or_else(Vec::new, |n| {
        let mut caps = Vec::new();
        if n["RequiresTopologies"].as_bool().unwrap_or(false) {
            caps.push("VOLUME_ACCESSIBILITY_CONSTRAINTS");
        }
        caps.extend(fallthrough_caps(&n["NodeInfo"], NODE_CAPS));
        caps
    }))
}

fn node_topologies(plugin: &Value) -> String {
    let mut rows = vec!["Node ID|Accessible Topology".to_string()];
    for (node, info) in plugin["Nodes"].as_object().into_iter().flatten() {
        let topo = &info["NodeInfo"]["AccessibleTopology"];
        if topo.is_object() {
            let pairs: Vec<String> = topo["Segments"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect();
            rows.push(format!("{}|{}", limit(node, 8), pairs.join(",")));
        }
    }
    if rows.len() == 1 {
        return String::new();
    }
    format_list(&rows)
}

/// `csiFormatPlugin`: the plugin's counts, with `verbose` its capabilities and topologies,
/// and (unless short) the allocations running it; `[bold]` markup left for the caller.
pub fn render_plugin(p: &Value, short: bool, verbose: bool, now_ns: i64) -> String {
    let int = |k: &str| p[k].as_i64().unwrap_or(0);
    let fields = format_kv(&[
        format!("ID|{}", str_of(p, "ID")),
        format!("Provider|{}", str_of(p, "Provider")),
        format!("Version|{}", str_of(p, "Version")),
        format!("Controllers Healthy|{}", int("ControllersHealthy")),
        format!("Controllers Expected|{}", int("ControllersExpected")),
        format!("Nodes Healthy|{}", int("NodesHealthy")),
        format!("Nodes Expected|{}", int("NodesExpected")),
    ]);
    if short {
        return fields;
    }
    let mut full = vec![fields];
    if verbose {
        for (title, block) in [
            ("Controller Capabilities", controller_caps(p)),
            ("Node Capabilities", node_caps(p)),
            ("Accessible Topologies", node_topologies(p)),
        ] {
            if !block.is_empty() {
                full.push(format!("\n[bold]{title}[reset]"));
                full.push(block);
            }
        }
    }
    full.push("\n[bold]Allocations[reset]".to_string());
    full.push(format_alloc_list_stubs(
        &alloc_stubs(&p["Allocations"]),
        verbose,
        now_ns,
    ));
    full.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn capabilities_fall_through_from_the_first_supported_one() {
        let p = json!({"Controllers": {"n1": {"ControllerInfo": {"SupportsCondition": true}}},
            "Nodes": {"n1": {"RequiresTopologies": true, "NodeInfo": {"SupportsExpand": true}}}});
        assert_eq!(controller_caps(&p), "  GET_VOLUME\n  VOLUME_CONDITION");
        assert_eq!(
            node_caps(&p),
            "  EXPAND_VOLUME\n  VOLUME_ACCESSIBILITY_CONSTRAINTS\n  VOLUME_CONDITION"
        );
        assert_eq!(controller_caps(&json!({})), "");
    }
}
