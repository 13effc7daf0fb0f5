//! How the `var` commands show variables: the list table, one variable as a table, as HCL,
//! as Go's `encoding/json` with a two-space indent, and the check-and-set conflict message.

use crate::api::vars::{Variable, VariableMetadata};
use crate::gocompat::strconv::quote;
use crate::gocompat::wordwrap::reflow_wrap;
use crate::output::template::gotime::{Loc, Time};
use crate::output::time::format_unix_nano;
use crate::output::{format_kv, format_list};

/// Nomad's message when a list is empty (the table is replaced by it).
pub const NO_MATCHING: &str = "No matching variables found";

/// `formatVarStubs`: namespace, path and last update, sorted by namespace then path.
pub fn stubs_table(vars: &[VariableMetadata]) -> String {
    if vars.is_empty() {
        return NO_MATCHING.to_string();
    }
    let mut sorted: Vec<&VariableMetadata> = vars.iter().collect();
    sorted.sort_by(|a, b| (&a.namespace, &a.path).cmp(&(&b.namespace, &b.path)));
    let mut rows = vec!["Namespace|Path|Last Updated".to_string()];
    for v in sorted {
        rows.push(format!(
            "{}|{}|{}",
            v.namespace,
            v.path,
            format_unix_nano(v.modify_time)
        ));
    }
    format_list(&rows)
}

/// `-out terse`: the paths, with their namespace in front under `-namespace=*`.
pub fn terse(vars: &[VariableMetadata], all_namespaces: bool) -> String {
    let rows: Vec<String> = vars
        .iter()
        .map(|v| {
            if all_namespaces {
                format!("{}|{}", v.namespace, v.path)
            } else {
                v.path.clone()
            }
        })
        .collect();
    format_list(&rows)
}

/// `renderSVAsUiTable`: the metadata, then the items. "Create Time" shows the modify time
/// and "Modify Time" Go's `Time.String()`, as Nomad prints them.
pub fn table(v: &Variable, colorize: &dyn Fn(&str) -> String) -> String {
    let mut meta = vec![
        format!("Namespace|{}", v.namespace),
        format!("Path|{}", v.path),
        format!("Create Time|{}", format_unix_nano(v.modify_time)),
    ];
    if v.create_time != v.modify_time {
        let t = Time::from_unix(
            v.modify_time.div_euclid(1_000_000_000),
            v.modify_time.rem_euclid(1_000_000_000),
            Loc::Local,
        );
        meta.push(format!("Modify Time|{}", t.string()));
    }
    meta.push(format!("Check Index|{}", v.modify_index));
    let items: Vec<String> = v
        .items
        .iter()
        .flatten()
        .map(|(k, val)| format!("{k}|{val}"))
        .collect();
    format!(
        "{}\n{}\n{}",
        format_kv(&meta),
        colorize("\n[bold]Items[reset]"),
        format_kv(&items)
    )
}

/// `renderAsHCL`: a variable specification `var put` reads back, the item names
/// right-aligned on the longest one, the values Go-quoted.
pub fn hcl(v: &Variable) -> String {
    let items: Vec<(&String, &String)> = v.items.iter().flatten().collect();
    let pad = items.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = format!(
        "\nnamespace    = \"{}\"\npath         = \"{}\"\ncreate_index = {}  # Set by server\n\
modify_index = {}  # Set by server; consulted for check-and-set\n\
create_time  = {}   # Set by server\nmodify_time  = {}   # Set by server\n\nitems = {{\n",
        v.namespace, v.path, v.create_index, v.modify_index, v.create_time, v.modify_time
    );
    for (k, val) in items {
        // Go's `%*s` pads by bytes.
        out.push_str(&format!(
            "  {}{} = {}\n",
            " ".repeat(pad - k.len()),
            k,
            quote(val)
        ));
    }
    out.push_str("}\n");
    out
}

