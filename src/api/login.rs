//! Signing in: one-time tokens for the Web UI, and the SSO logins that exchange an identity
//! for a Nomad ACL token (`/v1/acl/login` for JWT, `/v1/acl/oidc/…` for OIDC). Tokens come back
//! as `serde_json::Value`s, printed as sent (`-json`/`-t`) or through the token view.

use serde_json::{json, Value};

use super::{Client, Error, QueryOptions};

impl Client {
    async fn login_put(&self, path: &str, body: Option<&Value>) -> Result<Value, Error> {
        let (v, _) = self
            .send_value("PUT", path, &QueryOptions::new(), body)
            .await?;
        Ok(v)
    }

    /// `PUT /v1/acl/token/onetime` (no body): a short-lived secret the Web UI exchanges for
    /// the caller's token. Gives the `OneTimeSecretID`.
    pub async fn acl_onetime_token(&self) -> Result<String, Error> {
        let v = self.login_put("/v1/acl/token/onetime", None).await?;
        Ok(v["OneTimeToken"]["OneTimeSecretID"]
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// `PUT /v1/acl/login`: a JWT exchanged for a token by the named auth method.
    pub async fn acl_login(&self, method: &str, login_token: &str) -> Result<Value, Error> {
        let body = json!({"AuthMethodName": method, "LoginToken": login_token});
        self.login_put("/v1/acl/login", Some(&body)).await
    }

    /// `PUT /v1/acl/oidc/auth-url`: where the user signs in with the provider. Gives the
    /// `AuthURL`.
    pub async fn acl_oidc_auth_url(
        &self,
        method: &str,
        redirect_uri: &str,
        nonce: &str,
    ) -> Result<String, Error> {
        let body = json!({"AuthMethodName": method, "RedirectURI": redirect_uri,
                          "ClientNonce": nonce});
        let v = self.login_put("/v1/acl/oidc/auth-url", Some(&body)).await?;
        Ok(v["AuthURL"].as_str().unwrap_or_default().to_string())
    }

    /// `PUT /v1/acl/oidc/complete-auth`: the provider's code and state, sent back by the
    /// browser to the loopback callback, exchanged for a token.
    pub async fn acl_oidc_complete_auth(
        &self,
        method: &str,
        redirect_uri: &str,
        nonce: &str,
        code: &str,
        state: &str,
    ) -> Result<Value, Error> {
        let body = json!({"AuthMethodName": method, "RedirectURI": redirect_uri,
                          "ClientNonce": nonce, "Code": code, "State": state});
        self.login_put("/v1/acl/oidc/complete-auth", Some(&body))
            .await
    }
}
