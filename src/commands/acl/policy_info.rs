//! `acl policy info` (Nomad's `ACLPolicyInfoCommand`).

use serde_json::Value;

use super::str_of;
use crate::cli::acl::AclPolicyInfoArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::output::format_kv;

pub async fn run(ctx: &mut Ctx, a: &AclPolicyInfoArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <name>",
            "acl policy info",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let r = if a.args[0].is_empty() {
        Err("missing policy name".to_string())
    } else {
        client
            .acl_policy(&a.args[0])
            .await
            .map_err(|e| e.to_string())
    };
    match r {
        Ok(p) => {
            let out = ctx.ui.colorize(&render(&p));
            ctx.ui.output(&out);
            0
        }
        Err(e) => {
            ctx.ui
                .error(&format!("Error fetching info on ACL policy: {e}"));
            1
        }
    }
}

/// `formatACLPolicy`, with Nomad's colour markup (`[bold]`) left for the caller to apply.
pub fn render(p: &Value) -> String {
    let n = |k: &str| p[k].as_u64().unwrap_or(0);
    let mut out = format_kv(&[
        format!("Name|{}", str_of(p, "Name")),
        format!("Description|{}", str_of(p, "Description")),
        format!("CreateIndex|{}", n("CreateIndex")),
        format!("ModifyIndex|{}", n("ModifyIndex")),
    ]);
    let job = &p["JobACL"];
    if job.is_object() {
        out.push_str("\n\n[bold]Associated Workload[reset]\n");
        out.push_str(&format_kv(&[
            format!("Namespace|{}", str_of(job, "Namespace")),
            format!("JobID|{}", str_of(job, "JobID")),
            format!("Group|{}", str_of(job, "Group")),
            format!("Task|{}", str_of(job, "Task")),
        ]));
    }
    out.push_str("\n\n[bold]Rules[reset]\n\n");
    out.push_str(str_of(p, "Rules"));
    out
}
