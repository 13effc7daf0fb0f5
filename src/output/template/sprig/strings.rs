//! sprig's string functions (Go's `strings`, Masterminds/goutils v1.1.1 and huandu/xstrings
//! v1.5.0 underneath), with their quirks: goutils' `initials` and `nospace` read bytes as
//! runes, `substr` panics like a Go slice expression, `title` is the deprecated
//! `strings.Title`.

use super::super::funcs::Imp;
use super::super::gofmt;
use super::super::unicode as u;
use super::super::value::{Type, Value, STRING};
use super::{any_arg, bytes_str, check_slice, int_arg, kind_of, str_arg, strval};
use std::collections::BTreeMap;
use std::rc::Rc;

fn s(v: String) -> Result<Value, String> {
    Ok(Value::string(v))
}

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        ("hello", "func() string", |_| s("Hello!".into())),
        ("abbrev", "func(int, string) string", |a| {
            let (w, t) = (int_arg(a, 0), str_arg(a, 1));
            s(if w < 4 {
                t.to_string()
            } else {
                abbreviate_full(t, 0, w).unwrap_or_default()
            })
        }),
        ("abbrevboth", "func(int, int, string) string", |a| {
            let (l, r, t) = (int_arg(a, 0), int_arg(a, 1), str_arg(a, 2));
            s(if r < 4 || l > 0 && r < 7 {
                t.to_string()
            } else {
                abbreviate_full(t, l, r).unwrap_or_default()
            })
        }),
        ("trunc", "func(int, string) string", |a| {
            let (c, t) = (int_arg(a, 0), str_arg(a, 1));
            let n = t.len() as i64;
            s(if c < 0 && n + c > 0 {
                bytes_str(&t.as_bytes()[(n + c) as usize..])
            } else if c >= 0 && n > c {
                bytes_str(&t.as_bytes()[..c as usize])
            } else {
                t.to_string()
            })
        }),
        ("trim", "func(string) string", |a| {
            s(str_arg(a, 0).trim_matches(u::is_space).to_string())
        }),
        ("upper", "func(string) string", |a| {
            s(u::upper(str_arg(a, 0)))
        }),
        ("lower", "func(string) string", |a| {
            s(u::lower(str_arg(a, 0)))
        }),
        ("title", "func(string) string", |a| s(title(str_arg(a, 0)))),
        ("untitle", "func(string) string", |a| {
            s(untitle(str_arg(a, 0)))
        }),
        ("substr", "func(int, int, string) string", substr),
        ("repeat", "func(int, string) string", |a| {
            let n = int_arg(a, 0);
            if n < 0 {
                return Err("strings: negative Repeat count".into());
            }
            let t = str_arg(a, 1);
            if !t.is_empty() && (n as u128) * (t.len() as u128) > (1u128 << 31) {
                return Err("strings: Repeat output length overflow".into());
            }
            s(t.repeat(n as usize))
        }),
        ("trimall", "func(string, string) string", trim_all),
        ("trimAll", "func(string, string) string", trim_all),
        ("trimSuffix", "func(string, string) string", |a| {
            let t = str_arg(a, 1);
            s(t.strip_suffix(str_arg(a, 0)).unwrap_or(t).to_string())
        }),
        ("trimPrefix", "func(string, string) string", |a| {
            let t = str_arg(a, 1);
            s(t.strip_prefix(str_arg(a, 0)).unwrap_or(t).to_string())
        }),
        ("nospace", "func(string) string", |a| {
            // goutils reads each byte as a rune.
            let t = str_arg(a, 0);
            if t.bytes().all(|b| !u::is_space(b as char)) {
                return s(t.to_string());
            }
            s(t.bytes()
                .map(|b| b as char)
                .filter(|c| !u::is_space(*c))
                .collect())
        }),
        ("initials", "func(string) string", |a| {
            let mut out = String::new();
            let mut gap = true;
            for b in str_arg(a, 0).bytes() {
                let c = b as char;
                if u::is_space(c) {
                    gap = true;
                } else if gap {
                    out.push(c);
                    gap = false;
                }
            }
            s(out)
        }),
        ("swapcase", "func(string) string", |a| {
            s(swap_case(str_arg(a, 0)))
        }),
        ("shuffle", "func(string) string", |a| {
            let mut r: Vec<char> = str_arg(a, 0).chars().collect();
            for i in (1..r.len()).rev() {
                let j = super::crypto::random_below(i as u64 + 1) as usize;
                r.swap(i, j);
            }
            s(r.into_iter().collect())
        }),
        ("snakecase", "func(string) string", |a| {
            s(to_lower_case(str_arg(a, 0), '_'))
        }),
        ("kebabcase", "func(string) string", |a| {
            s(to_lower_case(str_arg(a, 0), '-'))
        }),
        ("camelcase", "func(string) string", |a| {
            s(pascal_case(str_arg(a, 0)))
        }),
        ("wrap", "func(int, string) string", |a| {
            s(wrap_custom(str_arg(a, 1), int_arg(a, 0), "", false))
        }),
        ("wrapWith", "func(int, string, string) string", |a| {
            s(wrap_custom(
                str_arg(a, 2),
                int_arg(a, 0),
                str_arg(a, 1),
                true,
            ))
        }),
        ("contains", "func(string, string) bool", |a| {
            Ok(Value::bool(str_arg(a, 1).contains(str_arg(a, 0))))
        }),
        ("hasPrefix", "func(string, string) bool", |a| {
            Ok(Value::bool(str_arg(a, 1).starts_with(str_arg(a, 0))))
        }),
        ("hasSuffix", "func(string, string) bool", |a| {
            Ok(Value::bool(str_arg(a, 1).ends_with(str_arg(a, 0))))
        }),
        ("quote", "func(...interface {}) string", |a| {
            let out: Vec<String> = a
                .iter()
                .map(|v| v.clone().indirect_interface())
                .filter(Value::is_valid)
                .map(|v| gofmt::sprintf("%q", &[Value::string(strval(&v))]))
                .collect();
            s(out.join(" "))
        }),
        ("squote", "func(...interface {}) string", |a| {
            let out: Vec<String> = a
                .iter()
                .map(|v| v.clone().indirect_interface())
                .filter(Value::is_valid)
                .map(|v| gofmt::sprintf("'%v'", &[v]))
                .collect();
            s(out.join(" "))
        }),
        ("cat", "func(...interface {}) string", |a| {
            let vals: Vec<Value> = a
                .iter()
                .map(|v| v.clone().indirect_interface())
                .filter(Value::is_valid)
                .collect();
            let f = "%v ".repeat(vals.len());
            s(gofmt::sprintf(f.trim_matches(u::is_space), &vals))
        }),
        ("indent", "func(int, string) string", |a| {
            s(indent(int_arg(a, 0), str_arg(a, 1)))
        }),
        ("nindent", "func(int, string) string", |a| {
            s(format!("\n{}", indent(int_arg(a, 0), str_arg(a, 1))))
        }),
        ("replace", "func(string, string, string) string", |a| {
            s(replace_all(str_arg(a, 2), str_arg(a, 0), str_arg(a, 1)))
        }),
        ("plural", "func(string, string, int) string", |a| {
            s(if int_arg(a, 2) == 1 {
                str_arg(a, 0)
            } else {
                str_arg(a, 1)
            }
            .to_string())
        }),
        ("split", "func(string, string) map[string]string", |a| {
            Ok(indexed(split(str_arg(a, 1), str_arg(a, 0), -1)))
        }),
        (
            "splitn",
            "func(string, int, string) map[string]string",
            |a| Ok(indexed(split(str_arg(a, 2), str_arg(a, 0), int_arg(a, 1)))),
        ),
        ("splitList", "func(string, string) []string", |a| {
            Ok(string_slice(split(str_arg(a, 1), str_arg(a, 0), -1)))
        }),
        ("toStrings", "func(interface {}) []string", |a| {
            Ok(string_slice(strslice(&any_arg(a, 0))))
        }),
        ("join", "func(string, interface {}) string", |a| {
            s(strslice(&any_arg(a, 1)).join(str_arg(a, 0)))
        }),
        ("sortAlpha", "func(interface {}) []string", |a| {
            let v = any_arg(a, 0);
            let (inner, _) = v.indirect();
            if inner.is_valid() && inner.kind() == super::super::value::Kind::Slice {
                let mut l = strslice(&v);
                l.sort();
                return Ok(string_slice(l));
            }
            Ok(string_slice(vec![strval(&v)]))
        }),
        ("randAlphaNum", "func(int) string", |a| {
            rand_from(
                a,
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            )
        }),
        ("randAlpha", "func(int) string", |a| {
            rand_from(a, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        }),
        ("randNumeric", "func(int) string", |a| {
            rand_from(a, b"0123456789")
        }),
        ("randAscii", "func(int) string", |a| {
            let printable: Vec<u8> = (32u8..=126).collect();
            rand_from(a, &printable)
        }),
    ]
}

