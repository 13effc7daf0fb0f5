//! sprig's certificate generators (`-t` templates) against Go.
//!
//! Keys, serials, times and most signatures are random, so outputs cannot be compared as
//! text. Two checks instead:
//! - `tests/fixtures/go-template/certs.json` holds certificates Go made from fixed keys
//!   (`keys.json`); the same template in rnomad must give a certificate whose DER is Go's
//!   element for element, except the serial, the two times (same encoding, same span) and
//!   the signature.
//! - Certificates made with fresh keys are read with x509-parser (not rnomad's parser) and
//!   checked field by field, and signed ones verified against their CA.

use rnomad::gocompat::x509::der::{self, Reader};
use rnomad::gocompat::x509::pem;
use rnomad::output::template::render;
use serde_json::Value;
use std::path::Path;
use x509_parser::prelude::*;

fn fixture(name: &str) -> Value {
    let p = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/go-template"
    ))
    .join(name);
    serde_json::from_str(&std::fs::read_to_string(p).expect("fixture")).expect("fixture JSON")
}

fn der_of(pem_text: &str) -> Vec<u8> {
    let (block, _) = pem::decode(pem_text.as_bytes()).expect("a PEM block");
    assert_eq!(block.typ, "CERTIFICATE");
    block.bytes
}

/// The elements of a constructed DER element's contents.
fn children(content: &[u8]) -> Vec<(u8, Vec<u8>, Vec<u8>)> {
    let mut r = Reader::new(content);
    let mut out = Vec::new();
    while let Some((tag, c, whole)) = r.read_any() {
        out.push((tag, c.to_vec(), whole.to_vec()));
    }
    assert!(r.is_empty(), "trailing bytes in DER");
    out
}

/// Seconds of a UTCTime or GeneralizedTime.
fn secs(tag: u8, c: &[u8]) -> i64 {
    let s = std::str::from_utf8(c).unwrap();
    let full = if tag == der::UTC_TIME {
        format!("20{s}")
    } else {
        s.to_string()
    };
    chrono::NaiveDateTime::parse_from_str(&full, "%Y%m%d%H%M%SZ")
        .unwrap()
        .and_utc()
        .timestamp()
}

/// Compares two certificates element by element with the random parts masked.
fn same_as_go(name: &str, go: &[u8], ours: &[u8]) {
    let g = children(&children(go)[0].1);
    let o = children(&children(ours)[0].1);
    assert_eq!(g.len(), 3, "{name}");
    assert_eq!(o.len(), 3, "{name}: certificate has {} parts", o.len());
    // Signature algorithm identifiers.
    assert_eq!(g[1].2, o[1].2, "{name}: signature algorithm");
    let gt = children(&g[0].1);
    let ot = children(&o[0].1);
    assert_eq!(gt.len(), ot.len(), "{name}: number of TBS fields");
    for (i, (a, b)) in gt.iter().zip(ot.iter()).enumerate() {
        match i {
            // The serial: a positive INTEGER below 2^128.
            1 => {
                assert_eq!(b.0, der::INTEGER, "{name}");
                assert!(
                    b.1[0] & 0x80 == 0 && b.1.len() <= 17,
                    "{name}: serial {:?}",
                    b.1
                );
            }
            // Validity: the same time types and the same span.
            4 => {
                let (ga, oa) = (children(&a.1), children(&b.1));
                assert_eq!(
                    ga.iter().map(|x| x.0).collect::<Vec<_>>(),
                    oa.iter().map(|x| x.0).collect::<Vec<_>>(),
                    "{name}: time encodings"
                );
                let span =
                    |v: &[(u8, Vec<u8>, Vec<u8>)]| secs(v[1].0, &v[1].1) - secs(v[0].0, &v[0].1);
                assert!((span(&ga) - span(&oa)).abs() <= 1, "{name}: validity span");
            }
            _ => assert_eq!(a.2, b.2, "{name}: TBS field {i} differs from Go's"),
        }
    }
}

#[test]
fn certificates_match_go_structure() {
    let keys = fixture("keys.json");
    let cases = fixture("certs.json");
    let cases = cases["cases"].as_array().unwrap();
    assert!(cases.len() >= 9);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let ours =
            render(c["tmpl"].as_str().unwrap(), &keys).unwrap_or_else(|e| panic!("{name}: {e}"));
        same_as_go(
            name,
            &der_of(c["go_cert"].as_str().unwrap()),
            &der_of(&ours),
        );
    }
}

/// The parts a template printed, split on `|`.
fn parts(tmpl: &str) -> Vec<String> {
    render(tmpl, &Value::Null)
        .unwrap()
        .split('|')
        .map(str::to_string)
        .collect()
}

fn key_modulus_bits(key_pem: &str) -> usize {
    let (block, _) = pem::decode(key_pem.as_bytes()).unwrap();
    assert_eq!(block.typ, "RSA PRIVATE KEY");
    let seq = children(&block.bytes);
    let fields = children(&seq[0].1);
    assert_eq!(fields.len(), 9, "PKCS #1: version and eight numbers");
    let n = &fields[1].1;
    let n = if n[0] == 0 { &n[1..] } else { &n[..] };
    n.len() * 8 - n[0].leading_zeros() as usize
}

fn ski(cert: &X509Certificate) -> Option<Vec<u8>> {
    cert.extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
            _ => None,
        })
}

fn aki(cert: &X509Certificate) -> Option<Vec<u8>> {
    cert.extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                a.key_identifier.as_ref().map(|k| k.0.to_vec())
            }
            _ => None,
        })
}

