//! A small HCL2 parser: enough of the native syntax for job specifications — blocks with
//! labels, attributes, strings with `${…}` interpolation, heredocs, numbers, bools, null,
//! lists, objects, `var.<name>` references, and comments. Values come out as JSON.
//! Errors use hcl/v2's diagnostic form: `<file>:<line>,<col>-<col>: <summary>; <detail>`.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Num(f64),
    /// A quoted string or heredoc, as template parts.
    Str(Vec<Part>),
    Punct(char),
    Newline,
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Lit(String),
    Interp(Vec<(Tok2, Pos)>),
}

/// Interpolations are kept as raw tokens and parsed on evaluation.
type Tok2 = TokBox;

#[derive(Debug, Clone, PartialEq)]
pub struct TokBox(Box<Tok>);

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// An expression, unevaluated.
#[derive(Debug, Clone)]
pub enum Expr {
    Lit(Value),
    Template(Vec<TPart>),
    List(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    /// `a.b.c` traversal.
    Ref(Vec<String>, Pos, Pos),
    /// `name(args)` from its name to past its `)`: only type constraints (`list(string)`) are
    /// understood; evaluating one is an unknown function, as the agent's parser has no
    /// functions the sim knows.
    Call(String, Vec<Expr>, Pos, Pos),
}

#[derive(Debug, Clone)]
pub enum TPart {
    Lit(String),
    Expr(Expr),
}

#[derive(Debug, Clone)]
pub struct Attr {
    pub name: String,
    pub expr: Expr,
    pub pos: Pos,
    /// Where the value expression starts and where the next token starts.
    pub value: (Pos, Pos),
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
    pub pos: Pos,
}

#[derive(Debug, Clone, Default)]
pub struct Body {
    pub attrs: Vec<Attr>,
    pub blocks: Vec<Block>,
}

pub struct Diag {
    pub file: String,
    pub from: Pos,
    pub to_col: usize,
    /// The end line, when the range ends on a later line.
    pub to_line: usize,
    pub summary: String,
    pub detail: String,
}

impl std::fmt::Display for Diag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.to_line > self.from.line {
            return write!(
                f,
                "{}:{},{}-{},{}: {}; {}",
                self.file,
                self.from.line,
                self.from.col,
                self.to_line,
                self.to_col,
                self.summary,
                self.detail
            );
        }
        write!(
            f,
            "{}:{},{}-{}: {}; {}",
            self.file, self.from.line, self.from.col, self.to_col, self.summary, self.detail
        )
    }
}

/// Tokens with where each starts.
type Tokens = Vec<(Tok, Pos)>;

struct Lexer<'a> {
    src: &'a [char],
    i: usize,
    line: usize,
    col: usize,
    file: &'a str,
}

