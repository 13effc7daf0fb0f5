//! `acl role …`, `acl auth-method …` and `acl binding-rule …` against an ACL-enabled sim.
//! Views, messages and exit codes are those Nomad v1.10.5 printed for the same requests
//! (tests/fixtures/nomad-1.10.5/cli-acl/acl-{role,auth-method,binding-rule}-*).

use crate::common::{builder, dead_address, rnomad, sim};
use crate::common::{recorded_cli, FIXTURES};
use nomad_sim::Sim;

fn recorded(name: &str, stream: &str) -> String {
    recorded_cli(&format!("cli-acl/{name}"), stream)
}

fn setup(name: &str) -> String {
    format!("@{FIXTURES}/setup/acl-auth/{name}")
}

fn line_value(out: &str, key: &str) -> String {
    out.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split(" = ").nth(1))
        .unwrap_or_default()
        .to_string()
}

/// The lines that depend on the cluster's history (indexes, times, IDs) left out.
fn stable(out: &str) -> String {
    out.lines()
        .filter(|l| {
            ![
                "Create Index",
                "Modify Index",
                "Create Time",
                "Modify Time",
                "ID ",
            ]
            .iter()
            .any(|k| l.starts_with(k))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A bootstrapped sim with the `readonly` and `writer` policies and a `reader` token; the
/// management and reader secrets.
fn cluster() -> (Sim, String, String) {
    let s = builder().acl(true).spawn();
    let boot = rnomad(&["acl", "bootstrap"]).sim(&s).run();
    let secret = line_value(&boot.stdout, "Secret ID");
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("r.hcl");
    std::fs::write(&rules, "namespace \"default\" {\n  policy = \"read\"\n}\n").unwrap();
    for p in ["readonly", "writer"] {
        let r = rnomad(&["acl", "policy", "apply", p, rules.to_str().unwrap()])
            .sim(&s)
            .env("NOMAD_TOKEN", &secret)
            .run();
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = rnomad(&["acl", "token", "create", "-name=reader", "-policy=readonly"])
        .sim(&s)
        .env("NOMAD_TOKEN", &secret)
        .run();
    let reader = line_value(&r.stdout, "Secret ID");
    (s, secret, reader)
}

#[test]
fn roles() {
    let (s, secret, reader) = cluster();
    let t = |args: &[&str]| rnomad(args).sim(&s).env("NOMAD_TOKEN", &secret).run();
    let r = t(&["acl", "role", "list"]);
    assert_eq!(r.stdout, recorded("acl-role-list-empty", "stdout"));

    let r = t(&[
        "acl",
        "role",
        "create",
        "-name=dev",
        "-description=Developers",
        "-policy=writer",
        "-policy=readonly",
        "-policy=writer",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        stable(&r.stdout),
        stable(&recorded("acl-role-create", "stdout"))
    );
    let dev = line_value(&r.stdout, "ID");
    let r = t(&[
        "acl",
        "role",
        "create",
        "-name=qa",
        "-policy=readonly",
        "-json",
    ]);
    assert!(
        r.stdout.starts_with("{\n    \"CreateIndex\": "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with("    \"Policies\": [\n        {\n            \"Name\": \"readonly\"\n        }\n    ]\n}\n"), "{}", r.stdout);
    assert!(!r.stdout.contains("Hash"));
    let r = t(&[
        "acl",
        "role",
        "create",
        "-name=sre",
        "-policy=readonly",
        "-t={{.Name}} {{range .Policies}}{{.Name}}{{end}}",
    ]);
    assert_eq!(r.stdout, recorded("acl-role-create-tmpl", "stdout"));

    let r = t(&["acl", "role", "create", "-name=ops", "-policy=readonly"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // Bad input, as Nomad words it.
    for (name, args) in [
        (
            "acl-role-create-noname",
            &["acl", "role", "create", "-policy=readonly"][..],
        ),
        (
            "acl-role-create-nopolicy",
            &["acl", "role", "create", "-name=x"],
        ),
        (
            "acl-role-create-args",
            &[
                "acl",
                "role",
                "create",
                "-name=x",
                "-policy=readonly",
                "extra",
            ],
        ),
        (
            "acl-role-create-dup",
            &["acl", "role", "create", "-name=ops", "-policy=readonly"],
        ),
        (
            "acl-role-create-badpolicy",
            &["acl", "role", "create", "-name=bad", "-policy=nosuch"],
        ),
        ("acl-role-info-noargs", &["acl", "role", "info"]),
        ("acl-role-info-empty", &["acl", "role", "info", ""]),
        (
            "acl-role-info-by-name-empty",
            &["acl", "role", "info", "-by-name", ""],
        ),
        (
            "acl-role-info-nosuch",
            &[
                "acl",
                "role",
                "info",
                "00000000-0000-0000-0000-000000000000",
            ],
        ),
        (
            "acl-role-info-by-name-nosuch",
            &["acl", "role", "info", "-by-name", "nosuch"],
        ),
        (
            "acl-role-update-nosuch",
            &[
                "acl",
                "role",
                "update",
                "-name=x",
                "00000000-0000-0000-0000-000000000000",
            ],
        ),
        (
            "acl-role-update-noargs",
            &["acl", "role", "update", "-name=x"],
        ),
        (
            "acl-role-delete-nosuch",
            &[
                "acl",
                "role",
                "delete",
                "00000000-0000-0000-0000-000000000000",
            ],
        ),
        ("acl-role-delete-empty", &["acl", "role", "delete", ""]),
        ("acl-role-list-args", &["acl", "role", "list", "x"]),
    ] {
        let r = t(args);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (1, "", recorded(name, "stderr").as_str()),
            "{name}"
        );
    }
    // No prefix matching: an ID's first characters name nothing.
    let r = t(&["acl", "role", "info", &dev[..8]]);
    assert_eq!(r.stderr, recorded("acl-role-info-prefix", "stderr"));

    let r = t(&["acl", "role", "info", "-by-name", "dev"]);
    assert_eq!(line_value(&r.stdout, "ID"), dev);
    // -json and -t are accepted and ignored, as Nomad does.
    let r2 = t(&["acl", "role", "info", "-json", &dev]);
    assert_eq!(r2.stdout, r.stdout);

    let r = t(&["acl", "role", "list"]);
    assert!(
        r.stdout
            .starts_with("ID                                    Name  Description  Policies\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("  dev   Developers   readonly,writer\n"),
        "{}",
        r.stdout
    );

    let r = t(&["acl", "role", "update", "-description=Dev", &dev]);
    assert!(
        r.stdout
            .contains("Description  = Dev\nPolicies     = readonly,writer\n"),
        "{}",
        r.stdout
    );
    let r = t(&["acl", "role", "update", &dev]);
    assert_eq!(
        (r.code, r.stderr),
        (1, recorded("acl-role-update-noflags", "stderr"))
    );
    let r = t(&[
        "acl",
        "role",
        "update",
        "-no-merge",
        "-policy=readonly",
        &dev,
    ]);
    assert_eq!(
        r.stderr,
        recorded("acl-role-update-nomerge-noname", "stderr")
    );
    let r = t(&[
        "acl",
        "role",
        "update",
        "-no-merge",
        "-name=site",
        "-policy=writer",
        &dev,
    ]);
    assert_eq!(
        stable(&r.stdout),
        "Name         = site\nDescription  = <none>\nPolicies     = writer"
    );
    let r = t(&["acl", "role", "update", "-name=qa", &dev]);
    assert_eq!(r.stderr, "Error updating ACL role: Unexpected response code: 500 (ACL role with name qa already exists)\n");

    // A token holding the role sees it; another client token does not.
    let r = t(&["acl", "token", "create", "-name=sitter", "-role-name=site"]);
    assert!(r.stdout.contains(&format!("{dev}  site\n")), "{}", r.stdout);
    let holder = line_value(&r.stdout, "Secret ID");
    let as_ = |tok: &str, args: &[&str]| rnomad(args).sim(&s).env("NOMAD_TOKEN", tok).run();
    let r = as_(&holder, &["acl", "role", "list"]);
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
    let r = as_(&reader, &["acl", "role", "list"]);
    assert_eq!(r.stdout, recorded("acl-role-list-reader", "stdout"));
    let r = as_(&reader, &["acl", "role", "info", &dev]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Error reading ACL role: Unexpected response code: 403 (Permission denied)\n"
        )
    );
    let r = as_(&reader, &["acl", "role", "delete", &dev]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, recorded("acl-role-delete-reader", "stderr").as_str())
    );

    // Completion offers role IDs, and names after -by-name.
    let comp = |line: &str| {
        let r = rnomad(&[])
            .sim(&s)
            .env("NOMAD_TOKEN", &secret)
            .env("COMP_LINE", line)
            .run();
        r.stdout.lines().map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(
        comp(&format!("rnomad acl role info {}", &dev[..6])),
        vec![dev.to_string()]
    );
    assert_eq!(comp("rnomad acl role info -by-name si"), ["site"]);
    assert_eq!(
        comp("rnomad acl token create -role-name s"),
        ["site", "sre"]
    );

    let r = t(&["acl", "role", "delete", &dev]);
    assert_eq!(
        (r.code, r.stdout),
        (0, format!("ACL role {dev} successfully deleted\n"))
    );
}

#[test]
fn auth_methods() {
    let (s, secret, reader) = cluster();
    let t = |args: &[&str]| rnomad(args).sim(&s).env("NOMAD_TOKEN", &secret).run();
    let r = rnomad(&["acl", "auth-method", "list"]).sim(&s).run();
    assert_eq!(r.stdout, recorded("acl-auth-method-list-empty", "stdout"));

    let jwt = setup("jwt.json");
    let r = t(&[
        "acl",
        "auth-method",
        "create",
        "-name=jwt-a",
        "-type=jwt",
        "-max-token-ttl=30m",
        "-token-locality=local",
        &format!("-config={jwt}"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        stable(&r.stdout),
        stable(&recorded("acl-auth-method-create-jwt", "stdout"))
    );
    let r = t(&[
        "acl",
        "auth-method",
        "create",
        "-name=jwt-b",
        "-type=JWT",
        "-max-token-ttl=2h",
        "-token-locality=global",
        "-default",
        "-token-name-format=${value.user}",
        &format!("-config={jwt}"),
        "-json",
    ]);
    assert!(r.stdout.starts_with("{\"MaxTokenTTL\":\"2h0m0s\",\"Name\":\"jwt-b\",\"Type\":\"JWT\",\"TokenLocality\":\"global\",\"TokenNameFormat\":\"${value.user}\",\"Default\":true,\"Config\":{\"ExpirationLeeway\":\"1m0s\",\"NotBeforeLeeway\":\"\",\"ClockSkewLeeway\":\"5s\",\"JWTValidationPubKeys\":[\"-----BEGIN PUBLIC KEY-----\\n"), "{}", r.stdout);
    assert!(
        r.stdout.ends_with(
            "\"VerboseLogging\":false},\"CreateTime\":\""
                .to_string()
                .as_str()
        ) || r
            .stdout
            .contains("\"VerboseLogging\":false},\"CreateTime\":\""),
        "{}",
        r.stdout
    );
    let oidc = std::fs::read_to_string(&setup("oidc.json")[1..]).unwrap();
    let r = rnomad(&[
        "acl",
        "auth-method",
        "create",
        "-name=oidc-b",
        "-type=oidc",
        "-max-token-ttl=1h",
        "-token-locality=global",
        "-config=-",
        "-t={{.Name}} {{.MaxTokenTTL}} {{.Config.OIDCClientID}}",
    ])
    .sim(&s)
    .env("NOMAD_TOKEN", &secret)
    .stdin(&oidc)
    .run();
    assert_eq!(r.stdout, recorded("acl-auth-method-create-tmpl", "stdout"));

    let r = rnomad(&["acl", "auth-method", "list"]).sim(&s).run();
    assert_eq!(
        r.stdout,
        "Name    Type  Default\njwt-a   JWT   false\njwt-b   JWT   true\noidc-b  OIDC  false\n"
    );
    let r = t(&["acl", "auth-method", "info", "oidc-b"]);
    assert!(
        r.stdout.contains("OIDC Client Secret         = redacted\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with("Claim mappings             = {email: email}\nList claim mappings        = {groups: roles}\n"), "{}", r.stdout);

    let bad = |name: &str, args: &[&str]| {
        let r = t(args);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (1, "", recorded(name, "stderr").as_str()),
            "{name}"
        );
    };
    let cfg = format!("-config={jwt}");
    bad(
        "acl-auth-method-create-noname",
        &[
            "acl",
            "auth-method",
            "create",
            "-type=JWT",
            "-max-token-ttl=1h",
            "-token-locality=local",
            &cfg,
        ],
    );
    bad(
        "acl-auth-method-create-locality",
        &[
            "acl",
            "auth-method",
            "create",
            "-name=x",
            "-type=JWT",
            "-max-token-ttl=1h",
            &cfg,
        ],
    );
    bad(
        "acl-auth-method-create-nottl",
        &[
            "acl",
            "auth-method",
            "create",
            "-name=x",
            "-type=JWT",
            "-token-locality=local",
            &cfg,
        ],
    );
    bad(
        "acl-auth-method-create-badtype",
        &[
            "acl",
            "auth-method",
            "create",
            "-name=x",
            "-type=ldap",
            "-max-token-ttl=1h",
            "-token-locality=local",
            &cfg,
        ],
    );
    bad(
        "acl-auth-method-create-noconfig",
        &[
            "acl",
            "auth-method",
            "create",
            "-name=x",
            "-type=JWT",
            "-max-token-ttl=1h",
            "-token-locality=local",
        ],
    );
    bad(
        "acl-auth-method-create-badjson",
        &[
            "acl",
            "auth-method",
            "create",
            "-name=x",
            "-type=JWT",
            "-max-token-ttl=1h",
            "-token-locality=local",
            &format!("-config={}", setup("bad.json")),
        ],
    );
    bad(
        "acl-auth-method-create-badfield",
        &[
            "acl",
            "auth-method",
            "create",
            "-name=x",
            "-type=JWT",
            "-max-token-ttl=1h",
            "-token-locality=local",
            &format!("-config={}", setup("badtype.json")),
        ],
    );
    bad(
        "acl-auth-method-create-invalid",
        &[
            "acl",
            "auth-method",
            "create",
            "-name=x",
            "-type=JWT",
            "-max-token-ttl=1h",
            "-token-locality=local",
            "-config={}",
        ],
    );
    bad(
        "acl-auth-method-create-hugettl",
        &[
            "acl",
            "auth-method",
            "create",
            "-name=x",
            "-type=JWT",
            "-max-token-ttl=10000h",
            "-token-locality=local",
            &cfg,
        ],
    );
    bad(
        "acl-auth-method-info-nosuch",
        &["acl", "auth-method", "info", "nosuch"],
    );
    bad(
        "acl-auth-method-info-prefix",
        &["acl", "auth-method", "info", "jwt"],
    );
    bad(
        "acl-auth-method-info-empty",
        &["acl", "auth-method", "info", ""],
    );
    bad(
        "acl-auth-method-update-noflags",
        &["acl", "auth-method", "update", "jwt-b"],
    );
    bad(
        "acl-auth-method-update-badlocality",
        &["acl", "auth-method", "update", "-token-locality=x", "jwt-b"],
    );
    bad(
        "acl-auth-method-update-badtype",
        &["acl", "auth-method", "update", "-type=x", "jwt-b"],
    );
    bad(
        "acl-auth-method-update-zerottl",
        &["acl", "auth-method", "update", "-max-token-ttl=0s", "jwt-b"],
    );
    bad(
        "acl-auth-method-update-nosuch",
        &["acl", "auth-method", "update", "-default", "nosuch"],
    );
    bad(
        "acl-auth-method-update-config",
        &[
            "acl",
            "auth-method",
            "update",
            &format!("-config={}", setup("oidc.json")),
            "-type=oidc",
            "jwt-b",
        ],
    );
    bad(
        "acl-auth-method-update",
        &[
            "acl",
            "auth-method",
            "update",
            "-default=true",
            "-token-name-format=jwt-x",
            "oidc-b",
        ],
    );
    bad(
        "acl-auth-method-delete-nosuch",
        &["acl", "auth-method", "delete", "nosuch"],
    );
    // An unparsable duration: Go's flag error, then the command's help.
    let r = t(&["acl", "auth-method", "create", "-max-token-ttl=soon"]);
    assert_eq!(
        (r.code, r.stderr),
        (1, recorded("acl-auth-method-create-badttl", "stderr"))
    );
    assert!(
        r.stdout
            .starts_with("Usage: rnomad acl auth-method create [options]\n"),
        "{}",
        r.stdout
    );

    let r = t(&[
        "acl",
        "auth-method",
        "update",
        "-json",
        "-max-token-ttl=3h",
        "jwt-b",
    ]);
    assert!(
        r.stdout
            .starts_with("{\"MaxTokenTTL\":\"3h0m0s\",\"Name\":\"jwt-b\""),
        "{}",
        r.stdout
    );
    let r = t(&[
        "acl",
        "auth-method",
        "update",
        "-token-name-format=oidc-x",
        "-type=OIDC",
        "oidc-b",
    ]);
    assert!(
        r.stdout.contains("Token Name Format = oidc-x\n"),
        "{}",
        r.stdout
    );
    let r = t(&["acl", "auth-method", "update", "-default=false", "jwt-b"]);
    assert!(
        r.stdout.contains("Default           = false\n"),
        "{}",
        r.stdout
    );

    // Only a management token reads one method; anyone lists them.
    let r = rnomad(&["acl", "auth-method", "info", "jwt-a"])
        .sim(&s)
        .env("NOMAD_TOKEN", &reader)
        .run();
    assert_eq!(
        (r.code, r.stderr),
        (1, recorded("acl-auth-method-info-reader", "stderr"))
    );
    let r = rnomad(&["acl", "auth-method", "list", "-json"])
        .sim(&s)
        .env("NOMAD_TOKEN", &reader)
        .run();
    assert!(
        r.stdout.starts_with("[\n    {\n        \"CreateIndex\": "),
        "{}",
        r.stdout
    );

    let comp = rnomad(&[])
        .sim(&s)
        .env("COMP_LINE", "rnomad acl auth-method info j")
        .run();
    assert_eq!(comp.stdout, "jwt-a\njwt-b\n");

    let r = t(&["acl", "auth-method", "delete", "jwt-b"]);
    assert_eq!(r.stdout, recorded("acl-auth-method-delete", "stdout"));
}

#[test]
fn binding_rules() {
    let (s, secret, reader) = cluster();
    let t = |args: &[&str]| rnomad(args).sim(&s).env("NOMAD_TOKEN", &secret).run();
    let r = t(&["acl", "binding-rule", "list"]);
    assert_eq!(r.stdout, recorded("acl-binding-rule-list-empty", "stdout"));
    let r = t(&[
        "acl",
        "auth-method",
        "create",
        "-name=jwt-a",
        "-type=jwt",
        "-max-token-ttl=30m",
        "-token-locality=local",
        &format!("-config={}", setup("jwt.json")),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = t(&[
        "acl",
        "binding-rule",
        "create",
        "-description=admins",
        "-auth-method=jwt-a",
        "-selector=value.admin == \"true\"",
        "-bind-type=management",
    ]);
    assert_eq!(
        stable(&r.stdout),
        stable(&recorded("acl-binding-rule-create", "stdout"))
    );
    let admins = line_value(&r.stdout, "ID");
    let r = t(&[
        "acl",
        "binding-rule",
        "create",
        "-auth-method=jwt-a",
        "-bind-type=policy",
        "-bind-name=readonly",
        "-json",
    ]);
    assert!(r.stdout.starts_with("{\n    \"AuthMethod\": \"jwt-a\",\n    \"BindName\": \"readonly\",\n    \"BindType\": \"policy\",\n    \"CreateIndex\": "), "{}", r.stdout);
    let r = t(&[
        "acl",
        "binding-rule",
        "create",
        "-auth-method=jwt-a",
        "-bind-type=role",
        "-bind-name=dev",
        "-t={{.AuthMethod}} {{.BindType}} {{.BindName}}",
    ]);
    assert_eq!(r.stdout, "jwt-a role dev\n");

    let bad = |name: &str, args: &[&str]| {
        let r = t(args);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (1, "", recorded(name, "stderr").as_str()),
            "{name}"
        );
    };
    bad(
        "acl-binding-rule-create-nomethod",
        &[
            "acl",
            "binding-rule",
            "create",
            "-bind-type=role",
            "-bind-name=dev",
        ],
    );
    bad(
        "acl-binding-rule-create-notype",
        &[
            "acl",
            "binding-rule",
            "create",
            "-auth-method=jwt-a",
            "-bind-name=dev",
        ],
    );
    bad(
        "acl-binding-rule-create-badmethod",
        &[
            "acl",
            "binding-rule",
            "create",
            "-auth-method=nosuch",
            "-bind-type=role",
            "-bind-name=dev",
        ],
    );
    bad(
        "acl-binding-rule-create-badtype",
        &[
            "acl",
            "binding-rule",
            "create",
            "-auth-method=jwt-a",
            "-bind-type=group",
            "-bind-name=dev",
        ],
    );
    bad(
        "acl-binding-rule-create-noname",
        &[
            "acl",
            "binding-rule",
            "create",
            "-auth-method=jwt-a",
            "-bind-type=role",
        ],
    );
    bad(
        "acl-binding-rule-create-args",
        &["acl", "binding-rule", "create", "-auth-method=jwt-a", "x"],
    );
    bad(
        "acl-binding-rule-info-nosuch",
        &[
            "acl",
            "binding-rule",
            "info",
            "00000000-0000-0000-0000-000000000000",
        ],
    );
    bad(
        "acl-binding-rule-info-noargs",
        &["acl", "binding-rule", "info"],
    );
    bad(
        "acl-binding-rule-info-empty",
        &["acl", "binding-rule", "info", ""],
    );
    bad(
        "acl-binding-rule-update-nosuch",
        &[
            "acl",
            "binding-rule",
            "update",
            "-description=x",
            "00000000-0000-0000-0000-000000000000",
        ],
    );
    bad(
        "acl-binding-rule-update-noflags",
        &["acl", "binding-rule", "update", &admins],
    );
    bad(
        "acl-binding-rule-update-nomerge-notype",
        &[
            "acl",
            "binding-rule",
            "update",
            "-no-merge",
            "-description=d",
            &admins,
        ],
    );
    bad(
        "acl-binding-rule-update-json",
        &[
            "acl",
            "binding-rule",
            "update",
            "-json",
            "-bind-name=x",
            &admins,
        ],
    );
    bad(
        "acl-binding-rule-delete-nosuch",
        &[
            "acl",
            "binding-rule",
            "delete",
            "00000000-0000-0000-0000-000000000000",
        ],
    );
    bad(
        "acl-binding-rule-delete-empty",
        &["acl", "binding-rule", "delete", ""],
    );
    let r = t(&["acl", "binding-rule", "info", &admins[..8]]);
    assert_eq!(r.stderr, recorded("acl-binding-rule-info-prefix", "stderr"));

    let r = t(&[
        "acl",
        "binding-rule",
        "update",
        "-description=Admins",
        "-selector=admin in list.groups",
        &admins,
    ]);
    assert!(r.stdout.contains("Description  = Admins\nAuth Method  = jwt-a\nSelector     = \"admin in list.groups\"\nBind Type    = management\nBind Name    = <none>\n"), "{}", r.stdout);
    let r = t(&[
        "acl",
        "binding-rule",
        "update",
        "-no-merge",
        "-bind-type=policy",
        "-bind-name=readonly",
        &admins,
    ]);
    assert_eq!(
        stable(&r.stdout),
        stable(&recorded("acl-binding-rule-update-nomerge", "stdout"))
    );
    let r = t(&[
        "acl",
        "binding-rule",
        "info",
        "-t={{.Selector}}|{{.BindName}}",
        &admins,
    ]);
    assert_eq!(r.stdout, "|readonly\n");
    let r = t(&["acl", "binding-rule", "list"]);
    assert!(
        r.stdout
            .starts_with("ID                                    Description  Auth Method\n"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.lines().count(), 4, "{}", r.stdout);

    let r = rnomad(&["acl", "binding-rule", "list"])
        .sim(&s)
        .env("NOMAD_TOKEN", &reader)
        .run();
    assert_eq!(
        (r.code, r.stderr),
        (1, recorded("acl-binding-rule-list-reader", "stderr"))
    );
    let r = rnomad(&["acl", "binding-rule", "delete", &admins])
        .sim(&s)
        .env("NOMAD_TOKEN", &reader)
        .run();
    assert_eq!(
        r.stderr,
        "Error deleting ACL binding rule: Unexpected response code: 403 (Permission denied)\n"
    );

    let comp = rnomad(&[])
        .sim(&s)
        .env("NOMAD_TOKEN", &secret)
        .env(
            "COMP_LINE",
            &format!("rnomad acl binding-rule info {}", &admins[..6]),
        )
        .run();
    assert_eq!(comp.stdout, format!("{admins}\n"));
    let comp = rnomad(&[])
        .sim(&s)
        .env("COMP_LINE", "rnomad acl binding-rule create -auth-method j")
        .run();
    assert_eq!(comp.stdout, "jwt-a\n");

    let r = t(&["acl", "binding-rule", "delete", &admins]);
    assert_eq!(
        r.stdout,
        format!("ACL binding rule {admins} successfully deleted\n")
    );
}

#[test]
fn acl_auth_disabled_and_server_down() {
    let s = sim();
    let r = rnomad(&["acl", "role", "list"]).sim(&s).run();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Error listing ACL roles: Unexpected response code: 400 (ACL support disabled)\n"
        )
    );
    let dead = dead_address();
    for (args, name) in [
        (&["acl", "role", "list"][..], "acl-role-list-down"),
        (&["acl", "auth-method", "list"], "acl-auth-method-list-down"),
        (
            &["acl", "binding-rule", "list"],
            "acl-binding-rule-list-down",
        ),
    ] {
        let r = rnomad(args).dead(&dead).run();
        let want = recorded(name, "stderr")
            .replace("http://127.0.0.1:5799", "http://DEAD")
            .replace("127.0.0.1:5799", "DEAD");
        assert_eq!((r.code, r.stderr), (1, want), "{name}");
    }
}
