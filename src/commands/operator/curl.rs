//! The pure half of `operator api`: the user's path turned into a URL as Nomad's
//! `pathToURL` does (with Go's `net/url` reading and writing of it), the query rewritten as
//! Go's `url.Values.Encode` writes it, Go's header-name canonical form, and the `-dryrun`
//! curl line of `apiToCurl`.

use crate::api::Config;

pub use super::gourl::GoUrl;

/// Nomad's `pathToURL`: a path without a scheme gets one (https when any TLS setting is
/// given, else the configured address's http or https), and an empty host is the address's.
pub fn path_to_url(config: &Config, path: &str) -> Result<GoUrl, String> {
    let mut full = path.to_string();
    if !["http://", "https://", "unix://"]
        .iter()
        .any(|p| path.starts_with(p))
    {
        let t = &config.tls;
        let scheme = if t.ca_cert.is_some()
            || t.ca_path.is_some()
            || t.client_cert.is_some()
            || t.server_name.is_some()
            || t.skip_verify
        {
            "https"
        } else {
            match config.address.split_once("://") {
                Some((s, _)) if s.eq_ignore_ascii_case("https") => "https",
                _ => "http",
            }
        };
        full = format!("{scheme}://{path}");
    }
    let mut u = GoUrl::parse(&full)?;
    if u.host.is_empty() {
        u.host = address_host(&config.address);
    }
    Ok(u)
}

/// The host (and port) of the configured address, as Go's `url.Parse` finds it.
pub fn address_host(address: &str) -> String {
    let Some((_, rest)) = address.split_once("://") else {
        return String::new();
    };
    let auth = rest.split(['/', '?', '#']).next().unwrap_or("");
    auth.rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(auth)
        .to_string()
}

/// Nomad's `setQueryParams`: the configured region and namespace, unless the path has them.
pub fn set_query_params(config: &Config, u: &mut GoUrl) {
    for (key, val) in [("region", &config.region), ("namespace", &config.namespace)] {
        if let Some(v) = val.as_deref().filter(|v| !v.is_empty()) {
            if u.get(key).is_none_or(str::is_empty) {
                u.set(key, v);
            }
        }
    }
}

/// Go's `textproto.CanonicalMIMEHeaderKey`: `x-nomad-token` → `X-Nomad-Token`; a name with
/// a byte outside a header token is left as is.
pub fn canonical_header(k: &str) -> String {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if !k.bytes().all(token) {
        return k.to_string();
    }
    let mut upper = true;
    k.chars()
        .map(|c| {
            let out = if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            upper = c == '-';
            out
        })
        .collect()
}

/// `-H` values as Go's `http.Header` holds them: canonical names, values trimmed, grouped by
/// name in sorted order (Go's map order is random; sorted is one of its orders).
pub fn header_list(raw: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = raw
        .iter()
        .filter_map(|h| h.split_once(':'))
        .map(|(k, v)| (canonical_header(k), v.trim().to_string()))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// How the request body shows in the curl line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CurlBody {
    None,
    /// Read from stdin (Nomad's `--data-binary @-`).
    Stdin,
    /// `-d @FILE` (rnomad's own).
    File(String),
    /// `-d TEXT` (rnomad's own).
    Text(String),
}

/// What the curl line is made of besides the URL.
pub struct CurlSpec<'a> {
    pub verbose: bool,
    pub method: &'a str,
    pub body: CurlBody,
    /// The socket path of a `unix://` address.
    pub unix_socket: Option<&'a str>,
    pub headers: &'a [(String, String)],
    /// The token given with `-token` (shown), else whether `NOMAD_TOKEN` is set (referenced).
    pub flag_token: &'a str,
    pub env_token: bool,
    pub env_http_auth: bool,
}

/// Nomad's `apiToCurl`: the command line, one option a line, joined by ` \` line ends.
pub fn curl_line(config: &Config, spec: &CurlSpec, mut u: GoUrl) -> Result<String, String> {
    let mut parts = vec!["curl".to_string()];
    if spec.verbose {
        parts.push("--verbose".into());
    }
    if !spec.method.is_empty() && spec.method != "GET" {
        parts.push(format!("-X {}", spec.method));
    }
    match &spec.body {
        CurlBody::None => {}
        CurlBody::Stdin => parts.push("--data-binary @-".into()),
        CurlBody::File(f) => parts.push(format!("--data-binary {}", quote(&format!("@{f}")))),
        CurlBody::Text(t) => parts.push(format!("--data-binary {}", shell_quote(t))),
    }
    if let Some(sock) = spec.unix_socket {
        parts.push(format!("--unix-socket {}", quote(sock)));
    }
    let t = &config.tls;
    for (flag, v) in [
        ("--cacert", &t.ca_cert),
        ("--capath", &t.ca_path),
        ("--cert", &t.client_cert),
        ("--key", &t.client_key),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{flag} \"{v}\""));
        }
    }
    if t.skip_verify {
        parts.push("--insecure".into());
    }
    if let Some(name) = t.server_name.as_deref().filter(|v| !v.is_empty()) {
        // curl takes SNI from the URL: the URL names the server, --connect-to the real host.
        let (host, port) =
            split_host_port(&u.host).map_err(|e| format!("error determining port: {e}"))?;
        u.host = join_host_port(name, &port);
        parts.push(format!("--connect-to \"{name}:{port}:{host}:{port}\""));
    }
    for (k, v) in spec.headers {
        parts.push(format!("-H '{k}: {v}'"));
    }
    if !spec
        .headers
        .iter()
        .any(|(k, v)| k == "X-Nomad-Token" && !v.is_empty())
    {
        if !spec.flag_token.is_empty() {
            parts.push(format!("-H 'X-Nomad-Token: {}'", spec.flag_token));
        } else if spec.env_token {
            parts.push("-H \"X-Nomad-Token: ${NOMAD_TOKEN}\"".into());
        }
    }
    if spec.env_http_auth {
        parts.push("-u \"$NOMAD_HTTP_AUTH\"".into());
    }
    set_query_params(config, &mut u);
    parts.push(u.to_go_string());
    Ok(parts.join(" \\\n  "))
}

