//! `PUT|DELETE /v1/job/:id/versions/:name/tag`: naming a job version (recorded in
//! `api/depl/job-*-tag-*`).

use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::job;
use crate::state::{State, Table};
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    match rest {
        ["job", id, "versions", name, "tag"] => {
            let handler: super::WriteFn = if method == "DELETE" { unset } else { apply };
            mk(
                method,
                &["PUT", "POST", "DELETE"],
                Handler::Write(handler),
                Need::Write,
                vec![id.to_string(), name.to_string()],
            )
        }
        _ => Ok(None),
    }
}

/// Every stored version of a job, the current one last, for changing in place.
fn versions_mut<'a>(st: &'a mut State, ns: &str, id: &str) -> Vec<&'a mut Value> {
    match st.jobs.get_mut(&(ns.to_string(), id.to_string())) {
        Some(rec) => rec
            .versions
            .iter_mut()
            .chain(std::iter::once(&mut rec.job))
            .collect(),
        None => Vec::new(),
    }
}

/// The answer both share: the tag as it now is, with a write's zero query metadata in the
/// body and, as recorded, no index header (`query_meta` without an index sends none).
fn answer(tag: &Value, index: u64) -> Answer {
    Answer {
        index: None,
        query_meta: true,
        ..Answer::plain(json!({
            "Name": tag["Name"].as_str().unwrap_or(""),
            "Description": tag["Description"].as_str().unwrap_or(""),
            "TaggedTime": tag["TaggedTime"].as_i64().unwrap_or(0),
            "Index": index, "KnownLeader": false, "LastContact": 0, "NextToken": "",
        }))
    }
}

fn apply(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let body = req.json()?;
    let (id, name) = (req.param(0).to_string(), req.param(1).to_string());
    let ns = req.namespace().to_string();
    let version = body["Version"].as_u64().unwrap_or(0);
    let description = body["Description"].as_str().unwrap_or("").to_string();
    let now = st.now_ns();
    let index = st.index() + 1;
    let mut versions = versions_mut(st, &ns, &id);
    if versions.iter().any(|v| {
        v["VersionTag"]["Name"].as_str() == Some(name.as_str()) && job::u(v, "Version") != version
    }) {
        return Err(ApiError::new(
            500,
            format!("tag {name:?} already exists on a different version of job {id:?}"),
        ));
    }
    let Some(target) = versions
        .iter_mut()
        .find(|v| job::u(v, "Version") == version)
    else {
        return Err(ApiError::new(
            500,
            format!("job {id:?} version {version} not found"),
        ));
    };
    let tag = json!({"Name": name, "Description": description, "TaggedTime": now});
    target["VersionTag"] = tag.clone();
    st.next_index();
    st.touch(Table::JobVersion);
    Ok(answer(&tag, index))
}

fn unset(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let (id, name) = (req.param(0).to_string(), req.param(1).to_string());
    let ns = req.namespace().to_string();
    let index = st.index() + 1;
    let mut versions = versions_mut(st, &ns, &id);
    let Some(tagged) = versions
        .iter_mut()
        .find(|v| v["VersionTag"]["Name"].as_str() == Some(name.as_str()))
    else {
        return Err(ApiError::new(
            500,
            format!("tag {name:?} not found on job {id:?}"),
        ));
    };
    tagged["VersionTag"] = Value::Null;
    st.next_index();
    st.touch(Table::JobVersion);
    Ok(answer(&Value::Null, index))
}
