//! Certificates as Go's `crypto/x509` makes and reads them: `CreateCertificate` (the
//! extensions it writes, in its order, with its encodings) and `ParseCertificate` (the
//! fields sprig and Nomad's `tls` commands read, with Go's error texts).

use super::der::{self, Reader};
use super::key::PrivateKey;

const OID_CN: u64 = 3;

/// `pkix.Name`, as far as Nomad and sprig fill it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Name {
    pub country: Vec<String>,
    pub organization: Vec<String>,
    pub organizational_unit: Vec<String>,
    pub locality: Vec<String>,
    pub province: Vec<String>,
    pub street_address: Vec<String>,
    pub postal_code: Vec<String>,
    pub common_name: String,
    pub serial_number: String,
    /// Every attribute in the order the certificate holds them (set by parsing).
    pub names: Vec<(Vec<u64>, String)>,
}

/// Go's choice of string type when marshalling: PrintableString when every character is
/// one (no `*` or `&`), else UTF8String.
fn der_string(s: &str) -> Vec<u8> {
    let printable = s.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'\''..=b')' | b'+'..=b'/' | b' ' | b':' | b'=' | b'?')
    });
    let tag = if printable {
        der::PRINTABLE_STRING
    } else {
        der::UTF8_STRING
    };
    der::tlv(tag, s.as_bytes())
}

impl Name {
    /// A name with only a common name.
    pub fn cn(cn: &str) -> Name {
        Name {
            common_name: cn.to_string(),
            ..Name::default()
        }
    }

    /// `asn1.Marshal(n.ToRDNSequence())`.
    pub fn to_der(&self) -> Vec<u8> {
        let mut rdns: Vec<Vec<u8>> = Vec::new();
        let mut add = |values: &[String], last: u64| {
            if values.is_empty() {
                return;
            }
            let mut atvs: Vec<Vec<u8>> = values
                .iter()
                .map(|v| der::seq(&[&der::oid(&[2, 5, 4, last]), &der_string(v)]))
                .collect();
            // DER orders a SET OF by encoding.
            atvs.sort();
            rdns.push(der::tlv(der::SET, &atvs.concat()));
        };
        add(&self.country, 6);
        add(&self.province, 8);
        add(&self.locality, 7);
        add(&self.street_address, 9);
        add(&self.postal_code, 17);
        add(&self.organization, 10);
        add(&self.organizational_unit, 11);
        if !self.common_name.is_empty() {
            add(std::slice::from_ref(&self.common_name), OID_CN);
        }
        der::tlv(der::SEQUENCE, &rdns.concat())
    }

