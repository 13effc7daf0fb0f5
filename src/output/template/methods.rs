//! Methods templates can reach on Go values: `String()` (which `fmt` uses to print), and the
//! methods of `time.Time`, `time.Duration` and sprig's `*semver.Version` that templates call
//! as fields (`{{(sprig_now).Unix}}`, `{{(sprig_semver "1.2.3").Major}}`). Nomad's api
//! structs' own methods are not offered (README: differences).

use super::funcs::{parse_sig, Func, Imp};
use super::gotime::{self, Loc, Time};
use super::value::{go_types, Named, Type, Value};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

/// Named types that function signatures mention.
pub fn named_type(name: &str) -> Option<&'static Named> {
    let g = go_types();
    Some(match name {
        "time.Time" => g.time,
        "time.Duration" => g.duration,
        "time.Month" => g.month,
        "time.Weekday" => g.weekday,
        "time.Location" => g.location,
        "semver.Version" => super::sprig::semver::version_type(),
        "sprig.certificate" => super::sprig::crypto::certificate_type(),
        _ => return None,
    })
}

struct MethodSet {
    /// (method name, receiver is a pointer) → function taking the receiver first.
    by_type: HashMap<&'static str, HashMap<&'static str, (bool, Func)>>,
}

fn method_sets() -> &'static MethodSet {
    static M: OnceLock<MethodSet> = OnceLock::new();
    M.get_or_init(|| {
        let mut by_type: HashMap<&'static str, HashMap<&'static str, (bool, Func)>> =
            HashMap::new();
        let mut add = |ty: &'static str, name: &'static str, ptr: bool, sig: &str, imp: Imp| {
            by_type.entry(ty).or_default().insert(
                name,
                (
                    ptr,
                    Func {
                        sig: parse_sig(sig),
                        imp,
                    },
                ),
            );
        };
        // time.Time
        add("time.Time", "String", false, "func() string", |a| {
            Ok(Value::string(time_of(a).string()))
        });
        add("time.Time", "Format", false, "func(string) string", |a| {
            Ok(Value::string(
                time_of(a).format(a[1].as_str().unwrap_or("")),
            ))
        });
        add("time.Time", "Unix", false, "func() int64", |a| {
            Ok(Value::int64(time_of(a).unix))
        });
        add("time.Time", "UnixMilli", false, "func() int64", |a| {
            let t = time_of(a);
            Ok(Value::int64(t.unix * 1000 + t.nsec as i64 / 1_000_000))
        });
        add("time.Time", "UnixMicro", false, "func() int64", |a| {
            let t = time_of(a);
            Ok(Value::int64(t.unix * 1_000_000 + t.nsec as i64 / 1000))
        });
        add("time.Time", "UnixNano", false, "func() int64", |a| {
            Ok(Value::int64(time_of(a).unix_nano()))
        });
        add("time.Time", "Year", false, "func() int", |a| {
            Ok(Value::int(time_of(a).civil().year))
        });
        add("time.Time", "Month", false, "func() time.Month", |a| {
            Ok(Value::Int(
                time_of(a).civil().month as i64,
                Type::Named(go_types().month),
            ))
        });
        add("time.Time", "Day", false, "func() int", |a| {
            Ok(Value::int(time_of(a).civil().day as i64))
        });
        add("time.Time", "Hour", false, "func() int", |a| {
            Ok(Value::int(time_of(a).civil().hour as i64))
        });
        add("time.Time", "Minute", false, "func() int", |a| {
            Ok(Value::int(time_of(a).civil().min as i64))
        });
        add("time.Time", "Second", false, "func() int", |a| {
            Ok(Value::int(time_of(a).civil().sec as i64))
        });
        add("time.Time", "Nanosecond", false, "func() int", |a| {
            Ok(Value::int(time_of(a).nsec as i64))
        });
        add("time.Time", "YearDay", false, "func() int", |a| {
            Ok(Value::int(time_of(a).civil().yday as i64))
        });
        add("time.Time", "Weekday", false, "func() time.Weekday", |a| {
            Ok(Value::Int(
                time_of(a).civil().weekday as i64,
                Type::Named(go_types().weekday),
            ))
        });
        add("time.Time", "IsZero", false, "func() bool", |a| {
            Ok(Value::bool(time_of(a).is_zero()))
        });
        add("time.Time", "UTC", false, "func() time.Time", |a| {
            Ok(time_value(time_of(a).with_loc(Loc::Utc)))
        });
        add("time.Time", "Local", false, "func() time.Time", |a| {
            Ok(time_value(time_of(a).with_loc(Loc::Local)))
        });
        add(
            "time.Time",
            "Add",
            false,
            "func(time.Duration) time.Time",
            |a| Ok(time_value(time_of(a).add_nanos(int_of(&a[1])))),
        );
        add(
            "time.Time",
            "Sub",
            false,
            "func(time.Time) time.Duration",
            |a| {
                let u = match &a[1] {
                    Value::Time(t) => (**t).clone(),
                    _ => Time::zero(),
                };
                Ok(duration(time_of(a).sub(&u)))
            },
        );
        add("time.Time", "Before", false, "func(time.Time) bool", |a| {
            Ok(Value::bool(compare_times(a) == std::cmp::Ordering::Less))
        });
        add("time.Time", "After", false, "func(time.Time) bool", |a| {
            Ok(Value::bool(compare_times(a) == std::cmp::Ordering::Greater))
        });
        add("time.Time", "Equal", false, "func(time.Time) bool", |a| {
            Ok(Value::bool(compare_times(a) == std::cmp::Ordering::Equal))
        });
        add(
            "time.Time",
            "AddDate",
            false,
            "func(int, int, int) time.Time",
            |a| {
                let t = time_of(a);
                let c = t.civil();
                let (y, m, d) = (int_of(&a[1]), int_of(&a[2]), int_of(&a[3]));
                let secs_in_day = (t.unix + t.zone().1 as i64).rem_euclid(86_400);
                Ok(time_value(Time::date(
                    c.year + y,
                    c.month as i64 + m,
                    c.day as i64 + d,
                    secs_in_day / 3600,
                    secs_in_day / 60 % 60,
                    secs_in_day % 60,
                    t.nsec as i64,
                    t.loc.clone(),
                )))
            },
        );
        add(
            "time.Time",
            "Location",
            false,
            "func() *time.Location",
            |a| {
                let name = time_of(a).loc.name();
                let loc = Value::Struct(
                    Rc::new(vec![Value::string(name), Value::nil(), Value::nil()]),
                    Type::Named(go_types().location),
                );
                Ok(Value::Ptr(
                    Rc::new(loc),
                    Type::ptr(Type::Named(go_types().location)),
                ))
            },
        );
        add("time.Location", "String", true, "func() string", |a| {
            Ok(recv(a).field("name").unwrap_or_else(|| Value::str("")))
        });
        // time.Duration
        add("time.Duration", "String", false, "func() string", |a| {
            Ok(Value::string(gotime::duration_string(int_of(&a[0]))))
        });
        add("time.Duration", "Hours", false, "func() float64", |a| {
            Ok(Value::float(dur_f(a, 3.6e12)))
        });
        add("time.Duration", "Minutes", false, "func() float64", |a| {
            Ok(Value::float(dur_f(a, 6e10)))
        });
        add("time.Duration", "Seconds", false, "func() float64", |a| {
            Ok(Value::float(dur_f(a, 1e9)))
        });
        add(
            "time.Duration",
            "Milliseconds",
            false,
            "func() int64",
            |a| Ok(Value::int64(int_of(&recv(a)) / 1_000_000)),
        );
        add(
            "time.Duration",
            "Microseconds",
            false,
            "func() int64",
            |a| Ok(Value::int64(int_of(&recv(a)) / 1_000)),
        );
        add("time.Duration", "Nanoseconds", false, "func() int64", |a| {
            Ok(Value::int64(int_of(&recv(a))))
        });
        add("time.Duration", "Abs", false, "func() time.Duration", |a| {
            let d = int_of(&recv(a));
            Ok(duration(if d == i64::MIN { i64::MAX } else { d.abs() }))
        });
        add("time.Month", "String", false, "func() string", |a| {
            let m = int_of(&recv(a));
            Ok(Value::string(match m {
                1..=12 => gotime::LONG_MONTHS[m as usize - 1].to_string(),
                _ => format!("%!Month({m})"),
            }))
        });
        add("time.Weekday", "String", false, "func() string", |a| {
            let d = int_of(&recv(a));
            Ok(Value::string(match d {
                0..=6 => gotime::LONG_DAYS[d as usize].to_string(),
                _ => format!("%!Weekday({d})"),
            }))
        });
        super::sprig::semver::add_methods(&mut |name, ptr, sig, imp| {
            add("semver.Version", name, ptr, sig, imp)
        });
        // Nomad api types with String methods.
        add(
            "api.ReschedulePolicy",
            "String",
            true,
            "func() string",
            super::api_methods::reschedule_policy_string,
        );
        add(
            "api.DrainStrategy",
            "String",
            true,
            "func() string",
            super::api_methods::drain_strategy_string,
        );
        add(
            "api.Attribute",
            "String",
            false,
            "func() string",
            super::api_methods::attribute_string,
        );
        add(
            "api.StatValue",
            "String",
            true,
            "func() string",
            super::api_methods::stat_value_string,
        );
        add("api.Topic", "String", false, "func() string", |a| {
            Ok(Value::str(recv(a).as_str().unwrap_or("")))
        });
        MethodSet { by_type }
    })
}

