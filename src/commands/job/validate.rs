//! `job validate` (and `validate`): check a job file with the agent (Nomad's
//! `JobValidateCommand`). When the agent cannot be asked, Nomad validates locally with its
//! own rules; rnomad then only vouches that the file parsed (see the README).

use serde::Serialize;
use serde_json::Value;

use super::jobfile::{check_options, get_job};
use crate::api::QueryOptions;
use crate::cli::job::JobValidateArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

#[derive(Serialize)]
struct ValidateRequest<'a> {
    #[serde(rename = "Job")]
    job: &'a Value,
    #[serde(rename = "Region")]
    region: &'a str,
    #[serde(rename = "Namespace")]
    namespace: &'a str,
    #[serde(rename = "SecretID")]
    secret_id: &'a str,
}

pub async fn run(ctx: &mut Ctx, a: &JobValidateArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <path>",
            "job validate",
        );
    }
    if let Err(e) = check_options(&a.file) {
        ctx.ui.error(&e);
        return 1;
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 255;
    };
    let file = match get_job(&client, &ctx.env, &a.file, &a.args[0]).await {
        Ok(f) => f,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let mut job = file.job;
    if !a.vault_namespace.is_empty() {
        job["VaultNamespace"] = Value::String(a.vault_namespace.clone());
    }
    let mut global = a.global.clone();
    if let Some(r) = job["Region"].as_str().filter(|r| !r.is_empty()) {
        global.region = r.to_string();
    }
    let Some(client) = ctx.connect(&global) else {
        return 255;
    };
    let body = ValidateRequest {
        job: &job,
        region: "",
        namespace: "",
        secret_id: "",
    };
    let resp = client
        .validate_job::<Value, _>(&body, &QueryOptions::new())
        .await
        .map(|(v, _)| v)
        .unwrap_or_else(|_| serde_json::json!({"DriverConfigValidated": false}));
    if !resp["DriverConfigValidated"].as_bool().unwrap_or(false) {
        let m = ctx.ui.colorize(
            "[bold][yellow]Driver configuration not validated since connection to Nomad agent couldn't be established.[reset]\n",
        );
        ctx.ui.output(&m);
    }
    let err = resp["Error"].as_str().unwrap_or("");
    if !err.is_empty() {
        let head = ctx.ui.colorize("[bold][red]Job validation errors:[reset]");
        ctx.ui.error(&head);
        ctx.ui.error(err);
        return 1;
    }
    let warnings = resp["Warnings"].as_str().unwrap_or("");
    if !warnings.is_empty() {
        let w = ctx
            .ui
            .colorize(&format!("[bold][yellow]Job Warnings:\n{warnings}[reset]\n"));
        ctx.ui.output(&w);
    }
    let ok = ctx
        .ui
        .colorize("[bold][green]Job validation successful[reset]");
    ctx.ui.output(&ok);
    0
}
