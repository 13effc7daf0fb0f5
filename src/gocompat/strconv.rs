//! Go's `strconv`, as it leaks into Nomad's messages and flags: `%q` (`strconv.Quote`),
//! `strconv.ParseBool` and Go integer literals.

use super::unicode::is_print;
use std::fmt::Write as _;

fn escape_rune(out: &mut String, c: char, quote: char, ascii: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if ascii {
        if c.is_ascii() && is_print(c) {
            out.push(c);
            return;
        }
    } else if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if (c as u32) < 0x10000 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
}

/// `strconv.Quote`.
pub fn quote(s: &str) -> String {
    quote_with(s, '"', false)
}

/// `strconv.QuoteToASCII`.
pub fn quote_ascii(s: &str) -> String {
    quote_with(s, '"', true)
}

fn quote_with(s: &str, q: char, ascii: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        escape_rune(&mut out, c, q, ascii);
    }
    out.push(q);
    out
}

/// `strconv.QuoteRune` (`QuoteRuneToASCII` with `ascii`); invalid runes quote as U+FFFD.
pub fn quote_rune(r: u32, ascii: bool) -> String {
    let c = char::from_u32(r).unwrap_or('\u{fffd}');
    let mut out = String::from("'");
    escape_rune(&mut out, c, '\'', ascii);
    out.push('\'');
    out
}

/// `strconv.CanBackquote`.
pub fn can_backquote(s: &str) -> bool {
    s.chars().all(|c| {
        if c == '`' || c == '\u{feff}' {
            return false;
        }
        if (c as u32) < 0x20 {
            return c == '\t';
        }
        c != '\u{7f}'
    })
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Why a Go integer literal did not parse.
#[derive(Debug, PartialEq, Eq)]
pub enum IntError {
    Syntax,
    Range,
}

/// Go's `strconv.ParseInt(s, 0, 64)`: sign, `0x`/`0o`/`0b`/leading-`0` bases, `_` separators.
pub fn parse_int(s: &str) -> Result<i64, IntError> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mag = parse_uint_body(body)?;
    if neg {
        if mag > i64::MAX as u64 + 1 {
            return Err(IntError::Range);
        }
        Ok((mag as i64).wrapping_neg())
    } else {
        i64::try_from(mag).map_err(|_| IntError::Range)
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)`.
pub fn parse_uint(s: &str) -> Result<u64, IntError> {
    parse_uint_body(s)
}

fn parse_uint_body(s: &str) -> Result<u64, IntError> {
    if s.is_empty() {
        return Err(IntError::Syntax);
    }
    let lower = s.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(r) = lower.strip_prefix("0x") {
        (16, r.to_string(), true)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (8, r.to_string(), true)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (2, r.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string(), true)
    } else {
        (10, lower, false)
    };
    // Go literal syntax: `_` only between digits (or right after a base prefix).
    let bad_start = digits.starts_with('_') && !prefixed;
    if digits.contains('_') && (bad_start || digits.ends_with('_') || digits.contains("__")) {
        return Err(IntError::Syntax);
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if clean.is_empty() {
        return Err(IntError::Syntax);
    }
    let mut v: u64 = 0;
    for c in clean.chars() {
        let d = c.to_digit(radix).ok_or(IntError::Syntax)? as u64;
        v = v
            .checked_mul(radix as u64)
            .and_then(|v| v.checked_add(d))
            .ok_or(IntError::Range)?;
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_like_go() {
        assert_eq!(quote("abc"), "\"abc\"");
        assert_eq!(quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(quote("\x01日本"), "\"\\x01日本\"");
        // Go prints only ASCII space among the spaces: U+00A0 and U+2028 are escaped.
        assert_eq!(quote("a\u{a0}b\u{2028}"), "\"a\\u00a0b\\u2028\"");
    }

    #[test]
    fn bools() {
        for t in ["1", "t", "T", "TRUE", "true", "True"] {
            assert_eq!(parse_bool(t), Some(true));
        }
        for f in ["0", "f", "F", "FALSE", "false", "False"] {
            assert_eq!(parse_bool(f), Some(false));
        }
        assert_eq!(parse_bool("yes"), None);
        assert_eq!(parse_bool("tRUE"), None);
    }

    #[test]
    fn ints() {
        assert_eq!(parse_int("10"), Ok(10));
        assert_eq!(parse_int("-1"), Ok(-1));
        assert_eq!(parse_int("0x10"), Ok(16));
        assert_eq!(parse_int("0o17"), Ok(15));
        assert_eq!(parse_int("017"), Ok(15));
        assert_eq!(parse_int("0b101"), Ok(5));
        assert_eq!(parse_int("1_000"), Ok(1000));
        assert_eq!(parse_int("1__0"), Err(IntError::Syntax));
        assert_eq!(parse_int("0x1_0"), Ok(16));
        assert_eq!(parse_int("abc"), Err(IntError::Syntax));
        assert_eq!(parse_int("99999999999999999999"), Err(IntError::Range));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
    }
}
