//! Help text in Nomad's layout, in rnomad's own words (from the clap tree's doc comments).

use clap::Command;

use super::argv::is_bool;
use super::GENERAL;

/// Wraps `text` at `width` columns, each line indented by `indent` spaces.
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for para in text.split("\n\n") {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && indent + line.len() + 1 + word.len() > width {
                out.push_str(&pad);
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&pad);
        out.push_str(&line);
    }
    out
}

fn title_case(path: &[String]) -> String {
    // Nomad writes its acronyms in capitals in its headings ("ACL Token Create Options").
    const ACRONYMS: [&str; 5] = ["acl", "api", "ca", "tls", "ui"];
    path.iter()
        .flat_map(|w| w.split('-'))
        .map(|w| {
            if ACRONYMS.contains(&w) {
                return w.to_uppercase();
            }
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A flag's help as sentences (clap drops the final period of one-line doc comments).
pub fn arg_help(a: &clap::Arg) -> String {
    let mut help = a
        .get_long_help()
        .or(a.get_help())
        .map(|s| s.to_string())
        .unwrap_or_default();
    if !help.is_empty() && !help.ends_with(['.', '!', '?']) {
        help.push('.');
    }
    help
}

/// A command's arguments in the order help, man pages and completions list them: clap's
/// display order (the declaration order, unless a command moves a flattened flag, as
/// `FormatArgs::listed_after` moves `-t`).
pub fn listed_args(cmd: &Command) -> Vec<&clap::Arg> {
    let mut args: Vec<&clap::Arg> = cmd.get_arguments().collect();
    args.sort_by_key(|a| a.get_display_order());
    args
}

/// The help of the command at `path`.
pub fn command_help(root: &Command, path: &[String]) -> String {
    let mut cmd = root;
    for p in path {
        match cmd.find_subcommand(p) {
            Some(c) => cmd = c,
            None => break,
        }
    }
    let mut out = String::new();
    // `override_usage` holds each command's usage line; clap renders it as `Usage: …`.
    let rendered = cmd.clone().render_usage().to_string();
    let usage = rendered
        .trim()
        .strip_prefix("Usage:")
        .map(|u| u.trim().to_string())
        .unwrap_or_else(|| format!("rnomad {}", path.join(" ")));
    out.push_str(&format!("Usage: {usage}\n\n"));
    let about = cmd
        .get_long_about()
        .or(cmd.get_about())
        .map(|s| s.to_string())
        .unwrap_or_default();
    out.push_str(&wrap(&about, 2, 78));
    out.push('\n');

    let mut subs: Vec<&Command> = cmd.get_subcommands().filter(|c| !c.is_hide_set()).collect();
    // Nomad lists subcommands sorted by name.
    subs.sort_by_key(|c| c.get_name());
    if !subs.is_empty() {
        out.push_str("\nSubcommands:\n");
        let w = subs.iter().map(|c| c.get_name().len()).max().unwrap_or(0);
        for c in subs {
            let about = c.get_about().map(|s| s.to_string()).unwrap_or_default();
            out.push_str(&format!("    {:<w$}    {about}\n", c.get_name()));
        }
        // A group that also runs on its own (`monitor`) goes on to its options.
        if cmd.is_subcommand_required_set() {
            return out;
        }
    }

    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    let own = format!("{} Options", title_case(path));
    for a in listed_args(cmd) {
        let Some(long) = a.get_long() else { continue };
        if a.is_hide_set() {
            continue;
        }
        let heading = a.get_help_heading().unwrap_or(&own).to_string();
        let spelled = if is_bool(a) {
            format!("  -{long}")
        } else {
            let v = a
                .get_value_names()
                .and_then(|n| n.first())
                .map(|n| n.to_string())
                .unwrap_or_else(|| long.to_string());
            format!("  -{long}=<{v}>")
        };
        let help = arg_help(a);
        let entry = format!("{spelled}\n{}", wrap(&help, 4, 78));
        match sections.iter_mut().find(|(h, _)| *h == heading) {
            Some((_, v)) => v.push(entry),
            None => sections.push((heading, vec![entry])),
        }
    }
    // General options first, as Nomad lays them out.
    sections.sort_by_key(|(h, _)| h != GENERAL);
    for (heading, entries) in sections {
        out.push_str(&format!("\n{heading}:\n\n"));
        out.push_str(&entries.join("\n\n"));
        out.push('\n');
    }
    out
}

/// The top-level help.
pub fn top_help(root: &Command) -> String {
    let common = ["run", "stop", "status", "alloc", "job", "node", "agent"];
    let mut out = String::from(
        "Usage: rnomad [-version] [-help] [-autocomplete-(un)install] <command> [args]\n\n",
    );
    out.push_str(&wrap(
        "rnomad is a fast, drop-in replacement for the Nomad command-line client. It speaks to \
a Nomad cluster over its HTTP API, with Nomad's commands, flags, environment and output.",
        2,
        78,
    ));
    out.push('\n');
    // Like Nomad's, the listing leaves out the short aliases of nested commands.
    const ALIASES: &[&str] = &["fs", "init", "inspect", "logs", "plan", "validate"];
    let visible: Vec<&Command> = root
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && !ALIASES.contains(&c.get_name()))
        .collect();
    let block = |cmds: Vec<&&Command>| -> String {
        let w = cmds.iter().map(|c| c.get_name().len()).max().unwrap_or(0) + 6;
        cmds.iter()
            .map(|c| {
                let about = c.get_about().map(|s| s.to_string()).unwrap_or_default();
                format!("    {:<w$}{about}\n", c.get_name())
            })
            .collect()
    };
    let (mut first, mut other): (Vec<&&Command>, Vec<&&Command>) =
        visible.iter().partition(|c| common.contains(&c.get_name()));
    first.sort_by_key(|c| common.iter().position(|n| *n == c.get_name()));
    other.sort_by_key(|c| c.get_name().to_string());
    if !first.is_empty() {
        out.push_str("\nCommon commands:\n");
        out.push_str(&block(first));
    }
    if !other.is_empty() {
        out.push_str("\nOther commands:\n");
        out.push_str(&block(other));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_indent() {
        assert_eq!(wrap("a b c", 2, 5), "  a b\n  c");
        assert_eq!(wrap("x\n\ny", 4, 78), "    x\n\n    y");
    }

    #[test]
    fn titles() {
        assert_eq!(title_case(&["job".into(), "status".into()]), "Job Status");
        assert_eq!(title_case(&["agent-info".into()]), "Agent Info");
        assert_eq!(
            title_case(&["acl".into(), "auth-method".into(), "create".into()]),
            "ACL Auth Method Create"
        );
        assert_eq!(title_case(&["ui".into()]), "UI");
    }
}
