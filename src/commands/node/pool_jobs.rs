//! `node pool jobs`: Nomad's `NodePoolJobsCommand`.

use crate::api::jobs::JobListStub;
use crate::cli::node::NodePoolJobsArgs;
use crate::commands::common::args_without_page_token;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &NodePoolJobsArgs) -> i32 {
    let paging = (a.filter.as_str(), a.per_page, a.page_token.as_str());
    let super::pool::PoolQuery { client, name, q } =
        match super::pool::pool_query(ctx, &a.global, &a.args, paging, "node pool jobs").await {
            Ok(p) => p,
            Err(code) => return code,
        };
    let (body, meta) = match client.node_pool_jobs(&name, &q).await {
        Ok(r) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error querying jobs: {e}"));
            return 1;
        }
    };
    if body.as_array().is_none_or(Vec::is_empty) {
        ctx.ui.output("No jobs");
        return 0;
    }
    if let Some(code) = print_if_asked(ctx, &a.format, GoType::JobListStubs, &body, Errors::AsIs) {
        return code;
    }
    let jobs: Vec<JobListStub> = match serde_json::from_value(body) {
        Ok(j) => j,
        Err(e) => {
            ctx.ui.error(&format!("Error querying jobs: {e}"));
            return 1;
        }
    };
    let all = client.config().namespace.as_deref() == Some("*");
    ctx.ui
        .output(&crate::views::jobs::job_list_table(&jobs, all));
    if !meta.next_token.is_empty() {
        // Nomad's message for this command is indented by one space.
        ctx.ui.output(&format!(
            "\n Results have been paginated. To get the next page run:\n\n {} -page-token {}",
            args_without_page_token(&ctx.os_args),
            meta.next_token
        ));
    }
    0
}
