//! `node pool list` and `node pool info`.

use crate::common::{rnomad, sim};
use insta::assert_snapshot;

#[test]
fn pools() {
    let s = sim();
    s.with_state(|st| {
        st.add_node_pool("dev-1", "Pool dev-1");
        st.add_node_pool("dev-2", "");
    });
    assert_snapshot!("pool_list", rnomad(&["node", "pool", "list"]).sim(&s).run());
    assert_snapshot!(
        "pool_list_json",
        rnomad(&["node", "pool", "list", "-json"]).sim(&s).run()
    );
    assert_snapshot!(
        "pool_list_page",
        rnomad(&["node", "pool", "list", "-per-page", "2"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "pool_list_arg",
        rnomad(&["node", "pool", "list", "x"]).sim(&s).run()
    );
    assert_snapshot!(
        "pool_info",
        rnomad(&["node", "pool", "info", "dev-1"]).sim(&s).run()
    );
    assert_snapshot!(
        "pool_info_t",
        rnomad(&["node", "pool", "info", "-t", "{{.Description}}", "def"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "pool_info_ambiguous",
        rnomad(&["node", "pool", "info", "dev"]).sim(&s).run()
    );
    assert_snapshot!(
        "pool_info_missing",
        rnomad(&["node", "pool", "info", "nope"]).sim(&s).run()
    );
    assert_snapshot!(
        "pool_info_args",
        rnomad(&["node", "pool", "info"]).sim(&s).run()
    );
}

#[test]
fn pool_apply_delete_init() {
    let s = sim();
    let d = crate::common::temp_dir();
    let dir = d.path().to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let mut v = vec!["node", "pool"];
        v.extend_from_slice(args);
        rnomad(&v).sim(&s).redact(&dir, "DIR").run()
    };
    let spec = d.write(
        "pool.hcl",
        "node_pool \"batch\" {\n  description = \"Batch nodes\"\n  meta {\n    team = \"data\"\n  }\n}\n",
    );
    assert_snapshot!("pool_apply", run(&["apply", &spec]));
    assert_snapshot!("pool_apply_info", run(&["info", "batch"]));
    let json = d.write(
        "pool.json",
        "{\"name\": \"from-json\", \"Description\": \"j\"}",
    );
    assert_snapshot!("pool_apply_json", run(&["apply", "-json", &json]));
    let stdin = rnomad(&["node", "pool", "apply", "-"])
        .sim(&s)
        .stdin("node_pool \"piped\" {}\n")
        .run();
    assert_snapshot!("pool_apply_stdin", stdin);
    let unknown = d.write("u.hcl", "node_pool \"x\" {\n  foo = 1\n}\n");
    assert_snapshot!("pool_apply_unknown_arg", run(&["apply", &unknown]));
    let top = d.write("t.hcl", "description = \"x\"\n");
    assert_snapshot!("pool_apply_top_level_arg", run(&["apply", &top]));
    let block = d.write("b.hcl", "node_pool \"x\" {\n  bogus {\n  }\n}\n");
    assert_snapshot!("pool_apply_unknown_block", run(&["apply", &block]));
    let syntax = d.write("s.hcl", "node_pool \"x\" {\n  description = \n}\n");
    assert_snapshot!("pool_apply_syntax", run(&["apply", &syntax]));
    let badjson = d.write("bad.json", "{\"Name\": 5}");
    assert_snapshot!("pool_apply_json_type", run(&["apply", "-json", &badjson]));
    let badname = d.write("n.hcl", "node_pool \"bad pool\" {}\n");
    assert_snapshot!("pool_apply_bad_name", run(&["apply", &badname]));
    let builtin = d.write("all.hcl", "node_pool \"all\" {}\n");
    assert_snapshot!("pool_apply_builtin", run(&["apply", &builtin]));
    assert_snapshot!(
        "pool_apply_missing_file",
        run(&["apply", "/nonexistent/p.hcl"])
    );
    assert_snapshot!("pool_apply_args", run(&["apply"]));
    assert_snapshot!("pool_delete", run(&["delete", "batch"]));
    assert_snapshot!("pool_delete_missing", run(&["delete", "batch"]));
    assert_snapshot!("pool_delete_busy", run(&["delete", "default"]));
    assert_snapshot!("pool_delete_args", run(&["delete"]));

    let init = |args: &[&str]| {
        // In the temporary directory, where the example is written by default.
        crate::common::shell(&format!(
            "cd '{dir}' && rnomad node pool init {}",
            args.join(" ")
        ))
        .redact(&dir, "DIR")
        .run()
    };
    assert_snapshot!("pool_init", init(&[]));
    assert_snapshot!("pool_init_exists", init(&[]));
    assert_snapshot!("pool_init_json", init(&["-out=json", "-quiet"]));
    assert_snapshot!("pool_init_named", init(&["mine.hcl"]));
    assert_snapshot!("pool_init_bad_out", init(&["-out=yaml"]));
    assert_snapshot!("pool_init_args", init(&["a", "b"]));
    // The example is a valid specification: it applies as written.
    let example = format!("{dir}/pool.nomad.hcl");
    assert_snapshot!("pool_init_applies", run(&["apply", &example]));
    // The JSON example sets scheduler options, which a community edition agent refuses.
    let example = format!("{dir}/pool.nomad.json");
    assert_snapshot!("pool_init_json_applies", run(&["apply", "-json", &example]));
}

#[test]
fn pool_jobs_and_nodes() {
    let s = sim();
    let run = |args: &[&str]| {
        let mut v = vec!["node", "pool"];
        v.extend_from_slice(args);
        rnomad(&v).sim(&s).run()
    };
    assert_snapshot!("pool_jobs", run(&["jobs", "default"]));
    assert_snapshot!(
        "pool_jobs_all_ns",
        run(&["jobs", "-namespace=*", "default"])
    );
    assert_snapshot!(
        "pool_jobs_json",
        run(&["jobs", "-json", "-filter", "Type == \"batch\"", "def"])
    );
    assert_snapshot!("pool_jobs_none", run(&["jobs", "all"]));
    assert_snapshot!("pool_jobs_missing", run(&["jobs", "nosuch"]));
    assert_snapshot!("pool_jobs_args", run(&["jobs"]));
    let page = run(&["jobs", "-per-page", "2", "default"]);
    assert_snapshot!(
        "pool_jobs_page",
        page.to_string().replace(crate::common::BIN, "rnomad")
    );
    assert_snapshot!("pool_nodes", run(&["nodes", "default"]));
    assert_snapshot!("pool_nodes_verbose", run(&["nodes", "-verbose", "all"]));
    assert_snapshot!("pool_nodes_t", run(&["nodes", "-t", "{{len .}}", "all"]));
    let page = run(&["nodes", "-per-page", "1", "all"]);
    assert_snapshot!(
        "pool_nodes_page",
        page.to_string().replace(crate::common::BIN, "rnomad")
    );
    assert_snapshot!(
        "pool_nodes_bad_filter",
        run(&["nodes", "-filter", "==", "all"])
    );
    let denied = crate::common::builder().acl(true).spawn();
    assert_snapshot!(
        "pool_nodes_denied",
        rnomad(&["node", "pool", "nodes", "all"]).sim(&denied).run()
    );
    let dead = crate::common::dead_address();
    let r = rnomad(&["node", "pool", "jobs", "-address", &dead, "default"])
        .dead(&dead)
        .run();
    assert_snapshot!("pool_jobs_down", r);
}
