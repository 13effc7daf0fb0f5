//! `operator autopilot get-config`, `set-config` and `health` (Nomad's
//! `command/operator_autopilot_*.go`).

use serde_json::{json, Value};

use crate::cli::operator::{
    OperatorAutopilotHealthArgs, OperatorAutopilotSetArgs, OperatorPlainArgs,
};
use crate::ctx::Ctx;
use crate::gocompat::time::{go_duration, parse_duration};
use crate::output::format_list;

/// A duration the api sends as Go's `Duration.String()`, read back and written again as Go
/// does (`"10s"`; a number is taken as nanoseconds).
fn duration_text(v: &Value) -> String {
    match v {
        Value::String(s) => parse_duration(s)
            .map(go_duration)
            .unwrap_or_else(|| s.clone()),
        Value::Number(n) => go_duration(n.as_i64().unwrap_or(0)),
        _ => go_duration(0),
    }
}

pub async fn get_config(ctx: &mut Ctx, a: &OperatorPlainArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    match client.autopilot_configuration().await {
        Ok(c) => {
            ctx.ui.output(&render_config(&c));
            0
        }
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying Autopilot configuration: {e}"));
            1
        }
    }
}

/// The configuration, one `Key = value` line each (Nomad prints them one by one).
pub fn render_config(c: &Value) -> String {
    let b = |k: &str| c[k].as_bool().unwrap_or(false);
    let n = |k: &str| c[k].as_u64().unwrap_or(0);
    [
        format!("CleanupDeadServers = {}", b("CleanupDeadServers")),
        format!(
            "LastContactThreshold = {}",
            duration_text(&c["LastContactThreshold"])
        ),
        format!("MaxTrailingLogs = {}", n("MaxTrailingLogs")),
        format!("MinQuorum = {}", n("MinQuorum")),
        format!(
            "ServerStabilizationTime = {}",
            duration_text(&c["ServerStabilizationTime"])
        ),
        format!("EnableRedundancyZones = {}", b("EnableRedundancyZones")),
        format!("DisableUpgradeMigration = {}", b("DisableUpgradeMigration")),
        format!("EnableCustomUpgrades = {}", b("EnableCustomUpgrades")),
    ]
    .join("\n")
}

pub async fn set_config(ctx: &mut Ctx, a: &OperatorAutopilotSetArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let current = match client.autopilot_configuration().await {
        Ok(c) => c,
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying for Autopilot configuration: {e}"));
            return 1;
        }
    };
    let conf = merged(&current, a);
    let index = current["ModifyIndex"].as_u64().unwrap_or(0);
    match client.autopilot_cas(&conf, index).await {
        Ok(true) => {
            ctx.ui.output("Configuration updated!");
            0
        }
        Ok(false) => {
            ctx.ui
                .output("Configuration could not be atomically updated, please try again");
            1
        }
        Err(e) => {
            ctx.ui
                .error(&format!("Error setting Autopilot configuration: {e}"));
            1
        }
    }
}

/// The configuration to write: what was read, with the flags that were given laid over it,
/// in the api's field order and encoding (durations as Go duration strings).
pub fn merged(c: &Value, a: &OperatorAutopilotSetArgs) -> Value {
    let b = |k: &str, f: Option<bool>| f.unwrap_or_else(|| c[k].as_bool().unwrap_or(false));
    let n = |k: &str, f: Option<u64>| f.unwrap_or_else(|| c[k].as_u64().unwrap_or(0));
    let d = |k: &str, f: Option<i64>| f.map(go_duration).unwrap_or_else(|| duration_text(&c[k]));
    json!({
        "CleanupDeadServers": b("CleanupDeadServers", a.cleanup_dead_servers.0),
        "LastContactThreshold": d("LastContactThreshold", a.last_contact_threshold.0),
        "MaxTrailingLogs": n("MaxTrailingLogs", a.max_trailing_logs.0),
        "MinQuorum": n("MinQuorum", a.min_quorum.0),
        "ServerStabilizationTime": d("ServerStabilizationTime", a.server_stabilization_time.0),
        "EnableRedundancyZones": b("EnableRedundancyZones", a.enable_redundancy_zones.0),
        "DisableUpgradeMigration": b("DisableUpgradeMigration", a.disable_upgrade_migration.0),
        "EnableCustomUpgrades": b("EnableCustomUpgrades", a.enable_custom_upgrades.0),
        "CreateIndex": c["CreateIndex"].as_u64().unwrap_or(0),
        "ModifyIndex": c["ModifyIndex"].as_u64().unwrap_or(0),
    })
}

