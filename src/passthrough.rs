//! Handing commands rnomad does not implement to a real `nomad` binary.
//!
//! The decision is made from rnomad's own command tree at dispatch time: the words of the
//! command line are matched against Nomad v1.10.5's command paths (longest registered path, as
//! Nomad's dispatcher does) and against rnomad's tree; when Nomad's path is longer than what
//! rnomad's tree matches, the command is Nomad's alone and goes to `nomad`. So is a Nomad leaf
//! command whose name is a group in rnomad (`agent -dev` runs an agent; `agent info` is
//! rnomad's own). The real binary is `RNOMAD_NOMAD_BIN`, else the first `nomad` on `PATH` that
//! is not rnomad itself; `RNOMAD_PASSTHROUGH` in the environment marks a process started by a
//! handover, which never hands over again.

use clap::Command;

use crate::env::Env;

/// The environment marker set for the real nomad (and anything it starts).
pub const MARKER: &str = "RNOMAD_PASSTHROUGH";

/// Every command path of Nomad v1.10.5's CLI (Windows-only commands left out).
pub const NOMAD_COMMANDS: &[&str] = &[
    "acl",
    "acl auth-method",
    "acl auth-method create",
    "acl auth-method delete",
    "acl auth-method info",
    "acl auth-method list",
    "acl auth-method update",
    "acl binding-rule",
    "acl binding-rule create",
    "acl binding-rule delete",
    "acl binding-rule info",
    "acl binding-rule list",
    "acl binding-rule update",
    "acl bootstrap",
    "acl policy",
    "acl policy apply",
    "acl policy delete",
    "acl policy info",
    "acl policy list",
    "acl policy self",
    "acl role",
    "acl role create",
    "acl role delete",
    "acl role info",
    "acl role list",
    "acl role update",
    "acl token",
    "acl token create",
    "acl token delete",
    "acl token info",
    "acl token list",
    "acl token self",
    "acl token update",
    "action",
    "agent",
    "agent-info",
    "alloc",
    "alloc checks",
    "alloc exec",
    "alloc fs",
    "alloc logs",
    "alloc pause",
    "alloc restart",
    "alloc signal",
    "alloc status",
    "alloc stop",
    "alloc-status",
    "check",
    "client-config",
    "config",
    "config validate",
    "debug",
    "deployment",
    "deployment fail",
    "deployment list",
    "deployment pause",
    "deployment promote",
    "deployment resume",
    "deployment status",
    "deployment unblock",
    "eval",
    "eval delete",
    "eval list",
    "eval status",
    "eval-status",
    "exec",
    "fmt",
    "fs",
    "init",
    "inspect",
    "job",
    "job action",
    "job allocs",
    "job deployments",
    "job dispatch",
    "job eval",
    "job history",
    "job init",
    "job inspect",
    "job periodic",
    "job periodic force",
    "job plan",
    "job promote",
    "job restart",
    "job revert",
    "job run",
    "job scale",
    "job scaling-events",
    "job start",
    "job status",
    "job stop",
    "job tag",
    "job tag apply",
    "job tag unset",
    "job validate",
    "license",
    "license get",
    "login",
    "logs",
    "monitor",
    "monitor export",
    "namespace",
    "namespace apply",
    "namespace delete",
    "namespace inspect",
    "namespace list",
    "namespace status",
    "node",
    "node config",
    "node drain",
    "node eligibility",
    "node meta",
    "node meta apply",
    "node meta read",
    "node pool",
    "node pool apply",
    "node pool delete",
    "node pool info",
    "node pool init",
    "node pool jobs",
    "node pool list",
    "node pool nodes",
    "node status",
    "node-drain",
    "node-status",
    "operator",
    "operator api",
    "operator autopilot",
    "operator autopilot get-config",
    "operator autopilot health",
    "operator autopilot set-config",
    "operator client-state",
    "operator debug",
    "operator gossip",
    "operator gossip keyring",
    "operator gossip keyring generate",
    "operator gossip keyring install",
    "operator gossip keyring list",
    "operator gossip keyring remove",
    "operator gossip keyring use",
    "operator metrics",
    "operator raft",
    "operator raft info",
    "operator raft list-peers",
    "operator raft logs",
    "operator raft remove-peer",
    "operator raft state",
    "operator raft transfer-leadership",
    "operator root",
    "operator root keyring",
    "operator root keyring list",
    "operator root keyring remove",
    "operator root keyring rotate",
    "operator scheduler",
    "operator scheduler get-config",
    "operator scheduler set-config",
    "operator snapshot",
    "operator snapshot inspect",
    "operator snapshot redact",
    "operator snapshot restore",
    "operator snapshot save",
    "operator snapshot state",
    "operator utilization",
    "plan",
    "plugin",
    "plugin status",
    "quota",
    "quota apply",
    "quota delete",
    "quota init",
    "quota inspect",
    "quota list",
    "quota status",
    "recommendation",
    "recommendation apply",
    "recommendation dismiss",
    "recommendation info",
    "recommendation list",
    "run",
    "scaling",
    "scaling policy",
    "scaling policy info",
    "scaling policy list",
    "sentinel",
    "sentinel apply",
    "sentinel delete",
    "sentinel list",
    "sentinel read",
    "server",
    "server force-leave",
    "server join",
    "server members",
    "server-force-leave",
    "server-join",
    "server-members",
    "service",
    "service delete",
    "service info",
    "service list",
    "setup",
    "setup consul",
    "setup vault",
    "start",
    "status",
    "stop",
    "system",
    "system gc",
    "system reconcile",
    "system reconcile summaries",
    "tls",
    "tls ca",
    "tls ca create",
    "tls ca info",
    "tls cert",
    "tls cert create",
    "tls cert info",
    "ui",
    "validate",
    "var",
    "var get",
    "var init",
    "var list",
    "var lock",
    "var purge",
    "var put",
    "version",
    "volume",
    "volume claim",
    "volume claim delete",
    "volume claim list",
    "volume create",
    "volume delete",
    "volume deregister",
    "volume detach",
    "volume init",
    "volume register",
    "volume snapshot",
    "volume snapshot create",
    "volume snapshot delete",
    "volume snapshot list",
    "volume status",
];

