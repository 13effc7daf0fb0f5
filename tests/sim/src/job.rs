//! Jobs are kept as `structs.Job` JSON values: a registered job arrives as `api.Job` JSON, is
//! laid over templates holding the server's defaults (what `Canonicalize` fills in), and is
//! then served back as is. Keeping the value whole means every field a user submitted round
//! trips without the sim modelling the whole jobspec.

use serde_json::{json, Map, Value};

const SECOND: i64 = 1_000_000_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;

fn job_template() -> Value {
    json!({
        "Stop": false, "Region": "global", "Namespace": "default", "ID": "", "ParentID": "",
        "Name": "", "Type": "service", "Priority": 50, "AllAtOnce": false,
        "Datacenters": ["*"], "NodePool": "default", "Constraints": null, "Affinities": null,
        "Spreads": null, "TaskGroups": [],
        "Update": {"Stagger": 30 * SECOND, "MaxParallel": 1, "HealthCheck": "",
                   "MinHealthyTime": 0, "HealthyDeadline": 0, "ProgressDeadline": 0,
                   "AutoRevert": false, "AutoPromote": false, "Canary": 0},
        "Multiregion": null, "Periodic": null, "ParameterizedJob": null, "Dispatched": false,
        "DispatchIdempotencyToken": "", "Payload": null, "Meta": null, "ConsulNamespace": "",
        "VaultNamespace": "", "NomadTokenID": "", "Status": "pending", "StatusDescription": "",
        "Stable": false, "Version": 0, "SubmitTime": 0, "CreateIndex": 0, "ModifyIndex": 0,
        "JobModifyIndex": 0, "UI": null, "VersionTag": null,
    })
}

fn restart_policy(job_type: &str) -> Value {
    match job_type {
        "batch" | "sysbatch" => json!({"Attempts": 3, "Interval": 24 * HOUR, "Delay": 15 * SECOND,
                                      "Mode": "fail", "RenderTemplates": false}),
        _ => json!({"Attempts": 2, "Interval": 30 * MINUTE, "Delay": 15 * SECOND,
                    "Mode": "fail", "RenderTemplates": false}),
    }
}

fn group_template(job_type: &str) -> Value {
    let service = job_type == "service";
    let update = if service {
        json!({"Stagger": 30 * SECOND, "MaxParallel": 1, "HealthCheck": "checks",
               "MinHealthyTime": 10 * SECOND, "HealthyDeadline": 5 * MINUTE,
               "ProgressDeadline": 10 * MINUTE, "AutoRevert": false, "AutoPromote": false,
               "Canary": 0})
    } else {
        Value::Null
    };
    let migrate = if service {
        json!({"MaxParallel": 1, "HealthCheck": "checks", "MinHealthyTime": 10 * SECOND,
               "HealthyDeadline": 5 * MINUTE})
    } else {
        Value::Null
    };
    let reschedule = match job_type {
        "service" => json!({"Attempts": 0, "Interval": 0, "Delay": 30 * SECOND,
                            "DelayFunction": "exponential", "MaxDelay": HOUR, "Unlimited": true}),
        "batch" => json!({"Attempts": 1, "Interval": 24 * HOUR, "Delay": 5 * SECOND,
                          "DelayFunction": "constant", "MaxDelay": 0, "Unlimited": false}),
        _ => Value::Null,
    };
    json!({
        "Name": "", "Count": 1, "Update": update, "Migrate": migrate, "Constraints": null,
        "Scaling": null, "RestartPolicy": restart_policy(job_type), "Disconnect": null,
        "Tasks": [], "EphemeralDisk": {"Sticky": false, "SizeMB": 300, "Migrate": false},
        "Meta": null, "ReschedulePolicy": reschedule, "Affinities": null, "Spreads": null,
        "Networks": null, "Consul": null,
        "Services": null, "Volumes": null, "ShutdownDelay": null,
        "StopAfterClientDisconnect": null, "MaxClientDisconnect": null,
        "PreventRescheduleOnLost": false,
    })
}

