//! `tls ca create|info`, `tls cert create|info`: files, permissions and messages as Nomad's
//! (recorded side by side with Nomad v1.10.5), and certificates read back with x509-parser.

use crate::common::{shell, temp_dir, Run};
use x509_parser::prelude::*;

/// Runs `rnomad <args>` in `dir`.
fn at(dir: &std::path::Path, args: &str) -> Run {
    shell(&format!("cd '{}' && rnomad {args}", dir.display())).run()
}

fn read(dir: &std::path::Path, f: &str) -> Vec<u8> {
    let text = std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let (_, pem) = x509_parser::pem::parse_x509_pem(&text).expect("PEM");
    pem.contents
}

#[cfg(unix)]
fn mode(dir: &std::path::Path, f: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(dir.join(f)).unwrap().permissions().mode() & 0o777
}

fn key_ids(c: &X509Certificate) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    let mut ski = None;
    let mut aki = None;
    for e in c.extensions() {
        match e.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(k) => ski = Some(k.0.to_vec()),
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                aki = a.key_identifier.as_ref().map(|k| k.0.to_vec())
            }
            _ => {}
        }
    }
    (ski, aki)
}

#[test]
fn ca_and_server_certificate() {
    let dir = temp_dir();
    let r = at(&dir, "tls ca create");
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            0,
            "==> CA certificate saved to: nomad-agent-ca.pem\n==> CA certificate key saved to: nomad-agent-ca-key.pem\n",
            ""
        )
    );
    #[cfg(unix)]
    assert_eq!(mode(&dir, "nomad-agent-ca-key.pem"), 0o600);
    let again = at(&dir, "tls ca create");
    assert_eq!(
        (again.code, again.stderr.as_str()),
        (
            1,
            "CA certificate file 'nomad-agent-ca.pem' already exists\n"
        )
    );

    let ca_der = read(&dir, "nomad-agent-ca.pem");
    let (_, ca) = X509Certificate::from_der(&ca_der).unwrap();
    let subject = ca.subject().to_string();
    assert!(
        subject.starts_with("C=US, ST=CA, L=San Francisco, streetAddress=101 Second Street, postalCode=94105, O=HashiCorp Inc., OU=Nomad, CN=Nomad Agent CA "),
        "{subject}"
    );
    // The serial number ends the common name.
    let serial = ca.tbs_certificate.serial.to_string();
    assert!(subject.ends_with(&serial), "{subject} / {serial}");
    assert!(ca.is_ca());
    let ku = ca.key_usage().unwrap().unwrap().value;
    assert!(ku.key_cert_sign() && ku.crl_sign() && ku.digital_signature());
    let (ski, aki) = key_ids(&ca);
    assert_eq!(
        ski.as_ref().map(Vec::len),
        Some(32),
        "Nomad's SHA-256 key ID"
    );
    assert_eq!(ski, aki);
    let days = (ca.validity().not_after.timestamp() - ca.validity().not_before.timestamp()) / 86400;
    assert_eq!(days, 1825);
    ca.verify_signature(None).expect("self-signed");

    let info = at(&dir, "tls ca info nomad-agent-ca.pem");
    assert_eq!(info.code, 0, "{}", info.stderr);
    let lines: Vec<&str> = info.stdout.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0], format!("Serial Number          {serial}"));
    assert_eq!(
        lines[1],
        format!("Issuer CN              Nomad Agent CA {serial}")
    );
    assert_eq!(
        lines[2],
        format!("Common Name            CN=Nomad Agent CA {serial},OU=Nomad,O=HashiCorp Inc.,POSTALCODE=94105,STREET=101 Second Street,L=San Francisco,ST=CA,C=US")
    );
    assert!(lines[3].starts_with("Expiry Date            ") && lines[3].ends_with(" +0000 UTC"));
    assert_eq!(lines[4], "Permitted DNS Domains  []");

    let r = at(
        &dir,
        "tls cert create -server -additional-dnsname extra.example",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "==> Using CA file nomad-agent-ca.pem and CA key nomad-agent-ca-key.pem\n\
         ==> Server Certificate saved to global-server-nomad.pem\n\
         ==> Server Certificate key saved to global-server-nomad-key.pem\n"
    );
    assert!(r
        .stderr
        .starts_with("==> WARNING: Server Certificates grants authority"));
    let leaf_der = read(&dir, "global-server-nomad.pem");
    let (_, leaf) = X509Certificate::from_der(&leaf_der).unwrap();
    assert_eq!(leaf.subject().to_string(), "CN=server.global.nomad");
    assert_eq!(leaf.issuer(), ca.subject());
    assert!(!leaf.is_ca());
    let san = leaf.subject_alternative_name().unwrap().unwrap().value;
    let names: Vec<String> = san
        .general_names
        .iter()
        .map(|g| match g {
            GeneralName::DNSName(d) => d.to_string(),
            GeneralName::IPAddress(ip) => format!("{ip:?}"),
            o => format!("{o:?}"),
        })
        .collect();
    assert_eq!(
        names,
        [
            "extra.example",
            "server.global.nomad",
            "localhost",
            "[127, 0, 0, 1]"
        ]
    );
    let eku = leaf.extended_key_usage().unwrap().unwrap().value;
    assert!(eku.server_auth && eku.client_auth);
    let (leaf_ski, leaf_aki) = key_ids(&leaf);
    assert_eq!(leaf_aki, ski, "the leaf names the CA's key");
    assert!(leaf_ski.is_some());
    leaf.verify_signature(Some(ca.public_key()))
        .expect("the CA signed it");
    #[cfg(unix)]
    assert_eq!(mode(&dir, "global-server-nomad-key.pem"), 0o600);

    let info = at(&dir, "tls cert info global-server-nomad.pem");
    let lines: Vec<&str> = info.stdout.lines().collect();
    assert_eq!(lines[2], "Common Name    CN=server.global.nomad");
    assert_eq!(
        lines[4],
        "DNS Names      [extra.example server.global.nomad localhost]"
    );
    assert_eq!(lines[5], "IP Addresses   [127.0.0.1]");

    // The region names the files and the certificate.
    let r = shell(&format!(
        "cd '{}' && NOMAD_REGION=eu rnomad tls cert create -cli",
        dir.display()
    ))
    .run();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r
        .stdout
        .contains("==> Cli Certificate saved to eu-cli-nomad.pem\n"));
    assert!(r
        .stdout
        .contains("==> CLI Certificate key saved to eu-cli-nomad-key.pem\n"));
}

