//! `operator metrics` (Nomad's `command/metrics.go`): the agent's metrics, copied as sent, or
//! decoded into Nomad's `MetricsSummary` and printed again with `-json` or `-t`.

use crate::cli::operator::OperatorMetricsArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &OperatorMetricsArgs) -> i32 {
    if !a.args.is_empty() {
        // Nomad's command calls itself just "metrics" in this line.
        return usage_error(ctx, "This command takes no arguments", "metrics");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if a.out.is_data() {
        let summary = match client.metrics_summary(a.pretty, &a.format).await {
            Ok(v) => v,
            Err(e) => {
                ctx.ui.error(&format!("Error querying metrics: {e}"));
                return 1;
            }
        };
        return print_if_asked(ctx, &a.out, GoType::MetricsSummary, &summary, Errors::AsIs)
            .unwrap_or(0);
    }
    match client.metrics_raw(a.pretty, &a.format).await {
        Ok(body) => {
            ctx.ui.output(&String::from_utf8_lossy(&body));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error getting metrics: {e}"));
            1
        }
    }
}
