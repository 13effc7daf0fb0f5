//! Nomad-compatible `-json` output.
//!
//! Nomad's `-json` re-encodes the Go api struct that the server body was
//! decoded into, with go-msgpack's JSON encoder (`Indent: 4`,
//! `HTMLCharsAsIs: true`). This module reproduces that from the server's
//! decoded JSON plus a description of the Go types (`api_types.json`):
//! the key set is the struct's, missing fields get Go zero values, unknown
//! server fields are dropped, struct keys are sorted, integral floats get
//! `.0`, zero times become `null`.
//!
//! [`shape_for_template`] applies the same typing for `-t`, keyed by Go field
//! names (templates use `.Stats`, not `stats`).

use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Key under which [`shape_for_template`] records a struct's Go type name
/// inside the object that stands for the struct. The template renderer uses
/// it to tell structs (missing field = error) from Go maps.
pub const STRUCT_MARKER: &str = "\u{0}go:struct";

/// Encodes `body` (the server's decoded JSON) as Nomad's `-json` would print
/// the Go value of type `type_expr` (e.g. `[]*JobListStub`, `*Node`,
/// `AgentSelf`) it decodes into. No trailing newline.
pub fn to_json(type_expr: &str, body: &Value) -> String {
    let reg = registry();
    let ty = reg.parse_type(type_expr);
    let mut out = String::with_capacity(estimate(body));
    reg.enc(Flavor::Codec, &mut out, &ty, Some(body), 0);
    out
}

/// Nomad's `-json` of a list, written one element at a time: the same bytes as [`to_json`] of
/// the whole list, for lists too large to hold. `type_expr` is the list's type
/// (`[]*AllocationListStub`).
pub struct ListWriter {
    elem: Ty,
    count: usize,
}

impl ListWriter {
    pub fn new(type_expr: &str) -> ListWriter {
        let elem = match registry().parse_type(type_expr) {
            Ty::Slice(inner) => *inner,
            other => other,
        };
        ListWriter { elem, count: 0 }
    }

    /// Appends one element (and the bracket or comma before it) to `out`.
    pub fn element(&mut self, out: &mut String, v: &Value) {
        out.push(if self.count == 0 { '[' } else { ',' });
        newline(out, 1);
        registry().enc(Flavor::Codec, out, &self.elem, Some(v), 1);
        self.count += 1;
    }

    /// Closes the list; `null` when the body was `null` rather than a list.
    pub fn end(&self, out: &mut String, null: bool) {
        match (self.count, null) {
            (0, true) => out.push_str("null"),
            (0, false) => out.push_str("[]"),
            _ => {
                newline(out, 0);
                out.push(']');
            }
        }
    }
}

/// Whether `type_expr` names a type the registry has (pointers and slices looked through).
#[cfg(test)]
pub(crate) fn knows_type(type_expr: &str) -> bool {
    let mut ty = registry().parse_type(type_expr);
    while let Ty::Ptr(t) | Ty::Slice(t) = ty {
        ty = *t;
    }
    !matches!(ty, Ty::Iface)
}

/// The same layout for a value with no Go type: numbers as sent, keys sorted.
pub fn to_json_untyped(v: &Value) -> String {
    let mut out = String::with_capacity(estimate(v));
    enc_untyped(Flavor::Codec, &mut out, v, 0, false);
    out
}

/// Shapes `body` onto the Go type `type_expr` for template rendering: objects
/// standing for structs are keyed by Go field names, carry every field (zero
/// values filled in) and the [`STRUCT_MARKER`] key; float fields and numbers
/// in `interface{}` values are floats; `time.Time` is Go's `Time.String()`
/// text, `time.Duration` Go's `Duration.String()` text; nil slices and maps
/// are empty ones (Go prints both as `[]`/`map[]`), nil pointers are `null`.
pub fn shape_for_template(type_expr: &str, body: &Value) -> Value {
    let reg = registry();
    let ty = reg.parse_type(type_expr);
    reg.shape(&ty, Some(body))
}

/// Go's JSON (go-msgpack) float text: integral values get `.0`, exponent
/// form when `|f|` is non-zero and `< 1e-6` or `>= 1e21`.
pub fn go_json_float(out: &mut String, f: f64) {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        write_exp(out, &format!("{f:e}"));
    } else {
        let start = out.len();
        let _ = write!(out, "{f}");
        if !out[start..].contains('.') {
            out.push_str(".0");
        }
    }
}

fn go_json_float32(out: &mut String, f: f32) {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        write_exp(out, &format!("{f:e}"));
    } else {
        let start = out.len();
        let _ = write!(out, "{f}");
        if !out[start..].contains('.') {
            out.push_str(".0");
        }
    }
}

/// Rewrites Rust's `1.5e-7` / `1e21` into Go's `1.5e-07` / `1e+21`.
fn write_exp(out: &mut String, rust: &str) {
    match rust.split_once('e') {
        Some((mant, exp)) => {
            out.push_str(mant);
            out.push('e');
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            out.push(sign);
            if digits.len() < 2 {
                out.push('0');
            }
            out.push_str(digits);
        }
        None => out.push_str(rust),
    }
}

/// Go's `%v` text of a float64 (`strconv` 'g' with shortest digits):
/// exponent form when the decimal exponent is `< -4` or `>= 6`, as Go uses
/// precision 6 for that decision with shortest 'g' (`1e+06`, `4646`,
/// `1.234567e+06`, `123456`, `1e-05`, `0.0001`).
pub fn go_fmt_float_v(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let e = format!("{f:e}");
    let exp: i32 = e
        .split_once('e')
        .and_then(|(_, x)| x.parse().ok())
        .unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let mut s = String::new();
        write_exp(&mut s, &e);
        s
    } else {
        format!("{f}")
    }
}

// ---------------------------------------------------------------------------
// Type registry

#[derive(Debug, Clone)]
enum Ty {
    Str,
    Bool,
    Int,
    Float32,
    Float64,
    Time,
    Duration,
    Bytes,
    Iface,
    Ptr(Box<Ty>),
    Slice(Box<Ty>),
    Map(Box<Ty>),
    Struct(usize),
}

