//! `job inspect` (and `inspect`): a registered job as JSON, or the source it was submitted with
//! (Nomad's `JobInspectCommand`).

use serde_json::Value;

use super::resolve_job;
use crate::api::QueryOptions;
use crate::cli::job::JobInspectArgs;
use crate::commands::common::usage_error;
use crate::commands::data;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::gotype::GoType;

/// The default output: `{"Job": <job>}` in the codec JSON layout.
pub fn wrap_job_json(job_json: &str) -> String {
    let indented = job_json.replace('\n', "\n    ");
    format!("{{\n    \"Job\": {indented}\n}}")
}

pub async fn run(ctx: &mut Ctx, a: &JobInspectArgs) -> i32 {
    if a.hcl && a.format.json {
        ctx.ui.error("can only use one of -hcl or -json");
        return 1;
    }
    if a.with_vars && !a.hcl {
        ctx.ui.error("can only use -with-vars with -hcl");
        return 1;
    }
    let format = match data::choose(ctx, &a.format) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if a.args.is_empty() {
        if let Some(f) = &format {
            return match client.jobs_as::<Value>(&QueryOptions::new()).await {
                Ok((v, _)) => data::print(ctx, f, GoType::JobListStubs, &v),
                Err(e) => {
                    ctx.ui.error(&format!("Error querying jobs: {e}"));
                    1
                }
            };
        }
    }
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument: <job>", "job inspect");
    }
    let (id, q) = match resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let version = if a.version.is_empty() {
        None
    } else {
        match a.version.parse::<u64>() {
            Ok(v) => Some(v),
            Err(_) => {
                let v = quote(&a.version);
                ctx.ui.error(&format!(
                    "Error parsing version value {v}: strconv.ParseUint: parsing {v}: invalid syntax"
                ));
                return 1;
            }
        }
    };
    if a.hcl {
        return print_source(ctx, &client, &id, &q, version, a.with_vars).await;
    }
    let job = match version {
        None => match client.job::<Value>(&id, &q).await {
            Ok((j, _)) => j,
            Err(e) => {
                ctx.ui.error(&format!("Error inspecting job: {e}"));
                return 1;
            }
        },
        Some(v) => {
            let q = q.clone().param("diffs", "false");
            match client.job_versions::<Value>(&id, &q).await {
                Err(e) => {
                    ctx.ui.error(&format!("Error inspecting job: {e}"));
                    return 1;
                }
                Ok((resp, _)) => {
                    let found = resp["Versions"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .find(|j| j["Version"].as_u64() == Some(v))
                        .cloned();
                    match found {
                        Some(j) => j,
                        None => {
                            ctx.ui.error(&format!(
                                "Error inspecting job: job {} with version {v} couldn't be found",
                                quote(&id)
                            ));
                            return 1;
                        }
                    }
                }
            }
        }
    };
    match format {
        Some(f) => data::print(ctx, &f, GoType::Job, &job),
        None => {
            let inner = crate::output::json::to_json(GoType::Job.expr(), &job);
            ctx.ui.output(&wrap_job_json(&inner));
            0
        }
    }
}

/// `-hcl`: the submitted source of the job (at `version`, or the current one).
async fn print_source(
    ctx: &mut Ctx,
    client: &crate::api::Client,
    id: &str,
    q: &QueryOptions,
    version: Option<u64>,
    with_vars: bool,
) -> i32 {
    // Nomad prints the version pointer here (a Go formatting slip); rnomad names the version
    // it asked for.
    let not_found = |ctx: &mut Ctx, shown: u64| {
        ctx.ui.error(&format!(
            "Error inspecting job: job {} with version {shown} couldn't be found",
            quote(id)
        ));
        1
    };
    let v = match version {
        Some(v) => v,
        None => match client.job::<Value>(id, q).await {
            Ok((j, _)) => j["Version"].as_u64().unwrap_or(0),
            Err(e) => {
                ctx.ui.error(&format!("Error inspecting job: {e}"));
                return 1;
            }
        },
    };
    let sq = q.clone().param("version", &v.to_string());
    let sub = match client.job_submission::<Value>(id, &sq).await {
        Ok((s, _)) if !s.is_null() => s,
        _ => return not_found(ctx, v),
    };
    ctx.ui.output(sub["Source"].as_str().unwrap_or(""));
    if with_vars {
        let ns = q.namespace.clone().unwrap_or_default();
        let ns_arg = if ns.is_empty() {
            String::new()
        } else {
            format!("-namespace {ns} ")
        };
        let mut args = String::new();
        if let Some(m) = sub["VariableFlags"].as_object() {
            for (k, v) in m {
                args.push_str(&format!("-var {k}={} ", v.as_str().unwrap_or("")));
            }
        }
        for line in sub["Variables"].as_str().unwrap_or("").lines() {
            let l = line.trim();
            if !l.is_empty() {
                args.push_str(&format!("-var {l} "));
            }
        }
        ctx.ui.warn(&format!(
            "\nTo run this job as originally submitted:\n\n$ nomad job inspect {ns_arg}-hcl {id} |\n    nomad job run {ns_arg}{args}{id}\n"
        ));
    }
    0
}
