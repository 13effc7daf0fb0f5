//! Nomad-compatible `-t` output: Go `text/template` (via gotmpl) with Go's
//! built-ins and Sprig v3 functions under `sprig_` names.
//!
//! The data is usually [`super::json::shape_for_template`]'s output, whose
//! objects standing for Go structs carry [`STRUCT_MARKER`]: a missing field on
//! such an object is Go's `can't evaluate field` error, while a missing key
//! of a plain (Go map) object is `<no value>`. To get Go's texts and
//! positions, the parsed tree is rewritten before execution: field chains go
//! through a hidden `__fld` function and printed values through `__print`
//! (Go's `%v`: `map[a:1 b:2]`, `[a b]`, `1e+06`, structs as `{…}`).

use super::json::{go_fmt_float_v, struct_field_names, struct_field_type, STRUCT_MARKER};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use gotmpl::parse::{CommandNode, Expr, ListNode, Node, Parser, PipeNode, Pos, SmolStr};
use gotmpl::{FuncMap, Template, TemplateError, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

const FLD: &str = "\u{0}fld";
const PRINT: &str = "\u{0}print";
const MAIN: &str = "\u{0}main";

/// Renders `tmpl` against `data` with Go `text/template` semantics. Errors
/// are Go's texts (`template: :1: function "foo" not defined`,
/// `template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type …`).
pub fn render(tmpl: &str, data: &serde_json::Value) -> Result<String, String> {
    let value = to_value(data);
    render_value(tmpl, &value)
}

/// [`render`] for data already converted with [`to_value`].
pub fn render_value(tmpl: &str, data: &Value) -> Result<String, String> {
    let src: Arc<str> = Arc::from(tmpl);
    let parser = Parser::new(tmpl, "{{", "}}").map_err(parse_err)?;
    let (mut tree, mut defines) = parser.parse().map_err(parse_err)?;

    let funcs = func_map(src.clone());
    let mut undefined: Option<(usize, String)> = None;
    check_funcs_list(&tree, &funcs, &mut undefined);
    for d in &defines {
        check_funcs_list(&d.body, &funcs, &mut undefined);
    }
    if let Some((off, name)) = undefined {
        return Err(format!(
            "template: :{}: function \"{}\" not defined",
            line_of(tmpl, off),
            name
        ));
    }

    rewrite_list(&mut tree);
    for d in &mut defines {
        rewrite_list(&mut d.body);
    }
    let mut t = Template::new("")
        .funcs(funcs)
        .parse("")
        .map_err(|e| e.to_string())?
        .add_parse_tree(MAIN, tree);
    for d in defines {
        t = t.add_parse_tree(d.name.as_str(), d.body);
    }
    t.execute_template_to_string(MAIN, data).map_err(exec_err)
}

/// Converts JSON into a template value: integers stay integers, floats
/// floats, objects maps (sorted, as Go ranges over maps).
pub fn to_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Int(i)
            } else if let Some(u) = n.as_u64() {
                Value::Uint(u)
            } else {
                Value::Float(n.as_f64().unwrap_or(0.0))
            }
        }
        serde_json::Value::String(s) => Value::String(Arc::from(s.as_str())),
        serde_json::Value::Array(a) => Value::List(a.iter().map(to_value).collect()),
        serde_json::Value::Object(m) => Value::Map(Arc::new(
            m.iter()
                .map(|(k, x)| (Arc::from(k.as_str()), to_value(x)))
                .collect(),
        )),
    }
}

// ---------------------------------------------------------------------------
// errors

fn parse_err(e: TemplateError) -> String {
    match e {
        TemplateError::Parse { line, message, .. } | TemplateError::Lex { line, message, .. } => {
            format!("template: :{line}: {message}")
        }
        other => format!("template: : {other}"),
    }
}

fn exec_err(e: TemplateError) -> String {
    match e {
        TemplateError::Exec(m) if m.starts_with("template: ") => m,
        TemplateError::Exec(m) => format!("template: : executing \"\": {m}"),
        other => format!("template: : executing \"\": {other}"),
    }
}

fn line_of(src: &str, off: usize) -> usize {
    let end = off.min(src.len());
    1 + src.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Go's `ErrorContext` position: `line:col` with a 0-based byte column on the
/// first line... and on later lines alike.
fn location(src: &str, off: usize) -> String {
    let end = off.min(src.len());
    let text = &src.as_bytes()[..end];
    let col = match text.iter().rposition(|&b| b == b'\n') {
        None => end,
        Some(nl) => end - (nl + 1),
    };
    format!("{}:{}", line_of(src, off), col)
}

fn exec_error(src: &str, off: usize, ctx: &str, msg: &str) -> TemplateError {
    TemplateError::Exec(format!(
        "template: :{}: executing \"\" at <{}>: {}",
        location(src, off),
        ctx,
        msg
    ))
}

// ---------------------------------------------------------------------------
// tree checks and rewriting

fn check_funcs_list(list: &ListNode, funcs: &FuncMap, out: &mut Option<(usize, String)>) {
    for n in &list.nodes {
        check_funcs_node(n, funcs, out);
    }
}

fn check_funcs_node(n: &Node, funcs: &FuncMap, out: &mut Option<(usize, String)>) {
    match n {
        Node::List(l) => check_funcs_list(l, funcs, out),
        Node::Action(a) => check_funcs_pipe(&a.pipe, funcs, out),
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            check_funcs_pipe(&b.pipe, funcs, out);
            check_funcs_list(&b.body, funcs, out);
            if let Some(e) = &b.else_body {
                check_funcs_list(e, funcs, out);
            }
        }
        Node::Template(t) => {
            if let Some(p) = &t.pipe {
                check_funcs_pipe(p, funcs, out);
            }
        }
        Node::Define(d) => check_funcs_list(&d.body, funcs, out),
        _ => {}
    }
}

