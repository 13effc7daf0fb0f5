//! Reading job files for `run`, `plan` and `validate` (Nomad's `JobGetter`).
//!
//! A path or `-` (standard input) is read locally. `-json` files are decoded here (a bare job
//! or `{"Job": …}`). HCL2 goes to the agent's `PUT /v1/jobs/parse`; `-var`, `-var-file` and
//! `NOMAD_VAR_*` are turned into the request's `Variables` text, with Nomad's precedence
//! (environment < files < flags). The agent's parser has no file-system functions (`file()`
//! and friends), so jobs using them fail to parse there; Nomad parses those locally.

use serde::Serialize;
use serde_json::Value;

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
    pub variable_flags: Option<std::collections::BTreeMap<String, String>>,
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

/// One HCL attribute line for a variable's value: lists, maps and numbers and bools are
/// written as they are, anything else as a quoted string.
fn var_line(name: &str, value: &str) -> String {
    let t = value.trim();
    let raw = t.starts_with('[')
        || t.starts_with('{')
        || t == "true"
        || t == "false"
        || (!t.is_empty() && t.parse::<f64>().is_ok());
    if raw {
        format!("{name} = {t}")
    } else {
        format!("{name} = {}", quote(value))
    }
}

/// Names assigned at the top level of a variables file (`name = …` at the line start).
fn assigned_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let (name, _) = l.split_once('=')?;
            let name = name.trim();
            (!name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .then(|| name.to_string())
        })
        .collect()
}

/// Names assigned at the top level of an HCL variables file (not keys inside a map or list
/// value spanning several lines), in file order.
fn top_level_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth: i32 = 0;
    for line in text.lines() {
        if depth == 0 {
            names.extend(assigned_names(line));
        }
        let mut in_str = false;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_str => escaped = true,
                '"' => in_str = !in_str,
                '#' if !in_str => break,
                '{' | '[' | '(' if !in_str => depth += 1,
                '}' | ']' | ')' if !in_str => depth -= 1,
                _ => {}
            }
        }
    }
    names
}

