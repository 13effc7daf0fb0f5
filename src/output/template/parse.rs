//! The template parser: Go's `text/template/parse` grammar, tree set (`define`, `block`) and
//! error texts with the same line numbers (`template: :1: unexpected {{end}}`).

use super::lex::{Item, ItemType, Lexer};
use super::strconv;
use std::collections::HashMap;
use std::fmt;

/// A parse error, already in Go's words.
pub type ParseError = String;

#[derive(Debug, Clone)]
pub struct List {
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Text { pos: usize, text: String },
    Action { pos: usize, pipe: Pipe },
    If(Branch),
    Range(Branch),
    With(Branch),
    Template(TemplateCall),
    Break { pos: usize },
    Continue { pos: usize },
}

#[derive(Debug, Clone)]
pub struct Branch {
    pub pos: usize,
    pub pipe: Pipe,
    pub list: List,
    pub else_list: Option<List>,
}

#[derive(Debug, Clone)]
pub struct TemplateCall {
    pub pos: usize,
    pub name: String,
    pub pipe: Option<Pipe>,
}

#[derive(Debug, Clone)]
pub struct Pipe {
    pub pos: usize,
    pub is_assign: bool,
    pub decl: Vec<Variable>,
    pub cmds: Vec<Command>,
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub pos: usize,
    /// The name (`$x`) and the fields after it.
    pub ident: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Command {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// An operand.
#[derive(Debug, Clone)]
pub enum Arg {
    Bool(usize, bool),
    Dot(usize),
    Nil(usize),
    Field(usize, Vec<String>),
    Variable(Variable),
    Identifier(usize, String),
    Number(Box<Number>),
    String {
        pos: usize,
        quoted: String,
        text: String,
    },
    Pipe(Box<Pipe>),
    Chain(usize, Box<Arg>, Vec<String>),
}

/// A numeric constant and every type it can be used as.
#[derive(Debug, Clone, Default)]
pub struct Number {
    pub pos: usize,
    pub text: String,
    pub is_int: bool,
    pub is_uint: bool,
    pub is_float: bool,
    pub is_complex: bool,
    pub int: i64,
    pub uint: u64,
    pub float: f64,
    pub complex: (f64, f64),
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Bool(p, _)
            | Arg::Dot(p)
            | Arg::Nil(p)
            | Arg::Field(p, _)
            | Arg::Identifier(p, _)
            | Arg::Chain(p, _, _) => *p,
            Arg::Variable(v) => v.pos,
            Arg::Number(n) => n.pos,
            Arg::String { pos, .. } => *pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl Node {
    pub fn pos(&self) -> usize {
        match self {
            Node::Text { pos, .. }
            | Node::Action { pos, .. }
            | Node::Break { pos }
            | Node::Continue { pos } => *pos,
            Node::If(b) | Node::Range(b) | Node::With(b) => b.pos,
            Node::Template(t) => t.pos,
        }
    }
}

// ---------------------------------------------------------------------------
// Go's String() forms: error messages quote nodes with them.

impl fmt::Display for Variable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ident.join("."))
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Bool(_, b) => write!(f, "{b}"),
            Arg::Dot(_) => f.write_str("."),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Field(_, idents) => {
                for i in idents {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Variable(v) => write!(f, "{v}"),
            Arg::Identifier(_, name) => f.write_str(name),
            Arg::Number(n) => f.write_str(&n.text),
            Arg::String { quoted, .. } => f.write_str(quoted),
            Arg::Pipe(p) => write!(f, "{p}"),
            Arg::Chain(_, node, fields) => {
                if let Arg::Pipe(p) = &**node {
                    write!(f, "({p})")?;
                } else {
                    write!(f, "{node}")?;
                }
                for x in fields {
                    write!(f, ".{x}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            if let Arg::Pipe(p) = a {
                write!(f, "({p})")?;
            } else {
                write!(f, "{a}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            for (i, v) in self.decl.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{v}")?;
            }
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for n in &self.nodes {
            write!(f, "{n}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Text { text, .. } => f.write_str(text),
            Node::Action { pipe, .. } => write!(f, "{{{{{pipe}}}}}"),
            Node::If(b) => write_branch(f, "if", b),
            Node::Range(b) => write_branch(f, "range", b),
            Node::With(b) => write_branch(f, "with", b),
            Node::Template(t) => {
                write!(f, "{{{{template {}", strconv::quote(&t.name))?;
                if let Some(p) = &t.pipe {
                    write!(f, " {p}")?;
                }
                f.write_str("}}")
            }
            Node::Break { .. } => f.write_str("{{break}}"),
            Node::Continue { .. } => f.write_str("{{continue}}"),
        }
    }
}

fn write_branch(f: &mut fmt::Formatter<'_>, name: &str, b: &Branch) -> fmt::Result {
    write!(f, "{{{{{name} {}}}}}{}", b.pipe, b.list)?;
    if let Some(e) = &b.else_list {
        write!(f, "{{{{else}}}}{e}")?;
    }
    f.write_str("{{end}}")
}

// ---------------------------------------------------------------------------
// The parser

/// What `itemList` stops at.
enum Parsed {
    Node(Node),
    End,
    Else,
}

/// The parsed templates by name; `""` is the top-level one.
pub type TreeSet = HashMap<String, List>;

struct Parser<'a, 'f> {
    lex: Lexer<'a>,
    token: [Item; 3],
    peek_count: usize,
    vars: Vec<String>,
    action_line: usize,
    range_depth: usize,
    stack_depth: usize,
    has_function: &'f dyn Fn(&str) -> bool,
    set: TreeSet,
}

const MAX_STACK_DEPTH: usize = 10000;

fn empty_item() -> Item {
    Item {
        typ: ItemType::Eof,
        pos: 0,
        val: String::new(),
        line: 0,
    }
}

/// Parses `text` into its templates. `has_function` says which function names exist.
pub fn parse(text: &str, has_function: &dyn Fn(&str) -> bool) -> Result<TreeSet, ParseError> {
    let mut lex = Lexer::new(text);
    lex.break_ok = !has_function("break");
    lex.continue_ok = !has_function("continue");
    let mut p = Parser {
        lex,
        token: [empty_item(), empty_item(), empty_item()],
        peek_count: 0,
        vars: vec!["$".into()],
        action_line: 0,
        range_depth: 0,
        stack_depth: 0,
        has_function,
        set: TreeSet::new(),
    };
    let root = p.parse_top()?;
    add_tree(&mut p.set, "", root).map_err(|e| p.error_text(&e))?;
    Ok(p.set)
}

/// Go's `IsEmptyTree`.
fn is_empty_tree(l: &List) -> bool {
    l.nodes.iter().all(|n| match n {
        Node::Text { text, .. } => text
            .trim_matches([' ', '\t', '\r', '\n', '\u{b}', '\u{c}', '\u{85}', '\u{a0}'])
            .is_empty(),
        _ => false,
    })
}

/// Go's `Tree.add`: a non-empty definition replaces an empty one; two non-empty ones clash.
fn add_tree(set: &mut TreeSet, name: &str, root: List) -> Result<(), String> {
    match set.get(name) {
        Some(old) if !is_empty_tree(old) => {
            if !is_empty_tree(&root) {
                return Err(format!(
                    "template: multiple definition of template {}",
                    strconv::quote(name)
                ));
            }
            Ok(())
        }
        _ => {
            set.insert(name.to_string(), root);
            Ok(())
        }
    }
}

type R<T> = Result<T, ParseError>;

impl Parser<'_, '_> {
    fn next(&mut self) -> Item {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        self.token[self.peek_count].clone()
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item, t1: Item) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    fn peek(&mut self) -> Item {
        if self.peek_count > 0 {
            return self.token[self.peek_count - 1].clone();
        }
        self.peek_count = 1;
        self.token[0] = self.lex.next_item();
        self.token[0].clone()
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let t = self.next();
            if t.typ != ItemType::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let t = self.next_non_space();
        self.backup();
        t
    }

    /// Go's `Tree.errorf`: the line is that of the last token read.
    fn error_text(&self, msg: &str) -> String {
        format!("template: :{}: {}", self.token[0].line, msg)
    }

    fn errorf<T>(&self, msg: String) -> R<T> {
        Err(self.error_text(&msg))
    }

    fn expect(&mut self, expected: ItemType, context: &str) -> R<Item> {
        let t = self.next_non_space();
        if t.typ != expected {
            return self.unexpected(&t, context);
        }
        Ok(t)
    }

    fn expect_one_of(&mut self, e1: ItemType, e2: ItemType, context: &str) -> R<Item> {
        let t = self.next_non_space();
        if t.typ != e1 && t.typ != e2 {
            return self.unexpected(&t, context);
        }
        Ok(t)
    }

    fn unexpected<T>(&self, t: &Item, context: &str) -> R<T> {
        if t.typ == ItemType::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != t.line {
                extra = format!(" in action started at :{}", self.action_line);
                if t.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format!("{}{}", t.describe(), extra));
        }
        self.errorf(format!("unexpected {} in {}", t.describe(), context))
    }

    fn parse_top(&mut self) -> R<List> {
        let mut root = List { nodes: Vec::new() };
        while self.peek().typ != ItemType::Eof {
            if self.peek().typ == ItemType::LeftDelim {
                let delim = self.next();
                if self.next_non_space().typ == ItemType::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Parsed::Node(n) => root.nodes.push(n),
                Parsed::End => return self.errorf("unexpected {{end}}".into()),
                Parsed::Else => return self.errorf("unexpected {{else}}".into()),
            }
        }
        Ok(root)
    }

    /// `{{define "name"}} … {{end}}`: a new tree, with its own variables.
    fn parse_definition(&mut self) -> R<()> {
        let context = "define clause";
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let saved_depth = self.range_depth;
        self.range_depth = 0;
        let name = self.expect_one_of(ItemType::String, ItemType::RawString, context)?;
        let name = match strconv::unquote(&name.val) {
            Ok(n) => n,
            Err(e) => return self.errorf(e.text().into()),
        };
        self.expect(ItemType::RightDelim, context)?;
        let (list, end) = self.item_list()?;
        if !matches!(end, Parsed::End) {
            return self.errorf(format!("unexpected {} in {}", parsed_text(&end), context));
        }
        if let Err(e) = add_tree(&mut self.set, &name, list) {
            return self.errorf(e);
        }
        self.vars = saved_vars;
        self.range_depth = saved_depth;
        Ok(())
    }

    fn item_list(&mut self) -> R<(List, Parsed)> {
        let mut list = List { nodes: Vec::new() };
        while self.peek_non_space().typ != ItemType::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.nodes.push(n),
                other => return Ok((list, other)),
            }
        }
        self.errorf("unexpected EOF".into())
    }

    fn text_or_action(&mut self) -> R<Parsed> {
        let t = self.next_non_space();
        match t.typ {
            ItemType::Text => Ok(Parsed::Node(Node::Text {
                pos: t.pos,
                text: t.val,
            })),
            ItemType::LeftDelim => {
                self.action_line = t.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => self.unexpected(&t, "input"),
        }
    }

    fn action(&mut self) -> R<Parsed> {
        let t = self.next_non_space();
        match t.typ {
            ItemType::Block => return self.block_control().map(Parsed::Node),
            ItemType::Break => return self.break_control(t.pos, true).map(Parsed::Node),
            ItemType::Continue => return self.break_control(t.pos, false).map(Parsed::Node),
            ItemType::Else => return self.else_control(),
            ItemType::End => {
                self.expect(ItemType::RightDelim, "end")?;
                return Ok(Parsed::End);
            }
            ItemType::If => return self.branch("if").map(Parsed::Node),
            ItemType::Range => return self.branch("range").map(Parsed::Node),
            ItemType::Template => return self.template_control().map(Parsed::Node),
            ItemType::With => return self.branch("with").map(Parsed::Node),
            _ => {}
        }
        self.backup();
        let t = self.peek();
        let pipe = self.pipeline("command", ItemType::RightDelim)?;
        Ok(Parsed::Node(Node::Action { pos: t.pos, pipe }))
    }

    fn break_control(&mut self, pos: usize, is_break: bool) -> R<Node> {
        let name = if is_break { "break" } else { "continue" };
        let t = self.next_non_space();
        if t.typ != ItemType::RightDelim {
            return self.unexpected(&t, &format!("{{{{{name}}}}}"));
        }
        if self.range_depth == 0 {
            return self.errorf(format!("{{{{{name}}}}} outside {{{{range}}}}"));
        }
        Ok(if is_break {
            Node::Break { pos }
        } else {
            Node::Continue { pos }
        })
    }

    fn else_control(&mut self) -> R<Parsed> {
        let peek = self.peek_non_space();
        if peek.typ == ItemType::If || peek.typ == ItemType::With {
            return Ok(Parsed::Else);
        }
        self.expect(ItemType::RightDelim, "else")?;
        Ok(Parsed::Else)
    }

    fn pipeline(&mut self, context: &str, end: ItemType) -> R<Pipe> {
        let t = self.peek_non_space();
        let mut pipe = Pipe {
            pos: t.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        'decls: loop {
            let v = self.peek_non_space();
            if v.typ != ItemType::Variable {
                break;
            }
            self.next();
            let after = self.peek();
            let next = self.peek_non_space();
            if next.typ == ItemType::Assign || next.typ == ItemType::Declare {
                pipe.is_assign = next.typ == ItemType::Assign;
                self.next_non_space();
                pipe.decl.push(new_variable(v.pos, &v.val));
                self.vars.push(v.val.clone());
            } else if next.typ == ItemType::Char && next.val == "," {
                self.next_non_space();
                pipe.decl.push(new_variable(v.pos, &v.val));
                self.vars.push(v.val.clone());
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space().typ {
                        ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => {
                            continue 'decls;
                        }
                        _ => return self.errorf("range can only initialize variables".into()),
                    }
                }
                return self.errorf(format!("too many declarations in {context}"));
            } else if after.typ == ItemType::Space {
                self.backup3(v, after);
            } else {
                self.backup2(v);
            }
            break;
        }
        loop {
            let t = self.next_non_space();
            match t.typ {
                x if x == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                ItemType::Bool
                | ItemType::CharConstant
                | ItemType::Complex
                | ItemType::Dot
                | ItemType::Field
                | ItemType::Identifier
                | ItemType::Number
                | ItemType::Nil
                | ItemType::RawString
                | ItemType::String
                | ItemType::Variable
                | ItemType::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return self.unexpected(&t, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> R<()> {
        if pipe.cmds.is_empty() {
            return self.errorf(format!("missing value for {context}"));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args.first(),
                Some(
                    Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number(_) | Arg::String { .. }
                )
            ) {
                return self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    /// `if`, `range` and `with`, with `else if` / `else with` chains.
    fn branch(&mut self, context: &str) -> R<Node> {
        let mark = self.vars.len();
        let r = self.branch_inner(context);
        self.vars.truncate(mark);
        r
    }

    fn branch_inner(&mut self, context: &str) -> R<Node> {
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, next) = self.item_list()?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        if let Parsed::Else = next {
            if context == "if" && self.peek().typ == ItemType::If {
                self.next();
                let n = self.branch("if")?;
                else_list = Some(List { nodes: vec![n] });
            } else if context == "with" && self.peek().typ == ItemType::With {
                self.next();
                let n = self.branch("with")?;
                else_list = Some(List { nodes: vec![n] });
            } else {
                let (l, next) = self.item_list()?;
                if !matches!(next, Parsed::End) {
                    return self.errorf(format!("expected end; found {}", parsed_text(&next)));
                }
                else_list = Some(l);
            }
        }
        let b = Branch {
            pos: pipe.pos,
            pipe,
            list,
            else_list,
        };
        Ok(match context {
            "if" => Node::If(b),
            "range" => Node::Range(b),
            _ => Node::With(b),
        })
    }

    fn block_control(&mut self) -> R<Node> {
        let context = "block clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        // Go reports a bad block end with the line of the block's own action.
        let outer_line = self.token[0].line;
        // The block's body is a definition, parsed with fresh variables.
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let saved_depth = self.range_depth;
        self.range_depth = 0;
        let (list, end) = self.item_list()?;
        if !matches!(end, Parsed::End) {
            return Err(format!(
                "template: :{outer_line}: unexpected {} in {}",
                parsed_text(&end),
                context
            ));
        }
        self.vars = saved_vars;
        self.range_depth = saved_depth;
        if let Err(e) = add_tree(&mut self.set, &name, list) {
            return self.errorf(e);
        }
        Ok(Node::Template(TemplateCall {
            pos: t.pos,
            name,
            pipe: Some(pipe),
        }))
    }

    fn template_control(&mut self) -> R<Node> {
        let context = "template clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let mut pipe = None;
        if self.next_non_space().typ != ItemType::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(context, ItemType::RightDelim)?);
        }
        Ok(Node::Template(TemplateCall {
            pos: t.pos,
            name,
            pipe,
        }))
    }

    fn template_name(&self, t: &Item, context: &str) -> R<String> {
        match t.typ {
            ItemType::String | ItemType::RawString => match strconv::unquote(&t.val) {
                Ok(s) => Ok(s),
                Err(e) => self.errorf(e.text().into()),
            },
            _ => self.unexpected(t, context),
        }
    }

    fn command(&mut self) -> R<Command> {
        let mut cmd = Command {
            pos: self.peek_non_space().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let t = self.next();
            match t.typ {
                ItemType::Space => continue,
                ItemType::RightDelim | ItemType::RightParen => self.backup(),
                ItemType::Pipe => {}
                _ => return self.unexpected(&t, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.errorf("empty command".into());
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> R<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().typ != ItemType::Field {
            return Ok(Some(node));
        }
        let pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().typ == ItemType::Field {
            let f = self.next().val;
            fields.push(f[1..].to_string());
        }
        Ok(Some(match node {
            Arg::Field(p, mut idents) => {
                idents.extend(fields);
                let _ = p;
                Arg::Field(pos, idents)
            }
            Arg::Variable(mut v) => {
                v.ident.extend(fields);
                v.pos = pos;
                Arg::Variable(v)
            }
            Arg::Bool(..) | Arg::String { .. } | Arg::Number(_) | Arg::Nil(_) | Arg::Dot(_) => {
                return self.errorf(format!(
                    "unexpected . after term {}",
                    strconv::quote(&node.to_string())
                ));
            }
            other => Arg::Chain(pos, Box::new(other), fields),
        }))
    }

    fn term(&mut self) -> R<Option<Arg>> {
        let t = self.next_non_space();
        Ok(Some(match t.typ {
            ItemType::Identifier => {
                if !(self.has_function)(&t.val) {
                    return self.errorf(format!("function {} not defined", strconv::quote(&t.val)));
                }
                Arg::Identifier(t.pos, t.val)
            }
            ItemType::Dot => Arg::Dot(t.pos),
            ItemType::Nil => Arg::Nil(t.pos),
            ItemType::Variable => {
                let v = new_variable(t.pos, &t.val);
                if !self.vars.iter().any(|n| *n == v.ident[0]) {
                    return self.errorf(format!(
                        "undefined variable {}",
                        strconv::quote(&v.ident[0])
                    ));
                }
                Arg::Variable(v)
            }
            ItemType::Field => Arg::Field(t.pos, t.val[1..].split('.').map(String::from).collect()),
            ItemType::Bool => Arg::Bool(t.pos, t.val == "true"),
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                match new_number(t.pos, &t.val, t.typ) {
                    Ok(n) => Arg::Number(Box::new(n)),
                    Err(e) => return self.errorf(e),
                }
            }
            ItemType::LeftParen => {
                if self.stack_depth >= MAX_STACK_DEPTH {
                    return self.errorf("max expression depth exceeded".into());
                }
                self.stack_depth += 1;
                let p = self.pipeline("parenthesized pipeline", ItemType::RightParen);
                self.stack_depth -= 1;
                Arg::Pipe(Box::new(p?))
            }
            ItemType::String | ItemType::RawString => match strconv::unquote(&t.val) {
                Ok(s) => Arg::String {
                    pos: t.pos,
                    quoted: t.val,
                    text: s,
                },
                Err(e) => return self.errorf(e.text().into()),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

fn parsed_text(p: &Parsed) -> String {
    match p {
        Parsed::Node(n) => n.to_string(),
        Parsed::End => "{{end}}".into(),
        Parsed::Else => "{{else}}".into(),
    }
}

fn new_variable(pos: usize, text: &str) -> Variable {
    Variable {
        pos,
        ident: text.split('.').map(String::from).collect(),
    }
}

/// Go's `newNumber`: which kinds of constant the text can be.
fn new_number(pos: usize, text: &str, typ: ItemType) -> Result<Number, String> {
    let mut n = Number {
        pos,
        text: text.to_string(),
        ..Number::default()
    };
    match typ {
        ItemType::CharConstant => {
            let (r, _, tail) =
                strconv::unquote_char(&text[1..], b'\'').map_err(|e| e.text().to_string())?;
            if tail != "'" {
                return Err(format!("malformed character constant: {text}"));
            }
            n.int = r as i64;
            n.is_int = true;
            n.uint = r as u64;
            n.is_uint = true;
            n.float = r as f64;
            n.is_float = true;
            return Ok(n);
        }
        ItemType::Complex => {
            let c = parse_complex(text).ok_or_else(|| "expected integer".to_string())?;
            n.is_complex = true;
            n.complex = c;
            simplify_complex(&mut n);
            return Ok(n);
        }
        _ => {}
    }
    if let Some(im) = text.strip_suffix('i') {
        if let Ok(f) = strconv::parse_float(im) {
            n.is_complex = true;
            n.complex = (0.0, f);
            simplify_complex(&mut n);
            return Ok(n);
        }
    }
    let u = strconv::parse_uint(text, 0);
    if let Ok(u) = u {
        n.is_uint = true;
        n.uint = u;
    }
    if let Ok(i) = strconv::parse_int(text, 0) {
        n.is_int = true;
        n.int = i;
        if i == 0 {
            n.is_uint = true;
            n.uint = u.unwrap_or(0);
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float = n.int as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float = n.uint as f64;
    } else if let Ok(f) = strconv::parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", strconv::quote(text)));
        }
        n.is_float = true;
        n.float = f;
        if !n.is_int && (f as i64) as f64 == f {
            n.is_int = true;
            n.int = f as i64;
        }
        if !n.is_uint && (f as u64) as f64 == f {
            n.is_uint = true;
            n.uint = f as u64;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!("illegal number syntax: {}", strconv::quote(text)));
    }
    Ok(n)
}

fn simplify_complex(n: &mut Number) {
    n.is_float = n.complex.1 == 0.0;
    if n.is_float {
        n.float = n.complex.0;
        n.is_int = (n.float as i64) as f64 == n.float;
        if n.is_int {
            n.int = n.float as i64;
        }
        n.is_uint = (n.float as u64) as f64 == n.float;
        if n.is_uint {
            n.uint = n.float as u64;
        }
    }
}

/// `fmt.Sscan` of a complex constant such as `1+2i`.
fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let body = text.strip_suffix('i')?;
    let split = body
        .char_indices()
        .skip(1)
        .filter(|(i, c)| {
            (*c == '+' || *c == '-') && !matches!(body.as_bytes()[i - 1], b'e' | b'E' | b'p' | b'P')
        })
        .map(|(i, _)| i)
        .last()?;
    let re = strconv::parse_float(&body[..split]).ok()?;
    let im = strconv::parse_float(&body[split..]).ok()?;
    Some((re, im))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(t: &str) -> Result<String, String> {
        let set = parse(t, &|n| n == "printf" || n == "index")?;
        Ok(set.get("").map(|l| l.to_string()).unwrap_or_default())
    }

    #[test]
    fn round_trips() {
        assert_eq!(p("a{{.X.Y}}b").as_deref(), Ok("a{{.X.Y}}b"));
        assert_eq!(
            p("{{if .A}}x{{else if .B}}y{{else}}z{{end}}").as_deref(),
            Ok("{{if .A}}x{{else}}{{if .B}}y{{else}}z{{end}}{{end}}")
        );
        assert_eq!(
            p("{{$x := index .L 1 | printf \"%d\"}}{{(.A).B}}").as_deref(),
            Ok("{{$x := index .L 1 | printf \"%d\"}}{{(.A).B}}")
        );
        assert_eq!(
            p("{{range $i, $e := .}}{{break}}{{end}}").as_deref(),
            Ok("{{range $i, $e := .}}{{break}}{{end}}")
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            p("{{.ID}} {{end}}"),
            Err("template: :1: unexpected {{end}}".into())
        );
        assert_eq!(
            p("{{foo}}"),
            Err("template: :1: function \"foo\" not defined".into())
        );
        assert_eq!(p("a\n{{.X"), Err("template: :2: unclosed action".into()));
        assert_eq!(p("{{if .X}}"), Err("template: :1: unexpected EOF".into()));
        assert_eq!(
            p("{{$x}}"),
            Err("template: :1: undefined variable \"$x\"".into())
        );
        assert_eq!(
            p("{{break}}"),
            Err("template: :1: {{break}} outside {{range}}".into())
        );
        assert_eq!(
            p("{{.X | 3}}"),
            Err("template: :1: non executable command in pipeline stage 2".into())
        );
        assert_eq!(
            p("{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}"),
            Err("template: :1: template: multiple definition of template \"a\"".into())
        );
    }
}
