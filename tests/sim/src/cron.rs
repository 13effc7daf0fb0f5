//! The next launch of a periodic job, as `PeriodicConfig.Next` computes it for the plan
//! endpoint: cron specs (five fields, or six/seven with year/seconds as cronexpr reads them),
//! lists, ranges, steps, month and day names and the `@hourly`-style shortcuts, in UTC.

const MINUTE: i64 = 60;
const DAY: i64 = 86_400;

struct Spec {
    secs: Vec<bool>,
    mins: Vec<bool>,
    hours: Vec<bool>,
    dom: Vec<bool>,
    months: Vec<bool>,
    dow: Vec<bool>,
    dom_any: bool,
    dow_any: bool,
}

fn field(text: &str, lo: u32, hi: u32, names: &[&str]) -> Option<Vec<bool>> {
    let mut set = vec![false; hi as usize + 1];
    let value = |s: &str| -> Option<u32> {
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
            return Some(i as u32 + lo);
        }
        s.parse().ok()
    };
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, s.parse::<u32>().ok().filter(|s| *s > 0)?),
            None => (part, 1),
        };
        let (a, b) = if range == "*" || range == "?" {
            (lo, hi)
        } else if let Some((a, b)) = range.split_once('-') {
            (value(a)?, value(b)?)
        } else {
            let v = value(range)?;
            (v, if part.contains('/') { hi } else { v })
        };
        if a < lo || b > hi || a > b {
            return None;
        }
        let mut v = a;
        while v <= b {
            set[v as usize] = true;
            v += step;
        }
    }
    Some(set)
}

fn parse(spec: &str) -> Option<Spec> {
    let spec = match spec.trim() {
        "@yearly" | "@annually" => "0 0 0 1 1 * *",
        "@monthly" => "0 0 0 1 * * *",
        "@weekly" => "0 0 0 * * 0 *",
        "@daily" | "@midnight" => "0 0 0 * * * *",
        "@hourly" => "0 0 * * * * *",
        s => s,
    };
    let f: Vec<&str> = spec.split_whitespace().collect();
    let f: Vec<&str> = match f.len() {
        5 => [&["0"], &f[..], &["*"]].concat(),
        6 => [&["0"], &f[..]].concat(),
        7 => f,
        _ => return None,
    };
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const DAYS: &[&str] = &["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    let mut dow = field(&f[5].replace('7', "0"), 0, 6, DAYS)?;
    dow.truncate(7);
    Some(Spec {
        secs: field(f[0], 0, 59, &[])?,
        mins: field(f[1], 0, 59, &[])?,
        hours: field(f[2], 0, 23, &[])?,
        dom: field(f[3], 1, 31, &[])?,
        months: field(f[4], 1, 12, MONTHS)?,
        dow,
        dom_any: f[3] == "*" || f[3] == "?",
        dow_any: f[5] == "*" || f[5] == "?",
    })
}

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

impl Spec {
    fn day_matches(&self, days: i64) -> bool {
        let (_, m, d) = civil(days);
        if !self.months[m as usize] {
            return false;
        }
        let wd = (days + 4).rem_euclid(7) as usize;
        match (self.dom_any, self.dow_any) {
            (true, true) => true,
            (false, true) => self.dom[d as usize],
            (true, false) => self.dow[wd],
            (false, false) => self.dom[d as usize] || self.dow[wd],
        }
    }

    /// The first matching second strictly after `now` (Unix seconds), within ~5 years.
    fn next(&self, now: i64) -> Option<i64> {
        let mut t = now + 1;
        let limit = now + 5 * 366 * DAY;
        while t < limit {
            let day = t.div_euclid(DAY);
            if !self.day_matches(day) {
                t = (day + 1) * DAY;
                continue;
            }
            let sod = t - day * DAY;
            let (h, m, s) = (sod / 3600, (sod / 60) % 60, sod % 60);
            if !self.hours[h as usize] {
                t = day * DAY + (h + 1) * 3600;
                continue;
            }
            if !self.mins[m as usize] {
                t = day * DAY + h * 3600 + (m + 1) * MINUTE;
                continue;
            }
            if !self.secs[s as usize] {
                t += 1;
                continue;
            }
            return Some(t);
        }
        None
    }
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
    let mut specs: Vec<String> = Vec::new();
    if let Some(s) = periodic["Spec"].as_str().filter(|s| !s.is_empty()) {
        specs.push(s.to_string());
    }
    for s in periodic["Specs"].as_array().into_iter().flatten() {
        if let Some(s) = s.as_str() {
            specs.push(s.to_string());
        }
    }
    let now = now_ns.div_euclid(1_000_000_000);
    let next = specs.iter().filter_map(|s| parse(s)?.next(now)).min()?;
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
    }
}
