//! Volumes and plugins: dynamic host volumes, CSI volumes, their claims and snapshots, and the
//! CSI plugin list (the `volume` and `plugin` commands, and `node status`'s CSI volumes).

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::url::path_escape;
use super::{Client, Error, QueryMeta, QueryOptions};

impl Client {
    /// `GET /v1/volumes` (`type`, `node_id` in `q`).
    pub async fn volumes<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/volumes", q).await
    }

    /// `GET /v1/volumes?type=host` (prefix, `node_id`, `node_pool` in `q`): host volume stubs.
    pub async fn host_volumes(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/volumes", &q.clone().param("type", "host"))
            .await
    }

    /// `GET /v1/volume/host/<id>`.
    pub async fn host_volume(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        self.get(&format!("/v1/volume/host/{}", path_escape(id)), q)
            .await
    }

    /// `PUT /v1/volume/host/create` with a `HostVolumeCreateRequest`.
    pub async fn create_host_volume(&self, req: &Value) -> Result<(Value, QueryMeta), Error> {
        self.send_value(
            "PUT",
            "/v1/volume/host/create",
            &QueryOptions::new(),
            Some(req),
        )
        .await
    }

    /// `PUT /v1/volume/host/register` with a `HostVolumeRegisterRequest`.
    pub async fn register_host_volume(&self, req: &Value) -> Result<(Value, QueryMeta), Error> {
        self.send_value(
            "PUT",
            "/v1/volume/host/register",
            &QueryOptions::new(),
            Some(req),
        )
        .await
    }

    /// `DELETE /v1/volume/host/<id>` (`?force=true` when forced).
    pub async fn delete_host_volume(
        &self,
        id: &str,
        force: bool,
        q: &QueryOptions,
    ) -> Result<(), Error> {
        let mut path = format!("/v1/volume/host/{}", path_escape(id));
        if force {
            path.push_str("?force=true");
        }
        self.send_value("DELETE", &path, q, None).await.map(|_| ())
    }

    /// `GET /v1/volumes?type=csi` (prefix in `q`): CSI volume stubs.
    pub async fn csi_volumes(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/volumes", &q.clone().param("type", "csi"))
            .await
    }

    /// `GET /v1/volume/csi/<id>`.
    pub async fn csi_volume(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        self.get(&format!("/v1/volume/csi/{}", path_escape(id)), q)
            .await
    }

    /// `GET /v1/volumes/external?plugin_id=<id>`: the volumes a controller plugin knows.
    pub async fn csi_external_volumes(
        &self,
        plugin: &str,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        self.get(
            "/v1/volumes/external",
            &q.clone().param("plugin_id", plugin),
        )
        .await
    }

    /// `PUT /v1/volume/csi/<id>` with a `CSIVolumeRegisterRequest`.
    pub async fn register_csi_volume(
        &self,
        id: &str,
        req: &Value,
    ) -> Result<(Value, QueryMeta), Error> {
        // Nomad's client puts the ID in the path unescaped.
        let path = format!("/v1/volume/csi/{id}");
        self.send_value("PUT", &path, &QueryOptions::new(), Some(req))
            .await
    }

    /// `PUT /v1/volume/csi/<id>/create` with a `CSIVolumeCreateRequest`.
    pub async fn create_csi_volume(
        &self,
        id: &str,
        req: &Value,
    ) -> Result<(Value, QueryMeta), Error> {
        let path = format!("/v1/volume/csi/{id}/create");
        self.send_value("PUT", &path, &QueryOptions::new(), Some(req))
            .await
    }

    /// `DELETE /v1/volume/csi/<id>?force=<bool>`: deregisters the volume.
    pub async fn deregister_csi_volume(
        &self,
        id: &str,
        force: bool,
        q: &QueryOptions,
    ) -> Result<(), Error> {
        let path = format!("/v1/volume/csi/{}?force={force}", path_escape(id));
        self.send_value("DELETE", &path, q, None).await.map(|_| ())
    }

    /// `DELETE /v1/volume/csi/<id>/delete`: deletes the volume in its storage provider
    /// (secrets travel in the `X-Nomad-CSI-Secrets` header).
    pub async fn delete_csi_volume(&self, id: &str, q: &QueryOptions) -> Result<(), Error> {
        let path = format!("/v1/volume/csi/{}/delete", path_escape(id));
        self.send_value("DELETE", &path, q, None).await.map(|_| ())
    }

    /// `DELETE /v1/volume/csi/<id>/detach?node=<node>`.
    pub async fn detach_csi_volume(&self, id: &str, node: &str) -> Result<(), Error> {
        let path = format!("/v1/volume/csi/{}/detach", path_escape(id));
        let q = QueryOptions::new().param("node", node);
        self.send_value("DELETE", &path, &q, None).await.map(|_| ())
    }

    /// `GET /v1/volumes/snapshot`: one page of the snapshots a controller plugin knows. The
    /// parameters go in Go's `url.Values` order (sorted); `per_page` 0 and an empty token are
    /// left out. The reply is `null` when the body is empty: several plugins answer the end of
    /// their list that way, and Nomad's client reads it as no snapshots.
    pub async fn csi_snapshots(
        &self,
        plugin: &str,
        per_page: i32,
        next_token: &str,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        let mut q = q.clone();
        if !next_token.is_empty() {
            q = q.param("next_token", next_token);
        }
        if per_page != 0 {
            q = q.param("per_page", &per_page.to_string());
        }
        if !plugin.is_empty() {
            q = q.param("plugin_id", plugin);
        }
        self.send_value("GET", "/v1/volumes/snapshot", &q, None)
            .await
    }

    /// `PUT /v1/volumes/snapshot` with a `CSISnapshotCreateRequest` (secrets also travel in
    /// the `X-Nomad-CSI-Secrets` header of `q`).
    pub async fn create_csi_snapshot(
        &self,
        req: &Value,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        self.send_value("PUT", "/v1/volumes/snapshot", q, Some(req))
            .await
    }

    /// `DELETE /v1/volumes/snapshot?plugin_id=<plugin>&snapshot_id=<id>`.
    pub async fn delete_csi_snapshot(
        &self,
        plugin: &str,
        snapshot: &str,
        q: &QueryOptions,
    ) -> Result<(), Error> {
        let q = q
            .clone()
            .param("plugin_id", plugin)
            .param("snapshot_id", snapshot);
        self.send_value("DELETE", "/v1/volumes/snapshot", &q, None)
            .await
            .map(|_| ())
    }

    /// `GET /v1/plugins?type=csi` (prefix in `q`): CSI plugin stubs.
    pub async fn csi_plugins(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/plugins", &q.clone().param("type", "csi"))
            .await
    }

    /// `GET /v1/plugin/csi/<id>`.
    pub async fn csi_plugin(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        self.get(&format!("/v1/plugin/csi/{id}"), q).await
    }

    /// `GET /v1/volumes/claims` (`job_id`, `task_group`, `volume_name`, prefix in `q`).
    pub async fn host_volume_claims(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/volumes/claims", q).await
    }

    /// `DELETE /v1/volumes/claim/<id>`.
    pub async fn delete_host_volume_claim(&self, id: &str) -> Result<(), Error> {
        let path = format!("/v1/volumes/claim/{}", path_escape(id));
        self.send_value("DELETE", &path, &QueryOptions::new(), None)
            .await
            .map(|_| ())
    }
}