    /// `pkix.Name.String()` of a parsed name: attributes of other types first (so last in
    /// the text), then the known ones in `ToRDNSequence`'s order, all reversed (RFC 2253),
    /// with Go's short names and escaping.
    pub fn go_string(&self) -> String {
        let mut rdns: Vec<Vec<(Vec<u64>, String)>> = self
            .names
            .iter()
            .filter(|(oid, _)| {
                !matches!(
                    oid.as_slice(),
                    [2, 5, 4, 3 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 17]
                )
            })
            .map(|a| vec![a.clone()])
            .collect();
        let mut add = |values: &[String], last: u64| {
            if !values.is_empty() {
                rdns.push(
                    values
                        .iter()
                        .map(|v| (vec![2, 5, 4, last], v.clone()))
                        .collect(),
                );
            }
        };
        add(&self.country, 6);
        add(&self.province, 8);
        add(&self.locality, 7);
        add(&self.street_address, 9);
        add(&self.postal_code, 17);
        add(&self.organization, 10);
        add(&self.organizational_unit, 11);
        if !self.common_name.is_empty() {
            add(std::slice::from_ref(&self.common_name), OID_CN);
        }
        if !self.serial_number.is_empty() {
            add(std::slice::from_ref(&self.serial_number), 5);
        }
        rdns.iter()
            .rev()
            .map(|rdn| {
                rdn.iter()
                    .map(|(oid, v)| atv_string(oid, v))
                    .collect::<Vec<_>>()
                    .join("+")
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn atv_string(oid: &[u64], v: &str) -> String {
    let short = match oid {
        [2, 5, 4, 3] => "CN",
        [2, 5, 4, 5] => "SERIALNUMBER",
        [2, 5, 4, 6] => "C",
        [2, 5, 4, 7] => "L",
        [2, 5, 4, 8] => "ST",
        [2, 5, 4, 9] => "STREET",
        [2, 5, 4, 10] => "O",
        [2, 5, 4, 11] => "OU",
        [2, 5, 4, 17] => "POSTALCODE",
        _ => {
            let hex: String = der_string(v).iter().map(|b| format!("{b:02x}")).collect();
            return format!("{}=#{hex}", der::oid_string(oid));
        }
    };
    format!("{short}={}", escape_value(v))
}

fn escape_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for (k, c) in v.char_indices() {
        let esc = match c {
            ',' | '+' | '"' | '\\' | '<' | '>' | ';' => true,
            ' ' => k == 0 || k == v.len() - 1,
            '#' => k == 0,
            _ => false,
        };
        if esc {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `x509.KeyUsage` bits.
pub const KU_DIGITAL_SIGNATURE: u16 = 1;
pub const KU_KEY_ENCIPHERMENT: u16 = 1 << 2;
pub const KU_CERT_SIGN: u16 = 1 << 5;
pub const KU_CRL_SIGN: u16 = 1 << 6;

/// `x509.ExtKeyUsage` values used here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtKeyUsage {
    ServerAuth,
    ClientAuth,
}

impl ExtKeyUsage {
    fn oid(self) -> &'static [u64] {
        match self {
            ExtKeyUsage::ServerAuth => &[1, 3, 6, 1, 5, 5, 7, 3, 1],
            ExtKeyUsage::ClientAuth => &[1, 3, 6, 1, 5, 5, 7, 3, 2],
        }
    }
}

/// The fields of an `x509.Certificate` template that sprig and Nomad set.
#[derive(Debug, Clone, Default)]
pub struct Template {
    /// Serial number magnitude (big-endian).
    pub serial: Vec<u8>,
    pub subject: Name,
    /// Unix seconds (Go encodes whole seconds).
    pub not_before: i64,
    pub not_after: i64,
    pub key_usage: u16,
    pub ext_key_usage: Vec<ExtKeyUsage>,
    pub basic_constraints_valid: bool,
    pub is_ca: bool,
    pub subject_key_id: Vec<u8>,
    pub authority_key_id: Vec<u8>,
    pub dns_names: Vec<String>,
    /// `net.IP`s as Go holds them (4 or 16 bytes; empty for a nil IP).
    pub ip_addresses: Vec<Vec<u8>>,
    pub permitted_dns_domains: Vec<String>,
    pub permitted_dns_domains_critical: bool,
}

/// `rand.Int(rand.Reader, 2^128)`: a random serial below 2^128.
pub fn random_serial() -> Vec<u8> {
    super::key::random(16)
}

/// `net.IP.To4()`: the 4-byte form of an IPv4 (or IPv4-mapped) address.
fn to4(ip: &[u8]) -> Option<&[u8]> {
    match ip.len() {
        4 => Some(ip),
        16 if ip[..10].iter().all(|b| *b == 0) && ip[10] == 0xff && ip[11] == 0xff => {
            Some(&ip[12..])
        }
        _ => None,
    }
}

/// Go's `asn1` time: UTCTime for 1950–2049, else GeneralizedTime.
fn der_time(unix: i64) -> Result<Vec<u8>, String> {
    let t = chrono::DateTime::from_timestamp(unix, 0)
        .ok_or("asn1: structure error: cannot represent time as GeneralizedTime")?;
    use chrono::Datelike;
    let y = t.year();
    if (1950..2050).contains(&y) {
        Ok(der::tlv(
            der::UTC_TIME,
            t.format("%y%m%d%H%M%SZ").to_string().as_bytes(),
        ))
    } else if (0..=9999).contains(&y) {
        Ok(der::tlv(
            der::GENERALIZED_TIME,
            format!("{:04}{}", y, t.format("%m%d%H%M%SZ")).as_bytes(),
        ))
    } else {
        Err("asn1: structure error: cannot represent time as GeneralizedTime".into())
    }
}

fn ia5_check(s: &str) -> Result<(), String> {
    if s.is_ascii() {
        Ok(())
    } else {
        Err(format!(
            "x509: {} cannot be encoded as an IA5String",
            crate::gocompat::strconv::quote(s)
        ))
    }
}

fn extension(oid: &[u64], critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![der::oid(oid)];
    if critical {
        parts.push(der::tlv(der::BOOLEAN, &[0xff]));
    }
    parts.push(der::tlv(der::OCTET_STRING, value));
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    der::seq(&refs)
}

/// `buildCertExtensions`, for the template fields used here.
fn extensions(
    t: &Template,
    subject_is_empty: bool,
    aki: &[u8],
    ski: &[u8],
) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::new();
    if t.key_usage != 0 {
        let a = [
            (t.key_usage as u8).reverse_bits(),
            ((t.key_usage >> 8) as u8).reverse_bits(),
        ];
        let bytes = if a[1] != 0 { &a[..] } else { &a[..1] };
        // asn1BitLength: trailing zero bits are not part of the string.
        let last = bytes[bytes.len() - 1];
        let unused = if last == 0 {
            0
        } else {
            last.trailing_zeros() as u8
        };
        let mut c = vec![unused];
        c.extend_from_slice(bytes);
        out.push(extension(
            &[2, 5, 29, 15],
            true,
            &der::tlv(der::BIT_STRING, &c),
        ));
    }
    if !t.ext_key_usage.is_empty() {
        let oids: Vec<Vec<u8>> = t.ext_key_usage.iter().map(|u| der::oid(u.oid())).collect();
        out.push(extension(
            &[2, 5, 29, 37],
            false,
            &der::tlv(der::SEQUENCE, &oids.concat()),
        ));
    }
    if t.basic_constraints_valid {
        let body = if t.is_ca {
            der::seq(&[&der::tlv(der::BOOLEAN, &[0xff])])
        } else {
            der::seq(&[])
        };
        out.push(extension(&[2, 5, 29, 19], true, &body));
    }
    if !ski.is_empty() {
        out.push(extension(
            &[2, 5, 29, 14],
            false,
            &der::tlv(der::OCTET_STRING, ski),
        ));
    }
    if !aki.is_empty() {
        out.push(extension(
            &[2, 5, 29, 35],
            false,
            &der::seq(&[&der::tlv(der::context(0, false), aki)]),
        ));
    }
    if !t.dns_names.is_empty() || !t.ip_addresses.is_empty() {
        let mut names = Vec::new();
        for n in &t.dns_names {
            ia5_check(n)?;
            names.push(der::tlv(der::context(2, false), n.as_bytes()));
        }
        for ip in &t.ip_addresses {
            let ip = to4(ip).unwrap_or(ip);
            names.push(der::tlv(der::context(7, false), ip));
        }
        out.push(extension(
            &[2, 5, 29, 17],
            subject_is_empty,
            &der::tlv(der::SEQUENCE, &names.concat()),
        ));
    }
    if !t.permitted_dns_domains.is_empty() {
        let mut subtrees = Vec::new();
        for d in &t.permitted_dns_domains {
            ia5_check(d)?;
            subtrees.push(der::seq(&[&der::tlv(der::context(2, false), d.as_bytes())]));
        }
        let body = der::seq(&[&der::tlv(der::context(0, true), &subtrees.concat())]);
        out.push(extension(
            &[2, 5, 29, 30],
            t.permitted_dns_domains_critical,
            &body,
        ));
    }
    Ok(out)
}

/// `x509.CreateCertificate(rand, template, parent, pub, priv)`: `parent` is `None` for a
/// self-signed certificate (parent = template). Returns the DER.
pub fn create(
    t: &Template,
    parent: Option<&Certificate>,
    signee: &PrivateKey,
    signer: &PrivateKey,
) -> Result<Vec<u8>, String> {
    if !signer.is_signer() {
        return Err("x509: certificate private key does not implement crypto.Signer".into());
    }
    let sig_alg = signer.signature_algorithm()?;
    let (pk_alg, pk_bits) = signee.public_key_info()?;
    let subject = t.subject.to_der();
    let issuer = parent.map_or_else(|| subject.clone(), |p| p.raw_subject.clone());
    let parent_ski = parent.map_or(&t.subject_key_id, |p| &p.subject_key_id);
    let aki = if issuer != subject && !parent_ski.is_empty() {
        parent_ski.clone()
    } else {
        t.authority_key_id.clone()
    };
    let mut ski = t.subject_key_id.clone();
    if ski.is_empty() && t.is_ca {
        // Nomad is built with x509sha256skid=0: the SHA-1 of the public key bits.
        ski = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &pk_bits)
            .as_ref()
            .to_vec();
    }
    if let Some(p) = parent {
        let (_, signer_bits) = signer.public_key_info()?;
        if p.public_key_known && p.public_key_bits != signer_bits {
            return Err("x509: provided PrivateKey doesn't match parent's PublicKey".into());
        }
    }
    let empty_subject = subject == [0x30, 0];
    let exts = extensions(t, empty_subject, &aki, &ski)?;
    let mut tbs_parts: Vec<Vec<u8>> = vec![
        der::tlv(der::context(0, true), &der::int(2)),
        der::uint(&t.serial),
        sig_alg.clone(),
        issuer,
        der::seq(&[&der_time(t.not_before)?, &der_time(t.not_after)?]),
        subject,
        der::seq(&[&pk_alg, &der::bit_string(&pk_bits)]),
    ];
    if !exts.is_empty() {
        tbs_parts.push(der::tlv(
            der::context(3, true),
            &der::tlv(der::SEQUENCE, &exts.concat()),
        ));
    }
    let refs: Vec<&[u8]> = tbs_parts.iter().map(Vec::as_slice).collect();
    let tbs = der::seq(&refs);
    let signature = signer.sign(&tbs)?;
    Ok(der::seq(&[&tbs, &sig_alg, &der::bit_string(&signature)]))
}

/// The fields of a parsed `x509.Certificate` that are read here.
#[derive(Debug, Clone, Default)]
pub struct Certificate {
    pub raw_tbs: Vec<u8>,
    /// Serial number: negative flag and magnitude.
    pub serial_negative: bool,
    pub serial: Vec<u8>,
    pub issuer: Name,
    pub raw_subject: Vec<u8>,
    pub subject: Name,
    pub not_before: i64,
    pub not_after: i64,
    pub public_key_algorithm: Vec<u64>,
    /// The curve OID for an EC key.
    pub public_key_params: Option<Vec<u64>>,
    pub public_key_bits: Vec<u8>,
    /// Whether Go knows the key's algorithm (and so checks a signer against it).
    pub public_key_known: bool,
    pub is_ca: bool,
    pub basic_constraints_valid: bool,
    pub key_usage: u16,
    pub ext_key_usage: Vec<Vec<u64>>,
    pub subject_key_id: Vec<u8>,
    pub authority_key_id: Vec<u8>,
    pub dns_names: Vec<String>,
    pub ip_addresses: Vec<Vec<u8>>,
    pub permitted_dns_domains: Vec<String>,
    pub permitted_dns_domains_critical: bool,
    pub signature_algorithm: Vec<u64>,
    pub signature: Vec<u8>,
}

fn e(m: &str) -> String {
    format!("x509: {m}")
}

/// Go's `parseName`.
fn parse_name(raw: &[u8]) -> Result<Name, String> {
    let bad = || e("invalid RDNSequence");
    let mut r = Reader::new(raw);
    let body = r.read(der::SEQUENCE).ok_or_else(bad)?;
    let mut rdns = Reader::new(body);
    let mut name = Name::default();
    while !rdns.is_empty() {
        let set = rdns.read(der::SET).ok_or_else(bad)?;
        let mut atvs = Reader::new(set);
        while !atvs.is_empty() {
            let atv = atvs
                .read(der::SEQUENCE)
                .ok_or_else(|| e("invalid RDNSequence: invalid attribute"))?;
            let mut a = Reader::new(atv);
            let oid = a
                .read(der::OID)
                .and_then(der::parse_oid)
                .ok_or_else(|| e("invalid RDNSequence: invalid attribute type"))?;
            let (tag, value, _) = a
                .read_any()
                .ok_or_else(|| e("invalid RDNSequence: invalid attribute value"))?;
            let v = asn1_string(tag, value)
                .map_err(|m| format!("x509: invalid RDNSequence: invalid attribute value: {m}"))?;
            if let [2, 5, 4, last] = oid.as_slice() {
                let v = v.clone();
                match last {
                    3 => name.common_name = v,
                    5 => name.serial_number = v,
                    6 => name.country.push(v),
                    7 => name.locality.push(v),
                    8 => name.province.push(v),
                    9 => name.street_address.push(v),
                    10 => name.organization.push(v),
                    11 => name.organizational_unit.push(v),
                    17 => name.postal_code.push(v),
                    _ => {}
                }
            }
            name.names.push((oid, v));
        }
    }
    Ok(name)
}

/// `parseASN1String`.
fn asn1_string(tag: u8, v: &[u8]) -> Result<String, String> {
    let utf8 = |v: &[u8]| String::from_utf8(v.to_vec()).map_err(|_| "invalid UTF-8 string");
    match tag {
        der::T61_STRING => Ok(v.iter().map(|b| *b as char).collect()),
        der::PRINTABLE_STRING => {
            if v.iter().all(|b| {
                b.is_ascii_alphanumeric()
                    || matches!(b, b'\''..=b')' | b'+'..=b'/' | b' ' | b':' | b'=' | b'?' | b'*' | b'&')
            }) {
                Ok(String::from_utf8_lossy(v).into_owned())
            } else {
                Err("invalid PrintableString".into())
            }
        }
        der::UTF8_STRING => utf8(v).map_err(str::to_string),
        der::IA5_STRING => {
            if v.is_ascii() {
                Ok(String::from_utf8_lossy(v).into_owned())
            } else {
                Err("invalid IA5String".into())
            }
        }
        0x12 => {
            if v.iter().all(|b| b.is_ascii_digit() || *b == b' ') {
                Ok(String::from_utf8_lossy(v).into_owned())
            } else {
                Err("invalid NumericString".into())
            }
        }
        der::BMP_STRING => {
            if !v.len().is_multiple_of(2) {
                return Err("invalid BMPString".into());
            }
            let units: Vec<u16> = v
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            let units = units.strip_suffix(&[0]).unwrap_or(&units);
            Ok(String::from_utf16_lossy(units))
        }
        t => Err(format!("unsupported string type: {t}")),
    }
}

/// Go's `parseTime` of a UTCTime or GeneralizedTime (whole seconds, `Z` only).
fn parse_time(tag: u8, v: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(v).ok()?;
    let full = match tag {
        der::UTC_TIME => {
            let yy: i32 = s.get(..2)?.parse().ok()?;
            let century = if yy >= 50 { "19" } else { "20" };
            format!("{century}{s}")
        }
        der::GENERALIZED_TIME => s.to_string(),
        _ => return None,
    };
    if full.len() != 15 || !full.ends_with('Z') {
        return None;
    }
    chrono::NaiveDateTime::parse_from_str(&full, "%Y%m%d%H%M%SZ")
        .ok()
        .map(|t| t.and_utc().timestamp())
}

/// `x509.ParseCertificate`.
pub fn parse(der_bytes: &[u8]) -> Result<Certificate, String> {
    let mut c = Certificate::default();
    let mut input = Reader::new(der_bytes);
    let (outer, raw) = input
        .read_element(der::SEQUENCE)
        .ok_or_else(|| e("malformed certificate"))?;
    let mut body = Reader::new(outer);
    let (tbs_body, raw_tbs) = body
        .read_element(der::SEQUENCE)
        .ok_or_else(|| e("malformed tbs certificate"))?;
    c.raw_tbs = raw_tbs.to_vec();
    let mut tbs = Reader::new(tbs_body);
    let mut version = 0;
    if let Some(v) = tbs
        .read_optional(der::context(0, true))
        .ok_or_else(|| e("malformed version"))?
    {
        version = Reader::new(v)
            .read_i64()
            .ok_or_else(|| e("malformed version"))?;
    }
    if version < 0 {
        return Err(e("malformed version"));
    }
    let version = version + 1;
    if version > 3 {
        return Err(e("invalid version"));
    }
    match tbs
        .read_uint()
        .ok_or_else(|| e("malformed serial number"))?
    {
        Ok(mag) => c.serial = mag.to_vec(),
        Err(()) => return Err(e("negative serial number")),
    }
    let sig_ai = tbs
        .read(der::SEQUENCE)
        .ok_or_else(|| e("malformed signature algorithm identifier"))?;
    let outer_ai = body
        .read(der::SEQUENCE)
        .ok_or_else(|| e("malformed algorithm identifier"))?;
    if sig_ai != outer_ai {
        return Err(e(
            "inner and outer signature algorithm identifiers don't match",
        ));
    }
    c.signature_algorithm = Reader::new(sig_ai)
        .read(der::OID)
        .and_then(der::parse_oid)
        .ok_or_else(|| e("malformed OID"))?;
    let (_, issuer) = tbs
        .read_element(der::SEQUENCE)
        .ok_or_else(|| e("malformed issuer"))?;
    c.issuer = parse_name(issuer)?;
    let validity = tbs
        .read(der::SEQUENCE)
        .ok_or_else(|| e("malformed validity"))?;
    let mut v = Reader::new(validity);
    let mut time = |what: &str| {
        v.read_any()
            .and_then(|(tag, b, _)| parse_time(tag, b))
            .ok_or_else(|| e(&format!("malformed {what}")))
    };
    c.not_before = time("notBefore")?;
    c.not_after = time("notAfter")?;
    let (_, subject) = tbs
        .read_element(der::SEQUENCE)
        .ok_or_else(|| e("malformed issuer"))?;
    c.raw_subject = subject.to_vec();
    c.subject = parse_name(subject)?;
    let spki = tbs.read(der::SEQUENCE).ok_or_else(|| e("malformed spki"))?;
    let mut spki = Reader::new(spki);
    let pk_ai = spki
        .read(der::SEQUENCE)
        .ok_or_else(|| e("malformed public key algorithm identifier"))?;
    let mut ai = Reader::new(pk_ai);
    c.public_key_algorithm = ai
        .read(der::OID)
        .and_then(der::parse_oid)
        .ok_or_else(|| e("malformed OID"))?;
    c.public_key_params = ai.read(der::OID).and_then(der::parse_oid);
    let (bits, _) = spki
        .read_bit_string()
        .ok_or_else(|| e("malformed subjectPublicKey"))?;
    c.public_key_bits = bits.to_vec();
    let alg = c.public_key_algorithm.as_slice();
    c.public_key_known =
        alg == super::key::OID_RSA || alg == super::key::OID_EC || alg == super::key::OID_ED25519;
    if version > 1 {
        for n in [1, 2] {
            tbs.read_optional(der::context(n, false))
                .ok_or_else(|| e("malformed unique ID"))?;
        }
        if version == 3 {
            if let Some(exts) = tbs
                .read_optional(der::context(3, true))
                .ok_or_else(|| e("malformed extensions"))?
            {
                let list = Reader::new(exts)
                    .read(der::SEQUENCE)
                    .ok_or_else(|| e("malformed extensions"))?;
                let mut list = Reader::new(list);
                let mut seen = Vec::new();
                while !list.is_empty() {
                    let ext = list
                        .read(der::SEQUENCE)
                        .ok_or_else(|| e("malformed extension"))?;
                    let mut x = Reader::new(ext);
                    let oid = x
                        .read(der::OID)
                        .and_then(der::parse_oid)
                        .ok_or_else(|| e("malformed extension OID field"))?;
                    let critical = match x.read_optional(der::BOOLEAN) {
                        Some(Some(b)) => b == [0xff],
                        Some(None) => false,
                        None => return Err(e("malformed extension critical field")),
                    };
                    let value = x
                        .read(der::OCTET_STRING)
                        .ok_or_else(|| e("malformed extension value field"))?;
                    if seen.contains(&oid) {
                        return Err(format!(
                            "x509: certificate contains duplicate extension with OID {}",
                            crate::gocompat::strconv::quote(&der::oid_string(&oid))
                        ));
                    }
                    read_extension(&mut c, &oid, critical, value)?;
                    seen.push(oid);
                }
            }
        }
    }
    let (sig, _) = body
        .read_bit_string()
        .ok_or_else(|| e("malformed signature"))?;
    c.signature = sig.to_vec();
    if raw.len() != der_bytes.len() {
        return Err(e("trailing data"));
    }
    Ok(c)
}

fn read_extension(
    c: &mut Certificate,
    oid: &[u64],
    critical: bool,
    v: &[u8],
) -> Result<(), String> {
    match oid {
        [2, 5, 29, 15] => {
            let (bits, _) = Reader::new(v)
                .read_bit_string()
                .ok_or_else(|| e("invalid key usage"))?;
            let mut ku = 0u16;
            for i in 0..9 {
                if bits.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0) {
                    ku |= 1 << i;
                }
            }
            c.key_usage = ku;
        }
        [2, 5, 29, 19] => {
            let body = Reader::new(v)
                .read(der::SEQUENCE)
                .ok_or_else(|| e("invalid basic constraints"))?;
            let mut r = Reader::new(body);
            c.is_ca = matches!(r.read_optional(der::BOOLEAN), Some(Some([0xff])));
            c.basic_constraints_valid = true;
        }
        [2, 5, 29, 17] => {
            let body = Reader::new(v)
                .read(der::SEQUENCE)
                .ok_or_else(|| e("invalid subject alternative names"))?;
            let mut r = Reader::new(body);
            while let Some((tag, val, _)) = r.read_any() {
                match tag {
                    t if t == der::context(2, false) => {
                        let s = std::str::from_utf8(val)
                            .ok()
                            .filter(|s| s.is_ascii())
                            .ok_or_else(|| e("SAN dNSName is malformed"))?;
                        c.dns_names.push(s.to_string());
                    }
                    t if t == der::context(7, false) => {
                        if val.len() != 4 && val.len() != 16 {
                            return Err(format!(
                                "x509: cannot parse IP address of length {}",
                                val.len()
                            ));
                        }
                        c.ip_addresses.push(val.to_vec());
                    }
                    _ => {}
                }
            }
        }
        [2, 5, 29, 30] => {
            let bad = || e("invalid NameConstraints extension");
            let body = Reader::new(v).read(der::SEQUENCE).ok_or_else(bad)?;
            let mut r = Reader::new(body);
            if let Some(permitted) = r.read_optional(der::context(0, true)).ok_or_else(bad)? {
                let mut p = Reader::new(permitted);
                while !p.is_empty() {
                    let sub = p.read(der::SEQUENCE).ok_or_else(bad)?;
                    let (tag, val, _) = Reader::new(sub).read_any().ok_or_else(bad)?;
                    if tag == der::context(2, false) {
                        c.permitted_dns_domains
                            .push(String::from_utf8_lossy(val).into_owned());
                    }
                }
            }
            c.permitted_dns_domains_critical = critical;
        }
        [2, 5, 29, 14] => {
            c.subject_key_id = Reader::new(v)
                .read(der::OCTET_STRING)
                .ok_or_else(|| e("invalid subject key identifier"))?
                .to_vec();
        }
        [2, 5, 29, 35] => {
            let body = Reader::new(v)
                .read(der::SEQUENCE)
                .ok_or_else(|| e("invalid authority key identifier"))?;
            if let Some(Some(id)) = Reader::new(body).read_optional(der::context(0, false)) {
                c.authority_key_id = id.to_vec();
            }
        }
        [2, 5, 29, 37] => {
            let body = Reader::new(v)
                .read(der::SEQUENCE)
                .ok_or_else(|| e("invalid extended key usages"))?;
            let mut r = Reader::new(body);
            while let Some(o) = r.read(der::OID) {
                c.ext_key_usage
                    .push(der::parse_oid(o).ok_or_else(|| e("invalid extended key usages"))?);
            }
        }
        _ => {}
    }
    Ok(())
}

impl Certificate {
    /// Whether `parent`'s key signed this certificate.
    pub fn signed_by(&self, parent: &Certificate) -> bool {
        use ring::signature as s;
        let alg: &dyn s::VerificationAlgorithm = match self.signature_algorithm.as_slice() {
            [1, 2, 840, 113549, 1, 1, 11] => &s::RSA_PKCS1_2048_8192_SHA256,
            [1, 2, 840, 10045, 4, 3, 2] => &s::ECDSA_P256_SHA256_ASN1,
            [1, 2, 840, 10045, 4, 3, 3] => &s::ECDSA_P384_SHA384_ASN1,
            [1, 3, 101, 112] => &s::ED25519,
            _ => return false,
        };
        s::UnparsedPublicKey::new(alg, &parent.public_key_bits)
            .verify(&self.raw_tbs, &self.signature)
            .is_ok()
    }
}

/// Go's `net.IP.String()`.
pub fn ip_string(ip: &[u8]) -> String {
    if ip.is_empty() {
        return "<nil>".into();
    }
    if let Some(v4) = to4(ip) {
        return format!("{}.{}.{}.{}", v4[0], v4[1], v4[2], v4[3]);
    }
    if ip.len() != 16 {
        let hex: String = ip.iter().map(|b| format!("{b:02x}")).collect();
        return format!("?{hex}");
    }
    let mut octets = [0u8; 16];
    octets.copy_from_slice(ip);
    std::net::Ipv6Addr::from(octets).to_string()
}

/// `big.Int.String()` of a magnitude.
pub fn decimal(mag: &[u8]) -> String {
    let mut digits = Vec::new();
    let mut n: Vec<u8> = mag.iter().skip_while(|b| **b == 0).copied().collect();
    while !n.is_empty() {
        let mut rem = 0u32;
        for b in n.iter_mut() {
            let cur = (rem << 8) | *b as u32;
            *b = (cur / 10) as u8;
            rem = cur % 10;
        }
        digits.push(b'0' + rem as u8);
        let skip = n.iter().take_while(|b| **b == 0).count();
        n.drain(..skip);
    }
    if digits.is_empty() {
        return "0".into();
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_ips() {
        assert_eq!(decimal(&[]), "0");
        assert_eq!(decimal(&[1, 0]), "256");
        assert_eq!(decimal(&[0xff; 16]), u128::MAX.to_string());
        assert_eq!(ip_string(&[127, 0, 0, 1]), "127.0.0.1");
        assert_eq!(
            ip_string(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]),
            "1.2.3.4"
        );
        assert_eq!(ip_string(&[0; 16]), "::");
        assert_eq!(ip_string(&[]), "<nil>");
    }

    #[test]
    fn name_strings_escape_as_go() {
        let n = Name {
            names: vec![
                (vec![2, 5, 4, 6], "US".into()),
                (vec![2, 5, 4, 3], " a,b#".into()),
                (vec![1, 2, 3], "x".into()),
            ],
            ..Name::default()
        };
        assert_eq!(n.go_string(), "1.2.3=#130178");
        let n = Name {
            country: vec!["US".into()],
            common_name: " a,b#".into(),
            names: vec![(vec![1, 2, 3], "x".into())],
            ..Name::default()
        };
        assert_eq!(n.go_string(), "CN=\\ a\\,b#,C=US,1.2.3=#130178");
        assert_eq!(Name::cn("").to_der(), [0x30, 0]);
    }
}
