//! sprig's hashing, random, password-derivation and AES functions: `sha1sum`, `sha256sum`,
//! `sha512sum`, `adler32sum`, `randBytes`, `uuidv4`, `derivePassword` (scrypt + HMAC-SHA256,
//! the Master Password algorithm) and `encryptAES`/`decryptAES` (AES-256-CBC, PKCS#7
//! padding, random IV in front, base64).

use super::super::funcs::Imp;
use super::super::value::{new_struct, Named, Value, STRING};
use super::encoding::{base64_decode, base64_encode};
use super::{int_arg, str_arg};
use std::sync::OnceLock;

/// sprig's `certificate` struct (`Cert`, `Key`: PEM text).
pub fn certificate_type() -> &'static Named {
    static T: OnceLock<&'static Named> = OnceLock::new();
    T.get_or_init(|| new_struct("sprig.certificate", vec![("Cert", STRING), ("Key", STRING)]))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn digest(alg: &'static ring::digest::Algorithm, s: &str) -> String {
    hex(ring::digest::digest(alg, s.as_bytes()).as_ref())
}

/// `hash/adler32.Checksum`.
fn adler32(b: &[u8]) -> u32 {
    let (mut a, mut s) = (1u32, 0u32);
    for chunk in b.chunks(5552) {
        for x in chunk {
            a += *x as u32;
            s += a;
        }
        a %= 65521;
        s %= 65521;
    }
    (s << 16) | a
}

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        ("sha1sum", "func(string) string", |a| {
            Ok(Value::string(digest(
                &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
                str_arg(a, 0),
            )))
        }),
        ("sha256sum", "func(string) string", |a| {
            Ok(Value::string(digest(&ring::digest::SHA256, str_arg(a, 0))))
        }),
        ("sha512sum", "func(string) string", |a| {
            Ok(Value::string(digest(&ring::digest::SHA512, str_arg(a, 0))))
        }),
        ("adler32sum", "func(string) string", |a| {
            Ok(Value::string(adler32(str_arg(a, 0).as_bytes()).to_string()))
        }),
        ("randBytes", "func(int) (string, error)", |a| {
            let n = int_arg(a, 0);
            if n < 0 {
                return Err("runtime error: makeslice: len out of range".into());
            }
            Ok(Value::string(base64_encode(&random_bytes(n as usize))))
        }),
        ("uuidv4", "func() string", |_| Ok(Value::string(uuid_v4()))),
        (
            "derivePassword",
            "func(uint32, string, string, string, string) string",
            |a| {
                let counter = match a.first() {
                    Some(Value::Uint(u, _)) => *u as u32,
                    _ => 0,
                };
                Ok(Value::string(derive_password(
                    counter,
                    str_arg(a, 1),
                    str_arg(a, 2),
                    str_arg(a, 3),
                    str_arg(a, 4),
                )))
            },
        ),
        ("encryptAES", "func(string, string) (string, error)", |a| {
            let plain = str_arg(a, 1);
            if plain.is_empty() {
                return Ok(Value::str(""));
            }
            let iv: [u8; 16] = random_bytes(16).try_into().unwrap_or([0; 16]);
            Ok(Value::string(base64_encode(&encrypt_cbc(
                &aes_key(str_arg(a, 0)),
                iv,
                plain.as_bytes(),
            ))))
        }),
        ("decryptAES", "func(string, string) (string, error)", |a| {
            let text = str_arg(a, 1);
            if text.is_empty() {
                return Ok(Value::str(""));
            }
            let crypt = base64_decode(text)?;
            let plain = decrypt_cbc(&aes_key(str_arg(a, 0)), &crypt)?;
            Ok(Value::string(String::from_utf8_lossy(&plain).into_owned()))
        }),
    ]
}

/// Random bytes from the system's secure source (Go's `crypto/rand`).
pub fn random_bytes(n: usize) -> Vec<u8> {
    use ring::rand::SecureRandom;
    let mut b = vec![0u8; n];
    // The system source does not fail on Linux; zeros would only weaken randomness, never
    // crash a template.
    let _ = ring::rand::SystemRandom::new().fill(&mut b);
    b
}

