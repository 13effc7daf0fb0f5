//! Job-file variables: `-var`, `-var-file` and `NOMAD_VAR_*` as one variables text for the
//! agent's parser.
//!
//! Nomad's CLI parses job files itself (jobspec2) and collects each declared variable's values
//! per source — the environment, then each var file in order, then the command line — and the
//! last one wins. A command-line or environment value is a literal string when the variable's
//! declared type is `string`, `number` or absent (with no default to infer it from), and an HCL
//! expression otherwise; a var file is parsed as HCL, or as JSON when it starts with `{`.
//!
//! rnomad lets the agent parse (`PUT /v1/jobs/parse`), which takes the job and one variables
//! text. So the sources are merged here, per variable, and each winner is written as what Nomad
//! would have read: a quoted literal, the expression as typed, or the var file's own expression.
//! The agent's diagnostics about that text are mapped back to where each value came from
//! (`<value for var.x from arguments>`, the var file's path and line).
//!
//! Declarations are read with a real HCL parser (hcl-edit), so heredocs, comments and
//! `variables` blocks count as HCL counts them.

use hcl_edit::expr::{BinaryOperator, Expression, UnaryOperator};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::Span;
use serde_json::Value;
use std::collections::BTreeMap;

use crate::gocompat::strconv::quote;

/// How Nomad reads a command-line or environment value for a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `string`, `number` or no type: the text is the value (a string, converted by the agent).
    Literal,
    /// Any other type: the text is an HCL expression.
    Expr,
}

/// The variables a job file declares, with how each one reads command-line values.
#[derive(Debug, Default)]
pub struct Declared {
    kinds: BTreeMap<String, Kind>,
}

impl Declared {
    pub fn contains(&self, name: &str) -> bool {
        self.kinds.contains_key(name)
    }

    pub fn kind(&self, name: &str) -> Option<Kind> {
        self.kinds.get(name).copied()
    }
}

/// jobspec2's test for HCL's JSON syntax: the first byte that is not a space is `{`.
pub fn is_json(src: &str) -> bool {
    src.bytes().find(|b| *b != b' ') == Some(b'{')
}

/// The declared variables of a job file; `None` when the file does not parse (the agent then
/// reports why).
pub fn declared(src: &str) -> Option<Declared> {
    if is_json(src) {
        return declared_json(src);
    }
    let body = hcl_edit::parser::parse_body(src).ok()?;
    let mut kinds = BTreeMap::new();
    for s in body.iter() {
        let Structure::Block(b) = s else { continue };
        match b.ident.as_str() {
            "variable" => {
                let Some(name) = b.labels.first() else {
                    continue;
                };
                kinds.insert(name.as_str().to_string(), block_kind(&b.body));
            }
            "variables" => {
                for s in b.body.iter() {
                    if let Structure::Attribute(a) = s {
                        kinds.insert(a.key.as_str().to_string(), value_kind(&a.value));
                    }
                }
            }
            _ => {}
        }
    }
    Some(Declared { kinds })
}

/// A `variable` block's kind: from its `type`, else from its default's type.
fn block_kind(body: &Body) -> Kind {
    let attr = |name: &str| {
        body.iter().find_map(|s| match s {
            Structure::Attribute(a) if a.key.as_str() == name => Some(&a.value),
            _ => None,
        })
    };
    if let Some(t) = attr("type") {
        return match t {
            Expression::Variable(v) if matches!(v.as_str(), "string" | "number") => Kind::Literal,
            _ => Kind::Expr,
        };
    }
    attr("default").map_or(Kind::Literal, value_kind)
}

/// The kind a default value's type gives (jobspec2 takes an untyped variable's type from its
/// default): strings and numbers read literally, everything else (bool, null, collections)
/// as expressions.
fn value_kind(e: &Expression) -> Kind {
    use BinaryOperator as B;
    match e {
        Expression::String(_)
        | Expression::StringTemplate(_)
        | Expression::HeredocTemplate(_)
        | Expression::Number(_) => Kind::Literal,
        Expression::Parenthesis(p) => value_kind(p.inner()),
        Expression::Conditional(c) => value_kind(&c.true_expr),
        Expression::UnaryOp(u) => match *u.operator.value() {
            UnaryOperator::Neg => Kind::Literal,
            UnaryOperator::Not => Kind::Expr,
        },
        Expression::BinaryOp(b) => match *b.operator.value() {
            B::Plus | B::Minus | B::Mul | B::Div | B::Mod => Kind::Literal,
            _ => Kind::Expr,
        },
        // Functions and references are not available to defaults: the agent reports them.
        Expression::FuncCall(_) | Expression::Variable(_) | Expression::Traversal(_) => {
            Kind::Literal
        }
        _ => Kind::Expr,
    }
}

