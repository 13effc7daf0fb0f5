//! `acl bootstrap`, `acl token …` and `acl policy …` against an ACL-enabled sim. Messages and
//! exit codes are those of Nomad v1.10.5 (tests/fixtures/nomad-1.10.5/cli-acl/acl-*).

use crate::common::{builder, dead_address, rnomad, sim};

fn line_value(out: &str, key: &str) -> String {
    out.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split(" = ").nth(1))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn tokens_and_policies() {
    let s = builder().acl(true).spawn();
    let r = rnomad(&["acl", "token", "self"])
        .sim(&s)
        .unset("NOMAD_TOKEN")
        .run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "No token present in the environment or set via the CLI flag\n"
        )
    );
    let r = rnomad(&["acl", "token", "list"]).sim(&s).run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Error listing ACL tokens: Unexpected response code: 403 (Permission denied)\n"
        )
    );

    let boot = rnomad(&["acl", "bootstrap"]).sim(&s).run();
    assert_eq!(boot.code, 0, "{}", boot.stderr);
    assert!(
        boot.stdout.contains(
            "Name         = Bootstrap Token\nType         = management\nGlobal       = true\n"
        ),
        "{}",
        boot.stdout
    );
    assert!(boot
        .stdout
        .ends_with("Policies     = n/a\nRoles        = n/a\n"));
    let secret = line_value(&boot.stdout, "Secret ID");
    let r = rnomad(&["acl", "bootstrap"]).sim(&s).run();
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("Error bootstrapping: Unexpected response code: 400 (ACL bootstrap already done (reset index: "), "{}", r.stderr);

    let t = |args: &[&str]| rnomad(args).sim(&s).env("NOMAD_TOKEN", &secret).run();
    let r = t(&["acl", "token", "self"]);
    assert_eq!(r.stdout, boot.stdout);

    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("ro.hcl");
    std::fs::write(&rules, "namespace \"default\" {\n  policy = \"read\"\n}\n").unwrap();
    let rules = rules.to_str().unwrap();
    let r = t(&[
        "acl",
        "policy",
        "apply",
        "-description",
        "Read only",
        "readonly",
        rules,
    ]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "Successfully wrote \"readonly\" ACL policy!\n")
    );
    let r = t(&["acl", "policy", "list"]);
    assert_eq!(r.stdout, "Name      Description\nreadonly  Read only\n");
    let r = t(&["acl", "policy", "list", "-json"]);
    assert!(
        r.stdout.starts_with("[\n    {\n        \"CreateIndex\": "),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Hash"));
    let r = t(&["acl", "policy", "info", "readonly"]);
    assert!(r
        .stdout
        .starts_with("Name        = readonly\nDescription = Read only\nCreateIndex = "));
    assert!(
        r.stdout
            .ends_with("\n\nRules\n\nnamespace \"default\" {\n  policy = \"read\"\n}\n\n"),
        "{:?}",
        r.stdout
    );
    let r = t(&["acl", "policy", "info", "nosuch"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, "Error fetching info on ACL policy: Unexpected response code: 404 (ACL policy not found)\n"));
    let r = t(&["acl", "policy", "self"]);
    assert_eq!(
        r.stdout,
        "This is a management token. No individual policies are assigned.\n"
    );

    let r = t(&[
        "acl",
        "token",
        "create",
        "-name=reader",
        "-policy=readonly",
        "-policy=nosuch",
        "-ttl=1h",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "Error fetching info on nosuch policy: Unexpected response code: 404 (ACL policy not found)\n");
    assert!(
        r.stdout
            .ends_with("Policies     = [readonly nosuch]\n\nRoles\n<none>\n"),
        "{}",
        r.stdout
    );
    assert!(!line_value(&r.stdout, "Expiry Time").contains("<none>"));
    let accessor = line_value(&r.stdout, "Accessor ID");
    let reader = line_value(&r.stdout, "Secret ID");
    let r = t(&["acl", "token", "info", &accessor]);
    assert!(r.stdout.contains(&format!("Secret ID    = {reader}\n")));
    let r = t(&["acl", "token", "list"]);
    assert!(
        r.stdout.starts_with(
            "Name             Type        Global  Accessor ID                           Expired\n"
        ),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains(&reader), "the list shows no secret");
    let r = t(&[
        "acl",
        "token",
        "create",
        "-name=x",
        "-type=management",
        "-json",
    ]);
    assert!(
        r.stdout
            .starts_with("{\"ExpirationTTL\":\"\",\"AccessorID\":\""),
        "{}",
        r.stdout
    );
    let r = t(&["acl", "token", "create", "-name=x", "-ttl=abc"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Failed to parse TTL as time duration: time: invalid duration \"abc\"\n"
        )
    );
    let r = t(&["acl", "token", "create", "-name=x", "-type=bogus"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, "Error creating token: Unexpected response code: 400 (token 0 invalid: 1 error occurred:\n\t* token type must be client or management)\n"));

    let as_reader = |args: &[&str]| rnomad(args).sim(&s).env("NOMAD_TOKEN", &reader).run();
    let r = as_reader(&["acl", "policy", "self"]);
    assert_eq!(r.stdout, "Name      Job ID         Group Name     Task Name\nreadonly  <unavailable>  <unavailable>  <unavailable>\n");
    let r = as_reader(&["acl", "token", "list"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Error listing ACL tokens: Unexpected response code: 403 (Permission denied)\n"
        )
    );

    // Completion offers the tokens and policies of the cluster (NOMAD_TOKEN is a management token).
    let comp = |line: &str| {
        let r = rnomad(&[])
            .sim(&s)
            .env("NOMAD_TOKEN", &secret)
            .env("COMP_LINE", line)
            .run();
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{line}");
        r.stdout.lines().map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(
        comp(&format!("rnomad acl token info {}", &accessor[..4])),
        vec![accessor.to_string()]
    );
    assert_eq!(comp("rnomad acl policy info read"), ["readonly"]);
    assert_eq!(comp("rnomad acl token create -policy r"), ["readonly"]);
    assert!(comp("rnomad acl token create -").contains(&"-role-name".to_string()));

    let r = t(&["acl", "token", "update", "-name=reader2", &accessor]);
    assert!(
        r.stdout.contains("Name         = reader2\n"),
        "{}",
        r.stdout
    );
    let r = t(&[
        "acl",
        "token",
        "info",
        "00000000-0000-0000-0000-000000000000",
    ]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Error fetching token: Unexpected response code: 404 (ACL token not found)\n"
        )
    );
    let r = t(&["acl", "token", "delete", &accessor]);
    assert_eq!(r.stdout, format!("Token {accessor} successfully deleted\n"));
    let r = t(&["acl", "token", "delete", &accessor]);
    assert_eq!((r.code, r.stderr), (1, format!("Error deleting token: Unexpected response code: 400 (Cannot delete nonexistent tokens: {accessor})\n")));
    let r = t(&["acl", "policy", "delete", "readonly"]);
    assert_eq!(r.stdout, "Successfully deleted readonly policy!\n");
    let r = t(&["acl", "token", "info"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, "This command takes one argument: <token_accessor_id>\nFor additional help try 'nomad acl token info -help'\n"));
    let r = t(&["acl", "policy", "apply", "-job=x", "p", rules]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "-namespace is required if -job is set\n")
    );
}

#[test]
fn acl_disabled_and_server_down() {
    let s = sim();
    let r = rnomad(&["acl", "token", "list"]).sim(&s).run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Error listing ACL tokens: Unexpected response code: 400 (ACL support disabled)\n"
        )
    );
    let r = rnomad(&["acl", "bootstrap"]).sim(&s).run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Error bootstrapping: Unexpected response code: 400 (ACL support disabled)\n"
        )
    );
    let dead = dead_address();
    let r = rnomad(&["acl", "policy", "list"]).dead(&dead).run();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("Error listing ACL policies: Get \""),
        "{}",
        r.stderr
    );
}
