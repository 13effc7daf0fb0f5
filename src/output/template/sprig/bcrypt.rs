//! sprig's `bcrypt` and `htpasswd`: golang.org/x/crypto/bcrypt's `GenerateFromPassword` at the
//! default cost (10), `$2a$` hashes with a random salt. Blowfish's initial P-array and S-boxes
//! are the hexadecimal digits of π; they are computed once (Machin's formula in fixed point)
//! rather than carried as 4 KiB of constants.

use super::super::funcs::Imp;
use super::super::value::Value;
use super::str_arg;
use std::sync::OnceLock;

const COST: u32 = 10;
const ALPHABET: &[u8; 64] = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        ("bcrypt", "func(string) string", |a| {
            Ok(Value::string(generate(str_arg(a, 0).as_bytes())))
        }),
        ("htpasswd", "func(string, string) string", |a| {
            let user = str_arg(a, 0);
            if user.contains(':') {
                return Ok(Value::string(format!("invalid username: {user}")));
            }
            Ok(Value::string(format!(
                "{user}:{}",
                generate(str_arg(a, 1).as_bytes())
            )))
        }),
    ]
}

/// sprig's `bcrypt`: the hash, or its error text in place of a hash.
fn generate(password: &[u8]) -> String {
    if password.len() > 72 {
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
            .into();
    }
    let salt: [u8; 16] = super::crypto::random_bytes(16)
        .try_into()
        .unwrap_or([0; 16]);
    hash(password, COST, &salt)
}

/// `$2a$<cost>$<salt><hash>` for a 16-byte salt.
pub fn hash(password: &[u8], cost: u32, salt: &[u8; 16]) -> String {
    let mut key = password.to_vec();
    // Like C bcrypt, the key includes its terminating NUL.
    key.push(0);
    let mut c = Blowfish::initial();
    c.expand(&key, Some(salt));
    for _ in 0..1u64 << cost {
        c.expand(&key, None);
        c.expand(salt, None);
    }
    let mut data = *b"OrpheanBeholderScryDoubt";
    for block in data.chunks_mut(8) {
        let mut l = u32::from_be_bytes([block[0], block[1], block[2], block[3]]);
        let mut r = u32::from_be_bytes([block[4], block[5], block[6], block[7]]);
        for _ in 0..64 {
            (l, r) = c.encrypt(l, r);
        }
        block[..4].copy_from_slice(&l.to_be_bytes());
        block[4..].copy_from_slice(&r.to_be_bytes());
    }
    // Only 23 of the 24 bytes are encoded, as C bcrypt does.
    format!("$2a${cost:02}${}{}", encode(salt), encode(&data[..23]))
}

