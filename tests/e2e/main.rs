//! End-to-end tests: the real `rnomad` binary against an in-process nomad-sim, with
//! snapshots of stdout, stderr and the exit code together.

#[path = "../common/mod.rs"]
mod common;

mod agent_group;
mod agent_info;
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
mod harness;
mod http;
mod job_allocs;
mod job_deployments;
mod job_dispatch;
mod job_history;
mod job_init;
mod job_inspect;
mod job_lifecycle;
mod job_plan;
mod job_plan_diff;
mod job_promote;
mod job_run;
mod job_status;
mod job_stop;
mod job_vars;
mod monitor;
mod namespace;
mod node_config;
mod node_drain;
mod node_meta;
mod node_pool;
mod node_status;
mod passthrough;
mod replay;
mod scaling;
mod server;
mod service;
mod status;
mod tls;
mod tty;
mod tty_watch;
mod var;
mod watch;
