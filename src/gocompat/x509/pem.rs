//! Go's `encoding/pem`: `Encode` (64-column base64, no headers here) and `Decode` (the first
//! well-formed block anywhere in the text, with Go's tolerance for text around it).

/// A decoded PEM block (headers are read past and dropped: nothing here uses them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub typ: String,
    pub bytes: Vec<u8>,
}

/// `pem.EncodeToMemory` of a block without headers.
pub fn encode(typ: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = format!("-----BEGIN {typ}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        out.push('\n');
    }
    out.push_str(&format!("-----END {typ}-----\n"));
    out
}

/// `getLine`: the line without its `\n` (or `\r\n`) and trailing blanks, the rest, and the
/// bytes consumed.
fn get_line(data: &[u8]) -> (&[u8], &[u8], usize) {
    let (mut i, j) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (i, i + 1),
        None => (data.len(), data.len()),
    };
    if j > i && i > 0 && data[i - 1] == b'\r' {
        i -= 1;
    }
    let mut line = &data[..i];
    while let [rest @ .., b' ' | b'\t'] = line {
        line = rest;
    }
    (line, &data[j..], j)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Go's `base64.StdEncoding.Decode`: padding required, `\r` and `\n` skipped, trailing bits
/// not checked.
fn base64_std(data: &[u8]) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine as _;
    const GO_STD: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
    );
    let clean: Vec<u8> = data
        .iter()
        .copied()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    GO_STD.decode(clean).ok()
}

/// `pem.Decode`: the first block and the text after it, or `None` when there is none.
pub fn decode(data: &[u8]) -> Option<(Block, &[u8])> {
    const START: &[u8] = b"-----BEGIN ";
    const END: &[u8] = b"\n-----END ";
    const EOL: &[u8] = b"-----";
    let mut rest = data;
    let mut end_trailer_index: isize = 0;
    loop {
        if end_trailer_index < 0 || end_trailer_index as usize > rest.len() {
            return None;
        }
        rest = &rest[end_trailer_index as usize..];
        let end_index = find(rest, END)?;
        end_trailer_index = (end_index + END.len()) as isize;
        let begin = match rfind(&rest[..end_index], START) {
            Some(b) if b == 0 || rest[b - 1] == b'\n' => b,
            _ => continue,
        };
        let skip = begin + START.len();
        let mut body = &rest[skip..];
        let mut end_index = end_index as isize - skip as isize;
        end_trailer_index -= skip as isize;
        let (type_line, after, consumed) = get_line(body);
        body = after;
        end_index -= consumed as isize;
        end_trailer_index -= consumed as isize;
        let Some(typ) = type_line.strip_suffix(EOL) else {
            // Go's loop goes on from the trailer index, which is relative to the moved rest.
            rest = &rest[skip + consumed..];
            continue;
        };
        let mut headers = 0;
        loop {
            if body.is_empty() {
                return None;
            }
            let (line, next, consumed) = get_line(body);
            if !line.contains(&b':') {
                break;
            }
            headers += 1;
            body = next;
            end_index -= consumed as isize;
            end_trailer_index -= consumed as isize;
        }
        // From here on `rest` (Go's variable) is `body`.
        rest = body;
        if headers > 0 && end_index < 0 {
            continue;
        }
        if end_trailer_index < 0 || end_trailer_index as usize > rest.len() {
            continue;
        }
        let end_trailer = &rest[end_trailer_index as usize..];
        let trailer_len = typ.len() + EOL.len();
        if end_trailer.len() < trailer_len {
            continue;
        }
        let (trailer, rest_of_end_line) = end_trailer.split_at(trailer_len);
        if !trailer.starts_with(typ) || !trailer.ends_with(EOL) {
            continue;
        }
        if !get_line(rest_of_end_line).0.is_empty() {
            continue;
        }
        let mut bytes = Vec::new();
        if end_index > 0 {
            let b64: Vec<u8> = rest[..end_index as usize]
                .iter()
                .copied()
                .filter(|b| *b != b' ' && *b != b'\t')
                .collect();
            match base64_std(&b64) {
                Some(b) => bytes = b,
                None => continue,
            }
        }
        let at = (end_index + END.len() as isize - 1).clamp(0, rest.len() as isize) as usize;
        let after_end = &rest[at..];
        let (_, tail, _) = get_line(after_end);
        return Some((
            Block {
                typ: String::from_utf8_lossy(typ).into_owned(),
                bytes,
            },
            tail,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_wraps_at_64() {
        let text = encode("X", &[0u8; 60]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "-----BEGIN X-----");
        assert_eq!(lines[1].len(), 64);
        assert_eq!(lines[2].len(), 16);
        assert_eq!(lines[3], "-----END X-----");
        let (b, rest) = decode(text.as_bytes()).unwrap();
        assert_eq!((b.typ.as_str(), b.bytes.len(), rest.len()), ("X", 60, 0));
    }

    #[test]
    fn decode_finds_the_block_in_text() {
        let text = "junk\n-----BEGIN A-----\nK: v\n\nAQID\n-----END A-----\r\nafter";
        let (b, rest) = decode(text.as_bytes()).unwrap();
        assert_eq!(
            b,
            Block {
                typ: "A".into(),
                bytes: vec![1, 2, 3]
            }
        );
        assert_eq!(rest, b"after");
        // A mismatched end line, bad base64 and no block at all.
        assert!(decode(b"-----BEGIN A-----\nAQID\n-----END B-----\n").is_none());
        assert!(decode(b"-----BEGIN A-----\nAQ!D\n-----END A-----\n").is_none());
        assert!(decode(b"hello").is_none());
        // An empty block.
        let (b, _) = decode(b"-----BEGIN A-----\n-----END A-----\n").unwrap();
        assert!(b.bytes.is_empty());
    }
}
