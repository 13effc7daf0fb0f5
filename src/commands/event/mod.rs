//! `event` commands (rnomad's own).

pub mod stream;
