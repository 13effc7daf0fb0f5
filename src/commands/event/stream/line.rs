//! One event as one line of text: a pure function of the event, the time it arrived (when
//! that time is known) and the display options.

use std::borrow::Cow;

use serde::Deserialize;

/// Rendering options for one event line.
#[derive(Clone, Copy)]
pub struct LineOpts {
    pub color: bool,
    pub verbose: bool,
}

/// The time column of an event whose time rnomad does not know: one the server held in its
/// buffer before rnomad connected (it arrived now, but happened earlier).
pub const UNKNOWN_TIME: &str = "--:--:--.---";

/// What a line needs from an event.
#[derive(Deserialize, Default)]
pub struct EventHead<'a> {
    #[serde(rename = "Topic", borrow, default)]
    pub topic: Cow<'a, str>,
    #[serde(rename = "Type", borrow, default)]
    pub kind: Cow<'a, str>,
    #[serde(rename = "Key", borrow, default)]
    pub key: Cow<'a, str>,
    #[serde(rename = "Namespace", borrow, default)]
    pub namespace: Cow<'a, str>,
    #[serde(rename = "Index", default)]
    pub index: u64,
    #[serde(rename = "Payload", default)]
    pub payload: Payload,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct Payload {
    pub job: Option<JobP>,
    pub allocation: Option<AllocP>,
    pub evaluation: Option<EvalP>,
    pub deployment: Option<DeploymentP>,
    pub node: Option<NodeP>,
    pub node_pool: Option<NamedP>,
    pub service: Option<ServiceP>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct JobP {
    pub status: String,
    pub version: u64,
    #[serde(rename = "Type")]
    pub kind: String,
    pub stop: bool,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct AllocP {
    pub name: String,
    pub client_status: String,
    pub desired_status: String,
    #[serde(rename = "NodeID")]
    pub node_id: String,
    pub node_name: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct EvalP {
    pub status: String,
    pub triggered_by: String,
    #[serde(rename = "JobID")]
    pub job_id: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeploymentP {
    pub status: String,
    #[serde(rename = "JobID")]
    pub job_id: String,
    pub job_version: u64,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct NodeP {
    pub name: String,
    pub status: String,
    pub scheduling_eligibility: String,
    pub drain: bool,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct NamedP {
    pub name: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServiceP {
    pub service_name: String,
    pub address: String,
    pub port: i64,
}

fn status_color(s: &str) -> Option<&'static str> {
    Some(match s {
        "running" | "complete" | "successful" | "ready" | "eligible" => "green",
        "failed" | "lost" | "down" | "cancelled" | "dead" | "stop" | "ineligible" => "red",
        "pending" | "blocked" | "initializing" | "paused" | "unknown" | "disconnected" => "yellow",
        _ => return None,
    })
}

fn st(s: &str, color: bool) -> String {
    match status_color(s) {
        Some(c) if color => format!("\x1b[{}m{s}\x1b[0m", sgr(c)),
        _ => s.to_string(),
    }
}

fn sgr(c: &str) -> u8 {
    match c {
        "green" => 32,
        "red" => 31,
        "yellow" => 33,
        _ => 0,
    }
}

/// A short account of the object an event carries.
pub fn summary(p: &Payload, opts: LineOpts) -> String {
    let c = opts.color;
    let id = |s: &str| {
        if opts.verbose {
            s.to_string()
        } else {
            crate::output::limit(s, crate::output::SHORT_ID).to_string()
        }
    };
    if let Some(j) = &p.job {
        let status = if j.stop && j.status != "dead" {
            format!("{} (stopped)", st(&j.status, c))
        } else {
            st(&j.status, c)
        };
        return format!("{} job {status}, version {}", j.kind, j.version);
    }
    if let Some(a) = &p.allocation {
        let node = if a.node_name.is_empty() {
            id(&a.node_id)
        } else {
            a.node_name.clone()
        };
        return format!(
            "{} {} (desired {}) on {node}",
            a.name,
            st(&a.client_status, c),
            a.desired_status
        );
    }
    if let Some(e) = &p.evaluation {
        return format!(
            "{} {} for job {}",
            st(&e.status, c),
            e.triggered_by,
            e.job_id
        );
    }
    if let Some(d) = &p.deployment {
        return format!(
            "{} for job {} version {}",
            st(&d.status, c),
            d.job_id,
            d.job_version
        );
    }
    if let Some(n) = &p.node {
        let mut s = format!(
            "{} {}, {}",
            n.name,
            st(&n.status, c),
            st(&n.scheduling_eligibility, c)
        );
        if n.drain {
            s.push_str(", draining");
        }
        return s;
    }
    if let Some(n) = &p.node_pool {
        return n.name.clone();
    }
    if let Some(s) = &p.service {
        return format!("{} at {}:{}", s.service_name, s.address, s.port);
    }
    String::new()
}

/// One line: time, index, topic, type, namespace, key, summary; fixed-width columns so a
/// stream stays aligned without knowing what comes next. `arrived` is when rnomad received
/// the event (Unix nanoseconds), or None when that is not when it happened.
pub fn render_event(ev: &EventHead, arrived: Option<i64>, opts: LineOpts) -> String {
    match arrived {
        Some(t) => render_event_at(ev, &clock(t), opts),
        None => render_event_at(ev, UNKNOWN_TIME, opts),
    }
}

/// The time column: local wall-clock time to the millisecond.
pub fn clock(now_ns: i64) -> String {
    use chrono::TimeZone;
    chrono::Local
        .timestamp_nanos(now_ns)
        .format("%H:%M:%S%.3f")
        .to_string()
}

/// `render_event` with the time column already formatted (once for all events of a frame).
pub fn render_event_at(ev: &EventHead, t: &str, opts: LineOpts) -> String {
    let key = if opts.verbose || !crate::api::is_uuid(&ev.key) {
        ev.key.to_string()
    } else {
        crate::output::limit(&ev.key, crate::output::SHORT_ID).to_string()
    };
    let ns = if ev.namespace.is_empty() {
        "-"
    } else {
        ev.namespace.as_ref()
    };
    let topic = if opts.color {
        format!("\x1b[1m{:<10}\x1b[0m", ev.topic)
    } else {
        format!("{:<10}", ev.topic)
    };
    let line = format!(
        "{t}  {:>8}  {topic}  {:<22}  {:<9}  {:<8}  {}",
        ev.index,
        ev.kind,
        ns,
        key,
        summary(&ev.payload, opts)
    );
    // Every field is the server's text: shown escaped, so an event cannot drive the terminal.
    let mut line = crate::output::escape_controls(line.trim_end(), opts.color).into_owned();
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: LineOpts = LineOpts {
        color: false,
        verbose: false,
    };

    #[test]
    fn server_text_cannot_drive_the_terminal() {
        let ev: EventHead = serde_json::from_str(
            r#"{"Topic":"Job","Type":"JobRegistered","Key":"x\u001b]0;owned\u0007","Namespace":"default",
               "Index":7,"Payload":{"Job":{"Type":"service\u001b[2J","Status":"running","Version":0}}}"#,
        )
        .unwrap();
        let color = LineOpts {
            color: true,
            verbose: false,
        };
        assert_eq!(
            render_event(&ev, Some(0), color),
            "00:00:00.000         7  \x1b[1mJob       \x1b[0m  JobRegistered           default    x\\x1b]0;owned\\x07  service\\x1b[2J job \x1b[32mrunning\x1b[0m, version 0\n"
        );
    }

    #[test]
    fn lines_are_aligned_and_summarised() {
        let ev: EventHead = serde_json::from_str(
            r#"{"Topic":"Allocation","Type":"AllocationUpdated","Key":"3466e9a0-8391-4f64-b81a-8d2b5a4485ac",
               "Namespace":"default","Index":1021,"Payload":{"Allocation":{"Name":"web.web[0]",
               "ClientStatus":"failed","DesiredStatus":"run","NodeName":"node-1","Job":null}}}"#,
        )
        .unwrap();
        assert_eq!(
            render_event(&ev, Some(0), OPTS),
            "00:00:00.000      1021  Allocation  AllocationUpdated       default    3466e9a0  web.web[0] failed (desired run) on node-1\n"
        );
        let ev: EventHead = serde_json::from_str(
            r#"{"Topic":"Node","Type":"NodeDrain","Key":"n1","Namespace":"","Index":5,
               "Payload":{"Node":{"Name":"n1","Status":"ready","SchedulingEligibility":"ineligible","Drain":true}}}"#,
        )
        .unwrap();
        assert!(render_event(&ev, Some(0), OPTS).ends_with(
            "NodeDrain               -          n1        n1 ready, ineligible, draining\n"
        ));
    }

    #[test]
    fn an_unknown_time_keeps_the_columns() {
        let ev: EventHead = serde_json::from_str(
            r#"{"Topic":"Job","Type":"JobRegistered","Key":"example","Namespace":"default","Index":11,
               "Payload":{"Job":{"Type":"service","Status":"pending","Version":0}}}"#,
        )
        .unwrap();
        let known = render_event(&ev, Some(0), OPTS);
        let unknown = render_event(&ev, None, OPTS);
        assert_eq!(
            unknown,
            "--:--:--.---        11  Job         JobRegistered           default    example   service job pending, version 0\n"
        );
        assert_eq!(known[UNKNOWN_TIME.len()..], unknown[UNKNOWN_TIME.len()..]);
    }
}
