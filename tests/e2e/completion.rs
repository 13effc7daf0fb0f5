//! Shell completion through Nomad's COMP_LINE protocol (what `complete -C` makes bash do, and
//! what the zsh/fish scripts do with descriptions), `-autocomplete-install`, the `completion`
//! command, and the freshness of the committed scripts and man pages.

use std::time::{Duration, Instant};

use crate::common::{
    dead_address, program, register_job, require_tool, rnomad, sim, temp_dir, BIN,
};
use serde_json::json;

fn comp(url: &str, line: &str, describe: bool) -> Vec<String> {
    let mut c = rnomad(&[]).env("NOMAD_ADDR", url).env("COMP_LINE", line);
    if describe {
        c = c.env("RNOMAD_COMPLETE_DESCRIBE", "1");
    }
    let r = c.run();
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{line}");
    let mut v: Vec<String> = r.stdout.lines().map(str::to_string).collect();
    v.sort();
    v
}

#[test]
fn commands_and_go_spelled_flags() {
    let s = sim();
    let url = s.url();
    assert!(comp(&url, "rnomad jo", false).contains(&"job".to_string()));
    assert_eq!(
        comp(&url, "rnomad job st", false),
        ["start", "status", "stop"]
    );
    let flags = comp(&url, "rnomad job status -", false);
    for f in [
        "-json",
        "-verbose",
        "-short",
        "-address",
        "-namespace",
        "-t",
    ] {
        assert!(flags.contains(&f.to_string()), "{f} in {flags:?}");
    }
    assert!(flags.iter().all(|f| !f.starts_with("--")));
    // COMP_POINT cuts the line at the cursor.
    let r = rnomad(&[])
        .env("NOMAD_ADDR", &url)
        .env("COMP_LINE", "rnomad job st whatever")
        .env("COMP_POINT", "13")
        .run();
    assert_eq!(r.stdout, "status\nstop\nstart\n");
}

#[test]
fn live_values() {
    let s = sim();
    let url = s.url();
    let jobs = comp(&url, "rnomad job status w", false);
    assert_eq!(jobs, ["web", "worker"]);
    let nodes = comp(&url, "rnomad node status ", true);
    assert_eq!(nodes.len(), 3);
    assert!(nodes.iter().all(|l| l.contains("\tclient-00")), "{nodes:?}");
    let by_name = comp(&url, "rnomad node status client-00", false);
    assert_eq!(by_name, ["client-001", "client-002", "client-003"]);
    assert_eq!(
        comp(&url, "rnomad job status -namespace=pr", false),
        ["prod"]
    );
    let any = comp(&url, "rnomad status queu", false);
    assert_eq!(
        any.len(),
        3,
        "the job and its two dispatched children: {any:?}"
    );
    assert_eq!(any[0], "queue");
}

