//! `PUT /v1/job/:id/dispatch` (a child of a parameterized job) and
//! `GET /v1/job/:id/submission?version=N` (the source a job version was registered with).

use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::job;
use crate::state::State;
use serde_json::{json, Value};

/// Nomad's `DispatchPayloadSizeLimit`.
const PAYLOAD_LIMIT: usize = 16 * 1024;

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    use Handler::*;
    match rest {
        ["job", id, "dispatch"] => mk(
            method,
            &["PUT", "POST"],
            Write(dispatch),
            Need::Write,
            vec![id.to_string()],
        ),
        ["job", id, "submission"] => mk(
            method,
            &["GET"],
            Query(submission),
            Need::Read,
            vec![id.to_string()],
        ),
        _ => Ok(None),
    }
}

/// Length of the bytes a standard base64 text encodes.
fn decoded_len(b64: &str) -> usize {
    let t = b64.trim_end_matches('=');
    t.len() * 3 / 4
}

/// Go's `%v` of a `[]string`: `[a b]`.
fn go_list(keys: &[&str]) -> String {
    format!("[{}]", keys.join(" "))
}

fn err500(msg: String) -> ApiError {
    ApiError::new(500, msg)
}

fn dispatch(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let path_id = req.param(0).to_string();
    let body_id = body["JobID"].as_str().unwrap_or("");
    if !body_id.is_empty() && body_id != path_id {
        return Err(ApiError::new(400, "Job ID does not match"));
    }
    let ns = req.namespace().to_string();
    let parent = st
        .job(&ns, &path_id)
        .cloned()
        .ok_or_else(|| err500("parameterized job not found".into()))?;
    if !job::is_parameterized(&parent) {
        return Err(err500(format!(
            "Specified job {path_id:?} is not a parameterized job"
        )));
    }
    if parent["Stop"].as_bool().unwrap_or(false) {
        return Err(err500(format!("Specified job {path_id:?} is stopped")));
    }
    let mut priority = body["Priority"].as_i64().unwrap_or(0);
    if priority == 0 {
        priority = parent["Priority"].as_i64().unwrap_or(50);
    }
    // validateDispatchRequest, in Nomad's order.
    let payload = body["Payload"].as_str().unwrap_or("").to_string();
    let payload_len = decoded_len(&payload);
    let param = &parent["ParameterizedJob"];
    match param["Payload"].as_str().unwrap_or("optional") {
        "required" if payload_len == 0 => {
            return Err(err500(
                "Payload is not provided but required by parameterized job".into(),
            ))
        }
        "forbidden" if payload_len != 0 => {
            return Err(err500(
                "Payload provided but forbidden by parameterized job".into(),
            ))
        }
        _ => {}
    }
    if payload_len > PAYLOAD_LIMIT {
        return Err(err500(format!(
            "Payload exceeds maximum size; {payload_len} > {PAYLOAD_LIMIT}"
        )));
    }
    let list = |k: &str| -> Vec<String> {
        param[k]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let (required, optional) = (list("MetaRequired"), list("MetaOptional"));
    let meta = body["Meta"].as_object().cloned().unwrap_or_default();
    let unpermitted: Vec<&str> = meta
        .keys()
        .map(String::as_str)
        .filter(|k| !required.iter().any(|r| r == k) && !optional.iter().any(|o| o == k))
        .collect();
    if !unpermitted.is_empty() {
        return Err(err500(format!(
            "Dispatch request included unpermitted metadata keys: {}",
            go_list(&unpermitted)
        )));
    }
    let missing: Vec<&str> = required
        .iter()
        .map(String::as_str)
        .filter(|k| !meta.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        return Err(err500(format!(
            "Dispatch did not provide required meta keys: {}",
            go_list(&missing)
        )));
    }
    if !(1..=100).contains(&priority) {
        return Err(err500(
            "dispatch job priority must be between [1, 100]".into(),
        ));
    }
    // An idempotency token that a child already carries returns that child.
    let token = req.q("idempotency_token").unwrap_or("").to_string();
    if !token.is_empty() {
        let existing = st.jobs.iter().find(|((n, id), rec)| {
            n == &ns
                && id.starts_with(&path_id)
                && job::s(&rec.job, "ParentID") == path_id
                && job::s(&rec.job, "DispatchIdempotencyToken") == token
        });
        if let Some((_, rec)) = existing {
            return Ok(Answer::plain(json!({
                "DispatchedJobID": rec.job["ID"], "EvalID": "", "EvalCreateIndex": 0,
                "JobCreateIndex": rec.job["CreateIndex"], "Index": rec.job["ModifyIndex"],
            })));
        }
    }
    let unix = st.now_ns() / 1_000_000_000;
    let short: String = st.rng.uuid().chars().take(8).collect();
    let template = body["IdPrefixTemplate"].as_str().unwrap_or("");
    let child_id = if template.is_empty() {
        format!("{path_id}/dispatch-{unix}-{short}")
    } else {
        format!("{path_id}/dispatch-{template}-{unix}-{short}")
    };
    let mut child = parent.clone();
    child["ID"] = json!(child_id);
    child["Name"] = json!(child_id);
    child["ParentID"] = json!(path_id);
    child["Dispatched"] = json!(true);
    child["Status"] = json!("");
    child["StatusDescription"] = json!("");
    child["DispatchIdempotencyToken"] = json!(token);
    child["Priority"] = json!(priority);
    child["CreateIndex"] = json!(0);
    child["SubmitTime"] = json!(0);
    if !meta.is_empty() {
        if !child["Meta"].is_object() {
            child["Meta"] = json!({});
        }
        for (k, v) in meta {
            child["Meta"][k] = v;
        }
    }
    child["Payload"] = if payload.is_empty() {
        Value::Null
    } else {
        json!(payload)
    };
    let r = crate::sched::register_as(st, child, "job-register");
    let create_index = st
        .job(&ns, &child_id)
        .map(|j| job::u(j, "CreateIndex"))
        .unwrap_or(0);
    Ok(Answer::plain(json!({
        "DispatchedJobID": child_id,
        "EvalID": r.eval_id,
        "EvalCreateIndex": r.eval_create_index,
        "JobCreateIndex": create_index,
        "Index": create_index,
    })))
}

fn submission(st: &State, req: &Req) -> Result<Answer, ApiError> {
    let version: u64 = req
        .q("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| ApiError::new(400, "Unable to parse job submission version parameter"))?;
    let key = (
        req.namespace().to_string(),
        req.param(0).to_string(),
        version,
    );
    let sub = st
        .submissions
        .get(&key)
        .ok_or_else(|| ApiError::new(404, "job source not found"))?;
    Ok(Answer::new(
        sub["JobModifyIndex"].as_u64().unwrap_or(0),
        sub.clone(),
    ))
}

/// Keeps the `Submission` of a register request for the version just stored (as Nomad's
/// `updateJobSubmission`: at most one per version, the last six versions kept).
pub fn record_submission(st: &mut State, sub: &Value, ns: &str, id: &str) {
    if !sub.is_object() {
        return;
    }
    let Some(job) = st.job(ns, id) else { return };
    let (version, index) = (job::u(job, "Version"), job::u(job, "JobModifyIndex"));
    let key = (ns.to_string(), id.to_string(), version);
    if st.submissions.contains_key(&key) {
        return;
    }
    let mut s = json!({
        "Source": sub["Source"].as_str().unwrap_or(""),
        "Format": sub["Format"].as_str().unwrap_or(""),
        // The api client's Canonicalize sends an empty map as nil.
        "VariableFlags": match &sub["VariableFlags"] {
            Value::Object(m) if !m.is_empty() => Value::Object(m.clone()),
            _ => Value::Null,
        },
        "Variables": sub["Variables"].as_str().unwrap_or(""),
    });
    s["Namespace"] = json!(ns);
    s["JobID"] = json!(id);
    s["Version"] = json!(version);
    s["JobModifyIndex"] = json!(index);
    st.submissions.insert(key, s);
    st.submissions
        .retain(|(n, j, v), _| n != ns || j != id || *v + 6 > version);
}

/// A revert keeps the submission of the version it goes back to, as Nomad does.
pub fn copy_submission(st: &mut State, ns: &str, id: &str, from_version: u64) {
    let Some(old) = st
        .submissions
        .get(&(ns.to_string(), id.to_string(), from_version))
        .cloned()
    else {
        return;
    };
    record_submission(st, &old, ns, id);
}

/// Nomad's default `job_max_source_size` ("1M", SI).
const MAX_SOURCE: usize = 1_000_000;

/// go-humanize's `Bytes` (SI units).
fn si_bytes(n: usize) -> String {
    if n < 10 {
        return format!("{n} B");
    }
    let sizes = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    let e = ((n as f64).ln() / 1000f64.ln()).floor() as i32;
    let val = ((n as f64) / 1000f64.powi(e) * 10.0 + 0.5).floor() / 10.0;
    let suffix = sizes[e.clamp(0, 6) as usize];
    if val < 10.0 {
        format!("{val:.1} {suffix}")
    } else {
        format!("{val:.0} {suffix}")
    }
}

/// The register warning Nomad gives when a submission is too large to keep (it is then
/// dropped, and the job registered all the same).
pub fn oversized_submission(sub: &Value) -> Option<String> {
    if !sub.is_object() {
        return None;
    }
    let mut total = sub["Source"].as_str().map_or(0, str::len);
    total += sub["Variables"].as_str().map_or(0, str::len);
    for (k, v) in sub["VariableFlags"].as_object().into_iter().flatten() {
        total += k.len() + v.as_str().map_or(0, str::len);
    }
    (total > MAX_SOURCE).then(|| {
        format!(
            "1 warning:\n\n* job source size of {} exceeds maximum of {} and will be discarded",
            si_bytes(total),
            si_bytes(MAX_SOURCE)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanizes_like_go() {
        assert_eq!(si_bytes(1_000_000), "1.0 MB");
        assert_eq!(si_bytes(1_048_577), "1.0 MB");
        assert_eq!(si_bytes(12_345_678), "12 MB");
        assert_eq!(si_bytes(999), "999 B");
    }
}