#[derive(Debug)]
struct Field {
    /// Encoded name (json tag name, else the Go name).
    key: String,
    /// Go field name.
    go: String,
    ty: Ty,
    /// Go type text as in api_types.json.
    go_type: String,
    omitempty: bool,
}

#[derive(Debug, Default)]
struct StructDef {
    name: String,
    /// Fields in Go declaration order (embedded structs flattened).
    fields: Vec<Field>,
    /// Indexes into `fields`, sorted by encoded name.
    by_key: Vec<usize>,
}

struct Registry {
    structs: Vec<StructDef>,
    index: HashMap<String, usize>,
    named: HashMap<String, String>,
    /// Every struct's fields as declared (embedded structs not flattened).
    declared: HashMap<String, Vec<GoField>>,
}

/// A field of a Go api struct as declared: templates see Go values, embedded structs and all.
#[derive(Debug)]
pub struct GoField {
    pub name: String,
    /// Go type text as in api_types.json (`*string`, `[]*TaskGroup`).
    pub ty: String,
    pub tag: String,
    pub embedded: bool,
}

/// Names of the api structs the registry knows.
pub fn go_struct_names() -> impl Iterator<Item = &'static str> {
    registry().declared.keys().map(String::as_str)
}

/// The api package's named non-struct types and their underlying types
/// (`AllocCheckStatuses` → `map[string]AllocCheckStatus`).
pub fn go_named_types() -> impl Iterator<Item = (&'static str, &'static str)> {
    registry()
        .named
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
}

/// The declared fields of the api struct `name`.
pub fn go_struct_fields(name: &str) -> Option<&'static [GoField]> {
    registry().declared.get(name).map(Vec::as_slice)
}

fn registry() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(|| Registry::load(include_str!("api_types.json")))
}

/// Go field names of the api struct `struct_name`, in declaration order
/// (embedded structs flattened); used to print structs as Go's `%v`.
pub fn struct_field_names(struct_name: &str) -> Option<Vec<&'static str>> {
    let reg = registry();
    let idx = *reg.index.get(struct_name)?;
    Some(
        reg.structs[idx]
            .fields
            .iter()
            .map(|f| f.go.as_str())
            .collect(),
    )
}

/// Go type text of field `field` (Go name) of the api struct `struct_name`,
/// qualified as Go prints it (`*JobSummary` → `*api.JobSummary`).
pub fn struct_field_type(struct_name: &str, field: &str) -> Option<String> {
    let reg = registry();
    let idx = *reg.index.get(struct_name)?;
    let f = reg.structs[idx].fields.iter().find(|f| f.go == field)?;
    let mut out = String::new();
    let mut prev = ' ';
    for c in f.go_type.chars() {
        if c.is_ascii_uppercase() && !(prev.is_alphanumeric() || prev == '.' || prev == '_') {
            out.push_str("api.");
        }
        out.push(c);
        prev = c;
    }
    Some(out)
}

struct RawField {
    name: String,
    tag: String,
    ty: String,
    embedded: Option<String>,
}

