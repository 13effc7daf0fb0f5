//! `job logs` (rnomad's own; Nomad's `alloc logs -job` reads one allocation picked at random):
//! the logs of every allocation of a job at once, stern-style.
//!
//! The job's allocations are listed once (and with `-f` watched by blocking queries); the
//! nodes they run on are looked up concurrently, and every selected task's stdout and stderr is
//! streamed concurrently by the same follower as `alloc logs` (direct to the node when it can
//! be reached, else through the agent; a broken stream resumes from its offset). `mux` turns
//! the streams into whole lines with their source in front; `sources` keeps track of which
//! allocations and tasks are being read.

mod mux;
mod sources;

use std::time::Duration;

use regex::Regex;
use tokio::sync::mpsc;

use crate::api::allocs::AllocTasksStub;
use crate::api::{Client, QueryOptions};
use crate::cli::job::JobLogsArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::signal::interrupted;
use crate::views::logs::{LineFormat, Stream};
use mux::LineMux;
use sources::{Event, Sources};

/// The lines `-tail` starts with when `-n` is not given (as `alloc logs -tail`).
const DEFAULT_TAIL_LINES: i64 = 10;

/// What the flags select.
pub(crate) struct Selection {
    all: bool,
    group: String,
    /// `-task`: the exact name, or a regular expression over the whole name.
    task: Option<(String, Regex)>,
    streams: Vec<Stream>,
}

impl Selection {
    fn new(a: &JobLogsArgs) -> Result<Selection, String> {
        let task = task_filter(&a.task)?;
        let streams = match (a.stdout, a.stderr) {
            (true, false) => vec![Stream::Stdout],
            (false, true) => vec![Stream::Stderr],
            _ => vec![Stream::Stdout, Stream::Stderr],
        };
        Ok(Selection {
            all: a.all,
            group: a.group.clone(),
            task,
            streams,
        })
    }

    fn wants_group(&self, a: &AllocTasksStub) -> bool {
        self.group.is_empty() || a.task_group == self.group
    }

    /// The allocation's tasks that have started (a task that has not has no log yet) and that
    /// `-task` selects, by name.
    fn tasks(&self, a: &AllocTasksStub) -> Vec<String> {
        let Some(states) = &a.task_states else {
            return Vec::new();
        };
        states
            .iter()
            .filter(|(_, s)| !s.state.is_empty() && s.state != "pending")
            .map(|(name, _)| name)
            .filter(|name| match &self.task {
                None => true,
                Some((exact, re)) => *name == exact || re.is_match(name),
            })
            .cloned()
            .collect()
    }
}

/// `-task`: none when empty, else the name and the pattern it is as a whole-name match.
fn task_filter(task: &str) -> Result<Option<(String, Regex)>, String> {
    if task.is_empty() {
        return Ok(None);
    }
    let re = Regex::new(&format!("^(?:{task})$")).map_err(|e| {
        format!(
            "Invalid regular expression for -task {}: {}",
            quote(task),
            regex_reason(&e)
        )
    })?;
    Ok(Some((task.to_string(), re)))
}

/// The reason in a regex error, on one line (the crate's text draws the pattern with a caret
/// over several lines).
fn regex_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .or_else(|| text.lines().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or("invalid pattern")
        .to_string()
}

/// How each log is read.
#[derive(Clone, Copy)]
pub(crate) struct Reading {
    pub follow: bool,
    /// `-tail`/`-n`: start this many lines before the end.
    pub tail: Option<i64>,
}

