//! sprig dicts functions.

use super::super::funcs::Imp;

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    Vec::new()
}
