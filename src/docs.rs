//! Generated companions of the command tree: shell completion scripts, the rc-file edits of
//! `-autocomplete-install`, and man pages. The committed copies under `completions/` and `man/`
//! are refreshed with `cargo run --example docs`; a test fails when they are stale.

use std::path::{Path, PathBuf};

use clap::Command;

use crate::cli::argv::is_bool;
use crate::env::Env;

/// `rnomad completion <shell>`: a script that registers `name` with the shell and asks rnomad
/// for candidates through the COMP_LINE protocol.
pub fn completion_script(shell: &str, name: &str) -> Option<String> {
    Some(match shell {
        "bash" => format!(
            "# bash completion for {name} (rnomad). Load it with:\n\
             #   source <({name} completion bash)\n\
             # It answers through the COMP_LINE protocol, as `complete -C nomad nomad` does.\n\
             complete -o default -C {name} {name}\n"
        ),
        "zsh" => format!(
            "#compdef {name}\n\
             # zsh completion for {name} (rnomad), with descriptions. Load it with:\n\
             #   source <({name} completion zsh)\n\
             _{fn_name}() {{\n\
             \x20 local -a lines cands\n\
             \x20 local line=\"${{(j: :)words[1,CURRENT]}}\"\n\
             \x20 lines=(\"${{(@f)$(COMP_LINE=\"$line\" RNOMAD_COMPLETE_DESCRIBE=1 {name} 2>/dev/null)}}\")\n\
             \x20 local l v d\n\
             \x20 for l in $lines; do\n\
             \x20   [[ -z $l ]] && continue\n\
             \x20   v=${{l%%$'\\t'*}}\n\
             \x20   d=${{l#*$'\\t'}}\n\
             \x20   if [[ $d == $l ]]; then cands+=(\"${{v//:/\\\\:}}\"); else cands+=(\"${{v//:/\\\\:}}:$d\"); fi\n\
             \x20 done\n\
             \x20 _describe -t values '{name}' cands\n\
             }}\n\
             compdef _{fn_name} {name}\n",
            fn_name = name.replace('-', "_")
        ),
        "fish" => format!(
            "# fish completion for {name} (rnomad), with descriptions. Load it with:\n\
             #   {name} completion fish | source\n\
             function __{fn_name}_complete\n\
             \x20   set -lx COMP_LINE (commandline -cp)\n\
             \x20   test -z (commandline -ct)\n\
             \x20   and set COMP_LINE \"$COMP_LINE \"\n\
             \x20   set -lx RNOMAD_COMPLETE_DESCRIBE 1\n\
             \x20   {name}\n\
             end\n\
             complete -f -c {name} -a \"(__{fn_name}_complete)\"\n",
            fn_name = name.replace('-', "_")
        ),
        _ => return None,
    })
}

struct Shells {
    bash: Option<PathBuf>,
    zsh: Option<PathBuf>,
    fish: Option<PathBuf>,
}

fn shells(env: &Env) -> Shells {
    let home = PathBuf::from(env.value("HOME").unwrap_or(""));
    let bash_rcs: &[&str] = if cfg!(target_os = "macos") {
        &[".bash_profile"]
    } else {
        &[".bashrc", ".bash_profile", ".bash_login", ".profile"]
    };
    let bash = bash_rcs.iter().map(|f| home.join(f)).find(|p| p.is_file());
    let zsh = Some(home.join(".zshrc")).filter(|p| p.is_file());
    let fish_dir = env
        .value("XDG_CONFIG_HOME")
        .map(|x| PathBuf::from(x).join("fish"))
        .unwrap_or_else(|| home.join(".config").join("fish"));
    let fish = Some(fish_dir).filter(|p| p.is_dir());
    Shells { bash, zsh, fish }
}

fn has_line(path: &Path, line: &str) -> bool {
    std::fs::read_to_string(path)
        .map(|s| s.lines().any(|l| l == line))
        .unwrap_or(false)
}

