//! HCL's decoding of a spec into Go's `map[string]interface{}` and mapstructure's weak
//! decoding of such a map into the API object's fields (Go's `%T`/`%v` in its errors).

use serde_json::{json, Map, Value};

use crate::gocompat::hcl1::{filter, Item, Kind, Node};

/// HCL's decoding into `map[string]interface{}`: blocks become lists of maps, repeated
/// blocks append, repeated attributes replace.
pub(super) fn to_map(items: &[Item], name: &str) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let mut done = std::collections::HashSet::new();
    for item in items {
        let Some(val) = &item.val else { continue };
        let Some(k) = item.keys.first() else {
            return Err(format!("{name}: map must have string keys"));
        };
        let key = k.string_value();
        if done.contains(&key) {
            continue;
        }
        let field = format!("{name}.{key}");
        let v = if item.keys.len() > 1 {
            done.insert(key.clone());
            let sub = to_map(&filter(items, &key), &field)?;
            append(out.get(&key), Value::Object(sub))
        } else {
            match val {
                Node::Object(inner) => append(out.get(&key), Value::Object(to_map(inner, &field)?)),
                n => to_value(n, &field)?,
            }
        };
        out.insert(key, v);
    }
    Ok(out)
}

fn append(existing: Option<&Value>, v: Value) -> Value {
    let mut list = match existing {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    list.push(v);
    Value::Array(list)
}

fn to_value(n: &Node, name: &str) -> Result<Value, String> {
    Ok(match n {
        Node::Literal(t) => match t.kind {
            Kind::Bool => Value::Bool(t.text == "true"),
            Kind::Number => crate::gocompat::strconv::parse_int(&t.text)
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(t.text.clone())),
            Kind::Float => t
                .text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
            Kind::Str | Kind::Heredoc => Value::String(t.string_value()),
            _ => {
                return Err(format!(
                    "At {}: {name}: cannot decode into interface: *ast.LiteralType",
                    t.pos
                ))
            }
        },
        Node::List(l) => Value::Array(
            l.iter()
                .map(|e| match e {
                    Node::Object(inner) => to_map(inner, name).map(Value::Object),
                    e => to_value(e, name),
                })
                .collect::<Result<_, _>>()?,
        ),
        Node::Object(inner) => Value::Object(to_map(inner, name)?),
    })
}

/// Go's `%T` of a decoded value.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int",
        Value::String(_) => "string",
        Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_object) => {
            "[]map[string]interface {}"
        }
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// Go's `%v` of a decoded value.
pub(super) fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_v).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => {
            let mut kv: Vec<String> = m.iter().map(|(k, v)| format!("{k}:{}", go_v(v))).collect();
            kv.sort();
            format!("map[{}]", kv.join(" "))
        }
    }
}

/// What a struct field is, for weak decoding.
#[derive(Clone, Copy)]
pub(super) enum Ty {
    Str(&'static str),
    Int(&'static str),
    Uint(&'static str),
    Bool,
    StrMap,
}

fn weak(name: &str, ty: Ty, v: &Value) -> Result<Value, String> {
    let unconvertible = |expected: &str| {
        format!(
            "'{name}' expected type '{expected}', got unconvertible type '{}', value: '{}'",
            go_type(v),
            go_v(v)
        )
    };
    match ty {
        Ty::Str(go) => match v {
            Value::String(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(json!(if *b { "1" } else { "0" })),
            Value::Number(n) => Ok(json!(n.to_string())),
            Value::Null => Ok(json!("")),
            _ => Err(unconvertible(go)),
        },
        Ty::Int(go) => match v {
            Value::Number(n) => Ok(json!(n.as_i64().unwrap_or(n.as_f64().unwrap_or(0.0) as i64))),
            Value::Bool(b) => Ok(json!(i64::from(*b))),
            Value::String(s) if s.is_empty() => Ok(json!(0)),
            Value::String(s) => crate::gocompat::strconv::parse_int(s)
                .map(|i| json!(i))
                .map_err(|_| {
                    format!(
                        "cannot parse '{name}' as int: strconv.ParseInt: parsing {}: invalid syntax",
                        crate::gocompat::strconv::quote(s)
                    )
                }),
            Value::Null => Ok(json!(0)),
            _ => Err(unconvertible(go)),
        },
        Ty::Uint(go) => match v {
            Value::Number(n) => Ok(json!(n.as_u64().unwrap_or(n.as_f64().unwrap_or(0.0) as u64))),
            Value::Bool(b) => Ok(json!(u64::from(*b))),
            Value::String(s) if s.is_empty() => Ok(json!(0)),
            Value::String(s) => crate::gocompat::strconv::parse_uint(s)
                .map(|i| json!(i))
                .map_err(|_| {
                    format!(
                        "cannot parse '{name}' as uint: strconv.ParseUint: parsing {}: invalid syntax",
                        crate::gocompat::strconv::quote(s)
                    )
                }),
            Value::Null => Ok(json!(0)),
            _ => Err(unconvertible(go)),
        },
        Ty::Bool => match v {
            Value::Bool(_) => Ok(v.clone()),
            Value::Number(n) => Ok(json!(n.as_f64() != Some(0.0))),
            Value::String(s) if s.is_empty() => Ok(json!(false)),
            Value::String(s) => crate::gocompat::strconv::parse_bool(s)
                .map(|b| json!(b))
                .ok_or_else(|| {
                    format!(
                        "cannot parse '{name}' as bool: strconv.ParseBool: parsing {}: invalid syntax",
                        crate::gocompat::strconv::quote(s)
                    )
                }),
            Value::Null => Ok(json!(false)),
            _ => Err(unconvertible("bool")),
        },
        Ty::StrMap => {
            // A block is a list of maps, which weak decoding merges into one map (naming
            // each entry by its place in the list).
            let maps: Vec<(String, &Map<String, Value>)> = match v {
                Value::Object(m) => vec![(name.to_string(), m)],
                Value::Array(a) if a.iter().all(Value::is_object) => a
                    .iter()
                    .filter_map(Value::as_object)
                    .enumerate()
                    .map(|(i, m)| (format!("{name}[{i}]"), m))
                    .collect(),
                Value::Null => Vec::new(),
                _ => return Err(format!("'{name}' expected a map, got '{}'", go_kind(v))),
            };
            let mut out = Map::new();
            for (at, m) in maps {
                for (k, x) in m {
                    let s = weak(&format!("{at}[{k}]"), Ty::Str("string"), x)?;
                    out.insert(k.clone(), s);
                }
            }
            Ok(Value::Object(out))
        }
    }
}

/// Go's `reflect.Kind` name of a decoded value.
fn go_kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "slice",
        Value::Object(_) => "map",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int",
        Value::Null => "invalid",
    }
}

/// mapstructure's `WeakDecode` of `m` into the fields `fields` (mapstructure name, Go field,
/// kind): the exact name first, else one equal but for case.
pub(super) fn weak_decode(
    m: &Map<String, Value>,
    fields: &[(&str, &str, Ty)],
) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let mut errors = Vec::new();
    for (name, field, ty) in fields {
        let v = m.get(*name).or_else(|| {
            m.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        });
        let Some(v) = v else { continue };
        match weak(name, *ty, v) {
            Ok(x) => {
                out.insert(field.to_string(), x);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        return Ok(out);
    }
    errors.sort();
    let points: Vec<String> = errors.iter().map(|e| format!("* {e}")).collect();
    Err(format!(
        "{} error(s) decoding:\n\n{}",
        errors.len(),
        points.join("\n")
    ))
}
