//! Reading job files for `run`, `plan` and `validate` (Nomad's `JobGetter`).
//!
//! A path or `-` (standard input) is read locally. `-json` files are decoded here (a bare job
//! or `{"Job": …}`). HCL2 goes to the agent's `PUT /v1/jobs/parse`; `-var`, `-var-file` and
//! `NOMAD_VAR_*` are merged per variable into the request's `Variables` text (see `jobvars`).
//! The agent's parser has no file-system functions (`file()`
//! and friends), so jobs using them fail to parse there; Nomad parses those locally.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

use super::jobvars::{self, VarContent};
use crate::api::Client;
use crate::cli::job::JobFileArgs;
use crate::commands::common::{go_json_error, io_text};
use crate::env::Env;
use crate::gocompat::strconv::quote;

/// What `PUT /v1/jobs` records about the source (`api.JobSubmission`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Submission {
    #[serde(rename = "Source")]
    pub source: String,
    #[serde(rename = "Format")]
    pub format: String,
    #[serde(rename = "VariableFlags", skip_serializing_if = "Option::is_none")]
    pub variable_flags: Option<BTreeMap<String, String>>,
    #[serde(rename = "Variables", skip_serializing_if = "String::is_empty")]
    pub variables: String,
}

/// A parsed job file.
pub struct JobFile {
    pub job: Value,
    pub submission: Submission,
}

/// The flags' own check before anything is read.
pub fn check_options(f: &JobFileArgs) -> Result<(), String> {
    if f.json && (!f.var.is_empty() || !f.var_file.is_empty()) {
        return Err("Invalid job options: cannot use variables with JSON files.".into());
    }
    Ok(())
}

/// Reads the file (or stdin for `-`): `(text, name used in diagnostics)`.
fn read_source(path: &str) -> Result<(String, String), String> {
    if path.is_empty() {
        return Err("Error jobfile path has to be specified.".into());
    }
    if path == "-" {
        let mut s = String::new();
        use std::io::Read;
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("Error reading stdin: {e}"))?;
        return Ok((s, "stdin".into()));
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.into());
    let abs_s = abs.to_string_lossy().into_owned();
    let meta = std::fs::metadata(&abs).map_err(|e| {
        format!(
            "Error getting jobfile from {}: source path error: stat {abs_s}: {}",
            quote(path),
            io_text(&e)
        )
    })?;
    if meta.is_dir() {
        return Err(format!(
            "Error getting jobfile from {}: source path must be a file",
            quote(path)
        ));
    }
    let text = std::fs::read_to_string(&abs).map_err(|e| {
        format!(
            "Error getting jobfile from {}: open {abs_s}: {}",
            quote(path),
            io_text(&e)
        )
    })?;
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((text, name))
}

/// Decodes a JSON job: `{"Job": …}` or the job itself.
pub fn parse_json_job(text: &str) -> Result<Value, String> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| format!("Failed to parse JSON job: {}", go_json_error(&e)))?;
    match v {
        Value::Object(mut m) if m.contains_key("Job") => Ok(m.remove("Job").unwrap_or_default()),
        Value::Object(_) => Ok(v),
        _ => Err(
            "Failed to parse JSON job: json: cannot unmarshal into Go value of type api.Job".into(),
        ),
    }
}

/// The submission's record of `-var` and `NOMAD_VAR_*` values (Nomad's `extractVarFlags` over
/// `extractJobSpecEnvVars`): flags win, a flag without `=` is recorded with an empty value.
fn variable_flags(f: &JobFileArgs, env: &Env) -> BTreeMap<String, String> {
    let mut record = BTreeMap::new();
    for (k, v) in env.vars() {
        if let Some(name) = k.strip_prefix("NOMAD_VAR_").filter(|n| !n.is_empty()) {
            record.insert(name.to_string(), v.to_string());
        }
    }
    for v in &f.var {
        let (k, val) = v.split_once('=').unwrap_or((v.as_str(), ""));
        record.insert(k.to_string(), val.to_string());
    }
    record
}