/// goutils' random strings: `count` characters drawn from `set`; a negative count is an
/// error goutils returns and sprig drops (an empty string).
fn rand_from(a: &[Value], set: &[u8]) -> Result<Value, String> {
    let n = int_arg(a, 0);
    if n <= 0 {
        return s(String::new());
    }
    let out: String = (0..n)
        .map(|_| set[super::crypto::random_below(set.len() as u64) as usize] as char)
        .collect();
    s(out)
}

fn trim_all(a: &[Value]) -> Result<Value, String> {
    let cut = str_arg(a, 0);
    s(str_arg(a, 1).trim_matches(|c| cut.contains(c)).to_string())
}

fn substr(a: &[Value]) -> Result<Value, String> {
    let (start, end, t) = (int_arg(a, 0), int_arg(a, 1), str_arg(a, 2));
    let b = t.as_bytes();
    let (lo, hi) = if start < 0 {
        check_slice(0, Some(end), b.len(), "length")?
    } else if end < 0 || end > b.len() as i64 {
        check_slice(start, None, b.len(), "length")?
    } else {
        check_slice(start, Some(end), b.len(), "length")?
    };
    s(bytes_str(&b[lo..hi]))
}

/// goutils' `AbbreviateFull`.
fn abbreviate_full(t: &str, offset: i64, width: i64) -> Result<String, String> {
    if t.is_empty() {
        return Ok(String::new());
    }
    if width < 4 {
        return Err("width".into());
    }
    let b = t.as_bytes();
    let n = b.len() as i64;
    if n <= width {
        return Ok(t.to_string());
    }
    let mut offset = offset.min(n);
    if n - offset < width - 3 {
        offset = n - (width - 3);
    }
    if offset <= 4 {
        return Ok(format!("{}...", bytes_str(&b[..(width - 3) as usize])));
    }
    if width < 7 {
        return Err("width".into());
    }
    if offset + width - 3 < n {
        let rest = bytes_str(&b[offset as usize..]);
        return Ok(format!("...{}", abbreviate_full(&rest, 0, width - 3)?));
    }
    Ok(format!(
        "...{}",
        bytes_str(&b[(n - (width - 3)) as usize..])
    ))
}

