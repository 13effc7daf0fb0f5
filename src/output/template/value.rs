//! Go values as `text/template` sees them through reflection. Every value carries its Go type,
//! because templates can see it: `printf "%T"`, `eq` refusing `*int` against `int`, a nil
//! pointer field printing `<nil>` while a nil map prints `map[]`, `if` on a `*bool` testing the
//! pointer, not the bool. Values of the Nomad api structs are decoded from the server's JSON
//! the way the Go api client's `encoding/json` does (see [`decode`]).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

/// reflect's kinds, as far as Go templates can meet them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Invalid,
    Bool,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Float32,
    Float64,
    Complex64,
    Complex128,
    String,
    Slice,
    Map,
    Struct,
    Ptr,
    Interface,
    Func,
}

impl Kind {
    pub fn is_int(self) -> bool {
        matches!(
            self,
            Kind::Int | Kind::Int8 | Kind::Int16 | Kind::Int32 | Kind::Int64
        )
    }
    pub fn is_uint(self) -> bool {
        matches!(
            self,
            Kind::Uint | Kind::Uint8 | Kind::Uint16 | Kind::Uint32 | Kind::Uint64 | Kind::Uintptr
        )
    }
    pub fn is_float(self) -> bool {
        matches!(self, Kind::Float32 | Kind::Float64)
    }
    pub fn is_complex(self) -> bool {
        matches!(self, Kind::Complex64 | Kind::Complex128)
    }
    /// Go's name of the predeclared type of this kind (and reflect's `Kind.String()`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Invalid => "invalid",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Int8 => "int8",
            Kind::Int16 => "int16",
            Kind::Int32 => "int32",
            Kind::Int64 => "int64",
            Kind::Uint => "uint",
            Kind::Uint8 => "uint8",
            Kind::Uint16 => "uint16",
            Kind::Uint32 => "uint32",
            Kind::Uint64 => "uint64",
            Kind::Uintptr => "uintptr",
            Kind::Float32 => "float32",
            Kind::Float64 => "float64",
            Kind::Complex64 => "complex64",
            Kind::Complex128 => "complex128",
            Kind::String => "string",
            Kind::Slice => "slice",
            Kind::Map => "map",
            Kind::Struct => "struct",
            Kind::Ptr => "ptr",
            Kind::Interface => "interface",
            Kind::Func => "func",
        }
    }
    /// Bit size of a sized number kind (`int`/`uint` are 64-bit).
    pub fn bits(self) -> u32 {
        match self {
            Kind::Int8 | Kind::Uint8 => 8,
            Kind::Int16 | Kind::Uint16 => 16,
            Kind::Int32 | Kind::Uint32 | Kind::Float32 => 32,
            Kind::Complex64 => 64,
            Kind::Complex128 => 128,
            _ => 64,
        }
    }
}

/// A Go type.
#[derive(Clone, Debug)]
pub enum Type {
    /// A predeclared type: bool, the numbers, string.
    Basic(Kind),
    /// `interface {}`.
    Iface,
    /// `error`.
    Error,
    /// `reflect.Value`: what the comparison and indexing built-ins take.
    ReflectValue,
    Ptr(Arc<Type>),
    Slice(Arc<Type>),
    Map(Arc<Type>, Arc<Type>),
    /// A function; the text is its Go signature (`func(string) string`).
    Func(Arc<str>),
    Named(&'static Named),
}

impl PartialEq for Type {
    fn eq(&self, o: &Type) -> bool {
        match (self, o) {
            (Type::Basic(a), Type::Basic(b)) => a == b,
            (Type::Iface, Type::Iface)
            | (Type::Error, Type::Error)
            | (Type::ReflectValue, Type::ReflectValue) => true,
            (Type::Ptr(a), Type::Ptr(b)) | (Type::Slice(a), Type::Slice(b)) => a == b,
            (Type::Map(k1, v1), Type::Map(k2, v2)) => k1 == k2 && v1 == v2,
            (Type::Func(a), Type::Func(b)) => a == b,
            (Type::Named(a), Type::Named(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }
}

impl fmt::Display for Type {
    /// reflect's `Type.String()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Basic(k) => f.write_str(k.name()),
            Type::Iface => f.write_str("interface {}"),
            Type::Error => f.write_str("error"),
            Type::ReflectValue => f.write_str("reflect.Value"),
            Type::Ptr(t) => write!(f, "*{t}"),
            Type::Slice(t) => write!(f, "[]{t}"),
            Type::Map(k, v) => write!(f, "map[{k}]{v}"),
            Type::Func(sig) => f.write_str(sig),
            Type::Named(n) => f.write_str(&n.name),
        }
    }
}

pub const STRING: Type = Type::Basic(Kind::String);
pub const INT: Type = Type::Basic(Kind::Int);
pub const INT64: Type = Type::Basic(Kind::Int64);
pub const UINT64: Type = Type::Basic(Kind::Uint64);
pub const FLOAT64: Type = Type::Basic(Kind::Float64);
pub const BOOL: Type = Type::Basic(Kind::Bool);

impl Type {
    pub fn ptr(t: Type) -> Type {
        Type::Ptr(Arc::new(t))
    }
    pub fn slice(t: Type) -> Type {
        Type::Slice(Arc::new(t))
    }
    pub fn map(k: Type, v: Type) -> Type {
        Type::Map(Arc::new(k), Arc::new(v))
    }
    /// `[]interface {}`.
    pub fn any_slice() -> Type {
        Type::slice(Type::Iface)
    }
    /// `map[string]interface {}`.
    pub fn any_map() -> Type {
        Type::map(STRING, Type::Iface)
    }

