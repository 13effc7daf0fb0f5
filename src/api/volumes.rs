//! Volumes: the list `node status` reads for a node's CSI volumes.

use serde::de::DeserializeOwned;

use super::{Client, Error, QueryMeta, QueryOptions};

impl Client {
    /// `GET /v1/volumes` (`type`, `node_id` in `q`).
    pub async fn volumes<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/volumes", q).await
    }
}