impl<'a> Lexer<'a> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }
    fn peek(&self) -> Option<char> {
        self.src.get(self.i).copied()
    }
    fn peek2(&self) -> Option<char> {
        self.src.get(self.i + 1).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.src.get(self.i).copied()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    fn err(&self, p: Pos, summary: &str, detail: &str) -> Diag {
        Diag {
            file: self.file.to_string(),
            from: p,
            to_col: p.col + 1,
            to_line: 0,
            summary: summary.into(),
            detail: detail.into(),
        }
    }

    /// The tokens with where each one ends (a newline ends at the start of the next line; the
    /// end of the file is an empty range), for diagnostics that cover a whole token.
    fn tokens(&mut self) -> Result<(Tokens, Vec<Pos>), Diag> {
        let mut out = Vec::new();
        let mut ends = Vec::new();
        loop {
            if out.len() > ends.len() {
                ends.push(self.pos());
            }
            let p = self.pos();
            let Some(c) = self.peek() else {
                out.push((Tok::Eof, p));
                ends.push(p);
                return Ok((out, ends));
            };
            match c {
                ' ' | '\t' | '\r' => {
                    self.bump();
                }
                '\n' => {
                    self.bump();
                    out.push((Tok::Newline, p));
                }
                '#' => self.skip_line(),
                '/' if self.peek2() == Some('/') => self.skip_line(),
                '/' if self.peek2() == Some('*') => {
                    self.bump();
                    self.bump();
                    while let Some(c) = self.bump() {
                        if c == '*' && self.peek() == Some('/') {
                            self.bump();
                            break;
                        }
                    }
                }
                '"' => {
                    self.bump();
                    let parts = self.string_body(Some('"'))?;
                    out.push((Tok::Str(parts), p));
                    // hcl's token here is the opening quote alone.
                    ends.push(Pos {
                        line: p.line,
                        col: p.col + 1,
                    });
                }
                '<' if self.peek2() == Some('<') => {
                    self.bump();
                    self.bump();
                    let indent = self.peek() == Some('-');
                    if indent {
                        self.bump();
                    }
                    let mut marker = String::new();
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        marker.push(c);
                        self.bump();
                    }
                    self.bump();
                    let marker = marker.trim().to_string();
                    let mut lines: Vec<String> = Vec::new();
                    loop {
                        let mut line = String::new();
                        while let Some(c) = self.peek().filter(|c| *c != '\n') {
                            line.push(c);
                            self.bump();
                        }
                        // The newline after the closing marker ends the attribute, as any
                        // other newline does.
                        if line.trim() == marker {
                            break;
                        }
                        let ended = self.bump().is_some();
                        if !ended {
                            return Err(self.err(
                                p,
                                "Unterminated template string",
                                "No closing marker was found for the string.",
                            ));
                        }
                        lines.push(line);
                    }
                    if indent {
                        let min = lines
                            .iter()
                            .filter(|l| !l.trim().is_empty())
                            .map(|l| l.len() - l.trim_start().len())
                            .min()
                            .unwrap_or(0);
                        for l in lines.iter_mut() {
                            *l = l.chars().skip(min).collect();
                        }
                    }
                    let mut text = lines.join("\n");
                    text.push('\n');
                    let chars: Vec<char> = text.chars().collect();
                    let mut sub = Lexer {
                        src: &chars,
                        i: 0,
                        line: p.line + 1,
                        col: 1,
                        file: self.file,
                    };
                    let parts = sub.string_body(None)?;
                    out.push((Tok::Str(parts), p));
                }
                c if c.is_ascii_digit() => {
                    let mut s = String::new();
                    while let Some(c) = self.peek() {
                        if c.is_ascii_digit()
                            || c == '.'
                            || c == 'e'
                            || c == 'E'
                            || ((c == '+' || c == '-') && s.ends_with(['e', 'E']))
                        {
                            s.push(c);
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    let n = s.parse::<f64>().map_err(|_| {
                        self.err(
                            p,
                            "Invalid number literal",
                            "Failed to recognize the value of this number literal.",
                        )
                    })?;
                    out.push((Tok::Num(n), p));
                }
                c if c.is_alphabetic() || c == '_' => {
                    let mut s = String::new();
                    while let Some(c) = self.peek() {
                        if c.is_alphanumeric() || c == '_' || c == '-' {
                            s.push(c);
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    out.push((Tok::Ident(s), p));
                }
                '{' | '}' | '[' | ']' | '(' | ')' | '=' | ',' | '.' | ':' | '-' => {
                    self.bump();
                    out.push((Tok::Punct(c), p));
                }
                other => {
                    return Err(self.err(
                        p,
                        "Invalid character",
                        &format!("This character is not used within the language: {other:?}."),
                    ))
                }
            }
        }
    }

    fn skip_line(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.bump();
        }
    }

    /// A string's contents up to `end` (or the end of input for heredocs).
    fn string_body(&mut self, end: Option<char>) -> Result<Vec<Part>, Diag> {
        let start = self.pos();
        let mut parts = Vec::new();
        let mut lit = String::new();
        loop {
            let Some(c) = self.peek() else {
                if end.is_none() {
                    break;
                }
                return Err(self.err(
                    start,
                    "Unterminated template string",
                    "No closing marker was found for the string.",
                ));
            };
            if Some(c) == end {
                self.bump();
                break;
            }
            if c == '\n' && end.is_some() {
                return Err(self.err(
                    start,
                    "Unterminated template string",
                    "No closing marker was found for the string.",
                ));
            }
            if c == '\\' && end.is_some() {
                self.bump();
                match self.bump() {
                    Some('n') => lit.push('\n'),
                    Some('t') => lit.push('\t'),
                    Some('r') => lit.push('\r'),
                    Some('"') => lit.push('"'),
                    Some('\\') => lit.push('\\'),
                    Some(u @ ('u' | 'U')) => {
                        let n = if u == 'u' { 4 } else { 8 };
                        let hex: String = (0..n).filter_map(|_| self.bump()).collect();
                        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            Some(c) => lit.push(c),
                            None => return Err(self.err(
                                start,
                                "Invalid escape sequence",
                                "The \\u escape sequence must be followed by hexadecimal digits.",
                            )),
                        }
                    }
                    Some(o) => {
                        lit.push('\\');
                        lit.push(o)
                    }
                    None => {}
                }
                continue;
            }
            if (c == '$' || c == '%')
                && self.peek2() == Some(c)
                && self.src.get(self.i + 2) == Some(&'{')
            {
                // `$${` is a literal `${` (and `%%{` a literal `%{`).
                self.bump();
                self.bump();
                lit.push(c);
                continue;
            }
            if c == '$' && self.peek2() == Some('{') {
                self.bump();
                self.bump();
                if !lit.is_empty() {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                }
                let mut toks = Vec::new();
                let mut depth = 0;
                loop {
                    let p = self.pos();
                    let Some(c) = self.peek() else {
                        return Err(self.err(
                            start,
                            "Unterminated template string",
                            "No closing marker was found for the string.",
                        ));
                    };
                    if c == '}' && depth == 0 {
                        self.bump();
                        break;
                    }
                    // Lex one token of the interpolation.
                    let rest: Vec<char> = self.src[self.i..].to_vec();
                    let mut sub = Lexer {
                        src: &rest,
                        i: 0,
                        line: p.line,
                        col: p.col,
                        file: self.file,
                    };
                    let t = sub.one()?;
                    for _ in 0..sub.i {
                        self.bump();
                    }
                    match &t {
                        Tok::Punct('{') => depth += 1,
                        Tok::Punct('}') => depth -= 1,
                        _ => {}
                    }
                    if t != Tok::Newline {
                        toks.push((TokBox(Box::new(t)), p));
                    }
                }
                parts.push(Part::Interp(toks));
                continue;
            }
            lit.push(c);
            self.bump();
        }
        if !lit.is_empty() || parts.is_empty() {
            parts.push(Part::Lit(lit));
        }
        Ok(parts)
    }

    /// Lexes exactly one token (skipping blanks).
    fn one(&mut self) -> Result<Tok, Diag> {
        while matches!(self.peek(), Some(' ') | Some('\t')) {
            self.bump();
        }
        let start = self.i;
        let toks = {
            // Lex a prefix by running the full lexer on a single token's worth.
            let c = self.peek();
            match c {
                Some('"') => {
                    self.bump();
                    Tok::Str(self.string_body(Some('"'))?)
                }
                Some(c) if c.is_ascii_digit() || c.is_alphabetic() || c == '_' => {
                    let mut s = String::new();
                    while let Some(c) = self.peek() {
                        if c.is_alphanumeric()
                            || c == '_'
                            || c == '-'
                            || (c == '.' && s.chars().all(|x| x.is_ascii_digit()))
                        {
                            s.push(c);
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    match s.parse::<f64>() {
                        Ok(n) if s.starts_with(|c: char| c.is_ascii_digit()) => Tok::Num(n),
                        _ => Tok::Ident(s),
                    }
                }
                Some(c) => {
                    self.bump();
                    Tok::Punct(c)
                }
                None => Tok::Eof,
            }
        };
        let _ = start;
        Ok(toks)
    }
}

struct Parser<'a> {
    toks: Vec<(Tok, Pos)>,
    /// Where each token ends (empty inside interpolations: their tokens count one column).
    ends: Vec<Pos>,
    i: usize,
    file: &'a str,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> &Tok {
        &self.toks[self.i.min(self.toks.len() - 1)].0
    }
    fn pos(&self) -> Pos {
        self.toks[self.i.min(self.toks.len() - 1)].1
    }
    fn next(&mut self) -> (Tok, Pos) {
        let t = self.toks[self.i.min(self.toks.len() - 1)].clone();
        self.i += 1;
        t
    }
    fn skip_nl(&mut self) {
        while *self.peek() == Tok::Newline {
            self.i += 1;
        }
    }
    /// A diagnostic about the token that starts at `p`, covering the whole token as hcl does.
    fn err(&self, p: Pos, summary: &str, detail: &str) -> Diag {
        let end = self
            .toks
            .iter()
            .position(|(_, q)| *q == p)
            .and_then(|i| self.ends.get(i).copied())
            .unwrap_or(Pos {
                line: p.line,
                col: p.col + 1,
            });
        Diag {
            file: self.file.to_string(),
            from: p,
            to_col: end.col,
            to_line: if end.line > p.line { end.line } else { 0 },
            summary: summary.into(),
            detail: detail.into(),
        }
    }

    fn body(&mut self, closing: bool) -> Result<Body, Diag> {
        let mut body = Body::default();
        loop {
            self.skip_nl();
            let (t, p) = self.next();
            match t {
                Tok::Eof if !closing => return Ok(body),
                Tok::Punct('}') if closing => return Ok(body),
                Tok::Ident(name) => {
                    if *self.peek() == Tok::Punct('=') {
                        self.next();
                        let from = self.pos();
                        let expr = self.expr()?;
                        let value = (from, self.pos());
                        if let Some(prev) = body.attrs.iter().find(|a| a.name == name) {
                            return Err(self.err(
                                p,
                                "Attribute redefined",
                                &format!(
                                    "The argument \"{name}\" was already set at {}:{},{}-{}. Each argument may be set only once.",
                                    self.file,
                                    prev.pos.line,
                                    prev.pos.col,
                                    prev.pos.col + prev.name.len()
                                ),
                            ));
                        }
                        body.attrs.push(Attr {
                            name,
                            expr,
                            pos: p,
                            value,
                        });
                        match self.peek() {
                            Tok::Newline | Tok::Eof => {}
                            Tok::Punct('}') if closing => {}
                            Tok::Punct(',') => {
                                return Err(self.err(
                                    self.pos(),
                                    "Unexpected comma after argument",
                                    "Argument definitions must be separated by newlines, not \
commas. An argument definition must end with a newline.",
                                ))
                            }
                            _ => {
                                return Err(self.err(
                                    self.pos(),
                                    "Missing newline after argument",
                                    "An argument definition must end with a newline.",
                                ))
                            }
                        }
                    } else {
                        if !matches!(self.peek(), Tok::Str(_) | Tok::Ident(_) | Tok::Punct('{')) {
                            return Err(self.err(
                                p,
                                "Argument or block definition required",
                                "An argument or block definition is required here. To set an \
argument, use the equals sign \"=\" to introduce the argument value.",
                            ));
                        }
                        let mut labels = Vec::new();
                        loop {
                            match self.next() {
                                (Tok::Str(parts), _) => labels.push(lit_string(&parts)),
                                (Tok::Ident(s), _) => labels.push(s),
                                (Tok::Punct('{'), _) => break,
                                (_, q) => {
                                    return Err(self.err(
                                        q,
                                        "Invalid block definition",
                                        "Either a quoted string block label or an opening brace (\"{\") is expected here.",
                                    ))
                                }
                            }
                        }
                        let inner = self.body(true)?;
                        body.blocks.push(Block {
                            kind: name,
                            labels,
                            body: inner,
                            pos: p,
                        });
                    }
                }
                _ => {
                    return Err(self.err(
                        p,
                        "Argument or block definition required",
                        "An argument or block definition is required here.",
                    ))
                }
            }
        }
    }

    fn expr(&mut self) -> Result<Expr, Diag> {
        let (t, p) = self.next();
        match t {
            Tok::Num(n) => Ok(Expr::Lit(num(n))),
            Tok::Punct('-') => match self.next() {
                (Tok::Num(n), _) => Ok(Expr::Lit(num(-n))),
                (_, q) => Err(self.err(
                    q,
                    "Invalid expression",
                    "Expected the start of an expression, but found an invalid expression token.",
                )),
            },
            Tok::Str(parts) => Ok(template(parts, self.file)?),
            Tok::Ident(s) => match s.as_str() {
                "true" => Ok(Expr::Lit(Value::Bool(true))),
                "false" => Ok(Expr::Lit(Value::Bool(false))),
                "null" => Ok(Expr::Lit(Value::Null)),
                _ => {
                    let mut path = vec![s];
                    let mut end = p;
                    while *self.peek() == Tok::Punct('.') {
                        self.next();
                        match self.next() {
                            (Tok::Ident(x), q) => {
                                end = Pos {
                                    line: q.line,
                                    col: q.col + x.len(),
                                };
                                path.push(x)
                            }
                            (_, q) => {
                                return Err(self.err(
                                    q,
                                    "Invalid attribute name",
                                    "An attribute name is required after a dot.",
                                ))
                            }
                        }
                    }
                    if *self.peek() == Tok::Punct('(') && path.len() == 1 {
                        self.next();
                        let mut args = Vec::new();
                        loop {
                            self.skip_nl();
                            if *self.peek() == Tok::Punct(')') {
                                self.next();
                                break;
                            }
                            args.push(self.expr()?);
                            self.skip_nl();
                            match self.next() {
                                (Tok::Punct(','), _) => {}
                                (Tok::Punct(')'), _) => break,
                                (_, q) => {
                                    return Err(self.err(
                                        q,
                                        "Missing argument separator",
                                        "A comma is required to separate each function argument from the next.",
                                    ))
                                }
                            }
                        }
                        return Ok(Expr::Call(path.remove(0), args, p, self.prev_end()));
                    }
                    if path.len() == 1 {
                        end = Pos {
                            line: p.line,
                            col: p.col + path[0].len(),
                        };
                    }
                    Ok(Expr::Ref(path, p, end))
                }
            },
            Tok::Punct('[') => {
                let mut items = Vec::new();
                loop {
                    self.skip_nl();
                    if *self.peek() == Tok::Punct(']') {
                        self.next();
                        break;
                    }
                    items.push(self.expr()?);
                    self.skip_nl();
                    match self.next() {
                        (Tok::Punct(','), _) => {}
                        (Tok::Punct(']'), _) => break,
                        (Tok::Eof, _) => {
                            return Err(self.err(
                                p,
                                "Unterminated tuple constructor expression",
                                "There is no corresponding closing bracket before the end of the \
file. This may be caused by incorrect bracket nesting elsewhere in this file.",
                            ))
                        }
                        (_, q) => {
                            return Err(self.err(
                                q,
                                "Missing item separator",
                                "Expected a comma to mark the beginning of the next item.",
                            ))
                        }
                    }
                }
                Ok(Expr::List(items))
            }
            Tok::Punct('{') => {
                let mut items = Vec::new();
                loop {
                    self.skip_nl();
                    if *self.peek() == Tok::Punct('}') {
                        self.next();
                        break;
                    }
                    let key = match self.next() {
                        (Tok::Ident(k), _) => k,
                        (Tok::Str(parts), _) => lit_string(&parts),
                        (Tok::Eof, q) => return Err(self.missing_expression(q)),
                        (_, q) => {
                            return Err(self.err(
                                q,
                                "Invalid object key",
                                "An object key is required here.",
                            ))
                        }
                    };
                    const SEP: &str = "Missing key/value separator";
                    const EQ: &str =
                        "Expected an equals sign (\"=\") to mark the beginning of the attribute value.";
                    match self.next() {
                        (Tok::Punct('='), _) | (Tok::Punct(':'), _) => {}
                        (Tok::Newline | Tok::Punct(','), q) => return Err(self.err(
                            q,
                            "Missing attribute value",
                            "Expected an attribute value, introduced by an equals sign (\"=\").",
                        )),
                        (Tok::Ident(_), q) => {
                            return Err(self.err(
                                q,
                                SEP,
                                &format!(
                                    "{EQ} If you intended to given an attribute name containing \
periods or spaces, write the name in quotes to create a string literal."
                                ),
                            ))
                        }
                        (Tok::Eof, _) => return Err(self.unterminated_object(p)),
                        (_, q) => return Err(self.err(q, SEP, EQ)),
                    }
                    let v = self.expr()?;
                    items.push((key, v));
                    match self.peek() {
                        Tok::Punct(',') | Tok::Newline => {
                            self.next();
                        }
                        Tok::Punct('}') => {}
                        Tok::Eof => return Err(self.unterminated_object(p)),
                        _ => {
                            return Err(self.err(
                                self.pos(),
                                "Missing attribute separator",
                                "Expected a newline or comma to mark the beginning of the next \
attribute.",
                            ))
                        }
                    }
                }
                Ok(Expr::Object(items))
            }
            Tok::Punct('(') => {
                self.skip_nl();
                let inner = self.expr()?;
                self.skip_nl();
                match self.next() {
                    (Tok::Punct(')'), _) => Ok(inner),
                    (_, q) => Err(self.err(
                        q,
                        "Unbalanced parentheses",
                        "Expected a closing parenthesis to terminate the expression.",
                    )),
                }
            }
            Tok::Eof => Err(self.missing_expression(p)),
            _ => Err(self.err(
                p,
                "Invalid expression",
                "Expected the start of an expression, but found an invalid expression token.",
            )),
        }
    }

    /// Where the last token read ends.
    fn prev_end(&self) -> Pos {
        let (_, p) = self.toks[self.i.saturating_sub(1).min(self.toks.len() - 1)];
        self.ends
            .get(self.i.saturating_sub(1))
            .copied()
            .unwrap_or(Pos {
                line: p.line,
                col: p.col + 1,
            })
    }

    fn missing_expression(&self, p: Pos) -> Diag {
        self.err(
            p,
            "Missing expression",
            "Expected the start of an expression, but found the end of the file.",
        )
    }

    /// An object constructor whose `{` at `open` is never closed.
    fn unterminated_object(&self, open: Pos) -> Diag {
        self.err(
            open,
            "Unterminated object constructor expression",
            "There is no corresponding closing brace before the end of the file. This may be \
caused by incorrect brace nesting elsewhere in this file.",
        )
    }
}

/// A type constraint as written: `string`, `list(string)`, `map(number)`, ….
pub fn type_text(e: &Expr) -> String {
    match e {
        Expr::Ref(p, _, _) => p.join("."),
        Expr::Call(name, args, ..) => format!(
            "{name}({})",
            args.iter().map(type_text).collect::<Vec<_>>().join(",")
        ),
        _ => String::new(),
    }
}

/// A number as the sim's values hold it: integral values as integers.
pub fn number(n: f64) -> Value {
    num(n)
}

fn num(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

fn lit_string(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Lit(s) => s.clone(),
            Part::Interp(_) => String::new(),
        })
        .collect()
}

