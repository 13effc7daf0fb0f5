//! The raw elements of a list that must be sorted before any of it is written (`eval list
//! -json` and the other lists Nomad's client sorts newest first): kept in memory up to a
//! limit, then in an anonymous temporary file, so memory holds only where each element is.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

/// Beyond this many bytes of elements, the rest go to a temporary file.
pub const SPILL_AT: usize = 4 << 20;

/// Where an element's bytes are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    at: u64,
    len: usize,
}

/// Elements written one after the other: in `mem` while they fit, then in `file`.
pub struct Spill {
    limit: usize,
    mem: Vec<u8>,
    file: Option<BufWriter<File>>,
    len: u64,
}

impl Spill {
    pub fn new(limit: usize) -> Spill {
        Spill {
            limit,
            mem: Vec::new(),
            file: None,
            len: 0,
        }
    }

    /// Keeps `bytes`; where they are.
    pub fn push(&mut self, bytes: &[u8]) -> io::Result<Span> {
        let span = Span {
            at: self.len,
            len: bytes.len(),
        };
        if self.file.is_none() && self.mem.len() + bytes.len() > self.limit {
            // No temporary file (no writable temp directory): the list stays in memory, as
            // it did before spilling existed, rather than failing a command that can succeed.
            if let Ok(f) = tempfile::tempfile() {
                let mut w = BufWriter::with_capacity(64 << 10, f);
                w.write_all(&self.mem)?;
                self.mem = Vec::new();
                self.file = Some(w);
            }
        }
        match &mut self.file {
            Some(w) => w.write_all(bytes)?,
            None => self.mem.extend_from_slice(bytes),
        }
        self.len += bytes.len() as u64;
        Ok(span)
    }

    /// Done writing: the elements can be read back, in any order.
    pub fn read_back(self) -> io::Result<Back> {
        let file = match self.file {
            Some(w) => Some(w.into_inner().map_err(|e| e.into_error())?),
            None => None,
        };
        Ok(Back {
            mem: self.mem,
            file,
            buf: Vec::new(),
        })
    }
}

/// The kept elements, read back by their spans.
pub struct Back {
    mem: Vec<u8>,
    file: Option<File>,
    buf: Vec<u8>,
}

impl Back {
    pub fn get(&mut self, span: Span) -> io::Result<&[u8]> {
        let Some(f) = &mut self.file else {
            return Ok(&self.mem[span.at as usize..span.at as usize + span.len]);
        };
        self.buf.resize(span.len, 0);
        f.seek(SeekFrom::Start(span.at))?;
        f.read_exact(&mut self.buf)?;
        Ok(&self.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(limit: usize) -> bool {
        let items: Vec<String> = (0..200)
            .map(|i| format!("{{\"n\":{}}}", "x".repeat(i)))
            .collect();
        let mut s = Spill::new(limit);
        let spans: Vec<Span> = items
            .iter()
            .map(|i| s.push(i.as_bytes()).unwrap())
            .collect();
        let spilled = s.file.is_some();
        let mut back = s.read_back().unwrap();
        // Read back out of order, as a sort hands them out.
        for i in (0..items.len()).rev().chain(0..items.len()) {
            assert_eq!(
                back.get(spans[i]).unwrap(),
                items[i].as_bytes(),
                "{limit} {i}"
            );
        }
        spilled
    }

    #[test]
    fn elements_come_back_whole_in_memory_and_spilled() {
        assert!(!round_trip(usize::MAX));
        assert!(round_trip(0));
        assert!(round_trip(1000));
    }

    #[test]
    fn empty_elements_and_no_elements() {
        let mut s = Spill::new(0);
        let e = s.push(b"").unwrap();
        let x = s.push(b"[]").unwrap();
        let mut back = s.read_back().unwrap();
        assert_eq!(back.get(x).unwrap(), b"[]");
        assert_eq!(back.get(e).unwrap(), b"");
        assert!(Spill::new(0).read_back().is_ok());
    }
}