fn recv(a: &[Value]) -> Value {
    match &a[0] {
        Value::Ptr(inner, _) => (**inner).clone(),
        v => v.clone(),
    }
}

fn time_of(a: &[Value]) -> Time {
    match recv(a) {
        Value::Time(t) => (*t).clone(),
        _ => Time::zero(),
    }
}

fn time_value(t: Time) -> Value {
    Value::Time(Rc::new(t))
}

fn duration(ns: i64) -> Value {
    Value::Int(ns, Type::Named(go_types().duration))
}

fn int_of(v: &Value) -> i64 {
    match v {
        Value::Int(i, _) => *i,
        Value::Uint(u, _) => *u as i64,
        Value::Ptr(p, _) => int_of(p),
        _ => 0,
    }
}

fn dur_f(a: &[Value], unit: f64) -> f64 {
    let d = int_of(&recv(a));
    let whole = d / unit as i64;
    let rest = d % unit as i64;
    whole as f64 + rest as f64 / unit
}

fn compare_times(a: &[Value]) -> std::cmp::Ordering {
    let t = time_of(a);
    let u = match &a[1] {
        Value::Time(u) => (**u).clone(),
        _ => Time::zero(),
    };
    (t.unix, t.nsec).cmp(&(u.unix, u.nsec))
}

