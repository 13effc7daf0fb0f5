//! HTTPS: verification on by default, `-ca-cert`, `-ca-path`, `-tls-server-name`,
//! `-tls-skip-verify`, mutual TLS, and Nomad's errors for bad TLS settings. Certificates are
//! generated per test with rcgen.

use std::path::{Path, PathBuf};

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};

use crate::common::{builder, rnomad, sim, temp_dir, Cmd, TempDir};

struct Pki {
    dir: TempDir,
    ca: String,
    server_cert: String,
    server_key: String,
    client_cert: String,
    client_key: String,
}

impl Pki {
    fn new(server_names: &[&str]) -> Pki {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca_key = KeyPair::generate().expect("key");
        let ca = ca_params.self_signed(&ca_key).expect("ca");
        let issuer = Issuer::new(ca_params, ca_key);
        let leaf = |names: Vec<String>| {
            let key = KeyPair::generate().expect("key");
            let cert = CertificateParams::new(names)
                .expect("params")
                .signed_by(&key, &issuer)
                .expect("signed");
            (cert.pem(), key.serialize_pem())
        };
        let (server_cert, server_key) = leaf(server_names.iter().map(|s| s.to_string()).collect());
        let (client_cert, client_key) = leaf(vec!["client.global.nomad".into()]);
        let pki = Pki {
            dir: temp_dir(),
            ca: ca.pem(),
            server_cert,
            server_key,
            client_cert,
            client_key,
        };
        std::fs::create_dir(pki.dir.path().join("cas")).expect("mkdir");
        for (name, body) in [
            ("ca.pem", &pki.ca),
            ("cas/ca.pem", &pki.ca),
            ("client.pem", &pki.client_cert),
            ("client-key.pem", &pki.client_key),
        ] {
            std::fs::write(pki.dir.path().join(name), body).expect("write");
        }
        pki
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    fn dir(&self) -> PathBuf {
        Path::new(self.dir.path()).to_path_buf()
    }
}

fn job_status(url: &str, extra: &[&str]) -> Cmd {
    let mut args = vec!["job", "status", "-short"];
    args.extend_from_slice(extra);
    args.push("web");
    rnomad(&args)
        .env("NOMAD_ADDR", url)
        .env("NOMAD_CLI_SHOW_HINTS", "false")
        .redact(url, "https://SIM")
}

#[test]
fn verification_and_trust() {
    let pki = Pki::new(&["127.0.0.1", "localhost"]);
    let sim = builder()
        .tls(pki.server_cert.as_bytes(), pki.server_key.as_bytes(), None)
        .spawn();
    let url = sim.url();
    assert!(url.starts_with("https://"), "{url}");

    let r = job_status(&url, &[]).run();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "Error querying job prefix \"web\": Get \"https://SIM/v1/jobs?prefix=web\": tls: failed to verify certificate: x509: certificate signed by unknown authority\n"
    );

    let ca = pki.path("ca.pem");
    let ok = job_status(&url, &["-ca-cert", &ca]).run();
    assert_eq!(ok.code, 0, "{ok}");
    assert!(ok.stdout.starts_with("ID            = web\n"));
    let r = job_status(&url, &[]).env("NOMAD_CACERT", &ca).run();
    assert_eq!(r.code, 0, "{r}");
    let r = job_status(&url, &["-ca-path", &pki.path("cas")]).run();
    assert_eq!(r.code, 0, "{r}");
    let r = job_status(&url, &["-tls-skip-verify"]).run();
    assert_eq!(r.code, 0, "{r}");
    let r = job_status(&url, &[]).env("NOMAD_SKIP_VERIFY", "true").run();
    assert_eq!(r.code, 0, "{r}");
    // -tls-skip-verify=false cannot turn off NOMAD_SKIP_VERIFY, as in Nomad.
    let r = job_status(&url, &["-tls-skip-verify=false"])
        .env("NOMAD_SKIP_VERIFY", "1")
        .run();
    assert_eq!(r.code, 0, "{r}");
    let _ = pki.dir();
}

