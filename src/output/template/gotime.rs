//! Go's `time` package as templates see it: `time.Time` with its location (UTC, Local, a
//! fixed zone or an IANA zone), `Format` and `Parse` with Go's reference layouts and error
//! texts, `String()`, `GoString()`, and `ParseDuration`.

use crate::gocompat::tz;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Where a time is.
#[derive(Clone, Debug, PartialEq)]
pub enum Loc {
    Utc,
    Local,
    /// `FixedZone(name, offset)`.
    Fixed(String, i32),
    /// A zone loaded by name (`LoadLocation`).
    Named(String),
}

/// A `time.Time`.
#[derive(Clone, Debug)]
pub struct Time {
    /// Unix seconds.
    pub unix: i64,
    pub nsec: u32,
    pub loc: Loc,
    /// The monotonic clock reading in nanoseconds, for times from `time.Now()`.
    pub mono: Option<i64>,
}

impl PartialEq for Time {
    /// Go's `==` on `time.Time` compares the wall time, location and monotonic reading; for
    /// templates the instant and location is what matters.
    fn eq(&self, o: &Time) -> bool {
        self.unix == o.unix && self.nsec == o.nsec && self.loc == o.loc && self.mono == o.mono
    }
}

struct LocalZone {
    zone: Option<tz::Zone>,
}

/// Go's `time.Local`: `$TZ` (empty: UTC; a name: that zone) or `/etc/localtime`.
fn local_zone() -> &'static LocalZone {
    static L: OnceLock<LocalZone> = OnceLock::new();
    L.get_or_init(|| {
        let zone = match std::env::var("TZ") {
            Ok(tzv) => {
                let name = tzv.strip_prefix(':').unwrap_or(&tzv);
                if name.is_empty() || name == "UTC" {
                    None
                } else if name.starts_with('/') {
                    std::fs::read(name).ok().and_then(|b| tz::parse_tzif(&b))
                } else {
                    tz::load(name)
                }
            }
            Err(_) => std::fs::read("/etc/localtime")
                .ok()
                .and_then(|b| tz::parse_tzif(&b)),
        };
        LocalZone { zone }
    })
}

fn named_zone(name: &str) -> Option<&'static tz::Zone> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static CACHE: OnceLock<Mutex<HashMap<String, Option<&'static tz::Zone>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut guard = cache.lock().ok()?;
    if let Some(z) = guard.get(name) {
        return *z;
    }
    let z = tz::load(name).map(|z| &*Box::leak(Box::new(z)));
    guard.insert(name.to_string(), z);
    z
}

/// Go's `time.LoadLocation`.
pub fn load_location(name: &str) -> Result<Loc, String> {
    match name {
        "" | "UTC" => Ok(Loc::Utc),
        "Local" => Ok(Loc::Local),
        _ => match named_zone(name) {
            Some(_) => Ok(Loc::Named(name.to_string())),
            None => Err(format!("unknown time zone {name}")),
        },
    }
}

impl Loc {
    /// Zone abbreviation and offset east of UTC at the instant `t`.
    pub fn lookup(&self, t: i64) -> (String, i32) {
        match self {
            Loc::Utc => ("UTC".into(), 0),
            Loc::Fixed(n, off) => (n.clone(), *off),
            Loc::Local => match &local_zone().zone {
                Some(z) => (z.abbr(t), z.lookup(t).offset),
                None => ("UTC".into(), 0),
            },
            Loc::Named(name) => match named_zone(name) {
                Some(z) => (z.abbr(t), z.lookup(t).offset),
                None => ("UTC".into(), 0),
            },
        }
    }

    /// `Location.String()`.
    pub fn name(&self) -> String {
        match self {
            Loc::Utc => "UTC".into(),
            Loc::Local => "Local".into(),
            Loc::Fixed(n, _) => n.clone(),
            Loc::Named(n) => n.clone(),
        }
    }
}

pub const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub const LONG_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; months may overflow).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let (y, m) = {
        let m0 = m - 1;
        (y + m0.div_euclid(12), m0.rem_euclid(12) + 1)
    };
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in(m: u32, y: i64) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Broken-down local time.
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub min: u32,
    pub sec: u32,
    /// 0 = Sunday.
    pub weekday: u32,
    /// 1-based day of the year.
    pub yday: u32,
}

