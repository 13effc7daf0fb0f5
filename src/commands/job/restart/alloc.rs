//! One allocation of `job restart`: restarted in place through its client, or (`-reschedule`)
//! stopped, then followed until its replacement runs or its placement fails.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{json, Value};

use super::prompt::Out;
use crate::api::allocs::AllocationListStub;
use crate::api::evals::{AllocationMetric, Evaluation};
use crate::api::jobs::TaskGroup;
use crate::api::{Client, QueryOptions};
use crate::gocompat::strconv::quote;
use crate::output::limit;
use crate::views::allocs::format_alloc_metrics;

/// An allocation as the restart sees it (`AllocationListStubWithJob`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Stub {
    #[serde(flatten)]
    pub base: AllocationListStub,
    #[serde(rename = "NextAllocation")]
    pub next_allocation: String,
    #[serde(rename = "TaskStates")]
    pub task_states: Option<BTreeMap<String, IgnoredAny>>,
}

/// A version of the job, as far as the restart reads it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct JobVersion {
    #[serde(rename = "Version")]
    pub version: u64,
    #[serde(rename = "Type")]
    pub job_type: Option<String>,
    #[serde(rename = "TaskGroups")]
    pub task_groups: Option<Vec<TaskGroup>>,
}

/// An allocation to restart, with the version of the job it runs.
pub struct Target {
    pub stub: Stub,
    pub job: Option<JobVersion>,
}

impl Target {
    /// `HasTask`: the allocation has a state for the task, or its group in its job version
    /// declares it.
    pub fn has_task(&self, name: &str) -> bool {
        if self
            .stub
            .task_states
            .as_ref()
            .is_some_and(|m| m.contains_key(name))
        {
            return true;
        }
        let Some(job) = &self.job else {
            return false;
        };
        // The last group of that name, as Nomad's loop leaves it.
        let group = job
            .task_groups
            .iter()
            .flatten()
            .rfind(|g| g.name.as_deref() == Some(self.stub.base.task_group.as_str()));
        group
            .and_then(|g| g.tasks.as_ref())
            .is_some_and(|ts| ts.iter().any(|t| t.name == name))
    }

    /// `IsRunning`: running on its client, or meant to run.
    pub fn is_running(&self) -> bool {
        self.stub.base.client_status == "running" || self.stub.base.desired_status == "run"
    }

    fn is_system_job(&self) -> bool {
        self.job
            .as_ref()
            .is_some_and(|j| j.job_type.as_deref() == Some("system"))
    }
}

/// One error of a batch; placement failures are the ones that will happen again.
#[derive(Debug, Clone)]
pub struct Failure {
    pub text: String,
    pub placement: bool,
}

impl Failure {
    fn plain(text: String) -> Self {
        Failure {
            text,
            placement: false,
        }
    }
}

/// What every allocation's restart needs.
pub struct Restarter<'a> {
    pub client: &'a Client,
    /// The job's namespace.
    pub q: QueryOptions,
    pub out: &'a Out<'a>,
    pub all_tasks: bool,
    pub tasks: Vec<String>,
    pub reschedule: bool,
    pub verbose: bool,
    pub id_len: usize,
}

