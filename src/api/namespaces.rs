//! Namespaces: the endpoints of the `namespace` commands.

use serde_json::Value;

use super::url::path_escape;
use super::{Client, Error, QueryMeta, QueryOptions};

impl Client {
    /// `GET /v1/namespaces` (`prefix` in `q`), as untyped JSON, newest first as the Go
    /// client sorts it (`NamespaceIndexSort`).
    pub async fn namespaces(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        let (mut v, m) = self.get::<Value>("/v1/namespaces", q).await?;
        if let Value::Array(list) = &mut v {
            let idx = |n: &Value| n["CreateIndex"].as_u64().unwrap_or(0);
            crate::gocompat::sort::sort(list, |a, b| idx(a) > idx(b));
        }
        Ok((v, m))
    }

    /// `GET /v1/namespace/<name>`.
    pub async fn namespace_info(
        &self,
        name: &str,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        self.get(&format!("/v1/namespace/{}", path_escape(name)), q)
            .await
    }

    /// `PUT /v1/namespace` with a `Namespace` (the answer has no body).
    pub async fn register_namespace(&self, ns: &Value) -> Result<(), Error> {
        self.send_value("PUT", "/v1/namespace", &QueryOptions::new(), Some(ns))
            .await
            .map(|_| ())
    }

    /// `DELETE /v1/namespace/<name>`.
    pub async fn delete_namespace(&self, name: &str) -> Result<(), Error> {
        let path = format!("/v1/namespace/{}", path_escape(name));
        self.send_value("DELETE", &path, &QueryOptions::new(), None)
            .await
            .map(|_| ())
    }
}
