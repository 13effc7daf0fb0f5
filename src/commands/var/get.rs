//! `var get <path>`: Nomad's `VarGetCommand`.

use crate::api::vars::Variable;
use crate::api::QueryOptions;
use crate::cli::var::VarGetArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, HintFlags};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::views::variable;

const NAME: &str = "var get";

pub async fn run(ctx: &mut Ctx, a: &VarGetArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument: <path>", NAME);
    }
    let out = super::out_format(&a.out, "table", "json");
    let valid = ["hcl", "json", "none", "table"];
    if let Err(code) =
        super::check_out(ctx, NAME, &out, &a.template, &valid, super::ERR_INVALID_OUT)
    {
        return code;
    }
    let ns = super::namespace(ctx, &a.global);
    if ns == "*" {
        ctx.ui.error(super::ERR_WILDCARD);
        return 1;
    }
    let path = &a.args[0];
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let hint = start_hint_check(ctx, &client);
    let q = QueryOptions {
        namespace: (!ns.is_empty()).then(|| ns.clone()),
        ..Default::default()
    };
    // Nomad's client reads a 404 and a 403 alike as "no such variable".
    let body = match client.variable_value(path, &q).await {
        Ok(Some(b)) => b,
        Ok(None) => {
            ctx.ui.warn("Variable not found");
            return 1;
        }
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving variable: {e}"));
            return 1;
        }
    };
    let var: Variable = match serde_json::from_value(body.clone()) {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving variable: {e}"));
            return 1;
        }
    };
    if !a.item.is_empty() {
        return match var.items.as_ref().and_then(|i| i.get(&a.item)) {
            Some(v) => {
                ctx.ui.raw_out(v);
                0
            }
            None => {
                ctx.ui.error(&format!(
                    "Variable does not contain {} item",
                    quote(&a.item)
                ));
                1
            }
        };
    }
    let text = match out.as_str() {
        "json" => variable::pretty_json(&body),
        "hcl" => variable::hcl(&var),
        "go-template" => match variable::template(&a.template, &body) {
            Ok(s) => s,
            Err(e) => {
                ctx.ui.error(&e);
                return 1;
            }
        },
        "none" => return 0,
        _ => variable::table(&var, &|s| ctx.ui.colorize(s)),
    };
    ctx.ui.output(&text);
    let flags = HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    };
    let route = format!("/variables/var/{}@{}", path, var.namespace);
    show_hint(ctx, hint, &client, flags, "View variable details", &route).await;
    0
}
