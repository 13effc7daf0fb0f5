//! The `deployment` commands.

pub mod list;
pub mod status;