    /// The type's underlying type (itself unless named).
    pub fn underlying(&self) -> &Type {
        match self {
            Type::Named(n) => match &n.under {
                Under::Type(t) => t,
                Under::Struct(_) => self,
            },
            t => t,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Type::Basic(k) => *k,
            Type::Iface | Type::Error => Kind::Interface,
            Type::ReflectValue => Kind::Struct,
            Type::Ptr(_) => Kind::Ptr,
            Type::Slice(_) => Kind::Slice,
            Type::Map(..) => Kind::Map,
            Type::Func(_) => Kind::Func,
            Type::Named(n) => match &n.under {
                Under::Type(t) => t.kind(),
                Under::Struct(_) => Kind::Struct,
            },
        }
    }

    /// Element type of a pointer, slice or map.
    pub fn elem(&self) -> Type {
        match self.underlying() {
            Type::Ptr(t) | Type::Slice(t) | Type::Map(_, t) => (**t).clone(),
            _ => Type::Iface,
        }
    }

    /// Key type of a map.
    pub fn key(&self) -> Type {
        match self.underlying() {
            Type::Map(k, _) => (**k).clone(),
            _ => STRING,
        }
    }

    /// Whether values of this type can be nil.
    pub fn can_be_nil(&self) -> bool {
        matches!(
            self.kind(),
            Kind::Ptr | Kind::Slice | Kind::Map | Kind::Interface | Kind::Func
        ) || matches!(self, Type::ReflectValue)
    }

    /// Whether this is a defined (named) type; Go's predeclared types count as named.
    fn is_defined(&self) -> bool {
        matches!(
            self,
            Type::Basic(_) | Type::Named(_) | Type::Error | Type::ReflectValue
        )
    }

    /// reflect's `AssignableTo`, for the types templates meet.
    pub fn assignable_to(&self, to: &Type) -> bool {
        if self == to {
            return true;
        }
        match to {
            Type::Iface => return true,
            Type::Error => return self.implements_error(),
            _ => {}
        }
        // Identical underlying types, one side not a defined type.
        (!self.is_defined() || !to.is_defined()) && self.underlying() == to.underlying()
    }

    fn implements_error(&self) -> bool {
        matches!(self, Type::Error)
    }

    /// Fields of a struct type, in declaration order.
    pub fn fields(&self) -> &'static [Field] {
        match self {
            Type::Named(n) => n.fields(),
            _ => &[],
        }
    }

    /// The named type's definition, if this is a named type.
    pub fn named(&self) -> Option<&'static Named> {
        match self {
            Type::Named(n) => Some(n),
            _ => None,
        }
    }
}

/// A named (defined) type: a Nomad api struct, `time.Time`, `time.Duration`, a sprig result.
pub struct Named {
    /// As Go prints it: `api.Job`, `time.Duration`.
    pub name: String,
    under: Under,
}

impl fmt::Debug for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

enum Under {
    Type(Type),
    /// Fields are resolved on first use: api structs refer to each other.
    Struct(StructDef),
}