/// Reads and parses the job file named by `path`; errors are the full line to print.
pub async fn get_job(
    client: &Client,
    env: &Env,
    f: &JobFileArgs,
    path: &str,
) -> Result<JobFile, String> {
    let (text, name) = read_source(path).map_err(|e| format!("Error getting job struct: {e}"))?;
    if f.json {
        let job = parse_json_job(&text).map_err(|e| format!("Error getting job struct: {e}"))?;
        return Ok(JobFile {
            job,
            submission: Submission {
                source: text,
                format: "json".into(),
                ..Default::default()
            },
        });
    }
    let failed = |detail: &str| {
        format!("Error getting job struct: Error parsing job file from {path}:\n{detail}")
    };
    // jobspec2 reads every var file before it looks at the job's own diagnostics.
    let mut files = Vec::new();
    let mut submitted_files = String::new();
    for p in &f.var_file {
        let t = jobvars::read_var_file(p).map_err(|e| failed(&e))?;
        submitted_files.push_str(&t);
        submitted_files.push('\n');
        files.push((p.clone(), t));
    }
    let declared = jobvars::declared(&text);
    let env_vars = env
        .vars()
        .into_iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("NOMAD_VAR_")?.to_string(), v.to_string())))
        .collect();
    let sources = jobvars::Sources {
        job: &text,
        declared: declared.as_ref(),
        env: env_vars,
        files,
        flags: &f.var,
    };
    let values = jobvars::Values::new(&sources);
    // Values for undeclared variables are errors in strict mode (`-hcl2-strict`, the
    // default) and warnings otherwise; the agent's parser is never strict, so they are found
    // here. With an error about a value, jobspec2 stops after collecting the variables: only
    // the variables' own diagnostics are printed, in its order (environment, files, flags).
    let (mut value_errors, warnings) = match jobvars::undefined(&sources) {
        u if f.hcl2_strict => (u, Vec::new()),
        u => (Vec::new(), u),
    };
    let parse = |vars: String| parse_hcl(client, &text, vars, path);
    // Var files hcl-edit does not take as plain attributes go to the agent alone first: one
    // that does not parse stops everything (jobspec2 reads the files first), one with other
    // errors reports them, and one the agent takes is used whole.
    let mut raw_ok = Vec::new();
    for (i, check) in values.raw_checks().iter().enumerate() {
        let errors = match parse(check.text.clone()).await? {
            Ok(_) => Vec::new(),
            Err(detail) => {
                let diags = jobvars::diagnostics(&detail);
                let errors: Vec<(usize, String)> =
                    diags.iter().filter_map(|d| check.map_ranked(d)).collect();
                if VarContent::unparsed(&detail) && !errors.is_empty() {
                    let lines: Vec<String> = errors.into_iter().map(|(_, l)| l).collect();
                    return Err(failed(&lines.join("\n")));
                }
                errors
            }
        };
        if errors.is_empty() {
            raw_ok.push(i);
        }
        value_errors.extend(errors);
    }
    // Expressions jobspec2 could not parse are skipped (the variable keeps an earlier value).
    let mut broken = Vec::new();
    for id in values.suspects() {
        let solo = values.solo(id);
        if let Err(detail) = parse(solo.text.clone()).await? {
            if VarContent::unparsed(&detail) {
                broken.push(id);
                let diags = jobvars::diagnostics(&detail);
                value_errors.extend(diags.iter().filter_map(|d| solo.map_ranked(d)));
            }
        }
    }
    let (content, checks) = values.plan(&broken, &raw_ok);
    let result = parse(content.text.clone()).await?;
    let job_lines = |detail: &str| -> Vec<String> {
        let job_name = format!("{name}:");
        jobvars::diagnostics(detail)
            .iter()
            .map(|l| {
                content
                    .map_line(l)
                    .unwrap_or_else(|| l.replace("input.hcl:", &job_name))
            })
            .collect()
    };
    if let Err(detail) = &result {
        // A var file that does not parse, or a job that does not: nothing else is read.
        if VarContent::unparsed(detail) || declared.is_none() {
            return Err(failed(&job_lines(detail).join("\n")));
        }
    }
    // Overridden values are checked too (a bad one fails the job though it would not be used).
    for check in &checks {
        if let Err(detail) = parse(check.text.clone()).await? {
            let diags = jobvars::diagnostics(&detail);
            value_errors.extend(diags.iter().filter_map(|d| check.map_ranked(d)));
        }
    }
    let detail = match result {
        Ok(job) if value_errors.is_empty() => {
            return Ok(JobFile {
                job,
                submission: Submission {
                    source: text,
                    format: "hcl2".into(),
                    variable_flags: Some(variable_flags(f, env)),
                    variables: submitted_files,
                },
            })
        }
        Ok(_) => String::new(),
        Err(detail) => detail,
    };
    let unset = |l: &&str| l.starts_with("<nil>: Unset variable");
    let diags = jobvars::diagnostics(&detail);
    value_errors.extend(diags.iter().filter_map(|d| content.map_ranked(d)));
    if value_errors.is_empty() && !detail.lines().any(|l| unset(&l)) {
        // The job's own errors, after any warnings.
        let mut lines: Vec<String> = warnings.into_iter().map(|(_, l)| l).collect();
        lines.extend(job_lines(&detail));
        return Err(failed(&lines.join("\n")));
    }
    // jobspec2 looks for errors after its first look at each var file (for `variable`
    // blocks) and stops there: later files and the flags are then never read.
    let first = value_errors
        .iter()
        .map(|(rank, _)| *rank)
        .min()
        .unwrap_or(0);
    const DECLARATION: &str = ": Variable declaration in a .var file; ";
    let read = |rank: &usize, line: &str| {
        first >= f.var_file.len()
            || *rank <= first
            || (*rank == first + 1 && line.contains(DECLARATION))
    };
    // Undeclared names first within a source, as in strict mode (Nomad's order is random).
    let mut diags = warnings;
    diags.extend(value_errors);
    diags.retain(|(rank, line)| read(rank, line));
    // A file with `variable` blocks is the last one read: jobspec2 stops at it.
    if let Some(last) = diags
        .iter()
        .filter(|(_, l)| l.contains(DECLARATION))
        .map(|d| d.0)
        .min()
    {
        diags.retain(|(rank, _)| *rank <= last);
    }
    diags.sort_by_key(|(rank, _)| *rank);
    let mut lines: Vec<String> = diags.into_iter().map(|(_, l)| l).collect();
    lines.extend(detail.lines().filter(unset).map(String::from));
    Err(failed(&lines.join("\n")))
}

