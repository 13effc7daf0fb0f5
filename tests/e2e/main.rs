//! End-to-end tests: the real `rnomad` binary against an in-process nomad-sim, with
//! snapshots of stdout, stderr and the exit code together.

#[path = "../common/mod.rs"]
mod common;

mod alloc;
mod alloc_actions;
mod alloc_fs;
mod alloc_logs;
mod cli;
mod http;
mod job_status;
mod misc;
mod node_status;
mod replay;
mod tls;
