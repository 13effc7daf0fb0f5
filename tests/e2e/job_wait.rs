//! `job wait`, `job run -wait` and `job stop -wait` (rnomad's own) against nomad-sim: exit 0
//! when the version is done, 1 when tasks or the deployment failed, 2 when nothing could be
//! placed, 124 on timeout; the one-line failures. The lines in between depend on when the
//! sim's scheduler moves, so tests check the first and last lines and the exit code.

use std::time::Duration;

use crate::common::{builder, dead_address, register_job, rnomad, wait_for, Sim};
use nomad_sim::state::Timing;
use serde_json::json;

/// A sim whose batch allocations run for `batch_run`.
fn sim_with_batch_run(batch_run: Duration) -> Sim {
    builder()
        .timing(Timing {
            batch_run,
            ..Timing::default()
        })
        .spawn()
}

fn job(id: &str, kind: &str, count: i64, meta: serde_json::Value) -> serde_json::Value {
    json!({
        "ID": id, "Name": id, "Type": kind, "Datacenters": ["*"],
        "TaskGroups": [{"Name": "g", "Count": count, "Meta": meta,
            "Tasks": [{"Name": "t", "Driver": "docker", "Config": {"image": "busybox"},
                "Resources": {"CPU": 100, "MemoryMB": 64}}]}]
    })
}

fn last_line(s: &str) -> &str {
    s.trim_end().lines().last().unwrap_or("")
}

/// The sim's timestamps are frozen: lines start with this.
const T: &str = "2023-11-14T22:13:20Z";

#[test]
fn batch_job_done_exits_0() {
    let s = sim_with_batch_run(Duration::from_millis(300));
    register_job(&s, job("crunch", "batch", 2, json!({})));
    let r = rnomad(&["job", "wait", "cru"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout.starts_with(&format!(
            "==> {T}: Waiting for job \"crunch\" version 0 (batch)\n"
        )),
        "{r}"
    );
    assert!(
        r.stdout
            .contains(&format!("    {T}: Group \"g\": 2 complete\n")),
        "{r}"
    );
    assert_eq!(
        last_line(&r.stdout),
        format!("==> {T}: Job \"crunch\" version 0 is done: 2 allocations complete")
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn run_wait_follows_the_monitor_then_waits() {
    let s = sim_with_batch_run(Duration::from_millis(300));
    let r = rnomad(&["job", "run", "-wait", "-timeout", "30s", "-json", "-"])
        .sim(&s)
        .stdin(&job("once", "batch", 1, json!({})).to_string())
        .run();
    assert_eq!(r.code, 0, "{r}");
    // Nomad's monitor output first, unchanged; then the wait.
    let monitor_end = r
        .stdout
        .find("finished with status \"complete\"")
        .expect("the monitor's last line");
    let wait_start = r.stdout.find("Waiting for job \"once\"").expect("the wait");
    assert!(monitor_end < wait_start, "{r}");
    assert!(
        last_line(&r.stdout).ends_with("is done: 1 allocation complete"),
        "{r}"
    );
    let all = s.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| a.job_id == "once")
            .all(|a| a.client_status == "complete")
    });
    assert!(all, "the allocation completed before rnomad returned");
}

#[test]
fn failed_batch_allocation_exits_1() {
    let s = sim_with_batch_run(Duration::from_secs(60));
    register_job(&s, job("flaky", "batch", 1, json!({})));
    wait_for(&s, "the allocation runs", |st| {
        st.allocs
            .values()
            .any(|a| a.job_id == "flaky" && a.client_status == "running")
    });
    let id = s.read_state(|st| {
        st.allocs
            .values()
            .find(|a| a.job_id == "flaky")
            .map(|a| a.id.clone())
            .unwrap_or_default()
    });
    s.with_state(|st| st.set_alloc_status(&id, "failed"));
    let r = rnomad(&["job", "wait", "flaky"]).sim(&s).run();
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(
        r.stderr,
        format!("==> {T}: Job \"flaky\" version 0 failed: 1 allocation failed (of 1)\n")
    );
}

#[test]
fn failed_deployment_exits_1() {
    let s = builder().spawn();
    let r = rnomad(&["job", "run", "-wait", "-json", "-"])
        .sim(&s)
        .stdin(&job("sick", "service", 1, json!({"sim_unhealthy": "true"})).to_string())
        .run();
    assert_eq!(r.code, 1, "{r}");
    let last = last_line(&r.stderr);
    assert!(
        last.starts_with(&format!(
            "==> {T}: Job \"sick\" version 0 failed: deployment \""
        )) && last.ends_with("failed: Failed due to unhealthy allocations"),
        "{r}"
    );
}

#[test]
fn nothing_placed_exits_2() {
    let s = builder().spawn();
    let mut j = job("stuck", "service", 2, json!({}));
    j["Constraints"] = json!([{"LTarget": "${attr.nonexistent}", "RTarget": "x", "Operand": "="}]);
    register_job(&s, j);
    let r = rnomad(&["job", "wait", "stuck"]).sim(&s).run();
    assert_eq!(r.code, 2, "{r}");
    let last = last_line(&r.stderr);
    assert!(
        last.starts_with(&format!(
            "==> {T}: Job \"stuck\" version 0 could not be placed: group \"g\" (evaluation \""
        )) && last.ends_with("waiting for capacity)"),
        "{r}"
    );
}

