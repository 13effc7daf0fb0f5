//! rnomad's own commands against the agent: no Nomad CLI output to compare with, so each is
//! held to what the agent's API says when read directly.

use std::time::Duration;

use serde_json::Value;

use crate::agent::{cli, rnomad_bin, run, Agent};
use crate::corpus::mask;

/// Known failures that are other open bugs, by check name, each with its issue and bug
/// number. An entry whose check passes again fails the tier: remove it when the bug is fixed.
/// (Issue 12 bugs 1 and 2, event stream's split frames and false warning, are fixed.)
const EXPECTED_FAILURES: &[(&str, &str)] = &[];

/// A check of one command: `Err` says what differs.
type Check = fn(&Agent) -> Result<(), String>;

pub fn check(agent: &Agent) -> Vec<String> {
    let checks: [(&str, Check); 7] = [
        ("agent host", agent_host),
        ("alloc list paging", alloc_list_paging),
        ("context", context),
        ("job run -wait and job logs", run_wait_and_logs),
        ("job run -wait of a failing job", run_wait_failing),
        ("event stream -json", event_stream),
        ("job status -watch", watch),
    ];
    let mut failures = Vec::new();
    for (name, f) in checks {
        let xfail = EXPECTED_FAILURES.iter().find(|(n, _)| *n == name);
        match (f(agent), xfail) {
            (Ok(()), None) => {}
            (Err(_), Some((_, why))) => eprintln!("{name}: fails as expected ({why})"),
            (Ok(()), Some((_, why))) => failures.push(format!(
                "{name} passes now: remove it from EXPECTED_FAILURES ({why})"
            )),
            (Err(e), None) => failures.push(format!("{name}: {e}")),
        }
    }
    failures
}

fn rnomad_json(agent: &Agent, args: &[&str]) -> Result<Value, String> {
    let r = run(rnomad_bin(), args, agent);
    if r.code != 0 {
        return Err(format!("rnomad {args:?}: exit {}: {}", r.code, r.stderr));
    }
    serde_json::from_str(&r.stdout).map_err(|e| format!("rnomad {args:?}: {e}: {}", r.stdout))
}

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(what())
    }
}

/// `agent host` shows the agent's own host data (the endpoint sends it bare) under the ID the
/// other forms would name the agent by, and the forwarded forms as the agent wraps them.
fn agent_host(agent: &Agent) -> Result<(), String> {
    let host = agent.json("/v1/agent/host");
    let me = agent.json("/v1/agent/self");
    let node_id = me["stats"]["client"]["node_id"]
        .as_str()
        .unwrap_or_default();
    let server = me["member"]["Name"].as_str().unwrap_or_default();
    let v = rnomad_json(agent, &["agent", "host", "-json"])?;
    ensure(v["AgentID"] == node_id, || {
        format!(
            "-json AgentID {} is not the node ID {node_id}",
            v["AgentID"]
        )
    })?;
    // The disk usage moves between two reads; everything else is the same data.
    for key in ["OS", "Hosts", "ResolvConf", "Network", "Environment"] {
        ensure(v["HostData"][key] == host[key], || {
            format!(
                "-json HostData.{key} is {} where the agent says {}",
                v["HostData"][key], host[key]
            )
        })?;
    }
    let os = host["OS"].as_str().unwrap_or_default();
    let r = run(
        rnomad_bin(),
        &["agent", "host", "-t", "{{.HostData.OS}}"],
        agent,
    );
    ensure(r.code == 0 && r.stdout.trim_end() == os, || {
        format!(
            "-t {{{{.HostData.OS}}}}: exit {}: {}{}",
            r.code, r.stdout, r.stderr
        )
    })?;
    let r = run(rnomad_bin(), &["agent", "host"], agent);
    let table_ok = r.code == 0
        && r.stdout.contains(&format!("Agent ID    = {node_id}\n"))
        && !r.stdout.contains("<none>")
        && host["Network"].as_array().into_iter().flatten().all(|n| {
            r.stdout
                .contains(&format!("{}  ", n["type"].as_str().unwrap_or("?")))
        });
    ensure(table_ok, || format!("the table:\n{}{}", r.stdout, r.stderr))?;
    let v = rnomad_json(
        agent,
        &["agent", "host", "-json", "-node-id", &node_id[..8]],
    )?;
    ensure(v["AgentID"] == node_id && v["HostData"]["OS"] == os, || {
        format!("-node-id: {}", v["AgentID"])
    })?;
    let v = rnomad_json(agent, &["agent", "host", "-json", "-server-id", server])?;
    ensure(v["AgentID"] == server && v["HostData"]["OS"] == os, || {
        format!("-server-id: {}", v["AgentID"])
    })?;
    let r = run(
        rnomad_bin(),
        &["agent", "host", "-server-id", server, "-node-id", node_id],
        agent,
    );
    ensure(
        r.code == 1
            && r.stderr.lines().count() == 1
            && r.stderr
                .contains("Can only forward to either client node or server"),
        || format!("both IDs: exit {}: {}", r.code, r.stderr),
    )
}

