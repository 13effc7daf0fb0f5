//! `encoding/json` for sprig's `toJson` family: Go's `Marshal` (HTML characters escaped),
//! `MarshalIndent` and an `Encoder` without HTML escaping, over template values — structs by
//! their json tags (`omitempty`, `-`, embedded structs inlined), `[]byte` as base64, map keys
//! sorted, `time.Time` as RFC 3339, and Go's errors for what JSON cannot hold.

use super::super::strconv;
use super::super::value::{Kind, Value};
use super::encoding::base64_encode;

pub struct Opts {
    pub escape_html: bool,
    /// `MarshalIndent`'s indent (prefix is always empty for sprig).
    pub indent: Option<&'static str>,
}

pub fn marshal(v: &Value, o: &Opts) -> Result<String, String> {
    let mut out = String::new();
    encode(&mut out, v, o, 0)?;
    Ok(out)
}

fn newline(out: &mut String, o: &Opts, depth: usize) {
    if let Some(ind) = o.indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(ind);
        }
    }
}

fn encode(out: &mut String, v: &Value, o: &Opts, depth: usize) -> Result<(), String> {
    match v {
        Value::Invalid | Value::Nil(_) => out.push_str("null"),
        Value::Bool(b, _) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i, _) => out.push_str(&i.to_string()),
        Value::Uint(u, _) => out.push_str(&u.to_string()),
        Value::Float(f, t) => {
            let bits = if t.kind() == Kind::Float32 { 32 } else { 64 };
            out.push_str(&float(*f, bits)?);
        }
        Value::Complex(_, _, t) => return Err(format!("json: unsupported type: {t}")),
        Value::Str(s, _) => string(out, s, o.escape_html),
        // `semver.Version` marshals as its String().
        Value::Ptr(inner, _) if inner.ty().to_string() == "semver.Version" => {
            string(out, &super::semver::version_string(inner), o.escape_html)
        }
        Value::Ptr(inner, _) => encode(out, inner, o, depth)?,
        Value::Time(t) => {
            let y = t.civil().year;
            if !(0..=9999).contains(&y) {
                return Err("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]".into());
            }
            string(
                out,
                &t.format("2006-01-02T15:04:05.999999999Z07:00"),
                o.escape_html,
            );
        }
        Value::Slice(items, t) => {
            if t.elem().kind() == Kind::Uint8 && t.elem().named().is_none() {
                let bytes: Vec<u8> = items
                    .iter()
                    .map(|b| match b {
                        Value::Uint(u, _) => *u as u8,
                        _ => 0,
                    })
                    .collect();
                out.push('"');
                out.push_str(&base64_encode(&bytes));
                out.push('"');
                return Ok(());
            }
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, o, depth + 1);
                encode(out, x, o, depth + 1)?;
            }
            if !items.is_empty() {
                newline(out, o, depth);
            }
            out.push(']');
        }
        Value::Map(m, _) => {
            let m = m.borrow();
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, o, depth + 1);
                string(out, k, o.escape_html);
                out.push(':');
                if o.indent.is_some() {
                    out.push(' ');
                }
                encode(out, x, o, depth + 1)?;
            }
            if !m.is_empty() {
                newline(out, o, depth);
            }
            out.push('}');
        }
        Value::Struct(..) => {
            let mut fields = Vec::new();
            struct_fields(v, &mut fields);
            out.push('{');
            for (i, (k, x)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, o, depth + 1);
                string(out, k, o.escape_html);
                out.push(':');
                if o.indent.is_some() {
                    out.push(' ');
                }
                encode(out, x, o, depth + 1)?;
            }
            if !fields.is_empty() {
                newline(out, o, depth);
            }
            out.push('}');
        }
    }
    Ok(())
}

/// `isEmptyValue` for `omitempty`.
fn is_empty_value(v: &Value) -> bool {
    match v {
        Value::Invalid | Value::Nil(_) => true,
        Value::Bool(b, _) => !b,
        Value::Int(i, _) => *i == 0,
        Value::Uint(u, _) => *u == 0,
        Value::Float(f, _) => *f == 0.0,
        Value::Str(s, _) => s.is_empty(),
        Value::Slice(l, _) => l.is_empty(),
        Value::Map(m, _) => m.borrow().is_empty(),
        _ => false,
    }
}

/// A struct's encoded fields in order: exported fields by their json names, embedded structs
/// without a tag name inlined (a field of the outer struct wins over an inlined one).
fn struct_fields(v: &Value, out: &mut Vec<(String, Value)>) {
    let Value::Struct(vals, ty) = v else {
        return;
    };
    for (f, x) in ty.fields().iter().zip(vals.iter()) {
        if f.embedded && f.json_key.as_deref() == Some(f.name.as_str()) {
            let inner = match x {
                Value::Ptr(p, _) => (**p).clone(),
                Value::Nil(_) => continue,
                other => other.clone(),
            };
            if inner.kind() == Kind::Struct {
                let mut sub = Vec::new();
                struct_fields(&inner, &mut sub);
                for (k, y) in sub {
                    if !out.iter().any(|(n, _)| *n == k)
                        && !ty
                            .fields()
                            .iter()
                            .any(|g| !g.embedded && g.json_key.as_ref() == Some(&k))
                    {
                        out.push((k, y));
                    }
                }
                continue;
            }
        }
        let Some(key) = &f.json_key else { continue };
        if !f.exported() || f.omitempty && is_empty_value(x) {
            continue;
        }
        out.push((key.clone(), x.clone()));
    }
}

