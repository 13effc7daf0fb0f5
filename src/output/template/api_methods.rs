//! `String()` methods of Nomad api types that `fmt` calls when a template prints them
//! (`{{.ReschedulePolicy}}` prints `2 in 1h0m0s with constant delay, max_delay = 0s`).

use super::gofmt::sprint_v;
use super::strconv::format_float;
use super::value::Value;

/// The receiver behind the pointer, if any.
fn recv(a: &[Value]) -> Option<Value> {
    match &a[0] {
        Value::Ptr(inner, _) => Some((**inner).clone()),
        Value::Nil(_) => None,
        v => Some(v.clone()),
    }
}

fn field(v: &Value, name: &str) -> Value {
    v.field(name).unwrap_or(Value::Invalid)
}

/// `*p` for a pointer field; a nil one is Go's nil dereference.
fn deref(v: &Value, name: &str) -> Result<Value, String> {
    match field(v, name) {
        Value::Ptr(inner, _) => Ok((*inner).clone()),
        _ => Err("runtime error: invalid memory address or nil pointer dereference".into()),
    }
}

/// Nomad's `formatFloat(f, maxPrec)`: shortest digits cut to `max_prec` decimals.
fn nomad_float(f: f64, max_prec: usize) -> String {
    let v = format_float(f, 'f', -1, 64);
    match v.rfind('.') {
        None => v,
        Some(idx) => v[..(idx + max_prec + 1).min(v.len())].to_string(),
    }
}

pub fn reschedule_policy_string(a: &[Value]) -> Result<Value, String> {
    let Some(r) = recv(a) else {
        return Ok(Value::str(""));
    };
    let unlimited = deref(&r, "Unlimited")?;
    let s = if matches!(unlimited, Value::Bool(true, _)) {
        format!(
            "unlimited with {} delay, max_delay = {}",
            sprint_v(&deref(&r, "DelayFunction")?),
            sprint_v(&deref(&r, "MaxDelay")?)
        )
    } else {
        format!(
            "{} in {} with {} delay, max_delay = {}",
            sprint_v(&deref(&r, "Attempts")?),
            sprint_v(&deref(&r, "Interval")?),
            sprint_v(&deref(&r, "DelayFunction")?),
            sprint_v(&deref(&r, "MaxDelay")?)
        )
    };
    Ok(Value::string(s))
}

pub fn drain_strategy_string(a: &[Value]) -> Result<Value, String> {
    let Some(d) = recv(a) else {
        return Err("runtime error: invalid memory address or nil pointer dereference".into());
    };
    let deadline = sprint_v(&field(&d, "ForceDeadline"));
    let s = if matches!(field(&d, "IgnoreSystemJobs"), Value::Bool(true, _)) {
        format!("drain ignoring system jobs and deadline at {deadline}")
    } else {
        format!("drain with deadline at {deadline}")
    };
    Ok(Value::string(s))
}

fn num_text(v: &Value) -> String {
    match v {
        Value::Float(f, _) => nomad_float(*f, 3),
        other => sprint_v(other),
    }
}

pub fn attribute_string(a: &[Value]) -> Result<Value, String> {
    let Some(at) = recv(a) else {
        return Err("runtime error: invalid memory address or nil pointer dereference".into());
    };
    let unit = sprint_v(&field(&at, "Unit"));
    let with_unit = |s: String| {
        if unit.is_empty() {
            s
        } else {
            format!("{s} {unit}")
        }
    };
    let s = if let Ok(f) = deref(&at, "FloatVal") {
        with_unit(num_text(&f))
    } else if let Ok(i) = deref(&at, "IntVal") {
        with_unit(sprint_v(&i))
    } else if let Ok(s) = deref(&at, "StringVal") {
        sprint_v(&s)
    } else if let Ok(b) = deref(&at, "BoolVal") {
        sprint_v(&b)
    } else {
        "<unknown>".into()
    };
    Ok(Value::string(s))
}

pub fn stat_value_string(a: &[Value]) -> Result<Value, String> {
    let Some(v) = recv(a) else {
        return Ok(Value::str("<none>"));
    };
    let unit = sprint_v(&field(&v, "Unit"));
    let with_unit = |s: String| {
        if unit.is_empty() {
            s
        } else {
            format!("{s} {unit}")
        }
    };
    let s = if let Ok(b) = deref(&v, "BoolVal") {
        sprint_v(&b)
    } else if let Ok(s) = deref(&v, "StringVal") {
        sprint_v(&s)
    } else if let Ok(n) = deref(&v, "FloatNumeratorVal") {
        let mut s = num_text(&n);
        if let Ok(d) = deref(&v, "FloatDenominatorVal") {
            s = format!("{s} / {}", num_text(&d));
        }
        with_unit(s)
    } else if let Ok(n) = deref(&v, "IntNumeratorVal") {
        let mut s = sprint_v(&n);
        if let Ok(d) = deref(&v, "IntDenominatorVal") {
            s = format!("{s} / {}", sprint_v(&d));
        }
        with_unit(s)
    } else {
        "<unknown>".into()
    };
    Ok(Value::string(s))
}