/// A uniform random number below `n` (`n > 0`), without modulo bias.
pub fn random_below(n: u64) -> u64 {
    if n <= 1 {
        return 0;
    }
    let zone = u64::MAX - u64::MAX % n;
    loop {
        let b = random_bytes(8);
        let x = u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        if x < zone {
            return x % n;
        }
    }
}

/// google/uuid's `New().String()`: a random (version 4, RFC 4122 variant) UUID.
fn uuid_v4() -> String {
    let mut b = random_bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

// ---------------------------------------------------------------------------
// derivePassword: Master Password over scrypt

const TEMPLATES: &[(&str, &[&str])] = &[
    ("maximum", &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"]),
    (
        "long",
        &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
    ),
    ("medium", &["CvcnoCvc", "CvcCvcno"]),
    ("short", &["Cvcn"]),
    ("basic", &["aaanaaan", "aannaaan", "aaannaaa"]),
    ("pin", &["nnnn"]),
];

fn template_chars(c: u8) -> &'static [u8] {
    match c {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        b'x' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
        _ => b"",
    }
}

fn derive_password(counter: u32, kind: &str, password: &str, user: &str, site: &str) -> String {
    let Some((_, templates)) = TEMPLATES.iter().find(|(k, _)| *k == kind) else {
        return format!("cannot find password template {kind}");
    };
    const SEED: &[u8] = b"com.lyndir.masterpassword";
    let mut salt = SEED.to_vec();
    salt.extend_from_slice(&(user.len() as u32).to_be_bytes());
    salt.extend_from_slice(user.as_bytes());
    let key = scrypt(password.as_bytes(), &salt, 32768, 8, 2, 64);
    let mut msg = SEED.to_vec();
    msg.extend_from_slice(&(site.len() as u32).to_be_bytes());
    msg.extend_from_slice(site.as_bytes());
    msg.extend_from_slice(&counter.to_be_bytes());
    let k = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key);
    let seed = ring::hmac::sign(&k, &msg);
    let seed = seed.as_ref();
    let temp = templates[seed[0] as usize % templates.len()].as_bytes();
    temp.iter()
        .enumerate()
        .map(|(i, c)| {
            let chars = template_chars(*c);
            chars[seed[i + 1] as usize % chars.len()] as char
        })
        .collect()
}

fn pbkdf2_sha256(password: &[u8], salt: &[u8], out: &mut [u8]) {
    let one = std::num::NonZeroU32::MIN;
    ring::pbkdf2::derive(ring::pbkdf2::PBKDF2_HMAC_SHA256, one, salt, password, out);
}

fn salsa20_8(b: &mut [u32; 16]) {
    let mut x = *b;
    for _ in 0..4 {
        macro_rules! q {
            ($a:expr, $b:expr, $c:expr, $d:expr) => {
                x[$b] ^= x[$a].wrapping_add(x[$d]).rotate_left(7);
                x[$c] ^= x[$b].wrapping_add(x[$a]).rotate_left(9);
                x[$d] ^= x[$c].wrapping_add(x[$b]).rotate_left(13);
                x[$a] ^= x[$d].wrapping_add(x[$c]).rotate_left(18);
            };
        }
        q!(0, 4, 8, 12);
        q!(5, 9, 13, 1);
        q!(10, 14, 2, 6);
        q!(15, 3, 7, 11);
        q!(0, 1, 2, 3);
        q!(5, 6, 7, 4);
        q!(10, 11, 8, 9);
        q!(15, 12, 13, 14);
    }
    for i in 0..16 {
        b[i] = b[i].wrapping_add(x[i]);
    }
}

fn block_mix(b: &[u32], y: &mut [u32], r: usize) {
    let mut x: [u32; 16] = b[(2 * r - 1) * 16..2 * r * 16]
        .try_into()
        .unwrap_or([0; 16]);
    for i in 0..2 * r {
        for j in 0..16 {
            x[j] ^= b[i * 16 + j];
        }
        salsa20_8(&mut x);
        let at = if i % 2 == 0 { i / 2 } else { r + i / 2 } * 16;
        y[at..at + 16].copy_from_slice(&x);
    }
}

