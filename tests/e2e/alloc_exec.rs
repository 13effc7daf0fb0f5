//! `alloc exec` (alias `exec`) over the sim's exec WebSocket: stdin echoed back, the remote
//! exit code, stderr, `-job`, the command's own flags, a node that cannot be reached, a unix
//! socket, a pseudo-terminal through `script` (size, escape, the terminal put back), and every
//! failure Nomad reports.

use std::time::{Duration, Instant};

use crate::common::{
    builder, dead_address, require_tool, rnomad, running_alloc, shell, sim, temp_dir,
};
use insta::assert_snapshot;

#[test]
fn stdin_stdout_stderr_and_exit_code() {
    let s = sim();
    let id = running_alloc(&s).0;
    let short = &id[..8];
    let r = rnomad(&["alloc", "exec", "-i", short, "/bin/cat"])
        .sim(&s)
        .stdin("hi\nthere\n")
        .run();
    assert_snapshot!("echo_stdin", r);
    let r = rnomad(&[
        "alloc",
        "exec",
        short,
        "/bin/sh",
        "-c",
        "echo out; echo err >&2; exit 3",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("exit_code_and_stderr", r);
    // -i=false: the command sees no input at all.
    let r = rnomad(&["exec", "-i=false", short, "/bin/cat"])
        .sim(&s)
        .stdin("ignored\n")
        .run();
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    // Everything after the allocation is the command's, flags and `--` included.
    let r = rnomad(&["exec", short, "/bin/echo", "-task", "x", "--", "-e"])
        .sim(&s)
        .run();
    assert_eq!((r.code, r.stdout.as_str()), (0, "-task x -- -e\n"), "{r}");
    // A large output arrives whole, in order.
    let r = rnomad(&["exec", short, "/bin/sh", "-c", "seq 1 20000"])
        .sim(&s)
        .run();
    let want: String = (1..=20000).map(|i| format!("{i}\n")).collect();
    assert!(r.code == 0 && r.stdout == want, "exit {}", r.code);
    // The command runs in the task's directory under the allocation directory.
    let r = rnomad(&[
        "exec",
        short,
        "/bin/sh",
        "-c",
        "basename \"$(dirname \"$PWD\")\"",
    ])
    .sim(&s)
    .run();
    assert_eq!(r.stdout, format!("{id}\n"));
}

#[test]
fn job_form() {
    let s = sim();
    let r = rnomad(&[
        "alloc",
        "exec",
        "-job",
        "web",
        "/bin/sh",
        "-c",
        "echo $NOMAD_JOB_NAME $NOMAD_TASK_NAME",
    ])
    .sim(&s)
    .run();
    assert_snapshot!("job_form", r);
    let r = rnomad(&["alloc", "exec", "-job", "-group", "nosuch", "web", "true"])
        .sim(&s)
        .run();
    assert_snapshot!("job_form_no_group", r);
    let r = rnomad(&["alloc", "exec", "-job", "nosuch", "true"])
        .sim(&s)
        .run();
    assert_snapshot!("job_form_no_job", r);
}

#[test]
fn several_tasks() {
    let s = sim();
    let job = serde_json::json!({
        "ID": "multi", "Name": "multi", "Type": "service", "Datacenters": ["*"],
        "TaskGroups": [{"Name": "g", "Count": 1, "Tasks": [
            {"Name": "main", "Driver": "raw_exec", "Resources": {"CPU": 100, "MemoryMB": 64}},
            {"Name": "init", "Driver": "raw_exec", "Resources": {"CPU": 50, "MemoryMB": 32},
             "Lifecycle": {"Hook": "prestart", "Sidecar": false}}
        ]}]
    });
    s.with_state(|st| {
        let job = nomad_sim::job::canonicalize(&job).expect("a valid job");
        nomad_sim::sched::register(st, job);
    });
    let started = Instant::now();
    let id = loop {
        let id = s.read_state(|st| {
            st.allocs
                .values()
                .find(|a| {
                    a.job_id == "multi"
                        && a.task_states
                            .get("main")
                            .is_some_and(|t| t.state == "running")
                })
                .map(|a| a.id.clone())
        });
        if let Some(id) = id {
            break id;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "never ran");
        std::thread::sleep(Duration::from_millis(50));
    };
    let short = &id[..8];
    let r = rnomad(&["alloc", "exec", short, "true"]).sim(&s).run();
    assert_snapshot!("several_tasks", r.to_string().replace(short, "<id>"));
    let r = rnomad(&[
        "alloc",
        "exec",
        "-task",
        "main",
        short,
        "/bin/sh",
        "-c",
        "echo $NOMAD_TASK_NAME",
    ])
    .sim(&s)
    .run();
    assert_eq!((r.code, r.stdout.as_str()), (0, "main\n"), "{r}");
    let r = rnomad(&["alloc", "exec", "-task", "nosuch", short, "true"])
        .sim(&s)
        .run();
    assert_snapshot!("unknown_task", r);
}

#[test]
fn failures() {
    let s = sim();
    let id = running_alloc(&s).0;
    let short = &id[..8];
    let cases: &[(&str, &[&str])] = &[
        ("no_args", &["alloc", "exec"]),
        ("no_args_job", &["alloc", "exec", "-job"]),
        ("one_char", &["alloc", "exec", "a", "ls"]),
        ("no_command", &["alloc", "exec", short]),
        (
            "tty_without_stdin",
            &["alloc", "exec", "-t", "-i=false", short, "ls"],
        ),
        ("long_escape", &["alloc", "exec", "-e", "~~", short, "ls"]),
        // Nomad quotes the argument as typed, not the sanitized prefix.
        ("not_found", &["alloc", "exec", "00000000-AB", "ls"]),
        ("tty_not_a_terminal", &["alloc", "exec", "-t", short, "ls"]),
        (
            "unknown_command",
            &["alloc", "exec", short, "no-such-command"],
        ),
        ("bad_flag", &["alloc", "exec", "-x", short, "ls"]),
    ];
    for (name, args) in cases {
        let r = rnomad(args).sim(&s).run();
        assert_eq!(r.code, 1, "{name}: {r}");
        assert_snapshot!(format!("fail_{name}"), r.to_string().replace(short, "<id>"));
    }
    // `-e none` turns escapes off; any other single character is accepted.
    for e in ["none", "^"] {
        let r = rnomad(&["alloc", "exec", "-e", e, short, "true"])
            .sim(&s)
            .run();
        assert_eq!(r.code, 0, "-e {e}: {r}");
    }

    // A terminal allocation: the server refuses over the socket.
    let done = s.read_state(|st| {
        st.allocs
            .values()
            .find(|a| a.client_status == "failed" || a.client_status == "complete")
            .map(|a| a.id.clone())
    });
    if let Some(done) = done {
        let r = rnomad(&["alloc", "exec", &done, "ls"]).sim(&s).run();
        assert_snapshot!("fail_terminal", r.to_string().replace(&done, "<alloc>"));
    }

    // Ambiguous prefix: a second allocation sharing the first eight characters.
    let twin = format!("{short}-0000-0000-0000-000000000000");
    s.with_state(|st| {
        let mut a = st.allocs.get(&id).expect("alloc").clone();
        a.id = twin.clone();
        st.upsert_alloc(a);
    });
    let r = rnomad(&["alloc", "exec", short, "ls"]).sim(&s).run();
    assert_snapshot!("fail_ambiguous", r.to_string().replace(short, "<id>"));
}

#[test]
fn permission_denied_and_server_down() {
    let s = builder()
        .acl(true)
        .token("reader", "read")
        .token("writer", "write")
        .spawn();
    let id = running_alloc(&s).0;
    // Without a token the allocation cannot even be looked up.
    let r = rnomad(&["alloc", "exec", &id[..8], "true"]).sim(&s).run();
    assert_snapshot!("fail_permission_denied_lookup", r);
    // A token that may read but not exec: the socket is closed with Nomad's reason.
    let r = rnomad(&["alloc", "exec", "-token", "reader", &id[..8], "true"])
        .sim(&s)
        .run();
    assert_snapshot!("fail_permission_denied_exec", r);
    let r = rnomad(&["alloc", "exec", &id[..8], "/bin/sh", "-c", "exit 7"])
        .sim(&s)
        .env("NOMAD_TOKEN", "writer")
        .run();
    assert_eq!(r.code, 7, "{r}");

    let dead = dead_address();
    let r = rnomad(&["alloc", "exec", "-address", &dead, "abcd", "ls"])
        .dead(&dead)
        .run();
    assert_snapshot!("fail_server_down", r);
}

#[test]
fn node_direct_then_server() {
    let s = sim();
    let id = running_alloc(&s).0;
    // The node's advertised address answers nothing: the session goes through the agent.
    let dead = dead_address();
    s.with_state(|st| st.client_http_addr = Some(dead.trim_start_matches("http://").into()));
    let r = rnomad(&["exec", &id[..8], "/bin/echo", "via", "agent"])
        .sim(&s)
        .run();
    assert_eq!((r.code, r.stdout.as_str()), (0, "via agent\n"), "{r}");
    // A node that accepts the connection and never completes the TLS handshake: after the
    // node's 1 s the agent is tried.
    let silent = crate::common::server::silent();
    s.with_state(|st| {
        st.client_http_addr = Some(silent.addr().to_string());
        st.client_tls = true;
    });
    let end = rnomad(&["exec", &id[..8], "/bin/echo", "via", "agent"])
        .sim(&s)
        .spawn()
        .finish(std::time::Duration::from_secs(20));
    assert_eq!(
        (end.code(), end.stdout.as_str()),
        (Some(0), "via agent\n"),
        "{}",
        end.stderr
    );
    s.with_state(|st| st.client_tls = false);
    // A node that is down fails at once.
    let node = s.read_state(|st| st.allocs[&id].node_id.clone());
    s.with_state(|st| {
        st.upsert_node({
            let mut n = st.nodes[&node].clone();
            n.status = "down".into();
            n
        })
    });
    let r = rnomad(&["exec", &id[..8], "true"]).sim(&s).run();
    assert_snapshot!("fail_node_down", r);
}

#[test]
fn over_a_unix_socket() {
    let dir = temp_dir();
    let sock = dir.path().join("nomad.sock");
    let s = builder().spawn_unix(&sock);
    let id = running_alloc(&s).0;
    let r = rnomad(&[
        "exec",
        &id[..8],
        "/bin/sh",
        "-c",
        "read x; echo got $x; exit 2",
    ])
    .env("NOMAD_ADDR", &format!("unix://{}", sock.display()))
    .stdin("it\n")
    .run();
    assert_eq!((r.code, r.stdout.as_str()), (2, "got it\n"), "{r}");
}

/// Runs a shell line under `script` (a pseudo-terminal of 33 rows and 101 columns), with
/// `input` typed into it after a moment; `rnomad` in the line is the binary under test.
fn on_tty(s: &nomad_sim::Sim, line: &str, input: &str) -> String {
    let inner = format!(
        "stty rows 33 cols 101; before=$(stty -g); {line}; echo \"exit=$?\"; \
         [ \"$before\" = \"$(stty -g)\" ] && echo restored"
    );
    shell(&inner)
        .sim(s)
        .env("NOMAD_CLI_NO_COLOR", "1")
        .typed(Duration::from_millis(1500), input, Duration::from_secs(3))
        .on_tty()
        .run()
        .stdout
        .replace("\r\n", "\n")
}

#[test]
fn pseudo_terminal() {
    if !require_tool("script", "alloc_exec::pseudo_terminal") {
        return;
    }
    let s = sim();
    let id = running_alloc(&s).0;
    // The remote side has a terminal of the local size; the local one is put back after.
    let out = on_tty(
        &s,
        &format!(
            "rnomad alloc exec {} /bin/sh -c 'tty; stty size; exit 4'",
            &id[..8]
        ),
        "",
    );
    assert!(out.contains("/dev/pts/"), "{out:?}");
    assert!(out.contains("33 101\n"), "{out:?}");
    assert!(out.ends_with("exit=4\nrestored\n"), "{out:?}");

    // Input typed at the terminal reaches a remote shell, raw.
    let out = on_tty(
        &s,
        &format!("rnomad alloc exec {} /bin/sh", &id[..8]),
        "echo typed-$((6*7))\rexit 5\r",
    );
    assert!(out.contains("typed-42\n"), "{out:?}");
    assert!(out.ends_with("exit=5\nrestored\n"), "{out:?}");

    // `~.` at the start of a line ends the session, as Nomad (and ssh) do.
    let out = on_tty(
        &s,
        &format!("rnomad alloc exec {} sleep 20", &id[..8]),
        "~.",
    );
    assert_snapshot!("tty_escape", out);
}
