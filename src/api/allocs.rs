//! Allocations as the list endpoints return them.

use serde::Deserialize;

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
    #[serde(rename = "FollowupEvalID")]
    pub followup_eval_id: String,
    #[serde(rename = "ClientDescription")]
    pub client_description: String,
    #[serde(rename = "CreateIndex")]
    pub create_index: u64,
    #[serde(rename = "ModifyIndex")]
    pub modify_index: u64,
    #[serde(rename = "CreateTime")]
    pub create_time: i64,
    #[serde(rename = "ModifyTime")]
    pub modify_time: i64,
    #[serde(rename = "AllocatedResources")]
    pub allocated_resources: Option<serde_json::Value>,
}

/// A full allocation, as far as the node view needs it (`/v1/node/<id>/allocations`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Allocation {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "EvalID")]
    pub eval_id: String,
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
    #[serde(rename = "CreateTime")]
    pub create_time: i64,
    #[serde(rename = "ModifyTime")]
    pub modify_time: i64,
    #[serde(rename = "Resources")]
    pub resources: Option<Resources>,
    #[serde(rename = "Job")]
    pub job: Option<AllocJob>,
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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocJob {
    #[serde(rename = "Version")]
    pub version: Option<u64>,
    #[serde(rename = "TaskGroups")]
    pub task_groups: Option<Vec<AllocTaskGroup>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocTaskGroup {
    #[serde(rename = "Name")]
    pub name: Option<String>,
    #[serde(rename = "Volumes")]
    pub volumes: Option<std::collections::BTreeMap<String, VolumeRequest>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VolumeRequest {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Type")]
    pub volume_type: String,
    #[serde(rename = "Source")]
    pub source: String,
}

impl Allocation {
    /// The names of the CSI volumes this allocation's task group asks for.
    pub fn csi_volume_names(&self) -> Vec<String> {
        self.job
            .as_ref()
            .and_then(|j| j.task_groups.as_ref())
            .and_then(|tgs| {
                tgs.iter()
                    .find(|tg| tg.name.as_deref() == Some(self.task_group.as_str()))
            })
            .and_then(|tg| tg.volumes.as_ref())
            .map(|v| {
                v.values()
                    .filter(|v| v.volume_type == "csi")
                    .map(|v| v.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }
}
