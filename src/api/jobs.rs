//! Jobs: list stubs, summaries, full jobs, and the prefix lookup every job command uses.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::url::path_escape;
use super::{Client, Error, QueryMeta, QueryOptions};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct JobListStub {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "ParentID")]
    pub parent_id: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Namespace")]
    pub namespace: String,
    #[serde(rename = "Type")]
    pub job_type: String,
    #[serde(rename = "Priority")]
    pub priority: i64,
    #[serde(rename = "Periodic")]
    pub periodic: bool,
    #[serde(rename = "ParameterizedJob")]
    pub parameterized_job: bool,
    #[serde(rename = "Stop")]
    pub stop: bool,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "JobSummary")]
    pub job_summary: Option<JobSummary>,
    #[serde(rename = "SubmitTime")]
    pub submit_time: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct JobSummary {
    #[serde(rename = "JobID")]
    pub job_id: String,
    #[serde(rename = "Namespace")]
    pub namespace: String,
    #[serde(rename = "Summary")]
    pub summary: Option<BTreeMap<String, TaskGroupSummary>>,
    #[serde(rename = "Children")]
    pub children: Option<JobChildrenSummary>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TaskGroupSummary {
    pub queued: i64,
    pub complete: i64,
    pub failed: i64,
    pub running: i64,
    pub starting: i64,
    pub lost: i64,
    pub unknown: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct JobChildrenSummary {
    pub pending: i64,
    pub running: i64,
    pub dead: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Job {
    #[serde(rename = "ID")]
    pub id: Option<String>,
    #[serde(rename = "Name")]
    pub name: Option<String>,
    #[serde(rename = "Namespace")]
    pub namespace: Option<String>,
    #[serde(rename = "Type")]
    pub job_type: Option<String>,
    #[serde(rename = "Priority")]
    pub priority: Option<i64>,
    #[serde(rename = "Datacenters")]
    pub datacenters: Option<Vec<String>>,
    #[serde(rename = "NodePool")]
    pub node_pool: Option<String>,
    #[serde(rename = "Status")]
    pub status: Option<String>,
    #[serde(rename = "Stop")]
    pub stop: Option<bool>,
    #[serde(rename = "Periodic")]
    pub periodic: Option<PeriodicConfig>,
    #[serde(rename = "ParameterizedJob")]
    pub parameterized_job: Option<ParameterizedJobConfig>,
    #[serde(rename = "Dispatched")]
    pub dispatched: bool,
    #[serde(rename = "DispatchIdempotencyToken")]
    pub dispatch_idempotency_token: Option<String>,
    #[serde(rename = "SubmitTime")]
    pub submit_time: Option<i64>,
    #[serde(rename = "TaskGroups")]
    pub task_groups: Option<Vec<TaskGroup>>,
    #[serde(rename = "Multiregion")]
    pub multiregion: Option<serde_json::Value>,
}

impl Job {
    pub fn is_periodic(&self) -> bool {
        self.periodic.is_some()
    }
    /// `IsParameterized`: a parameterized job that is not itself a dispatched child.
    pub fn is_parameterized(&self) -> bool {
        self.parameterized_job.is_some() && !self.dispatched
    }
    pub fn is_multiregion(&self) -> bool {
        self.multiregion
            .as_ref()
            .and_then(|m| m.get("Regions"))
            .and_then(|r| r.as_array())
            .is_some_and(|r| !r.is_empty())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PeriodicConfig {
    #[serde(rename = "Enabled")]
    pub enabled: Option<bool>,
    #[serde(rename = "Spec")]
    pub spec: Option<String>,
    #[serde(rename = "Specs")]
    pub specs: Option<Vec<String>>,
    #[serde(rename = "SpecType")]
    pub spec_type: Option<String>,
    #[serde(rename = "ProhibitOverlap")]
    pub prohibit_overlap: Option<bool>,
    #[serde(rename = "TimeZone")]
    pub time_zone: Option<String>,
}

impl PeriodicConfig {
    /// Every cron spec of the job: `Spec` (when set) and then `Specs`.
    pub fn cron_specs(&self) -> Vec<&str> {
        let mut specs: Vec<&str> = Vec::new();
        if let Some(s) = self.spec.as_deref().filter(|s| !s.is_empty()) {
            specs.push(s);
        }
        specs.extend(self.specs.iter().flatten().map(String::as_str));
        specs
    }

    /// `Next Periodic Launch` text (see `gocompat::cron::next_launch`).
    pub fn next_launch(&self, now_ns: i64) -> Option<String> {
        let zone = self.time_zone.as_deref().unwrap_or("");
        crate::gocompat::cron::next_launch(&self.cron_specs(), zone, now_ns)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ParameterizedJobConfig {
    #[serde(rename = "Payload")]
    pub payload: String,
    #[serde(rename = "MetaRequired")]
    pub meta_required: Option<Vec<String>>,
    #[serde(rename = "MetaOptional")]
    pub meta_optional: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskGroup {
    #[serde(rename = "Name")]
    pub name: Option<String>,
    #[serde(rename = "Tasks")]
    pub tasks: Option<Vec<Task>>,
    #[serde(rename = "ReschedulePolicy")]
    pub reschedule_policy: Option<ReschedulePolicy>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Task {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Actions")]
    pub actions: Option<Vec<Action>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Action {
    #[serde(rename = "Name")]
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReschedulePolicy {
    #[serde(rename = "Attempts")]
    pub attempts: Option<i64>,
    #[serde(rename = "Interval")]
    pub interval: Option<i64>,
    #[serde(rename = "Delay")]
    pub delay: Option<i64>,
    #[serde(rename = "DelayFunction")]
    pub delay_function: Option<String>,
    #[serde(rename = "MaxDelay")]
    pub max_delay: Option<i64>,
    #[serde(rename = "Unlimited")]
    pub unlimited: Option<bool>,
}

/// `/v1/job/<id>` with the ID escaped as Go's `url.PathEscape` does.
pub fn job_path(id: &str, rest: &str) -> String {
    format!("/v1/job/{}{rest}", path_escape(id))
}

impl Client {
    pub async fn jobs(&self, q: &QueryOptions) -> Result<(Vec<JobListStub>, QueryMeta), Error> {
        let (v, m) = self.get::<Option<Vec<JobListStub>>>("/v1/jobs", q).await?;
        let mut v = v.unwrap_or_default();
        // The Go client sorts by ID (`sort.Sort`, not stable: IDs repeat across namespaces).
        crate::gocompat::sort::sort(&mut v, |a, b| a.id < b.id);
        Ok((v, m))
    }
}
