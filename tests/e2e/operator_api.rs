//! `operator api`: requests to any path, the curl line of `-dryrun`, bodies, headers and
//! the failures (outputs checked against Nomad v1.10.5's `nomad operator api`).

use std::time::Duration;

use crate::common::server::{serve, Reply};
use crate::common::{builder, dead_address, rnomad, sim, temp_dir};
use insta::assert_snapshot;

#[test]
fn get_copies_the_body_as_is() {
    let s = sim();
    let r = rnomad(&["operator", "api", "/v1/agent/health"])
        .sim(&s)
        .run();
    assert_snapshot!("api_health", r);
    // The body is the server's bytes: the same as the typed read of the list.
    let r = rnomad(&["operator", "api", "/v1/jobs?prefix=zzz"])
        .sim(&s)
        .run();
    assert_eq!((r.stdout.as_str(), r.code), ("[]", 0), "{r}");
    // A status that is not 200 is still a reply: its body and exit 0.
    let r = rnomad(&["operator", "api", "/v1/job/nosuch"]).sim(&s).run();
    assert_snapshot!("api_not_found", r);
}

#[test]
fn acl_denials_are_bodies_too() {
    let s = builder().acl(true).spawn();
    let r = rnomad(&["operator", "api", "/v1/jobs"]).sim(&s).run();
    assert_snapshot!("api_denied", r);
}

#[test]
fn dryrun_prints_the_curl_line() {
    let s = sim();
    let r = rnomad(&[
        "operator",
        "api",
        "-dryrun",
        "-X",
        "PUT",
        "-H",
        "A: b",
        "-H",
        "a:  c",
        "-filter",
        "x == \"y\"",
        "-region=r",
        "-namespace=n",
        "/v1/jobs?z=1",
    ])
    .sim(&s)
    .env("NOMAD_TOKEN", "secret-from-env")
    .run();
    assert_snapshot!("api_dryrun_env_token", r);
    assert!(!r.stdout.contains("secret-from-env"), "{r}");
    let r = rnomad(&[
        "operator",
        "api",
        "-token=flag-secret",
        "-dryrun",
        "-verbose",
        "-tls-skip-verify",
        "-tls-server-name",
        "foo",
        "localhost:5750/v1/jobs",
    ])
    .env("NOMAD_HTTP_AUTH", "u:p")
    .run();
    assert_snapshot!("api_dryrun_flag_token_tls", r);
    let r = rnomad(&[
        "operator",
        "api",
        "-tls-server-name",
        "foo",
        "-dryrun",
        "h/v1",
    ])
    .run();
    assert_snapshot!("api_dryrun_no_port", r);
    let r = rnomad(&["operator", "api", "-dryrun", "/v1/search"])
        .sim(&s)
        .stdin("{}")
        .run();
    assert_snapshot!("api_dryrun_stdin", r);
}

#[test]
fn piped_body_is_posted() {
    let s = sim();
    let body = r#"{"Prefix":"","Context":"namespaces"}"#;
    let r = rnomad(&["operator", "api", "/v1/search"])
        .sim(&s)
        .stdin(body)
        .run();
    assert_snapshot!("api_post_stdin", r);
    let dir = temp_dir();
    let file = dir.write("body.json", body);
    let with_file = rnomad(&["operator", "api", "-d", &format!("@{file}"), "/v1/search"])
        .sim(&s)
        .run();
    assert_eq!(with_file.stdout, r.stdout, "{with_file}");
    let inline = rnomad(&["operator", "api", "-d", body, "/v1/search"])
        .sim(&s)
        .run();
    assert_eq!(inline.stdout, r.stdout, "{inline}");
    let dash = rnomad(&["operator", "api", "-d", "-", "/v1/search"])
        .sim(&s)
        .stdin(body)
        .run();
    assert_eq!(dash.stdout, r.stdout, "{dash}");
    let r = rnomad(&["operator", "api", "-d", "@/nonexistent/body", "/v1/search"])
        .sim(&s)
        .run();
    assert_snapshot!("api_body_file_missing", r);
}

#[test]
fn headers_token_and_method_reach_the_server() {
    let srv = serve(|_| Reply::json(200, "{\"ok\":true}").header("X-Extra", "1"));
    let url = format!("http://{}", srv.addr());
    let r = rnomad(&[
        "operator",
        "api",
        "-X",
        "DELETE",
        "-H",
        "x-custom: v1",
        "/v1/thing?b=2&a=1",
    ])
    .env("NOMAD_ADDR", &url)
    .env("NOMAD_TOKEN", "tok-1")
    .env("NOMAD_REGION", "eu")
    .run();
    assert_eq!((r.stdout.as_str(), r.code), ("{\"ok\":true}", 0), "{r}");
    let req = srv.request(Duration::from_secs(5)).expect("a request");
    assert_eq!(req.method, "DELETE");
    assert_eq!(req.target, "/v1/thing?a=1&b=2&region=eu");
    let head = req.head.to_lowercase();
    assert!(head.contains("x-nomad-token: tok-1\r\n"), "{head}");
    assert!(head.contains("x-custom: v1\r\n"), "{head}");
    // A token header given with -H wins over the configured token.
    let _ = rnomad(&["operator", "api", "-H", "X-Nomad-Token: mine", "/v1/x"])
        .env("NOMAD_ADDR", &url)
        .env("NOMAD_TOKEN", "tok-1")
        .run();
    let req = srv.request(Duration::from_secs(5)).expect("a request");
    let head = req.head.to_lowercase();
    assert!(head.contains("x-nomad-token: mine\r\n"), "{head}");
    assert!(!head.contains("tok-1"), "{head}");
    // -verbose: the request and reply headers on stderr, curl-style.
    let r = rnomad(&["operator", "api", "-verbose", "/v1/x"])
        .env("NOMAD_ADDR", &url)
        .env("NOMAD_TOKEN", "tok-1")
        .run();
    let want = "> GET /v1/x HTTP/1.1\n> X-Nomad-Token: tok-1\n>\n* Sending request and receiving response...\n< HTTP/1.1 200 OK\n";
    assert!(r.stderr.starts_with(want), "{r}");
    assert!(r.stderr.contains("< X-Extra: 1\n"), "{r}");
}

#[test]
fn failures() {
    assert_snapshot!("api_no_args", rnomad(&["operator", "api"]).run());
    assert_snapshot!("api_two_args", rnomad(&["operator", "api", "a", "b"]).run());
    let r = rnomad(&["operator", "api", "-H", "bad", "/x"]).run();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("invalid value \"bad\" for flag -H: Headers must be in the form 'Key: Value' but found: \"bad\"\n"),
        "{r}"
    );
    assert!(r.stderr.ends_with("\nError parsing flags: invalid value \"bad\" for flag -H: Headers must be in the form 'Key: Value' but found: \"bad\"\n"), "{r}");
    assert!(
        r.stdout
            .starts_with("Usage: rnomad operator api [options] <path>"),
        "{r}"
    );
    let dead = dead_address();
    let r = rnomad(&["operator", "api", "/v1/jobs"]).dead(&dead).run();
    assert_snapshot!("api_down", r);
    let r = rnomad(&["operator", "api", "-X", "B AD", "/v1/jobs"]).run();
    assert_snapshot!("api_bad_method", r);
    let r = rnomad(&["operator", "api", "h:x/v1"]).run();
    assert_snapshot!("api_bad_url", r);
    let r = rnomad(&["operator", "api", "unix:///tmp/x/v1/jobs"]).run();
    assert_snapshot!("api_unix_url", r);
}
