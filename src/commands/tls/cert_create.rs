//! `tls cert create`: a server, client or CLI certificate signed by the CA, as Nomad's
//! `TLSCertCreateCommand` and `tlsutil.GenerateCert` make it, checked as `tlsutil.Verify`
//! checks it before anything is written.

use super::{exists, key_id, parse_cert, validity, write_new};
use crate::cli::tls::TlsCertCreateArgs;
use crate::commands::common::{read_file, usage_error};
use crate::ctx::Ctx;
use crate::gocompat::os::io_text;
use crate::gocompat::x509::{cert, pem, Certificate, ExtKeyUsage, Name, PrivateKey, Template};

const NAME: &str = "tls cert create";

pub fn run(ctx: &mut Ctx, a: &TlsCertCreateArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(ctx, "This command takes up to one argument", NAME);
    }
    let fail = |ctx: &mut Ctx, m: &str| {
        ctx.ui.error(m);
        1
    };
    if a.ca.is_empty() {
        return fail(ctx, "Please provide the ca");
    }
    if a.key.is_empty() {
        return fail(ctx, "Please provide the key");
    }
    let role = match (a.server, a.client, a.cli) {
        (true, false, false) => "server",
        (false, true, false) => "client",
        (false, false, true) => "cli",
        _ => return fail(ctx, "Please provide either -server, -client, or -cli"),
    };
    let mut dns: Vec<String> = a
        .additional_dnsname
        .iter()
        .filter(|d| !d.is_empty())
        .map(|d| d.trim().to_string())
        .collect();
    // `net.ParseIP`; an address it rejects stays in as a nil IP, as in Nomad (whose check
    // then fails).
    let mut ips: Vec<Vec<u8>> = a
        .additional_ipaddress
        .iter()
        .filter(|i| !i.is_empty())
        .map(|i| match i.trim().parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V4(v)) => v.octets().to_vec(),
            Ok(std::net::IpAddr::V6(v)) => v.octets().to_vec(),
            Err(_) => Vec::new(),
        })
        .collect();
    // -region or NOMAD_REGION, as the client configuration has it.
    let region = crate::api::config::Config::resolve(&a.global.client_flags(), &ctx.env)
        .region
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "global".into());
    let domain = &a.domain;
    let usage = if role == "cli" {
        vec![ExtKeyUsage::ClientAuth, ExtKeyUsage::ServerAuth]
    } else {
        ips.push(vec![127, 0, 0, 1]);
        vec![ExtKeyUsage::ServerAuth, ExtKeyUsage::ClientAuth]
    };
    let prefix = format!("{region}-{role}-{domain}");
    let common_name = format!("{role}.{region}.{domain}");
    dns.push(common_name.clone());
    dns.push("localhost".into());
    let cert_file = format!("{prefix}.pem");
    let key_file = format!("{prefix}-key.pem");
    if exists(&cert_file) {
        return fail(
            ctx,
            &format!("Certificate file '{cert_file}' already exists"),
        );
    }
    if exists(&key_file) {
        return fail(ctx, &format!("Key file '{key_file}' already exists"));
    }
    let ca_file = a.ca.replacen("#DOMAIN#", domain, 1);
    let ca_key_file = a.key.replacen("#DOMAIN#", domain, 1);
    let ca_pem = match read_file(&ca_file) {
        Ok(b) => b,
        Err(e) => return fail(ctx, &format!("Error reading CA: {e}")),
    };
    let ca_key = match read_file(&ca_key_file) {
        Ok(b) => b,
        Err(e) => return fail(ctx, &format!("Error reading CA key: {e}")),
    };
    if role == "server" {
        ctx.ui.warn(
            "==> WARNING: Server Certificates grants authority to become a\n    server and access all state in the cluster including root keys\n    and all ACL tokens. Do not distribute them to production hosts\n    that are not server nodes. Store them as securely as CA keys.",
        );
    }
    ctx.ui.info(&format!(
        "==> Using CA file {ca_file} and CA key {ca_key_file}"
    ));
    let signer = match PrivateKey::from_signer_pem(&String::from_utf8_lossy(&ca_key)) {
        Ok(k) => k,
        Err(e) => return fail(ctx, &e),
    };
    let (certificate, key) = match generate(&signer, &ca_pem, &common_name, a.days, dns, ips, usage)
    {
        Ok(v) => v,
        Err(e) => return fail(ctx, &e),
    };
    if let Err(e) = verify(&ca_pem, &certificate, &common_name) {
        return fail(ctx, &e);
    }
    let label = match role {
        "server" => ("Server Certificate", "Server Certificate key"),
        "client" => ("Client Certificate", "Client Certificate key"),
        _ => ("Cli Certificate", "CLI Certificate key"),
    };
    if let Err(e) = write_new(&cert_file, &certificate, 0o666) {
        return fail(ctx, &format!("open {cert_file}: {}", io_text(&e)));
    }
    ctx.ui
        .output(&format!("==> {} saved to {cert_file}", label.0));
    if let Err(e) = write_new(&key_file, &key, 0o600) {
        return fail(ctx, &format!("open {key_file}: {}", io_text(&e)));
    }
    ctx.ui
        .output(&format!("==> {} saved to {key_file}", label.1));
    0
}