fn check_funcs_pipe(p: &PipeNode, funcs: &FuncMap, out: &mut Option<(usize, String)>) {
    for c in &p.commands {
        for a in &c.args {
            check_funcs_expr(a, funcs, out);
        }
    }
}

fn check_funcs_expr(e: &Expr, funcs: &FuncMap, out: &mut Option<(usize, String)>) {
    match e {
        Expr::Identifier(pos, name)
            if out.is_none() && !funcs.contains_key(name.as_str()) && !is_builtin(name) =>
        {
            *out = Some((pos.offset, name.to_string()));
        }
        Expr::Pipe(_, p) => check_funcs_pipe(p, funcs, out),
        Expr::Chain(_, inner, _) => check_funcs_expr(inner, funcs, out),
        _ => {}
    }
}

fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "and"
            | "or"
            | "not"
            | "len"
            | "index"
            | "slice"
            | "print"
            | "printf"
            | "println"
            | "html"
            | "js"
            | "urlquery"
            | "call"
            | "eq"
            | "ne"
            | "lt"
            | "le"
            | "gt"
            | "ge"
    )
}

fn rewrite_list(list: &mut ListNode) {
    for n in &mut list.nodes {
        rewrite_node(n);
    }
}

fn rewrite_node(n: &mut Node) {
    match n {
        Node::List(l) => rewrite_list(l),
        Node::Action(a) => {
            rewrite_pipe(&mut a.pipe);
            if a.pipe.decl.is_empty() {
                let pos = a.pipe.pos;
                a.pipe.commands.push(CommandNode {
                    pos,
                    args: vec![Expr::Identifier(pos, SmolStr::new(PRINT))],
                });
            }
        }
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            rewrite_pipe(&mut b.pipe);
            rewrite_list(&mut b.body);
            if let Some(e) = &mut b.else_body {
                rewrite_list(e);
            }
        }
        Node::Template(t) => {
            if let Some(p) = &mut t.pipe {
                rewrite_pipe(p);
            }
        }
        Node::Define(d) => rewrite_list(&mut d.body),
        _ => {}
    }
}

fn rewrite_pipe(p: &mut PipeNode) {
    for c in &mut p.commands {
        for a in &mut c.args {
            rewrite_expr(a);
        }
    }
}

/// Go reports a field chain's error at its last `.Field` token.
fn fld_call(pos: Pos, base_len: usize, recv: Expr, ctx: String, chain: &[SmolStr]) -> Expr {
    let last = pos.offset
        + base_len
        + chain[..chain.len().saturating_sub(1)]
            .iter()
            .map(|f| f.len() + 1)
            .sum::<usize>();
    let mut args = Vec::with_capacity(chain.len() + 4);
    args.push(Expr::Identifier(pos, SmolStr::new(FLD)));
    args.push(recv);
    args.push(Expr::String(pos, Arc::from(last.to_string())));
    args.push(Expr::String(pos, Arc::from(ctx)));
    for f in chain {
        args.push(Expr::String(pos, Arc::from(f.as_str())));
    }
    Expr::Pipe(
        pos,
        PipeNode {
            pos,
            decl: Vec::new(),
            commands: vec![CommandNode { pos, args }],
            is_assign: false,
        },
    )
}

fn chain_text(chain: &[SmolStr]) -> String {
    let mut s = String::new();
    for f in chain {
        s.push('.');
        s.push_str(f);
    }
    s
}