/// The deprecated `strings.Title`: the first letter of each word to title case.
fn title(t: &str) -> String {
    let is_sep = |c: char| {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else if u::is_letter(c) || u::is_digit(c) {
            false
        } else {
            u::is_space(c)
        }
    };
    let mut prev = ' ';
    t.chars()
        .map(|c| {
            let out = if is_sep(prev) { u::to_title(c) } else { c };
            prev = c;
            out
        })
        .collect()
}

/// goutils' `Uncapitalize`: the first letter of each space-separated word to lower case.
fn untitle(t: &str) -> String {
    let mut next = true;
    t.chars()
        .map(|c| {
            if u::is_space(c) {
                next = true;
                c
            } else if next {
                next = false;
                u::to_lower(c)
            } else {
                c
            }
        })
        .collect()
}

/// goutils' `SwapCase`.
fn swap_case(t: &str) -> String {
    let mut ws = true;
    t.chars()
        .map(|c| {
            if u::is_upper(c) || u::is_title(c) {
                ws = false;
                u::to_lower(c)
            } else if u::is_lower(c) {
                if ws {
                    ws = false;
                    u::to_title(c)
                } else {
                    u::to_upper(c)
                }
            } else {
                ws = u::is_space(c);
                c
            }
        })
        .collect()
}