/// Declarations in HCL's JSON syntax: `{"variable": {"name": {"type": …, "default": …}}}`.
fn declared_json(src: &str) -> Option<Declared> {
    let v: Value = serde_json::from_str(src).ok()?;
    let mut kinds = BTreeMap::new();
    let blocks = match v.get("variable") {
        Some(Value::Array(a)) => a.clone(),
        Some(o @ Value::Object(_)) => vec![o.clone()],
        _ => Vec::new(),
    };
    for block in blocks {
        let Value::Object(m) = block else { continue };
        for (name, decl) in m {
            let kind = match (decl.get("type"), decl.get("default")) {
                (Some(Value::String(t)), _) => match t.trim() {
                    "string" | "number" => Kind::Literal,
                    _ => Kind::Expr,
                },
                (Some(_), _) => Kind::Expr,
                (None, Some(Value::String(_) | Value::Number(_)) | None) => Kind::Literal,
                (None, Some(_)) => Kind::Expr,
            };
            kinds.insert(name, kind);
        }
    }
    Some(Declared { kinds })
}

/// Where a value came from.
#[derive(Debug, Clone, PartialEq)]
enum Origin {
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

/// One value written into the variables text.
#[derive(Debug)]
struct Segment {
    name: String,
    origin: Origin,
    literal: bool,
    /// The line of the variables text the value starts on (1-based).
    line: usize,
    /// How many columns the value's first line moved right in the variables text.
    shift: usize,
}

/// A value set for a variable by one source.
#[derive(Debug, Clone)]
struct Assignment {
    origin: Origin,
    /// The value's text: the literal string, or the expression as written.
    text: String,
    /// 1-based column of the expression in its file (files only).
    col: usize,
}

/// The variables text for the agent, and how to map its diagnostics back.
#[derive(Debug, Default)]
pub struct VarContent {
    pub text: String,
    /// Lines up to here belong to the job file (the agent names both `input.hcl`).
    base: usize,
    segments: Vec<Segment>,
}

/// The attributes of one var file: `(name, expression text, line, column)`, or the reason the
/// file must go to the agent whole.
enum FileAttrs {
    Attrs(Vec<(String, String, usize, usize)>),
    Raw,
}

/// Reads a var file as jobspec2 would: the missing or unreadable file is Nomad's error line.
pub fn read_var_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        let op = if std::path::Path::new(path).is_dir() {
            "read"
        } else {
            "open"
        };
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ if op == "read" => "is a directory".to_string(),
            _ => e.to_string(),
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
    let Ok(body) = hcl_edit::parser::parse_body(text) else {
        return FileAttrs::Raw;
    };
    let mut out = Vec::new();
    for s in body.iter() {
        let Structure::Attribute(a) = s else {
            // Blocks are an error in a var file; the agent words it.
            return FileAttrs::Raw;
        };
        let Some(span) = a.value.span() else {
            return FileAttrs::Raw;
        };
        let (line, col) = line_col(text, span.start);
        out.push((
            a.key.as_str().to_string(),
            text[span].to_string(),
            line,
            col,
        ));
    }
    FileAttrs::Attrs(out)
}

/// A JSON var file's members, each value's JSON text as an HCL expression (HCL's native syntax
/// reads JSON values alike, except the `\/` escape).
fn json_attrs(text: &str) -> FileAttrs {
    let Ok(members) = serde_json::from_str::<BTreeMap<String, &serde_json::value::RawValue>>(text)
    else {
        return FileAttrs::Raw;
    };
    let mut out: Vec<(usize, String, String)> = members
        .into_iter()
        .map(|(k, v)| {
            let at = v.get().as_ptr() as usize - text.as_ptr() as usize;
            (at, k, v.get().replace("\\/", "/"))
        })
        .collect();
    out.sort();
    FileAttrs::Attrs(
        out.into_iter()
            .map(|(at, k, v)| {
                let (line, col) = line_col(text, at);
                (k, v, line, col)
            })
            .collect(),
    )
}

