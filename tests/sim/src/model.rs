//! The typed records the sim keeps for allocations, nodes, evaluations and deployments, and
//! their rendering into the JSON that Nomad v1.10.5's server sends (Go `encoding/json` of the
//! `nomad/structs` types: Go field names, nil slices/maps as `null`, durations in ns).
//!
//! Records hold only what varies; the constant parts of each Go struct are filled in when
//! rendering, which keeps 50,000 generated allocations cheap in memory.

use crate::util::{omit_empty, time_json};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// One event in a task's history (`structs.TaskEvent`).
#[derive(Clone, Debug, Default)]
pub struct TaskEvent {
    pub kind: String,
    pub time: i64,
    pub display_message: String,
    pub message: String,
    pub details: BTreeMap<String, String>,
    pub fails_task: bool,
    pub exit_code: i64,
}

impl TaskEvent {
    pub fn new(kind: &str, time: i64, display_message: &str) -> Self {
        TaskEvent {
            kind: kind.to_string(),
            time,
            display_message: display_message.to_string(),
            ..Default::default()
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "Type": self.kind, "Time": self.time, "Message": self.message,
            "DisplayMessage": self.display_message, "Details": self.details,
            "FailsTask": self.fails_task, "RestartReason": "", "SetupError": "",
            "DriverError": "", "ExitCode": self.exit_code, "Signal": 0, "KillTimeout": 0,
            "KillError": "", "KillReason": "", "StartDelay": 0, "DownloadError": "",
            "ValidationError": "", "DiskLimit": 0, "FailedSibling": "", "VaultError": "",
            "TaskSignalReason": "", "TaskSignal": "", "DriverMessage": "", "GenericSource": "",
        })
    }
}

/// `structs.TaskState`. Times are Unix ns; 0 renders as Go's zero time.
#[derive(Clone, Debug, Default)]
pub struct TaskState {
    pub state: String,
    pub failed: bool,
    pub restarts: u64,
    pub last_restart: i64,
    pub started_at: i64,
    pub finished_at: i64,
    pub events: Vec<TaskEvent>,
}

impl TaskState {
    pub fn to_json(&self) -> Value {
        json!({
            "State": self.state, "Failed": self.failed, "Restarts": self.restarts,
            "LastRestart": time_json(self.last_restart), "StartedAt": time_json(self.started_at),
            "FinishedAt": time_json(self.finished_at),
            "Events": self.events.iter().map(TaskEvent::to_json).collect::<Vec<_>>(),
            "Paused": "",
        })
    }
}

/// Resources one task of an allocation was given.
#[derive(Clone, Debug)]
pub struct TaskResources {
    pub cpu: i64,
    pub memory_mb: i64,
    pub memory_max_mb: i64,
}

/// One port the scheduler gave an allocation (`structs.AllocatedPortMapping`).
#[derive(Clone, Debug, Default)]
pub struct AllocPort {
    pub label: String,
    pub value: i64,
    pub to: i64,
    pub host_ip: String,
    pub ignore_collision: bool,
}

impl AllocPort {
    /// Omitempty, as its codec tag says: `To` 0 and `IgnoreCollision` false are left out.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "Label": self.label, "Value": self.value, "To": self.to, "HostIP": self.host_ip,
            "IgnoreCollision": self.ignore_collision,
        });
        omit_empty(&mut v);
        v
    }
}

