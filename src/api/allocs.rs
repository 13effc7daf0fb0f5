//! Allocations as the list endpoints return them.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use serde_json::Value;

use super::{Client, Error, QueryMeta, QueryOptions};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocationListStub {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "EvalID")]
    pub eval_id: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Namespace")]
    pub namespace: String,
    #[serde(rename = "NodeID")]
    pub node_id: String,
    #[serde(rename = "NodeName")]
    pub node_name: String,
    #[serde(rename = "JobID")]
    pub job_id: String,
    #[serde(rename = "JobVersion")]
    pub job_version: u64,
    #[serde(rename = "TaskGroup")]
    pub task_group: String,
    #[serde(rename = "DesiredStatus")]
    pub desired_status: String,
    #[serde(rename = "ClientStatus")]
    pub client_status: String,
    #[serde(rename = "ClientDescription")]
    pub client_description: String,
    #[serde(rename = "FollowupEvalID")]
    pub followup_eval_id: String,
    /// The allocation that replaced this one (empty while none did).
    #[serde(rename = "NextAllocation")]
    pub next_allocation: String,
    #[serde(rename = "DeploymentStatus")]
    pub deployment_status: Option<AllocDeploymentStatus>,
    #[serde(rename = "CreateIndex")]
    pub create_index: u64,
    #[serde(rename = "ModifyIndex")]
    pub modify_index: u64,
    #[serde(rename = "CreateTime")]
    pub create_time: i64,
    #[serde(rename = "ModifyTime")]
    pub modify_time: i64,
    /// Checked as any JSON and dropped: no table shows it, and lists hold thousands of rows.
    #[serde(rename = "AllocatedResources")]
    pub allocated_resources: serde::de::IgnoredAny,
}

/// The part of an allocation stub `job logs` reads: where it runs, its state, and which of
/// its tasks have started (the stub's `TaskStates`, events left undecoded).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocTasksStub {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "Namespace")]
    pub namespace: String,
    #[serde(rename = "NodeID")]
    pub node_id: String,
    #[serde(rename = "TaskGroup")]
    pub task_group: String,
    #[serde(rename = "DesiredStatus")]
    pub desired_status: String,
    #[serde(rename = "ClientStatus")]
    pub client_status: String,
    #[serde(rename = "CreateIndex")]
    pub create_index: u64,
    #[serde(rename = "TaskStates")]
    pub task_states: Option<BTreeMap<String, TaskStateBrief>>,
}

/// A task's state name alone (`pending`, `running`, `dead`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskStateBrief {
    #[serde(rename = "State")]
    pub state: String,
}

