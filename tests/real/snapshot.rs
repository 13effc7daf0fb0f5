//! `operator snapshot save` of a real agent restores on another real agent: rnomad saves the
//! first agent's state, rnomad restores it onto a fresh agent, and the fresh agent then knows
//! the first one's jobs. Nomad's own CLI restores rnomad's file too.

use std::collections::BTreeSet;
use std::path::Path;

use crate::agent::{rnomad_bin, run, Agent, Kind};

fn job_ids(agent: &Agent) -> BTreeSet<String> {
    agent
        .json("/v1/jobs")
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|j| j["ID"].as_str().map(str::to_string))
        .collect()
}

/// Runs the checks on server agents of their own; the failures.
pub fn check(nomad: &Path) -> Vec<String> {
    let source = Agent::start_kind(nomad, Kind::Server);
    // Registered by Nomad's own CLI; with no client the jobs stay pending, which is enough.
    for job in ["web", "param"] {
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/real/jobs/").to_string()
            + job
            + ".nomad.hcl";
        let r = run(nomad, &["job", "run", "-detach", &file], &source);
        if r.code != 0 {
            return vec![format!("nomad job run {job} on the server agent: {r}")];
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = save(&source, dir.path());
    drop(source);
    let (file, jobs) = match saved {
        Ok(s) => s,
        Err(e) => return vec![e],
    };
    let mut failures = Vec::new();
    for program in [rnomad_bin(), nomad] {
        failures.extend(restore_on_fresh(nomad, program, &file, &jobs));
    }
    failures
}

/// Saves `from`'s state with rnomad; the file's path, or the failure.
fn save(from: &Agent, dir: &Path) -> Result<(String, BTreeSet<String>), String> {
    let file = dir.join("state.snap").to_string_lossy().into_owned();
    let r = run(rnomad_bin(), &["operator", "snapshot", "save", &file], from);
    if r.code != 0 || r.stdout != format!("State file written to {file}\n") {
        return Err(format!("rnomad operator snapshot save: {r}"));
    }
    let jobs = job_ids(from);
    if jobs.is_empty() {
        return Err("the saved agent has no jobs to look for after the restore".into());
    }
    Ok((file, jobs))
}

/// Restores `file` onto a fresh agent with `program`; the failures.
fn restore_on_fresh(
    nomad: &Path,
    program: &Path,
    file: &str,
    jobs: &BTreeSet<String>,
) -> Vec<String> {
    let fresh = Agent::start_kind(nomad, Kind::Server);
    if !job_ids(&fresh).is_disjoint(jobs) {
        return vec!["the fresh agent already knows the saved jobs".into()];
    }
    let r = run(program, &["operator", "snapshot", "restore", file], &fresh);
    if r.code != 0 || r.stdout != "Snapshot Restored\n" {
        return vec![format!(
            "{} operator snapshot restore: {r}",
            program.display()
        )];
    }
    let after = job_ids(&fresh);
    if !jobs.is_subset(&after) {
        return vec![format!(
            "after {} restored rnomad's snapshot, the fresh agent has jobs {after:?}, not {jobs:?}",
            program.display()
        )];
    }
    Vec::new()
}
