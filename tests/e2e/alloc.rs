//! `alloc status` and `alloc list`: the views, -json/-t, and the failures.

use crate::common::{
    builder, dead_address, declare_check, register_job, rnomad, running_alloc, running_alloc_where,
    sim, wait_for,
};
use insta::assert_snapshot;

/// Adds a copy of `id` whose ID shares its first eight characters.
fn add_twin(s: &nomad_sim::Sim, id: &str) -> String {
    let twin = format!("{}-0000-0000-0000-000000000000", &id[..8]);
    s.with_state(|st| {
        let mut a = st.allocs.get(id).expect("alloc").clone();
        a.id = twin.clone();
        st.upsert_alloc(a);
    });
    twin
}

#[test]
fn status_views() {
    let s = sim();
    let id = running_alloc(&s).0;
    declare_check(&s, &id);
    assert_snapshot!(
        "status",
        rnomad(&["alloc", "status", &id[..8]]).sim(&s).run()
    );
    assert_snapshot!(
        "status_verbose",
        rnomad(&["alloc", "status", "-verbose", &id]).sim(&s).run()
    );
    assert_snapshot!(
        "status_short",
        rnomad(&["alloc", "status", "-short", &id[..6]])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "status_stats",
        rnomad(&["alloc", "status", "-stats", &id[..6]])
            .sim(&s)
            .run()
    );
    // The hidden alias and `status <prefix>` land on the same view.
    let direct = rnomad(&["alloc", "status", &id[..8]]).sim(&s).run();
    let alias = rnomad(&["alloc-status", &id[..8]]).sim(&s).run();
    let routed = rnomad(&["status", &id[..8]]).sim(&s).run();
    assert_eq!(direct.to_string(), alias.to_string());
    assert_eq!(direct.to_string(), routed.to_string());
}

#[test]
fn status_terminal_alloc() {
    let s = sim();
    let id = running_alloc(&s).0;
    s.with_state(|st| st.set_alloc_status(&id, "failed"));
    assert_snapshot!(
        "status_failed",
        rnomad(&["alloc", "status", &id[..8]]).sim(&s).run()
    );
}

#[test]
fn status_json_and_template() {
    let s = sim();
    let id = running_alloc(&s).0;
    let r = rnomad(&["alloc", "status", "-json", &id]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["ID"], id.as_str());
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "keys sorted");
    let r = rnomad(&[
        "alloc",
        "status",
        "-t",
        "{{.ID}} {{.ClientStatus}}",
        &id[..8],
    ])
    .sim(&s)
    .run();
    assert_eq!(r.stdout, format!("{id} running\n"));
    // No allocation with -json: every allocation, newest first.
    let r = rnomad(&["alloc", "status", "-json"]).sim(&s).run();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let in_default = s.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.namespace == "default")
            .count()
    });
    assert_eq!(v.as_array().map(Vec::len), Some(in_default));
    let r = rnomad(&["alloc", "status", "-json", "-t", "x", &id])
        .sim(&s)
        .run();
    assert_snapshot!("status_json_and_template", r);
}

#[test]
fn status_failures() {
    let s = sim();
    let id = running_alloc(&s).0;
    assert_snapshot!(
        "status_not_found",
        rnomad(&["alloc", "status", "0000000"]).sim(&s).run()
    );
    assert_snapshot!(
        "status_one_char",
        rnomad(&["alloc", "status", "a"]).sim(&s).run()
    );
    assert_snapshot!("status_no_args", rnomad(&["alloc", "status"]).sim(&s).run());
    assert_snapshot!(
        "status_two_args",
        rnomad(&["alloc", "status", "ab", "cd"]).sim(&s).run()
    );
    add_twin(&s, &id);
    let r = rnomad(&["alloc", "status", &id[..8]]).sim(&s).run();
    assert_snapshot!("status_ambiguous", r.to_string().replace(&id[..8], "<id>"));
    let r = rnomad(&["alloc", "status", "-verbose", &id[..8]])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains(&id), "verbose shows full IDs: {r}");
}

#[test]
fn status_denied_and_down() {
    let s = builder().acl(true).spawn();
    let r = rnomad(&["alloc", "status", "abcd"]).sim(&s).run();
    assert_snapshot!("status_permission_denied", r);
    let dead = dead_address();
    // Never the default address: a local agent may listen there (issue 12, bug 12).
    let r = rnomad(&["alloc", "status", "abcd"])
        .env("NOMAD_ADDR", &dead)
        .dead(&dead)
        .run();
    assert_snapshot!("status_server_down", r);
}