fn rewrite_expr(e: &mut Expr) {
    match e {
        Expr::Field(pos, chain) => {
            let (pos, chain) = (*pos, chain.clone());
            *e = fld_call(pos, 0, Expr::Dot(pos), chain_text(&chain), &chain);
        }
        Expr::Variable(pos, name, chain) if !chain.is_empty() => {
            let (pos, name, chain) = (*pos, name.clone(), chain.clone());
            let ctx = format!("{}{}", name, chain_text(&chain));
            let base = name.len();
            *e = fld_call(
                pos,
                base,
                Expr::Variable(pos, name, Vec::new()),
                ctx,
                &chain,
            );
        }
        Expr::Chain(pos, inner, chain) => {
            let (pos, chain) = (*pos, chain.clone());
            let mut inner = (**inner).clone();
            rewrite_expr(&mut inner);
            let ctx = format!("({}){}", "…", chain_text(&chain));
            *e = fld_call(pos, 0, inner, ctx, &chain);
        }
        Expr::Pipe(_, p) => rewrite_pipe(p),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// field access and printing

fn struct_name(m: &BTreeMap<Arc<str>, Value>) -> Option<&str> {
    match m.get(STRUCT_MARKER) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

fn go_struct_type(name: &str) -> String {
    if name == "JobJson" {
        "command.JobJson".into()
    } else {
        format!("*api.{name}")
    }
}

fn go_type_name(v: &Value) -> String {
    match v {
        Value::Nil => "interface {}".into(),
        Value::Bool(_) => "bool".into(),
        Value::Int(_) => "int".into(),
        Value::Uint(_) => "uint64".into(),
        Value::Float(_) => "float64".into(),
        Value::String(_) => "string".into(),
        Value::List(_) => "[]interface {}".into(),
        Value::Map(m) => match struct_name(m) {
            Some(n) => go_struct_type(n),
            None => "map[string]interface {}".into(),
        },
        Value::Function(_) => "func".into(),
    }
}

fn fld(src: &str, args: &[Value]) -> gotmpl::Result<Value> {
    let mut cur = args.first().cloned().unwrap_or(Value::Nil);
    let off: usize = args
        .get(1)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let ctx = args.get(2).and_then(Value::as_str).unwrap_or("");
    // Go type of the value at hand when it came from a struct field.
    let mut parent: Option<String> = None;
    for name in args.iter().skip(3) {
        let name = name.as_str().unwrap_or("");
        let next = match &cur {
            Value::Map(m) => match struct_name(m) {
                Some(sn) => match m.get(name) {
                    Some(v) if name != STRUCT_MARKER => {
                        parent = struct_field_type(sn, name);
                        v.clone()
                    }
                    _ => {
                        return Err(exec_error(
                            src,
                            off,
                            ctx,
                            &format!(
                                "can't evaluate field {} in type {}",
                                name,
                                go_struct_type(sn)
                            ),
                        ));
                    }
                },
                None => {
                    parent = None;
                    m.get(name).cloned().unwrap_or(Value::Nil)
                }
            },
            Value::Nil => match &parent {
                Some(ty) => {
                    let msg = format!("nil pointer evaluating {ty}.{name}");
                    return Err(exec_error(src, off, ctx, &msg));
                }
                None => return Ok(Value::Nil),
            },
            other => {
                return Err(exec_error(
                    src,
                    off,
                    ctx,
                    &format!(
                        "can't evaluate field {} in type {}",
                        name,
                        go_type_name(other)
                    ),
                ));
            }
        };
        cur = next;
    }
    Ok(cur)
}

/// Go's `%v` text of a value.
pub fn go_v(v: &Value) -> String {
    let mut s = String::new();
    write_v(&mut s, v, true);
    s
}

fn write_v(out: &mut String, v: &Value, top: bool) {
    match v {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Uint(u) => {
            let _ = write!(out, "{u}");
        }
        Value::Float(f) => out.push_str(&go_fmt_float_v(*f)),
        Value::String(s) => out.push_str(s),
        Value::List(l) => {
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_v(out, x, false);
            }
            out.push(']');
        }
        Value::Map(m) => match struct_name(m) {
            Some(sn) => {
                if top {
                    out.push('&');
                }
                out.push('{');
                let names = struct_field_names(sn).unwrap_or_default();
                for (i, n) in names.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    match m.get(*n) {
                        Some(Value::Map(inner)) if struct_name(inner).is_some() => {
                            // nested pointers print as addresses in Go; show
                            // the value instead
                            write_v(out, &Value::Map(inner.clone()), false)
                        }
                        Some(x) => write_v(out, x, false),
                        None => out.push_str("<nil>"),
                    }
                }
                out.push('}');
            }
            None => {
                out.push_str("map[");
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    write_v(out, x, false);
                }
                out.push(']');
            }
        },
        Value::Function(_) => out.push_str("<func>"),
    }
}

// ---------------------------------------------------------------------------
// functions

type F = fn(&[Value]) -> Result<Value, String>;

