//! sprig's date functions over Go's `time` (see [`super::super::gotime`]). Like sprig, a date
//! argument of another type (a float64 from JSON, a string) means "now", and an unknown
//! zone means UTC.

use super::super::funcs::Imp;
use super::super::gotime::{self, Loc, Time};
use super::super::value::{Value, STRING};
use super::{any_arg, str_arg};
use std::rc::Rc;

fn time_value(t: Time) -> Value {
    Value::Time(Rc::new(t))
}

/// The `time.Time` argument `i` (signatures guarantee its type).
fn time_arg(a: &[Value], i: usize) -> Time {
    match a.get(i) {
        Some(Value::Time(t)) => (**t).clone(),
        _ => Time::zero(),
    }
}

/// Is this value of exactly the predeclared type `name` (a type switch case)?
fn is_type(v: &Value, name: &str) -> bool {
    v.ty().to_string() == name
}

/// sprig's date argument: `time.Time`, `*time.Time` (`date`/`dateInZone` only), `int64`,
/// `int`, `int32` (`date` only) as Unix seconds; anything else is now.
fn date_of(v: &Value, ptr_ok: bool, int32_ok: bool) -> Result<Time, String> {
    Ok(match v {
        Value::Time(t) => (**t).clone(),
        Value::Ptr(inner, _) if ptr_ok && matches!(**inner, Value::Time(_)) => match &**inner {
            Value::Time(t) => (**t).clone(),
            _ => Time::now(),
        },
        Value::Nil(t) if ptr_ok && t.to_string() == "*time.Time" => {
            return Err(super::NIL_DEREF.into())
        }
        Value::Int(n, _)
            if is_type(v, "int64") || is_type(v, "int") || int32_ok && is_type(v, "int32") =>
        {
            Time::from_unix(*n, 0, Loc::Local)
        }
        _ => Time::now(),
    })
}

fn in_zone(layout: &str, t: &Time, zone: &str) -> Value {
    let loc = gotime::load_location(zone).unwrap_or(Loc::Utc);
    Value::string(t.with_loc(loc).format(layout))
}

/// `time.Since(t)` in nanoseconds.
fn since(t: &Time) -> i64 {
    Time::now().sub(t)
}

/// `Duration.Round(time.Second)`.
fn round_second(d: i64) -> i64 {
    const S: i64 = 1_000_000_000;
    let r = d % S;
    if d < 0 {
        let r = -r;
        if r + r < S {
            return d + r;
        }
        return d.checked_sub(S - r).unwrap_or(i64::MIN);
    }
    if r + r < S {
        return d - r;
    }
    d.checked_add(S - r).unwrap_or(i64::MAX)
}

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        ("now", "func() time.Time", |_| Ok(time_value(Time::now()))),
        ("date", "func(string, interface {}) string", |a| {
            let t = date_of(&any_arg(a, 1), true, true)?;
            Ok(in_zone(str_arg(a, 0), &t, "Local"))
        }),
        ("htmlDate", "func(interface {}) string", |a| {
            let t = date_of(&any_arg(a, 0), true, true)?;
            Ok(in_zone("2006-01-02", &t, "Local"))
        }),
        ("htmlDateInZone", "func(interface {}, string) string", |a| {
            let t = date_of(&any_arg(a, 0), true, true)?;
            Ok(in_zone("2006-01-02", &t, str_arg(a, 1)))
        }),
        (
            "dateInZone",
            "func(string, interface {}, string) string",
            date_in_zone,
        ),
        (
            "date_in_zone",
            "func(string, interface {}, string) string",
            date_in_zone,
        ),
        (
            "dateModify",
            "func(string, time.Time) time.Time",
            date_modify,
        ),
        (
            "date_modify",
            "func(string, time.Time) time.Time",
            date_modify,
        ),
        (
            "mustDateModify",
            "func(string, time.Time) (time.Time, error)",
            must_date_modify,
        ),
        (
            "must_date_modify",
            "func(string, time.Time) (time.Time, error)",
            must_date_modify,
        ),
        ("ago", "func(interface {}) string", |a| {
            let v = any_arg(a, 0);
            let t = match &v {
                Value::Time(t) => (**t).clone(),
                Value::Int(n, _) if is_type(&v, "int64") || is_type(&v, "int") => {
                    Time::from_unix(*n, 0, Loc::Local)
                }
                _ => Time::now(),
            };
            Ok(Value::string(gotime::duration_string(round_second(since(
                &t,
            )))))
        }),
        ("duration", "func(interface {}) string", |a| {
            let v = any_arg(a, 0);
            let n = match &v {
                Value::Str(s, t) if *t == STRING => {
                    super::super::strconv::parse_int(s, 10).unwrap_or(0)
                }
                Value::Int(n, _) if is_type(&v, "int64") => *n,
                _ => 0,
            };
            Ok(Value::string(gotime::duration_string(
                n.wrapping_mul(1_000_000_000),
            )))
        }),
        ("durationRound", "func(interface {}) string", |a| {
            let v = any_arg(a, 0);
            let d = match &v {
                Value::Str(s, t) if *t == STRING => gotime::parse_duration(s).unwrap_or(0),
                Value::Int(n, _) if is_type(&v, "int64") => *n,
                Value::Time(t) => since(t),
                _ => 0,
            };
            Ok(Value::string(duration_round(d)))
        }),
        ("toDate", "func(string, string) time.Time", |a| {
            Ok(time_value(
                gotime::parse(str_arg(a, 0), str_arg(a, 1), Loc::Local)
                    .unwrap_or_else(|_| Time::zero()),
            ))
        }),
        (
            "mustToDate",
            "func(string, string) (time.Time, error)",
            |a| gotime::parse(str_arg(a, 0), str_arg(a, 1), Loc::Local).map(time_value),
        ),
        ("unixEpoch", "func(time.Time) string", |a| {
            Ok(Value::string(time_arg(a, 0).unix.to_string()))
        }),
    ]
}

fn date_in_zone(a: &[Value]) -> Result<Value, String> {
    let t = date_of(&any_arg(a, 1), true, true)?;
    Ok(in_zone(str_arg(a, 0), &t, str_arg(a, 2)))
}

fn date_modify(a: &[Value]) -> Result<Value, String> {
    let t = time_arg(a, 1);
    Ok(time_value(match gotime::parse_duration(str_arg(a, 0)) {
        Ok(d) => t.add_nanos(d),
        Err(_) => t,
    }))
}

fn must_date_modify(a: &[Value]) -> Result<Value, String> {
    let t = time_arg(a, 1);
    let d = gotime::parse_duration(str_arg(a, 0))?;
    Ok(time_value(t.add_nanos(d)))
}

/// sprig's `durationRound`: the largest whole unit (years of 365 days, months of 30).
fn duration_round(d: i64) -> String {
    let u = d.unsigned_abs();
    const H: u64 = 3_600_000_000_000;
    let units = [
        (H * 24 * 365, "y"),
        (H * 24 * 30, "mo"),
        (H * 24, "d"),
        (H, "h"),
        (60_000_000_000, "m"),
        (1_000_000_000, "s"),
    ];
    for (size, name) in units {
        if u > size {
            return format!("{}{name}", u / size);
        }
    }
    "0s".into()
}
