//! `scaling policy info`: Nomad's `ScalingPolicyInfoCommand`.

use serde_json::Value;

use crate::api::{sanitize_uuid_prefix, QueryOptions};
use crate::cli::scaling::ScalingPolicyInfoArgs;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::gotype::GoType;
use crate::output::{format_kv, limit, FULL_ID, SHORT_ID};

pub async fn run(ctx: &mut Ctx, a: &ScalingPolicyInfoArgs) -> i32 {
    let len = if a.verbose { FULL_ID } else { SHORT_ID };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if a.args.is_empty() && a.format.is_data() {
        let body = match client.scaling_policies(&QueryOptions::new()).await {
            Ok((b, _)) => b,
            Err(e) => {
                ctx.ui
                    .error(&format!("Error listing scaling policies: {e}"));
                return 1;
            }
        };
        let ty = GoType::ScalingPolicyListStubs;
        return print_if_asked(ctx, &a.format, ty, &body, Errors::AsIs).unwrap_or(0);
    }
    if a.args.len() != 1 {
        ctx.ui
            .error("This command takes one of the following argument conditions:");
        ctx.ui.error(" * A single <policy_id>");
        ctx.ui
            .error(" * No arguments, with output format specified");
        ctx.ui
            .error("For additional help try 'nomad scaling policy info -help'");
        return 1;
    }
    if a.args[0].chars().count() == 1 {
        ctx.ui
            .error("Identifier must contain at least two characters.");
        return 1;
    }
    let prefix = sanitize_uuid_prefix(&a.args[0]);
    let stubs = match client
        .scaling_policies(&QueryOptions::new().prefix(&prefix))
        .await
    {
        Ok((b, _)) => b.as_array().cloned().unwrap_or_default(),
        Err(e) => {
            ctx.ui.error(&format!(
                "Error querying scaling policy: error querying scaling policies: {e}"
            ));
            return 1;
        }
    };
    let id = match stubs.len() {
        0 => {
            ctx.ui.error(&format!(
                "Error querying scaling policy: no scaling policies with prefix or ID {} found",
                quote(&prefix)
            ));
            return 1;
        }
        1 => stubs[0]["ID"].as_str().unwrap_or_default().to_string(),
        _ => {
            let exact: Vec<&Value> = stubs
                .iter()
                .filter(|p| p["ID"] == prefix.as_str())
                .collect();
            if exact.len() != 1 {
                ctx.ui.error(&format!(
                    "Prefix matched multiple scaling policies\n\n{}",
                    super::policy_table(&stubs, len)
                ));
                return 1;
            }
            prefix.clone()
        }
    };
    let policy = match client.scaling_policy(&id, &QueryOptions::new()).await {
        Ok((p, _)) => p,
        Err(e) => {
            ctx.ui.error(&format!("Error querying scaling policy: {e}"));
            return 1;
        }
    };
    if let Some(code) = print_if_asked(ctx, &a.format, GoType::ScalingPolicy, &policy, Errors::AsIs)
    {
        return code;
    }
    ctx.ui.output(&render(&policy, len));
    0
}

/// The policy's fields, then its policy document as JSON (`<empty>` when it has none).
pub fn render(p: &Value, len: usize) -> String {
    let doc = match p["Policy"].as_object().filter(|m| !m.is_empty()) {
        Some(_) => crate::output::json::to_json("map[string]interface{}", &p["Policy"]),
        None => "<empty>".into(),
    };
    // Go prints the pointers' values; a missing one would be Nomad's nil dereference.
    let shown = |v: &Value| match v {
        Value::Null => "<nil>".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    format!(
        "{}\n\nPolicy:\n{doc}",
        format_kv(&[
            format!("ID|{}", limit(p["ID"].as_str().unwrap_or_default(), len)),
            format!("Enabled|{}", shown(&p["Enabled"])),
            format!("Target|{}", super::target(&p["Target"])),
            format!("Min|{}", shown(&p["Min"])),
            format!("Max|{}", shown(&p["Max"])),
        ])
    )
}
