//! sprig's list functions. The plain forms panic where the `must` forms return the error;
//! text/template reports both the same way (`error calling sprig_first: Cannot find first on
//! type string`), so each pair shares one implementation.

use super::super::funcs::Imp;
use super::super::value::{Kind, Type, Value};
use super::numeric::go_f64_to_i64;
use super::{any_arg, check_slice, deep_equal, int_arg, kind_name, kind_of, list_items};
use std::rc::Rc;

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        ("list", "func(...interface {}) []interface {}", list),
        ("tuple", "func(...interface {}) []interface {}", list),
        (
            "append",
            "func(interface {}, interface {}) []interface {}",
            push,
        ),
        (
            "push",
            "func(interface {}, interface {}) []interface {}",
            push,
        ),
        (
            "mustAppend",
            "func(interface {}, interface {}) ([]interface {}, error)",
            push,
        ),
        (
            "mustPush",
            "func(interface {}, interface {}) ([]interface {}, error)",
            push,
        ),
        (
            "prepend",
            "func(interface {}, interface {}) []interface {}",
            prepend,
        ),
        (
            "mustPrepend",
            "func(interface {}, interface {}) ([]interface {}, error)",
            prepend,
        ),
        ("first", "func(interface {}) interface {}", first),
        (
            "mustFirst",
            "func(interface {}) (interface {}, error)",
            first,
        ),
        ("last", "func(interface {}) interface {}", last),
        ("mustLast", "func(interface {}) (interface {}, error)", last),
        ("rest", "func(interface {}) []interface {}", rest),
        (
            "mustRest",
            "func(interface {}) ([]interface {}, error)",
            rest,
        ),
        ("initial", "func(interface {}) []interface {}", initial),
        (
            "mustInitial",
            "func(interface {}) ([]interface {}, error)",
            initial,
        ),
        ("reverse", "func(interface {}) []interface {}", reverse),
        (
            "mustReverse",
            "func(interface {}) ([]interface {}, error)",
            reverse,
        ),
        ("uniq", "func(interface {}) []interface {}", uniq),
        (
            "mustUniq",
            "func(interface {}) ([]interface {}, error)",
            uniq,
        ),
        (
            "without",
            "func(interface {}, ...interface {}) []interface {}",
            without,
        ),
        (
            "mustWithout",
            "func(interface {}, ...interface {}) ([]interface {}, error)",
            without,
        ),
        ("has", "func(interface {}, interface {}) bool", has),
        (
            "mustHas",
            "func(interface {}, interface {}) (bool, error)",
            has,
        ),
        (
            "slice",
            "func(interface {}, ...interface {}) interface {}",
            slice,
        ),
        (
            "mustSlice",
            "func(interface {}, ...interface {}) (interface {}, error)",
            slice,
        ),
        ("concat", "func(...interface {}) interface {}", concat),
        ("chunk", "func(int, interface {}) [][]interface {}", chunk),
        (
            "mustChunk",
            "func(int, interface {}) ([][]interface {}, error)",
            chunk,
        ),
    ]
}

/// Arguments as the values Go's `[]interface{}` holds (a nil stays a nil interface).
fn ifaces(a: &[Value]) -> Vec<Value> {
    a.iter()
        .map(|v| match v {
            Value::Invalid => Value::nil(),
            v => v.clone(),
        })
        .collect()
}

/// An element as `Index(i).Interface()` gives it.
fn elem(v: &Value) -> Value {
    match v {
        Value::Invalid => Value::nil(),
        v => v.clone(),
    }
}

fn list(a: &[Value]) -> Result<Value, String> {
    Ok(Value::list(ifaces(a)))
}

fn push(a: &[Value]) -> Result<Value, String> {
    let mut l = list_items(&any_arg(a, 0), "Cannot push on type")?;
    l.push(elem(&a[1]));
    Ok(Value::list(l))
}

fn prepend(a: &[Value]) -> Result<Value, String> {
    let l = list_items(&any_arg(a, 0), "Cannot prepend on type")?;
    let mut out = vec![elem(&a[1])];
    out.extend(l);
    Ok(Value::list(out))
}

fn first(a: &[Value]) -> Result<Value, String> {
    let l = list_items(&any_arg(a, 0), "Cannot find first on type")?;
    Ok(l.first().map(elem).unwrap_or_else(Value::nil))
}

fn last(a: &[Value]) -> Result<Value, String> {
    let l = list_items(&any_arg(a, 0), "Cannot find last on type")?;
    Ok(l.last().map(elem).unwrap_or_else(Value::nil))
}

fn nil_list() -> Value {
    Value::Nil(Type::any_slice())
}

fn rest(a: &[Value]) -> Result<Value, String> {
    let l = list_items(&any_arg(a, 0), "Cannot find rest on type")?;
    if l.is_empty() {
        return Ok(nil_list());
    }
    Ok(Value::list(l[1..].iter().map(elem).collect()))
}

