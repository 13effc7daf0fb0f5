//! `GET /v1/metrics`: the agent's telemetry summary (go-metrics' in-memory sink as Nomad
//! v1.10.5 sends it: sorted keys, float32 gauges, the interval start as Go's `Time.String()`),
//! `?pretty` indented, and `?format=prometheus` as Prometheus' text format. The numbers come
//! from the sim's state: job, node and allocation counts, the raft index, and a commit-time
//! sample derived from it.

use super::agent::SERVERS;
use super::{mk, ApiError, Handler, Req, Route};
use crate::acl::Need;
use crate::state::State;
use serde_json::{json, Value};

/// The content type of Nomad's Prometheus answer.
const PROMETHEUS: &str = "text/plain; version=0.0.4; charset=utf-8; escaping=underscores";

pub fn route(method: &str, rest: &[&str], _path: &str) -> Result<Option<Route>, ApiError> {
    match rest {
        ["metrics"] => mk(method, &["GET"], Handler::Raw(metrics), Need::None, vec![]),
        _ => Ok(None),
    }
}

/// One go-metrics aggregate (`AggregateSample`) over float32 observations.
struct Sample {
    name: &'static str,
    values: Vec<f32>,
}

impl Sample {
    fn sum(&self) -> f64 {
        self.values.iter().map(|&v| f64::from(v)).sum()
    }

    fn json(&self, host: &str) -> Value {
        let n = self.values.len() as f64;
        let sum = self.sum();
        let sum_sq: f64 = self.values.iter().map(|&v| f64::from(v).powi(2)).sum();
        let min = self
            .values
            .iter()
            .map(|&v| f64::from(v))
            .fold(f64::INFINITY, f64::min);
        let max = self
            .values
            .iter()
            .map(|&v| f64::from(v))
            .fold(f64::NEG_INFINITY, f64::max);
        // go-metrics' Stddev: sqrt((n·Σx² − (Σx)²) / (n·(n−1))), 0 for a single value.
        let div = n * (n - 1.0);
        let stddev = if div == 0.0 {
            0.0
        } else {
            ((n * sum_sq - sum.powi(2)) / div).sqrt()
        };
        json!({"Count": self.values.len(), "Labels": {"host": host}, "Max": max,
               "Mean": sum / n, "Min": min, "Name": self.name, "Rate": sum / 10.0,
               "Stddev": stddev, "Sum": sum})
    }
}

struct Summary {
    gauges: Vec<(&'static str, f32)>,
    counters: Vec<Sample>,
    samples: Vec<Sample>,
}

fn summary(st: &State) -> Summary {
    let count = |status: &str| {
        st.jobs
            .values()
            .filter(|j| j.job["Status"].as_str() == Some(status))
            .count() as f32
    };
    let index = st.index();
    let writes = index.saturating_sub(1000).max(1) as usize;
    // Two commit times (ms) that move with the index, with float32's odd digits.
    let commit = |k: u64| (k % 97) as f32 * 0.173_21 + 0.512_3;
    Summary {
        gauges: vec![
            ("nomad.nomad.heartbeat.active", st.nodes.len() as f32),
            ("nomad.nomad.job_status.dead", count("dead")),
            ("nomad.nomad.job_status.pending", count("pending")),
            ("nomad.nomad.job_status.running", count("running")),
            ("nomad.raft.appliedIndex", index as f32),
            ("nomad.raft.lastIndex", index as f32),
            (
                "nomad.raft.peers",
                (SERVERS.len() - st.raft_removed.len()) as f32,
            ),
            (
                "nomad.runtime.alloc_bytes",
                12_643_632.0 + 1024.0 * st.allocs.len() as f32,
            ),
        ],
        counters: vec![Sample {
            name: "nomad.nomad.rpc.request",
            values: vec![1.0; writes.min(10_000)],
        }],
        samples: vec![Sample {
            name: "nomad.raft.commitTime",
            values: vec![commit(index), commit(index / 3)],
        }],
    }
}

/// The interval's start, as go-metrics' `Interval.String()` prints it in UTC.
fn timestamp(now_ns: i64) -> String {
    let secs = now_ns.div_euclid(1_000_000_000);
    let start = (secs - secs.rem_euclid(10)) * 1_000_000_000;
    // RFC 3339 at whole seconds ("2026-12-04T16:29:50Z") into Go's layout.
    let t = crate::util::rfc3339(start);
    format!(
        "{} +0000 UTC",
        t.trim_end_matches('Z').replacen('T', " ", 1)
    )
}

fn metrics(st: &State, req: &Req) -> Result<(&'static str, Vec<u8>), ApiError> {
    let s = summary(st);
    let host = SERVERS[0].0;
    if req.q("format") == Some("prometheus") {
        return Ok((PROMETHEUS, prometheus(&s, host).into_bytes()));
    }
    let gauges: Vec<Value> = s
        .gauges
        .iter()
        .map(|(n, v)| json!({"Labels": {"host": host}, "Name": n, "Value": v}))
        .collect();
    let body = json!({
        "Counters": s.counters.iter().map(|c| c.json(host)).collect::<Vec<_>>(),
        "Gauges": gauges,
        "Points": [],
        "Samples": s.samples.iter().map(|c| c.json(host)).collect::<Vec<_>>(),
        "Timestamp": timestamp(st.now_ns()),
    });
    let bytes = if req.query.contains_key("pretty") {
        // Nomad's pretty encoder: four spaces, and a newline at the end.
        let mut out = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
        serde::Serialize::serialize(&body, &mut ser)
            .map_err(|e| ApiError::new(500, e.to_string()))?;
        out.push(b'\n');
        out
    } else {
        serde_json::to_vec(&body).map_err(|e| ApiError::new(500, e.to_string()))?
    };
    Ok(("application/json", bytes))
}

/// Prometheus' text: names with `_` for `.`, gauges, counters (their running total) and
/// summaries (no quantiles kept: `NaN`), sorted by name.
fn prometheus(s: &Summary, host: &str) -> String {
    let mut blocks: Vec<(String, &str, String)> = Vec::new();
    let label = format!("{{host=\"{host}\"}}");
    for (n, v) in &s.gauges {
        let n = n.replace('.', "_");
        let text = format!("{n}{label} {}\n", go_g(f64::from(*v)));
        blocks.push((n, "gauge", text));
    }
    for c in &s.counters {
        let n = c.name.replace('.', "_");
        let text = format!("{n}{label} {}\n", go_g(c.sum()));
        blocks.push((n, "counter", text));
    }
    for c in &s.samples {
        let n = c.name.replace('.', "_");
        let mut text = String::new();
        for q in ["0.5", "0.9", "0.99"] {
            text += &format!("{n}{{host=\"{host}\",quantile=\"{q}\"}} NaN\n");
        }
        text += &format!("{n}_sum{label} {}\n", go_g(c.sum()));
        text += &format!("{n}_count{label} {}\n", c.values.len());
        blocks.push((n, "summary", text));
    }
    blocks.sort();
    blocks
        .into_iter()
        .map(|(n, kind, text)| format!("# HELP {n} {n}\n# TYPE {n} {kind}\n{text}"))
        .collect()
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`: shortest digits, exponent form below 1e-4
/// and from 1e21 … as Go decides with precision 6 for shortest output (`1.2643632e+07`).
fn go_g(f: f64) -> String {
    if f == 0.0 || !f.is_finite() {
        return if f.is_nan() {
            "NaN".into()
        } else {
            format!("{f}")
        };
    }
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..6).contains(&exp) {
        format!("{f}")
    } else {
        format!("{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    }
}
