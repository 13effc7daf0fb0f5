//! The `alloc` commands, and what they share: the allocation prefix lookup, and the framed
//! stream follower of `alloc logs` and `alloc fs` (`stream.rs`).

pub mod checks;
pub mod exec;
pub mod fs;
pub mod list;
pub mod logs;
pub mod pause;
pub mod restart;
pub mod status;
pub mod stop;
mod stream;

// The exec session and its lookup, which `job action` shares.
pub use exec::{find_exec_alloc, is_tty, session, session_options, Session};
// The log follower and the log endpoint's parameters, which `job logs` shares.
pub(crate) use logs::log_params;
pub(crate) use stream::{stream_log, Request, StreamError, Target, BYTES_PER_LINE};

use crate::api::allocs::{AllocInfo, AllocationListStub};
use crate::api::sanitize_uuid_prefix;
use crate::api::{Client, Error, Listing, QueryOptions};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::{format_list, limit};
use crate::views::allocs::format_alloc_list_stubs;

/// `Allocations().PrefixList`: the allocations whose ID starts with `prefix`, in the
/// configured namespace, sorted as the Go client sorts them (newest CreateIndex first).
pub async fn prefix_list(client: &Client, prefix: &str) -> Result<Vec<AllocationListStub>, Error> {
    let (v, _) = client
        .list::<Option<Vec<AllocationListStub>>>(
            Listing::Allocations,
            &QueryOptions::new().prefix(prefix),
        )
        .await?;
    let mut v = v.unwrap_or_default();
    crate::gocompat::sort::sort(&mut v, |a, b| a.create_index > b.create_index);
    Ok(v)
}

/// Sorts a JSON list of allocation stubs as the Go client does (for `-json`/`-t`).
pub fn sort_stub_values(body: serde_json::Value) -> serde_json::Value {
    match body {
        serde_json::Value::Array(mut v) => {
            let key = |n: &serde_json::Value| {
                n.get("CreateIndex")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0)
            };
            crate::gocompat::sort::sort(&mut v, |a, b| key(a) > key(b));
            serde_json::Value::Array(v)
        }
        other => other,
    }
}

/// `getRandomJobAllocID`: an allocation of the job (a running one when there is one), picked
/// at random as Nomad does; the error is the text after `Error fetching allocations: `.
pub async fn random_job_alloc(
    client: &Client,
    job_id: &str,
    group: &str,
    namespace: &str,
) -> Result<String, String> {
    let mut q = QueryOptions::new().param("all", "false");
    if !namespace.is_empty() {
        q = q.namespace(namespace);
    }
    let allocs = client
        .job_allocations::<Option<Vec<AllocationListStub>>>(job_id, &q)
        .await
        .map_err(|e| format!("error querying job {}: {e}", quote(job_id)))?
        .0
        .unwrap_or_default();
    if allocs.is_empty() {
        return Err(format!(
            "job {} doesn't exist or it has no allocations",
            quote(job_id)
        ));
    }
    let allocs: Vec<AllocationListStub> = if group.is_empty() {
        allocs
    } else {
        let kept: Vec<_> = allocs
            .into_iter()
            .filter(|a| a.task_group == group)
            .collect();
        if kept.is_empty() {
            return Err(format!(
                "task group {} doesn't exist or it has no allocations",
                quote(group)
            ));
        }
        kept
    };
    let running: Vec<&AllocationListStub> = allocs
        .iter()
        .filter(|a| a.client_status == "running")
        .collect();
    let pool: Vec<&AllocationListStub> = if running.is_empty() {
        allocs.iter().collect()
    } else {
        running
    };
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as usize)
        .unwrap_or(0);
    Ok(pool[seed % pool.len()].id.clone())
}

/// How a command words its alloc-ID checks.
pub struct LookupWords {
    /// The one-character error (`Alloc ID must contain at least two characters.`).
    pub too_short: &'static str,
    /// Show full IDs in the ambiguity table.
    pub verbose: bool,
}

