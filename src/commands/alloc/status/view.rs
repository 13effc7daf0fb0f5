//! `alloc status`'s view: the allocation and, unless `-short`, what its detail sections read.

use std::collections::BTreeMap;

use crate::api::allocs::{AllocCheckStatus, AllocInfo, AllocStats};
use crate::api::evals::Evaluation;
use crate::output::time::rfc3339_to_nanos;

pub struct AllocView {
    pub alloc: AllocInfo,
    /// `None` with `-short`.
    pub details: Option<Details>,
}

/// The responses behind the full output.
pub struct Details {
    /// The follow-up evaluation, when there is one and it could be read.
    pub followup: Option<Evaluation>,
    /// The Nomad service checks, when they could be read.
    pub checks: Option<BTreeMap<String, AllocCheckStatus>>,
    /// The resource usage, or why it could not be read.
    pub stats: Result<AllocStats, String>,
}

impl Details {
    /// When the follow-up evaluation runs (Unix nanoseconds; 0 for none).
    pub fn followup_wait_ns(&self) -> i64 {
        self.followup
            .as_ref()
            .and_then(|e| e.wait_until.as_deref())
            .map(rfc3339_to_nanos)
            .unwrap_or(0)
    }
}
