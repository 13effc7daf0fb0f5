//! Variables: the listing and one variable (`job init -template` reads job templates there).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::url::path_escape;
use super::{Client, Error, QueryMeta, QueryOptions};

/// One entry of `GET /v1/vars` (`VariableMetadata`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VariableMetadata {
    #[serde(rename = "Path")]
    pub path: String,
}

/// A variable with its items (`Variable`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Variable {
    #[serde(rename = "Items")]
    pub items: Option<BTreeMap<String, String>>,
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

    /// `GET /v1/var/<path>`, each segment of `path` escaped as Go's `url.PathEscape` does.
    pub async fn variable(
        &self,
        path: &str,
        q: &QueryOptions,
    ) -> Result<(Option<Variable>, QueryMeta), Error> {
        let encoded: Vec<String> = path.split('/').map(path_escape).collect();
        self.get(&format!("/v1/var/{}", encoded.join("/")), q).await
    }
}