/// The allocation a command's first argument names: an allocation ID prefix, or with `-job`
/// a job whose allocation (of `group`, if given) is picked as Nomad picks it.
pub async fn alloc_from_arg(
    ctx: &mut Ctx,
    client: &Client,
    arg: &str,
    job: bool,
    group: &str,
    verbose: bool,
) -> Result<AllocInfo, i32> {
    let mut alloc_id = arg.to_string();
    if job {
        let all_ns = client.config().namespace.as_deref() == Some("*");
        let found = match crate::commands::job::job_id_by_prefix(client, arg, all_ns, None).await {
            Ok(j) => j,
            Err(e) => {
                ctx.ui.error(&e);
                return Err(1);
            }
        };
        alloc_id = match random_job_alloc(client, &found.id, group, &found.namespace).await {
            Ok(id) => id,
            Err(e) => {
                ctx.ui.error(&format!("Error fetching allocations: {e}"));
                return Err(1);
            }
        };
    }
    let words = LookupWords {
        too_short: "Alloc ID must contain at least two characters.",
        verbose,
    };
    find_alloc(ctx, client, &alloc_id, words).await
}

/// The shared lookup of logs, fs, restart, signal, stop and checks: prefix list, Nomad's
/// not-found and ambiguity errors (on stderr, exit 1), then the allocation itself in its own
/// namespace. On failure the error has been printed and the exit code is returned.
pub async fn find_alloc(
    ctx: &mut Ctx,
    client: &Client,
    id: &str,
    words: LookupWords,
) -> Result<AllocInfo, i32> {
    let stub = find_alloc_stub(ctx, client, id, words).await?;
    fetch_alloc(ctx, client, &stub).await
}

/// The whole allocation a prefix lookup found, in its namespace; on failure Nomad's error is
/// printed and the exit code returned.
pub async fn fetch_alloc(
    ctx: &mut Ctx,
    client: &Client,
    stub: &AllocationListStub,
) -> Result<AllocInfo, i32> {
    let q = QueryOptions::new().namespace(&stub.namespace);
    match client.allocation::<AllocInfo>(&stub.id, &q).await {
        Ok((a, _)) => Ok(a),
        Err(e) => {
            ctx.ui.error(&format!("Error querying allocation: {e}"));
            Err(1)
        }
    }
}

/// The prefix lookup alone (`alloc checks` needs no more than the ID and namespace).
pub async fn find_alloc_stub(
    ctx: &mut Ctx,
    client: &Client,
    id: &str,
    words: LookupWords,
) -> Result<AllocationListStub, i32> {
    if id.chars().count() == 1 {
        ctx.ui.error(words.too_short);
        return Err(1);
    }
    let prefix = sanitize_uuid_prefix(id);
    let allocs = match prefix_list(client, &prefix).await {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&format!("Error querying allocation: {e}"));
            return Err(1);
        }
    };
    if allocs.is_empty() {
        ctx.ui.error(&format!(
            "No allocation(s) with prefix or id {} found",
            quote(&prefix)
        ));
        return Err(1);
    }
    if allocs.len() > 1 {
        ctx.ui.error(&format!(
            "Prefix matched multiple allocations\n\n{}",
            format_alloc_list_stubs(&allocs, words.verbose, ctx.now_ns)
        ));
        return Err(1);
    }
    Ok(allocs.into_iter().next().unwrap_or_default())
}

/// `lookupAllocTask`: the group's only task, or Nomad's list of the tasks to choose from.
pub fn lookup_task(a: &AllocInfo) -> Result<String, String> {
    if a.group().is_none() {
        return Err(format!(
            "Could not find allocation task group: {}",
            a.task_group
        ));
    }
    let tasks = a.group_tasks();
    if tasks.len() == 1 {
        return Ok(tasks[0].clone());
    }
    let mut msg = format!(
        "Allocation {} is running the following tasks:\n",
        quote(limit(&a.id, crate::output::SHORT_ID))
    );
    for t in &tasks {
        msg.push_str(&format!("  * {t}\n"));
    }
    msg.push_str("\nPlease specify the task.");
    Err(msg)
}

/// `validateTaskExistsInAllocation`.
pub fn validate_task(name: &str, a: &AllocInfo) -> Result<(), String> {
    let tasks = a.group_tasks();
    if tasks.iter().any(|t| t == name) {
        return Ok(());
    }
    Err(format!(
        "Could not find task named: {name}, found:\n{}",
        format_list(&tasks)
    ))
}

/// Whether an allocation's client status is final.
pub fn is_terminal(client_status: &str) -> bool {
    matches!(client_status, "complete" | "failed" | "lost")
}