fn append(path: &Path, lines: &[String]) -> Result<(), String> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| e.to_string())?;
    for l in lines {
        writeln!(f, "\n{l}").map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Removes `lines` from the rc file, keeping every other byte as it was (`\r\n` endings
/// included), and replaces the file in one step: the new text goes to a temporary file beside
/// the real one (a symlinked rc file is followed to it), which is then renamed over it, so an
/// interrupted run leaves the old file whole.
fn remove_lines(path: &Path, lines: &[&str]) -> Result<(), String> {
    let real = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    let s = std::fs::read_to_string(&real).map_err(|e| e.to_string())?;
    let kept: String = s
        .split_inclusive('\n')
        .filter(|l| {
            let bare = l.strip_suffix('\n').unwrap_or(l);
            !lines.contains(&bare.strip_suffix('\r').unwrap_or(bare))
        })
        .collect();
    let dir = real.parent().unwrap_or(Path::new("."));
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.rnomad-{}", std::process::id()));
    let perms = std::fs::metadata(&real)
        .map_err(|e| e.to_string())?
        .permissions();
    let written = std::fs::write(&tmp, kept)
        .and_then(|_| std::fs::set_permissions(&tmp, perms))
        .and_then(|_| std::fs::rename(&tmp, &real));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.to_string());
    }
    Ok(())
}

