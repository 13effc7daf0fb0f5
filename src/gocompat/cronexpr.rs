//! hashicorp/cronexpr v1.1.3, the cron library of Nomad v1.10.5's CLI and servers: its syntax
//! (optional seconds and year, ranges, steps, lists, month and day names, `?`, `L`, `W`, `LW`,
//! `5L`, `5#3`, the `@daily`-style shortcuts) and its search for the next launch, quirks
//! included, so that rnomad prints a launch exactly where Nomad prints one.
//!
//! The quirks kept on purpose (each one changes what Nomad prints): a day-of-week range ending
//! at 7 or `SUN` stops at Saturday; `01`…`07` as a day of week mean Sunday; a step that is not
//! a number from 1 to the field's maximum is an error; a range running backwards matches
//! nothing; `*` anywhere in a field makes the whole field a wildcard; more than seven fields
//! are ignored; a list the search must index while empty fails (Go panics, and Nomad's
//! `cronParseNext` turns the panic into an error).
//!
//! Standard library only: nomad-sim includes this file by path, so the simulator's
//! `NextPeriodicLaunch` and rnomad's `Next Periodic Launch` come from one implementation.

/// What Go's `Location.lookup` gives for an instant: the offset east of UTC in seconds and the
/// span `start <= t < end` over which it holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Offset {
    pub offset: i32,
    pub start: i64,
    pub end: i64,
}

/// A parsed cron line.
#[derive(Debug, Clone)]
pub struct Expr {
    seconds: Vec<i64>,
    minutes: Vec<i64>,
    hours: Vec<i64>,
    months: Vec<i64>,
    years: Vec<i64>,
    dom: Days,
    dow: Weekdays,
}

#[derive(Debug, Clone, Default)]
struct Days {
    restricted: bool,
    days: [bool; 32],
    workdays: [bool; 32],
    last: bool,
    last_workday: bool,
}

#[derive(Debug, Clone, Default)]
struct Weekdays {
    restricted: bool,
    days: [bool; 7],
    /// `5L`: the last Friday of the month.
    last: [bool; 7],
    /// `5#3`: bit `(week - 1) * 7 + day`.
    nth: u64,
}

/// The search could not finish: Go indexes an empty list and panics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Failed;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Second,
    Minute,
    Hour,
    Dom,
    Month,
    Dow,
    Year,
}

