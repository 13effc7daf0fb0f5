//! Shell completion: one engine, three ways in.
//!
//! - Nomad's protocol (posener/complete behind hashicorp/cli): with `COMP_LINE` (and
//!   `COMP_POINT`) set, rnomad prints the candidates for the word under the cursor, one per
//!   line. Existing `complete -C /path/to/nomad nomad` lines keep working after switching to
//!   rnomad; `rnomad completion bash` uses the same protocol.
//! - With `RNOMAD_COMPLETE_DESCRIBE=1` as well, each line is `value<TAB>description`, which the
//!   zsh and fish scripts show next to the values (allocation → job, group and status; node →
//!   name and status …).
//! - `-autocomplete-install`/`-autocomplete-uninstall` edit the shell rc files as Nomad does,
//!   for the name rnomad was invoked as.
//!
//! Candidates follow Nomad: sub-command names, flags in Go spelling (`-json`) once the word
//! starts with `-`, and live values looked up through the API with a short timeout (a slow or
//! absent cluster gives no candidates, never a hang).

use std::time::Duration;

use clap::Command;

use crate::api::{ClientFlags, Config, Listing, QueryOptions};
use crate::cli::argv::is_bool;
use crate::cli::nomad_tree;
use crate::env::Env;

/// How long live lookups may take before completion gives up on them.
const LOOKUP_TIMEOUT: Duration = Duration::from_millis(800);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub value: String,
    pub help: String,
}

fn cand(value: impl Into<String>, help: impl Into<String>) -> Candidate {
    Candidate {
        value: value.into(),
        help: help.into(),
    }
}

/// Words as posener/complete splits them: whitespace-separated, an empty last word after a
/// trailing space, and the last word split at every `=`.
pub fn split_line(line: &str, point: Option<usize>) -> Vec<String> {
    let line = match point {
        Some(p) if p < line.len() && line.is_char_boundary(p) => &line[..p],
        _ => line,
    };
    let mut words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    if line.ends_with(char::is_whitespace) {
        words.push(String::new());
    }
    if let Some(last) = words.pop() {
        words.extend(last.split('=').map(str::to_string));
    }
    words
}

/// The description of a candidate that a real nomad runs.
const HANDED_OVER: &str = "run by nomad";

/// `path` and one more word, as Nomad's command paths are spelled.
fn words_key(path: &[&str], word: &str) -> String {
    let mut key = path.join(" ");
    if !key.is_empty() {
        key.push(' ');
    }
    key.push_str(word);
    key
}

/// What a positional argument or a flag value completes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pred {
    Jobs,
    Allocs,
    Evals,
    Deployments,
    Nodes,
    NodePools,
    Namespaces,
    /// Variable paths (`/v1/search` context `vars`).
    Vars,
    /// Namespaces other than `default` (`namespace delete`, as Nomad filters it).
    DeletableNamespaces,
    /// Nomad-native service names (rnomad's own: Nomad predicts none).
    Services,
    ScalingPolicies,
    /// Dynamic host volumes and CSI volumes by ID (with their names).
    Volumes,
    /// CSI plugins by ID.
    Plugins,
    Regions,
    /// ACL tokens by Accessor ID (a management token lists them).
    AclTokens,
    /// ACL policies by name.
    AclPolicies,
    /// ACL roles by ID, or by name after `-by-name` (rnomad's own: Nomad predicts none).
    AclRoles,
    /// ACL roles by name (`acl token create -role-name`).
    AclRoleNames,
    /// ACL auth methods by name (rnomad's own).
    AclAuthMethods,
    /// ACL binding rules by ID (rnomad's own).
    AclBindingRules,
    /// Root keys by ID, with their state (rnomad's own: Nomad predicts anything).
    RootKeys,
    /// Every context of `/v1/search` (for `status`).
    All,
    Files(&'static [&'static str]),
    Dirs,
    Topics,
    /// Task names of the allocation named earlier on the line.
    Tasks,
    /// `job action`: the actions of the job named by `-job` (rnomad's own: Nomad predicts
    /// nothing there), of the `-group` and `-task` given, if any.
    Actions,
    /// `alloc exec -e`: Nomad's suggested escape characters.
    Escapes,
    /// `monitor export -service-name`: Nomad's suggestion, the usual unit name.
    Units,
    /// rnomad's stored contexts (rnomad's own), read from the local file.
    Contexts,
    /// A value nobody can guess: no candidates.
    Anything,
}

