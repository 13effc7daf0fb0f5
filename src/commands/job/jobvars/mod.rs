//! Job-file variables: `-var`, `-var-file` and `NOMAD_VAR_*` as variables texts for the
//! agent's parser.
//!
//! Nomad's CLI parses job files itself (jobspec2) and collects each declared variable's values
//! per source — the environment, then each var file in order, then the command line — and the
//! last one wins. A command-line or environment value is a literal string when the variable's
//! declared type is `string`, `number` or absent (with no default to infer it from), and an HCL
//! expression parsed on its own otherwise (one that does not parse is reported and skipped); a
//! var file is parsed as HCL, or as JSON when it starts with `{`. Every value is checked
//! against the type, including the ones a later source overrides.
//!
//! rnomad lets the agent parse (`PUT /v1/jobs/parse`), which takes the job and one variables
//! text. So the sources are merged here, per variable, and each winner is written as what Nomad
//! would have read: a quoted literal, the expression as typed, or the var file's own expression
//! (`values`). Overridden values go to the agent in texts of their own that are only checked,
//! and an expression that may not parse goes alone first, ending where the text ends. The
//! agent's diagnostics are mapped back to where each value came from (`diag`:
//! `<value for var.x from arguments>`, the var file's path and line).
//!
//! Declarations are read with a real HCL parser (hcl-edit), so heredocs, comments and
//! `variables` blocks count as HCL counts them.

use hcl_edit::expr::{BinaryOperator, Expression, UnaryOperator};
use hcl_edit::structure::{Body, Structure};
use serde_json::Value;
use std::collections::BTreeMap;

mod diag;
mod values;

pub use diag::{diagnostics, VarContent};
pub use values::{read_var_file, undefined, Sources, Values};

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

#[cfg(test)]
mod tests;
