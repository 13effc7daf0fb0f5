//! On a terminal, Nomad's Ui colours whole messages: Output in `ESC[0m…ESC[0m`, errors in
//! bright red, warnings (hints) in bright yellow around a bold magenta/blue hint. `script`
//! gives rnomad a pseudo-terminal.

use crate::common::{require_tool, rnomad, sim, Sim};

/// What a terminal shows for `rnomad args` against `s`.
fn on_tty(s: &Sim, args: &str, extra_env: &[(&str, &str)]) -> String {
    let args: Vec<&str> = args.split_whitespace().collect();
    let cmd = extra_env
        .iter()
        .fold(rnomad(&args).sim(s), |c, (k, v)| c.env(k, v));
    cmd.on_tty().run().stdout.replace("\r\n", "\n")
}

#[test]
fn whole_messages_are_coloured_on_a_terminal() {
    if !require_tool("script", "tty::whole_messages_are_coloured_on_a_terminal") {
        return;
    }
    let s = sim();
    let out = on_tty(&s, "job status -short web", &[]);
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
    let err = on_tty(&s, "job status nosuch", &[]);
    assert_eq!(
        err,
        "\x1b[91mNo job(s) with prefix or ID \"nosuch\" found\x1b[0m\n"
    );
    // Section titles are bold.
    let full = on_tty(&s, "job status web", &[("NOMAD_CLI_SHOW_HINTS", "false")]);
    assert!(
        full.contains("\n\x1b[1mSummary\x1b[0m\x1b[0m\n"),
        "{full:?}"
    );
}

#[test]
fn colour_can_be_turned_off() {
    if !require_tool("script", "tty::colour_can_be_turned_off") {
        return;
    }
    let s = sim();
    for (args, env) in [
        ("job status -short -no-color web", vec![]),
        ("job status -short web", vec![("NOMAD_CLI_NO_COLOR", "1")]),
        ("job status -short web", vec![("NO_COLOR", "1")]),
    ] {
        let out = on_tty(&s, args, &env);
        assert!(!out.contains('\x1b'), "{args} {env:?}: {out:?}");
        assert!(out.ends_with(
            "\n\n==> View job details and metrics in the Web UI: http://SIM/ui/jobs/web@default\n"
        ));
    }
}
