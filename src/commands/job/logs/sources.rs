//! Which allocations and tasks `job logs` reads, and their streams: an allocation joins when
//! it runs (or, with `-all`, whatever its state), its node is looked up once per node, each of
//! its started tasks gets a stream per log kind, and a task that starts later joins then. When
//! an allocation turns terminal its streams are told, so they end after their last lines.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use futures_util::future::LocalBoxFuture;
use futures_util::stream::{FuturesUnordered, StreamExt};
use futures_util::FutureExt;
use tokio::sync::watch;

use super::mux::LineMux;
use super::{Reading, Selection};
use crate::api::allocs::{AllocInfo, AllocTasksStub};
use crate::api::stream::FsStream;
use crate::api::Client;
use crate::commands::alloc::{
    is_terminal, log_params, stream_log, Request, StreamError, Target, BYTES_PER_LINE,
};
use crate::views::logs::{prefix, LogSource};

/// What finished work reports.
pub(crate) enum Event {
    /// A node was looked up (`None`: unknown, so its logs go through the agent).
    Node(String, Option<Rc<Client>>),
    /// A stream ended as it should.
    Ended,
    /// A stream failed: the one-line message to print.
    Failed(String),
}

enum NodeState {
    /// Being looked up; these allocations wait for it.
    Looking(Vec<AllocTasksStub>),
    Ready(Option<Rc<Client>>),
}

struct Tracked {
    terminal: watch::Sender<bool>,
    /// Tasks whose streams have been started.
    tasks: BTreeSet<String>,
}

pub(crate) struct Sources<'a> {
    client: &'a Client,
    sel: &'a Selection,
    mux: LineMux,
    reading: Reading,
    /// The list index when the command started: allocations created later are new.
    start_index: u64,
    nodes: HashMap<String, NodeState>,
    allocs: HashMap<String, Tracked>,
    /// Whether the last list had an allocation still pending or running.
    running: bool,
    work: FuturesUnordered<LocalBoxFuture<'a, Event>>,
}

impl<'a> Sources<'a> {
    pub fn new(
        client: &'a Client,
        sel: &'a Selection,
        mux: LineMux,
        reading: Reading,
        start_index: u64,
    ) -> Self {
        Sources {
            client,
            sel,
            mux,
            reading,
            start_index,
            nodes: HashMap::new(),
            allocs: HashMap::new(),
            running: false,
            work: FuturesUnordered::new(),
        }
    }

    /// No lookup or stream is in progress.
    pub fn is_idle(&self) -> bool {
        self.work.is_empty()
    }

    /// Nothing of the job was pending or running in the last list.
    pub fn nothing_left_running(&self) -> bool {
        !self.running
    }

    /// The next finished piece of work (a node found, a stream ended).
    pub async fn next_event(&mut self) -> Option<Event> {
        let ev = self.work.next().await?;
        if let Event::Node(id, node) = &ev {
            let waiting = match self
                .nodes
                .insert(id.clone(), NodeState::Ready(node.clone()))
            {
                Some(NodeState::Looking(v)) => v,
                _ => Vec::new(),
            };
            for a in waiting {
                self.start_tasks(&a, node.clone());
            }
        }
        Some(ev)
    }

    /// Takes a list of the job's allocations (the first one when `initial`).
    pub fn apply(&mut self, list: &[AllocTasksStub], initial: bool) {
        self.running = list
            .iter()
            .any(|a| !is_terminal(&a.client_status) && a.desired_status == "run");
        let present: BTreeSet<&str> = list.iter().map(|a| a.id.as_str()).collect();
        for (id, t) in &self.allocs {
            // Garbage-collected allocations are done too.
            if !present.contains(id.as_str()) {
                t.terminal.send_replace(true);
            }
        }
        for a in list.iter().filter(|a| self.sel.wants_group(a)) {
            let done = is_terminal(&a.client_status);
            if let Some(t) = self.allocs.get(&a.id) {
                if done {
                    t.terminal.send_replace(true);
                }
                // Tasks that started since the last list (poststart, poststop) join.
                if self.sel.tasks(a).iter().any(|n| !t.tasks.contains(n)) {
                    self.with_node(a);
                }
                continue;
            }
            // Running, or anything with -all; while following also any allocation created
            // since the start that already ran and ended between two lists.
            let new = !initial && a.create_index > self.start_index;
            if !(a.client_status == "running" || self.sel.all || new) {
                continue;
            }
            if self.sel.tasks(a).is_empty() && !self.reading.follow {
                continue;
            }
            let (tx, _) = watch::channel(done);
            self.allocs.insert(
                a.id.clone(),
                Tracked {
                    terminal: tx,
                    tasks: BTreeSet::new(),
                },
            );
            self.with_node(a);
        }
    }

