//! `service delete`: Nomad's `ServiceDeleteCommand`.

use crate::cli::service::ServiceDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &ServiceDeleteArgs) -> i32 {
    if a.args.len() != 2 {
        return usage_error(
            ctx,
            "This command takes two arguments: <service_name> and <service_id>",
            "service delete",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if let Err(e) = client.delete_service(&a.args[0], &a.args[1]).await {
        ctx.ui
            .error(&format!("Error deleting service registration: {e}"));
        return 1;
    }
    ctx.ui.output("Successfully deleted service registration");
    0
}