impl Restarter<'_> {
    fn short<'s>(&self, id: &'s str) -> &'s str {
        limit(id, self.id_len)
    }

    /// `handleAlloc`: the allocation's errors, each prefixed with the allocation.
    pub async fn handle(&self, t: &Target) -> Result<(), Vec<Failure>> {
        let result = if self.reschedule {
            self.stop(t).await.map_err(|f| vec![f])
        } else {
            self.restart(t).await
        };
        let prefix = format!(
            "Error restarting allocation {}:",
            quote(self.short(&t.stub.base.id))
        );
        result.map_err(|errs| {
            errs.into_iter()
                .map(|f| Failure {
                    text: format!("{prefix} {}", f.text),
                    placement: f.placement,
                })
                .collect()
        })
    }

    async fn restart(&self, t: &Target) -> Result<(), Vec<Failure>> {
        let id = &t.stub.base.id;
        let group = quote(&t.stub.base.task_group);
        let short = quote(self.short(id));
        if self.all_tasks || self.tasks.is_empty() {
            let which = if self.all_tasks { "all" } else { "running" };
            self.out.line(&format!(
                "    {}: Restarting {which} tasks in allocation {short} for group {group}",
                self.out.now()
            ));
            let body = json!({"TaskName": "", "AllTasks": self.all_tasks});
            return self
                .client
                .restart_allocation::<Value, _>(id, &body, &self.q)
                .await
                .map(|_| ())
                .map_err(|e| vec![Failure::plain(e.to_string())]);
        }
        // The tasks of the allocation, restarted side by side.
        let mut restarts = Vec::new();
        for task in self.tasks.iter().filter(|task| t.has_task(task)) {
            self.out.line(&format!(
                "    {}: Restarting task {} in allocation {short} for group {group}",
                self.out.now(),
                quote(task)
            ));
            restarts.push(async move {
                let body = json!({"TaskName": task, "AllTasks": false});
                self.client
                    .restart_allocation::<Value, _>(id, &body, &self.q)
                    .await
                    .map(|_| ())
                    .map_err(|e| {
                        Failure::plain(format!("Failed to restart task {}: {e}", quote(task)))
                    })
            });
        }
        let errs: Vec<Failure> = futures_util::future::join_all(restarts)
            .await
            .into_iter()
            .filter_map(Result::err)
            .collect();
        if errs.is_empty() {
            Ok(())
        } else {
            Err(errs)
        }
    }

    /// `stopAlloc`: stop, force a new evaluation for a system job, then wait for the
    /// replacement (or its placement failure), saying so every minute.
    async fn stop(&self, t: &Target) -> Result<(), Failure> {
        let id = &t.stub.base.id;
        self.out.line(&format!(
            "    {}: Rescheduling allocation {} for group {}",
            self.out.now(),
            quote(self.short(id)),
            quote(&t.stub.base.task_group)
        ));
        // Nomad turns the query options into write options here, which drops
        // -no-shutdown-delay's parameter (v1.10.5); so the request carries none.
        let (_, meta) = self
            .client
            .stop_allocation::<Value, Value>(id, &Value::Null, &self.q)
            .await
            .map_err(|e| Failure::plain(format!("Failed to stop allocation: {e}")))?;
        if t.is_system_job() {
            let body = crate::commands::job::eval::EvaluateRequest::new(&t.stub.base.job_id, true);
            self.client
                .evaluate_job::<Value, _>(&t.stub.base.job_id, &body, &self.q)
                .await
                .map_err(|e| Failure::plain(format!("Failed evaluate job: {e}")))?;
        }
        let minute = Duration::from_secs(60);
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + minute, minute);
        let placement = self.placement_failures(t, meta.last_index);
        let replaced = self.replacement(t);
        tokio::pin!(placement, replaced);
        loop {
            tokio::select! {
                r = &mut placement => return r,
                r = &mut replaced => return r,
                _ = ticker.tick() => self.out.line(&format!(
                    "    {}: Still waiting for allocation {} to be replaced",
                    self.out.now(),
                    quote(self.short(id))
                )),
            }
        }
    }

    /// `monitorPlacementFailures`: a blocked evaluation created since the stop that could not
    /// place the allocation's group.
    async fn placement_failures(&self, t: &Target, index: u64) -> Result<(), Failure> {
        let job = &t.stub.base.job_id;
        let group = &t.stub.base.task_group;
        let mut q = self.q.clone();
        q.index = index;
        loop {
            let (evals, meta) = self
                .client
                .job_evaluations::<Option<Vec<Evaluation>>>(job, &q)
                .await
                .map_err(|e| {
                    Failure::plain(format!(
                        "Failed to retrieve evaluations for job {}: {e}",
                        quote(job)
                    ))
                })?;
            for e in evals.iter().flatten() {
                if e.create_index < index || e.status != "blocked" {
                    continue;
                }
                if let Some(m) = e.failed_tg_allocs.as_ref().and_then(|f| f.get(group)) {
                    return Err(Failure {
                        text: placement_text(self.short(&e.id), group, m),
                        placement: true,
                    });
                }
            }
            q.index = meta.last_index;
        }
    }

    /// `monitorReplacementAlloc`: follows the allocation to its replacement (and that one's,
    /// if it is replaced in turn) until a replacement runs.
    async fn replacement(&self, t: &Target) -> Result<(), Failure> {
        let first = &t.stub.base.id;
        let mut current = first.clone();
        let mut q = self.q.clone();
        q.index = 1;
        loop {
            let (a, meta) = self
                .client
                .allocation::<Stub>(&current, &q)
                .await
                .map_err(|e| {
                    Failure::plain(format!(
                        "Failed to retrieve allocation {}: {e}",
                        quote(self.short(&current))
                    ))
                })?;
            let a_id = a.base.id.clone();
            if !a.next_allocation.is_empty() {
                let next = quote(self.short(&a.next_allocation));
                self.out.line(&format!(
                    "    {}: Allocation {} replaced by {next}, waiting for {next} to start running",
                    self.out.now(),
                    quote(self.short(&a_id)),
                ));
                current = a.next_allocation;
                q.index = 1;
                continue;
            }
            let status = &a.base.client_status;
            if status == "running" {
                if a_id != *first {
                    self.out.line(&format!(
                        "    {}: Allocation {} is {}",
                        self.out.now(),
                        quote(self.short(&a_id)),
                        quote(status)
                    ));
                    return Ok(());
                }
            } else if self.verbose {
                self.out.line(&format!(
                    "[dark_gray]    {}: Allocation {} is {}[reset]",
                    self.out.now(),
                    quote(self.short(&a_id)),
                    quote(status)
                ));
            }
            q.index = meta.last_index;
        }
    }
}

/// `ErrJobRestartPlacementFailure`'s text.
fn placement_text(eval: &str, group: &str, m: &AllocationMetric) -> String {
    format!(
        "Evaluation {} has placement failures for group {}:\n{}",
        quote(eval),
        quote(group),
        format_alloc_metrics(m, "    ")
    )
}