#[test]
fn list_views() {
    let s = sim();
    assert_snapshot!("list", rnomad(&["alloc", "list"]).sim(&s).run());
    assert_snapshot!(
        "list_verbose",
        rnomad(&["alloc", "list", "-verbose"]).sim(&s).run()
    );
    let id = running_alloc(&s).0;
    s.with_state(|st| st.set_alloc_status(&id, "failed"));
    assert_snapshot!(
        "list_filter_failed",
        rnomad(&["alloc", "list", "-filter", "ClientStatus == \"failed\""])
            .sim(&s)
            .run()
    );
    let r = rnomad(&["alloc", "list", "-prefix", &id[..4]])
        .sim(&s)
        .run();
    assert!(r.stdout.contains(&id[..8]), "{r}");
    assert_snapshot!(
        "list_paginated",
        rnomad(&["alloc", "list", "-per-page", "3"]).sim(&s).run()
    );
    assert_snapshot!(
        "list_all_namespaces",
        rnomad(&["alloc", "list", "-namespace=*", "-per-page=4"])
            .sim(&s)
            .run()
    );
}

#[test]
fn list_json_and_flags() {
    let s = sim();
    let r = rnomad(&["alloc", "list", "-json", "-task-states=false"])
        .sim(&s)
        .run();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert!(v[0]["TaskStates"].is_null(), "task states dropped");
    let r = rnomad(&["alloc", "list", "-json", "-resources"])
        .sim(&s)
        .run();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert!(
        v[0]["AllocatedResources"].is_object(),
        "resources asked for"
    );
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["TaskStates"].is_object()));
    let r = rnomad(&["alloc", "list", "-t", "{{range .}}{{.JobID}} {{end}}"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0);
    assert!(r.stdout.ends_with(" \n"), "{r}");
    assert_snapshot!(
        "list_bad_filter",
        rnomad(&["alloc", "list", "-filter", "=="]).sim(&s).run()
    );
    assert_snapshot!(
        "list_extra_args",
        rnomad(&["alloc", "list", "x"]).sim(&s).run()
    );
    let empty = builder().jobs(0).spawn();
    let r = rnomad(&["alloc", "list"]).sim(&empty).run();
    assert_eq!(r.stdout, "No allocations found\n");
}

#[test]
fn several_tasks() {
    let s = sim();
    let job = serde_json::json!({
        "ID": "multi", "Name": "multi", "Type": "service", "Datacenters": ["*"],
        "TaskGroups": [{"Name": "g", "Count": 1, "Tasks": [
            {"Name": "main", "Driver": "docker", "Resources": {"CPU": 100, "MemoryMB": 64}},
            {"Name": "init", "Driver": "docker", "Resources": {"CPU": 50, "MemoryMB": 32},
             "Lifecycle": {"Hook": "prestart", "Sidecar": false}}
        ]}]
    });
    s.with_state(|st| {
        let job = nomad_sim::job::canonicalize(&job).expect("a valid job");
        nomad_sim::sched::register(st, job);
    });
    let mut id = None;
    for _ in 0..100 {
        id = s.read_state(|st| {
            st.allocs
                .values()
                .find(|a| a.job_id == "multi" && a.client_status == "running")
                .map(|a| a.id.clone())
        });
        if id.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let id = id.expect("the allocation runs");
    let r = rnomad(&["alloc", "logs", &id[..8]]).sim(&s).run();
    assert_snapshot!(
        "several_tasks_logs",
        r.to_string().replace(&id[..8], "<id>")
    );
    let r = rnomad(&["alloc", "status", "-short", &id[..8]])
        .sim(&s)
        .run();
    assert_snapshot!("several_tasks_short", r.to_string().replace(&id, "<alloc>"));
    let r = rnomad(&["alloc", "logs", "-task", "init", &id[..8]])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
}

/// With a whole allocation ID, the allocation (and its checks and usage) are asked for while
/// the prefix check is still out: the server here holds the prefix answer until the
/// allocation request has arrived, and gives up with a 500 after 5 s if it never does.
#[test]
fn a_whole_id_is_fetched_alongside_the_prefix_check() {
    use crate::common::server;
    use std::sync::{Arc, Condvar, Mutex};
    let api = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/nomad-1.10.5/api"
    );
    let id = "4c3d15a7-cf56-6c69-3e13-c360ddd40d9c";
    let alloc = std::fs::read(format!("{api}/allocation-{id}.json")).expect("recording");
    let stats = std::fs::read(format!("{api}/alloc-prestart/stats.json")).expect("recording");
    let seen = Arc::new((Mutex::new(false), Condvar::new()));
    let flag = seen.clone();
    let srv = server::serve(move |req| {
        let (lock, cv) = &*flag;
        match req.path() {
            "/v1/allocations" => {
                let guard = lock.lock().expect("lock");
                let (guard, _) = cv
                    .wait_timeout_while(guard, std::time::Duration::from_secs(5), |s| !*s)
                    .expect("wait");
                if !*guard {
                    return server::Reply::new(500, "asked one after the other");
                }
                let stub = format!(r#"[{{"ID":"{id}","Namespace":"default","CreateIndex":13}}]"#);
                server::Reply::json(200, stub)
            }
            p if p == format!("/v1/allocation/{id}") => {
                *lock.lock().expect("lock") = true;
                cv.notify_all();
                server::Reply::json(200, alloc.clone())
            }
            p if p.ends_with("/stats") => server::Reply::json(200, stats.clone()),
            p if p.ends_with("/checks") => server::Reply::json(200, "{}"),
            _ => server::Reply::new(404, ""),
        }
    });
    let r = rnomad(&["alloc", "status", id])
        .env("NOMAD_ADDR", &srv.url)
        .env("NOMAD_CLI_SHOW_HINTS", "false")
        .run();
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r}");
    assert!(
        r.stdout
            .starts_with(&format!("ID                  = {id}\n")),
        "{r}"
    );
}

