//! sprig's key and certificate generators: `genPrivateKey`, `genCA`, `genCAWithKey`,
//! `genSelfSignedCert`, `genSelfSignedCertWithKey`, `genSignedCert`,
//! `genSignedCertWithKey` and `buildCustomCert`, with sprig v3.3.0's key types and sizes,
//! certificate templates, argument checks and error texts. The keys and certificates
//! themselves are Go's `crypto/x509` forms (`gocompat::x509`).

use super::super::funcs::Imp;
use super::super::gofmt;
use super::super::value::{Type, Value};
use super::crypto::certificate_type;
use super::encoding::base64_decode;
use super::{int_arg, str_arg};
use crate::gocompat::x509::{cert, pem, Certificate, ExtKeyUsage, Name, PrivateKey, Template};
use std::rc::Rc;

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        ("genPrivateKey", "func(string) string", |a| {
            Ok(Value::string(gen_private_key(str_arg(a, 0))))
        }),
        (
            "genCA",
            "func(string, int) (sprig.certificate, error)",
            |a| {
                let key = rsa_2048()?;
                ca(str_arg(a, 0), int_arg(a, 1), &key)
            },
        ),
        (
            "genCAWithKey",
            "func(string, int, string) (sprig.certificate, error)",
            |a| {
                let key = pem_key(str_arg(a, 2))?;
                ca(str_arg(a, 0), int_arg(a, 1), &key)
            },
        ),
        (
            "genSelfSignedCert",
            "func(string, []interface {}, []interface {}, int) (sprig.certificate, error)",
            |a| {
                let key = rsa_2048()?;
                self_signed(a, &key)
            },
        ),
        (
            "genSelfSignedCertWithKey",
            "func(string, []interface {}, []interface {}, int, string) (sprig.certificate, error)",
            |a| {
                let key = pem_key(str_arg(a, 4))?;
                self_signed(a, &key)
            },
        ),
        (
            "genSignedCert",
            "func(string, []interface {}, []interface {}, int, sprig.certificate) (sprig.certificate, error)",
            |a| {
                let key = rsa_2048()?;
                signed(a, &key)
            },
        ),
        (
            "genSignedCertWithKey",
            "func(string, []interface {}, []interface {}, int, sprig.certificate, string) (sprig.certificate, error)",
            |a| {
                let key = pem_key(str_arg(a, 5))?;
                signed(a, &key)
            },
        ),
        (
            "buildCustomCert",
            "func(string, string) (sprig.certificate, error)",
            |a| build_custom(str_arg(a, 0), str_arg(a, 1)),
        ),
    ]
}

/// `generatePrivateKey`: the PEM text, or sprig's message in its place.
fn gen_private_key(typ: &str) -> String {
    let key = match typ {
        "" | "rsa" => PrivateKey::generate_rsa(4096),
        "dsa" => PrivateKey::generate_dsa(),
        "ecdsa" => PrivateKey::generate_p256(),
        "ed25519" => PrivateKey::generate_ed25519(),
        _ => return format!("Unknown type {typ}"),
    };
    match key {
        Ok(k) => k.to_pem(),
        Err(e) => format!("failed to generate private key: {e}"),
    }
}

fn rsa_2048() -> Result<PrivateKey, String> {
    PrivateKey::generate_rsa(2048).map_err(|e| format!("error generating rsa key: {e}"))
}

fn pem_key(text: &str) -> Result<PrivateKey, String> {
    PrivateKey::from_sprig_pem(text).map_err(|e| format!("parsing private key: {e}"))
}

fn cert_value(cert: String, key: String) -> Value {
    Value::Struct(
        Rc::new(vec![Value::string(cert), Value::string(key)]),
        Type::Named(certificate_type()),
    )
}

/// The `Cert` and `Key` of a `certificate` argument.
fn cert_fields(v: Option<&Value>) -> (String, String) {
    let get = |i: usize| match v {
        Some(Value::Struct(f, _)) => f
            .get(i)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    };
    (get(0), get(1))
}

/// The elements of a `[]interface {}` argument (nil: none).
fn list(a: &[Value], i: usize) -> Vec<Value> {
    a.get(i)
        .and_then(Value::items)
        .map(|l| l.iter().cloned().map(Value::indirect_interface).collect())
        .unwrap_or_default()
}

/// `getNetIPs`.
fn net_ips(items: &[Value]) -> Result<Vec<Vec<u8>>, String> {
    items
        .iter()
        .map(|v| {
            let Some(s) = v.as_str() else {
                return Err(format!(
                    "error parsing ip: {} is not a string",
                    gofmt::sprint_v(v)
                ));
            };
            match s.parse::<std::net::IpAddr>() {
                Ok(std::net::IpAddr::V4(ip)) => Ok(ip.octets().to_vec()),
                Ok(std::net::IpAddr::V6(ip)) => Ok(ip.octets().to_vec()),
                Err(_) => Err(format!("error parsing ip: {s}")),
            }
        })
        .collect()
}

