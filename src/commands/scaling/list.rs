//! `scaling policy list`: Nomad's `ScalingPolicyListCommand`.

use serde_json::Value;

use crate::api::QueryOptions;
use crate::cli::scaling::ScalingPolicyListArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;
use crate::output::{FULL_ID, SHORT_ID};

pub async fn run(ctx: &mut Ctx, a: &ScalingPolicyListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(
            ctx,
            "This command takes no arguments",
            "scaling policy list",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let mut q = QueryOptions::new();
    if !a.type_.is_empty() {
        q = q.param("type", &a.type_);
    }
    if !a.job.is_empty() {
        q = q.param("job", &a.job);
    }
    let body = match client.scaling_policies(&q).await {
        Ok((b, _)) => b,
        Err(e) => {
            ctx.ui
                .error(&format!("Error listing scaling policies: {e}"));
            return 1;
        }
    };
    let ty = GoType::ScalingPolicyListStubs;
    if let Some(code) = print_if_asked(ctx, &a.format, ty, &body, Errors::AsIs) {
        return code;
    }
    let list = match body {
        Value::Array(a) => a,
        _ => Vec::new(),
    };
    let len = if a.verbose { FULL_ID } else { SHORT_ID };
    ctx.ui.output(&super::policy_table(&list, len));
    0
}
