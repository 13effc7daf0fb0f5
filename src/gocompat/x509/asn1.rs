//! Go's `encoding/asn1.Unmarshal` as far as its errors go: the Go structures the x509 key
//! parsers unmarshal into are described as [`Shape`]s, and a mismatch gives Go's error text
//! (`asn1: structure error: tags don't match (16 vs {class:0 tag:0 length:0
//! isCompound:false}) {…} pkcs1PrivateKey @2`), which sprig passes on to templates.

#[cfg(test)]
use super::der;

/// The Go type of a field, as far as the parse depends on it.
pub enum Shape {
    /// `int`: an INTEGER that fits 64 bits.
    Int,
    /// `*big.Int`.
    BigInt,
    /// `[]byte`: an OCTET STRING.
    Bytes,
    /// `asn1.ObjectIdentifier`.
    Oid,
    /// `pkix.AlgorithmIdentifier`: SEQUENCE { OID, ANY OPTIONAL }.
    AlgorithmIdentifier,
    /// An `explicit,tag:n` field (always optional here), contents not checked.
    Explicit(u8),
    Optional(&'static Shape),
    /// A named struct: a SEQUENCE of the fields (more elements after them are ignored).
    Struct(&'static str, &'static [Shape]),
}

/// Go's printing of default `fieldParameters`.
const PARAMS: &str = "{optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false}";

struct TagLen {
    class: u8,
    tag: u32,
    len: usize,
    compound: bool,
}

fn structural(m: &str) -> String {
    format!("asn1: structure error: {m}")
}

fn syntax(m: &str) -> String {
    format!("asn1: syntax error: {m}")
}

/// `parseTagAndLength`: the header at `off` and the offset after it.
fn tag_and_length(b: &[u8], mut off: usize) -> Result<(TagLen, usize), String> {
    let first = *b
        .get(off)
        .ok_or_else(|| syntax("truncated tag or length"))?;
    off += 1;
    let mut tag = (first & 0x1f) as u32;
    if tag == 0x1f {
        tag = 0;
        let mut n = 0;
        loop {
            let x = *b
                .get(off)
                .ok_or_else(|| syntax("truncated tag or length"))?;
            off += 1;
            n += 1;
            if n == 1 && x == 0x80 {
                return Err(structural("base 128 integer not minimally-encoded"));
            }
            if n > 4 {
                return Err(structural("base 128 integer too large"));
            }
            tag = (tag << 7) | (x & 0x7f) as u32;
            if x & 0x80 == 0 {
                break;
            }
        }
        if tag < 0x1f {
            return Err(syntax("non-minimal tag"));
        }
    }
    let l0 = *b
        .get(off)
        .ok_or_else(|| syntax("truncated tag or length"))?;
    off += 1;
    let len = if l0 & 0x80 == 0 {
        l0 as usize
    } else {
        let n = (l0 & 0x7f) as usize;
        if n == 0 {
            return Err(syntax("indefinite length found (not DER)"));
        }
        let mut len = 0usize;
        for i in 0..n {
            let x = *b
                .get(off)
                .ok_or_else(|| syntax("truncated tag or length"))?;
            off += 1;
            if len >= 1 << 23 {
                return Err(structural("length too large"));
            }
            len = (len << 8) | x as usize;
            if i == 0 && len == 0 {
                return Err(structural("superfluous leading zeros in length"));
            }
        }
        if len < 0x80 {
            return Err(structural("non-minimal length"));
        }
        len
    };
    Ok((
        TagLen {
            class: first >> 6,
            tag,
            len,
            compound: first & 0x20 != 0,
        },
        off,
    ))
}

/// (universal tag, constructed, Go type name) a shape expects.
fn expects(s: &Shape) -> (u32, bool, &'static str) {
    match s {
        Shape::Int => (2, false, "int"),
        Shape::BigInt => (2, false, ""),
        Shape::Bytes => (4, false, ""),
        Shape::Oid => (6, false, "ObjectIdentifier"),
        Shape::AlgorithmIdentifier => (16, true, "AlgorithmIdentifier"),
        Shape::Struct(name, _) => (16, true, name),
        Shape::Explicit(_) | Shape::Optional(_) => (0, false, ""),
    }
}

/// `parseField`: the offset after the field, or Go's error.
fn field(b: &[u8], off: usize, shape: &Shape) -> Result<usize, String> {
    let (shape, optional) = match shape {
        Shape::Optional(s) => (*s, true),
        s => (s, false),
    };
    if off == b.len() {
        return if optional {
            Ok(off)
        } else {
            Err(syntax("sequence truncated"))
        };
    }
    let (t, body) = tag_and_length(b, off)?;
    if body.checked_add(t.len).is_none_or(|end| end > b.len()) {
        return Err(syntax("data truncated"));
    }
    let end = body + t.len;
    if let Shape::Explicit(n) = shape {
        let ok = t.class == 2 && t.tag == *n as u32 && t.compound;
        return Ok(if ok { end } else { off });
    }
    let (tag, compound, name) = expects(shape);
    if t.class != 0 || t.tag != tag || t.compound != compound {
        if optional {
            return Ok(off);
        }
        return Err(structural(&format!(
            "tags don't match ({tag} vs {{class:{} tag:{} length:{} isCompound:{}}}) {PARAMS} {name} @{body}",
            t.class, t.tag, t.len, t.compound
        )));
    }
    let content = &b[body..end];
    match shape {
        Shape::Int | Shape::BigInt => {
            check_integer(content)?;
            if matches!(shape, Shape::Int) && content.len() > 8 {
                return Err(structural("integer too large"));
            }
        }
        Shape::AlgorithmIdentifier => {
            field(content, 0, &Shape::Oid)?;
        }
        Shape::Struct(_, fields) => {
            let mut o = 0;
            for f in fields.iter() {
                o = field(content, o, f)?;
            }
        }
        _ => {}
    }
    Ok(end)
}

fn check_integer(c: &[u8]) -> Result<(), String> {
    match c {
        [] => Err(structural("empty integer")),
        [0, b, ..] if b & 0x80 == 0 => Err(structural("integer not minimally-encoded")),
        [0xff, b, ..] if b & 0x80 != 0 => Err(structural("integer not minimally-encoded")),
        _ => Ok(()),
    }
}

/// `asn1.Unmarshal(b, &v)` for a `v` of the given shape: the bytes after it, or Go's error.
pub fn unmarshal<'a>(b: &'a [u8], shape: &Shape) -> Result<&'a [u8], String> {
    let end = field(b, 0, shape)?;
    Ok(&b[end..])
}