#[test]
fn timeout_exits_124_with_a_json_summary() {
    let s = sim_with_batch_run(Duration::from_secs(60));
    register_job(&s, job("slow", "batch", 1, json!({})));
    let r = rnomad(&["job", "wait", "-timeout", "700ms", "-json", "slow"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 124, "{r}");
    assert_eq!(
        last_line(&r.stderr),
        format!("==> {T}: Timed out after 700ms waiting for job \"slow\" version 0")
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("one JSON object");
    assert_eq!(v["Outcome"], "timeout");
    assert_eq!(v["ExitCode"], 124);
    assert_eq!(v["JobID"], "slow");
    assert_eq!(v["Allocations"].as_array().map(Vec::len), Some(1));
}

#[test]
fn successful_deployment_exits_0() {
    let s = builder().spawn();
    register_job(&s, job("web", "service", 2, json!({})));
    let r = rnomad(&["job", "wait", "-json", "web"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("one JSON object");
    assert_eq!(v["Outcome"], "done");
    assert_eq!(v["DeploymentStatus"], "successful");
    let healthy = v["Allocations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["Healthy"] == true)
        .count();
    assert_eq!(healthy, 2, "{r}");
}

#[test]
fn stop_wait_returns_once_every_allocation_stopped() {
    let s = builder().spawn();
    register_job(&s, job("gone", "service", 3, json!({})));
    wait_for(&s, "three running allocations", |st| {
        st.allocs
            .values()
            .filter(|a| a.job_id == "gone" && a.client_status == "running")
            .count()
            == 3
    });
    let r = rnomad(&["job", "stop", "-wait", "gone"]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        last_line(&r.stdout),
        format!("==> {T}: Job \"gone\" stopped: 3 allocations stopped")
    );
    let live = s.read_state(|st| {
        st.allocs
            .values()
            .filter(|a| {
                a.job_id == "gone"
                    && !matches!(a.client_status.as_str(), "complete" | "failed" | "lost")
            })
            .count()
    });
    assert_eq!(live, 0);
    // A purge after it finds nothing running.
    let r = rnomad(&["job", "stop", "-purge", "-detach", "-wait", "-yes", "gone"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    assert!(
        last_line(&r.stdout).ends_with("stopped: 3 allocations stopped"),
        "{r}"
    );
}

#[test]
fn failures_are_one_line() {
    let s = builder().spawn();
    register_job(&s, job("alpha1", "batch", 1, json!({})));
    register_job(&s, job("alpha2", "batch", 1, json!({})));
    let cases: [(&[&str], &str); 4] = [
        (
            &["job", "wait", "nope"],
            "No job(s) with prefix or ID \"nope\" found\n",
        ),
        (
            &["job", "wait", "-timeout", "soon", "alpha1"],
            "Invalid -timeout value: time: invalid duration \"soon\"\n",
        ),
        (
            &["job", "wait", "-timeout", "0s", "alpha1"],
            "Invalid -timeout value: \"0s\" is not a positive duration\n",
        ),
        (
            &["job", "run", "-timeout", "5s", "x.hcl"],
            "The -timeout flag needs -wait\n",
        ),
    ];
    for (args, err) in cases {
        let r = rnomad(args).sim(&s).run();
        assert_eq!(
            (r.code, r.stderr.as_str(), r.stdout.as_str()),
            (1, err, ""),
            "{args:?}"
        );
    }
    let r = rnomad(&["job", "wait", "alpha"]).sim(&s).run();
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stderr
            .starts_with("Prefix \"alpha\" matched multiple jobs\n"),
        "{r}"
    );
    let dead = dead_address();
    let r = rnomad(&["job", "wait", "alpha1"])
        .env("NOMAD_ADDR", &dead)
        .dead(&dead)
        .run();
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(r.stderr.lines().count(), 1, "{r}");
    assert!(
        r.stderr
            .starts_with("Error querying job prefix \"alpha1\": Get "),
        "{r}"
    );
    let r = rnomad(&["job", "wait"]).sim(&s).run();
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stderr
            .starts_with("This command takes one argument: <job>\n"),
        "{r}"
    );
}

#[test]
fn permission_denied_is_one_line() {
    let s = builder().acl(true).token("nothing", "deny").spawn();
    let r = rnomad(&["job", "wait", "anything"])
        .sim(&s)
        .env("NOMAD_TOKEN", "nothing")
        .run();
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(
        r.stderr,
        "Error querying job \"anything\": Unexpected response code: 403 (Permission denied)\n"
    );
}

#[test]
fn periodic_jobs_are_refused() {
    let s = builder().spawn();
    let mut j = job("nightly", "batch", 1, json!({}));
    j["Periodic"] = json!({"Enabled": true, "Spec": "0 3 * * *", "SpecType": "cron"});
    register_job(&s, j.clone());
    let r = rnomad(&["job", "wait", "nightly"]).sim(&s).run();
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(
        r.stderr,
        "Job \"nightly\" is periodic: it runs no allocations of its own to wait for\n"
    );
    // `job run -wait` refuses it before registering anything.
    j["ID"] = json!("nightly2");
    j["Name"] = json!("nightly2");
    let r = rnomad(&["job", "run", "-wait", "-json", "-"])
        .sim(&s)
        .stdin(&j.to_string())
        .run();
    assert_eq!(r.code, 1, "{r}");
    assert!(s.read_state(|st| st.job("default", "nightly2").is_none()));
}