impl Registry {
    fn load(text: &str) -> Registry {
        let doc: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        let mut named = HashMap::new();
        if let Some(m) = doc.get("named").and_then(Value::as_object) {
            for (k, v) in m {
                if let Some(s) = v.as_str() {
                    named.insert(k.clone(), s.to_string());
                }
            }
        }
        let mut raw: Vec<(String, Vec<RawField>)> = Vec::new();
        if let Some(m) = doc.get("structs").and_then(Value::as_object) {
            for (name, def) in m {
                let mut fields = Vec::new();
                for f in def
                    .get("fields")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                {
                    let s = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    fields.push(RawField {
                        name: s("name"),
                        tag: s("tag"),
                        ty: s("type"),
                        embedded: f.get("embedded").and_then(Value::as_str).map(String::from),
                    });
                }
                raw.push((name.clone(), fields));
            }
        }
        let index: HashMap<String, usize> = raw
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (n.clone(), i))
            .collect();
        let declared = raw
            .iter()
            .map(|(name, fields)| {
                let fields = fields
                    .iter()
                    .map(|f| GoField {
                        name: match &f.embedded {
                            Some(e) => e.trim_start_matches('*').to_string(),
                            None => f.name.clone(),
                        },
                        ty: f.embedded.clone().unwrap_or_else(|| f.ty.clone()),
                        tag: f.tag.clone(),
                        embedded: f.embedded.is_some(),
                    })
                    .collect();
                (name.clone(), fields)
            })
            .collect();
        let mut reg = Registry {
            structs: Vec::new(),
            index,
            named,
            declared,
        };
        let raw_by_idx: Vec<&Vec<RawField>> = raw.iter().map(|(_, f)| f).collect();
        let mut structs = Vec::with_capacity(raw.len());
        for (i, (name, _)) in raw.iter().enumerate() {
            let mut fields: Vec<(usize, Field)> = Vec::new();
            reg.flatten(&raw_by_idx, i, 0, &mut fields, &mut vec![i]);
            // Go: a shallower field hides deeper ones with the same name.
            let mut keep: Vec<Field> = Vec::new();
            for (depth, f) in &fields {
                let shallower = fields.iter().any(|(d, g)| d < depth && g.key == f.key);
                if !shallower && !keep.iter().any(|k| k.key == f.key) {
                    keep.push(Field {
                        key: f.key.clone(),
                        go: f.go.clone(),
                        ty: f.ty.clone(),
                        go_type: f.go_type.clone(),
                        omitempty: f.omitempty,
                    });
                }
            }
            let mut by_key: Vec<usize> = (0..keep.len()).collect();
            by_key.sort_by(|a, b| keep[*a].key.cmp(&keep[*b].key));
            structs.push(StructDef {
                name: name.clone(),
                fields: keep,
                by_key,
            });
        }
        reg.structs = structs;
        reg
    }

    fn flatten(
        &self,
        raw: &[&Vec<RawField>],
        idx: usize,
        depth: usize,
        out: &mut Vec<(usize, Field)>,
        stack: &mut Vec<usize>,
    ) {
        for f in raw[idx].iter() {
            let (key, omitempty, skip) = parse_tag(&f.tag);
            if skip {
                continue;
            }
            if let Some(emb) = &f.embedded {
                let base = emb.trim_start_matches('*');
                if key.is_none() {
                    if let Some(&j) = self.index.get(base) {
                        if !stack.contains(&j) {
                            stack.push(j);
                            self.flatten(raw, j, depth + 1, out, stack);
                            stack.pop();
                        }
                    }
                    continue;
                }
                if let Some(k) = key {
                    out.push((
                        depth,
                        Field {
                            key: k,
                            go: base.to_string(),
                            ty: self.parse_type(emb),
                            go_type: emb.clone(),
                            omitempty,
                        },
                    ));
                }
                continue;
            }
            // Unexported fields are not encoded.
            if !f.name.starts_with(|c: char| c.is_uppercase()) {
                continue;
            }
            out.push((
                depth,
                Field {
                    key: key.unwrap_or_else(|| f.name.clone()),
                    go: f.name.clone(),
                    ty: self.parse_type(&f.ty),
                    go_type: f.ty.clone(),
                    omitempty,
                },
            ));
        }
    }

    fn parse_type(&self, t: &str) -> Ty {
        self.parse_type_depth(t.trim(), 0)
    }

    fn parse_type_depth(&self, t: &str, depth: u32) -> Ty {
        if depth > 16 {
            return Ty::Iface;
        }
        let t = t.trim();
        if let Some(rest) = t.strip_prefix('*') {
            return Ty::Ptr(Box::new(self.parse_type_depth(rest, depth + 1)));
        }
        if t == "[]byte" || t == "[]uint8" {
            return Ty::Bytes;
        }
        if let Some(rest) = t.strip_prefix("[]") {
            return Ty::Slice(Box::new(self.parse_type_depth(rest, depth + 1)));
        }
        if let Some(rest) = t.strip_prefix("map[") {
            // Skip the key type, allowing nested brackets.
            let mut level = 1;
            for (i, c) in rest.char_indices() {
                match c {
                    '[' => level += 1,
                    ']' => {
                        level -= 1;
                        if level == 0 {
                            return Ty::Map(Box::new(
                                self.parse_type_depth(&rest[i + 1..], depth + 1),
                            ));
                        }
                    }
                    _ => {}
                }
            }
            return Ty::Iface;
        }
        let t = t.strip_prefix("api.").unwrap_or(t);
        match t {
            "string" => Ty::Str,
            "bool" => Ty::Bool,
            "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16"
            | "uint32" | "uint64" | "uintptr" | "rune" | "byte" => Ty::Int,
            "float32" => Ty::Float32,
            "float64" => Ty::Float64,
            "time.Time" => Ty::Time,
            "time.Duration" => Ty::Duration,
            "interface{}" | "any" | "error" => Ty::Iface,
            _ => {
                if let Some(&i) = self.index.get(t) {
                    Ty::Struct(i)
                } else if let Some(n) = self.named.get(t) {
                    self.parse_type_depth(n, depth + 1)
                } else {
                    Ty::Iface
                }
            }
        }
    }

    // -- encoding ----------------------------------------------------------

    fn enc(&self, fl: Flavor, out: &mut String, ty: &Ty, v: Option<&Value>, ind: usize) {
        match ty {
            Ty::Str => match v {
                Some(Value::String(s)) => fl.str(out, s),
                _ => out.push_str("\"\""),
            },
            Ty::Bool => match v {
                Some(Value::Bool(true)) => out.push_str("true"),
                _ => out.push_str("false"),
            },
            Ty::Int | Ty::Duration => match v {
                Some(Value::Number(n)) => enc_int(out, n),
                _ => out.push('0'),
            },
            Ty::Float64 | Ty::Float32 if fl == Flavor::Std => {
                std_float(out, v.and_then(Value::as_f64).unwrap_or(0.0))
            }
            Ty::Float64 => match v.and_then(Value::as_f64) {
                Some(f) => go_json_float(out, f),
                None => out.push_str("0.0"),
            },
            Ty::Float32 => match v.and_then(Value::as_f64) {
                Some(f) => go_json_float32(out, f as f32),
                None => out.push_str("0.0"),
            },
            Ty::Time => match v {
                Some(Value::String(s)) => match GoTime::parse(s) {
                    Some(t) if t.is_zero() && fl == Flavor::Codec => out.push_str("null"),
                    Some(t) => {
                        out.push('"');
                        t.write_rfc3339_nano(out);
                        out.push('"');
                    }
                    None => fl.str(out, s),
                },
                // encoding/json writes a zero time.Time as its text; the codec as null.
                _ if fl == Flavor::Std => out.push_str("\"0001-01-01T00:00:00Z\""),
                _ => out.push_str("null"),
            },
            Ty::Bytes => match v {
                Some(Value::String(s)) => fl.str(out, s),
                _ => out.push_str("null"),
            },
            Ty::Iface => match v {
                None | Some(Value::Null) => out.push_str("null"),
                Some(x) => enc_untyped(fl, out, x, ind, true),
            },
            Ty::Ptr(inner) => match v {
                None | Some(Value::Null) => out.push_str("null"),
                Some(_) => self.enc(fl, out, inner, v, ind),
            },
            Ty::Slice(inner) => match v {
                Some(Value::Array(a)) => {
                    if a.is_empty() {
                        out.push_str("[]");
                        return;
                    }
                    out.push('[');
                    for (i, x) in a.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        newline(out, ind + 1);
                        self.enc(fl, out, inner, Some(x), ind + 1);
                    }
                    newline(out, ind);
                    out.push(']');
                }
                _ => out.push_str("null"),
            },
            Ty::Map(inner) => match v {
                Some(Value::Object(m)) => {
                    if m.is_empty() {
                        out.push_str("{}");
                        return;
                    }
                    out.push('{');
                    for (i, (k, x)) in sorted_entries(m).enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        newline(out, ind + 1);
                        fl.str(out, k);
                        out.push_str(": ");
                        self.enc(fl, out, inner, Some(x), ind + 1);
                    }
                    newline(out, ind);
                    out.push('}');
                }
                _ => out.push_str("null"),
            },
            Ty::Struct(idx) => {
                let def = &self.structs[*idx];
                let obj = match v {
                    Some(Value::Object(o)) => Some(o),
                    _ => None,
                };
                let mut first = true;
                let mut walk = KeyWalk(obj.map(|o| o.iter().peekable()));
                // The codec sorts fields by key; encoding/json keeps declaration order.
                // (Indexes, not a boxed iterator: this runs once per struct of every element.)
                for j in 0..def.fields.len() {
                    let fi = match fl {
                        Flavor::Codec => def.by_key[j],
                        Flavor::Std => j,
                    };
                    let f = &def.fields[fi];
                    let fv = match (fl, obj) {
                        // Fields by key against the object's keys, sorted alike: one walk
                        // instead of a search per field (the searches' string compares
                        // led the profile of big lists). A key not met is searched as before.
                        (Flavor::Codec, Some(o)) => walk.meet(&f.key).or_else(|| lookup(o, &f.key)),
                        _ => obj.and_then(|o| lookup(o, &f.key)),
                    };
                    if f.omitempty && self.is_empty(&f.ty, fv) {
                        continue;
                    }
                    out.push(if first { '{' } else { ',' });
                    first = false;
                    newline(out, ind + 1);
                    fl.str(out, &f.key);
                    out.push_str(": ");
                    self.enc(fl, out, &f.ty, fv, ind + 1);
                }
                if first {
                    out.push_str("{}");
                } else {
                    newline(out, ind);
                    out.push('}');
                }
            }
        }
    }

    /// Go's `isEmptyValue` on the value `v` decodes into.
    fn is_empty(&self, ty: &Ty, v: Option<&Value>) -> bool {
        match ty {
            Ty::Str | Ty::Bytes => !matches!(v, Some(Value::String(s)) if !s.is_empty()),
            Ty::Bool => !matches!(v, Some(Value::Bool(true))),
            Ty::Int | Ty::Duration | Ty::Float32 | Ty::Float64 => {
                v.and_then(Value::as_f64).is_none_or(|f| f == 0.0)
            }
            Ty::Time => match v {
                Some(Value::String(s)) => GoTime::parse(s).is_none_or(|t| t.is_zero()),
                _ => true,
            },
            Ty::Iface | Ty::Ptr(_) => matches!(v, None | Some(Value::Null)),
            Ty::Slice(_) => !matches!(v, Some(Value::Array(a)) if !a.is_empty()),
            Ty::Map(_) => !matches!(v, Some(Value::Object(m)) if !m.is_empty()),
            Ty::Struct(idx) => {
                let obj = match v {
                    Some(Value::Object(o)) => o,
                    _ => return true,
                };
                self.structs[*idx]
                    .fields
                    .iter()
                    .all(|f| self.is_empty(&f.ty, lookup(obj, &f.key)))
            }
        }
    }

    // -- template shaping ---------------------------------------------------

    fn shape(&self, ty: &Ty, v: Option<&Value>) -> Value {
        match ty {
            Ty::Str => match v {
                Some(Value::String(s)) => Value::String(s.clone()),
                _ => Value::String(String::new()),
            },
            Ty::Bool => Value::Bool(matches!(v, Some(Value::Bool(true)))),
            Ty::Int => match v {
                Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Value::Number(n.clone()),
                Some(Value::Number(n)) => {
                    Value::Number(Number::from(n.as_f64().map(|f| f as i64).unwrap_or(0)))
                }
                _ => Value::Number(Number::from(0)),
            },
            Ty::Float32 | Ty::Float64 => float_value(v.and_then(Value::as_f64).unwrap_or(0.0)),
            Ty::Duration => {
                let n = match v {
                    Some(Value::Number(n)) => n
                        .as_i64()
                        .or_else(|| n.as_f64().map(|f| f as i64))
                        .unwrap_or(0),
                    _ => 0,
                };
                Value::String(crate::gocompat::time::go_duration(n))
            }
            Ty::Time => match v {
                Some(Value::String(s)) => match GoTime::parse(s) {
                    Some(t) => Value::String(t.go_string()),
                    None => Value::String(s.clone()),
                },
                _ => Value::String("0001-01-01 00:00:00 +0000 UTC".into()),
            },
            Ty::Bytes => match v {
                Some(Value::String(s)) => Value::String(s.clone()),
                _ => Value::Array(Vec::new()),
            },
            Ty::Iface => match v {
                None => Value::Null,
                Some(x) => untyped_floats(x),
            },
            Ty::Ptr(inner) => match v {
                None | Some(Value::Null) => Value::Null,
                Some(_) => self.shape(inner, v),
            },
            Ty::Slice(inner) => match v {
                Some(Value::Array(a)) => {
                    Value::Array(a.iter().map(|x| self.shape(inner, Some(x))).collect())
                }
                _ => Value::Array(Vec::new()),
            },
            Ty::Map(inner) => match v {
                Some(Value::Object(m)) => Value::Object(
                    m.iter()
                        .map(|(k, x)| (k.clone(), self.shape(inner, Some(x))))
                        .collect(),
                ),
                _ => Value::Object(Map::new()),
            },
            Ty::Struct(idx) => {
                let def = &self.structs[*idx];
                let obj = match v {
                    Some(Value::Object(o)) => Some(o),
                    _ => None,
                };
                let mut m = Map::new();
                m.insert(STRUCT_MARKER.to_string(), Value::String(def.name.clone()));
                for f in &def.fields {
                    let fv = obj.and_then(|o| lookup(o, &f.key));
                    m.insert(f.go.clone(), self.shape(&f.ty, fv));
                }
                Value::Object(m)
            }
        }
    }
}

