//! The Go-style pre-pass in front of clap.
//!
//! It reproduces what Nomad's dispatcher (hashicorp/cli) and Go's `flag` package do with
//! argv — nested command lookup, `-h` anywhere, `-v` before the command, flags before the
//! command, `-flag`/`--flag`/`-flag=v`/`-flag v`, Go booleans — and hands clap a normalised
//! argv (`--name=value … -- positionals`), so clap never sees Go syntax. Unlike Go, flags are
//! also accepted after positional arguments, except in commands whose trailing words are a
//! command of their own.

use clap::{Arg, ArgAction, Command};

/// What the dispatcher decided.
#[derive(Debug, PartialEq, Eq)]
pub enum Dispatch {
    /// `-v`/`-version`/`--version` before any command.
    Version,
    /// `-autocomplete-install` / `-autocomplete-uninstall` anywhere (both: an error).
    Autocomplete { install: bool, uninstall: bool },
    /// The top-level help: exit 0 when asked for, 127 for an unknown or missing command.
    TopHelp { exit: i32 },
    /// A command's help on stdout, after an optional error line on stderr.
    Help {
        path: Vec<String>,
        exit: i32,
        error: Option<String>,
        /// Flags were given before the command (Nomad prints a notice first).
        flags_before: bool,
    },
    /// Run the command at `path` with the normalised argv for clap; `rest` is what followed
    /// the command's words, as typed (`status` hands it on to the command it finds).
    Run {
        path: Vec<String>,
        argv: Vec<String>,
        rest: Vec<String>,
    },
}

/// Commands whose words after the first positional belong to a command being run.
const TRAILING_COMMAND: &[&[&str]] = &[&["alloc", "exec"], &["exec"], &["var", "lock"]];

/// Commands that, like Nomad's, parse no flags at all: every word is an argument.
const NO_FLAGS: &[&[&str]] = &[&["operator", "raft", "info"]];

fn is_help(a: &str) -> bool {
    matches!(a, "-h" | "-help" | "--help")
}

/// Rewrites every boolean flag of the tree into a Go boolean, and lets string flags default
/// to empty, as Go's flag package does. The whole tree is expanded first (top-level commands
/// are deferred): this is the tree completion, docs and tests walk; a command line only needs
/// [`tree_for`].
pub fn go_style(cmd: Command) -> Command {
    let mut cmd = cmd;
    // Resolves deferred commands; rewriting after clap's build gives the same flags as before
    // it, as every setting `rewrite` touches is set explicitly.
    cmd.build();
    rewrite(cmd)
}

fn rewrite(cmd: Command) -> Command {
    cmd.mut_args(|a| {
        if a.get_long().is_none() {
            return a;
        }
        match a.get_action() {
            ArgAction::SetTrue => a
                .action(ArgAction::Set)
                .value_parser(super::go_bool)
                .num_args(0..=1)
                .require_equals(true)
                .default_value("false")
                .default_missing_value("true")
                .hide_default_value(true),
            ArgAction::Set if a.get_default_values().is_empty() => {
                a.default_value("").hide_default_value(true).required(false)
            }
            _ => a,
        }
    })
    .mut_subcommands(rewrite)
}

/// The word Nomad's dispatcher takes as the command: the first non-empty word that is not a
/// flag (before `--`).
fn command_word(args: &[String]) -> Option<&str> {
    args.iter()
        .take_while(|a| *a != "--")
        .filter(|a| !a.contains("autocomplete-install") && !a.contains("autocomplete-uninstall"))
        .find(|a| !a.starts_with('-') && !a.is_empty())
        .map(String::as_str)
}

/// The command tree for one command line, Go-style: only the top-level command the line names
/// is built (with everything under it), the others keep just their names and one-liners —
/// enough for the dispatcher, the passthrough decision, help and clap's parse, at a fraction of
/// the cost of the whole tree. New commands need nothing here.
pub fn tree_for(args: &[String]) -> Command {
    use clap::CommandFactory;
    let mut root = crate::cli::Cli::command();
    let Some(word) = command_word(args).filter(|w| !w.contains(' ')) else {
        return root;
    };
    // The root's global settings, which clap would propagate when building from the root.
    let (help_flag, version_flag, help_sub, override_self) = (
        root.is_disable_help_flag_set(),
        root.is_disable_version_flag_set(),
        root.is_disable_help_subcommand_set(),
        root.is_args_override_self(),
    );
    if let Some(sub) = root
        .get_subcommands_mut()
        .find(|c| c.get_name() == word || c.get_all_aliases().any(|a| a == word))
    {
        let own = std::mem::take(sub)
            .disable_help_flag(help_flag)
            .disable_version_flag(version_flag)
            .disable_help_subcommand(help_sub)
            .args_override_self(override_self);
        *sub = go_style(own);
    }
    root
}

