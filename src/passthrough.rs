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

use crate::cli::nomad_tree;
use crate::env::Env;

/// The environment marker set for the real nomad (and anything it starts).
pub const MARKER: &str = "RNOMAD_PASSTHROUGH";

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
        if nomad_tree::find(&key).is_some() {
            best = Some(words[..n].iter().map(|s| s.to_string()).collect());
        }
    }
    best.map(|b| (start, b))
}

/// Commands rnomad implements but for a flag that needs Nomad's own code (`save -redact`
/// rewrites the Raft snapshot locally): with the flag, the line is handed over.
const NOMAD_ONLY_FLAGS: &[(&str, &[&str])] = &[("operator snapshot save", &["redact"])];

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
    // Flags of Nomad's that only a real nomad can carry out: the whole line goes to it.
    let after = &args[start + npath.len()..];
    if let Some((_, flags)) = NOMAD_ONLY_FLAGS.iter().find(|(c, _)| *c == command) {
        let given = after.iter().take_while(|a| *a != "--").find_map(|a| {
            let name = a.trim_start_matches('-').split('=').next().unwrap_or("");
            (a.starts_with('-') && flags.contains(&name)).then_some(name)
        });
        if let Some(flag) = given {
            return Some(Handover {
                command: format!("{command} -{flag}"),
            });
        }
    }
    // Same path in both: rnomad's, unless Nomad's is a command that runs where rnomad's is a
    // group and the next word is not one of rnomad's sub-commands (`agent -dev`).
    let own_group = cmd.get_subcommands().next().is_some();
    if own_group && !nomad_tree::is_group(&command) {
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

/// Where to look for nomad when `PATH` is unset.
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

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
    // Only absolute entries count: an empty or relative one would run whatever `./nomad` the
    // current directory holds, with the token in its environment (Go's `LookPath` refuses
    // such results too). With no `PATH`, the usual system directories are searched.
    let path = env.value("PATH").unwrap_or(DEFAULT_PATH);
    for dir in path.split(':').filter(|d| d.starts_with('/')) {
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

/// Replaces this process with the real nomad, arguments unchanged, with the variables a
/// context `set` (and its token) in its environment. Returns only on failure, with the exit
/// code after printing one line on stderr.
pub fn hand_over(h: &Handover, args: &[String], env: &Env, set: &[&str]) -> i32 {
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
    let token_flag = args
        .iter()
        .any(|a| matches!(a.trim_start_matches('-'), t if t == "token" || t.starts_with("token=")));
    if let Some(e) = env.deferred_error("NOMAD_TOKEN").filter(|_| !token_flag) {
        eprintln!("Error loading context: {e}");
        return 1;
    }
    let context = set
        .iter()
        .chain(&["NOMAD_TOKEN"])
        .filter_map(|k| Some((*k, env.value(k)?)));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = std::process::Command::new(&bin)
            .args(args)
            .envs(context)
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
        assert_eq!(d(&["-v", "sentinel", "list"]), None);
        assert_eq!(d(&["job", "run", "x.hcl"]), None);
        assert_eq!(d(&["job", "restart", "x"]), None);
        // rnomad's own command and flags, which Nomad lacks, never go to nomad.
        assert_eq!(d(&["job", "wait", "-timeout", "5s", "x"]), None);
        assert_eq!(d(&["job", "run", "-wait", "x.hcl"]), None);
        assert_eq!(d(&["stop", "-wait", "-timeout=1m", "x"]), None);
        assert_eq!(
            d(&["sentinel", "apply", "x"]),
            Some("sentinel apply".into())
        );
        assert_eq!(
            d(&["-h", "sentinel", "apply"]),
            Some("sentinel apply".into())
        );
        assert_eq!(d(&["var", "list"]), None);
        assert_eq!(d(&["sentinel", "list"]), Some("sentinel list".into()));
        assert_eq!(d(&["operator", "raft", "list-peers"]), None);
        assert_eq!(d(&["operator", "snapshot", "save", "x.snap"]), None);
        assert_eq!(d(&["operator", "gossip", "keyring", "generate"]), None);
        assert_eq!(d(&["operator", "gossip", "keyring", "list"]), None);
        assert_eq!(d(&["operator", "root", "keyring", "list"]), None);
        assert_eq!(d(&["operator", "metrics"]), None);
        // `monitor` runs itself and holds `monitor export`: both are rnomad's.
        assert_eq!(d(&["monitor", "export", "-on-disk"]), None);
        assert_eq!(d(&["monitor", "-log-level=debug"]), None);
        assert_eq!(d(&["monitor"]), None);
        assert_eq!(
            d(&["operator", "snapshot", "save", "-redact", "x.snap"]),
            Some("operator snapshot save -redact".into())
        );
        assert_eq!(
            d(&["operator", "snapshot", "save", "--redact=true"]),
            Some("operator snapshot save -redact".into())
        );
        assert_eq!(d(&["operator", "raft", "info", "x"]), None);
        assert_eq!(
            d(&["operator", "raft", "logs", "x"]),
            Some("operator raft logs".into())
        );
        assert_eq!(
            d(&["operator", "snapshot", "inspect", "x"]),
            Some("operator snapshot inspect".into())
        );
    }
}
