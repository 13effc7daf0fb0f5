//! A read-only reader of bbolt (go.etcd.io/bbolt v1.4) database files, as far as Nomad's
//! `operator raft info` looks into a server's raft.db: opening it the way `bbolt.Open` does
//! with `ReadOnly` (the same checks, in the same order, with the same error words) and a
//! bucket's first and last key.
//!
//! The format: fixed-size pages (the size is in the two meta pages, 0 and 1, of which the
//! valid one with the higher transaction ID is current); a page is a 16-byte header (id,
//! flags, element count, overflow page count) and elements; B+tree branch and leaf pages;
//! buckets are leaf values holding their own tree's root page, or (inline buckets) the page
//! itself. All integers are little-endian, as bbolt writes them on the machines Nomad runs on.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::time::{Duration, Instant};

const MAGIC: u32 = 0xED0C_DAED;
const VERSION: u32 = 2;
const PAGE_HEADER: usize = 16;
const ELEMENT: usize = 16;
const BRANCH: u16 = 0x01;
const LEAF: u16 = 0x02;
const BUCKET_LEAF: u32 = 0x01;
/// bbolt's default page size (the operating system's) for files whose meta pages are both
/// readable but invalid.
const DEFAULT_PAGE_SIZE: usize = 4096;
/// Deeper trees than this are corrupt (a B+tree of 4 KiB pages never gets near it).
const MAX_DEPTH: usize = 64;