fn quote(s: &str) -> String {
    crate::gocompat::strconv::quote(s)
}

/// A shell word in single quotes.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Go's `net.SplitHostPort`, with its error texts.
fn split_host_port(hp: &str) -> Result<(String, String), String> {
    let missing = || format!("address {hp}: missing port in address");
    if let Some(rest) = hp.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| format!("address {hp}: missing ']' in address"))?;
        let port = after.strip_prefix(':').ok_or_else(missing)?;
        return Ok((host.to_string(), port.to_string()));
    }
    let (host, port) = hp.rsplit_once(':').ok_or_else(missing)?;
    if host.contains(':') {
        return Err(format!("address {hp}: too many colons in address"));
    }
    Ok((host.to_string(), port.to_string()))
}

fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(addr: &str) -> Config {
        Config {
            address: addr.into(),
            ..Default::default()
        }
    }

    #[test]
    fn paths_become_urls_as_in_nomad() {
        let c = config("http://127.0.0.1:5750");
        let u = path_to_url(&c, "/api/jobs").unwrap();
        assert_eq!(u.to_go_string(), "http://127.0.0.1:5750/api/jobs");
        let u = path_to_url(&c, "localhost:4646/v1/jobs?b=2&a=1&a=0").unwrap();
        assert_eq!(
            u.to_go_string(),
            "http://localhost:4646/v1/jobs?a=1&a=0&b=2"
        );
        let mut tls = config("http://127.0.0.1:5750");
        tls.tls.skip_verify = true;
        let u = path_to_url(&tls, "/api/x").unwrap();
        assert_eq!(u.to_go_string(), "https://127.0.0.1:5750/api/x");
        let u = path_to_url(&config("https://h:1"), "/api/a b").unwrap();
        assert_eq!(u.to_go_string(), "https://h:1/api/a%20b");
        assert_eq!(u.path(), "/api/a b");
        let e = path_to_url(&c, "h:x/v1").unwrap_err();
        assert_eq!(e, "parse \"http://h:x/v1\": invalid port \":x\" after host");
        let u = path_to_url(&c, "https://u:p@h:9/x?#f").unwrap();
        assert_eq!(u.to_go_string(), "https://u:p@h:9/x?#f");
        assert_eq!(u.request_url(), "https://h:9/x?");
    }

    #[test]
    fn headers_are_canonical() {
        assert_eq!(canonical_header("x-nomad-token"), "X-Nomad-Token");
        assert_eq!(canonical_header("ACCEPT"), "Accept");
        assert_eq!(canonical_header("a b"), "a b");
        assert_eq!(
            header_list(&["b: 1".into(), "a:  2 ".into(), "b:3".into()]),
            [
                ("A".into(), "2".into()),
                ("B".into(), "1".into()),
                ("B".into(), "3".into())
            ]
        );
    }

    #[test]
    fn curl_line_matches_nomad() {
        let mut c = config("http://127.0.0.1:5750");
        c.region = Some("r".into());
        c.namespace = Some("n".into());
        let mut u = path_to_url(&c, "/api/jobs?z=1").unwrap();
        u.set("filter", "x == \"y\"");
        let headers = header_list(&["A: b".into(), "A: c".into()]);
        let spec = CurlSpec {
            verbose: false,
            method: "PUT",
            body: CurlBody::None,
            unix_socket: None,
            headers: &headers,
            flag_token: "",
            env_token: true,
            env_http_auth: false,
        };
        assert_eq!(
            curl_line(&c, &spec, u).unwrap(),
            "curl \\\n  -X PUT \\\n  -H 'A: b' \\\n  -H 'A: c' \\\n  -H \"X-Nomad-Token: ${NOMAD_TOKEN}\" \\\n  http://127.0.0.1:5750/api/jobs?filter=x+%3D%3D+%22y%22&namespace=n&region=r&z=1"
        );
    }

    #[test]
    fn server_name_needs_a_port() {
        let mut c = config("http://127.0.0.1:5750");
        c.tls.server_name = Some("foo".into());
        c.tls.ca_cert = Some("/x".into());
        let spec = CurlSpec {
            verbose: true,
            method: "GET",
            body: CurlBody::Stdin,
            unix_socket: None,
            headers: &[],
            flag_token: "sec",
            env_token: false,
            env_http_auth: true,
        };
        let u = path_to_url(&c, "localhost:5750/api/jobs").unwrap();
        assert_eq!(
            curl_line(&c, &spec, u).unwrap(),
            "curl \\\n  --verbose \\\n  --data-binary @- \\\n  --cacert \"/x\" \\\n  --connect-to \"foo:5750:localhost:5750\" \\\n  -H 'X-Nomad-Token: sec' \\\n  -u \"$NOMAD_HTTP_AUTH\" \\\n  https://foo:5750/api/jobs"
        );
        let u = path_to_url(&c, "localhost/v1/jobs").unwrap();
        assert_eq!(
            curl_line(&c, &spec, u).unwrap_err(),
            "error determining port: address localhost: missing port in address"
        );
    }
}
