//! Evaluations.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{Client, Error, QueryMeta, QueryOptions};

/// The evaluation endpoints (generic over the body: typed, or `Value` to print as is).
impl Client {
    /// `GET /v1/evaluation/<id>`, the ID as given (Nomad's client does not escape it).
    pub async fn evaluation<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&format!("/v1/evaluation/{id}"), q).await
    }

    /// `GET /v1/evaluation/<id>/allocations`.
    pub async fn evaluation_allocations<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&format!("/v1/evaluation/{id}/allocations"), q)
            .await
    }

    /// `GET /v1/evaluations/count` (`filter` in `q`): how many evaluations match.
    pub async fn evaluation_count(&self, q: &QueryOptions) -> Result<(u64, QueryMeta), Error> {
        let (r, meta) = self.get::<EvalCount>("/v1/evaluations/count", q).await?;
        Ok((r.count, meta))
    }

    /// `DELETE /v1/evaluations` (`EvalDeleteRequest`): these IDs, or every evaluation
    /// `filter` matches; the number deleted.
    pub async fn delete_evaluations(
        &self,
        ids: Option<&[String]>,
        filter: &str,
        q: &QueryOptions,
    ) -> Result<(u64, QueryMeta), Error> {
        let body = serde_json::json!({
            "EvalIDs": ids, "Filter": filter, "Region": "", "Namespace": "", "SecretID": "",
        });
        let (r, meta) = self
            .send_value("DELETE", "/v1/evaluations", q, Some(&body))
            .await?;
        Ok((r["Count"].as_u64().unwrap_or(0), meta))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EvalCount {
    #[serde(rename = "Count")]
    count: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Evaluation {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "Priority")]
    pub priority: i64,
    #[serde(rename = "TriggeredBy")]
    pub triggered_by: String,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "FailedTGAllocs")]
    pub failed_tg_allocs: Option<BTreeMap<String, AllocationMetric>>,
    #[serde(rename = "WaitUntil")]
    pub wait_until: Option<String>,
    #[serde(rename = "CreateIndex")]
    pub create_index: u64,
    #[serde(rename = "StatusDescription")]
    pub status_description: String,
    #[serde(rename = "NodeID")]
    pub node_id: String,
    #[serde(rename = "JobID")]
    pub job_id: String,
    #[serde(rename = "DeploymentID")]
    pub deployment_id: String,
    /// Go's `time.Duration`, in nanoseconds.
    #[serde(rename = "Wait")]
    pub wait: i64,
    #[serde(rename = "NextEval")]
    pub next_eval: String,
    #[serde(rename = "BlockedEval")]
    pub blocked_eval: String,
    #[serde(rename = "PreviousEval")]
    pub previous_eval: String,
    #[serde(rename = "Type")]
    pub kind: String,
    #[serde(rename = "Namespace")]
    pub namespace: String,
    #[serde(rename = "CreateTime")]
    pub create_time: i64,
    #[serde(rename = "ModifyTime")]
    pub modify_time: i64,
}

/// `AllocationMetric`: why placements failed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocationMetric {
    #[serde(rename = "NodesEvaluated")]
    pub nodes_evaluated: i64,
    #[serde(rename = "NodesFiltered")]
    pub nodes_filtered: i64,
    #[serde(rename = "NodesAvailable")]
    pub nodes_available: Option<BTreeMap<String, i64>>,
    #[serde(rename = "ClassFiltered")]
    pub class_filtered: Option<BTreeMap<String, i64>>,
    #[serde(rename = "ConstraintFiltered")]
    pub constraint_filtered: Option<BTreeMap<String, i64>>,
    #[serde(rename = "NodesExhausted")]
    pub nodes_exhausted: i64,
    #[serde(rename = "ClassExhausted")]
    pub class_exhausted: Option<BTreeMap<String, i64>>,
    #[serde(rename = "DimensionExhausted")]
    pub dimension_exhausted: Option<BTreeMap<String, i64>>,
    #[serde(rename = "QuotaExhausted")]
    pub quota_exhausted: Option<Vec<String>>,
    #[serde(rename = "CoalescedFailures")]
    pub coalesced_failures: i64,
}

impl Evaluation {
    pub fn has_failures(&self) -> bool {
        self.failed_tg_allocs
            .as_ref()
            .is_some_and(|m| !m.is_empty())
    }
}
