//! `var put <path|-|@file> [<key>=<value>]...`: Nomad's `VarPutCommand`.

use std::io::{IsTerminal, Read};

use crate::api::vars::{clean_path, Variable};
use crate::api::QueryOptions;
use crate::cli::var::VarPutArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, HintFlags};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::views::variable;

use super::{spec, CheckIndexError};

const NAME: &str = "var put";

/// Reads all of stdin when it is not a terminal (Nomad reads nothing from a terminal).
fn read_stdin() -> std::io::Result<String> {
    let mut s = String::new();
    if !std::io::stdin().is_terminal() {
        std::io::stdin().read_to_string(&mut s)?;
    }
    Ok(s)
}

/// The format a spec file's extension names, or Nomad's error.
pub(super) fn format_of(file: &str) -> Result<&'static str, String> {
    match std::path::Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
    {
        Some("json") => Ok("json"),
        Some("hcl") => Ok("hcl"),
        _ => Err(format!(
            "Unable to determine format of {file}; Use the -in flag to specify it."
        )),
    }
}

/// Item names that templates can only reach with `index`: the characters that are not
/// letters, digits or `_`, sorted and without repeats.
fn invalid_identifier(key: &str) -> Option<String> {
    let mut bad: Vec<char> = key
        .chars()
        .filter(|c| !(c.is_alphanumeric() || *c == '_'))
        .collect();
    if bad.is_empty() {
        return None;
    }
    bad.sort_unstable();
    bad.dedup();
    let list: Vec<String> = bad.iter().map(|c| format!("\"{c}\"")).collect();
    Some(format!(
        "\"{key}\" contains characters [{}] that require the 'index' function for direct access in templates",
        list.join(",")
    ))
}