fn float_value(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// Numbers inside `interface{}` values are float64 in Go.
fn untyped_floats(v: &Value) -> Value {
    match v {
        Value::Number(n) => float_value(n.as_f64().unwrap_or(0.0)),
        Value::Array(a) => Value::Array(a.iter().map(untyped_floats).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), untyped_floats(x)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Parses a `json:"name,omitempty"` (or `codec:"…"`) tag:
/// (name if given, omitempty, skip).
fn parse_tag(tag: &str) -> (Option<String>, bool, bool) {
    let val = tag_value(tag, "codec").or_else(|| tag_value(tag, "json"));
    let Some(val) = val else {
        return (None, false, false);
    };
    if val == "-" {
        return (None, false, true);
    }
    let mut parts = val.split(',');
    let name = parts.next().unwrap_or("");
    let omitempty = parts.any(|p| p == "omitempty");
    let name = (!name.is_empty()).then(|| name.to_string());
    (name, omitempty, false)
}

fn tag_value<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = tag.trim();
    while !rest.is_empty() {
        let colon = rest.find(':')?;
        let k = rest[..colon].trim();
        let after = &rest[colon + 1..];
        let after = after.strip_prefix('"')?;
        let end = after.find('"')?;
        if k == key {
            return Some(&after[..end]);
        }
        rest = after[end + 1..].trim_start();
    }
    None
}

/// encoding/json matching: exact key first, then case-insensitive.
fn lookup<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if let Some(v) = obj.get(key) {
        return Some(v);
    }
    obj.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// An object's entries in key order, met by keys asked for in increasing order.
struct KeyWalk<'a>(Option<std::iter::Peekable<serde_json::map::Iter<'a>>>);

impl<'a> KeyWalk<'a> {
    /// The value under exactly `key`, if the walk meets it (keys asked in increasing order).
    fn meet(&mut self, key: &str) -> Option<&'a Value> {
        let it = self.0.as_mut()?;
        while let Some((k, v)) = it.peek() {
            match k.as_str().cmp(key) {
                std::cmp::Ordering::Less => {
                    it.next();
                }
                std::cmp::Ordering::Equal => {
                    let v = *v;
                    it.next();
                    return Some(v);
                }
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }
}

/// A map's entries by key. serde_json's map is kept sorted (no `preserve_order`), so this is
/// its own order, without collecting the entries, unless a feature ever changes that.
fn sorted_entries(m: &Map<String, Value>) -> Entries<'_> {
    if m.keys().is_sorted() {
        return Entries::Sorted(m.iter());
    }
    let mut v: Vec<(&String, &Value)> = m.iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    Entries::Collected(v.into_iter())
}

enum Entries<'a> {
    Sorted(serde_json::map::Iter<'a>),
    Collected(std::vec::IntoIter<(&'a String, &'a Value)>),
}

impl<'a> Iterator for Entries<'a> {
    type Item = (&'a String, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Entries::Sorted(i) => i.next(),
            Entries::Collected(i) => i.next(),
        }
    }
}

