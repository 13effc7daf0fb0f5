//! `-watch` on `job status` and `node status`: the first view at once, a new one only after a
//! change that alters it (each after a `--- index N ---` line in a pipe), Ctrl-C or SIGTERM
//! exits 130.

use crate::common::{require_tool, rnomad, shell, sim, Live, Sim};
use insta::assert_snapshot;
use std::time::Duration;

/// `rnomad args` against `s`, read as it redraws.
fn start(s: &Sim, args: &[&str]) -> Live {
    rnomad(args).sim(s).spawn()
}

const QUIET: Duration = Duration::from_millis(800);

#[test]
fn job_status_redraws_after_a_change_and_not_before() {
    let s = sim();
    let once = rnomad(&["job", "status", "web"]).sim(&s).run();
    let live = start(&s, &["job", "status", "-watch", "web"]);
    let first = live.until_quiet(QUIET);
    assert_eq!(
        first.join("\n") + "\n",
        once.stdout,
        "same rendering as the one-shot command"
    );
    // Every table's index moves, but nothing the view shows changes: no new rendering.
    s.with_state(|_| {});
    assert_eq!(live.within(QUIET), Vec::<String>::new());
    let alloc = s.read_state(|st| st.job_alloc_ids("default", "web")[0].clone());
    s.with_state(|st| st.set_alloc_status(&alloc, "failed"));
    let second = live.until_quiet(QUIET);
    let end = live.interrupt();
    assert_eq!((end.code(), end.stderr.as_str()), (Some(130), ""));
    assert_eq!(second[0], "");
    assert!(second[1].starts_with("--- index "), "{second:?}");
    let after = rnomad(&["job", "status", "web"]).sim(&s).run();
    assert_eq!(second[2..].join("\n") + "\n", after.stdout);
    assert_ne!(after.stdout, once.stdout);
}

#[test]
fn job_list_and_node_views() {
    let s = sim();
    let live = start(&s, &["job", "status", "-watch"]);
    let first = live.until_quiet(QUIET);
    assert!(first[0].starts_with("ID "), "{first:?}");
    s.with_state(|st| {
        let id = st.job_alloc_ids("default", "web")[0].clone();
        st.set_alloc_status(&id, "complete");
        st.update_job("default", "web", |j| {
            j["Status"] = serde_json::json!("dead")
        });
    });
    let second = live.until_quiet(QUIET);
    live.interrupt();
    assert!(
        second
            .iter()
            .any(|l| l.starts_with("web ") && l.contains("dead")),
        "{second:?}"
    );

    let live = start(&s, &["node", "status", "-watch"]);
    let first = live.until_quiet(QUIET);
    assert!(first[0].starts_with("ID "), "{first:?}");
    let node = s.read_state(|st| st.nodes.keys().next().cloned().expect("node"));
    s.with_state(|st| st.set_node_drain(&node, true));
    let second = live.until_quiet(QUIET);
    let code = live.interrupt().code();
    assert_eq!(code, Some(130));
    assert!(
        second
            .iter()
            .any(|l| l.contains("true") && l.contains("ineligible")),
        "{second:?}"
    );

    let live = start(&s, &["node", "status", "-watch", &node[..8]]);
    let first = live.until_quiet(QUIET);
    assert!(first.iter().any(|l| l.starts_with("ID ")), "{first:?}");
    s.with_state(|st| st.set_node_status(&node, "down"));
    let second = live.until_quiet(QUIET);
    live.interrupt();
    assert!(
        second
            .iter()
            .any(|l| l.starts_with("Status") && l.contains("down")),
        "{second:?}"
    );
}

#[test]
fn failures_end_the_watch() {
    let s = sim();
    assert_snapshot!(
        "not_found",
        rnomad(&["job", "status", "-watch", "nope"]).sim(&s).run()
    );
    assert_snapshot!(
        "bad_wait",
        rnomad(&["node", "status", "-watch", "-wait", "soon"])
            .sim(&s)
            .run()
    );
}

/// On a terminal the view is drawn on the alternate screen, redrawn in place after a change
/// (cursor home, lines cleared as rewritten), and the terminal is restored on Ctrl-C, leaving
/// the last view on the normal screen.
#[test]
fn redraws_in_place_on_a_terminal() {
    if !require_tool("script", "watch::redraws_in_place_on_a_terminal") {
        return;
    }
    let s = sim();
    let live = shell("timeout -s INT 2 rnomad job status -short -watch web")
        .sim(&s)
        .env("NO_COLOR", "1")
        .on_tty()
        .spawn();
    std::thread::sleep(Duration::from_millis(800));
    s.with_state(|st| st.update_job("default", "web", |j| j["Priority"] = serde_json::json!(77)));
    let out = live.finish(Duration::from_secs(10)).stdout;
    assert!(
        out.starts_with("\x1b[?1049h\x1b[?25l\x1b[HID            = web\x1b[K\r\n"),
        "{out:?}"
    );
    assert_eq!(
        out.matches("\x1b[H").count(),
        2,
        "one redraw after the change: {out:?}"
    );
    assert!(out.contains("Priority      = 77\x1b[K\r\n"), "{out:?}");
    let tail = out
        .split("\x1b[?25h\x1b[?1049l")
        .nth(1)
        .expect("terminal restored");
    assert!(tail.starts_with("ID            = web"), "{tail:?}");
    assert!(tail.contains("Priority      = 77"), "{tail:?}");
}

