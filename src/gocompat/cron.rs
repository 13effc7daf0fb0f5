//! The next launch of a periodic job (hashicorp/cronexpr's syntax): optional seconds,
//! minutes, hours, day of month, month, day of week, optional year; ranges, steps, lists,
//! names, `?`, `L`, and the `@hourly`-style shortcuts.
//!
//! Times are computed on the wall clock of the job's `time_zone` (`gocompat::tz`); a zone that
//! cannot be loaded gives no "Next Periodic Launch" line, as in Nomad.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::time::go_duration;
use super::tz::{self, Zone};

struct Spec {
    secs: u64,
    mins: u64,
    hours: u32,
    dom: u32,
    dom_last: bool,
    dom_any: bool,
    months: u16,
    dow: u8,
    dow_any: bool,
    years: Option<(i32, i32, i32)>,
}

fn name_value(s: &str, names: &[&str], base: u32) -> Option<u32> {
    names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(s))
        .map(|i| i as u32 + base)
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// Parses one field into the set of values it allows, within `lo..=hi`.
fn field(s: &str, lo: u32, hi: u32, names: &[&str], name_base: u32) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, st)) => (r, st.parse::<u32>().ok().filter(|s| *s > 0)?),
            None => (part, 1),
        };
        let val = |x: &str| -> Option<u32> {
            x.parse::<u32>()
                .ok()
                .or_else(|| name_value(x, names, name_base))
        };
        let (a, b) = if range == "*" || range == "?" {
            (lo, hi)
        } else if let Some((a, b)) = range.split_once('-') {
            (val(a)?, val(b)?)
        } else {
            let a = val(range)?;
            (a, if part.contains('/') { hi } else { a })
        };
        if a < lo || b > hi || a > b {
            return None;
        }
        let mut v = a;
        while v <= b {
            out.push(v);
            v += step;
        }
    }
    Some(out)
}

fn parse(expr: &str) -> Option<Spec> {
    let expr = match expr.trim() {
        "@yearly" | "@annually" => "0 0 0 1 1 * *",
        "@monthly" => "0 0 0 1 * * *",
        "@weekly" => "0 0 0 * * 0 *",
        "@daily" | "@midnight" => "0 0 0 * * * *",
        "@hourly" => "0 0 * * * * *",
        e => e,
    };
    let f: Vec<&str> = expr.split_whitespace().collect();
    let f: Vec<&str> = match f.len() {
        5 => [vec!["0"], f, vec!["*"]].concat(),
        6 => [vec!["0"], f].concat(),
        7 => f,
        _ => return None,
    };
    let bits64 = |v: Vec<u32>| v.into_iter().fold(0u64, |acc, x| acc | (1 << x));
    let secs = bits64(field(f[0], 0, 59, &[], 0)?);
    let mins = bits64(field(f[1], 0, 59, &[], 0)?);
    let hours = field(f[2], 0, 23, &[], 0)?
        .into_iter()
        .fold(0u32, |acc, x| acc | (1 << x));
    let dom_any = f[3] == "*" || f[3] == "?";
    let dom_last = f[3].eq_ignore_ascii_case("L");
    let dom = if dom_last {
        0
    } else {
        field(f[3], 1, 31, &[], 0)?
            .into_iter()
            .fold(0u32, |acc, x| acc | (1 << x))
    };
    let months = field(f[4], 1, 12, &MONTHS, 1)?
        .into_iter()
        .fold(0u16, |acc, x| acc | (1 << x));
    let dow_any = f[5] == "*" || f[5] == "?";
    // 7 is Sunday too.
    let dow = field(&f[5].replace('7', "0"), 0, 6, &DAYS, 0)?
        .into_iter()
        .fold(0u8, |acc, x| acc | (1 << x));
    let years = if f[6] == "*" {
        None
    } else {
        let ys = field(f[6], 1970, 2099, &[], 0)?;
        Some((*ys.first()? as i32, *ys.last()? as i32, 0))
    };
    Some(Spec {
        secs,
        mins,
        hours,
        dom,
        dom_last,
        dom_any,
        months,
        dow,
        dow_any,
        years,
    })
}