pub async fn run(ctx: &mut Ctx, a: &VarPutArgs) -> i32 {
    let verbose = a.verbose;
    let check = match super::parse_check_index(&a.check_index) {
        Ok(c) => c,
        Err(e) => {
            let why = match e {
                CheckIndexError::Syntax => "invalid syntax",
                CheckIndexError::Range => "value out of range",
            };
            ctx.ui.error(&format!(
                "Error parsing check-index value {}: strconv.ParseUint: parsing {}: {why}",
                quote(&a.check_index),
                quote(&a.check_index)
            ));
            return 1;
        }
    };
    let ns = super::namespace(ctx, &a.global);
    if ns == "*" {
        ctx.ui.error(super::ERR_WILDCARD);
        return 1;
    }
    let is_file = |s: &str| s.starts_with('@');
    match a.args.len() {
        0 => return usage_error(ctx, "Not enough arguments (expected >1, got 0)", NAME),
        1 if a.args[0] != "-" && !is_file(&a.args[0]) => {
            return usage_error(ctx, "Must supply data", NAME)
        }
        _ => {}
    }
    let mut in_format = a
        .in_format
        .clone()
        .filter(|f| !f.is_empty())
        .unwrap_or("json".into());
    if !matches!(in_format.as_str(), "hcl" | "json") {
        let msg = "Invalid value for \"-in\"; valid values are [hcl, json]";
        return usage_error(ctx, msg, NAME);
    }
    let out = super::out_format(&a.out, "none", "json");
    let valid = ["none", "json", "hcl", "table"];
    if let Err(code) =
        super::check_out(ctx, NAME, &out, &a.template, &valid, super::ERR_INVALID_OUT)
    {
        return code;
    }
    let mut contents = String::new();
    let mut path = String::new();
    let first = &a.args[0];
    if first == "-" {
        contents = match read_stdin() {
            Ok(s) => s,
            Err(e) => return super::fail(ctx, &format!("Error reading from stdin: {e}")),
        };
        if verbose {
            let f = in_format.to_uppercase();
            ctx.ui.warn(&format!(
                "Reading whole {f} variable specification from stdin"
            ));
        }
    } else if let Some(file) = first.strip_prefix('@') {
        match format_of(file) {
            Ok(f) => in_format = f.to_string(),
            Err(e) => return super::fail(ctx, &e),
        }
        if verbose {
            let f = in_format.to_uppercase();
            ctx.ui.warn(&format!(
                "Reading whole {f} variable specification from {}",
                quote(file)
            ));
        }
        contents = match std::fs::read_to_string(file) {
            Ok(s) => s,
            Err(e) => {
                let why = crate::gocompat::os::io_text(&e);
                return super::fail(
                    ctx,
                    &format!("Error reading {}: open {file}: {why}", quote(file)),
                );
            }
        };
    } else {
        path = first.trim().trim_matches('/').to_string();
        if verbose {
            ctx.ui.warn(&format!("Writing to path {}", quote(&path)));
        }
    }
    let mut rest = &a.args[1..];
    if let Some(second) = rest.first() {
        if second == "-" {
            if verbose {
                let msg = format!(
                    "Creating variable {} using specification from stdin",
                    quote(&path)
                );
                ctx.ui.warn(&msg);
            }
            contents = match read_stdin() {
                Ok(s) => s,
                Err(e) => return super::fail(ctx, &format!("Error reading from stdin: {e}")),
            };
            rest = &rest[1..];
        } else if let Some(file) = second.strip_prefix('@') {
            match format_of(second) {
                Ok(f) => in_format = f.to_string(),
                Err(e) => return super::fail(ctx, &e),
            }
            if verbose {
                let msg = format!(
                    "Creating variable {} from specification file {}",
                    quote(&path),
                    quote(second)
                );
                ctx.ui.warn(&msg);
            }
            contents = match std::fs::read_to_string(file) {
                Ok(s) => s,
                Err(e) => {
                    let why = crate::gocompat::os::io_text(&e);
                    return super::fail(
                        ctx,
                        &format!("error reading {}: open {file}: {why}", quote(file)),
                    );
                }
            };
            rest = &rest[1..];
        }
    }
    let mut var = match make_variable(&contents, &in_format, &path, &ns) {
        Ok(v) => v,
        Err(e) => return super::fail(ctx, &format!("Failed to parse variable data: {e}")),
    };
    let mut warnings = Vec::new();
    if !rest.is_empty() {
        let kv = match spec::kv_items(rest, read_stdin) {
            Ok(kv) => kv,
            Err(e) => return super::fail(ctx, &format!("Failed to parse K=V data: {e}")),
        };
        let items = var.items.get_or_insert_with(Default::default);
        for (k, v) in kv {
            if v.is_empty() {
                if items.remove(&k).is_some() {
                    if verbose {
                        ctx.ui.warn(&format!("Removed item {}", quote(&k)));
                    }
                } else if verbose {
                    ctx.ui
                        .warn(&format!("Item {} does not exist, continuing...", quote(&k)));
                }
                continue;
            }
            warnings.extend(invalid_identifier(&k));
            items.insert(k, v);
        }
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if let Some(i) = check {
        var.modify_index = i;
    }
    let hint = start_hint_check(ctx, &client);
    let cas = (!a.force).then_some(var.modify_index);
    let q = QueryOptions::new();
    let body = match client.put_variable(&var, cas, &q).await {
        Ok(b) => b,
        Err(e) => {
            return super::write_failed(ctx, e, var.modify_index, "Error creating variable: ")
        }
    };
    let stored: Variable = serde_json::from_value(body.clone()).unwrap_or_default();
    let success = format!(
        "Created variable {} with modify index {}",
        quote(&stored.path),
        stored.modify_index
    );
    if !warnings.is_empty() {
        warnings.sort();
        let n = warnings.len();
        let list: Vec<String> = warnings.iter().map(|w| format!("* {w}")).collect();
        let text = format!(
            "[bold][yellow]Variable Warnings:\n{n} warning{}:\n\n{}[reset]\n",
            if n == 1 { "" } else { "s" },
            list.join("\n")
        );
        let text = ctx.ui.colorize(&text);
        ctx.ui.warn(&text);
    }
    let text = match out.as_str() {
        "json" => Some(variable::pretty_json(&body)),
        "hcl" => Some(variable::hcl(&stored)),
        "go-template" => match variable::template(&a.template, &body) {
            Ok(s) => Some(s),
            Err(e) => return super::fail(ctx, &e),
        },
        "table" => {
            if verbose {
                ctx.ui.warn(&success);
            }
            ctx.ui
                .output(&variable::table(&stored, &|s| ctx.ui.colorize(s)));
            None
        }
        _ => {
            ctx.ui.output(&success);
            None
        }
    };
    if let Some(t) = text {
        if verbose {
            ctx.ui.warn(&success);
        }
        ctx.ui.output(&t);
    }
    let flags = HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    };
    let route = format!("/variables/var/{path}@{}", stored.namespace);
    show_hint(ctx, hint, &client, flags, "View variable details", &route).await;
    0
}

/// `makeVariable`: the specification read (if any) with the path and namespace given on
/// the command line laid over it; changing either starts the variable afresh (indexes and
/// times zeroed).
pub(super) fn make_variable(
    contents: &str,
    format: &str,
    path: &str,
    ns: &str,
) -> Result<Variable, String> {
    if contents.is_empty() {
        return Ok(Variable {
            path: path.to_string(),
            namespace: ns.to_string(),
            items: Some(Default::default()),
            ..Default::default()
        });
    }
    let mut v = match format {
        "hcl" => spec::from_hcl(contents)?,
        _ => spec::from_json(contents)?,
    };
    v.items.get_or_insert_with(Default::default);
    let mut reset = false;
    if !ns.is_empty() && ns != v.namespace {
        v.namespace = ns.to_string();
        reset = true;
    }
    if !path.is_empty() && path != v.path {
        v.path = path.to_string();
        reset = true;
    }
    if reset {
        (v.create_index, v.create_time, v.modify_index, v.modify_time) = (0, 0, 0, 0);
    }
    v.path = clean_path(&v.path).to_string();
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_templates_cannot_reach() {
        assert_eq!(invalid_identifier("good_name1"), None);
        assert_eq!(
            invalid_identifier("we ird.a.b"),
            Some("\"we ird.a.b\" contains characters [\" \",\".\"] that require the 'index' function for direct access in templates".into())
        );
    }
}
