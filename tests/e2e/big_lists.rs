//! Large lists and fan-outs (#18): lists read as they arrive print the bytes the whole list
//! printed (`-json` as Nomad's `Format` of the Go client's sorted list, `-t` over the whole
//! value), and fan-outs keep a bounded window of requests in flight.

use serde_json::Value;

use crate::common::{builder, rnomad};
use nomad_sim::Sim;
use rnomad::output::json::to_json;

/// The list body the agent sends, read through `operator api`.
fn body(s: &Sim, path: &str) -> Value {
    let r = rnomad(&["operator", "api", path]).sim(s).run();
    assert_eq!(r.code, 0, "{r}");
    serde_json::from_str(&r.stdout).expect("JSON body")
}

/// What printing the whole list gave: the Go client's sort (newest first, Go's order among
/// equal indexes) and Nomad's `-json` of the result.
fn whole_json(body: Value, ty: &str) -> String {
    let mut v = match body {
        Value::Array(v) => v,
        _ => Vec::new(),
    };
    let key = |x: &Value| x["CreateIndex"].as_u64().unwrap_or(0);
    rnomad::gocompat::sort::sort(&mut v, |a, b| key(a) > key(b));
    format!("{}\n", to_json(ty, &Value::Array(v)))
}

fn ids_in_order(json: &str) -> String {
    let v: Vec<Value> = serde_json::from_str(json).expect("JSON list");
    // An element without a string ID is no row of the table.
    v.iter()
        .filter_map(|e| Some(format!("{} ", e["ID"].as_str()?)))
        .collect()
}

#[test]
fn streamed_lists_print_the_whole_lists_bytes() {
    // Jobs of 30 allocations placed together: equal CreateIndexes in lists longer than the
    // twelve elements Go's sort puts in order by insertion, so its order among them shows.
    let s = builder().jobs(40).allocs_per_job(30).spawn();
    let allocs = body(&s, "/v1/allocations?task_states=false");
    let job = allocs[0]["JobID"].as_str().expect("a job").to_string();
    let job = job.as_str();
    let job_path = format!("/v1/job/{job}/allocations?all=false");
    let cases: [(&[&str], &str, &str); 4] = [
        (&["eval", "list"], "/v1/evaluations", "[]*Evaluation"),
        (&["deployment", "list"], "/v1/deployments", "[]*Deployment"),
        (&["job", "allocs", job], &job_path, "[]*AllocationListStub"),
        (&["node", "status"], "/v1/nodes", "[]*NodeListStub"),
    ];
    for (args, path, ty) in cases {
        let whole = body(&s, path);
        let n = whole.as_array().map_or(0, Vec::len);
        assert!(n >= 2, "{args:?}: {n} elements");
        let mut keys: Vec<u64> = whole
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["CreateIndex"].as_u64().unwrap_or(0))
            .collect();
        keys.sort();
        let ties = keys.windows(2).filter(|w| w[0] == w[1]).count();
        assert_eq!(
            ties, 0,
            "the sim gives each its own index; the next test shares them"
        );
        let json = rnomad(&[args, &["-json"]].concat()).sim(&s).run();
        assert_eq!(json.code, 0, "{json}");
        assert_eq!(json.stdout, whole_json(whole, ty), "{args:?} -json");
        // `-t` ranges over the whole list, in the same order.
        let tmpl = "{{range .}}{{.ID}} {{end}}";
        let t = rnomad(&[args, &["-t", tmpl]].concat()).sim(&s).run();
        assert_eq!(t.code, 0, "{t}");
        assert_eq!(t.stdout.trim_end(), ids_in_order(&json.stdout).trim_end());
        // The table lists the same elements in the same order.
        let table = rnomad(&[args, &["-verbose"]].concat()).sim(&s).run();
        let rows: Vec<&str> = table
            .stdout
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .collect();
        assert_eq!(
            rows.join(" "),
            ids_in_order(&json.stdout).trim_end(),
            "{args:?}"
        );
    }
}

