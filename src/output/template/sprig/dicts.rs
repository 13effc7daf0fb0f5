//! sprig's dictionary functions over `map[string]interface {}`. `set`, `unset` and `merge`
//! change the map they are given, as in Go. Go iterates maps in random order; `keys`,
//! `values` and `pluck` here go in key order, one of the orders Go may produce.

use super::super::funcs::Imp;
use super::super::value::{Kind, MapRef, Value};
use super::{str_arg, strval};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The map argument `i` (a nil map has no entries and cannot be written).
fn map_arg(a: &[Value], i: usize) -> Option<MapRef> {
    match a.get(i) {
        Some(Value::Map(m, _)) => Some(m.clone()),
        _ => None,
    }
}

fn get_key(a: &[Value], i: usize, k: &str) -> Option<Value> {
    map_arg(a, i).and_then(|m| m.borrow().get(k).cloned())
}

/// Writing to a nil map panics in Go.
const NIL_MAP: &str = "assignment to entry in nil map";

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        (
            "dict",
            "func(...interface {}) map[string]interface {}",
            |a| {
                let mut m = BTreeMap::new();
                let mut i = 0;
                while i < a.len() {
                    let k = strval(&a[i].clone().indirect_interface());
                    let v = match a.get(i + 1) {
                        Some(Value::Invalid) => Value::nil(),
                        Some(v) => v.clone(),
                        None => Value::str(""),
                    };
                    m.insert(Rc::from(k.as_str()), v);
                    i += 2;
                }
                Ok(Value::dict(m))
            },
        ),
        (
            "get",
            "func(map[string]interface {}, string) interface {}",
            |a| Ok(get_key(a, 0, str_arg(a, 1)).unwrap_or_else(|| Value::str(""))),
        ),
        (
            "set",
            "func(map[string]interface {}, string, interface {}) map[string]interface {}",
            |a| {
                let m = map_arg(a, 0).ok_or(NIL_MAP)?;
                let v = match &a[2] {
                    Value::Invalid => Value::nil(),
                    v => v.clone(),
                };
                m.borrow_mut().insert(Rc::from(str_arg(a, 1)), v);
                Ok(a[0].clone())
            },
        ),
        (
            "unset",
            "func(map[string]interface {}, string) map[string]interface {}",
            |a| {
                if let Some(m) = map_arg(a, 0) {
                    m.borrow_mut().remove(str_arg(a, 1));
                }
                Ok(a[0].clone())
            },
        ),
        (
            "hasKey",
            "func(map[string]interface {}, string) bool",
            |a| Ok(Value::bool(get_key(a, 0, str_arg(a, 1)).is_some())),
        ),
        (
            "pluck",
            "func(string, ...map[string]interface {}) []interface {}",
            |a| {
                let k = str_arg(a, 0);
                Ok(Value::list(
                    (1..a.len()).filter_map(|i| get_key(a, i, k)).collect(),
                ))
            },
        ),
        ("keys", "func(...map[string]interface {}) []string", |a| {
            let mut out = Vec::new();
            for i in 0..a.len() {
                if let Some(m) = map_arg(a, i) {
                    out.extend(m.borrow().keys().map(|k| k.to_string()));
                }
            }
            Ok(Value::strings(out))
        }),
        (
            "pick",
            "func(map[string]interface {}, ...string) map[string]interface {}",
            |a| {
                let mut out = BTreeMap::new();
                for i in 1..a.len() {
                    let k = str_arg(a, i);
                    if let Some(v) = get_key(a, 0, k) {
                        out.insert(Rc::from(k), v);
                    }
                }
                Ok(Value::dict(out))
            },
        ),
        (
            "omit",
            "func(map[string]interface {}, ...string) map[string]interface {}",
            |a| {
                let drop: Vec<&str> = (1..a.len()).map(|i| str_arg(a, i)).collect();
                let out = map_arg(a, 0)
                    .map(|m| {
                        m.borrow()
                            .iter()
                            .filter(|(k, _)| !drop.contains(&k.as_ref()))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(Value::dict(out))
            },
        ),
        (
            "merge",
            "func(map[string]interface {}, ...map[string]interface {}) interface {}",
            |a| merge(a, false),
        ),
        (
            "mustMerge",
            "func(map[string]interface {}, ...map[string]interface {}) (interface {}, error)",
            |a| merge(a, false),
        ),
        (
            "mergeOverwrite",
            "func(map[string]interface {}, ...map[string]interface {}) interface {}",
            |a| merge(a, true),
        ),
        (
            "mustMergeOverwrite",
            "func(map[string]interface {}, ...map[string]interface {}) (interface {}, error)",
            |a| merge(a, true),
        ),
        (
            "values",
            "func(map[string]interface {}) []interface {}",
            |a| {
                Ok(Value::list(
                    map_arg(a, 0)
                        .map(|m| m.borrow().values().cloned().collect())
                        .unwrap_or_default(),
                ))
            },
        ),
        ("dig", "func(...interface {}) (interface {}, error)", dig),
    ]
}