/// Names of the `variable` blocks a job file declares.
fn declared_variables(src: &str) -> Vec<String> {
    src.lines()
        .filter_map(|l| {
            let rest = l.trim_start().strip_prefix("variable")?;
            if !rest.starts_with([' ', '\t', '"']) {
                return None;
            }
            let rest = rest.trim_start();
            let name: String = match rest.strip_prefix('"') {
                Some(r) => r.split('"').next()?.to_string(),
                None => rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect(),
            };
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// What jobspec2 reports in strict mode (`-hcl2-strict`, the default): values from
/// `-var-file` and `-var` for variables the file does not declare. Each diagnostic has no
/// subject, which Go prints as `<nil>`.
fn undefined_variables(src: &str, f: &JobFileArgs) -> Vec<String> {
    let declared = declared_variables(src);
    let mut out = Vec::new();
    for path in &f.var_file {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for name in top_level_names(&text) {
            if !declared.contains(&name) {
                out.push(format!(
                    "<nil>: Undefined variable; A {q} variable was set but was not found in \
known variables. To declare variable {q}, place this block in your job files",
                    q = quote(&name)
                ));
            }
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for v in &f.var {
        // jobspec2 drops a -var without '=' silently.
        let Some((name, _)) = v.split_once('=') else {
            continue;
        };
        if declared.iter().any(|d| d == name) || seen.contains(&name) {
            continue;
        }
        seen.push(name);
        out.push(format!(
            "<nil>: Undefined -var variable; A {q} variable was passed in the command line but \
was not found in known variables. To declare variable {q}, place this block in your job file",
            q = quote(name)
        ));
    }
    out
}

/// Builds the parse request's `Variables` text and the submission's variable records.
fn variables(
    f: &JobFileArgs,
    env: &Env,
) -> Result<(String, String, std::collections::BTreeMap<String, String>), String> {
    let mut flags: Vec<(String, String)> = Vec::new();
    for (k, v) in env.vars() {
        if let Some(name) = k.strip_prefix("NOMAD_VAR_") {
            flags.push((name.to_string(), v.to_string()));
        }
    }
    let env_count = flags.len();
    // A -var without '=' gives the parser nothing (jobspec2 drops it) but is recorded in the
    // submission with an empty value (Nomad's extractVarFlags).
    let mut bare: Vec<&str> = Vec::new();
    for v in &f.var {
        match v.split_once('=') {
            Some((k, val)) => flags.push((k.to_string(), val.to_string())),
            None => bare.push(v),
        }
    }
    let mut files = String::new();
    for path in &f.var_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "Error getting job struct: Failed to read var file(s): open {path}: {}",
                io_text(&e)
            )
        })?;
        files.push_str(&text);
        files.push('\n');
    }
    let in_files = assigned_names(&files);
    let flag_names: Vec<&str> = flags[env_count..].iter().map(|(k, _)| k.as_str()).collect();
    let mut out = String::new();
    let mut record = std::collections::BTreeMap::new();
    // Environment values lose to files and flags.
    for (i, (k, v)) in flags.iter().enumerate() {
        record.insert(k.clone(), v.clone());
        let overridden = if i < env_count {
            in_files.iter().any(|n| n == k) || flag_names.contains(&k.as_str())
        } else {
            flag_names[i - env_count + 1..].contains(&k.as_str())
        };
        if i < env_count && !overridden {
            out.push_str(&var_line(k, v));
            out.push('\n');
        }
    }
    // Files, without the single-line assignments a flag overrides.
    for line in files.lines() {
        let name = assigned_names(line);
        if name
            .first()
            .is_some_and(|n| flag_names.contains(&n.as_str()))
        {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    let mut seen: Vec<&str> = Vec::new();
    for (k, v) in flags[env_count..].iter().rev() {
        if seen.contains(&k.as_str()) {
            continue;
        }
        seen.push(k);
        out.push_str(&var_line(k, v));
        out.push('\n');
    }
    if !bare.is_empty() {
        // The submission's record is the environment's values overwritten by the flags', in
        // the flags' order.
        for (k, v) in env.vars() {
            if let Some(name) = k.strip_prefix("NOMAD_VAR_") {
                record.insert(name.to_string(), v.to_string());
            }
        }
        for v in &f.var {
            let (k, val) = v.split_once('=').unwrap_or((v.as_str(), ""));
            record.insert(k.to_string(), val.to_string());
        }
    }
    Ok((out, files, record))
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
    let (vars_text, files, flags) = variables(f, env)?;
    // Strict mode's undefined variables; the agent's parser (never strict) still reports
    // the unset ones, which jobspec2 lists after them.
    // (HCL's JSON syntax is left to the agent: its declarations are not scanned here.)
    let undefined = if f.hcl2_strict && !text.trim_start().starts_with('{') {
        undefined_variables(&text, f)
    } else {
        Vec::new()
    };
    let strict_error = |unset: &str| {
        let mut lines = undefined.clone();
        lines.extend(
            unset
                .trim()
                .strip_prefix("Failed to parse job: ")
                .unwrap_or(unset)
                .lines()
                .filter(|l| l.starts_with("<nil>: Unset variable"))
                .map(str::to_string),
        );
        format!(
            "Error getting job struct: Error parsing job file from {path}:\n{}",
            lines.join("\n")
        )
    };
    #[derive(Serialize)]
    struct ParseRequest<'a> {
        #[serde(rename = "JobHCL")]
        job_hcl: &'a str,
        #[serde(rename = "HCLv1")]
        hclv1: bool,
        #[serde(rename = "Variables")]
        variables: &'a str,
        #[serde(rename = "Canonicalize")]
        canonicalize: bool,
    }
    let req = ParseRequest {
        job_hcl: &text,
        hclv1: false,
        variables: &vars_text,
        canonicalize: false,
    };
    match client
        .parse_job::<Value, _>(&req, &crate::api::QueryOptions::new())
        .await
    {
        Ok(_) if !undefined.is_empty() => Err(strict_error("")),
        // Only unset variables come after the undefined ones; a file that does not parse
        // fails with its own error first.
        Err(crate::api::Error::Status { code: 400, body })
            if !undefined.is_empty() && body.contains("<nil>: Unset variable") =>
        {
            Err(strict_error(&body))
        }
        Ok((job, _)) => Ok(JobFile {
            job,
            submission: Submission {
                source: text,
                format: "hcl2".into(),
                variable_flags: Some(flags),
                variables: files,
            },
        }),
        Err(crate::api::Error::Status { code: 400, body }) => {
            let detail = body
                .trim()
                .strip_prefix("Failed to parse job: ")
                .unwrap_or(body.trim())
                .replace("input.hcl:", &format!("{name}:"));
            Err(format!(
                "Error getting job struct: Error parsing job file from {path}:\n{detail}"
            ))
        }
        Err(e) => Err(format!(
            "Error getting job struct: Error parsing job file from {path}: {e}"
        )),
    }
}
