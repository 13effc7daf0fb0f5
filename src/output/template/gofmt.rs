//! Go's `fmt` over template values: `Sprint`, `Sprintln`, `Sprintf` with every verb, flag,
//! width, precision and argument index, the `%!verb(type=value)` error forms, `%v` of maps,
//! slices, structs and pointers, and `String()` methods.

use super::methods;
use super::strconv;
use super::unicode;
use super::value::{Kind, Type, Value};
use std::fmt::Write as _;

/// `strconv.Quote`, for the lexer's and parser's messages.
pub fn quote(s: &str) -> String {
    strconv::quote(s)
}

#[derive(Clone, Copy, Default)]
struct Flags {
    wid_present: bool,
    prec_present: bool,
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    plus_v: bool,
    sharp_v: bool,
    wid: i64,
    prec: i64,
}

struct Printer {
    buf: String,
    f: Flags,
    /// The argument being printed as an interface value (`p.arg`), if any.
    arg: Option<Value>,
    /// The reflected value being printed (`p.value`), if any.
    value: Option<Value>,
    erroring: bool,
    panicking: bool,
    reordered: bool,
    good_arg_num: bool,
}

/// Is this argument Go's untyped nil interface?
fn is_nil_arg(v: &Value) -> bool {
    matches!(v, Value::Invalid | Value::Nil(Type::Iface))
}

/// `fmt.Sprint(args...)`.
pub fn sprint(args: &[Value]) -> String {
    let mut p = Printer::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let is_string = !is_nil_arg(a) && a.kind() == Kind::String;
        if i > 0 && !is_string && !prev_string {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v');
        prev_string = is_string;
    }
    p.buf
}

/// `fmt.Sprintln(args...)`.
pub fn sprintln(args: &[Value]) -> String {
    let mut p = Printer::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v');
    }
    p.buf.push('\n');
    p.buf
}

/// `fmt.Sprint(v)` of one value.
pub fn sprint_v(v: &Value) -> String {
    sprint(std::slice::from_ref(v))
}

/// `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut p = Printer::new();
    p.do_printf(format, args);
    p.buf
}

fn too_large(x: i64) -> bool {
    !(-1_000_000..=1_000_000).contains(&x)
}

fn parse_num(s: &[u8], start: usize, end: usize) -> (i64, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num = 0i64;
    let mut isnum = false;
    let mut i = start;
    while i < end && s[i].is_ascii_digit() {
        if too_large(num) {
            return (0, false, end);
        }
        num = num * 10 + (s[i] - b'0') as i64;
        isnum = true;
        i += 1;
    }
    (num, isnum, i)
}

fn parse_arg_number(format: &[u8]) -> (i64, usize, bool) {
    if format.len() < 3 {
        return (0, 1, false);
    }
    for i in 1..format.len() {
        if format[i] == b']' {
            let (width, ok, newi) = parse_num(format, 1, i);
            if !ok || newi != i {
                return (0, i + 1, false);
            }
            return (width - 1, i + 1, true);
        }
    }
    (0, 1, false)
}

const LDIGITS: &[u8] = b"0123456789abcdefx";
const UDIGITS: &[u8] = b"0123456789ABCDEFX";

impl Printer {
    fn new() -> Printer {
        Printer {
            buf: String::new(),
            f: Flags::default(),
            arg: None,
            value: None,
            erroring: false,
            panicking: false,
            reordered: false,
            good_arg_num: true,
        }
    }

    fn clear_flags(&mut self) {
        self.f = Flags::default();
    }

    // -- padding ------------------------------------------------------------

    fn write_padding(&mut self, n: i64) {
        if n <= 0 {
            return;
        }
        let c = if self.f.zero && !self.f.minus {
            '0'
        } else {
            ' '
        };
        for _ in 0..n {
            self.buf.push(c);
        }
    }

    fn pad(&mut self, s: &str) {
        if !self.f.wid_present || self.f.wid == 0 {
            self.buf.push_str(s);
            return;
        }
        let width = self.f.wid - s.chars().count() as i64;
        if !self.f.minus {
            self.write_padding(width);
            self.buf.push_str(s);
        } else {
            self.buf.push_str(s);
            self.write_padding(width);
        }
    }

    // -- basic formatters ---------------------------------------------------

    fn fmt_boolean(&mut self, v: bool) {
        self.pad(if v { "true" } else { "false" });
    }

