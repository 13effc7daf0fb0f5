//! The `var` commands against nomad-sim: list, get, put, purge, init, lock.

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;
use nomad_sim::Sim;

/// A cluster with variables in two namespaces (one item value needs Go quoting in HCL).
fn with_vars() -> Sim {
    let s = sim();
    s.with_state(|st| {
        st.add_namespace("prod", "Production");
        let items = |kv: &[(&str, &str)]| {
            kv.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        st.put_variable(
            "default",
            "app/db",
            items(&[("user", "admin"), ("password", "s3\"cret")]),
        );
        st.put_variable("default", "app/web", items(&[("port", "8080")]));
        st.put_variable("prod", "app/db", items(&[("user", "root")]));
        st.put_variable("default", "nomad/jobs/example", items(&[("msg", "hi")]));
    });
    s
}

#[test]
fn list() {
    let s = with_vars();
    let run = |args: &[&str]| {
        let mut all = vec!["var", "list"];
        all.extend_from_slice(args);
        rnomad(&all).sim(&s).run()
    };
    assert_snapshot!("list_json", run(&[]));
    assert_snapshot!("list_table", run(&["-out", "table"]));
    assert_snapshot!("list_prefix_table", run(&["-out", "table", "app"]));
    assert_snapshot!("list_all_ns_terse", run(&["-namespace=*", "-out", "terse"]));
    assert_snapshot!("list_all_ns_table", run(&["-namespace=*", "-out=table"]));
    assert_snapshot!("list_page_table", run(&["-per-page=2", "-out=table"]));
    assert_snapshot!(
        "list_template",
        run(&[
            "-out=go-template",
            "-template",
            "{{range .}}{{.Path}};{{end}}"
        ])
    );
    assert_snapshot!("list_none_table", run(&["-out=table", "nosuch"]));
    assert_snapshot!("list_none_json", run(&["nosuch"]));
    assert_snapshot!("list_two_args", run(&["a", "b"]));
    assert_snapshot!("list_bad_out", run(&["-out=yaml"]));
    assert_snapshot!("list_template_without_out", run(&["-template={{.}}"]));
    assert_snapshot!(
        "list_go_template_without_template",
        run(&["-out=go-template"])
    );
}

#[test]
fn list_paged_json_has_query_meta() {
    let s = with_vars();
    let r = rnomad(&["var", "list", "-per-page=2"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["Data"].as_array().map(Vec::len), Some(2), "{r}");
    assert_eq!(
        v["QueryMeta"]["NextToken"], "default.nomad/jobs/example",
        "{r}"
    );
    assert_eq!(v["QueryMeta"]["KnownLeader"], true, "{r}");
}

#[test]
fn get() {
    let s = with_vars();
    let run = |args: &[&str]| {
        let mut all = vec!["var", "get"];
        all.extend_from_slice(args);
        rnomad(&all).sim(&s).run()
    };
    assert_snapshot!("get_json", run(&["app/db"]));
    assert_snapshot!("get_table", run(&["-out=table", "app/db"]));
    assert_snapshot!("get_hcl", run(&["-out=hcl", "/app/db/"]));
    assert_snapshot!("get_none", run(&["-out=none", "app/db"]));
    assert_snapshot!("get_item", run(&["-item=user", "app/db"]));
    assert_snapshot!("get_item_missing", run(&["-item=nope", "app/db"]));
    assert_snapshot!(
        "get_prod",
        run(&["-namespace=prod", "-out=table", "app/db"])
    );
    assert_snapshot!(
        "get_template",
        run(&[
            "-out=go-template",
            "-template={{.Path}} {{.Items.user}}",
            "app/db"
        ])
    );
    assert_snapshot!(
        "get_template_error",
        run(&["-out=go-template", "-template={{.Nope}}", "app/db"])
    );
    assert_snapshot!("get_missing", run(&["app/nosuch"]));
    assert_snapshot!("get_wildcard_ns", run(&["-namespace=*", "app/db"]));
    assert_snapshot!("get_no_args", run(&[]));
    assert_snapshot!("get_bad_out", run(&["-out=yaml", "app/db"]));
}

#[test]
fn get_on_a_terminal_defaults_to_the_table() {
    let s = with_vars();
    let r = rnomad(&["var", "get", "app/db"]).sim(&s).on_tty().run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("Check Index"), "{r}");
}

#[test]
fn denied_and_down() {
    let s = builder().acl(true).token("reader", "read").spawn();
    s.with_state(|st| {
        st.put_variable(
            "default",
            "app/db",
            [("k".to_string(), "v".to_string())].into(),
        );
    });
    // Nomad's client reads a 403 as "no such variable"; the list is filtered, not refused.
    assert_snapshot!(
        "get_denied",
        rnomad(&["var", "get", "app/db"]).sim(&s).run()
    );
    assert_snapshot!("list_denied", rnomad(&["var", "list"]).sim(&s).run());
    let r = rnomad(&["var", "get", "-item=k", "app/db"])
        .sim(&s)
        .env("NOMAD_TOKEN", "reader")
        .run();
    assert_eq!((r.code, r.stdout.as_str()), (0, "v"), "{r}");
    let dead = dead_address();
    for (name, cmd) in [("list_down", "list"), ("get_down", "get")] {
        let mut args = vec!["var", cmd];
        if cmd == "get" {
            args.push("app/db");
        }
        let r = rnomad(&args).env("NOMAD_ADDR", &dead).dead(&dead).run();
        assert_snapshot!(name, r);
    }
}

#[test]
fn list_works_without_a_real_nomad() {
    let s = with_vars();
    let r = rnomad(&["var", "list", "-out=terse"])
        .sim(&s)
        .env("RNOMAD_NOMAD_BIN", "/nonexistent")
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "app/db\napp/web\nnomad/jobs/example\n", "{r}");
}

