//! sprig's `semver` and `semverCompare` (Masterminds/semver v3.3.0).

use super::super::funcs::Imp;
use super::super::value::{new_struct, Named, Value, STRING, UINT64};
use std::sync::OnceLock;

pub fn version_type() -> &'static Named {
    static T: OnceLock<&'static Named> = OnceLock::new();
    T.get_or_init(|| {
        new_struct(
            "semver.Version",
            vec![
                ("major", UINT64),
                ("minor", UINT64),
                ("patch", UINT64),
                ("pre", STRING),
                ("metadata", STRING),
                ("original", STRING),
            ],
        )
    })
}

pub fn add_methods(_add: &mut dyn FnMut(&'static str, bool, &str, Imp)) {}

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    let _ = Value::Invalid;
    Vec::new()
}
