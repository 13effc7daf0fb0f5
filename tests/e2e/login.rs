//! `ui` and `login` against the sim. Messages and exit codes are those Nomad v1.10.5 printed
//! for the same requests (tests/fixtures/nomad-1.10.5/cli-login/), with the recording agent's
//! address read as the sim's. No browser ever starts: PATH holds no opener, or a fake
//! `xdg-open` that writes down the address it was given; for OIDC logins the test then plays
//! the browser, following that address through the sim's provider page to rnomad's callback.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use nomad_sim::Sim;
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};

use crate::common::{assert_recorded_cli, recorded_cli, FIXTURES};
use crate::common::{builder, dead_address, rnomad, sim};

fn recorded(name: &str, stream: &str) -> String {
    recorded_cli(&format!("cli-login/{name}"), stream)
}

fn same_as_nomad(r: &crate::common::Run, name: &str) {
    assert_recorded_cli(r, &format!("cli-login/{name}"));
}

/// A directory for PATH holding an `xdg-open` that records its argument in `opened`.
fn fake_browser() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("opened");
    let script = dir.path().join("xdg-open");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$1\" > {0}.tmp && /bin/mv {0}.tmp {0}\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    (dir, log)
}

fn wait_for(file: &Path) -> String {
    for _ in 0..100 {
        if let Ok(s) = std::fs::read_to_string(file) {
            return s.trim().to_string();
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{} never appeared", file.display());
}

/// A sim with job `web` registered under that name.
fn with_web() -> Sim {
    let s = sim();
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("web.nomad.hcl");
    std::fs::copy(format!("{FIXTURES}/setup/login/sleep.nomad.hcl"), &spec).unwrap();
    let r = rnomad(&["job", "run", "-detach", spec.to_str().unwrap()])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{}", r.stderr);
    s
}

#[test]
fn ui_show_url_prints_the_page_of_what_is_named() {
    let s = with_web();
    same_as_nomad(&rnomad(&["ui", "-show-url"]).sim(&s).run(), "ui-show-url");
    let r = rnomad(&["ui", "-show-url", "web"]).sim(&s).run();
    same_as_nomad(&r, "ui-show-url-job");
    let r = rnomad(&[
        "ui",
        "-show-url",
        "-namespace=default",
        "-region=global",
        "web",
    ])
    .sim(&s)
    .run();
    same_as_nomad(&r, "ui-show-url-ns");
    // A node by prefix: its full ID in the clients page.
    let nodes = rnomad(&["node", "status", "-verbose"]).sim(&s).run();
    let node = nodes
        .stdout
        .lines()
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let r = rnomad(&["ui", "-show-url", &node[..6]]).sim(&s).run();
    assert_eq!(
        (r.code, r.stdout),
        (0, format!("URL for web UI: http://SIM/ui/clients/{node}\n"))
    );
}

#[test]
fn ui_bad_input_not_found_and_server_down() {
    let s = with_web();
    same_as_nomad(
        &rnomad(&["ui", "-show-url", "a", "b"]).sim(&s).run(),
        "ui-show-url-args",
    );
    let r = rnomad(&["ui", "-show-url", "nosuch"]).sim(&s).run();
    same_as_nomad(&r, "ui-show-url-nosuch");
    let r = rnomad(&["ui", "-show-url", "web"])
        .env("NOMAD_ADDR", &dead_address())
        .dead(&dead_address())
        .run();
    same_as_nomad(&r, "ui-show-url-down");
    let r = rnomad(&["ui", "-nosuch"]).sim(&s).run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "flag provided but not defined: -nosuch\n")
    );
}

#[test]
fn ui_opens_the_browser_or_says_why_not() {
    let s = with_web();
    let empty = tempfile::tempdir().unwrap();
    let r = rnomad(&["ui", "web"])
        .sim(&s)
        .env("PATH", empty.path().to_str().unwrap())
        .run();
    same_as_nomad(&r, "ui-no-browser");
    let (dir, log) = fake_browser();
    let r = rnomad(&["ui", "web"])
        .sim(&s)
        .env("PATH", dir.path().to_str().unwrap())
        .run();
    same_as_nomad(&r, "ui-browser");
    assert_eq!(wait_for(&log), format!("{}/ui/jobs/web", s.url()));
}

fn line_value(out: &str, key: &str) -> String {
    out.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split(" = ").nth(1))
        .unwrap_or_default()
        .to_string()
}