/// The first column of a table's rows (up to the first empty line).
fn first_column(table: &str) -> Vec<String> {
    table
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// `alloc list` pages newest first (the agent's `reverse=true` order, CreateIndex
/// descending) and its pages, followed by their tokens, add up to the whole list.
fn alloc_list_paging(agent: &Agent) -> Result<(), String> {
    let truth = agent.json("/v1/allocations?reverse=true");
    let truth = truth.as_array().cloned().unwrap_or_default();
    let index: Vec<u64> = truth
        .iter()
        .map(|a| a["CreateIndex"].as_u64().unwrap_or(0))
        .collect();
    ensure(index.windows(2).all(|w| w[0] >= w[1]), || {
        format!("the agent's reverse order is not newest first: {index:?}")
    })?;
    let want: Vec<String> = truth
        .iter()
        .map(|a| a["ID"].as_str().unwrap_or_default().to_string())
        .collect();
    ensure(want.len() >= 5, || {
        format!("too few allocations to page: {}", want.len())
    })?;
    let whole = run(rnomad_bin(), &["alloc", "list", "-verbose"], agent);
    ensure(first_column(&whole.stdout) == want, || {
        format!("unpaged, not newest first:\n{}", whole.stdout)
    })?;
    let mut got = Vec::new();
    let mut token = String::new();
    for _ in 0..want.len() {
        let mut args = vec!["alloc", "list", "-verbose", "-per-page", "2"];
        if !token.is_empty() {
            args.extend(["-page-token", &token]);
        }
        let r = run(rnomad_bin(), &args, agent);
        ensure(r.code == 0, || format!("{args:?}: {}", r.stderr))?;
        got.extend(first_column(&r.stdout));
        token = r
            .stdout
            .lines()
            .last()
            .and_then(|l| l.split_once(" -page-token "))
            .map(|(_, t)| t.trim().to_string())
            .unwrap_or_default();
        if token.is_empty() {
            break;
        }
    }
    ensure(got == want, || {
        format!("pages of 2 give\n{got:?}\nwhere the agent's newest-first list is\n{want:?}")
    })?;
    let page = rnomad_json(agent, &["alloc", "list", "-json", "-per-page", "3"])?;
    let ids: Vec<&str> = page
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["ID"].as_str())
        .collect();
    ensure(ids == want[..3], || format!("-json first page: {ids:?}"))
}

