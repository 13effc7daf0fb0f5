//! `ui` and `login` against the sim. Messages and exit codes are those Nomad v1.10.5 printed
//! for the same requests (tests/fixtures/nomad-1.10.5/cli-login/), with the recording agent's
//! address read as the sim's. No browser ever starts: PATH holds no opener, or a fake
//! `xdg-open` that writes down the address it was given.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use nomad_sim::Sim;
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};

use crate::common::{builder, dead_address, rnomad, sim};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nomad-1.10.5");

/// A recorded stream, with the recording agent's addresses as the harness shows the sim's.
fn recorded(name: &str, stream: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/cli-login/{name}.{stream}"))
        .unwrap()
        .replace("http://127.0.0.1:14660", "http://SIM")
        .replace("http://127.0.0.1:1/", "http://DEAD/")
        .replace("127.0.0.1:1:", "DEAD:")
}

fn same_as_nomad(r: &crate::common::Run, name: &str) {
    assert_eq!(r.stdout, recorded(name, "stdout"), "{name}: stdout");
    assert_eq!(r.stderr, recorded(name, "stderr"), "{name}: stderr");
    let code: i32 = recorded(name, "exit").trim().parse().unwrap();
    assert_eq!(r.code, code, "{name}: exit code");
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