impl Time {
    pub fn zero() -> Time {
        // January 1, year 1, 00:00:00 UTC.
        Time {
            unix: -62_135_596_800,
            nsec: 0,
            loc: Loc::Utc,
            mono: None,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.unix == -62_135_596_800 && self.nsec == 0
    }

    /// `time.Now()`, in the local zone, with a monotonic reading.
    pub fn now() -> Time {
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        let start = *START.get_or_init(std::time::Instant::now);
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        // Go's monotonic reading counts from process start (a little over a millisecond in).
        let mono = start.elapsed().as_nanos() as i64 + 1_000_000;
        Time {
            unix: d.as_secs() as i64,
            nsec: d.subsec_nanos(),
            loc: Loc::Local,
            mono: Some(mono),
        }
    }

    pub fn from_unix(sec: i64, nsec: i64, loc: Loc) -> Time {
        let sec = sec + nsec.div_euclid(1_000_000_000);
        Time {
            unix: sec,
            nsec: nsec.rem_euclid(1_000_000_000) as u32,
            loc,
            mono: None,
        }
    }

    /// `time.Date(...)` in `loc`, normalising out-of-range fields.
    #[allow(clippy::too_many_arguments)]
    pub fn date(y: i64, mon: i64, d: i64, h: i64, mi: i64, s: i64, ns: i64, loc: Loc) -> Time {
        let days = days_from_civil(y, mon, 1) + d - 1;
        let local = days * 86_400 + h * 3600 + mi * 60 + s + ns.div_euclid(1_000_000_000);
        let ns = ns.rem_euclid(1_000_000_000);
        // Go: look the offset up at the local time taken as UTC, then correct once.
        let (_, off) = loc.lookup(local);
        let mut unix = local - off as i64;
        let (_, off2) = loc.lookup(unix);
        if off2 != off {
            let alt = local - off2 as i64;
            if loc.lookup(alt).1 == off2 {
                unix = alt;
            }
        }
        Time {
            unix,
            nsec: ns as u32,
            loc,
            mono: None,
        }
    }

    pub fn with_loc(&self, loc: Loc) -> Time {
        Time {
            loc,
            mono: None,
            ..self.clone()
        }
    }

    pub fn zone(&self) -> (String, i32) {
        self.loc.lookup(self.unix)
    }

    pub fn civil(&self) -> Civil {
        let (_, off) = self.zone();
        let local = self.unix + off as i64;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        let yday = (days - days_from_civil(year, 1, 1) + 1) as u32;
        Civil {
            year,
            month,
            day,
            hour: secs / 3600,
            min: secs / 60 % 60,
            sec: secs % 60,
            weekday: (days + 4).rem_euclid(7) as u32,
            yday,
        }
    }

    /// Nanoseconds since the Unix epoch (saturating, as Go's overflow is undefined).
    pub fn unix_nano(&self) -> i64 {
        self.unix
            .saturating_mul(1_000_000_000)
            .saturating_add(self.nsec as i64)
    }

    pub fn add_nanos(&self, d: i64) -> Time {
        let total = self.nsec as i64 + d.rem_euclid(1_000_000_000);
        Time {
            unix: self.unix + d.div_euclid(1_000_000_000) + total / 1_000_000_000,
            nsec: (total % 1_000_000_000) as u32,
            loc: self.loc.clone(),
            mono: self.mono.map(|m| m + d),
        }
    }

    /// `t.Sub(u)` in nanoseconds, saturating.
    pub fn sub(&self, u: &Time) -> i64 {
        if let (Some(a), Some(b)) = (self.mono, u.mono) {
            return a.saturating_sub(b);
        }
        let secs = self.unix as i128 - u.unix as i128;
        let ns = secs * 1_000_000_000 + self.nsec as i128 - u.nsec as i128;
        ns.clamp(i64::MIN as i128, i64::MAX as i128) as i64
    }

    /// `Time.Format(layout)`.
    pub fn format(&self, layout: &str) -> String {
        let (name, offset) = self.zone();
        let c = self.civil();
        let mut b = String::new();
        let mut layout = layout;
        while !layout.is_empty() {
            let (prefix, std, suffix) = next_std_chunk(layout);
            b.push_str(prefix);
            let Some(std) = std else {
                break;
            };
            layout = suffix;
            match std {
                Std::Year => append_int(&mut b, c.year.abs() % 100, 2),
                Std::LongYear => append_int(&mut b, c.year, 4),
                Std::Month => b.push_str(&LONG_MONTHS[c.month as usize - 1][..3]),
                Std::LongMonth => b.push_str(LONG_MONTHS[c.month as usize - 1]),
                Std::NumMonth => append_int(&mut b, c.month as i64, 0),
                Std::ZeroMonth => append_int(&mut b, c.month as i64, 2),
                Std::WeekDay => b.push_str(&LONG_DAYS[c.weekday as usize][..3]),
                Std::LongWeekDay => b.push_str(LONG_DAYS[c.weekday as usize]),
                Std::Day => append_int(&mut b, c.day as i64, 0),
                Std::UnderDay => {
                    if c.day < 10 {
                        b.push(' ');
                    }
                    append_int(&mut b, c.day as i64, 0);
                }
                Std::ZeroDay => append_int(&mut b, c.day as i64, 2),
                Std::UnderYearDay => {
                    if c.yday < 100 {
                        b.push(' ');
                        if c.yday < 10 {
                            b.push(' ');
                        }
                    }
                    append_int(&mut b, c.yday as i64, 0);
                }
                Std::ZeroYearDay => append_int(&mut b, c.yday as i64, 3),
                Std::Hour => append_int(&mut b, c.hour as i64, 2),
                Std::Hour12 | Std::ZeroHour12 => {
                    let hr = match c.hour % 12 {
                        0 => 12,
                        h => h,
                    };
                    let w = if std == Std::ZeroHour12 { 2 } else { 0 };
                    append_int(&mut b, hr as i64, w);
                }
                Std::Minute => append_int(&mut b, c.min as i64, 0),
                Std::ZeroMinute => append_int(&mut b, c.min as i64, 2),
                Std::Second => append_int(&mut b, c.sec as i64, 0),
                Std::ZeroSecond => append_int(&mut b, c.sec as i64, 2),
                Std::PM => b.push_str(if c.hour >= 12 { "PM" } else { "AM" }),
                Std::Pm => b.push_str(if c.hour >= 12 { "pm" } else { "am" }),
                Std::Tz(z) => format_offset(&mut b, z, offset),
                Std::TzName => {
                    if !name.is_empty() {
                        b.push_str(&name);
                    } else {
                        let mut zone = offset / 60;
                        if zone < 0 {
                            b.push('-');
                            zone = -zone;
                        } else {
                            b.push('+');
                        }
                        append_int(&mut b, (zone / 60) as i64, 2);
                        append_int(&mut b, (zone % 60) as i64, 2);
                    }
                }
                Std::Frac { trim, digits, sep } => {
                    if trim && (digits == 0 || self.nsec == 0) {
                        continue;
                    }
                    let start = b.len();
                    b.push(sep);
                    let _ = write!(b, "{:09}", self.nsec);
                    if digits < 9 {
                        b.truncate(b.len() - 9 + digits);
                    }
                    if trim {
                        while b.len() > start && b.ends_with('0') {
                            b.pop();
                        }
                        if b.len() == start + 1 {
                            b.pop();
                        }
                    }
                }
            }
        }
        b
    }

    /// `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`, plus the monotonic
    /// reading `m=+0.001234567` when there is one.
    pub fn string(&self) -> String {
        let mut s = self.format("2006-01-02 15:04:05.999999999 -0700 MST");
        if let Some(m) = self.mono {
            let sign = if m < 0 { '-' } else { '+' };
            let m = m.unsigned_abs();
            let _ = write!(s, " m={sign}{}.{:09}", m / 1_000_000_000, m % 1_000_000_000);
        }
        s
    }

    /// `Time.GoString()` (what `%#v` prints).
    pub fn go_string(&self) -> String {
        let c = self.civil();
        let loc = match &self.loc {
            Loc::Utc => "time.UTC".to_string(),
            Loc::Local => "time.Local".to_string(),
            other => format!("time.Location({})", super::strconv::quote(&other.name())),
        };
        format!(
            "time.Date({}, time.{}, {}, {}, {}, {}, {}, {})",
            c.year,
            LONG_MONTHS[c.month as usize - 1],
            c.day,
            c.hour,
            c.min,
            c.sec,
            self.nsec,
            loc
        )
    }

    /// Parses RFC 3339 text as `encoding/json` does for `time.Time`.
    pub fn parse_rfc3339(s: &str) -> Option<Time> {
        parse("2006-01-02T15:04:05Z07:00", s, Loc::Utc).ok()
    }
}

fn append_int(b: &mut String, x: i64, width: usize) {
    if x < 0 {
        b.push('-');
    }
    let _ = write!(b, "{:0width$}", x.unsigned_abs());
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum TzStyle {
    Iso,
    Num,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct TzFmt {
    style: TzStyle,
    colon: bool,
    secs: bool,
    short: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TzName,
    Tz(TzFmt),
    Frac {
        trim: bool,
        digits: usize,
        sep: char,
    },
}

fn format_offset(b: &mut String, z: TzFmt, offset: i32) {
    if offset == 0 && z.style == TzStyle::Iso {
        b.push('Z');
        return;
    }
    let mut zone = offset / 60;
    let mut abs = offset;
    if zone < 0 {
        b.push('-');
        zone = -zone;
        abs = -abs;
    } else {
        b.push('+');
    }
    append_int(b, (zone / 60) as i64, 2);
    if z.colon {
        b.push(':');
    }
    if !z.short {
        append_int(b, (zone % 60) as i64, 2);
    }
    if z.secs {
        if z.colon {
            b.push(':');
        }
        append_int(b, (abs % 60) as i64, 2);
    }
}

fn starts_lower(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
}

/// Go's `nextStdChunk`: (text before, the element, the rest).
fn next_std_chunk(layout: &str) -> (&str, Option<Std>, &str) {
    let b = layout.as_bytes();
    let has = |i: usize, s: &str| layout.get(i..i + s.len()) == Some(s);
    let tz = |style, colon, secs, short| {
        Some(Std::Tz(TzFmt {
            style,
            colon,
            secs,
            short,
        }))
    };
    for i in 0..b.len() {
        let r = |std: Option<Std>, len: usize| (&layout[..i], std, &layout[i + len..]);
        match b[i] {
            b'J' if has(i, "Jan") => {
                if has(i, "January") {
                    return r(Some(Std::LongMonth), 7);
                }
                if !starts_lower(&layout[i + 3..]) {
                    return r(Some(Std::Month), 3);
                }
            }
            b'M' if b.len() >= i + 3 => {
                if has(i, "Mon") {
                    if has(i, "Monday") {
                        return r(Some(Std::LongWeekDay), 6);
                    }
                    if !starts_lower(&layout[i + 3..]) {
                        return r(Some(Std::WeekDay), 3);
                    }
                }
                if has(i, "MST") {
                    return r(Some(Std::TzName), 3);
                }
            }
            b'0' => {
                if let Some(&c) = b.get(i + 1) {
                    if (b'1'..=b'6').contains(&c) {
                        let std = [
                            Std::ZeroMonth,
                            Std::ZeroDay,
                            Std::ZeroHour12,
                            Std::ZeroMinute,
                            Std::ZeroSecond,
                            Std::Year,
                        ][(c - b'1') as usize];
                        return r(Some(std), 2);
                    }
                }
                if has(i, "002") {
                    return r(Some(Std::ZeroYearDay), 3);
                }
            }
            b'1' => {
                if b.get(i + 1) == Some(&b'5') {
                    return r(Some(Std::Hour), 2);
                }
                return r(Some(Std::NumMonth), 1);
            }
            b'2' => {
                if has(i, "2006") {
                    return r(Some(Std::LongYear), 4);
                }
                return r(Some(Std::Day), 1);
            }
            b'_' => {
                if b.get(i + 1) == Some(&b'2') {
                    if has(i + 1, "2006") {
                        return (&layout[..i + 1], Some(Std::LongYear), &layout[i + 5..]);
                    }
                    return r(Some(Std::UnderDay), 2);
                }
                if has(i, "__2") {
                    return r(Some(Std::UnderYearDay), 3);
                }
            }
            b'3' => return r(Some(Std::Hour12), 1),
            b'4' => return r(Some(Std::Minute), 1),
            b'5' => return r(Some(Std::Second), 1),
            b'P' if b.get(i + 1) == Some(&b'M') => return r(Some(Std::PM), 2),
            b'p' if b.get(i + 1) == Some(&b'm') => return r(Some(Std::Pm), 2),
            b'-' => {
                if has(i, "-070000") {
                    return r(tz(TzStyle::Num, false, true, false), 7);
                }
                if has(i, "-07:00:00") {
                    return r(tz(TzStyle::Num, true, true, false), 9);
                }
                if has(i, "-0700") {
                    return r(tz(TzStyle::Num, false, false, false), 5);
                }
                if has(i, "-07:00") {
                    return r(tz(TzStyle::Num, true, false, false), 6);
                }
                if has(i, "-07") {
                    return r(tz(TzStyle::Num, false, false, true), 3);
                }
            }
            b'Z' => {
                if has(i, "Z070000") {
                    return r(tz(TzStyle::Iso, false, true, false), 7);
                }
                if has(i, "Z07:00:00") {
                    return r(tz(TzStyle::Iso, true, true, false), 9);
                }
                if has(i, "Z0700") {
                    return r(tz(TzStyle::Iso, false, false, false), 5);
                }
                if has(i, "Z07:00") {
                    return r(tz(TzStyle::Iso, true, false, false), 6);
                }
                if has(i, "Z07") {
                    return r(tz(TzStyle::Iso, false, false, true), 3);
                }
            }
            c @ (b'.' | b',') => {
                if let Some(&ch) = b.get(i + 1) {
                    if ch == b'0' || ch == b'9' {
                        let mut j = i + 1;
                        while j < b.len() && b[j] == ch {
                            j += 1;
                        }
                        if !b.get(j).is_some_and(u8::is_ascii_digit) {
                            let std = Std::Frac {
                                trim: ch == b'9',
                                digits: j - (i + 1),
                                sep: c as char,
                            };
                            return (&layout[..i], Some(std), &layout[j..]);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (layout, None, "")
}

// ---------------------------------------------------------------------------
// Parsing

fn parse_error(
    layout: &str,
    value: &str,
    layout_elem: &str,
    value_elem: &str,
    msg: &str,
) -> String {
    use super::strconv::quote;
    if msg.is_empty() {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            quote(value),
            quote(layout),
            quote(value_elem),
            quote(layout_elem)
        )
    } else {
        format!("parsing time {}{}", quote(value), msg)
    }
}

fn is_digit_at(s: &str, i: usize) -> bool {
    s.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

fn getnum(s: &str, fixed: bool) -> Option<(i64, &str)> {
    if !is_digit_at(s, 0) {
        return None;
    }
    let b = s.as_bytes();
    if !is_digit_at(s, 1) {
        if fixed {
            return None;
        }
        return Some(((b[0] - b'0') as i64, &s[1..]));
    }
    Some((((b[0] - b'0') * 10 + (b[1] - b'0')) as i64, &s[2..]))
}

fn getnum3(s: &str, fixed: bool) -> Option<(i64, &str)> {
    let mut n = 0i64;
    let mut i = 0;
    while i < 3 && is_digit_at(s, i) {
        n = n * 10 + (s.as_bytes()[i] - b'0') as i64;
        i += 1;
    }
    if i == 0 || (fixed && i != 3) {
        return None;
    }
    Some((n, &s[i..]))
}

fn cutspace(s: &str) -> &str {
    s.trim_start_matches(' ')
}

fn skip<'v>(mut value: &'v str, mut prefix: &str) -> Option<&'v str> {
    while !prefix.is_empty() {
        if prefix.starts_with(' ') {
            if !value.is_empty() && !value.starts_with(' ') {
                return None;
            }
            prefix = cutspace(prefix);
            value = cutspace(value);
            continue;
        }
        if value.is_empty() || value.as_bytes()[0] != prefix.as_bytes()[0] {
            return None;
        }
        prefix = &prefix[1..];
        value = value.get(1..)?;
    }
    Some(value)
}

fn lookup_name<'v>(tab: &[&str], val: &'v str, short: bool) -> Option<(usize, &'v str)> {
    for (i, v) in tab.iter().enumerate() {
        let v = if short { &v[..3] } else { v };
        if val.len() >= v.len()
            && val.is_char_boundary(v.len())
            && val[..v.len()].eq_ignore_ascii_case(v)
        {
            return Some((i, &val[v.len()..]));
        }
    }
    None
}

fn parse_nanos(value: &str, nbytes: usize) -> Result<i64, ()> {
    let b = value.as_bytes();
    if !matches!(b.first(), Some(b'.' | b',')) {
        return Err(());
    }
    let nbytes = nbytes.min(10);
    let digits = value.get(1..nbytes).ok_or(())?;
    let mut ns: i64 = digits.parse().map_err(|_| ())?;
    for _ in 0..(10 - nbytes) {
        ns *= 10;
    }
    Ok(ns)
}

fn parse_time_zone(value: &str) -> Option<usize> {
    let b = value.as_bytes();
    if b.len() < 3 {
        return None;
    }
    if value.starts_with("ChST") || value.starts_with("MeST") {
        return Some(4);
    }
    if let Some(rest) = value.strip_prefix("GMT") {
        return Some(3 + parse_signed_offset(rest));
    }
    if b[0] == b'+' || b[0] == b'-' {
        let n = parse_signed_offset(value);
        return (n > 0).then_some(n);
    }
    let upper = b
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    match upper {
        5 if b[4] == b'T' => Some(5),
        4 if b[3] == b'T' || value.starts_with("WITA") => Some(4),
        3 => Some(3),
        _ => None,
    }
}

fn parse_signed_offset(value: &str) -> usize {
    let b = value.as_bytes();
    if !matches!(b.first(), Some(b'+' | b'-')) {
        return 0;
    }
    let digits = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return 0;
    }
    match value[1..1 + digits].parse::<u64>() {
        Ok(x) if x <= 23 => 1 + digits,
        _ => 0,
    }
}

/// `time.ParseInLocation(layout, value, loc)` with Go's error texts.
pub fn parse(layout: &str, value: &str, default_loc: Loc) -> Result<Time, String> {
    let (alayout, avalue) = (layout, value);
    let mut layout = layout;
    let mut value = value;
    let mut range_err = "";
    let (mut am, mut pm) = (false, false);
    let (mut year, mut month, mut day, mut yday) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let mut z: Option<Loc> = None;
    let mut zone_offset: i64 = -1;
    let mut zone_name = String::new();
    loop {
        let (prefix, std, suffix) = next_std_chunk(layout);
        let stdstr = &layout[prefix.len()..layout.len() - suffix.len()];
        value = match skip(value, prefix) {
            Some(v) => v,
            None => return Err(parse_error(alayout, avalue, prefix, value, "")),
        };
        let Some(std) = std else {
            if !value.is_empty() {
                let msg = format!(": extra text: {}", super::strconv::quote(value));
                return Err(parse_error(alayout, avalue, "", value, &msg));
            }
            break;
        };
        layout = suffix;
        let hold = value;
        let mut bad = false;
        match std {
            Std::Year => {
                if value.len() < 2 {
                    bad = true;
                } else {
                    match value[..2].parse::<i64>() {
                        Ok(y) if value.as_bytes()[..2].iter().all(u8::is_ascii_digit) => {
                            year = if y >= 69 { y + 1900 } else { y + 2000 };
                            value = &value[2..];
                        }
                        _ => bad = true,
                    }
                }
            }
            Std::LongYear => {
                if value.len() < 4 || !is_digit_at(value, 0) {
                    bad = true;
                } else {
                    match value[..4].parse::<i64>() {
                        Ok(y) => {
                            year = y;
                            value = &value[4..];
                        }
                        Err(_) => bad = true,
                    }
                }
            }
            Std::Month | Std::LongMonth => {
                match lookup_name(&LONG_MONTHS, value, std == Std::Month) {
                    Some((i, rest)) => {
                        month = i as i64 + 1;
                        value = rest;
                    }
                    None => bad = true,
                }
            }
            Std::NumMonth | Std::ZeroMonth => match getnum(value, std == Std::ZeroMonth) {
                Some((m, rest)) => {
                    month = m;
                    value = rest;
                    if !(1..=12).contains(&m) {
                        range_err = "month";
                    }
                }
                None => bad = true,
            },
            Std::WeekDay | Std::LongWeekDay => {
                match lookup_name(&LONG_DAYS, value, std == Std::WeekDay) {
                    Some((_, rest)) => value = rest,
                    None => bad = true,
                }
            }
            Std::Day | Std::UnderDay | Std::ZeroDay => {
                if std == Std::UnderDay && value.starts_with(' ') {
                    value = &value[1..];
                }
                match getnum(value, std == Std::ZeroDay) {
                    Some((d, rest)) => {
                        day = d;
                        value = rest;
                    }
                    None => bad = true,
                }
            }
            Std::UnderYearDay | Std::ZeroYearDay => {
                for _ in 0..2 {
                    if std == Std::UnderYearDay && value.starts_with(' ') {
                        value = &value[1..];
                    }
                }
                match getnum3(value, std == Std::ZeroYearDay) {
                    Some((d, rest)) => {
                        yday = d;
                        value = rest;
                    }
                    None => bad = true,
                }
            }
            Std::Hour => match getnum(value, false) {
                Some((h, rest)) => {
                    hour = h;
                    value = rest;
                    if !(0..24).contains(&h) {
                        range_err = "hour";
                    }
                }
                None => bad = true,
            },
            Std::Hour12 | Std::ZeroHour12 => match getnum(value, std == Std::ZeroHour12) {
                Some((h, rest)) => {
                    hour = h;
                    value = rest;
                    if !(0..=12).contains(&h) {
                        range_err = "hour";
                    }
                }
                None => bad = true,
            },
            Std::Minute | Std::ZeroMinute => match getnum(value, std == Std::ZeroMinute) {
                Some((m, rest)) => {
                    min = m;
                    value = rest;
                    if !(0..60).contains(&m) {
                        range_err = "minute";
                    }
                }
                None => bad = true,
            },
            Std::Second | Std::ZeroSecond => match getnum(value, std == Std::ZeroSecond) {
                Some((s, rest)) => {
                    sec = s;
                    value = rest;
                    if !(0..60).contains(&s) {
                        range_err = "second";
                    } else if value.len() >= 2
                        && matches!(value.as_bytes()[0], b'.' | b',')
                        && is_digit_at(value, 1)
                    {
                        let next = next_std_chunk(layout).1;
                        if !matches!(next, Some(Std::Frac { .. })) {
                            let mut n = 2;
                            while is_digit_at(value, n) {
                                n += 1;
                            }
                            match parse_nanos(value, n) {
                                Ok(ns) => nsec = ns,
                                Err(()) => bad = true,
                            }
                            value = &value[n..];
                        }
                    }
                }
                None => bad = true,
            },
            Std::PM | Std::Pm => {
                if value.len() < 2 {
                    bad = true;
                } else {
                    let p = &value[..2.min(value.len())];
                    let (up, low) = if std == Std::PM {
                        ("PM", "AM")
                    } else {
                        ("pm", "am")
                    };
                    if p == up {
                        pm = true;
                    } else if p == low {
                        am = true;
                    } else {
                        bad = true;
                    }
                    if !bad {
                        value = &value[2..];
                    }
                }
            }
            Std::Tz(f) => {
                if f.style == TzStyle::Iso && value.starts_with('Z') {
                    value = &value[1..];
                    z = Some(Loc::Utc);
                } else {
                    let b = value.as_bytes();
                    let parts: Option<(u8, &str, &str, &str, &str)> = if f.colon && !f.secs {
                        (b.len() >= 6 && b[3] == b':')
                            .then(|| (b[0], &value[1..3], &value[4..6], "00", &value[6..]))
                    } else if f.short {
                        (b.len() >= 3).then(|| (b[0], &value[1..3], "00", "00", &value[3..]))
                    } else if f.colon && f.secs {
                        (b.len() >= 9 && b[3] == b':' && b[6] == b':')
                            .then(|| (b[0], &value[1..3], &value[4..6], &value[7..9], &value[9..]))
                    } else if f.secs {
                        (b.len() >= 7)
                            .then(|| (b[0], &value[1..3], &value[3..5], &value[5..7], &value[7..]))
                    } else {
                        (b.len() >= 5)
                            .then(|| (b[0], &value[1..3], &value[3..5], "00", &value[5..]))
                    };
                    match parts {
                        Some((sign, h, m, s, rest)) => {
                            let hh = getnum(h, true);
                            let mm = getnum(m, true);
                            let ss = getnum(s, true);
                            match (hh, mm, ss) {
                                (Some((hh, _)), Some((mm, _)), Some((ss, _))) => {
                                    if hh > 24 {
                                        range_err = "time zone offset hour";
                                    }
                                    if mm > 60 {
                                        range_err = "time zone offset minute";
                                    }
                                    if ss > 60 {
                                        range_err = "time zone offset second";
                                    }
                                    zone_offset = (hh * 60 + mm) * 60 + ss;
                                    match sign {
                                        b'+' => {}
                                        b'-' => zone_offset = -zone_offset,
                                        _ => bad = true,
                                    }
                                    value = rest;
                                }
                                _ => bad = true,
                            }
                        }
                        None => bad = true,
                    }
                }
            }
            Std::TzName => {
                if value.starts_with("UTC") {
                    z = Some(Loc::Utc);
                    value = &value[3..];
                } else {
                    match parse_time_zone(value) {
                        Some(n) => {
                            zone_name = value[..n].to_string();
                            value = &value[n..];
                        }
                        None => bad = true,
                    }
                }
            }
            Std::Frac {
                trim: false,
                digits,
                ..
            } => {
                let ndigit = 1 + digits;
                if value.len() < ndigit {
                    bad = true;
                } else {
                    match parse_nanos(value, ndigit) {
                        Ok(ns) => nsec = ns,
                        Err(()) => bad = true,
                    }
                    value = &value[ndigit..];
                }
            }
            Std::Frac { trim: true, .. } => {
                let b = value.as_bytes();
                if b.len() >= 2 && matches!(b[0], b'.' | b',') && b[1].is_ascii_digit() {
                    let mut i = 0;
                    while i + 1 < b.len() && b[i + 1].is_ascii_digit() {
                        i += 1;
                    }
                    match parse_nanos(value, 1 + i) {
                        Ok(ns) => nsec = ns,
                        Err(()) => bad = true,
                    }
                    value = &value[1 + i..];
                }
            }
        }
        if !range_err.is_empty() {
            let msg = format!(": {range_err} out of range");
            return Err(parse_error(alayout, avalue, stdstr, value, &msg));
        }
        if bad {
            return Err(parse_error(alayout, avalue, stdstr, hold, ""));
        }
    }
    if pm && hour < 12 {
        hour += 12;
    } else if am && hour == 12 {
        hour = 0;
    }
    if yday >= 0 {
        let mut d = 0i64;
        let mut m = 0i64;
        let mut yd = yday;
        if is_leap(year) {
            if yd == 31 + 29 {
                m = 2;
                d = 29;
            } else if yd > 31 + 29 {
                yd -= 1;
            }
        }
        if !(1..=365).contains(&yd) {
            return Err(parse_error(
                alayout,
                avalue,
                "",
                value,
                ": day-of-year out of range",
            ));
        }
        if m == 0 {
            let before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
            m = (yd - 1) / 31 + 1;
            if before[m as usize] < yd {
                m += 1;
            }
            d = yd - before[m as usize - 1];
        }
        if month >= 0 && month != m {
            return Err(parse_error(
                alayout,
                avalue,
                "",
                value,
                ": day-of-year does not match month",
            ));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(parse_error(
                alayout,
                avalue,
                "",
                value,
                ": day-of-year does not match day",
            ));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in(month as u32, year) as i64 {
        return Err(parse_error(
            alayout,
            avalue,
            "",
            value,
            ": day out of range",
        ));
    }
    if let Some(z) = z {
        return Ok(Time::date(year, month, day, hour, min, sec, nsec, z));
    }
    if zone_offset != -1 {
        let t = Time::date(year, month, day, hour, min, sec, nsec, Loc::Utc);
        let unix = t.unix - zone_offset;
        let (name, off) = Loc::Local.lookup(unix);
        let t = Time::from_unix(unix, nsec, Loc::Utc);
        if off as i64 == zone_offset && (zone_name.is_empty() || name == zone_name) {
            return Ok(t.with_loc(Loc::Local));
        }
        return Ok(t.with_loc(Loc::Fixed(zone_name, zone_offset as i32)));
    }
    if !zone_name.is_empty() {
        let t = Time::date(year, month, day, hour, min, sec, nsec, Loc::Utc);
        let (name, off) = Loc::Local.lookup(t.unix);
        if name == zone_name {
            let unix = t.unix - off as i64;
            return Ok(Time::from_unix(unix, nsec, Loc::Local));
        }
        // GMT+h style names carry their offset.
        let mut offset = 0i64;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            offset = zone_name[3..].parse::<i64>().unwrap_or(0) * 3600;
        }
        let unix = t.unix - offset;
        return Ok(Time::from_unix(
            unix,
            nsec,
            Loc::Fixed(zone_name, offset as i32),
        ));
    }
    Ok(Time::date(
        year,
        month,
        day,
        hour,
        min,
        sec,
        nsec,
        default_loc,
    ))
}

/// `time.ParseDuration`, in nanoseconds, with Go's error texts.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let err = |m: &str| format!("time: {m} {}", super::strconv::quote(s));
    let orig = s;
    let mut s = s;
    let mut neg = false;
    if let Some(c) = s.as_bytes().first() {
        if *c == b'-' || *c == b'+' {
            neg = *c == b'-';
            s = &s[1..];
        }
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(err("invalid duration"));
    }
    let _ = orig;
    let mut d: u64 = 0;
    const LIMIT: u64 = 1 << 63;
    while !s.is_empty() {
        let c = s.as_bytes()[0];
        if !(c == b'.' || c.is_ascii_digit()) {
            return Err(err("invalid duration"));
        }
        // The integer part.
        let mut v: u64 = 0;
        let mut i = 0;
        let b = s.as_bytes();
        while i < b.len() && b[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(err("invalid duration"));
            }
            v = v * 10 + (b[i] - b'0') as u64;
            if v > LIMIT {
                return Err(err("invalid duration"));
            }
            i += 1;
        }
        let pre = i > 0;
        s = &s[i..];
        let mut f: u64 = 0;
        let mut scale = 1f64;
        let mut post = false;
        if s.starts_with('.') {
            s = &s[1..];
            let b = s.as_bytes();
            let mut j = 0;
            let mut overflow = false;
            while j < b.len() && b[j].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + (b[j] - b'0') as u64;
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                j += 1;
            }
            post = j > 0;
            s = &s[j..];
        }
        if !pre && !post {
            return Err(err("invalid duration"));
        }
        let ulen = s
            .bytes()
            .take_while(|c| *c != b'.' && !c.is_ascii_digit())
            .count();
        if ulen == 0 {
            return Err(err("missing unit in duration"));
        }
        let u = &s[..ulen];
        s = &s[ulen..];
        let unit: u64 = match u {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(err(&format!(
                    "unknown unit {} in duration",
                    super::strconv::quote(u)
                )))
            }
        };
        if v > LIMIT / unit {
            return Err(err("invalid duration"));
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(err("invalid duration"));
            }
        }
        d += v;
        if d > LIMIT {
            return Err(err("invalid duration"));
        }
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > LIMIT - 1 {
        return Err(err("invalid duration"));
    }
    Ok(d as i64)
}

/// `time.Duration.String()`.
pub fn duration_string(ns: i64) -> String {
    crate::gocompat::time::go_duration(ns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_parse() {
        let t = Time::parse_rfc3339("2024-03-01T10:20:30.5Z").unwrap();
        assert_eq!(t.string(), "2024-03-01 10:20:30.5 +0000 UTC");
        assert_eq!(
            t.format("Mon Jan _2 15:04:05 2006"),
            "Fri Mar  1 10:20:30 2024"
        );
        assert_eq!(
            t.format("02/01/06 03:04PM .000 Z07:00"),
            "01/03/24 10:20AM .500 Z"
        );
        let t = Time::parse_rfc3339("2024-03-01T10:20:30+02:00").unwrap();
        assert_eq!(
            t.format("2006-01-02T15:04:05-07:00"),
            "2024-03-01T10:20:30+02:00"
        );
        assert_eq!(Time::zero().string(), "0001-01-01 00:00:00 +0000 UTC");
        assert_eq!(
            parse("2006-01-02", "2024-13-01", Loc::Utc).err().as_deref(),
            Some("parsing time \"2024-13-01\": month out of range")
        );
        assert_eq!(
            parse("2006-01-02", "x", Loc::Utc).err().as_deref(),
            Some("parsing time \"x\" as \"2006-01-02\": cannot parse \"x\" as \"2006\"")
        );
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(
            parse_duration("5x").err().as_deref(),
            Some("time: unknown unit \"x\" in duration \"5x\"")
        );
        assert_eq!(
            Time::zero().go_string(),
            "time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)"
        );
    }
}