/// `structs.AllocDeploymentStatus`.
#[derive(Clone, Debug, Default)]
pub struct AllocDeploymentStatus {
    pub healthy: Option<bool>,
    pub timestamp: i64,
    pub canary: bool,
    pub modify_index: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Alloc {
    pub id: String,
    pub namespace: String,
    pub eval_id: String,
    pub name: String,
    pub node_id: String,
    pub node_name: String,
    pub job_id: String,
    pub job_type: String,
    pub job_version: u64,
    pub task_group: String,
    pub desired_status: String,
    pub desired_description: String,
    pub client_status: String,
    pub client_description: String,
    pub task_states: BTreeMap<String, TaskState>,
    pub tasks: BTreeMap<String, TaskResources>,
    pub disk_mb: i64,
    pub previous_allocation: String,
    pub next_allocation: String,
    pub deployment_id: String,
    pub deployment_status: Option<AllocDeploymentStatus>,
    pub followup_eval_id: String,
    /// `DesiredTransition.Migrate` and `.NoShutdownDelay`, as `alloc stop` sets them.
    pub migrate: bool,
    pub no_shutdown_delay: bool,
    /// The group network the scheduler offered (`structs.NetworkResource`, already in its
    /// JSON form: the group's ask with the port values and the node's IP filled in), and the
    /// ports it holds; `None` for a group without a network.
    pub network: Option<Value>,
    pub ports: Vec<AllocPort>,
    /// Scheduler metrics worth keeping: nodes evaluated, the pool they came from, and the
    /// datacenter of the chosen node (what `NodesAvailable` counts by).
    pub nodes_evaluated: u64,
    pub datacenter: String,
    pub node_pool: String,
    pub create_index: u64,
    pub modify_index: u64,
    pub alloc_modify_index: u64,
    pub create_time: i64,
    pub modify_time: i64,
}

impl Alloc {
    pub fn allocated_resources(&self) -> Value {
        let tasks: Map<String, Value> = self
            .tasks
            .iter()
            .map(|(name, r)| {
                (
                    name.clone(),
                    json!({
                        "Cpu": {"CpuShares": r.cpu, "ReservedCores": null},
                        "Memory": {"MemoryMB": r.memory_mb, "MemoryMaxMB": r.memory_max_mb},
                        "Networks": null, "Devices": null,
                    }),
                )
            })
            .collect();
        let lifecycles: Map<String, Value> = self
            .tasks
            .keys()
            .map(|n| (n.clone(), Value::Null))
            .collect();
        let ports = if self.ports.is_empty() {
            Value::Null
        } else {
            self.ports.iter().map(AllocPort::to_json).collect()
        };
        json!({
            "Tasks": tasks,
            "TaskLifecycles": lifecycles,
            "Shared": {"Networks": self.networks_json(), "DiskMB": self.disk_mb, "Ports": ports},
        })
    }

    /// The offered group network as a list (`Networks`), or null without one.
    fn networks_json(&self) -> Value {
        match &self.network {
            Some(n) => json!([n]),
            None => Value::Null,
        }
    }

    fn task_states_json(&self) -> Value {
        if self.task_states.is_empty() {
            return Value::Null;
        }
        Value::Object(
            self.task_states
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect(),
        )
    }

    fn deployment_status_json(&self) -> Value {
        match &self.deployment_status {
            None => Value::Null,
            Some(d) => json!({
                "Healthy": d.healthy, "Timestamp": time_json(d.timestamp),
                "Canary": d.canary, "ModifyIndex": d.modify_index,
            }),
        }
    }

    fn desired_transition(&self) -> Value {
        let set = |b: bool| if b { json!(true) } else { Value::Null };
        json!({"Migrate": set(self.migrate), "Reschedule": null, "ForceReschedule": null,
               "NoShutdownDelay": set(self.no_shutdown_delay)})
    }

    /// `structs.AllocListStub`; `resources` adds AllocatedResources (`?resources=true`),
    /// `task_states=false` drops them as the endpoint does.
    pub fn stub_json(&self, resources: bool, task_states: bool) -> Value {
        let mut v = json!({
            "ID": self.id, "EvalID": self.eval_id, "Name": self.name, "Namespace": self.namespace,
            "NodeID": self.node_id, "NodeName": self.node_name, "JobID": self.job_id,
            "JobType": self.job_type, "JobVersion": self.job_version, "TaskGroup": self.task_group,
            "DesiredStatus": self.desired_status, "DesiredDescription": self.desired_description,
            "ClientStatus": self.client_status, "ClientDescription": self.client_description,
            "DesiredTransition": self.desired_transition(),
            "TaskStates": if task_states { self.task_states_json() } else { Value::Null },
            "DeploymentStatus": self.deployment_status_json(),
            "FollowupEvalID": self.followup_eval_id, "NextAllocation": self.next_allocation,
            "RescheduleTracker": null, "PreemptedAllocations": null, "PreemptedByAllocation": "",
            "CreateIndex": self.create_index, "ModifyIndex": self.modify_index,
            "CreateTime": self.create_time, "ModifyTime": self.modify_time,
        });
        v["AllocatedResources"] = if resources {
            self.allocated_resources()
        } else {
            Value::Null
        };
        v
    }