pub async fn health(ctx: &mut Ctx, a: &OperatorAutopilotHealthArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    match client.autopilot_health().await {
        Ok(h) => {
            let out = if a.json {
                health_json(&h)
            } else {
                render_health(&h)
            };
            ctx.ui.output(&out);
            0
        }
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying Autopilot configuration: {e}"));
            1
        }
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// `formatAutopilotState`: the summary lines, the voters and the server table.
pub fn render_health(h: &Value) -> String {
    let ids = |v: &Value| {
        let rows: Vec<String> = strings(v).iter().map(|id| format!("\t{id}")).collect();
        format_list(&rows)
    };
    let mut rows = vec![
        "ID|Name|Address|SerfStatus|Version|Leader|Voter|Healthy|LastContact|LastTerm|LastIndex|StableSince".to_string(),
    ];
    for s in h["Servers"].as_array().into_iter().flatten() {
        let t = |k: &str| s[k].as_str().unwrap_or("").to_string();
        let b = |k: &str| s[k].as_bool().unwrap_or(false);
        let n = |k: &str| s[k].as_u64().unwrap_or(0);
        rows.push(format!(
            "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
            t("ID"),
            t("Name"),
            t("Address"),
            t("SerfStatus"),
            t("Version"),
            b("Leader"),
            b("Voter"),
            b("Healthy"),
            duration_text(&s["LastContact"]),
            n("LastTerm"),
            n("LastIndex"),
            go_time_string(s["StableSince"].as_str().unwrap_or("")),
        ));
    }
    let mut out = format!(
        "Healthy: {}\nFailureTolerance: {}\nLeader: {}\nVoters:  \n\t{}\nServers: \n{}\n",
        h["Healthy"].as_bool().unwrap_or(false),
        h["FailureTolerance"].as_i64().unwrap_or(0),
        h["Leader"].as_str().unwrap_or(""),
        ids(&h["Voters"]),
        format_list(&rows),
    );
    // Enterprise parts, present only when the server sends them.
    let replicas = strings(&h["ReadReplicas"]);
    if !replicas.is_empty() {
        out.push_str("\nReadReplicas:");
        out.push_str(&format_list(&replicas));
    }
    if let Some(zones) = h["RedundancyZones"].as_object().filter(|z| !z.is_empty()) {
        out.push_str("\nRedundancyZones:");
        for z in zones.values() {
            out.push_str(&format!("  {}", go_zone(z)));
        }
    }
    out
}

/// A zone as Go's `%v` prints `AutopilotZone{Servers, Voters, FailureTolerance}`.
fn go_zone(z: &Value) -> String {
    format!(
        "{{[{}] [{}] {}}}",
        strings(&z["Servers"]).join(" "),
        strings(&z["Voters"]).join(" "),
        z["FailureTolerance"].as_i64().unwrap_or(0)
    )
}

/// Go's `time.Time.String()` of an RFC 3339 time as the api decodes it:
/// `2026-12-04 13:34:55 +0000 UTC`, fractions without trailing zeros.
pub fn go_time_string(s: &str) -> String {
    let Some((date, rest)) = s.split_once('T') else {
        return "0001-01-01 00:00:00 +0000 UTC".to_string();
    };
    let (clock, zone) = match rest.find(['Z', '+', '-']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "Z"),
    };
    let clock = match clock.split_once('.') {
        Some((hms, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                hms.to_string()
            } else {
                format!("{hms}.{frac}")
            }
        }
        None => clock.to_string(),
    };
    let zone = if zone == "Z" {
        "+0000 UTC".to_string()
    } else {
        let z = zone.replace(':', "");
        format!("{z} {z}")
    };
    format!("{date} {clock} {zone}")
}

