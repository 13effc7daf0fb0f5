//! Private keys as Go's `crypto/x509` writes and reads them: PKCS #1 (`RSA PRIVATE KEY`),
//! SEC 1 (`EC PRIVATE KEY`), PKCS #8 (`PRIVATE KEY`, Ed25519 here) and sprig's DSA form;
//! the public key's `SubjectPublicKeyInfo`, and signing as `x509.CreateCertificate` signs.
//!
//! RSA and DSA keys come from the `rsa` and `dsa` crates (ring cannot generate them); ECDSA
//! and Ed25519 keys and all signatures but RSA's come from ring.

use super::asn1::{self, Shape};
use super::der::{self, Reader};
use super::pem;
use ring::rand::SystemRandom;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};

/// OIDs of public-key algorithms and curves.
pub const OID_RSA: &[u64] = &[1, 2, 840, 113549, 1, 1, 1];
pub const OID_EC: &[u64] = &[1, 2, 840, 10045, 2, 1];
pub const OID_ED25519: &[u64] = &[1, 3, 101, 112];
const OID_P224: &[u64] = &[1, 3, 132, 0, 33];
const OID_P256: &[u64] = &[1, 2, 840, 10045, 3, 1, 7];
const OID_P384: &[u64] = &[1, 3, 132, 0, 34];
const OID_P521: &[u64] = &[1, 3, 132, 0, 35];

/// A named curve Go knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    P224,
    P256,
    P384,
    P521,
}

impl Curve {
    fn from_oid(arcs: &[u64]) -> Option<Curve> {
        Some(match arcs {
            a if a == OID_P224 => Curve::P224,
            a if a == OID_P256 => Curve::P256,
            a if a == OID_P384 => Curve::P384,
            a if a == OID_P521 => Curve::P521,
            _ => return None,
        })
    }

