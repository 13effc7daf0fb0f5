//! sprig's number functions: spf13/cast v1.7.0's `ToInt64`/`ToInt`/`ToFloat64` (errors
//! dropped, so anything it cannot cast is 0), shopspring/decimal for the `…f` arithmetic,
//! and Go's integer division panics.

use super::super::funcs::Imp;
use super::super::gofmt;
use super::super::strconv;
use super::super::value::{Kind, Type, Value, FLOAT64, INT, INT64};
use super::{any_arg, int_arg, str_arg};

/// cast's `indirect`: through non-nil pointers.
fn indirect(v: &Value) -> Value {
    let mut v = v.clone().indirect_interface();
    while let Value::Ptr(inner, _) = v {
        v = (*inner).clone();
    }
    v
}

/// cast's `trimZeroDecimal`: `"12.00"` → `"12"`.
fn trim_zero_decimal(s: &str) -> &str {
    let b = s.as_bytes();
    let mut found_zero = false;
    for i in (1..=b.len()).rev() {
        match b[i - 1] {
            b'.' => {
                if found_zero {
                    return &s[..i - 1];
                }
            }
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// Is this exactly the predeclared type of its kind (Go's type switch on `int64`, `string`
/// does not match named types)?
fn plain(v: &Value) -> bool {
    matches!(v.ty(), Type::Basic(_))
}

/// `cast.ToInt64`.
pub fn to_int64(v: &Value) -> i64 {
    let v = indirect(v);
    if !v.is_valid() || !plain(&v) && !matches!(v, Value::Nil(_)) {
        return 0;
    }
    match &v {
        Value::Int(i, _) => *i,
        Value::Uint(u, _) => *u as i64,
        Value::Float(f, _) => go_f64_to_i64(*f),
        Value::Str(s, _) => strconv::parse_int(trim_zero_decimal(s), 0).unwrap_or(0),
        Value::Bool(b, _) => i64::from(*b),
        _ => 0,
    }
}

/// `cast.ToFloat64`.
pub fn to_float64(v: &Value) -> f64 {
    let v = indirect(v);
    if !v.is_valid() || !plain(&v) {
        return 0.0;
    }
    match &v {
        Value::Int(i, _) => *i as f64,
        Value::Uint(u, _) => *u as f64,
        Value::Float(f, t) if t.kind() == Kind::Float32 => (*f as f32) as f64,
        Value::Float(f, _) => *f,
        Value::Str(s, _) => strconv::parse_float(s).unwrap_or(0.0),
        Value::Bool(b, _) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

/// Go's `int64(f)` on amd64: out-of-range and NaN give the minimum int64.
pub fn go_f64_to_i64(f: f64) -> i64 {
    if f.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

fn i64v(n: i64) -> Result<Value, String> {
    Ok(Value::Int(n, INT64))
}

fn f64v(f: f64) -> Result<Value, String> {
    Ok(Value::Float(f, FLOAT64))
}

const DIV_ZERO: &str = "runtime error: integer divide by zero";

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        ("atoi", "func(string) int", |a| {
            Ok(Value::Int(atoi(str_arg(a, 0)), INT))
        }),
        ("int64", "func(interface {}) int64", |a| {
            i64v(to_int64(&any_arg(a, 0)))
        }),
        ("int", "func(interface {}) int", |a| {
            Ok(Value::Int(to_int64(&any_arg(a, 0)), INT))
        }),
        ("float64", "func(interface {}) float64", |a| {
            f64v(to_float64(&any_arg(a, 0)))
        }),
        ("toDecimal", "func(interface {}) int64", |a| {
            let text = gofmt::sprint_v(&any_arg(a, 0));
            i64v(strconv::parse_int(&text, 8).unwrap_or(0))
        }),
        ("seq", "func(...int) string", seq),
        ("until", "func(int) []int", |a| {
            let n = int_arg(a, 0);
            Ok(ints(until_step(0, n, if n < 0 { -1 } else { 1 })))
        }),
        ("untilStep", "func(int, int, int) []int", |a| {
            Ok(ints(until_step(
                int_arg(a, 0),
                int_arg(a, 1),
                int_arg(a, 2),
            )))
        }),
        ("add1", "func(interface {}) int64", |a| {
            i64v(to_int64(&any_arg(a, 0)).wrapping_add(1))
        }),
        ("add", "func(...interface {}) int64", |a| {
            i64v(a.iter().fold(0i64, |acc, v| acc.wrapping_add(to_int64(v))))
        }),
        ("sub", "func(interface {}, interface {}) int64", |a| {
            i64v(to_int64(&any_arg(a, 0)).wrapping_sub(to_int64(&any_arg(a, 1))))
        }),
        ("div", "func(interface {}, interface {}) int64", |a| {
            let (x, y) = (to_int64(&any_arg(a, 0)), to_int64(&any_arg(a, 1)));
            if y == 0 {
                return Err(DIV_ZERO.into());
            }
            i64v(x.wrapping_div(y))
        }),
        ("mod", "func(interface {}, interface {}) int64", |a| {
            let (x, y) = (to_int64(&any_arg(a, 0)), to_int64(&any_arg(a, 1)));
            if y == 0 {
                return Err(DIV_ZERO.into());
            }
            i64v(x.wrapping_rem(y))
        }),
        ("mul", "func(interface {}, ...interface {}) int64", |a| {
            i64v(a[1..].iter().fold(to_int64(&any_arg(a, 0)), |acc, v| {
                acc.wrapping_mul(to_int64(v))
            }))
        }),
        ("randInt", "func(int, int) int", |a| {
            let (lo, hi) = (int_arg(a, 0), int_arg(a, 1));
            let n = hi.wrapping_sub(lo);
            if n <= 0 {
                return Err("invalid argument to Intn".into());
            }
            Ok(Value::Int(
                super::crypto::random_below(n as u64) as i64 + lo,
                INT,
            ))
        }),
        ("add1f", "func(interface {}) float64", |a| {
            f64v(decimal_op(&any_arg(a, 0), &[Value::int(1)], Op::Add))
        }),
        ("addf", "func(...interface {}) float64", |a| {
            f64v(decimal_op(&Value::float(0.0), a, Op::Add))
        }),
        ("subf", "func(interface {}, ...interface {}) float64", |a| {
            f64v(decimal_op(&any_arg(a, 0), &a[1..], Op::Sub))
        }),
        ("mulf", "func(interface {}, ...interface {}) float64", |a| {
            f64v(decimal_op(&any_arg(a, 0), &a[1..], Op::Mul))
        }),
        ("divf", "func(interface {}, ...interface {}) float64", |a| {
            let first = any_arg(a, 0);
            if a[1..].iter().any(|v| to_float64(v) == 0.0) {
                return Err("decimal division by 0".into());
            }
            f64v(decimal_op(&first, &a[1..], Op::Div))
        }),
        ("biggest", "func(interface {}, ...interface {}) int64", max),
        ("max", "func(interface {}, ...interface {}) int64", max),
        ("min", "func(interface {}, ...interface {}) int64", |a| {
            i64v(
                a[1..]
                    .iter()
                    .fold(to_int64(&any_arg(a, 0)), |m, v| m.min(to_int64(v))),
            )
        }),
        ("maxf", "func(interface {}, ...interface {}) float64", |a| {
            f64v(
                a[1..]
                    .iter()
                    .fold(to_float64(&any_arg(a, 0)), |m, v| go_max(m, to_float64(v))),
            )
        }),
        ("minf", "func(interface {}, ...interface {}) float64", |a| {
            f64v(
                a[1..]
                    .iter()
                    .fold(to_float64(&any_arg(a, 0)), |m, v| go_min(m, to_float64(v))),
            )
        }),
        ("ceil", "func(interface {}) float64", |a| {
            f64v(to_float64(&any_arg(a, 0)).ceil())
        }),
        ("floor", "func(interface {}) float64", |a| {
            f64v(to_float64(&any_arg(a, 0)).floor())
        }),
        (
            "round",
            "func(interface {}, int, ...float64) float64",
            |a| {
                let round_on = match a.get(2) {
                    Some(Value::Float(f, _)) => *f,
                    _ => 0.5,
                };
                let val = to_float64(&any_arg(a, 0));
                let pow = 10f64.powf(int_arg(a, 1) as f64);
                let digit = pow * val;
                let frac = digit - digit.trunc();
                let r = if frac >= round_on {
                    digit.ceil()
                } else {
                    digit.floor()
                };
                f64v(r / pow)
            },
        ),
    ]
}

fn max(a: &[Value]) -> Result<Value, String> {
    i64v(
        a[1..]
            .iter()
            .fold(to_int64(&any_arg(a, 0)), |m, v| m.max(to_int64(v))),
    )
}

/// `math.Max`: NaN wins, +0 beats -0.
fn go_max(x: f64, y: f64) -> f64 {
    if x.is_infinite() && x > 0.0 || y.is_infinite() && y > 0.0 {
        return f64::INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { y } else { x };
    }
    if x > y {
        x
    } else {
        y
    }
}

/// `math.Min`: NaN wins, -0 beats +0.
fn go_min(x: f64, y: f64) -> f64 {
    if x.is_infinite() && x < 0.0 || y.is_infinite() && y < 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { x } else { y };
    }
    if x < y {
        x
    } else {
        y
    }
}

/// `strconv.Atoi` with the error dropped.
fn atoi(s: &str) -> i64 {
    strconv::parse_int(s, 10).unwrap_or(0)
}

fn ints(v: Vec<i64>) -> Value {
    Value::Slice(
        std::rc::Rc::new(v.into_iter().map(|i| Value::Int(i, INT)).collect()),
        Type::slice(INT),
    )
}

fn until_step(start: i64, stop: i64, step: i64) -> Vec<i64> {
    let mut v = Vec::new();
    if stop < start {
        if step >= 0 {
            return v;
        }
        let mut i = start;
        while i > stop {
            v.push(i);
            i += step;
        }
        return v;
    }
    if step <= 0 {
        return v;
    }
    let mut i = start;
    while i < stop {
        v.push(i);
        i += step;
    }
    v
}

fn seq(a: &[Value]) -> Result<Value, String> {
    let p: Vec<i64> = (0..a.len()).map(|i| int_arg(a, i)).collect();
    let list = match p.len() {
        1 => {
            let (start, end) = (1, p[0]);
            let inc = if end < start { -1 } else { 1 };
            until_step(start, end + inc, inc)
        }
        2 => {
            let (start, end) = (p[0], p[1]);
            let step = if end < start { -1 } else { 1 };
            until_step(start, end + step, step)
        }
        3 => {
            let (start, step, end) = (p[0], p[1], p[2]);
            let mut inc = 1;
            if end < start {
                inc = -1;
                if step > 0 {
                    return Ok(Value::str(""));
                }
            }
            until_step(start, end + inc, step)
        }
        _ => Vec::new(),
    };
    let text: Vec<String> = list.iter().map(i64::to_string).collect();
    Ok(Value::string(text.join(" ")))
}

#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// shopspring/decimal's arithmetic on `decimal.NewFromFloat` of each operand: exact decimal
/// sums and products of the shortest decimal forms, division to 16 fractional digits, and
/// the result back to the nearest float64.
fn decimal_op(first: &Value, rest: &[Value], op: Op) -> f64 {
    let mut acc = Dec::from_f64(to_float64(first));
    for v in rest {
        let d = Dec::from_f64(to_float64(v));
        acc = match op {
            Op::Add => acc.add(&d),
            Op::Sub => acc.add(&d.neg()),
            Op::Mul => acc.mul(&d),
            Op::Div => acc.div(&d),
        };
    }
    acc.to_f64()
}

/// A decimal `mant × 10^exp` (i128 mantissa: enough for the shortest forms of float64s
/// templates meet; larger results lose precision like the float they end as).
#[derive(Clone, Copy, Debug)]
struct Dec {
    mant: i128,
    exp: i32,
}

impl Dec {
    fn from_f64(f: f64) -> Dec {
        if !f.is_finite() {
            return Dec { mant: 0, exp: 0 };
        }
        let text = strconv::format_float(f, 'e', -1, 64);
        let (m, e) = text.split_once('e').unwrap_or((&text, "0"));
        let neg = m.starts_with('-');
        let m = m.trim_start_matches('-');
        let (int, frac) = m.split_once('.').unwrap_or((m, ""));
        let digits = format!("{int}{frac}");
        let mant: i128 = digits.parse().unwrap_or(0);
        let exp = e.parse::<i32>().unwrap_or(0) - frac.len() as i32;
        let mut d = Dec {
            mant: if neg { -mant } else { mant },
            exp,
        };
        d.normalize();
        d
    }

    fn normalize(&mut self) {
        while self.mant != 0 && self.mant % 10 == 0 {
            self.mant /= 10;
            self.exp += 1;
        }
        if self.mant == 0 {
            self.exp = 0;
        }
    }

    fn neg(&self) -> Dec {
        Dec {
            mant: -self.mant,
            exp: self.exp,
        }
    }

    fn rescale(&self, exp: i32) -> Option<i128> {
        let mut m = self.mant;
        for _ in exp..self.exp {
            m = m.checked_mul(10)?;
        }
        Some(m)
    }

    fn add(&self, o: &Dec) -> Dec {
        let exp = self.exp.min(o.exp);
        match (self.rescale(exp), o.rescale(exp)) {
            (Some(a), Some(b)) if a.checked_add(b).is_some() => {
                let mut d = Dec { mant: a + b, exp };
                d.normalize();
                d
            }
            _ => Dec::from_f64(self.to_f64() + o.to_f64()),
        }
    }

    fn mul(&self, o: &Dec) -> Dec {
        match self.mant.checked_mul(o.mant) {
            Some(m) => {
                let mut d = Dec {
                    mant: m,
                    exp: self.exp + o.exp,
                };
                d.normalize();
                d
            }
            None => Dec::from_f64(self.to_f64() * o.to_f64()),
        }
    }

    /// decimal's `Div`: `DivRound(d2, 16)` — the quotient rounded half away from zero to 16
    /// fractional digits.
    fn div(&self, o: &Dec) -> Dec {
        if o.mant == 0 {
            return Dec { mant: 0, exp: 0 };
        }
        const PREC: i32 = 16;
        // q = self/o scaled by 10^PREC, computed as (m1 * 10^(e1-e2+PREC)) / m2.
        let shift = self.exp - o.exp + PREC;
        let (mut num, mut den) = (self.mant, o.mant);
        let ok = if shift >= 0 {
            (0..shift).try_for_each(|_| {
                num = num.checked_mul(10)?;
                Some(())
            })
        } else {
            (0..-shift).try_for_each(|_| {
                den = den.checked_mul(10)?;
                Some(())
            })
        };
        if ok.is_none() {
            return Dec::from_f64(self.to_f64() / o.to_f64());
        }
        let q = num / den;
        let r = num % den;
        let q = if 2 * r.abs() >= den.abs() {
            q + if (num < 0) != (den < 0) { -1 } else { 1 }
        } else {
            q
        };
        let mut d = Dec {
            mant: q,
            exp: -PREC,
        };
        d.normalize();
        d
    }

    /// decimal's `Float64`: the nearest float64 to the decimal's text.
    fn to_f64(self) -> f64 {
        format!("{}e{}", self.mant, self.exp).parse().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casts_follow_spf13_cast() {
        assert_eq!(to_int64(&Value::str("0x1F")), 31);
        assert_eq!(to_int64(&Value::str("010")), 8);
        assert_eq!(to_int64(&Value::str("12.00")), 12);
        assert_eq!(to_int64(&Value::str("12.5")), 0);
        assert_eq!(to_int64(&Value::float(3.9)), 3);
        assert_eq!(to_float64(&Value::str("1e3")), 1000.0);
        assert_eq!(to_float64(&Value::bool(true)), 1.0);
    }

    #[test]
    fn decimal_arithmetic_is_exact() {
        let op = |a: f64, b: f64, o| decimal_op(&Value::float(a), &[Value::float(b)], o);
        assert_eq!(op(0.1, 0.2, Op::Add), 0.3);
        assert_eq!(op(1.1, 3.0, Op::Mul), 3.3);
        assert_eq!(op(1.0, 3.0, Op::Div), 0.3333333333333333);
        assert_eq!(op(0.3, 0.1, Op::Sub), 0.2);
    }
}