fn func_map(src: Arc<str>) -> FuncMap {
    let mut m = FuncMap::new();
    let s2 = src.clone();
    m.insert(FLD.into(), Arc::new(move |args: &[Value]| fld(&s2, args)));
    m.insert(
        PRINT.into(),
        Arc::new(|args: &[Value]| {
            Ok(match args.last() {
                None | Some(Value::Nil) => Value::Nil,
                Some(Value::String(s)) => Value::String(s.clone()),
                Some(v) => Value::String(Arc::from(go_v(v))),
            })
        }),
    );
    let sprig: &[(&str, F)] = &[
        ("join", sp_join),
        ("split", sp_split),
        ("upper", |a| str1(a, |s| s.to_uppercase())),
        ("lower", |a| str1(a, |s| s.to_lowercase())),
        ("trim", |a| str1(a, |s| s.trim().to_string())),
        ("title", |a| str1(a, title)),
        ("trimPrefix", |a| {
            str2(a, |p, s| s.strip_prefix(p).unwrap_or(s).to_string())
        }),
        ("trimSuffix", |a| {
            str2(a, |p, s| s.strip_suffix(p).unwrap_or(s).to_string())
        }),
        ("trimAll", |a| {
            str2(a, |p, s| s.trim_matches(|c| p.contains(c)).to_string())
        }),
        ("replace", sp_replace),
        ("contains", |a| bool2(a, |sub, s| s.contains(sub))),
        ("hasPrefix", |a| bool2(a, |p, s| s.starts_with(p))),
        ("hasSuffix", |a| bool2(a, |p, s| s.ends_with(p))),
        ("default", sp_default),
        ("empty", |a| Ok(Value::Bool(a.last().is_none_or(is_empty)))),
        ("coalesce", |a| {
            Ok(a.iter()
                .find(|v| !is_empty(v))
                .cloned()
                .unwrap_or(Value::Nil))
        }),
        ("toJson", |a| {
            Ok(Value::String(Arc::from(to_json(arg(a, 0), None))))
        }),
        ("toPrettyJson", |a| {
            Ok(Value::String(Arc::from(to_json(arg(a, 0), Some(0)))))
        }),
        ("quote", |a| Ok(Value::String(Arc::from(quote_all(a, '"'))))),
        ("squote", |a| {
            Ok(Value::String(Arc::from(quote_all(a, '\''))))
        }),
        ("indent", |a| sp_indent(a, false)),
        ("nindent", |a| sp_indent(a, true)),
        ("repeat", |a| {
            let n = int_arg(a, 0)?;
            Ok(Value::String(Arc::from(
                str_of(arg(a, 1)).repeat(n.max(0) as usize),
            )))
        }),
        ("substr", sp_substr),
        ("trunc", sp_trunc),
        ("list", |a| Ok(Value::List(a.iter().cloned().collect()))),
        ("dict", sp_dict),
        ("keys", sp_keys),
        ("first", |a| {
            Ok(match arg(a, 0) {
                Value::List(l) => l.first().cloned().unwrap_or(Value::Nil),
                _ => Value::Nil,
            })
        }),
        ("last", |a| {
            Ok(match arg(a, 0) {
                Value::List(l) => l.last().cloned().unwrap_or(Value::Nil),
                _ => Value::Nil,
            })
        }),
        ("add", |a| arith(a, |x, y| x.checked_add(y), |x, y| x + y)),
        ("sub", |a| arith(a, |x, y| x.checked_sub(y), |x, y| x - y)),
        ("mul", |a| arith(a, |x, y| x.checked_mul(y), |x, y| x * y)),
        ("div", sp_div),
        ("mod", |a| {
            let (x, y) = (int_arg(a, 0)?, int_arg(a, 1)?);
            if y == 0 {
                return Err("runtime error: integer divide by zero".into());
            }
            Ok(Value::Int(x % y))
        }),
        ("add1", |a| Ok(Value::Int(int_arg(a, 0)?.wrapping_add(1)))),
        ("max", |a| {
            let mut m = int_arg(a, 0)?;
            for i in 1..a.len() {
                m = m.max(int_arg(a, i)?);
            }
            Ok(Value::Int(m))
        }),
        ("min", |a| {
            let mut m = int_arg(a, 0)?;
            for i in 1..a.len() {
                m = m.min(int_arg(a, i)?);
            }
            Ok(Value::Int(m))
        }),
        ("toString", |a| {
            Ok(Value::String(Arc::from(str_of(arg(a, 0)))))
        }),
        ("int", |a| Ok(Value::Int(to_int(arg(a, 0))))),
        ("int64", |a| Ok(Value::Int(to_int(arg(a, 0))))),
        ("float64", |a| Ok(Value::Float(to_float(arg(a, 0))))),
        ("now", |_| Ok(Value::String(Arc::from(now_string())))),
        ("date", sp_date),
        ("ago", sp_ago),
        ("b64enc", |a| {
            let text = str_of(arg(a, 0));
            Ok(Value::String(Arc::from(STANDARD.encode(text))))
        }),
        ("sortAlpha", |a| {
            let mut v: Vec<String> = match arg(a, 0) {
                Value::List(l) => l.iter().map(str_of).collect(),
                other => vec![str_of(other)],
            };
            v.sort();
            Ok(Value::List(
                v.into_iter().map(|s| Value::String(Arc::from(s))).collect(),
            ))
        }),
        ("has", |a| {
            let needle = arg(a, 0);
            Ok(Value::Bool(match arg(a, 1) {
                Value::List(l) => l.iter().any(|x| x == needle),
                _ => false,
            }))
        }),
        ("uniq", |a| {
            let mut out: Vec<Value> = Vec::new();
            if let Value::List(l) = arg(a, 0) {
                for x in l.iter() {
                    if !out.contains(x) {
                        out.push(x.clone());
                    }
                }
            }
            Ok(Value::List(out.into()))
        }),
    ];
    for (name, f) in sprig {
        let f = *f;
        let fname = format!("sprig_{name}");
        let label = fname.clone();
        m.insert(
            fname,
            Arc::new(move |args: &[Value]| {
                f(args).map_err(|e| TemplateError::Exec(format!("error calling {label}: {e}")))
            }),
        );
    }
    m
}

fn arg(a: &[Value], i: usize) -> &Value {
    static NIL: Value = Value::Nil;
    a.get(i).unwrap_or(&NIL)
}

fn str_of(v: &Value) -> String {
    match v {
        Value::Nil => String::new(),
        Value::String(s) => s.to_string(),
        other => go_v(other),
    }
}

fn str1(a: &[Value], f: impl Fn(&str) -> String) -> Result<Value, String> {
    Ok(Value::String(Arc::from(f(&str_of(arg(a, 0))))))
}

fn str2(a: &[Value], f: impl Fn(&str, &str) -> String) -> Result<Value, String> {
    Ok(Value::String(Arc::from(f(
        &str_of(arg(a, 0)),
        &str_of(arg(a, 1)),
    ))))
}