fn indent(n: i64, t: &str) -> String {
    let pad = " ".repeat(n.max(0) as usize);
    format!("{pad}{}", t.replace('\n', &format!("\n{pad}")))
}

/// `strings.Replace(s, old, new, -1)`: an empty `old` matches before every character and at
/// the end.
pub fn replace_all(t: &str, old: &str, new: &str) -> String {
    if old.is_empty() {
        let mut o = String::from(new);
        for c in t.chars() {
            o.push(c);
            o.push_str(new);
        }
        return o;
    }
    t.replace(old, new)
}

/// `strings.SplitN(s, sep, n)` (`n < 0`: all); an empty separator splits into characters.
pub fn split(t: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let chars: Vec<&str> = t
            .char_indices()
            .map(|(i, c)| &t[i..i + c.len_utf8()])
            .collect();
        if n < 0 || n as usize >= chars.len() {
            return chars.into_iter().map(String::from).collect();
        }
        let mut out: Vec<String> = chars[..n as usize - 1]
            .iter()
            .map(|x| x.to_string())
            .collect();
        let used: usize = out.iter().map(String::len).sum();
        out.push(t[used..].to_string());
        return out;
    }
    if n < 0 {
        t.split(sep).map(String::from).collect()
    } else {
        t.splitn(n as usize, sep).map(String::from).collect()
    }
}

/// sprig's `split` result: `map[string]string{"_0": …, "_1": …}`.
fn indexed(parts: Vec<String>) -> Value {
    let m: BTreeMap<Rc<str>, Value> = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| (Rc::from(format!("_{i}")), Value::string(p)))
        .collect();
    Value::map_of(m, Type::map(STRING, STRING))
}

pub fn string_slice(l: Vec<String>) -> Value {
    Value::strings(l)
}

/// sprig's `strslice`: the elements of a slice as strings (nil elements left out), a nil
/// argument as no strings, anything else as its one string.
pub fn strslice(v: &Value) -> Vec<String> {
    if !v.is_valid() {
        return Vec::new();
    }
    if kind_of(v).ok() == Some(super::super::value::Kind::Slice) {
        return v
            .items()
            .map(|l| {
                l.iter()
                    .map(|x| x.clone().indirect_interface())
                    .filter(Value::is_valid)
                    .map(|x| strval(&x))
                    .collect()
            })
            .unwrap_or_default();
    }
    vec![strval(v)]
}

/// goutils' `WrapCustom`.
fn wrap_custom(t: &str, len: i64, nl: &str, long_words: bool) -> String {
    if t.is_empty() {
        return String::new();
    }
    let nl = if nl.is_empty() { "\n" } else { nl };
    let len = len.max(1) as usize;
    let b = t.as_bytes();
    let n = b.len();
    let mut off = 0usize;
    let mut out: Vec<u8> = Vec::new();
    while n - off > len {
        if b[off] == b' ' {
            off += 1;
            continue;
        }
        let end = (len + off + 1).min(n);
        let space = b[off..end].iter().rposition(|c| *c == b' ');
        if let Some(sp) = space {
            let at = sp + off;
            out.extend_from_slice(&b[off..at]);
            out.extend_from_slice(nl.as_bytes());
            off = at + 1;
        } else if long_words {
            out.extend_from_slice(&b[off..len + off]);
            out.extend_from_slice(nl.as_bytes());
            off += len;
        } else {
            let end = len + off;
            match b[end..].iter().position(|c| *c == b' ') {
                None => {
                    out.extend_from_slice(&b[off..]);
                    off = n;
                }
                Some(i) => {
                    let at = i + end;
                    out.extend_from_slice(&b[off..at]);
                    out.extend_from_slice(nl.as_bytes());
                    off = at + 1;
                }
            }
        }
    }
    out.extend_from_slice(&b[off..]);
    bytes_str(&out)
}

