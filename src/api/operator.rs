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

impl Client {
    /// `GET /v1/operator/raft/configuration`.
    pub async fn raft_configuration<T: serde::de::DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/operator/raft/configuration", q).await
    }

    /// `DELETE /v1/operator/raft/peer?id=…`.
    pub async fn raft_remove_peer_by_id(&self, id: &str) -> Result<(), Error> {
        let q = QueryOptions::new().param("id", id);
        self.send_value("DELETE", "/v1/operator/raft/peer", &q, None)
            .await
            .map(|_| ())
    }

    /// `PUT /v1/operator/raft/transfer-leadership?id=…` (`by` is `id` or `address`).
    pub async fn raft_transfer_leadership(&self, by: &str, value: &str) -> Result<(), Error> {
        let q = QueryOptions::new().param(by, value);
        self.send_value("PUT", "/v1/operator/raft/transfer-leadership", &q, None)
            .await
            .map(|_| ())
    }

    /// `GET /v1/operator/autopilot/configuration`.
    pub async fn autopilot_configuration(&self) -> Result<serde_json::Value, Error> {
        let q = QueryOptions::new();
        self.get_value("/v1/operator/autopilot/configuration", &q)
            .await
            .map(|(v, _)| v)
    }

    /// `PUT /v1/operator/autopilot/configuration?cas=…`: whether the write won.
    pub async fn autopilot_cas(&self, conf: &serde_json::Value, index: u64) -> Result<bool, Error> {
        let q = QueryOptions::new().param("cas", &index.to_string());
        let (v, _) = self
            .send_value(
                "PUT",
                "/v1/operator/autopilot/configuration",
                &q,
                Some(conf),
            )
            .await?;
        Ok(v.as_bool().unwrap_or(false))
    }

    /// `GET /v1/operator/autopilot/health`.
    pub async fn autopilot_health(&self) -> Result<serde_json::Value, Error> {
        let q = QueryOptions::new();
        self.get_value("/v1/operator/autopilot/health", &q)
            .await
            .map(|(v, _)| v)
    }

    /// `GET /v1/operator/scheduler/configuration`, the whole reply.
    pub async fn scheduler_configuration_value(&self) -> Result<serde_json::Value, Error> {
        let q = QueryOptions::new();
        self.get_value("/v1/operator/scheduler/configuration", &q)
            .await
            .map(|(v, _)| v)
    }

    /// `PUT /v1/operator/scheduler/configuration?cas=…`: whether the write won.
    pub async fn scheduler_cas(&self, conf: &serde_json::Value, index: u64) -> Result<bool, Error> {
        let q = QueryOptions::new().param("cas", &index.to_string());
        let (v, _) = self
            .send_value(
                "PUT",
                "/v1/operator/scheduler/configuration",
                &q,
                Some(conf),
            )
            .await?;
        Ok(v["Updated"].as_bool().unwrap_or(false))
    }
}

impl Client {
    /// `GET /v1/operator/snapshot`: the reply, its body unread, and its `Digest` header.
    pub async fn snapshot(&self, stale: bool) -> Result<(reqwest::Response, String), Error> {
        let q = QueryOptions {
            stale,
            ..Default::default()
        };
        let resp = self.stream("/v1/operator/snapshot", &q).await?;
        let digest = resp
            .headers()
            .get("Digest")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        Ok((resp, digest))
    }

    /// `PUT /v1/operator/snapshot` with a snapshot file's bytes.
    pub async fn snapshot_restore(&self, snapshot: Vec<u8>) -> Result<(), Error> {
        self.send(
            reqwest::Method::PUT,
            "/v1/operator/snapshot",
            &QueryOptions::new(),
            Some(snapshot),
        )
        .await
        .map(|_| ())
    }
}

impl Client {
    /// `GET /v1/metrics[?pretty=1][&format=…]`, the body as sent.
    pub async fn metrics_raw(&self, pretty: bool, format: &str) -> Result<bytes::Bytes, Error> {
        self.get_bytes("/v1/metrics", &metrics_query(pretty, format))
            .await
            .map(|(b, _)| b)
    }

    /// `GET /v1/metrics` decoded (for `-json` and `-t`).
    pub async fn metrics_summary(
        &self,
        pretty: bool,
        format: &str,
    ) -> Result<serde_json::Value, Error> {
        self.get_value("/v1/metrics", &metrics_query(pretty, format))
            .await
            .map(|(v, _)| v)
    }
}

fn metrics_query(pretty: bool, format: &str) -> QueryOptions {
    let mut q = QueryOptions::new();
    if pretty {
        q = q.param("pretty", "1");
    }
    if !format.is_empty() {
        q = q.param("format", format);
    }
    q
}