fn san_strings(cert: &X509Certificate) -> Vec<String> {
    let Ok(Some(san)) = cert.subject_alternative_name() else {
        return Vec::new();
    };
    san.value
        .general_names
        .iter()
        .map(|g| match g {
            GeneralName::DNSName(d) => format!("dns:{d}"),
            GeneralName::IPAddress(ip) => format!("ip:{}", ip.len()),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn generated_ca_and_signed_certificate() {
    let p = parts(
        r#"{{$ca := sprig_genCA "my ca" 365}}{{$c := sprig_genSignedCert "leaf.example" (sprig_list "10.0.0.1" "::1") (sprig_list "leaf.example" "b.example") 30 $ca}}{{$ca.Cert}}|{{$ca.Key}}|{{$c.Cert}}|{{$c.Key}}"#,
    );
    let (ca_der, leaf_der) = (der_of(&p[0]), der_of(&p[2]));
    let (_, ca) = X509Certificate::from_der(&ca_der).unwrap();
    let (_, leaf) = X509Certificate::from_der(&leaf_der).unwrap();

    // The CA: self-signed, a CA, RSA 2048, a year.
    assert_eq!(ca.subject().to_string(), "CN=my ca");
    assert_eq!(ca.issuer().to_string(), "CN=my ca");
    assert!(ca.is_ca());
    let ku = ca.key_usage().unwrap().unwrap().value;
    assert!(ku.key_cert_sign() && ku.digital_signature() && ku.key_encipherment());
    let days = (ca.validity().not_after.timestamp() - ca.validity().not_before.timestamp()) / 86400;
    assert_eq!(days, 365);
    assert_eq!(key_modulus_bits(&p[1]), 2048);
    assert_eq!(
        ski(&ca).map(|k| k.len()),
        Some(20),
        "Go gives a CA a key identifier"
    );
    assert_eq!(aki(&ca), None, "a self-signed CA names no authority key");
    ca.verify_signature(None).expect("the CA signs itself");

    // The leaf: issued by the CA, not a CA, its SANs, 30 days, its own RSA 2048 key.
    assert_eq!(leaf.subject().to_string(), "CN=leaf.example");
    assert_eq!(leaf.issuer().to_string(), "CN=my ca");
    assert!(!leaf.is_ca());
    assert_eq!(
        san_strings(&leaf),
        ["dns:leaf.example", "dns:b.example", "ip:4", "ip:16"]
    );
    let eku = leaf.extended_key_usage().unwrap().unwrap().value;
    assert!(eku.server_auth && eku.client_auth);
    let days =
        (leaf.validity().not_after.timestamp() - leaf.validity().not_before.timestamp()) / 86400;
    assert_eq!(days, 30);
    assert_eq!(key_modulus_bits(&p[3]), 2048);
    assert_ne!(p[1], p[3], "the leaf has a key of its own");
    leaf.verify_signature(Some(ca.public_key()))
        .expect("the CA's key signed the leaf");
    assert!(leaf.verify_signature(Some(leaf.public_key())).is_err());
    assert_eq!(aki(&leaf), ski(&ca), "the leaf names the CA's key");
    assert_eq!(ski(&leaf), None);
}

#[test]
fn self_signed_certificate_with_each_key_type() {
    for (typ, alg) in [("ecdsa", "1.2.840.10045.4.3.2"), ("ed25519", "1.3.101.112")] {
        let p = parts(&format!(
            r#"{{{{$k := sprig_genPrivateKey "{typ}"}}}}{{{{$c := sprig_genSelfSignedCertWithKey "h" nil (sprig_list "h.example") 7 $k}}}}{{{{$c.Cert}}}}|{{{{$c.Key}}}}|{{{{$k}}}}"#
        ));
        assert_eq!(p[1], p[2], "{typ}: the key comes back as given");
        let der = der_of(&p[0]);
        let (_, c) = X509Certificate::from_der(&der).unwrap();
        assert_eq!(c.signature_algorithm.algorithm.to_id_string(), alg);
        assert!(!c.is_ca());
        assert_eq!(ski(&c), None, "{typ}: no SKI off a CA");
        assert_eq!(san_strings(&c), ["dns:h.example"]);
        c.verify_signature(None).expect("self-signed");
    }
}

#[test]
fn generated_keys_have_go_forms() {
    let p = parts(
        r#"{{sprig_genPrivateKey "ecdsa"}}|{{sprig_genPrivateKey "ed25519"}}|{{sprig_genPrivateKey "rsa"}}"#,
    );
    let block = |s: &str| pem::decode(s.as_bytes()).unwrap().0;
    // SEC 1: version 1, a 32-byte scalar, the P-256 OID, a 65-byte point.
    let ec = block(&p[0]);
    assert_eq!(ec.typ, "EC PRIVATE KEY");
    let f = children(&children(&ec.bytes)[0].1);
    assert_eq!((f[0].1.as_slice(), f[1].1.len()), (&[1u8][..], 32));
    assert_eq!(
        f[2].2,
        der::tlv(
            der::context(0, true),
            &der::oid(&[1, 2, 840, 10045, 3, 1, 7])
        )
    );
    // [1] holds the BIT STRING: tag, length, unused-bits byte, the point.
    assert_eq!(f[3].1.len(), 2 + 1 + 65);
    // PKCS #8 Ed25519: version 0, the OID, the seed in an OCTET STRING.
    let ed = block(&p[1]);
    assert_eq!(ed.typ, "PRIVATE KEY");
    assert_eq!(ed.bytes.len(), 48);
    // RSA: 4096 bits for genPrivateKey.
    assert_eq!(key_modulus_bits(&p[2]), 4096);
}