    fn fmt_unicode(&mut self, u: u64) {
        let mut prec = 4i64;
        if self.f.prec_present && self.f.prec > 4 {
            prec = self.f.prec;
        }
        let mut digits = format!("{u:X}");
        while (digits.len() as i64) < prec {
            digits.insert(0, '0');
        }
        let mut s = format!("U+{digits}");
        if self.f.sharp {
            if let Some(c) = u32::try_from(u).ok().and_then(char::from_u32) {
                if unicode::is_print(c) {
                    let _ = write!(s, " '{c}'");
                }
            }
        }
        let old = self.f.zero;
        self.f.zero = false;
        self.pad(&s);
        self.f.zero = old;
    }

    fn fmt_integer(&mut self, u: u64, base: u32, signed: bool, verb: char, digits: &[u8]) {
        let negative = signed && (u as i64) < 0;
        let mut u = if negative {
            (u as i64).unsigned_abs()
        } else {
            u
        };
        let mut prec: i64 = 0;
        if self.f.prec_present {
            prec = self.f.prec;
            if prec == 0 && u == 0 {
                let old = self.f.zero;
                self.f.zero = false;
                let w = self.f.wid;
                self.write_padding(w);
                self.f.zero = old;
                return;
            }
        } else if self.f.zero && !self.f.minus && self.f.wid_present {
            prec = self.f.wid;
            if negative || self.f.plus || self.f.space {
                prec -= 1;
            }
        }
        let mut buf: Vec<u8> = Vec::new();
        match base {
            10 => {
                while u >= 10 {
                    buf.push(b'0' + (u % 10) as u8);
                    u /= 10;
                }
            }
            16 => {
                while u >= 16 {
                    buf.push(digits[(u & 0xf) as usize]);
                    u >>= 4;
                }
            }
            8 => {
                while u >= 8 {
                    buf.push(b'0' + (u & 7) as u8);
                    u >>= 3;
                }
            }
            _ => {
                while u >= 2 {
                    buf.push(b'0' + (u & 1) as u8);
                    u >>= 1;
                }
            }
        }
        buf.push(digits[u as usize]);
        while (buf.len() as i64) < prec {
            buf.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => buf.extend_from_slice(b"b0"),
                8 if buf.last() != Some(&b'0') => buf.push(b'0'),
                16 => {
                    buf.push(digits[16]);
                    buf.push(b'0');
                }
                _ => {}
            }
        }
        if verb == 'O' {
            buf.extend_from_slice(b"o0");
        }
        if negative {
            buf.push(b'-');
        } else if self.f.plus {
            buf.push(b'+');
        } else if self.f.space {
            buf.push(b' ');
        }
        buf.reverse();
        let s = String::from_utf8(buf).unwrap_or_default();
        let old = self.f.zero;
        self.f.zero = false;
        self.pad(&s);
        self.f.zero = old;
    }

    fn truncate_string<'s>(&self, s: &'s str) -> &'s str {
        if self.f.prec_present {
            let n = self.f.prec.max(0) as usize;
            if let Some((i, _)) = s.char_indices().nth(n) {
                return &s[..i];
            }
        }
        s
    }

    fn fmt_s(&mut self, s: &str) {
        let s = self.truncate_string(s).to_string();
        self.pad(&s);
    }

    fn fmt_sbx(&mut self, b: &[u8], digits: &[u8]) {
        let mut length = b.len() as i64;
        if self.f.prec_present && self.f.prec < length {
            length = self.f.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if self.f.space {
                if self.f.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.f.sharp {
                width += 2;
            }
        } else {
            if self.f.wid_present {
                let w = self.f.wid;
                self.write_padding(w);
            }
            return;
        }
        if self.f.wid_present && self.f.wid > width && !self.f.minus {
            self.write_padding(self.f.wid - width);
        }
        if self.f.sharp {
            self.buf.push('0');
            self.buf.push(digits[16] as char);
        }
        for (i, c) in b.iter().take(length as usize).enumerate() {
            if self.f.space && i > 0 {
                self.buf.push(' ');
                if self.f.sharp {
                    self.buf.push('0');
                    self.buf.push(digits[16] as char);
                }
            }
            self.buf.push(digits[(c >> 4) as usize] as char);
            self.buf.push(digits[(c & 0xf) as usize] as char);
        }
        if self.f.wid_present && self.f.wid > width && self.f.minus {
            self.write_padding(self.f.wid - width);
        }
    }

    fn fmt_q(&mut self, s: &str) {
        let s = self.truncate_string(s).to_string();
        if self.f.sharp && strconv::can_backquote(&s) {
            self.pad(&format!("`{s}`"));
            return;
        }
        let q = if self.f.plus {
            strconv::quote_ascii(&s)
        } else {
            strconv::quote(&s)
        };
        self.pad(&q);
    }

    fn fmt_c(&mut self, c: u64) {
        let ch = u32::try_from(c)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\u{fffd}');
        self.pad(&ch.to_string());
    }

    fn fmt_qc(&mut self, c: u64) {
        let r = u32::try_from(c)
            .ok()
            .filter(|r| char::from_u32(*r).is_some());
        let q = strconv::quote_rune(r.unwrap_or(0xfffd), self.f.plus);
        self.pad(&q);
    }

    fn fmt_float_raw(&mut self, v: f64, size: u32, verb: char, prec: i64) {
        let prec = if self.f.prec_present {
            self.f.prec
        } else {
            prec
        };
        let s = strconv::format_float(v, verb, prec as i32, size);
        let mut num: Vec<u8> = if s.starts_with('-') || s.starts_with('+') {
            s.into_bytes()
        } else {
            let mut n = vec![b'+'];
            n.extend_from_slice(s.as_bytes());
            n
        };
        if self.f.space && num[0] == b'+' && !self.f.plus {
            num[0] = b' ';
        }
        if num.get(1) == Some(&b'I') || num.get(1) == Some(&b'N') {
            let old = self.f.zero;
            self.f.zero = false;
            if num[1] == b'N' && !self.f.space && !self.f.plus {
                num.remove(0);
            }
            self.pad(&String::from_utf8_lossy(&num));
            self.f.zero = old;
            return;
        }
        if self.f.sharp && verb != 'b' {
            let mut digits: i64 = 0;
            if matches!(verb, 'v' | 'g' | 'G' | 'x') {
                digits = prec;
                if digits == -1 {
                    digits = 6;
                }
            }
            let mut tail: Vec<u8> = Vec::new();
            let mut has_point = false;
            let mut saw_nonzero = false;
            let mut i = 1;
            while i < num.len() {
                match num[i] {
                    b'.' => has_point = true,
                    b'p' | b'P' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                        break;
                    }
                    b'e' | b'E' if verb != 'x' && verb != 'X' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                        break;
                    }
                    c => {
                        if c != b'0' {
                            saw_nonzero = true;
                        }
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            if !has_point {
                if num.len() == 2 && num[1] == b'0' {
                    digits -= 1;
                }
                num.push(b'.');
            }
            while digits > 0 {
                num.push(b'0');
                digits -= 1;
            }
            num.extend_from_slice(&tail);
        }
        let text = String::from_utf8_lossy(&num).into_owned();
        if self.f.plus || num[0] != b'+' {
            if self.f.zero && !self.f.minus && self.f.wid_present && self.f.wid > num.len() as i64 {
                self.buf.push(num[0] as char);
                self.write_padding(self.f.wid - num.len() as i64);
                self.buf.push_str(&text[1..]);
                return;
            }
            self.pad(&text);
            return;
        }
        self.pad(&text[1..]);
    }

    // -- pp methods ---------------------------------------------------------

    fn bad_verb(&mut self, verb: char) {
        self.erroring = true;
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        if let Some(arg) = self.arg.clone() {
            let _ = write!(self.buf, "{}=", arg.ty());
            self.print_arg(&arg, 'v');
        } else if let Some(v) = self.value.clone().filter(Value::is_valid) {
            let _ = write!(self.buf, "{}=", v.ty());
            self.print_value(&v, 'v', 0);
        } else {
            self.buf.push_str("<nil>");
        }
        self.buf.push(')');
        self.erroring = false;
    }

    fn fmt_bool(&mut self, v: bool, verb: char) {
        match verb {
            't' | 'v' => self.fmt_boolean(v),
            _ => self.bad_verb(verb),
        }
    }

    fn fmt_0x64(&mut self, v: u64, leading0x: bool) {
        let sharp = self.f.sharp;
        self.f.sharp = leading0x;
        self.fmt_integer(v, 16, false, 'v', LDIGITS);
        self.f.sharp = sharp;
    }

    fn fmt_int(&mut self, v: u64, signed: bool, verb: char) {
        match verb {
            'v' => {
                if self.f.sharp_v && !signed {
                    self.fmt_0x64(v, true);
                } else {
                    self.fmt_integer(v, 10, signed, verb, LDIGITS);
                }
            }
            'd' => self.fmt_integer(v, 10, signed, verb, LDIGITS),
            'b' => self.fmt_integer(v, 2, signed, verb, LDIGITS),
            'o' | 'O' => self.fmt_integer(v, 8, signed, verb, LDIGITS),
            'x' => self.fmt_integer(v, 16, signed, verb, LDIGITS),
            'X' => self.fmt_integer(v, 16, signed, verb, UDIGITS),
            'c' => self.fmt_c(v),
            'q' => self.fmt_qc(v),
            'U' => self.fmt_unicode(v),
            _ => self.bad_verb(verb),
        }
    }

    fn fmt_float(&mut self, v: f64, size: u32, verb: char) {
        match verb {
            'v' => self.fmt_float_raw(v, size, 'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt_float_raw(v, size, verb, -1),
            'f' | 'e' | 'E' => self.fmt_float_raw(v, size, verb, 6),
            'F' => self.fmt_float_raw(v, size, 'f', 6),
            _ => self.bad_verb(verb),
        }
    }

    fn fmt_complex(&mut self, re: f64, im: f64, size: u32, verb: char) {
        match verb {
            'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E' => {
                let old = self.f.plus;
                self.buf.push('(');
                self.fmt_float(re, size / 2, verb);
                self.f.plus = true;
                self.fmt_float(im, size / 2, verb);
                self.buf.push_str("i)");
                self.f.plus = old;
            }
            _ => self.bad_verb(verb),
        }
    }

    fn fmt_string(&mut self, v: &str, verb: char) {
        match verb {
            'v' => {
                if self.f.sharp_v {
                    self.fmt_q(v);
                } else {
                    self.fmt_s(v);
                }
            }
            's' => self.fmt_s(v),
            'x' => self.fmt_sbx(v.as_bytes(), LDIGITS),
            'X' => self.fmt_sbx(v.as_bytes(), UDIGITS),
            'q' => self.fmt_q(v),
            _ => self.bad_verb(verb),
        }
    }

    fn fmt_bytes(&mut self, v: &[u8], is_nil: bool, verb: char, type_string: &str) {
        match verb {
            'v' | 'd' => {
                if self.f.sharp_v {
                    self.buf.push_str(type_string);
                    if is_nil {
                        self.buf.push_str("(nil)");
                        return;
                    }
                    self.buf.push('{');
                    for (i, c) in v.iter().enumerate() {
                        if i > 0 {
                            self.buf.push_str(", ");
                        }
                        self.fmt_0x64(*c as u64, true);
                    }
                    self.buf.push('}');
                } else {
                    self.buf.push('[');
                    for (i, c) in v.iter().enumerate() {
                        if i > 0 {
                            self.buf.push(' ');
                        }
                        self.fmt_integer(*c as u64, 10, false, verb, LDIGITS);
                    }
                    self.buf.push(']');
                }
            }
            's' => {
                let s = String::from_utf8_lossy(v).into_owned();
                self.fmt_s(&s);
            }
            'x' => self.fmt_sbx(v, LDIGITS),
            'X' => self.fmt_sbx(v, UDIGITS),
            'q' => {
                let s = String::from_utf8_lossy(v).into_owned();
                self.fmt_q(&s);
            }
            _ => {
                let items = v
                    .iter()
                    .map(|b| Value::Uint(*b as u64, Type::Basic(Kind::Uint8)))
                    .collect();
                let sl = Value::Slice(
                    std::rc::Rc::new(items),
                    Type::slice(Type::Basic(Kind::Uint8)),
                );
                self.print_value(&sl, verb, 0);
            }
        }
    }

    fn fmt_pointer(&mut self, value: &Value, verb: char) {
        let u: u64 = match value {
            Value::Nil(t)
                if matches!(t.kind(), Kind::Ptr | Kind::Map | Kind::Slice | Kind::Func) =>
            {
                0
            }
            Value::Ptr(p, _) => address(std::rc::Rc::as_ptr(p) as usize),
            Value::Map(m, _) => address(std::rc::Rc::as_ptr(m) as usize),
            Value::Slice(s, _) => address(s.as_ptr() as usize),
            _ => {
                self.bad_verb(verb);
                return;
            }
        };
        match verb {
            'v' => {
                if self.f.sharp_v {
                    let _ = write!(self.buf, "({})(", value.ty());
                    if u == 0 {
                        self.buf.push_str("nil");
                    } else {
                        self.fmt_0x64(u, true);
                    }
                    self.buf.push(')');
                } else if u == 0 {
                    self.pad("<nil>");
                } else {
                    let sharp = !self.f.sharp;
                    self.fmt_0x64(u, sharp);
                }
            }
            'p' => {
                let sharp = !self.f.sharp;
                self.fmt_0x64(u, sharp);
            }
            'b' | 'o' | 'd' | 'x' | 'X' => self.fmt_int(u, false, verb),
            _ => self.bad_verb(verb),
        }
    }

    /// `handleMethods`: `String()`/`Error()`/`GoString()` of the current argument.
    fn handle_methods(&mut self, verb: char) -> bool {
        if self.erroring {
            return false;
        }
        let Some(arg) = self.arg.clone() else {
            return false;
        };
        if verb == 'w' {
            self.bad_verb(verb);
            return true;
        }
        if self.f.sharp_v {
            if let Some(s) = methods::go_string(&arg) {
                self.fmt_s(&s);
                return true;
            }
            return false;
        }
        if matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
            match methods::stringer(&arg) {
                Some(Ok(s)) => {
                    self.fmt_string(&s, verb);
                    return true;
                }
                Some(Err(panic)) => {
                    self.catch_panic(&arg, verb, &panic);
                    return true;
                }
                None => {}
            }
        }
        false
    }

    fn catch_panic(&mut self, arg: &Value, verb: char, msg: &str) {
        if matches!(arg, Value::Nil(t) if t.kind() == Kind::Ptr) {
            self.buf.push_str("<nil>");
            return;
        }
        let old = self.f;
        self.clear_flags();
        let _ = write!(self.buf, "%!{verb}(PANIC=String method: {msg})");
        self.f = old;
    }

    fn print_arg(&mut self, arg: &Value, verb: char) {
        self.arg = Some(arg.clone());
        self.value = None;
        if is_nil_arg(arg) {
            self.arg = None;
            match verb {
                'T' | 'v' => self.pad("<nil>"),
                _ => self.bad_verb(verb),
            }
            return;
        }
        match verb {
            'T' => {
                let t = arg.ty().to_string();
                self.fmt_s(&t);
                return;
            }
            'p' => {
                self.fmt_pointer(arg, 'p');
                return;
            }
            _ => {}
        }
        // Unnamed basic types print directly; named ones may have methods.
        let named = arg.ty().named().is_some();
        if !named {
            match arg {
                Value::Bool(b, _) => return self.fmt_bool(*b, verb),
                Value::Float(f, t) => return self.fmt_float(*f, t.kind().bits(), verb),
                Value::Complex(re, im, t) => {
                    return self.fmt_complex(*re, *im, t.kind().bits(), verb)
                }
                Value::Int(i, _) => return self.fmt_int(*i as u64, true, verb),
                Value::Uint(u, _) => return self.fmt_int(*u, false, verb),
                Value::Str(s, _) => return self.fmt_string(s, verb),
                Value::Slice(items, t) if t.elem() == Type::Basic(Kind::Uint8) => {
                    let bytes: Vec<u8> = items.iter().map(byte_of).collect();
                    return self.fmt_bytes(&bytes, false, verb, "[]byte");
                }
                Value::Nil(t) if *t == Type::slice(Type::Basic(Kind::Uint8)) => {
                    return self.fmt_bytes(&[], true, verb, "[]byte");
                }
                _ => {}
            }
        }
        if !self.handle_methods(verb) {
            self.print_value(arg, verb, 0);
        }
    }

    fn print_value(&mut self, value: &Value, verb: char, depth: usize) {
        if depth > 0 && value.is_valid() {
            self.arg = Some(value.clone());
            if self.handle_methods(verb) {
                return;
            }
        }
        self.arg = None;
        self.value = Some(value.clone());
        match value {
            Value::Invalid => {
                if depth == 0 {
                    self.buf.push_str("<invalid reflect.Value>");
                } else if verb == 'v' {
                    self.buf.push_str("<nil>");
                } else {
                    self.bad_verb(verb);
                }
            }
            Value::Bool(b, _) => self.fmt_bool(*b, verb),
            Value::Int(i, _) => self.fmt_int(*i as u64, true, verb),
            Value::Uint(u, _) => self.fmt_int(*u, false, verb),
            Value::Float(f, t) => self.fmt_float(*f, t.kind().bits(), verb),
            Value::Complex(re, im, t) => self.fmt_complex(*re, *im, t.kind().bits(), verb),
            Value::Str(s, _) => self.fmt_string(s, verb),
            Value::Time(t) => {
                // Reached only with methods switched off (inside a bad-verb report).
                let s = t.string();
                self.fmt_string(&s, verb);
            }
            Value::Map(..) | Value::Nil(_) if value.kind() == Kind::Map => {
                let t = value.ty();
                if self.f.sharp_v {
                    let _ = write!(self.buf, "{t}");
                    if value.is_nil() {
                        self.buf.push_str("(nil)");
                        return;
                    }
                    self.buf.push('{');
                } else {
                    self.buf.push_str("map[");
                }
                let key_ty = t.key();
                for (i, (k, v)) in value.entries().unwrap_or_default().into_iter().enumerate() {
                    if i > 0 {
                        if self.f.sharp_v {
                            self.buf.push_str(", ");
                        } else {
                            self.buf.push(' ');
                        }
                    }
                    self.print_value(&Value::Str(k, key_ty.clone()), verb, depth + 1);
                    self.buf.push(':');
                    self.print_value(&v, verb, depth + 1);
                }
                self.buf.push(if self.f.sharp_v { '}' } else { ']' });
            }
            Value::Struct(fields, t) => {
                if self.f.sharp_v {
                    let _ = write!(self.buf, "{t}");
                }
                self.buf.push('{');
                for (i, (def, v)) in t.fields().iter().zip(fields.iter()).enumerate() {
                    if i > 0 {
                        if self.f.sharp_v {
                            self.buf.push_str(", ");
                        } else {
                            self.buf.push(' ');
                        }
                    }
                    if self.f.plus_v || self.f.sharp_v {
                        self.buf.push_str(&def.name);
                        self.buf.push(':');
                    }
                    // Unexported fields cannot be interfaced: no methods for them.
                    if def.exported() || !v.is_valid() {
                        self.print_value(v, verb, depth + 1);
                    } else {
                        let saved = self.erroring;
                        self.erroring = true;
                        self.print_value(v, verb, depth + 1);
                        self.erroring = saved;
                    }
                }
                self.buf.push('}');
            }
            Value::Nil(t) if t.kind() == Kind::Interface => {
                if self.f.sharp_v {
                    let _ = write!(self.buf, "{t}(nil)");
                } else {
                    self.buf.push_str("<nil>");
                }
            }
            Value::Slice(..) | Value::Nil(_) if value.kind() == Kind::Slice => {
                let t = value.ty();
                let items = value.items().unwrap_or_default();
                if matches!(verb, 's' | 'q' | 'x' | 'X') && t.elem().kind() == Kind::Uint8 {
                    let bytes: Vec<u8> = items.iter().map(byte_of).collect();
                    self.fmt_bytes(&bytes, value.is_nil(), verb, &t.to_string());
                    return;
                }
                if self.f.sharp_v {
                    let _ = write!(self.buf, "{t}");
                    if value.is_nil() {
                        self.buf.push_str("(nil)");
                        return;
                    }
                    self.buf.push('{');
                    for (i, v) in items.iter().enumerate() {
                        if i > 0 {
                            self.buf.push_str(", ");
                        }
                        self.print_value(v, verb, depth + 1);
                    }
                    self.buf.push('}');
                } else {
                    self.buf.push('[');
                    for (i, v) in items.iter().enumerate() {
                        if i > 0 {
                            self.buf.push(' ');
                        }
                        self.print_value(v, verb, depth + 1);
                    }
                    self.buf.push(']');
                }
            }
            Value::Ptr(inner, _) => {
                if depth == 0 && matches!(inner.kind(), Kind::Slice | Kind::Struct | Kind::Map) {
                    self.buf.push('&');
                    self.print_value(inner, verb, depth + 1);
                    return;
                }
                self.fmt_pointer(value, verb);
            }
            Value::Nil(_) => self.fmt_pointer(value, verb),
            _ => {
                let _ = write!(self.buf, "?{}?", value.ty());
            }
        }
    }

    fn int_from_arg(&self, args: &[Value], arg_num: usize) -> (i64, bool, usize) {
        let mut new_arg_num = arg_num;
        let mut num = 0i64;
        let mut is_int = false;
        if let Some(a) = args.get(arg_num) {
            match a {
                Value::Int(i, _) => {
                    num = *i;
                    is_int = true;
                }
                Value::Uint(u, _) if *u <= i64::MAX as u64 => {
                    num = *u as i64;
                    is_int = true;
                }
                _ => {}
            }
            new_arg_num = arg_num + 1;
            if too_large(num) {
                num = 0;
                is_int = false;
            }
        }
        (num, is_int, new_arg_num)
    }

    fn arg_number(
        &mut self,
        arg_num: usize,
        format: &[u8],
        i: usize,
        num_args: usize,
    ) -> (usize, usize, bool) {
        if format.len() <= i || format[i] != b'[' {
            return (arg_num, i, false);
        }
        self.reordered = true;
        let (index, wid, ok) = parse_arg_number(&format[i..]);
        if ok && index >= 0 && (index as usize) < num_args {
            return (index as usize, i + wid, true);
        }
        self.good_arg_num = false;
        (arg_num, i + wid, ok)
    }

    fn do_printf(&mut self, format: &str, a: &[Value]) {
        let fb = format.as_bytes();
        let end = fb.len();
        let mut arg_num = 0usize;
        let mut after_index;
        self.reordered = false;
        let mut i = 0usize;
        'outer: while i < end {
            self.good_arg_num = true;
            let lasti = i;
            while i < end && fb[i] != b'%' {
                i += 1;
            }
            if i > lasti {
                self.buf.push_str(&format[lasti..i]);
            }
            if i >= end {
                break;
            }
            i += 1;
            self.clear_flags();
            while i < end {
                let c = fb[i];
                match c {
                    b'#' => self.f.sharp = true,
                    b'0' => self.f.zero = true,
                    b'+' => self.f.plus = true,
                    b'-' => self.f.minus = true,
                    b' ' => self.f.space = true,
                    _ => {
                        if c.is_ascii_lowercase() && arg_num < a.len() {
                            if c == b'v' {
                                self.f.sharp_v = self.f.sharp;
                                self.f.sharp = false;
                                self.f.plus_v = self.f.plus;
                                self.f.plus = false;
                            }
                            self.print_arg(&a[arg_num], c as char);
                            arg_num += 1;
                            i += 1;
                            continue 'outer;
                        }
                        break;
                    }
                }
                i += 1;
            }
            let r = self.arg_number(arg_num, fb, i, a.len());
            arg_num = r.0;
            i = r.1;
            after_index = r.2;
            if i < end && fb[i] == b'*' {
                i += 1;
                let (w, ok, n) = self.int_from_arg(a, arg_num);
                self.f.wid = w;
                self.f.wid_present = ok;
                arg_num = n;
                if !ok {
                    self.buf.push_str("%!(BADWIDTH)");
                }
                if self.f.wid < 0 {
                    self.f.wid = -self.f.wid;
                    self.f.minus = true;
                    self.f.zero = false;
                }
                after_index = false;
            } else {
                let (w, ok, ni) = parse_num(fb, i, end);
                self.f.wid = w;
                self.f.wid_present = ok;
                i = ni;
                if after_index && ok {
                    self.good_arg_num = false;
                }
            }
            if i + 1 < end && fb[i] == b'.' {
                i += 1;
                if after_index {
                    self.good_arg_num = false;
                }
                let r = self.arg_number(arg_num, fb, i, a.len());
                arg_num = r.0;
                i = r.1;
                after_index = r.2;
                if i < end && fb[i] == b'*' {
                    i += 1;
                    let (p, ok, n) = self.int_from_arg(a, arg_num);
                    self.f.prec = p;
                    self.f.prec_present = ok;
                    arg_num = n;
                    if self.f.prec < 0 {
                        self.f.prec = 0;
                        self.f.prec_present = false;
                    }
                    if !ok {
                        self.buf.push_str("%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (p, ok, ni) = parse_num(fb, i, end);
                    self.f.prec = p;
                    self.f.prec_present = ok;
                    i = ni;
                    if !ok {
                        self.f.prec = 0;
                        self.f.prec_present = true;
                    }
                }
            }
            if !after_index {
                let r = self.arg_number(arg_num, fb, i, a.len());
                arg_num = r.0;
                i = r.1;
            }
            if i >= end {
                self.buf.push_str("%!(NOVERB)");
                break;
            }
            let verb = format[i..].chars().next().unwrap_or('\u{fffd}');
            i += verb.len_utf8();
            match verb {
                '%' => self.buf.push('%'),
                _ if !self.good_arg_num => {
                    let _ = write!(self.buf, "%!{verb}(BADINDEX)");
                }
                _ if arg_num >= a.len() => {
                    let _ = write!(self.buf, "%!{verb}(MISSING)");
                }
                _ => {
                    if verb == 'v' || verb == 'w' {
                        self.f.sharp_v = self.f.sharp;
                        self.f.sharp = false;
                        self.f.plus_v = self.f.plus;
                        self.f.plus = false;
                    }
                    self.print_arg(&a[arg_num], verb);
                    arg_num += 1;
                }
            }
        }
        if !self.reordered && arg_num < a.len() {
            self.clear_flags();
            self.buf.push_str("%!(EXTRA ");
            for (i, arg) in a[arg_num..].iter().enumerate() {
                if i > 0 {
                    self.buf.push_str(", ");
                }
                if is_nil_arg(arg) {
                    self.buf.push_str("<nil>");
                } else {
                    let _ = write!(self.buf, "{}=", arg.ty());
                    self.print_arg(arg, 'v');
                }
            }
            self.buf.push(')');
        }
        let _ = self.panicking;
    }
}

fn byte_of(v: &Value) -> u8 {
    match v {
        Value::Uint(u, _) => *u as u8,
        Value::Int(i, _) => *i as u8,
        _ => 0,
    }
}

/// A pointer's printed address (rnomad's own memory, as Go prints Go's).
fn address(p: usize) -> u64 {
    p as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::template::value::{self as v};
    use std::rc::Rc;

    fn s(f: &str, a: &[Value]) -> String {
        sprintf(f, a)
    }

    #[test]
    fn verbs() {
        let i = Value::int(42);
        assert_eq!(
            s(
                "%d|%5d|%-5d|%05d|%x|%X|%o|%b|%c|%q|%U",
                &[
                    i.clone(),
                    i.clone(),
                    i.clone(),
                    i.clone(),
                    i.clone(),
                    i.clone(),
                    i.clone(),
                    i.clone(),
                    i.clone(),
                    i.clone(),
                    i.clone()
                ]
            ),
            "42|   42|42   |00042|2a|2A|52|101010|*|'*'|U+002A"
        );
        assert_eq!(
            s("%T %T %T", &[i.clone(), Value::str("a"), Value::nil()]),
            "int string <nil>"
        );
        assert_eq!(s("%s", std::slice::from_ref(&i)), "%!s(int=42)");
        assert_eq!(s("%d %d", std::slice::from_ref(&i)), "42 %!d(MISSING)");
        assert_eq!(s("%d", &[i.clone(), i.clone()]), "42%!(EXTRA int=42)");
        assert_eq!(s("%[2]d %[1]d", &[Value::int(1), Value::int(2)]), "2 1");
        assert_eq!(
            s(
                "%.2f %e %g %v",
                &[
                    Value::float(3.25159),
                    Value::float(1e6),
                    Value::float(1e6),
                    Value::float(1e21)
                ]
            ),
            "3.25 1.000000e+06 1e+06 1e+21"
        );
        assert_eq!(
            s(
                "%6.2f|%-8.3s|%q|%x",
                &[
                    Value::float(3.25159),
                    Value::str("abcdef"),
                    Value::str("a\"b"),
                    Value::str("hi")
                ]
            ),
            "  3.25|abc     |\"a\\\"b\"|6869"
        );
        let l = Value::strings(vec!["a".into(), "b".into()]);
        assert_eq!(
            s("%v %s %q %d", &[l.clone(), l.clone(), l.clone(), l.clone()]),
            "[a b] [a b] [\"a\" \"b\"] [%!d(string=a) %!d(string=b)]"
        );
        assert_eq!(s("%#v", &[l]), "[]string{\"a\", \"b\"}");
        let m = Value::dict(
            [
                (Rc::from("b"), Value::int(2)),
                (Rc::from("a"), Value::str("x")),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(
            s("%v|%#v", &[m.clone(), m]),
            "map[a:x b:2]|map[string]interface {}{\"a\":\"x\", \"b\":2}"
        );
        assert_eq!(
            s("%v %d", &[Value::nil(), Value::nil()]),
            "<nil> %!d(<nil>)"
        );
        assert_eq!(
            sprint(&[
                Value::str("a"),
                Value::int(1),
                Value::int(2),
                Value::str("b")
            ]),
            "a1 2b"
        );
        assert_eq!(s("%v", &[Value::Nil(v::Type::ptr(v::INT))]), "<nil>");
        assert_eq!(
            s(
                "%5.1q|%+q|%#q",
                &[Value::str("héllo"), Value::str("é"), Value::str("a")]
            ),
            "  \"h\"|\"\\u00e9\"|`a`"
        );
        assert_eq!(
            s(
                "%08.3f|%+d|% d|%x",
                &[
                    Value::float(-3.25159),
                    Value::int(5),
                    Value::int(5),
                    Value::int(-255)
                ]
            ),
            "-003.252|+5| 5|-ff"
        );
    }
}