/// Why a file could not be opened, in bbolt's terms.
#[derive(Debug)]
pub enum OpenError {
    /// An operating system error of `op` (`open`) on the file.
    Os(&'static str, io::Error),
    /// Another process holds the file's exclusive lock past the timeout (`timeout`).
    Timeout,
    /// An empty file: bbolt would write new meta pages into it, which fails on a read-only
    /// descriptor (`write <path>: bad file descriptor`).
    Empty,
    /// bbolt's own errors: `invalid database`, `version mismatch`, `checksum error`.
    Bolt(&'static str),
}

/// A bucket's first and last key (`None` for an empty bucket).
pub type KeyRange = (Option<Vec<u8>>, Option<Vec<u8>>);

/// An open database file; it keeps the shared lock while alive.
pub struct Db {
    file: File,
    len: u64,
    page_size: usize,
    /// The current meta page's root bucket page.
    root: u64,
}

/// What a meta page holds (only what reading needs).
struct Meta {
    root: u64,
    txid: u64,
    page_size: u32,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// FNV-1a, 64 bits: the meta page's checksum.
fn fnv64a(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325, |h, &x| {
        (h ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `Meta.Validate` of the meta page at the start of `page`.
fn validate(page: &[u8]) -> Result<Meta, &'static str> {
    let m = page.get(PAGE_HEADER..PAGE_HEADER + 64).unwrap_or(&[]);
    if u32_at(m, 0) != MAGIC {
        return Err("invalid database");
    }
    if u32_at(m, 4) != VERSION {
        return Err("version mismatch");
    }
    if u64_at(m, 56) != fnv64a(&m[..56]) {
        return Err("checksum error");
    }
    Ok(Meta {
        page_size: u32_at(m, 8),
        root: u64_at(m, 16),
        txid: u64_at(m, 48),
    })
}

impl Db {
    /// `bbolt.Open(path, …, &Options{ReadOnly: true, Timeout: timeout})`.
    pub fn open_read_only(path: &Path, timeout: Duration) -> Result<Db, OpenError> {
        let file = File::open(path).map_err(|e| OpenError::Os("open", e))?;
        lock_shared(&file, timeout)?;
        let len = file.metadata().map_err(|e| OpenError::Os("stat", e))?.len();
        if len == 0 {
            return Err(OpenError::Empty);
        }
        let mut db = Db {
            file,
            len,
            page_size: DEFAULT_PAGE_SIZE,
            root: 0,
        };
        db.page_size = db.page_size_from_meta()?;
        // Both meta pages, at the size found; one valid is enough.
        let m0 = validate(&db.read(0, db.page_size));
        let m1 = validate(&db.read(db.page_size as u64, db.page_size));
        let meta = match (m0, m1) {
            (Ok(a), Ok(b)) => {
                if b.txid > a.txid {
                    b
                } else {
                    a
                }
            }
            (Ok(m), Err(_)) | (Err(_), Ok(m)) => m,
            (Err(e), Err(_)) => return Err(OpenError::Bolt(e)),
        };
        db.root = meta.root;
        Ok(db)
    }

    /// `getPageSize`: the first meta page's size, else the second's (looked for at every
    /// power of two from 1 KiB), else the default when either page could at least be read.
    fn page_size_from_meta(&self) -> Result<usize, OpenError> {
        let first = self.read_exact(0, 0x1000);
        if let Some(b) = &first {
            if let Ok(m) = validate(b) {
                return Ok(m.page_size as usize);
            }
        }
        let mut readable = first.is_some();
        for i in 0..=14 {
            let pos: u64 = 1024 << i;
            if pos >= self.len.saturating_sub(1024) {
                break;
            }
            let b = self.read(pos, 0x1000);
            let got = (self.len - pos).min(0x1000) as usize;
            if got == 0x1000 || got == b.len() {
                readable = true;
                if let Ok(m) = validate(&b) {
                    return Ok(m.page_size as usize);
                }
            }
        }
        if readable {
            Ok(DEFAULT_PAGE_SIZE)
        } else {
            Err(OpenError::Bolt("invalid database"))
        }
    }

    /// Up to `n` bytes at `at` (fewer at the end of the file, zeros past a read error).
    fn read(&self, at: u64, n: usize) -> Vec<u8> {
        let n = n.min(self.len.saturating_sub(at) as usize);
        let mut b = vec![0; n];
        let mut done = 0;
        while done < n {
            match self.file.read_at(&mut b[done..], at + done as u64) {
                Ok(0) | Err(_) => break,
                Ok(k) => done += k,
            }
        }
        b.truncate(done);
        b
    }

    /// Exactly `n` bytes at `at`, or `None`.
    fn read_exact(&self, at: u64, n: usize) -> Option<Vec<u8>> {
        let b = self.read(at, n);
        (b.len() == n).then_some(b)
    }

    /// A page with its overflow pages.
    fn page(&self, id: u64) -> Result<Vec<u8>, String> {
        let size = self.page_size as u64;
        let at = id
            .checked_mul(size)
            .filter(|at| at + size <= self.len)
            .ok_or_else(|| format!("page {id} lies beyond the end of the file"))?;
        let head = self.read(at, PAGE_HEADER);
        let overflow = u64::from(u32_at(&head, 12));
        let total = (overflow + 1)
            .checked_mul(size)
            .filter(|t| at + t <= self.len)
            .ok_or_else(|| format!("page {id} runs past the end of the file"))?;
        Ok(self.read(at, total as usize))
    }

    /// The first and last key of the top-level bucket `name`: `Ok(None)` when there is no such
    /// bucket, `(None, None)` when it is empty.
    pub fn first_last_key(&self, name: &[u8]) -> Result<Option<KeyRange>, String> {
        let root = self.page(self.root)?;
        let Some(value) = self.find_bucket(&root, name, 0)? else {
            return Ok(None);
        };
        let bucket_root = u64_at(&value, 0);
        let page = if bucket_root == 0 {
            // An inline bucket: its only page follows the bucket header in the value.
            value.get(16..).unwrap_or(&[]).to_vec()
        } else {
            self.page(bucket_root)?
        };
        let first = self.edge_key(&page, true, 0)?;
        let last = self.edge_key(&page, false, 0)?;
        Ok(Some((first, last)))
    }

    /// The value of the bucket entry `name` in the tree at `page`.
    fn find_bucket(
        &self,
        page: &[u8],
        name: &[u8],
        depth: usize,
    ) -> Result<Option<Vec<u8>>, String> {
        if depth > MAX_DEPTH {
            return Err("the page tree is too deep".into());
        }
        let flags = u16_at(page, 8);
        let count = u16_at(page, 10) as usize;
        if flags & BRANCH != 0 {
            // The last child whose first key is not above the name (the first child at least).
            let mut child = None;
            for i in 0..count {
                let (key, pgid) = branch_element(page, i)?;
                if i == 0 || key <= name {
                    child = Some(pgid);
                }
                if key > name {
                    break;
                }
            }
            return match child {
                Some(id) => self.find_bucket(&self.page(id)?, name, depth + 1),
                None => Ok(None),
            };
        }
        if flags & LEAF == 0 {
            return Err(format!("page of kind {flags:#x} where a tree page belongs"));
        }
        for i in 0..count {
            let (f, key, value) = leaf_element(page, i)?;
            if key == name {
                return Ok((f & BUCKET_LEAF != 0).then(|| value.to_vec()));
            }
        }
        Ok(None)
    }

    /// The smallest (`first`) or largest key under `page`, skipping empty pages as bbolt's
    /// cursor does.
    fn edge_key(&self, page: &[u8], first: bool, depth: usize) -> Result<Option<Vec<u8>>, String> {
        if depth > MAX_DEPTH {
            return Err("the page tree is too deep".into());
        }
        let flags = u16_at(page, 8);
        let count = u16_at(page, 10) as usize;
        let order: Box<dyn Iterator<Item = usize>> = if first {
            Box::new(0..count)
        } else {
            Box::new((0..count).rev())
        };
        if flags & BRANCH != 0 {
            for i in order {
                let (_, pgid) = branch_element(page, i)?;
                if let Some(k) = self.edge_key(&self.page(pgid)?, first, depth + 1)? {
                    return Ok(Some(k));
                }
            }
            return Ok(None);
        }
        if flags & LEAF == 0 {
            return Err(format!("page of kind {flags:#x} where a tree page belongs"));
        }
        match order.into_iter().next() {
            Some(i) => Ok(Some(leaf_element(page, i)?.1.to_vec())),
            None => Ok(None),
        }
    }
}

/// The key and child page of branch element `i`.
fn branch_element(page: &[u8], i: usize) -> Result<(&[u8], u64), String> {
    let at = PAGE_HEADER + i * ELEMENT;
    let pos = u32_at(page, at) as usize;
    let ksize = u32_at(page, at + 4) as usize;
    let key = slice(page, at + pos, ksize)?;
    Ok((key, u64_at(page, at + 8)))
}

/// The flags, key and value of leaf element `i`.
fn leaf_element(page: &[u8], i: usize) -> Result<(u32, &[u8], &[u8]), String> {
    let at = PAGE_HEADER + i * ELEMENT;
    let flags = u32_at(page, at);
    let pos = u32_at(page, at + 4) as usize;
    let ksize = u32_at(page, at + 8) as usize;
    let vsize = u32_at(page, at + 12) as usize;
    let key = slice(page, at + pos, ksize)?;
    let value = slice(page, at + pos + ksize, vsize)?;
    Ok((flags, key, value))
}

fn slice(page: &[u8], at: usize, n: usize) -> Result<&[u8], String> {
    at.checked_add(n)
        .and_then(|end| page.get(at..end))
        .ok_or_else(|| "an element lies outside its page".to_string())
}

/// bbolt's `flock(LOCK_SH)`, retried every 50 ms until `timeout`.
fn lock_shared(file: &File, timeout: Duration) -> Result<(), OpenError> {
    let start = Instant::now();
    loop {
        match file.try_lock_shared() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(OpenError::Timeout),
            Err(std::fs::TryLockError::Error(e)) => return Err(OpenError::Os("flock", e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_go() {
        // hash/fnv's New64a over "hello".
        assert_eq!(fnv64a(b"hello"), 0xa430d84680aabd0b);
    }
}
