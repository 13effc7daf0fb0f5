//! DER: a writer for the structures Go's `encoding/asn1` marshals here, and a reader in the
//! manner of `golang.org/x/crypto/cryptobyte` (each read consumes one element or fails).

/// Universal tags (and the context-specific ones the x509 structures use).
pub const BOOLEAN: u8 = 0x01;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const NULL: u8 = 0x05;
pub const OID: u8 = 0x06;
pub const UTF8_STRING: u8 = 0x0c;
pub const PRINTABLE_STRING: u8 = 0x13;
pub const T61_STRING: u8 = 0x14;
pub const IA5_STRING: u8 = 0x16;
pub const UTC_TIME: u8 = 0x17;
pub const GENERALIZED_TIME: u8 = 0x18;
pub const BMP_STRING: u8 = 0x1e;
pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;

/// A context-specific tag `[n]`, constructed or primitive.
pub const fn context(n: u8, constructed: bool) -> u8 {
    0x80 | if constructed { 0x20 } else { 0 } | n
}

/// One element: tag, length, contents.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let be = (n as u64).to_be_bytes();
        let skip = be.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (8 - skip) as u8);
        out.extend_from_slice(&be[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// A SEQUENCE of already-encoded elements.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(SEQUENCE, &parts.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes (minimal, a 0 byte in front when
/// the top bit is set).
pub fn uint(be: &[u8]) -> Vec<u8> {
    let skip = be.iter().take_while(|b| **b == 0).count();
    let mag = &be[skip..];
    let mut c = Vec::with_capacity(mag.len() + 1);
    if mag.first().is_none_or(|b| b & 0x80 != 0) {
        c.push(0);
    }
    c.extend_from_slice(mag);
    tlv(INTEGER, &c)
}

/// A small INTEGER (Go's `int` fields).
pub fn int(v: i64) -> Vec<u8> {
    let be = v.to_be_bytes();
    let mut i = 0;
    // Minimal two's complement: drop a leading byte that only repeats the sign.
    while i < 7
        && ((be[i] == 0 && be[i + 1] & 0x80 == 0) || (be[i] == 0xff && be[i + 1] & 0x80 != 0))
    {
        i += 1;
    }
    tlv(INTEGER, &be[i..])
}

/// An OBJECT IDENTIFIER from its arcs.
pub fn oid(arcs: &[u64]) -> Vec<u8> {
    tlv(OID, &oid_body(arcs))
}

/// The contents octets of an OBJECT IDENTIFIER.
pub fn oid_body(arcs: &[u64]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        tmp.reverse();
        out.extend_from_slice(&tmp);
    };
    if arcs.len() >= 2 {
        push(arcs[0] * 40 + arcs[1]);
        for a in &arcs[2..] {
            push(*a);
        }
    }
    out
}

/// A BIT STRING of whole bytes.
pub fn bit_string(b: &[u8]) -> Vec<u8> {
    let mut c = Vec::with_capacity(b.len() + 1);
    c.push(0);
    c.extend_from_slice(b);
    tlv(BIT_STRING, &c)
}

/// A reader over DER bytes; each `read_*` takes the next element when it has the asked
/// tag and leaves the reader untouched otherwise.
#[derive(Clone, Copy, Debug)]
pub struct Reader<'a> {
    pub data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// (tag, header length, contents length) of the next element, with cryptobyte's DER
    /// rules: single-byte tags, minimal definite lengths.
    fn header(&self) -> Option<(u8, usize, usize)> {
        let d = self.data;
        let tag = *d.first()?;
        if tag & 0x1f == 0x1f {
            return None;
        }
        let l0 = *d.get(1)? as usize;
        if l0 & 0x80 == 0 {
            return Some((tag, 2, l0));
        }
        let n = l0 & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let bytes = d.get(2..2 + n)?;
        if bytes[0] == 0 {
            return None;
        }
        let len = bytes.iter().fold(0usize, |a, b| (a << 8) | *b as usize);
        if len < 0x80 {
            return None;
        }
        Some((tag, 2 + n, len))
    }

    /// The next element (tag, contents, whole element).
    pub fn read_any(&mut self) -> Option<(u8, &'a [u8], &'a [u8])> {
        let (tag, h, len) = self.header()?;
        let end = h.checked_add(len)?;
        if end > self.data.len() {
            return None;
        }
        let whole = &self.data[..end];
        let content = &self.data[h..end];
        self.data = &self.data[end..];
        Some((tag, content, whole))
    }

    /// The next element's contents, if it has tag `tag`.
    pub fn read(&mut self, tag: u8) -> Option<&'a [u8]> {
        self.read_element(tag).map(|(c, _)| c)
    }

    /// The next element (contents, whole element), if it has tag `tag`.
    pub fn read_element(&mut self, tag: u8) -> Option<(&'a [u8], &'a [u8])> {
        let (t, _, _) = self.header()?;
        if t != tag {
            return None;
        }
        let mut r = *self;
        let (_, c, w) = r.read_any()?;
        *self = r;
        Some((c, w))
    }

    /// An optional element: `Some(None)` when the next element has another tag (or none is
    /// left), `None` when it is malformed.
    pub fn read_optional(&mut self, tag: u8) -> Option<Option<&'a [u8]>> {
        match self.header() {
            Some((t, _, _)) if t == tag => self.read(tag).map(Some),
            _ if self.data.is_empty() || self.header().is_some() => Some(None),
            _ => None,
        }
    }

    /// A non-negative INTEGER's magnitude (big-endian, no leading zeros); `None` for a
    /// malformed one, `Some(Err(()))` for a negative one.
    pub fn read_uint(&mut self) -> Option<Result<&'a [u8], ()>> {
        let c = self.read(INTEGER)?;
        if !valid_int(c) {
            return None;
        }
        if c[0] & 0x80 != 0 {
            return Some(Err(()));
        }
        let skip = c.iter().take_while(|b| **b == 0).count();
        Some(Ok(&c[skip..]))
    }

    /// An INTEGER that fits an i64.
    pub fn read_i64(&mut self) -> Option<i64> {
        let mut r = *self;
        let c = r.read(INTEGER)?;
        if !valid_int(c) || c.len() > 8 {
            return None;
        }
        let mut v: i64 = if c[0] & 0x80 != 0 { -1 } else { 0 };
        for b in c {
            v = (v << 8) | *b as i64;
        }
        *self = r;
        Some(v)
    }

    /// A BIT STRING's bytes and its count of unused bits.
    pub fn read_bit_string(&mut self) -> Option<(&'a [u8], u8)> {
        let mut r = *self;
        let c = r.read(BIT_STRING)?;
        let (&unused, rest) = c.split_first()?;
        if unused > 7 || (rest.is_empty() && unused != 0) {
            return None;
        }
        if unused != 0 && rest.last().is_some_and(|b| b & ((1 << unused) - 1) != 0) {
            return None;
        }
        *self = r;
        Some((rest, unused))
    }
}

