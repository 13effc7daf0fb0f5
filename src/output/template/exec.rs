//! The executor: Go's `text/template` evaluation rules (pipelines, variables, field chains,
//! argument conversion to parameter types, `range` over slices, maps and integers, `break`,
//! `continue`, `template` calls) and its error texts with position and context
//! (`template: :1:2: executing "" at <index .Datacenters 3>: error calling index: …`).

use super::funcs::{self, Func};
use super::gofmt;
use super::methods;
use super::parse::{
    Arg, Branch, Command, List, Node, Number, Pipe, TemplateCall, TreeSet, Variable,
};
use super::strconv;
use super::value::{Kind, Type, Value, INT};

/// Go allows 100000 nested template calls; rnomad stops earlier so the recursion cannot
/// exhaust its stack (the message names rnomad's limit).
const MAX_EXEC_DEPTH: usize = 1000;

/// Where evaluation is, for error messages.
#[derive(Clone, Copy)]
enum At<'t> {
    Node(&'t Node),
    Pipe(&'t Pipe),
    Cmd(&'t Command),
    Arg(&'t Arg),
    Var(&'t Variable),
}

impl At<'_> {
    fn pos(&self) -> usize {
        match self {
            At::Node(n) => n.pos(),
            At::Pipe(p) => p.pos,
            At::Cmd(c) => c.pos,
            At::Arg(a) => a.pos(),
            At::Var(v) => v.pos,
        }
    }
    fn text(&self) -> String {
        match self {
            At::Node(n) => n.to_string(),
            At::Pipe(p) => p.to_string(),
            At::Cmd(c) => c.to_string(),
            At::Arg(a) => a.to_string(),
            At::Var(v) => v.to_string(),
        }
    }
}

/// Why evaluation stopped early.
pub enum Stop {
    Err(String),
    Break,
    Continue,
}

type X<T> = Result<T, Stop>;

pub struct State<'t> {
    set: &'t TreeSet,
    text: &'t str,
    /// The template being executed.
    name: String,
    pub out: String,
    vars: Vec<(String, Value)>,
    depth: usize,
    node: Option<At<'t>>,
}

/// Executes the template `""` of `set` (parsed from `text`) on `data`.
pub fn execute(set: &TreeSet, text: &str, data: &Value) -> Result<String, String> {
    let Some(root) = set.get("") else {
        return Err("template: : \"\" is an incomplete or empty template".into());
    };
    let mut s = State {
        set,
        text,
        name: String::new(),
        out: String::new(),
        vars: vec![("$".into(), data.clone())],
        depth: 0,
        node: None,
    };
    match s.walk_list(data, root) {
        Ok(()) => Ok(s.out),
        Err(Stop::Err(e)) => Err(e),
        // The parser only allows break/continue inside range.
        Err(Stop::Break | Stop::Continue) => Ok(s.out),
    }
}

/// What a call's final (piped) argument is: none, or a value.
type Final = Option<Value>;

impl<'t> State<'t> {
    fn at(&mut self, n: At<'t>) {
        self.node = Some(n);
    }

    /// Go's `state.errorf`: `template: :line:col: executing "name" at <node>: msg`.
    fn err(&self, msg: impl AsRef<str>) -> Stop {
        let name = strconv::quote(&self.name);
        let msg = msg.as_ref();
        Stop::Err(match self.node {
            None => format!("template: {}: {msg}", self.name),
            Some(n) => {
                let pos = n.pos().min(self.text.len());
                let before = &self.text[..pos];
                let col = match before.rfind('\n') {
                    None => pos,
                    Some(nl) => pos - (nl + 1),
                };
                let line = 1 + before.matches('\n').count();
                format!(
                    "template: :{line}:{col}: executing {name} at <{}>: {msg}",
                    n.text()
                )
            }
        })
    }

    // -- variables ----------------------------------------------------------

    fn push(&mut self, name: &str, v: Value) {
        self.vars.push((name.to_string(), v));
    }

    fn set_var(&mut self, name: &str, v: Value) -> X<()> {
        for slot in self.vars.iter_mut().rev() {
            if slot.0 == name {
                slot.1 = v;
                return Ok(());
            }
        }
        Err(self.err(format!("undefined variable: {name}")))
    }

    fn set_top_var(&mut self, n: usize, v: Value) {
        let len = self.vars.len();
        if let Some(slot) = self.vars.get_mut(len.wrapping_sub(n)) {
            slot.1 = v;
        }
    }

    fn var_value(&self, name: &str) -> X<Value> {
        for slot in self.vars.iter().rev() {
            if slot.0 == name {
                return Ok(slot.1.clone());
            }
        }
        Err(self.err(format!("undefined variable: {name}")))
    }

    // -- walking --------------------------------------------------------------

    fn walk_list(&mut self, dot: &Value, list: &'t List) -> X<()> {
        for n in &list.nodes {
            self.walk(dot, n)?;
        }
        Ok(())
    }

    fn walk(&mut self, dot: &Value, node: &'t Node) -> X<()> {
        self.at(At::Node(node));
        match node {
            Node::Action { pipe, .. } => {
                let val = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.print_value(node, val)?;
                }
                Ok(())
            }
            Node::Break { .. } => Err(Stop::Break),
            Node::Continue { .. } => Err(Stop::Continue),
            Node::If(b) => self.walk_if_or_with(false, dot, b),
            Node::With(b) => self.walk_if_or_with(true, dot, b),
            Node::Range(b) => self.walk_range(dot, node, b),
            Node::Template(t) => self.walk_template(dot, node, t),
            Node::Text { text, .. } => {
                self.out.push_str(text);
                Ok(())
            }
        }
    }

    fn walk_if_or_with(&mut self, with: bool, dot: &Value, b: &'t Branch) -> X<()> {
        let mark = self.vars.len();
        let r = (|| {
            let val = self.eval_pipeline(dot, &b.pipe)?;
            let (truth, ok) = funcs::is_true(&val.clone().indirect_interface());
            if !ok {
                return Err(self.err(format!("if/with can't use {}", gofmt::sprint_v(&val))));
            }
            if truth {
                if with {
                    self.walk_list(&val, &b.list)
                } else {
                    self.walk_list(dot, &b.list)
                }
            } else if let Some(e) = &b.else_list {
                self.walk_list(dot, e)
            } else {
                Ok(())
            }
        })();
        self.vars.truncate(mark);
        r
    }

    fn walk_range(&mut self, dot: &Value, node: &'t Node, r: &'t Branch) -> X<()> {
        self.at(At::Node(node));
        let mark = self.vars.len();
        let res = self.walk_range_inner(dot, r);
        self.vars.truncate(mark);
        match res {
            Err(Stop::Break) => Ok(()),
            other => other,
        }
    }

    fn one_iteration(&mut self, r: &'t Branch, mark: usize, index: Value, elem: Value) -> X<()> {
        let decl = &r.pipe.decl;
        if !decl.is_empty() {
            if r.pipe.is_assign {
                if decl.len() > 1 {
                    self.set_var(&decl[0].ident[0], index.clone())?;
                } else {
                    self.set_var(&decl[0].ident[0], elem.clone())?;
                }
            } else {
                self.set_top_var(1, elem.clone());
            }
        }
        if decl.len() > 1 {
            if r.pipe.is_assign {
                self.set_var(&decl[1].ident[0], elem.clone())?;
            } else {
                self.set_top_var(2, index);
            }
        }
        let res = self.walk_list(&elem, &r.list);
        self.vars.truncate(mark);
        match res {
            Err(Stop::Continue) => Ok(()),
            other => other,
        }
    }

    fn walk_range_inner(&mut self, dot: &Value, r: &'t Branch) -> X<()> {
        let (val, _) = self.eval_pipeline(dot, &r.pipe)?.indirect();
        let mark = self.vars.len();
        let mut ran = false;
        match val.kind() {
            k if k.is_int() || k.is_uint() => {
                if r.pipe.decl.len() > 1 {
                    return Err(self.err(format!(
                        "can't use {} to iterate over more than one variable",
                        gofmt::sprint_v(&val)
                    )));
                }
                let ty = val.ty();
                match val {
                    Value::Int(n, _) => {
                        for i in 0..n.max(0) {
                            ran = true;
                            self.one_iteration(r, mark, Value::Invalid, Value::Int(i, ty.clone()))?;
                        }
                    }
                    Value::Uint(n, _) => {
                        for i in 0..n {
                            ran = true;
                            self.one_iteration(
                                r,
                                mark,
                                Value::Invalid,
                                Value::Uint(i, ty.clone()),
                            )?;
                        }
                    }
                    _ => {}
                }
            }
            Kind::Slice => {
                let items = val.items().unwrap_or_default();
                for (i, item) in items.iter().enumerate() {
                    ran = true;
                    self.one_iteration(r, mark, Value::int(i as i64), item.clone())?;
                }
            }
            Kind::Map => {
                let key_ty = val.ty().key();
                for (k, v) in val.entries().unwrap_or_default() {
                    ran = true;
                    self.one_iteration(r, mark, Value::Str(k, key_ty.clone()), v)?;
                }
            }
            Kind::Invalid => {}
            _ => {
                return Err(self.err(format!(
                    "range can't iterate over {}",
                    gofmt::sprint_v(&val)
                )))
            }
        }
        if ran {
            return Ok(());
        }
        if let Some(e) = &r.else_list {
            self.walk_list(dot, e)?;
        }
        Ok(())
    }

    fn walk_template(&mut self, dot: &Value, node: &'t Node, t: &'t TemplateCall) -> X<()> {
        self.at(At::Node(node));
        let Some(tmpl) = self.set.get(&t.name) else {
            return Err(self.err(format!("template {} not defined", strconv::quote(&t.name))));
        };
        if self.depth == MAX_EXEC_DEPTH {
            return Err(self.err(format!(
                "exceeded maximum template depth ({MAX_EXEC_DEPTH})"
            )));
        }
        let new_dot = match &t.pipe {
            Some(p) => self.eval_pipeline(dot, p)?,
            None => Value::Invalid,
        };
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$".into(), new_dot.clone())]);
        let saved_name = std::mem::replace(&mut self.name, t.name.clone());
        self.depth += 1;
        let res = self.walk_list(&new_dot, tmpl);
        self.depth -= 1;
        self.name = saved_name;
        self.vars = saved_vars;
        res
    }

    // -- evaluation -----------------------------------------------------------

    fn eval_pipeline(&mut self, dot: &Value, pipe: &'t Pipe) -> X<Value> {
        self.at(At::Pipe(pipe));
        let mut value: Final = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value.take())?;
            // An interface value is replaced by what it holds.
            value = Some(v.indirect_interface());
        }
        let value = value.unwrap_or(Value::Invalid);
        for var in &pipe.decl {
            if pipe.is_assign {
                self.set_var(&var.ident[0], value.clone())?;
            } else {
                self.push(&var.ident[0], value.clone());
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], fin: &Final) -> X<()> {
        if args.len() > 1 || fin.is_some() {
            return Err(self.err(format!("can't give argument to non-function {}", args[0])));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Value, cmd: &'t Command, fin: Final) -> X<Value> {
        let first = &cmd.args[0];
        match first {
            Arg::Field(_, idents) => {
                return self.eval_field_node(dot, first, idents, Some(&cmd.args), fin)
            }
            Arg::Chain(_, node, fields) => {
                return self.eval_chain_node(dot, first, node, fields, Some(&cmd.args), fin)
            }
            Arg::Identifier(_, name) => {
                return self.eval_function(dot, first, name, At::Cmd(cmd), Some(&cmd.args), fin)
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &fin)?;
                return self.eval_pipeline(dot, p);
            }
            Arg::Variable(v) => return self.eval_variable_node(dot, v, Some(&cmd.args), fin),
            _ => {}
        }
        self.at(At::Arg(first));
        self.not_a_function(&cmd.args, &fin)?;
        match first {
            Arg::Bool(_, b) => Ok(Value::bool(*b)),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Err(self.err("nil is not a command")),
            Arg::Number(n) => self.ideal_constant(first, n),
            Arg::String { text, .. } => Ok(Value::str(text)),
            _ => Err(self.err(format!(
                "can't evaluate command {}",
                strconv::quote(&first.to_string())
            ))),
        }
    }

    fn ideal_constant(&mut self, node: &'t Arg, n: &Number) -> X<Value> {
        self.at(At::Arg(node));
        let t = &n.text;
        let is_hex_int = t.len() > 2
            && t.starts_with('0')
            && (t.as_bytes()[1] == b'x' || t.as_bytes()[1] == b'X')
            && !t.contains(['p', 'P']);
        let is_rune = t.starts_with('\'');
        if n.is_complex {
            return Ok(Value::Complex(
                n.complex.0,
                n.complex.1,
                Type::Basic(Kind::Complex128),
            ));
        }
        if n.is_float && !is_hex_int && !is_rune && t.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(Value::float(n.float));
        }
        if n.is_int {
            return Ok(Value::int(n.int));
        }
        if n.is_uint {
            return Err(self.err(format!("{t} overflows int")));
        }
        Ok(Value::Invalid)
    }

    fn eval_field_node(
        &mut self,
        dot: &Value,
        node: &'t Arg,
        idents: &'t [String],
        args: Option<&'t [Arg]>,
        fin: Final,
    ) -> X<Value> {
        self.at(At::Arg(node));
        self.eval_field_chain(dot, dot.clone(), node, idents, args, fin)
    }

    fn eval_chain_node(
        &mut self,
        dot: &Value,
        chain: &'t Arg,
        inner: &'t Arg,
        fields: &'t [String],
        args: Option<&'t [Arg]>,
        fin: Final,
    ) -> X<Value> {
        self.at(At::Arg(chain));
        if fields.is_empty() {
            return Err(self.err("internal error: no fields in evalChainNode"));
        }
        if matches!(inner, Arg::Nil(_)) {
            return Err(self.err(format!("indirection through explicit nil in {chain}")));
        }
        let pipe = self.eval_arg(dot, None, inner)?;
        self.eval_field_chain(dot, pipe, chain, fields, args, fin)
    }

    fn eval_variable_node(
        &mut self,
        dot: &Value,
        var: &'t Variable,
        args: Option<&'t [Arg]>,
        fin: Final,
    ) -> X<Value> {
        self.at(At::Var(var));
        let value = self.var_value(&var.ident[0])?;
        if var.ident.len() == 1 {
            self.not_a_function(args.unwrap_or(&[]), &fin)?;
            return Ok(value);
        }
        let node = self.node;
        let _ = node;
        self.eval_field_chain_at(dot, value, At::Var(var), &var.ident[1..], args, fin)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Value,
        receiver: Value,
        node: &'t Arg,
        idents: &'t [String],
        args: Option<&'t [Arg]>,
        fin: Final,
    ) -> X<Value> {
        self.eval_field_chain_at(dot, receiver, At::Arg(node), idents, args, fin)
    }

    fn eval_field_chain_at(
        &mut self,
        dot: &Value,
        mut receiver: Value,
        node: At<'t>,
        idents: &'t [String],
        args: Option<&'t [Arg]>,
        fin: Final,
    ) -> X<Value> {
        let n = idents.len();
        let mut slot = None;
        for ident in &idents[..n - 1] {
            let next = interface_slot(&receiver, ident);
            receiver = self.eval_field(dot, ident, node, None, None, receiver, slot)?;
            slot = next;
        }
        self.eval_field(dot, &idents[n - 1], node, args, fin, receiver, slot)
    }

    fn eval_function(
        &mut self,
        dot: &Value,
        ident: &'t Arg,
        name: &str,
        cmd: At<'t>,
        args: Option<&'t [Arg]>,
        fin: Final,
    ) -> X<Value> {
        self.at(At::Arg(ident));
        let Some((f, builtin)) = funcs::find(name) else {
            return Err(self.err(format!(
                "{} is not a defined function",
                strconv::quote(name)
            )));
        };
        self.eval_call(dot, f, builtin, None, cmd, name, args, fin)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field(
        &mut self,
        dot: &Value,
        name: &str,
        node: At<'t>,
        args: Option<&'t [Arg]>,
        fin: Final,
        receiver: Value,
        slot: Option<Type>,
    ) -> X<Value> {
        if !receiver.is_valid() {
            return Ok(Value::Invalid);
        }
        // Go names the type of the slot the value came from: a map element or struct field
        // declared `interface {}` is reported as that, whatever it holds.
        let typ = slot.unwrap_or_else(|| receiver.ty());
        let (receiver, is_nil) = receiver.indirect();
        if receiver.kind() == Kind::Interface && is_nil {
            return Err(self.err(format!("nil pointer evaluating {typ}.{name}")));
        }
        if let Some(m) = methods::method(&receiver, &typ, name) {
            return self.eval_call(dot, m, false, Some(receiver), node, name, args, fin);
        }
        let has_args = args.is_some_and(|a| a.len() > 1) || fin.is_some();
        match receiver.kind() {
            Kind::Struct => {
                if let Some((field, exported)) = struct_field(&receiver, name) {
                    if !exported {
                        return Err(self.err(format!(
                            "{name} is an unexported field of struct type {typ}"
                        )));
                    }
                    let field = match field {
                        Some(f) => f,
                        None => {
                            return Err(self.err(
                                "reflect: indirection through nil pointer to embedded struct",
                            ))
                        }
                    };
                    if has_args {
                        return Err(self.err(format!(
                            "{name} has arguments but cannot be invoked as function"
                        )));
                    }
                    return Ok(field);
                }
            }
            Kind::Map => {
                let key = receiver.ty().key();
                if super::value::STRING.assignable_to(&key) {
                    if has_args {
                        return Err(self.err(format!("{name} is not a method but has arguments")));
                    }
                    return Ok(match &receiver {
                        Value::Map(m, _) => m.borrow().get(name).cloned().unwrap_or(Value::Invalid),
                        _ => Value::Invalid,
                    });
                }
            }
            Kind::Ptr => {
                let elem = receiver.ty().elem();
                let no_field = elem.kind() == Kind::Struct
                    && !elem.fields().iter().any(|f| f.name == name)
                    && !elem.fields().iter().any(|f| f.embedded);
                if !no_field && is_nil {
                    return Err(self.err(format!("nil pointer evaluating {typ}.{name}")));
                }
            }
            _ => {}
        }
        Err(self.err(format!("can't evaluate field {name} in type {typ}")))
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_call(
        &mut self,
        dot: &Value,
        f: &'static Func,
        builtin: bool,
        receiver: Option<Value>,
        node: At<'t>,
        name: &str,
        args: Option<&'t [Arg]>,
        fin: Final,
    ) -> X<Value> {
        let args: &'t [Arg] = match args {
            Some(a) if !a.is_empty() => &a[1..],
            _ => &[],
        };
        let sig = &f.sig;
        let n_params = sig.params.len();
        let num_in = args.len() + usize::from(fin.is_some());
        let mut num_fixed = args.len();
        if sig.variadic {
            num_fixed = n_params - 1;
            if num_in < num_fixed {
                return Err(self.err(format!(
                    "wrong number of args for {name}: want at least {} got {}",
                    n_params - 1,
                    args.len()
                )));
            }
        } else if num_in != n_params {
            return Err(self.err(format!(
                "wrong number of args for {name}: want {n_params} got {num_in}"
            )));
        }
        if builtin && (name == "and" || name == "or") {
            let mut v = Value::Invalid;
            for a in args {
                v = self.eval_arg(dot, Some(&Type::ReflectValue), a)?;
                if funcs::truth(&v) == (name == "or") {
                    return Ok(v);
                }
            }
            if let Some(fv) = fin {
                v = fv;
            }
            return Ok(v);
        }
        let mut argv: Vec<Value> = Vec::with_capacity(num_in + 1);
        if let Some(r) = receiver {
            argv.push(r);
        }
        let mut i = 0;
        while i < num_fixed && i < args.len() {
            argv.push(self.eval_arg(dot, Some(&sig.params[i]), &args[i])?);
            i += 1;
        }
        if sig.variadic {
            let elem = &sig.params[n_params - 1];
            while i < args.len() {
                argv.push(self.eval_arg(dot, Some(elem), &args[i])?);
                i += 1;
            }
        }
        if let Some(fv) = fin {
            let t = if sig.variadic {
                if num_in - 1 < num_fixed {
                    &sig.params[num_in - 1]
                } else {
                    &sig.params[n_params - 1]
                }
            } else {
                &sig.params[n_params - 1]
            };
            argv.push(self.validate_type(fv, Some(t))?);
        }
        if builtin && name == "call" {
            let callee = match args.first() {
                Some(a) => a.to_string(),
                None => argv.first().map(gofmt::sprint_v).unwrap_or_default(),
            };
            let fun = argv
                .first()
                .cloned()
                .unwrap_or(Value::Invalid)
                .indirect_interface();
            let msg = if !fun.is_valid() {
                "call of nil".to_string()
            } else {
                format!("non-function {callee} of type {}", fun.ty())
            };
            self.at(node);
            return Err(self.err(format!("error calling call: {msg}")));
        }
        match (f.imp)(&argv) {
            Ok(v) => Ok(v),
            Err(e) => {
                self.at(node);
                Err(self.err(format!("error calling {name}: {e}")))
            }
        }
    }

    fn validate_type(&self, value: Value, typ: Option<&Type>) -> X<Value> {
        if !value.is_valid() {
            let Some(t) = typ else {
                return Ok(Value::Invalid);
            };
            if matches!(t, Type::ReflectValue) {
                return Ok(Value::Invalid);
            }
            if t.can_be_nil() {
                return Ok(Value::Nil(t.clone()));
            }
            return Err(self.err(format!("invalid value; expected {t}")));
        }
        let Some(t) = typ else {
            return Ok(value);
        };
        if matches!(t, Type::ReflectValue) {
            return Ok(value);
        }
        let vt = value.ty();
        if !vt.assignable_to(t) {
            if vt.kind() == Kind::Ptr && vt.elem().assignable_to(t) {
                return match value {
                    Value::Ptr(inner, _) => Ok((*inner).clone()),
                    _ => Err(self.err(format!("dereference of nil pointer of type {t}"))),
                };
            }
            if Type::ptr(vt.clone()).assignable_to(t) && vt.kind() == Kind::Struct {
                return Ok(Value::Ptr(std::rc::Rc::new(value), t.clone()));
            }
            return Err(self.err(format!("wrong type for value; expected {t}; got {vt}")));
        }
        Ok(value)
    }

    fn eval_arg(&mut self, dot: &Value, typ: Option<&Type>, n: &'t Arg) -> X<Value> {
        self.at(At::Arg(n));
        match n {
            Arg::Dot(_) => return self.validate_type(dot.clone(), typ),
            Arg::Nil(_) => {
                return match typ {
                    Some(t) if t.can_be_nil() => Ok(Value::zero(t)),
                    Some(t) => Err(self.err(format!("cannot assign nil to {t}"))),
                    None => Err(self.err("cannot assign nil to <nil>")),
                }
            }
            Arg::Field(_, idents) => {
                let v =
                    self.eval_field_node(dot, n, idents, Some(std::slice::from_ref(n)), None)?;
                return self.validate_type(v, typ);
            }
            Arg::Variable(v) => {
                let v = self.eval_variable_node(dot, v, None, None)?;
                return self.validate_type(v, typ);
            }
            Arg::Pipe(p) => {
                let v = self.eval_pipeline(dot, p)?;
                return self.validate_type(v, typ);
            }
            Arg::Identifier(_, name) => {
                let v = self.eval_function(dot, n, name, At::Arg(n), None, None)?;
                return self.validate_type(v, typ);
            }
            Arg::Chain(_, inner, fields) => {
                let v = self.eval_chain_node(dot, n, inner, fields, None, None)?;
                return self.validate_type(v, typ);
            }
            _ => {}
        }
        let Some(t) = typ else {
            return Err(self.err(format!("can't handle {n} for arg of type <nil>")));
        };
        let k = t.kind();
        match (k, n) {
            (Kind::Bool, Arg::Bool(_, b)) => Ok(Value::Bool(*b, t.clone())),
            (Kind::Bool, _) => Err(self.err(format!("expected bool; found {n}"))),
            (k, Arg::Number(num)) if k.is_complex() && num.is_complex => {
                Ok(Value::Complex(num.complex.0, num.complex.1, t.clone()))
            }
            (k, _) if k.is_complex() => Err(self.err(format!("expected complex; found {n}"))),
            (k, Arg::Number(num)) if k.is_float() && num.is_float => {
                Ok(Value::Float(num.float, t.clone()))
            }
            (k, _) if k.is_float() => Err(self.err(format!("expected float; found {n}"))),
            (k, Arg::Number(num)) if k.is_int() && num.is_int => Ok(Value::Int(num.int, t.clone())),
            (k, _) if k.is_int() => Err(self.err(format!("expected integer; found {n}"))),
            (Kind::Interface, _) if matches!(t, Type::Iface) => self.eval_empty_interface(dot, n),
            (Kind::Struct, _) if matches!(t, Type::ReflectValue) => {
                self.eval_empty_interface(dot, n)
            }
            (Kind::String, Arg::String { text, .. }) => {
                Ok(Value::Str(text.as_str().into(), t.clone()))
            }
            (Kind::String, _) => Err(self.err(format!("expected string; found {n}"))),
            (k, Arg::Number(num)) if k.is_uint() && num.is_uint => {
                Ok(Value::Uint(num.uint, t.clone()))
            }
            (k, _) if k.is_uint() => Err(self.err(format!("expected unsigned integer; found {n}"))),
            _ => Err(self.err(format!("can't handle {n} for arg of type {t}"))),
        }
    }

    fn eval_empty_interface(&mut self, dot: &Value, n: &'t Arg) -> X<Value> {
        self.at(At::Arg(n));
        match n {
            Arg::Bool(_, b) => Ok(Value::bool(*b)),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Number(num) => self.ideal_constant(n, num),
            Arg::String { text, .. } => Ok(Value::str(text)),
            Arg::Nil(_) => Err(self.err("evalEmptyInterface: nil (can't happen)")),
            _ => Err(self.err(format!(
                "can't handle assignment of {n} to empty interface argument"
            ))),
        }
    }

    fn print_value(&mut self, node: &'t Node, v: Value) -> X<()> {
        self.at(At::Node(node));
        let v = if v.kind() == Kind::Ptr {
            let (inner, is_nil) = v.indirect();
            if is_nil {
                inner
            } else if methods::has_pointer_stringer(&inner) {
                // A pointer-receiver String() is reachable on an addressable value.
                v
            } else {
                inner
            }
        } else {
            v
        };
        if !v.is_valid() {
            self.out.push_str("<no value>");
            return Ok(());
        }
        self.out.push_str(&gofmt::sprint_v(&v));
        Ok(())
    }
}

