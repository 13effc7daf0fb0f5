//! `context list|show|use|set|delete|rename`, `-context` and `RNOMAD_CONTEXT` (rnomad's own):
//! contexts switch clusters, while flags and `NOMAD_*` variables keep winning.

use std::os::unix::fs::PermissionsExt;

use insta::assert_snapshot;

use crate::common::{builder, rnomad, temp_dir, Cmd, TempDir};

/// rnomad with its configuration directory in `home`, and no `NOMAD_ADDR` (the harness sets
/// one, which would win over every context).
fn rn(home: &TempDir, args: &[&str]) -> Cmd {
    let dir = home.path().to_str().expect("utf-8 path");
    rnomad(args)
        .env("XDG_CONFIG_HOME", dir)
        .env("HOME", dir)
        .unset("NOMAD_ADDR")
        .redact(dir, "HOME")
}

fn ok(r: crate::common::Run) -> String {
    assert_eq!(r.code, 0, "{r}");
    r.stdout
}

#[test]
fn manage_contexts() {
    let home = temp_dir();
    let set = |args: &[&str]| {
        let mut v = vec!["context", "set"];
        v.extend_from_slice(args);
        rn(&home, &v).run()
    };
    assert_snapshot!("ctx_list_none", rn(&home, &["context", "list"]).run());
    assert_snapshot!(
        "ctx_set_created",
        set(&[
            "-address=https://prod.example:4646",
            "-region=eu",
            "-namespace=web",
            "-ca-cert=/etc/nomad/ca.pem",
            "-token-command=pass show nomad/prod",
            "prod",
        ])
    );
    assert_snapshot!(
        "ctx_set_second",
        set(&[
            "-address",
            "http://127.0.0.1:14646",
            "-token-env",
            "DEV_TOKEN",
            "dev"
        ])
    );
    // Only what is given changes; -unset removes a setting.
    assert_snapshot!(
        "ctx_set_updated",
        set(&["-tls-skip-verify", "-unset=namespace", "prod"])
    );
    let file = home.path().join("rnomad/contexts.json");
    let mode = std::fs::metadata(&file)
        .expect("contexts.json")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = std::fs::read_to_string(&file).expect("read");
    assert_snapshot!("ctx_file", text);

    assert_snapshot!("ctx_list", rn(&home, &["context", "list"]).run());
    assert_snapshot!("ctx_use", rn(&home, &["context", "use", "prod"]).run());
    assert_snapshot!("ctx_list_current", rn(&home, &["context", "list"]).run());
    assert_snapshot!(
        "ctx_list_json",
        rn(&home, &["context", "list", "-json"]).run()
    );
    assert_snapshot!("ctx_show", rn(&home, &["context", "show"]).run());
    assert_snapshot!(
        "ctx_show_named_json",
        rn(&home, &["context", "show", "-json", "dev"]).run()
    );
    assert_eq!(
        ok(rn(&home, &["context", "show", "-short"]).run()),
        "prod\n"
    );
    // RNOMAD_CONTEXT names the context in use for one shell.
    let r = rn(&home, &["context", "show", "-short"])
        .env("RNOMAD_CONTEXT", "dev")
        .run();
    assert_eq!(ok(r), "dev\n");
    // A NOMAD_* variable that wins over the context is pointed out.
    assert_snapshot!(
        "ctx_use_overridden",
        rn(&home, &["context", "use", "prod"])
            .env("NOMAD_REGION", "us")
            .run()
    );

    assert_snapshot!(
        "ctx_rename",
        rn(&home, &["context", "rename", "prod", "live"]).run()
    );
    assert_eq!(
        ok(rn(&home, &["context", "show", "-short"]).run()),
        "live\n"
    );
    assert_snapshot!(
        "ctx_delete_current",
        rn(&home, &["context", "delete", "live"]).run()
    );
    // No context in use: -short prints nothing (a prompt), show says so.
    assert_eq!(ok(rn(&home, &["context", "show", "-short"]).run()), "");
    assert_snapshot!("ctx_show_none", rn(&home, &["context", "show"]).run());
    assert_snapshot!("ctx_use_dev", rn(&home, &["context", "use", "dev"]).run());
    assert_snapshot!(
        "ctx_use_none",
        rn(&home, &["context", "use", "-none"]).run()
    );
    assert_snapshot!("ctx_list_after", rn(&home, &["context", "list"]).run());
}