/// `getAlternateDNSStrs`.
fn dns_names(items: &[Value]) -> Result<Vec<String>, String> {
    items
        .iter()
        .map(|v| {
            v.as_str().map(str::to_string).ok_or_else(|| {
                format!(
                    "error processing alternate dns name: {} is not a string",
                    gofmt::sprint_v(v)
                )
            })
        })
        .collect()
}

/// `getBaseCertTemplate`: valid from now for `days` days (Go's `time.Duration`
/// arithmetic, which wraps), server and client authentication.
fn base_template(cn: &str, ips: &[Value], dns: &[Value], days: i64) -> Result<Template, String> {
    let ip_addresses = net_ips(ips)?;
    let dns_names = dns_names(dns)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0);
    let after = now.wrapping_add(days.wrapping_mul(86_400_000_000_000));
    Ok(Template {
        serial: cert::random_serial(),
        subject: Name::cn(cn),
        not_before: now.div_euclid(1_000_000_000),
        not_after: after.div_euclid(1_000_000_000),
        key_usage: cert::KU_KEY_ENCIPHERMENT | cert::KU_DIGITAL_SIGNATURE,
        ext_key_usage: vec![ExtKeyUsage::ServerAuth, ExtKeyUsage::ClientAuth],
        basic_constraints_valid: true,
        ip_addresses,
        dns_names,
        ..Template::default()
    })
}

/// `getCertAndKey`: the certificate signed by `signer` (self-signed without a parent).
fn cert_and_key(
    t: &Template,
    key: &PrivateKey,
    parent: Option<(&Certificate, &PrivateKey)>,
) -> Result<Value, String> {
    let (parent, signer) = match parent {
        Some((c, k)) => (Some(c), k),
        None => (None, key),
    };
    let der = cert::create(t, parent, key, signer)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    Ok(cert_value(pem::encode("CERTIFICATE", &der), key.to_pem()))
}

/// `generateCertificateAuthorityWithKeyInternal`.
fn ca(cn: &str, days: i64, key: &PrivateKey) -> Result<Value, String> {
    let mut t = base_template(cn, &[], &[], days)?;
    t.key_usage = cert::KU_KEY_ENCIPHERMENT | cert::KU_DIGITAL_SIGNATURE | cert::KU_CERT_SIGN;
    t.is_ca = true;
    cert_and_key(&t, key, None)
}

/// `generateSelfSignedCertificateWithKeyInternal` (arguments: cn, ips, dns, days).
fn self_signed(a: &[Value], key: &PrivateKey) -> Result<Value, String> {
    let t = base_template(str_arg(a, 0), &list(a, 1), &list(a, 2), int_arg(a, 3))?;
    cert_and_key(&t, key, None)
}

/// `generateSignedCertificateWithKeyInternal` (arguments: cn, ips, dns, days, ca).
fn signed(a: &[Value], key: &PrivateKey) -> Result<Value, String> {
    let (ca_cert, ca_key) = cert_fields(a.get(4));
    let Some((block, _)) = pem::decode(ca_cert.as_bytes()) else {
        return Err("unable to decode certificate".into());
    };
    let parent = cert::parse(&block.bytes)
        .map_err(|e| format!("error parsing certificate: decodedSignerCert.Bytes: {e}"))?;
    let signer = PrivateKey::from_sprig_pem(&ca_key)
        .map_err(|e| format!("error parsing private key: {e}"))?;
    let t = base_template(str_arg(a, 0), &list(a, 1), &list(a, 2), int_arg(a, 3))?;
    cert_and_key(&t, key, Some((&parent, &signer)))
}

/// `buildCustomCertificate`: the certificate and key as given, once both parse.
fn build_custom(b64cert: &str, b64key: &str) -> Result<Value, String> {
    let cert_bytes =
        base64_decode(b64cert).map_err(|_| "unable to decode base64 certificate".to_string())?;
    let key_bytes =
        base64_decode(b64key).map_err(|_| "unable to decode base64 private key".to_string())?;
    let Some((block, _)) = pem::decode(&cert_bytes) else {
        return Err("unable to decode certificate".into());
    };
    cert::parse(&block.bytes)
        .map_err(|e| format!("error parsing certificate: decodedCert.Bytes: {e}"))?;
    let key = String::from_utf8_lossy(&key_bytes).into_owned();
    PrivateKey::from_sprig_pem(&key).map_err(|e| format!("error parsing private key: {e}"))?;
    Ok(cert_value(
        String::from_utf8_lossy(&cert_bytes).into_owned(),
        key,
    ))
}