fn last_day(y: i32, m: u32) -> u32 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map(|d| d.day())
        .unwrap_or(28)
}

impl Spec {
    fn day_matches(&self, d: NaiveDate) -> bool {
        let dom_ok = if self.dom_last {
            d.day() == last_day(d.year(), d.month())
        } else {
            self.dom & (1 << d.day()) != 0
        };
        let dow_ok = self.dow & (1 << d.weekday().num_days_from_sunday()) != 0;
        match (self.dom_any, self.dow_any) {
            (true, true) => true,
            (true, false) => dow_ok,
            (false, true) => dom_ok,
            (false, false) => dom_ok || dow_ok,
        }
    }

    /// The first wall-clock time at or after `start` that matches.
    fn next_wall(&self, start: NaiveDateTime) -> Option<NaiveDateTime> {
        let mut day = start.date();
        for _ in 0..(366 * 8) {
            let year_ok = self
                .years
                .is_none_or(|(lo, hi, _)| (lo..=hi).contains(&day.year()));
            if year_ok && self.months & (1 << day.month()) != 0 && self.day_matches(day) {
                let from = if day == start.date() {
                    (start.hour(), start.minute(), start.second())
                } else {
                    (0, 0, 0)
                };
                for h in from.0..24 {
                    if self.hours & (1 << h) == 0 {
                        continue;
                    }
                    let m0 = if h == from.0 { from.1 } else { 0 };
                    for m in m0..60 {
                        if self.mins & (1 << m) == 0 {
                            continue;
                        }
                        let s0 = if h == from.0 && m == from.1 {
                            from.2
                        } else {
                            0
                        };
                        for s in s0..60 {
                            if self.secs & (1 << s) != 0 {
                                return day.and_hms_opt(h, m, s);
                            }
                        }
                    }
                }
            }
            day = day.succ_opt()?;
        }
        None
    }

    /// The first instant (Unix seconds) strictly after `after` whose wall clock in `zone`
    /// matches, as hashicorp/cronexpr finds it: a wall time a daylight-saving change skips
    /// does not happen that day, one it repeats happens twice.
    fn next_in(&self, after: i64, zone: &Zone) -> Option<i64> {
        let mut from = after.checked_add(1)?;
        // Each round searches one zone period (between two offset changes).
        for _ in 0..64 {
            let p = zone.lookup(from);
            let wall = from.checked_add(p.offset as i64)?;
            let start = DateTime::from_timestamp(wall, 0)?.naive_utc();
            let at = self.next_wall(start)?.and_utc().timestamp() - p.offset as i64;
            if at < p.end {
                return Some(at);
            }
            from = p.end;
        }
        None
    }
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
    let zone = tz::load(time_zone)?;
    let now = now_ns.div_euclid(1_000_000_000);
    let next = specs
        .iter()
        .filter_map(|s| parse(s)?.next_in(now, &zone))
        .min()?;
    Some(format!(
        "{} ({} from now)",
        format_in(next, &zone)?,
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
        format_in(parse(spec).unwrap().next_in(at(now), &utc).unwrap(), &utc).unwrap()
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
    fn launch_text() {
        let now = at("2025-03-04T10:11:12Z") * 1_000_000_000;
        assert_eq!(
            next_launch(&["*/15 * * * *"], "", now).unwrap(),
            "2025-03-04T10:15:00Z (3m48s from now)"
        );
        assert!(parse("bad").is_none());
        assert!(parse("61 * * * *").is_none());
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
            format_in(
                parse(spec).unwrap().next_in(at(now), &berlin).unwrap(),
                &berlin,
            )
            .unwrap()
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
}
