//! What goes over the wire: headers, auth, query parameters, blocking queries, gzip, unix
//! sockets, and the token that is sent but never printed.

use std::time::{Duration, Instant};

use crate::common::{builder, rnomad, server, temp_dir};
use insta::assert_snapshot;

/// A server that records each request and answers `[]`.
fn capture() -> server::Server {
    server::serve(|_| server::Reply::new(200, "[]"))
}

#[test]
fn requests_carry_token_auth_region_namespace() {
    let srv = capture();
    let r = rnomad(&["job", "status", "-region", "eu", "-namespace=*"])
        .env("NOMAD_ADDR", &srv.url)
        .env("NOMAD_TOKEN", "secret-1")
        .env("NOMAD_HTTP_AUTH", "user:pa:ss")
        .env("NOMAD_CLI_SHOW_HINTS", "false")
        .run();
    assert_eq!(r.stdout, "No running jobs\n", "{r}");
    let head = srv.request(Duration::from_secs(5)).expect("a request").head;
    let lower = head.to_lowercase();
    assert!(
        head.starts_with("GET /v1/jobs?namespace=%2A&region=eu HTTP/1.1\r\n"),
        "{head}"
    );
    assert!(lower.contains("x-nomad-token: secret-1\r\n"), "{head}");
    // user:pa:ss splits at the first colon.
    assert!(
        lower.contains("authorization: basic dxnlcjpwytpzcw==\r\n"),
        "{head}"
    );
    assert!(lower.contains("accept-encoding: gzip"), "{head}");
}

#[test]
fn address_userinfo_is_basic_auth_and_path_is_ignored() {
    let srv = capture();
    let with_user = srv.url.replace("http://", "http://alice:pw@") + "/some/prefix";
    let r = rnomad(&["node", "status"])
        .env("NOMAD_ADDR", &with_user)
        .env("NOMAD_HTTP_AUTH", "bob:other")
        .run();
    assert_eq!(r.stdout, "No nodes registered\n", "{r}");
    let head = srv
        .request_for("/v1/nodes", Duration::from_secs(5))
        .expect("a request for the nodes")
        .head;
    assert!(head.starts_with("GET /v1/nodes HTTP/1.1\r\n"), "{head}");
    assert!(
        head.to_lowercase()
            .contains("authorization: basic ywxpy2u6chc=\r\n"),
        "{head}"
    );
}

#[test]
fn blocking_query_wakes_on_change() {
    let sim = builder().spawn();
    let client = rnomad::api::Client::new(rnomad::api::Config {
        address: sim.url(),
        ..Default::default()
    })
    .expect("client");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let q = rnomad::api::QueryOptions::new();
        let (_, meta) = client.jobs(&q).await.expect("jobs");
        assert!(meta.last_index > 0);
        assert!(meta.known_leader);
        // Nothing changes: the query waits about as long as asked.
        let start = Instant::now();
        let (_, same): (serde_json::Value, _) = client
            .block("/v1/jobs", &q, meta.last_index, Duration::from_millis(300))
            .await
            .expect("blocking query");
        assert!(
            start.elapsed() >= Duration::from_millis(280),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(same.last_index, meta.last_index);
        // A change wakes it long before the wait is over.
        let start = Instant::now();
        let waiter = client.block::<serde_json::Value>(
            "/v1/jobs",
            &q,
            meta.last_index,
            Duration::from_secs(20),
        );
        let change = async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            sim.with_state(|st| {
                st.update_job("default", "web", |j| {
                    j["Priority"] = serde_json::json!(99);
                });
            });
        };
        let (res, _) = tokio::join!(waiter, change);
        let (_, moved) = res.expect("woken");
        assert!(moved.last_index > meta.last_index);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    });
}

