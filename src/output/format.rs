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
            DataFormat::Template(t) => {
                let data = super::json::shape_for_template(type_expr, body);
                super::template::render(t, &data).map_err(|e| {
                    format!(
                        "Error formatting the data: {}",
                        name_root_list(&e, type_expr)
                    )
                })
            }
        }
    }
}

/// A field asked of the top-level list names the list's Go type, as Go's error does
/// (`can't evaluate field Nope in type []command.JobJson`); the template engine only knows
/// it is a list.
fn name_root_list(err: &str, type_expr: &str) -> String {
    let Some(elem) = type_expr.strip_prefix("[]") else {
        return err.to_string();
    };
    let go_type = match elem.strip_prefix('*') {
        Some(name) => format!("[]*api.{name}"),
        None if elem == "JobJson" => "[]command.JobJson".to_string(),
        None => format!("[]api.{elem}"),
    };
    err.replace("in type []interface {}", &format!("in type {go_type}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_list_type_is_named() {
        assert_eq!(
            name_root_list(
                "at <.Nope>: can't evaluate field Nope in type []interface {}",
                "[]JobJson"
            ),
            "at <.Nope>: can't evaluate field Nope in type []command.JobJson"
        );
        assert_eq!(
            name_root_list("x in type []interface {}", "[]*NodeListStub"),
            "x in type []*api.NodeListStub"
        );
        assert_eq!(
            name_root_list("in type []interface {}", "*Node"),
            "in type []interface {}"
        );
    }
}
