//! `acl policy apply` (Nomad's `ACLPolicyApplyCommand`): writes a policy from a file or stdin.

use serde_json::{json, Value};

use crate::cli::acl::AclPolicyApplyArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &AclPolicyApplyArgs) -> i32 {
    if a.args.len() != 2 {
        return usage_error(
            ctx,
            "This command takes two arguments: <name> and <path>",
            "acl policy apply",
        );
    }
    let (name, file) = (&a.args[0], &a.args[1]);
    let rules = if file == "-" {
        let mut b = Vec::new();
        if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut b) {
            ctx.ui.error(&format!("Failed to read stdin: {e}"));
            return 1;
        }
        b
    } else {
        match super::read_file(file) {
            Ok(b) => b,
            Err(e) => {
                ctx.ui.error(&format!("Failed to read file: {e}"));
                return 1;
            }
        }
    };
    // Nomad reads the -namespace flag itself here (not NOMAD_NAMESPACE): it names the
    // namespace of the job the policy is attached to.
    let namespace = &a.global.namespace;
    let checks = [
        (
            !a.job.is_empty() && namespace.is_empty(),
            "-namespace is required if -job is set",
        ),
        (
            !a.group.is_empty() && a.job.is_empty(),
            "-job is required if -group is set",
        ),
        (
            !a.task.is_empty() && a.group.is_empty(),
            "-group is required if -task is set",
        ),
    ];
    if let Some((_, msg)) = checks.iter().find(|(bad, _)| *bad) {
        ctx.ui.error(msg);
        return 1;
    }
    let job_acl = if namespace.is_empty() {
        Value::Null
    } else {
        json!({"Namespace": namespace, "JobID": a.job, "Group": a.group, "Task": a.task})
    };
    let body = json!({
        "Name": name,
        "Description": a.description,
        "Rules": String::from_utf8_lossy(&rules),
        "JobACL": job_acl,
        "CreateIndex": 0,
        "ModifyIndex": 0,
    });
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let r = if name.is_empty() {
        Err("missing policy name".to_string())
    } else {
        client
            .acl_policy_upsert(name, &body)
            .await
            .map_err(|e| e.to_string())
    };
    match r {
        Ok(()) => {
            ctx.ui.output(&format!(
                "Successfully wrote {} ACL policy!",
                crate::gocompat::strconv::quote(name)
            ));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error writing ACL policy: {e}"));
            1
        }
    }
}
