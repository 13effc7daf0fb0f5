//! The dispatcher: help, version, unknown commands, flag syntax and errors.

use crate::common::{builder, dead_address, rnomad, sim, temp_dir};
use insta::assert_snapshot;
use std::time::Duration;

#[test]
fn version_forms() {
    for args in [
        &["version"][..],
        &["-v"],
        &["--version"],
        &["-version", "job", "status"],
        &["version", "-foo", "x"],
    ] {
        let r = rnomad(args).run();
        assert_eq!(r.code, 0, "{args:?}");
        assert!(r.stdout.starts_with("rnomad v"), "{args:?}: {}", r.stdout);
        assert!(r.stdout.contains("(Nomad CLI v1.10.5 compatible)"));
        assert_eq!(r.stderr, "");
    }
}

#[test]
fn unknown_command_prints_help_and_exits_127() {
    let r = rnomad(&["foo"]).run();
    assert_eq!(r.code, 127);
    assert!(r.stdout.starts_with("Usage: rnomad [-version] [-help]"));
    assert_eq!(r.stderr, "");
    assert_eq!(rnomad(&[]).run().code, 127);
    assert_eq!(rnomad(&["-foo"]).run().code, 127);
}

#[test]
fn top_help_exits_0() {
    let r = rnomad(&["-h"]).run();
    assert_eq!(r.code, 0);
    assert_snapshot!("top_help", r);
}

#[test]
fn command_help_anywhere() {
    for args in [
        &["job", "status", "-h"][..],
        &["job", "status", "--help"],
        &["-help", "job", "status"],
        &["job", "status", "example", "-help"],
    ] {
        let r = rnomad(args).run();
        assert_eq!(r.code, 0, "{args:?}");
        assert!(
            r.stdout
                .starts_with("Usage: rnomad job status [options] [<job>]\n"),
            "{}",
            r.stdout
        );
        assert_eq!(r.stderr, "");
    }
    assert_snapshot!("job_status_help", rnomad(&["job", "status", "-h"]).run());
}

#[test]
fn group_without_subcommand_shows_its_help_with_exit_1() {
    let r = rnomad(&["job"]).run();
    assert_snapshot!("job_group_help", r);
    assert_eq!(rnomad(&["job", "nosuch"]).run().code, 1);
}

#[test]
fn flags_before_the_command_fail_as_nomad() {
    let r = rnomad(&["--json", "job", "status"]).run();
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with(
        "Invalid flags before the subcommand. If these flags are for\nthe subcommand, please put them after the subcommand.\n\nUsage: rnomad job status"
    ));
    assert_eq!(r.stderr, "");
}

#[test]
fn bad_flags_print_go_errors_and_help() {
    let cases = [
        (
            &["job", "status", "-foo"][..],
            "flag provided but not defined: -foo\n",
        ),
        (&["job", "status", "-t"], "flag needs an argument: -t\n"),
        (
            &["job", "status", "-json=maybe"],
            "invalid boolean value \"maybe\" for -json: parse error\n",
        ),
        (&["job", "status", "---json"], "bad flag syntax: ---json\n"),
        (
            &["node", "status", "-per-page=abc"],
            "invalid value \"abc\" for flag -per-page: parse error\n",
        ),
        (
            &["event", "stream", "-index", "18446744073709551615"],
            "invalid value \"18446744073709551615\" for flag -index: value out of range\n",
        ),
    ];
    for (args, err) in cases {
        let r = rnomad(args).run();
        assert_eq!(r.code, 1, "{args:?}");
        assert_eq!(r.stderr, err, "{args:?}");
        // The command's own usage, not its group's.
        let usage = format!("Usage: rnomad {} {} ", args[0], args[1]);
        assert!(r.stdout.starts_with(&usage), "{args:?}: {}", r.stdout);
    }
    // agent-info and status add a line of their own after the usage.
    let r = rnomad(&["agent-info", "-foo"]).run();
    assert_eq!(
        r.stderr,
        "flag provided but not defined: -foo\nError parsing flags: flag provided but not defined: -foo\n"
    );
    let r = rnomad(&["status", "-json"]).run();
    assert_eq!(
        r.stderr,
        "flag provided but not defined: -json\nError parsing arguments: \"flag provided but not defined: -json\"\n"
    );
}

#[test]
fn flags_after_arguments_and_go_bools() {
    let s = sim();
    let after = rnomad(&["job", "status", "web", "-short"]).sim(&s).run();
    let before = rnomad(&["job", "status", "-short", "web"]).sim(&s).run();
    assert_eq!(after.code, 0);
    assert_eq!(after.stdout, before.stdout);
    let off = rnomad(&["job", "status", "-json=false"]).sim(&s).run();
    assert!(off.stdout.starts_with("ID "), "{}", off.stdout);
    let on = rnomad(&["job", "status", "--json=T", "web"]).sim(&s).run();
    assert!(on.stdout.starts_with("[\n    {"), "{}", on.stdout);
}

