//! `-json` / `-t` output, as Nomad's `Format(json, template, data)`.

use serde_json::Value;

use super::gotype::GoType;

/// Which data format a command was asked for, if any.
pub enum DataFormat<'a> {
    Json,
    Template(&'a str),
}

impl<'a> DataFormat<'a> {
    /// Nomad's `DataFormat` choice; both at once is an error. An empty template counts as none.
    pub fn choose(json: bool, tmpl: &'a str) -> Result<Option<DataFormat<'a>>, String> {
        match (json, tmpl.is_empty()) {
            (true, false) => Err("Both json and template formatting are not allowed".into()),
            (true, true) => Ok(Some(DataFormat::Json)),
            (false, false) => Ok(Some(DataFormat::Template(tmpl))),
            (false, true) => Ok(None),
        }
    }

    /// Renders `body` as the Go type `ty`.
    pub fn render(&self, ty: GoType, body: &Value) -> Result<String, String> {
        let type_expr = ty.expr();
        match self {
            DataFormat::Json => Ok(super::json::to_json(type_expr, body)),
            DataFormat::Template(t) => super::template::render_as(t, type_expr, body)
                .map_err(|e| format!("Error formatting the data: {e}")),
        }
    }
}
