//! Time zones by IANA name, read from the system's zoneinfo files as Go's `time.LoadLocation`
//! does (`$ZONEINFO`, then the usual directories), so a periodic job's `time_zone` gives the
//! same "Next Periodic Launch" as Nomad on the same machine. TZif files (v1 and v2+) and the
//! POSIX TZ rule in their footer, which covers the times after the last transition.

use std::path::PathBuf;

/// One zone period: the offset east of UTC in seconds, valid for `start <= t < end`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Period {
    pub offset: i32,
    pub start: i64,
    pub end: i64,
}

#[derive(Debug, Clone)]
pub struct Zone {
    /// Transition instants and the offset that starts at each.
    transitions: Vec<(i64, i32)>,
    /// Offset before the first transition.
    first: i32,
    /// Rule for times after the last transition.
    rule: Option<Rule>,
    /// Zone abbreviations (`CET`) of each transition and of the time before the first.
    abbrs: Vec<String>,
    first_abbr: String,
}

/// Go's `LoadLocation`: "" and "UTC" are UTC; "Local" is not supported here (Nomad's servers
/// would not agree on it either); other names are looked up as files.
pub fn load(name: &str) -> Option<Zone> {
    if name.is_empty() || name == "UTC" {
        return Some(Zone::utc());
    }
    // Go refuses names that could escape the zoneinfo directory.
    if name.starts_with('/') || name.contains("..") || name.contains('\\') || name == "Local" {
        return None;
    }
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(z) = std::env::var_os("ZONEINFO").filter(|z| !z.is_empty()) {
        dirs.push(z.into());
    }
    for d in [
        "/usr/share/zoneinfo/",
        "/usr/share/lib/zoneinfo/",
        "/usr/lib/locale/TZ/",
        "/etc/zoneinfo/",
    ] {
        dirs.push(d.into());
    }
    dirs.iter()
        .find_map(|d| std::fs::read(d.join(name)).ok())
        .and_then(|b| parse_tzif(&b))
}

impl Zone {
    pub fn utc() -> Zone {
        Zone {
            transitions: Vec::new(),
            first: 0,
            rule: None,
            abbrs: Vec::new(),
            first_abbr: "UTC".into(),
        }
    }

    /// The zone abbreviation in use at the instant `t` (Unix seconds), as Go's
    /// `Location.lookup` names it (`CET`, `+0530`-style names stay as written).
    pub fn abbr(&self, t: i64) -> String {
        let n = self.transitions.partition_point(|(at, _)| *at <= t);
        let from_rule = |r: &Rule| {
            let off = r.lookup(t).offset;
            match &r.dst {
                Some((dst, ..)) if off == *dst && off != r.std => r.dst_name.clone(),
                _ => r.std_name.clone(),
            }
        };
        if n == 0 {
            if self.transitions.is_empty() {
                if let Some(r) = &self.rule {
                    return from_rule(r);
                }
            }
            return self.first_abbr.clone();
        }
        if n == self.transitions.len() {
            if let Some(r) = &self.rule {
                return from_rule(r);
            }
        }
        self.abbrs.get(n - 1).cloned().unwrap_or_default()
    }

    /// The period holding the instant `t` (Unix seconds).
    pub fn lookup(&self, t: i64) -> Period {
        let n = self.transitions.partition_point(|(at, _)| *at <= t);
        if n == 0 {
            let end = self.transitions.first().map_or(i64::MAX, |x| x.0);
            if self.transitions.is_empty() {
                if let Some(r) = &self.rule {
                    return r.lookup(t);
                }
            }
            return Period {
                offset: self.first,
                start: i64::MIN,
                end,
            };
        }
        let (start, offset) = self.transitions[n - 1];
        if n == self.transitions.len() {
            if let Some(r) = &self.rule {
                let p = r.lookup(t);
                return Period {
                    start: p.start.max(start),
                    ..p
                };
            }
            return Period {
                offset,
                start,
                end: i64::MAX,
            };
        }
        Period {
            offset,
            start,
            end: self.transitions[n].0,
        }
    }
}

fn be32(b: &[u8], at: usize) -> Option<i64> {
    Some(i32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?) as i64)
}