/// Nomad's positional predictions by command path (each command's `AutocompleteArgs` in
/// Nomad v1.10.5's `command/*.go`).
fn positional(path: &[&str]) -> Option<Pred> {
    use Pred::*;
    Some(match path {
        ["job", "action"] | ["action"] => Actions,
        ["job", "allocs" | "deployments" | "eval" | "history" | "inspect" | "logs" | "promote"
        | "restart" | "revert" | "start" | "status" | "stop" | "dispatch" | "scale"
        | "scaling-events" | "wait"]
        | ["job", "periodic", "force"]
        | ["inspect" | "start" | "stop"] => Jobs,
        ["alloc", "checks" | "exec" | "fs" | "logs" | "pause" | "restart" | "signal" | "status" | "stop"]
        | ["exec" | "fs" | "logs" | "alloc-status"] => Allocs,
        ["eval", "delete" | "list" | "status"] | ["eval-status"] => Evals,
        ["deployment", "fail" | "pause" | "promote" | "resume" | "status" | "unblock"] => {
            Deployments
        }
        ["node", "drain" | "eligibility" | "status"] | ["node-status" | "node-drain"] => Nodes,
        ["node", "pool", "info" | "jobs" | "nodes" | "delete"] => NodePools,
        ["namespace", "inspect" | "status" | "apply"] => Namespaces,
        ["var", "get" | "put" | "purge" | "lock"] => Vars,
        ["namespace", "delete"] => DeletableNamespaces,
        ["service", "info" | "delete"] => Services,
        ["scaling", "policy", "info"] => ScalingPolicies,
        ["volume", "status" | "delete" | "deregister" | "detach"] => Volumes,
        ["plugin", "status"] | ["volume", "snapshot", "list" | "delete"] => Plugins,
        ["volume", "snapshot", "create"] => Volumes,
        ["acl", "token", "info" | "update" | "delete"] => AclTokens,
        ["acl", "policy", "info" | "delete"] => AclPolicies,
        ["acl", "role", "info" | "update" | "delete"] => AclRoles,
        ["acl", "auth-method", "info" | "update" | "delete"] => AclAuthMethods,
        ["acl", "binding-rule", "info" | "update" | "delete"] => AclBindingRules,
        ["operator", "root", "keyring", "remove"] => RootKeys,
        ["operator", "raft", "info"] => Files(&[]),
        ["status"] => All,
        ["context", "show" | "use" | "set" | "delete" | "rename"] => Contexts,
        ["job", "plan" | "run" | "validate"] | ["plan" | "run" | "validate"] => {
            Files(&[".nomad", ".hcl", ".json"])
        }
        ["node", "pool", "apply"] => Files(&[".hcl", ".json"]),
        ["volume", "create" | "register"] => Files(&[]),
        _ => return None,
    })
}

/// What a flag's value completes to.
fn flag_value(name: &str) -> Pred {
    use Pred::*;
    match name {
        "namespace" => Namespaces,
        "region" => Regions,
        "ca-cert" | "client-cert" | "client-key" | "output" => Files(&[]),
        "ca-path" => Dirs,
        "var-file" => Files(&[".var", ".hcl", ".json"]),
        "topic" => Topics,
        "task" => Tasks,
        "node-id" | "node" => Nodes,
        "node-pool" => NodePools,
        // `volume snapshot list -plugin`.
        "plugin" => Plugins,
        "job" => Jobs,
        "policy" => AclPolicies,
        "role-id" => AclRoles,
        "role-name" => AclRoleNames,
        "auth-method" => AclAuthMethods,
        "e" => Escapes,
        "service-name" => Units,
        "context" => Contexts,
        _ => Anything,
    }
}

const TOPICS: &[&str] = &[
    "*",
    "ACLAuthMethod",
    "ACLBindingRule",
    "ACLPolicy",
    "ACLRole",
    "ACLToken",
    "Allocation",
    "CSIPlugin",
    "CSIVolume",
    "Deployment",
    "Evaluation",
    "HostVolume",
    "Job",
    "Node",
    "NodePool",
    "Service",
];