struct StructDef {
    fields: OnceLock<Vec<Field>>,
    /// The api registry's struct name, when the fields come from there.
    api: Option<&'static str>,
}

/// A struct field.
#[derive(Debug)]
pub struct Field {
    pub name: String,
    pub ty: Type,
    pub embedded: bool,
    /// The key `encoding/json` reads it from; `None`: not decoded (unexported, or `json:"-"`).
    pub json_key: Option<String>,
    /// The tag says `omitempty`: `encoding/json` leaves the field out when it is empty.
    pub omitempty: bool,
}

impl Field {
    pub fn exported(&self) -> bool {
        self.name.starts_with(|c: char| c.is_uppercase())
    }
}

impl Named {
    pub fn fields(&'static self) -> &'static [Field] {
        match &self.under {
            Under::Type(_) => &[],
            Under::Struct(def) => def.fields.get_or_init(|| match def.api {
                Some(name) => api_fields(name),
                None => Vec::new(),
            }),
        }
    }

    pub fn is_struct(&self) -> bool {
        matches!(self.under, Under::Struct(_))
    }
}

fn leak_named(name: String, under: Under) -> &'static Named {
    Box::leak(Box::new(Named { name, under }))
}

/// A named type over `under` (for sprig's and Go's own named types).
pub fn new_named(name: &str, under: Type) -> &'static Named {
    leak_named(name.to_string(), Under::Type(under))
}

/// A named struct type with the given fields (name, type).
pub fn new_struct(name: &str, fields: Vec<(&str, Type)>) -> &'static Named {
    let fields: Vec<Field> = fields
        .into_iter()
        .map(|(n, ty)| Field {
            json_key: Some(n.to_string()),
            name: n.to_string(),
            ty,
            embedded: false,
            omitempty: false,
        })
        .collect();
    let def = StructDef {
        fields: OnceLock::from(fields),
        api: None,
    };
    leak_named(name.to_string(), Under::Struct(def))
}

/// Go's own named types that Nomad's data or sprig hand to templates.
pub struct GoTypes {
    pub time: &'static Named,
    pub duration: &'static Named,
    pub month: &'static Named,
    pub weekday: &'static Named,
    pub location: &'static Named,
}

pub fn go_types() -> &'static GoTypes {
    static T: OnceLock<GoTypes> = OnceLock::new();
    T.get_or_init(|| {
        let location = new_struct(
            "time.Location",
            vec![("name", STRING), ("zone", Type::Iface), ("tx", Type::Iface)],
        );
        GoTypes {
            time: new_struct(
                "time.Time",
                vec![
                    ("wall", UINT64),
                    ("ext", INT64),
                    ("loc", Type::ptr(Type::Named(location))),
                ],
            ),
            duration: new_named("time.Duration", INT64),
            month: new_named("time.Month", INT),
            weekday: new_named("time.Weekday", INT),
            location,
        }
    })
}

// ---------------------------------------------------------------------------
// The api registry's structs

struct ApiTypes {
    named: HashMap<&'static str, &'static Named>,
}

fn api_types() -> &'static ApiTypes {
    static T: OnceLock<ApiTypes> = OnceLock::new();
    T.get_or_init(|| {
        let mut named = HashMap::new();
        for name in crate::output::json::go_struct_names() {
            let go_name = if name == "JobJson" {
                "command.JobJson".to_string()
            } else {
                format!("api.{name}")
            };
            let def = StructDef {
                fields: OnceLock::new(),
                api: Some(name),
            };
            named.insert(name, leak_named(go_name, Under::Struct(def)));
        }
        // Named non-struct types refer to structs, so they come second.
        let mut pending: Vec<(&'static str, &'static str)> =
            crate::output::json::go_named_types().collect();
        pending.sort();
        let mut types = ApiTypes { named };
        for (name, under) in pending {
            let ty = types.parse(under);
            let n = leak_named(format!("api.{name}"), Under::Type(ty));
            types.named.insert(name, n);
        }
        types
    })
}

