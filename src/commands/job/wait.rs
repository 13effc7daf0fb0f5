//! `job wait` (rnomad's own): waits until a job's current version is done (see
//! `views::wait` for what done means per job type), and the waiting behind `job run -wait`
//! and `job stop -wait`.
//!
//! The job's allocations, evaluations and deployments are read with blocking queries, all
//! three at once; a line is printed for each fact that changed (the monitor's `==>`/four-space
//! layout and clock), and on a terminal a live line below them shows the time waited. A
//! transient failure (server gone, 5xx, 429) is retried after a backoff, as rnomad's other
//! followers do; anything else ends the wait with one line and exit code 1.

use std::time::{Duration, Instant};

use futures_util::future::select_all;
use serde::de::DeserializeOwned;

use crate::api::allocs::AllocationListStub;
use crate::api::deployments::Deployment;
use crate::api::evals::Evaluation;
use crate::api::jobs::Job;
use crate::api::{Client, QueryMeta, QueryOptions};
use crate::cli::job::{JobWaitArgs, WaitFlags};
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::monitor::clock;
use crate::output::{FULL_ID, SHORT_ID};
use crate::views::wait::{
    assess, changed, end_line, start_line, summary, Assessment, Outcome, Snapshot, Target,
};

/// How the wait reports, and when it gives up.
#[derive(Clone, Debug)]
pub struct WaitOptions {
    /// The instant after which it ends with exit code 124, and the flag's text.
    pub deadline: Option<(Instant, String)>,
    pub json: bool,
    pub verbose: bool,
}

/// The longest a blocking query waits before asking again (Nomad's cap).
const BLOCK: Duration = Duration::from_secs(300);
/// A blocking query answered sooner than this with an unchanged index did not block.
const MIN_BLOCK: Duration = Duration::from_millis(500);

impl WaitOptions {
    /// From `-timeout` (a Go duration, empty for none), counted from now.
    pub fn new(timeout: &str, json: bool, verbose: bool) -> Result<WaitOptions, String> {
        let deadline = if timeout.is_empty() {
            None
        } else {
            let ns = crate::gocompat::time::parse_duration_err(timeout)
                .map_err(|e| format!("Invalid -timeout value: {e}"))?;
            if ns <= 0 {
                return Err(format!(
                    "Invalid -timeout value: {} is not a positive duration",
                    quote(timeout)
                ));
            }
            Some((
                Instant::now() + Duration::from_nanos(ns as u64),
                timeout.to_string(),
            ))
        };
        Ok(WaitOptions {
            deadline,
            json,
            verbose,
        })
    }
}

/// The wait `-wait`/`-timeout` of `job run` and `job stop` ask for (`None` without `-wait`).
pub fn from_flags(f: &WaitFlags, verbose: bool) -> Result<Option<WaitOptions>, String> {
    if !f.wait {
        if !f.timeout.is_empty() {
            return Err("The -timeout flag needs -wait".into());
        }
        return Ok(None);
    }
    WaitOptions::new(&f.timeout, false, verbose).map(Some)
}

pub async fn run(ctx: &mut Ctx, a: &JobWaitArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument: <job>", "job wait");
    }
    let opts = match WaitOptions::new(&a.timeout, a.json, a.verbose) {
        Ok(o) => o,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, q) = match super::resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    wait_for_job(ctx, &client, &id, &q, false, &opts).await
}

/// Waits for job `id` (in `q`'s namespace): its current version to be done, or with
/// `stopping` (and for a stopped or purged job) its allocations to stop. The exit code.
pub async fn wait_for_job(
    ctx: &mut Ctx,
    client: &Client,
    id: &str,
    q: &QueryOptions,
    stopping: bool,
    opts: &WaitOptions,
) -> i32 {
    let job = match client.job::<Job>(id, q).await {
        Ok((j, _)) => Some(j),
        // A purged job: its allocations remain until garbage collection.
        Err(e) if stopping && e.status() == Some(404) => None,
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying job {}: {e}", quote(id)));
            return 1;
        }
    };
    if let Some(j) = job
        .as_ref()
        .filter(|j| !stopping && (j.is_periodic() || j.is_parameterized()))
    {
        let kind = if j.is_periodic() {
            "periodic"
        } else {
            "parameterized"
        };
        ctx.ui.error(&format!(
            "Job {} is {kind}: it runs no allocations of its own to wait for",
            quote(id)
        ));
        return 1;
    }
    let target = Target {
        job_id: id.to_string(),
        namespace: job
            .as_ref()
            .and_then(|j| j.namespace.clone())
            .or_else(|| q.namespace.clone())
            .unwrap_or_else(|| "default".into()),
        job_type: job
            .as_ref()
            .and_then(|j| j.job_type.clone())
            .unwrap_or_default(),
        version: job.as_ref().and_then(|j| j.version).unwrap_or(0),
        modify_index: job.as_ref().and_then(|j| j.job_modify_index).unwrap_or(0),
        stopping: stopping || job.as_ref().is_none_or(|j| j.stop == Some(true)),
    };
    Waiter::new(opts).run(ctx, client, q, &target).await
}

