//! `PUT /v1/deployment/{fail,pause,unblock}/:id`: a user's changes to a deployment's status,
//! as Nomad's deployment watcher makes them (recorded in `api/depl/deployment-*`).

use super::{mk, Answer, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::job;
use crate::sched::{enqueue, new_eval, register_as};
use crate::state::State;
use serde_json::{json, Value};

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    let handler: fn(&mut State, &Req) -> Result<Answer, ApiError> = match rest {
        ["deployment", "fail", _] => fail,
        ["deployment", "pause", _] => pause,
        ["deployment", "unblock", _] => unblock,
        _ => return Ok(None),
    };
    mk(
        method,
        &["PUT", "POST"],
        Handler::Write(handler),
        Need::Write,
        vec![rest[2].to_string()],
    )
}

/// The deployment the request names, checked as Nomad's endpoint does (the body's ID must
/// be there and match the path's; a terminal deployment gets `can't <verb> terminal
/// deployment`).
fn target(st: &State, req: &Req, verb: &str) -> Result<crate::model::Deployment, ApiError> {
    let body = req.json()?;
    let given = body["DeploymentID"].as_str().unwrap_or("");
    if given.is_empty() {
        return Err(ApiError::new(400, "missing deployment ID"));
    }
    let Some(d) = st.deployments.get(given).cloned() else {
        return Err(ApiError::new(500, "deployment not found"));
    };
    let active = matches!(
        d.status.as_str(),
        "running" | "paused" | "blocked" | "unblocking" | "initializing" | "pending"
    );
    if !active {
        return Err(ApiError::new(
            500,
            format!("can't {verb} terminal deployment"),
        ));
    }
    Ok(d)
}

/// A `deployment-watcher` evaluation of the deployment's job, enqueued.
fn evaluate(st: &mut State, d: &crate::model::Deployment) -> (String, u64) {
    let job = st
        .job(&d.namespace, &d.job_id)
        .cloned()
        .unwrap_or(Value::Null);
    let mut eval = new_eval(st, &job, "deployment-watcher");
    eval.deployment_id = d.id.clone();
    enqueue(st, eval)
}

fn update(eval: Option<(String, u64)>, index: u64, reverted: Option<u64>) -> Answer {
    let (eval_id, eval_index) = eval.unwrap_or_default();
    // The index header goes out even when it is 0 (unblock), as Nomad's does.
    Answer {
        index: Some(index),
        ..Answer::plain(json!({
            "EvalID": eval_id, "EvalCreateIndex": eval_index,
            "DeploymentModifyIndex": index, "RevertedJobVersion": reverted, "Index": index,
        }))
    }
}

fn pause(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let pause = req.json()?["Pause"].as_bool().unwrap_or(false);
    let mut d = target(st, req, if pause { "pause" } else { "resume" })?;
    let prev = st.events.write_type.replace("DeploymentStatusUpdate");
    let answer = if pause {
        d.status = "paused".into();
        d.status_description = "Deployment is paused".into();
        st.upsert_deployment(d);
        update(None, st.index(), None)
    } else {
        d.status = "running".into();
        d.status_description = "Deployment is running".into();
        st.upsert_deployment(d.clone());
        let eval = evaluate(st, &d);
        update(Some(eval), st.index(), None)
    };
    st.events.write_type = prev;
    Ok(answer)
}

fn fail(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    let mut d = target(st, req, "fail")?;
    let prev = st.events.write_type.replace("DeploymentStatusUpdate");
    d.status = "failed".into();
    d.status_description = "Deployment marked as failed".into();
    // A group that reverts on failure sends the job back to its latest stable version.
    let mut rollback = None;
    if d.task_groups.values().any(|s| s.auto_revert) {
        let stable = st
            .jobs
            .get(&(d.namespace.clone(), d.job_id.clone()))
            .and_then(|rec| {
                rec.versions
                    .iter()
                    .rev()
                    .find(|j| {
                        j["Stable"].as_bool().unwrap_or(false)
                            && job::u(j, "Version") < d.job_version
                    })
                    .cloned()
            });
        match stable {
            Some(j) => {
                d.status_description = format!(
                    "Deployment marked as failed - rolling back to job version {}",
                    job::u(&j, "Version")
                );
                rollback = Some(j);
            }
            None => {
                d.status_description =
                    "Deployment marked as failed - no stable job version to auto revert to".into()
            }
        }
    }
    st.upsert_deployment(d.clone());
    let reverted = rollback.as_ref().map(|j| job::u(j, "Version"));
    let eval = match rollback {
        Some(mut j) => {
            j["Stable"] = json!(false);
            let r = register_as(st, j, "rollback");
            (r.eval_id, r.eval_create_index)
        }
        None => evaluate(st, &d),
    };
    st.events.write_type = prev;
    Ok(update(Some(eval), st.index(), reverted))
}

/// Unblocking is for multiregion deployments (Nomad Enterprise); the open-source server
/// answers a deployment that is not terminal with an all-zero response, as recorded.
fn unblock(st: &mut State, req: &Req) -> Result<Answer, ApiError> {
    target(st, req, "unblock")?;
    Ok(update(None, 0, None))
}
