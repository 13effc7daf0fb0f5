//! sprig's regular-expression functions. Go's RE2 syntax is what the `regex` crate reads,
//! except that Go's `\d`, `\w`, `\s` and `\b` are ASCII-only: patterns are rewritten to say
//! so. The plain forms panic on a bad pattern (`regexp: Compile(…): …`), the `must` forms
//! return the error, and `regexMatch` drops it.

use super::super::funcs::Imp;
use super::super::value::Value;
use super::{int_arg, str_arg};

/// Rewrites Go's ASCII Perl classes for the `regex` crate.
fn translate(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 16);
    let mut in_class = false;
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let class = match n {
                    'd' => Some(("0-9", false)),
                    'D' => Some(("0-9", true)),
                    'w' => Some(("0-9A-Za-z_", false)),
                    'W' => Some(("0-9A-Za-z_", true)),
                    's' => Some(("\\t\\n\\f\\r ", false)),
                    'S' => Some(("\\t\\n\\f\\r ", true)),
                    _ => None,
                };
                match class {
                    Some((set, false)) if in_class => out.push_str(set),
                    Some((set, neg)) => {
                        out.push_str(if neg { "[^" } else { "[" });
                        out.push_str(set);
                        out.push(']');
                    }
                    None if !in_class && (n == 'b' || n == 'B') => {
                        out.push_str("(?-u:\\");
                        out.push(n);
                        out.push(')');
                    }
                    None => {
                        out.push('\\');
                        out.push(n);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                // A leading `]` is a literal in a class.
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str("\\]");
                }
            }
            '[' if chars.peek() == Some(&':') => {
                // A POSIX class inside a class: copy through its closing `:]`.
                out.push('[');
                for d in chars.by_ref() {
                    out.push(d);
                    if d == ']' {
                        break;
                    }
                }
            }
            '[' => out.push_str("\\["),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            c => out.push(c),
        }
    }
    out
}

/// Compiles a Go pattern; the error is Go's `error parsing regexp: …` where the kinds match.
fn compile(p: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(&translate(p)).map_err(|e| go_error(p, &e))
}

/// Go's wording for the common syntax errors; others keep the `regex` crate's first line.
fn go_error(p: &str, e: &regex::Error) -> String {
    let text = e.to_string();
    let msg = if text.contains("unclosed group") {
        format!("missing closing ): `{p}`")
    } else if text.contains("unopened group") {
        format!("unexpected ): `{p}`")
    } else if text.contains("unclosed character class") {
        let at = p.rfind('[').unwrap_or(0);
        format!("missing closing ]: `{}`", &p[at..])
    } else if text.contains("repetition operator missing expression") {
        let op: String = p
            .chars()
            .find(|c| matches!(c, '*' | '+' | '?' | '{'))
            .map(String::from)
            .unwrap_or_default();
        format!("missing argument to repetition operator: `{op}`")
    } else if text.contains("unrecognized escape sequence") {
        let at = p.find('\\').unwrap_or(0);
        let esc: String = p[at..].chars().take(2).collect();
        format!("invalid escape sequence: `{esc}`")
    } else if text.contains("invalid character class range") {
        format!("invalid character class range: `{p}`")
    } else {
        text.lines()
            .find(|l| l.starts_with("error:"))
            .map(|l| l.trim_start_matches("error:").trim().to_string())
            .unwrap_or(text.clone())
    };
    format!("error parsing regexp: {msg}")
}

/// `regexp.MustCompile`'s panic.
fn must(p: &str) -> Result<regex::Regex, String> {
    compile(p).map_err(|e| format!("regexp: Compile({}): {e}", backquote(p)))
}

/// `regexp`'s `quote`: backquoted when it can be, else a Go string literal.
fn backquote(p: &str) -> String {
    if super::super::strconv::can_backquote(p) {
        format!("`{p}`")
    } else {
        super::super::strconv::quote(p)
    }
}

fn find_all(r: &regex::Regex, s: &str, n: i64) -> Value {
    let found: Vec<String> = match_spans(r, s, n)
        .into_iter()
        .map(|(a, b)| s[a..b].to_string())
        .collect();
    if found.is_empty() {
        // Go returns a nil slice when nothing matches.
        return Value::Nil(super::super::value::Type::slice(
            super::super::value::STRING,
        ));
    }
    Value::strings(found)
}

/// Go's `FindAllStringIndex(s, n)`: no empty match right after a previous match.
fn match_spans(r: &regex::Regex, s: &str, n: i64) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for m in r.find_iter(s) {
        if n >= 0 && out.len() as i64 >= n {
            break;
        }
        if m.start() == m.end() && prev_end == Some(m.start()) {
            continue;
        }
        out.push((m.start(), m.end()));
        prev_end = Some(m.end());
    }
    out
}

