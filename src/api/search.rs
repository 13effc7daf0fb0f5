//! `/v1/search`: prefix search over every context.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Client, Error, QueryOptions};

/// The body Go's api client sends: the request embeds the whole `QueryOptions`.
#[derive(Serialize)]
#[allow(non_snake_case)]
struct SearchRequest<'a> {
    Prefix: &'a str,
    Context: &'a str,
    Region: &'a str,
    Namespace: &'a str,
    AllowStale: bool,
    WaitIndex: u64,
    WaitTime: u64,
    Params: Option<()>,
    Headers: Option<()>,
    AuthToken: &'a str,
    Filter: &'a str,
    PerPage: i32,
    NextToken: &'a str,
    Reverse: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchResponse {
    #[serde(rename = "Matches")]
    pub matches: Option<BTreeMap<String, Option<Vec<String>>>>,
    #[serde(rename = "Truncations")]
    pub truncations: Option<BTreeMap<String, bool>>,
}

impl Client {
    pub async fn search(&self, prefix: &str, context: &str) -> Result<SearchResponse, Error> {
        let body = SearchRequest {
            Prefix: prefix,
            Context: context,
            Region: "",
            Namespace: "",
            AllowStale: false,
            WaitIndex: 0,
            WaitTime: 0,
            Params: None,
            Headers: None,
            AuthToken: "",
            Filter: "",
            PerPage: 0,
            NextToken: "",
            Reverse: false,
        };
        let (r, _) = self.put("/v1/search", &body, &QueryOptions::new()).await?;
        Ok(r)
    }
}