/// A Go boolean, as `go_style` made it (or declared so, defaulting to `true`, or to `auto`
/// when the command decides the default at run time): an optional value with such a default.
pub fn is_bool(a: &Arg) -> bool {
    a.get_long().is_some()
        && a.get_num_args()
            .is_some_and(|r| r.min_values() == 0 && r.max_values() == 1)
        && a.get_default_values()
            .iter()
            .any(|v| v == "false" || v == "true" || v == "auto")
}

fn find_flag<'a>(cmd: &'a Command, name: &str) -> Option<&'a Arg> {
    cmd.get_arguments().find(|a| {
        a.get_long() == Some(name) || a.get_all_aliases().is_some_and(|al| al.contains(&name))
    })
}

fn find_sub<'a>(cmd: &'a Command, word: &str) -> Option<&'a Command> {
    cmd.get_subcommands()
        .find(|c| c.get_name() == word || c.get_all_aliases().any(|a| a == word))
}

/// Looks the command up and parses its flags the Go way.
pub fn dispatch(args: &[String], root: &Command) -> Dispatch {
    let mut help = false;
    let mut version = false;
    let mut flags_before = false;
    let mut start = None;
    let (mut install, mut uninstall) = (false, false);
    for a in args.iter().take_while(|a| *a != "--") {
        match a.as_str() {
            "-autocomplete-install" | "--autocomplete-install" => install = true,
            "-autocomplete-uninstall" | "--autocomplete-uninstall" => uninstall = true,
            _ => {}
        }
    }
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            break;
        }
        if a.contains("autocomplete-install") || a.contains("autocomplete-uninstall") {
            continue;
        }
        if is_help(a) {
            help = true;
        } else if matches!(a.as_str(), "-v" | "-version" | "--version") {
            version = true;
        } else if a.starts_with('-') {
            flags_before = true;
        } else if !a.is_empty() {
            start = Some(i);
            break;
        }
    }
    if version {
        return Dispatch::Version;
    }
    if help && start.is_none() {
        return Dispatch::TopHelp { exit: 0 };
    }
    if install || uninstall {
        return Dispatch::Autocomplete { install, uninstall };
    }
    let Some(start) = start else {
        return Dispatch::TopHelp { exit: 127 };
    };
    // Walk nested commands word by word, as the longest registered key would match.
    let mut cmd = root;
    let mut path: Vec<String> = Vec::new();
    let mut next = start;
    while let Some(word) = args.get(next) {
        if word.starts_with('-') || word.contains(' ') || word.is_empty() {
            break;
        }
        match find_sub(cmd, word) {
            Some(sub) => {
                path.push(sub.get_name().to_string());
                cmd = sub;
                next += 1;
            }
            None => break,
        }
        if cmd.get_subcommands().next().is_none() {
            break;
        }
    }
    if path.is_empty() {
        return Dispatch::TopHelp { exit: 127 };
    }
    let rest = &args[next..];
    help = help || rest.iter().take_while(|a| *a != "--").any(|a| is_help(a));
    if help {
        return Dispatch::Help {
            path,
            exit: 0,
            error: None,
            flags_before: false,
        };
    }
    if flags_before {
        return Dispatch::Help {
            path,
            exit: 1,
            error: None,
            flags_before: true,
        };
    }
    if cmd.get_subcommands().next().is_some() && cmd.is_subcommand_required_set() {
        // A group with no (or an unknown) subcommand: its help, exit 1. (A group whose
        // subcommand is optional, `monitor`, runs on its own.)
        return Dispatch::Help {
            path,
            exit: 1,
            error: None,
            flags_before: false,
        };
    }
    if path == ["version"] {
        // `version` ignores its arguments entirely.
        return Dispatch::Run {
            argv: vec!["rnomad".into(), "version".into()],
            path,
            rest: rest.to_vec(),
        };
    }
    let is = |p: &&[&str]| p.iter().copied().eq(path.iter().map(String::as_str));
    let trailing = TRAILING_COMMAND.iter().any(is);
    let parsed = if NO_FLAGS.iter().any(is) {
        Ok((Vec::new(), rest.to_vec()))
    } else {
        parse_flags(cmd, rest, trailing)
    };
    match parsed {
        Ok((flags, positionals)) => {
            let mut argv = Vec::with_capacity(path.len() + flags.len() + positionals.len() + 2);
            argv.push("rnomad".to_string());
            argv.extend(path.iter().cloned());
            argv.extend(flags);
            argv.push("--".to_string());
            argv.extend(positionals);
            Dispatch::Run {
                path,
                argv,
                rest: rest.to_vec(),
            }
        }
        Err(FlagError::Help) => Dispatch::Help {
            path,
            exit: 1,
            error: None,
            flags_before: false,
        },
        Err(FlagError::Message(m)) => Dispatch::Help {
            // `job plan` (and `plan`) exit 255 on every error, flag errors included.
            exit: if path.last().is_some_and(|p| p == "plan") {
                255
            } else {
                1
            },
            path,
            error: Some(m),
            flags_before: false,
        },
    }
}

