//! End-to-end tests: the real `rnomad` binary against an in-process nomad-sim, with
//! snapshots of stdout, stderr and the exit code together.

#[path = "../common/mod.rs"]
mod common;

mod agent_cmds;
mod agent_group;
mod cli;
mod completion;
mod events;
mod http;
mod job_status;
mod misc;
mod node_drain;
mod node_more;
mod node_status;
mod passthrough;
mod replay;
mod tls;
mod tty;
mod watch;
