//! Every value the sources set, in jobspec2's order, and the variables texts that carry them
//! to the agent: the winners in one text, everything else in texts that are only checked.

use hcl_edit::structure::Structure;
use hcl_edit::Span;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

use super::diag::{Segment, VarContent};
use super::{is_json, Declared, Kind};
use crate::gocompat::os::io_text;
use crate::gocompat::strconv::quote;

/// Where a value came from.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Origin {
    Flag,
    Env,
    /// A var file's attribute; `line` is where its expression starts (1-based).
    File {
        path: String,
        line: usize,
    },
    /// A var file passed on whole because it is not plain attributes (the agent reports why).
    RawFile {
        path: String,
    },
}

/// A value set for a variable by one source.
#[derive(Debug, Clone)]
struct Assignment {
    name: String,
    origin: Origin,
    /// The value's text: the literal string, or the expression as written.
    text: String,
    /// 1-based column of the expression in its file (files only).
    col: usize,
    /// jobspec2's order of diagnostics: the environment, then each file, then the flags.
    rank: usize,
    /// A command-line or environment value read as a string, whatever it says.
    literal: bool,
}

/// The rank of command-line values: after every file.
const FLAG_RANK: usize = usize::MAX;

/// The attributes of one var file: `(name, expression text, line, column)`, or `None` when the
/// file must go to the agent whole.
type FileAttrs = Option<Vec<(String, String, usize, usize)>>;

/// Reads a var file as jobspec2 would: the missing or unreadable file is Nomad's error line.
pub fn read_var_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        let op = if std::path::Path::new(path).is_dir() {
            "read"
        } else {
            "open"
        };
        let why = match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => io_text(&e),
            _ if op == "read" => "is a directory".to_string(),
            _ => io_text(&e),
        };
        format!(
            "unable to parse var file: <nil>: Failed to read file; failed to read {}: {op} {path}: {why}",
            quote(path)
        )
    })
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn file_attrs(text: &str) -> FileAttrs {
    if is_json(text) {
        return json_attrs(text);
    }
    let body = hcl_edit::parser::parse_body(text).ok()?;
    let mut out = Vec::new();
    for s in body.iter() {
        // Blocks are an error in a var file; the agent words it.
        let Structure::Attribute(a) = s else {
            return None;
        };
        let span = a.value.span()?;
        let (line, col) = line_col(text, span.start);
        let expr = text[span].trim_end_matches(['\n', '\r']).to_string();
        out.push((a.key.as_str().to_string(), expr, line, col));
    }
    Some(out)
}

/// A JSON object's members in order, duplicates kept.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> serde::Deserialize<'de> for Members<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = m.next_entry()? {
                    out.push(entry);
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A JSON var file's members, each value's JSON text as an HCL expression (HCL's native syntax
/// reads JSON values alike, except the `\/` escape). A file that sets a name twice is the
/// agent's to word (HCL's JSON reader rejects it).
fn json_attrs(text: &str) -> FileAttrs {
    let Members(members) = serde_json::from_str(text).ok()?;
    let mut names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    let mut out: Vec<(usize, String, String)> = members
        .into_iter()
        .map(|(k, v)| {
            let at = v.get().as_ptr() as usize - text.as_ptr() as usize;
            (at, k, v.get().replace("\\/", "/"))
        })
        .collect();
    out.sort();
    Some(
        out.into_iter()
            .map(|(at, k, v)| {
                let (line, col) = line_col(text, at);
                (k, v, line, col)
            })
            .collect(),
    )
}

/// An HCL quoted string whose value is exactly `s`.
pub(super) fn hcl_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Everything that decides the variables.
pub struct Sources<'a> {
    pub job: &'a str,
    pub declared: Option<&'a Declared>,
    /// `NOMAD_VAR_*` from the environment, in its order.
    pub env: Vec<(String, String)>,
    /// `(path, contents)` of each `-var-file`, in order.
    pub files: Vec<(String, String)>,
    /// The `-var` flags as given.
    pub flags: &'a [String],
}

