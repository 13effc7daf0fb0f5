//! The next launch of a periodic job, as `PeriodicConfig.Next` computes it for the plan
//! endpoint, in UTC. The cron syntax and search are rnomad's own implementation of
//! hashicorp/cronexpr (`src/gocompat/cronexpr.rs`, included here by path), so the simulator and
//! the CLI cannot disagree about a launch.

#[path = "../../../src/gocompat/cronexpr.rs"]
#[allow(dead_code)]
mod cronexpr;

const DAY: i64 = 86_400;

/// (year, month, day) of a day count since 1970-01-01.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `NextPeriodicLaunch` for a job's periodic block at `now_ns`, as RFC 3339 text; `None`
/// when Nomad would send the zero time (disabled, no spec, a zone other than UTC).
pub fn next_launch(periodic: &serde_json::Value, now_ns: i64) -> Option<String> {
    if !periodic["Enabled"].as_bool().unwrap_or(false) {
        return None;
    }
    let tz = periodic["TimeZone"].as_str().unwrap_or("");
    if !(tz.is_empty() || tz == "UTC") {
        return None;
    }
    // `Spec` alone when set, else every entry of `Specs`.
    let specs: Vec<&str> = match periodic["Spec"].as_str().filter(|s| !s.is_empty()) {
        Some(s) => vec![s],
        None => periodic["Specs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
            .collect(),
    };
    let now = now_ns.div_euclid(1_000_000_000);
    let utc = |_| cronexpr::Offset {
        offset: 0,
        start: i64::MIN,
        end: i64::MAX,
    };
    let next = cronexpr::next_of(&specs, now, &utc).ok()?;
    let Some(next) = next else {
        return Some("0001-01-01T00:00:00Z".to_string());
    };
    let day = next.div_euclid(DAY);
    let (y, mo, d) = civil(day);
    let sod = next - day * DAY;
    Some(format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn next_launches() {
        // 2023-11-14T22:13:20Z, a Tuesday.
        let now = 1_700_000_000_000_000_000;
        let p = |spec: &str| json!({"Enabled": true, "Spec": spec, "TimeZone": "UTC"});
        assert_eq!(
            next_launch(&p("*/15 * * * *"), now).unwrap(),
            "2023-11-14T22:15:00Z"
        );
        assert_eq!(
            next_launch(&p("0 * * * *"), now).unwrap(),
            "2023-11-14T23:00:00Z"
        );
        assert_eq!(
            next_launch(&p("30 2 * * mon"), now).unwrap(),
            "2023-11-20T02:30:00Z"
        );
        assert_eq!(
            next_launch(&p("0 0 1 jan *"), now).unwrap(),
            "2024-01-01T00:00:00Z"
        );
        assert_eq!(
            next_launch(&p("@daily"), now).unwrap(),
            "2023-11-15T00:00:00Z"
        );
        assert_eq!(next_launch(&p("bogus"), now), None);
        let multi = json!({"Enabled": true, "Specs": ["0 5 * * *", "45 22 * * *"]});
        assert_eq!(next_launch(&multi, now).unwrap(), "2023-11-14T22:45:00Z");
        // `Spec` alone counts when set; a spec with no launch left gives Go's zero time.
        let both = json!({"Enabled": true, "Spec": "0 5 * * *", "Specs": ["45 22 * * *"]});
        assert_eq!(next_launch(&both, now).unwrap(), "2023-11-15T05:00:00Z");
        assert_eq!(
            next_launch(&p("0 0 1 1 * 2020"), now).unwrap(),
            "0001-01-01T00:00:00Z"
        );
    }
}