fn bool2(a: &[Value], f: impl Fn(&str, &str) -> bool) -> Result<Value, String> {
    Ok(Value::Bool(f(&str_of(arg(a, 0)), &str_of(arg(a, 1)))))
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_letter = false;
    for c in s.chars() {
        if !prev_letter {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_letter = c.is_alphanumeric() || c == '_' || c == '\'';
    }
    out
}

fn to_int(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Uint(u) => *u as i64,
        Value::Float(f) => *f as i64,
        Value::Bool(b) => i64::from(*b),
        Value::String(s) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

fn to_float(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Uint(u) => *u as f64,
        Value::Float(f) => *f,
        Value::String(s) => s.trim().parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

fn int_arg(a: &[Value], i: usize) -> Result<i64, String> {
    Ok(to_int(arg(a, i)))
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(i) => *i == 0,
        Value::Uint(u) => *u == 0,
        Value::Float(f) => *f == 0.0,
        Value::String(s) => s.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Map(m) => match struct_name(m) {
            Some(_) => false,
            None => m.is_empty(),
        },
        Value::Function(_) => false,
    }
}

fn sp_join(a: &[Value]) -> Result<Value, String> {
    let sep = str_of(arg(a, 0));
    let parts: Vec<String> = match arg(a, 1) {
        Value::List(l) => l.iter().map(str_of).collect(),
        Value::Nil => Vec::new(),
        other => vec![str_of(other)],
    };
    Ok(Value::String(Arc::from(parts.join(&sep))))
}

fn sp_split(a: &[Value]) -> Result<Value, String> {
    // sprig's split returns map[string]string {_0: …, _1: …}
    let sep = str_of(arg(a, 0));
    let s = str_of(arg(a, 1));
    let parts: Vec<&str> = if sep.is_empty() {
        s.split_terminator("").skip(1).collect()
    } else {
        s.split(sep.as_str()).collect()
    };
    let m: BTreeMap<Arc<str>, Value> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (Arc::from(format!("_{i}")), Value::String(Arc::from(*p))))
        .collect();
    Ok(Value::Map(Arc::new(m)))
}

fn sp_replace(a: &[Value]) -> Result<Value, String> {
    let old = str_of(arg(a, 0));
    let new = str_of(arg(a, 1));
    let s = str_of(arg(a, 2));
    let out = if old.is_empty() {
        // Go strings.Replace with empty old inserts at every rune boundary.
        let mut o = String::new();
        o.push_str(&new);
        for c in s.chars() {
            o.push(c);
            o.push_str(&new);
        }
        o
    } else {
        s.replace(&old, &new)
    };
    Ok(Value::String(Arc::from(out)))
}

fn sp_default(a: &[Value]) -> Result<Value, String> {
    // sprig: default DEFAULT GIVEN; a missing GIVEN counts as empty.
    let d = arg(a, 0).clone();
    match a.get(1) {
        Some(v) if !is_empty(v) => Ok(v.clone()),
        _ => Ok(d),
    }
}

fn quote_all(a: &[Value], q: char) -> String {
    let mut out = Vec::new();
    for v in a {
        if matches!(v, Value::Nil) {
            continue;
        }
        let s = str_of(v);
        if q == '"' {
            out.push(crate::gocompat::strconv::quote(&s));
        } else {
            out.push(format!("'{s}'"));
        }
    }
    out.join(" ")
}

fn sp_indent(a: &[Value], newline: bool) -> Result<Value, String> {
    let n = int_arg(a, 0)?.max(0) as usize;
    let s = str_of(arg(a, 1));
    let pad = " ".repeat(n);
    let mut out = String::new();
    if newline {
        out.push('\n');
    }
    out.push_str(&pad);
    out.push_str(&s.replace('\n', &format!("\n{pad}")));
    Ok(Value::String(Arc::from(out)))
}

fn sp_substr(a: &[Value]) -> Result<Value, String> {
    let start = int_arg(a, 0)?;
    let end = int_arg(a, 1)?;
    let s = str_of(arg(a, 2));
    let len = s.len() as i64;
    // sprig works on bytes
    let out = if start < 0 {
        let e = end.clamp(0, len);
        &s.as_bytes()[..e as usize]
    } else if end < 0 || end > len {
        &s.as_bytes()[(start.min(len)) as usize..]
    } else {
        let st = start.min(end);
        &s.as_bytes()[st as usize..end as usize]
    };
    Ok(Value::String(Arc::from(
        String::from_utf8_lossy(out).into_owned(),
    )))
}

fn sp_trunc(a: &[Value]) -> Result<Value, String> {
    let c = int_arg(a, 0)?;
    let s = str_of(arg(a, 1));
    let len = s.len() as i64;
    let out = if c < 0 && len + c > 0 {
        &s.as_bytes()[(len + c) as usize..]
    } else if c >= 0 && len > c {
        &s.as_bytes()[..c as usize]
    } else {
        s.as_bytes()
    };
    Ok(Value::String(Arc::from(
        String::from_utf8_lossy(out).into_owned(),
    )))
}

fn sp_dict(a: &[Value]) -> Result<Value, String> {
    let mut m = BTreeMap::new();
    let mut i = 0;
    while i < a.len() {
        let k = str_of(&a[i]);
        let v = a
            .get(i + 1)
            .cloned()
            .unwrap_or(Value::String(Arc::from("")));
        m.insert(Arc::from(k), v);
        i += 2;
    }
    Ok(Value::Map(Arc::new(m)))
}

fn sp_keys(a: &[Value]) -> Result<Value, String> {
    let mut out = Vec::new();
    for v in a {
        if let Value::Map(m) = v {
            for k in m.keys() {
                if k.as_ref() != STRUCT_MARKER {
                    out.push(Value::String(k.clone()));
                }
            }
        }
    }
    Ok(Value::List(out.into()))
}

fn arith(
    a: &[Value],
    fi: impl Fn(i64, i64) -> Option<i64>,
    _ff: impl Fn(f64, f64) -> f64,
) -> Result<Value, String> {
    let mut acc = int_arg(a, 0)?;
    for i in 1..a.len() {
        acc = fi(acc, int_arg(a, i)?).unwrap_or(0);
    }
    Ok(Value::Int(acc))
}

fn sp_div(a: &[Value]) -> Result<Value, String> {
    let x = int_arg(a, 0)?;
    let y = int_arg(a, 1)?;
    if y == 0 {
        return Err("runtime error: integer divide by zero".into());
    }
    Ok(Value::Int(x.wrapping_div(y)))
}

/// sprig `toJson`/`toPrettyJson` (encoding/json: `<>&` escaped as `\u003c`…,
/// map keys sorted; struct fields as they are in the data).
fn to_json(v: &Value, pretty: Option<usize>) -> String {
    let mut s = String::new();
    write_json(&mut s, v, pretty);
    s
}

fn write_json(out: &mut String, v: &Value, ind: Option<usize>) {
    let nl = |out: &mut String, n: usize| {
        out.push('\n');
        for _ in 0..n {
            out.push_str("  ");
        }
    };
    match v {
        Value::Nil | Value::Function(_) => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Uint(u) => {
            let _ = write!(out, "{u}");
        }
        Value::Float(f) => {
            let a = f.abs();
            if a != 0.0 && !(1e-6..1e21).contains(&a) {
                let e = format!("{f:e}");
                let (m, x) = e.split_once('e').unwrap_or((&e, "0"));
                let (sign, d) = x.strip_prefix('-').map_or(('+', x), |d| ('-', d));
                let _ = write!(out, "{m}e{sign}{d:0>2}");
            } else {
                let _ = write!(out, "{f}");
            }
        }
        Value::String(s) => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                        let _ = write!(out, "\\u{:04x}", c as u32);
                    }
                    c if (c as u32) < 0x20 => {
                        let _ = write!(out, "\\u{:04x}", c as u32);
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        Value::List(l) => {
            if l.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(n) = ind {
                    nl(out, n + 1);
                }
                write_json(out, x, ind.map(|n| n + 1));
            }
            if let Some(n) = ind {
                nl(out, n);
            }
            out.push(']');
        }
        Value::Map(m) => {
            let entries: Vec<_> = match struct_name(m) {
                Some(sn) => struct_field_names(sn)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|n| m.get_key_value(n))
                    .collect(),
                None => m.iter().collect(),
            };
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, x)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(n) = ind {
                    nl(out, n + 1);
                }
                write_json(out, &Value::String(k.clone()), None);
                out.push(':');
                if ind.is_some() {
                    out.push(' ');
                }
                write_json(out, x, ind.map(|n| n + 1));
            }
            if let Some(n) = ind {
                nl(out, n);
            }
            out.push('}');
        }
    }
}

