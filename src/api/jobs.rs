//! Jobs: list stubs, summaries, full jobs, and the prefix lookup every job command uses.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

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
    #[serde(rename = "Version")]
    pub version: Option<u64>,
    #[serde(rename = "JobModifyIndex")]
    pub job_modify_index: Option<u64>,
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
    /// The cron specs Nomad reads: `Spec` alone when set, else every entry of `Specs`.
    pub fn cron_specs(&self) -> Vec<&str> {
        match self.spec.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => vec![s],
            None => self.specs.iter().flatten().map(String::as_str).collect(),
        }
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
    #[serde(rename = "Count")]
    pub count: Option<i64>,
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
fn job_path(id: &str, rest: &str) -> String {
    format!("/v1/job/{}{rest}", path_escape(id))
}

/// `/v1/job/<id>/allocations`, for lists read as they arrive.
pub fn job_allocations_path(id: &str) -> String {
    job_path(id, "/allocations")
}

/// `/v1/job/<id>/evaluations`, for lists read as they arrive.
pub fn job_evaluations_path(id: &str) -> String {
    job_path(id, "/evaluations")
}

/// The endpoints one job's status reads (the job, its allocations, evaluations, deployments
/// and summary): what `job status -watch` blocks on.
pub fn job_status_paths(id: &str) -> Vec<String> {
    [
        "",
        "/allocations",
        "/evaluations",
        "/deployments",
        "/summary",
    ]
    .iter()
    .map(|rest| job_path(id, rest))
    .collect()
}

/// The job endpoints. Reads are generic over the body: a command decodes into its typed view,
/// or into `serde_json::Value` when it prints the server's JSON as is (`-json`, `-t`).
impl Client {
    /// `GET /v1/jobs`, the list as the server sent it (see [`Client::jobs`] for the typed,
    /// sorted list).
    pub async fn jobs_as<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/jobs", q).await
    }

    /// `GET /v1/job/<id>`.
    pub async fn job<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&job_path(id, ""), q).await
    }

    /// `GET /v1/job/<id>/versions` (`diffs`, `diff_version`, … in `q`).
    pub async fn job_versions<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&job_path(id, "/versions"), q).await
    }

    /// `GET /v1/job/<id>/submission` (`version` in `q`).
    pub async fn job_submission<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&job_path(id, "/submission"), q).await
    }

    /// `GET /v1/job/<id>/summary`.
    pub async fn job_summary<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&job_path(id, "/summary"), q).await
    }

    /// `GET /v1/job/<id>/allocations` (`all` in `q`).
    pub async fn job_allocations<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&job_path(id, "/allocations"), q).await
    }

    /// `GET /v1/job/<id>/allocations` as a blocking query past `index`.
    pub async fn block_job_allocations<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
        index: u64,
        wait: std::time::Duration,
    ) -> Result<(T, QueryMeta), Error> {
        self.block(&job_path(id, "/allocations"), q, index, wait)
            .await
    }

    /// `GET /v1/job/<id>/evaluations`.
    pub async fn job_evaluations<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&job_path(id, "/evaluations"), q).await
    }

    /// `GET /v1/job/<id>/deployment`: the latest deployment (`null` when none).
    pub async fn job_latest_deployment<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&job_path(id, "/deployment"), q).await
    }

    /// `GET /v1/job/<id>/deployments` (`all` in `q`).
    pub async fn job_deployments<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&job_path(id, "/deployments"), q).await
    }

    /// `GET /v1/job/<id>/scale`: the task groups' counts and scaling events.
    pub async fn job_scale_status<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&job_path(id, "/scale"), q).await
    }

    /// `PUT /v1/jobs`: registers a job (`JobRegisterRequest`).
    pub async fn register_job<T: DeserializeOwned, B: Serialize>(
        &self,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put("/v1/jobs", body, q).await
    }

    /// `PUT /v1/jobs/parse`: HCL to a job (`JobsParseRequest`).
    pub async fn parse_job<T: DeserializeOwned, B: Serialize>(
        &self,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put("/v1/jobs/parse", body, q).await
    }

    /// `PUT /v1/validate/job` (`JobValidateRequest`).
    pub async fn validate_job<T: DeserializeOwned, B: Serialize>(
        &self,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put("/v1/validate/job", body, q).await
    }

    /// `PUT /v1/job/<id>/plan` (`JobPlanRequest`).
    pub async fn plan_job<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&job_path(id, "/plan"), body, q).await
    }

    /// `PUT /v1/job/<id>/scale` (`ScalingRequest`).
    pub async fn scale_job<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&job_path(id, "/scale"), body, q).await
    }

    /// `PUT /v1/job/<id>/revert` (`JobRevertRequest`).
    pub async fn revert_job<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&job_path(id, "/revert"), body, q).await
    }

    /// `PUT /v1/job/<id>/versions/<name>/tag` (`TagVersionRequest`): names a version. The
    /// tag name goes into the path as given, as Nomad's client does.
    pub async fn tag_job_version(
        &self,
        id: &str,
        name: &str,
        version: u64,
        description: &str,
        q: &QueryOptions,
    ) -> Result<QueryMeta, Error> {
        let body = serde_json::json!({ "Version": version, "Description": description });
        self.send_value(
            "PUT",
            &job_path(id, &format!("/versions/{name}/tag")),
            q,
            Some(&body),
        )
        .await
        .map(|(_, m)| m)
    }

    /// `DELETE /v1/job/<id>/versions/<name>/tag`.
    pub async fn untag_job_version(
        &self,
        id: &str,
        name: &str,
        q: &QueryOptions,
    ) -> Result<QueryMeta, Error> {
        self.send_value(
            "DELETE",
            &job_path(id, &format!("/versions/{name}/tag")),
            q,
            None,
        )
        .await
        .map(|(_, m)| m)
    }

    /// `PUT /v1/job/<id>/evaluate` (`JobEvaluateRequest`).
    pub async fn evaluate_job<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&job_path(id, "/evaluate"), body, q).await
    }

    /// `PUT /v1/job/<id>/dispatch` (`JobDispatchRequest`).
    pub async fn dispatch_job<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&job_path(id, "/dispatch"), body, q).await
    }

    /// `PUT /v1/job/<id>/periodic/force`, with an empty body as Nomad's client sends.
    pub async fn force_periodic_job<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&job_path(id, "/periodic/force"), &(), q).await
    }

    /// `DELETE /v1/job/<id>` (`purge`, `global`, … in `q`).
    pub async fn deregister_job<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.delete(&job_path(id, ""), q).await
    }

    pub async fn jobs(&self, q: &QueryOptions) -> Result<(Vec<JobListStub>, QueryMeta), Error> {
        let (v, m) = self.get::<Option<Vec<JobListStub>>>("/v1/jobs", q).await?;
        let mut v = v.unwrap_or_default();
        // The Go client sorts by ID (`sort.Sort`, not stable: IDs repeat across namespaces).
        crate::gocompat::sort::sort(&mut v, |a, b| a.id < b.id);
        Ok((v, m))
    }
}
