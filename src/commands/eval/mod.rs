//! The `eval` commands.

pub mod delete;
pub mod list;
pub mod status;