fn now_string() -> String {
    let now = chrono::Local::now();
    let mut s = now.format("%Y-%m-%d %H:%M:%S").to_string();
    let ns = now.timestamp_subsec_nanos();
    if ns != 0 {
        let f = format!("{ns:09}");
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    s.push_str(&now.format(" %z %Z").to_string());
    s
}

/// Parses a time value as the templates see them (Go `Time.String()` text,
/// RFC 3339, or Unix seconds).
fn parse_time(v: &Value) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    match v {
        Value::Int(i) => chrono::DateTime::from_timestamp(*i, 0).map(|d| d.fixed_offset()),
        Value::String(s) => {
            if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
                return Some(d);
            }
            // "2006-01-02 15:04:05.999999999 -0700 MST"
            let (rest, _zone) = s.rsplit_once(' ')?;
            chrono::DateTime::parse_from_str(rest, "%Y-%m-%d %H:%M:%S%.f %z").ok()
        }
        _ => None,
    }
}

/// Go reference-layout → strftime for the common elements.
fn go_layout_to_strftime(layout: &str) -> String {
    const MAP: &[(&str, &str)] = &[
        ("2006", "%Y"),
        ("January", "%B"),
        ("Jan", "%b"),
        ("Monday", "%A"),
        ("Mon", "%a"),
        ("MST", "%Z"),
        ("-07:00", "%:z"),
        ("-0700", "%z"),
        ("Z07:00", "%:z"),
        (".000000000", "%.9f"),
        (".000000", "%.6f"),
        (".000", "%.3f"),
        ("01", "%m"),
        ("02", "%d"),
        ("_2", "%e"),
        ("15", "%H"),
        ("03", "%I"),
        ("04", "%M"),
        ("05", "%S"),
        ("06", "%y"),
        ("PM", "%p"),
        ("pm", "%P"),
        ("1", "%-m"),
        ("2", "%-d"),
        ("3", "%-I"),
        ("4", "%-M"),
        ("5", "%-S"),
    ];
    let mut out = String::new();
    let mut rest = layout;
    'outer: while !rest.is_empty() {
        for (go, sf) in MAP {
            if let Some(r) = rest.strip_prefix(go) {
                out.push_str(sf);
                rest = r;
                continue 'outer;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c == '%' {
            out.push_str("%%");
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn sp_date(a: &[Value]) -> Result<Value, String> {
    let layout = str_of(arg(a, 0));
    let t = parse_time(arg(a, 1))
        .unwrap_or_else(|| chrono::Local::now().fixed_offset())
        .with_timezone(&chrono::Local);
    let f = go_layout_to_strftime(&layout);
    let mut s = String::new();
    if write!(s, "{}", t.format(&f)).is_err() {
        return Err(format!("bad layout {layout:?}"));
    }
    Ok(Value::String(Arc::from(s)))
}

fn sp_ago(a: &[Value]) -> Result<Value, String> {
    let Some(t) = parse_time(arg(a, 0)) else {
        return Ok(Value::String(Arc::from("")));
    };
    let d = chrono::Utc::now().signed_duration_since(t.with_timezone(&chrono::Utc));
    let secs = d.num_seconds();
    Ok(Value::String(Arc::from(
        crate::gocompat::time::go_duration(secs.saturating_mul(1_000_000_000)),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn r(t: &str, d: serde_json::Value) -> String {
        match render(t, &d) {
            Ok(s) => s,
            Err(e) => format!("ERR {e}"),
        }
    }

    #[test]
    fn basics() {
        let d = json!({"ID": "a", "Items": ["x", "y"], "M": {"b": 2, "a": 1}, "N": null});
        assert_eq!(r("{{.ID}}", d.clone()), "a");
        assert_eq!(r("{{range .Items}}[{{.}}]{{end}}", d.clone()), "[x][y]");
        assert_eq!(
            r("{{range $k, $v := .M}}{{$k}}={{$v}} {{end}}", d.clone()),
            "a=1 b=2 "
        );
        assert_eq!(r("{{.M}}", d.clone()), "map[a:1 b:2]");
        assert_eq!(r("{{.Items}}", d.clone()), "[x y]");
        assert_eq!(r("{{len .Items}}", d.clone()), "2");
        assert_eq!(r("{{index .Items 1}}", d.clone()), "y");
        assert_eq!(r("{{index .M \"b\"}}", d.clone()), "2");
        assert_eq!(r("{{printf \"%s-%d\" .ID 5}}", d.clone()), "a-5");
        assert_eq!(r("{{eq .ID \"b\" \"c\" \"a\"}}", d.clone()), "true");
        assert_eq!(r("{{eq .ID \"b\" \"c\"}}", d.clone()), "false");
        assert_eq!(r("{{print .N}}", d.clone()), "<nil>");
        assert_eq!(r("{{.Missing}}", d.clone()), "<no value>");
        assert_eq!(r("{{if .Items}}yes{{end}}", d.clone()), "yes");
        assert_eq!(r("{{with $x := .ID}}{{$x}}{{end}}", d.clone()), "a");
    }

    #[test]
    fn floats_print_like_go() {
        let d = json!({"a": 4646.0, "b": 1e6, "c": 2.5, "d": 1e21, "m": {"p": 8080.0}});
        assert_eq!(
            r("{{.a}} {{.b}} {{.c}} {{.d}} {{.m}}", d),
            "4646 1e+06 2.5 1e+21 map[p:8080]"
        );
    }

    #[test]
    fn structs_and_missing_fields() {
        let d = super::super::json::shape_for_template(
            "*JobListStub",
            &json!({"ID": "web", "Meta": {"owner": "me"}}),
        );
        assert_eq!(
            r("{{.ID}}/{{.Priority}}/{{.Stop}}", d.clone()),
            "web/0/false"
        );
        assert_eq!(
            r("{{.Meta.owner}} {{.Meta.nope}}", d.clone()),
            "me <no value>"
        );
        assert_eq!(
            r("{{.Foo}}", d.clone()),
            "ERR template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *api.JobListStub"
        );
        assert_eq!(
            r("x\n  {{.ID.Bar}}", d.clone()),
            "ERR template: :2:7: executing \"\" at <.ID.Bar>: can't evaluate field Bar in type string"
        );
        assert_eq!(
            r("{{range .Datacenters}}{{end}}{{$x := .}}{{$x.Nope}}", d.clone()),
            "ERR template: :1:44: executing \"\" at <$x.Nope>: can't evaluate field Nope in type *api.JobListStub"
        );
        assert_eq!(
            r("{{.JobSummary.Foo}}", d.clone()),
            "ERR template: :1:13: executing \"\" at <.JobSummary.Foo>: nil pointer evaluating *api.JobSummary.Foo"
        );
        assert_eq!(
            r("{{.JobSummary}}|{{.Meta.nope.x}}", d.clone()),
            "<no value>|<no value>"
        );
        let list = super::super::json::shape_for_template(
            "[]*JobListStub",
            &json!([{"ID": "b"}, {"ID": "a"}]),
        );
        assert_eq!(r("{{range .}}{{.ID}},{{end}}", list), "b,a,");
    }

    #[test]
    fn parse_errors() {
        assert_eq!(
            r("{{foo .}}", json!({})),
            "ERR template: :1: function \"foo\" not defined"
        );
        assert_eq!(
            r("a\n{{sprig_nope 1}}", json!({})),
            "ERR template: :2: function \"sprig_nope\" not defined"
        );
        assert!(r("{{.X", json!({})).starts_with("ERR template: :1: "));
        // Sprig functions only exist with the prefix.
        assert_eq!(
            r("{{upper .}}", json!({})),
            "ERR template: :1: function \"upper\" not defined"
        );
    }

    #[test]
    fn sprig() {
        let d = json!({"L": ["a", "b"], "S": " Hi ", "E": "", "N": 7});
        assert_eq!(r("{{sprig_join \",\" .L}}", d.clone()), "a,b");
        assert_eq!(r("{{.L | sprig_join \"-\"}}", d.clone()), "a-b");
        assert_eq!(
            r(
                "{{sprig_upper .S}}|{{sprig_lower .S}}|{{sprig_trim .S}}",
                d.clone()
            ),
            " HI | hi |Hi"
        );
        assert_eq!(
            r(
                "{{sprig_default \"x\" .E}}{{sprig_default \"x\" .S}}",
                d.clone()
            ),
            "x Hi "
        );
        assert_eq!(r("{{.E | sprig_default \"dflt\"}}", d.clone()), "dflt");
        assert_eq!(r("{{sprig_toJson .L}}", d.clone()), "[\"a\",\"b\"]");
        assert_eq!(
            r("{{sprig_toJson .}}", json!({"b": 1, "a": "<"})),
            "{\"a\":\"\\u003c\",\"b\":1}"
        );
        assert_eq!(
            r("{{sprig_toPrettyJson .L}}", d.clone()),
            "[\n  \"a\",\n  \"b\"\n]"
        );
        assert_eq!(
            r("{{sprig_replace \"a\" \"b\" \"banana\"}}", d.clone()),
            "bbnbnb"
        );
        assert_eq!(
            r(
                "{{sprig_trunc 2 \"hello\"}}|{{sprig_substr 1 3 \"hello\"}}",
                d.clone()
            ),
            "he|el"
        );
        assert_eq!(r("{{sprig_indent 2 \"a\\nb\"}}", d.clone()), "  a\n  b");
        assert_eq!(r("{{sprig_nindent 2 \"a\"}}", d.clone()), "\n  a");
        assert_eq!(
            r("{{sprig_quote \"a\" 1}} {{sprig_squote \"b\"}}", d.clone()),
            "\"a\" \"1\" 'b'"
        );
        assert_eq!(r("{{sprig_repeat 3 \"ab\"}}", d.clone()), "ababab");
        assert_eq!(
            r(
                "{{sprig_add 1 2 3}} {{sprig_sub 5 2}} {{sprig_mul 2 3}} {{sprig_div 7 2}}",
                d.clone()
            ),
            "6 3 6 3"
        );
        assert_eq!(r("{{sprig_first .L}}{{sprig_last .L}}", d.clone()), "ab");
        assert_eq!(r("{{sprig_list 1 \"a\"}}", d.clone()), "[1 a]");
        assert_eq!(
            r(
                "{{$d := sprig_dict \"k\" \"v\" \"a\" 1}}{{$d}} {{sprig_keys $d}}",
                d.clone()
            ),
            "map[a:1 k:v] [a k]"
        );
        assert_eq!(r("{{sprig_contains \"el\" \"hello\"}} {{sprig_hasPrefix \"he\" \"hello\"}} {{sprig_hasSuffix \"x\" \"hello\"}}", d.clone()), "true true false");
        assert_eq!(
            r(
                "{{sprig_trimPrefix \"he\" \"hello\"}} {{sprig_trimSuffix \"lo\" \"hello\"}}",
                d.clone()
            ),
            "llo hel"
        );
        assert_eq!(
            r("{{sprig_empty .E}} {{sprig_empty .N}}", d.clone()),
            "true false"
        );
        assert_eq!(
            r("{{$s := sprig_split \",\" \"a,b\"}}{{$s._1}}", d.clone()),
            "b"
        );
        assert_eq!(
            r(
                "{{sprig_date \"2006-01-02\" \"2024-03-01T10:00:00Z\"}}",
                d.clone()
            )
            .len(),
            10
        );
        assert!(!r("{{sprig_now}}", d.clone()).is_empty());
        assert!(r("{{sprig_div 1 0}}", d)
            .contains("error calling sprig_div: runtime error: integer divide by zero"));
    }

    #[test]
    fn struct_printing() {
        let d = super::super::json::shape_for_template(
            "*NodeScoreMeta",
            &json!({"NodeID": "n1", "NormScore": 0.5}),
        );
        assert_eq!(r("{{.}}", d), "&{n1 map[] 0.5}");
    }

    #[test]
    fn defines() {
        assert_eq!(
            r(
                "{{define \"x\"}}<{{.}}>{{end}}{{template \"x\" .A}}",
                json!({"A": 1})
            ),
            "<1>"
        );
    }
}