/// A command to hand over: its Nomad path, for messages.
#[derive(Debug, PartialEq, Eq)]
pub struct Handover {
    pub command: String,
}

fn is_help(a: &str) -> bool {
    matches!(a, "-h" | "-help" | "--help")
}

/// The words Nomad's dispatcher would take as the command, and Nomad's matching path.
fn nomad_path(args: &[String]) -> Option<(usize, Vec<String>)> {
    let mut start = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            return None;
        }
        if matches!(a.as_str(), "-v" | "-version" | "--version") {
            // The version wins over any command, in Nomad as in rnomad.
            return None;
        }
        if a.starts_with('-') {
            continue;
        }
        if !a.is_empty() {
            start = Some(i);
            break;
        }
    }
    let start = start?;
    let words: Vec<&String> = args[start..]
        .iter()
        .take_while(|w| !w.is_empty() && !w.contains(' ') && !w.starts_with('-'))
        .collect();
    let mut best: Option<Vec<String>> = None;
    for n in 1..=words.len() {
        let key = words[..n]
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if NOMAD_COMMANDS.contains(&key.as_str()) {
            best = Some(words[..n].iter().map(|s| s.to_string()).collect());
        }
    }
    best.map(|b| (start, b))
}

/// Whether Nomad's path has sub-commands of its own.
fn nomad_is_group(path: &str) -> bool {
    let prefix = format!("{path} ");
    NOMAD_COMMANDS.iter().any(|k| k.starts_with(&prefix))
}