/// The candidates for a command line (program name first), filtered by the word being typed.
pub fn complete(root: &Command, line: &str, point: Option<usize>, env: &Env) -> Vec<Candidate> {
    let words = split_line(line, point);
    let args: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
    let Some((last, completed)) = args.split_last() else {
        return Vec::new();
    };
    // Descend into sub-commands named on the line: rnomad's own, then Nomad's where rnomad's
    // tree ends (a command a real nomad runs is completed from Nomad's tree).
    let mut cmd = Some(root);
    let mut path: Vec<&str> = Vec::new();
    // Where the command's own words end: its flags and positionals follow.
    let mut args_from = 0;
    for (i, w) in completed.iter().enumerate() {
        let own = cmd.and_then(|c| {
            c.get_subcommands().find(|s| {
                (s.get_name() == *w || s.get_all_aliases().any(|a| a == *w))
                    && !(path.is_empty() && s.is_hide_set() && s.get_name() != *w)
            })
        });
        if let Some(sub) = own {
            path.push(sub.get_name());
            cmd = Some(sub);
            args_from = i + 1;
        } else if nomad_tree::find(&words_key(&path, w)).is_some() {
            path.push(w);
            cmd = None;
            args_from = i + 1;
        }
    }
    let key = path.join(" ");
    let flag_named = |w: &str| {
        let name = w.strip_prefix("--").or_else(|| w.strip_prefix('-'))?;
        cmd?.get_arguments().find(|a| a.get_long() == Some(name))
    };
    let mut out: Vec<Candidate> = Vec::new();
    // After a flag that takes a value, only that value is completed.
    if let Some(flag) = completed.last().and_then(|w| flag_named(w)) {
        if !is_bool(flag) {
            let name = flag.get_long().unwrap_or("");
            // `job logs -group/-task`: the groups and tasks of the job named on the line.
            if path == ["job", "logs"] && (name == "group" || name == "task") {
                let takes_value = |w: &str| flag_named(w).is_some_and(|f| !is_bool(f));
                let job = positionals(&completed[args_from..], takes_value).next();
                let group = flag_in(completed, "group");
                return filter(job_members(job, name == "task", group, env), last);
            }
            let pred = flag_value(name);
            return filter(live(pred, last, completed, env), last);
        }
    }
    // A command a real nomad runs: Nomad's flags whose values rnomad knows how to complete
    // (`-namespace`, `-region`, the certificate files) complete the same way.
    if cmd.is_none() {
        if let Some(name) = completed.last().and_then(|w| w.strip_prefix('-')) {
            let known = nomad_tree::flags(&key).any(|f| f.trim_start_matches('-') == name);
            let pred = flag_value(name);
            if known && pred != Pred::Anything {
                return filter(live(pred, last, completed, env), last);
            }
        }
    }
    let own_subs: Vec<&Command> = cmd
        .map(|c| c.get_subcommands().collect())
        .unwrap_or_default();
    for sub in own_subs.iter().filter(|s| !s.is_hide_set()) {
        let help = sub.get_about().map(|s| s.to_string()).unwrap_or_default();
        out.push(cand(sub.get_name(), help));
    }
    // Nomad's commands rnomad hands to a real nomad complete too.
    for word in nomad_tree::children(&key) {
        if !own_subs.iter().any(|s| s.get_name() == word) {
            out.push(cand(word, HANDED_OVER));
        }
    }
    if last.starts_with('-') {
        if let Some(c) = cmd {
            for a in crate::cli::help::listed_args(c) {
                if let Some(long) = a.get_long() {
                    let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
                    out.push(cand(format!("-{long}"), help));
                }
            }
        }
        // Nomad's flags where a real nomad runs the command: one rnomad lacks, or a Nomad
        // command that is a group in rnomad (`agent -dev`).
        let nomad_runs =
            cmd.is_none_or(|c| c.get_subcommands().next().is_some() && !nomad_tree::is_group(&key));
        if nomad_runs {
            out.extend(nomad_tree::flags(&key).map(|f| cand(f, HANDED_OVER)));
        }
    } else if let Some(pred) = positional(&path) {
        out.extend(live(pred, last, completed, env));
    }
    filter(out, last)
}

