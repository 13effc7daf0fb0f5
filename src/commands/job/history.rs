//! `job history`: the versions the cluster keeps of a job (Nomad's `JobHistoryCommand`).

use serde_json::Value;

use super::resolve_job;
use crate::cli::job::JobHistoryArgs;
use crate::commands::common::usage_error;
use crate::commands::data;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::gotype::GoType;
use crate::output::time::format_unix_nano;

/// columnize with ` = ` glue and no trimming: keys padded to the longest key, values as is.
fn columnize_kv(rows: &[(String, String)]) -> String {
    let w = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(k, v)| format!("{k}{} = {v}", " ".repeat(w - k.chars().count())))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One version's block; `diff` is the rendered job diff, when there is one to show.
pub fn format_version(job: &Value, diff: Option<&str>, full: Option<&str>) -> String {
    let mut rows = vec![
        (
            "Version".to_string(),
            job["Version"].as_u64().unwrap_or(0).to_string(),
        ),
        (
            "Stable".to_string(),
            job["Stable"].as_bool().unwrap_or(false).to_string(),
        ),
        (
            "Submit Date".to_string(),
            format_unix_nano(job["SubmitTime"].as_i64().unwrap_or(0)),
        ),
    ];
    if let Some(tag) = job.get("VersionTag").filter(|t| t.is_object()) {
        rows.push(("Tag Name".into(), tag["Name"].as_str().unwrap_or("").into()));
        let desc = tag["Description"].as_str().unwrap_or("");
        if !desc.is_empty() {
            rows.push(("Tag Description".into(), desc.into()));
        }
    }
    if let Some(d) = diff {
        rows.push(("Diff".into(), format!("\n{}", d.trim())));
    }
    if let Some(f) = full {
        rows.push(("Full".into(), format!("JSON Job:\n{f}")));
    }
    columnize_kv(&rows)
}

pub async fn run(ctx: &mut Ctx, a: &JobHistoryArgs) -> i32 {
    if a.args.is_empty() || a.args.len() > 2 {
        return usage_error(ctx, "This command takes one argument: <job>", "job history");
    }
    if a.format.is_data() && (a.diffs || a.full) {
        ctx.ui.error("-json and -t are exclusive with -p and -full");
        return 1;
    }
    if (!a.diff_tag.is_empty() || !a.diff_version.is_empty()) && !a.diffs {
        ctx.ui
            .error("-diff-tag and -diff-version can only be used with -p");
        return 1;
    }
    if !a.diff_tag.is_empty() && !a.diff_version.is_empty() {
        ctx.ui
            .error("-diff-tag and -diff-version are mutually exclusive");
        return 1;
    }
    if !a.diff_version.is_empty() && a.diff_version.parse::<u64>().is_err() {
        let v = quote(&a.diff_version);
        ctx.ui.error(&format!(
            "Error parsing -diff-version: strconv.ParseUint: parsing {v}: invalid syntax"
        ));
        return 1;
    }
    let format = match data::choose(ctx, &a.format) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, q) = match resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut q = q.param("diffs", &a.diffs.to_string());
    if !a.diff_tag.is_empty() {
        q = q.param("diff_tag", &a.diff_tag);
    }
    if !a.diff_version.is_empty() {
        q = q.param("diff_version", &a.diff_version);
    }
    let resp = match client.job_versions::<Value>(&id, &q).await {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving job versions: {e}"));
            return 1;
        }
    };
    let versions: Vec<Value> = resp["Versions"].as_array().cloned().unwrap_or_default();
    let diffs: Vec<Value> = resp["Diffs"].as_array().cloned().unwrap_or_default();
    let render = |ctx: &Ctx, i: usize, job: &Value| {
        let diff = diffs
            .get(i)
            .filter(|d| d["Type"].as_str().is_some_and(|t| t != "None"))
            .map(|d| super::diff::format_job_diff(d, false));
        let full = a
            .full
            .then(|| crate::output::json::to_json(GoType::Job.expr(), job));
        ctx.ui
            .colorize(&format_version(job, diff.as_deref(), full.as_deref()))
    };
    if !a.version.is_empty() {
        let Ok(want) = a.version.parse::<u64>() else {
            let v = quote(&a.version);
            ctx.ui.error(&format!(
                "Error parsing version value {v}: strconv.ParseUint: parsing {v}: invalid syntax"
            ));
            return 1;
        };
        let found = versions
            .iter()
            .position(|j| j["Version"].as_u64() == Some(want));
        if let Some(f) = &format {
            let v = found.map(|i| versions[i].clone()).unwrap_or(Value::Null);
            return data::print(ctx, f, GoType::Job, &v);
        }
        return match found {
            Some(i) => {
                let out = render(ctx, i, &versions[i]);
                ctx.ui.output(&out);
                0
            }
            None => {
                ctx.ui
                    .error("Error printing job history for non-existing job or job version");
                1
            }
        };
    }
    if let Some(f) = &format {
        return data::print(ctx, f, GoType::Jobs, &Value::Array(versions));
    }
    for (i, job) in versions.iter().enumerate() {
        let out = render(ctx, i, job);
        ctx.ui.output(&out);
        if i + 1 != versions.len() {
            ctx.ui.output("");
        }
    }
    0
}