#[test]
fn bad_input() {
    let home = temp_dir();
    ok(rn(&home, &["context", "set", "-address=http://a:1", "a"]).run());
    ok(rn(&home, &["context", "set", "-address=http://b:1", "b"]).run());
    let cases: &[(&str, &[&str])] = &[
        ("ctx_err_use_missing", &["context", "use", "nope"]),
        ("ctx_err_use_args", &["context", "use"]),
        ("ctx_err_use_none_args", &["context", "use", "-none", "a"]),
        ("ctx_err_show_missing", &["context", "show", "nope"]),
        ("ctx_err_delete_missing", &["context", "delete", "nope"]),
        ("ctx_err_rename_exists", &["context", "rename", "a", "b"]),
        ("ctx_err_rename_missing", &["context", "rename", "x", "y"]),
        ("ctx_err_rename_args", &["context", "rename", "a"]),
        ("ctx_err_set_name", &["context", "set", "-address=x", "a b"]),
        (
            "ctx_err_set_token",
            &["context", "set", "-token=s3cr3t", "a"],
        ),
        (
            "ctx_err_set_two_tokens",
            &["context", "set", "-token-env=A", "-token-file=f", "a"],
        ),
        (
            "ctx_err_set_unset",
            &["context", "set", "-unset=adress", "a"],
        ),
        ("ctx_err_set_flag", &["context", "set", "-adress=x", "a"]),
        ("ctx_err_list_args", &["context", "list", "x"]),
    ];
    for (name, args) in cases {
        assert_snapshot!(*name, rn(&home, args).run());
    }
    // Nothing above changed the file.
    assert_snapshot!("ctx_err_unchanged", rn(&home, &["context", "list"]).run());

    // A broken file is reported with its path by every command, context commands included.
    std::fs::write(home.path().join("rnomad/contexts.json"), "{\"current\": 1}").expect("write");
    assert_snapshot!("ctx_err_broken_list", rn(&home, &["context", "list"]).run());
    assert_snapshot!("ctx_err_broken_job", rn(&home, &["job", "status"]).run());
}

#[test]
fn contexts_switch_clusters_and_variables_still_win() {
    let home = temp_dir();
    let a = builder().jobs(2).spawn();
    let b = builder().jobs(3).spawn();
    for (name, sim) in [("a", &a), ("b", &b)] {
        ok(rn(
            &home,
            &["context", "set", &format!("-address={}", sim.url()), name],
        )
        .run());
    }
    let jobs = |cmd: Cmd| {
        let out = ok(cmd.run());
        out.lines().skip(1).count()
    };
    let status = || rn(&home, &["job", "status"]);
    ok(rn(&home, &["context", "use", "a"]).run());
    assert_eq!(jobs(status()), 2);
    // -context and RNOMAD_CONTEXT pick another one for one command; -context wins.
    assert_eq!(jobs(rn(&home, &["job", "status", "-context=b"])), 3);
    assert_eq!(jobs(status().env("RNOMAD_CONTEXT", "b")), 3);
    assert_eq!(
        jobs(rn(&home, &["job", "status", "-context", "a"]).env("RNOMAD_CONTEXT", "b")),
        2
    );
    // NOMAD_ADDR wins over the context; -address wins over both.
    assert_eq!(jobs(status().env("NOMAD_ADDR", &b.url())), 3);
    let flag = format!("-address={}", a.url());
    assert_eq!(
        jobs(rn(&home, &["job", "status", &flag]).env("NOMAD_ADDR", &b.url())),
        2
    );
    ok(rn(&home, &["context", "use", "b"]).run());
    assert_eq!(jobs(status()), 3);

    // An unknown context is an error before anything is asked of a server.
    assert_snapshot!(
        "ctx_err_flag_missing",
        rn(&home, &["job", "status", "-context=nope"]).run()
    );
    assert_snapshot!(
        "ctx_err_env_missing",
        status().env("RNOMAD_CONTEXT", "nope").run()
    );
}