/// The sim gives each element its own CreateIndex; a real cluster places many allocations in
/// one plan. The same lists with a handful of indexes, shared by many elements (and one
/// element that is no list stub at all), print as the whole lists did.
#[test]
fn equal_create_indexes_keep_go_order() {
    use crate::common::server;
    let s = builder().jobs(40).allocs_per_job(30).spawn();
    let jobs = body(&s, "/v1/jobs");
    let job = jobs[0]["ID"].as_str().expect("a job").to_string();
    let job_allocs = format!("/v1/job/{job}/allocations");
    let mut bodies = std::collections::HashMap::new();
    for path in ["/v1/evaluations", "/v1/deployments", job_allocs.as_str()] {
        let mut v = body(&s, &format!("{path}?all=false"));
        for (i, e) in v.as_array_mut().expect("list").iter_mut().enumerate() {
            e["CreateIndex"] = Value::from((i % 3) as u64 * 10);
        }
        v.as_array_mut().unwrap().push(serde_json::json!({"ID": 7}));
        bodies.insert(path.to_string(), v);
    }
    let (jobs, served) = (jobs.to_string(), bodies.clone());
    let agent = server::serve(move |req| match served.get(req.path()) {
        Some(v) => server::Reply::json(200, v.to_string()),
        None if req.path() == "/v1/jobs" => server::Reply::json(200, jobs.clone()),
        None => server::Reply::json(404, "not here"),
    });
    let run = |args: &[&str]| {
        rnomad(args)
            .env("NOMAD_ADDR", &agent.url)
            .env("NOMAD_CLI_SHOW_HINTS", "false")
            .run()
    };
    let cases: [(&[&str], &str, &str); 3] = [
        (&["eval", "list"], "/v1/evaluations", "[]*Evaluation"),
        (&["deployment", "list"], "/v1/deployments", "[]*Deployment"),
        (
            &["job", "allocs", &job],
            &job_allocs,
            "[]*AllocationListStub",
        ),
    ];
    for (args, path, ty) in cases {
        let whole = bodies[path].clone();
        assert!(whole.as_array().unwrap().len() > 13, "{args:?}");
        let json = run(&[args, &["-json"]].concat());
        assert_eq!(json.code, 0, "{json}");
        assert_eq!(json.stdout, whole_json(whole, ty), "{args:?} -json");
        // The table leaves out what is no list stub, in the same order otherwise.
        let table = run(&[args, &["-verbose"]].concat());
        assert_eq!(table.code, 0, "{table}");
        let rows: Vec<&str> = table
            .stdout
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .collect();
        let ids = ids_in_order(&json.stdout);
        assert_eq!(rows.join(" "), ids.trim_end(), "{args:?}");
    }
}

/// A sorted list bigger than what `-json` keeps in memory (its elements wait in a temporary
/// file): the same bytes as the whole list, ties and an element that is no object included.
#[test]
fn sorted_json_beyond_memory_prints_the_whole_lists_bytes() {
    use crate::common::server;
    let pad = "x".repeat(2000);
    let mut evals: Vec<Value> = (0..3000)
        .map(|i| {
            serde_json::json!({"ID": format!("{i:08x}-0000-0000-0000-000000000000"),
                "CreateIndex": (i % 7) * 10, "StatusDescription": pad, "Status": "complete"})
        })
        .collect();
    evals.insert(1500, Value::from("not an evaluation"));
    let whole = Value::Array(evals);
    assert!(whole.to_string().len() > rnomad::api::spill::SPILL_AT);
    let served = whole.to_string();
    let agent = server::serve(move |req| match req.path() {
        "/v1/evaluations" => server::Reply::json(200, served.clone()),
        _ => server::Reply::json(404, "not here"),
    });
    let json = rnomad(&["eval", "list", "-json"])
        .env("NOMAD_ADDR", &agent.url)
        .run();
    assert_eq!(json.code, 0, "{}", json.stderr);
    assert!(
        json.stdout == whole_json(whole, "[]*Evaluation"),
        "eval list -json differs from the whole list's"
    );
}

/// `job status -json` over many jobs (four requests each) and `node status -allocs` over many
/// nodes (one each) keep at most 32 requests in flight, however many jobs or nodes there are;
/// slowed answers make every request of the window overlap.
#[test]
fn fan_outs_keep_a_bounded_window() {
    const WINDOW: usize = 32;
    let s = builder().jobs(60).nodes(70).allocs_per_job(2).spawn();
    s.faults().latency("/v1/job/", 40);
    s.faults().latency("/v1/node/", 40);
    let r = rnomad(&["job", "status", "-json"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let docs: Vec<Value> = serde_json::from_str(&r.stdout).expect("JSON");
    assert!(docs.len() >= 60, "{} jobs", docs.len());
    let most = s.max_in_flight();
    // One more for a request of the command's own (the job list) is allowed for.
    assert!(
        (WINDOW / 2..=WINDOW + 1).contains(&most),
        "{most} in flight"
    );

    let s = builder().jobs(20).nodes(70).allocs_per_job(2).spawn();
    s.faults().latency("/v1/node/", 40);
    let r = rnomad(&["node", "status", "-allocs"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout.lines().count(), 71, "{r}");
    let most = s.max_in_flight();
    assert!(
        (WINDOW / 2..=WINDOW + 1).contains(&most),
        "{most} in flight"
    );
}

/// `job status -json` is written in the job list's order as the documents complete: the
/// bytes of the whole list's `-json` (each job's document as `job status -json <job>` prints
/// it), while `-t` still ranges over the whole list.
#[test]
fn job_status_json_streams_in_list_order() {
    let s = builder().jobs(30).allocs_per_job(3).spawn();
    let r = rnomad(&["job", "status", "-json"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let docs: Vec<Value> = serde_json::from_str(&r.stdout).expect("JSON");
    let ids: Vec<String> = docs
        .iter()
        .map(|d| d["Summary"]["JobID"].as_str().unwrap_or("").to_string())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "Nomad's order: by ID");
    let whole = format!("{}\n", to_json("[]JobJson", &Value::Array(docs)));
    assert_eq!(r.stdout, whole);
    let t = rnomad(&[
        "job",
        "status",
        "-t",
        "{{range .}}{{.Summary.JobID}} {{end}}",
    ])
    .sim(&s)
    .run();
    assert_eq!(t.code, 0, "{t}");
    assert_eq!(t.stdout.trim_end(), ids.join(" "));
}