#[test]
fn paths_and_flags_complete() {
    let s = with_vars();
    let comp = |line: &str| {
        let r = rnomad(&[])
            .env("NOMAD_ADDR", &s.url())
            .env("COMP_LINE", line)
            .run();
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{line}");
        let mut v: Vec<String> = r.stdout.lines().map(str::to_string).collect();
        v.sort();
        v
    };
    // Nomad's variable search looks in every namespace: prod's app/db comes twice.
    assert_eq!(comp("rnomad var get app/"), ["app/db", "app/db", "app/web"]);
    assert_eq!(comp("rnomad var purge nomad"), ["nomad/jobs/example"]);
    let flags = comp("rnomad var get -");
    for f in ["-item", "-out", "-template", "-namespace"] {
        assert!(flags.contains(&f.to_string()), "{f} in {flags:?}");
    }
    assert!(comp("rnomad var l").contains(&"list".to_string()));
}

#[test]
fn purge() {
    let s = with_vars();
    let run = |args: &[&str]| {
        let mut all = vec!["var", "purge"];
        all.extend_from_slice(args);
        rnomad(&all).sim(&s).run()
    };
    assert_snapshot!("purge", run(&["app/web"]));
    assert!(s.read_state(|st| !st
        .variables
        .contains_key(&("default".to_string(), "app/web".to_string()))));
    // Nomad answers a delete of nothing with success.
    assert_snapshot!("purge_missing", run(&["app/web"]));
    assert_snapshot!("purge_conflict", run(&["-check-index=3", "app/db"]));
    assert_snapshot!("purge_conflict_missing", run(&["-check-index=3", "nosuch"]));
    let idx = s
        .read_state(|st| st.variables[&("default".to_string(), "app/db".to_string())].modify_index);
    assert_snapshot!(
        "purge_checked",
        run(&[&format!("-check-index={idx}"), "app/db"])
    );
    assert_snapshot!("purge_bad_index", run(&["-check-index=x1", "app/db"]));
    assert_snapshot!(
        "purge_huge_index",
        run(&["-check-index=99999999999999999999", "a"])
    );
    assert_snapshot!("purge_wildcard_ns", run(&["-namespace=*", "a"]));
    assert_snapshot!("purge_no_args", run(&[]));
    let acl = builder().acl(true).token("reader", "read").spawn();
    let r = rnomad(&["var", "purge", "a"])
        .sim(&acl)
        .env("NOMAD_TOKEN", "reader")
        .run();
    assert_snapshot!("purge_denied", r);
}

