//! Raw requests for `operator api`: any method to any URL the command built from the user's
//! path, with the caller's headers. Unlike the typed endpoints, the token is only added when
//! the caller set no `X-Nomad-Token` of its own, and no status is an error: the reply is
//! handed back as it came, for the command to stream (Nomad's `operator api` does the same).

use super::{error, Client};

/// What to send.
#[derive(Clone, Debug, Default)]
pub struct RawRequest {
    pub method: String,
    /// The whole URL, query included (without userinfo).
    pub url: String,
    /// Headers in the order given; later values of a name are added, not replacing.
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    /// Basic auth taken from the URL's userinfo; else the client's `NOMAD_HTTP_AUTH` applies.
    pub basic_auth: Option<(String, String)>,
}

impl RawRequest {
    /// Whether a header of this name (any case) has a value that is not empty (Go's
    /// `Header.Get(name) != ""`).
    pub fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case(name) && !v.is_empty())
    }
}

/// Go's `url.Error` op word for a method (`Get`, `Patch`).
pub fn method_op(method: &str) -> String {
    let mut c = method.chars();
    match c.next() {
        Some(f) => f.to_string() + &c.as_str().to_lowercase(),
        None => String::new(),
    }
}

impl Client {
    /// The token a raw request carries unless the caller set its own header.
    pub fn token(&self) -> Option<&str> {
        self.config.token.as_deref()
    }

    /// Sends `r` and returns the reply whatever its status, its body unread. The error is
    /// the text after Nomad's `Error performing request: `. No time limit applies: the answer
    /// may be a stream or a blocking query, as the caller chose.
    pub async fn raw(&self, r: &RawRequest) -> Result<reqwest::Response, String> {
        let method = reqwest::Method::from_bytes(r.method.as_bytes())
            .map_err(|_| format!("net/http: invalid method {:?}", r.method))?;
        let op = method_op(&r.method);
        let url_scheme = r.url.split_once("://").map(|(s, _)| s).unwrap_or("");
        if url_scheme != "http" && url_scheme != "https" {
            return Err(format!(
                "{op} \"{}\": unsupported protocol scheme \"{url_scheme}\"",
                r.url
            ));
        }
        if let Some(scheme) = self.unsupported_scheme() {
            return Err(format!(
                "{op} \"{}\": unsupported protocol scheme \"{scheme}\"",
                r.url
            ));
        }
        let mut req = self.http.request(method, &r.url);
        // Go's `Header.Set`: the configured token replaces an empty header of that name.
        let token = match &self.config.token {
            Some(t) if !r.has_header("X-Nomad-Token") => Some(t),
            _ => None,
        };
        for (k, v) in &r.headers {
            if token.is_none() || !k.eq_ignore_ascii_case("X-Nomad-Token") {
                req = req.header(k.as_str(), v.as_str());
            }
        }
        if let Some(t) = token {
            req = req.header("X-Nomad-Token", t.as_str());
        }
        if let Some((u, p)) = r.basic_auth.as_ref().or(self.config.http_auth.as_ref()) {
            req = req.basic_auth(u, Some(p));
        }
        if let Some(b) = &r.body {
            req = req.body(b.clone());
        }
        let dial = dial_of(&r.url);
        let dial = if self.is_unix() { self.dial() } else { &dial };
        req.send()
            .await
            .map_err(|e| format!("{op} \"{}\": {}", r.url, error::transport_cause(&e, dial)))
    }
}

/// The `host:port` Go dials for a URL (for error texts).
fn dial_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
    if host.rsplit_once(':').is_some_and(|(_, p)| !p.contains(']')) {
        host.to_string()
    } else if scheme == "https" {
        format!("{host}:443")
    } else {
        format!("{host}:80")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_and_dials() {
        assert_eq!(method_op("GET"), "Get");
        assert_eq!(method_op("PATCH"), "Patch");
        assert_eq!(dial_of("http://127.0.0.1:1/v1/jobs"), "127.0.0.1:1");
        assert_eq!(dial_of("https://nomad/v1/jobs?x=1"), "nomad:443");
        assert_eq!(dial_of("http://u:p@h/x"), "h:80");
    }
}