const MONTH_NAMES: [&str; 24] = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const DAY_NAMES: [&str; 14] = [
    "sun",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

impl Kind {
    fn range(self) -> (i64, i64) {
        match self {
            Kind::Second | Kind::Minute => (0, 59),
            Kind::Hour => (0, 23),
            Kind::Dom => (1, 31),
            Kind::Month => (1, 12),
            Kind::Dow => (0, 6),
            Kind::Year => (1970, 2099),
        }
    }

    /// Whether `s` (lower case) is one value of the field, as cronexpr's value patterns say.
    fn is_value(self, s: &str) -> bool {
        let b = s.as_bytes();
        let d = |i: usize| b[i].is_ascii_digit();
        match (self, b.len()) {
            (Kind::Second | Kind::Minute, 1) => d(0),
            (Kind::Second | Kind::Minute, 2) => (b'0'..=b'5').contains(&b[0]) && d(1),
            (Kind::Hour, 1) => d(0),
            (Kind::Hour, 2) => {
                matches!(b[0], b'0' | b'1') && d(1) || b[0] == b'2' && b[1] <= b'3' && d(1)
            }
            (Kind::Dom, 1) => (b'1'..=b'9').contains(&b[0]),
            (Kind::Dom, 2) => {
                b[0] == b'0' && (b'1'..=b'9').contains(&b[1])
                    || matches!(b[0], b'1' | b'2') && d(1)
                    || b[0] == b'3' && matches!(b[1], b'0' | b'1')
            }
            (Kind::Month, 1) => (b'1'..=b'9').contains(&b[0]),
            (Kind::Month, 2) => {
                b[0] == b'0' && (b'1'..=b'9').contains(&b[1])
                    || b[0] == b'1' && matches!(b[1], b'0'..=b'2')
            }
            (Kind::Month, _) => MONTH_NAMES.contains(&s),
            (Kind::Dow, 1) => (b'0'..=b'7').contains(&b[0]),
            (Kind::Dow, 2) if d(0) => b[0] == b'0' && (b'0'..=b'7').contains(&b[1]),
            (Kind::Dow, _) => DAY_NAMES.contains(&s),
            (Kind::Year, 4) => {
                (b.starts_with(b"19") && matches!(b[2], b'7'..=b'9') || b.starts_with(b"20"))
                    && d(2)
                    && d(3)
            }
            _ => false,
        }
    }

    /// The value of a token that `is_value` accepted, by cronexpr's token tables: numbers (a
    /// leading zero allowed for numeric fields), names, and 7 as Sunday. A two-digit day of
    /// week (`01`) is missing from its table and reads as 0, Sunday.
    fn value(self, s: &str) -> i64 {
        match self {
            Kind::Month => {
                if let Some(i) = MONTH_NAMES.iter().position(|n| *n == s) {
                    return (i % 12) as i64 + 1;
                }
                number(s)
            }
            Kind::Dow => {
                if let Some(i) = DAY_NAMES.iter().position(|n| *n == s) {
                    return (i % 7) as i64;
                }
                match s {
                    "7" => 0,
                    _ if s.len() == 1 => number(s),
                    _ => 0,
                }
            }
            _ => number(s),
        }
    }
}

/// cronexpr's table of numbers: 0–59 (one or two digits) and the years 1970–2099; anything
/// else reads as 0.
fn number(s: &str) -> i64 {
    let ok = match s.len() {
        1 | 2 => s.bytes().all(|c| c.is_ascii_digit()) && s.parse::<i64>().is_ok_and(|n| n < 60),
        4 => s.parse::<i64>().is_ok_and(|n| (1970..=2099).contains(&n)),
        _ => false,
    };
    if ok {
        s.parse().unwrap_or(0)
    } else {
        0
    }
}

enum Directive<'a> {
    All,
    One(i64),
    Span(i64, i64, i64),
    /// Not a plain value, range or step: the day fields read `L`, `W`, `#` from it.
    Other(&'a str),
}

/// Splits a field into its comma-separated directives, as cronexpr's `genericFieldParse` does.
fn directives(field: &str, kind: Kind) -> Result<Vec<Directive<'_>>, Failed> {
    let entries: Vec<&str> = field.split(',').filter(|e| !e.is_empty()).collect();
    if entries.is_empty() {
        return Err(Failed);
    }
    let (min, max) = kind.range();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let step = |s: &str| -> Result<i64, Failed> {
        let n = number(s);
        if n < 1 || n > max {
            return Err(Failed);
        }
        Ok(n)
    };
    let range = |r: &str| -> Option<(i64, i64)> {
        let (a, b) = r.split_once('-')?;
        (kind.is_value(a) && kind.is_value(b)).then(|| (kind.value(a), kind.value(b)))
    };
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let e = entry.to_ascii_lowercase();
        let stepped = e.split_once('/').filter(|(_, s)| digits(s));
        let d = if e == "*" || e == "?" {
            Directive::All
        } else if kind.is_value(&e) {
            Directive::One(kind.value(&e))
        } else if let Some((a, b)) = range(&e) {
            Directive::Span(a, b, 1)
        } else if let Some((_, s)) = stepped.filter(|(r, _)| *r == "*") {
            Directive::Span(min, max, step(s)?)
        } else if let Some((r, s)) = stepped.filter(|(r, _)| kind.is_value(r)) {
            Directive::Span(kind.value(r), max, step(s)?)
        } else if let Some(((a, b), s)) = stepped.and_then(|(r, s)| Some((range(r)?, s))) {
            Directive::Span(a, b, step(s)?)
        } else {
            Directive::Other(entry)
        };
        out.push(d);
    }
    Ok(out)
}