/// The three endpoints, in the order a consistent read takes them: allocations first, then
/// evaluations (Nomad writes an allocation's failure and the evaluation that replaces it in
/// one step, so evaluations read later cannot miss it), then deployments.
const ALLOCS: usize = 0;
const EVALS: usize = 1;
const DEPLOYMENTS: usize = 2;

/// One endpoint's answer, decoded.
enum Body {
    Allocs(Vec<AllocationListStub>),
    Evals(Vec<Evaluation>),
    Deployments(Vec<Deployment>),
}

async fn read(
    client: &Client,
    id: &str,
    q: &QueryOptions,
    which: usize,
    index: u64,
) -> Result<(Body, QueryMeta), crate::api::Error> {
    let mut q = q.clone();
    if index > 0 {
        q.index = index;
        q.wait = Some(BLOCK);
    }
    async fn list<T: DeserializeOwned>(
        r: Result<(Option<Vec<T>>, QueryMeta), crate::api::Error>,
    ) -> Result<(Vec<T>, QueryMeta), crate::api::Error> {
        r.map(|(v, m)| (v.unwrap_or_default(), m))
    }
    match which {
        ALLOCS => list(client.job_allocations(id, &q).await)
            .await
            .map(|(v, m)| (Body::Allocs(v), m)),
        EVALS => list(client.job_evaluations(id, &q).await)
            .await
            .map(|(v, m)| (Body::Evals(v), m)),
        _ => list(client.job_deployments(id, &q).await)
            .await
            .map(|(v, m)| (Body::Deployments(v), m)),
    }
}

/// The wait's state: what was shown, and the live line.
struct Waiter<'o> {
    opts: &'o WaitOptions,
    len: usize,
    /// Lines go to stderr with `-json` (stdout holds only the summary).
    to_stderr: bool,
    live: bool,
    live_shown: bool,
    started: Instant,
    spin: usize,
}

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