#[derive(Debug)]
enum FlagError {
    /// `-h=…`/`-help=…`: usage, no error line.
    Help,
    Message(String),
}

/// Go `flag` semantics over one command's flags; returns clap-ready flags and positionals.
fn parse_flags(
    cmd: &Command,
    rest: &[String],
    trailing: bool,
) -> Result<(Vec<String>, Vec<String>), FlagError> {
    let mut flags = Vec::new();
    let mut positionals = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let a = &rest[i];
        i += 1;
        // After a trailing command's first positional, every word (`--` too) is the command's.
        let in_command = trailing && !positionals.is_empty();
        if a == "--" && !in_command {
            positionals.extend(rest[i..].iter().cloned());
            break;
        }
        if in_command || a.len() < 2 || !a.starts_with('-') {
            positionals.push(a.clone());
            continue;
        }
        let body = a.strip_prefix("--").unwrap_or(&a[1..]);
        if body.is_empty() || body.starts_with('-') || body.starts_with('=') {
            return Err(FlagError::Message(format!("bad flag syntax: {a}")));
        }
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        if name == "h" || name == "help" {
            return Err(FlagError::Help);
        }
        let Some(arg) = find_flag(cmd, name) else {
            return Err(FlagError::Message(format!(
                "flag provided but not defined: -{name}"
            )));
        };
        let long = arg.get_long().unwrap_or(name);
        if is_bool(arg) {
            let v = value.unwrap_or("true");
            match crate::gocompat::strconv::parse_bool(v) {
                Some(b) => flags.push(format!("--{long}={b}")),
                None => {
                    return Err(FlagError::Message(format!(
                        "invalid boolean value \"{v}\" for -{name}: parse error"
                    )))
                }
            }
        } else {
            let v = match value {
                Some(v) => v.to_string(),
                None => match rest.get(i) {
                    Some(v) => {
                        i += 1;
                        v.clone()
                    }
                    None => {
                        return Err(FlagError::Message(format!(
                            "flag needs an argument: -{name}"
                        )))
                    }
                },
            };
            flags.push(format!("--{long}={v}"));
        }
    }
    Ok((flags, positionals))
}

/// Turns a clap error on the normalised argv into Go's wording for the same mistake.
pub fn clap_error_text(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    match e.kind() {
        ErrorKind::ValueValidation | ErrorKind::InvalidValue => {
            let arg = ctx(ContextKind::InvalidArg);
            let name = arg
                .trim_start_matches('-')
                .split([' ', '='])
                .next()
                .unwrap_or("")
                .to_string();
            let value = ctx(ContextKind::InvalidValue);
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_else(|| "parse error".into());
            format!("invalid value \"{value}\" for flag -{name}: {why}")
        }
        _ => e
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
            .to_string(),
    }
}

