//! The root keyring (`/v1/operator/keyring/…`) and the gossip keyring (`/v1/agent/keyring/…`).

use serde::Deserialize;
use serde_json::{json, Value};

use super::url::path_escape;
use super::{Client, Error, QueryOptions};

/// `RootKeyMeta`: a root key's metadata.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RootKeyMeta {
    #[serde(rename = "KeyID")]
    pub key_id: String,
    pub state: String,
    pub create_time: i64,
    pub publish_time: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct RotateResponse {
    key: Option<RootKeyMeta>,
}

/// `KeyringResponse`: the gossip keys and how many servers hold each.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct GossipKeys {
    pub keys: Option<std::collections::BTreeMap<String, i64>>,
}

impl Client {
    /// `GET /v1/operator/keyring/keys`.
    pub async fn root_keys(&self) -> Result<Vec<RootKeyMeta>, Error> {
        let (keys, _) = self
            .get::<Option<Vec<RootKeyMeta>>>("/v1/operator/keyring/keys", &QueryOptions::new())
            .await?;
        Ok(keys.unwrap_or_default())
    }

    /// `PUT /v1/operator/keyring/rotate?[full=true][&publish_time=…]`: the new key, if the
    /// server named one.
    pub async fn root_key_rotate(
        &self,
        full: bool,
        publish_time: i64,
    ) -> Result<Option<RootKeyMeta>, Error> {
        let mut q = QueryOptions::new();
        if full {
            q = q.param("full", "true");
        }
        if publish_time > 0 {
            q = q.param("publish_time", &publish_time.to_string());
        }
        let (v, _) = self
            .send_value("PUT", "/v1/operator/keyring/rotate", &q, None)
            .await?;
        let r: RotateResponse = serde_json::from_value(v).unwrap_or_default();
        Ok(r.key)
    }

    /// `DELETE /v1/operator/keyring/key/<id>?force=…`.
    pub async fn root_key_delete(&self, id: &str, force: bool) -> Result<(), Error> {
        let path = format!("/v1/operator/keyring/key/{}", path_escape(id));
        let q = QueryOptions::new().param("force", if force { "true" } else { "false" });
        self.send_value("DELETE", &path, &q, None).await.map(|_| ())
    }

    /// `GET /v1/agent/keyring/list`.
    pub async fn gossip_keys(&self) -> Result<GossipKeys, Error> {
        let (k, _) = self
            .get::<Option<GossipKeys>>("/v1/agent/keyring/list", &QueryOptions::new())
            .await?;
        Ok(k.unwrap_or_default())
    }

    /// `PUT /v1/agent/keyring/<op>` (`install`, `use` or `remove`) with `{"Key": …}`.
    pub async fn gossip_key_op(&self, op: GossipOp, key: &str) -> Result<(), Error> {
        let path = match op {
            GossipOp::Install => "/v1/agent/keyring/install",
            GossipOp::Use => "/v1/agent/keyring/use",
            GossipOp::Remove => "/v1/agent/keyring/remove",
        };
        let body: Value = json!({ "Key": key });
        self.send_value("PUT", path, &QueryOptions::new(), Some(&body))
            .await
            .map(|_| ())
    }
}

/// The gossip keyring changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GossipOp {
    Install,
    Use,
    Remove,
}
