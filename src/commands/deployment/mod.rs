//! The `deployment` commands.

pub mod list;
pub mod promote;
pub mod status;
