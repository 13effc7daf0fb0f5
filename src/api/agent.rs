//! The agent endpoints: self, members, servers, health, host data, schedulers, profiles, the
//! log monitor; and the cluster status ones (leader, regions).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::url::{path_escape, query_escape};
use super::{Client, Error, QueryMeta, QueryOptions};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AgentSelf {
    pub config: Option<serde_json::Map<String, serde_json::Value>>,
    pub stats: Option<BTreeMap<String, BTreeMap<String, String>>>,
    pub member: Option<AgentMember>,
}

impl AgentSelf {
    /// `config.UI.ShowCLIHints`, when the agent says.
    pub fn show_cli_hints(&self) -> Option<bool> {
        self.config
            .as_ref()?
            .get("UI")?
            .get("ShowCLIHints")?
            .as_bool()
    }

    /// `stats.raft.applied_index`: the newest raft index this server has applied. A
    /// client-only agent has no raft stats.
    pub fn applied_index(&self) -> Option<u64> {
        self.stats
            .as_ref()?
            .get("raft")?
            .get("applied_index")?
            .parse()
            .ok()
    }

    /// `config.Server.EventBufferSize` when the agent is a server. A client agent reports its
    /// own default, not what its servers use, so it says nothing about the buffer the stream
    /// is served from.
    pub fn event_buffer_size(&self) -> Option<u64> {
        let server = self.config.as_ref()?.get("Server")?;
        if server.get("Enabled")?.as_bool() != Some(true) {
            return None;
        }
        server.get("EventBufferSize")?.as_u64()
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AgentMember {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Addr")]
    pub addr: String,
    #[serde(rename = "Port")]
    pub port: u16,
    #[serde(rename = "Tags")]
    pub tags: Option<BTreeMap<String, String>>,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "ProtocolCur")]
    pub protocol_cur: u8,
}

impl AgentMember {
    pub fn tag(&self, k: &str) -> &str {
        self.tags
            .as_ref()
            .and_then(|t| t.get(k))
            .map(String::as_str)
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ServerMembers {
    #[serde(rename = "Members")]
    pub members: Option<Vec<AgentMember>>,
}

/// `address=a&address=b`, as Nomad's client puts a list of addresses in a query.
fn addresses_query(addresses: &[String]) -> String {
    let query: Vec<String> = addresses
        .iter()
        .map(|s| format!("address={}", query_escape(s)))
        .collect();
    query.join("&")
}

/// The agent and status endpoints (generic over the body: typed, or `Value` to print as is).
impl Client {
    /// `GET /v1/agent/self`.
    pub async fn agent_self<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/agent/self", q).await
    }

    /// `GET /v1/agent/members`.
    pub async fn agent_members<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/agent/members", q).await
    }

    /// `GET /v1/agent/health`.
    pub async fn agent_health<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/agent/health", q).await
    }

    /// `GET /v1/agent/host` (`server_id`, `node_id` in `q`).
    pub async fn agent_host<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/agent/host", q).await
    }

    /// `GET /v1/agent/servers`: the servers a client agent knows.
    pub async fn agent_servers<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/agent/servers", q).await
    }

    /// `PUT /v1/agent/servers?address=…`: replaces a client agent's server list.
    pub async fn set_agent_servers(
        &self,
        addresses: &[String],
    ) -> Result<(Value, QueryMeta), Error> {
        let path = format!("/v1/agent/servers?{}", addresses_query(addresses));
        self.send_value("PUT", &path, &QueryOptions::new(), None)
            .await
    }

    /// `PUT /v1/agent/join?address=…`: joins a server agent to others.
    pub async fn agent_join(&self, addresses: &[String]) -> Result<(Value, QueryMeta), Error> {
        let path = format!("/v1/agent/join?{}", addresses_query(addresses));
        self.send_value("PUT", &path, &QueryOptions::new(), None)
            .await
    }

    /// `PUT /v1/agent/force-leave` (`node`, `prune` in `q`).
    pub async fn agent_force_leave(&self, q: &QueryOptions) -> Result<(Value, QueryMeta), Error> {
        self.send_value("PUT", "/v1/agent/force-leave", q, None)
            .await
    }

    /// `GET /v1/agent/schedulers`.
    pub async fn agent_schedulers<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/agent/schedulers", q).await
    }

    /// `GET /v1/agent/schedulers/config`.
    pub async fn agent_scheduler_config<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/agent/schedulers/config", q).await
    }

    /// `POST /v1/agent/schedulers/config`; the reply as untyped JSON.
    pub async fn update_agent_scheduler_config(
        &self,
        body: &Value,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        self.send_value("POST", "/v1/agent/schedulers/config", q, Some(body))
            .await
    }

    /// `GET /v1/agent/pprof/<profile>`: the profile's raw bytes.
    pub async fn agent_pprof(
        &self,
        profile: &str,
        q: &QueryOptions,
    ) -> Result<(bytes::Bytes, QueryMeta), Error> {
        self.get_bytes(&format!("/v1/agent/pprof/{}", path_escape(profile)), q)
            .await
    }

    /// `GET /v1/agent/monitor`: the agent's log lines as a stream of frames.
    pub async fn agent_monitor(&self, q: &QueryOptions) -> Result<reqwest::Response, Error> {
        self.stream("/v1/agent/monitor", q).await
    }

    /// `GET /v1/agent/monitor/export`: an agent's past log (its log file or its journal) as
    /// a stream of frames.
    pub async fn agent_monitor_export(&self, q: &QueryOptions) -> Result<reqwest::Response, Error> {
        self.stream("/v1/agent/monitor/export", q).await
    }

    /// `GET /v1/status/leader`: the leader's RPC address.
    pub async fn status_leader(&self, q: &QueryOptions) -> Result<(String, QueryMeta), Error> {
        self.get("/v1/status/leader", q).await
    }

    /// `GET /v1/regions`; `null` reads as none.
    pub async fn regions(&self, q: &QueryOptions) -> Result<(Vec<String>, QueryMeta), Error> {
        let (v, m) = self.get::<Option<Vec<String>>>("/v1/regions", q).await?;
        Ok((v.unwrap_or_default(), m))
    }
}
