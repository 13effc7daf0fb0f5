//! Pure renderers' toolkit: tables, key/value blocks, times, colour, `-json`, `-t`, the writer.

pub mod color;
pub mod columns;
pub mod format;
pub mod gotype;
pub mod json;
pub mod signal;
pub mod template;
pub mod term;
pub mod time;

pub use columns::{format_kv, format_list, format_simple};

/// `limit(s, n)`: the first `n` bytes of `s` when it is at least `n` long (IDs are ASCII).
pub fn limit(s: &str, n: usize) -> &str {
    if s.len() < n {
        s
    } else {
        s.get(..n).unwrap_or(s)
    }
}

/// Server text made safe for rnomad's own terminal views: every control character (C0, DEL,
/// C1; newlines and tabs too, which would break a one-line view) is shown escaped, `\x1b` or
/// `\u009b`, so a name cannot move the cursor or retitle the terminal. With `keep_sgr`, colour
/// sequences (`ESC [ digits m`, which rnomad itself writes) stay. Copies of Nomad's own views
/// do not use this: they keep Nomad's bytes.
pub fn escape_controls(s: &str, keep_sgr: bool) -> std::borrow::Cow<'_, str> {
    let is_ctl = |c: char| c.is_control();
    if !s.chars().any(is_ctl) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' && keep_sgr {
            let seq_len = rest[1..]
                .strip_prefix('[')
                .map(|r| r.bytes().take_while(u8::is_ascii_digit).count())
                .filter(|n| rest.as_bytes().get(2 + n) == Some(&b'm'));
            if let Some(n) = seq_len {
                out.push_str(&rest[..n + 3]);
                rest = &rest[n + 3..];
                continue;
            }
        }
        if is_ctl(c) {
            use std::fmt::Write;
            let _ = match c as u32 {
                n @ 0..=0x7f => write!(out, "\\x{n:02x}"),
                n => write!(out, "\\u{n:04x}"),
            };
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

pub const SHORT_ID: usize = 8;
pub const FULL_ID: usize = 36;

/// The ID length for `-verbose`.
pub fn id_len(verbose: bool) -> usize {
    if verbose {
        FULL_ID
    } else {
        SHORT_ID
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_escaped() {
        assert_eq!(escape_controls("web", false), "web");
        assert_eq!(
            escape_controls("a\x1b]0;owned\x07b\nc\td\u{9b}2J", false),
            "a\\x1b]0;owned\\x07b\\x0ac\\x09d\\u009b2J"
        );
        // rnomad's own colours stay when asked; anything else after ESC does not.
        assert_eq!(
            escape_controls("\x1b[31mfailed\x1b[0m \x1b[2J \x1b[", true),
            "\x1b[31mfailed\x1b[0m \\x1b[2J \\x1b["
        );
        assert_eq!(escape_controls("\x1b[31m", false), "\\x1b[31m");
    }
}
