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

    pub fn check(&self, token: Option<&str>, need: Need) -> Result<(), Denied> {
        if !self.enabled || need == Need::None {
            return Ok(());
        }
        // No token means the anonymous policy, which allows nothing here.
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Err(Denied::PermissionDenied);
        };
        let Some(policy) = self.tokens.get(token) else {
            return Err(Denied::TokenNotFound);
        };
        let ok = match policy.as_str() {
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
