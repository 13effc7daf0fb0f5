//! Client configuration: flags over `NOMAD_*` variables over defaults, as Nomad's Go api client
//! and CLI resolve them. A flag wins only when it is non-empty (or true).

use crate::env::Env;
use crate::gocompat::strconv::parse_bool;

pub const DEFAULT_ADDRESS: &str = "http://127.0.0.1:4646";

/// The global ("client") flags every command accepts, as given on the command line.
#[derive(Clone, Debug, Default)]
pub struct ClientFlags {
    pub address: String,
    pub region: String,
    pub namespace: String,
    pub token: String,
    pub ca_cert: String,
    pub ca_path: String,
    pub client_cert: String,
    pub client_key: String,
    pub tls_server_name: String,
    pub tls_skip_verify: bool,
}

#[derive(Clone, Default)]
pub struct TlsSettings {
    pub ca_cert: Option<String>,
    pub ca_path: Option<String>,
    pub client_cert: Option<String>,
    pub client_key: Option<String>,
    pub server_name: Option<String>,
    pub skip_verify: bool,
}

#[derive(Clone, Default)]
pub struct Config {
    /// The address exactly as configured (Nomad prints it verbatim in UI hints).
    pub address: String,
    pub region: Option<String>,
    pub namespace: Option<String>,
    pub token: Option<String>,
    /// HTTP basic auth from `NOMAD_HTTP_AUTH` (`user[:pass]`).
    pub http_auth: Option<(String, String)>,
    pub tls: TlsSettings,
    /// `RNOMAD_HTTP_TIMEOUT` (see `api::policy`).
    pub timeouts: super::policy::Timeouts,
}

// The token must never show up in debug output.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("address", &self.address)
            .field("region", &self.region)
            .field("namespace", &self.namespace)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

fn pick(flag: &str, env: &Env, var: &str) -> Option<String> {
    if !flag.is_empty() {
        Some(flag.to_string())
    } else {
        env.value(var).map(str::to_string)
    }
}

impl Config {
    pub fn resolve(flags: &ClientFlags, env: &Env) -> Config {
        let http_auth = env
            .value("NOMAD_HTTP_AUTH")
            .map(|v| match v.split_once(':') {
                Some((u, p)) => (u.to_string(), p.to_string()),
                None => (v.to_string(), String::new()),
            });
        // An unparsable NOMAD_SKIP_VERIFY is ignored, as Nomad does.
        let env_skip = env
            .value("NOMAD_SKIP_VERIFY")
            .and_then(parse_bool)
            .unwrap_or(false);
        Config {
            address: pick(&flags.address, env, "NOMAD_ADDR")
                .unwrap_or_else(|| DEFAULT_ADDRESS.to_string()),
            region: pick(&flags.region, env, "NOMAD_REGION"),
            namespace: pick(&flags.namespace, env, "NOMAD_NAMESPACE"),
            token: pick(&flags.token, env, "NOMAD_TOKEN"),
            http_auth,
            tls: TlsSettings {
                ca_cert: pick(&flags.ca_cert, env, "NOMAD_CACERT"),
                ca_path: pick(&flags.ca_path, env, "NOMAD_CAPATH"),
                client_cert: pick(&flags.client_cert, env, "NOMAD_CLIENT_CERT"),
                client_key: pick(&flags.client_key, env, "NOMAD_CLIENT_KEY"),
                server_name: pick(&flags.tls_server_name, env, "NOMAD_TLS_SERVER_NAME"),
                skip_verify: flags.tls_skip_verify || env_skip,
            },
            timeouts: super::policy::Timeouts::from_value(env.value(super::policy::ENV)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn defaults() {
        let c = Config::resolve(&ClientFlags::default(), &env(&[]));
        assert_eq!(c.address, DEFAULT_ADDRESS);
        assert_eq!(c.region, None);
        assert_eq!(c.token, None);
        assert!(!c.tls.skip_verify);
    }

    #[test]
    fn flag_beats_env_beats_default() {
        let e = env(&[
            ("NOMAD_ADDR", "http://env:4646"),
            ("NOMAD_REGION", "eu"),
            ("NOMAD_NAMESPACE", "prod"),
            ("NOMAD_TOKEN", "secret-env"),
        ]);
        let c = Config::resolve(&ClientFlags::default(), &e);
        assert_eq!(c.address, "http://env:4646");
        assert_eq!(c.region.as_deref(), Some("eu"));
        assert_eq!(c.namespace.as_deref(), Some("prod"));
        let flags = ClientFlags {
            address: "http://flag:4646".into(),
            namespace: "dev".into(),
            token: "secret-flag".into(),
            ..Default::default()
        };
        let c = Config::resolve(&flags, &e);
        assert_eq!(c.address, "http://flag:4646");
        assert_eq!(c.namespace.as_deref(), Some("dev"));
        assert_eq!(c.token.as_deref(), Some("secret-flag"));
        assert_eq!(c.region.as_deref(), Some("eu"));
    }

    #[test]
    fn empty_flag_and_env_do_not_override() {
        let e = env(&[("NOMAD_ADDR", ""), ("NOMAD_TOKEN", "t")]);
        let c = Config::resolve(&ClientFlags::default(), &e);
        assert_eq!(c.address, DEFAULT_ADDRESS);
        assert_eq!(c.token.as_deref(), Some("t"));
    }

    #[test]
    fn skip_verify_env_and_flag() {
        let c = Config::resolve(
            &ClientFlags::default(),
            &env(&[("NOMAD_SKIP_VERIFY", "true")]),
        );
        assert!(c.tls.skip_verify);
        let c = Config::resolve(
            &ClientFlags::default(),
            &env(&[("NOMAD_SKIP_VERIFY", "yes")]),
        );
        assert!(!c.tls.skip_verify);
    }

    #[test]
    fn http_auth_splits_at_first_colon() {
        let c = Config::resolve(
            &ClientFlags::default(),
            &env(&[("NOMAD_HTTP_AUTH", "u:p:q")]),
        );
        assert_eq!(c.http_auth, Some(("u".into(), "p:q".into())));
        let c = Config::resolve(&ClientFlags::default(), &env(&[("NOMAD_HTTP_AUTH", "u")]));
        assert_eq!(c.http_auth, Some(("u".into(), String::new())));
    }

    #[test]
    fn debug_hides_token() {
        let c = Config::resolve(
            &ClientFlags::default(),
            &env(&[("NOMAD_TOKEN", "s3cr3t-token")]),
        );
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }
}
