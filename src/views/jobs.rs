//! Job views: the job list table (`job status`, and the ambiguity error of every prefix
//! lookup) and a job's status word.

use crate::api::jobs::JobListStub;
use crate::output::format_list;
use crate::output::time::format_unix_nano;

/// `createStatusListOutput`: the job list table.
pub fn job_list_table<J: ListedJob>(jobs: &[J], all_namespaces: bool) -> String {
    let mut rows = Vec::with_capacity(jobs.len() + 1);
    rows.push(if all_namespaces {
        "ID|Namespace|Type|Priority|Status|Submit Date".to_string()
    } else {
        "ID|Type|Priority|Status|Submit Date".to_string()
    });
    for j in jobs {
        let mut t = j.job_type().to_string();
        if j.periodic() {
            t.push_str("/periodic");
        }
        if j.parameterized() {
            t.push_str("/parameterized");
        }
        let status = status_string(j.status(), j.stop());
        let submit = format_unix_nano(j.submit_time());
        rows.push(if all_namespaces {
            let ns = j.summary_namespace();
            format!("{}|{ns}|{t}|{}|{status}|{submit}", j.id(), j.priority())
        } else {
            format!("{}|{t}|{}|{status}|{submit}", j.id(), j.priority())
        });
    }
    format_list(&rows)
}

/// What the job list table shows of a job: the full list stub, or the lean row `job status`
/// decodes its (possibly very long) list into.
pub trait ListedJob {
    fn id(&self) -> &str;
    fn job_type(&self) -> &str;
    fn periodic(&self) -> bool;
    fn parameterized(&self) -> bool;
    fn status(&self) -> &str;
    fn stop(&self) -> bool;
    fn submit_time(&self) -> i64;
    fn priority(&self) -> i64;
    /// The namespace of the job's summary (what Nomad's table shows with `-namespace '*'`).
    fn summary_namespace(&self) -> &str;
}

macro_rules! listed_job {
    ($t:ty) => {
        impl ListedJob for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn job_type(&self) -> &str {
                &self.job_type
            }
            fn periodic(&self) -> bool {
                self.periodic
            }
            fn parameterized(&self) -> bool {
                self.parameterized_job
            }
            fn status(&self) -> &str {
                &self.status
            }
            fn stop(&self) -> bool {
                self.stop
            }
            fn submit_time(&self) -> i64 {
                self.submit_time
            }
            fn priority(&self) -> i64 {
                self.priority
            }
            fn summary_namespace(&self) -> &str {
                self.job_summary
                    .as_ref()
                    .map(|s| s.namespace.as_str())
                    .unwrap_or("")
            }
        }
    };
}
listed_job!(JobListStub);
listed_job!(crate::api::lists::JobRow);

/// `getStatusString`: ` (stopped)` after the status of a stopped job.
pub fn status_string(status: &str, stop: bool) -> String {
    if stop {
        format!("{status} (stopped)")
    } else {
        status.to_string()
    }
}