/// An ACL sim, bootstrapped: the sim and the management secret.
fn acl_sim() -> (Sim, String) {
    let s = builder().acl(true).spawn();
    let boot = rnomad(&["acl", "bootstrap"]).sim(&s).run();
    let secret = line_value(&boot.stdout, "Secret ID");
    (s, secret)
}

#[test]
fn ui_authenticate_adds_a_one_time_token() {
    let (s, secret) = acl_sim();
    let r = rnomad(&[
        "ui",
        "-show-url",
        "-authenticate",
        "-namespace=default",
        "-region=global",
    ])
    .sim(&s)
    .env("NOMAD_TOKEN", &secret)
    .run();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let url = r
        .stdout
        .trim()
        .strip_prefix("URL for web UI: http://SIM?")
        .unwrap()
        .to_string();
    let parts: Vec<&str> = url.split('&').collect();
    assert_eq!((parts[0], parts[2]), ("namespace=default", "region=global"));
    let ott = parts[1].strip_prefix("ott=").unwrap();
    assert_eq!(ott.len(), 36, "{ott}");
    let r = rnomad(&["ui", "-show-url", "-authenticate"]).sim(&s).run();
    same_as_nomad(&r, "ui-show-url-auth-no-token");
    let r = rnomad(&["ui", "-show-url", "-authenticate"])
        .sim(&s)
        .env("NOMAD_TOKEN", "00000000-0000-0000-0000-000000000000")
        .run();
    same_as_nomad(&r, "ui-show-url-auth-unknown");
    // Without a token the search finds nothing, as on a real agent.
    let r = rnomad(&["ui", "-show-url", "x"]).sim(&s).run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "Unable to resolve ID: \"x\"\n")
    );
}

/// The test's own signing key and the PEM of its public half.
fn jwt_key() -> (EcdsaKeyPair, String) {
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
    let key =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
    // P-256 SubjectPublicKeyInfo: a fixed header, then the uncompressed point.
    let mut der = hex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
    der.extend_from_slice(key.public_key().as_ref());
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let pem = format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        lines.join("\n")
    );
    (key, pem)
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn jwt(key: &EcdsaKeyPair, user: &str, aud: &str, exp: i64) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let h = b64.encode(r#"{"alg":"ES256","typ":"JWT"}"#);
    let p = b64.encode(format!(
        r#"{{"aud":"{aud}","exp":{exp},"iat":1700000000,"sub":"{user}","user":"{user}"}}"#
    ));
    let sig = key
        .sign(&SystemRandom::new(), format!("{h}.{p}").as_bytes())
        .unwrap();
    format!("{h}.{p}.{}", b64.encode(sig.as_ref()))
}