fn template(parts: Vec<Part>, file: &str) -> Result<Expr, Diag> {
    let mut out = Vec::new();
    for p in parts {
        match p {
            Part::Lit(s) => out.push(TPart::Lit(s)),
            Part::Interp(toks) => {
                let mut toks: Vec<(Tok, Pos)> = toks.into_iter().map(|(t, p)| (*t.0, p)).collect();
                let end = toks.last().map(|t| t.1).unwrap_or_default();
                toks.push((Tok::Eof, end));
                let mut ps = Parser {
                    toks,
                    ends: Vec::new(),
                    i: 0,
                    file,
                };
                out.push(TPart::Expr(ps.expr()?));
            }
        }
    }
    Ok(Expr::Template(out))
}

/// Parses a file into a body.
pub fn parse(src: &str, file: &str) -> Result<Body, Diag> {
    let chars: Vec<char> = src.chars().collect();
    let mut lx = Lexer {
        src: &chars,
        i: 0,
        line: 1,
        col: 1,
        file,
    };
    let (toks, ends) = lx.tokens()?;
    let mut p = Parser {
        toks,
        ends,
        i: 0,
        file,
    };
    p.body(false)
}

/// Evaluation context: the `var` object.
pub struct Scope {
    pub vars: BTreeMap<String, Value>,
    pub file: String,
    /// False for values hcl evaluates without a context (variable values and defaults):
    /// references and function calls are errors there.
    pub allow_refs: bool,
}