fn enc_int(out: &mut String, n: &Number) {
    // itoa rather than `write!`: the formatting machinery shows in profiles of big lists.
    if let Some(u) = n.as_u64() {
        out.push_str(itoa::Buffer::new().format(u));
    } else if let Some(i) = n.as_i64() {
        out.push_str(itoa::Buffer::new().format(i));
    } else if let Some(f) = n.as_f64() {
        if f.fract() == 0.0 && f.abs() < 9.2e18 {
            let _ = write!(out, "{}", f as i64);
        } else {
            out.push('0');
        }
    }
}

fn newline(out: &mut String, ind: usize) {
    out.push('\n');
    for _ in 0..ind {
        out.push_str("    ");
    }
}

fn estimate(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.len() * 512 + 16,
        _ => 4096,
    }
}

/// Which Go encoder's output to reproduce: Nomad's `-json` (go-msgpack's JSON codec,
/// canonical) or `encoding/json` (`job run -output`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Codec,
    Std,
}

impl Flavor {
    fn str(self, out: &mut String, s: &str) {
        match self {
            Flavor::Codec => enc_str(out, s),
            Flavor::Std => std_str(out, s),
        }
    }
}

/// Untyped encoding: keys sorted; numbers as sent, or (`floats`) as Go
/// float64s the way they are inside `interface{}` values.
fn enc_untyped(fl: Flavor, out: &mut String, v: &Value, ind: usize, floats: bool) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match fl {
            // encoding/json: integers as they are, other numbers as float64s.
            Flavor::Std if n.is_f64() => std_float(out, n.as_f64().unwrap_or(0.0)),
            Flavor::Codec if floats => go_json_float(out, n.as_f64().unwrap_or(0.0)),
            _ => {
                let _ = write!(out, "{n}");
            }
        },
        Value::String(s) => fl.str(out, s),
        Value::Array(a) => {
            if a.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, ind + 1);
                enc_untyped(fl, out, x, ind + 1, floats);
            }
            newline(out, ind);
            out.push(']');
        }
        Value::Object(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, x)) in sorted_entries(m).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, ind + 1);
                fl.str(out, k);
                out.push_str(": ");
                enc_untyped(fl, out, x, ind + 1, floats);
            }
            newline(out, ind);
            out.push('}');
        }
    }
}