#[test]
fn unreachable_cluster_gives_nothing_quickly() {
    let dead = dead_address();
    let start = Instant::now();
    assert!(comp(&dead, "rnomad job status ", false).is_empty());
    assert!(start.elapsed() < Duration::from_secs(5));
    // A server that accepts connections but never answers.
    let s = sim();
    s.faults().hang("/v1/jobs");
    let start = Instant::now();
    assert!(comp(&s.url(), "rnomad job status ", false).is_empty());
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn completion_scripts() {
    for shell in ["bash", "zsh", "fish"] {
        let r = rnomad(&["completion", shell]).run();
        assert_eq!(r.code, 0);
        let committed = std::fs::read_to_string(format!(
            "{}/completions/rnomad.{shell}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("committed script");
        // The test binary is invoked by its full path; the script registers its base name.
        assert_eq!(r.stdout, committed, "{shell}");
    }
    let r = rnomad(&["completion", "tcsh"]).run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "Unknown shell \"tcsh\": use bash, zsh or fish\n")
    );
}

#[test]
fn autocomplete_install_and_uninstall() {
    let home = temp_dir();
    let h = home.path().display().to_string();
    std::fs::write(home.path().join(".bashrc"), "# rc\n").expect("bashrc");
    std::fs::write(home.path().join(".zshrc"), "").expect("zshrc");
    std::fs::create_dir_all(home.path().join(".config/fish")).expect("fish");
    let bin = BIN;
    let r = rnomad(&["-autocomplete-install"]).env("HOME", &h).run();
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let bashrc = std::fs::read_to_string(home.path().join(".bashrc")).unwrap();
    assert!(
        bashrc.contains(&format!("\ncomplete -C {bin} rnomad\n")),
        "{bashrc}"
    );
    let zshrc = std::fs::read_to_string(home.path().join(".zshrc")).unwrap();
    assert!(
        zshrc.contains("autoload -U +X bashcompinit && bashcompinit\n"),
        "{zshrc}"
    );
    assert!(
        zshrc.contains(&format!("complete -o nospace -C {bin} rnomad\n")),
        "{zshrc}"
    );
    let fish =
        std::fs::read_to_string(home.path().join(".config/fish/completions/rnomad.fish")).unwrap();
    assert!(
        fish.contains("complete -f -c rnomad -a \"(__complete_rnomad)\""),
        "{fish}"
    );
    // Twice: Nomad's multi-error.
    let r = rnomad(&["-autocomplete-install"])
        .env("HOME", &h)
        .redact(&h, "HOME")
        .run();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "Error executing CLI: 3 errors occurred:\n\t* already installed in HOME/.bashrc\n\t* already installed in HOME/.zshrc\n\t* already installed at HOME/.config/fish/completions/rnomad.fish\n\n\n"
    );
    let r = rnomad(&["-autocomplete-uninstall"]).env("HOME", &h).run();
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let bashrc = std::fs::read_to_string(home.path().join(".bashrc")).unwrap();
    assert!(!bashrc.contains("complete -C"), "{bashrc}");
    assert!(!home
        .path()
        .join(".config/fish/completions/rnomad.fish")
        .exists());
    let r = rnomad(&["-autocomplete-install", "-autocomplete-uninstall"])
        .env("HOME", &h)
        .run();
    assert_eq!(
        r.stderr,
        "Error executing CLI: Either the autocomplete install or uninstall flag may be specified, but not both.\n"
    );
    let empty = temp_dir();
    let r = rnomad(&["-autocomplete-install"])
        .env("HOME", &empty.path().display().to_string())
        .run();
    assert_eq!(
        r.stderr,
        "Error executing CLI: Did not find any shells to install\n"
    );
}

#[test]
fn committed_scripts_and_man_pages_are_fresh() {
    use clap::CommandFactory;
    let root = rnomad::cli::argv::go_style(rnomad::cli::Cli::command());
    let dir = env!("CARGO_MANIFEST_DIR");
    let mut stale = Vec::new();
    let files = rnomad::docs::generated_files(&root);
    for (path, want) in &files {
        let have = std::fs::read_to_string(format!("{dir}/{path}")).unwrap_or_default();
        if &have != want {
            stale.push(path.clone());
        }
    }
    let pages = std::fs::read_dir(format!("{dir}/man"))
        .map(|d| d.count())
        .unwrap_or(0);
    let expected = files.iter().filter(|(p, _)| p.starts_with("man/")).count();
    assert!(
        stale.is_empty() && pages == expected,
        "stale generated files {stale:?} ({pages} man pages, {expected} expected): run `cargo run --example docs`"
    );
}

#[test]
fn more_value_kinds() {
    let s = sim();
    let url = s.url();
    // Fixed sets and the agent's regions.
    assert_eq!(
        comp(&url, "rnomad job status -region gl", false),
        ["global"]
    );
}

