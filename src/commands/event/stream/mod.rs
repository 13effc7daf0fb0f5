//! `event stream`: rnomad's own follower of `/v1/event/stream` (Nomad's CLI has none).
//!
//! Fetch: frames are decoded one line at a time as chunks arrive. View: `resume::Cursor`
//! decides which frames are shown and whether their arrival time is when they happened.
//! Render: `line::render_event` (people), the server's event objects (`-json`), or the frames
//! unchanged (`-raw`). Without `-index` the stream starts from now (the agent's applied raft
//! index, from `agent/self`); when the connection drops or goes silent it is reopened at the
//! last index seen, with backoff (`api::policy`), and what the server sends again is skipped.
//! When the server's bounded buffer no longer reaches back far enough, stderr says so.

pub mod line;
pub mod resume;

use std::borrow::Cow;

use bytes::Bytes;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::api::agent::AgentSelf;
use crate::api::events::{EventStream, RawFrame, Read, NEWEST};
use crate::api::{Client, Error, QueryOptions};
use crate::cli::event::EventStreamArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;

pub use line::{render_event, EventHead, LineOpts};
use resume::{Admit, Cursor, Start};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Human,
    Json,
    Raw,
}

/// What `agent/self` says about the stream's server; both unknown when it cannot be read
/// (no `agent:read`) or the agent is a client.
#[derive(Clone, Copy, Default)]
struct ServerFacts {
    applied: Option<u64>,
    buffer_size: Option<u64>,
}

/// Err only when the agent did not answer (any answer, a 403 included, is facts unknown).
async fn server_facts(client: &Client) -> Result<ServerFacts, Error> {
    match client.agent_self::<AgentSelf>(&QueryOptions::new()).await {
        Ok((me, _)) => Ok(ServerFacts {
            applied: me.applied_index(),
            buffer_size: me.event_buffer_size(),
        }),
        Err(e @ Error::Transport { .. }) => Err(e),
        Err(_) => Ok(ServerFacts::default()),
    }
}

