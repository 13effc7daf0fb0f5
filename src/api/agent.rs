//! The agent endpoints: self, members, leader.

use std::collections::BTreeMap;

use serde::Deserialize;

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
