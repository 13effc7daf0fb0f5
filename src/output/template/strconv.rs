//! Go's `strconv` as templates meet it: number literals (`0x1F`, `1_000`, `1e3`, `'a'`),
//! quoting (`%q`), float formatting for every `fmt` verb, and `NumError`'s texts.

use std::fmt::Write as _;

/// Why a number did not parse (Go's `ErrSyntax` / `ErrRange`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumErr {
    Syntax,
    Range,
}

impl NumErr {
    pub fn text(self) -> &'static str {
        match self {
            NumErr::Syntax => "invalid syntax",
            NumErr::Range => "value out of range",
        }
    }
}

/// `*strconv.NumError`'s text: `strconv.ParseInt: parsing "x": invalid syntax`.
pub fn num_error(func: &str, input: &str, e: NumErr) -> String {
    format!("strconv.{func}: parsing {}: {}", quote(input), e.text())
}

fn lower(b: u8) -> u8 {
    b | 0x20
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let mut saw = b'^';
    let b = if !b.is_empty() && (b[0] == b'-' || b[0] == b'+') {
        &b[1..]
    } else {
        b
    };
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(lower(b[1]), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = lower(b[1]) == b'x';
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&lower(c))) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `strconv.ParseUint(s, base, 64)`; base 0 reads Go's prefixes and underscores.
pub fn parse_uint(s: &str, base: u32) -> Result<u64, NumErr> {
    if s.is_empty() {
        return Err(NumErr::Syntax);
    }
    let base0 = base == 0;
    let mut body = s;
    let mut base = base;
    if base == 0 {
        base = 10;
        let b = s.as_bytes();
        if b[0] == b'0' {
            if b.len() >= 3 && lower(b[1]) == b'b' {
                base = 2;
                body = &s[2..];
            } else if b.len() >= 3 && lower(b[1]) == b'o' {
                base = 8;
                body = &s[2..];
            } else if b.len() >= 3 && lower(b[1]) == b'x' {
                base = 16;
                body = &s[2..];
            } else {
                base = 8;
                body = &s[1..];
            }
        }
    }
    if !(2..=36).contains(&base) {
        return Err(NumErr::Syntax);
    }
    let mut n: u64 = 0;
    let mut underscores = false;
    let mut overflow = false;
    for c in body.bytes() {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => (c - b'0') as u32,
            b'a'..=b'z' | b'A'..=b'Z' => (lower(c) - b'a' + 10) as u32,
            _ => return Err(NumErr::Syntax),
        };
        if d >= base {
            return Err(NumErr::Syntax);
        }
        if overflow {
            continue;
        }
        match n
            .checked_mul(base as u64)
            .and_then(|x| x.checked_add(d as u64))
        {
            Some(x) => n = x,
            None => overflow = true,
        }
    }
    if underscores && !underscore_ok(s) {
        return Err(NumErr::Syntax);
    }
    if overflow {
        return Err(NumErr::Range);
    }
    Ok(n)
}

/// `strconv.ParseInt(s, base, 64)`.
pub fn parse_int(s: &str, base: u32) -> Result<i64, NumErr> {
    parse_int_bits(s, base, 64)
}

/// `strconv.ParseInt(s, base, bits)`.
pub fn parse_int_bits(s: &str, base: u32, bits: u32) -> Result<i64, NumErr> {
    if s.is_empty() {
        return Err(NumErr::Syntax);
    }
    let (neg, body) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let un = parse_uint(body, base)?;
    let cutoff = 1u64 << (bits - 1);
    if !neg && un >= cutoff {
        return Err(NumErr::Range);
    }
    if neg && un > cutoff {
        return Err(NumErr::Range);
    }
    Ok(if neg {
        (un as i64).wrapping_neg()
    } else {
        un as i64
    })
}

