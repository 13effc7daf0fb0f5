//! `tls ca create`: a CA certificate and key, as Nomad's `TLSCACreateCommand` and
//! `tlsutil.GenerateCA` make them.

use super::{exists, key_id, validity, write_new};
use crate::cli::tls::TlsCaCreateArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::x509::{cert, pem, Name, PrivateKey, Template};

const NAME: &str = "tls ca create";

pub fn run(ctx: &mut Ctx, a: &TlsCaCreateArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(ctx, "This command takes up to one argument", NAME);
    }
    let custom = [
        &a.common_name,
        &a.country,
        &a.postal_code,
        &a.province,
        &a.locality,
        &a.street_address,
        &a.organization,
        &a.organizational_unit,
    ]
    .iter()
    .any(|s| !s.is_empty());
    if custom {
        for (v, flag) in [
            (&a.common_name, "-common-name"),
            (&a.country, "-country"),
            (&a.organization, "-organization"),
            (&a.organizational_unit, "-organizational-unit"),
        ] {
            if v.is_empty() {
                return usage_error(
                    ctx,
                    &format!("Please provide the {flag} flag when customizing the CA"),
                    NAME,
                );
            }
        }
    }
    let domain = a.domain.as_str();
    let constraint = a.name_constraint;
    let fail = |ctx: &mut Ctx, m: &str| {
        ctx.ui.error(m);
        1
    };
    if !domain.is_empty() && domain != "nomad" && !constraint {
        return fail(
            ctx,
            "Please provide the -name-constraint flag to use a custom domain constraint",
        );
    }
    if domain == "nomad" && constraint {
        return fail(
            ctx,
            "Please provide the -domain flag if you want to enable custom domain constraints",
        );
    }
    if !a.additional_domain.is_empty() && domain.is_empty() && !constraint {
        return fail(
            ctx,
            "Please provide the -name-constraint flag to use a custom domain constraints",
        );
    }
    let cert_file = format!("{domain}-agent-ca.pem");
    let key_file = format!("{domain}-agent-ca-key.pem");
    if exists(&cert_file) {
        return fail(
            ctx,
            &format!("CA certificate file '{cert_file}' already exists"),
        );
    }
    if exists(&key_file) {
        return fail(ctx, &format!("CA key file '{key_file}' already exists"));
    }
    let mut constraints = Vec::new();
    if constraint {
        constraints = vec![domain.to_string(), "localhost".into(), "nomad".into()];
        constraints.extend(a.additional_domain.iter().cloned());
    }
    let (ca, key) = match generate(a, custom, constraints) {
        Ok(v) => v,
        Err(e) => return fail(ctx, &e),
    };
    if let Err(e) = write_new(&cert_file, &ca, 0o666) {
        return fail(
            ctx,
            &format!("open {cert_file}: {}", crate::gocompat::os::io_text(&e)),
        );
    }
    ctx.ui
        .output(&format!("==> CA certificate saved to: {cert_file}"));
    if let Err(e) = write_new(&key_file, &key, 0o600) {
        return fail(
            ctx,
            &format!("open {key_file}: {}", crate::gocompat::os::io_text(&e)),
        );
    }
    ctx.ui
        .output(&format!("==> CA certificate key saved to: {key_file}"));
    0
}

/// `tlsutil.GenerateCA`: (certificate PEM, key PEM).
fn generate(
    a: &TlsCaCreateArgs,
    custom: bool,
    permitted: Vec<String>,
) -> Result<(String, String), String> {
    let key = PrivateKey::generate_p256()
        .map_err(|e| format!("error generating ECDSA private key: {e}"))?;
    let id = key_id(&key)?;
    let serial = cert::random_serial();
    let one = |s: &str| vec![s.to_string()];
    let subject = if custom {
        Name {
            common_name: format!("{} {}", a.common_name, cert::decimal(&serial)),
            country: one(&a.country),
            postal_code: one(&a.postal_code),
            province: one(&a.province),
            locality: one(&a.locality),
            street_address: one(&a.street_address),
            organization: one(&a.organization),
            organizational_unit: one(&a.organizational_unit),
            ..Name::default()
        }
    } else {
        Name {
            common_name: format!("Nomad Agent CA {}", cert::decimal(&serial)),
            country: one("US"),
            postal_code: one("94105"),
            province: one("CA"),
            locality: one("San Francisco"),
            street_address: one("101 Second Street"),
            organization: one("HashiCorp Inc."),
            organizational_unit: one("Nomad"),
            ..Name::default()
        }
    };
    // Nomad turns 0 days into its default.
    let days = if a.days == 0 { 1825 } else { a.days };
    let (not_before, not_after) = validity(days);
    let t = Template {
        serial,
        subject,
        not_before,
        not_after,
        basic_constraints_valid: true,
        is_ca: true,
        key_usage: cert::KU_CERT_SIGN | cert::KU_CRL_SIGN | cert::KU_DIGITAL_SIGNATURE,
        authority_key_id: id.clone(),
        subject_key_id: id,
        permitted_dns_domains_critical: !permitted.is_empty(),
        permitted_dns_domains: permitted,
        ..Template::default()
    };
    let der = cert::create(&t, None, &key, &key)
        .map_err(|e| format!("error generating CA certificate: {e}"))?;
    Ok((pem::encode("CERTIFICATE", &der), key.to_pem()))
}