/// `json.Marshal(OperatorHealthReply)`: compact, in the Go structs' field order (each
/// server's LastContact first, as its MarshalJSON writes it), the Enterprise parts only when
/// set.
pub fn health_json(h: &Value) -> String {
    let s = |v: &Value| serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    let servers = match h["Servers"].as_array() {
        Some(list) => {
            let items: Vec<String> = list
                .iter()
                .map(|v| {
                    let mut f = vec![format!(
                        "\"LastContact\":{}",
                        s(&json!(duration_text(&v["LastContact"])))
                    )];
                    for (k, zero) in [
                        ("ID", json!("")),
                        ("Name", json!("")),
                        ("Address", json!("")),
                        ("SerfStatus", json!("")),
                        ("Version", json!("")),
                        ("Leader", json!(false)),
                        ("LastTerm", json!(0)),
                        ("LastIndex", json!(0)),
                        ("Healthy", json!(false)),
                        ("Voter", json!(false)),
                        ("StableSince", json!("0001-01-01T00:00:00Z")),
                    ] {
                        let val = if v[k].is_null() { &zero } else { &v[k] };
                        f.push(format!("\"{k}\":{}", s(val)));
                    }
                    format!("{{{}}}", f.join(","))
                })
                .collect();
            format!("[{}]", items.join(","))
        }
        None => "null".into(),
    };
    let mut out = format!(
        "{{\"Healthy\":{},\"FailureTolerance\":{},\"Servers\":{servers},\"Leader\":{},\"Voters\":{}",
        h["Healthy"].as_bool().unwrap_or(false),
        h["FailureTolerance"].as_i64().unwrap_or(0),
        s(&json!(h["Leader"].as_str().unwrap_or(""))),
        if h["Voters"].is_array() { s(&h["Voters"]) } else { "null".into() },
    );
    for k in ["ReadReplicas", "RedundancyZones", "Upgrade"] {
        let v = &h[k];
        let empty = v.is_null()
            || v.as_array().is_some_and(Vec::is_empty)
            || v.as_object()
                .is_some_and(|o| o.is_empty() && k != "Upgrade");
        if !empty {
            out.push_str(&format!(",\"{k}\":{}", s(v)));
        }
    }
    if let Some(n) = h["OptimisticFailureTolerance"].as_i64().filter(|n| *n != 0) {
        out.push_str(&format!(",\"OptimisticFailureTolerance\":{n}"));
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/nomad-1.10.5/api/ops/"
        );
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}{name}")).unwrap()).unwrap()
    }

    #[test]
    fn health_renders_as_nomad() {
        let h = fixture("autopilot-health.json");
        assert_eq!(
            render_health(&h),
            "Healthy: true\nFailureTolerance: 0\nLeader: 3c8aed00-e15a-9ca6-9d6b-8276da7ece5c\n\
             Voters:  \n\t3c8aed00-e15a-9ca6-9d6b-8276da7ece5c\nServers: \n\
             ID                                    Name       Address         SerfStatus  Version  Leader  Voter  Healthy  LastContact  LastTerm  LastIndex  StableSince\n\
             3c8aed00-e15a-9ca6-9d6b-8276da7ece5c  vm.global  127.0.0.1:5751  alive       1.10.5   true    true   true     0s           2         42         2026-12-04 13:34:55 +0000 UTC\n"
        );
        assert_eq!(
            health_json(&h),
            r#"{"Healthy":true,"FailureTolerance":0,"Servers":[{"LastContact":"0s","ID":"3c8aed00-e15a-9ca6-9d6b-8276da7ece5c","Name":"vm.global","Address":"127.0.0.1:5751","SerfStatus":"alive","Version":"1.10.5","Leader":true,"LastTerm":2,"LastIndex":42,"Healthy":true,"Voter":true,"StableSince":"2026-12-04T13:34:55Z"}],"Leader":"3c8aed00-e15a-9ca6-9d6b-8276da7ece5c","Voters":["3c8aed00-e15a-9ca6-9d6b-8276da7ece5c"]}"#
        );
    }

    #[test]
    fn config_renders_as_nomad() {
        assert_eq!(
            render_config(&fixture("autopilot-configuration.json")),
            "CleanupDeadServers = true\nLastContactThreshold = 200ms\nMaxTrailingLogs = 250\n\
             MinQuorum = 0\nServerStabilizationTime = 10s\nEnableRedundancyZones = false\n\
             DisableUpgradeMigration = false\nEnableCustomUpgrades = false"
        );
        assert_eq!(
            go_time_string("2026-12-04T13:34:55.120Z"),
            "2026-12-04 13:34:55.12 +0000 UTC"
        );
    }
}