/// go-msgpack JSON string escaping with `HTMLCharsAsIs`.
pub fn enc_str(out: &mut String, s: &str) {
    out.push('"');
    // Most strings need no escape: copy them whole. Every escaped character is ASCII or
    // starts with the byte 0xE2 (U+2028, U+2029).
    if !s
        .bytes()
        .any(|b| b < 0x20 || b == b'"' || b == b'\\' || b == 0xE2)
    {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\u{2028}' => Some("\\u2028"),
            '\u{2029}' => Some("\\u2029"),
            c if (c as u32) < 0x20 => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}

// ---------------------------------------------------------------------------
// Go time values

/// A parsed RFC 3339 time, keeping the offset as Go's decoder does.
#[derive(Debug, Clone, Copy)]
pub struct GoTime {
    dt: chrono::DateTime<chrono::FixedOffset>,
}

impl GoTime {
    /// Parses an RFC 3339 (optionally fractional) timestamp.
    pub fn parse(s: &str) -> Option<GoTime> {
        chrono::DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|dt| GoTime { dt })
    }

    /// Go's `Time.IsZero` (`0001-01-01T00:00:00Z`, any offset).
    pub fn is_zero(&self) -> bool {
        use chrono::{Datelike, Timelike};
        let u = self.dt.naive_utc();
        u.year() == 1
            && u.ordinal() == 1
            && u.num_seconds_from_midnight() == 0
            && u.nanosecond() == 0
    }

    fn write_clock(&self, out: &mut String, sep: char) {
        use chrono::{Datelike, Timelike};
        let l = self.dt.naive_local();
        let _ = write!(
            out,
            "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}",
            l.year(),
            l.month(),
            l.day(),
            sep,
            l.hour(),
            l.minute(),
            l.second()
        );
        let ns = l.nanosecond() % 1_000_000_000;
        if ns != 0 {
            let frac = format!("{ns:09}");
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
    }

    /// Nanoseconds since the Unix epoch (saturating).
    pub fn unix_nanos(&self) -> i64 {
        self.dt
            .timestamp_nanos_opt()
            .unwrap_or(if self.dt.timestamp() < 0 {
                i64::MIN
            } else {
                i64::MAX
            })
    }

    /// Go's `time.RFC3339Nano` layout.
    pub fn write_rfc3339_nano(&self, out: &mut String) {
        self.write_clock(out, 'T');
        let off = self.dt.offset().local_minus_utc();
        if off == 0 {
            out.push('Z');
        } else {
            let (sign, a) = if off < 0 { ('-', -off) } else { ('+', off) };
            let _ = write!(out, "{}{:02}:{:02}", sign, a / 3600, (a % 3600) / 60);
        }
    }

    /// Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    pub fn go_string(&self) -> String {
        let mut out = String::with_capacity(40);
        self.write_clock(&mut out, ' ');
        let off = self.dt.offset().local_minus_utc();
        let (sign, a) = if off < 0 { ('-', -off) } else { ('+', off) };
        let hhmm = format!("{}{:02}{:02}", sign, a / 3600, (a % 3600) / 60);
        if off == 0 {
            let _ = write!(out, " {hhmm} UTC");
        } else {
            let _ = write!(out, " {hhmm} {hhmm}");
        }
        out
    }
}

// ---------------------------------------------------------------------------
// encoding/json (`json.MarshalIndent(v, prefix, "    ")`), as `job run -output` prints

/// Encodes `body` as Go's `encoding/json` marshals the api value of type `type_expr` with a
/// four-space indent, starting at indent level `ind`: struct fields in declaration order
/// (json tags honoured), nil pointers/slices/maps as `null`, map keys sorted, floats without
/// a forced `.0`, zero times as `0001-01-01T00:00:00Z`, and `<`, `>`, `&` escaped.
pub fn to_std_json(type_expr: &str, body: &Value, ind: usize) -> String {
    let reg = registry();
    let ty = reg.parse_type(type_expr);
    let mut out = String::with_capacity(estimate(body));
    reg.enc(Flavor::Std, &mut out, &ty, Some(body), ind);
    out
}

/// `json.Marshal` of the api value (no indent): [`to_std_json`] with the whitespace between
/// tokens taken out, as Go's compact form has none. Nomad prints this where an api type
/// marshals itself (`*ACLToken`'s `MarshalJSON`), which go-msgpack copies as is.
pub fn to_std_json_compact(type_expr: &str, body: &Value) -> String {
    let indented = to_std_json(type_expr, body, 0);
    let mut out = String::with_capacity(indented.len());
    let (mut in_str, mut escaped) = (false, false);
    for c in indented.chars() {
        if in_str {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
        } else if c == '"' {
            in_str = true;
            out.push(c);
        } else if !c.is_ascii_whitespace() {
            out.push(c);
        }
    }
    out
}

/// encoding/json's float text: shortest digits, exponent form below 1e-6 or from 1e21, and
/// a negative two-digit exponent without its leading zero (`1e-7`, where go-msgpack and
/// `%v` print `1e-07`).
fn std_float(out: &mut String, f: f64) {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let start = out.len();
        write_exp(out, &format!("{f:e}"));
        let n = out.len();
        if out[start..].ends_with(|c: char| c.is_ascii_digit()) && out[..n - 1].ends_with("e-0") {
            out.remove(n - 2);
        }
    } else {
        let _ = write!(out, "{f}");
    }
}