/// Decides whether the command line belongs to a real nomad.
pub fn decide(args: &[String], root: &Command) -> Option<Handover> {
    let (start, npath) = nomad_path(args)?;
    // How far rnomad's tree follows the same words.
    let mut cmd = root;
    let mut matched = 0;
    for w in &npath {
        match cmd
            .get_subcommands()
            .find(|c| c.get_name() == w || c.get_all_aliases().any(|a| a == w))
        {
            Some(sub) => {
                cmd = sub;
                matched += 1;
            }
            None => break,
        }
    }
    let command = npath.join(" ");
    if matched < npath.len() {
        return Some(Handover { command });
    }
    // Same path in both: rnomad's, unless Nomad's is a command that runs where rnomad's is a
    // group and the next word is not one of rnomad's sub-commands (`agent -dev`).
    let own_group = cmd.get_subcommands().next().is_some();
    if own_group && !nomad_is_group(&command) {
        let after = &args[start + npath.len()..];
        let sub_follows = after.first().is_some_and(|w| {
            cmd.get_subcommands()
                .any(|c| c.get_name() == w || c.get_all_aliases().any(|a| a == w))
        });
        // Help alone (`agent -h`) shows rnomad's help for the group.
        let only_help = !after.is_empty() && after.iter().all(|a| is_help(a));
        if !sub_follows && !only_help {
            return Some(Handover { command });
        }
    }
    None
}

/// Finds the real nomad: `RNOMAD_NOMAD_BIN`, else a `nomad` on `PATH` that is not rnomad.
pub fn find_nomad(env: &Env) -> Result<std::path::PathBuf, String> {
    let me = std::env::current_exe().and_then(std::fs::canonicalize).ok();
    let is_me = |p: &std::path::Path| {
        me.as_ref()
            .is_some_and(|m| std::fs::canonicalize(p).is_ok_and(|c| &c == m))
    };
    if let Some(bin) = env.value("RNOMAD_NOMAD_BIN") {
        let p = std::path::PathBuf::from(bin);
        if is_me(&p) {
            return Err(format!("RNOMAD_NOMAD_BIN names rnomad itself ({bin})"));
        }
        if !is_executable(&p) {
            return Err(format!(
                "RNOMAD_NOMAD_BIN is not an executable file ({bin})"
            ));
        }
        return Ok(p);
    }
    for dir in env.value("PATH").unwrap_or("").split(':') {
        let dir = if dir.is_empty() { "." } else { dir };
        let p = std::path::Path::new(dir).join("nomad");
        if is_executable(&p) && !is_me(&p) {
            return Ok(p);
        }
    }
    Err("no nomad found on PATH (set RNOMAD_NOMAD_BIN)".to_string())
}

fn is_executable(p: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Replaces this process with the real nomad, arguments unchanged. Returns only on failure,
/// with the exit code after printing one line on stderr.
pub fn hand_over(h: &Handover, args: &[String], env: &Env) -> i32 {
    let fail = |why: &str| {
        eprintln!(
            "rnomad: \"{}\" is a Nomad command rnomad does not implement; it needs a real nomad binary: {why}",
            h.command
        );
        1
    };
    if env.non_empty(MARKER) {
        return fail("the nomad that was found leads back to rnomad");
    }
    let bin = match find_nomad(env) {
        Ok(b) => b,
        Err(e) => return fail(&e),
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = std::process::Command::new(&bin)
            .args(args)
            .env(MARKER, "1")
            .exec();
        fail(&format!("running {}: {err}", bin.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn d(args: &[&str]) -> Option<String> {
        let root = crate::cli::argv::go_style(crate::cli::Cli::command());
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        decide(&args, &root).map(|h| h.command)
    }

    #[test]
    fn decides_from_the_tree() {
        assert_eq!(d(&["job", "status"]), None);
        assert_eq!(d(&["job", "statusx"]), None);
        assert_eq!(d(&["job"]), None);
        assert_eq!(d(&["foo"]), None);
        assert_eq!(d(&[]), None);
        assert_eq!(d(&["-v", "job", "restart"]), None);
        assert_eq!(d(&["job", "run", "x.hcl"]), None);
        assert_eq!(d(&["job", "restart", "x"]), Some("job restart".into()));
        assert_eq!(d(&["-h", "job", "restart"]), Some("job restart".into()));
        assert_eq!(d(&["var", "list"]), None);
        assert_eq!(d(&["sentinel", "list"]), Some("sentinel list".into()));
        assert_eq!(
            d(&["operator", "raft", "list-peers"]),
            Some("operator raft list-peers".into())
        );
    }
}