#[test]
fn alloc_eval_deployment_and_job_allocs_views() {
    let s = sim();
    let alloc = s.read_state(|st| st.job_alloc_ids("default", "web")[0].clone());
    let eval = s.read_state(|st| {
        st.allocs
            .get(&alloc)
            .map(|a| a.eval_id.clone())
            .unwrap_or_default()
    });
    let dep = s.read_state(|st| {
        st.deployments
            .values()
            .find(|d| d.job_id == "web")
            .map(|d| d.id.clone())
            .unwrap_or_default()
    });
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "alloc".into(),
                "status".into(),
                "-watch".into(),
                alloc[..8].to_string(),
            ],
            "Client Status",
        ),
        (
            vec!["job".into(), "allocs".into(), "-watch".into(), "web".into()],
            "ID ",
        ),
        (
            vec![
                "eval".into(),
                "status".into(),
                "-watch".into(),
                eval[..8].to_string(),
            ],
            "ID ",
        ),
        (
            vec![
                "deployment".into(),
                "status".into(),
                "-watch".into(),
                dep[..8].to_string(),
            ],
            "ID ",
        ),
    ];
    for (args, head) in cases {
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut once_args: Vec<&str> = argv.iter().copied().filter(|a| *a != "-watch").collect();
        once_args.dedup();
        let once = rnomad(&once_args)
            .sim(&s)
            .env("NOMAD_CLI_SHOW_HINTS", "false")
            .run();
        let live = start(&s, &argv);
        let first = live.until_quiet(QUIET);
        assert!(
            first.iter().any(|l| l.starts_with(head)),
            "{args:?}: {first:?}"
        );
        assert_eq!(
            first.join("\n") + "\n",
            once.stdout,
            "{args:?}: the one-shot rendering"
        );
        // Nothing the view shows changes: no new rendering.
        s.with_state(|_| {});
        assert_eq!(live.within(QUIET), Vec::<String>::new(), "{args:?}");
        live.interrupt();
    }
    // A change the allocation view shows redraws it.
    let live = start(&s, &["alloc", "status", "-watch", &alloc[..8]]);
    let _ = live.until_quiet(QUIET);
    s.with_state(|st| st.set_alloc_status(&alloc, "failed"));
    let second = live.until_quiet(QUIET);
    let code = live.interrupt().code();
    assert_eq!(code, Some(130));
    assert!(
        second.iter().any(|l| l.starts_with("--- index ")),
        "{second:?}"
    );
    assert!(
        second
            .iter()
            .any(|l| l.starts_with("Client Status") && l.contains("failed")),
        "{second:?}"
    );
}

#[test]
fn sigterm_ends_the_watch_as_ctrl_c_does() {
    let s = sim();
    let live = start(&s, &["node", "status", "-watch"]);
    let first = live.until_quiet(QUIET);
    assert!(first[0].starts_with("ID "), "{first:?}");
    let end = live.terminate();
    assert_eq!((end.code(), end.stderr.as_str()), (Some(130), ""));
    // A hang-up ends it the same way (129), through the path that restores the screen.
    let live = start(&s, &["node", "status", "-watch"]);
    live.until_quiet(QUIET);
    live.signal(libc::SIGHUP);
    let end = live.finish(Duration::from_secs(10));
    assert_eq!((end.code(), end.stderr.as_str()), (Some(129), ""));
}

/// A server (or a proxy) that answers blocking queries at once and without `X-Nomad-Index`
/// is asked again after growing pauses, not in a tight loop.
#[test]
fn a_query_that_does_not_block_is_not_repeated_at_once() {
    use crate::common::server;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let asked = Arc::new(AtomicUsize::new(0));
    let count = asked.clone();
    let srv = server::serve(move |req| {
        if req.query().contains("index=") || req.query().contains("wait=") {
            count.fetch_add(1, Ordering::SeqCst);
        }
        server::Reply::json(200, "[]")
    });
    let live = rnomad(&["job", "status", "-watch"])
        .env("NOMAD_ADDR", &srv.url)
        .spawn();
    let first = live.until_quiet(Duration::from_millis(300));
    assert_eq!(first, ["No running jobs"]);
    std::thread::sleep(Duration::from_secs(2));
    let end = live.interrupt();
    assert_eq!(end.code(), Some(130), "{}", end.stderr);
    // 0.2 + 0.4 + 0.8 s of pauses fit in two seconds: a handful of queries, not thousands.
    let n = asked.load(Ordering::SeqCst);
    assert!((1..=8).contains(&n), "{n} blocking queries");
}

/// The largest raft index a server can send is kept as it is: the next blocking query asks
/// for exactly it (no wrap to 0, which would make every query answer at once).
#[test]
fn the_largest_index_does_not_wrap() {
    use crate::common::server;
    const MAX: &str = "18446744073709551615";
    let agent = server::serve(|_| server::Reply::json(200, "[]").header("X-Nomad-Index", MAX));
    let live = rnomad(&["job", "status", "-watch"])
        .env("NOMAD_ADDR", &agent.url)
        .env("NOMAD_CLI_SHOW_HINTS", "false")
        .spawn();
    assert_eq!(live.until_quiet(QUIET), vec!["No running jobs"]);
    let mut blocking = Vec::new();
    while let Some(r) = agent.request(Duration::from_millis(300)) {
        if r.query().contains("index=") {
            blocking.push(r.query().to_string());
        }
    }
    live.interrupt();
    assert!(!blocking.is_empty(), "no blocking query was made");
    for q in &blocking {
        assert!(q.contains(&format!("index={MAX}")), "{q}");
    }
}
