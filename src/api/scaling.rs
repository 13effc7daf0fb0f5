//! Scaling policies (a job's scaling status is in `jobs`).

use serde_json::Value;

use super::url::path_escape;
use super::{Client, Error, QueryMeta, QueryOptions};

impl Client {
    /// `GET /v1/scaling/policies` (`prefix`, `job` and `type` in `q`).
    pub async fn scaling_policies(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/scaling/policies", q).await
    }

    /// `GET /v1/scaling/policy/<id>`.
    pub async fn scaling_policy(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        self.get(&format!("/v1/scaling/policy/{}", path_escape(id)), q)
            .await
    }
}
