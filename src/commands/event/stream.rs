//! `event stream`: rnomad's own follower of `/v1/event/stream` (Nomad's CLI has none).
//!
//! Frames are decoded one line at a time as chunks arrive. People get one aligned line per
//! event; `-json` writes the server's event objects, one per line; `-raw` passes the frames
//! through, heartbeats included. When the connection drops or goes silent, the stream is
//! reopened from the index after the last one seen (frames at or below it are skipped), with
//! backoff (`api::policy`); if the server's bounded buffer no longer reaches back that far,
//! the lost range is reported.

use std::borrow::Cow;
use std::time::Duration;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::api::events::{RawFrame, Read};
use crate::api::{Client, Error, QueryOptions};
use crate::cli::event::EventStreamArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Human,
    Json,
    Raw,
}

/// Rendering options for one event line.
#[derive(Clone, Copy)]
pub struct LineOpts {
    pub color: bool,
    pub verbose: bool,
}

pub async fn run(ctx: &mut Ctx, a: &EventStreamArgs) -> i32 {
    if a.index < 0 {
        ctx.ui
            .error("Event stream index must be greater than or equal to zero");
        return 1;
    }
    if a.json && a.raw {
        return usage_error(
            ctx,
            "-json and -raw cannot be used together",
            "event stream",
        );
    }
    if a.raw && !a.types.is_empty() {
        return usage_error(
            ctx,
            "-raw passes frames through unchanged and cannot be combined with -type",
            "event stream",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let mode = if a.raw {
        Mode::Raw
    } else if a.json {
        Mode::Json
    } else {
        Mode::Human
    };
    // Frozen in tests (see `Ctx::now`): the human lines' times stay stable.
    let test_now = ctx.clock_frozen().then_some(ctx.now_ns);
    let opts = LineOpts {
        color: ctx.ui.color().markup,
        verbose: a.verbose,
    };
    let q = QueryOptions::new();
    let mut stream = match client.event_stream(&a.topic, a.index as u64, &q).await {
        Ok(s) => s,
        Err(e) => {
            ctx.ui
                .error(&format!("Error opening the event stream: {e}"));
            return 1;
        }
    };
    // Asked to start at an index the server no longer holds: say what is missing.
    if a.index > 0 {
        report_lost(ctx, &client, &q, a.index as u64).await;
    }
    // The last frame index delivered; frames at or below it are never shown again.
    let mut last: Option<u64> = None;
    let mut out: Vec<u8> = Vec::with_capacity(64 * 1024);
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        let read = tokio::select! {
            r = stream.next() => r,
            _ = &mut ctrl_c => {
                ctx.ui.flush();
                return 130;
            }
        };
        match read {
            Read::Lines(lines) => {
                for line in &lines {
                    handle_line(line, mode, a, opts, test_now, &mut last, &mut out);
                }
                if !out.is_empty() {
                    ctx.ui.raw_bytes(&out);
                    ctx.ui.flush();
                    out.clear();
                }
            }
            Read::Ended(why) => {
                let resume = last.map(|l| l + 1).unwrap_or(a.index as u64);
                let tty = ctx.ui.stderr_is_tty();
                if tty {
                    let why = why.unwrap_or_else(|| "closed by the server".into());
                    ctx.ui.warn(&format!(
                        "Event stream interrupted ({why}); reconnecting from index {resume}…"
                    ));
                }
                let reopened = tokio::select! {
                    r = reconnect(&client, &a.topic, resume, &q) => r,
                    _ = &mut ctrl_c => {
                        ctx.ui.flush();
                        return 130;
                    }
                };
                stream = match reopened {
                    Ok(s) => s,
                    Err(e) => {
                        ctx.ui
                            .error(&format!("Error reopening the event stream: {e}"));
                        return 1;
                    }
                };
                if tty {
                    ctx.ui
                        .warn(&format!("Event stream resumed at index {resume}"));
                }
                if last.is_some() || a.index > 0 {
                    report_lost(ctx, &client, &q, resume).await;
                }
            }
        }
    }
}

/// Warns when the server's buffer starts after `from`: events from `from` up to its oldest
/// index can no longer be delivered.
async fn report_lost(ctx: &mut Ctx, client: &Client, q: &QueryOptions, from: u64) {
    if let Some(head) = buffer_head(client, q).await {
        if head > from {
            ctx.ui.warn(&format!(
                "Events lost: the server no longer holds indexes {from} to {} (its buffer now starts at {head}); any events in that range were not shown",
                head - 1
            ));
        }
    }
}

/// Reopens the stream, retrying transient failures (no answer, 429, 5xx) with
/// `policy::Backoff`. Other answers from the server (403, 400…) are final.
async fn reconnect(
    client: &Client,
    topics: &[String],
    index: u64,
    q: &QueryOptions,
) -> Result<crate::api::events::EventStream, Error> {
    let mut backoff = crate::api::policy::Backoff::default();
    loop {
        backoff.wait().await;
        match client.event_stream(topics, index, q).await {
            Ok(s) => return Ok(s),
            Err(e) if !crate::api::policy::transient(&e) => return Err(e),
            Err(_) => {}
        }
    }
}

/// The oldest index the server's event buffer still holds, when the token may read every
/// topic and the buffer is not empty: the first frame of a `*` subscription from index 1.
async fn buffer_head(client: &Client, q: &QueryOptions) -> Option<u64> {
    let probe = async {
        let mut s = client.event_stream(&["*".into()], 1, q).await.ok()?;
        loop {
            match s.next().await {
                Read::Lines(lines) => {
                    for l in lines {
                        if let Ok(f) = serde_json::from_slice::<RawFrame>(&l) {
                            if !f.is_heartbeat() {
                                return Some(f.index);
                            }
                        }
                    }
                }
                Read::Ended(_) => return None,
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(1), probe)
        .await
        .ok()
        .flatten()
}

fn handle_line(
    line: &[u8],
    mode: Mode,
    a: &EventStreamArgs,
    opts: LineOpts,
    test_now: Option<i64>,
    last: &mut Option<u64>,
    out: &mut Vec<u8>,
) {
    let Ok(frame) = serde_json::from_slice::<RawFrame>(line) else {
        // Not a frame (an error text appended by the server): pass it on in -raw only.
        if mode == Mode::Raw {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
        return;
    };
    if frame.is_heartbeat() {
        if mode == Mode::Raw {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
        return;
    }
    if last.is_some_and(|l| frame.index <= l) {
        return;
    }
    *last = Some(frame.index);
    match mode {
        Mode::Raw => {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
        Mode::Json => {
            for ev in &frame.events {
                if !a.types.is_empty() && !type_matches(ev, &a.types) {
                    continue;
                }
                out.extend_from_slice(ev.get().as_bytes());
                out.push(b'\n');
            }
        }
        Mode::Human => {
            let now = test_now.unwrap_or_else(crate::output::time::now_nanos);
            // One clock reading, formatted once, for every event of the frame.
            let t = clock(now);
            for ev in &frame.events {
                let Ok(head) = serde_json::from_str::<EventHead>(ev.get()) else {
                    continue;
                };
                if !a.types.is_empty() && !a.types.iter().any(|t| t == head.kind.as_ref()) {
                    continue;
                }
                out.extend_from_slice(render_event_at(&head, &t, opts).as_bytes());
            }
        }
    }
}

fn type_matches(ev: &RawValue, types: &[String]) -> bool {
    #[derive(Deserialize)]
    struct OnlyType<'a> {
        #[serde(rename = "Type", borrow, default)]
        kind: Cow<'a, str>,
    }
    serde_json::from_str::<OnlyType>(ev.get())
        .map(|t| types.iter().any(|x| x == t.kind.as_ref()))
        .unwrap_or(false)
}

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
/// stream stays aligned without knowing what comes next.
pub fn render_event(ev: &EventHead, now_ns: i64, opts: LineOpts) -> String {
    render_event_at(ev, &clock(now_ns), opts)
}

/// The time column: local wall-clock time to the millisecond.
fn clock(now_ns: i64) -> String {
    use chrono::TimeZone;
    chrono::Local
        .timestamp_nanos(now_ns)
        .format("%H:%M:%S%.3f")
        .to_string()
}

/// `render_event` with the time column already formatted.
pub fn render_event_at(ev: &EventHead, t: &str, opts: LineOpts) -> String {
    let key = if opts.verbose || !looks_like_uuid(&ev.key) {
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
    let mut line = line.trim_end().to_string();
    line.push('\n');
    line
}

fn looks_like_uuid(s: &str) -> bool {
    s.len() == 36 && s.bytes().filter(|b| *b == b'-').count() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: LineOpts = LineOpts {
        color: false,
        verbose: false,
    };

    #[test]
    fn lines_are_aligned_and_summarised() {
        let ev: EventHead = serde_json::from_str(
            r#"{"Topic":"Allocation","Type":"AllocationUpdated","Key":"3466e9a0-8391-4f64-b81a-8d2b5a4485ac",
               "Namespace":"default","Index":1021,"Payload":{"Allocation":{"Name":"web.web[0]",
               "ClientStatus":"failed","DesiredStatus":"run","NodeName":"node-1","Job":null}}}"#,
        )
        .unwrap();
        assert_eq!(
            render_event(&ev, 0, OPTS),
            "00:00:00.000      1021  Allocation  AllocationUpdated       default    3466e9a0  web.web[0] failed (desired run) on node-1\n"
        );
        let ev: EventHead = serde_json::from_str(
            r#"{"Topic":"Node","Type":"NodeDrain","Key":"n1","Namespace":"","Index":5,
               "Payload":{"Node":{"Name":"n1","Status":"ready","SchedulingEligibility":"ineligible","Drain":true}}}"#,
        )
        .unwrap();
        assert!(render_event(&ev, 0, OPTS).ends_with(
            "NodeDrain               -          n1        n1 ready, ineligible, draining\n"
        ));
    }
}
