//! Operator endpoints.

use serde::Deserialize;

use super::{Client, Error, QueryMeta, QueryOptions};

/// The part of `SchedulerConfiguration` rnomad reads.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SchedulerConfig {
    #[serde(rename = "PauseEvalBroker")]
    pub pause_eval_broker: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SchedulerConfigResponse {
    #[serde(rename = "SchedulerConfig")]
    config: Option<SchedulerConfig>,
}

impl Client {
    /// `GET /v1/operator/scheduler/configuration`.
    pub async fn scheduler_configuration(
        &self,
        q: &QueryOptions,
    ) -> Result<(SchedulerConfig, QueryMeta), Error> {
        let (r, meta) = self
            .get::<SchedulerConfigResponse>("/v1/operator/scheduler/configuration", q)
            .await?;
        Ok((r.config.unwrap_or_default(), meta))
    }
}