/// The positional words among a command's arguments: neither flags nor the values of flags
/// given as `-flag value`.
fn positionals<'a>(
    args: &'a [&'a str],
    takes_value: impl Fn(&str) -> bool,
) -> impl Iterator<Item = &'a str> {
    let mut skip_next = false;
    args.iter().copied().filter(move |w| {
        if std::mem::take(&mut skip_next) {
            return false;
        }
        if w.starts_with('-') {
            skip_next = !w.contains('=') && takes_value(w);
            return false;
        }
        true
    })
}

/// `job logs` values: the task groups of `job`, or (with `tasks`) its tasks, only those of
/// group `group` when one is named on the line.
fn job_members(job: Option<&str>, tasks: bool, group: Option<String>, env: &Env) -> Vec<Candidate> {
    let Some(job) = job else {
        return Vec::new();
    };
    let full = on_cluster(async {
        let (full, _) = cluster_client(env)?
            .job::<crate::api::jobs::Job>(job, &QueryOptions::new())
            .await
            .ok()?;
        Some(full)
    });
    let mut out: Vec<Candidate> = Vec::new();
    for g in full.iter().flat_map(|j| j.task_groups.iter().flatten()) {
        let gname = g.name.clone().unwrap_or_default();
        if !tasks {
            out.push(cand(&gname, format!("group of {job}")));
            continue;
        }
        if group.as_ref().is_some_and(|want| *want != gname) {
            continue;
        }
        for t in g.tasks.iter().flatten() {
            if !out.iter().any(|c| c.value == t.name) {
                out.push(cand(&t.name, format!("task of {gname}")));
            }
        }
    }
    out
}

fn filter(v: Vec<Candidate>, last: &str) -> Vec<Candidate> {
    v.into_iter()
        .filter(|c| c.value.starts_with(last))
        .collect()
}

/// Candidates that need the file system or the cluster.
fn live(pred: Pred, last: &str, completed: &[&str], env: &Env) -> Vec<Candidate> {
    match pred {
        Pred::Anything => Vec::new(),
        Pred::Topics => TOPICS.iter().map(|t| cand(*t, "event topic")).collect(),
        Pred::Escapes => vec![cand("none", "no escapes"), cand("~", "the default")],
        Pred::Units => vec![cand("nomad", "the nomad systemd unit")],
        Pred::Files(exts) => files(last, exts, false),
        Pred::Dirs => files(last, &[], true),
        Pred::Contexts => crate::contexts::Store::load(env)
            .map(|s| {
                s.contexts
                    .into_iter()
                    .map(|(name, c)| cand(name, c.address))
                    .collect()
            })
            .unwrap_or_default(),
        _ => on_cluster(lookup(pred, last, completed, env)),
    }
}

/// The client completion asks the cluster with: Nomad builds it from the environment only.
fn cluster_client(env: &Env) -> Option<crate::api::Client> {
    crate::api::Client::new(Config::resolve(&ClientFlags::default(), env)).ok()
}

/// Runs a lookup against the cluster, giving up (nothing found) after `LOOKUP_TIMEOUT`.
fn on_cluster<T: Default>(work: impl std::future::Future<Output = T>) -> T {
    crate::ctx::block_on(async {
        tokio::time::timeout(LOOKUP_TIMEOUT, work)
            .await
            .unwrap_or_default()
    })
    .unwrap_or_default()
}

/// Files whose names end with one of `exts` (any file when empty) and directories, under the
/// directory part of `last`.
fn files(last: &str, exts: &[&str], dirs_only: bool) -> Vec<Candidate> {
    let (dir, shown) = match last.rfind('/') {
        Some(i) => (&last[..=i], &last[..=i]),
        None => ("./", ""),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir {
            out.push(cand(format!("{shown}{name}/"), "directory"));
        } else if !dirs_only && (exts.is_empty() || exts.iter().any(|x| name.ends_with(x))) {
            out.push(cand(format!("{shown}{name}"), "file"));
        }
    }
    out.sort_by(|a, b| a.value.cmp(&b.value));
    out
}

