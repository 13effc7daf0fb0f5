//! End-to-end tests: the real `rnomad` binary against an in-process nomad-sim, with
//! snapshots of stdout, stderr and the exit code together.

#[path = "../common/mod.rs"]
mod common;

mod agent_cmds;
mod agent_group;
mod alloc;
mod alloc_actions;
mod alloc_exec;
mod alloc_fs;
mod alloc_logs;
mod cli;
mod completion;
mod deployment;
mod eval;
mod events;
mod events_replay;
mod faults;
mod http;
mod job_extras;
mod job_lifecycle;
mod job_plan;
mod job_plan_diff;
mod job_run;
mod job_status;
mod job_stop;
mod job_views;
mod misc;
mod node_drain;
mod node_more;
mod node_status;
mod passthrough;
mod replay;
mod tls;
mod tty;
mod tty_watch;
mod watch;