/// `strconv.ParseFloat(s, 64)`: decimal and hex (`0x1p-2`) forms, underscores, `inf`/`nan`.
pub fn parse_float(s: &str) -> Result<f64, NumErr> {
    let lower_s = s.to_ascii_lowercase();
    let (sign, body) = match lower_s.as_bytes().first() {
        Some(b'+') => (1.0, &lower_s[1..]),
        Some(b'-') => (-1.0, &lower_s[1..]),
        _ => (1.0, &lower_s[..]),
    };
    match body {
        "inf" | "infinity" => return Ok(sign * f64::INFINITY),
        "nan" if s.len() == 3 => return Ok(f64::NAN),
        _ => {}
    }
    if s.contains('_') && !underscore_ok(s) {
        return Err(NumErr::Syntax);
    }
    let clean: String = body.chars().filter(|c| *c != '_').collect();
    if let Some(hex) = clean.strip_prefix("0x") {
        return parse_hex_float(hex).map(|f| sign * f);
    }
    let b = clean.as_bytes();
    // Go's readFloat: digits, optional point, optional exponent; nothing else.
    let mut i = 0;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return Err(NumErr::Syntax);
    }
    if i < b.len() && b[i] == b'e' {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(NumErr::Syntax);
        }
    }
    if i != b.len() {
        return Err(NumErr::Syntax);
    }
    let f: f64 = clean.parse().map_err(|_| NumErr::Syntax)?;
    if f.is_infinite() {
        return Err(NumErr::Range);
    }
    Ok(sign * f)
}

fn parse_hex_float(s: &str) -> Result<f64, NumErr> {
    let (mant, exp) = match s.find('p') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => return Err(NumErr::Syntax),
    };
    let exp: i64 = exp.parse().map_err(|_| NumErr::Syntax)?;
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return Err(NumErr::Syntax);
    }
    let mut m: u128 = 0;
    let mut shift: i64 = 0;
    for (i, c) in int.chars().chain(frac.chars()).enumerate() {
        let d = c.to_digit(16).ok_or(NumErr::Syntax)? as u128;
        if m < (1u128 << 120) {
            m = m * 16 + d;
            if i >= int.len() {
                shift -= 4;
            }
        } else if i < int.len() {
            shift += 4;
        }
    }
    let f = (m as f64) * 2f64.powi((exp + shift).clamp(-2000, 2000) as i32);
    if f.is_infinite() {
        return Err(NumErr::Range);
    }
    Ok(f)
}

// Quoting: one copy, in the Go-compatibility leaf.
pub use crate::gocompat::strconv::{can_backquote, quote, quote_ascii, quote_rune};

/// `strconv.UnquoteChar`: one (possibly escaped) character from the front of `s`, as its
/// value and whether it must be written as UTF-8 (multibyte), plus the rest.
pub fn unquote_char(s: &str, quote: u8) -> Result<(u32, bool, &str), NumErr> {
    let b = s.as_bytes();
    let Some(&c) = b.first() else {
        return Err(NumErr::Syntax);
    };
    if c == quote && (quote == b'\'' || quote == b'"') {
        return Err(NumErr::Syntax);
    }
    if c >= 0x80 {
        let ch = s.chars().next().ok_or(NumErr::Syntax)?;
        return Ok((ch as u32, true, &s[ch.len_utf8()..]));
    }
    if c != b'\\' {
        return Ok((c as u32, false, &s[1..]));
    }
    if b.len() <= 1 {
        return Err(NumErr::Syntax);
    }
    let e = b[1];
    // Every escape letter is ASCII; slicing after a multibyte one would cut a character.
    if !e.is_ascii() {
        return Err(NumErr::Syntax);
    }
    let rest = &s[2..];
    let simple = |v: u8| Ok((v as u32, false, rest));
    match e {
        b'a' => simple(7),
        b'b' => simple(8),
        b'f' => simple(12),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        b'v' => simple(11),
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            if rest.len() < n || !rest.as_bytes()[..n].iter().all(u8::is_ascii_hexdigit) {
                return Err(NumErr::Syntax);
            }
            let v = u32::from_str_radix(&rest[..n], 16).map_err(|_| NumErr::Syntax)?;
            if e == b'x' {
                return Ok((v, false, &rest[n..]));
            }
            if char::from_u32(v).is_none() {
                return Err(NumErr::Syntax);
            }
            Ok((v, true, &rest[n..]))
        }
        b'0'..=b'7' => {
            if rest.len() < 2 || !b[1..4].iter().all(|d| (b'0'..=b'7').contains(d)) {
                return Err(NumErr::Syntax);
            }
            let digits = &s[1..4];
            let v = u32::from_str_radix(digits, 8).map_err(|_| NumErr::Syntax)?;
            if v > 255 {
                return Err(NumErr::Syntax);
            }
            Ok((v, false, &s[4..]))
        }
        b'\\' => simple(b'\\'),
        b'\'' | b'"' if e == quote => simple(e),
        _ => Err(NumErr::Syntax),
    }
}