fn task_template(job_type: &str) -> Value {
    json!({
        "Name": "", "Driver": "", "User": "", "Config": null, "Env": null, "Services": null,
        "Vault": null, "Consul": null, "Templates": null, "Constraints": null,
        "Affinities": null,
        "Resources": {"CPU": 100, "Cores": 0, "MemoryMB": 300, "MemoryMaxMB": 0, "DiskMB": 0,
                      "IOPS": 0, "Networks": null, "Devices": null, "NUMA": null, "SecretsMB": 0},
        "RestartPolicy": restart_policy(job_type), "DispatchPayload": null, "Lifecycle": null,
        "Meta": null, "KillTimeout": 5 * SECOND,
        "LogConfig": {"MaxFiles": 10, "MaxFileSizeMB": 10, "Disabled": false},
        "Artifacts": null, "Leader": false, "ShutdownDelay": 0, "VolumeMounts": null,
        "ScalingPolicies": null, "KillSignal": "", "Kind": "", "CSIPluginConfig": null,
        "Identity": {"Name": "default", "Audience": ["nomadproject.io"], "ChangeMode": "",
                     "ChangeSignal": "", "Env": false, "File": false, "Filepath": "",
                     "ServiceName": "", "TTL": 0},
        "Identities": null, "Actions": null, "Schedule": null,
    })
}

/// Zero values of the nested blocks a job file may hold (`api.NetworkResource`, `api.Port`,
/// `api.Service`, `api.ServiceCheck`, `api.Template`, `api.TaskArtifact` after the client's
/// canonicalization), so that diffs see the same fields whichever client sent the job.
fn block_template(kind: &str) -> Value {
    match kind {
        "Networks" => json!({"CIDR": "", "CNI": null, "DNS": null, "Device": "",
            "DynamicPorts": null, "Hostname": "", "IP": "", "MBits": null, "Mode": "",
            "ReservedPorts": null}),
        "Ports" => json!({"HostNetwork": "", "IgnoreCollision": false, "Label": "", "To": 0,
            "Value": 0}),
        "Services" => json!({"Address": "", "AddressMode": "", "CanaryMeta": null,
            "CanaryTags": null, "CheckRestart": null, "Checks": null, "Cluster": "",
            "Connect": null, "EnableTagOverride": false, "Identity": null, "Kind": "",
            "Meta": null, "Name": "", "OnUpdate": "", "PortLabel": "", "Provider": "",
            "TaggedAddresses": null, "Tags": null, "TaskName": "", "Weights": null}),
        "Checks" => json!({"AddressMode": "", "Advertise": "", "Args": null, "Body": "",
            "CheckRestart": null, "Command": "", "Expose": false, "FailuresBeforeCritical": 0,
            "FailuresBeforeWarning": 0, "GRPCService": "", "GRPCUseTLS": false,
            "Header": null, "InitialStatus": "", "Interval": 0, "Method": "", "Name": "",
            "Notes": "", "OnUpdate": "", "Path": "", "PortLabel": "", "Protocol": "",
            "SuccessBeforePassing": 0, "TLSServerName": "", "TLSSkipVerify": false,
            "TaskName": "", "Timeout": 0, "Type": ""}),
        "Templates" => json!({"ChangeMode": "restart", "ChangeScript": null,
            "ChangeSignal": null, "DestPath": null, "EmbeddedTmpl": null, "Envvars": null,
            "ErrMissingKey": false, "Gid": null, "LeftDelim": null, "Once": null,
            "Perms": "0644", "RightDelim": null, "SourcePath": null, "Splay": 5 * SECOND,
            "Uid": null, "VaultGrace": null, "Wait": null}),
        "Artifacts" => json!({"Chown": false, "GetterHeaders": null, "GetterInsecure": null,
            "GetterMode": null, "GetterOptions": null, "GetterSource": null,
            "RelativeDest": null}),
        "Volumes" => json!({"Name": "", "Type": "", "Source": "", "ReadOnly": false,
            "Sticky": false, "AccessMode": "", "AttachmentMode": "", "MountOptions": null,
            "PerAlloc": false}),
        "Identities" => json!({"Name": "", "Audience": null, "ChangeMode": "",
            "ChangeSignal": "", "Env": false, "File": false, "Filepath": "", "ServiceName": "",
            "TTL": 0}),
        "VolumeMounts" => json!({"Volume": "", "Destination": "", "ReadOnly": false,
            "PropagationMode": "private", "SELinuxLabel": ""}),
        _ => Value::Null,
    }
}