pub async fn run(ctx: &mut Ctx, a: &EventStreamArgs) -> i32 {
    if a.index.0.is_some_and(|i| i < 0) {
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
    let mut facts = match server_facts(&client).await {
        Ok(f) => f,
        Err(e) => {
            ctx.ui
                .error(&format!("Error opening the event stream: {e}"));
            return 1;
        }
    };
    let mut cursor = Cursor::new(match (a.index.0, facts.applied) {
        (Some(n), _) => Start::Index(n as u64),
        (None, Some(x)) => Start::After(x),
        (None, None) => Start::Newest,
    });
    let mut stream = match client
        .event_stream(&a.topic, cursor.index_to_ask(), &q)
        .await
    {
        Ok(s) => s,
        Err(e) => {
            ctx.ui
                .error(&format!("Error opening the event stream: {e}"));
            return 1;
        }
    };
    cursor.connected(facts.applied);
    let mut out: Vec<u8> = Vec::with_capacity(64 * 1024);
    let stop = crate::output::signal::interrupted();
    tokio::pin!(stop);
    loop {
        let read = tokio::select! {
            r = stream.next() => r,
            _ = &mut stop => {
                ctx.ui.flush();
                return 130;
            }
        };
        match read {
            Read::Lines(lines) => {
                for line in &lines {
                    let before = out.len();
                    handle_line(line, mode, &a.types, opts, test_now, &mut cursor, &mut out);
                    let gap = cursor.take_gap();
                    let skipped = cursor.take_skipped();
                    if gap.is_none() && skipped.is_none() {
                        continue;
                    }
                    // The warning goes before the frame that revealed the gap.
                    let frame = out.split_off(before);
                    ctx.ui.raw_bytes(&out);
                    ctx.ui.flush();
                    out.clear();
                    if let Some(index) = gap {
                        ctx.ui.warn(&resume::gap_warning(index));
                    }
                    if let Some((from, first)) = skipped {
                        report_lost(ctx, &client, &q, from, first).await;
                    }
                    out = frame;
                }
                if !out.is_empty() {
                    ctx.ui.raw_bytes(&out);
                    ctx.ui.flush();
                    out.clear();
                }
            }
            Read::Failed(why) => {
                ctx.ui.flush();
                ctx.ui
                    .error(&format!("Error reading the event stream: {why}"));
                return 1;
            }
            Read::Ended(why) => {
                let resume = cursor.index_to_ask();
                let tty = ctx.ui.stderr_is_tty();
                if tty {
                    let why = why.unwrap_or_else(|| "closed by the server".into());
                    ctx.ui.warn(&format!(
                        "Event stream interrupted ({why}); reconnecting{}…",
                        from_index(resume)
                    ));
                }
                let reopened = tokio::select! {
                    r = reconnect(&client, &a.topic, resume, &q) => r,
                    _ = &mut stop => {
                        ctx.ui.flush();
                        return 130;
                    }
                };
                (stream, facts) = match reopened {
                    Ok(s) => s,
                    Err(e) => {
                        ctx.ui
                            .error(&format!("Error reopening the event stream: {e}"));
                        return 1;
                    }
                };
                cursor.connected(facts.applied);
                if tty {
                    ctx.ui
                        .warn(&format!("Event stream resumed{}", from_index(resume)));
                }
            }
        }
    }
}

/// " from index N" for the messages about reconnecting; nothing when rnomad asked for the
/// server's newest frame (the index it asks for then means nothing to a person).
fn from_index(index: u64) -> String {
    if index == NEWEST {
        String::new()
    } else {
        format!(" from index {index}")
    }
}

/// Warns when the stream opened at `from` began at a later index `first` and the server's
/// buffer is full and starts after `from`: events in between, if there were any, are gone.
/// Needs the buffer's size (`agent/self` of a server agent, read again now: the buffer is
/// read up to the index the agent has reached) and a token that may read every topic.
async fn report_lost(ctx: &mut Ctx, client: &Client, q: &QueryOptions, from: u64, first: u64) {
    let facts = server_facts(client).await.unwrap_or_default();
    let Some(size) = facts.buffer_size else {
        return;
    };
    if let Some(held) = client.event_buffer(size, facts.applied, q).await {
        if let Some(w) = resume::lost_warning(from, first, held) {
            ctx.ui.warn(&w);
        }
    }
}

/// Reopens the stream, retrying transient failures (no answer, 429, 5xx) with
/// `policy::Backoff`; reads `agent/self` again first, for the index the server has reached.
/// Other answers from the server (403, 400…) are final.
async fn reconnect(
    client: &Client,
    topics: &[String],
    index: u64,
    q: &QueryOptions,
) -> Result<(EventStream, ServerFacts), Error> {
    let mut backoff = crate::api::policy::Backoff::default();
    loop {
        backoff.wait().await;
        let facts = server_facts(client).await.unwrap_or_default();
        match client.event_stream(topics, index, q).await {
            Ok(s) => return Ok((s, facts)),
            Err(e) if !crate::api::policy::transient(&e) => return Err(e),
            Err(_) => {}
        }
    }
}

fn handle_line(
    line: &Bytes,
    mode: Mode,
    types: &[String],
    opts: LineOpts,
    test_now: Option<i64>,
    cursor: &mut Cursor,
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
    let Admit::Show { time_known } = cursor.admit(frame.index, line) else {
        return;
    };
    match mode {
        Mode::Raw => {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
        Mode::Json => {
            for ev in &frame.events {
                if !types.is_empty() && !type_matches(ev, types) {
                    continue;
                }
                out.extend_from_slice(ev.get().as_bytes());
                out.push(b'\n');
            }
        }
        Mode::Human => {
            // One clock reading, formatted once, for every event of the frame.
            let t: Cow<str> = if time_known {
                line::clock(test_now.unwrap_or_else(crate::output::time::now_nanos)).into()
            } else {
                line::UNKNOWN_TIME.into()
            };
            for ev in &frame.events {
                let Ok(head) = serde_json::from_str::<EventHead>(ev.get()) else {
                    continue;
                };
                if !types.is_empty() && !types.iter().any(|t| t == head.kind.as_ref()) {
                    continue;
                }
                out.extend_from_slice(line::render_event_at(&head, &t, opts).as_bytes());
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