#[test]
fn name_constraints_and_custom_subject() {
    let dir = temp_dir();
    let r = at(
        &dir,
        "tls ca create -domain example -name-constraint -additional-domain extra.org -common-name 'My CA' -country DE -organization O -organizational-unit U",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let info = at(&dir, "tls ca info example-agent-ca.pem");
    let lines: Vec<&str> = info.stdout.lines().collect();
    assert!(
        lines[2].ends_with(",OU=U,O=O,POSTALCODE=,STREET=,L=,ST=,C=DE"),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[4],
        "Permitted DNS Domains  [example localhost nomad extra.org]"
    );
    let ok = at(&dir, "tls cert create -client -domain example");
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let denied = at(
        &dir,
        "tls cert create -cli -domain other -ca example-agent-ca.pem -key example-agent-ca-key.pem",
    );
    assert_eq!(
        (denied.code, denied.stderr.as_str()),
        (1, "x509: a root or intermediate certificate is not authorized to sign for this name: DNS name \"cli.global.other\" is not permitted by any constraint\n")
    );
    assert!(!dir.join("global-cli-other.pem").exists());
}

#[test]
fn errors_as_nomad() {
    let dir = temp_dir();
    let cases: &[(&str, &str)] = &[
        ("tls cert create", "Please provide either -server, -client, or -cli\n"),
        ("tls cert create -server -client", "Please provide either -server, -client, or -cli\n"),
        ("tls cert create -client -ca missing.pem", "Error reading CA: open missing.pem: no such file or directory\n"),
        ("tls ca create -common-name x", "Please provide the -country flag when customizing the CA\nFor additional help try 'nomad tls ca create -help'\n"),
        ("tls ca create -domain foo", "Please provide the -name-constraint flag to use a custom domain constraint\n"),
        ("tls ca create -name-constraint", "Please provide the -domain flag if you want to enable custom domain constraints\n"),
        ("tls ca info", "Error reading CA file: <nil>\n"),
        ("tls ca info /", "Error reading CA file: read /: is a directory\n"),
        ("tls cert info", "no PEM-encoded data found\n"),
        ("tls cert info a b", "This command takes up to one argument\nFor additional help try 'nomad tls cert info -help'\n"),
    ];
    for (args, stderr) in cases {
        let r = at(&dir, args);
        assert_eq!((r.code, r.stderr.as_str()), (1, *stderr), "{args}");
    }
    // A key where the CA certificate belongs, and the other way round.
    assert_eq!(at(&dir, "tls ca create").code, 0);
    let r = at(&dir, "tls cert create -client -ca nomad-agent-ca-key.pem");
    assert_eq!(r.stderr, "first PEM-block should be CERTIFICATE type\n");
    let r = at(&dir, "tls cert create -client -key nomad-agent-ca.pem");
    assert_eq!(
        r.stderr,
        "unknown PEM block type for signing key: CERTIFICATE\n"
    );
    // Valid for 0 days: Go's check sees it expired (the clock is past the whole second).
    let r = at(&dir, "tls cert create -client -days 0");
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("x509: certificate has expired or is not yet valid: current time "),
        "{}",
        r.stderr
    );
    assert!(!dir.join("global-client-nomad.pem").exists());
}

#[cfg(unix)]
#[test]
fn never_writes_through_a_symlink() {
    let dir = temp_dir();
    std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("nomad-agent-ca.pem")).unwrap();
    let r = at(&dir, "tls ca create");
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "CA certificate file 'nomad-agent-ca.pem' already exists\n"
        )
    );
    assert!(!dir.join("elsewhere").exists());
    assert!(!dir.join("nomad-agent-ca-key.pem").exists());
}
