//! sprig's `b64enc`/`b64dec`/`b32enc`/`b32dec`, with Go's `encoding/base64` and
//! `encoding/base32` rules (standard alphabets, padding required, `\r` and `\n` ignored) and
//! error texts (`illegal base64 data at input byte 4`): decoding is Go's own because the
//! base64 crate reports other offsets for bad input.

use super::super::funcs::Imp;
use super::super::value::Value;
use super::str_arg;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `base64.StdEncoding.EncodeToString` (the base64 crate: one encoder for every `[]byte`).
pub fn base64_encode(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// `base32.StdEncoding.EncodeToString`.
pub fn base32_encode(b: &[u8]) -> String {
    encode(b, B32, 5)
}

/// Padded base32 (the base64 crate has no base32).
fn encode(b: &[u8], alphabet: &[u8], bits: u32) -> String {
    let group_bytes = 5;
    let group_chars = 8;
    let mut out = String::with_capacity(b.len().div_ceil(group_bytes) * group_chars);
    for chunk in b.chunks(group_bytes) {
        let mut acc: u64 = 0;
        for i in 0..group_bytes {
            acc = (acc << 8) | *chunk.get(i).unwrap_or(&0) as u64;
        }
        let used = (chunk.len() * 8).div_ceil(bits as usize);
        for i in 0..group_chars {
            if i < used {
                let shift = (group_chars - 1 - i) as u32 * bits;
                out.push(alphabet[((acc >> shift) & ((1 << bits) - 1)) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `base64.StdEncoding.DecodeString`, with Go's error text on bad input.
pub fn base64_decode(s: &str) -> Result<Vec<u8>, String> {
    decode(s, B64, 6).map_err(|at| format!("illegal base64 data at input byte {at}"))
}

/// `base32.StdEncoding.DecodeString`.
pub fn base32_decode(s: &str) -> Result<Vec<u8>, String> {
    decode(s, B32, 5).map_err(|at| format!("illegal base32 data at input byte {at}"))
}

/// Strict padded decoding; the error is the offset of the first bad byte, counted in the
/// input with newlines (Go skips `\r` and `\n` but reports offsets in the original).
fn decode(s: &str, alphabet: &[u8], bits: u32) -> Result<Vec<u8>, usize> {
    let group = if bits == 6 { 4 } else { 8 };
    // (byte, original offset) without newlines.
    let input: Vec<(u8, usize)> = s
        .bytes()
        .enumerate()
        .filter(|(_, c)| *c != b'\r' && *c != b'\n')
        .map(|(i, c)| (c, i))
        .collect();
    let mut out = Vec::with_capacity(input.len() * bits as usize / 8);
    let mut i = 0;
    while i < input.len() {
        let mut acc: u64 = 0;
        let mut n = 0;
        let mut j = 0;
        while j < group {
            let Some(&(c, at)) = input.get(i + j) else {
                // A truncated final group.
                if j == 0 {
                    break;
                }
                // Go reports a cut-off final group at its first character.
                return Err(input[i].1);
            };
            if c == b'=' {
                // Padding: the rest of the group must be padding and nothing may follow.
                let valid_pad = if bits == 6 {
                    j >= 2
                } else {
                    matches!(j, 2 | 4 | 5 | 7)
                };
                if !valid_pad {
                    return Err(at);
                }
                for k in j..group {
                    match input.get(i + k) {
                        Some(&(b'=', _)) => {}
                        Some(&(_, at2)) => return Err(at2),
                        None => return Err(s.len()),
                    }
                }
                if let Some(&(_, at3)) = input.get(i + group) {
                    return Err(at3);
                }
                break;
            }
            let Some(v) = alphabet.iter().position(|a| *a == c) else {
                return Err(at);
            };
            acc = (acc << bits) | v as u64;
            n += 1;
            j += 1;
        }
        if n == 0 {
            break;
        }
        let total_bits = n * bits as usize;
        let bytes = total_bits / 8;
        acc <<= (group - n) as u32 * bits;
        let full = group as u32 * bits;
        for k in 0..bytes {
            out.push(((acc >> (full - 8 * (k as u32 + 1))) & 0xff) as u8);
        }
        i += group;
    }
    Ok(out)
}

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        ("b64enc", "func(string) string", |a| {
            Ok(Value::string(base64_encode(str_arg(a, 0).as_bytes())))
        }),
        ("b64dec", "func(string) string", |a| {
            Ok(Value::string(match base64_decode(str_arg(a, 0)) {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(e) => e,
            }))
        }),
        ("b32enc", "func(string) string", |a| {
            Ok(Value::string(base32_encode(str_arg(a, 0).as_bytes())))
        }),
        ("b32dec", "func(string) string", |a| {
            Ok(Value::string(match base32_decode(str_arg(a, 0)) {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(e) => e,
            }))
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(base64_encode(b"hello"), "aGVsbG8=");
        assert_eq!(base64_decode("aGVsbG8="), Ok(b"hello".to_vec()));
        assert_eq!(base32_encode(b"hello"), "NBSWY3DP");
        assert_eq!(base32_decode("NBSWY3DP"), Ok(b"hello".to_vec()));
        assert_eq!(
            base64_decode("aGVs!G8="),
            Err("illegal base64 data at input byte 4".into())
        );
        assert_eq!(
            base64_decode("aGVsbG8"),
            Err("illegal base64 data at input byte 4".into())
        );
    }
}
