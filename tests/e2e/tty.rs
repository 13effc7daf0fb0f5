//! On a terminal, Nomad's Ui colours whole messages: Output in `ESC[0m…ESC[0m`, errors in
//! bright red, warnings (hints) in bright yellow around a bold magenta/blue hint. `script`
//! gives rnomad a pseudo-terminal.

use std::process::Command;

use crate::common::{sim, NOW_SECS};

fn on_tty(url: &str, args: &str, extra_env: &[(&str, &str)]) -> String {
    let bin = env!("CARGO_BIN_EXE_rnomad");
    let out = Command::new("script")
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("TERM", "xterm")
        .env("TZ", "UTC")
        .env("RNOMAD_TEST_NOW", NOW_SECS.to_string())
        .env("NOMAD_ADDR", url)
        .envs(extra_env.iter().copied())
        .output()
        .expect("script runs");
    String::from_utf8_lossy(&out.stdout)
        .replace("\r\n", "\n")
        .replace(url, "http://SIM")
}

#[test]
fn whole_messages_are_coloured_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to make a pseudo-terminal");
        return;
    }
    let s = sim();
    let out = on_tty(&s.url(), "job status -short web", &[]);
    assert!(
        out.starts_with("\x1b[0mID            = web\nName          = web\n"),
        "{out:?}"
    );
    assert!(out.contains("Parameterized = false\x1b[0m\n"), "{out:?}");
    assert!(
        out.ends_with(
            "\x1b[93m\x1b[1m\x1b[35m\n==> View job details and metrics in the Web UI:\x1b[0m \x1b[34mhttp://SIM/ui/jobs/web@default\x1b[0m\x1b[0m\n"
        ),
        "{out:?}"
    );
    let err = on_tty(&s.url(), "job status nosuch", &[]);
    assert_eq!(
        err,
        "\x1b[91mNo job(s) with prefix or ID \"nosuch\" found\x1b[0m\n"
    );
    // Section titles are bold.
    let full = on_tty(
        &s.url(),
        "job status web",
        &[("NOMAD_CLI_SHOW_HINTS", "false")],
    );
    assert!(
        full.contains("\n\x1b[1mSummary\x1b[0m\x1b[0m\n"),
        "{full:?}"
    );
}

#[test]
fn colour_can_be_turned_off() {
    if Command::new("script").arg("--version").output().is_err() {
        return;
    }
    let s = sim();
    for (args, env) in [
        ("job status -short -no-color web", vec![]),
        ("job status -short web", vec![("NOMAD_CLI_NO_COLOR", "1")]),
        ("job status -short web", vec![("NO_COLOR", "1")]),
    ] {
        let out = on_tty(&s.url(), args, &env);
        assert!(!out.contains('\x1b'), "{args} {env:?}: {out:?}");
        assert!(out.ends_with(
            "\n\n==> View job details and metrics in the Web UI: http://SIM/ui/jobs/web@default\n"
        ));
    }
}
