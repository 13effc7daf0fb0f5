//! Nomad's renderers that several commands or the monitors share: allocation tables and
//! placement metrics, evaluation tables and placement failures, deployment blocks, the job
//! list. Typed data in, `String` out: no I/O, no `Ctx`; the clock comes in as `now_ns`.
//!
//! A renderer only one command uses stays with that command (`commands/<group>/<cmd>`);
//! it moves here when a second command or a monitor needs it.

pub mod allocs;
pub mod deployments;
pub mod evals;
pub mod jobs;
pub mod logs;
pub mod variable;
pub mod wait;
