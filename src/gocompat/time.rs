//! Go's `time.Duration`: `String()` and `time.ParseDuration`, both in nanoseconds.

/// Go's `time.Duration.String()` for a number of nanoseconds.
pub fn go_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".to_string();
    }
    let neg = ns < 0;
    let u = ns.unsigned_abs();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if u < 1_000_000_000 {
        // Sub-second: ns, µs or ms with a trimmed fraction.
        let (unit, div) = if u < 1_000 {
            ("ns", 1)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        out.push_str(&frac(u, div));
        out.push_str(unit);
        return out;
    }
    let h = u / 3_600_000_000_000;
    let m = (u / 60_000_000_000) % 60;
    let s_ns = u % 60_000_000_000;
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if h > 0 || m > 0 {
        out.push_str(&format!("{m}m"));
    }
    out.push_str(&frac(s_ns, 1_000_000_000));
    out.push('s');
    out
}

/// `v / div` with the fraction's trailing zeros trimmed, as Go prints durations.
fn frac(v: u64, div: u64) -> String {
    let whole = v / div;
    let rest = v % div;
    if rest == 0 {
        return whole.to_string();
    }
    let width = div.to_string().len() - 1;
    let digits = format!("{rest:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Go's `time.ParseDuration`, as nanoseconds.
pub fn parse_duration(s: &str) -> Option<i64> {
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let num_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if num_len == 0 {
            return None;
        }
        let n: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .bytes()
            .take_while(|b| !b.is_ascii_digit() && *b != b'.')
            .count();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let mult = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        total += n * mult;
    }
    if total > i64::MAX as f64 {
        return None;
    }
    let v = total.round() as i64;
    Some(if neg { -v } else { v })
}

/// `time.ParseDuration` with Go's error texts (`time: unknown unit "x" in duration "5x"`).
pub fn parse_duration_err(s: &str) -> Result<i64, String> {
    if let Some(ns) = parse_duration(s) {
        return Ok(ns);
    }
    let q = crate::gocompat::strconv::quote;
    let rest = s.trim_start_matches(['-', '+']);
    // The first unit that is missing or unknown names the error; anything else is invalid.
    let mut r = rest;
    while !r.is_empty() {
        let n = r
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if n == 0 {
            break;
        }
        r = &r[n..];
        let u = r
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() || *c == '.')
            .map_or(r.len(), |(i, _)| i);
        let unit = &r[..u];
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {}", q(s)));
        }
        if !matches!(unit, "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return Err(format!(
                "time: unknown unit {} in duration {}",
                q(unit),
                q(s)
            ));
        }
        r = &r[u..];
    }
    Err(format!("time: invalid duration {}", q(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_errors_read_as_go_words_them() {
        assert_eq!(
            parse_duration_err("5x").unwrap_err(),
            "time: unknown unit \"x\" in duration \"5x\""
        );
        assert_eq!(
            parse_duration_err("5").unwrap_err(),
            "time: missing unit in duration \"5\""
        );
        assert_eq!(
            parse_duration_err("soon").unwrap_err(),
            "time: invalid duration \"soon\""
        );
        assert_eq!(parse_duration_err("1m30s"), Ok(90_000_000_000));
    }

    const S: i64 = 1_000_000_000;

    #[test]
    fn durations_like_go() {
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(30 * S), "30s");
        assert_eq!(go_duration(60 * S), "1m0s");
        assert_eq!(go_duration(3723 * S), "1h2m3s");
        assert_eq!(go_duration(3600 * S), "1h0m0s");
        assert_eq!(go_duration(1_500_000_000), "1.5s");
        assert_eq!(go_duration(500_000_000), "500ms");
        assert_eq!(go_duration(38_474), "38.474µs");
        assert_eq!(go_duration(12), "12ns");
        assert_eq!(go_duration(93_785 * S), "26h3m5s");
        assert_eq!(go_duration(-2 * S), "-2s");
        assert_eq!(go_duration(-60 * S), "-1m0s");
        assert_eq!(go_duration(1), "1ns");
        assert_eq!(go_duration(1500), "1.5µs");
        assert_eq!(go_duration(2_000_000), "2ms");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("2s"), Some(2_000_000_000));
        assert_eq!(parse_duration("1h30m"), Some(5_400_000_000_000));
        assert_eq!(parse_duration("500ms"), Some(500_000_000));
        assert_eq!(parse_duration("1.5s"), Some(1_500_000_000));
        assert_eq!(parse_duration("0"), Some(0));
        assert_eq!(parse_duration("5"), None);
        assert_eq!(parse_duration("x"), None);
    }
}