#[test]
fn gzip_replies_are_decoded() {
    // `[]`, gzip-compressed, as a Nomad agent sends it to a client that accepts gzip.
    const GZ_EMPTY_LIST: [u8; 22] = [
        31, 139, 8, 0, 184, 128, 2, 107, 2, 255, 139, 142, 5, 0, 41, 187, 76, 13, 2, 0, 0, 0,
    ];
    let srv = server::serve(|_| {
        server::Reply::new(200, GZ_EMPTY_LIST.to_vec()).header("Content-Encoding", "gzip")
    });
    let r = rnomad(&["node", "status"])
        .env("NOMAD_ADDR", &srv.url)
        .run();
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, "No nodes registered\n", "")
    );
}

#[test]
fn unix_socket() {
    let dir = temp_dir();
    let sock = dir.path().join("nomad.sock");
    let s = builder().spawn_unix(&sock);
    let addr = format!("unix://{}", sock.display());
    let r = rnomad(&["job", "status", "-short", "web"])
        .env("NOMAD_ADDR", &addr)
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stderr.ends_with("http://127.0.0.1/ui/jobs/web@default\n"),
        "{r}"
    );
    drop(s);
    let missing = format!("unix://{}", dir.path().join("none.sock").display());
    let r = rnomad(&["job", "status"])
        .env("NOMAD_ADDR", &missing)
        .redact(&dir.path().display().to_string(), "DIR")
        .run();
    assert_snapshot!("unix_missing", r);
}

#[test]
fn token_never_printed() {
    let s = builder()
        .acl(true)
        .token("s3cr3t-token-value", "read")
        .spawn();
    for args in [
        &["job", "status"][..],
        &["job", "status", "-h"],
        &["node", "status", "-verbose"],
        &["agent-info"],
    ] {
        let r = rnomad(args)
            .sim(&s)
            .env("NOMAD_TOKEN", "s3cr3t-token-value")
            .run();
        assert!(
            !r.stdout.contains("s3cr3t") && !r.stderr.contains("s3cr3t"),
            "{args:?}"
        );
    }
    let r = rnomad(&["job", "status", "-token", "wrong-secret-1234"])
        .sim(&s)
        .run();
    assert!(!r.stderr.contains("wrong-secret"), "{r}");
}

/// A redirect is followed within the agent's origin, token and all; to any other origin it
/// is refused, so the token never reaches a host the user did not name.
#[test]
fn the_token_stays_with_its_origin_on_redirects() {
    let agent = server::serve(move |req| {
        if req.query().contains("moved=0") {
            server::Reply::new(200, "[]")
        } else {
            server::Reply::new(307, "").header("Location", "/v1/jobs?moved=0")
        }
    });
    let run = |addr: &str| {
        rnomad(&["job", "status"])
            .env("NOMAD_ADDR", addr)
            .env("NOMAD_TOKEN", "secret-1")
            .env("NOMAD_CLI_SHOW_HINTS", "false")
            .run()
    };
    // Same origin: followed, with the token.
    let r = run(&agent.url);
    assert_eq!((r.code, r.stdout.as_str()), (0, "No running jobs\n"), "{r}");
    let first = agent.request(Duration::from_secs(5)).expect("a request");
    let second = agent.request(Duration::from_secs(5)).expect("the redirect");
    assert!(
        second.target.starts_with("/v1/jobs?moved=0"),
        "{}",
        second.target
    );
    for req in [&first, &second] {
        assert!(req
            .head
            .to_lowercase()
            .contains("x-nomad-token: secret-1\r\n"));
    }
    // Another origin (another port of the same host): refused.
    let elsewhere = capture();
    let target = format!("{}/v1/jobs", elsewhere.url);
    let agent2 = server::serve(move |_| server::Reply::new(307, "").header("Location", &target));
    let r = run(&agent2.url);
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(
        r.stderr,
        format!(
            "Error querying jobs: Get \"{}/v1/jobs\": redirect to another origin refused \
             (it would carry the token): {}/v1/jobs\n",
            agent2.url, elsewhere.url
        )
    );
    assert!(elsewhere.request(Duration::from_millis(300)).is_none());
}
