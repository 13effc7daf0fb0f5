//! The `server` commands.

pub mod force_leave;
pub mod join;
pub mod members;
