//! `node status`'s resource sections: allocated resources, allocation and host utilization,
//! devices and (`-stats`) the host's CPU, memory and disk figures.

use serde_json::Value;

use crate::api::allocs::AllocInfo;
use crate::api::nodes::{AllocResourceUsage, HostStats, Node};
use crate::gocompat::humanize::{format_float, ibytes};
use crate::output::json::go_fmt_float_v;
use crate::output::{format_kv, format_list};

/// Allocatable totals: node resources minus reserved ones (CPU MHz, memory MB, disk MB).
pub fn totals(n: &Node) -> (i64, i64, i64) {
    let r = n.node_resources.clone().unwrap_or_default();
    let res = n.reserved_resources.clone().unwrap_or_default();
    (
        r.cpu.cpu_shares - res.cpu.cpu_shares,
        r.memory.memory_mb - res.memory.memory_mb,
        r.disk.disk_mb - res.disk.disk_mb,
    )
}

const MB: i64 = 1024 * 1024;

pub fn allocated_resources(
    node: &Node,
    running: &[&AllocInfo],
    cpu_t: i64,
    mem_t: i64,
    disk_t: i64,
) -> String {
    let (mut cpu, mut mem, mut disk) = (0i64, 0i64, 0i64);
    for a in running {
        let r = a.resources.clone().unwrap_or_default();
        cpu += r.cpu.unwrap_or(0);
        mem += r.memory_mb.unwrap_or(0);
        disk += r.disk_mb.unwrap_or(0);
    }
    let max = node
        .node_resources
        .as_ref()
        .map(|r| r.max_allocs)
        .unwrap_or(0);
    let count = if max != 0 {
        format!("{}/{max}", running.len())
    } else {
        running.len().to_string()
    };
    format_list(&[
        "CPU|Memory|Disk|Alloc Count".to_string(),
        format!(
            "{cpu}/{cpu_t} MHz|{}/{}|{}/{}|{count}",
            ibytes((mem * MB) as u64),
            ibytes((mem_t * MB) as u64),
            ibytes((disk * MB) as u64),
            ibytes((disk_t * MB) as u64),
        ),
    ])
}

pub fn allocation_utilization(usage: &[AllocResourceUsage], cpu_t: i64, mem_t: i64) -> String {
    let mut cpu = 0f64;
    let mut mem = 0u64;
    for u in usage {
        let ru = u.resource_usage.clone().unwrap_or_default();
        cpu += ru.cpu_stats.map(|c| c.total_ticks).unwrap_or(0.0);
        let m = ru.memory_stats.unwrap_or_default();
        mem += if m.usage > 0 { m.usage } else { m.rss };
    }
    format_list(&[
        "CPU|Memory".to_string(),
        format!(
            "{}/{cpu_t} MHz|{}/{}",
            go_fmt_float_v(cpu.floor()),
            ibytes(mem),
            ibytes((mem_t * MB) as u64)
        ),
    ])
}

pub fn host_utilization(h: &HostStats, node: &Node) -> String {
    let device = node
        .attributes
        .as_ref()
        .and_then(|a| a.get("unique.storage.volume"))
        .cloned()
        .unwrap_or_default();
    let shares = node
        .node_resources
        .as_ref()
        .map(|r| r.cpu.cpu_shares)
        .unwrap_or(0);
    let mem = h.memory.clone().unwrap_or_default();
    let cpu = go_fmt_float_v(h.cpu_ticks_consumed.floor());
    // The last matching disk wins, as in Nomad.
    let disk = h
        .disk_stats
        .iter()
        .flatten()
        .rev()
        .find(|d| d.device == device);
    let row = match disk {
        Some(d) => format!(
            "{cpu}/{shares} MHz|{}/{}|{}/{}",
            ibytes(mem.used),
            ibytes(mem.total),
            ibytes(d.used),
            ibytes(d.size)
        ),
        None => format!(
            "{cpu}/{shares} MHz|{}/{}|({device})",
            ibytes(mem.used),
            ibytes(mem.total)
        ),
    };
    format_list(&["CPU|Memory|Disk".to_string(), row])
}

/// `<vendor>/<type>/<name>[<instance>]` rows of the node's devices.
pub fn device_rows(devices: &[Value]) -> Vec<String> {
    let mut rows = Vec::new();
    for d in devices {
        let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        for inst in d
            .get("Instances")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = inst.get("ID").and_then(Value::as_str).unwrap_or("");
            rows.push(format!(
                "{}/{}/{}[{id}]|",
                s("Vendor"),
                s("Type"),
                s("Name")
            ));
        }
    }
    rows.sort();
    rows
}

pub fn stats_sections(c: &dyn Fn(&str) -> String, h: &HostStats) -> Vec<String> {
    let mut out = vec![c("\n[bold]CPU Stats[reset]")];
    let cpus: Vec<String> = h
        .cpu
        .iter()
        .flatten()
        .map(|s| {
            format_kv(&[
                format!("CPU|{}", s.cpu),
                format!("User|{}%", format_float(s.user)),
                format!("System|{}%", format_float(s.system)),
                format!("Idle|{}%", format_float(s.idle)),
            ])
        })
        .collect();
    out.push(cpus.join("\n\n"));
    out.push(c("\n[bold]Memory Stats[reset]"));
    let m = h.memory.clone().unwrap_or_default();
    out.push(format_kv(&[
        format!("Total|{}", ibytes(m.total)),
        format!("Available|{}", ibytes(m.available)),
        format!("Used|{}", ibytes(m.used)),
        format!("Free|{}", ibytes(m.free)),
    ]));
    out.push(c("\n[bold]Disk Stats[reset]"));
    let disks: Vec<String> = h
        .disk_stats
        .iter()
        .flatten()
        .map(|d| {
            format_kv(&[
                format!("Device|{}", d.device),
                format!("MountPoint|{}", d.mountpoint),
                format!("Size|{}", ibytes(d.size)),
                format!("Used|{}", ibytes(d.used)),
                format!("Available|{}", ibytes(d.available)),
                format!("Used Percent|{}%", format_float(d.used_percent)),
                format!("Inodes Percent|{}%", format_float(d.inodes_used_percent)),
            ])
        })
        .collect();
    out.push(disks.join("\n\n"));
    out
}
