//! The `service` commands (Nomad-native service discovery).

pub mod delete;
pub mod info;
pub mod list;

use serde_json::Value;

use crate::output::format_list;

fn str_of<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_default()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// `formatServiceListOutput`: namespaces and service names sorted, tags sorted, and a
/// Namespace column when `-namespace=*` was given.
pub fn service_table(list: &[Value], all_namespaces: bool) -> String {
    let mut header = "Service Name".to_string();
    if all_namespaces {
        header.push_str("|Namespace");
    }
    header.push_str("|Tags");
    let mut rows = vec![header];
    let mut namespaces: Vec<&Value> = list.iter().collect();
    namespaces.sort_by(|a, b| str_of(a, "Namespace").cmp(str_of(b, "Namespace")));
    for ns in namespaces {
        let mut services: Vec<(&str, Vec<String>)> = ns["Services"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|s| (str_of(s, "ServiceName"), strings(&s["Tags"])))
                    .collect()
            })
            .unwrap_or_default();
        services.sort_by(|a, b| a.0.cmp(b.0));
        for (name, mut tags) in services {
            tags.sort();
            let mut row = name.to_string();
            if all_namespaces {
                row.push('|');
                row.push_str(str_of(ns, "Namespace"));
            }
            row.push_str(&format!("|[{}]", tags.join(",")));
            rows.push(row);
        }
    }
    format_list(&rows)
}