async fn lookup(pred: Pred, last: &str, completed: &[&str], env: &Env) -> Vec<Candidate> {
    let Some(client) = cluster_client(env) else {
        return Vec::new();
    };
    let s = |v: &serde_json::Value, k: &str| {
        v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string()
    };
    let list = |list: Listing, prefix: String| {
        let client = client.clone();
        async move {
            client
                .list::<Option<Vec<serde_json::Value>>>(list, &QueryOptions::new().prefix(&prefix))
                .await
                .map(|(v, _)| v.unwrap_or_default())
                .unwrap_or_default()
        }
    };
    let hex = crate::api::sanitize_uuid_prefix(last);
    match pred {
        Pred::Jobs => list(Listing::Jobs, last.to_string())
            .await
            .iter()
            .map(|j| cand(s(j, "ID"), format!("{} {}", s(j, "Type"), s(j, "Status"))))
            .collect(),
        Pred::Allocs => list(Listing::Allocations, hex)
            .await
            .iter()
            .map(|a| {
                cand(
                    s(a, "ID"),
                    format!(
                        "{} {} {}",
                        s(a, "JobID"),
                        s(a, "TaskGroup"),
                        s(a, "ClientStatus")
                    ),
                )
            })
            .collect(),
        Pred::Nodes => {
            let nodes = list(Listing::Nodes, hex).await;
            let mut v: Vec<Candidate> = nodes
                .iter()
                .map(|n| cand(s(n, "ID"), format!("{} {}", s(n, "Name"), s(n, "Status"))))
                .collect();
            // Node names complete too: `-node-id` and positionals take either.
            if !last.is_empty() {
                let all = list(Listing::Nodes, String::new()).await;
                v.extend(
                    all.iter()
                        .filter(|n| s(n, "Name").starts_with(last))
                        .map(|n| cand(s(n, "Name"), s(n, "ID"))),
                );
            }
            v
        }
        Pred::Evals => list(Listing::Evaluations, hex)
            .await
            .iter()
            .map(|e| cand(s(e, "ID"), format!("{} {}", s(e, "JobID"), s(e, "Status"))))
            .collect(),
        Pred::Deployments => list(Listing::Deployments, hex)
            .await
            .iter()
            .map(|d| cand(s(d, "ID"), format!("{} {}", s(d, "JobID"), s(d, "Status"))))
            .collect(),
        Pred::Services => {
            let Ok((body, _)) = client.services(&QueryOptions::new()).await else {
                return Vec::new();
            };
            let mut names: Vec<Candidate> = Vec::new();
            for ns in body.as_array().into_iter().flatten() {
                for svc in ns["Services"].as_array().into_iter().flatten() {
                    let name = s(svc, "ServiceName");
                    if name.starts_with(last) && !names.iter().any(|c| c.value == name) {
                        names.push(cand(name, format!("service in {}", s(ns, "Namespace"))));
                    }
                }
            }
            names
        }
        Pred::Volumes => {
            let q = QueryOptions::new().prefix(last);
            let (host, csi) = tokio::join!(client.host_volumes(&q), client.csi_volumes(&q));
            let mut v: Vec<Candidate> = Vec::new();
            for (kind, body) in [("host volume", host), ("CSI volume", csi)] {
                let Ok((body, _)) = body else { continue };
                for vol in body.as_array().into_iter().flatten() {
                    if s(vol, "ID").starts_with(last) {
                        v.push(cand(s(vol, "ID"), format!("{kind} {}", s(vol, "Name"))));
                    }
                }
            }
            v
        }
        Pred::Plugins => {
            let Ok((body, _)) = client.csi_plugins(&QueryOptions::new().prefix(last)).await else {
                return Vec::new();
            };
            body.as_array()
                .into_iter()
                .flatten()
                .map(|p| cand(s(p, "ID"), format!("CSI plugin {}", s(p, "Provider"))))
                .collect()
        }
        Pred::Namespaces
        | Pred::DeletableNamespaces
        | Pred::NodePools
        | Pred::ScalingPolicies
        | Pred::Vars
        | Pred::All => {
            let ctx = match pred {
                Pred::Namespaces | Pred::DeletableNamespaces => "namespaces",
                Pred::NodePools => "node_pools",
                Pred::Vars => "vars",
                Pred::ScalingPolicies => "scaling_policy",
                _ => "all",
            };
            let Ok(res) = client.search(last, ctx).await else {
                return Vec::new();
            };
            res.matches
                .unwrap_or_default()
                .into_iter()
                .flat_map(|(ctx, ids)| {
                    ids.unwrap_or_default()
                        .into_iter()
                        .map(move |id| cand(id, ctx.clone()))
                })
                .filter(|c| !(pred == Pred::DeletableNamespaces && c.value == "default"))
                .collect()
        }
        Pred::AclTokens => {
            let tokens = client.acl_tokens(&QueryOptions::new()).await;
            let tokens = tokens.map(|(v, _)| v).unwrap_or_default();
            let tokens = tokens.as_array().cloned().unwrap_or_default();
            tokens
                .iter()
                .map(|t| {
                    cand(
                        s(t, "AccessorID"),
                        format!("{} {}", s(t, "Name"), s(t, "Type")),
                    )
                })
                .collect()
        }
        Pred::AclPolicies => {
            let policies = client.acl_policies(&QueryOptions::new()).await;
            let policies = policies.map(|(v, _)| v).unwrap_or_default();
            let policies = policies.as_array().cloned().unwrap_or_default();
            policies
                .iter()
                .map(|p| cand(s(p, "Name"), s(p, "Description")))
                .collect()
        }
        Pred::AclRoles | Pred::AclRoleNames => {
            let roles = client.acl_roles(&QueryOptions::new()).await;
            let roles = roles.map(|(v, _)| v).unwrap_or_default();
            let by_name = pred == Pred::AclRoleNames || completed.contains(&"-by-name");
            let (key, other) = if by_name {
                ("Name", "ID")
            } else {
                ("ID", "Name")
            };
            roles
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|r| cand(s(r, key), s(r, other)))
                .collect()
        }
        Pred::AclAuthMethods => {
            let methods = client.acl_auth_methods(&QueryOptions::new()).await;
            let methods = methods.map(|(v, _)| v).unwrap_or_default();
            methods
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|m| cand(s(m, "Name"), s(m, "Type")))
                .collect()
        }
        Pred::RootKeys => client
            .root_keys()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|k| cand(k.key_id, k.state))
            .collect(),
        Pred::AclBindingRules => {
            let rules = client.acl_binding_rules(&QueryOptions::new()).await;
            let rules = rules.map(|(v, _)| v).unwrap_or_default();
            rules
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|r| cand(s(r, "ID"), s(r, "AuthMethod")))
                .collect()
        }
        Pred::Regions => client
            .regions(&QueryOptions::new())
            .await
            .map(|(v, _)| v)
            .unwrap_or_default()
            .into_iter()
            .map(|r| cand(r, "region"))
            .collect(),
        Pred::Tasks => {
            // The allocation is the first positional word after the command's words.
            let Some(alloc) = completed.iter().rev().find(|w| {
                !w.starts_with('-')
                    && w.len() >= 2
                    && w.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
            }) else {
                return Vec::new();
            };
            let allocs = list(
                Listing::Allocations,
                crate::api::sanitize_uuid_prefix(alloc),
            )
            .await;
            let [a] = allocs.as_slice() else {
                return Vec::new();
            };
            let id = s(a, "ID");
            let Ok((full, _)) = client
                .allocation::<serde_json::Value>(&id, &QueryOptions::new())
                .await
            else {
                return Vec::new();
            };
            let group = s(&full, "TaskGroup");
            full.pointer("/Job/TaskGroups")
                .and_then(|g| g.as_array())
                .into_iter()
                .flatten()
                .filter(|g| s(g, "Name") == group)
                .flat_map(|g| {
                    g.get("Tasks")
                        .and_then(|t| t.as_array())
                        .cloned()
                        .unwrap_or_default()
                })
                .map(|t| cand(s(&t, "Name"), format!("task of {group}")))
                .collect()
        }
        Pred::Actions => {
            let job = flag_in(completed, "job");
            let Some(job) = job.filter(|j| !j.is_empty()) else {
                return Vec::new();
            };
            let Ok((full, _)) = client
                .job::<crate::api::jobs::Job>(&job, &QueryOptions::new())
                .await
            else {
                return Vec::new();
            };
            let (group, task) = (flag_in(completed, "group"), flag_in(completed, "task"));
            let mut out: Vec<Candidate> = Vec::new();
            for g in full.task_groups.iter().flatten() {
                let gname = g.name.clone().unwrap_or_default();
                if group.as_ref().is_some_and(|want| *want != gname) {
                    continue;
                }
                for t in g.tasks.iter().flatten() {
                    if task.as_ref().is_some_and(|want| *want != t.name) {
                        continue;
                    }
                    for a in t.actions.iter().flatten() {
                        if a.name.starts_with(last) && !out.iter().any(|c| c.value == a.name) {
                            out.push(cand(&a.name, format!("action of {gname}/{}", t.name)));
                        }
                    }
                }
            }
            out
        }
        Pred::Anything
        | Pred::Contexts
        | Pred::Topics
        | Pred::Escapes
        | Pred::Units
        | Pred::Files(_)
        | Pred::Dirs => Vec::new(),
    }
}

