//! A JSON array that arrives in pieces, decoded element by element as each one completes:
//! every element is parsed from a slice (serde_json's fast reader; its `io::Read` reader is
//! about three times slower) while the rest of the body is still on its way, and no more than
//! about one element and one piece are held.
//!
//! The array's own syntax (brackets, commas, whitespace, a top-level `null`) is checked here,
//! strictly, and each element by serde_json. A body that fails either way is the caller's to
//! report (it asks again and decodes the whole body, for serde_json's exact words).

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

/// What the body was once it ended.
#[derive(Debug, PartialEq)]
pub enum Top {
    Null,
    Array,
}

/// The body is not a JSON array (or null) of `E`.
#[derive(Debug, PartialEq)]
pub struct Broken;

#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Start,
    /// Inside `null`: how many of its bytes have been seen.
    Null(usize),
    /// After `[` (`first`) or a comma: an element is due.
    Open {
        first: bool,
    },
    AfterElement,
    Closed,
}

/// Whether serde_json stopped at the end of `bytes`: a number cut short (`-`, `1.`) fails
/// there with an error other than end-of-input, and may still complete.
fn at_end(bytes: &[u8], e: &serde_json::Error) -> bool {
    let line_start = memchr::memrchr(b'\n', bytes).map_or(0, |p| p + 1);
    let line = 1 + memchr::memchr_iter(b'\n', bytes).count();
    e.line() == line && e.column() >= bytes.len() - line_start
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
}

pub struct Elements<E> {
    state: State,
    top: Top,
    /// Bytes received and not yet consumed: the start of the current element, at most.
    buf: Vec<u8>,
    /// An element that ran past the end of `buf` is tried again once `buf` holds this many
    /// bytes: doubling keeps a large element's repeated attempts linear in its size.
    retry_at: usize,
    _e: PhantomData<E>,
}

impl<E> Default for Elements<E> {
    fn default() -> Self {
        Elements {
            state: State::Start,
            top: Top::Array,
            buf: Vec::new(),
            retry_at: 0,
            _e: PhantomData,
        }
    }
}

impl<E: DeserializeOwned> Elements<E> {
    /// Reads one more piece of the body, handing each element completed by it to `sink`.
    pub fn push(&mut self, chunk: &[u8], sink: &mut impl FnMut(E)) -> Result<(), Broken> {
        self.buf.extend_from_slice(chunk);
        if self.buf.len() < self.retry_at {
            return Ok(());
        }
        self.retry_at = 0;
        self.consume(sink, false)
    }

    /// The body ended: it must have been a whole array or `null`.
    pub fn end(mut self, sink: &mut impl FnMut(E)) -> Result<Top, Broken> {
        self.consume(sink, true)?;
        match self.state {
            State::Closed => Ok(self.top),
            _ => Err(Broken),
        }
    }

    fn consume(&mut self, sink: &mut impl FnMut(E), last: bool) -> Result<(), Broken> {
        let mut i = 0;
        while i < self.buf.len() {
            let b = self.buf[i];
            match self.state {
                State::Start if is_ws(b) => {}
                State::Start if b == b'[' => self.state = State::Open { first: true },
                State::Start if b == b'n' => {
                    self.top = Top::Null;
                    self.state = State::Null(1);
                }
                State::Null(n) if b == b"null"[n] => {
                    self.state = if n == 3 {
                        State::Closed
                    } else {
                        State::Null(n + 1)
                    }
                }
                State::Open { .. } | State::AfterElement | State::Closed if is_ws(b) => {}
                State::Open { first: true } if b == b']' => self.state = State::Closed,
                State::Open { .. } if b == b',' || b == b']' => return Err(Broken),
                State::Open { .. } => {
                    let rest = &self.buf[i..];
                    let mut one = serde_json::Deserializer::from_slice(rest).into_iter::<E>();
                    match one.next() {
                        // An element that ends where the bytes end may go on (a number).
                        Some(Ok(e)) if one.byte_offset() < rest.len() || last => {
                            sink(e);
                            i += one.byte_offset();
                            self.state = State::AfterElement;
                            continue;
                        }
                        Some(Err(e)) if !e.is_eof() && !at_end(rest, &e) => return Err(Broken),
                        _ if last => return Err(Broken),
                        _ => {
                            self.retry_at = 1;
                            break;
                        }
                    }
                }
                State::AfterElement if b == b',' => self.state = State::Open { first: false },
                State::AfterElement if b == b']' => self.state = State::Closed,
                _ => return Err(Broken),
            }
            i += 1;
        }
        self.buf.drain(..i);
        if self.retry_at > 0 {
            // The buffer now starts at the unfinished element.
            self.retry_at = self.buf.len() * 2;
        }
        Ok(())
    }
}

/// Decodes a list body given in pieces, element by element: `None` where decoding the whole
/// body as `Option<Vec<E>>` would fail.
pub fn decode_pieces<'a, E: DeserializeOwned>(
    pieces: impl IntoIterator<Item = &'a [u8]>,
) -> Option<Option<Vec<E>>> {
    let mut out = Vec::new();
    let mut sink = |e| out.push(e);
    let mut cut = Elements::<E>::default();
    for p in pieces {
        cut.push(p, &mut sink).ok()?;
    }
    match cut.end(&mut sink).ok()? {
        Top::Null => Some(None),
        Top::Array => Some(Some(out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn pieces(body: &str, size: usize) -> Vec<&[u8]> {
        body.as_bytes().chunks(size.max(1)).collect()
    }

    #[test]
    fn decodes_any_json_array_as_serde_reads_it_whole() {
        let bodies = [
            "[]",
            " [ ] ",
            "null",
            " null\n",
            "[1, -2.5e3 ,true,false,null]",
            "[12,345]",
            "[-1, 1.5, 2e10, -0.25E-3]",
            "[-, 1.]",
            "[1.x]",
            r#"["a", "b\"c", "\\", "\\\"", "[{", "é"]"#,
            r#"[{"a":[1,{"b":"}"}]},[[]],{}]"#,
            "[1,]",
            "[,1]",
            "[1 2]",
            "[1]]",
            "[1] x",
            "[",
            "[\"abc",
            "nul",
            "nulll",
            "",
            "{}",
            "[{]",
            "[{\"a\":1]]",
            "[tru]",
            "[truex]",
            "[1x]",
            "[\"a\"\"b\"]",
            "[{}{}]",
        ];
        for body in bodies {
            let whole = serde_json::from_str::<Option<Vec<Value>>>(body).ok();
            for size in [1, 2, 3, 7, 4096] {
                let cut = decode_pieces::<Value>(pieces(body, size));
                assert_eq!(cut, whole, "{body:?} in pieces of {size}");
            }
        }
    }

    #[test]
    fn a_large_element_is_not_parsed_over_and_over() {
        // 2,000 pieces of one element: the attempts double, so they stay few.
        let big = format!("[{{\"a\":\"{}\"}}]", "x".repeat(20_000));
        let mut cut = Elements::<Value>::default();
        let mut got = Vec::new();
        let mut attempts = 0;
        for p in big.as_bytes().chunks(10) {
            let before = cut.retry_at;
            cut.push(p, &mut |e| got.push(e)).unwrap();
            attempts += usize::from(cut.retry_at != before);
        }
        assert!(attempts < 20, "{attempts}");
        assert_eq!(cut.end(&mut |e| got.push(e)), Ok(Top::Array));
        assert_eq!(got.len(), 1);
    }
}