fn span(a: i64, b: i64, step: i64) -> impl Iterator<Item = i64> {
    (a..=b).step_by(step as usize)
}

/// Seconds, minutes, hours, months and years: a sorted list of the values allowed.
fn list(field: &str, kind: Kind) -> Result<Vec<i64>, Failed> {
    let mut values = Vec::new();
    for d in directives(field, kind)? {
        match d {
            Directive::Other(_) => return Err(Failed),
            Directive::One(v) => values.push(v),
            Directive::Span(a, b, s) => values.extend(span(a, b, s)),
            Directive::All => {
                let (min, max) = kind.range();
                return Ok((min..=max).collect());
            }
        }
    }
    values.sort_unstable();
    values.dedup();
    Ok(values)
}

fn days_of_month(field: &str) -> Result<Days, Failed> {
    let mut days = Days {
        restricted: true,
        ..Days::default()
    };
    for d in directives(field, Kind::Dom)? {
        match d {
            Directive::One(v) => days.days[v as usize] = true,
            Directive::Span(a, b, s) => span(a, b, s).for_each(|v| days.days[v as usize] = true),
            Directive::All => {
                span(1, 31, 1).for_each(|v| days.days[v as usize] = true);
                days.restricted = false;
            }
            Directive::Other(entry) => match entry.to_ascii_lowercase().as_str() {
                "l" => days.last = true,
                "lw" => days.last_workday = true,
                e => match e.strip_suffix('w').filter(|v| Kind::Dom.is_value(v)) {
                    Some(v) => days.workdays[Kind::Dom.value(v) as usize] = true,
                    None => return Err(Failed),
                },
            },
        }
    }
    Ok(days)
}

fn days_of_week(field: &str) -> Result<Weekdays, Failed> {
    let mut days = Weekdays {
        restricted: true,
        ..Weekdays::default()
    };
    let mut set = |a: i64, b: i64, s: i64| span(a, b, s).for_each(|v| days.days[v as usize] = true);
    let mut others = Vec::new();
    let mut all = false;
    for d in directives(field, Kind::Dow)? {
        match d {
            Directive::One(v) => set(v, v, 1),
            // A range ending at Sunday (7 reads as 0) ends at Saturday instead.
            Directive::Span(a, b, s) => set(a, if b == 0 { 6 } else { b }, s),
            Directive::All => {
                set(0, 6, 1);
                all = true;
            }
            Directive::Other(entry) => others.push(entry.to_ascii_lowercase()),
        }
    }
    for e in others {
        if let Some(v) = e.strip_suffix('l').filter(|v| Kind::Dow.is_value(v)) {
            days.last[Kind::Dow.value(v) as usize] = true;
        } else if let Some((v, week)) = e
            .split_once('#')
            .filter(|(v, w)| Kind::Dow.is_value(v) && matches!(w.as_bytes(), [b'1'..=b'5']))
        {
            let week = (week.as_bytes()[0] - b'0') as usize;
            days.nth |= 1 << ((week - 1) * 7 + Kind::Dow.value(v) as usize % 7);
        } else {
            return Err(Failed);
        }
    }
    if all {
        days.restricted = false;
    }
    Ok(days)
}