/// The `-var` flags as jobspec2 keeps them: a map, so the last value for a name wins and the
/// earlier ones are never read; a flag without `=` is dropped.
fn flag_values(flags: &[String]) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for v in flags {
        let Some((name, value)) = v.split_once('=') else {
            continue;
        };
        out.retain(|(n, _)| *n != name);
        out.push((name, value));
    }
    out
}

/// What strict mode reports about values for undeclared variables, in jobspec2's words, each
/// with its rank among the variables' diagnostics.
pub fn undefined(src: &Sources) -> Vec<(usize, String)> {
    let Some(decl) = src.declared else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, (_, text)) in src.files.iter().enumerate() {
        for (name, ..) in file_attrs(text).unwrap_or_default() {
            if !decl.contains(&name) {
                out.push((
                    1 + i,
                    format!(
                        "<nil>: Undefined variable; A {q} variable was set but was not found in \
known variables. To declare variable {q}, place this block in your job files",
                        q = quote(&name)
                    ),
                ));
            }
        }
    }
    // Go's map order is random; here each name is reported where it first appears.
    let mut seen: Vec<&str> = Vec::new();
    for v in src.flags {
        let Some((name, _)) = v.split_once('=') else {
            continue;
        };
        if !decl.contains(name) && !seen.contains(&name) {
            seen.push(name);
            out.push((
                FLAG_RANK,
                format!(
                    "<nil>: Undefined -var variable; A {q} variable was passed in the command \
line but was not found in known variables. To declare variable {q}, place this block in your \
job file",
                    q = quote(name)
                ),
            ));
        }
    }
    out
}

/// The values of the declared variables from every source, in jobspec2's order.
pub struct Values {
    job_lines: usize,
    all: Vec<Assignment>,
    /// Var files that are not plain attributes, passed on whole: `(path, text, rank)`.
    raw: Vec<(String, String, usize)>,
}

impl Values {
    pub fn new(src: &Sources) -> Values {
        let known = |name: &str| src.declared.is_none_or(|d| d.contains(name));
        // A command-line or environment value is an expression only for a declared type
        // other than string and number.
        let literal = |name: &str| {
            src.declared
                .and_then(|d| d.kind(name))
                .is_none_or(|k| k == Kind::Literal)
        };
        let mut all = Vec::new();
        let mut raw = Vec::new();
        let given = |name: &str, value: &str, origin: Origin, rank: usize| Assignment {
            name: name.to_string(),
            literal: literal(name),
            text: value.to_string(),
            origin,
            col: 1,
            rank,
        };
        for (name, value) in src.env.iter().filter(|(n, _)| known(n)) {
            all.push(given(name, value, Origin::Env, 0));
        }
        for (i, (path, text)) in src.files.iter().enumerate() {
            let Some(attrs) = file_attrs(text) else {
                raw.push((path.clone(), text.clone(), 1 + i));
                continue;
            };
            for (name, expr, line, col) in attrs.into_iter().filter(|a| known(&a.0)) {
                let origin = Origin::File {
                    path: path.clone(),
                    line,
                };
                all.push(Assignment {
                    name,
                    origin,
                    text: expr,
                    col,
                    rank: 1 + i,
                    literal: false,
                });
            }
        }
        for (name, value) in flag_values(src.flags) {
            if known(name) && !name.is_empty() {
                all.push(given(name, value, Origin::Flag, FLAG_RANK));
            }
        }
        Values {
            job_lines: src.job.matches('\n').count(),
            all,
            raw,
        }
    }

    /// Command-line and environment expressions that may not parse on their own: jobspec2
    /// parses each alone and skips the ones that fail, so each goes to the agent alone first
    /// (see `solo`). hcl-edit only saves that round trip for the ones that clearly parse.
    pub fn suspects(&self) -> Vec<usize> {
        (0..self.all.len())
            .filter(|i| {
                let a = &self.all[*i];
                matches!(a.origin, Origin::Flag | Origin::Env)
                    && !a.literal
                    && hcl_edit::parser::parse_expr(&a.text).is_err()
            })
            .collect()
    }

