//! ACLs: bootstrap, tokens, policies and roles. Bodies are read as `serde_json::Value`: the
//! commands print them as the server sent them (`-json`/`-t`) or pick a few fields.

use serde_json::{json, Value};

use super::url::path_escape;
use super::{Client, Error, QueryMeta, QueryOptions};

impl Client {
    /// `PUT /v1/acl/bootstrap` with an operator-chosen secret (empty: the server makes one).
    pub async fn acl_bootstrap(&self, secret: &str) -> Result<Value, Error> {
        let body = json!({ "BootstrapSecret": secret });
        let (v, _) = self
            .send_value(
                "PUT",
                "/v1/acl/bootstrap",
                &QueryOptions::new(),
                Some(&body),
            )
            .await?;
        Ok(v)
    }

    /// `GET /v1/acl/tokens`.
    pub async fn acl_tokens(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/acl/tokens", q).await
    }

    /// `GET /v1/acl/token/self`: the token the request carries.
    pub async fn acl_token_self(&self) -> Result<Value, Error> {
        Ok(self
            .get("/v1/acl/token/self", &QueryOptions::new())
            .await?
            .0)
    }

    /// `GET /v1/acl/token/<accessor>`.
    pub async fn acl_token(&self, accessor: &str) -> Result<Value, Error> {
        let path = format!("/v1/acl/token/{}", path_escape(accessor));
        Ok(self.get(&path, &QueryOptions::new()).await?.0)
    }

    /// `PUT /v1/acl/token` (a new token) or `PUT /v1/acl/token/<accessor>` (an update).
    pub async fn acl_token_upsert(&self, accessor: &str, token: &Value) -> Result<Value, Error> {
        let path = if accessor.is_empty() {
            "/v1/acl/token".to_string()
        } else {
            format!("/v1/acl/token/{}", path_escape(accessor))
        };
        let (v, _) = self
            .send_value("PUT", &path, &QueryOptions::new(), Some(token))
            .await?;
        Ok(v)
    }

    /// `DELETE /v1/acl/token/<accessor>`.
    pub async fn acl_token_delete(&self, accessor: &str) -> Result<(), Error> {
        let path = format!("/v1/acl/token/{}", path_escape(accessor));
        self.send_value("DELETE", &path, &QueryOptions::new(), None)
            .await
            .map(|_| ())
    }

    /// `GET /v1/acl/policies`.
    pub async fn acl_policies(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get("/v1/acl/policies", q).await
    }

    /// `GET /v1/acl/policy/<name>`.
    pub async fn acl_policy(&self, name: &str) -> Result<Value, Error> {
        let path = format!("/v1/acl/policy/{}", path_escape(name));
        Ok(self.get(&path, &QueryOptions::new()).await?.0)
    }

    /// `GET /v1/acl/policy/self`: the policies of the request's token or workload identity.
    pub async fn acl_policy_self(&self) -> Result<Value, Error> {
        Ok(self
            .get("/v1/acl/policy/self", &QueryOptions::new())
            .await?
            .0)
    }

    /// `PUT /v1/acl/policy/<name>` (the reply has no body).
    pub async fn acl_policy_upsert(&self, name: &str, policy: &Value) -> Result<(), Error> {
        let path = format!("/v1/acl/policy/{}", path_escape(name));
        self.send_value("PUT", &path, &QueryOptions::new(), Some(policy))
            .await
            .map(|_| ())
    }

    /// `DELETE /v1/acl/policy/<name>`.
    pub async fn acl_policy_delete(&self, name: &str) -> Result<(), Error> {
        let path = format!("/v1/acl/policy/{}", path_escape(name));
        self.send_value("DELETE", &path, &QueryOptions::new(), None)
            .await
            .map(|_| ())
    }
}