pub async fn run(ctx: &mut Ctx, a: &JobLogsArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument: <job>", "job logs");
    }
    let sel = match Selection::new(a) {
        Ok(s) => s,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let reading = Reading {
        follow: a.follow,
        tail: if a.lines >= 0 {
            Some(a.lines)
        } else {
            a.tail.then_some(DEFAULT_TAIL_LINES)
        },
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let all_ns = client.config().namespace.as_deref() == Some("*");
    let found =
        match crate::commands::job::job_id_by_prefix(&client, a.args[0].trim(), all_ns, None).await
        {
            Ok(f) => f,
            Err(e) => {
                ctx.ui.error(&e);
                return 1;
            }
        };
    let mut q = QueryOptions::new();
    if !found.namespace.is_empty() {
        q = q.namespace(&found.namespace);
    }
    let (allocs, meta) = match client
        .job_allocations::<Option<Vec<AllocTasksStub>>>(&found.id, &q)
        .await
    {
        Ok((v, meta)) => (v.unwrap_or_default(), meta),
        Err(e) => {
            ctx.ui.error(&format!("Error retrieving allocations: {e}"));
            return 1;
        }
    };
    // Only a batch job is ever done: a service job's allocations may be replaced at any time.
    let batch = found
        .stub
        .as_ref()
        .is_some_and(|j| matches!(j.job_type.as_str(), "batch" | "sysbatch"));

    let format = if a.json {
        LineFormat::Json
    } else {
        LineFormat::Prefixed {
            color: ctx.ui.color().markup,
        }
    };
    ctx.ui.flush();
    let mux = LineMux::new(Box::new(std::io::stdout()), format);
    let mut src = Sources::new(&client, &sel, mux, reading, meta.last_index);
    src.apply(&allocs, true);
    if !a.follow && src.is_idle() {
        let what = if a.all {
            "allocation"
        } else {
            "running allocation"
        };
        ctx.ui.error(&format!(
            "Job {} has no {what} with logs to read{}",
            quote(&found.id),
            if sel.group.is_empty() && sel.task.is_none() {
                ""
            } else {
                " matching -group/-task"
            }
        ));
        return 1;
    }
    let mut updates = if a.follow {
        Some(watch_allocations(&client, &found.id, &q, meta.last_index))
    } else {
        None
    };
    let stop = interrupted();
    tokio::pin!(stop);
    let mut failed = false;
    loop {
        if src.is_idle() && (!a.follow || (batch && src.nothing_left_running())) {
            break;
        }
        tokio::select! {
            ev = src.next_event(), if !src.is_idle() => {
                if let Some(Event::Failed(msg)) = ev {
                    ctx.ui.error(&msg);
                    ctx.ui.flush();
                    failed = true;
                }
            }
            Some(list) = recv(&mut updates) => src.apply(&list, false),
            _ = &mut stop => return 130,
        }
    }
    i32::from(failed)
}

async fn recv(rx: &mut Option<mpsc::Receiver<Vec<AllocTasksStub>>>) -> Option<Vec<AllocTasksStub>> {
    match rx {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// Blocking queries on the job's allocations from `index`: each change of the list is sent on.
/// Errors (a server restarting, a network blip) are retried after a pause: the streams already
/// open go on meanwhile.
fn watch_allocations(
    client: &Client,
    job: &str,
    q: &QueryOptions,
    index: u64,
) -> mpsc::Receiver<Vec<AllocTasksStub>> {
    let (tx, rx) = mpsc::channel(4);
    let client = client.clone();
    let job = job.to_string();
    let q = q.clone();
    tokio::spawn(async move {
        let mut index = index.max(1);
        loop {
            let r = client
                .block_job_allocations::<Option<Vec<AllocTasksStub>>>(
                    &job,
                    &q,
                    index,
                    Duration::from_secs(300),
                )
                .await;
            match r {
                Ok((list, meta)) => {
                    if meta.last_index != index && tx.send(list.unwrap_or_default()).await.is_err()
                    {
                        return;
                    }
                    index = meta.last_index.max(1);
                }
                Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
            }
        }
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::allocs::TaskStateBrief;

    fn sel(task: &str) -> Result<Selection, String> {
        Ok(Selection {
            all: false,
            group: String::new(),
            task: task_filter(task)?,
            streams: vec![Stream::Stdout],
        })
    }

    fn alloc(states: &[(&str, &str)]) -> AllocTasksStub {
        AllocTasksStub {
            task_states: Some(
                states
                    .iter()
                    .map(|(n, s)| {
                        (
                            n.to_string(),
                            TaskStateBrief {
                                state: s.to_string(),
                            },
                        )
                    })
                    .collect(),
            ),
            ..Default::default()
        }
    }

    #[test]
    fn task_is_a_name_or_a_whole_name_pattern() {
        let a = alloc(&[
            ("web", "running"),
            ("webhook", "running"),
            ("sidecar", "dead"),
        ]);
        let names = |t: &str| sel(t).unwrap().tasks(&a);
        assert_eq!(names(""), ["sidecar", "web", "webhook"]);
        assert_eq!(names("web"), ["web"]);
        assert_eq!(names("web.*"), ["web", "webhook"]);
        assert_eq!(names("side|web"), ["web"]);
        // Tasks that have not started have no log yet.
        let b = alloc(&[("web", "pending"), ("init", "dead")]);
        assert_eq!(sel("").unwrap().tasks(&b), ["init"]);
    }

    #[test]
    fn a_bad_pattern_is_one_line() {
        let e = sel("web(").err().expect("an error");
        assert_eq!(
            e,
            "Invalid regular expression for -task \"web(\": unclosed group"
        );
    }
}