fn api_fields(struct_name: &str) -> Vec<Field> {
    let types = api_types();
    let Some(raw) = crate::output::json::go_struct_fields(struct_name) else {
        return Vec::new();
    };
    raw.iter()
        .map(|f| {
            let ty = types.parse(&f.ty);
            let exported = f.name.starts_with(|c: char| c.is_uppercase());
            let json_key = match json_tag(&f.tag) {
                Some("-") => None,
                Some(k) if !k.is_empty() => exported.then(|| k.to_string()),
                _ => exported.then(|| f.name.clone()),
            };
            Field {
                name: f.name.clone(),
                ty,
                embedded: f.embedded,
                json_key,
                omitempty: json_omitempty(&f.tag),
            }
        })
        .collect()
}

/// Whether a `json:"…"` tag has the `omitempty` option.
fn json_omitempty(tag: &str) -> bool {
    let Some(at) = tag.find("json:\"") else {
        return false;
    };
    let rest = &tag[at + 6..];
    let end = rest.find('"').unwrap_or(rest.len());
    rest[..end].split(',').skip(1).any(|o| o == "omitempty")
}

/// The name part of a `json:"…"` tag.
fn json_tag(tag: &str) -> Option<&str> {
    let at = tag.find("json:\"")? + 6;
    let rest = &tag[at..];
    let end = rest.find('"')?;
    Some(rest[..end].split(',').next().unwrap_or(""))
}

impl ApiTypes {
    /// Parses a Go type as written in the api package.
    fn parse(&self, t: &str) -> Type {
        let t = t.trim();
        if let Some(rest) = t.strip_prefix('*') {
            return Type::ptr(self.parse(rest));
        }
        if let Some(rest) = t.strip_prefix("[]") {
            return Type::slice(self.parse(rest));
        }
        if let Some(rest) = t.strip_prefix("map[") {
            let mut depth = 1;
            for (i, c) in rest.char_indices() {
                match c {
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Type::map(self.parse(&rest[..i]), self.parse(&rest[i + 1..]));
                        }
                    }
                    _ => {}
                }
            }
            return Type::Iface;
        }
        if let Some(k) = basic_kind(t) {
            return Type::Basic(k);
        }
        match t {
            "interface{}" | "any" => Type::Iface,
            "error" => Type::Error,
            "time.Time" => Type::Named(go_types().time),
            "time.Duration" => Type::Named(go_types().duration),
            _ => match self.named.get(t.strip_prefix("api.").unwrap_or(t)) {
                Some(n) => Type::Named(n),
                // Client-side plumbing (http.Header, context.Context, channels): never data.
                None => Type::Iface,
            },
        }
    }
}

fn basic_kind(t: &str) -> Option<Kind> {
    Some(match t {
        "bool" => Kind::Bool,
        "int" => Kind::Int,
        "int8" => Kind::Int8,
        "int16" => Kind::Int16,
        "int32" | "rune" => Kind::Int32,
        "int64" => Kind::Int64,
        "uint" => Kind::Uint,
        "uint8" | "byte" => Kind::Uint8,
        "uint16" => Kind::Uint16,
        "uint32" => Kind::Uint32,
        "uint64" => Kind::Uint64,
        "uintptr" => Kind::Uintptr,
        "float32" => Kind::Float32,
        "float64" => Kind::Float64,
        "complex64" => Kind::Complex64,
        "complex128" => Kind::Complex128,
        "string" => Kind::String,
        _ => return None,
    })
}

/// The Go type for a type expression naming api types (`*Job`, `[]*NodeListStub`,
/// `AgentSelf`, `[]JobJson`).
pub fn api_type(expr: &str) -> Type {
    api_types().parse(expr)
}

// ---------------------------------------------------------------------------
// Values

/// The shared, mutable contents of a Go map (sprig's `set` and `merge` change maps in place).
pub type MapRef = Rc<RefCell<BTreeMap<Rc<str>, Value>>>;