impl<'o> Waiter<'o> {
    fn new(opts: &'o WaitOptions) -> Waiter<'o> {
        Waiter {
            opts,
            len: if opts.verbose { FULL_ID } else { SHORT_ID },
            to_stderr: opts.json,
            live: !opts.json && crate::output::term::stdout_is_tty(),
            live_shown: false,
            started: Instant::now(),
            spin: 0,
        }
    }

    fn clear_live(&mut self, ctx: &mut Ctx) {
        if self.live_shown {
            ctx.ui.raw_out("\r\x1b[2K");
            self.live_shown = false;
        }
    }

    fn draw_live(&mut self, ctx: &mut Ctx, target: &Target) {
        if !self.live {
            return;
        }
        self.clear_live(ctx);
        self.spin = (self.spin + 1) % SPINNER.len();
        let secs = self.started.elapsed().as_secs();
        let what = if target.stopping {
            "allocations to stop".to_string()
        } else {
            format!("version {}", target.version)
        };
        ctx.ui.raw_out(&format!(
            "{} Waiting for job {} {what} ({secs}s)",
            SPINNER[self.spin],
            quote(&target.job_id)
        ));
        ctx.ui.flush();
        self.live_shown = true;
    }

    /// A `==> ` line (the first and last), on stderr when `error`.
    fn headline(&mut self, ctx: &mut Ctx, msg: &str, error: bool) {
        self.clear_live(ctx);
        let line = format!("==> {}: {msg}", clock(ctx));
        if error || self.to_stderr {
            ctx.ui.error(&line);
        } else {
            ctx.ui.info_plain(&line);
        }
    }

    fn fact(&mut self, ctx: &mut Ctx, msg: &str) {
        self.clear_live(ctx);
        let line = format!("    {}: {msg}", clock(ctx));
        if self.to_stderr {
            ctx.ui.error(&line);
        } else {
            ctx.ui.output(&line);
        }
    }

    async fn run(&mut self, ctx: &mut Ctx, client: &Client, q: &QueryOptions, t: &Target) -> i32 {
        self.headline(ctx, &start_line(t), false);
        let id = t.job_id.as_str();
        let mut snap = Snapshot::default();
        let mut indexes = [0u64; 3];
        // The first read: a failure here (no permission, server down) ends the wait.
        for which in [ALLOCS, EVALS, DEPLOYMENTS] {
            match read(client, id, q, which, 0).await {
                Ok((body, meta)) => {
                    store(&mut snap, body);
                    indexes[which] = meta.last_index;
                }
                Err(e) => {
                    self.headline(ctx, &format!("Error reading job {}: {e}", quote(id)), true);
                    return 1;
                }
            }
        }
        let mut shown: Vec<(String, String)> = Vec::new();
        let stop = crate::output::signal::interrupted();
        tokio::pin!(stop);
        let mut backoff = crate::api::policy::Backoff::default();
        let deadline = self.opts.deadline.as_ref().map(|(d, _)| *d);
        loop {
            let a = assess(t, &snap, self.len);
            for line in changed(&shown, &a.facts) {
                self.fact(ctx, line);
            }
            shown = a.facts.clone();
            if deadline.is_some_and(|d| Instant::now() >= d) {
                let a = Assessment {
                    outcome: Outcome::TimedOut,
                    ..a
                };
                return self.finish(ctx, t, &snap, &a);
            }
            if a.outcome != Outcome::Pending {
                // Confirm on a fresh read taken in order, so two answers from different moments
                // cannot make up an end that never was.
                match confirm(client, id, q, t, self.len).await {
                    Ok((fresh, b)) if b.outcome == a.outcome => {
                        return self.finish(ctx, t, &fresh, &b);
                    }
                    Ok((fresh, _)) => snap = fresh,
                    Err(e) if crate::api::policy::transient(&e) => backoff.wait().await,
                    Err(e) => {
                        self.headline(ctx, &format!("Error reading job {}: {e}", quote(id)), true);
                        return 1;
                    }
                }
                continue;
            }
            ctx.ui.flush();
            let asked = Instant::now();
            let mut queries =
                select_all((0..3).map(|w| Box::pin(read(client, id, q, w, indexes[w]))));
            let (answer, w) = loop {
                self.draw_live(ctx, t);
                tokio::select! {
                    (answer, w, _) = &mut queries => break (answer, w),
                    _ = sleep_until(deadline) => {
                        let a = Assessment { outcome: Outcome::TimedOut, ..a };
                        return self.finish(ctx, t, &snap, &a);
                    }
                    _ = &mut stop => {
                        self.clear_live(ctx);
                        ctx.ui.flush();
                        return 130;
                    }
                    // The live line's clock and spinner move while the queries block.
                    _ = tokio::time::sleep(Duration::from_millis(200)), if self.live => {}
                }
            };
            match answer {
                Ok((body, meta)) => {
                    // An answer that came at once with nothing new did not block (a proxy
                    // dropping `X-Nomad-Index`): asking again at once would spin.
                    if meta.last_index == indexes[w] && asked.elapsed() < MIN_BLOCK {
                        backoff.wait().await;
                    } else {
                        backoff.reset();
                    }
                    indexes[w] = meta.last_index;
                    store(&mut snap, body);
                }
                Err(e) if crate::api::policy::transient(&e) => backoff.wait().await,
                Err(e) => {
                    self.headline(ctx, &format!("Error reading job {}: {e}", quote(id)), true);
                    return 1;
                }
            }
        }
    }

    fn finish(&mut self, ctx: &mut Ctx, t: &Target, snap: &Snapshot, a: &Assessment) -> i32 {
        let timeout = self
            .opts
            .deadline
            .as_ref()
            .map(|(_, s)| s.as_str())
            .unwrap_or("");
        let line = end_line(t, a, timeout);
        self.headline(ctx, &line, a.outcome != Outcome::Done);
        if self.opts.json {
            let v = summary(t, snap, a, &line);
            ctx.ui.output(&crate::output::json::to_json_untyped(&v));
        }
        ctx.ui.flush();
        a.outcome.exit_code()
    }
}

fn store(snap: &mut Snapshot, body: Body) {
    match body {
        Body::Allocs(v) => snap.allocs = v,
        Body::Evals(v) => snap.evals = v,
        Body::Deployments(v) => snap.deployments = v,
    }
}

/// A fresh snapshot of the three endpoints (read at once), and its judgement.
async fn confirm(
    client: &Client,
    id: &str,
    q: &QueryOptions,
    t: &Target,
    len: usize,
) -> Result<(Snapshot, Assessment), crate::api::Error> {
    let mut snap = Snapshot::default();
    let (allocs, evals, deployments) = tokio::try_join!(
        read(client, id, q, ALLOCS, 0),
        read(client, id, q, EVALS, 0),
        read(client, id, q, DEPLOYMENTS, 0),
    )?;
    for (body, _) in [allocs, evals, deployments] {
        store(&mut snap, body);
    }
    let a = assess(t, &snap, len);
    Ok((snap, a))
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d.into()).await,
        None => std::future::pending().await,
    }
}
