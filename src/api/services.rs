//! Nomad-native service registrations: the endpoints of the `service` commands.

use serde_json::Value;

use super::url::path_escape;
use super::{Client, Error, QueryMeta, QueryOptions};

impl Client {
    /// `GET /v1/services`: per namespace, its service names and tags.
    pub async fn services(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/services", q).await
    }

    /// `GET /v1/service/<name>`: the registrations of one service (filter and paging in `q`).
    pub async fn service(&self, name: &str, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get(&format!("/v1/service/{}", path_escape(name)), q)
            .await
    }

    /// `DELETE /v1/service/<name>/<id>`.
    pub async fn delete_service(&self, name: &str, id: &str) -> Result<(), Error> {
        let path = format!("/v1/service/{}/{}", path_escape(name), path_escape(id));
        self.send_value("DELETE", &path, &QueryOptions::new(), None)
            .await
            .map(|_| ())
    }
}
