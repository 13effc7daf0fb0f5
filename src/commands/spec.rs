//! Specification files written in HCL (`namespace apply`, `node pool apply`): the file's
//! attributes and blocks as plain values, for each command to map onto its API object.
//! Only literal values are accepted (strings, numbers, booleans, lists, objects, null), as
//! these files hold no variables or functions.

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::Span;
use serde_json::{Map, Value};

/// A body: its attributes and blocks in file order.
#[derive(Debug, Default)]
pub struct SpecBody {
    pub attrs: Vec<SpecAttr>,
    pub blocks: Vec<SpecBlock>,
}

#[derive(Debug)]
pub struct SpecAttr {
    pub name: String,
    pub value: Value,
    /// Where the name is, as HCL's diagnostics give it: `line,col-col` (columns one-based,
    /// the end exclusive).
    pub at: String,
}

#[derive(Debug)]
pub struct SpecBlock {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: SpecBody,
    /// Where the block's type name is (as [`SpecAttr::at`]).
    pub at: String,
}

impl SpecBody {
    /// The attributes as an object (a repeated name keeps its last value).
    pub fn attr_map(&self) -> Map<String, Value> {
        self.attrs
            .iter()
            .map(|a| (a.name.clone(), a.value.clone()))
            .collect()
    }

    /// The blocks of one kind.
    pub fn blocks<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a SpecBlock> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

/// Why a file is not a specification: where (line and column, for syntax errors) and what.
#[derive(Debug)]
pub struct SpecError {
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl SpecError {
    /// As HCL 1 words it (`namespace apply`): `At 2:17: …`.
    pub fn hcl1(&self) -> String {
        match self.at {
            Some((l, c)) => format!("At {l}:{c}: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// As an HCL 2 diagnostic of file `path` words it (`node pool apply`): `f.hcl:2,17: …`.
    pub fn hcl2(&self, path: &str) -> String {
        match self.at {
            Some((l, c)) => format!("{path}:{l},{c}: {}", self.message),
            None => format!("{path}: {}", self.message),
        }
    }
}

/// Parses `text` (one line of error, whatever the parser says).
pub fn parse(text: &str) -> Result<SpecBody, SpecError> {
    let body = hcl_edit::parser::parse_body(text).map_err(|e| SpecError {
        at: Some((e.location().line(), e.location().column())),
        message: e.message().replace('\n', " "),
    })?;
    convert(&body, text).map_err(|message| SpecError { at: None, message })
}

/// `line,col-col` of a byte range of `text` (columns count characters).
fn position(text: &str, range: Option<std::ops::Range<usize>>) -> String {
    let r = range.unwrap_or(0..0);
    let start = r.start.min(text.len());
    let before = text.get(..start).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    let width = text
        .get(start..r.end.min(text.len()))
        .unwrap_or_default()
        .chars()
        .count();
    format!("{line},{col}-{}", col + width)
}

fn convert(body: &Body, text: &str) -> Result<SpecBody, String> {
    let mut out = SpecBody::default();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => out.attrs.push(SpecAttr {
                name: a.key.as_str().to_string(),
                value: literal(&a.value)?,
                at: position(text, a.key.span()),
            }),
            Structure::Block(b) => out.blocks.push(SpecBlock {
                kind: b.ident.as_str().to_string(),
                labels: b.labels.iter().map(|l| l.as_str().to_string()).collect(),
                body: convert(&b.body, text)?,
                at: position(text, b.ident.span()),
            }),
        }
    }
    Ok(out)
}

fn literal(e: &Expression) -> Result<Value, String> {
    Ok(match e {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => {
            let n = n.value();
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        Expression::String(s) => Value::String(s.value().to_string()),
        Expression::Array(a) => Value::Array(a.iter().map(literal).collect::<Result<_, _>>()?),
        Expression::Object(o) => {
            let mut m = Map::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                    ObjectKey::Expression(_) => {
                        return Err("object keys must be names or plain strings".into())
                    }
                };
                m.insert(key, literal(v.expr())?);
            }
            Value::Object(m)
        }
        Expression::Parenthesis(p) => literal(p.inner())?,
        _ => return Err("only literal values are allowed in a specification file".into()),
    })
}

/// Decodes JSON `v` into the Go api struct `name` as `encoding/json` would: keys matched to
/// field names regardless of case, unknown keys dropped, a value of the wrong JSON type an
/// error in Go's words. The result carries every field (`encoding/json`'s output of the
/// struct), which is what Nomad's client sends.
pub fn go_decode(v: &Value, name: &str) -> Result<Value, String> {
    go_decode_at(v, name, name)
}

/// [`go_decode`], with the struct named `path` in errors (Go names a type decoded through an
/// alias, inside its own `UnmarshalJSON`, `.Alias`).
pub fn go_decode_at(v: &Value, name: &str, path: &str) -> Result<Value, String> {
    let matched = match_fields(v, name, path)?;
    let text = crate::output::json::to_std_json(name, &matched, 0);
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// The Go type of a field with `api.` qualifiers removed (`*NamespaceCapabilities`).
fn field_type(strukt: &str, field: &str) -> String {
    crate::output::json::struct_field_type(strukt, field)
        .unwrap_or_default()
        .replace("api.", "")
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn match_fields(v: &Value, strukt: &str, path: &str) -> Result<Value, String> {
    let Some(obj) = v.as_object() else {
        return Err(format!(
            "json: cannot unmarshal {} into Go value of type api.{strukt}",
            json_kind(v)
        ));
    };
    let fields = crate::output::json::struct_field_names(strukt).unwrap_or_default();
    let mut out = Map::new();
    for (k, val) in obj {
        let Some(field) = fields.iter().find(|f| f.eq_ignore_ascii_case(k)) else {
            continue;
        };
        let ty = field_type(strukt, field);
        // A named type (`SchedulerAlgorithm`) is checked as what it names (`string`).
        let base = crate::output::json::go_named_types()
            .find(|(n, _)| *n == ty.trim_start_matches('*'))
            .map_or(ty.as_str(), |(_, u)| u);
        let at = format!("{path}.{field}");
        let bad = || {
            format!(
                "json: cannot unmarshal {} into Go struct field {at} of type {}",
                json_kind(val),
                ty.trim_start_matches('*')
            )
        };
        let ok = match (base, val) {
            (_, Value::Null) => true,
            ("string", v) => v.is_string(),
            ("bool" | "*bool", v) => v.is_boolean(),
            ("uint64" | "int" | "int64" | "uint32" | "int32", v) => v.is_number(),
            ("[]string", Value::Array(a)) => a.iter().all(|x| x.is_string() || x.is_null()),
            ("map[string]string", Value::Object(m)) => {
                m.values().all(|x| x.is_string() || x.is_null())
            }
            (t, v) if t.starts_with('*') && v.is_object() => {
                let inner = t.trim_start_matches('*');
                out.insert(field.to_string(), match_fields(v, inner, &at)?);
                continue;
            }
            _ => false,
        };
        if !ok {
            return Err(bad());
        }
        out.insert(field.to_string(), val.clone());
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_literals() {
        let b = parse(
            "name = \"x\"\n# c\nmeta {\n  a = \"b\"\n}\nnode_pool \"p\" {\n n = 2\n l = [true, null]\n}\n",
        )
        .unwrap();
        assert_eq!(b.attr_map()["name"], "x");
        assert_eq!(b.blocks("meta").next().unwrap().body.attr_map()["a"], "b");
        let p = b.blocks("node_pool").next().unwrap();
        assert_eq!(p.labels, ["p"]);
        assert_eq!(p.body.attr_map()["l"], serde_json::json!([true, null]));
        assert_eq!(b.attrs[0].at, "1,1-5");
        assert_eq!(p.at, "6,1-10");
        assert_eq!(p.body.attrs[1].at, "8,2-3");
    }

    #[test]
    fn errors_are_one_line_and_expressions_refused() {
        let e = parse("name = \n").unwrap_err();
        let (one, two) = (e.hcl1(), e.hcl2("f.hcl"));
        assert!(one.starts_with("At 1:8: ") && !one.contains('\n'), "{one}");
        assert!(two.starts_with("f.hcl:1,8: "), "{two}");
        assert!(parse("name = var.x\n").is_err());
    }
}