/// A Go value.
#[derive(Clone)]
pub enum Value {
    /// reflect's zero `Value`: no value at all (a missing map key, a nil interface unpacked).
    Invalid,
    /// A nil pointer, slice, map, interface or function of the given type.
    Nil(Type),
    Bool(bool, Type),
    Int(i64, Type),
    Uint(u64, Type),
    Float(f64, Type),
    Complex(f64, f64, Type),
    Str(Rc<str>, Type),
    Slice(Rc<Vec<Value>>, Type),
    Map(MapRef, Type),
    /// A struct: fields in declaration order.
    Struct(Rc<Vec<Value>>, Type),
    /// A non-nil pointer to the value.
    Ptr(Rc<Value>, Type),
    /// A `time.Time`.
    Time(Rc<super::gotime::Time>),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", super::gofmt::sprint_v(self))
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s), STRING)
    }
    pub fn string(s: String) -> Value {
        Value::Str(Rc::from(s), STRING)
    }
    pub fn int(i: i64) -> Value {
        Value::Int(i, INT)
    }
    pub fn int64(i: i64) -> Value {
        Value::Int(i, INT64)
    }
    pub fn float(f: f64) -> Value {
        Value::Float(f, FLOAT64)
    }
    pub fn bool(b: bool) -> Value {
        Value::Bool(b, BOOL)
    }
    /// A `[]interface {}`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::Slice(Rc::new(items), Type::any_slice())
    }
    /// A `[]string`.
    pub fn strings(items: Vec<String>) -> Value {
        Value::Slice(
            Rc::new(items.into_iter().map(Value::string).collect()),
            Type::slice(STRING),
        )
    }
    /// A map of the given map type.
    pub fn map_of(m: BTreeMap<Rc<str>, Value>, ty: Type) -> Value {
        Value::Map(Rc::new(RefCell::new(m)), ty)
    }
    /// A `map[string]interface {}`.
    pub fn dict(m: BTreeMap<Rc<str>, Value>) -> Value {
        Value::map_of(m, Type::any_map())
    }
    /// A nil `interface {}`.
    pub fn nil() -> Value {
        Value::Nil(Type::Iface)
    }

    pub fn is_valid(&self) -> bool {
        !matches!(self, Value::Invalid)
    }

    /// The value's Go type (`interface {}` for the invalid value).
    pub fn ty(&self) -> Type {
        match self {
            Value::Invalid => Type::Iface,
            Value::Nil(t)
            | Value::Bool(_, t)
            | Value::Int(_, t)
            | Value::Uint(_, t)
            | Value::Float(_, t)
            | Value::Complex(_, _, t)
            | Value::Str(_, t)
            | Value::Slice(_, t)
            | Value::Map(_, t)
            | Value::Struct(_, t)
            | Value::Ptr(_, t) => t.clone(),
            Value::Time(_) => Type::Named(go_types().time),
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Value::Invalid => Kind::Invalid,
            v => v.ty().kind(),
        }
    }

    /// Whether this is a nil pointer, map, slice, interface or function.
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil(_))
    }

    /// reflect's `indirectInterface`: a nil interface becomes the invalid value.
    pub fn indirect_interface(self) -> Value {
        match self {
            Value::Nil(Type::Iface) | Value::Nil(Type::Error) => Value::Invalid,
            v => v,
        }
    }

    /// text/template's `indirect`: through pointers to the value; stops at a nil pointer
    /// (returned with `true`).
    pub fn indirect(&self) -> (Value, bool) {
        let mut v = self.clone();
        loop {
            match v {
                Value::Ptr(inner, _) => v = (*inner).clone(),
                Value::Nil(ref t) if matches!(t.kind(), Kind::Ptr | Kind::Interface) => {
                    return (v, true)
                }
                other => return (other, false),
            }
        }
    }

    /// `Len()` of a string, slice or map.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> Option<usize> {
        match self {
            Value::Str(s, _) => Some(s.len()),
            Value::Slice(l, _) => Some(l.len()),
            Value::Map(m, _) => Some(m.borrow().len()),
            Value::Nil(t) if matches!(t.kind(), Kind::Slice | Kind::Map) => Some(0),
            _ => None,
        }
    }

    /// Elements of a slice (a nil slice has none).
    pub fn items(&self) -> Option<Rc<Vec<Value>>> {
        match self {
            Value::Slice(l, _) => Some(l.clone()),
            Value::Nil(t) if t.kind() == Kind::Slice => Some(Rc::new(Vec::new())),
            _ => None,
        }
    }

    /// Entries of a map, sorted by key (a nil map has none).
    pub fn entries(&self) -> Option<Vec<(Rc<str>, Value)>> {
        match self {
            Value::Map(m, _) => Some(
                m.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            Value::Nil(t) if t.kind() == Kind::Map => Some(Vec::new()),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// A struct's field by name, Go's `FieldByName`: declared fields first, then the fields
    /// promoted from embedded structs.
    pub fn field(&self, name: &str) -> Option<Value> {
        let Value::Struct(vals, ty) = self else {
            return None;
        };
        let fields = ty.fields();
        if let Some(i) = fields.iter().position(|f| f.name == name) {
            return vals.get(i).cloned();
        }
        for (i, f) in fields.iter().enumerate() {
            if f.embedded {
                let inner = match vals.get(i) {
                    Some(Value::Ptr(p, _)) => (**p).clone(),
                    Some(v) => v.clone(),
                    None => continue,
                };
                if let Some(v) = inner.field(name) {
                    return Some(v);
                }
            }
        }
        None
    }

    /// The zero value of a type.
    pub fn zero(ty: &Type) -> Value {
        match ty.kind() {
            Kind::Invalid => Value::Invalid,
            Kind::Bool => Value::Bool(false, ty.clone()),
            k if k.is_int() => Value::Int(0, ty.clone()),
            k if k.is_uint() => Value::Uint(0, ty.clone()),
            k if k.is_float() => Value::Float(0.0, ty.clone()),
            k if k.is_complex() => Value::Complex(0.0, 0.0, ty.clone()),
            Kind::String => Value::Str(Rc::from(""), ty.clone()),
            Kind::Struct if matches!(ty, Type::ReflectValue) => Value::Invalid,
            Kind::Struct => {
                if let Type::Named(n) = ty {
                    if std::ptr::eq(*n, go_types().time) {
                        return Value::Time(Rc::new(super::gotime::Time::zero()));
                    }
                }
                Value::Struct(
                    Rc::new(ty.fields().iter().map(|f| Value::zero(&f.ty)).collect()),
                    ty.clone(),
                )
            }
            _ => Value::Nil(ty.clone()),
        }
    }
}

// ---------------------------------------------------------------------------
// Decoding JSON the way encoding/json fills Go values

/// Decodes `body` into a value of the Go type `ty`, as Nomad's api client does
/// (`encoding/json`): JSON `null` and absent keys leave zero values (nil pointers, slices and
/// maps), keys match field names case-insensitively, numbers in `interface{}` are `float64`.
pub fn decode(ty: &Type, body: Option<&serde_json::Value>) -> Value {
    use serde_json::Value as J;
    let body = match body {
        None | Some(J::Null) => return Value::zero(ty),
        Some(b) => b,
    };
    match ty.kind() {
        Kind::Interface => untyped(body),
        Kind::Ptr => Value::Ptr(Rc::new(decode(&ty.elem(), Some(body))), ty.clone()),
        Kind::Bool => Value::Bool(body.as_bool().unwrap_or(false), ty.clone()),
        k if k.is_int() => {
            let n = body.as_i64().or_else(|| {
                body.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
                    .map(|f| f as i64)
            });
            Value::Int(wrap_int(n.unwrap_or(0), k), ty.clone())
        }
        k if k.is_uint() => {
            let n = body
                .as_u64()
                .or_else(|| body.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64));
            Value::Uint(wrap_uint(n.unwrap_or(0), k), ty.clone())
        }
        k if k.is_float() => {
            let f = body.as_f64().unwrap_or(0.0);
            let f = if k == Kind::Float32 {
                f as f32 as f64
            } else {
                f
            };
            Value::Float(f, ty.clone())
        }
        Kind::String => match body {
            J::String(s) => Value::Str(Rc::from(s.as_str()), ty.clone()),
            _ => Value::zero(ty),
        },
        Kind::Slice => {
            let elem = ty.elem();
            match body {
                // []byte travels as base64 text.
                J::String(s) if elem.kind() == Kind::Uint8 => {
                    let bytes = super::sprig::encoding::base64_decode(s).unwrap_or_default();
                    Value::Slice(
                        Rc::new(
                            bytes
                                .into_iter()
                                .map(|b| Value::Uint(b as u64, elem.clone()))
                                .collect(),
                        ),
                        ty.clone(),
                    )
                }
                J::Array(a) => Value::Slice(
                    Rc::new(a.iter().map(|x| decode(&elem, Some(x))).collect()),
                    ty.clone(),
                ),
                _ => Value::zero(ty),
            }
        }
        Kind::Map => match body {
            J::Object(m) => {
                let elem = ty.elem();
                let map = m
                    .iter()
                    .map(|(k, v)| (Rc::from(k.as_str()), decode(&elem, Some(v))))
                    .collect();
                Value::map_of(map, ty.clone())
            }
            _ => Value::zero(ty),
        },
        Kind::Struct => {
            if let Type::Named(n) = ty {
                if std::ptr::eq(*n, go_types().time) {
                    return match body.as_str().and_then(super::gotime::Time::parse_rfc3339) {
                        Some(t) => Value::Time(Rc::new(t)),
                        None => Value::zero(ty),
                    };
                }
            }
            match body {
                J::Object(obj) => decode_struct(ty, obj),
                _ => Value::zero(ty),
            }
        }
        _ => Value::zero(ty),
    }
}

fn decode_struct(ty: &Type, obj: &serde_json::Map<String, serde_json::Value>) -> Value {
    let vals = ty
        .fields()
        .iter()
        .map(|f| {
            if f.embedded && f.json_key.as_deref() == Some(f.name.as_str()) {
                // An untagged embedded struct reads its fields from the same object.
                return match f.ty.kind() {
                    Kind::Ptr => {
                        Value::Ptr(Rc::new(decode_struct(&f.ty.elem(), obj)), f.ty.clone())
                    }
                    _ => decode_struct(&f.ty, obj),
                };
            }
            let v = f.json_key.as_deref().and_then(|k| lookup(obj, k));
            decode(&f.ty, v)
        })
        .collect();
    Value::Struct(Rc::new(vals), ty.clone())
}

/// encoding/json's key matching: exact first, then case-insensitive.
fn lookup<'a>(
    obj: &'a serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Option<&'a serde_json::Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn wrap_int(n: i64, k: Kind) -> i64 {
    match k {
        Kind::Int8 => n as i8 as i64,
        Kind::Int16 => n as i16 as i64,
        Kind::Int32 => n as i32 as i64,
        _ => n,
    }
}

fn wrap_uint(n: u64, k: Kind) -> u64 {
    match k {
        Kind::Uint8 => n as u8 as u64,
        Kind::Uint16 => n as u16 as u64,
        Kind::Uint32 => n as u32 as u64,
        _ => n,
    }
}

/// JSON as `encoding/json` decodes it into `interface{}`: `float64`, `string`, `bool`,
/// `[]interface {}`, `map[string]interface {}`, nil.
pub fn untyped(v: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match v {
        J::Null => Value::nil(),
        J::Bool(b) => Value::bool(*b),
        J::Number(n) => Value::float(n.as_f64().unwrap_or(0.0)),
        J::String(s) => Value::str(s),
        J::Array(a) => Value::list(a.iter().map(untyped).collect()),
        J::Object(m) => Value::dict(
            m.iter()
                .map(|(k, x)| (Rc::from(k.as_str()), untyped(x)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn type_names() {
        assert_eq!(api_type("*Job").to_string(), "*api.Job");
        assert_eq!(api_type("[]JobJson").to_string(), "[]command.JobJson");
        assert_eq!(
            api_type("map[string][]string").to_string(),
            "map[string][]string"
        );
        assert_eq!(
            api_type("map[string]any").to_string(),
            "map[string]interface {}"
        );
        let job = api_type("Job");
        let prio = job.fields().iter().find(|f| f.name == "Priority");
        assert_eq!(prio.map(|f| f.ty.to_string()).as_deref(), Some("*int"));
        let upd = api_type("UpdateStrategy");
        let st = upd.fields().iter().find(|f| f.name == "Stagger");
        assert_eq!(
            st.map(|f| f.ty.to_string()).as_deref(),
            Some("*time.Duration")
        );
    }

    #[test]
    fn decoding() {
        let v = decode(
            &api_type("*Job"),
            Some(&json!({"ID": "web", "priority": 50, "Meta": null, "Datacenters": ["a"]})),
        );
        let Value::Ptr(job, _) = v else {
            panic!("not a pointer")
        };
        assert!(matches!(job.field("ID"), Some(Value::Ptr(..))));
        assert!(
            matches!(job.field("Priority"), Some(Value::Ptr(p, _)) if matches!(*p, Value::Int(50, _)))
        );
        assert!(matches!(job.field("Meta"), Some(Value::Nil(_))));
        assert!(matches!(job.field("Stop"), Some(Value::Nil(_))));
        assert_eq!(job.field("Datacenters").and_then(|d| d.len()), Some(1));
    }
}
