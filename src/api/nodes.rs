//! Client nodes: list stubs, full nodes, host and allocation resource usage.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Client, Error, QueryMeta, QueryOptions};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NodeListStub {
    #[serde(rename = "Address")]
    pub address: String,
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "Attributes")]
    pub attributes: Option<BTreeMap<String, String>>,
    #[serde(rename = "Datacenter")]
    pub datacenter: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "NodeClass")]
    pub node_class: String,
    #[serde(rename = "NodePool")]
    pub node_pool: String,
    #[serde(rename = "Version")]
    pub version: String,
    #[serde(rename = "Drain")]
    pub drain: bool,
    #[serde(rename = "SchedulingEligibility")]
    pub scheduling_eligibility: String,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "CreateIndex")]
    pub create_index: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Node {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "Datacenter")]
    pub datacenter: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "HTTPAddr")]
    pub http_addr: String,
    #[serde(rename = "Attributes")]
    pub attributes: Option<BTreeMap<String, String>>,
    #[serde(rename = "NodeResources")]
    pub node_resources: Option<NodeResources>,
    #[serde(rename = "ReservedResources")]
    pub reserved_resources: Option<NodeReservedResources>,
    #[serde(rename = "Meta")]
    pub meta: Option<BTreeMap<String, String>>,
    #[serde(rename = "NodeClass")]
    pub node_class: String,
    #[serde(rename = "NodePool")]
    pub node_pool: String,
    #[serde(rename = "Drain")]
    pub drain: bool,
    #[serde(rename = "DrainStrategy")]
    pub drain_strategy: Option<DrainStrategy>,
    #[serde(rename = "LastDrain")]
    pub last_drain: Option<DrainMetadata>,
    #[serde(rename = "SchedulingEligibility")]
    pub scheduling_eligibility: String,
    #[serde(rename = "Status")]
    pub status: String,
    #[serde(rename = "Events")]
    pub events: Option<Vec<NodeEvent>>,
    #[serde(rename = "Drivers")]
    pub drivers: Option<BTreeMap<String, DriverInfo>>,
    #[serde(rename = "HostVolumes")]
    pub host_volumes: Option<BTreeMap<String, HostVolumeInfo>>,
    #[serde(rename = "HostNetworks")]
    pub host_networks: Option<BTreeMap<String, HostNetworkInfo>>,
    #[serde(rename = "CSIControllerPlugins")]
    pub csi_controller_plugins: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(rename = "CSINodePlugins")]
    pub csi_node_plugins: Option<BTreeMap<String, serde_json::Value>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct DrainStrategy {
    #[serde(rename = "Deadline")]
    pub deadline: i64,
    #[serde(rename = "IgnoreSystemJobs")]
    pub ignore_system_jobs: bool,
    #[serde(rename = "ForceDeadline")]
    pub force_deadline: Option<String>,
}