/// A full allocation as `GET /v1/allocation/<id>` returns it, as far as `alloc status` and the
/// other `alloc` commands read it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocInfo {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "CreateIndex")]
    pub create_index: u64,
    #[serde(rename = "Namespace")]
    pub namespace: String,
    #[serde(rename = "EvalID")]
    pub eval_id: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "NodeID")]
    pub node_id: String,
    #[serde(rename = "NodeName")]
    pub node_name: String,
    #[serde(rename = "JobID")]
    pub job_id: String,
    #[serde(rename = "Job")]
    pub job: Option<InfoJob>,
    #[serde(rename = "TaskGroup")]
    pub task_group: String,
    #[serde(rename = "Resources")]
    pub resources: Option<Resources>,
    #[serde(rename = "TaskResources")]
    pub task_resources: Option<BTreeMap<String, TaskResources>>,
    #[serde(rename = "AllocatedResources")]
    pub allocated_resources: Option<AllocatedResources>,
    #[serde(rename = "Metrics")]
    pub metrics: Option<serde_json::Value>,
    #[serde(rename = "DesiredStatus")]
    pub desired_status: String,
    #[serde(rename = "DesiredDescription")]
    pub desired_description: String,
    #[serde(rename = "ClientStatus")]
    pub client_status: String,
    #[serde(rename = "ClientDescription")]
    pub client_description: String,
    #[serde(rename = "TaskStates")]
    pub task_states: Option<BTreeMap<String, TaskState>>,
    #[serde(rename = "DeploymentID")]
    pub deployment_id: String,
    #[serde(rename = "DeploymentStatus")]
    pub deployment_status: Option<AllocDeploymentStatus>,
    #[serde(rename = "RescheduleTracker")]
    pub reschedule_tracker: Option<RescheduleTracker>,
    #[serde(rename = "NextAllocation")]
    pub next_allocation: String,
    #[serde(rename = "FollowupEvalID")]
    pub followup_eval_id: String,
    #[serde(rename = "CreateTime")]
    pub create_time: i64,
    #[serde(rename = "ModifyTime")]
    pub modify_time: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InfoJob {
    #[serde(rename = "Version")]
    pub version: Option<u64>,
    #[serde(rename = "TaskGroups")]
    pub task_groups: Option<Vec<InfoTaskGroup>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InfoTaskGroup {
    #[serde(rename = "Name")]
    pub name: Option<String>,
    #[serde(rename = "Tasks")]
    pub tasks: Option<Vec<InfoTask>>,
    #[serde(rename = "ReschedulePolicy")]
    pub reschedule_policy: Option<ReschedulePolicy>,
    #[serde(rename = "Volumes")]
    pub volumes: Option<BTreeMap<String, InfoVolumeRequest>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InfoTask {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Lifecycle")]
    pub lifecycle: Option<TaskLifecycle>,
    #[serde(rename = "VolumeMounts")]
    pub volume_mounts: Option<Vec<VolumeMount>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskLifecycle {
    #[serde(rename = "Hook")]
    pub hook: String,
    #[serde(rename = "Sidecar")]
    pub sidecar: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VolumeMount {
    #[serde(rename = "Volume")]
    pub volume: Option<String>,
    #[serde(rename = "ReadOnly")]
    pub read_only: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InfoVolumeRequest {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Type")]
    pub volume_type: String,
    #[serde(rename = "Source")]
    pub source: String,
    #[serde(rename = "ReadOnly")]
    pub read_only: bool,
    #[serde(rename = "PerAlloc")]
    pub per_alloc: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReschedulePolicy {
    #[serde(rename = "Attempts")]
    pub attempts: Option<i64>,
    #[serde(rename = "Interval")]
    pub interval: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RescheduleTracker {
    #[serde(rename = "Events")]
    pub events: Option<Vec<RescheduleEvent>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RescheduleEvent {
    #[serde(rename = "RescheduleTime")]
    pub reschedule_time: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocDeploymentStatus {
    #[serde(rename = "Healthy")]
    pub healthy: Option<bool>,
    #[serde(rename = "Canary")]
    pub canary: bool,
}

/// The legacy per-task `Resources` (`TaskResources[task]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskResources {
    #[serde(rename = "CPU")]
    pub cpu: Option<i64>,
    #[serde(rename = "Cores")]
    pub cores: Option<i64>,
    #[serde(rename = "MemoryMB")]
    pub memory_mb: Option<i64>,
    #[serde(rename = "MemoryMaxMB")]
    pub memory_max_mb: Option<i64>,
    #[serde(rename = "Networks")]
    pub networks: Option<Vec<NetworkResource>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NetworkResource {
    #[serde(rename = "Mode")]
    pub mode: String,
    #[serde(rename = "IP")]
    pub ip: String,
    #[serde(rename = "DynamicPorts")]
    pub dynamic_ports: Option<Vec<Port>>,
    #[serde(rename = "ReservedPorts")]
    pub reserved_ports: Option<Vec<Port>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Port {
    #[serde(rename = "Label")]
    pub label: String,
    #[serde(rename = "Value")]
    pub value: i64,
    #[serde(rename = "To")]
    pub to: i64,
    #[serde(rename = "HostIP")]
    pub host_ip: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocatedResources {
    #[serde(rename = "Shared")]
    pub shared: Option<AllocatedShared>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocatedShared {
    #[serde(rename = "Networks")]
    pub networks: Option<Vec<NetworkResource>>,
    #[serde(rename = "Ports")]
    pub ports: Option<Vec<Port>>,
}

/// `TaskState`: times the server sends as RFC 3339 text (`null` or Go's zero time when unset).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskState {
    #[serde(rename = "State")]
    pub state: String,
    #[serde(rename = "Failed")]
    pub failed: bool,
    #[serde(rename = "Restarts")]
    pub restarts: u64,
    #[serde(rename = "LastRestart")]
    pub last_restart: Option<String>,
    #[serde(rename = "StartedAt")]
    pub started_at: Option<String>,
    #[serde(rename = "FinishedAt")]
    pub finished_at: Option<String>,
    #[serde(rename = "Events")]
    pub events: Option<Vec<TaskEvent>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskEvent {
    #[serde(rename = "Type")]
    pub kind: String,
    #[serde(rename = "Time")]
    pub time: i64,
    #[serde(rename = "Message")]
    pub message: String,
    #[serde(rename = "DisplayMessage")]
    pub display_message: String,
    #[serde(rename = "RestartReason")]
    pub restart_reason: String,
    #[serde(rename = "SetupError")]
    pub setup_error: String,
    #[serde(rename = "DriverError")]
    pub driver_error: String,
    #[serde(rename = "ExitCode")]
    pub exit_code: i64,
    #[serde(rename = "Signal")]
    pub signal: i64,
    #[serde(rename = "KillTimeout")]
    pub kill_timeout: i64,
    #[serde(rename = "KillError")]
    pub kill_error: String,
    #[serde(rename = "KillReason")]
    pub kill_reason: String,
    #[serde(rename = "StartDelay")]
    pub start_delay: i64,
    #[serde(rename = "DownloadError")]
    pub download_error: String,
    #[serde(rename = "ValidationError")]
    pub validation_error: String,
    #[serde(rename = "FailedSibling")]
    pub failed_sibling: String,
    #[serde(rename = "TaskSignalReason")]
    pub task_signal_reason: String,
    #[serde(rename = "TaskSignal")]
    pub task_signal: String,
    #[serde(rename = "DriverMessage")]
    pub driver_message: String,
}

/// `AllocResourceUsage` with every field `alloc status -stats` shows.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocStats {
    #[serde(rename = "Tasks")]
    pub tasks: Option<BTreeMap<String, Option<TaskStats>>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskStats {
    #[serde(rename = "ResourceUsage")]
    pub resource_usage: Option<FullResourceUsage>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FullResourceUsage {
    #[serde(rename = "MemoryStats")]
    pub memory_stats: Option<FullMemoryStats>,
    #[serde(rename = "CpuStats")]
    pub cpu_stats: Option<FullCpuStats>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FullMemoryStats {
    #[serde(rename = "RSS")]
    pub rss: u64,
    #[serde(rename = "Cache")]
    pub cache: u64,
    #[serde(rename = "Swap")]
    pub swap: u64,
    #[serde(rename = "Usage")]
    pub usage: u64,
    #[serde(rename = "MaxUsage")]
    pub max_usage: u64,
    #[serde(rename = "KernelUsage")]
    pub kernel_usage: u64,
    #[serde(rename = "KernelMaxUsage")]
    pub kernel_max_usage: u64,
    #[serde(rename = "Measured")]
    pub measured: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FullCpuStats {
    #[serde(rename = "SystemMode")]
    pub system_mode: f64,
    #[serde(rename = "UserMode")]
    pub user_mode: f64,
    #[serde(rename = "TotalTicks")]
    pub total_ticks: f64,
    #[serde(rename = "ThrottledPeriods")]
    pub throttled_periods: u64,
    #[serde(rename = "ThrottledTime")]
    pub throttled_time: u64,
    #[serde(rename = "Percent")]
    pub percent: f64,
    #[serde(rename = "Measured")]
    pub measured: Option<Vec<String>>,
}

/// One entry of `/v1/client/allocation/<id>/checks`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocCheckStatus {
    #[serde(rename = "Check")]
    pub check: String,
    #[serde(rename = "Mode")]
    pub mode: String,
    #[serde(rename = "Service")]
    pub service: String,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "Task")]
    pub task: String,
}

impl AllocInfo {
    /// The names of the CSI volumes this allocation's task group asks for.
    pub fn csi_volume_names(&self) -> Vec<String> {
        self.group()
            .and_then(|g| g.volumes.as_ref())
            .map(|v| {
                v.values()
                    .filter(|v| v.volume_type == "csi")
                    .map(|v| v.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The allocation's task group in its job.
    pub fn group(&self) -> Option<&InfoTaskGroup> {
        self.job
            .as_ref()?
            .task_groups
            .as_ref()?
            .iter()
            .find(|tg| tg.name.as_deref() == Some(self.task_group.as_str()))
    }

    /// The task names of the allocation's group, in jobspec order.
    pub fn group_tasks(&self) -> Vec<String> {
        self.group()
            .and_then(|g| g.tasks.as_ref())
            .map(|t| t.iter().map(|t| t.name.clone()).collect())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Resources {
    #[serde(rename = "CPU")]
    pub cpu: Option<i64>,
    #[serde(rename = "MemoryMB")]
    pub memory_mb: Option<i64>,
    #[serde(rename = "DiskMB")]
    pub disk_mb: Option<i64>,
}

/// The allocation endpoints (generic over the body: typed, or `Value` to print as is). IDs
/// go in as given, as Nomad's client puts them.
impl Client {
    /// `GET /v1/allocation/<id>`.
    pub async fn allocation<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&allocation_path(id), q).await
    }

    /// `GET /v1/allocation/<id>` as a blocking query past `index`.
    pub async fn block_allocation<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
        index: u64,
        wait: std::time::Duration,
    ) -> Result<(T, QueryMeta), Error> {
        self.block(&allocation_path(id), q, index, wait).await
    }

    /// `PUT /v1/allocation/<id>/stop`.
    pub async fn stop_allocation<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&format!("/v1/allocation/{id}/stop"), body, q)
            .await
    }

    /// `GET /v1/client/allocation/<id>/pause?task=<task>`: a task's schedule state.
    pub async fn alloc_pause_state(
        &self,
        id: &str,
        task: &str,
        q: &QueryOptions,
    ) -> Result<(String, QueryMeta), Error> {
        let q = q.clone().param("task", task);
        let (v, meta) = self
            .get::<Value>(&format!("/v1/client/allocation/{id}/pause"), &q)
            .await?;
        let state = v["ScheduleState"].as_str().unwrap_or("").to_string();
        Ok((state, meta))
    }

    /// `PUT /v1/client/allocation/<id>/pause` (`AllocPauseRequest`): sets a task's (or, with
    /// no task, the allocation's) schedule state.
    pub async fn set_alloc_pause_state(
        &self,
        id: &str,
        task: &str,
        state: &str,
        q: &QueryOptions,
    ) -> Result<QueryMeta, Error> {
        let body = serde_json::json!({ "Task": task, "ScheduleState": state });
        self.send_value(
            "PUT",
            &format!("/v1/client/allocation/{id}/pause"),
            q,
            Some(&body),
        )
        .await
        .map(|(_, m)| m)
    }

    /// `PUT /v1/client/allocation/<id>/restart` (`AllocRestartRequest`).
    pub async fn restart_allocation<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&format!("/v1/client/allocation/{id}/restart"), body, q)
            .await
    }

    /// `PUT /v1/client/allocation/<id>/signal` (`AllocSignalRequest`).
    pub async fn signal_allocation<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&format!("/v1/client/allocation/{id}/signal"), body, q)
            .await
    }

    /// `GET /v1/client/allocation/<id>/checks`.
    pub async fn allocation_checks<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&format!("/v1/client/allocation/{id}/checks"), q)
            .await
    }

    /// `GET /v1/client/allocation/<id>/stats`.
    pub async fn allocation_stats<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&format!("/v1/client/allocation/{id}/stats"), q)
            .await
    }

    /// `GET /v1/client/fs/stat/<id>` (`path` in `q`).
    pub async fn fs_stat<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&format!("/v1/client/fs/stat/{id}"), q).await
    }

    /// `GET /v1/client/fs/ls/<id>` (`path` in `q`).
    pub async fn fs_ls<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&format!("/v1/client/fs/ls/{id}"), q).await
    }
}

fn allocation_path(id: &str) -> String {
    format!("/v1/allocation/{id}")
}