    pub fn oid(self) -> &'static [u64] {
        match self {
            Curve::P224 => OID_P224,
            Curve::P256 => OID_P256,
            Curve::P384 => OID_P384,
            Curve::P521 => OID_P521,
        }
    }

    /// Bytes of a private scalar.
    fn size(self) -> usize {
        match self {
            Curve::P224 => 28,
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// A private key of one of the kinds sprig and Nomad handle.
pub enum PrivateKey {
    Rsa(Box<rsa::PrivateKey>),
    /// sprig's DSA form; Go cannot sign certificates with DSA, so only the numbers are kept.
    Dsa(Vec<Vec<u8>>),
    Ec {
        curve: Curve,
        d: Vec<u8>,
        /// The uncompressed public point.
        public: Vec<u8>,
    },
    Ed25519 {
        seed: [u8; 32],
        public: [u8; 32],
    },
}

/// ring's system source as the RNG the `rsa` and `dsa` crates take.
struct SysRng;

impl rand_core::TryRng for SysRng {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        use ring::rand::SecureRandom;
        // The system source does not fail on the platforms rnomad runs on.
        let _ = SystemRandom::new().fill(dst);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for SysRng {}

/// Random bytes from the system source.
pub fn random(n: usize) -> Vec<u8> {
    use ring::rand::SecureRandom;
    let mut b = vec![0u8; n];
    let _ = SystemRandom::new().fill(&mut b);
    b
}

fn be(u: &rsa::BoxedUint) -> Vec<u8> {
    let b = u.to_be_bytes();
    let skip = b.iter().take_while(|x| **x == 0).count();
    b[skip..].to_vec()
}

fn boxed(b: &[u8]) -> rsa::BoxedUint {
    rsa::BoxedUint::from_be_slice_vartime(b)
}

impl PrivateKey {
    /// `rsa.GenerateKey(rand.Reader, bits)`.
    pub fn generate_rsa(bits: usize) -> Result<PrivateKey, String> {
        rsa::PrivateKey::new(&mut SysRng, bits)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|e| e.to_string())
    }

    /// `ecdsa.GenerateKey(elliptic.P256(), rand.Reader)`.
    pub fn generate_p256() -> Result<PrivateKey, String> {
        use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_ASN1_SIGNING};
        let rng = SystemRandom::new();
        let alg = &ECDSA_P256_SHA256_ASN1_SIGNING;
        let doc = EcdsaKeyPair::generate_pkcs8(alg, &rng).map_err(|e| e.to_string())?;
        let pair = EcdsaKeyPair::from_pkcs8(alg, doc.as_ref(), &rng).map_err(|e| e.to_string())?;
        // ring's PKCS #8 holds the SEC 1 key: the scalar is its only 32-byte OCTET STRING.
        let d = find_ec_scalar(doc.as_ref(), 32).ok_or("ring's key has no private scalar")?;
        Ok(PrivateKey::Ec {
            curve: Curve::P256,
            d,
            public: pair.public_key().as_ref().to_vec(),
        })
    }

    /// `ed25519.GenerateKey(rand.Reader)`.
    pub fn generate_ed25519() -> Result<PrivateKey, String> {
        let seed: [u8; 32] = random(32).try_into().map_err(|_| "short random read")?;
        Self::ed25519_from_seed(seed)
    }

    fn ed25519_from_seed(seed: [u8; 32]) -> Result<PrivateKey, String> {
        use ring::signature::{Ed25519KeyPair, KeyPair};
        let pair = Ed25519KeyPair::from_seed_unchecked(&seed).map_err(|e| e.to_string())?;
        let public: [u8; 32] = pair
            .public_key()
            .as_ref()
            .try_into()
            .map_err(|_| "bad Ed25519 public key")?;
        Ok(PrivateKey::Ed25519 { seed, public })
    }

    /// sprig's DSA key: parameters of L = 2048, N = 256, then a key.
    pub fn generate_dsa() -> Result<PrivateKey, String> {
        let comps = dsa::Components::try_generate_from_rng_with_key_size(
            &mut SysRng,
            dsa::KeySize::DSA_2048_256,
        )
        .map_err(|e| format!("{e:?}"))?;
        let key = dsa::SigningKey::try_generate_from_rng_with_components(&mut SysRng, comps)
            .map_err(|e| format!("{e:?}"))?;
        let vk = key.verifying_key();
        let c = vk.components();
        Ok(PrivateKey::Dsa(vec![
            be(c.p()),
            be(c.q()),
            be(c.g()),
            be(vk.y()),
            be(key.x()),
        ]))
    }

    /// sprig's `pemBlockForKey`: the PEM text Go writes for the key.
    pub fn to_pem(&self) -> String {
        let (typ, der) = self.to_der();
        pem::encode(typ, &der)
    }

    /// (PEM block type, DER) as sprig's `pemBlockForKey` marshals them.
    pub fn to_der(&self) -> (&'static str, Vec<u8>) {
        match self {
            PrivateKey::Rsa(k) => ("RSA PRIVATE KEY", pkcs1_der(k)),
            PrivateKey::Dsa(nums) => {
                let mut parts = vec![der::int(0)];
                parts.extend(nums.iter().map(|n| der::uint(n)));
                let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
                ("DSA PRIVATE KEY", der::seq(&refs))
            }
            PrivateKey::Ec { curve, d, public } => ("EC PRIVATE KEY", sec1_der(*curve, d, public)),
            PrivateKey::Ed25519 { seed, .. } => (
                "PRIVATE KEY",
                der::seq(&[
                    &der::int(0),
                    &der::seq(&[&der::oid(OID_ED25519)]),
                    &der::tlv(der::OCTET_STRING, &der::tlv(der::OCTET_STRING, seed)),
                ]),
            ),
        }
    }

    /// `x509.MarshalPKIXPublicKey`'s parts: (algorithm identifier, public key bits), or Go's
    /// error for a key kind it cannot put in a certificate.
    pub fn public_key_info(&self) -> Result<(Vec<u8>, Vec<u8>), String> {
        match self {
            PrivateKey::Rsa(k) => Ok((
                der::seq(&[&der::oid(OID_RSA), &der::tlv(der::NULL, &[])]),
                der::seq(&[&der::uint(&be(k.n().as_ref())), &der::uint(&be(k.e()))]),
            )),
            PrivateKey::Dsa(_) => {
                Err("x509: unsupported public key type: *dsa.PublicKey".to_string())
            }
            PrivateKey::Ec { curve, public, .. } => Ok((
                der::seq(&[&der::oid(OID_EC), &der::oid(curve.oid())]),
                public.clone(),
            )),
            PrivateKey::Ed25519 { public, .. } => {
                Ok((der::seq(&[&der::oid(OID_ED25519)]), public.to_vec()))
            }
        }
    }

    /// The whole `SubjectPublicKeyInfo`.
    pub fn spki(&self) -> Result<Vec<u8>, String> {
        let (alg, bits) = self.public_key_info()?;
        Ok(der::seq(&[&alg, &der::bit_string(&bits)]))
    }

    /// Whether Go's `crypto.Signer` covers the key (a DSA key is not one).
    pub fn is_signer(&self) -> bool {
        !matches!(self, PrivateKey::Dsa(_))
    }

    /// `signingParamsForKey`: the signature algorithm identifier Go picks for the key.
    pub fn signature_algorithm(&self) -> Result<Vec<u8>, String> {
        Ok(match self {
            PrivateKey::Rsa(_) => der::seq(&[
                &der::oid(&[1, 2, 840, 113549, 1, 1, 11]),
                &der::tlv(der::NULL, &[]),
            ]),
            PrivateKey::Ec { curve, .. } => {
                let last = match curve {
                    Curve::P224 | Curve::P256 => 2,
                    Curve::P384 => 3,
                    Curve::P521 => 4,
                };
                der::seq(&[&der::oid(&[1, 2, 840, 10045, 4, 3, last])])
            }
            PrivateKey::Ed25519 { .. } => der::seq(&[&der::oid(OID_ED25519)]),
            PrivateKey::Dsa(_) => {
                return Err("x509: only RSA, ECDSA and Ed25519 keys supported".into())
            }
        })
    }

    /// Signs `msg` with the algorithm of [`Self::signature_algorithm`].
    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, String> {
        use ring::signature::{self as sig, EcdsaKeyPair, Ed25519KeyPair};
        let rng = SystemRandom::new();
        match self {
            PrivateKey::Rsa(k) => {
                // DigestInfo prefix of SHA-256 (PKCS #1 v1.5).
                const PREFIX: [u8; 19] = [
                    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
                    0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
                ];
                let digest = ring::digest::digest(&ring::digest::SHA256, msg);
                let scheme = rsa::Pkcs1v15Sign {
                    hash_len: Some(32),
                    prefix: PREFIX.to_vec().into_boxed_slice(),
                };
                k.sign(scheme, digest.as_ref()).map_err(|e| e.to_string())
            }
            PrivateKey::Ec { curve, d, public } => {
                let alg = match curve {
                    Curve::P256 => &sig::ECDSA_P256_SHA256_ASN1_SIGNING,
                    Curve::P384 => &sig::ECDSA_P384_SHA384_ASN1_SIGNING,
                    // ring has no P-224 or P-521 (README: differences).
                    _ => return Err("x509: unsupported elliptic curve".into()),
                };
                let pair = EcdsaKeyPair::from_private_key_and_public_key(alg, d, public, &rng)
                    .map_err(|_| "crypto/ecdsa: invalid private key".to_string())?;
                pair.sign(&rng, msg)
                    .map(|s| s.as_ref().to_vec())
                    .map_err(|e| e.to_string())
            }
            PrivateKey::Ed25519 { seed, public } => {
                let pair = Ed25519KeyPair::from_seed_and_public_key(seed, public)
                    .map_err(|e| e.to_string())?;
                Ok(pair.sign(msg).as_ref().to_vec())
            }
            PrivateKey::Dsa(_) => {
                Err("x509: certificate private key does not implement crypto.Signer".into())
            }
        }
    }

    /// sprig's `parsePrivateKeyPEM` (errors without sprig's `parsing private key: `).
    pub fn from_sprig_pem(text: &str) -> Result<PrivateKey, String> {
        let Some((block, _)) = pem::decode(text.as_bytes()) else {
            return Err("no PEM data in input".into());
        };
        if block.typ == "PRIVATE KEY" {
            return parse_pkcs8(&block.bytes).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
        }
        let Some(kind) = block.typ.strip_suffix(" PRIVATE KEY") else {
            return Err(format!(
                "no private key data in PEM block of type {}",
                block.typ
            ));
        };
        match kind {
            "RSA" => parse_pkcs1(&block.bytes)
                .map_err(|e| format!("parsing RSA private key from PEM: {e}")),
            "EC" => parse_sec1(&block.bytes)
                .map_err(|e| format!("parsing EC private key from PEM: {e}")),
            "DSA" => parse_dsa(&block.bytes)
                .map_err(|e| format!("parsing DSA private key from PEM: {e}")),
            _ => Err(format!("invalid private key type {}", block.typ)),
        }
    }

    /// Nomad's `tlsutil.ParseSigner`: a signing key from the first PEM block.
    pub fn from_signer_pem(text: &str) -> Result<PrivateKey, String> {
        let Some((block, _)) = pem::decode(text.as_bytes()) else {
            return Err("no PEM-encoded data found".into());
        };
        match block.typ.as_str() {
            "EC PRIVATE KEY" => parse_sec1(&block.bytes),
            "RSA PRIVATE KEY" => parse_pkcs1(&block.bytes),
            "PRIVATE KEY" => parse_pkcs8(&block.bytes),
            t => Err(format!("unknown PEM block type for signing key: {t}")),
        }
    }
}

fn pkcs1_der(k: &rsa::PrivateKey) -> Vec<u8> {
    let d = k.d();
    let primes = k.primes();
    let p = primes.first().map(|p| be(p.as_ref())).unwrap_or_default();
    let q = primes.get(1).map(|q| be(q.as_ref())).unwrap_or_default();
    let dp = k.dp().map(be).unwrap_or_default();
    let dq = k.dq().map(be).unwrap_or_default();
    let qinv = k.crt_coefficient().map(|c| be(&c)).unwrap_or_default();
    der::seq(&[
        &der::int(0),
        &der::uint(&be(k.n().as_ref())),
        &der::uint(&be(k.e())),
        &der::uint(&be(d)),
        &der::uint(&p),
        &der::uint(&q),
        &der::uint(&dp),
        &der::uint(&dq),
        &der::uint(&qinv),
    ])
}

/// `x509.MarshalECPrivateKey`: version 1, the scalar padded to the curve's size, the curve
/// and the public point.
fn sec1_der(curve: Curve, d: &[u8], public: &[u8]) -> Vec<u8> {
    let mut scalar = vec![0u8; curve.size().saturating_sub(d.len())];
    scalar.extend_from_slice(d);
    der::seq(&[
        &der::int(1),
        &der::tlv(der::OCTET_STRING, &scalar),
        &der::tlv(der::context(0, true), &der::oid(curve.oid())),
        &der::tlv(der::context(1, true), &der::bit_string(public)),
    ])
}

/// The first OCTET STRING of `len` bytes anywhere in `data` (the scalar in ring's PKCS #8).
fn find_ec_scalar(data: &[u8], len: usize) -> Option<Vec<u8>> {
    let mut r = Reader::new(data);
    while let Some((tag, content, _)) = r.read_any() {
        if tag == der::OCTET_STRING && content.len() == len {
            return Some(content.to_vec());
        }
        if tag & 0x20 != 0 || tag == der::OCTET_STRING {
            if let Some(found) = find_ec_scalar(content, len) {
                return Some(found);
            }
        }
    }
    None
}

const PKCS1: &Shape = &Shape::Struct(
    "pkcs1PrivateKey",
    &[
        Shape::Int,
        Shape::BigInt,
        Shape::Int,
        Shape::BigInt,
        Shape::BigInt,
        Shape::BigInt,
        Shape::Optional(&Shape::BigInt),
        Shape::Optional(&Shape::BigInt),
        Shape::Optional(&Shape::BigInt),
    ],
);
const SEC1: &Shape = &Shape::Struct(
    "ecPrivateKey",
    &[
        Shape::Int,
        Shape::Bytes,
        Shape::Optional(&Shape::Explicit(0)),
        Shape::Optional(&Shape::Explicit(1)),
    ],
);
const PKCS8: &Shape = &Shape::Struct(
    "pkcs8",
    &[Shape::Int, Shape::AlgorithmIdentifier, Shape::Bytes],
);
const DSA: &Shape = &Shape::Struct(
    "DSAKeyFormat",
    &[
        Shape::Int,
        Shape::BigInt,
        Shape::BigInt,
        Shape::BigInt,
        Shape::BigInt,
        Shape::BigInt,
    ],
);

/// The elements of a SEQUENCE that matched its shape.
fn elements(der_bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut r = Reader::new(der_bytes);
    if let Some(body) = r.read(der::SEQUENCE) {
        let mut inner = Reader::new(body);
        while let Some((_, c, _)) = inner.read_any() {
            out.push(c);
        }
    }
    out
}

/// A big integer's magnitude; Go's error when it is zero or negative.
fn positive(c: &[u8]) -> Result<Vec<u8>, String> {
    if c.first().is_none_or(|b| b & 0x80 != 0) || c.iter().all(|b| *b == 0) {
        return Err("x509: private key contains zero or negative value".into());
    }
    Ok(c.iter().skip_while(|b| **b == 0).copied().collect())
}

/// `x509.ParsePKCS1PrivateKey`.
fn parse_pkcs1(b: &[u8]) -> Result<PrivateKey, String> {
    match asn1::unmarshal(b, PKCS1) {
        Ok(rest) if !rest.is_empty() => return Err("asn1: syntax error: trailing data".into()),
        Ok(_) => {}
        Err(e) => {
            if asn1::unmarshal(b, SEC1).is_ok() {
                return Err("x509: failed to parse private key (use ParseECPrivateKey instead for this key format)".into());
            }
            if asn1::unmarshal(b, PKCS8).is_ok() {
                return Err("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)".into());
            }
            return Err(e);
        }
    }
    let f = elements(b);
    let version = asn1::int_value(f[0]);
    if version > 1 {
        return Err("x509: unsupported private key version".into());
    }
    let n = positive(f[1])?;
    let d = positive(f[3])?;
    let p = positive(f[4])?;
    let q = positive(f[5])?;
    for extra in f.iter().skip(6).take(3) {
        positive(extra)?;
    }
    let e = asn1::int_value(f[2]);
    if e <= 0 {
        return Err("crypto/rsa: invalid public exponent".into());
    }
    let key = rsa::PrivateKey::from_components(
        boxed(&n),
        boxed(&(e as u64).to_be_bytes()),
        boxed(&d),
        vec![boxed(&p), boxed(&q)],
    )
    .map_err(|_| "crypto/rsa: invalid CRT coefficient".to_string())?;
    Ok(PrivateKey::Rsa(Box::new(key)))
}

/// `x509.ParseECPrivateKey` (`curve` given when the key came wrapped in PKCS #8).
fn parse_sec1_with(b: &[u8], curve: Option<Curve>) -> Result<PrivateKey, String> {
    if let Err(e) = asn1::unmarshal(b, SEC1) {
        if asn1::unmarshal(b, PKCS8).is_ok() {
            return Err("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)".into());
        }
        if asn1::unmarshal(b, PKCS1).is_ok() {
            return Err("x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)".into());
        }
        return Err(format!("x509: failed to parse EC private key: {e}"));
    }
    let mut r = Reader::new(b);
    let body = r.read(der::SEQUENCE).unwrap_or_default();
    let mut r = Reader::new(body);
    let version = r.read_i64().unwrap_or(0);
    if version != 1 {
        return Err(format!("x509: unknown EC private key version {version}"));
    }
    let mut scalar = r.read(der::OCTET_STRING).unwrap_or_default();
    let named = r
        .read(der::context(0, true))
        .and_then(|c| Reader::new(c).read(der::OID))
        .and_then(der::parse_oid);
    let public = r
        .read(der::context(1, true))
        .and_then(|c| Reader::new(c).read_bit_string())
        .map(|(bits, _)| bits.to_vec());
    let curve = match curve {
        Some(c) => c,
        None => named
            .as_deref()
            .and_then(Curve::from_oid)
            .ok_or("x509: unknown elliptic curve")?,
    };
    while scalar.len() > curve.size() {
        if scalar[0] != 0 {
            return Err("x509: invalid private key length".into());
        }
        scalar = &scalar[1..];
    }
    let mut d = vec![0u8; curve.size() - scalar.len()];
    d.extend_from_slice(scalar);
    // ring computes no public point from a scalar: the key must carry it, as Go's do.
    let public = public.ok_or("crypto/ecdsa: invalid private key")?;
    Ok(PrivateKey::Ec { curve, d, public })
}

fn parse_sec1(b: &[u8]) -> Result<PrivateKey, String> {
    parse_sec1_with(b, None)
}

/// `x509.ParsePKCS8PrivateKey`.
fn parse_pkcs8(b: &[u8]) -> Result<PrivateKey, String> {
    if let Err(e) = asn1::unmarshal(b, PKCS8) {
        if asn1::unmarshal(b, SEC1).is_ok() {
            return Err("x509: failed to parse private key (use ParseECPrivateKey instead for this key format)".into());
        }
        if asn1::unmarshal(b, PKCS1).is_ok() {
            return Err("x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)".into());
        }
        return Err(e);
    }
    let f = elements(b);
    let mut ai = Reader::new(f[1]);
    let alg = ai
        .read(der::OID)
        .and_then(der::parse_oid)
        .unwrap_or_default();
    let params = ai.data;
    let inner = f[2];
    match alg.as_slice() {
        a if a == OID_RSA => parse_pkcs1(inner)
            .map_err(|e| format!("x509: failed to parse RSA private key embedded in PKCS#8: {e}")),
        a if a == OID_EC => {
            let curve = Reader::new(params)
                .read(der::OID)
                .and_then(der::parse_oid)
                .and_then(|o| Curve::from_oid(&o));
            parse_sec1_with(inner, curve).map_err(|e| {
                format!("x509: failed to parse EC private key embedded in PKCS#8: {e}")
            })
        }
        a if a == OID_ED25519 => {
            if !params.is_empty() {
                return Err("x509: invalid Ed25519 private key parameters".into());
            }
            let seed = Reader::new(inner).read(der::OCTET_STRING).ok_or(
                "x509: invalid Ed25519 private key: asn1: structure error: tags don't match",
            )?;
            let seed: [u8; 32] = seed
                .try_into()
                .map_err(|_| format!("x509: invalid Ed25519 private key length: {}", seed.len()))?;
            PrivateKey::ed25519_from_seed(seed)
        }
        a => Err(format!(
            "x509: PKCS#8 wrapping contained private key with unknown algorithm: {}",
            der::oid_string(a)
        )),
    }
}

/// sprig's DSA form: version, P, Q, G, Y, X.
fn parse_dsa(b: &[u8]) -> Result<PrivateKey, String> {
    asn1::unmarshal(b, DSA)?;
    let f = elements(b);
    Ok(PrivateKey::Dsa(
        f[1..6]
            .iter()
            .map(|c| c.iter().skip_while(|x| **x == 0).copied().collect())
            .collect(),
    ))
}