/// The named type behind a value or a pointer to it, and whether it was a pointer.
fn named_of(v: &Value) -> Option<(&'static Named, bool)> {
    match v.ty() {
        Type::Named(n) => Some((n, false)),
        Type::Ptr(inner) => match &*inner {
            Type::Named(n) => Some((n, true)),
            _ => None,
        },
        _ => None,
    }
}

/// The method `name` callable on `recv` (already indirected; `typ` is the type before).
pub fn method(recv: &Value, typ: &Type, name: &str) -> Option<&'static Func> {
    let named = match recv.ty() {
        Type::Named(n) => n,
        _ => return None,
    };
    let set = method_sets().by_type.get(named.name.as_str())?;
    // Values reached through pointers and slices are addressable, so pointer-receiver
    // methods are callable too; rnomad treats every value so.
    let _ = typ;
    set.get(name).map(|(_, f)| f)
}

/// `fmt`'s use of `String()`: `Some(Ok(text))` when the value's method set has it,
/// `Some(Err(panic))` when calling it fails.
pub fn stringer(v: &Value) -> Option<Result<String, String>> {
    let (named, is_ptr) = named_of(v)?;
    let set = method_sets().by_type.get(named.name.as_str())?;
    let (ptr_recv, f) = set.get("String")?;
    if *ptr_recv && !is_ptr {
        return None;
    }
    // Only some String methods check for a nil receiver; the others panic.
    const NIL_SAFE: &[&str] = &["api.ReschedulePolicy", "api.StatValue"];
    if let Value::Nil(_) = v {
        if !NIL_SAFE.contains(&named.name.as_str()) {
            return Some(Err(
                "runtime error: invalid memory address or nil pointer dereference".into(),
            ));
        }
    }
    Some((f.imp)(std::slice::from_ref(v)).map(|s| s.as_str().unwrap_or("").to_string()))
}

/// A struct value whose type has a pointer-receiver `String()`.
pub fn has_pointer_stringer(v: &Value) -> bool {
    let Type::Named(n) = v.ty() else {
        return false;
    };
    method_sets()
        .by_type
        .get(n.name.as_str())
        .and_then(|s| s.get("String"))
        .is_some_and(|(ptr, _)| *ptr)
}

/// `GoString()` for `%#v`.
pub fn go_string(v: &Value) -> Option<String> {
    match v {
        Value::Time(t) => Some(t.go_string()),
        Value::Ptr(inner, _) => match &**inner {
            Value::Time(t) => Some(t.go_string()),
            _ => None,
        },
        _ => None,
    }
}