#[test]
fn server_name_override() {
    let pki = Pki::new(&["server.global.nomad"]);
    let sim = builder()
        .tls(pki.server_cert.as_bytes(), pki.server_key.as_bytes(), None)
        .spawn();
    let url = sim.url();
    let ca = pki.path("ca.pem");
    let r = job_status(&url, &["-ca-cert", &ca]).run();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("tls: failed to verify certificate: x509: certificate is not valid"),
        "{r}"
    );
    let r = job_status(
        &url,
        &["-ca-cert", &ca, "-tls-server-name", "server.global.nomad"],
    )
    .run();
    assert_eq!(r.code, 0, "{r}");
    let r = job_status(&url, &["-ca-cert", &ca])
        .env("NOMAD_TLS_SERVER_NAME", "server.global.nomad")
        .run();
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn mutual_tls() {
    let pki = Pki::new(&["127.0.0.1"]);
    let sim = builder()
        .tls(
            pki.server_cert.as_bytes(),
            pki.server_key.as_bytes(),
            Some(pki.ca.as_bytes()),
        )
        .spawn();
    let url = sim.url();
    let ca = pki.path("ca.pem");
    let r = job_status(&url, &["-ca-cert", &ca]).run();
    assert_eq!(r.code, 1, "a client certificate is required: {r}");
    let cert = pki.path("client.pem");
    let key = pki.path("client-key.pem");
    let r = job_status(
        &url,
        &["-ca-cert", &ca, "-client-cert", &cert, "-client-key", &key],
    )
    .run();
    assert_eq!(r.code, 0, "{r}");
    let r = job_status(&url, &["-ca-cert", &ca])
        .env("NOMAD_CLIENT_CERT", &cert)
        .env("NOMAD_CLIENT_KEY", &key)
        .run();
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn bad_tls_settings_fail_even_for_http() {
    let pki = Pki::new(&["127.0.0.1"]);
    let sim = sim();
    let dir = pki.dir().display().to_string();
    let run = |extra: &[&str]| {
        let mut args = vec!["job", "status"];
        args.extend_from_slice(extra);
        rnomad(&args).sim(&sim).redact(&dir, "DIR").run()
    };
    let r = run(&["-client-cert", &pki.path("client.pem")]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Error initializing client: Both client cert and client key must be provided\n"
        )
    );
    let r = run(&["-ca-cert", &pki.path("nope.pem")]);
    assert_eq!(
        r.stderr,
        "Error initializing client: Error loading CA File: open DIR/nope.pem: no such file or directory\n"
    );
    let r = run(&["-ca-cert", &pki.path("client-key.pem")]);
    assert_eq!(
        r.stderr,
        "Error initializing client: Error loading CA File: Couldn't parse PEM in: DIR/client-key.pem\n"
    );
}

#[test]
fn https_to_a_plain_http_server() {
    let sim = sim();
    let url = sim.url().replace("http://", "https://");
    let r = job_status(&url, &[]).run();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "Error querying job prefix \"web\": Get \"https://SIM/v1/jobs?prefix=web\": http: server gave HTTP response to HTTPS client\n"
    );
}

#[test]
fn exec_shares_the_tls_settings() {
    // The exec WebSocket uses the same TLS configuration as every other request: the CA, the
    // client certificate and the expected server name. (The node advertises plain HTTP, which
    // fails against this TLS-only agent, so the session also shows the fall back to it.)
    let pki = Pki::new(&["server.global.nomad"]);
    let sim = builder()
        .tls(
            pki.server_cert.as_bytes(),
            pki.server_key.as_bytes(),
            Some(pki.ca.as_bytes()),
        )
        .spawn();
    let url = sim.url();
    let id = sim.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.client_status == "running" && a.namespace == "default")
            .map(|a| a.id.clone())
            .min()
            .expect("a running allocation")
    });
    let (ca, cert, key) = (
        pki.path("ca.pem"),
        pki.path("client.pem"),
        pki.path("client-key.pem"),
    );
    let r = rnomad(&[
        "alloc",
        "exec",
        "-ca-cert",
        &ca,
        "-client-cert",
        &cert,
        "-client-key",
        &key,
        "-tls-server-name",
        "server.global.nomad",
        &id[..8],
        "/bin/sh",
        "-c",
        "cat; exit 6",
    ])
    .env("NOMAD_ADDR", &url)
    .stdin("over tls\n")
    .run();
    assert_eq!((r.code, r.stdout.as_str()), (6, "over tls\n"), "{r}");
}

/// `-ca-path` as go-rootcerts reads it: symlinked certificates (what `/etc/ssl/certs` holds)
/// count, symlinked directories are not followed, and a file without PEM is an error.
#[test]
fn ca_path_takes_symlinked_certificates() {
    let pki = Pki::new(&["127.0.0.1"]);
    let sim = builder()
        .tls(pki.server_cert.as_bytes(), pki.server_key.as_bytes(), None)
        .spawn();
    let url = sim.url();
    let links = pki.dir().join("links");
    std::fs::create_dir(&links).expect("mkdir");
    std::os::unix::fs::symlink(pki.dir().join("ca.pem"), links.join("ca.pem")).expect("ln");
    let r = job_status(&url, &["-ca-path", &links.display().to_string()]).run();
    assert_eq!(r.code, 0, "{r}");
    // A link to a directory: lstat does not see a directory, so it is read as a file, and
    // reading a directory fails (Nomad's words, checked against Nomad v1.10.5).
    std::os::unix::fs::symlink(pki.dir().join("cas"), links.join("more")).expect("ln");
    let r = job_status(&url, &["-ca-path", &links.display().to_string()]).run();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "Error initializing client: Error loading file from CAPath: read {}: is a directory\n",
            links.join("more").display()
        )
    );
    // The machine's own store, where there is one: its symlinks load, so the request goes
    // out (and the sim's CA is not trusted), unless a keystore that is not PEM sits in it
    // (Debian's java/cacerts), which stops Nomad the same way.
    if Path::new("/etc/ssl/certs").is_dir() {
        let r = job_status(&url, &["-ca-path", "/etc/ssl/certs"]).run();
        assert_eq!(r.code, 1);
        assert!(
            r.stderr.ends_with("certificate signed by unknown authority\n")
                || r.stderr.starts_with(
                    "Error initializing client: Error loading CA Path: Couldn't parse PEM in: /etc/ssl/certs/"
                ),
            "{r}"
        );
    }
}