/// bcrypt's unpadded base64 with its own alphabet.
fn encode(b: &[u8]) -> String {
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, x)| acc | (*x as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[derive(Clone)]
struct Blowfish {
    p: [u32; 18],
    s: [[u32; 256]; 4],
}

/// Cycles through `b` four bytes at a time (Go's `getNextWord`).
fn next_word(b: &[u8], j: &mut usize) -> u32 {
    let mut w = 0u32;
    for _ in 0..4 {
        w = w << 8 | b[*j] as u32;
        *j = (*j + 1) % b.len();
    }
    w
}

impl Blowfish {
    fn initial() -> Blowfish {
        static INIT: OnceLock<Blowfish> = OnceLock::new();
        INIT.get_or_init(|| {
            let words = pi_words(18 + 4 * 256);
            let mut c = Blowfish {
                p: [0; 18],
                s: [[0; 256]; 4],
            };
            c.p.copy_from_slice(&words[..18]);
            for (k, sbox) in c.s.iter_mut().enumerate() {
                sbox.copy_from_slice(&words[18 + 256 * k..18 + 256 * (k + 1)]);
            }
            c
        })
        .clone()
    }

    fn f(&self, x: u32) -> u32 {
        let [a, b, c, d] = x.to_be_bytes();
        (self.s[0][a as usize].wrapping_add(self.s[1][b as usize]) ^ self.s[2][c as usize])
            .wrapping_add(self.s[3][d as usize])
    }

    fn encrypt(&self, l: u32, r: u32) -> (u32, u32) {
        let (mut xl, mut xr) = (l, r);
        xl ^= self.p[0];
        for i in (1..17).step_by(2) {
            xr ^= self.f(xl) ^ self.p[i];
            xl ^= self.f(xr) ^ self.p[i + 1];
        }
        xr ^= self.p[17];
        (xr, xl)
    }

    /// Go's `ExpandKey` (`salt: None`) and `expandKeyWithSalt`.
    fn expand(&mut self, key: &[u8], salt: Option<&[u8; 16]>) {
        let mut j = 0;
        for i in 0..18 {
            self.p[i] ^= next_word(key, &mut j);
        }
        let mut j = 0;
        let (mut l, mut r) = (0u32, 0u32);
        let mut step = |c: &Blowfish, l: &mut u32, r: &mut u32| {
            if let Some(s) = salt {
                *l ^= next_word(s, &mut j);
                *r ^= next_word(s, &mut j);
            }
            (*l, *r) = c.encrypt(*l, *r);
        };
        for i in (0..18).step_by(2) {
            step(self, &mut l, &mut r);
            self.p[i] = l;
            self.p[i + 1] = r;
        }
        for k in 0..4 {
            for i in (0..256).step_by(2) {
                step(self, &mut l, &mut r);
                self.s[k][i] = l;
                self.s[k][i + 1] = r;
            }
        }
    }
}

/// The first `n` 32-bit words of π's fractional part in hexadecimal, by Machin's formula
/// π = 16·atan(1/5) − 4·atan(1/239) in fixed point with guard words.
fn pi_words(n: usize) -> Vec<u32> {
    let len = n + 3;
    let a = atan_inv(5, len);
    let b = atan_inv(239, len);
    // 16a - 4b
    let mut pi = mul_small(&a, 16);
    let b4 = mul_small(&b, 4);
    sub_in_place(&mut pi, &b4);
    pi[1..=n].to_vec()
}

/// atan(1/x) as a fixed-point number: word 0 is the integer part, `len` fraction words.
fn atan_inv(x: u32, len: usize) -> Vec<u32> {
    let mut one = vec![0u32; len + 1];
    one[0] = 1;
    let mut power = div_small(&one, x); // 1/x^(2k+1)
    let mut sum = power.clone();
    let x2 = x * x;
    let mut k: u32 = 1;
    loop {
        power = div_small(&power, x2);
        if power.iter().all(|w| *w == 0) {
            break;
        }
        let term = div_small(&power, 2 * k + 1);
        if k % 2 == 1 {
            sub_in_place(&mut sum, &term);
        } else {
            add_in_place(&mut sum, &term);
        }
        k += 1;
    }
    sum
}

fn div_small(a: &[u32], d: u32) -> Vec<u32> {
    let mut out = vec![0u32; a.len()];
    let mut rem = 0u64;
    for (i, w) in a.iter().enumerate() {
        let cur = rem << 32 | *w as u64;
        out[i] = (cur / d as u64) as u32;
        rem = cur % d as u64;
    }
    out
}

fn mul_small(a: &[u32], m: u32) -> Vec<u32> {
    let mut out = vec![0u32; a.len()];
    let mut carry = 0u64;
    for i in (0..a.len()).rev() {
        let cur = a[i] as u64 * m as u64 + carry;
        out[i] = cur as u32;
        carry = cur >> 32;
    }
    out
}

fn add_in_place(a: &mut [u32], b: &[u32]) {
    let mut carry = 0u64;
    for i in (0..a.len()).rev() {
        let cur = a[i] as u64 + b[i] as u64 + carry;
        a[i] = cur as u32;
        carry = cur >> 32;
    }
}

fn sub_in_place(a: &mut [u32], b: &[u32]) {
    let mut borrow = 0i64;
    for i in (0..a.len()).rev() {
        let mut cur = a[i] as i64 - b[i] as i64 - borrow;
        borrow = 0;
        if cur < 0 {
            cur += 1 << 32;
            borrow = 1;
        }
        a[i] = cur as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blowfish_tables_are_pi() {
        let c = Blowfish::initial();
        assert_eq!(c.p[0], 0x243F_6A88);
        assert_eq!(c.p[17], 0x8979_FB1B);
        assert_eq!(c.s[0][0], 0xD131_0BA6);
        assert_eq!(c.s[3][255], 0x3AC3_72E6);
    }

    /// bcrypt's base64 back to bytes (the salt of a recorded hash).
    fn decode(s: &str) -> Vec<u8> {
        let vals: Vec<u32> = s
            .bytes()
            .map(|c| ALPHABET.iter().position(|a| *a == c).unwrap() as u32)
            .collect();
        let mut out = Vec::new();
        for chunk in vals.chunks(4) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, v)| acc | v << (18 - 6 * i));
            for i in 0..chunk.len() - 1 {
                out.push((n >> (16 - 8 * i)) as u8);
            }
        }
        out
    }

    #[test]
    fn hashes_match_go() {
        // Made by golang.org/x/crypto/bcrypt.GenerateFromPassword (the salt is taken back).
        for (pw, want) in [
            (
                "hunter2",
                "$2a$10$t9Q9yYgH.QCRJ3IoVk3P4O/Yz3JeK8W4NEUEl.Rd3eDJvmIgvofSK",
            ),
            (
                "",
                "$2a$04$f7QNABMJyN8vYwHELYJNSec.ZaVirdcOAKUql53dSwdXu5BWpeeWO",
            ),
        ] {
            let cost: u32 = want[4..6].parse().unwrap();
            let salt: [u8; 16] = decode(&want[7..29]).try_into().unwrap();
            assert_eq!(hash(pw.as_bytes(), cost, &salt), want);
        }
        assert!(generate(&[b'x'; 73]).starts_with("failed to encrypt"));
        assert_eq!(generate(b"pw").len(), 60);
    }
}