/// A group network's ports as `alloc status` lists them: the static port first, then the
/// dynamic ones in the range Nomad draws from, a `to` after an arrow (`to = -1`: the same
/// number). Checked against Nomad v1.10.5 with the same network block.
#[test]
fn status_addresses() {
    let s = builder().jobs(0).nodes(1).spawn();
    let port = |label: &str, value: i64, to: i64| serde_json::json!({"Label": label, "Value": value, "To": to});
    let job = |id: &str, count: i64, network: serde_json::Value| {
        serde_json::json!({
            "ID": id, "Type": "service", "Datacenters": ["*"],
            "TaskGroups": [{"Name": "g", "Count": count, "Networks": [network],
                "Tasks": [{"Name": "t", "Driver": "raw_exec",
                           "Resources": {"CPU": 50, "MemoryMB": 32}}]}],
        })
    };
    let network = serde_json::json!({
        "ReservedPorts": [port("fixed", 18080, 0)],
        "DynamicPorts": [port("http", 0, 0), port("admin", 0, 9090), port("same", 0, -1)],
    });
    register_job(&s, job("ports", 1, network));
    let network = serde_json::json!({"DynamicPorts": [port("http", 0, 0), port("admin", 0, 0)]});
    register_job(&s, job("more", 2, network));
    wait_for(&s, "the allocations run", |st| {
        st.allocs
            .values()
            .filter(|a| a.client_status == "running")
            .count()
            == 3
    });
    let id = running_alloc_where(&s, |a| a.job_id == "ports").0;
    let r = rnomad(&["alloc", "status", &id[..8]]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let section: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Allocation Addresses"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert_snapshot!("status_addresses", section.join("\n"));
    // Allocations on one node never share a dynamic port.
    let dynamic: Vec<i64> = s.read_state(|st| {
        st.allocs
            .values()
            .flat_map(|a| {
                a.ports
                    .iter()
                    .filter(|p| p.label != "fixed")
                    .map(|p| p.value)
            })
            .collect()
    });
    let distinct: std::collections::BTreeSet<_> = dynamic.iter().collect();
    assert_eq!((dynamic.len(), distinct.len()), (7, 7), "{dynamic:?}");
    assert!(
        dynamic.iter().all(|p| (20000..32000).contains(p)),
        "{dynamic:?}"
    );
}

/// A large list: the table asks for no task states (most of the body), `-json` keeps them
/// and is written while the list arrives, with the bytes of the whole list's `-json`.
#[test]
fn large_lists_stream() {
    use crate::common::server;
    let s = builder().jobs(80).allocs_per_job(4).spawn();
    let table = rnomad(&["alloc", "list"]).sim(&s).run();
    let count = table.stdout.lines().count() - 1;
    assert!(count > 200, "{count}");
    let r = rnomad(&["alloc", "list", "-json"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.len() > 256 * 1024, "{} bytes", r.stdout.len());
    let v: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v.len(), count);
    assert!(v.iter().all(|a| a["TaskStates"].is_object()));
    let created: Vec<u64> = v
        .iter()
        .map(|a| a["CreateIndex"].as_u64().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // The same bytes as the held path gives (a prefix query, sorted here), element for element.
    let one = &v[7]["ID"].as_str().unwrap()[..8];
    let held = rnomad(&["alloc", "list", "-json", "-prefix", one])
        .sim(&s)
        .run();
    let pos = r
        .stdout
        .find(&format!("\"ID\": \"{}", one))
        .expect("in the list");
    let start = r.stdout[..pos].rfind("\n    {").expect("element start");
    let end = start + r.stdout[start..].find("\n    }").expect("element end") + 6;
    let element = &r.stdout[start..end];
    assert_eq!(held.stdout, format!("[{element}\n]\n"));

    // What the table and -json ask for, and a body that breaks off after some elements.
    let body = serde_json::to_string(&v).unwrap();
    let cut = body[..body.len() / 2].to_string();
    let agent = server::serve(move |req| {
        if req.query().contains("task_states=false") {
            server::Reply::json(200, "[]")
        } else {
            server::Reply::json(200, cut.clone())
        }
    });
    let run = |args: &[&str]| {
        rnomad(args)
            .env("NOMAD_ADDR", &agent.url)
            .env("NOMAD_CLI_SHOW_HINTS", "false")
            .run()
    };
    let r = run(&["alloc", "list"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "No allocations found\n"),
        "{r}"
    );
    let r = run(&["alloc", "list", "-json"]);
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(r.stderr, "Error querying allocations: unexpected EOF\n");
    assert!(r.stdout.starts_with("[\n    {"), "written as it arrived");
}