/// scrypt (RFC 7914).
fn scrypt(password: &[u8], salt: &[u8], n: usize, r: usize, p: usize, len: usize) -> Vec<u8> {
    let words = 32 * r;
    let mut b = vec![0u8; p * 128 * r];
    pbkdf2_sha256(password, salt, &mut b);
    let mut v = vec![0u32; n * words];
    for chunk in b.chunks_mut(128 * r) {
        let mut x: Vec<u32> = chunk
            .chunks(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mut y = vec![0u32; words];
        for i in 0..n {
            v[i * words..(i + 1) * words].copy_from_slice(&x);
            block_mix(&x, &mut y, r);
            std::mem::swap(&mut x, &mut y);
        }
        for _ in 0..n {
            let j = x[(2 * r - 1) * 16] as usize & (n - 1);
            for k in 0..words {
                x[k] ^= v[j * words + k];
            }
            block_mix(&x, &mut y, r);
            std::mem::swap(&mut x, &mut y);
        }
        for (c, w) in chunk.chunks_mut(4).zip(x.iter()) {
            c.copy_from_slice(&w.to_le_bytes());
        }
    }
    let mut out = vec![0u8; len];
    pbkdf2_sha256(password, &b, &mut out);
    out
}

// ---------------------------------------------------------------------------
// AES-256-CBC

/// sprig's key: the password's bytes, zero-padded or cut to 32.
fn aes_key(password: &str) -> [u8; 32] {
    let mut k = [0u8; 32];
    let p = password.as_bytes();
    let n = p.len().min(32);
    k[..n].copy_from_slice(&p[..n]);
    k
}

struct Tables {
    sbox: [u8; 256],
    inv: [u8; 256],
}

fn xtime(x: u8) -> u8 {
    (x << 1) ^ if x & 0x80 != 0 { 0x1b } else { 0 }
}

fn gmul(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0;
    while b != 0 {
        if b & 1 != 0 {
            p ^= a;
        }
        a = xtime(a);
        b >>= 1;
    }
    p
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut sbox = [0u8; 256];
        let mut inv = [0u8; 256];
        for (i, slot) in sbox.iter_mut().enumerate() {
            // Multiplicative inverse in GF(2^8), then the affine transform.
            let x = if i == 0 {
                0
            } else {
                (1..=255u8).find(|y| gmul(i as u8, *y) == 1).unwrap_or(0)
            };
            let s = x
                ^ x.rotate_left(1)
                ^ x.rotate_left(2)
                ^ x.rotate_left(3)
                ^ x.rotate_left(4)
                ^ 0x63;
            *slot = s;
            inv[s as usize] = i as u8;
        }
        Tables { sbox, inv }
    })
}

fn expand_key(key: &[u8; 32]) -> [[u8; 16]; 15] {
    let t = tables();
    let mut w = [[0u8; 4]; 60];
    for i in 0..8 {
        w[i].copy_from_slice(&key[4 * i..4 * i + 4]);
    }
    let mut rcon = 1u8;
    for i in 8..60 {
        let mut tmp = w[i - 1];
        if i % 8 == 0 {
            tmp.rotate_left(1);
            for b in tmp.iter_mut() {
                *b = t.sbox[*b as usize];
            }
            tmp[0] ^= rcon;
            rcon = xtime(rcon);
        } else if i % 8 == 4 {
            for b in tmp.iter_mut() {
                *b = t.sbox[*b as usize];
            }
        }
        for k in 0..4 {
            w[i][k] = w[i - 8][k] ^ tmp[k];
        }
    }
    let mut rk = [[0u8; 16]; 15];
    for (r, k) in rk.iter_mut().enumerate() {
        for c in 0..4 {
            k[4 * c..4 * c + 4].copy_from_slice(&w[4 * r + c]);
        }
    }
    rk
}

fn add_round_key(s: &mut [u8; 16], k: &[u8; 16]) {
    for i in 0..16 {
        s[i] ^= k[i];
    }
}

fn shift_rows(s: &mut [u8; 16], inverse: bool) {
    let old = *s;
    for c in 0..4 {
        for r in 0..4 {
            let from = if inverse {
                (c + 4 - r) % 4
            } else {
                (c + r) % 4
            };
            s[4 * c + r] = old[4 * from + r];
        }
    }
}

