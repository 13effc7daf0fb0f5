//! Pure renderers' toolkit: tables, key/value blocks, times, colour, `-json`, `-t`, the writer.

pub mod color;
pub mod columns;
pub mod format;
pub mod gotype;
pub mod json;
pub mod signal;
pub mod template;
pub mod term;
pub mod time;

pub use columns::{format_kv, format_list, format_simple};

/// `limit(s, n)`: the first `n` bytes of `s` when it is at least `n` long (IDs are ASCII).
pub fn limit(s: &str, n: usize) -> &str {
    if s.len() < n {
        s
    } else {
        s.get(..n).unwrap_or(s)
    }
}

pub const SHORT_ID: usize = 8;
pub const FULL_ID: usize = 36;

/// The ID length for `-verbose`.
pub fn id_len(verbose: bool) -> usize {
    if verbose {
        FULL_ID
    } else {
        SHORT_ID
    }
}