    /// Full `structs.Allocation`; `job` is the job version the allocation runs.
    pub fn full_json(&self, job: Value) -> Value {
        let (cpu, mem): (i64, i64) = self
            .tasks
            .values()
            .fold((0, 0), |(c, m), r| (c + r.cpu, m + r.memory_mb));
        let task_resources: Map<String, Value> = self
            .tasks
            .iter()
            .map(|(n, r)| (n.clone(), legacy_resources(r.cpu, r.memory_mb, 0)))
            .collect();
        // The deprecated combined and shared resources carry the group network too.
        let mut resources = legacy_resources(cpu, mem, self.disk_mb);
        let mut shared = legacy_resources(0, 0, self.disk_mb);
        resources["Networks"] = self.networks_json();
        shared["Networks"] = self.networks_json();
        let mut v = json!({
            "ID": self.id, "Namespace": self.namespace, "EvalID": self.eval_id, "Name": self.name,
            "NodeID": self.node_id, "NodeName": self.node_name, "JobID": self.job_id, "Job": job,
            "TaskGroup": self.task_group,
            "Resources": resources,
            "SharedResources": shared,
            "TaskResources": task_resources,
            "AllocatedResources": self.allocated_resources(),
            "Metrics": self.metrics_json(),
            "DesiredStatus": self.desired_status, "DesiredDescription": self.desired_description,
            "DesiredTransition": self.desired_transition(),
            "ClientStatus": self.client_status, "ClientDescription": self.client_description,
            "TaskStates": self.task_states_json(), "AllocStates": null,
            "PreviousAllocation": self.previous_allocation, "NextAllocation": self.next_allocation,
            "DeploymentID": self.deployment_id, "DeploymentStatus": self.deployment_status_json(),
            "RescheduleTracker": null, "NetworkStatus": self.network_status(),
            "FollowupEvalID": self.followup_eval_id, "PreemptedAllocations": null,
            "PreemptedByAllocation": "", "SigningKeyID": SIGNING_KEY_ID,
            "CreateIndex": self.create_index, "ModifyIndex": self.modify_index,
            "AllocModifyIndex": self.alloc_modify_index,
            "CreateTime": self.create_time, "ModifyTime": self.modify_time,
        });
        omit_empty(&mut v);
        v
    }

    /// What the client reports of the allocation's network once it has run (host
    /// networking here: no interface, no address).
    fn network_status(&self) -> Value {
        if self.client_status == "pending" {
            return Value::Null;
        }
        json!({"InterfaceName": "", "Address": "", "AddressIPv6": "", "DNS": null})
    }

    /// The workload identities the servers signed for each task (a JWT each), which
    /// `/v1/node/:id/allocations` sends to the client.
    pub fn signed_identities(&self) -> Value {
        let claims = |task: &str| {
            crate::util::base64(
                format!(
                    r#"{{"nomad_allocation_id":"{}","nomad_task":"{task}","sub":"{}:{}:{}:{task}"}}"#,
                    self.id, self.namespace, self.job_id, self.task_group
                )
                .as_bytes(),
            )
        };
        Value::Object(
            self.tasks
                .keys()
                .map(|t| {
                    let jwt = format!("eyJhbGciOiJSUzI1NiIsImtpZCI6InNpbSJ9.{}.c2ln", claims(t));
                    (t.clone(), Value::String(jwt.replace('=', "")))
                })
                .collect(),
        )
    }