/// A struct's field by name: `(value, exported)`, the value `None` when it sits behind a nil
/// embedded pointer.
/// `Some(interface {})` when field `name` of `receiver` is a map element or struct field of
/// interface type: what Go's messages about the next field in a chain call it.
fn interface_slot(receiver: &Value, name: &str) -> Option<Type> {
    let (r, _) = receiver.indirect();
    let ty = match &r {
        Value::Map(_, t) => t.elem(),
        Value::Struct(_, t) => t.fields().iter().find(|f| f.name == name)?.ty.clone(),
        _ => return None,
    };
    (ty.kind() == Kind::Interface).then_some(ty)
}

fn struct_field(recv: &Value, name: &str) -> Option<(Option<Value>, bool)> {
    let Value::Struct(_, ty) = recv else {
        return None;
    };
    let exported = name.starts_with(|c: char| c.is_uppercase());
    let direct = ty.fields().iter().any(|f| f.name == name);
    if direct {
        return Some((recv.field(name), exported));
    }
    // Promoted through embedded structs.
    for f in ty.fields().iter().filter(|f| f.embedded) {
        let inner_ty = match f.ty.kind() {
            Kind::Ptr => f.ty.elem(),
            _ => f.ty.clone(),
        };
        if inner_ty.fields().iter().any(|g| g.name == name) {
            return Some((recv.field(name), exported));
        }
    }
    let _ = INT;
    None
}