fn mix_columns(s: &mut [u8; 16], inverse: bool) {
    let m: [u8; 4] = if inverse {
        [14, 11, 13, 9]
    } else {
        [2, 3, 1, 1]
    };
    for c in 0..4 {
        let col = [s[4 * c], s[4 * c + 1], s[4 * c + 2], s[4 * c + 3]];
        for r in 0..4 {
            s[4 * c + r] = (0..4).fold(0, |acc, k| acc ^ gmul(col[(r + k) % 4], m[k]));
        }
    }
}

fn encrypt_block(rk: &[[u8; 16]; 15], b: &mut [u8; 16]) {
    let t = tables();
    add_round_key(b, &rk[0]);
    for (r, k) in rk.iter().enumerate().skip(1) {
        for x in b.iter_mut() {
            *x = t.sbox[*x as usize];
        }
        shift_rows(b, false);
        if r != 14 {
            mix_columns(b, false);
        }
        add_round_key(b, k);
    }
}

fn decrypt_block(rk: &[[u8; 16]; 15], b: &mut [u8; 16]) {
    let t = tables();
    add_round_key(b, &rk[14]);
    for r in (0..14).rev() {
        shift_rows(b, true);
        for x in b.iter_mut() {
            *x = t.inv[*x as usize];
        }
        add_round_key(b, &rk[r]);
        if r != 0 {
            mix_columns(b, true);
        }
    }
}

fn encrypt_cbc(key: &[u8; 32], iv: [u8; 16], plain: &[u8]) -> Vec<u8> {
    let rk = expand_key(key);
    let pad = 16 - plain.len() % 16;
    let mut content = plain.to_vec();
    content.extend(std::iter::repeat_n(pad as u8, pad));
    let mut out = iv.to_vec();
    let mut prev = iv;
    for chunk in content.chunks(16) {
        let mut b = [0u8; 16];
        for i in 0..16 {
            b[i] = chunk[i] ^ prev[i];
        }
        encrypt_block(&rk, &mut b);
        out.extend_from_slice(&b);
        prev = b;
    }
    out
}

/// Go's CBC decrypter and sprig's unpadding, with the panics Go raises on bad input.
fn decrypt_cbc(key: &[u8; 32], crypt: &[u8]) -> Result<Vec<u8>, String> {
    if crypt.len() < 16 {
        return Err(format!(
            "runtime error: slice bounds out of range [:16] with capacity {}",
            crypt.len()
        ));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err("crypto/cipher: input not full blocks".into());
    }
    let rk = expand_key(key);
    let mut prev: [u8; 16] = iv.try_into().unwrap_or([0; 16]);
    let mut out = Vec::with_capacity(body.len());
    for chunk in body.chunks(16) {
        let mut b: [u8; 16] = chunk.try_into().unwrap_or([0; 16]);
        let c = b;
        decrypt_block(&rk, &mut b);
        for i in 0..16 {
            out.push(b[i] ^ prev[i]);
        }
        prev = c;
    }
    let Some(&last) = out.last() else {
        return Err("runtime error: index out of range [-1]".into());
    };
    let n = out.len();
    let cut = last as usize;
    if cut > n {
        return Err(format!(
            "runtime error: slice bounds out of range [:{}]",
            n as i64 - cut as i64
        ));
    }
    out.truncate(n - cut);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aes_matches_fips_197() {
        // FIPS-197 C.3: AES-256.
        let key: Vec<u8> = (0u8..32).collect();
        let rk = expand_key(&key.try_into().unwrap());
        let mut b: [u8; 16] = [
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
            0xee, 0xff,
        ];
        encrypt_block(&rk, &mut b);
        assert_eq!(hex(&b), "8ea2b7ca516745bfeafc49904b496089");
        decrypt_block(&rk, &mut b);
        assert_eq!(hex(&b), "00112233445566778899aabbccddeeff");
        let k = aes_key("secret");
        let c = encrypt_cbc(&k, [7; 16], b"hello");
        assert_eq!(decrypt_cbc(&k, &c).unwrap(), b"hello");
    }

    #[test]
    fn scrypt_matches_rfc_7914() {
        let out = scrypt(b"password", b"NaCl", 1024, 8, 16, 64);
        assert_eq!(
            hex(&out),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        );
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }
}