/// Go's `Regexp.Split(s, n)`.
fn split(r: &regex::Regex, s: &str, n: i64) -> Value {
    if n == 0 {
        return Value::Nil(super::super::value::Type::slice(
            super::super::value::STRING,
        ));
    }
    if !r.as_str().is_empty() && s.is_empty() {
        return Value::strings(vec![String::new()]);
    }
    let mut out = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for (ms, me) in match_spans(r, s, n) {
        if n > 0 && out.len() as i64 == n - 1 {
            break;
        }
        end = ms;
        if me != 0 {
            out.push(s[beg..end].to_string());
        }
        beg = me;
    }
    if end != s.len() {
        out.push(s[beg..].to_string());
    }
    Value::strings(out)
}

/// Go's `ReplaceAllString` template: `$1`, `${name}`, `$$`.
fn expand_replace(r: &regex::Regex, s: &str, repl: &str) -> String {
    // Go's `$name` takes the longest run of word characters; the regex crate does the same.
    r.replace_all(s, repl).into_owned()
}

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        ("regexMatch", "func(string, string) bool", |a| {
            Ok(Value::bool(
                compile(str_arg(a, 0)).is_ok_and(|r| r.is_match(str_arg(a, 1))),
            ))
        }),
        (
            "mustRegexMatch",
            "func(string, string) (bool, error)",
            |a| Ok(Value::bool(compile(str_arg(a, 0))?.is_match(str_arg(a, 1)))),
        ),
        ("regexFindAll", "func(string, string, int) []string", |a| {
            Ok(find_all(
                &must(str_arg(a, 0))?,
                str_arg(a, 1),
                int_arg(a, 2),
            ))
        }),
        (
            "mustRegexFindAll",
            "func(string, string, int) ([]string, error)",
            |a| {
                Ok(find_all(
                    &compile(str_arg(a, 0))?,
                    str_arg(a, 1),
                    int_arg(a, 2),
                ))
            },
        ),
        ("regexFind", "func(string, string) string", |a| {
            let r = must(str_arg(a, 0))?;
            Ok(Value::str(r.find(str_arg(a, 1)).map_or("", |m| m.as_str())))
        }),
        (
            "mustRegexFind",
            "func(string, string) (string, error)",
            |a| {
                let r = compile(str_arg(a, 0))?;
                Ok(Value::str(r.find(str_arg(a, 1)).map_or("", |m| m.as_str())))
            },
        ),
        (
            "regexReplaceAll",
            "func(string, string, string) string",
            |a| {
                let r = must(str_arg(a, 0))?;
                Ok(Value::string(expand_replace(
                    &r,
                    str_arg(a, 1),
                    str_arg(a, 2),
                )))
            },
        ),
        (
            "mustRegexReplaceAll",
            "func(string, string, string) (string, error)",
            |a| {
                let r = compile(str_arg(a, 0))?;
                Ok(Value::string(expand_replace(
                    &r,
                    str_arg(a, 1),
                    str_arg(a, 2),
                )))
            },
        ),
        (
            "regexReplaceAllLiteral",
            "func(string, string, string) string",
            |a| {
                let r = must(str_arg(a, 0))?;
                Ok(Value::string(
                    r.replace_all(str_arg(a, 1), regex::NoExpand(str_arg(a, 2)))
                        .into_owned(),
                ))
            },
        ),
        (
            "mustRegexReplaceAllLiteral",
            "func(string, string, string) (string, error)",
            |a| {
                let r = compile(str_arg(a, 0))?;
                Ok(Value::string(
                    r.replace_all(str_arg(a, 1), regex::NoExpand(str_arg(a, 2)))
                        .into_owned(),
                ))
            },
        ),
        ("regexSplit", "func(string, string, int) []string", |a| {
            Ok(split(&must(str_arg(a, 0))?, str_arg(a, 1), int_arg(a, 2)))
        }),
        (
            "mustRegexSplit",
            "func(string, string, int) ([]string, error)",
            |a| {
                Ok(split(
                    &compile(str_arg(a, 0))?,
                    str_arg(a, 1),
                    int_arg(a, 2),
                ))
            },
        ),
        ("regexQuoteMeta", "func(string) string", |a| {
            let mut out = String::new();
            for c in str_arg(a, 0).chars() {
                if "\\.+*?()|[]{}^$".contains(c) {
                    out.push('\\');
                }
                out.push(c);
            }
            Ok(Value::string(out))
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perl_classes_are_ascii() {
        let r = compile(r"^\d+$").unwrap();
        assert!(r.is_match("123") && !r.is_match("١٢٣"));
        assert!(compile(r"[\d\s]+").unwrap().is_match("1 2"));
        assert_eq!(
            compile("(").unwrap_err(),
            "error parsing regexp: missing closing ): `(`"
        );
    }
}
