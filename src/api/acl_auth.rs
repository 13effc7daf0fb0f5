//! ACL roles, auth methods and binding rules. Bodies are `serde_json::Value`s: the commands
//! print them as sent (`-json`/`-t`) or pick a few fields, and send back what they fetched.

use serde_json::Value;

use super::url::path_escape;
use super::{Client, Error, QueryMeta, QueryOptions};

impl Client {
    async fn acl_get(&self, path: &str) -> Result<Value, Error> {
        Ok(self.get(path, &QueryOptions::new()).await?.0)
    }

    async fn acl_put(&self, path: &str, body: &Value) -> Result<Value, Error> {
        let (v, _) = self
            .send_value("PUT", path, &QueryOptions::new(), Some(body))
            .await?;
        Ok(v)
    }

    async fn acl_delete(&self, path: &str) -> Result<(), Error> {
        self.send_value("DELETE", path, &QueryOptions::new(), None)
            .await
            .map(|_| ())
    }

    /// `GET /v1/acl/roles`.
    pub async fn acl_roles(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/acl/roles", q).await
    }

    /// `GET /v1/acl/role/<id>`.
    pub async fn acl_role(&self, id: &str) -> Result<Value, Error> {
        self.acl_get(&format!("/v1/acl/role/{}", path_escape(id)))
            .await
    }

    /// `GET /v1/acl/role/name/<name>`.
    pub async fn acl_role_by_name(&self, name: &str) -> Result<Value, Error> {
        self.acl_get(&format!("/v1/acl/role/name/{}", path_escape(name)))
            .await
    }

    /// `PUT /v1/acl/role` (a new role, `id` empty) or `PUT /v1/acl/role/<id>`.
    pub async fn acl_role_upsert(&self, id: &str, role: &Value) -> Result<Value, Error> {
        let path = if id.is_empty() {
            "/v1/acl/role".to_string()
        } else {
            format!("/v1/acl/role/{}", path_escape(id))
        };
        self.acl_put(&path, role).await
    }

    /// `DELETE /v1/acl/role/<id>`.
    pub async fn acl_role_delete(&self, id: &str) -> Result<(), Error> {
        self.acl_delete(&format!("/v1/acl/role/{}", path_escape(id)))
            .await
    }

    /// `GET /v1/acl/auth-methods` (answered without a token).
    pub async fn acl_auth_methods(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/acl/auth-methods", q).await
    }

    /// `GET /v1/acl/auth-method/<name>`.
    pub async fn acl_auth_method(&self, name: &str) -> Result<Value, Error> {
        self.acl_get(&format!("/v1/acl/auth-method/{}", path_escape(name)))
            .await
    }

    /// `PUT /v1/acl/auth-method` (`update` false) or `PUT /v1/acl/auth-method/<name>`.
    pub async fn acl_auth_method_upsert(
        &self,
        update: bool,
        method: &Value,
    ) -> Result<Value, Error> {
        let path = if update {
            let name = method["Name"].as_str().unwrap_or_default();
            format!("/v1/acl/auth-method/{}", path_escape(name))
        } else {
            "/v1/acl/auth-method".to_string()
        };
        self.acl_put(&path, method).await
    }

    /// `DELETE /v1/acl/auth-method/<name>`.
    pub async fn acl_auth_method_delete(&self, name: &str) -> Result<(), Error> {
        self.acl_delete(&format!("/v1/acl/auth-method/{}", path_escape(name)))
            .await
    }

    /// `GET /v1/acl/binding-rules`.
    pub async fn acl_binding_rules(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/acl/binding-rules", q).await
    }

    /// `GET /v1/acl/binding-rule/<id>`.
    pub async fn acl_binding_rule(&self, id: &str) -> Result<Value, Error> {
        self.acl_get(&format!("/v1/acl/binding-rule/{}", path_escape(id)))
            .await
    }

    /// `PUT /v1/acl/binding-rule` (a new rule, `id` empty) or `PUT /v1/acl/binding-rule/<id>`.
    pub async fn acl_binding_rule_upsert(&self, id: &str, rule: &Value) -> Result<Value, Error> {
        let path = if id.is_empty() {
            "/v1/acl/binding-rule".to_string()
        } else {
            format!("/v1/acl/binding-rule/{}", path_escape(id))
        };
        self.acl_put(&path, rule).await
    }

    /// `DELETE /v1/acl/binding-rule/<id>`.
    pub async fn acl_binding_rule_delete(&self, id: &str) -> Result<(), Error> {
        self.acl_delete(&format!("/v1/acl/binding-rule/{}", path_escape(id)))
            .await
    }
}