/// Fills the nested blocks of a group or task (`Networks`, `Services` and their checks,
/// `Templates`, `Artifacts`) with their zero values.
fn fill_blocks(v: &mut Value) {
    if let Some(vols) = v.get_mut("Volumes").and_then(Value::as_object_mut) {
        for vol in vols.values_mut() {
            *vol = overlay(&block_template("Volumes"), Some(vol));
        }
    }
    for key in [
        "Networks",
        "Services",
        "Templates",
        "Artifacts",
        "VolumeMounts",
        "Identities",
    ] {
        let Some(items) = v.get_mut(key).and_then(Value::as_array_mut) else {
            continue;
        };
        for item in items.iter_mut() {
            *item = overlay(&block_template(key), Some(item));
            fill_ports(item);
            if let Some(cs) = item.get_mut("Checks").and_then(Value::as_array_mut) {
                for c in cs.iter_mut() {
                    *c = overlay(&block_template("Checks"), Some(c));
                }
            }
        }
    }
}

/// A network's ports with their zero values; a port without a host network is on the
/// default one (`NetworkResource.Canonicalize`).
fn fill_ports(network: &mut Value) {
    for ports in ["DynamicPorts", "ReservedPorts"] {
        if let Some(ps) = network.get_mut(ports).and_then(Value::as_array_mut) {
            for p in ps.iter_mut() {
                *p = overlay(&block_template("Ports"), Some(p));
                if p["HostNetwork"].as_str().unwrap_or("").is_empty() {
                    p["HostNetwork"] = json!("default");
                }
            }
        }
    }
}

/// Lays `given` over `template`: the template decides the key set (the Go struct's fields),
/// `given` decides the values it has. Objects recurse only where the template spells out a
/// struct (non-empty object); maps such as Meta/Config/Env are taken whole.
fn overlay(template: &Value, given: Option<&Value>) -> Value {
    let Some(given) = given.filter(|g| !g.is_null()) else {
        return template.clone();
    };
    match (template, given) {
        (Value::Object(t), Value::Object(g)) if !t.is_empty() => {
            let mut out = Map::new();
            for (k, tv) in t {
                out.insert(k.clone(), overlay(tv, g.get(k)));
            }
            Value::Object(out)
        }
        _ => given.clone(),
    }
}

/// Turns an `api.Job` body into the `structs.Job` value the server would store, with Nomad's
/// defaults. Errors carry the message Nomad answers with (400).
pub fn canonicalize(api_job: &Value) -> Result<Value, String> {
    let Some(obj) = api_job.as_object() else {
        return Err("Job must be specified".into());
    };
    let id = obj.get("ID").and_then(Value::as_str).unwrap_or("");
    if id.is_empty() {
        return Err("Job ID does not exist".into());
    }
    let job_type = obj
        .get("Type")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .unwrap_or("service")
        .to_string();
    let mut job = overlay(&job_template(), Some(api_job));
    job["Type"] = json!(job_type);
    if job["Name"].as_str().unwrap_or("").is_empty() {
        job["Name"] = json!(id);
    }
    for key in ["Region", "Namespace", "NodePool"] {
        if job[key].as_str().unwrap_or("").is_empty() {
            job[key] = job_template()[key].clone();
        }
    }
    if job["Priority"].as_i64().unwrap_or(0) == 0 {
        job["Priority"] = json!(50);
    }
    if !job["Periodic"].is_null() {
        let t = json!({"Enabled": true, "Spec": "", "Specs": null, "SpecType": "cron",
                       "ProhibitOverlap": false, "TimeZone": "UTC"});
        job["Periodic"] = overlay(&t, Some(&job["Periodic"]));
    }
    if !job["ParameterizedJob"].is_null() {
        let t = json!({"Payload": "optional", "MetaRequired": null, "MetaOptional": null});
        job["ParameterizedJob"] = overlay(&t, Some(&job["ParameterizedJob"]));
    }
    let groups = match &api_job["TaskGroups"] {
        Value::Array(gs) if !gs.is_empty() => gs.clone(),
        _ => return Err("Missing job task groups".into()),
    };
    let gt = group_template(&job_type);
    let tt = task_template(&job_type);
    let mut out_groups = Vec::new();
    for g in &groups {
        let mut group = overlay(&gt, Some(g));
        if group["Name"].as_str().unwrap_or("").is_empty() {
            return Err("Missing task group name".into());
        }
        let tasks = match &g["Tasks"] {
            Value::Array(ts) if !ts.is_empty() => ts.clone(),
            _ => return Err(format!("Missing tasks for task group {}", group["Name"])),
        };
        group["Tasks"] = Value::Array(
            tasks
                .iter()
                .map(|t| {
                    let mut t = overlay(&tt, Some(t));
                    fill_blocks(&mut t);
                    if let Some(nets) = t["Resources"]
                        .get_mut("Networks")
                        .and_then(Value::as_array_mut)
                    {
                        for n in nets.iter_mut() {
                            *n = overlay(&block_template("Networks"), Some(n));
                            fill_ports(n);
                        }
                    }
                    t
                })
                .collect(),
        );
        fill_blocks(&mut group);
        out_groups.push(group);
    }
    job["TaskGroups"] = Value::Array(out_groups);
    Ok(job)
}