fn be64(b: &[u8], at: usize) -> Option<i64> {
    Some(i64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// A TZif file (RFC 8536). Version 2+ files are read from their 64-bit block and footer.
pub fn parse_tzif(b: &[u8]) -> Option<Zone> {
    if b.get(..4)? != b"TZif" {
        return None;
    }
    let version = *b.get(4)?;
    let counts = |at: usize| -> Option<[usize; 6]> {
        let mut c = [0usize; 6];
        for (i, x) in c.iter_mut().enumerate() {
            *x = usize::try_from(be32(b, at + 20 + 4 * i)?).ok()?;
        }
        Some(c)
    };
    let [isut, isstd, leap, time, types, chars] = counts(0)?;
    let v1_len = time * 5 + types * 6 + chars + leap * 8 + isstd + isut;
    let (base, size, c) = if version >= b'2' {
        let second = 44 + v1_len;
        if b.get(second..second + 4)? != b"TZif" {
            return None;
        }
        (second + 44, 8, counts(second)?)
    } else {
        (44, 4, [isut, isstd, leap, time, types, chars])
    };
    let [isut, isstd, leap, time, types, chars] = c;
    let read = |at: usize| if size == 8 { be64(b, at) } else { be32(b, at) };
    let idx_at = base + time * size;
    let info_at = idx_at + time;
    let mut offsets = Vec::new();
    let mut dst = Vec::new();
    let mut names = Vec::new();
    let chars_at = info_at + types * 6;
    for i in 0..types {
        offsets.push(be32(b, info_at + 6 * i)? as i32);
        dst.push(*b.get(info_at + 6 * i + 4)? != 0);
        let at = chars_at + *b.get(info_at + 6 * i + 5)? as usize;
        let name = b.get(at..chars_at + chars).unwrap_or(&[]);
        let end = name.iter().position(|c| *c == 0).unwrap_or(name.len());
        names.push(String::from_utf8_lossy(&name[..end]).into_owned());
    }
    if offsets.is_empty() {
        return None;
    }
    let mut transitions = Vec::new();
    let mut abbrs = Vec::new();
    for i in 0..time {
        let at = read(base + i * size)?;
        let ty = *b.get(idx_at + i)? as usize;
        transitions.push((at, *offsets.get(ty)?));
        abbrs.push(names.get(ty).cloned().unwrap_or_default());
    }
    // Before the first transition: the first standard-time type, as Go's lookupFirstZone.
    let first_ty = (0..types).find(|i| !dst[*i]).unwrap_or(0);
    let first = offsets[first_ty];
    let first_abbr = names.get(first_ty).cloned().unwrap_or_default();
    let end = info_at + types * 6 + chars + leap * (size + 4) + isstd + isut;
    let rule = if version >= b'2' {
        b.get(end..).and_then(|f| {
            let f = std::str::from_utf8(f).ok()?;
            let f = f.strip_prefix('\n')?;
            Rule::parse(f.split('\n').next()?)
        })
    } else {
        None
    };
    Some(Zone {
        transitions,
        first,
        rule,
        abbrs,
        first_abbr,
    })
}

/// A POSIX TZ rule: standard offset, and optionally daylight time with its start and end.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    std: i32,
    dst: Option<(i32, Day, i32, Day, i32)>,
    std_name: String,
    dst_name: String,
}

/// When in a year a change happens.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Day {
    /// `Jn`: day 1..=365, February 29 never counted.
    Julian(u32),
    /// `n`: day 0..=365, counting February 29.
    Zero(u32),
    /// `Mm.w.d`: day d (0 = Sunday) of week w (5 = last) of month m.
    Month(u32, u32, u32),
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// Days from 1970-01-01 to the first day of `y`.
fn days_before_year(y: i64) -> i64 {
    let y1 = y - 1;
    let days = 365 * y1 + y1.div_euclid(4) - y1.div_euclid(100) + y1.div_euclid(400);
    days - 719_162
}

const MONTH_DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

impl Day {
    /// Day of the year (0-based) this names in `y`.
    fn yday(self, y: i64) -> i64 {
        match self {
            Day::Julian(n) => {
                let n = n as i64 - 1;
                if is_leap(y) && n >= 59 {
                    n + 1
                } else {
                    n
                }
            }
            Day::Zero(n) => n as i64,
            Day::Month(m, w, d) => {
                let leap = is_leap(y);
                let mut before = 0i64;
                for (i, len) in MONTH_DAYS.iter().enumerate().take(m as usize - 1) {
                    before += *len as i64 + i64::from(leap && i == 1);
                }
                let len = MONTH_DAYS[m as usize - 1] as i64 + i64::from(leap && m == 2);
                // 1970-01-01 was a Thursday (4).
                let first_wd = (days_before_year(y) + before + 4).rem_euclid(7);
                let mut day = (d as i64 - first_wd).rem_euclid(7) + 7 * (w as i64 - 1);
                while day >= len {
                    day -= 7;
                }
                before + day
            }
        }
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        let yes = self.peek() == Some(c);
        if yes {
            self.i += 1;
        }
        yes
    }

    fn num(&mut self) -> Option<i64> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()
    }

    /// A zone abbreviation: letters, or anything between `<` and `>`.
    fn name(&mut self) -> Option<String> {
        if self.eat(b'<') {
            let start = self.i;
            while self.peek()? != b'>' {
                self.i += 1;
            }
            self.i += 1;
            return Some(String::from_utf8_lossy(&self.s[start..self.i - 1]).into_owned());
        }
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        (self.i - start >= 3).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    /// `[+-]hh[:mm[:ss]]` in seconds.
    fn hms(&mut self) -> Option<i64> {
        let neg = if self.eat(b'-') {
            true
        } else {
            self.eat(b'+');
            false
        };
        // Hours up to a week, as Go accepts in the extended rule times.
        let h = self.num().filter(|h| *h <= 167)?;
        let mut secs = h * 3600;
        if self.eat(b':') {
            secs += self.num().filter(|m| *m < 60)? * 60;
            if self.eat(b':') {
                secs += self.num().filter(|s| *s < 60)?;
            }
        }
        Some(if neg { -secs } else { secs })
    }

    fn day(&mut self) -> Option<Day> {
        if self.eat(b'J') {
            let n = self.num()?;
            return (1..=365).contains(&n).then_some(Day::Julian(n as u32));
        }
        if self.eat(b'M') {
            let m = self.num()?;
            self.eat(b'.').then_some(())?;
            let w = self.num()?;
            self.eat(b'.').then_some(())?;
            let d = self.num()?;
            let ok = (1..=12).contains(&m) && (1..=5).contains(&w) && (0..=6).contains(&d);
            return ok.then_some(Day::Month(m as u32, w as u32, d as u32));
        }
        let n = self.num()?;
        (0..=365).contains(&n).then_some(Day::Zero(n as u32))
    }

    /// `,day[/time]`; the time defaults to 02:00.
    fn change(&mut self) -> Option<(Day, i32)> {
        self.eat(b',').then_some(())?;
        let day = self.day()?;
        let time = if self.eat(b'/') { self.hms()? } else { 7200 };
        Some((day, time as i32))
    }
}

impl Rule {
    pub fn parse(s: &str) -> Option<Rule> {
        let mut c = Cursor {
            s: s.as_bytes(),
            i: 0,
        };
        let std_name = c.name()?;
        // POSIX offsets are west of UTC; ours are east.
        let std = -c.hms()? as i32;
        if c.peek().is_none() {
            return Some(Rule {
                std,
                dst: None,
                std_name,
                dst_name: String::new(),
            });
        }
        let dst_name = c.name()?;
        let dst = if matches!(c.peek(), Some(b',') | None) {
            std + 3600
        } else {
            -c.hms()? as i32
        };
        let (start, start_t, end, end_t) = if c.peek().is_none() {
            // Go's default when a zone has daylight time but no rule: the US one.
            (Day::Month(3, 2, 0), 7200, Day::Month(11, 1, 0), 7200)
        } else {
            let (a, at) = c.change()?;
            let (b, bt) = c.change()?;
            (a, at, b, bt)
        };
        c.peek().is_none().then_some(())?;
        Some(Rule {
            std,
            dst: Some((dst, start, start_t, end, end_t)),
            std_name,
            dst_name,
        })
    }

    /// The period holding `t`, bounded by this year's changes.
    fn lookup(&self, t: i64) -> Period {
        let Some((dst, start, start_t, end, end_t)) = self.dst else {
            return Period {
                offset: self.std,
                start: i64::MIN,
                end: i64::MAX,
            };
        };
        // Beyond a hundred million years the calendar arithmetic would overflow; the rule
        // is not worth following that far.
        const FAR: i64 = 1 << 52;
        if !(-FAR..=FAR).contains(&t) {
            let (start, end) = if t < 0 {
                (i64::MIN, -FAR)
            } else {
                (FAR, i64::MAX)
            };
            return Period {
                offset: self.std,
                start,
                end,
            };
        }
        let days = t.div_euclid(86_400);
        // The year holding `t`, from its day count (refined by one step either way).
        let mut y = 1970 + days.div_euclid(365);
        while days_before_year(y) > days {
            y -= 1;
        }
        while days_before_year(y + 1) <= days {
            y += 1;
        }
        let changes = |y: i64| {
            let base = days_before_year(y) * 86_400;
            // Daylight time starts at a standard-time wall clock and ends at a daylight one.
            let on = base + start.yday(y) * 86_400 + start_t as i64 - self.std as i64;
            let off = base + end.yday(y) * 86_400 + end_t as i64 - dst as i64;
            (on, off)
        };
        // Every change of the year before, this year and the next, in order, with the
        // offset each starts.
        let mut points = Vec::with_capacity(6);
        for yy in [y - 1, y, y + 1] {
            let (on, off) = changes(yy);
            points.push((on, dst));
            points.push((off, self.std));
        }
        points.sort_by_key(|p| p.0);
        let n = points.partition_point(|p| p.0 <= t);
        let (start, offset) = if n == 0 {
            (i64::MIN, points[5].1)
        } else {
            points[n - 1]
        };
        let end = points.get(n).map_or(i64::MAX, |p| p.0);
        Period { offset, start, end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    #[test]
    fn posix_rules() {
        let berlin = Rule::parse("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        let z = Zone {
            transitions: Vec::new(),
            first: 3600,
            rule: Some(berlin),
            abbrs: Vec::new(),
            first_abbr: String::new(),
        };
        assert_eq!(z.abbr(ts("2025-07-01T00:00:00Z")), "CEST");
        assert_eq!(z.abbr(ts("2025-01-01T00:00:00Z")), "CET");
        // 2025: summer time from 30 March 01:00 UTC to 26 October 01:00 UTC.
        assert_eq!(z.lookup(ts("2025-03-30T00:59:59Z")).offset, 3600);
        assert_eq!(z.lookup(ts("2025-03-30T01:00:00Z")).offset, 7200);
        assert_eq!(z.lookup(ts("2025-10-26T00:59:59Z")).offset, 7200);
        assert_eq!(z.lookup(ts("2025-10-26T01:00:00Z")).offset, 3600);
        let p = z.lookup(ts("2025-07-01T00:00:00Z"));
        assert_eq!(
            (p.start, p.end),
            (ts("2025-03-30T01:00:00Z"), ts("2025-10-26T01:00:00Z"))
        );
        // Southern hemisphere: daylight time spans the new year.
        let sydney = Rule::parse("AEST-10AEDT,M10.1.0,M4.1.0/3").unwrap();
        let z = Zone {
            transitions: Vec::new(),
            first: 36000,
            rule: Some(sydney),
            abbrs: Vec::new(),
            first_abbr: String::new(),
        };
        assert_eq!(z.lookup(ts("2025-01-15T00:00:00Z")).offset, 39600);
        assert_eq!(z.lookup(ts("2025-06-15T00:00:00Z")).offset, 36000);
        // The ends of time do not overflow.
        for t in [i64::MIN, i64::MAX, i64::MIN / 2, i64::MAX / 2] {
            let _ = z.lookup(t);
        }
        // Quoted names, offsets with minutes, no daylight time.
        assert_eq!(Rule::parse("<+0530>-5:30").unwrap().std, 19800);
        assert_eq!(Rule::parse("EST5EDT").unwrap().std, -18000);
        assert!(Rule::parse("").is_none());
        assert!(Rule::parse("ABC99999999999999999999").is_none());
        assert!(Rule::parse("ABC-9223372036854775807").is_none());
        assert!(Rule::parse("CET-1CEST,M13.5.0,M10.5.0").is_none());
    }

    #[test]
    fn tzif_files() {
        let tzif = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/zoneinfo/Europe/Berlin"
        ))
        .unwrap();
        let z = parse_tzif(&tzif).unwrap();
        // From the transitions (1945) and from the footer rule (2100).
        assert_eq!(z.lookup(ts("1945-06-01T00:00:00Z")).offset, 10800);
        assert_eq!(z.lookup(ts("2100-07-01T00:00:00Z")).offset, 7200);
        assert_eq!(z.lookup(ts("2100-01-01T00:00:00Z")).offset, 3600);
        assert_eq!(z.abbr(ts("1945-06-01T00:00:00Z")), "CEMT");
        assert_eq!(z.abbr(ts("2100-07-01T00:00:00Z")), "CEST");
        // Truncated or foreign bytes are refused, never a panic.
        for n in 0..tzif.len() {
            let _ = parse_tzif(&tzif[..n]);
        }
        assert!(parse_tzif(b"not a zone").is_none());
        assert!(load("../etc/passwd").is_none());
        assert!(load("UTC").is_some());
    }
}