/// cronexpr's `Parse`.
pub fn parse(line: &str) -> Result<Expr, Failed> {
    let line = shortcuts(line);
    let fields: Vec<&str> = line
        .split([' ', '\t', '\n', '\x0c', '\r'])
        .filter(|f| !f.is_empty())
        .collect();
    if fields.len() < 5 {
        return Err(Failed);
    }
    let count = fields.len().min(7);
    let mut f = fields.iter().copied();
    let seconds = if count == 7 {
        list(f.next().unwrap_or_default(), Kind::Second)?
    } else {
        vec![0]
    };
    let mut next = || f.next().unwrap_or_default();
    let minutes = list(next(), Kind::Minute)?;
    let hours = list(next(), Kind::Hour)?;
    let dom = days_of_month(next())?;
    let months = list(next(), Kind::Month)?;
    let dow = days_of_week(next())?;
    let years = if count >= 6 {
        list(next(), Kind::Year)?
    } else {
        (1970..=2099).collect()
    };
    Ok(Expr {
        seconds,
        minutes,
        hours,
        months,
        years,
        dom,
        dow,
    })
}

/// Nomad's `PeriodicConfig.Next` over a job's specs (its `Spec` alone when set, else every
/// entry of `Specs`): each spec's next launch after `from`, folded as Nomad folds them. A spec
/// with no launch left gives Go's zero time, which comes before any other launch, so it wins
/// over the specs before it and loses to the ones after. `Ok(None)` is the zero time; a spec
/// that does not parse is an error.
pub fn next_of(
    specs: &[&str],
    from: i64,
    zone: &dyn Fn(i64) -> Offset,
) -> Result<Option<i64>, Failed> {
    let mut next: Option<i64> = None;
    for spec in specs {
        let t = parse(spec)?.next(from, zone)?;
        next = match (next, t) {
            (Some(n), Some(t)) => Some(n.min(t)),
            (Some(_), None) => None,
            (None, t) => t,
        };
    }
    Ok(next)
}

/// cronexpr replaces the shortcuts wherever they appear in the line.
fn shortcuts(line: &str) -> String {
    const SHORTCUTS: [(&str, &str); 6] = [
        ("@yearly", "0 0 0 1 1 * *"),
        ("@annually", "0 0 0 1 1 * *"),
        ("@monthly", "0 0 0 1 * * *"),
        ("@weekly", "0 0 0 * * 0 *"),
        ("@daily", "0 0 0 * * * *"),
        ("@hourly", "0 0 * * * * *"),
    ];
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    'scan: while let Some(c) = rest.chars().next() {
        for (from, to) in SHORTCUTS {
            if let Some(after) = rest.strip_prefix(from) {
                out.push_str(to);
                rest = after;
                continue 'scan;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

// Civil dates (proleptic Gregorian), days counted from 1970-01-01.

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Sunday is 0.
fn weekday(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

fn month_length(y: i64, m: i64) -> i64 {
    days_from_civil(y, m + 1, 1) - days_from_civil(y, m, 1)
}

/// A Go `time.Time` in a location: an instant and the zone that gives its wall clock.
#[derive(Clone, Copy)]
struct Time<'z> {
    unix: i64,
    zone: &'z dyn Fn(i64) -> Offset,
}

struct Civil {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
}

impl<'z> Time<'z> {
    fn civil(self) -> Civil {
        let wall = self.unix + (self.zone)(self.unix).offset as i64;
        let days = wall.div_euclid(86_400);
        let sod = wall - days * 86_400;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: sod / 3600,
            minute: sod / 60 % 60,
            second: sod % 60,
        }
    }

    /// Go's `time.Date` in this time's location: out-of-range fields carry over, and a wall
    /// time that a zone change skips or repeats resolves as Go resolves it.
    fn date(self, y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Time<'z> {
        let y = y + (mo - 1).div_euclid(12);
        let mo = (mo - 1).rem_euclid(12) + 1;
        let wall = (days_from_civil(y, mo, 1) + d - 1) * 86_400 + h * 3600 + mi * 60 + s;
        let p = (self.zone)(wall);
        let mut offset = p.offset as i64;
        if offset != 0 {
            let utc = wall - offset;
            if utc < p.start || utc >= p.end {
                offset = (self.zone)(utc).offset as i64;
            }
        }
        Time {
            unix: wall - offset,
            zone: self.zone,
        }
    }

    fn add(self, secs: i64) -> Time<'z> {
        Time {
            unix: self.unix + secs,
            zone: self.zone,
        }
    }

    fn truncate_minute(self) -> Time<'z> {
        self.add(-self.unix.rem_euclid(60))
    }

    /// cronexpr's `timeZoneInDay`: the offsets a day before and a day after differ.
    fn zone_changes_near(self) -> bool {
        let c = self.civil();
        let at = |d: i64| {
            let t = self.date(c.year, c.month, c.day + d, c.hour, c.minute, c.second);
            (self.zone)(t.unix).offset
        };
        at(-1) != at(1)
    }
}