/// encoding/json string escaping (HTML-safe).
fn std_str(out: &mut String, s: &str) {
    let mut tmp = String::new();
    enc_str(&mut tmp, s);
    out.push_str(
        &tmp.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn has_key(out: &str, key: &str) -> bool {
        out.contains(&format!("\"{key}\": "))
    }

    #[test]
    fn a_list_written_element_by_element_is_the_whole_lists_json() {
        let stub = serde_json::json!({"ID": "a1", "TaskStates": {"web": {"State": "running"}}, "CreateTime": 5});
        for body in [
            serde_json::json!(null),
            serde_json::json!([]),
            serde_json::json!([stub]),
            serde_json::json!([stub, {"ID": "b2", "Extra": 1}, {}]),
        ] {
            let ty = "[]*AllocationListStub";
            let mut w = ListWriter::new(ty);
            let mut out = String::new();
            for e in body.as_array().into_iter().flatten() {
                w.element(&mut out, e);
            }
            w.end(&mut out, body.is_null());
            assert_eq!(out, to_json(ty, &body), "{body}");
        }
    }

    #[test]
    fn registry_loads() {
        let reg = registry();
        assert!(reg.structs.len() > 300);
        assert!(reg.index.contains_key("JobJson"));
        assert!(reg.index.contains_key("Node"));
    }

    #[test]
    fn keys_sorted_and_zero_filled() {
        let out = to_json(
            "*JobListStub",
            &json!({"Name": "web", "ID": "web", "Bogus": 1}),
        );
        assert!(out.starts_with("{\n    \""));
        assert!(!has_key(&out, "Bogus"));
        assert!(has_key(&out, "Priority"));
        assert!(out.contains("\"Priority\": 0"));
        assert!(out.contains("\"Stop\": false"));
        assert!(out.contains("\"ParentID\": \"\""));
        // Namespace and Meta are omitempty.
        assert!(!has_key(&out, "Namespace"));
        assert!(!has_key(&out, "Meta"));
        let keys: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("    \""))
            .map(|l| l.trim().split('"').nth(1).unwrap_or(""))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert!(keys.len() > 10);
        assert!(!out.ends_with('\n'));
    }

    #[test]
    fn omitempty_present_when_set() {
        let out = to_json(
            "*JobListStub",
            &json!({"Namespace": "default", "Meta": {"a": "b"}}),
        );
        assert!(out.contains("\"Namespace\": \"default\""));
        assert!(out.contains("\"Meta\": {\n        \"a\": \"b\"\n    }"));
    }

    #[test]
    fn json_tag_names() {
        let out = to_json("AgentSelf", &json!({"config": {"Region": "global"}}));
        assert!(has_key(&out, "config"));
        assert!(has_key(&out, "member"));
        assert!(has_key(&out, "stats"));
        assert!(!has_key(&out, "Config"));
    }

    #[test]
    fn floats_in_interface_maps() {
        let out = to_json(
            "AgentSelf",
            &json!({"config": {"Ports": {"HTTP": 4646}, "A": 0, "B": 1, "C": 2.5, "D": 0.25,
                     "E": 1e21, "F": 1e-7, "G": [1, 2], "H": 123456789.0}}),
        );
        assert!(out.contains("\"HTTP\": 4646.0"), "{out}");
        assert!(out.contains("\"A\": 0.0"));
        assert!(out.contains("\"B\": 1.0"));
        assert!(out.contains("\"C\": 2.5"));
        assert!(out.contains("\"D\": 0.25"));
        assert!(out.contains("\"E\": 1e+21"));
        assert!(out.contains("\"F\": 1e-07"));
        assert!(out.contains("\"H\": 123456789.0"));
        assert!(out.contains("[\n            1.0,\n            2.0\n        ]"));
    }

    #[test]
    fn float_formatting() {
        let f = |x: f64| {
            let mut s = String::new();
            go_json_float(&mut s, x);
            s
        };
        assert_eq!(f(4646.0), "4646.0");
        assert_eq!(f(0.0), "0.0");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(1.0), "1.0");
        assert_eq!(f(2.5), "2.5");
        assert_eq!(f(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(f(1e21), "1e+21");
        assert_eq!(f(1.5e22), "1.5e+22");
        assert_eq!(f(1e20), "100000000000000000000.0");
        assert_eq!(f(1e-7), "1e-07");
        assert_eq!(f(1e-6), "0.000001");
        assert_eq!(f(-2.5e-10), "-2.5e-10");
        assert_eq!(f(1e300), "1e+300");
        assert_eq!(go_fmt_float_v(4646.0), "4646");
        assert_eq!(go_fmt_float_v(1e21), "1e+21");
        assert_eq!(go_fmt_float_v(1e20), "1e+20");
        assert_eq!(go_fmt_float_v(1e6), "1e+06");
        assert_eq!(go_fmt_float_v(123456.0), "123456");
        assert_eq!(go_fmt_float_v(1234567.0), "1.234567e+06");
        assert_eq!(go_fmt_float_v(0.0001), "0.0001");
        assert_eq!(go_fmt_float_v(0.00001), "1e-05");
        assert_eq!(go_fmt_float_v(2.5), "2.5");
    }

    /// encoding/json's floats, as Go 1.26 printed them (`json.Marshal` of each value).
    #[test]
    fn std_floats_as_go_prints_them() {
        for (f, go) in [
            (1e-7, "1e-7"),
            (1e-6, "0.000001"),
            (1.5e-10, "1.5e-10"),
            (-2.5e-10, "-2.5e-10"),
            (1e21, "1e+21"),
            (1.5e22, "1.5e+22"),
            (1e-100, "1e-100"),
            (1e300, "1e+300"),
            (1e20, "100000000000000000000"),
            (0.1, "0.1"),
            (123456789.0, "123456789"),
            (5e-324, "5e-324"),
        ] {
            let mut s = String::new();
            std_float(&mut s, f);
            assert_eq!(s, go, "{f:e}");
        }
    }

    #[test]
    fn float_typed_field() {
        // ScoreMetaData.NormScore is float64
        let out = to_json(
            "*NodeScoreMeta",
            &json!({"NormScore": 1, "Scores": {"a": 2}}),
        );
        assert!(out.contains("\"NormScore\": 1.0"), "{out}");
        assert!(out.contains("\"a\": 2.0"));
    }

    #[test]
    fn time_values() {
        let out = to_json(
            "*ACLAuthMethod",
            &json!({"CreateTime": "0001-01-01T00:00:00Z",
                    "ModifyTime": "2024-03-01T10:20:30.120000000+02:00",
                    "MaxTokenTTL": 3600000000000u64}),
        );
        assert!(out.contains("\"CreateTime\": null"), "{out}");
        assert!(out.contains("\"ModifyTime\": \"2024-03-01T10:20:30.12+02:00\""));
        assert!(out.contains("\"MaxTokenTTL\": 3600000000000"));
        let out = to_json(
            "*ACLAuthMethod",
            &json!({"ModifyTime": "2024-03-01T10:20:30+00:00"}),
        );
        assert!(
            out.contains("\"ModifyTime\": \"2024-03-01T10:20:30Z\""),
            "{out}"
        );
        assert!(out.contains("\"CreateTime\": null"));
    }

    #[test]
    fn u64_max_exact() {
        let out = to_json(
            "*JobListStub",
            &json!({"ModifyIndex": u64::MAX, "SubmitTime": i64::MIN}),
        );
        assert!(out.contains("\"ModifyIndex\": 18446744073709551615"));
        assert!(out.contains("\"SubmitTime\": -9223372036854775808"));
    }

    #[test]
    fn string_escapes() {
        let mut s = String::new();
        enc_str(
            &mut s,
            "a<b>&\"\\\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{2028}\u{2029}é☃",
        );
        assert_eq!(
            s,
            "\"a<b>&\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001f\\u2028\\u2029é☃\""
        );
    }

    #[test]
    fn strings_without_escapes_are_copied_whole() {
        // Plain text is copied whole; "€", "☃", U+2027 and U+202A start with the byte 0xE2,
        // so they go through the escaping loop, which must leave them as they are.
        for plain in ["", "abc-123 é", "€ ☃ \u{2027}\u{202a}"] {
            let mut s = String::new();
            enc_str(&mut s, plain);
            assert_eq!(s, format!("\"{plain}\""));
        }
        let mut s = String::new();
        enc_str(&mut s, "€\u{2028}x");
        assert_eq!(s, "\"€\\u2028x\"");
    }

    #[test]
    fn fields_found_by_the_walk_and_by_the_case_blind_search() {
        // "id" is not met by the walk over exact keys and is found as Go's decoder finds it;
        // "Zzz" is no field; the fields around them are met in order.
        let body = json!([{"id": "a", "Name": "n", "Type": "batch", "Zzz": 1}]);
        let out = to_json("[]*JobListStub", &body);
        assert!(out.contains("\"ID\": \"a\""), "{out}");
        assert!(out.contains("\"Name\": \"n\""), "{out}");
        assert!(out.contains("\"Type\": \"batch\""), "{out}");
        assert!(!out.contains("Zzz"), "{out}");
    }

    #[test]
    fn nested_structs_and_maps() {
        let body = json!([{"ID": "a", "JobSummary": {"Summary": {"web": {"Running": 2}}}}]);
        let out = to_json("[]*JobListStub", &body);
        assert!(out.starts_with("[\n    {\n"));
        assert!(out.ends_with("\n    }\n]"));
        assert!(out.contains("\"Running\": 2,"), "{out}");
        assert!(out.contains("\"Failed\": 0,"));
        // map[string]*Struct
        let out = to_json(
            "map[string]*TaskGroupSummary",
            &json!({"b": {"Queued": 1}, "a": null}),
        );
        assert!(
            out.starts_with("{\n    \"a\": null,\n    \"b\": {\n"),
            "{out}"
        );
    }

    #[test]
    fn null_and_empty() {
        assert_eq!(to_json("*Node", &Value::Null), "null");
        assert_eq!(to_json("[]*JobListStub", &json!([])), "[]");
        assert_eq!(to_json("[]*JobListStub", &Value::Null), "null");
        assert_eq!(to_json("map[string]string", &json!({})), "{}");
        let out = to_json(
            "*JobListStub",
            &json!({"Datacenters": [], "JobSummary": null}),
        );
        assert!(out.contains("\"Datacenters\": [],"));
        assert!(out.contains("\"JobSummary\": null,"));
    }

    #[test]
    fn non_pointer_struct_zero() {
        // Evaluation has no non-pointer struct; JobJson's pointers stay null.
        let out = to_json("[]JobJson", &json!([{}]));
        assert!(out.contains("\"Summary\": null"), "{out}");
        assert!(out.contains("\"Allocations\": null"));
        // AgentMember is a plain struct inside AgentSelf.member
        let out = to_json("AgentSelf", &json!({}));
        assert!(
            out.contains("\"member\": {\n        \"Addr\": \"\""),
            "{out}"
        );
    }

    #[test]
    fn wrong_types_do_not_panic() {
        let out = to_json(
            "*JobListStub",
            &json!({"Priority": "high", "Name": 5, "Stop": "x"}),
        );
        assert!(out.contains("\"Priority\": 0"));
        assert!(out.contains("\"Name\": \"\""));
        assert!(out.contains("\"Stop\": false"));
        let _ = to_json("*Node", &json!([1, 2]));
        let _ = to_json("[]*Node", &json!({"a": 1}));
        let _ = to_json("NoSuchType", &json!({"b": 1.5, "a": 1}));
    }

    #[test]
    fn untyped() {
        assert_eq!(
            to_json_untyped(&json!({"b": [1, 2.5], "a": {}, "c": "<&>"})),
            "{\n    \"a\": {},\n    \"b\": [\n        1,\n        2.5\n    ],\n    \"c\": \"<&>\"\n}"
        );
    }

    #[test]
    fn case_insensitive_fields() {
        let out = to_json("*JobListStub", &json!({"name": "x"}));
        assert!(out.contains("\"Name\": \"x\""));
    }

    #[test]
    fn template_shape() {
        let v = shape_for_template(
            "*ACLAuthMethod",
            &json!({"Name": "x", "MaxTokenTTL": 5400000000000i64,
                    "CreateTime": "2024-03-01T10:20:30.5Z"}),
        );
        assert_eq!(v["Name"], "x");
        assert_eq!(v["Type"], "");
        assert_eq!(v["Default"], false);
        assert_eq!(v["MaxTokenTTL"], "1h30m0s");
        assert_eq!(v["CreateTime"], "2024-03-01 10:20:30.5 +0000 UTC");
        assert_eq!(v["ModifyTime"], "0001-01-01 00:00:00 +0000 UTC");
        assert_eq!(v["Config"], Value::Null);
        assert_eq!(v[STRUCT_MARKER], "ACLAuthMethod");
        let v = shape_for_template("AgentSelf", &json!({"config": {"Port": 4646}}));
        assert!(v["Config"]["Port"].is_f64());
        assert!(v["Stats"].is_object());
    }
}
