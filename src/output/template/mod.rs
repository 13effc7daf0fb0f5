//! Nomad-compatible `-t` output: rnomad's own Go `text/template` engine with Go's built-ins
//! and sprig v3.3.0's functions under `sprig_` names, as Nomad v1.10.5 registers them.
//!
//! The engine follows Go 1.26's `text/template`, `fmt` and sprig byte for byte where a script
//! can see it (outputs, `%T`, error texts with positions); a recorded corpus of the real
//! Nomad CLI's outputs holds it to that (`tests/template_corpus.rs`). The data is the Go value
//! Nomad's api client decodes from the server's JSON ([`value::decode`]), so `-t` sees the
//! same pointers, nil maps and types as Nomad's.

mod api_methods;
mod exec;
mod funcs;
pub mod gofmt;
pub mod gotime;
mod lex;
mod methods;
mod parse;
mod sprig;
pub(crate) use sprig::go_json_error;
pub mod strconv;
/// Go's Unicode predicates live in the Go-compatibility leaf; the engine reads them there.
pub use crate::gocompat::unicode;
pub mod value;

pub use value::Value;

/// Renders `tmpl` against JSON data as Go sees it after decoding into `interface{}`
/// (objects are `map[string]interface {}`, numbers `float64`).
pub fn render(tmpl: &str, data: &serde_json::Value) -> Result<String, String> {
    render_value(tmpl, &value::untyped(data))
}

/// Renders `tmpl` against the server's JSON `body` decoded as the Go api type `type_expr`
/// (`*Job`, `[]*AllocationListStub`, `AgentSelf`), as Nomad's `-t` does.
pub fn render_as(tmpl: &str, type_expr: &str, body: &serde_json::Value) -> Result<String, String> {
    let data = value::decode(&value::api_type(type_expr), Some(body));
    render_value(tmpl, &data)
}

/// Parses and executes `tmpl` on `data`. Errors are Go's texts (`template: :1: function
/// "foo" not defined`, `template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in
/// type *api.Job`).
pub fn render_value(tmpl: &str, data: &Value) -> Result<String, String> {
    let has_function = |name: &str| funcs::find(name).is_some();
    let set = parse::parse(tmpl, &has_function)?;
    exec::execute(&set, tmpl, data)
}