/// The value of a minimal INTEGER's contents that fit 64 bits.
pub fn int_value(c: &[u8]) -> i64 {
    let mut v: i64 = if c.first().is_some_and(|b| b & 0x80 != 0) {
        -1
    } else {
        0
    };
    for b in c.iter().take(8) {
        v = (v << 8) | *b as i64;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Shape = Shape::Struct(
        "pkcs8",
        &[Shape::Int, Shape::AlgorithmIdentifier, Shape::Bytes],
    );

    #[test]
    fn go_errors() {
        assert_eq!(
            unmarshal(&[], &S).unwrap_err(),
            "asn1: syntax error: sequence truncated"
        );
        assert_eq!(
            unmarshal(&[0, 0, 0], &S).unwrap_err(),
            format!("asn1: structure error: tags don't match (16 vs {{class:0 tag:0 length:0 isCompound:false}}) {PARAMS} pkcs8 @2")
        );
        assert_eq!(
            unmarshal(&[0x30, 5, 2], &S).unwrap_err(),
            "asn1: syntax error: data truncated"
        );
        let ok = der::seq(&[
            &der::int(0),
            &der::seq(&[&der::oid(&[1, 3, 101, 112])]),
            &der::tlv(der::OCTET_STRING, &[1]),
        ]);
        assert_eq!(unmarshal(&ok, &S).unwrap().len(), 0);
        let bad = der::seq(&[&der::int(0), &der::int(1)]);
        assert_eq!(
            unmarshal(&bad, &S).unwrap_err(),
            format!("asn1: structure error: tags don't match (16 vs {{class:0 tag:2 length:1 isCompound:false}}) {PARAMS} AlgorithmIdentifier @5")
        );
    }
}
