//! sprig v3.3.0's functions, as Nomad registers them (`sprig.FuncMap()`, every name prefixed
//! with `sprig_`): each with Go's signature (which decides argument conversion and arity
//! errors), results of Go's types and Go's panics as errors.

mod bcrypt;
mod certs;
pub mod crypto;
mod dates;
mod defaults;
mod dicts;
pub mod encoding;
mod json;

/// Go's `json.Unmarshal` error for `text` (its syntax errors in Go's words), if any.
pub(crate) fn go_json_error(text: &str) -> Option<String> {
    json::unmarshal(text).err()
}
mod lists;
mod numeric;
mod regex;
pub mod semver;
mod strings;
mod system;

use super::funcs::Imp;
use super::gofmt;
use super::value::{Kind, Value};

/// (name, Go signature, implementation) of every sprig function.
pub fn all() -> Vec<(&'static str, &'static str, Imp)> {
    let mut v = Vec::new();
    v.extend(strings::funcs());
    v.extend(numeric::funcs());
    v.extend(defaults::funcs());
    v.extend(lists::funcs());
    v.extend(dicts::funcs());
    v.extend(dates::funcs());
    v.extend(regex::funcs());
    v.extend(system::funcs());
    v.extend(semver::funcs());
    v.extend(crypto::funcs());
    v.extend(bcrypt::funcs());
    v.extend(certs::funcs());
    v.extend(encoding::funcs());
    v
}

/// The string argument `i` (signatures guarantee its type).
pub fn str_arg(a: &[Value], i: usize) -> &str {
    a.get(i).and_then(Value::as_str).unwrap_or("")
}

/// The `int` argument `i` (signatures guarantee its type).
pub fn int_arg(a: &[Value], i: usize) -> i64 {
    match a.get(i) {
        Some(Value::Int(n, _)) => *n,
        Some(Value::Uint(n, _)) => *n as i64,
        _ => 0,
    }
}

/// The `interface {}` argument `i`; Go's nil interface is [`Value::Invalid`].
pub fn any_arg(a: &[Value], i: usize) -> Value {
    a.get(i)
        .cloned()
        .unwrap_or(Value::Invalid)
        .indirect_interface()
}

/// The panic Go raises on `reflect.TypeOf(nil).Kind()` (a method call on a nil Type).
pub const NIL_DEREF: &str = "runtime error: invalid memory address or nil pointer dereference";

/// `reflect.TypeOf(v).Kind()`, with Go's panic for a nil interface.
pub fn kind_of(v: &Value) -> Result<Kind, String> {
    if v.is_valid() {
        Ok(v.kind())
    } else {
        Err(NIL_DEREF.into())
    }
}

/// reflect's `Kind.String()` (`ptr`, `slice`, `invalid`).
pub fn kind_name(k: Kind) -> &'static str {
    k.name()
}

/// sprig's `strval`: strings as they are, `String()`/`Error()` when the value has one,
/// anything else through `fmt.Sprintf("%v")`.
pub fn strval(v: &Value) -> String {
    match v {
        Value::Str(s, _) if v.kind() == Kind::String && !has_stringer(v) => s.to_string(),
        Value::Slice(items, t) if t.elem().kind() == Kind::Uint8 && !has_stringer(v) => {
            let bytes: Vec<u8> = items
                .iter()
                .map(|b| match b {
                    Value::Uint(u, _) => *u as u8,
                    _ => 0,
                })
                .collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => gofmt::sprint_v(v),
    }
}

fn has_stringer(v: &Value) -> bool {
    super::methods::stringer(v).is_some()
}

/// The elements of a slice or array as interface values, or Go's `Cannot <what> on type
/// <kind>` error (and the nil-interface panic) for anything else.
pub fn list_items(v: &Value, what: &str) -> Result<Vec<Value>, String> {
    let k = kind_of(v)?;
    match k {
        Kind::Slice => Ok(v.items().map(|l| l.to_vec()).unwrap_or_default()),
        _ => Err(format!("{what} {}", kind_name(k))),
    }
}

/// sprig's `empty`.
pub fn empty(v: &Value) -> bool {
    match v {
        Value::Invalid => true,
        Value::Nil(_) => true,
        Value::Bool(b, _) => !b,
        Value::Int(i, _) => *i == 0,
        Value::Uint(u, _) => *u == 0,
        Value::Float(f, _) => *f == 0.0,
        Value::Complex(re, im, _) => *re == 0.0 && *im == 0.0,
        Value::Str(s, _) => s.is_empty(),
        Value::Slice(l, _) => l.is_empty(),
        Value::Map(m, _) => m.borrow().is_empty(),
        Value::Struct(..) | Value::Time(_) => false,
        Value::Ptr(..) => false,
    }
}

/// `reflect.DeepEqual` of two interface values.
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    if !a.is_valid() || !b.is_valid() {
        return !a.is_valid() && !b.is_valid();
    }
    if a.ty() != b.ty() {
        return false;
    }
    match (a, b) {
        (Value::Nil(_), Value::Nil(_)) => true,
        (Value::Nil(_), _) | (_, Value::Nil(_)) => false,
        (Value::Bool(x, _), Value::Bool(y, _)) => x == y,
        (Value::Int(x, _), Value::Int(y, _)) => x == y,
        (Value::Uint(x, _), Value::Uint(y, _)) => x == y,
        (Value::Float(x, _), Value::Float(y, _)) => x == y,
        (Value::Complex(a1, b1, _), Value::Complex(a2, b2, _)) => a1 == a2 && b1 == b2,
        (Value::Str(x, _), Value::Str(y, _)) => x == y,
        (Value::Slice(x, _), Value::Slice(y, _)) | (Value::Struct(x, _), Value::Struct(y, _)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Map(x, _), Value::Map(y, _)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (Value::Ptr(x, _), Value::Ptr(y, _)) => deep_equal(x, y),
        (Value::Time(x), Value::Time(y)) => x == y,
        _ => false,
    }
}

/// Go's panic text for slicing `s[lo:hi]` out of range (`slice bounds out of range [:5] with
/// length 3`), checking the bounds in Go's order; `what` is `length` for strings and
/// `capacity` for slices.
pub fn check_slice(
    lo: i64,
    hi: Option<i64>,
    len: usize,
    what: &str,
) -> Result<(usize, usize), String> {
    let len = len as i64;
    let hi_v = hi.unwrap_or(len);
    if let Some(h) = hi {
        if h < 0 || h > len {
            return Err(if h < 0 {
                format!("runtime error: slice bounds out of range [:{h}]")
            } else {
                format!("runtime error: slice bounds out of range [:{h}] with {what} {len}")
            });
        }
    }
    if lo < 0 {
        return Err(format!("runtime error: slice bounds out of range [{lo}:]"));
    }
    if lo > hi_v {
        return Err(format!(
            "runtime error: slice bounds out of range [{lo}:{hi_v}]"
        ));
    }
    Ok((lo as usize, hi_v as usize))
}

/// A string from bytes Go would keep as they are (a byte slice may cut a character; Rust
/// strings cannot hold that, so the cut character becomes U+FFFD).
pub fn bytes_str(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