#[test]
fn server_down_is_a_go_connection_error() {
    let dead = dead_address();
    let r = rnomad(&["-address", &dead, "job", "status"]).run();
    // `-address x job status` makes the address the command word: unknown, as in Nomad.
    assert_eq!(r.code, 127);
    let r = rnomad(&["job", "status", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("server_down", r);
}

#[test]
fn invalid_address_is_reported_when_the_client_is_built() {
    let r = rnomad(&["job", "status"])
        .env("NOMAD_ADDR", "127.0.0.1:4646")
        .run();
    assert_snapshot!("invalid_address", r);
    let r = rnomad(&["job", "status"])
        .env("NOMAD_ADDR", "localhost:4646")
        .env("NOMAD_CLI_SHOW_HINTS", "0")
        .run();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "Error querying jobs: Get \"localhost:///v1/jobs\": unsupported protocol scheme \"localhost\"\n"
    );
}

#[test]
fn flag_beats_env() {
    let s = sim();
    let dead = dead_address();
    let r = rnomad(&["job", "status", "-address", &s.url(), "-short", "web"])
        .env("NOMAD_ADDR", &dead)
        .run();
    assert_eq!(r.code, 0, "{r}");
    let r = rnomad(&["job", "status", "-short", "web"])
        .env("NOMAD_ADDR", &dead)
        .run();
    assert_eq!(r.code, 1);
}

#[test]
fn unparsable_hint_setting_warns() {
    let s = sim();
    let r = rnomad(&["job", "status", "-short", "web"])
        .sim(&s)
        .env("NOMAD_CLI_SHOW_HINTS", "maybe")
        .run();
    assert_eq!(r.code, 0);
    assert!(r.stderr.starts_with(
        "Invalid value \"maybe\" for NOMAD_CLI_SHOW_HINTS: strconv.ParseBool: parsing \"maybe\": invalid syntax\n"
    ));
}

#[test]
fn closed_pipe_ends_quietly() {
    // A table of about 270 KB: far more than the pipe and the reader's first read hold.
    let s = builder().jobs(3000).allocs_per_job(0).spawn();
    let live = rnomad(&["job", "status"]).sim(&s).spawn();
    // The reader stops after its first read, closing the pipe while rnomad still writes (a
    // reader that took a line and then closed could be too late on a fast run): rnomad must
    // not print anything or panic.
    live.close_stdout();
    let end = live.finish(Duration::from_secs(10));
    assert!(end.stdout.starts_with("ID "), "{}", end.stdout);
    assert_eq!(end.stderr, "", "nothing on stderr");
    // Like a Go program, rnomad dies of SIGPIPE.
    use std::os::unix::process::ExitStatusExt;
    assert!(
        end.status.signal() == Some(libc::SIGPIPE),
        "{:?}",
        end.status
    );
}

#[test]
fn ui_flag_opens_the_page() {
    let s = sim();
    // No browser opener on PATH: Nomad's warning, and the command still succeeds.
    let r = rnomad(&["job", "status", "-short", "-ui", "web"])
        .sim(&s)
        .env("NOMAD_CLI_SHOW_HINTS", "false")
        .run();
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        // Recorded: cli-login/job-status-ui-no-browser.stderr (cap's one-error list).
        "Failed to open browser: 1 error occurred:\n\t* exec: \"xdg-open\": executable file \
not found in $PATH\n\n\n"
    );
    // A fake opener records the URL it was given.
    let dir = temp_dir();
    let log = dir.path().join("opened");
    let script = dir.path().join("xdg-open");
    std::fs::write(
        &script,
        // Written aside and renamed, so the test never reads a half-written file.
        format!(
            "#!/bin/sh\necho \"$1\" > {0}.tmp && /bin/mv {0}.tmp {0}\n",
            log.display()
        ),
    )
    .expect("write");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let r = rnomad(&["node", "status", "-ui"])
        .sim(&s)
        .env("PATH", &dir.path().display().to_string())
        .env("NOMAD_CLI_SHOW_HINTS", "false")
        .run();
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    for _ in 0..50 {
        if log.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let opened = std::fs::read_to_string(&log).expect("opener ran");
    assert_eq!(opened.trim(), format!("{}/ui/clients", s.url()));
}

#[test]
fn deprecated_aliases_warn_then_run() {
    let s = sim();
    assert_snapshot!(
        "deprecated_server_join",
        rnomad(&["server-join", "10.0.0.12"]).sim(&s).run()
    );
    assert_snapshot!(
        "deprecated_server_force_leave",
        rnomad(&["server-force-leave"]).sim(&s).run()
    );
    assert_snapshot!(
        "deprecated_client_config",
        rnomad(&["client-config", "-servers"]).sim(&s).run()
    );
    let r = rnomad(&["server-members"]).sim(&s).run();
    assert!(r.stderr.starts_with("WARNING! The \"nomad server-members\" command is deprecated. Please use \"nomad\nserver members\" instead."), "{r}");
    assert_eq!(r.code, 0, "{r}");
}

/// Help of a deprecated command comes after the same warning, as Nomad's `Help()` prints it.
#[test]
fn deprecated_commands_warn_before_help() {
    for (old, new) in [
        ("server-members", "server members"),
        ("server-join", "server join"),
        ("server-force-leave", "server force-leave"),
        ("client-config", "node config"),
    ] {
        let r = rnomad(&[old, "-h"]).run();
        let warning = format!("WARNING! The \"nomad {old}\" command is deprecated.");
        assert!(r.stderr.starts_with(&warning), "{r}");
        assert!(r.stderr.ends_with("Nomad.\n\n"), "{r}");
        assert!(
            r.stdout.starts_with(&format!("Usage: rnomad {new} ")),
            "{r}"
        );
    }
    // Other commands' help has no warning.
    let r = rnomad(&["server", "members", "-h"]).run();
    assert_eq!(r.stderr, "", "{r}");
}
