//! The `context` commands (rnomad's own): named connection settings, stored by
//! `crate::contexts`. The renderers here are pure; each command file loads, changes and saves.

pub mod delete;
pub mod list;
pub mod rename;
pub mod set;
pub mod show;
pub mod use_context;

use serde_json::Value;

use crate::contexts::{Context, Store};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::{format_kv, format_simple};

/// The stored contexts, or `None` after printing why they cannot be read.
fn load(ctx: &mut Ctx) -> Option<Store> {
    match Store::load(&ctx.env) {
        Ok(s) => Some(s),
        Err(e) => {
            ctx.ui.error(&format!("Error loading contexts: {e}"));
            None
        }
    }
}

/// Saves the contexts, or prints why not: the exit code either way.
fn save(ctx: &mut Ctx, store: &Store) -> Result<(), i32> {
    store.save(&ctx.env).map(|_| ()).map_err(|e| {
        ctx.ui.error(&format!("Error saving contexts: {e}"));
        1
    })
}

/// The one name a command takes, or its usage error.
fn one_name<'a>(ctx: &mut Ctx, args: &'a [String], command: &str) -> Result<&'a str, i32> {
    match args {
        [name] => Ok(name),
        _ => Err(super::common::usage_error(
            ctx,
            "This command takes one argument: <name>",
            command,
        )),
    }
}

/// The error for a name `context set` and `context rename` refuse.
fn invalid_name(name: &str) -> String {
    format!(
        "Invalid context name {}: use letters, digits, '.', '_' and '-', not starting with '-'",
        quote(name)
    )
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "<none>"
    } else {
        s
    }
}

/// The token column: where the token comes from, never the token.
fn token_of(c: &Context) -> String {
    c.token
        .as_ref()
        .map(|t| t.describe())
        .unwrap_or_else(|| "<none>".to_string())
}

/// The `context list` table, `*` marking the context in use.
pub fn list_table(store: &Store, in_use: Option<&str>) -> String {
    if store.contexts.is_empty() {
        return "No contexts found".to_string();
    }
    let mut rows = vec!["Current|Name|Address|Region|Namespace|Token".to_string()];
    for (name, c) in &store.contexts {
        let mark = if Some(name.as_str()) == in_use {
            "*"
        } else {
            ""
        };
        rows.push(format!(
            "{mark}|{name}|{}|{}|{}|{}",
            or_none(&c.address),
            or_none(&c.region),
            or_none(&c.namespace),
            token_of(c)
        ));
    }
    // The mark's column is blank for the others (formatList would print <none>).
    format_simple(&rows)
}

/// The `context show` view.
pub fn show_kv(name: &str, c: &Context) -> String {
    let rows = [
        ("Name", name.to_string()),
        ("Address", or_none(&c.address).to_string()),
        ("Region", or_none(&c.region).to_string()),
        ("Namespace", or_none(&c.namespace).to_string()),
        ("CA Cert", or_none(&c.ca_cert).to_string()),
        ("CA Path", or_none(&c.ca_path).to_string()),
        ("Client Cert", or_none(&c.client_cert).to_string()),
        ("Client Key", or_none(&c.client_key).to_string()),
        ("TLS Server Name", or_none(&c.tls_server_name).to_string()),
        ("TLS Skip Verify", c.tls_skip_verify.to_string()),
        ("Token", token_of(c)),
    ];
    let rows: Vec<String> = rows.iter().map(|(k, v)| format!("{k}|{v}")).collect();
    format_kv(&rows)
}

/// A context as `-json` prints it: the stored settings, with its name and whether it is in use.
pub fn json_of(name: &str, c: &Context, in_use: bool) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or_default();
    if let Value::Object(m) = &mut v {
        m.insert("name".into(), Value::from(name));
        m.insert("current".into(), Value::from(in_use));
    }
    v
}

/// The `NOMAD_*` variables set in this shell that win over the context's settings: said when a
/// context is shown or put to use, so nobody wonders why it seems ignored.
fn overridden(ctx: &Ctx, c: &Context) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = c
        .variables()
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| ctx.env.value(k).is_some())
        .collect();
    if c.token.is_some() && ctx.env.value("NOMAD_TOKEN").is_some() {
        out.push("NOMAD_TOKEN");
    }
    out
}

fn warn_overridden(ctx: &mut Ctx, c: &Context) {
    let vars = overridden(ctx, c);
    if !vars.is_empty() {
        ctx.ui.warn(&format!(
            "Note: {} set in this environment, which wins over the context",
            vars.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contexts::TokenSource;

    fn store() -> Store {
        let mut s = Store::default();
        s.contexts.insert(
            "prod".into(),
            Context {
                address: "https://prod.example:4646".into(),
                region: "eu".into(),
                token: Some(TokenSource::Command("pass show nomad".into())),
                ..Context::default()
            },
        );
        s.contexts.insert("dev".into(), Context::default());
        s
    }

    #[test]
    fn list_marks_the_context_in_use() {
        assert_eq!(
            list_table(&store(), Some("prod")),
            "Current  Name  Address                    Region  Namespace  Token\n\
             \x20        dev   <none>                     <none>  <none>     <none>\n\
             *        prod  https://prod.example:4646  eu      <none>     command pass show nomad"
        );
        assert_eq!(list_table(&Store::default(), None), "No contexts found");
    }

    #[test]
    fn show_never_prints_a_token() {
        let s = store();
        let out = show_kv("prod", &s.contexts["prod"]);
        assert!(
            out.starts_with(
                "Name            = prod\nAddress         = https://prod.example:4646\n"
            ),
            "{out}"
        );
        assert!(
            out.ends_with("TLS Skip Verify = false\nToken           = command pass show nomad"),
            "{out}"
        );
        let j = json_of("prod", &s.contexts["prod"], true);
        assert_eq!(j["token"]["command"], "pass show nomad");
        assert_eq!(j["current"], true);
        assert_eq!(j.get("namespace"), None);
    }
}
