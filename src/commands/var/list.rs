//! `var list [<prefix>]`: Nomad's `VarListCommand`.

use std::time::Instant;

use serde_json::json;

use crate::api::vars::VariableMetadata;
use crate::api::QueryOptions;
use crate::cli::var::VarListArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, HintFlags};
use crate::ctx::Ctx;
use crate::views::variable::{stubs_table, terse};

const NAME: &str = "var list";
const ERR_INVALID_LIST_OUT: &str =
    "Invalid value for \"-out\"; valid values are [go-template, json, table, terse]";
const WARN_FILTER: &str =
    "Filter queries require a full scan of the data; use prefix searching where possible";

pub async fn run(ctx: &mut Ctx, a: &VarListArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes flags and either no arguments or one: <prefix>",
            NAME,
        );
    }
    let prefix = a.args.first().cloned().unwrap_or_default();
    let out = super::out_format(&a.out, "table", "json");
    let valid = ["json", "terse", "table"];
    if let Err(code) = super::check_out(ctx, NAME, &out, &a.template, &valid, ERR_INVALID_LIST_OUT)
    {
        return code;
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if !a.filter.is_empty() {
        ctx.ui.warn(WARN_FILTER);
    }
    let hint = (out != "json")
        .then(|| start_hint_check(ctx, &client))
        .flatten();
    let q = QueryOptions {
        prefix: (!prefix.is_empty()).then(|| prefix.clone()),
        filter: (!a.filter.is_empty()).then(|| a.filter.clone()),
        per_page: (a.per_page != 0).then_some(a.per_page as i32),
        next_token: (!a.page_token.is_empty()).then(|| a.page_token.clone()),
        ..Default::default()
    };
    let started = Instant::now();
    let (body, meta) = match client.variables_value(&q).await {
        Ok(r) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving vars: {e}"));
            return 1;
        }
    };
    let body = if body.is_null() { json!([]) } else { body };
    let request_ns = started.elapsed().as_nanos() as u64;
    let ty = "[]*VariableMetadata";
    match out.as_str() {
        "json" => {
            // A paged list is wrapped with its query metadata, so scripts can follow it.
            let text = if a.per_page > 0 {
                let qm = json!({
                    "LastIndex": meta.last_index, "LastContact": meta.last_contact_ms * 1_000_000,
                    "KnownLeader": meta.known_leader, "RequestTime": request_ns,
                    "NextToken": meta.next_token,
                });
                let data = crate::output::json::to_json(ty, &body);
                let qm = crate::output::json::to_json("*QueryMeta", &qm);
                wrap_page(&data, &qm)
            } else {
                crate::output::json::to_json(ty, &body)
            };
            ctx.ui.output(&text);
            return 0;
        }
        "go-template" => match crate::output::template::render_as(&a.template, ty, &body) {
            Ok(s) => ctx.ui.output(&s),
            Err(e) => {
                ctx.ui.error(&format!("Error formatting the data: {e}"));
                return 1;
            }
        },
        _ => {
            let vars: Vec<VariableMetadata> = match serde_json::from_value(body) {
                Ok(v) => v,
                Err(e) => {
                    ctx.ui.error(&format!("Error retrieving vars: {e}"));
                    return 1;
                }
            };
            if out == "terse" {
                let all = super::namespace(ctx, &a.global) == "*";
                ctx.ui.output(&terse(&vars, all));
            } else {
                ctx.ui.output(&stubs_table(&vars));
            }
        }
    }
    if !meta.next_token.is_empty() {
        ctx.ui
            .warn(&format!("Next page token: {}", meta.next_token));
    }
    let flags = HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    };
    if prefix.is_empty() {
        show_hint(
            ctx,
            hint,
            &client,
            flags,
            "View Nomad variables",
            "/variables",
        )
        .await;
    } else {
        let route = format!("/variables/path/{prefix}");
        let desc = "View Nomad variables at this path";
        show_hint(ctx, hint, &client, flags, desc, &route).await;
    }
    0
}

/// `{"Data": …, "QueryMeta": …}` as Nomad's encoder lays the wrapper out (keys sorted,
/// four-space indent), around two already-encoded values.
fn wrap_page(data: &str, qm: &str) -> String {
    let indent = |s: &str| s.replace('\n', "\n    ");
    format!(
        "{{\n    \"Data\": {},\n    \"QueryMeta\": {}\n}}",
        indent(data),
        indent(qm)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_wrapped_as_nomad() {
        assert_eq!(
            wrap_page("[\n    1\n]", "{\n    \"A\": 1\n}"),
            "{\n    \"Data\": [\n        1\n    ],\n    \"QueryMeta\": {\n        \"A\": 1\n    }\n}"
        );
    }
}