/// The first index of a value `>= v` in a sorted list, and whether it is `v`.
fn search(list: &[i64], v: i64) -> Option<(i64, bool)> {
    let i = list.partition_point(|x| *x < v);
    list.get(i).map(|x| (*x, *x == v))
}

fn first(list: &[i64]) -> Result<i64, Failed> {
    list.first().copied().ok_or(Failed)
}

/// Bounds the search where Go would loop until its years run out; no real line comes near.
const MAX_STEPS: u32 = 1_000_000;

impl Expr {
    /// The days of a month that match, as cronexpr's `calculateActualDaysOfMonth` finds them.
    fn days_in(&self, y: i64, m: i64) -> Vec<i64> {
        let len = month_length(y, m);
        if !self.dom.restricted && !self.dow.restricted {
            return (1..=len).collect();
        }
        let mut hit = [false; 32];
        let first_day = days_from_civil(y, m, 1);
        // Saturday moves to Friday (or Monday on the 1st), Sunday to Monday (or Friday on the
        // last day): a workday never leaves its month.
        let workday = |d: i64| -> i64 {
            match weekday(first_day + d - 1) {
                6 if d > 1 => d - 1,
                6 => d + 2,
                0 if d < len => d + 1,
                0 => d - 2,
                _ => d,
            }
        };
        if self.dom.restricted {
            if self.dom.last {
                hit[len as usize] = true;
            }
            if self.dom.last_workday {
                hit[workday(len) as usize] = true;
            }
            for d in 1..=len {
                if self.dom.days[d as usize] {
                    hit[d as usize] = true;
                }
                if self.dom.workdays[d as usize] {
                    hit[workday(d) as usize] = true;
                }
            }
        }
        if self.dow.restricted {
            let offset = 7 - weekday(first_day);
            for v in 0..7 {
                if self.dow.days[v as usize] {
                    let d0 = 1 + (offset + v) % 7;
                    for d in (d0..=len).step_by(7).take(5) {
                        hit[d as usize] = true;
                    }
                }
            }
            for v in (0..35).filter(|v| self.dow.nth & (1 << v) != 0) {
                let d = 1 + 7 * (v / 7) + (offset + v) % 7;
                if d <= len {
                    hit[d as usize] = true;
                }
            }
            let origin = len - 6;
            let offset = 7 - weekday(first_day + origin - 1);
            for v in 0..7 {
                if self.dow.last[v as usize] {
                    let d = origin + (offset + v) % 7;
                    if d <= len {
                        hit[d as usize] = true;
                    }
                }
            }
        }
        (1..=len).filter(|d| hit[*d as usize]).collect()
    }