#[test]
fn help_of_every_command() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if !path.is_empty() {
            out.push(path.clone());
        }
        for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
            path.push(sub.get_name().to_string());
            walk(sub, path, out);
            path.pop();
        }
    }
    let root = rnomad::cli::argv::go_style(rnomad::cli::Cli::command());
    let mut paths = Vec::new();
    walk(&root, &mut Vec::new(), &mut paths);
    for path in paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("-h");
        let r = rnomad(&args).run();
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{path:?}");
        assert!(r.stdout.starts_with("Usage: rnomad "), "{path:?}");
        insta::assert_snapshot!(format!("help_{}", path.join("_")), r.stdout);
    }
}

#[test]
fn allocation_values_tasks_and_topics() {
    let s = sim();
    let url = s.url();
    let alloc = s.read_state(|st| st.allocs.keys().next().cloned().unwrap_or_default());
    let allocs = comp(&url, &format!("rnomad alloc logs {}", &alloc[..4]), true);
    assert!(
        allocs.iter().any(|l| l.starts_with(&format!("{alloc}\t"))),
        "{allocs:?}"
    );
    assert!(
        comp(&url, "rnomad alloc logs -task ", false).is_empty(),
        "no allocation named yet"
    );
    let tasks = comp(
        &url,
        &format!("rnomad alloc logs {} -task ", &alloc[..8]),
        false,
    );
    assert!(!tasks.is_empty(), "tasks of {alloc}");
    assert_eq!(
        comp(&url, "rnomad event stream -topic Al", false),
        ["Allocation"]
    );
}

#[test]
fn job_logs_groups_and_tasks_of_the_job_on_the_line() {
    let s = sim();
    let url = s.url();
    let task = |name: &str| json!({"Name": name, "Driver": "raw_exec"});
    register_job(
        &s,
        json!({"ID": "two", "TaskGroups": [
            {"Name": "web", "Count": 1, "Tasks": [task("nginx"), task("sidecar")]},
            {"Name": "db", "Count": 1, "Tasks": [task("pg"), task("sidecar")]}]}),
    );
    assert_eq!(
        comp(&url, "rnomad job logs two -group ", false),
        ["db", "web"]
    );
    // The job may come after the flags, and a flag's value is no positional.
    assert_eq!(
        comp(&url, "rnomad job logs -tail -n 5 two -group w", true),
        ["web\tgroup of two"]
    );
    assert_eq!(
        comp(&url, "rnomad job logs two -task ", false),
        ["nginx", "pg", "sidecar"]
    );
    assert_eq!(
        comp(&url, "rnomad job logs two -group=db -task ", false),
        ["pg", "sidecar"]
    );
    assert!(comp(&url, "rnomad job logs -task ", false).is_empty());
    assert!(comp(&url, "rnomad job logs nosuch -task ", false).is_empty());
}

/// Runs `script` in `shell` with rnomad on PATH and the sim's address; None if the shell is
/// not installed (CI installs fish and zsh, and fails the test without them).
fn in_shell(shell: &str, s: &nomad_sim::Sim, script: &str) -> Option<String> {
    if !require_tool(
        shell,
        "completion::fish_and_zsh_scripts_complete_live_values",
    ) {
        return None;
    }
    let home = temp_dir();
    let flag = if shell == "zsh" { "-fc" } else { "-c" };
    let r = program(shell, &[flag, script])
        .sim(s)
        .env("HOME", &home.to_string_lossy())
        .run();
    Some(r.stdout)
}

#[test]
fn fish_and_zsh_scripts_complete_live_values() {
    let s = sim();
    let nodes = s.read_state(|st| st.nodes.len());
    if let Some(out) = in_shell(
        "fish",
        &s,
        "rnomad completion fish | source; complete -C 'rnomad job stat'; complete -C 'rnomad node status '",
    ) {
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "status\tDisplay status information about a job", "{out}");
        assert_eq!(lines.len(), 1 + nodes, "{out}");
        assert!(lines[1..].iter().all(|l| l.contains("\tclient-")), "{out}");
    }
    // zsh: the completion function runs for real; `_describe` is replaced by a printer, since
    // a completion widget needs an interactive line editor.
    if let Some(out) = in_shell(
        "zsh",
        &s,
        "compdef() { : }; source <(rnomad completion zsh); _describe() { print -l -- \"${(@P)4}\" }; words=(rnomad job stat); CURRENT=3; _rnomad; words=(rnomad node status ''); CURRENT=4; _rnomad",
    ) {
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "status:Display status information about a job", "{out}");
        assert_eq!(lines.len(), 1 + nodes, "{out}");
        assert!(lines[1..].iter().all(|l| l.contains(":client-")), "{out}");
    }
}

