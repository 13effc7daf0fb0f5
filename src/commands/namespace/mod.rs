//! The `namespace` commands.

pub mod apply;
pub mod delete;
pub mod inspect;
pub mod list;
pub mod status;

use serde_json::Value;

use crate::api::{Client, QueryOptions};
use crate::gocompat::strconv::quote;
use crate::output::format_list;

/// A string field of an API object ("" when absent).
fn str_of<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_default()
}

/// `formatNamespaces`: the namespaces sorted by name, or Nomad's line for none.
pub fn namespace_table(namespaces: &[Value]) -> String {
    if namespaces.is_empty() {
        return "No namespaces found".into();
    }
    let mut sorted: Vec<&Value> = namespaces.iter().collect();
    sorted.sort_by(|a, b| str_of(a, "Name").cmp(str_of(b, "Name")));
    let mut rows = vec!["Name|Description".to_string()];
    for ns in sorted {
        rows.push(format!(
            "{}|{}",
            str_of(ns, "Name"),
            str_of(ns, "Description")
        ));
    }
    format_list(&rows)
}

/// What a prefix names: one namespace, or the several it matches.
pub enum Found {
    One(Value),
    Several(Vec<Value>),
}

/// `getNamespace`: the namespace a prefix names (an exact name wins among several), or the
/// error text Nomad prints after "Error retrieving namespaces: ".
pub async fn by_prefix(client: &Client, prefix: &str) -> Result<Found, String> {
    let (body, _) = client
        .namespaces(&QueryOptions::new().prefix(prefix))
        .await
        .map_err(|e| e.to_string())?;
    let list = match body {
        Value::Array(a) => a,
        _ => Vec::new(),
    };
    match list.len() {
        0 => Err(format!("Namespace {} matched no namespaces", quote(prefix))),
        1 => Ok(Found::One(list.into_iter().next().unwrap_or_default())),
        _ => match list.iter().find(|n| str_of(n, "Name") == prefix) {
            Some(n) => Ok(Found::One(n.clone())),
            None => Ok(Found::Several(list)),
        },
    }
}

/// The lookup `status` and `inspect` start with: the namespace, or the error printed (exit 1).
pub async fn resolve(
    ctx: &mut crate::ctx::Ctx,
    client: &Client,
    prefix: &str,
) -> Result<Value, i32> {
    match by_prefix(client, prefix).await {
        Ok(Found::One(ns)) => Ok(ns),
        Ok(Found::Several(list)) => {
            ctx.ui.error(&format!(
                "Prefix matched multiple namespaces\n\n{}",
                namespace_table(&list)
            ));
            Err(1)
        }
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving namespaces: {e}"));
            Err(1)
        }
    }
}
