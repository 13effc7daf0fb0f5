//! Deployments.

use std::collections::BTreeMap;

use futures_util::future::join_all;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::url::path_escape;
use super::{Client, Error, QueryMeta, QueryOptions};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Deployment {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "JobID")]
    pub job_id: String,
    #[serde(rename = "JobVersion")]
    pub job_version: u64,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "StatusDescription")]
    pub status_description: String,
    #[serde(rename = "IsMultiregion")]
    pub is_multiregion: bool,
    #[serde(rename = "TaskGroups")]
    pub task_groups: Option<BTreeMap<String, DeploymentState>>,
    #[serde(rename = "CreateIndex")]
    pub create_index: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DeploymentState {
    #[serde(rename = "AutoRevert")]
    pub auto_revert: bool,
    #[serde(rename = "Promoted")]
    pub promoted: bool,
    #[serde(rename = "DesiredCanaries")]
    pub desired_canaries: i64,
    #[serde(rename = "DesiredTotal")]
    pub desired_total: i64,
    #[serde(rename = "PlacedAllocs")]
    pub placed_allocs: i64,
    #[serde(rename = "HealthyAllocs")]
    pub healthy_allocs: i64,
    #[serde(rename = "UnhealthyAllocs")]
    pub unhealthy_allocs: i64,
    #[serde(rename = "PlacedCanaries")]
    pub placed_canaries: Option<Vec<String>>,
    #[serde(rename = "ProgressDeadline")]
    pub progress_deadline: i64,
    #[serde(rename = "RequireProgressBy")]
    pub require_progress_by: Option<String>,
}

/// What a deployment write answers (`DeploymentUpdateResponse`): the evaluation it created
/// (empty when none) and, for a failed deployment, the job version it rolled back to.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DeploymentUpdate {
    #[serde(rename = "EvalID")]
    pub eval_id: String,
    #[serde(rename = "RevertedJobVersion")]
    pub reverted_job_version: Option<u64>,
}

/// One region's row of a multiregion deployment: the region (`<name> (error)` when its query
/// failed), and the ID and status of the deployment of the same job version there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionDeployment {
    pub region: String,
    pub id: String,
    pub status: String,
}

impl Client {
    /// `GET /v1/deployment/<id>`, the ID as given (Nomad's client does not escape it).
    pub async fn deployment<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&format!("/v1/deployment/{id}"), q).await
    }

    /// `GET /v1/deployment/allocations/<id>`, the ID as given.
    pub async fn deployment_allocations<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&format!("/v1/deployment/allocations/{id}"), q)
            .await
    }

    /// `PUT /v1/deployment/promote/<id>` (`DeploymentPromoteRequest`).
    pub async fn promote_deployment<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(
            &format!("/v1/deployment/promote/{}", path_escape(id)),
            body,
            q,
        )
        .await
    }

    /// `PUT /v1/deployment/fail/<id>` (`DeploymentFailRequest`).
    pub async fn fail_deployment<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        let body = serde_json::json!({ "DeploymentID": id });
        self.put(
            &format!("/v1/deployment/fail/{}", path_escape(id)),
            &body,
            q,
        )
        .await
    }

    /// `PUT /v1/deployment/pause/<id>` (`DeploymentPauseRequest`): pauses, or resumes with
    /// `pause` false.
    pub async fn pause_deployment<T: DeserializeOwned>(
        &self,
        id: &str,
        pause: bool,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        let body = serde_json::json!({ "DeploymentID": id, "Pause": pause });
        self.put(
            &format!("/v1/deployment/pause/{}", path_escape(id)),
            &body,
            q,
        )
        .await
    }

    /// `PUT /v1/deployment/unblock/<id>` (`DeploymentUnblockRequest`).
    pub async fn unblock_deployment<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        let body = serde_json::json!({ "DeploymentID": id });
        self.put(
            &format!("/v1/deployment/unblock/{}", path_escape(id)),
            &body,
            q,
        )
        .await
    }

    /// The deployment of `d`'s job version in each region of a multiregion job (Nomad's
    /// `fetchMultiRegionDeployments`).
    pub async fn multiregion_deployments(
        &self,
        d: &Deployment,
    ) -> Result<Vec<RegionDeployment>, Error> {
        let (job, _) = self.job::<Value>(&d.job_id, &QueryOptions::new()).await?;
        let regions: Vec<String> = job
            .pointer("/Multiregion/Regions")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|x| x.get("Name").and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let results = join_all(regions.iter().map(|r| {
            let q = QueryOptions {
                region: Some(r.clone()),
                ..Default::default()
            }
            .param("all", "false");
            async move {
                self.job_deployments::<Option<Vec<Deployment>>>(&d.job_id, &q)
                    .await
            }
        }))
        .await;
        Ok(regions
            .into_iter()
            .zip(results)
            .map(|(region, res)| match res {
                Ok((deps, _)) => {
                    let dep = deps
                        .unwrap_or_default()
                        .into_iter()
                        .find(|x| x.job_version == d.job_version)
                        .unwrap_or_default();
                    RegionDeployment {
                        region,
                        id: dep.id,
                        status: dep.status,
                    }
                }
                Err(_) => RegionDeployment {
                    region: format!("{region} (error)"),
                    ..Default::default()
                },
            })
            .collect())
    }
}
