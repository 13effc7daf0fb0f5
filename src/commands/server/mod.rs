//! The `server` commands.

pub mod members;