/// What the node's last drain left (`DrainMetadata`): `node drain -disable` keeps its meta.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DrainMetadata {
    #[serde(rename = "Meta")]
    pub meta: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NodeEvent {
    #[serde(rename = "Message")]
    pub message: String,
    #[serde(rename = "Subsystem")]
    pub subsystem: String,
    #[serde(rename = "Details")]
    pub details: Option<BTreeMap<String, String>>,
    #[serde(rename = "Timestamp")]
    pub timestamp: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DriverInfo {
    #[serde(rename = "Detected")]
    pub detected: bool,
    #[serde(rename = "Healthy")]
    pub healthy: bool,
    #[serde(rename = "HealthDescription")]
    pub health_description: String,
    #[serde(rename = "UpdateTime")]
    pub update_time: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HostVolumeInfo {
    #[serde(rename = "Path")]
    pub path: String,
    #[serde(rename = "ReadOnly")]
    pub read_only: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HostNetworkInfo {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "CIDR")]
    pub cidr: String,
    #[serde(rename = "Interface")]
    pub interface: String,
    #[serde(rename = "ReservedPorts")]
    pub reserved_ports: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NodeResources {
    #[serde(rename = "Cpu")]
    pub cpu: NodeCpuResources,
    #[serde(rename = "Memory")]
    pub memory: NodeMemoryResources,
    #[serde(rename = "Disk")]
    pub disk: NodeDiskResources,
    #[serde(rename = "Devices")]
    pub devices: Option<Vec<serde_json::Value>>,
    #[serde(rename = "MaxAllocs")]
    pub max_allocs: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NodeCpuResources {
    #[serde(rename = "CpuShares")]
    pub cpu_shares: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NodeMemoryResources {
    #[serde(rename = "MemoryMB")]
    pub memory_mb: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NodeDiskResources {
    #[serde(rename = "DiskMB")]
    pub disk_mb: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NodeReservedResources {
    #[serde(rename = "Cpu")]
    pub cpu: NodeCpuResources,
    #[serde(rename = "Memory")]
    pub memory: NodeMemoryResources,
    #[serde(rename = "Disk")]
    pub disk: NodeDiskResources,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HostStats {
    #[serde(rename = "Memory")]
    pub memory: Option<HostMemoryStats>,
    #[serde(rename = "CPU")]
    pub cpu: Option<Vec<HostCpuStats>>,
    #[serde(rename = "DiskStats")]
    pub disk_stats: Option<Vec<HostDiskStats>>,
    #[serde(rename = "DeviceStats")]
    pub device_stats: Option<Vec<serde_json::Value>>,
    #[serde(rename = "Uptime")]
    pub uptime: u64,
    #[serde(rename = "CPUTicksConsumed")]
    pub cpu_ticks_consumed: f64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HostMemoryStats {
    #[serde(rename = "Total")]
    pub total: u64,
    #[serde(rename = "Available")]
    pub available: u64,
    #[serde(rename = "Used")]
    pub used: u64,
    #[serde(rename = "Free")]
    pub free: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HostCpuStats {
    #[serde(rename = "CPU")]
    pub cpu: String,
    #[serde(rename = "User")]
    pub user: f64,
    #[serde(rename = "System")]
    pub system: f64,
    #[serde(rename = "Idle")]
    pub idle: f64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HostDiskStats {
    #[serde(rename = "Device")]
    pub device: String,
    #[serde(rename = "Mountpoint")]
    pub mountpoint: String,
    #[serde(rename = "Size")]
    pub size: u64,
    #[serde(rename = "Used")]
    pub used: u64,
    #[serde(rename = "Available")]
    pub available: u64,
    #[serde(rename = "UsedPercent")]
    pub used_percent: f64,
    #[serde(rename = "InodesUsedPercent")]
    pub inodes_used_percent: f64,
}

/// `AllocResourceUsage` from `/v1/client/allocation/<id>/stats`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AllocResourceUsage {
    #[serde(rename = "ResourceUsage")]
    pub resource_usage: Option<ResourceUsage>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResourceUsage {
    #[serde(rename = "MemoryStats")]
    pub memory_stats: Option<MemoryStats>,
    #[serde(rename = "CpuStats")]
    pub cpu_stats: Option<CpuStats>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MemoryStats {
    #[serde(rename = "RSS")]
    pub rss: u64,
    #[serde(rename = "Usage")]
    pub usage: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CpuStats {
    #[serde(rename = "TotalTicks")]
    pub total_ticks: f64,
}

/// The node endpoints (generic over the body: typed, or `Value` to print as is). Node IDs go
/// in as given, as Nomad's client puts them.
impl Client {
    /// `GET /v1/node/<id>`.
    pub async fn node<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&format!("/v1/node/{id}"), q).await
    }

    /// `GET /v1/node/<id>/allocations`.
    pub async fn node_allocations<T: DeserializeOwned>(
        &self,
        id: &str,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get(&node_allocations_path(id), q).await
    }

    /// `PUT /v1/node/<id>/drain` (`NodeUpdateDrainRequest`).
    pub async fn update_node_drain<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&format!("/v1/node/{id}/drain"), body, q).await
    }

    /// `PUT /v1/node/<id>/eligibility` (`NodeUpdateEligibilityRequest`).
    pub async fn update_node_eligibility<T: DeserializeOwned, B: Serialize>(
        &self,
        id: &str,
        body: &B,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.put(&format!("/v1/node/{id}/eligibility"), body, q)
            .await
    }

    /// `GET /v1/node/pools` (`prefix`, paging and `filter` in `q`).
    pub async fn node_pools<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/node/pools", q).await
    }

    /// `GET /v1/client/metadata` (`node_id` in `q`).
    pub async fn client_metadata<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/client/metadata", q).await
    }

    /// `POST /v1/client/metadata` (`NodeMetaApplyRequest`); the reply as untyped JSON.
    pub async fn apply_client_metadata(
        &self,
        body: &Value,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        self.send_value("POST", "/v1/client/metadata", q, Some(body))
            .await
    }

    /// `GET /v1/client/stats` (`node_id` in `q`).
    pub async fn client_stats<T: DeserializeOwned>(
        &self,
        q: &QueryOptions,
    ) -> Result<(T, QueryMeta), Error> {
        self.get("/v1/client/stats", q).await
    }

    /// `/v1/nodes`, sorted as the Go client sorts it: newest CreateIndex first.
    pub async fn nodes(&self, q: &QueryOptions) -> Result<(Vec<NodeListStub>, QueryMeta), Error> {
        let (v, m) = self
            .get::<Option<Vec<NodeListStub>>>("/v1/nodes", q)
            .await?;
        let mut v = v.unwrap_or_default();
        crate::gocompat::sort::sort(&mut v, |a, b| a.create_index > b.create_index);
        Ok((v, m))
    }
}

/// The node pool endpoints beyond the list (`node pool apply|delete|jobs|nodes`).
impl Client {
    /// `PUT /v1/node/pools` with a `NodePool` (the answer has no body).
    pub async fn register_node_pool(&self, pool: &Value) -> Result<(), Error> {
        self.send_value("PUT", "/v1/node/pools", &QueryOptions::new(), Some(pool))
            .await
            .map(|_| ())
    }

    /// `DELETE /v1/node/pool/<name>`.
    pub async fn delete_node_pool(&self, name: &str) -> Result<(), Error> {
        let path = format!("/v1/node/pool/{}", super::url::path_escape(name));
        self.send_value("DELETE", &path, &QueryOptions::new(), None)
            .await
            .map(|_| ())
    }

    /// `GET /v1/node/pool/<name>/jobs` (filter and paging in `q`).
    pub async fn node_pool_jobs(
        &self,
        name: &str,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        let path = format!("/v1/node/pool/{}/jobs", super::url::path_escape(name));
        self.get(&path, q).await
    }

    /// `GET /v1/node/pool/<name>/nodes` (filter and paging in `q`).
    pub async fn node_pool_nodes(
        &self,
        name: &str,
        q: &QueryOptions,
    ) -> Result<(Value, QueryMeta), Error> {
        let path = format!("/v1/node/pool/{}/nodes", super::url::path_escape(name));
        self.get(&path, q).await
    }
}

/// `/v1/node/<id>/allocations`, for lists read as they arrive.
pub fn node_allocations_path(id: &str) -> String {
    format!("/v1/node/{id}/allocations")
}