fn initial(a: &[Value]) -> Result<Value, String> {
    let l = list_items(&any_arg(a, 0), "Cannot find initial on type")?;
    if l.is_empty() {
        return Ok(nil_list());
    }
    Ok(Value::list(l[..l.len() - 1].iter().map(elem).collect()))
}

fn reverse(a: &[Value]) -> Result<Value, String> {
    let l = list_items(&any_arg(a, 0), "Cannot find reverse on type")?;
    Ok(Value::list(l.iter().rev().map(elem).collect()))
}

fn uniq(a: &[Value]) -> Result<Value, String> {
    let l = list_items(&any_arg(a, 0), "Cannot find uniq on type")?;
    let mut out: Vec<Value> = Vec::new();
    for x in l {
        let x = elem(&x);
        if !out.iter().any(|y| iface_equal(y, &x)) {
            out.push(x);
        }
    }
    Ok(Value::list(out))
}

/// `reflect.DeepEqual` of two interface values (a nil interface equals only itself).
fn iface_equal(a: &Value, b: &Value) -> bool {
    deep_equal(
        &a.clone().indirect_interface(),
        &b.clone().indirect_interface(),
    )
}

fn without(a: &[Value]) -> Result<Value, String> {
    let l = list_items(&any_arg(a, 0), "Cannot find without on type")?;
    let omit = ifaces(&a[1..]);
    Ok(Value::list(
        l.iter()
            .map(elem)
            .filter(|x| !omit.iter().any(|o| iface_equal(o, x)))
            .collect(),
    ))
}

fn has(a: &[Value]) -> Result<Value, String> {
    let hay = any_arg(a, 1);
    if !hay.is_valid() {
        return Ok(Value::bool(false));
    }
    let l = list_items(&hay, "Cannot find has on type")?;
    let needle = elem(&a[0]);
    Ok(Value::bool(
        l.iter().any(|x| iface_equal(&needle, &elem(x))),
    ))
}

/// cast's `ToInt` on an index argument.
fn to_int(v: &Value) -> i64 {
    match v.clone().indirect_interface() {
        Value::Float(f, _) => go_f64_to_i64(f),
        other => super::numeric::to_int64(&other),
    }
}

fn slice(a: &[Value]) -> Result<Value, String> {
    let v = any_arg(a, 0);
    let k = kind_of(&v)?;
    if k != Kind::Slice {
        return Err(format!(
            "list should be type of slice or array but {}",
            kind_name(k)
        ));
    }
    let items = v.items().unwrap_or_default();
    if items.is_empty() {
        return Ok(Value::nil());
    }
    let start = a.get(1).map_or(0, to_int);
    let end = if a.len() < 3 {
        items.len() as i64
    } else {
        to_int(&a[2])
    };
    // reflect's Value.Slice panics with its own text.
    if start < 0 || end < start || end as usize > items.len() {
        return Err("reflect.Value.Slice: slice index out of bounds".into());
    }
    let (lo, hi) = check_slice(start, Some(end), items.len(), "capacity")?;
    Ok(Value::Slice(Rc::new(items[lo..hi].to_vec()), v.ty()))
}

fn concat(a: &[Value]) -> Result<Value, String> {
    let mut out = Vec::new();
    for l in a {
        let l = l.clone().indirect_interface();
        let k = kind_of(&l)?;
        if k != Kind::Slice {
            return Err(format!("Cannot concat type {} as list", kind_name(k)));
        }
        out.extend(l.items().unwrap_or_default().iter().map(elem));
    }
    if out.is_empty() {
        return Ok(nil_list());
    }
    Ok(Value::list(out))
}

fn chunk(a: &[Value]) -> Result<Value, String> {
    let size = int_arg(a, 0);
    let l = list_items(&any_arg(a, 1), "Cannot chunk type")?;
    let n = l.len() as i64;
    if size == 0 {
        // math.Floor((l-1)/0)+1 is ±Inf or NaN; int() of it is the minimum int64.
        return Err("runtime error: makeslice: len out of range".into());
    }
    let cs = ((n - 1) as f64 / size as f64).floor() as i64 + 1;
    if cs < 0 {
        return Err("runtime error: makeslice: len out of range".into());
    }
    let mut out = Vec::new();
    for i in 0..cs {
        let mut clen = size;
        if i == cs - 1 {
            clen = ((n as f64) % (size as f64)).floor() as i64;
            if clen == 0 {
                clen = size;
            }
        }
        if clen < 0 {
            return Err("runtime error: makeslice: len out of range".into());
        }
        let mut part = Vec::new();
        for j in 0..clen {
            let ix = i * size + j;
            match l.get(ix as usize) {
                Some(x) if ix >= 0 => part.push(elem(x)),
                _ => return Err("reflect: slice index out of range".into()),
            }
        }
        out.push(Value::list(part));
    }
    Ok(Value::Slice(Rc::new(out), Type::slice(Type::any_slice())))
}
