//! `operator api`: one request to any API path, curl-style (Nomad's
//! `command/operator_api.go`). The reply's body goes to stdout as it arrives, whatever its
//! status (exit 0); only a request that gets no reply, or a body that breaks off, exits 1.

use std::io::Read;

use crate::api::raw::RawRequest;
use crate::api::{Client, Config};
use crate::cli::operator::OperatorApiArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

use super::curl::{
    canonical_header, curl_line, header_list, path_to_url, set_query_params, CurlBody, CurlSpec,
    GoUrl,
};

const NAME: &str = "operator api";

pub async fn run(ctx: &mut Ctx, a: &OperatorApiArgs) -> i32 {
    match a.args.len() {
        0 => return usage_error(ctx, "A path or URL is required", NAME),
        1 => {}
        n => {
            let msg =
                format!("operator api accepts exactly 1 argument, but {n} arguments were found");
            return usage_error(ctx, &msg, NAME);
        }
    }
    let (body, shown) = match request_body(ctx, a) {
        Ok(b) => b,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let method = match (a.method.as_str(), &body) {
        ("", Some(_)) => "POST".to_string(),
        ("", None) => "GET".to_string(),
        (m, _) => m.to_string(),
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let mut config = client.config().clone();
    if client.is_unix() {
        // Nomad's client rewrites a socket address to this one (paths then name its host).
        config.address = client.address();
    }
    let mut url = match path_to_url(&config, &a.args[0]) {
        Ok(u) => u,
        Err(e) => {
            ctx.ui.error(&format!("Error turning path into URL: {e}"));
            return 1;
        }
    };
    if !a.filter.is_empty() {
        url.set("filter", &a.filter);
    }
    let headers = header_list(&a.header);
    if a.dryrun {
        let spec = CurlSpec {
            verbose: a.verbose,
            method: &method,
            body: shown,
            unix_socket: client.unix_socket(),
            headers: &headers,
            flag_token: &a.global.token,
            env_token: ctx.env.value("NOMAD_TOKEN").is_some_and(|v| !v.is_empty()),
            env_http_auth: ctx
                .env
                .value("NOMAD_HTTP_AUTH")
                .is_some_and(|v| !v.is_empty()),
        };
        return match curl_line(&config, &spec, url) {
            Ok(line) => {
                ctx.ui.output(&line);
                0
            }
            Err(e) => {
                ctx.ui.error(&format!("Error creating curl command: {e}"));
                1
            }
        };
    }
    if reqwest::Method::from_bytes(method.as_bytes()).is_err() {
        let q = crate::gocompat::strconv::quote(&method);
        ctx.ui.error(&format!(
            "Error making request: net/http: invalid method {q}"
        ));
        return 1;
    }
    set_query_params(&config, &mut url);
    send(ctx, &client, &config, a.verbose, method, url, headers, body).await
}

/// The body to send and how the curl line shows it: `-d` (rnomad's own), else whatever is
/// piped on stdin (Nomad reads stdin whenever it is not a terminal or other device).
fn request_body(ctx: &mut Ctx, a: &OperatorApiArgs) -> Result<(Option<Vec<u8>>, CurlBody), String> {
    let read_stdin = || {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map(|_| b)
            .map_err(|e| format!("Error reading stdin: {e}"))
    };
    if a.data == "-" {
        return Ok((Some(read_stdin()?), CurlBody::Stdin));
    }
    if let Some(file) = a.data.strip_prefix('@') {
        let b = std::fs::read(file).map_err(|e| {
            format!(
                "Error reading request body: open {file}: {}",
                crate::gocompat::os::io_text(&e)
            )
        })?;
        return Ok((Some(b), CurlBody::File(file.to_string())));
    }
    if !a.data.is_empty() {
        return Ok((
            Some(a.data.clone().into_bytes()),
            CurlBody::Text(a.data.clone()),
        ));
    }
    if stdin_is_device() {
        return Ok((None, CurlBody::None));
    }
    if a.verbose {
        ctx.ui.warn("* Reading request body from stdin.");
    }
    Ok((Some(read_stdin()?), CurlBody::Stdin))
}

/// Whether stdin is a character device (a terminal, /dev/null): Go's `ModeCharDevice` test.
/// A closed stdin counts as one (nothing to read).
fn stdin_is_device() -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata("/dev/stdin").map_or(true, |m| m.file_type().is_char_device())
}

#[allow(clippy::too_many_arguments)]
async fn send(
    ctx: &mut Ctx,
    client: &Client,
    config: &Config,
    verbose: bool,
    method: String,
    url: GoUrl,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
) -> i32 {
    if let (true, Some(sock)) = (verbose, client.unix_socket()) {
        ctx.ui.warn(&format!("* Trying {sock}..."));
        ctx.ui
            .warn(&format!("* Connected to {} ({sock})", host_name(&url.host)));
    }
    let basic_auth = url.user.clone().map(|(u, p)| (u, p.unwrap_or_default()));
    let req = RawRequest {
        method: method.clone(),
        url: url.request_url(),
        headers,
        body,
        basic_auth,
    };
    if verbose {
        ctx.ui.warn(&format!("> {method} {} HTTP/1.1", url.path()));
        for (k, v) in request_headers(&req, config) {
            ctx.ui.warn(&format!("> {k}: {v}"));
        }
        ctx.ui.warn(">");
        ctx.ui.warn("* Sending request and receiving response...");
    }
    let mut resp = match client.raw(&req).await {
        Ok(r) => r,
        Err(e) => {
            ctx.ui.error(&format!("Error performing request: {e}"));
            return 1;
        }
    };
    if verbose {
        let status = resp.status();
        ctx.ui.warn(&format!(
            "< {:?} {} {}",
            resp.version(),
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        ));
        let mut lines: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    canonical_header(k.as_str()),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        lines.sort_by(|a, b| a.0.cmp(&b.0));
        for (k, v) in lines {
            ctx.ui.warn(&format!("< {k}: {v}"));
        }
    }
    ctx.ui.flush();
    let mut n = 0usize;
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                n += chunk.len();
                ctx.ui.raw_bytes(&chunk);
                ctx.ui.flush();
            }
            Ok(None) => return 0,
            Err(_) => {
                ctx.ui.flush();
                ctx.ui.error(&format!(
                    "Error reading response after {n} bytes: unexpected EOF"
                ));
                return 1;
            }
        }
    }
}

/// The request's headers as Go holds them when `-verbose` prints them: the `-H` headers,
/// the token unless one was given, and basic auth as an `Authorization` header, sorted.
fn request_headers(req: &RawRequest, config: &Config) -> Vec<(String, String)> {
    let mut h = req.headers.clone();
    if !req.has_header("X-Nomad-Token") {
        if let Some(t) = config.token.as_deref().filter(|t| !t.is_empty()) {
            h.retain(|(k, _)| k != "X-Nomad-Token");
            h.push(("X-Nomad-Token".into(), t.to_string()));
        }
    }
    if let Some((u, p)) = req.basic_auth.as_ref().or(config.http_auth.as_ref()) {
        h.retain(|(k, _)| k != "Authorization");
        let cred = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{u}:{p}"),
        );
        h.push(("Authorization".into(), format!("Basic {cred}")));
    }
    h.sort_by(|a, b| a.0.cmp(&b.0));
    h
}

/// Go's `URL.Hostname`: the host without its port or IPv6 brackets.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}
