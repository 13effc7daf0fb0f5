//! Template functions: Go's signature for each (arity, parameter types and how arguments are
//! converted follow from it), the built-ins (`and`, `index`, `printf`, `eq`, …) and the
//! registry that adds sprig's functions under `sprig_` names.

use super::gofmt;
use super::value::{Kind, Type, Value, BOOL, INT, STRING};
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a function does with its (already converted) arguments. An `Err` is Go's returned
/// error or recovered panic; the executor reports it as `error calling <name>: <text>`.
pub type Imp = fn(&[Value]) -> Result<Value, String>;

/// A Go function signature.
#[derive(Debug, Clone)]
pub struct Sig {
    pub params: Vec<Type>,
    /// The last parameter is `...T` (`params` holds `T`).
    pub variadic: bool,
}

pub struct Func {
    pub sig: Sig,
    pub imp: Imp,
}

/// Parses a Go function type as reflect prints it: `func(string, ...interface {}) string`,
/// `func(interface {}) (string, error)`.
pub fn parse_sig(text: &str) -> Sig {
    let inner = text.strip_prefix("func(").unwrap_or(text);
    let mut depth = 0;
    let mut close = inner.len();
    for (i, c) in inner.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            ')' if depth == 0 => {
                close = i;
                break;
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    let params_text = &inner[..close];
    let mut params = Vec::new();
    let mut variadic = false;
    for p in split_top(params_text) {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if let Some(t) = p.strip_prefix("...") {
            variadic = true;
            params.push(parse_type(t));
        } else {
            params.push(parse_type(p));
        }
    }
    Sig { params, variadic }
}

fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// A Go type from its printed form (the subset signatures use).
pub fn parse_type(t: &str) -> Type {
    let t = t.trim();
    if let Some(r) = t.strip_prefix('*') {
        return Type::ptr(parse_type(r));
    }
    if let Some(r) = t.strip_prefix("[]") {
        return Type::slice(parse_type(r));
    }
    if let Some(r) = t.strip_prefix("map[") {
        if let Some((k, v)) = r.split_once(']') {
            return Type::map(parse_type(k), parse_type(v));
        }
    }
    match t {
        "interface {}" | "any" => Type::Iface,
        "error" => Type::Error,
        "reflect.Value" => Type::ReflectValue,
        "bool" => BOOL,
        "string" => STRING,
        "int" => INT,
        "int8" => Type::Basic(Kind::Int8),
        "int16" => Type::Basic(Kind::Int16),
        "int32" => Type::Basic(Kind::Int32),
        "int64" => Type::Basic(Kind::Int64),
        "uint" => Type::Basic(Kind::Uint),
        "uint8" => Type::Basic(Kind::Uint8),
        "uint32" => Type::Basic(Kind::Uint32),
        "uint64" => Type::Basic(Kind::Uint64),
        "float64" => Type::Basic(Kind::Float64),
        "float32" => Type::Basic(Kind::Float32),
        _ => match super::methods::named_type(t) {
            Some(n) => Type::Named(n),
            None => Type::Iface,
        },
    }
}

/// Every function a template can call, by name.
pub struct Funcs {
    pub map: HashMap<String, Func>,
}

pub fn funcs() -> &'static Funcs {
    static F: OnceLock<Funcs> = OnceLock::new();
    F.get_or_init(|| {
        let mut map = HashMap::new();
        for (name, sig, imp) in super::sprig::all() {
            let name = format!("sprig_{name}");
            map.insert(
                name.clone(),
                Func {
                    sig: parse_sig(sig),
                    imp,
                },
            );
        }
        Funcs { map }
    })
}