/// `Variable.AsPrettyJSON`: Go's `json.MarshalIndent(v, "", "  ")`.
pub fn pretty_json(body: &serde_json::Value) -> String {
    let four = crate::output::json::to_std_json("*Variable", body, 0);
    // The encoder indents by four spaces; strings never hold a raw newline, so every
    // line's leading spaces are indentation.
    four.lines()
        .map(|l| {
            let n = l.len() - l.trim_start_matches(' ').len();
            format!("{}{}", " ".repeat(n / 2), &l[n..])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `renderWithGoTemplate`: Go's `text/template` named "var" over the `Variable`. The engine
/// names its root template ""; Go's errors name it "var", so the texts are renamed.
pub fn template(tmpl: &str, body: &serde_json::Value) -> Result<String, String> {
    crate::output::template::render_as(tmpl, "*Variable", body).map_err(|e| {
        let e = match e.strip_prefix("template: :") {
            Some(rest) => format!("template: var:{rest}"),
            None => e,
        };
        e.replace(" executing \"\" at ", " executing \"var\" at ")
            .replace(
                "template: var: \"\" is an incomplete",
                "template: var: \"var\" is an incomplete",
            )
    })
}

/// `handleCASError`: the heading (stderr, as an error) and the explanation (a warning),
/// wrapped at 76 columns and indented by four.
pub fn cas_conflict(
    check_index: u64,
    conflict: &Variable,
    colorize: &dyn Fn(&str) -> String,
) -> (String, String) {
    let last_update = if conflict.modify_index > 0 {
        format!(
            "The server-side item was last updated on [green]{}[yellow].",
            format_unix_nano(conflict.modify_time)
        )
    } else {
        String::new()
    };
    let text = format!(
        "Your provided check-index [green]({check_index})[yellow] does not match the \
server-side index [green]({idx})[yellow]. {last_update} If you are sure you want to perform \
this operation, add the [green]-force[yellow] or [green]-check-index={idx}[yellow] flag \
before the positional arguments.",
        idx = conflict.modify_index
    );
    let wrapped: Vec<String> = reflow_wrap(&colorize(&text), 76)
        .split('\n')
        .map(|l| format!("    {l}"))
        .collect();
    (
        colorize("\n[bold][underline]Check-and-Set conflict[reset]\n"),
        format!("{}\n", wrapped.join("\n")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn plain(s: &str) -> String {
        crate::output::color::colorize(s, false)
    }

    fn var() -> Variable {
        let items: BTreeMap<String, String> = [
            ("password", "s3cret"),
            ("user", "admin"),
            ("we ird", "a\"b"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        Variable {
            namespace: "default".into(),
            path: "app/db".into(),
            create_index: 12,
            modify_index: 37,
            create_time: 1796382512828823937,
            modify_time: 1796383026636224057,
            items: Some(items),
            lock: None,
        }
    }

    // Expected texts: `nomad var get -out <fmt> app/db` (v1.10.5, TZ=UTC) on the variables
    // agent of INDEX.md after `var put -force app/db user=admin password=s3cret 'we ird=a"b'`.
    #[test]
    fn template_errors_name_the_template_var() {
        let body = serde_json::json!({"Path": "a"});
        assert_eq!(template("{{.Path}}", &body), Ok("a".to_string()));
        assert_eq!(
            template("{{.Nope}}", &body),
            Err("template: var:1:2: executing \"var\" at <.Nope>: can't evaluate field Nope in type *api.Variable".to_string())
        );
    }

    #[test]
    fn hcl_as_nomad() {
        assert_eq!(
            hcl(&var()),
            "\nnamespace    = \"default\"\npath         = \"app/db\"\ncreate_index = 12  # Set by server\nmodify_index = 37  # Set by server; consulted for check-and-set\ncreate_time  = 1796382512828823937   # Set by server\nmodify_time  = 1796383026636224057   # Set by server\n\nitems = {\n  password = \"s3cret\"\n      user = \"admin\"\n    we ird = \"a\\\"b\"\n}\n"
        );
    }

    #[test]
    fn table_as_nomad() {
        let out = crate::output::time::in_utc(|| table(&var(), &plain));
        assert_eq!(
            out,
            "Namespace   = default\nPath        = app/db\nCreate Time = 2026-12-04T11:17:06Z\nModify Time = 2026-12-04 11:17:06.636224057 +0000 UTC\nCheck Index = 37\n\nItems\npassword = s3cret\nuser     = admin\nwe ird   = a\"b"
        );
    }

    #[test]
    fn conflicts_as_nomad() {
        let (head, body) = crate::output::time::in_utc(|| cas_conflict(3, &var(), &plain));
        assert_eq!(head, "\nCheck-and-Set conflict\n");
        assert_eq!(
            body,
            "    Your provided check-index (3) does not match the server-side index (37). The\n    server-side item was last updated on 2026-12-04T11:17:06Z. If you are sure you\n    want to perform this operation, add the -force or -check-index=37 flag before\n    the positional arguments.\n"
        );
        let zero = Variable::default();
        let (_, body) = cas_conflict(5, &zero, &plain);
        assert_eq!(
            body,
            "    Your provided check-index (5) does not match the server-side index (0).  If\n    you are sure you want to perform this operation, add the -force or -check-\n    index=0 flag before the positional arguments.\n"
        );
    }
}