    fn metrics_json(&self) -> Value {
        let mut m = alloc_metric(&self.node_pool, self.nodes_evaluated);
        if !self.datacenter.is_empty() {
            m["NodesAvailable"] = json!({&self.datacenter: self.nodes_evaluated});
        }
        m["ScoreMetaData"] = json!([{
            "NodeID": self.node_id,
            "Scores": {"binpack": 0.42, "job-anti-affinity": 0, "node-affinity": 0, "node-reschedule-penalty": 0},
            "NormScore": 0.42,
        }]);
        m["AllocationTime"] = json!(48_213);
        m
    }
}

/// A client's default dynamic port range (`min_dynamic_port`, `max_dynamic_port`).
pub const MIN_DYNAMIC_PORT: i64 = 20000;
pub const MAX_DYNAMIC_PORT: i64 = 32000;

/// The ID of the root key the sim's servers sign workload identities with (one keyring per
/// cluster, as on a fresh Nomad).
pub const SIGNING_KEY_ID: &str = "5e7e0000-0000-4000-8000-00000000000a";

/// A zero-valued `structs.AllocMetric` for a pool with `evaluated` candidate nodes.
pub fn alloc_metric(node_pool: &str, evaluated: u64) -> Value {
    json!({
        "NodesEvaluated": evaluated, "NodesFiltered": 0, "NodesInPool": evaluated,
        "NodePool": node_pool, "NodesAvailable": null, "ClassFiltered": null,
        "ConstraintFiltered": null, "NodesExhausted": 0, "ClassExhausted": null,
        "DimensionExhausted": null, "QuotaExhausted": null, "ResourcesExhausted": null,
        "Scores": null, "ScoreMetaData": null, "AllocationTime": 0, "CoalescedFailures": 0,
    })
}

/// The legacy `structs.Resources` shape still sent next to AllocatedResources.
pub fn legacy_resources(cpu: i64, memory_mb: i64, disk_mb: i64) -> Value {
    json!({
        "CPU": cpu, "Cores": 0, "MemoryMB": memory_mb, "MemoryMaxMB": 0, "DiskMB": disk_mb,
        "IOPS": 0, "Networks": null, "Devices": null, "NUMA": null, "SecretsMB": 0,
    })
}

/// `structs.DriverInfo`.
#[derive(Clone, Debug)]
pub struct DriverInfo {
    pub detected: bool,
    pub healthy: bool,
    pub health_description: String,
    pub update_time: i64,
    pub attributes: BTreeMap<String, String>,
}

impl DriverInfo {
    fn to_json(&self) -> Value {
        json!({
            "Attributes": self.attributes, "Detected": self.detected, "Healthy": self.healthy,
            "HealthDescription": self.health_description, "UpdateTime": time_json(self.update_time),
        })
    }
}

/// `structs.NodeEvent`.
#[derive(Clone, Debug)]
pub struct NodeEvent {
    pub message: String,
    pub subsystem: String,
    pub timestamp: i64,
    pub create_index: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub datacenter: String,
    pub node_pool: String,
    pub node_class: String,
    pub http_addr: String,
    pub status: String,
    pub status_description: String,
    /// Whether a drain is in progress (renders a DrainStrategy).
    pub drain: bool,
    pub scheduling_eligibility: String,
    pub attributes: BTreeMap<String, String>,
    pub meta: BTreeMap<String, String>,
    pub cpu_shares: i64,
    pub cores: u16,
    pub memory_mb: i64,
    pub disk_mb: i64,
    pub drivers: BTreeMap<String, DriverInfo>,
    pub events: Vec<NodeEvent>,
    /// Unix seconds, as Nomad stores it.
    pub status_updated_at: i64,
    pub create_index: u64,
    pub modify_index: u64,
}

impl Node {
    /// `ComputedClass`: nodes with the same class, pool and datacenter share it.
    pub fn computed_class(&self) -> String {
        format!("v1:{}", computed_class_hash(self))
    }