/// Go's built-in template functions.
pub fn builtins() -> &'static HashMap<&'static str, Func> {
    static B: OnceLock<HashMap<&'static str, Func>> = OnceLock::new();
    B.get_or_init(|| {
        let list: &[(&'static str, &str, Imp)] = &[
            (
                "and",
                "func(reflect.Value, ...reflect.Value) reflect.Value",
                unreachable_imp,
            ),
            (
                "or",
                "func(reflect.Value, ...reflect.Value) reflect.Value",
                unreachable_imp,
            ),
            (
                "call",
                "func(reflect.Value, ...reflect.Value) reflect.Value",
                unreachable_imp,
            ),
            ("not", "func(reflect.Value) bool", not),
            ("len", "func(reflect.Value) (int, error)", length),
            (
                "index",
                "func(reflect.Value, ...reflect.Value) (reflect.Value, error)",
                index,
            ),
            (
                "slice",
                "func(reflect.Value, ...reflect.Value) (reflect.Value, error)",
                slice,
            ),
            ("print", "func(...interface {}) string", |a| {
                Ok(Value::string(gofmt::sprint(a)))
            }),
            ("println", "func(...interface {}) string", |a| {
                Ok(Value::string(gofmt::sprintln(a)))
            }),
            ("printf", "func(string, ...interface {}) string", printf),
            ("html", "func(...interface {}) string", |a| {
                Ok(Value::string(html_escape(&eval_args(a))))
            }),
            ("js", "func(...interface {}) string", |a| {
                Ok(Value::string(js_escape(&eval_args(a))))
            }),
            ("urlquery", "func(...interface {}) string", |a| {
                Ok(Value::string(query_escape(&eval_args(a))))
            }),
            (
                "eq",
                "func(reflect.Value, ...reflect.Value) (bool, error)",
                eq,
            ),
            ("ne", "func(reflect.Value, reflect.Value) (bool, error)", ne),
            ("lt", "func(reflect.Value, reflect.Value) (bool, error)", lt),
            ("le", "func(reflect.Value, reflect.Value) (bool, error)", le),
            ("gt", "func(reflect.Value, reflect.Value) (bool, error)", gt),
            ("ge", "func(reflect.Value, reflect.Value) (bool, error)", ge),
        ];
        list.iter()
            .map(|(name, sig, imp)| {
                (
                    *name,
                    Func {
                        sig: parse_sig(sig),
                        imp: *imp,
                    },
                )
            })
            .collect()
    })
}

/// A function by name: the sprig set first (Go looks at the template's own functions before
/// the built-ins), with whether it is a built-in.
pub fn find(name: &str) -> Option<(&'static Func, bool)> {
    if let Some(f) = funcs().map.get(name) {
        return Some((f, false));
    }
    builtins().get(name).map(|f| (f, true))
}

fn unreachable_imp(_: &[Value]) -> Result<Value, String> {
    Err("unreachable".into())
}

/// Go's `isTrue`: (truth, whether the value has a truth at all).
pub fn is_true(v: &Value) -> (bool, bool) {
    match v {
        Value::Invalid => (false, true),
        Value::Nil(_) => (false, true),
        Value::Bool(b, _) => (*b, true),
        Value::Int(i, _) => (*i != 0, true),
        Value::Uint(u, _) => (*u != 0, true),
        Value::Float(f, _) => (*f != 0.0, true),
        Value::Complex(re, im, _) => (*re != 0.0 || *im != 0.0, true),
        Value::Str(s, _) => (!s.is_empty(), true),
        Value::Slice(l, _) => (!l.is_empty(), true),
        Value::Map(m, _) => (!m.borrow().is_empty(), true),
        Value::Struct(..) | Value::Time(_) => (true, true),
        Value::Ptr(..) => (true, true),
    }
}

/// `truth`: `isTrue` of the unpacked value.
pub fn truth(v: &Value) -> bool {
    is_true(&v.clone().indirect_interface()).0
}

fn not(a: &[Value]) -> Result<Value, String> {
    Ok(Value::bool(!truth(&a[0])))
}

fn length(a: &[Value]) -> Result<Value, String> {
    let (item, is_nil) = a[0].indirect();
    if is_nil {
        return Err("len of nil pointer".into());
    }
    match item.len() {
        Some(n) => Ok(Value::int(n as i64)),
        None => Err(format!("len of type {}", type_or_nil(&item))),
    }
}

/// reflect's `Type.String()` of a value, `<nil>` for no value (as `%s` of a nil Type prints).
fn type_or_nil(v: &Value) -> String {
    if v.is_valid() {
        v.ty().to_string()
    } else {
        "<nil>".into()
    }
}

fn index_arg(index: &Value, cap: usize) -> Result<usize, String> {
    let x: i64 = match index {
        Value::Int(i, _) => *i,
        Value::Uint(u, _) => *u as i64,
        Value::Invalid => return Err("cannot index slice/array with nil".into()),
        other => return Err(format!("cannot index slice/array with type {}", other.ty())),
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

/// `prepareArg` for a map key.
fn prepare_key(v: &Value, key_ty: &Type) -> Result<std::rc::Rc<str>, String> {
    let v = if !v.is_valid() {
        if !key_ty.can_be_nil() {
            return Err(format!("value is nil; should be of type {key_ty}"));
        }
        Value::Nil(key_ty.clone())
    } else {
        v.clone()
    };
    match &v {
        Value::Str(s, t) if t.assignable_to(key_ty) => Ok(s.clone()),
        _ => Err(format!("value has type {}; should be {}", v.ty(), key_ty)),
    }
}

fn index(a: &[Value]) -> Result<Value, String> {
    let mut item = a[0].clone().indirect_interface();
    if !item.is_valid() {
        return Err("index of untyped nil".into());
    }
    for idx in &a[1..] {
        let idx = idx.clone().indirect_interface();
        let (it, is_nil) = item.indirect();
        if is_nil {
            return Err("index of nil pointer".into());
        }
        item = match it.kind() {
            Kind::Slice | Kind::String => {
                let n = it.len().unwrap_or(0);
                let x = index_arg(&idx, n)?;
                match &it {
                    Value::Str(s, _) => {
                        let b = s.as_bytes().get(x).copied();
                        match b {
                            Some(b) => Value::Uint(b as u64, Type::Basic(Kind::Uint8)),
                            None => return Err("reflect: string index out of range".into()),
                        }
                    }
                    _ => match it.items().and_then(|l| l.get(x).cloned()) {
                        Some(v) => v,
                        None => return Err("reflect: slice index out of range".into()),
                    },
                }
            }
            Kind::Map => {
                let key = prepare_key(&idx, &it.ty().key())?;
                let found = match &it {
                    Value::Map(m, _) => m.borrow().get(&key).cloned(),
                    _ => None,
                };
                found.unwrap_or_else(|| Value::zero(&it.ty().elem()))
            }
            _ => return Err(format!("can't index item of type {}", it.ty())),
        };
    }
    Ok(item)
}

fn slice(a: &[Value]) -> Result<Value, String> {
    let item = a[0].clone().indirect_interface();
    if !item.is_valid() {
        return Err("slice of untyped nil".into());
    }
    let (item, is_nil) = item.indirect();
    if is_nil {
        return Err("slice of nil pointer".into());
    }
    let idxs = &a[1..];
    if idxs.len() > 3 {
        return Err(format!("too many slice indexes: {}", idxs.len()));
    }
    let cap = match item.kind() {
        Kind::String => {
            if idxs.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            item.len().unwrap_or(0)
        }
        Kind::Slice => item.len().unwrap_or(0),
        _ => return Err(format!("can't slice item of type {}", item.ty())),
    };
    let mut idx = [0usize, item.len().unwrap_or(0), 0];
    for (i, x) in idxs.iter().enumerate() {
        idx[i] = index_arg(x, cap)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if idxs.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    match &item {
        Value::Str(s, t) => {
            let b = &s.as_bytes()[idx[0]..idx[1]];
            Ok(Value::Str(
                std::rc::Rc::from(String::from_utf8_lossy(b).as_ref()),
                t.clone(),
            ))
        }
        _ => {
            let items = item.items().unwrap_or_default();
            let part: Vec<Value> = items[idx[0]..idx[1]].to_vec();
            Ok(Value::Slice(std::rc::Rc::new(part), item.ty()))
        }
    }
}

fn printf(a: &[Value]) -> Result<Value, String> {
    let f = a[0].as_str().unwrap_or("");
    Ok(Value::string(gofmt::sprintf(f, &a[1..])))
}

/// `evalArgs`: one string argument as it is, anything else through `fmt.Sprint`.
fn eval_args(a: &[Value]) -> String {
    if a.len() == 1 {
        if let Value::Str(s, t) = &a[0] {
            if *t == STRING {
                return s.to_string();
            }
        }
    }
    let printable: Vec<Value> = a
        .iter()
        .map(|v| match v {
            Value::Ptr(..) => v.indirect().0,
            other => other.clone(),
        })
        .collect();
    gofmt::sprint(&printable)
}

/// `template.HTMLEscapeString`.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{fffd}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// `template.JSEscapeString`.
pub fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u00{:02X}", c as u32)),
            c if c.is_ascii() => out.push(c),
            c if super::unicode::is_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

/// `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// comparisons

#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum BasicKind {
    Invalid,
    Bool,
    Complex,
    Int,
    Float,
    String,
    Uint,
}

fn basic_kind(v: &Value) -> BasicKind {
    match v.kind() {
        Kind::Bool => BasicKind::Bool,
        k if k.is_int() => BasicKind::Int,
        k if k.is_uint() => BasicKind::Uint,
        k if k.is_float() => BasicKind::Float,
        k if k.is_complex() => BasicKind::Complex,
        Kind::String => BasicKind::String,
        _ => BasicKind::Invalid,
    }
}

fn as_i(v: &Value) -> i64 {
    match v {
        Value::Int(i, _) => *i,
        _ => 0,
    }
}
fn as_u(v: &Value) -> u64 {
    match v {
        Value::Uint(u, _) => *u,
        _ => 0,
    }
}
fn as_f(v: &Value) -> f64 {
    match v {
        Value::Float(f, _) => *f,
        _ => 0.0,
    }
}
fn as_s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn is_nil_value(v: &Value) -> bool {
    matches!(v, Value::Invalid | Value::Nil(_))
}

/// Go's `==` on two values of one non-basic kind (pointers by address, structs by fields).
fn same_value(a: &Value, b: &Value) -> Result<bool, String> {
    Ok(match (a, b) {
        (Value::Ptr(x, _), Value::Ptr(y, _)) => std::rc::Rc::ptr_eq(x, y),
        (Value::Struct(x, _), Value::Struct(y, _)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !equal_any(p, q)? {
                    return Ok(false);
                }
            }
            true
        }
        (Value::Time(x), Value::Time(y)) => x == y,
        _ => false,
    })
}

/// Interface comparison: same dynamic type and equal values.
fn equal_any(a: &Value, b: &Value) -> Result<bool, String> {
    if a.ty() != b.ty() {
        return Ok(false);
    }
    Ok(match (a, b) {
        (Value::Bool(x, _), Value::Bool(y, _)) => x == y,
        (Value::Int(x, _), Value::Int(y, _)) => x == y,
        (Value::Uint(x, _), Value::Uint(y, _)) => x == y,
        (Value::Float(x, _), Value::Float(y, _)) => x == y,
        (Value::Complex(a1, b1, _), Value::Complex(a2, b2, _)) => a1 == a2 && b1 == b2,
        (Value::Str(x, _), Value::Str(y, _)) => x == y,
        (Value::Nil(_), Value::Nil(_)) => true,
        (Value::Slice(..), _) | (Value::Map(..), _) => {
            return Err(format!("comparing uncomparable type {}", a.ty()))
        }
        _ => same_value(a, b)?,
    })
}

fn comparable(t: &Type) -> bool {
    match t.kind() {
        Kind::Slice | Kind::Map | Kind::Func => false,
        Kind::Struct => t.fields().iter().all(|f| comparable(&f.ty)),
        _ => true,
    }
}

fn eq(a: &[Value]) -> Result<Value, String> {
    let arg1 = a[0].clone().indirect_interface();
    if a.len() < 2 {
        return Err("missing argument for comparison".into());
    }
    let k1 = basic_kind(&arg1);
    for arg in &a[1..] {
        let arg = arg.clone().indirect_interface();
        let k2 = basic_kind(&arg);
        let truth = if k1 != k2 {
            match (k1, k2) {
                (BasicKind::Int, BasicKind::Uint) => {
                    as_i(&arg1) >= 0 && as_i(&arg1) as u64 == as_u(&arg)
                }
                (BasicKind::Uint, BasicKind::Int) => {
                    as_i(&arg) >= 0 && as_u(&arg1) == as_i(&arg) as u64
                }
                _ => {
                    if arg1.is_valid() && arg.is_valid() {
                        return Err(format!(
                            "incompatible types for comparison: {} and {}",
                            arg1.ty(),
                            arg.ty()
                        ));
                    }
                    false
                }
            }
        } else {
            match k1 {
                BasicKind::Bool => truth_bool(&arg1) == truth_bool(&arg),
                BasicKind::Complex => match (&arg1, &arg) {
                    (Value::Complex(a1, b1, _), Value::Complex(a2, b2, _)) => a1 == a2 && b1 == b2,
                    _ => false,
                },
                BasicKind::Float => as_f(&arg1) == as_f(&arg),
                BasicKind::Int => as_i(&arg1) == as_i(&arg),
                BasicKind::String => as_s(&arg1) == as_s(&arg),
                BasicKind::Uint => as_u(&arg1) == as_u(&arg),
                BasicKind::Invalid => {
                    let can_compare =
                        arg1.kind() == arg.kind() || !arg1.is_valid() || !arg.is_valid();
                    if !can_compare {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            gofmt::sprint_v(&arg1),
                            arg1.ty(),
                            arg.ty(),
                            gofmt::sprint_v(&arg)
                        ));
                    }
                    if is_nil_value(&arg1) || is_nil_value(&arg) {
                        is_nil_value(&arg) == is_nil_value(&arg1)
                    } else {
                        if !comparable(&arg.ty()) {
                            return Err(format!(
                                "non-comparable type {}: {}",
                                gofmt::sprint_v(&arg),
                                arg.ty()
                            ));
                        }
                        equal_any(&arg1, &arg)?
                    }
                }
            }
        };
        if truth {
            return Ok(Value::bool(true));
        }
    }
    Ok(Value::bool(false))
}