/// An ACL sim with the recording's `readonly` policy and a JWT auth method `jwt` checking
/// the test's key, bound to `readonly` for user alice; the key.
fn jwt_cluster(default: bool) -> (Sim, EcdsaKeyPair) {
    let (s, secret) = acl_sim();
    let (key, pem) = jwt_key();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("jwt.json");
    let config = serde_json::json!({"JWTValidationPubKeys": [pem], "SigningAlgs": ["ES256"],
        "BoundAudiences": ["rnomad"], "ClaimMappings": {"user": "user"}});
    std::fs::write(&cfg, config.to_string()).unwrap();
    let policy = format!("{FIXTURES}/setup/login/readonly.hcl");
    let config_arg = format!("-config=@{}", cfg.display());
    let default_arg = format!("-default={default}");
    for args in [
        vec![
            "acl",
            "policy",
            "apply",
            "-description",
            "Read only",
            "readonly",
            &policy,
        ],
        vec![
            "acl",
            "auth-method",
            "create",
            "-name=jwt",
            "-type=JWT",
            "-max-token-ttl=1h",
            "-token-locality=local",
            &default_arg,
            &config_arg,
        ],
        vec![
            "acl",
            "binding-rule",
            "create",
            "-auth-method=jwt",
            "-bind-type=policy",
            "-bind-name=readonly",
            "-selector=value.user == \"alice\"",
        ],
    ] {
        let r = rnomad(&args).sim(&s).env("NOMAD_TOKEN", &secret).run();
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    (s, key)
}

const FUTURE: i64 = 4102444800;

/// The lines of a token view that differ between runs left out.
fn stable(out: &str) -> String {
    out.lines()
        .filter(|l| {
            !["Accessor ID", "Secret ID", "Create", "Expiry", "Modify"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn login_with_a_jwt_prints_the_new_token() {
    let (s, key) = jwt_cluster(false);
    let good = jwt(&key, "alice", "rnomad", FUTURE);
    let r = rnomad(&["login", "-method=jwt", &format!("-login-token={good}")])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stable(&r.stdout), stable(&recorded("login-jwt", "stdout")));
    // The secret is printed, and it works.
    let secret = line_value(&r.stdout, "Secret ID");
    let me = rnomad(&["acl", "token", "self"])
        .sim(&s)
        .env("NOMAD_TOKEN", &secret)
        .run();
    assert_eq!(line_value(&me.stdout, "Name"), "JWT-jwt");
    let r = rnomad(&[
        "login",
        "-method=jwt",
        &format!("-login-token={good}"),
        "-t",
        "{{.Name}} {{.Type}} {{.Policies}}",
    ])
    .sim(&s)
    .run();
    same_as_nomad(&r, "login-jwt-tmpl");
    let r = rnomad(&[
        "login",
        "-method=jwt",
        &format!("-login-token={good}"),
        "-json",
    ])
    .sim(&s)
    .run();
    assert!(
        r.stdout
            .starts_with("{\"ExpirationTTL\":\"1h0m0s\",\"AccessorID\":\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with("}\n") && !r.stdout.contains("Hash"),
        "{}",
        r.stdout
    );
    let r = rnomad(&[
        "login",
        "-method=jwt",
        &format!("-login-token={good}"),
        "-type=OIDC",
    ])
    .sim(&s)
    .run();
    assert_eq!(r.stderr, recorded("login-type", "stderr"));
    let r = rnomad(&[
        "login",
        "-method=jwt",
        &format!("-login-token={good}"),
        "-json",
        "-t={{.Name}}",
    ])
    .sim(&s)
    .run();
    same_as_nomad(&r, "login-both");
}

#[test]
fn login_finds_the_default_method() {
    let (s, key) = jwt_cluster(true);
    let good = jwt(&key, "alice", "rnomad", FUTURE);
    let r = rnomad(&["login", &format!("-login-token={good}")])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Successfully logged in via JWT and jwt\n\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn login_refusals_read_as_nomads() {
    let (s, key) = jwt_cluster(false);
    let tok = |t: String| format!("-login-token={t}");
    for (name, token) in [
        ("login-badaud", jwt(&key, "alice", "other", FUTURE)),
        ("login-expired", jwt(&key, "alice", "rnomad", 1600000000)),
        ("login-nomatch", jwt(&key, "bob", "rnomad", FUTURE)),
        ("login-garbage", "garbage".to_string()),
    ] {
        let r = rnomad(&["login", "-method=jwt", &tok(token)]).sim(&s).run();
        same_as_nomad(&r, name);
    }
    same_as_nomad(
        &rnomad(&["login", "-login-token=x"]).sim(&s).run(),
        "login-no-default",
    );
    same_as_nomad(
        &rnomad(&["login", "-method=nosuch", "-login-token=x"])
            .sim(&s)
            .run(),
        "login-nosuch",
    );
    same_as_nomad(
        &rnomad(&["login", "-method=jwt"]).sim(&s).run(),
        "login-no-token",
    );
    same_as_nomad(
        &rnomad(&["login", "-method=jwt", "extra"]).sim(&s).run(),
        "login-args",
    );
    let r = rnomad(&["login", "-method=jwt", "-login-token=x"])
        .env("NOMAD_ADDR", &dead_address())
        .dead(&dead_address())
        .run();
    same_as_nomad(&r, "login-down");
}

/// An ACL sim whose default auth method `oidc` has the sim itself for provider (its
/// `/oidc/authorize` page), bound to `readonly` for the provider's user, as the recording
/// agent's `oidc` method was to its fake provider's.
fn oidc_cluster() -> Sim {
    let (s, secret) = acl_sim();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("oidc.json");
    let config = serde_json::json!({"OIDCDiscoveryURL": format!("{}/oidc", s.url()),
        "OIDCClientID": "rnomad", "OIDCClientSecret": "secret", "OIDCDisableUserInfo": true,
        "BoundAudiences": ["rnomad"], "ClaimMappings": {"user": "user"}});
    std::fs::write(&cfg, config.to_string()).unwrap();
    let policy = format!("{FIXTURES}/setup/login/readonly.hcl");
    let config_arg = format!("-config=@{}", cfg.display());
    for args in [
        vec!["acl", "policy", "apply", "readonly", &policy],
        vec![
            "acl",
            "auth-method",
            "create",
            "-name=oidc",
            "-type=OIDC",
            "-max-token-ttl=1h",
            "-token-locality=global",
            "-default=true",
            &config_arg,
        ],
        vec![
            "acl",
            "binding-rule",
            "create",
            "-auth-method=oidc",
            "-bind-type=policy",
            "-bind-name=readonly",
            "-selector=value.user == \"sim-user\"",
        ],
    ] {
        let r = rnomad(&args).sim(&s).env("NOMAD_TOKEN", &secret).run();
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    s
}

/// A loopback port free for the callback listener.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// What the fake browser does with one address: a GET, giving the status code and the
/// redirect's `Location`.
fn get(url: &str) -> (u16, Option<String>) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut conn = std::net::TcpStream::connect(host).unwrap();
    write!(
        conn,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    let _ = conn.read_to_string(&mut reply);
    let code = reply
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let location = reply.lines().find_map(|l| {
        l.split_once(':')
            .filter(|(k, _)| k.eq_ignore_ascii_case("location"))
            .map(|(_, v)| v.trim().to_string())
    });
    (code, location)
}

/// A `login` waiting on its callback, the fake browser's log holding the address it opened.
fn oidc_login(s: &Sim, port: u16) -> (crate::common::Live, String, tempfile::TempDir) {
    let (dir, log) = fake_browser();
    let live = rnomad(&["login", &format!("-oidc-callback-addr=127.0.0.1:{port}")])
        .sim(s)
        .env("PATH", dir.path().to_str().unwrap())
        .spawn();
    let url = wait_for(&log);
    (live, url, dir)
}

#[test]
fn login_with_oidc_through_the_sims_provider() {
    let s = oidc_cluster();
    let port = free_port();
    let (live, url, _dir) = oidc_login(&s, port);
    assert!(
        url.starts_with(&format!(
            "{}/oidc/authorize?client_id=rnomad&nonce=",
            s.url()
        )),
        "{url}"
    );
    assert!(
        url.contains(&format!(
            "&redirect_uri=http%3A%2F%2F127.0.0.1%3A{port}%2Foidc%2Fcallback&response_type=code&scope=openid&state=st_"
        )),
        "{url}"
    );
    // The browser follows the provider's redirect to rnomad's callback, which says done.
    let (code, to) = get(&url);
    let to = to.expect("the provider redirects");
    assert_eq!(code, 302);
    assert!(
        to.starts_with(&format!("http://127.0.0.1:{port}/oidc/callback?code=")),
        "{to}"
    );
    assert_eq!(get(&to).0, 200);
    let end = live.finish(std::time::Duration::from_secs(10));
    assert_eq!(end.code(), Some(0), "{}", end.stderr);
    assert_eq!(end.stderr, "");
    assert_eq!(
        stable(&end.stdout),
        stable(&recorded("login-oidc", "stdout"))
    );
    // The new token is the cluster's.
    let me = rnomad(&["acl", "token", "self"])
        .sim(&s)
        .env("NOMAD_TOKEN", &line_value(&end.stdout, "Secret ID"))
        .run();
    assert_eq!(line_value(&me.stdout, "Name"), "OIDC-oidc");
}

#[test]
fn login_with_oidc_refused_callbacks() {
    let s = oidc_cluster();
    // A callback whose state no login is waiting on (Nomad's words for it).
    let port = free_port();
    let (live, _url, _dir) = oidc_login(&s, port);
    let back = format!("http://127.0.0.1:{port}/oidc/callback?code=x&state=st_nosuchstate");
    assert_eq!(get(&back).0, 200);
    let end = live.finish(std::time::Duration::from_secs(10));
    assert_eq!(
        (end.code(), end.stdout.as_str(), end.stderr.as_str()),
        (
            Some(1),
            "",
            "Error performing login: Unexpected response code: 500 (no OIDC request found for \
             client nonce)\n"
        )
    );
    // The right state with a code the provider never issued: its refusal, through Nomad.
    let port = free_port();
    let (live, url, _dir) = oidc_login(&s, port);
    let to = get(&url).1.expect("the provider redirects");
    let (_, state) = to.split_once("&state=").unwrap();
    let back = format!("http://127.0.0.1:{port}/oidc/callback?code=forged&state={state}");
    assert_eq!(get(&back).0, 200);
    let end = live.finish(std::time::Duration::from_secs(10));
    assert_eq!(end.code(), Some(1), "{}", end.stderr);
    assert_eq!(
        end.stderr,
        "Error performing login: Unexpected response code: 500 (failed to exchange token with \
         provider: Provider.Exchange: unable to exchange auth code with provider: oauth2: \
         \"invalid_grant\")\n"
    );
}
