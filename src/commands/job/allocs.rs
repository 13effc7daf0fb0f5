//! `job allocs`: the allocations of one job (Nomad's `JobAllocsCommand`).

use serde_json::Value;

use super::{resolve_job, sort_by_create_index_desc};
use crate::api::allocs::AllocationListStub;
use crate::api::jobs::job_allocations_path;
use crate::cli::job::JobAllocsArgs;
use crate::commands::common::{usage_error, watch};
use crate::commands::data::{self, print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;
use crate::views::allocs::format_alloc_list_stubs;

pub async fn run(ctx: &mut Ctx, a: &JobAllocsArgs) -> i32 {
    if a.watch.watch {
        let Some(client) = ctx.connect(&a.global) else {
            return 1;
        };
        let paths = crate::watch::by_prefix(crate::api::Listing::Allocations, None);
        return watch(
            ctx,
            &client,
            &a.watch,
            "job allocs",
            paths,
            async |ctx: &mut Ctx| run_once(ctx, a).await,
        )
        .await;
    }
    run_once(ctx, a).await
}

async fn run_once(ctx: &mut Ctx, a: &JobAllocsArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument: <job>", "job allocs");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, q) = match resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let q = q.param("all", &a.all.to_string());
    let path = job_allocations_path(&id);
    let what = "Error retrieving allocations";
    if a.format.is_data() {
        if let Ok(Some(DataFormat::Json)) = a.format.data_format() {
            let ty = GoType::AllocationListStubs;
            return data::json_newest_first(
                ctx,
                &client,
                &path,
                &q,
                ty,
                what,
                data::NullBody::AsEmptyList,
            )
            .await;
        }
        let mut raw = match client.job_allocations::<Option<Vec<Value>>>(&id, &q).await {
            Ok((v, _)) => v.unwrap_or_default(),
            Err(e) => {
                ctx.ui.error(&format!("{what}: {e}"));
                return 1;
            }
        };
        sort_by_create_index_desc(&mut raw);
        let raw = Value::Array(raw);
        let ty = GoType::AllocationListStubs;
        return print_if_asked(ctx, &a.format, ty, &raw, Errors::AsIs).unwrap_or(0);
    }
    // The table holds its rows only (an element that is no allocation is left out).
    let allocs: Vec<AllocationListStub> = match client
        .newest_first(&path, &q, &mut |raw| data::row(&raw))
        .await
    {
        Ok((v, _)) => v.unwrap_or_default().into_iter().flatten().collect(),
        Err(e) => {
            ctx.ui.error(&format!("{what}: {e}"));
            return 1;
        }
    };
    let out = format_alloc_list_stubs(&allocs, a.verbose, ctx.now_ns);
    ctx.ui.output(&out);
    0
}