/// An HCL quoted string whose value is exactly `s`.
fn hcl_string(s: &str) -> String {
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

/// Everything that decides the variables text.
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

/// What strict mode reports about values for undeclared variables, in jobspec2's words.
pub fn undefined(src: &Sources) -> Vec<String> {
    let Some(decl) = src.declared else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (_, text) in &src.files {
        let FileAttrs::Attrs(attrs) = file_attrs(text) else {
            continue;
        };
        for (name, ..) in attrs.iter().filter(|a| !decl.contains(&a.0)) {
            out.push(format!(
                "<nil>: Undefined variable; A {q} variable was set but was not found in known \
variables. To declare variable {q}, place this block in your job files",
                q = quote(name)
            ));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for v in src.flags {
        // jobspec2 drops a -var without '=' silently.
        let Some((name, _)) = v.split_once('=') else {
            continue;
        };
        if decl.contains(name) || seen.contains(&name) {
            continue;
        }
        seen.push(name);
        out.push(format!(
            "<nil>: Undefined -var variable; A {q} variable was passed in the command line but \
was not found in known variables. To declare variable {q}, place this block in your job file",
            q = quote(name)
        ));
    }
    out
}

/// Merges the sources per variable (environment < files, in order < flags) and writes the
/// winners as one variables text.
pub fn build(src: &Sources) -> VarContent {
    let known = |name: &str| src.declared.is_none_or(|d| d.contains(name));
    let literal = |name: &str| {
        src.declared
            .and_then(|d| d.kind(name))
            .is_none_or(|k| k == Kind::Literal)
    };
    let mut winners: BTreeMap<String, (usize, Assignment)> = BTreeMap::new();
    let mut order = 0usize;
    let mut set = |name: &str, a: Assignment| {
        order += 1;
        winners.insert(name.to_string(), (order, a));
    };
    for (name, value) in &src.env {
        if known(name) {
            let a = Assignment {
                origin: Origin::Env,
                text: value.clone(),
                col: 1,
            };
            set(name, a);
        }
    }
    let mut raw: Vec<(String, String)> = Vec::new();
    for (path, text) in &src.files {
        match file_attrs(text) {
            FileAttrs::Raw => raw.push((path.clone(), text.clone())),
            FileAttrs::Attrs(attrs) => {
                for (name, expr, line, col) in attrs {
                    if known(&name) {
                        let origin = Origin::File {
                            path: path.clone(),
                            line,
                        };
                        set(
                            &name,
                            Assignment {
                                origin,
                                text: expr,
                                col,
                            },
                        );
                    }
                }
            }
        }
    }
    for v in src.flags {
        let Some((name, value)) = v.split_once('=') else {
            continue;
        };
        if known(name) && !name.is_empty() {
            let a = Assignment {
                origin: Origin::Flag,
                text: value.to_string(),
                col: 1,
            };
            set(name, a);
        }
    }
    // Past the job file's last line (and the end-of-file position after it), so a
    // diagnostic's line tells which text it is about.
    let base = src.job.matches('\n').count() + 2;
    let mut out = VarContent {
        text: "\n".repeat(base),
        base,
        segments: Vec::new(),
    };
    let mut line = base + 1;
    let mut winners: Vec<(String, (usize, Assignment))> = winners.into_iter().collect();
    winners.sort_by_key(|(_, (n, _))| *n);
    for (name, (_, a)) in winners {
        let is_literal = matches!(a.origin, Origin::Flag | Origin::Env) && literal(&name);
        let (head, value) = match &a.origin {
            Origin::File { .. } => {
                // Keep the expression's column, so diagnostics need only a line offset.
                let head = format!("{name}=");
                let pad = a.col.saturating_sub(head.chars().count() + 1);
                (format!("{head}{}", " ".repeat(pad)), a.text.clone())
            }
            _ if is_literal => (format!("{name} = "), hcl_string(&a.text)),
            _ => (format!("{name} = "), a.text.clone()),
        };
        let shift = (head.chars().count() + 1).saturating_sub(a.col);
        out.segments.push(Segment {
            name: name.clone(),
            origin: a.origin.clone(),
            literal: is_literal,
            line,
            shift,
        });
        let piece = format!("{head}{value}\n");
        line += piece.matches('\n').count();
        out.text.push_str(&piece);
    }
    for (path, text) in raw {
        out.segments.push(Segment {
            name: String::new(),
            origin: Origin::RawFile { path },
            literal: false,
            line,
            shift: 0,
        });
        let piece = format!("{text}\n");
        line += piece.matches('\n').count();
        out.text.push_str(&piece);
    }
    if out.segments.is_empty() {
        out.text.clear();
    }
    out
}

/// `L,C` → `(line, column)`.
fn pos(s: &str) -> Option<(usize, usize)> {
    let (l, c) = s.split_once(',')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

impl VarContent {
    /// One line of the agent's error, rewritten to name the value's source when it is about
    /// the variables text; `None` when it is about the job file.
    pub fn map_line(&self, line: &str) -> Option<String> {
        const VC: &str = "unable to parse var content: ";
        let (prefix, rest) = match line.strip_prefix(VC) {
            Some(r) => (VC, r),
            None => ("", line),
        };
        let rest = rest.strip_prefix("input.hcl:")?;
        let (range, tail) = rest.split_once(": ")?;
        let (from, to) = range.split_once('-')?;
        let (l1, c1) = pos(from)?;
        if l1 <= self.base {
            return None;
        }
        let seg = self.segments.iter().rev().find(|s| s.line <= l1)?;
        // The end is `C` on the same line or `L,C`.
        let (l2, c2) = match pos(to) {
            Some(p) => p,
            None => (l1, to.parse().ok()?),
        };
        let at = |l: usize, c: usize, first: usize| {
            let c = if l == seg.line {
                c.saturating_sub(seg.shift)
            } else {
                c
            };
            (l - seg.line + first, c)
        };
        let range = |file: &str, first: usize| {
            let (a, b) = at(l1, c1, first);
            let (x, y) = at(l2, c2, first);
            if x == a {
                format!("{file}:{a},{b}-{y}")
            } else {
                format!("{file}:{a},{b}-{x},{y}")
            }
        };
        let name = &seg.name;
        let from_args = seg.origin == Origin::Flag;
        // The agent words a value that is not an attribute as a body would.
        let tail = tail.replace(
            "Missing newline after argument; An argument definition must end with a newline.",
            "Extra characters after expression; An expression was successfully parsed, but extra \
characters were found after it.",
        );
        let tail = if from_args {
            tail.replace(
                &format!("Invalid value for variable; The value for {name} is"),
                &format!("Invalid argument value for -var variable; The received arg value for {name} is"),
            )
        } else {
            tail
        };
        Some(match &seg.origin {
            Origin::File { path, line } => {
                format!("{prefix}{}: {tail}", range(path, *line))
            }
            Origin::RawFile { path } => {
                let prefix = prefix.replace("var content", "var file");
                let first = 1;
                format!("{prefix}{}: {tail}", range(path, first))
            }
            // A literal value has no place in any text: Go prints an empty range.
            _ if seg.literal => format!(":0,0-0: {tail}"),
            Origin::Flag => format!(
                "{}: {tail}",
                range(&format!("<value for var.{name} from arguments>"), 1)
            ),
            Origin::Env => format!(
                "{}: {tail}",
                range(&format!("<value for var.{name} from env>"), 1)
            ),
        })
    }

    /// Whether the agent's error line is about a variable's value (the variables text, or a
    /// declared variable left without one).
    pub fn is_variable_line(&self, line: &str) -> bool {
        line.starts_with("<nil>: Unset variable") || self.map_line(line).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = r#"
variable "s" {
  type = string
}
variable "n" {
  type = number # a number
}
variable "b" {
  # type = string (a comment, not the type)
  type = bool
}
variable "l" {
  type = list(string)
}
variable "u" {}
variable "nd" {
  default = 5
}
variable "ld" {
  default = ["a"]
}
variable "h" {
  default = <<EOT
variable "fake" {
  type = bool
}
EOT
}
variables {
  vb = true
  vs = "x"
}
job "j" {}
"#;

    #[test]
    fn kinds_come_from_types_and_defaults() {
        let d = declared(JOB).unwrap();
        let k = |n: &str| d.kind(n);
        assert_eq!(k("s"), Some(Kind::Literal));
        assert_eq!(k("n"), Some(Kind::Literal));
        assert_eq!(k("b"), Some(Kind::Expr));
        assert_eq!(k("l"), Some(Kind::Expr));
        assert_eq!(k("u"), Some(Kind::Literal));
        assert_eq!(k("nd"), Some(Kind::Literal));
        assert_eq!(k("ld"), Some(Kind::Expr));
        assert_eq!(k("h"), Some(Kind::Literal));
        assert_eq!(k("vb"), Some(Kind::Expr));
        assert_eq!(k("vs"), Some(Kind::Literal));
        // Text inside a heredoc declares nothing.
        assert!(!d.contains("fake"));
    }

    #[test]
    fn json_declarations() {
        let d = declared(r#"{"variable": {"a": {"type": "list(string)"}, "b": {"default": 1}, "c": {"default": true}}, "job": {}}"#).unwrap();
        assert_eq!(d.kind("a"), Some(Kind::Expr));
        assert_eq!(d.kind("b"), Some(Kind::Literal));
        assert_eq!(d.kind("c"), Some(Kind::Expr));
    }

    #[test]
    fn strings_are_quoted_exactly() {
        assert_eq!(hcl_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(hcl_string("${x} %{y} $z"), r#""$${x} %%{y} $z""#);
        assert_eq!(hcl_string(" 7 \n"), r#"" 7 \n""#);
        assert_eq!(hcl_string("\u{1}"), r#""\u0001""#);
    }

    fn flags(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn later_sources_win_per_variable() {
        let d = declared(JOB).unwrap();
        let f = flags(&["s=1.10", "l=[1,2]", "s= 7 "]);
        let src = Sources {
            job: JOB,
            declared: Some(&d),
            env: vec![("s".into(), "env".into()), ("n".into(), "007".into())],
            files: vec![
                ("a.hcl".into(), "n = 1\nl = [\n  \"x\",\n]\n".into()),
                ("b.json".into(), r#"{"n": 1.10, "nope": 1}"#.into()),
            ],
            flags: &f,
        };
        let vc = build(&src);
        let body: Vec<&str> = vc.text.lines().filter(|l| !l.is_empty()).collect();
        // The JSON value keeps its column (`  "n": 1.10` → 7).
        assert_eq!(body, ["n=    1.10", "l = [1,2]", "s = \" 7 \""]);
        assert_eq!(undefined(&src).len(), 1);
    }

    #[test]
    fn diagnostics_name_the_source() {
        let d = declared(JOB).unwrap();
        let f = flags(&["n= 7 ", "b=tru"]);
        let src = Sources {
            job: JOB,
            declared: Some(&d),
            env: Vec::new(),
            files: vec![("v.hcl".into(), "\n  l = 5\n".into())],
            flags: &f,
        };
        let vc = build(&src);
        let line_of = |name: &str| {
            vc.text
                .lines()
                .position(|l| l.starts_with(name))
                .map(|i| i + 1)
                .unwrap()
        };
        let n = line_of("n =");
        let got = vc.map_line(&format!(
            "input.hcl:{n},5-10: Invalid value for variable; The value for n is not compatible with the variable's type constraint: a number is required."
        ));
        assert_eq!(
            got.as_deref(),
            Some(":0,0-0: Invalid argument value for -var variable; The received arg value for n is not compatible with the variable's type constraint: a number is required.")
        );
        let b = line_of("b =");
        let got = vc.map_line(&format!(
            "input.hcl:{b},5-8: Variables not allowed; Variables may not be used here."
        ));
        assert_eq!(
            got.as_deref(),
            Some("<value for var.b from arguments>:1,1-4: Variables not allowed; Variables may not be used here.")
        );
        let l = line_of("l=");
        let got = vc.map_line(&format!("input.hcl:{l},7-8: Invalid value for variable; x"));
        assert_eq!(
            got.as_deref(),
            Some("v.hcl:2,7-8: Invalid value for variable; x")
        );
        assert_eq!(vc.map_line("input.hcl:3,1-2: About the job; x"), None);
    }
}