    /// A text with only the value `id`, ending where the value ends, so the agent reads it as
    /// a lone expression is read (its end is the end of the file).
    pub fn solo(&self, id: usize) -> VarContent {
        self.content(&[id], false)
    }

    /// Each var file that is not plain attributes (hcl-edit does not read it, or it has
    /// blocks), alone and exactly as written, for the agent to judge as jobspec2 would: a
    /// JSON file from the text's first line (a newline before it would make it HCL to the
    /// agent).
    pub fn raw_checks(&self) -> Vec<VarContent> {
        self.raw
            .iter()
            .map(|(path, text, rank)| {
                let mut c = VarContent::new(if is_json(text) { 0 } else { self.job_lines + 2 });
                c.push_raw(path, text, *rank);
                c
            })
            .collect()
    }

    /// The text with each variable's winning value (the last one set, skipping the `broken`
    /// ones, with the raw var files `raw_ok` as written), and texts with every other value,
    /// which jobspec2 checks too.
    pub fn plan(&self, broken: &[usize], raw_ok: &[usize]) -> (VarContent, Vec<VarContent>) {
        let mut winners: BTreeMap<&str, usize> = BTreeMap::new();
        let mut losers: Vec<Vec<usize>> = Vec::new();
        for (i, a) in self.all.iter().enumerate() {
            if broken.contains(&i) {
                continue;
            }
            if let Some(prev) = winners.insert(&a.name, i) {
                // Values of one variable go to separate texts (one text sets it once).
                match losers
                    .iter_mut()
                    .find(|l| !l.iter().any(|j| self.all[*j].name == a.name))
                {
                    Some(layer) => layer.push(prev),
                    None => losers.push(vec![prev]),
                }
            }
        }
        let mut main: Vec<usize> = winners.into_values().collect();
        main.sort();
        let mut content = self.content(&main, true);
        for (i, (path, text, rank)) in self.raw.iter().enumerate() {
            // A JSON file cannot go into an HCL text; one is raw only when it is wrong anyway.
            if raw_ok.contains(&i) && !is_json(text) {
                content.push_raw(path, &format!("{text}\n"), *rank);
            }
        }
        if content.is_empty() {
            content.text.clear();
        }
        let checks = losers.iter().map(|l| self.content(l, true)).collect();
        (content, checks)
    }

    /// A variables text with the values `ids`, placed after the job's last line so a
    /// diagnostic's line tells which text it is about (the agent names both `input.hcl`).
    fn content(&self, ids: &[usize], newline_after: bool) -> VarContent {
        let mut out = VarContent::new(self.job_lines + 2);
        for (n, &i) in ids.iter().enumerate() {
            let a = &self.all[i];
            let (head, value) = match &a.origin {
                Origin::File { .. } => {
                    // Keep the expression's column, so diagnostics need only a line offset.
                    let head = format!("{}=", a.name);
                    let pad = a.col.saturating_sub(head.chars().count() + 1);
                    (format!("{head}{}", " ".repeat(pad)), a.text.clone())
                }
                _ if a.literal => (format!("{} = ", a.name), hcl_string(&a.text)),
                _ => (format!("{} = ", a.name), a.text.clone()),
            };
            let shift = (head.chars().count() + 1).saturating_sub(a.col);
            let end = if newline_after || n + 1 < ids.len() {
                "\n"
            } else {
                ""
            };
            out.push(
                Segment {
                    name: a.name.clone(),
                    origin: a.origin.clone(),
                    literal: a.literal && matches!(a.origin, Origin::Flag | Origin::Env),
                    line: 0,
                    shift,
                    rank: a.rank,
                },
                &format!("{head}{value}{end}"),
            );
        }
        out
    }
}