/// cryptobyte's INTEGER check: not empty, minimally encoded.
fn valid_int(c: &[u8]) -> bool {
    match c {
        [] => false,
        [0, b, ..] if b & 0x80 == 0 => false,
        [0xff, b, ..] if b & 0x80 != 0 => false,
        _ => true,
    }
}

/// The arcs of an OBJECT IDENTIFIER's contents, `None` when malformed.
pub fn parse_oid(c: &[u8]) -> Option<Vec<u64>> {
    if c.is_empty() {
        return None;
    }
    let mut vals = Vec::new();
    let mut v: u64 = 0;
    let mut start = true;
    for (i, b) in c.iter().enumerate() {
        if start && *b == 0x80 {
            return None;
        }
        start = false;
        if v > (u64::MAX >> 7) {
            return None;
        }
        v = (v << 7) | (b & 0x7f) as u64;
        if b & 0x80 == 0 {
            vals.push(v);
            v = 0;
            start = true;
        } else if i == c.len() - 1 {
            return None;
        }
    }
    let first = vals[0];
    let mut arcs = if first < 80 {
        vec![first / 40, first % 40]
    } else {
        vec![2, first - 80]
    };
    arcs.extend_from_slice(&vals[1..]);
    Some(arcs)
}

/// Go's `asn1.ObjectIdentifier.String()`.
pub fn oid_string(arcs: &[u64]) -> String {
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_minimal() {
        assert_eq!(int(0), [2, 1, 0]);
        assert_eq!(int(127), [2, 1, 127]);
        assert_eq!(int(128), [2, 2, 0, 128]);
        assert_eq!(int(-1), [2, 1, 0xff]);
        assert_eq!(int(-129), [2, 2, 0xff, 0x7f]);
        assert_eq!(uint(&[0, 0, 0x80]), [2, 2, 0, 0x80]);
        assert_eq!(uint(&[]), [2, 1, 0]);
        assert_eq!(Reader::new(&int(-129)).read_i64(), Some(-129));
    }

    #[test]
    fn oids_round_trip() {
        let arcs = [1, 2, 840, 113549, 1, 1, 11];
        let enc = oid(&arcs);
        assert_eq!(enc, [6, 9, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 11]);
        assert_eq!(parse_oid(&enc[2..]).unwrap(), arcs);
        assert_eq!(oid_string(&arcs), "1.2.840.113549.1.1.11");
    }

    #[test]
    fn long_lengths_and_bad_ones() {
        let big = tlv(OCTET_STRING, &[7; 300]);
        assert_eq!(&big[..4], &[4, 0x82, 1, 44]);
        let mut r = Reader::new(&big);
        assert_eq!(r.read(OCTET_STRING).map(<[u8]>::len), Some(300));
        assert!(r.is_empty());
        // Non-minimal length, truncated contents, wrong tag.
        assert!(Reader::new(&[4, 0x81, 5, 0, 0, 0, 0, 0])
            .read(OCTET_STRING)
            .is_none());
        assert!(Reader::new(&[4, 5, 0]).read(OCTET_STRING).is_none());
        assert!(Reader::new(&[2, 1, 0]).read(OCTET_STRING).is_none());
    }
}