/// `s` as one shell word: as it is when that is safe (Nomad's lines, for ordinary paths),
/// single-quoted otherwise, so a path with spaces or `$` cannot run anything.
fn shell_word(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@%=,".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The line `-autocomplete-install` adds to bash's rc file (and `-uninstall` removes).
fn bash_line(bin: &str, name: &str) -> String {
    format!("complete -C {} {}", shell_word(bin), shell_word(name))
}

/// zsh's line: bash's completion through bashcompinit, without the trailing space.
fn zsh_line(bin: &str, name: &str) -> String {
    format!(
        "complete -o nospace -C {} {}",
        shell_word(bin),
        shell_word(name)
    )
}

fn fish_file(name: &str, bin: &str) -> String {
    let bin = shell_word(bin);
    format!(
        "\nfunction __complete_{name}\n    set -lx COMP_LINE (commandline -cp)\n    test -z (commandline -ct)\n    and set COMP_LINE \"$COMP_LINE \"\n    {bin}\nend\ncomplete -f -c {name} -a \"(__complete_{name})\"\n\n"
    )
}

/// `-autocomplete-install`: `complete -C` lines for bash and zsh, a fish completion file,
/// as Nomad writes them, for `name` (the name rnomad was invoked as).
pub fn autocomplete_install(name: &str, bin: &str, env: &Env) -> Result<(), String> {
    let sh = shells(env);
    if sh.bash.is_none() && sh.zsh.is_none() && sh.fish.is_none() {
        return Err("Did not find any shells to install".into());
    }
    let mut errs = Vec::new();
    if let Some(rc) = &sh.bash {
        let line = bash_line(bin, name);
        if has_line(rc, &line) {
            errs.push(format!("already installed in {}", rc.display()));
        } else if let Err(e) = append(rc, &[line]) {
            errs.push(e);
        }
    }
    if let Some(rc) = &sh.zsh {
        let line = zsh_line(bin, name);
        let init = "autoload -U +X bashcompinit && bashcompinit";
        if has_line(rc, &line) {
            errs.push(format!("already installed in {}", rc.display()));
        } else {
            let mut lines = Vec::new();
            if !has_line(rc, init) {
                lines.push(init.to_string());
            }
            lines.push(line);
            if let Err(e) = append(rc, &lines) {
                errs.push(e);
            }
        }
    }
    if let Some(dir) = &sh.fish {
        let file = dir.join("completions").join(format!("{name}.fish"));
        if file.exists() {
            errs.push(format!("already installed at {}", file.display()));
        } else if let Err(e) = std::fs::create_dir_all(dir.join("completions"))
            .and_then(|_| std::fs::write(&file, fish_file(name, bin)))
        {
            errs.push(e.to_string());
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(crate::gocompat::multierror::multierror(&errs))
    }
}

/// `-autocomplete-uninstall`: removes what `-autocomplete-install` added.
pub fn autocomplete_uninstall(name: &str, bin: &str, env: &Env) -> Result<(), String> {
    let sh = shells(env);
    if sh.bash.is_none() && sh.zsh.is_none() && sh.fish.is_none() {
        return Err("Did not find any shells to uninstall".into());
    }
    let mut errs = Vec::new();
    if let Some(rc) = &sh.bash {
        let line = bash_line(bin, name);
        if !has_line(rc, &line) {
            errs.push(format!("does not installed in {}", rc.display()));
        } else if let Err(e) = remove_lines(rc, &[&line]) {
            errs.push(e);
        }
    }
    if let Some(rc) = &sh.zsh {
        let line = zsh_line(bin, name);
        if !has_line(rc, &line) {
            errs.push(format!("does not installed in {}", rc.display()));
        } else if let Err(e) = remove_lines(rc, &[&line]) {
            errs.push(e);
        }
    }
    if let Some(dir) = &sh.fish {
        let file = dir.join("completions").join(format!("{name}.fish"));
        if !file.exists() {
            errs.push(format!("does not installed in {}", dir.display()));
        } else if let Err(e) = std::fs::remove_file(&file) {
            errs.push(e.to_string());
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(crate::gocompat::multierror::multierror(&errs))
    }
}

fn roff_escape(s: &str) -> String {
    let mut out = s.replace('\\', "\\e").replace('-', "\\-");
    if out.starts_with('.') || out.starts_with('\'') {
        out.insert_str(0, "\\&");
    }
    out
}

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "NOMAD_ADDR",
        "The agent's address (http://, https:// or unix://). Default: http://127.0.0.1:4646.",
    ),
    ("NOMAD_REGION", "The region of every request."),
    (
        "NOMAD_NAMESPACE",
        "The namespace of every request; * means all, where a command supports it.",
    ),
    (
        "NOMAD_TOKEN",
        "The ACL token, sent as X-Nomad-Token. Never printed.",
    ),
    ("NOMAD_HTTP_AUTH", "HTTP basic auth as user[:password]."),
    (
        "NOMAD_CACERT, NOMAD_CAPATH",
        "A CA file or directory for https.",
    ),
    (
        "NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY",
        "The client certificate and key for mutual TLS.",
    ),
    (
        "NOMAD_TLS_SERVER_NAME",
        "The name to verify on the server's certificate.",
    ),
    (
        "NOMAD_SKIP_VERIFY",
        "A true value skips certificate verification.",
    ),
    (
        "NOMAD_CLI_NO_COLOR, NOMAD_CLI_FORCE_COLOR, NO_COLOR",
        "Colour off, or forced.",
    ),
    (
        "NOMAD_CLI_SHOW_HINTS",
        "false turns off the Web UI hints on standard error.",
    ),
    (
        "TZ",
        "The time zone times are shown in, as Nomad shows them.",
    ),
    (
        "RNOMAD_HTTP_TIMEOUT",
        "How long a request may wait for its answer, and a body or stream may stay silent (a Go \
         duration such as 90s, or whole seconds; 0 waits forever). Default: 60s.",
    ),
    (
        "RNOMAD_NOMAD_BIN",
        "The real nomad that commands rnomad does not implement are handed to. Default: the \
         first nomad on PATH that is not rnomad itself.",
    ),
    (
        "RNOMAD_PASSTHROUGH",
        "Set by rnomad for the real nomad it hands a command to. An rnomad started with it set \
         never hands over again, so a wrapper that leads back cannot loop.",
    ),
    (
        "COMP_LINE, COMP_POINT",
        "Set by shells to ask for completions.",
    ),
    (
        "RNOMAD_COMPLETE_DESCRIBE",
        "Set by the zsh and fish scripts of 'rnomad completion': each candidate comes with a \
         description.",
    ),
    (
        "RNOMAD_TEST_NOW",
        "For tests: \"now\" as Unix seconds, so that relative times stay the same between runs.",
    ),
];

/// The synopsis of `rnomad.1` (roff); a command's page takes its usage line from the tree.
const ROOT_SYNOPSIS: &str = r".B rnomad
\fIcommand\fR [\fIsubcommand\fR] [\fIoptions\fR] [\fIargs\fR]
.br
.B rnomad
\-version | \-h | \-autocomplete\-install | \-autocomplete\-uninstall
";

/// The description of `rnomad.1`, one paragraph per item.
const ROOT_DESCRIPTION: &[&str] = &[
    "rnomad is a drop-in replacement for the command-line client of HashiCorp Nomad v1.10.5: \
     the same commands, Go-style flags (-address=..., -json, -t), NOMAD_* variables, output and \
     exit codes. It talks to a Nomad agent over its HTTP API, at NOMAD_ADDR or -address.",
    "It adds commands of its own: 'event stream' (the cluster's events, resumed after a broken \
     connection without losing or repeating one), 'alloc list', 'completion', and -watch on the \
     status views, which redraws a view whenever its data changes.",
    "Each command has a page named after its words: rnomad-job-status(1) for 'rnomad job \
     status'. 'rnomad <command> -h' prints the same help in Nomad's layout.",
];

/// What becomes of a Nomad command rnomad does not implement (`rnomad.1` only).
const HANDOVER: &str = "A Nomad v1.10.5 command that rnomad does not implement (say 'job \
    restart', 'operator debug' or 'var list'), and 'agent' when it runs an agent \
    ('agent -dev', 'agent -config FILE'), is handed to a real nomad: rnomad replaces itself with \
    it, with the same arguments, standard input and output, and nomad's exit code. The real \
    nomad is RNOMAD_NOMAD_BIN, else the first nomad on PATH that is not rnomad itself. Without \
    one, rnomad names the command on standard error and exits 1.";

/// The SYNOPSIS line and the DESCRIPTION of a command's page: its usage and long help.
fn command_synopsis(s: &mut String, cmd: &Command, spoken: &str) {
    let usage = cmd
        .clone()
        .render_usage()
        .to_string()
        .trim()
        .trim_start_matches("Usage:")
        .trim()
        .to_string();
    s.push_str(&format!(
        ".B {}\n",
        roff_escape(if usage.is_empty() { spoken } else { &usage })
    ));
    s.push_str(".SH DESCRIPTION\n");
    let long = cmd
        .get_long_about()
        .or(cmd.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default();
    s.push_str(&format!("{}\n", roff_escape(&long)));
}

fn man_page(cmd: &Command, path: &[&str]) -> String {
    let page = std::iter::once("rnomad")
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join("-");
    let spoken = std::iter::once("rnomad")
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let mut s = String::new();
    s.push_str(&format!(
        ".TH {} 1 \"\" \"rnomad {}\" \"rnomad manual\"\n",
        page.to_uppercase(),
        env!("CARGO_PKG_VERSION")
    ));
    s.push_str(".SH NAME\n");
    let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
    s.push_str(&format!(
        "{} \\- {}\n",
        roff_escape(&page),
        roff_escape(&about)
    ));
    s.push_str(".SH SYNOPSIS\n");
    if path.is_empty() {
        s.push_str(ROOT_SYNOPSIS);
        s.push_str(".SH DESCRIPTION\n");
        s.push_str(
            &ROOT_DESCRIPTION
                .iter()
                .map(|p| roff_escape(p))
                .collect::<Vec<_>>()
                .join("\n.PP\n"),
        );
        s.push('\n');
    } else {
        command_synopsis(&mut s, cmd, &spoken);
    }
    let subs: Vec<&Command> = cmd.get_subcommands().filter(|c| !c.is_hide_set()).collect();
    if !subs.is_empty() {
        s.push_str(".SH COMMANDS\n");
        for c in subs {
            s.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                roff_escape(c.get_name()),
                roff_escape(&c.get_about().map(|a| a.to_string()).unwrap_or_default())
            ));
        }
    }
    let flags: Vec<&clap::Arg> = crate::cli::help::listed_args(cmd)
        .into_iter()
        .filter(|a| a.get_long().is_some() && !a.is_hide_set())
        .collect();
    if !flags.is_empty() {
        s.push_str(".SH OPTIONS\n");
        for a in flags {
            let long = a.get_long().unwrap_or("");
            let spelled = if is_bool(a) {
                format!("\\-{}", roff_escape(long))
            } else {
                let v = a
                    .get_value_names()
                    .and_then(|n| n.first())
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| "value".into());
                format!("\\-{}=<{}>", roff_escape(long), roff_escape(&v))
            };
            let help = crate::cli::help::arg_help(a);
            s.push_str(&format!(".TP\n\\fB{spelled}\\fR\n{}\n", roff_escape(&help)));
        }
    }
    s.push_str(".SH ENVIRONMENT\n");
    for (k, v) in ENVIRONMENT {
        s.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            roff_escape(k),
            roff_escape(v)
        ));
    }
    s.push_str(".SH EXIT STATUS\n");
    s.push_str(
        ".TP\n0\nSuccess, and help asked for with \\-h. For 'job plan': no allocation would \
         change.\n\
         .TP\n1\nAn error: bad usage, a failed request, nothing found, a failed deployment. For \
         'job plan': allocations would be created or destroyed.\n\
         .TP\n2\nPlacement failures reported by an evaluation monitor.\n\
         .TP\n127\nAn unknown command.\n\
         .TP\n130\nInterrupted (Ctrl\\-C) while following: \\-watch and 'event stream'.\n\
         .TP\n255\nAn error in 'job plan' (no plan was made).\n\
         .PP\nThe exit code of 'alloc exec' is the remote command's, and that of a command \
         handed to a real nomad is nomad's.\n",
    );
    if path.is_empty() {
        s.push_str(".SH COMMANDS RNOMAD HANDS TO NOMAD\n");
        s.push_str(&format!("{}\n", roff_escape(HANDOVER)));
    }
    s.push_str(".SH SEE ALSO\n");
    if path.is_empty() {
        s.push_str("nomad(1)\n");
    } else {
        s.push_str("rnomad(1), nomad(1)\n");
    }
    s
}

/// Every man page: `rnomad.1` and one per command (`rnomad-job-status.1`, …).
pub fn man_pages(root: &Command) -> Vec<(String, String)> {
    fn walk<'a>(cmd: &'a Command, path: &mut Vec<&'a str>, out: &mut Vec<(String, String)>) {
        let name = std::iter::once("rnomad")
            .chain(path.iter().copied())
            .collect::<Vec<_>>()
            .join("-");
        // `agent info` and `agent-info` would share a page name; the first one keeps it.
        let file = format!("{name}.1");
        if !out.iter().any(|(f, _)| *f == file) {
            out.push((file, man_page(cmd, path)));
        }
        for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
            path.push(sub.get_name());
            walk(sub, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}

/// Every generated file, by path relative to the repository.
pub fn generated_files(root: &Command) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ["bash", "zsh", "fish"]
        .iter()
        .filter_map(|sh| {
            Some((
                format!("completions/rnomad.{sh}"),
                completion_script(sh, "rnomad")?,
            ))
        })
        .collect();
    out.extend(
        man_pages(root)
            .into_iter()
            .map(|(n, c)| (format!("man/{n}"), c)),
    );
    out
}