    /// cronexpr's `Next`: the first matching instant after `from` (Unix seconds, the fraction
    /// already dropped) in the zone `zone` describes. `Ok(None)` is Go's zero time: no launch
    /// before the end of 2099.
    pub fn next(&self, from: i64, zone: &dyn Fn(i64) -> Offset) -> Result<Option<i64>, Failed> {
        let mut t = Time {
            unix: from + 1,
            zone,
        };
        let mut steps = 0;
        'wrap: loop {
            steps += 1;
            if steps > MAX_STEPS {
                return Ok(None);
            }
            let c = t.civil();
            match search(&self.years, c.year) {
                None => return Ok(None),
                Some((y, false)) => t = t.date(y, first(&self.months)?, 1, 0, 0, 0),
                Some((_, true)) => {}
            }
            let c = t.civil();
            match search(&self.months, c.month) {
                None => {
                    t = t.date(c.year + 1, first(&self.months)?, 1, 0, 0, 0);
                    continue 'wrap;
                }
                Some((m, false)) => t = t.date(c.year, m, 1, 0, 0, 0),
                Some((_, true)) => {}
            }
            let c = t.civil();
            let days = self.days_in(c.year, c.month);
            match search(&days, c.day) {
                None => {
                    t = t.date(c.year, c.month + 1, 1, 0, 0, 0);
                    continue 'wrap;
                }
                Some((d, false)) => {
                    t = t.date(c.year, c.month, d, 0, 0, 0);
                    // Midnight fell in a zone change: go to the nearest midnight.
                    let h = t.civil().hour;
                    if h > 12 {
                        t = t.add((24 - h) * 3600);
                    } else if h != 0 {
                        t = t.add(-h * 3600);
                    }
                }
                Some((_, true)) => {}
            }
            if t.zone_changes_near() {
                match self.slow_clock(t) {
                    Slow::Found(at) => return Ok(Some(at)),
                    Slow::Wrap(next) => {
                        t = next;
                        continue 'wrap;
                    }
                }
            }
            let c = t.civil();
            match search(&self.hours, c.hour) {
                None => {
                    t = t.date(c.year, c.month, c.day + 1, 0, 0, 0);
                    continue 'wrap;
                }
                Some((h, false)) => {
                    t = t.date(
                        c.year,
                        c.month,
                        c.day,
                        h,
                        first(&self.minutes)?,
                        first(&self.seconds)?,
                    )
                }
                Some((_, true)) => {}
            }
            let c = t.civil();
            match search(&self.minutes, c.minute) {
                None => {
                    t = t.date(c.year, c.month, c.day, c.hour + 1, 0, 0);
                    continue 'wrap;
                }
                Some((m, false)) => {
                    t = t.date(c.year, c.month, c.day, c.hour, m, first(&self.seconds)?)
                }
                Some((_, true)) => {}
            }
            let c = t.civil();
            match search(&self.seconds, c.second) {
                None => {
                    t = t.date(c.year, c.month, c.day, c.hour, c.minute + 1, 0);
                    continue 'wrap;
                }
                Some((s, false)) => t = t.date(c.year, c.month, c.day, c.hour, c.minute, s),
                Some((_, true)) => {}
            }
            return Ok(Some(t.unix));
        }
    }

    /// cronexpr's search on a day with a zone change: hour by hour, then minute by minute, so
    /// that a skipped hour is passed and a repeated one is seen twice.
    fn slow_clock<'z>(&self, mut t: Time<'z>) -> Slow<'z> {
        let has = |list: &[i64], v: i64| list.binary_search(&v).is_ok();
        while !has(&self.hours, t.civil().hour) {
            let before = t.civil().hour;
            t = t.add(3600);
            if t.civil().hour == before {
                t = t.add(3600);
            }
            t = t.truncate_minute();
            t = t.add(-60 * t.civil().minute);
            let c = t.civil();
            if c.hour == 0 {
                return Slow::Wrap(t.date(c.year, c.month, c.day, 0, 0, 0));
            }
        }
        while !has(&self.minutes, t.civil().minute) {
            let before = t.civil().hour;
            t = t.truncate_minute().add(60);
            if t.civil().hour != before {
                return Slow::Wrap(t);
            }
        }
        let second = t.civil().second;
        t = t.truncate_minute();
        match search(&self.seconds, second) {
            None => Slow::Wrap(t.add(60)),
            Some((s, _)) => Slow::Found(t.add(s).unix),
        }
    }
}

enum Slow<'z> {
    Found(i64),
    Wrap(Time<'z>),
}