#[test]
fn job_files_complete_by_extension() {
    let s = sim();
    let dir = temp_dir();
    std::fs::write(dir.path().join("web.nomad.hcl"), "").expect("file");
    std::fs::write(dir.path().join("notes.txt"), "").expect("file");
    std::fs::create_dir(dir.path().join("sub")).expect("dir");
    let base = format!("{}/", dir.path().display());
    for cmd in ["job run", "run", "plan", "job validate"] {
        let files = comp(&s.url(), &format!("rnomad {cmd} {base}"), false);
        assert_eq!(
            files,
            [format!("{base}sub/"), format!("{base}web.nomad.hcl")],
            "{cmd}"
        );
    }
}

/// Commands a real nomad runs complete from Nomad's tree, with no nomad installed, beside
/// rnomad's own in the same group (`operator raft`: rnomad has list-peers, nomad runs logs).
#[test]
fn commands_handed_to_nomad_complete_without_a_nomad() {
    let url = dead_address();
    let r = rnomad(&[])
        .env("NOMAD_ADDR", &url)
        .env("RNOMAD_NOMAD_BIN", "/nonexistent")
        .env("COMP_LINE", "rnomad operator raft ")
        .env("RNOMAD_COMPLETE_DESCRIBE", "1")
        .run();
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let mut lines: Vec<&str> = r.stdout.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "info\tDisplay info of the raft log",
            "list-peers\tDisplay the current Raft peer configuration",
            "logs\trun by nomad",
            "remove-peer\tRemove a Nomad server from the Raft configuration",
            "state\trun by nomad",
            "transfer-leadership\tTransfer leadership to another Nomad server",
        ]
    );
    let flags = comp(&url, "rnomad operator snapshot save -", false);
    for f in ["-address", "-stale", "-token"] {
        assert!(flags.contains(&f.to_string()), "{f} in {flags:?}");
    }
}

/// The rc lines quote a binary path that needs it, and uninstalling keeps the rest of the
/// file byte for byte (CRLF endings too), through a symlinked rc file.
#[test]
fn autocomplete_quotes_paths_and_keeps_the_rest_of_the_rc_file() {
    let home = temp_dir();
    let h = home.path().display().to_string();
    let odd = home.path().join("my bin");
    std::fs::create_dir(&odd).expect("mkdir");
    let bin = odd.join("rnomad");
    std::fs::copy(BIN, &bin).expect("copy rnomad");
    let dotfiles = home.path().join("dotfiles");
    std::fs::create_dir(&dotfiles).expect("mkdir");
    std::fs::write(dotfiles.join("bashrc"), "# rc\r\nalias k=kubectl\r\n").expect("bashrc");
    std::os::unix::fs::symlink(dotfiles.join("bashrc"), home.path().join(".bashrc"))
        .expect("symlink");
    let r = program(bin.to_str().expect("utf-8"), &["-autocomplete-install"])
        .env("HOME", &h)
        .run();
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let rc = std::fs::read_to_string(dotfiles.join("bashrc")).expect("rc");
    assert!(
        rc.ends_with(&format!("\ncomplete -C '{}' rnomad\n", bin.display())),
        "{rc}"
    );
    let r = program(bin.to_str().expect("utf-8"), &["-autocomplete-uninstall"])
        .env("HOME", &h)
        .run();
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let rc = std::fs::read_to_string(dotfiles.join("bashrc")).expect("rc");
    assert_eq!(rc, "# rc\r\nalias k=kubectl\r\n\n");
    assert!(home.path().join(".bashrc").is_symlink());
}