/// The events of an ndjson stream of frames, in order (heartbeats `{}` have none).
fn frame_events(body: &str) -> Vec<Value> {
    body.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .flat_map(|f| f["Events"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// `event stream -json -index 1` prints exactly the events the endpoint sends, in order, and
/// warns of nothing (the dev agent's buffer is far from full).
fn event_stream(agent: &Agent) -> Result<(), String> {
    agent.settle(&["stuck"]);
    let want = frame_events(&agent.read_stream("/v1/event/stream?index=1", Duration::from_secs(3)));
    ensure(!want.is_empty(), || "the agent sent no events".to_string())?;
    let live = cli(
        rnomad_bin(),
        &["event", "stream", "-json", "-index", "1"],
        agent,
    )
    .spawn();
    live.until_quiet(Duration::from_secs(2));
    let ended = live.interrupt();
    let (code, err) = (ended.code().unwrap_or(-1), ended.stderr);
    let lines: Vec<&str> = ended.stdout.lines().collect();
    let got: Vec<Value> = lines
        .iter()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    ensure(got.len() == lines.len(), || {
        format!("lines that are not JSON: {lines:?}")
    })?;
    let key = |e: &Value| format!("{} {} {}", e["Index"], e["Topic"], e["Type"]);
    ensure(got == want, || {
        format!(
            "rnomad printed {} events, the agent sent {} (exit {code}, {err})\nrnomad: {:?}\nagent:  {:?}",
            got.len(),
            want.len(),
            got.iter().map(key).collect::<Vec<_>>(),
            want.iter().map(key).collect::<Vec<_>>()
        )
    })?;
    ensure(code == 130 && err.is_empty(), || {
        format!("Ctrl-C: exit {code}, stderr {err:?}")
    })
}

/// `job status -watch` shows the job as `job status` does, and after the job is stopped its
/// last view is what `nomad job status` shows then; Ctrl-C ends it with 130.
fn watch(agent: &Agent) -> Result<(), String> {
    agent.settle(&["stuck"]);
    let quiet = Duration::from_millis(1500);
    let live = cli(rnomad_bin(), &["job", "status", "-watch", "watched"], agent).spawn();
    let first = live.until_quiet(quiet).join("\n") + "\n";
    let nomad = run(&agent.nomad, &["job", "status", "watched"], agent);
    ensure(mask(&first, false) == mask(&nomad.stdout, false), || {
        format!(
            "first view:\n{first}--- nomad job status:\n{}",
            nomad.stdout
        )
    })?;
    let stop = run(&agent.nomad, &["job", "stop", "-detach", "watched"], agent);
    ensure(stop.code == 0, || {
        format!("nomad job stop: {}", stop.stderr)
    })?;
    agent.settle(&["stuck"]);
    live.until_quiet(quiet);
    let ended = live.interrupt();
    let (code, err) = (ended.code().unwrap_or(-1), ended.stderr);
    let later: Vec<&str> = ended.stdout.lines().collect();
    let nomad = run(&agent.nomad, &["job", "status", "watched"], agent);
    let last = later
        .iter()
        .rposition(|l| l.starts_with("--- index "))
        .map(|i| later[i + 1..].join("\n") + "\n")
        .unwrap_or_default();
    ensure(mask(&last, false) == mask(&nomad.stdout, false), || {
        format!(
            "after the stop:\n{}\n--- nomad job status:\n{}",
            later.join("\n"),
            nomad.stdout
        )
    })?;
    ensure(code == 130 && err.is_empty(), || {
        format!("Ctrl-C: exit {code}, stderr {err:?}")
    })
}

/// A context reaches the agent where no `NOMAD_ADDR` is set, and gives way to one that is.
fn context(agent: &Agent) -> Result<(), String> {
    let home = agent.dir().join("context-home");
    let home = home.to_string_lossy();
    let rn = |args: &[&str]| {
        cli(rnomad_bin(), args, agent)
            .env("XDG_CONFIG_HOME", &home)
            .unset("NOMAD_ADDR")
    };
    let address = format!("-address={}", agent.url);
    let set = rn(&["context", "set", &address, "real"]).run();
    ensure(set.code == 0, || format!("context set: {}", set.stderr))?;
    let nomad = run(&agent.nomad, &["job", "status"], agent);
    let mine = rn(&["job", "status", "-context=real"]).run();
    ensure(
        mine.code == 0 && mask(&mine.stdout, false) == mask(&nomad.stdout, false),
        || {
            format!(
                "job status -context=real:\n{mine}--- nomad job status:\n{}",
                nomad.stdout
            )
        },
    )?;
    // NOMAD_ADDR wins over the context: a closed port fails as it does for nomad.
    let dead = "http://127.0.0.1:1";
    let nomad = cli(&agent.nomad, &["job", "status"], agent)
        .env("NOMAD_ADDR", dead)
        .run();
    let mine = rn(&["job", "status", "-context=real"])
        .env("NOMAD_ADDR", dead)
        .run();
    ensure(
        (mine.code, &mine.stderr) == (nomad.code, &nomad.stderr),
        || format!("with NOMAD_ADDR set:\n{mine}--- nomad:\n{nomad}"),
    )
}

/// A batch job of `count` raw_exec tasks running `script`, that neither restarts nor
/// reschedules (a failure is final at once).
fn batch_job(agent: &Agent, name: &str, count: u32, script: &str) -> String {
    let text = format!(
        r#"job "{name}" {{
  type = "batch"
  group "g" {{
    count = {count}
    ephemeral_disk {{ size = 10 }}
    restart {{
      attempts = 0
      mode     = "fail"
    }}
    reschedule {{
      attempts  = 0
      unlimited = false
    }}
    task "t" {{
      driver = "raw_exec"
      logs {{
        max_files     = 2
        max_file_size = 2
      }}
      config {{
        command = "/bin/sh"
        args    = ["-c", "{script}"]
      }}
      resources {{
        cpu    = 20
        memory = 16
      }}
    }}
  }}
}}
"#
    );
    let path = agent.dir().join(format!("{name}.nomad.hcl"));
    std::fs::write(&path, text).expect("write the job file");
    path.to_string_lossy().into_owned()
}

/// `job run -wait` of a batch job that succeeds exits 0 once both allocations are complete;
/// `job logs -all` then shows the lines of both allocations, each under its own prefix.
fn run_wait_and_logs(agent: &Agent) -> Result<(), String> {
    let file = batch_job(agent, "twice", 2, "echo hello from $NOMAD_ALLOC_INDEX");
    let r = run(
        rnomad_bin(),
        &["job", "run", "-wait", "-timeout", "90s", &file],
        agent,
    );
    ensure(r.code == 0, || format!("job run -wait twice: {r}"))?;
    let allocs = agent.json("/v1/job/twice/allocations");
    let ids: Vec<String> = allocs
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["ID"].as_str().map(|s| s[..8].to_string()))
                .collect()
        })
        .unwrap_or_default();
    ensure(ids.len() == 2, || format!("allocations of twice: {allocs}"))?;
    let logs = run(
        rnomad_bin(),
        &["job", "logs", "-all", "-stdout", "twice"],
        agent,
    );
    ensure(logs.code == 0, || format!("job logs -all twice: {logs}"))?;
    for id in &ids {
        ensure(
            logs.stdout
                .lines()
                .any(|l| l.starts_with(id.as_str()) && l.contains("hello from")),
            || format!("no line of allocation {id} in:\n{}", logs.stdout),
        )?;
    }
    Ok(())
}

/// `job run -wait` of a batch job whose task fails exits 1.
fn run_wait_failing(agent: &Agent) -> Result<(), String> {
    let file = batch_job(agent, "fails", 1, "exit 3");
    let r = run(
        rnomad_bin(),
        &["job", "run", "-wait", "-timeout", "90s", &file],
        agent,
    );
    ensure(r.code == 1, || format!("job run -wait fails: {r}"))
}