/// The name rnomad was invoked as (`rnomad`, or `nomad` through a symlink).
pub fn invoked_name(args: &[String]) -> String {
    args.first()
        .map(|a| a.rsplit('/').next().unwrap_or(a).to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "rnomad".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn root() -> Command {
        go_style(crate::cli::Cli::command())
    }

    fn d(args: &[&str]) -> Dispatch {
        let v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        dispatch(&v, &root())
    }

    fn run(args: &[&str]) -> Vec<String> {
        match d(args) {
            Dispatch::Run { argv, .. } => argv,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    fn err(args: &[&str]) -> String {
        match d(args) {
            Dispatch::Help {
                error: Some(e),
                exit: 1,
                ..
            } => e,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn go_flag_forms() {
        assert_eq!(
            run(&["job", "status", "-json", "example"]),
            s(&["rnomad", "job", "status", "--json=true", "--", "example"])
        );
        assert_eq!(
            run(&["job", "status", "--json=false"]),
            s(&["rnomad", "job", "status", "--json=false", "--"])
        );
        assert_eq!(
            run(&["job", "status", "-json=F", "-verbose=1"]),
            s(&[
                "rnomad",
                "job",
                "status",
                "--json=false",
                "--verbose=true",
                "--"
            ])
        );
        assert_eq!(
            run(&["job", "status", "-t", "-{{.ID}}", "-address", "http://x:1"]),
            s(&[
                "rnomad",
                "job",
                "status",
                "--t=-{{.ID}}",
                "--address=http://x:1",
                "--"
            ])
        );
        assert_eq!(
            run(&["job", "status", "-t="]),
            s(&["rnomad", "job", "status", "--t=", "--"])
        );
    }

    #[test]
    fn flags_after_positionals_are_accepted() {
        assert_eq!(
            run(&["job", "status", "example", "-json"]),
            s(&["rnomad", "job", "status", "--json=true", "--", "example"])
        );
        // A bool never takes the next word: `false` stays a positional, as in Go.
        assert_eq!(
            run(&["job", "status", "-json", "false"]),
            s(&["rnomad", "job", "status", "--json=true", "--", "false"])
        );
        // `--` ends flags; a lone `-` is positional.
        assert_eq!(
            run(&["job", "status", "--", "-json", "-"]),
            s(&["rnomad", "job", "status", "--", "-json", "-"])
        );
        assert_eq!(
            run(&["job", "status", "-"]),
            s(&["rnomad", "job", "status", "--", "-"])
        );
    }

    #[test]
    fn exec_command_words_are_the_commands() {
        // Flags stop at the allocation; after it every word is the command's, `--` too.
        assert_eq!(
            run(&["alloc", "exec", "-t=false", "ab", "ls", "-task", "--", "x"]),
            s(&[
                "rnomad",
                "alloc",
                "exec",
                "--t=false",
                "--",
                "ab",
                "ls",
                "-task",
                "--",
                "x"
            ])
        );
        // `-t` and `-i` are Go booleans: they never take the next word.
        assert_eq!(
            run(&["exec", "-t", "-i", "ab", "sh"]),
            s(&["rnomad", "exec", "--t=true", "--i=true", "--", "ab", "sh"])
        );
        assert_eq!(
            run(&["exec", "--", "ab", "--", "sh"]),
            s(&["rnomad", "exec", "--", "ab", "--", "sh"])
        );
    }

    #[test]
    fn flag_errors_read_as_go() {
        assert_eq!(
            err(&["job", "status", "-foo"]),
            "flag provided but not defined: -foo"
        );
        assert_eq!(
            err(&["job", "status", "--foo=1"]),
            "flag provided but not defined: -foo"
        );
        assert_eq!(err(&["job", "status", "-t"]), "flag needs an argument: -t");
        assert_eq!(
            err(&["job", "status", "-json=yes"]),
            "invalid boolean value \"yes\" for -json: parse error"
        );
        assert_eq!(
            err(&["job", "status", "---json"]),
            "bad flag syntax: ---json"
        );
        assert_eq!(err(&["job", "status", "-=x"]), "bad flag syntax: -=x");
        // Names are case-sensitive and single letters are long names: `-n5` is not `-n 5`.
        assert_eq!(
            err(&["job", "status", "-JSON"]),
            "flag provided but not defined: -JSON"
        );
    }

    #[test]
    fn help_anywhere_and_version_before_command() {
        assert_eq!(d(&["-h"]), Dispatch::TopHelp { exit: 0 });
        assert_eq!(d(&["--help"]), Dispatch::TopHelp { exit: 0 });
        let help = |p: &[&str]| Dispatch::Help {
            path: s(p),
            exit: 0,
            error: None,
            flags_before: false,
        };
        assert_eq!(d(&["job", "status", "-h"]), help(&["job", "status"]));
        assert_eq!(d(&["-help", "job", "status"]), help(&["job", "status"]));
        assert_eq!(d(&["job", "status", "-t", "-h"]), help(&["job", "status"]));
        assert_eq!(d(&["-v"]), Dispatch::Version);
        assert_eq!(d(&["-version", "job", "status"]), Dispatch::Version);
        assert!(matches!(
            d(&["job", "status", "-v"]),
            Dispatch::Help { error: Some(_), .. }
        ));
    }

    #[test]
    fn unknown_commands_and_groups() {
        assert_eq!(d(&[]), Dispatch::TopHelp { exit: 127 });
        assert_eq!(d(&["foo"]), Dispatch::TopHelp { exit: 127 });
        assert_eq!(d(&["-foo"]), Dispatch::TopHelp { exit: 127 });
        // `-address x job status` makes `x` the command, as in Nomad.
        assert_eq!(
            d(&["-address", "x", "job", "status"]),
            Dispatch::TopHelp { exit: 127 }
        );
        assert_eq!(
            d(&["job"]),
            Dispatch::Help {
                path: s(&["job"]),
                exit: 1,
                error: None,
                flags_before: false
            }
        );
        assert_eq!(
            d(&["job", "nosuch"]),
            Dispatch::Help {
                path: s(&["job"]),
                exit: 1,
                error: None,
                flags_before: false
            }
        );
    }

    #[test]
    fn flags_before_the_command() {
        assert_eq!(
            d(&["--json", "job", "status"]),
            Dispatch::Help {
                path: s(&["job", "status"]),
                exit: 1,
                error: None,
                flags_before: true
            }
        );
    }

    #[test]
    fn version_ignores_everything() {
        assert_eq!(run(&["version", "-foo", "bar"]), s(&["rnomad", "version"]));
    }

    #[test]
    fn int_flags_reach_clap() {
        assert_eq!(
            run(&["node", "status", "-per-page", "-1"]),
            s(&["rnomad", "node", "status", "--per-page=-1", "--"])
        );
    }

    #[test]
    fn repeatable_flags_keep_every_value() {
        let cmd = go_style(
            Command::new("rnomad").subcommand(
                Command::new("run")
                    .arg(Arg::new("var").long("var").action(ArgAction::Append))
                    .arg(Arg::new("args").num_args(0..)),
            ),
        );
        let v: Vec<String> = [
            "run",
            "-var",
            "a=1",
            "--var=b=-2",
            "file.hcl",
            "-var",
            "c=3",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let Dispatch::Run { argv, .. } = dispatch(&v, &cmd) else {
            panic!("runs")
        };
        let m = cmd.try_get_matches_from(&argv).expect("clap parses");
        let (_, sub) = m.subcommand().expect("sub");
        let vars: Vec<&String> = sub.get_many::<String>("var").expect("vars").collect();
        assert_eq!(vars, ["a=1", "b=-2", "c=3"]);
    }

    #[test]
    fn tree_for_a_line_matches_the_whole_tree() {
        // Every command, hidden ones too: the same help, dispatch and parse from the tree built
        // for its command line as from the whole tree.
        fn walk(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
            if !path.is_empty() {
                out.push(path.clone());
            }
            for sub in cmd.get_subcommands() {
                path.push(sub.get_name().to_string());
                walk(sub, path, out);
                path.pop();
            }
        }
        let full = root();
        let mut paths = Vec::new();
        walk(&full, &mut Vec::new(), &mut paths);
        assert!(paths.len() > 50, "{}", paths.len());
        for path in paths {
            let part = tree_for(&path);
            assert_eq!(
                crate::cli::help::command_help(&full, &path),
                crate::cli::help::command_help(&part, &path),
                "{path:?}"
            );
            for extra in [
                &[][..],
                &["-json", "-verbose=false", "x"][..],
                &["-nosuch"][..],
            ] {
                let mut line = path.clone();
                line.extend(extra.iter().map(|s| s.to_string()));
                let (a, b) = (dispatch(&line, &full), dispatch(&line, &part));
                assert_eq!(a, b, "{line:?}");
                assert_eq!(
                    crate::passthrough::decide(&line, &full),
                    crate::passthrough::decide(&line, &part),
                    "{line:?}"
                );
                if let Dispatch::Run { argv, .. } = a {
                    let parse = |c: &Command| {
                        c.clone()
                            .try_get_matches_from(&argv)
                            .map_err(|e| clap_error_text(&e))
                            .and_then(|m| {
                                <crate::cli::Cli as clap::FromArgMatches>::from_arg_matches(&m)
                                    .map_err(|e| e.to_string())
                            })
                            .map(|c| format!("{c:?}"))
                    };
                    assert_eq!(parse(&full), parse(&part), "{line:?}");
                }
            }
        }
        assert_eq!(
            crate::cli::help::top_help(&full),
            crate::cli::help::top_help(&tree_for(&[]))
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for args in [
            vec!["", ""],
            vec!["job", ""],
            vec!["job", "status", "-=", "--="],
            vec!["job", "status", "-\u{1F600}"],
            vec!["job status"],
            vec!["--"],
            vec!["--", "job"],
        ] {
            let _ = d(&args);
        }
    }
}