/// mergo v1.0.2's `Merge` (`overwrite`: `MergeWithOverwrite`) of each source into the first
/// map, in place. Without overwrite a key takes the source's value when the destination
/// lacks it or holds an empty value; with overwrite every source key is written. Nested maps
/// that are not empty on both sides merge deeply instead; nil source values are skipped
/// (written as nil when overwriting).
fn merge(a: &[Value], overwrite: bool) -> Result<Value, String> {
    let Some(dst) = map_arg(a, 0) else {
        // mergo refuses a nil destination map; sprig then returns "".
        if a[1..].iter().any(|s| matches!(s, Value::Map(..))) {
            return Ok(Value::str(""));
        }
        return Ok(a[0].clone());
    };
    for src in &a[1..] {
        if let Value::Map(src, _) = src {
            if Rc::ptr_eq(src, &dst) {
                continue;
            }
            let src = src.borrow().clone();
            merge_into(&dst, &src, overwrite);
        }
    }
    Ok(a[0].clone())
}

fn merge_into(dst: &MapRef, src: &BTreeMap<Rc<str>, Value>, overwrite: bool) {
    for (k, sv) in src {
        let sv = sv.clone().indirect_interface();
        if !sv.is_valid() || matches!(sv, Value::Nil(_)) && sv.kind() != Kind::Ptr {
            if overwrite {
                dst.borrow_mut().insert(k.clone(), Value::nil());
            }
            continue;
        }
        let dv = dst.borrow().get(k).cloned().map(|v| v.indirect_interface());
        if let (Some(Value::Map(dm, _)), Value::Map(sm, _)) = (&dv, &sv) {
            if !Rc::ptr_eq(dm, sm) {
                let inner = sm.borrow().clone();
                merge_into(dm, &inner, overwrite);
            }
        }
        let dst_empty = dv.as_ref().is_none_or(super::empty);
        if overwrite && sv.kind() == Kind::Slice {
            dst.borrow_mut().insert(k.clone(), sv);
            continue;
        }
        if !dst_empty
            && (sv.kind() == Kind::Slice
                || sv.kind() == Kind::Map && dv.as_ref().is_some_and(|d| d.kind() == Kind::Map))
        {
            continue;
        }
        if overwrite || dst_empty {
            dst.borrow_mut().insert(k.clone(), sv);
        }
    }
}

/// sprig's `dig`: keys, a default, and a `map[string]interface {}`; Go's type-assertion
/// panics for anything else.
fn dig(a: &[Value]) -> Result<Value, String> {
    if a.len() < 3 {
        return Err("dig needs at least three arguments".into());
    }
    let assert_map = |v: &Value| -> Result<MapRef, String> {
        match v {
            Value::Map(m, t) if t.to_string() == "map[string]interface {}" => Ok(m.clone()),
            Value::Invalid | Value::Nil(_) if !matches!(v, Value::Map(..)) => {
                let dynamic = match v {
                    Value::Nil(t) if t.kind() != Kind::Interface => t.to_string(),
                    _ => "nil".into(),
                };
                Err(format!(
                    "interface conversion: interface {{}} is {dynamic}, not map[string]interface {{}}"
                ))
            }
            other => Err(format!(
                "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                other.ty()
            )),
        }
    };
    let mut dict = assert_map(&a[a.len() - 1])?;
    let default = a[a.len() - 2].clone();
    let mut keys = Vec::new();
    for k in &a[..a.len() - 2] {
        match k {
            Value::Str(s, t) if t.to_string() == "string" => keys.push(s.clone()),
            Value::Invalid | Value::Nil(_) => {
                return Err("interface conversion: interface {} is nil, not string".to_string())
            }
            other => {
                return Err(format!(
                    "interface conversion: interface {{}} is {}, not string",
                    other.ty()
                ))
            }
        }
    }
    for (i, k) in keys.iter().enumerate() {
        let step = dict.borrow().get(k).cloned();
        let Some(step) = step else {
            return Ok(default);
        };
        if i == keys.len() - 1 {
            return Ok(step);
        }
        dict = assert_map(&step)?;
    }
    Ok(default)
}
