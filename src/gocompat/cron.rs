//! "Next Periodic Launch": when a periodic job launches next, as Nomad's CLI computes it
//! (`api.PeriodicConfig.Next` over hashicorp/cronexpr, see `gocompat::cronexpr`) and prints it.
//!
//! Times are computed on the wall clock of the job's `time_zone` (`gocompat::tz`); a zone that
//! cannot be loaded gives no "Next Periodic Launch" line, as in Nomad.

use chrono::DateTime;

use super::cronexpr::{self, Offset};
use super::time::go_duration;
use super::tz::{self, Zone};

/// Go's zero time, 0001-01-01T00:00:00Z, in Unix seconds: cronexpr's answer when no launch is
/// left before 2100.
const ZERO_TIME: i64 = -62_135_596_800;

/// `PeriodicConfig.Next` from `now` (Unix seconds) in `zone`; `None` when a spec does not
/// parse, `Some(None)` for Go's zero time.
fn next_in(specs: &[&str], zone: &Zone, now: i64) -> Option<Option<i64>> {
    let lookup = |t: i64| {
        let p = zone.lookup(t);
        Offset {
            offset: p.offset,
            start: p.start,
            end: p.end,
        }
    };
    cronexpr::next_of(specs, now, &lookup).ok()
}

/// Go's `Format("2006-01-02T15:04:05Z07:00")` of an instant in a zone.
fn format_in(at: i64, zone: &Zone) -> Option<String> {
    let offset = zone.lookup(at).offset;
    let wall = DateTime::from_timestamp(at.checked_add(offset as i64)?, 0)?;
    let mut s = wall.format("%Y-%m-%dT%H:%M:%S").to_string();
    if offset == 0 {
        s.push('Z');
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let o = offset.unsigned_abs() / 60;
        s.push_str(&format!("{sign}{:02}:{:02}", o / 60, o % 60));
    }
    Some(s)
}

/// `Next Periodic Launch` text for a job's cron `specs` in `time_zone` (an IANA name, empty
/// for UTC): the earliest launch and how far away it is, or `None` when Nomad would print
/// nothing (bad spec, unsupported zone, no future launch).
pub fn next_launch(specs: &[&str], time_zone: &str, now_ns: i64) -> Option<String> {
    launch_text(specs, &tz::load(time_zone)?, now_ns)
}

fn launch_text(specs: &[&str], zone: &Zone, now_ns: i64) -> Option<String> {
    let now = now_ns.div_euclid(1_000_000_000);
    let next = next_in(specs, zone, now)?.unwrap_or(ZERO_TIME);
    // Go's formatTime prints nothing for the zero time, and the distance to it saturates.
    let at = if next < 1 {
        String::new()
    } else {
        format_in(next, zone)?
    };
    Some(format!(
        "{at} ({} from now)",
        go_duration((next - now).saturating_mul(1_000_000_000))
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    fn next(spec: &str, now: &str) -> String {
        let utc = Zone::utc();
        let next = next_in(&[spec], &utc, at(now)).unwrap().unwrap();
        format_in(next, &utc).unwrap()
    }

    #[test]
    fn common_specs() {
        assert_eq!(
            next("*/15 * * * *", "2025-03-04T10:11:12Z"),
            "2025-03-04T10:15:00Z"
        );
        assert_eq!(
            next("@daily", "2025-03-04T10:11:12Z"),
            "2025-03-05T00:00:00Z"
        );
        assert_eq!(
            next("0 9 * * MON-FRI", "2025-03-07T10:00:00Z"),
            "2025-03-10T09:00:00Z"
        );
        // Six fields are minutes…year; seven start with seconds.
        assert_eq!(
            next("30 * * * * *", "2025-03-04T10:11:12Z"),
            "2025-03-04T10:30:00Z"
        );
        assert_eq!(
            next("30 * * * * * *", "2025-03-04T10:11:12Z"),
            "2025-03-04T10:11:30Z"
        );
        assert_eq!(
            next("0 0 L * *", "2025-02-10T00:00:00Z"),
            "2025-02-28T00:00:00Z"
        );
        assert_eq!(
            next("0 12 1 JAN *", "2025-03-04T00:00:00Z"),
            "2026-01-01T12:00:00Z"
        );
    }

    #[test]
    fn launch_texts() {
        let now = at("2025-03-04T10:11:12Z") * 1_000_000_000;
        assert_eq!(
            next_launch(&["*/15 * * * *"], "", now).unwrap(),
            "2025-03-04T10:15:00Z (3m48s from now)"
        );
        assert_eq!(next_launch(&["bad"], "", now), None);
        assert_eq!(next_launch(&["61 * * * *"], "", now), None);
    }

    #[test]
    fn launches_in_a_time_zone() {
        let tzif = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/zoneinfo/Europe/Berlin"
        ))
        .unwrap();
        let berlin = tz::parse_tzif(&tzif).unwrap();
        let when = |spec: &str, now: &str| {
            let next = next_in(&[spec], &berlin, at(now)).unwrap().unwrap();
            format_in(next, &berlin).unwrap()
        };
        // Midnight in Berlin, in winter and in summer.
        assert_eq!(
            when("@daily", "2025-01-10T12:00:00Z"),
            "2025-01-11T00:00:00+01:00"
        );
        assert_eq!(
            when("@daily", "2025-07-10T12:00:00Z"),
            "2025-07-11T00:00:00+02:00"
        );
        // Expected values from hashicorp/cronexpr v1.1.3 (Nomad's) with Go's zone data.
        // 02:30 is skipped on 30 March 2025, so that day has no launch.
        assert_eq!(
            when("30 2 * * *", "2025-03-29T12:00:00Z"),
            "2025-03-31T02:30:00+02:00"
        );
        assert_eq!(
            when("*/20 * * * *", "2025-03-30T00:50:00Z"),
            "2025-03-30T03:00:00+02:00"
        );
        // 02:30 happens twice on 26 October: both are launches.
        assert_eq!(
            when("30 2 * * *", "2025-10-25T12:00:00Z"),
            "2025-10-26T02:30:00+02:00"
        );
        assert_eq!(
            when("30 2 * * *", "2025-10-26T00:30:00Z"),
            "2025-10-26T02:30:00+01:00"
        );
        assert_eq!(
            when("30 2 * * *", "2025-10-26T01:30:00Z"),
            "2025-10-27T02:30:00+01:00"
        );
        assert_eq!(
            when("*/20 * * * *", "2025-10-26T00:50:00Z"),
            "2025-10-26T02:00:00+01:00"
        );
    }

    /// Every case of `tests/fixtures/go-cron/corpus.json`, recorded from hashicorp/cronexpr
    /// v1.1.3 with Nomad's fold over several specs and its formatting.
    #[test]
    fn matches_cronexpr() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let corpus = std::fs::read_to_string(format!("{dir}/go-cron/corpus.json")).unwrap();
        let cases: Vec<serde_json::Value> = serde_json::from_str(&corpus).unwrap();
        assert!(cases.len() > 500);
        let mut wrong = Vec::new();
        for c in &cases {
            let zone = match c["zone"].as_str().unwrap() {
                "UTC" => Zone::utc(),
                name => {
                    let tzif = std::fs::read(format!("{dir}/zoneinfo/{name}")).unwrap();
                    tz::parse_tzif(&tzif).unwrap()
                }
            };
            let specs: Vec<&str> = c["specs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            let now = at(c["now"].as_str().unwrap()) * 1_000_000_000;
            let got = launch_text(&specs, &zone, now);
            if got.as_deref() != c["want"].as_str() {
                wrong.push(format!("{c}: got {got:?}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} cases differ:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
}