fn truth_bool(v: &Value) -> bool {
    matches!(v, Value::Bool(true, _))
}

fn ne(a: &[Value]) -> Result<Value, String> {
    let e = eq(a)?;
    Ok(Value::bool(!truth_bool(&e)))
}

fn less(a1: &Value, a2: &Value) -> Result<bool, String> {
    let arg1 = a1.clone().indirect_interface();
    let k1 = basic_kind(&arg1);
    if k1 == BasicKind::Invalid {
        return Err("invalid type for comparison".into());
    }
    let arg2 = a2.clone().indirect_interface();
    let k2 = basic_kind(&arg2);
    if k2 == BasicKind::Invalid {
        return Err("invalid type for comparison".into());
    }
    if k1 != k2 {
        return match (k1, k2) {
            (BasicKind::Int, BasicKind::Uint) => {
                Ok(as_i(&arg1) < 0 || (as_i(&arg1) as u64) < as_u(&arg2))
            }
            (BasicKind::Uint, BasicKind::Int) => {
                Ok(as_i(&arg2) >= 0 && as_u(&arg1) < as_i(&arg2) as u64)
            }
            _ => Err(format!(
                "incompatible types for comparison: {} and {}",
                arg1.ty(),
                arg2.ty()
            )),
        };
    }
    Ok(match k1 {
        BasicKind::Bool | BasicKind::Complex => return Err("invalid type for comparison".into()),
        BasicKind::Float => as_f(&arg1) < as_f(&arg2),
        BasicKind::Int => as_i(&arg1) < as_i(&arg2),
        BasicKind::String => as_s(&arg1) < as_s(&arg2),
        BasicKind::Uint => as_u(&arg1) < as_u(&arg2),
        BasicKind::Invalid => false,
    })
}

fn lt(a: &[Value]) -> Result<Value, String> {
    Ok(Value::bool(less(&a[0], &a[1])?))
}

fn le(a: &[Value]) -> Result<Value, String> {
    if less(&a[0], &a[1])? {
        return Ok(Value::bool(true));
    }
    eq(a)
}

fn gt(a: &[Value]) -> Result<Value, String> {
    let le = le(a)?;
    Ok(Value::bool(!truth_bool(&le)))
}

fn ge(a: &[Value]) -> Result<Value, String> {
    Ok(Value::bool(!less(&a[0], &a[1])?))
}