/// `PUT /v1/jobs/parse` with a variables text: the job, or the agent's error text for a job
/// that does not parse (`Err` of the outer result: any other failure, as the line to print).
async fn parse_hcl(
    client: &Client,
    job: &str,
    variables: String,
    path: &str,
) -> Result<Result<Value, String>, String> {
    #[derive(Serialize)]
    struct ParseRequest<'a> {
        #[serde(rename = "JobHCL")]
        job_hcl: &'a str,
        #[serde(rename = "HCLv1")]
        hclv1: bool,
        #[serde(rename = "Variables")]
        variables: String,
        #[serde(rename = "Canonicalize")]
        canonicalize: bool,
    }
    let req = ParseRequest {
        job_hcl: job,
        hclv1: false,
        variables,
        canonicalize: false,
    };
    match client
        .parse_job::<Value, _>(&req, &crate::api::QueryOptions::new())
        .await
    {
        Ok((job, _)) => Ok(Ok(job)),
        Err(crate::api::Error::Status { code: 400, body }) => {
            let body = body.trim();
            let detail = body.strip_prefix("Failed to parse job: ").unwrap_or(body);
            Ok(Err(detail.to_string()))
        }
        Err(e) => Err(format!(
            "Error getting job struct: Error parsing job file from {path}: {e}"
        )),
    }
}
