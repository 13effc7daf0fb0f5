//! Nomad's time formats: `formatTime` and `prettyTimeDiff` (Go's `Duration.String()` is in
//! `gocompat::time`).

use chrono::{DateTime, FixedOffset, Local, SecondsFormat, TimeZone, Utc};

/// `formatTime` for a Unix-nanosecond value, in the local time zone; empty below one second.
pub fn format_unix_nano(ns: i64) -> String {
    if ns.div_euclid(1_000_000_000) < 1 {
        return String::new();
    }
    #[cfg(test)]
    if TEST_UTC.get() {
        return Utc
            .timestamp_nanos(ns)
            .to_rfc3339_opts(SecondsFormat::Secs, true);
    }
    let t = Local.timestamp_nanos(ns);
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
thread_local! {
    static TEST_UTC: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with local times formatted in UTC on this thread, whatever the process's time
/// zone: unit tests compare with outputs recorded under `TZ=UTC` (setting `TZ` itself would
/// race with other tests' threads).
#[cfg(test)]
pub fn in_utc<T>(f: impl FnOnce() -> T) -> T {
    TEST_UTC.set(true);
    let out = f();
    TEST_UTC.set(false);
    out
}

/// `formatTime` for a timestamp the server sent as RFC 3339 text: the offset it carries is kept.
pub fn format_rfc3339(s: &str) -> String {
    match DateTime::parse_from_rfc3339(s) {
        Ok(t) if t.timestamp() >= 1 => t.to_rfc3339_opts(SecondsFormat::Secs, true),
        _ => String::new(),
    }
}

/// Parses an RFC 3339 timestamp into Unix nanoseconds (zero time and bad text give 0).
pub fn rfc3339_to_nanos(s: &str) -> i64 {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .and_then(|t: DateTime<FixedOffset>| t.timestamp_nanos_opt())
        .filter(|n| *n > 0)
        .unwrap_or(0)
}

/// The current time in the local zone, formatted as `formatTime` does.
pub fn format_now(now_ns: i64) -> String {
    format_unix_nano(now_ns)
}

/// Now, as Unix nanoseconds.
pub fn now_nanos() -> i64 {
    Utc::now().timestamp_nanos_opt().unwrap_or(0)
}

fn round_to_secs(ns: i64) -> i64 {
    // Go's Time.Round(time.Second): halves round away from zero.
    let s = ns.div_euclid(1_000_000_000);
    let rem = ns.rem_euclid(1_000_000_000);
    if rem >= 500_000_000 {
        s + 1
    } else {
        s
    }
}

/// `prettyTimeDiff(first, now)`: the two largest non-zero units, `ago` or `from now`.
pub fn pretty_time_diff(first_ns: i64, now_ns: i64) -> String {
    if first_ns == 0 {
        return String::new();
    }
    let first = round_to_secs(first_ns);
    let now = round_to_secs(now_ns);
    let (diff, suffix) = if now >= first {
        (now - first, "ago")
    } else {
        (first - now, "from now")
    };
    let u = diff as u64;
    let parts = [
        (u / 31_104_000, "y"),
        ((u / 2_592_000) % 12, "mo"),
        ((u / 86_400) % 30, "d"),
        ((u / 3600) % 24, "h"),
        ((u / 60) % 60, "m"),
        (u % 60, "s"),
    ];
    let mut out = String::new();
    let mut kept = 0;
    for (n, unit) in parts {
        if n == 0 {
            continue;
        }
        out.push_str(&n.to_string());
        out.push_str(unit);
        kept += 1;
        if kept == 2 {
            break;
        }
    }
    if out.is_empty() {
        out.push_str("0s");
    }
    out.push(' ');
    out.push_str(suffix);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    #[test]
    fn pretty_diff_vectors() {
        let now = 1_700_000_000 * S;
        let cases = [
            (5, "5s ago"),
            (65, "1m5s ago"),
            (3605, "1h5s ago"),
            (3660, "1h1m ago"),
            (3 * 86400 + 2 * 3600 + 5, "3d2h ago"),
            (40 * 86400, "1mo10d ago"),
            (400 * 86400, "1y1mo ago"),
            (360 * 86400, "1y ago"),
            (0, "0s ago"),
            (12 * 60 + 20, "12m20s ago"),
        ];
        for (secs, want) in cases {
            assert_eq!(pretty_time_diff(now - secs * S, now), want, "{secs}");
        }
        assert_eq!(pretty_time_diff(now + 6 * 3600 * S, now), "6h from now");
        assert_eq!(pretty_time_diff(0, now), "");
    }

    #[test]
    fn pretty_diff_rounds_to_seconds() {
        let now = 1_700_000_000 * S;
        // Halves round up (away from zero), as Go's Time.Round does for these times.
        assert_eq!(pretty_time_diff(now - S / 2, now), "0s ago");
        assert_eq!(pretty_time_diff(now - S / 2 - 1, now), "1s ago");
    }

    #[test]
    fn format_time_utc_and_epoch() {
        // The test process may have any TZ; check only the always-empty cases and RFC 3339 text.
        assert_eq!(format_unix_nano(0), "");
        assert_eq!(format_unix_nano(S / 2), "");
        assert_eq!(format_rfc3339("0001-01-01T00:00:00Z"), "");
        assert_eq!(
            format_rfc3339("2025-03-04T10:11:12.123Z"),
            "2025-03-04T10:11:12Z"
        );
        assert_eq!(
            format_rfc3339("2025-03-04T10:11:12+01:00"),
            "2025-03-04T10:11:12+01:00"
        );
    }
}