/// `strconv.Unquote` for `"…"` and `` `…` `` strings. Byte escapes (`\xff`) that do not
/// form UTF-8 come out as U+FFFD (rnomad's strings are UTF-8).
pub fn unquote(s: &str) -> Result<String, NumErr> {
    let b = s.as_bytes();
    if b.len() < 2 {
        return Err(NumErr::Syntax);
    }
    let q = b[0];
    if q != b[b.len() - 1] {
        return Err(NumErr::Syntax);
    }
    let inner = &s[1..s.len() - 1];
    match q {
        b'`' => {
            if inner.contains('`') {
                return Err(NumErr::Syntax);
            }
            Ok(inner.replace('\r', ""))
        }
        b'"' | b'\'' => {
            if !inner.contains('\\') && !inner.contains(q as char) && !inner.contains('\n') {
                if q == b'\'' && inner.chars().count() != 1 {
                    return Err(NumErr::Syntax);
                }
                return Ok(inner.to_string());
            }
            let mut bytes: Vec<u8> = Vec::with_capacity(inner.len());
            let mut rest = inner;
            while !rest.is_empty() {
                if rest.starts_with('\n') {
                    return Err(NumErr::Syntax);
                }
                let (v, multibyte, tail) = unquote_char(rest, q)?;
                rest = tail;
                if v < 0x80 || !multibyte {
                    if v < 0x80 || !multibyte && v <= 0xff {
                        bytes.push(v as u8);
                    }
                } else if let Some(c) = char::from_u32(v) {
                    let mut buf = [0u8; 4];
                    bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                if q == b'\'' {
                    break;
                }
            }
            if q == b'\'' && !rest.is_empty() {
                return Err(NumErr::Syntax);
            }
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ => Err(NumErr::Syntax),
    }
}

// ---------------------------------------------------------------------------
// Float formatting

/// Decimal digits of |f| and the position of the decimal point (`0.d1d2… × 10^dp`).
struct Digits {
    d: Vec<u8>,
    dp: i32,
}

/// The shortest digits that read back as `f` (at `bits` precision).
fn shortest(f: f64, bits: u32) -> Digits {
    let s = if bits == 32 {
        format!("{:e}", (f as f32).abs())
    } else {
        format!("{:e}", f.abs())
    };
    parse_e(&s)
}

/// `f` rounded to `n` significant digits (n >= 1); trailing zeros dropped.
fn rounded(f: f64, n: usize) -> Digits {
    let s = format!("{:.*e}", n.saturating_sub(1), f.abs());
    let mut d = parse_e(&s);
    while d.d.len() > 1 && d.d.last() == Some(&b'0') {
        d.d.pop();
    }
    d
}

fn parse_e(s: &str) -> Digits {
    let (m, e) = s.split_once('e').unwrap_or((s, "0"));
    let exp: i32 = e.parse().unwrap_or(0);
    let d: Vec<u8> = m.bytes().filter(u8::is_ascii_digit).collect();
    if d.iter().all(|c| *c == b'0') {
        return Digits { d: vec![], dp: 0 };
    }
    Digits { d, dp: exp + 1 }
}

fn fmt_e(out: &mut String, neg: bool, d: &Digits, prec: i32, fmt: char) {
    if neg {
        out.push('-');
    }
    let first = d.d.first().copied().unwrap_or(b'0');
    out.push(first as char);
    if prec > 0 {
        out.push('.');
        let mut i = 1;
        let m = (d.d.len() as i32).min(prec + 1);
        while (i as i32) < m {
            out.push(d.d[i] as char);
            i += 1;
        }
        for _ in (i as i32)..=prec {
            out.push('0');
        }
    }
    out.push(fmt);
    let mut exp = if d.d.is_empty() { 0 } else { d.dp - 1 };
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    let _ = write!(out, "{exp}");
}

fn fmt_f(out: &mut String, neg: bool, d: &Digits, prec: i32) {
    if neg {
        out.push('-');
    }
    if d.dp > 0 {
        let m = (d.d.len() as i32).min(d.dp);
        for i in 0..m {
            out.push(d.d[i as usize] as char);
        }
        for _ in m..d.dp {
            out.push('0');
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = d.dp + i - 1;
            let c = if j < 0 || j >= d.d.len() as i32 {
                b'0'
            } else {
                d.d[j as usize]
            };
            out.push(c as char);
        }
    }
}

/// `strconv.FormatFloat(f, fmt, prec, bits)` for fmt in `beEfgGxX`.
pub fn format_float(f: f64, fmt: char, prec: i32, bits: u32) -> String {
    let f = if bits == 32 { f as f32 as f64 } else { f };
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let neg = f.is_sign_negative();
    let mut out = String::new();
    match fmt {
        'b' => return fmt_b(f, bits),
        'x' | 'X' => return fmt_x(f, prec, fmt, bits),
        'f' => {
            if prec < 0 {
                let d = shortest(f, bits);
                let p = (d.d.len() as i32 - d.dp).max(0);
                fmt_f(&mut out, neg, &d, p);
            } else {
                // Rust's fixed formatting rounds exactly, as Go's does.
                let s = format!("{:.*}", prec as usize, f.abs());
                if neg {
                    out.push('-');
                }
                out.push_str(&s);
            }
        }
        'e' | 'E' => {
            let d = if prec < 0 {
                shortest(f, bits)
            } else {
                rounded(f, prec as usize + 1)
            };
            let p = if prec < 0 { d.d.len() as i32 - 1 } else { prec };
            fmt_e(&mut out, neg, &d, p.max(0), fmt);
        }
        'g' | 'G' => {
            let short = prec < 0;
            let mut p = prec;
            let d = if short {
                shortest(f, bits)
            } else {
                if p == 0 {
                    p = 1;
                }
                rounded(f, p as usize)
            };
            let nd = d.d.len() as i32;
            if short {
                p = nd;
            }
            let mut eprec = p;
            if eprec > nd && nd >= d.dp {
                eprec = nd;
            }
            if short {
                eprec = 6;
            }
            let exp = d.dp - 1;
            let efmt = if fmt == 'g' { 'e' } else { 'E' };
            if nd == 0 {
                // Zero: Go formats it with %f.
                fmt_f(&mut out, neg, &d, 0);
                return out;
            }
            if exp < -4 || exp >= eprec {
                if p > nd {
                    p = nd;
                }
                fmt_e(&mut out, neg, &d, p - 1, efmt);
            } else {
                if p > d.dp {
                    p = nd;
                }
                fmt_f(&mut out, neg, &d, (p - d.dp).max(0));
            }
        }
        _ => {
            out.push('%');
            out.push(fmt);
        }
    }
    out
}

fn float_parts(f: f64, bits: u32) -> (bool, u64, i32, u32) {
    // (negative, mantissa with the implicit bit, binary exponent of its lowest bit, mantissa bits)
    if bits == 32 {
        let b = (f as f32).to_bits();
        let neg = b >> 31 != 0;
        let exp = ((b >> 23) & 0xff) as i32;
        let mut mant = (b & 0x7f_ffff) as u64;
        let e = if exp == 0 {
            -126 - 23
        } else {
            mant |= 1 << 23;
            exp - 127 - 23
        };
        (neg, mant, e, 23)
    } else {
        let b = f.to_bits();
        let neg = b >> 63 != 0;
        let exp = ((b >> 52) & 0x7ff) as i32;
        let mut mant = b & ((1 << 52) - 1);
        let e = if exp == 0 {
            -1022 - 52
        } else {
            mant |= 1 << 52;
            exp - 1023 - 52
        };
        (neg, mant, e, 52)
    }
}

fn fmt_b(f: f64, bits: u32) -> String {
    let (neg, mant, e, _) = float_parts(f, bits);
    let (mant, e) = if mant == 0 { (0, e) } else { (mant, e) };
    format!(
        "{}{}p{}{}",
        if neg { "-" } else { "" },
        mant,
        if e >= 0 { "+" } else { "" },
        e
    )
}

/// `%x`: `-0x1.8p+01`, hex mantissa normalised to a leading 1.
fn fmt_x(f: f64, prec: i32, fmt: char, bits: u32) -> String {
    let (neg, mut mant, mut exp, mbits) = float_parts(f, bits);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if mant == 0 {
        exp = 0;
    } else {
        // Normalise to 1.xxx with 60 fraction bits.
        let lz = mant.leading_zeros() as i32;
        mant <<= lz;
        exp += 63 - lz;
        mant <<= 1; // drop the leading 1
        let _ = mbits;
    }
    // mant now holds the fraction bits in its top bits (after the implicit 1).
    let mut frac = mant; // 64 fraction bits
    let mut lead = if f == 0.0 { 0u64 } else { 1u64 };
    if (0..16).contains(&prec) {
        let keep = (prec * 4) as u32;
        let shift = 64 - keep;
        let (kept, rem) = if keep == 0 {
            (0u64, frac)
        } else {
            (frac >> shift, frac << keep)
        };
        let half = 1u64 << 63;
        let mut kept = kept;
        if rem > half || (rem == half && (kept & 1 == 1 || (keep == 0 && lead & 1 == 1))) {
            kept += 1;
            if keep == 0 || kept >> keep != 0 {
                if keep != 0 {
                    kept &= (1u64 << keep) - 1;
                }
                lead += 1;
                if lead == 2 {
                    lead = 1;
                    exp += 1;
                }
            }
        }
        frac = if keep == 0 { 0 } else { kept << shift };
    }
    let digits = if fmt == 'X' {
        "0123456789ABCDEF"
    } else {
        "0123456789abcdef"
    };
    out.push('0');
    out.push(if fmt == 'X' { 'X' } else { 'x' });
    out.push(digits.as_bytes()[lead as usize] as char);
    let mut hex = String::new();
    let mut fr = frac;
    for _ in 0..16 {
        hex.push(digits.as_bytes()[(fr >> 60) as usize] as char);
        fr <<= 4;
    }
    let hex = if prec < 0 {
        hex.trim_end_matches('0').to_string()
    } else {
        let p = prec as usize;
        if p <= 16 {
            hex[..p].to_string()
        } else {
            format!("{hex}{}", "0".repeat(p - 16))
        }
    };
    if !hex.is_empty() {
        out.push('.');
        out.push_str(&hex);
    }
    out.push(if fmt == 'X' { 'P' } else { 'p' });
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    let _ = write!(out, "{exp}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_escapes_are_errors_not_panics() {
        for s in [
            "\"\\\u{feff}x\"",
            "\"\\xé1\"",
            "\"\\1é\"",
            "\"\\ué123\"",
            "\"\\",
        ] {
            assert!(unquote(s).is_err(), "{s}");
        }
    }

    #[test]
    fn floats() {
        assert_eq!(format_float(1e6, 'g', -1, 64), "1e+06");
        assert_eq!(format_float(123456.0, 'g', -1, 64), "123456");
        assert_eq!(format_float(0.0001, 'g', -1, 64), "0.0001");
        assert_eq!(format_float(1e-5, 'g', -1, 64), "1e-05");
        assert_eq!(format_float(0.0, 'g', -1, 64), "0");
        assert_eq!(format_float(3.25159, 'f', 2, 64), "3.25");
        assert_eq!(format_float(3.0, 'e', 6, 64), "3.000000e+00");
        assert_eq!(format_float(1234.5678, 'g', 3, 64), "1.23e+03");
        assert_eq!(format_float(100.0, 'g', 3, 64), "100");
        assert_eq!(format_float(1000.0, 'g', 3, 64), "1e+03");
        assert_eq!(format_float(0.1, 'e', -1, 64), "1e-01");
        assert_eq!(format_float(2.5, 'x', -1, 64), "0x1.4p+01");
        assert_eq!(format_float(1.0, 'x', -1, 64), "0x1p+00");
        assert_eq!(format_float(1.0, 'b', -1, 64), "4503599627370496p-52");
        assert_eq!(format_float(-0.0, 'g', -1, 64), "-0");
        assert_eq!(format_float(0.1, 'g', -1, 32), "0.1");
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_uint("0x1F", 0), Ok(31));
        assert_eq!(parse_uint("017", 0), Ok(15));
        assert_eq!(parse_uint("1_000", 0), Ok(1000));
        assert_eq!(parse_uint("1__0", 0), Err(NumErr::Syntax));
        assert_eq!(parse_int("-9223372036854775808", 0), Ok(i64::MIN));
        assert_eq!(parse_int("9223372036854775808", 0), Err(NumErr::Range));
        assert_eq!(parse_float("1e3"), Ok(1000.0));
        assert_eq!(parse_float("0x1p-2"), Ok(0.25));
        assert_eq!(parse_float("1.5x"), Err(NumErr::Syntax));
        assert_eq!(
            num_error("ParseInt", "x", NumErr::Syntax),
            "strconv.ParseInt: parsing \"x\": invalid syntax"
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b\n\u{7f}é\u{a0}"), "\"a\\\"b\\n\\x7fé\\u00a0\"");
        assert_eq!(quote_ascii("é"), "\"\\u00e9\"");
        assert_eq!(unquote("\"a\\tb\\u00e9\""), Ok("a\tbé".into()));
        assert_eq!(unquote("`a\\n`"), Ok("a\\n".into()));
        assert_eq!(unquote("\"a"), Err(NumErr::Syntax));
        assert_eq!(quote_rune('a' as u32, false), "'a'");
    }
}
