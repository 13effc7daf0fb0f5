//! `eval list` (Nomad's `EvalListCommand`).

use serde_json::Value;

use crate::api::evals::Evaluation;
use crate::api::{Listing, QueryOptions};
use crate::cli::eval::EvalListArgs;
use crate::commands::common::{
    args_without_page_token, show_hint, start_hint_check, usage_error, HintFlags,
};
use crate::commands::data;
use crate::commands::job::sort_by_create_index_desc;
use crate::ctx::Ctx;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;
use crate::output::id_len;

pub async fn run(ctx: &mut Ctx, a: &EvalListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "eval list");
    }
    let format = match data::choose(ctx, &a.format) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let mut q = QueryOptions::new();
    if !a.filter.is_empty() {
        q.filter = Some(a.filter.clone());
    }
    if a.per_page != 0 {
        q.per_page = Some(a.per_page as i32);
    }
    if !a.page_token.is_empty() {
        q.next_token = Some(a.page_token.clone());
    }
    if !a.job.is_empty() {
        q = q.param("job", &a.job);
    }
    if !a.status.is_empty() {
        q = q.param("status", &a.status);
    }
    let hint = if format.is_none() {
        start_hint_check(ctx, &client)
    } else {
        None
    };
    let path = Listing::Evaluations.path();
    match format {
        Some(DataFormat::Json) => {
            let what = "Error querying evaluations";
            let (ty, null) = (GoType::Evaluations, data::NullBody::AsEmptyList);
            return data::json_newest_first(ctx, &client, path, &q, ty, what, null).await;
        }
        Some(f) => {
            let mut raw = match client
                .list::<Option<Vec<Value>>>(Listing::Evaluations, &q)
                .await
            {
                Ok((v, _)) => v.unwrap_or_default(),
                Err(e) => {
                    ctx.ui.error(&format!("Error querying evaluations: {e}"));
                    return 1;
                }
            };
            sort_by_create_index_desc(&mut raw);
            return data::print(ctx, &f, GoType::Evaluations, &Value::Array(raw));
        }
        None => {}
    }
    // The table holds its rows only (an element that is no evaluation is left out).
    let (rows, meta) = match client
        .newest_first(path, &q, &mut |raw| data::row::<Evaluation>(&raw))
        .await
    {
        Ok((v, m)) => (v.unwrap_or_default(), m),
        Err(e) => {
            ctx.ui.error(&format!("Error querying evaluations: {e}"));
            return 1;
        }
    };
    if rows.is_empty() {
        ctx.ui.output("No evals found");
        return 0;
    }
    let evals: Vec<Evaluation> = rows.into_iter().flatten().collect();
    ctx.ui.output(&crate::views::evals::format_eval_list(
        &evals,
        id_len(a.verbose),
    ));
    if !meta.next_token.is_empty() {
        ctx.ui.output(&format!(
            "\nResults have been paginated. To get the next page run:\n\n{} -page-token {}",
            args_without_page_token(&ctx.os_args),
            meta.next_token
        ));
    }
    let flags = HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    };
    show_hint(
        ctx,
        hint,
        &client,
        flags,
        "View evaluations",
        "/evaluations",
    )
    .await;
    0
}
