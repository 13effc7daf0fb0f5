//! Task logs of the simulated clients: each started task has a stdout and a stderr log whose
//! first lines are generated from the allocation, and which tests (or the control API) can
//! append to, so followers see them grow.

use crate::state::State;

fn key(alloc: &str, task: &str, kind: &str) -> String {
    format!("{alloc}/{task}/{kind}")
}

/// The lines a task has written when nothing was appended yet.
fn initial(st: &State, alloc: &str, task: &str, kind: &str) -> Vec<u8> {
    let Some(a) = st.allocs.get(alloc) else {
        return Vec::new();
    };
    let short = &a.id[..a.id.len().min(8)];
    let failed = a
        .task_states
        .get(task)
        .is_some_and(|t| t.failed || a.client_status == "failed");
    match kind {
        "stdout" => format!(
            "{task}: starting (alloc {short})\n{task}: listening on 0.0.0.0:8080\n{task}: ready\n"
        )
        .into_bytes(),
        _ => {
            let mut s = format!("{task}: warning: no config file, using defaults\n");
            if failed {
                s.push_str(&format!("{task}: fatal: lost connection to upstream\n"));
            }
            s.into_bytes()
        }
    }
}

impl State {
    /// The whole log of one task (`kind` is `stdout` or `stderr`).
    pub fn task_log(&self, alloc: &str, task: &str, kind: &str) -> Vec<u8> {
        match self.logs.get(&key(alloc, task, kind)) {
            Some(v) => v.clone(),
            None => initial(self, alloc, task, kind),
        }
    }

    /// Up to `max` bytes of a task's log from `from`: a follower copies one frame's worth, not
    /// the whole log, for each frame.
    pub fn task_log_part(
        &self,
        alloc: &str,
        task: &str,
        kind: &str,
        from: usize,
        max: usize,
    ) -> Vec<u8> {
        let part = |v: &[u8]| {
            let end = from.saturating_add(max).min(v.len());
            v.get(from..end).unwrap_or_default().to_vec()
        };
        match self.logs.get(&key(alloc, task, kind)) {
            Some(v) => part(v),
            None => part(&initial(self, alloc, task, kind)),
        }
    }

    /// The length of a task's log, without copying it.
    pub fn task_log_len(&self, alloc: &str, task: &str, kind: &str) -> usize {
        match self.logs.get(&key(alloc, task, kind)) {
            Some(v) => v.len(),
            None => initial(self, alloc, task, kind).len(),
        }
    }

    /// Appends to a task's log and wakes followers.
    pub fn append_log(&mut self, alloc: &str, task: &str, kind: &str, data: &[u8]) {
        let k = key(alloc, task, kind);
        if !self.logs.contains_key(&k) {
            let first = initial(self, alloc, task, kind);
            self.logs.insert(k.clone(), first);
        }
        if let Some(v) = self.logs.get_mut(&k) {
            v.extend_from_slice(data);
        }
        self.next_index();
    }
}

/// One entry of an allocation's directory (`AllocFileInfo`).
#[derive(Clone, Debug)]
pub struct FileEntry {
    /// The path relative to the allocation directory, without a leading `/` (root = "").
    pub path: String,
    pub is_dir: bool,
    pub content: Vec<u8>,
    pub mod_time: i64,
}

impl State {
    /// The allocation's directory tree, as a `raw_exec` task's would look: the shared `alloc/`
    /// directory with the task logs, and one directory per task.
    pub fn alloc_files(&self, alloc: &str) -> Vec<FileEntry> {
        let Some(a) = self.allocs.get(alloc) else {
            return Vec::new();
        };
        let t = a.create_time;
        let dir = |p: &str| FileEntry {
            path: p.to_string(),
            is_dir: true,
            content: Vec::new(),
            mod_time: t,
        };
        let file = |p: String, content: Vec<u8>| FileEntry {
            path: p,
            is_dir: false,
            content,
            mod_time: t,
        };
        let mut out = vec![
            dir(""),
            dir("alloc"),
            dir("alloc/data"),
            dir("alloc/logs"),
            dir("alloc/tmp"),
        ];
        for task in a.tasks.keys() {
            if a.task_states.get(task).is_some_and(|s| s.started_at != 0) {
                for kind in ["stderr", "stdout"] {
                    out.push(file(
                        format!("alloc/logs/{task}.{kind}.0"),
                        self.task_log(alloc, task, kind),
                    ));
                }
            }
            out.push(dir(task));
            out.push(dir(&format!("{task}/local")));
            out.push(file(
                format!("{task}/local/app.conf"),
                format!("# {task} configuration\nlisten = \"0.0.0.0:8080\"\nworkers = 4\n")
                    .into_bytes(),
            ));
            out.push(dir(&format!("{task}/secrets")));
            out.push(dir(&format!("{task}/tmp")));
        }
        out.sort_by(|x, y| x.path.cmp(&y.path));
        out
    }
}