/// Small typed reads of a job value.
pub fn s<'a>(job: &'a Value, key: &str) -> &'a str {
    job.get(key).and_then(Value::as_str).unwrap_or("")
}

pub fn u(job: &Value, key: &str) -> u64 {
    job.get(key).and_then(Value::as_u64).unwrap_or(0)
}

pub fn is_periodic(job: &Value) -> bool {
    !job["Periodic"].is_null() && job["Periodic"]["Enabled"].as_bool().unwrap_or(true)
}

/// Nomad's IsParameterized: has a ParameterizedJob block and is not itself a dispatched child.
pub fn is_parameterized(job: &Value) -> bool {
    !job["ParameterizedJob"].is_null() && !job["Dispatched"].as_bool().unwrap_or(false)
}

/// Task groups as (name, count, tasks as (name, cpu, memory, memory max), ephemeral disk).
pub type GroupSpec = (String, i64, Vec<(String, i64, i64, i64)>, i64);

pub fn groups(job: &Value) -> Vec<GroupSpec> {
    let mut out = Vec::new();
    for g in job["TaskGroups"].as_array().into_iter().flatten() {
        let tasks = g["Tasks"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| {
                let r = &t["Resources"];
                (
                    s(t, "Name").to_string(),
                    r["CPU"].as_i64().unwrap_or(100),
                    r["MemoryMB"].as_i64().unwrap_or(300),
                    r["MemoryMaxMB"].as_i64().unwrap_or(0),
                )
            })
            .collect();
        out.push((
            s(g, "Name").to_string(),
            g["Count"].as_i64().unwrap_or(1),
            tasks,
            g["EphemeralDisk"]["SizeMB"].as_i64().unwrap_or(300),
        ));
    }
    out
}

/// Fields of Go's `api.Job`, `api.TaskGroup` and `api.Task`, with the value an unset one
/// encodes to: null for pointers, slices and maps, the zero value for the few plain fields.
const API_JOB_FIELDS: &[&str] = &[
    "Affinities",
    "AllAtOnce",
    "Constraints",
    "ConsulNamespace",
    "CreateIndex",
    "Datacenters",
    "DispatchIdempotencyToken",
    "ID",
    "JobModifyIndex",
    "Meta",
    "Migrate",
    "ModifyIndex",
    "Multiregion",
    "Name",
    "Namespace",
    "NodePool",
    "NomadTokenID",
    "ParameterizedJob",
    "ParentID",
    "Payload",
    "Periodic",
    "Priority",
    "Region",
    "Reschedule",
    "Spreads",
    "Stable",
    "Status",
    "StatusDescription",
    "Stop",
    "SubmitTime",
    "TaskGroups",
    "Type",
    "UI",
    "Update",
    "VaultNamespace",
    "Version",
    "VersionTag",
];
const API_GROUP_FIELDS: &[&str] = &[
    "Affinities",
    "Constraints",
    "Consul",
    "Count",
    "Disconnect",
    "EphemeralDisk",
    "MaxClientDisconnect",
    "Meta",
    "Migrate",
    "Name",
    "Networks",
    "PreventRescheduleOnLost",
    "ReschedulePolicy",
    "RestartPolicy",
    "Scaling",
    "Services",
    "ShutdownDelay",
    "Spreads",
    "StopAfterClientDisconnect",
    "Tasks",
    "Update",
    "Volumes",
];
const API_TASK_FIELDS: &[&str] = &[
    "Actions",
    "Affinities",
    "Artifacts",
    "Config",
    "Constraints",
    "Consul",
    "DispatchPayload",
    "Driver",
    "Env",
    "Identities",
    "Identity",
    "KillTimeout",
    "Lifecycle",
    "LogConfig",
    "Meta",
    "Name",
    "Resources",
    "RestartPolicy",
    "ScalingPolicies",
    "Schedule",
    "Services",
    "Templates",
    "Vault",
    "VolumeMounts",
];