#[test]
fn the_token_comes_from_a_variable_a_file_or_a_command() {
    let home = temp_dir();
    let s = builder().acl(true).token("reader", "read").spawn();
    let addr = format!("-address={}", s.url());
    let set = |args: &[&str]| {
        let mut v = vec!["context", "set", addr.as_str()];
        v.extend_from_slice(args);
        ok(rn(&home, &v).run())
    };
    let token_file = home.path().join("token");
    std::fs::write(&token_file, "reader\n").expect("write token");
    let ran = home.path().join("ran");
    set(&["-token-env=MY_TOKEN", "env"]);
    set(&["-token-file", token_file.to_str().expect("utf-8"), "file"]);
    set(&[
        &format!("-token-command=touch {} && echo reader", ran.display()),
        "cmd",
    ]);
    set(&["-token-command=echo nope >&2; exit 3", "failing"]);
    set(&["none"]);

    let status = |ctx: &str| rn(&home, &["job", "status", &format!("-context={ctx}")]).sim(&s);
    // .sim() sets NOMAD_ADDR to the same sim: the address is not what is tested here.
    assert_eq!(status("env").env("MY_TOKEN", "reader").run().code, 0);
    assert_eq!(status("file").run().code, 0);
    assert!(!ran.exists());
    assert_eq!(status("cmd").run().code, 0);
    assert!(ran.exists(), "the token command ran");
    // Without a token the server says no; NOMAD_TOKEN wins over the context's.
    assert_snapshot!("ctx_token_none", status("none").run());
    assert_snapshot!(
        "ctx_token_env_wins",
        status("file").env("NOMAD_TOKEN", "wrong").run()
    );
    // A source that gives nothing stops the command with the reason.
    assert_snapshot!("ctx_token_env_unset", status("env").run());
    assert_snapshot!("ctx_token_command_fails", status("failing").run());
    // A command that needs no server never reads the token.
    let r = rn(&home, &["version", "-context=failing"]).run();
    assert_eq!(r.code, 0, "{r}");
    // The secret is never written into the file.
    let text = std::fs::read_to_string(home.path().join("rnomad/contexts.json")).expect("read");
    assert!(!text.contains("\"reader\""), "{text}");
}

#[test]
fn a_command_handed_to_nomad_gets_the_context_as_variables() {
    let home = temp_dir();
    let bin_dir = temp_dir();
    let bin = bin_dir.path().join("nomad");
    std::fs::write(
        &bin,
        "#!/bin/sh\necho \"args:$(for a in \"$@\"; do printf ' [%s]' \"$a\"; done)\"\n\
         echo \"addr=$NOMAD_ADDR region=$NOMAD_REGION token=$NOMAD_TOKEN\"\n",
    )
    .expect("write fake nomad");
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    ok(rn(
        &home,
        &[
            "context",
            "set",
            "-address=http://ctx:4646",
            "-region=eu",
            "-token-command=echo from-cmd",
            "c",
        ],
    )
    .run());
    let r = rn(&home, &["sentinel", "list", "-context", "c", "-x"])
        .env("RNOMAD_NOMAD_BIN", bin.to_str().expect("utf-8"))
        .env("NOMAD_REGION", "us")
        .run();
    assert_snapshot!("ctx_handover", r);
}

#[test]
fn completion_offers_context_names() {
    let home = temp_dir();
    for name in ["prod", "staging"] {
        ok(rn(&home, &["context", "set", "-address=http://x:1", name]).run());
    }
    let complete = |line: &str| {
        let dir = home.path().to_str().expect("utf-8");
        rnomad(&[])
            .env("XDG_CONFIG_HOME", dir)
            .env("COMP_LINE", line)
            .run()
            .stdout
    };
    assert_eq!(complete("rnomad context use "), "prod\nstaging\n");
    assert_eq!(complete("rnomad context delete st"), "staging\n");
    assert_eq!(complete("rnomad job status -context p"), "prod\n");
    assert!(complete("rnomad con").contains("context"));
    assert!(complete("rnomad job status -con").contains("-context"));
}
