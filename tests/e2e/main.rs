//! End-to-end tests: the real `rnomad` binary against an in-process nomad-sim, with
//! snapshots of stdout, stderr and the exit code together.

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod deployment;
mod eval;
mod http;
mod job_lifecycle;
mod job_plan;
mod job_run;
mod job_status;
mod job_stop;
mod job_views;
mod misc;
mod node_status;
mod replay;
mod tls;