/// A parsed job as `PUT /v1/jobs/parse` without `Canonicalize` sends it: Go's `api.Job`
/// with every field it has, unset ones null (or zero for the plain ones).
pub fn with_unset_fields(mut job: Value) -> Value {
    fn fill(v: &mut Value, fields: &[&str], plain: &[(&str, Value)]) {
        if let Value::Object(o) = v {
            for f in fields {
                o.entry(f.to_string()).or_insert(Value::Null);
            }
            for (f, zero) in plain {
                o.entry(f.to_string()).or_insert_with(|| zero.clone());
            }
        }
    }
    fill(&mut job, API_JOB_FIELDS, &[("Dispatched", json!(false))]);
    for g in job["TaskGroups"].as_array_mut().into_iter().flatten() {
        fill(g, API_GROUP_FIELDS, &[]);
        for t in g["Tasks"].as_array_mut().into_iter().flatten() {
            fill(
                t,
                API_TASK_FIELDS,
                &[
                    ("KillSignal", json!("")),
                    ("Kind", json!("")),
                    ("Leader", json!(false)),
                    ("ShutdownDelay", json!(0)),
                    ("User", json!("")),
                ],
            );
        }
    }
    job
}

/// A job as `api.Job.Canonicalize` leaves it (`PUT /v1/jobs/parse` with `Canonicalize`):
/// the server's defaults but for the fields only the server fills (datacenters, submit time,
/// default identity, resource extras) and with the API's own job-level `Migrate` and
/// `Reschedule`.
pub fn api_canonical(server: &Value) -> Value {
    let mut job = server.clone();
    for k in ["Datacenters", "DispatchIdempotencyToken", "SubmitTime"] {
        job[k] = Value::Null;
    }
    for k in ["Migrate", "Reschedule"] {
        if job.get(k).is_none() {
            job[k] = Value::Null;
        }
    }
    for g in job["TaskGroups"].as_array_mut().into_iter().flatten() {
        g["PreventRescheduleOnLost"] = Value::Null;
        for t in g["Tasks"].as_array_mut().into_iter().flatten() {
            if let Value::Object(o) = t {
                o.remove("CSIPluginConfig");
            }
            t["Identity"] = Value::Null;
            if t["LogConfig"].is_object() && t["LogConfig"].get("Enabled").is_none() {
                t["LogConfig"]["Enabled"] = Value::Null;
            }
            if t["Resources"].is_object() {
                for k in ["DiskMB", "IOPS", "MemoryMaxMB", "SecretsMB"] {
                    t["Resources"][k] = Value::Null;
                }
            }
        }
    }
    job
}

/// `structs.JobListStub` with its embedded summary; `meta` (the `meta=true` query) fills
/// `Meta`, which is otherwise null.
pub fn stub_json(job: &Value, summary: Value, meta: bool) -> Value {
    let mut v = json!({
        "ID": job["ID"], "ParentID": job["ParentID"], "Name": job["Name"],
        "Namespace": job["Namespace"], "Datacenters": job["Datacenters"],
        "NodePool": job["NodePool"], "Multiregion": job["Multiregion"], "Type": job["Type"],
        "Priority": job["Priority"], "Periodic": is_periodic(job),
        "ParameterizedJob": is_parameterized(job), "Stop": job["Stop"],
        "Status": job["Status"], "StatusDescription": job["StatusDescription"],
        "JobSummary": summary, "CreateIndex": job["CreateIndex"],
        "ModifyIndex": job["ModifyIndex"], "JobModifyIndex": job["JobModifyIndex"],
        "SubmitTime": job["SubmitTime"],
    });
    v["Meta"] = match &job["Meta"] {
        Value::Object(m) if meta && !m.is_empty() => job["Meta"].clone(),
        _ => Value::Null,
    };
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_server_defaults() {
        let api = json!({"ID": "web", "TaskGroups": [{"Name": "g", "Count": 2,
            "Tasks": [{"Name": "t", "Driver": "docker", "Config": {"image": "nginx"}}]}]});
        let job = canonicalize(&api).unwrap();
        assert_eq!(job["Name"], "web");
        assert_eq!(job["Region"], "global");
        assert_eq!(job["TaskGroups"][0]["Count"], 2);
        assert_eq!(job["TaskGroups"][0]["Tasks"][0]["Resources"]["CPU"], 100);
        assert_eq!(job["TaskGroups"][0]["Tasks"][0]["Config"]["image"], "nginx");
        assert!(canonicalize(&json!({"ID": "x"})).is_err());
    }
}