/// encoding/json's float text: shortest digits, exponent form outside [1e-6, 1e21).
fn float(f: f64, bits: u32) -> Result<String, String> {
    if !f.is_finite() {
        return Err(format!(
            "json: unsupported value: {}",
            strconv::format_float(f, 'g', -1, bits)
        ));
    }
    let a = f.abs();
    let exp_form = a != 0.0
        && if bits == 64 {
            !(1e-6..1e21).contains(&a)
        } else {
            let a = a as f32;
            !(1e-6f32..1e21f32).contains(&a)
        };
    let mut s = strconv::format_float(f, if exp_form { 'e' } else { 'f' }, -1, bits);
    if exp_form {
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
    }
    Ok(s)
}

/// A JSON string as encoding/json writes it.
pub fn string(out: &mut String, s: &str, escape_html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' if escape_html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------
// Decoding (`json.Unmarshal` into `interface{}`) with Go's error texts

/// `json.Unmarshal(text, &v)` for `v interface{}`: objects as `map[string]interface {}`,
/// numbers as `float64`; syntax errors worded as Go's scanner words them.
pub fn unmarshal(text: &str) -> Result<Value, String> {
    let mut p = Parser {
        b: text.as_bytes(),
        i: 0,
    };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.bad("after top-level value"));
    }
    Ok(v)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

const EOF: &str = "unexpected end of JSON input";

/// The scanner's `quoteChar`.
fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '"' => "'\"'".into(),
        c => {
            let q = strconv::quote(&c.to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    /// The error for the byte at the cursor (end of input: Go's EOF error).
    fn bad(&self, ctx: &str) -> String {
        match std::str::from_utf8(&self.b[self.i..])
            .ok()
            .and_then(|s| s.chars().next())
            .or_else(|| self.b.get(self.i).map(|b| *b as char))
        {
            None => EOF.into(),
            Some(c) => format!("invalid character {} {ctx}", quote_char(c)),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn value(&mut self) -> Result<Value, String> {
        match self.peek() {
            None => Err(EOF.into()),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(Value::string(self.string()?)),
            Some(b't') => self.literal("true", Value::bool(true)),
            Some(b'f') => self.literal("false", Value::bool(false)),
            Some(b'n') => self.literal("null", Value::nil()),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.bad("looking for beginning of value")),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, String> {
        for (k, want) in word.bytes().enumerate() {
            match self.peek() {
                None => return Err(EOF.into()),
                Some(c) if c == want => self.i += 1,
                Some(_) => {
                    return Err(self.bad(&format!(
                        "in literal {word} (expecting {})",
                        quote_char(word.as_bytes()[k] as char)
                    )))
                }
            }
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            None => return Err(EOF.into()),
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            Some(_) => return Err(self.bad("in numeric literal")),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.bad("after decimal point in numeric literal"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.bad("in exponent of numeric literal"));
            }
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
        match strconv::parse_float(text) {
            Ok(f) => Ok(Value::float(f)),
            Err(_) => Err(format!(
                "json: cannot unmarshal number {text} into Go value of type float64"
            )),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(EOF.into());
            };
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(String::from_utf8_lossy(&out).into_owned());
                }
                b'\\' => {
                    self.i += 1;
                    let Some(e) = self.peek() else {
                        return Err(EOF.into());
                    };
                    self.i += 1;
                    match e {
                        b'"' | b'\\' | b'/' => out.push(e),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let r = self.hex4()?;
                            let ch = if (0xD800..0xDC00).contains(&r)
                                && self.b.get(self.i..self.i + 2) == Some(b"\\u")
                            {
                                let save = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    char::from_u32(0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    self.i = save;
                                    None
                                }
                            } else {
                                char::from_u32(r)
                            };
                            let ch = ch.unwrap_or('\u{fffd}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.bad("in string escape code"));
                        }
                    }
                }
                c if c < 0x20 => return Err(self.bad("in string literal")),
                c => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut r = 0u32;
        for _ in 0..4 {
            let Some(c) = self.peek() else {
                return Err(EOF.into());
            };
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(self.bad("in \\u hexadecimal character escape")),
            };
            r = r * 16 + d as u32;
            self.i += 1;
        }
        Ok(r)
    }

    fn array(&mut self) -> Result<Value, String> {
        self.i += 1;
        self.ws();
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Value::list(items));
        }
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            match self.peek() {
                None => return Err(EOF.into()),
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::list(items));
                }
                Some(_) => return Err(self.bad("after array element")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, String> {
        self.i += 1;
        let mut m = std::collections::BTreeMap::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Value::dict(m));
        }
        loop {
            self.ws();
            match self.peek() {
                None => return Err(EOF.into()),
                Some(b'"') => {}
                Some(_) => return Err(self.bad("looking for beginning of object key string")),
            }
            let k = self.string()?;
            self.ws();
            match self.peek() {
                None => return Err(EOF.into()),
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.bad("after object key")),
            }
            self.ws();
            let v = self.value()?;
            m.insert(std::rc::Rc::from(k.as_str()), v);
            self.ws();
            match self.peek() {
                None => return Err(EOF.into()),
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::dict(m));
                }
                Some(_) => return Err(self.bad("after object key:value pair")),
            }
        }
    }
}
