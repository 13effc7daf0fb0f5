//! A deliberately small ACL model: tokens carry one named policy, and each endpoint needs a
//! capability. Enough for realistic 403 `Permission denied` answers.

use serde::Deserialize;
use std::collections::HashMap;

/// What an endpoint needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    None,
    Read,
    Write,
    NodeRead,
    NodeWrite,
    AgentRead,
    /// A management token (event stream topics other than the job/node ones).
    Management,
}

#[derive(Clone, Debug, Deserialize)]
pub struct TokenSpec {
    pub secret: String,
    /// `management`, `write`, `read`, `node-read`, `node-write`, `deny`.
    pub policy: String,
}

#[derive(Clone, Debug, Default)]
pub struct Acl {
    pub enabled: bool,
    tokens: HashMap<String, String>,
}

/// Why a request was refused. Nomad v1.10.5 answers both with 403 `Permission denied` (an
/// unknown or malformed secret resolves to no ACL at all: recorded in
/// `api/acl/jobs-bad-token-403.json`); the sim keeps them apart for the checks that come
/// before an object lookup (exec).
pub enum Denied {
    TokenNotFound,
    PermissionDenied,
}

impl Denied {
    pub fn message(&self) -> &'static str {
        "Permission denied"
    }
}

impl Acl {
    pub fn set(&mut self, enabled: bool, tokens: Vec<TokenSpec>) {
        self.enabled = enabled;
        self.tokens = tokens.into_iter().map(|t| (t.secret, t.policy)).collect();
    }

    pub fn add_token(&mut self, secret: &str, policy: &str) {
        self.tokens.insert(secret.into(), policy.into());
    }

    /// `stored`: the level of a token made through `/v1/acl/token` (see `Store::level`).
    pub fn check(
        &self,
        token: Option<&str>,
        need: Need,
        stored: Option<&str>,
    ) -> Result<(), Denied> {
        if !self.enabled || need == Need::None {
            return Ok(());
        }
        // No token means the anonymous policy, which allows nothing here.
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Err(Denied::PermissionDenied);
        };
        let Some(policy) = self.tokens.get(token).map(String::as_str).or(stored) else {
            return Err(Denied::TokenNotFound);
        };
        let ok = match policy {
            "management" => true,
            "write" => !matches!(need, Need::NodeWrite | Need::Management),
            "read" => matches!(need, Need::Read | Need::NodeRead | Need::AgentRead),
            "node-read" => need == Need::NodeRead,
            "node-write" => matches!(need, Need::NodeRead | Need::NodeWrite),
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(Denied::PermissionDenied)
        }
    }
}

/// The ACL objects the `/v1/acl/…` endpoints serve (kept in `State`, so their writes move the
/// raft index): tokens by Accessor ID and policies by name, shaped as Nomad v1.10.5 sends them
/// (`api/acl/cmd-*` recordings).
#[derive(Clone, Debug, Default)]
pub struct Store {
    pub tokens: std::collections::BTreeMap<String, serde_json::Value>,
    pub policies: std::collections::BTreeMap<String, serde_json::Value>,
    /// Roles by ID, auth methods by name, binding rules by ID (`http/acl_auth.rs`).
    pub roles: std::collections::BTreeMap<String, serde_json::Value>,
    pub auth_methods: std::collections::BTreeMap<String, serde_json::Value>,
    pub binding_rules: std::collections::BTreeMap<String, serde_json::Value>,
    /// OIDC logins under way, by state (`http/login.rs`): the method, nonce and redirect of
    /// the auth-url request, and the code once the sim's provider page has issued one.
    pub oidc_requests: std::collections::BTreeMap<String, serde_json::Value>,
    /// The index of the bootstrap, once done.
    pub bootstrapped: Option<u64>,
}

impl Store {
    /// The token with this secret.
    pub fn by_secret(&self, secret: &str) -> Option<&serde_json::Value> {
        self.tokens.values().find(|t| t["SecretID"] == secret)
    }

    /// What a stored token may do on the other endpoints: a management token everything, a
    /// client token with any policy what a `read` token may (the sim does not evaluate rules).
    pub fn level(&self, secret: &str) -> Option<&'static str> {
        let t = self.by_secret(secret)?;
        Some(if t["Type"] == "management" {
            "management"
        } else if t["Policies"].as_array().is_some_and(|p| !p.is_empty()) {
            "read"
        } else {
            "deny"
        })
    }
}