// ---------------------------------------------------------------------------
// xstrings v1.5.0 case conversions

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || u::is_space(c)
}

/// xstrings' `isAlphabet`: letters, but not the common CJK ideographs.
fn is_alphabet(c: char) -> bool {
    if !u::is_letter(c) {
        return false;
    }
    let r = c as u32;
    if r < 0x4E00 {
        return true;
    }
    !((0x4E00..=0x9FCC).contains(&r)
        || (0x3400..=0x4DB5).contains(&r)
        || (0x20000..=0x2A6D6).contains(&r)
        || (0x2A700..=0x2B734).contains(&r)
        || (0x2B740..=0x2B81D).contains(&r)
        || (0x2B820..=0x2CEAF).contains(&r)
        || (0xF900..=0xFAFF).contains(&r)
        || (0x2F800..=0x2FA1F).contains(&r))
}

/// xstrings' `ToPascalCase` (sprig's `camelcase`).
fn pascal_case(t: &str) -> String {
    let mut chars = t.chars().peekable();
    let mut out = String::new();
    let mut first_upper = false;
    let mut r0 = '\0';
    let mut got = false;
    for c in chars.by_ref() {
        if !is_connector(c) {
            first_upper = u::is_upper(c);
            r0 = u::to_upper(c);
            got = true;
            break;
        }
        out.push(c);
    }
    if chars.peek().is_none() {
        if got {
            out.push(r0);
        }
        return out;
    }
    for c in chars {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            first_upper = u::is_upper(r0);
            r0 = u::to_upper(r0);
        } else {
            if first_upper {
                if u::is_upper(r0) {
                    r0 = u::to_lower(r0);
                } else {
                    first_upper = false;
                }
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alpha,
    Connector,
    Punct,
    Other,
}

/// xstrings' `nextWord` over a string without invalid UTF-8 (Rust strings have none).
fn next_word(t: &str) -> (Word, &str, &str) {
    let mut it = t.char_indices();
    let Some((_, r)) = it.next() else {
        return (Word::Invalid, "", "");
    };
    let rest = &t[r.len_utf8()..];
    let take_while = |start: usize, f: &dyn Fn(char) -> bool| -> usize {
        let mut end = start;
        for c in t[start..].chars() {
            if !f(c) {
                break;
            }
            end += c.len_utf8();
        }
        end
    };
    let first = r.len_utf8();
    let (wt, end) = if is_connector(r) {
        (Word::Connector, take_while(first, &is_connector))
    } else if u::is_punct(r) {
        (Word::Punct, take_while(first, &u::is_punct))
    } else if u::is_upper(r) {
        match rest.chars().next() {
            None => (Word::Upper, first),
            Some(n) if u::is_upper(n) => {
                // A run of capitals; the last belongs to a following lower-case word.
                let mut end = first;
                let mut prev = 0;
                for c in rest.chars() {
                    if !u::is_upper(c) {
                        break;
                    }
                    prev = c.len_utf8();
                    end += prev;
                }
                let after = t[end..].chars().next();
                if after.is_some_and(is_alphabet) {
                    end -= prev;
                }
                (Word::Upper, end)
            }
            Some(n) if is_alphabet(n) => (
                Word::Upper,
                take_while(first, &|c| is_alphabet(c) && !u::is_upper(c)),
            ),
            Some(_) => (Word::Upper, first),
        }
    } else if is_alphabet(r) {
        (
            Word::Alpha,
            take_while(first, &|c| is_alphabet(c) && !u::is_upper(c)),
        )
    } else if u::is_number(r) {
        (Word::Number, take_while(first, &u::is_number))
    } else {
        (
            Word::Other,
            take_while(first, &|c| {
                !(is_connector(c) || is_alphabet(c) || u::is_number(c) || u::is_punct(c))
            }),
        )
    };
    (wt, &t[..end], &t[end..])
}

fn lower_word(out: &mut String, wt: Word, w: &str, conn: char) {
    if wt != Word::Upper && wt != Word::Connector {
        out.push_str(w);
        return;
    }
    for c in w.chars() {
        if is_connector(c) {
            out.push(conn);
        } else if u::is_upper(c) {
            out.push(u::to_lower(c));
        } else {
            out.push(c);
        }
    }
}

/// xstrings' `camelCaseToLowerCase` (`snakecase`, `kebabcase`).
fn to_lower_case(t: &str, conn: char) -> String {
    if t.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let (mut wt, mut word, mut rem) = next_word(t);
    while !rem.is_empty() {
        if wt != Word::Connector {
            lower_word(&mut out, wt, word, conn);
        }
        let prev = wt;
        let last = word;
        (wt, word, rem) = next_word(rem);
        match prev {
            Word::Number => {
                while wt == Word::Alpha || wt == Word::Number {
                    lower_word(&mut out, wt, word, conn);
                    (wt, word, rem) = next_word(rem);
                }
                if wt != Word::Invalid && wt != Word::Punct && wt != Word::Connector {
                    out.push(conn);
                }
            }
            Word::Connector => lower_word(&mut out, prev, last, conn),
            Word::Punct => {}
            _ => {
                if wt != Word::Number {
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(conn);
                    }
                    continue;
                }
                if rem.is_empty() {
                    continue;
                }
                let last = word;
                (wt, word, rem) = next_word(rem);
                if wt != Word::Alpha {
                    lower_word(&mut out, Word::Number, last, conn);
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(conn);
                    }
                    continue;
                }
                out.push(conn);
                lower_word(&mut out, Word::Number, last, conn);
                while wt == Word::Alpha || wt == Word::Number {
                    lower_word(&mut out, wt, word, conn);
                    (wt, word, rem) = next_word(rem);
                }
                if wt != Word::Invalid && wt != Word::Connector && wt != Word::Punct {
                    out.push(conn);
                }
            }
        }
    }
    lower_word(&mut out, wt, word, conn);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions_follow_xstrings() {
        assert_eq!(to_lower_case("FirstName", '_'), "first_name");
        assert_eq!(to_lower_case("HTTPServer", '_'), "http_server");
        assert_eq!(to_lower_case("NoHTTPS", '-'), "no-https");
        assert_eq!(to_lower_case("GO_PATH", '_'), "go_path");
        assert_eq!(to_lower_case("GO PATH", '_'), "go_path");
        assert_eq!(to_lower_case("http2xx", '_'), "http_2xx");
        assert_eq!(to_lower_case("HTTP20xOK", '_'), "http_20x_ok");
        assert_eq!(pascal_case("some_words"), "SomeWords");
        assert_eq!(pascal_case("http_server"), "HttpServer");
        assert_eq!(pascal_case("_complex__case_"), "_Complex_Case_");
    }

    #[test]
    fn wrapping_and_abbreviating_follow_goutils() {
        assert_eq!(
            wrap_custom("hello world again", 5, "", false),
            "hello\nworld\nagain"
        );
        assert_eq!(
            wrap_custom("abcdefghij", 3, "<br>", true),
            "abc<br>def<br>ghi<br>j"
        );
        assert_eq!(
            abbreviate_full("Now is the time", 0, 8).unwrap(),
            "Now i..."
        );
        assert_eq!(title("hello wOrld-x_y"), "Hello WOrld-X_y");
        assert_eq!(swap_case("Hello World"), "hELLO wORLD");
    }
}