    /// The value a constraint's `${attr.…}`, `${meta.…}` or `${node.…}` target names.
    pub fn target(&self, target: &str) -> Option<String> {
        let Some(inner) = target.strip_prefix("${").and_then(|t| t.strip_suffix('}')) else {
            return Some(target.to_string());
        };
        if let Some(a) = inner.strip_prefix("attr.") {
            return self.attributes.get(a).cloned();
        }
        if let Some(m) = inner.strip_prefix("meta.") {
            return self.meta.get(m).cloned();
        }
        match inner {
            "node.unique.id" => Some(self.id.clone()),
            "node.unique.name" => Some(self.name.clone()),
            "node.datacenter" => Some(self.datacenter.clone()),
            "node.class" => Some(self.node_class.clone()),
            "node.pool" => Some(self.node_pool.clone()),
            _ => None,
        }
    }

    /// The IP part of HTTPAddr, which Nomad puts in NodeListStub.Address.
    pub fn address(&self) -> &str {
        self.http_addr.split(':').next().unwrap_or("")
    }

    fn drivers_json(&self) -> Value {
        Value::Object(
            self.drivers
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect(),
        )
    }

    fn node_resources(&self) -> Value {
        let ip = self.address();
        json!({
            "Cpu": {"CpuShares": self.cpu_shares, "TotalCpuCores": self.cores,
                    "ReservableCpuCores": (0..self.cores).collect::<Vec<_>>()},
            "Processors": {"Topology": {
                "Nodes": [0], "Distances": null,
                "Cores": (0..self.cores).map(|i| json!({
                    "SocketID": 0, "NodeID": 0, "ID": i, "Grade": true, "Disable": false,
                    "BaseSpeed": self.cpu_shares / i64::from(self.cores.max(1)),
                    "MaxSpeed": 0, "GuessSpeed": 0,
                })).collect::<Vec<_>>(),
                "OverrideTotalCompute": 0, "OverrideWitholdCompute": 0,
            }},
            "Memory": {"MemoryMB": self.memory_mb},
            "Disk": {"DiskMB": self.disk_mb},
            "Devices": null,
            "NodeNetworks": [{"Mode": "host", "Device": "eth0", "MacAddress": "", "Speed": 1000,
                "Addresses": [{"Family": "ipv4", "Alias": "default", "Address": ip,
                               "ReservedPorts": "", "Gateway": ""}]}],
            "Networks": [network_resource(ip)],
            "MinDynamicPort": MIN_DYNAMIC_PORT, "MaxDynamicPort": MAX_DYNAMIC_PORT,
        })
    }

    fn reserved_resources() -> Value {
        json!({
            "Cpu": {"CpuShares": 0, "ReservedCpuCores": null},
            "Memory": {"MemoryMB": 0}, "Disk": {"DiskMB": 0},
            "Networks": {"ReservedHostPorts": ""},
        })
    }

    fn last_drain(&self) -> Value {
        Value::Null
    }

    /// `structs.NodeListStub`. `os` keeps only the `os.name` attribute (the `os=true` query).
    pub fn stub_json(&self, os: bool, resources: bool) -> Value {
        let mut v = json!({
            "Address": self.address(), "ID": self.id, "Datacenter": self.datacenter,
            "Name": self.name, "NodePool": self.node_pool, "NodeClass": self.node_class,
            "Version": self.attributes.get("nomad.version").cloned().unwrap_or_default(),
            "Drain": self.drain, "SchedulingEligibility": self.scheduling_eligibility,
            "Status": self.status, "StatusDescription": self.status_description,
            "Drivers": self.drivers_json(), "HostVolumes": {}, "LastDrain": self.last_drain(),
            "CreateIndex": self.create_index, "ModifyIndex": self.modify_index,
            "Attributes": null, "NodeResources": null, "ReservedResources": null,
        });
        if os {
            let mut attrs = Map::new();
            if let Some(name) = self.attributes.get("os.name") {
                attrs.insert("os.name".into(), json!(name));
            }
            v["Attributes"] = Value::Object(attrs);
        }
        if resources {
            v["NodeResources"] = self.node_resources();
            v["ReservedResources"] = Self::reserved_resources();
        }
        v
    }