#[test]
fn init() {
    let dir = crate::common::temp_dir();
    let run = |args: &[&str]| {
        let line = format!(
            "cd '{}' && rnomad var init {}",
            dir.path().display(),
            args.join(" ")
        );
        crate::common::shell(&line).run()
    };
    assert_snapshot!("init_hcl", run(&[]));
    let hcl = std::fs::read_to_string(dir.path().join("spec.nv.hcl")).unwrap_or_default();
    assert!(
        hcl.ends_with("items {\n  key1 = \"value 1\"\n  key2 = \"value 2\"\n}\n"),
        "{hcl}"
    );
    assert_snapshot!("init_exists", run(&[]));
    assert_snapshot!("init_json", run(&["-out=json"]));
    assert_snapshot!("init_quiet_named", run(&["-quiet", "mine.hcl"]));
    assert!(dir.path().join("mine.hcl").exists());
    assert_snapshot!("init_bad_out", run(&["-out=yaml"]));
    assert_snapshot!("init_two_args", run(&["a", "b"]));
}

#[test]
fn put() {
    let s = with_vars();
    let dir = crate::common::temp_dir();
    let spec = dir.write(
        "spec.hcl",
        "path = \"from/file\"\nitems {\n  k = \"v\"\n}\n",
    );
    let run = |args: &[&str]| {
        let mut all = vec!["var", "put"];
        all.extend_from_slice(args);
        rnomad(&all).sim(&s).run()
    };
    assert_snapshot!("put_new_json", run(&["new/one", "a=1", "we ird=x"]));
    assert_snapshot!("put_exists_conflict", run(&["new/one", "a=2"]));
    assert_snapshot!(
        "put_force_table",
        run(&["-force", "-out=table", "new/one", "a=2", "we ird="])
    );
    let idx = s.read_state(|st| {
        st.variables[&("default".to_string(), "new/one".to_string())].modify_index
    });
    let check = format!("-check-index={idx}");
    assert_snapshot!(
        "put_checked_none",
        run(&[&check, "-out=none", "new/one", "a=3"])
    );
    assert_snapshot!("put_stale_index", run(&[&check, "new/one", "a=4"]));
    assert_snapshot!("put_file_hcl", run(&["-out=hcl", &format!("@{spec}")]));
    assert_snapshot!("put_file_unknown_ext", run(&["@spec.txt"]));
    assert_snapshot!("put_no_args", run(&[]));
    assert_snapshot!("put_no_data", run(&["only/path"]));
    assert_snapshot!("put_bad_pair", run(&["p", "novalue"]));
    assert_snapshot!("put_bad_in", run(&["-in=yaml", "p", "a=b"]));
    assert_snapshot!("put_bad_index", run(&["-check-index=x", "p", "a=b"]));
    assert_snapshot!("put_wildcard_ns", run(&["-namespace=*", "p", "a=b"]));
    assert_snapshot!(
        "put_verbose_hcl",
        run(&["-verbose", "-out=hcl", "v/1", "a=b"])
    );
    let r = rnomad(&["var", "put", "-out=none", "-"])
        .sim(&s)
        .stdin("{\"Path\": \"from/stdin\", \"Items\": {\"k\": \"v\"}}")
        .run();
    assert_snapshot!("put_stdin_json", r);
    let r = rnomad(&["var", "put", "-out=none", "with/value", "k=-"])
        .sim(&s)
        .stdin("line one\nline two\n")
        .run();
    assert_eq!(r.code, 0, "{r}");
    let stored = s.read_state(|st| {
        st.variables[&("default".to_string(), "with/value".to_string())].items["k"].clone()
    });
    assert_eq!(stored, "line one\nline two\n");
    let acl = builder().acl(true).token("reader", "read").spawn();
    let r = rnomad(&["var", "put", "p", "a=b"])
        .sim(&acl)
        .env("NOMAD_TOKEN", "reader")
        .run();
    assert_snapshot!("put_denied", r);
    let dead = dead_address();
    let r = rnomad(&["var", "put", "p", "a=b"])
        .env("NOMAD_ADDR", &dead)
        .dead(&dead)
        .run();
    assert_snapshot!("put_down", r);
}