    /// Starts the allocation's new streams once its node is known.
    fn with_node(&mut self, a: &AllocTasksStub) {
        match self.nodes.get_mut(&a.node_id) {
            Some(NodeState::Ready(node)) => {
                let node = node.clone();
                self.start_tasks(a, node);
            }
            Some(NodeState::Looking(waiting)) => waiting.push(a.clone()),
            None => {
                self.nodes
                    .insert(a.node_id.clone(), NodeState::Looking(vec![a.clone()]));
                let client = self.client;
                let id = a.node_id.clone();
                self.work.push(
                    async move {
                        let node = client.node_client(&id).await.map(Rc::new);
                        Event::Node(id, node)
                    }
                    .boxed_local(),
                );
            }
        }
    }

    fn start_tasks(&mut self, a: &AllocTasksStub, node: Option<Rc<Client>>) {
        let Some(t) = self.allocs.get_mut(&a.id) else {
            return;
        };
        let terminal = t.terminal.subscribe();
        let tasks: Vec<String> = self
            .sel
            .tasks(a)
            .into_iter()
            .filter(|n| t.tasks.insert(n.clone()))
            .collect();
        for task in tasks {
            for &stream in &self.sel.streams {
                let src = LogSource {
                    alloc: a.id.clone(),
                    group: a.task_group.clone(),
                    task: task.clone(),
                    stream,
                };
                let alloc = AllocInfo {
                    id: a.id.clone(),
                    namespace: a.namespace.clone(),
                    node_id: a.node_id.clone(),
                    ..Default::default()
                };
                let fut = read_one(
                    self.client,
                    node.clone(),
                    alloc,
                    src,
                    self.mux.clone(),
                    self.reading,
                    terminal.clone(),
                );
                self.work.push(fut.boxed_local());
            }
        }
    }
}

/// Streams one task's log of one kind into the mux, to its end (or, following, until the
/// allocation is terminal and its last lines are in).
async fn read_one(
    client: &Client,
    node: Option<Rc<Client>>,
    alloc: AllocInfo,
    src: LogSource,
    mux: LineMux,
    reading: Reading,
    terminal: watch::Receiver<bool>,
) -> Event {
    // A terminal allocation's log is complete: read it to its end instead of following it.
    let follow = reading.follow && !*terminal.borrow();
    let (origin, offset, lines) = match reading.tail {
        Some(n) => ("end", n.saturating_mul(BYTES_PER_LINE), Some(n)),
        None => ("start", 0, None),
    };
    let id = mux.add(src.clone());
    let sink = mux.clone();
    let req = Request {
        client,
        node: node.as_deref(),
        alloc: &alloc,
        path: FsStream::Logs.path(&alloc.id),
        params: log_params(&src.task, src.stream.name(), follow),
        single_file: false,
        origin,
        offset,
        lines,
        target: Target::Sink(Arc::new(move |data: &[u8]| sink.push(id, data))),
        terminal: follow.then_some(terminal),
    };
    let r = stream_log(req).await;
    mux.finish(id);
    match r {
        Ok(()) => Event::Ended,
        Err(StreamError::Open(e)) => Event::Failed(format!(
            "Failed to read {}: error reading file: {e}",
            prefix(&src)
        )),
        Err(StreamError::Broken(e)) => Event::Failed(format!(
            "Failed to read {}: error following logs: {e}",
            prefix(&src)
        )),
    }
}
