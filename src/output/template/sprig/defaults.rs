//! sprig's defaults, JSON and reflection functions.

use super::super::funcs::Imp;
use super::super::gofmt;
use super::super::value::{Type, Value};
use super::json::{self, Opts};
use super::{any_arg, deep_equal, empty, kind_name, list_items, str_arg};

const MARSHAL: Opts = Opts {
    escape_html: true,
    indent: None,
};
const PRETTY: Opts = Opts {
    escape_html: true,
    indent: Some("  "),
};
const RAW: Opts = Opts {
    escape_html: false,
    indent: None,
};

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        (
            "default",
            "func(interface {}, ...interface {}) interface {}",
            |a| {
                let given = a.get(1).map(|v| v.clone().indirect_interface());
                match given {
                    Some(g) if !empty(&g) => Ok(g),
                    _ => Ok(a[0].clone()),
                }
            },
        ),
        ("empty", "func(interface {}) bool", |a| {
            Ok(Value::bool(empty(&any_arg(a, 0))))
        }),
        ("coalesce", "func(...interface {}) interface {}", |a| {
            Ok(a.iter()
                .map(|v| v.clone().indirect_interface())
                .find(|v| !empty(v))
                .unwrap_or_else(Value::nil))
        }),
        ("all", "func(...interface {}) bool", |a| {
            Ok(Value::bool(
                a.iter().all(|v| !empty(&v.clone().indirect_interface())),
            ))
        }),
        ("any", "func(...interface {}) bool", |a| {
            Ok(Value::bool(
                a.iter().any(|v| !empty(&v.clone().indirect_interface())),
            ))
        }),
        ("compact", "func(interface {}) []interface {}", compact),
        (
            "mustCompact",
            "func(interface {}) ([]interface {}, error)",
            compact,
        ),
        ("fromJson", "func(string) interface {}", |a| {
            Ok(json::unmarshal(str_arg(a, 0)).unwrap_or_else(|_| Value::nil()))
        }),
        ("mustFromJson", "func(string) (interface {}, error)", |a| {
            json::unmarshal(str_arg(a, 0))
        }),
        ("toJson", "func(interface {}) string", |a| {
            Ok(Value::string(
                json::marshal(&any_arg(a, 0), &MARSHAL).unwrap_or_default(),
            ))
        }),
        ("mustToJson", "func(interface {}) (string, error)", |a| {
            json::marshal(&any_arg(a, 0), &MARSHAL).map(Value::string)
        }),
        ("toPrettyJson", "func(interface {}) string", |a| {
            Ok(Value::string(
                json::marshal(&any_arg(a, 0), &PRETTY).unwrap_or_default(),
            ))
        }),
        (
            "mustToPrettyJson",
            "func(interface {}) (string, error)",
            |a| json::marshal(&any_arg(a, 0), &PRETTY).map(Value::string),
        ),
        // toRawJson panics where mustToRawJson returns the error: both end as the error.
        ("toRawJson", "func(interface {}) string", |a| {
            json::marshal(&any_arg(a, 0), &RAW).map(Value::string)
        }),
        ("mustToRawJson", "func(interface {}) (string, error)", |a| {
            json::marshal(&any_arg(a, 0), &RAW).map(Value::string)
        }),
        ("toString", "func(interface {}) string", |a| {
            Ok(Value::string(super::strval(&any_arg(a, 0))))
        }),
        ("fail", "func(string) (string, error)", |a| {
            Err(str_arg(a, 0).to_string())
        }),
        (
            "ternary",
            "func(interface {}, interface {}, bool) interface {}",
            |a| {
                Ok(if matches!(a.get(2), Some(Value::Bool(true, _))) {
                    a[0].clone()
                } else {
                    a[1].clone()
                })
            },
        ),
        ("deepCopy", "func(interface {}) interface {}", |a| {
            deep_copy(&any_arg(a, 0)).map_err(|e| format!("deepCopy error: {e}"))
        }),
        (
            "mustDeepCopy",
            "func(interface {}) (interface {}, error)",
            |a| deep_copy(&any_arg(a, 0)),
        ),
        ("typeOf", "func(interface {}) string", |a| {
            Ok(Value::string(type_of(&any_arg(a, 0))))
        }),
        ("typeIs", "func(string, interface {}) bool", |a| {
            Ok(Value::bool(str_arg(a, 0) == type_of(&any_arg(a, 1))))
        }),
        ("typeIsLike", "func(string, interface {}) bool", |a| {
            let (target, t) = (str_arg(a, 0), type_of(&any_arg(a, 1)));
            Ok(Value::bool(target == t || format!("*{target}") == t))
        }),
        ("kindOf", "func(interface {}) string", |a| {
            Ok(Value::str(kind_name(any_arg(a, 0).kind())))
        }),
        ("kindIs", "func(string, interface {}) bool", |a| {
            Ok(Value::bool(
                str_arg(a, 0) == kind_name(any_arg(a, 1).kind()),
            ))
        }),
        ("deepEqual", "func(interface {}, interface {}) bool", |a| {
            Ok(Value::bool(deep_equal(&any_arg(a, 0), &any_arg(a, 1))))
        }),
    ]
}

/// `fmt.Sprintf("%T", v)`.
fn type_of(v: &Value) -> String {
    gofmt::sprintf("%T", std::slice::from_ref(v))
}

fn compact(a: &[Value]) -> Result<Value, String> {
    let items = list_items(&any_arg(a, 0), "Cannot compact on type")?;
    Ok(Value::list(
        items
            .into_iter()
            .filter(|v| !empty(&v.clone().indirect_interface()))
            .collect(),
    ))
}

/// copystructure's `Copy`: a copy sharing nothing with the original (maps are the only
/// values templates can change in place).
fn deep_copy(v: &Value) -> Result<Value, String> {
    Ok(match v {
        Value::Invalid => Value::nil(),
        Value::Map(m, t) => {
            let copied = m
                .borrow()
                .iter()
                .map(|(k, x)| Ok((k.clone(), deep_copy(x)?)))
                .collect::<Result<_, String>>()?;
            Value::map_of(copied, t.clone())
        }
        Value::Slice(l, t) => Value::Slice(
            std::rc::Rc::new(l.iter().map(deep_copy).collect::<Result<_, _>>()?),
            t.clone(),
        ),
        Value::Struct(l, t) => Value::Struct(
            std::rc::Rc::new(l.iter().map(deep_copy).collect::<Result<_, _>>()?),
            t.clone(),
        ),
        Value::Ptr(p, t) => Value::Ptr(std::rc::Rc::new(deep_copy(p)?), t.clone()),
        Value::Nil(t) if *t == Type::Iface => Value::nil(),
        other => other.clone(),
    })
}