    /// Full `structs.Node` as `GET /v1/node/:id` sends it (SecretID sanitised away).
    pub fn full_json(&self) -> Value {
        let drain_strategy = if self.drain {
            json!({"Deadline": 3_600_000_000_000i64, "IgnoreSystemJobs": false,
                   "ForceDeadline": time_json((self.status_updated_at + 3600) * 1_000_000_000),
                   "StartedAt": time_json(self.status_updated_at * 1_000_000_000)})
        } else {
            Value::Null
        };
        let ip = self.address();
        let _ = ip;
        // The legacy `Resources` of a node carries no networks any more.
        let net = legacy_resources(self.cpu_shares, self.memory_mb, self.disk_mb);
        json!({
            "ID": self.id, "SecretID": "", "Datacenter": self.datacenter, "Name": self.name,
            "CgroupParent": "nomad.slice", "HTTPAddr": self.http_addr, "TLSEnabled": false,
            "Attributes": self.attributes, "NodeResources": self.node_resources(),
            "ReservedResources": Self::reserved_resources(),
            "Resources": net, "Reserved": legacy_resources(0, 0, 0),
            "Links": {}, "Meta": self.meta, "NodeClass": self.node_class,
            "NodePool": self.node_pool,
            "ComputedClass": self.computed_class(),
            "DrainStrategy": drain_strategy,
            "SchedulingEligibility": self.scheduling_eligibility, "Status": self.status,
            "StatusDescription": self.status_description,
            "StatusUpdatedAt": self.status_updated_at,
            "Events": self.events.iter().map(|e| json!({
                "Message": e.message, "Subsystem": e.subsystem, "Details": null,
                "Timestamp": time_json(e.timestamp), "CreateIndex": e.create_index,
            })).collect::<Vec<_>>(),
            "Drivers": self.drivers_json(),
            "CSIControllerPlugins": {}, "CSINodePlugins": {}, "HostVolumes": {},
            "Drain": self.drain,
            "GCVolumesOnNodeGC": false, "HostNetworks": null, "LastDrain": self.last_drain(),
            "NodeMaxAllocs": 0, "LastMissedHeartbeatIndex": 0,
            "LastAllocUpdateIndex": self.modify_index,
            "CreateIndex": self.create_index, "ModifyIndex": self.modify_index,
        })
    }
}

/// A `structs.NetworkResource` (omitempty: unset fields are left out).
fn network_resource(ip: &str) -> Value {
    let mut v = json!({
        "Mode": "host", "Device": "eth0", "CIDR": format!("{ip}/32"), "IP": ip,
        "MBits": 1000, "DNS": null, "ReservedPorts": null, "DynamicPorts": null, "CNI": null,
    });
    omit_empty(&mut v);
    v
}

/// A stable stand-in for Nomad's hashed computed class (same class, pool, dc → same value).
fn computed_class_hash(n: &Node) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in n
        .datacenter
        .bytes()
        .chain(n.node_class.bytes())
        .chain(n.node_pool.bytes())
    {
        h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    h % 10_000_000_000_000_000_000
}

#[derive(Clone, Debug, Default)]
pub struct Eval {
    pub id: String,
    pub namespace: String,
    pub priority: i64,
    pub kind: String,
    pub triggered_by: String,
    pub job_id: String,
    pub job_modify_index: u64,
    pub node_id: String,
    /// The node's index when a node update triggered this evaluation.
    pub node_modify_index: u64,
    pub deployment_id: String,
    pub status: String,
    pub status_description: String,
    pub wait_until: i64,
    pub next_eval: String,
    pub previous_eval: String,
    pub blocked_eval: String,
    /// Per task group: the AllocMetric of a failed placement.
    pub failed_tg_allocs: BTreeMap<String, Value>,
    pub class_eligibility: BTreeMap<String, bool>,
    pub queued_allocations: BTreeMap<String, i64>,
    pub snapshot_index: u64,
    pub create_index: u64,
    pub modify_index: u64,
    pub create_time: i64,
    pub modify_time: i64,
}

impl Eval {
    pub fn to_json(&self) -> Value {
        fn map_or_null<V: serde::Serialize>(m: &BTreeMap<String, V>) -> Value {
            if m.is_empty() {
                Value::Null
            } else {
                json!(m)
            }
        }
        let mut v = json!({
            "ID": self.id, "Namespace": self.namespace, "Priority": self.priority,
            "Type": self.kind, "TriggeredBy": self.triggered_by, "JobID": self.job_id,
            "JobModifyIndex": self.job_modify_index, "NodeID": self.node_id,
            "NodeModifyIndex": self.node_modify_index, "DeploymentID": self.deployment_id, "Status": self.status,
            "StatusDescription": self.status_description, "Wait": 0,
            "WaitUntil": time_json(self.wait_until), "NextEval": self.next_eval,
            "PreviousEval": self.previous_eval, "BlockedEval": self.blocked_eval,
            "RelatedEvals": null, "FailedTGAllocs": map_or_null(&self.failed_tg_allocs),
            "ClassEligibility": map_or_null(&self.class_eligibility),
            "QuotaLimitReached": "", "EscapedComputedClass": false, "AnnotatePlan": false,
            "QueuedAllocations": map_or_null(&self.queued_allocations), "LeaderACL": "",
            "SnapshotIndex": self.snapshot_index, "CreateIndex": self.create_index,
            "ModifyIndex": self.modify_index, "CreateTime": self.create_time,
            "ModifyTime": self.modify_time,
        });
        omit_empty(&mut v);
        v
    }
}

/// `structs.DeploymentState`.
#[derive(Clone, Debug, Default)]
pub struct DeploymentState {
    pub auto_revert: bool,
    pub auto_promote: bool,
    pub progress_deadline: i64,
    pub require_progress_by: i64,
    pub promoted: bool,
    pub desired_canaries: i64,
    pub desired_total: i64,
    pub placed_allocs: i64,
    pub healthy_allocs: i64,
    pub unhealthy_allocs: i64,
    /// Canary allocations placed for this group (null in JSON while there are none).
    pub placed_canaries: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Deployment {
    pub id: String,
    pub namespace: String,
    pub job_id: String,
    pub job_version: u64,
    pub job_modify_index: u64,
    pub job_spec_modify_index: u64,
    pub job_create_index: u64,
    pub task_groups: BTreeMap<String, DeploymentState>,
    pub status: String,
    pub status_description: String,
    pub eval_priority: i64,
    pub create_index: u64,
    pub modify_index: u64,
    pub create_time: i64,
    pub modify_time: i64,
}

impl Deployment {
    pub fn to_json(&self) -> Value {
        let tgs: Map<String, Value> = self
            .task_groups
            .iter()
            .map(|(k, s)| {
                (
                    k.clone(),
                    json!({
                        "AutoRevert": s.auto_revert, "AutoPromote": s.auto_promote,
                        "ProgressDeadline": s.progress_deadline,
                        "RequireProgressBy": time_json(s.require_progress_by),
                        "Promoted": s.promoted,
                        "PlacedCanaries": if s.placed_canaries.is_empty() {
                            Value::Null
                        } else {
                            json!(s.placed_canaries)
                        },
                        "DesiredCanaries": s.desired_canaries, "DesiredTotal": s.desired_total,
                        "PlacedAllocs": s.placed_allocs, "HealthyAllocs": s.healthy_allocs,
                        "UnhealthyAllocs": s.unhealthy_allocs,
                    }),
                )
            })
            .collect();
        json!({
            "ID": self.id, "Namespace": self.namespace, "JobID": self.job_id,
            "JobVersion": self.job_version, "JobModifyIndex": self.job_modify_index,
            "JobSpecModifyIndex": self.job_spec_modify_index,
            "JobCreateIndex": self.job_create_index, "IsMultiregion": false,
            "TaskGroups": tgs, "Status": self.status,
            "StatusDescription": self.status_description, "EvalPriority": self.eval_priority,
            "CreateIndex": self.create_index, "ModifyIndex": self.modify_index,
            "CreateTime": self.create_time, "ModifyTime": self.modify_time,
        })
    }
}