/// The value of flag `-name` among the words already typed (`-name v`, `-name=v`, with one
/// or two dashes; the last one wins).
fn flag_in(words: &[&str], name: &str) -> Option<String> {
    let mut found = None;
    for (i, w) in words.iter().enumerate() {
        let Some(rest) = w.strip_prefix("--").or_else(|| w.strip_prefix('-')) else {
            continue;
        };
        if rest == name {
            found = words.get(i + 1).map(|v| v.to_string());
        } else if let Some(v) = rest.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            found = Some(v.to_string());
        }
    }
    found
}

/// Prints candidates for the shells: values, or `value<TAB>help` when descriptions are asked for.
pub fn render(cands: &[Candidate], describe: bool) -> String {
    let mut out = String::new();
    // A value with control characters could not be typed back anyway; it is left out rather
    // than written to the shell. Descriptions are shown escaped.
    for c in cands
        .iter()
        .filter(|c| !c.value.chars().any(char::is_control))
    {
        out.push_str(&c.value);
        if describe && !c.help.is_empty() {
            out.push('\t');
            out.push_str(&crate::output::escape_controls(&c.help, false));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_posener() {
        assert_eq!(split_line("nomad job st", None), ["nomad", "job", "st"]);
        assert_eq!(split_line("nomad job ", None), ["nomad", "job", ""]);
        assert_eq!(
            split_line("nomad job status -namespace=de", None),
            ["nomad", "job", "status", "-namespace", "de"]
        );
        assert_eq!(split_line("nomad job status", Some(9)), ["nomad", "job"]);
        assert_eq!(
            split_line("nomad job status", Some(10)),
            ["nomad", "job", ""]
        );
        assert_eq!(
            split_line("nomad job status", Some(11)),
            ["nomad", "job", "s"]
        );
    }

    fn root() -> Command {
        crate::cli::argv::go_style(<crate::cli::Cli as clap::CommandFactory>::command())
    }

    fn values(line: &str) -> Vec<String> {
        // A socket that does not exist: a lookup that reached for the cluster would find
        // nothing, never an agent on this machine's default address.
        let env = Env::from_pairs([("NOMAD_ADDR", "unix:///nonexistent/rnomad-test.sock")]);
        let mut v: Vec<String> = complete(&root(), line, None, &env)
            .into_iter()
            .map(|c| c.value)
            .collect();
        v.sort();
        v
    }

    #[test]
    fn monitor_runs_and_holds_export() {
        assert!(values("rnomad monitor ").contains(&"export".to_string()));
        // `monitor`'s own flags, and none of Nomad's handed-over kind.
        let v = values("rnomad monitor -");
        assert!(v.contains(&"-log-level".to_string()), "{v:?}");
        assert!(!v.contains(&"-on-disk".to_string()), "{v:?}");
        let v = values("rnomad monitor export -");
        assert!(v.contains(&"-on-disk".to_string()), "{v:?}");
        assert!(v.contains(&"-logs-since".to_string()), "{v:?}");
        assert_eq!(
            values("rnomad monitor export -service-name "),
            vec!["nomad".to_string()]
        );
    }

    #[test]
    fn commands_flags_and_values() {
        assert!(values("rnomad jo").contains(&"job".to_string()));
        assert_eq!(values("rnomad job st"), ["start", "status", "stop"]);
        assert!(values("rnomad job status -").contains(&"-json".to_string()));
        assert_eq!(values("rnomad job status -ver"), ["-verbose"]);
        // No flags unless the word starts with `-`.
        assert!(!values("rnomad server members ")
            .iter()
            .any(|v| v.starts_with('-')));
        // After a value flag nothing else is offered; after a boolean, completion goes on.
        assert!(values("rnomad job status -t ").is_empty());
        assert!(values("rnomad job status -json -").contains(&"-short".to_string()));
    }

    #[test]
    fn nomad_commands_a_real_nomad_runs_complete_too() {
        assert_eq!(values("rnomad operat"), ["operator"]);
        // A known value flag of such a command completes its value (files here).
        assert!(values("rnomad operator snapshot save -ca-cert Carg")
            .contains(&"Cargo.toml".to_string()));
        assert!(values("rnomad operator ").contains(&"raft".to_string()));
        assert_eq!(values("rnomad operator raft list-peers -st"), ["-stale"]);
        assert!(values("rnomad operator raft list-peers -").contains(&"-address".to_string()));
        // Deprecated spellings run but are not offered, as in Nomad.
        assert!(values("rnomad node-").is_empty());
        // `agent`: rnomad's sub-commands, and the flags of the agent a real nomad runs.
        assert_eq!(values("rnomad agent inf"), ["info"]);
        assert_eq!(values("rnomad agent -dev"), ["-dev", "-dev-connect"]);
        // A command both have is offered once.
        assert_eq!(values("rnomad jo"), ["job"]);
    }

    #[test]
    fn every_nomad_command_is_offered() {
        for c in nomad_tree::COMMANDS {
            let (parent, word) = c.path.rsplit_once(' ').unwrap_or(("", c.path));
            if nomad_tree::children(parent).all(|w| w != word) {
                continue; // hidden in Nomad too
            }
            let line = if parent.is_empty() {
                format!("rnomad {word}")
            } else {
                format!("rnomad {parent} {word}")
            };
            assert!(values(&line).contains(&word.to_string()), "{line}");
        }
    }

    /// The commands rnomad runs itself accept every flag Nomad completes for them (so a
    /// native command's clap declaration is at least Nomad's flag set).
    #[test]
    fn native_commands_take_every_flag_nomad_completes() {
        let root = root();
        for c in nomad_tree::COMMANDS {
            let mut cmd = &root;
            for w in c.path.split(' ') {
                match cmd
                    .get_subcommands()
                    .find(|s| s.get_name() == w || s.get_all_aliases().any(|a| a == w))
                {
                    Some(s) => cmd = s,
                    None => break,
                }
            }
            if cmd.get_name() != c.path.rsplit(' ').next().unwrap_or("")
                || cmd.is_subcommand_required_set()
            {
                continue; // handed to a real nomad
            }
            for flag in nomad_tree::flags(c.path) {
                // Nomad completes `alloc pause -mode` but its flag set has no such flag (it
                // is `-state`): Nomad and rnomad both reject it as undefined.
                // Likewise `tls cert create -cluster-region` (the region comes from `-region`).
                if matches!(
                    (c.path, flag),
                    ("alloc pause", "-mode") | ("tls cert create", "-cluster-region")
                ) {
                    continue;
                }
                // Nomad lists `alloc exec`'s `--task` with two dashes; Go takes either.
                let name = flag.trim_start_matches('-');
                assert!(
                    cmd.get_arguments().any(|a| a.get_long() == Some(name)),
                    "{} lacks {flag}",
                    c.path
                );
            }
        }
    }

    #[test]
    fn candidates_never_carry_control_characters() {
        let out = render(
            &[
                cand("web", "service \x1b]0;owned\x07\trunning"),
                cand("evil\x1b[2J", "job"),
            ],
            true,
        );
        assert_eq!(out, "web\tservice \\x1b]0;owned\\x07\\x09running\n");
    }
}