impl Scope {
    pub fn eval(&self, e: &Expr) -> Result<Value, Diag> {
        match e {
            Expr::Lit(v) => Ok(v.clone()),
            Expr::List(items) => Ok(Value::Array(
                items
                    .iter()
                    .map(|i| self.eval(i))
                    .collect::<Result<_, _>>()?,
            )),
            Expr::Object(items) => {
                let mut m = Map::new();
                for (k, v) in items {
                    m.insert(k.clone(), self.eval(v)?);
                }
                Ok(Value::Object(m))
            }
            Expr::Template(parts) => {
                if let [TPart::Expr(e)] = parts.as_slice() {
                    return self.eval(e);
                }
                let mut s = String::new();
                for p in parts {
                    match p {
                        TPart::Lit(l) => s.push_str(l),
                        TPart::Expr(e) => match self.eval(e)? {
                            Value::String(x) => s.push_str(&x),
                            Value::Null => {}
                            v => s.push_str(&v.to_string()),
                        },
                    }
                }
                Ok(Value::String(s))
            }
            Expr::Call(_, _, p, end) if !self.allow_refs => Err(Diag {
                file: self.file.clone(),
                from: *p,
                to_col: end.col,
                to_line: if end.line > p.line { end.line } else { 0 },
                summary: "Function calls not allowed".into(),
                detail: "Functions may not be called here.".into(),
            }),
            Expr::Call(name, _, p, _) => Err(Diag {
                file: self.file.clone(),
                from: *p,
                to_col: p.col + name.len(),
                to_line: 0,
                summary: "Call to unknown function".into(),
                detail: format!("There is no function named {name:?}."),
            }),
            Expr::Ref(path, from, to) => {
                let d = |summary: &str, detail: String| Diag {
                    file: self.file.clone(),
                    from: *from,
                    to_col: to.col,
                    to_line: 0,
                    summary: summary.into(),
                    detail,
                };
                if !self.allow_refs {
                    return Err(d(
                        "Variables not allowed",
                        "Variables may not be used here.".into(),
                    ));
                }
                if path[0] != "var" {
                    // Runtime interpolations such as ${NOMAD_ALLOC_DIR} or ${attr.x} stay text.
                    if path[0] != "local" {
                        return Ok(Value::String(format!("${{{}}}", path.join("."))));
                    }
                    return Err(d(
                        "Unknown variable",
                        format!("There is no variable named {:?}.", path[0]),
                    ));
                }
                let Some(name) = path.get(1) else {
                    return Ok(Value::Object(
                        self.vars
                            .iter()
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    ));
                };
                let mut v = self.vars.get(name).cloned().ok_or_else(|| {
                    d(
                        "Unsupported attribute",
                        format!("This object does not have an attribute named {name:?}."),
                    )
                })?;
                for k in &path[2..] {
                    v = v.get(k).cloned().unwrap_or(Value::Null);
                }
                Ok(v)
            }
        }
    }
}
