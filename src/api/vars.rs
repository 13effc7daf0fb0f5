//! Variables: the listing, one variable, check-and-set writes and deletes, and locks, as
//! Nomad's Go client (`api/variables.go`, `api/locks.go`) calls them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::url::path_escape;
use super::{Client, Error, QueryMeta, QueryOptions};

/// A variable's lock (`VariableLock`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct VariableLock {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "TTL")]
    pub ttl: String,
    #[serde(rename = "LockDelay")]
    pub lock_delay: String,
}

/// One entry of `GET /v1/vars` (`VariableMetadata`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VariableMetadata {
    pub namespace: String,
    pub path: String,
    pub create_index: u64,
    pub modify_index: u64,
    pub create_time: i64,
    pub modify_time: i64,
    pub lock: Option<VariableLock>,
}

/// A variable with its items (`Variable`), read from the server or built to be written.
/// Serialized in the Go struct's field order, as the Go client sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Variable {
    pub namespace: String,
    pub path: String,
    pub create_index: u64,
    pub modify_index: u64,
    pub create_time: i64,
    pub modify_time: i64,
    pub items: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lock: Option<VariableLock>,
}

/// A failed variable write: a check-and-set conflict (409, with the variable as the server
/// holds it) or any other error.
#[derive(Debug)]
pub enum WriteError {
    Conflict(Variable),
    Api(Error),
}

impl From<Error> for WriteError {
    fn from(e: Error) -> Self {
        WriteError::Api(e)
    }
}

/// The three lock operations, each a `PUT /v1/var/<path>?<op>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockOp {
    Acquire,
    Renew,
    Release,
}

impl LockOp {
    fn param(self) -> &'static str {
        match self {
            // Go's client re-encodes the query: `?lock-acquire=` (as its errors show the URL).
            LockOp::Acquire => "lock-acquire=",
            LockOp::Renew => "lock-renew=",
            LockOp::Release => "lock-release=",
        }
    }
}

/// Nomad's `cleanPathString`: spaces and slashes trimmed.
pub fn clean_path(path: &str) -> &str {
    path.trim_matches(|c| c == ' ' || c == '/')
}

/// `/v1/var/<path>`, each segment of `path` escaped as Go's `url.PathEscape` does.
fn var_endpoint(path: &str) -> String {
    let encoded: Vec<String> = clean_path(path).split('/').map(path_escape).collect();
    format!("/v1/var/{}", encoded.join("/"))
}

/// A 409's body, the conflicting variable (Nomad's client decodes it into `Conflict`).
fn conflict(e: Error) -> WriteError {
    match e {
        Error::Status { code: 409, body } => match serde_json::from_str::<Variable>(&body) {
            Ok(v) => WriteError::Conflict(v),
            Err(d) => WriteError::Api(Error::Decode(d.to_string())),
        },
        other => WriteError::Api(other),
    }
}

impl Client {
    /// `GET /v1/vars` (`prefix` in `q`); `null` reads as no variables.
    pub async fn variables(
        &self,
        q: &QueryOptions,
    ) -> Result<(Vec<VariableMetadata>, QueryMeta), Error> {
        let (v, m) = self
            .get::<Option<Vec<VariableMetadata>>>("/v1/vars", q)
            .await?;
        Ok((v.unwrap_or_default(), m))
    }

    /// `GET /v1/vars` as the server's JSON (for `-out json` and templates).
    pub async fn variables_value(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.get_value("/v1/vars", q).await
    }

    /// `GET /v1/var/<path>`.
    pub async fn variable(
        &self,
        path: &str,
        q: &QueryOptions,
    ) -> Result<(Option<Variable>, QueryMeta), Error> {
        self.get(&var_endpoint(path), q).await
    }

    /// `GET /v1/var/<path>` as Nomad's client reads it: a 404 and a 403 are both `None`
    /// ("Variable not found"), the body is the server's JSON.
    pub async fn variable_value(
        &self,
        path: &str,
        q: &QueryOptions,
    ) -> Result<Option<Value>, Error> {
        match self.get_value(&var_endpoint(path), q).await {
            Ok((v, _)) if v.is_null() => Ok(None),
            Ok((v, _)) => Ok(Some(v)),
            Err(e) if matches!(e.status(), Some(404) | Some(403)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `PUT /v1/var/<path>` (`Update`), or with `?cas=<index>` (`CheckedUpdate`: 0 means the
    /// path must hold nothing yet). Answers the stored variable.
    pub async fn put_variable(
        &self,
        v: &Variable,
        cas: Option<u64>,
        q: &QueryOptions,
    ) -> Result<Value, WriteError> {
        let mut endpoint = var_endpoint(&v.path);
        if let Some(i) = cas {
            endpoint.push_str(&format!("?cas={i}"));
        }
        match self.put::<Value, _>(&endpoint, v, q).await {
            Ok((body, _)) => Ok(body),
            Err(e) => Err(conflict(e)),
        }
    }

    /// `DELETE /v1/var/<path>`, with `?cas=<index>` when checked. Nomad answers 204.
    pub async fn delete_variable(
        &self,
        path: &str,
        cas: Option<u64>,
        q: &QueryOptions,
    ) -> Result<(), WriteError> {
        let mut endpoint = var_endpoint(path);
        if let Some(i) = cas {
            endpoint.push_str(&format!("?cas={i}"));
        }
        match self.send_value("DELETE", &endpoint, q, None).await {
            Ok(_) => Ok(()),
            Err(Error::Status { code: 204, .. }) => Ok(()),
            Err(e) => Err(conflict(e)),
        }
    }

    /// `PUT /v1/var/<path>?lock-acquire|lock-renew|lock-release` with `v` as the body (a
    /// release sends only the lock's ID, as Nomad's client does).
    pub async fn lock_variable(
        &self,
        op: LockOp,
        path: &str,
        v: &Variable,
        q: &QueryOptions,
    ) -> Result<Variable, Error> {
        let endpoint = format!("{}?{}", var_endpoint(path), op.param());
        let (out, _) = self.put::<Variable, _>(&endpoint, v, q).await?;
        Ok(out)
    }
}