/// `tlsutil.GenerateCert`: (certificate PEM, key PEM).
fn generate(
    signer: &PrivateKey,
    ca_pem: &[u8],
    name: &str,
    days: i64,
    dns_names: Vec<String>,
    ip_addresses: Vec<Vec<u8>>,
    ext_key_usage: Vec<ExtKeyUsage>,
) -> Result<(String, String), String> {
    let parent = parse_cert(ca_pem)?;
    let key = PrivateKey::generate_p256()
        .map_err(|e| format!("error generating ECDSA private key: {e}"))?;
    let id = key_id(&key)?;
    let (not_before, not_after) = validity(days);
    let t = Template {
        serial: cert::random_serial(),
        subject: Name::cn(name),
        not_before,
        not_after,
        basic_constraints_valid: true,
        key_usage: cert::KU_DIGITAL_SIGNATURE | cert::KU_KEY_ENCIPHERMENT,
        ext_key_usage,
        subject_key_id: id,
        dns_names,
        ip_addresses,
        ..Template::default()
    };
    let der = cert::create(&t, Some(&parent), &key, signer)?;
    Ok((pem::encode("CERTIFICATE", &der), key.to_pem()))
}

/// `tlsutil.Verify`: the new certificate chains to the CA for `name` now (validity, the
/// CA's signature and its permitted DNS domains).
fn verify(ca_pem: &[u8], cert_pem: &str, name: &str) -> Result<(), String> {
    let ca = parse_cert(ca_pem).map_err(|_| "failed to parse root certificate".to_string())?;
    let leaf =
        parse_cert(cert_pem.as_bytes()).map_err(|_| "failed to parse certificate".to_string())?;
    let now = chrono::Local::now();
    for c in [&leaf, &ca] {
        check_time(c, &now)?;
    }
    if !leaf.signed_by(&ca) {
        return Err("x509: certificate signed by unknown authority".into());
    }
    if !ca.permitted_dns_domains.is_empty() {
        for d in &leaf.dns_names {
            if !ca
                .permitted_dns_domains
                .iter()
                .any(|c| domain_matches(d, c))
            {
                return Err(format!(
                    "x509: a root or intermediate certificate is not authorized to sign for this name: DNS name {} is not permitted by any constraint",
                    crate::gocompat::strconv::quote(d)
                ));
            }
        }
    }
    if !leaf.dns_names.iter().any(|d| d.eq_ignore_ascii_case(name)) {
        return Err(format!(
            "x509: certificate is valid for {}, not {name}",
            leaf.dns_names.join(", ")
        ));
    }
    Ok(())
}

/// `time.RFC3339` of a certificate's (UTC) time.
fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Go's `isValid` time check: `now` (local, with its nanoseconds) against whole-second
/// bounds, so a certificate valid for 0 days has already expired; `now` prints in the local
/// zone, as Go's `time.Now().Format(time.RFC3339)`.
fn check_time(c: &Certificate, now: &chrono::DateTime<chrono::Local>) -> Result<(), String> {
    let ns = now.timestamp_nanos_opt().unwrap_or(i64::MAX);
    let at = |secs: i64| (secs as i128) * 1_000_000_000;
    let now_text = if now.offset().local_minus_utc() == 0 {
        now.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        now.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    };
    let detail = if (ns as i128) < at(c.not_before) {
        format!(
            "current time {now_text} is before {}",
            rfc3339(c.not_before)
        )
    } else if (ns as i128) > at(c.not_after) {
        format!("current time {now_text} is after {}", rfc3339(c.not_after))
    } else {
        return Ok(());
    };
    Err(format!(
        "x509: certificate has expired or is not yet valid: {detail}"
    ))
}

/// Go's `matchDomainConstraint` for the names Nomad puts in certificates: the name is the
/// constraint or below it (case-insensitive).
fn domain_matches(name: &str, constraint: &str) -> bool {
    if constraint.is_empty() {
        return true;
    }
    let (n, c) = (name.to_ascii_lowercase(), constraint.to_ascii_lowercase());
    let c = c.strip_prefix('.').unwrap_or(&c);
    n == c || n.ends_with(&format!(".{c}"))
}
