//! The `eval` commands.

pub mod list;
pub mod status;
