//! `service list`: Nomad's `ServiceListCommand`.

use serde_json::Value;

use crate::api::QueryOptions;
use crate::cli::service::ServiceListArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &ServiceListArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "service list");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let body = match client.services(&QueryOptions::new()).await {
        Ok((b, _)) => b,
        Err(e) => {
            ctx.ui
                .error(&format!("Error listing service registrations: {e}"));
            return 1;
        }
    };
    let list = match &body {
        Value::Array(a) => a.clone(),
        _ => Vec::new(),
    };
    if list.is_empty() {
        ctx.ui.output("No service registrations found");
        return 0;
    }
    let ty = GoType::ServiceRegistrationListStubs;
    if let Some(code) = print_if_asked(ctx, &a.format, ty, &body, Errors::AsIs) {
        return code;
    }
    // Nomad adds the Namespace column for the -namespace flag only, not NOMAD_NAMESPACE.
    ctx.ui
        .output(&super::service_table(&list, a.global.namespace == "*"));
    0
}
