//! The `scaling policy` commands.

pub mod info;
pub mod list;

use serde_json::Value;

use crate::output::{format_list, limit};

/// `formatScalingPolicyTarget`: namespace, job and group first (any case of the key), then
/// the other entries (sorted here: Go's map order is random), joined by commas with the
/// commas at either end trimmed.
pub fn target(t: &Value) -> String {
    let (mut ns, mut job, mut group) = (String::new(), String::new(), String::new());
    let mut other = Vec::new();
    if let Some(m) = t.as_object() {
        for (k, v) in m {
            let s = format!("{k}:{}", v.as_str().unwrap_or_default());
            match k.to_lowercase().as_str() {
                "namespace" => ns = s,
                "job" => job = s,
                "group" => group = s,
                _ => other.push(s),
            }
        }
    }
    let mut parts = vec![ns, job, group];
    parts.extend(other);
    parts.join(",").trim_matches(',').to_string()
}

/// `formatScalingPolicies`: the policies sorted by target (Go's `sort.Sort`), IDs cut to
/// `len`, or Nomad's line for none.
pub fn policy_table(policies: &[Value], len: usize) -> String {
    if policies.is_empty() {
        return "No policies found".into();
    }
    let mut sorted: Vec<(String, &Value)> =
        policies.iter().map(|p| (target(&p["Target"]), p)).collect();
    // Nomad's Less is "sorts first or equal", kept as is for the same order.
    crate::gocompat::sort::sort(&mut sorted, |a, b| a.0 <= b.0);
    let mut rows = vec!["ID|Enabled|Type|Target".to_string()];
    for (t, p) in sorted {
        rows.push(format!(
            "{}|{}|{}|{t}",
            limit(p["ID"].as_str().unwrap_or_default(), len),
            p["Enabled"].as_bool().unwrap_or(false),
            p["Type"].as_str().unwrap_or_default(),
        ));
    }
    format_list(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn targets_read_namespace_job_group_then_the_rest() {
        let t = json!({"Group": "web", "Job": "svc", "Namespace": "default"});
        assert_eq!(target(&t), "Namespace:default,Job:svc,Group:web");
        assert_eq!(target(&json!({"Job": "j"})), "Job:j");
        assert_eq!(
            target(&json!({"Namespace": "n", "Group": "g"})),
            "Namespace:n,,Group:g"
        );
        assert_eq!(target(&json!({"task": "t", "Job": "j"})), "Job:j,,task:t");
    }
}
