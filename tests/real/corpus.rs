//! The differential corpus: the real `nomad` and `rnomad` run with the same arguments against
//! the same settled agent, their stdout, stderr and exit codes compared.
//!
//! What may differ between two runs a moment apart is masked: relative times ("4m38s ago",
//! with the column padding around them) always, and IDs for the invocations that create
//! objects. Output that is JSON on both sides is compared as JSON values (Go prints maps in
//! random order). A pair that differs is run again once after the cluster settles, so a
//! client update landing between the two runs is not reported.

use std::collections::BTreeMap;

use crate::agent::{cli, rnomad_bin, Agent};
use crate::common::Run;

/// Known differences that are other open bugs, each named by its issue and bug number. An
/// entry whose invocation matches again fails the tier: remove it when the bug is fixed.
const EXPECTED_FAILURES: &[(&str, &str)] = &[];

struct Case {
    args: Vec<String>,
    /// The invocation creates objects: IDs differ between the two runs.
    creates: bool,
    /// Run with the Web UI hints on (`NOMAD_CLI_SHOW_HINTS` unset), as a user's shell is.
    hints: bool,
    /// Progress lines stamped with the time (`job restart`): the stamps and IDs are masked.
    stamped: bool,
}

/// The invocations, `{name}` standing for an ID or path found on the agent.
const CORPUS: &[&str] = &[
    // jobs
    "job status",
    "job status -verbose",
    "job status -short",
    "job status -namespace=*",
    "job status web",
    "job status -verbose web",
    "job status -short web",
    "job status -evals web",
    "job status -all-allocs web",
    "job status -json web",
    "job status -t {{.ID}}:{{.Status}} web",
    "job status echo",
    "job status report",
    "job status param",
    "job status stuck",
    "job status -verbose stuck",
    "job status {report_child}",
    "job status {param_child}",
    "job status nosuchjob",
    "job status w",
    "job status a b",
    "job inspect web",
    "job inspect -t {{.Name}} web",
    "job inspect nosuchjob",
    "job allocs web",
    "job allocs -verbose web",
    "job allocs -json web",
    "job deployments web",
    "job deployments -latest web",
    "job history web",
    "job history -json web",
    "job validate {jobs}/web.nomad.hcl",
    "job plan {jobs}/web.nomad.hcl",
    "job plan {jobs}/nosuchfile.nomad.hcl",
    "job run -output {jobs}/web.nomad.hcl",
    "job run -output -var tag=1.10 -var untyped=007 -var replicas=+5 {jobs}/vars.nomad.hcl",
    // job-file variables: every source, merged per variable, and Nomad's errors
    "job run -output -var ports=[1,2] -var untyped=[1,2] -var tag=inf {jobs}/vars.nomad.hcl",
    "job run -output -var-file {jobs}/vars.hcl -var tag=flag {jobs}/vars.nomad.hcl",
    "job run -output -var-file {jobs}/vars.json -var-file {jobs}/vars.hcl {jobs}/vars.nomad.hcl",
    "job run -output -var-file {jobs}/vars.hcl -var-file {jobs}/vars.json -var replicas=3 {jobs}/vars.nomad.hcl",
    "job run -output -var ports=[80, {jobs}/vars.nomad.hcl",
    "job run -output -var ports=[80]] {jobs}/vars.nomad.hcl",
    "job run -output -var replicas=two {jobs}/vars.nomad.hcl",
    "job run -output -var ports=x -var ports=[8] {jobs}/vars.nomad.hcl",
    "job run -output -var =x {jobs}/vars.nomad.hcl",
    "job run -output -var fake=1 -var tag=x {jobs}/vars.nomad.hcl",
    "job run -output -var-file {jobs}/nosuchfile.hcl {jobs}/vars.nomad.hcl",
    "job run -output -var-file {jobs}/vars-dup.json -var-file {jobs}/vars-block.hcl {jobs}/vars.nomad.hcl",
    "job run -output -var-file {jobs}/vars.hcl -var-file {jobs}/vars-unterminated.hcl {jobs}/vars.nomad.hcl",
    "job run -output -var-file {jobs}/vars-block.hcl -var ports=[1 {jobs}/vars.nomad.hcl",
    "job validate -var ports=[1,x] {jobs}/vars.nomad.hcl",
    "job plan -var replicas=+2 -var-file {jobs}/vars.json {jobs}/vars.nomad.hcl",
    "status",
    "status web",
    "status {web_alloc_short}",
    "status {node_short}",
    "status nosuchthing",
    // allocations
    "alloc status {web_alloc}",
    "alloc status -verbose {web_alloc}",
    "alloc status -short {web_alloc}",
    "alloc status -verbose -short {web_alloc}",
    "alloc status -json {web_alloc}",
    "alloc status {echo_alloc_short}",
    "alloc status zz",
    "alloc status 00000000",
    "alloc logs {echo_alloc}",
    "alloc logs -stderr {echo_alloc}",
    "alloc logs -job echo",
    "alloc fs {echo_alloc}",
    "alloc fs {echo_alloc} alloc/logs/echo.stdout.0",
    "alloc checks {web_alloc}",
    // evaluations and deployments
    "eval list",
    "eval list -json",
    "eval list -job web",
    "eval status {stuck_eval}",
    "eval status -verbose {web_eval}",
    "eval status nosuch",
    "deployment list",
    "deployment list -json",
    "deployment status {web_deployment}",
    "deployment status -verbose {web_deployment}",
    "deployment status {stuck_deployment}",
    // deployment writes on a finished deployment: Nomad's errors, nothing changes
    "deployment fail {web_deployment}",
    "deployment pause {web_deployment}",
    "deployment resume -detach {web_deployment}",
    "deployment unblock {web_deployment}",
    "deployment fail 0000",
    "deployment pause",
    // the agent's eval broker runs: Nomad's advice, nothing deleted
    "eval delete {web_eval}",
    "eval delete -filter JobID",
    "eval delete",
    "eval delete a b",
    // task schedules are Enterprise only: the open-source agent refuses them
    "alloc pause {web_alloc_short}",
    "alloc pause -status {web_alloc}",
    "alloc pause -state bogus {web_alloc}",
    "alloc pause {web_alloc} nosuchtask",
    // job tags: only the failures (a tag applied twice would differ in nothing but state)
    "job tag apply -name v -version 99 web",
    "job tag apply -name v -version x web",
    "job tag unset -name nosuchtag web",
    "job tag unset web",
    // job restart (`stamped:` masks the progress lines' times and the IDs) and job action
    "stamped: job restart -yes -batch-size 2 -group g act",
    "stamped: job restart -yes -all-tasks -batch-size 50% act",
    "stamped: job restart -yes -task side -group h act",
    "stamped: job restart -yes -reschedule -group h act",
    "job restart act",
    "job restart -yes -batch-size 0 act",
    "job restart -yes -batch-size 1x act",
    "job restart -yes -batch-wait 5x act",
    "job restart -yes -all-tasks -task t act",
    "job restart -yes nosuchjob",
    "job restart -yes -group nosuch act",
    "job action -job act -group g -task t hello",
    "action -job act -group g -task t hello",
    "action -job act hello",
    "action",
    "job action -job act -group g -task t nope",
    "job action -job act -group g -task side hello",
    "job action -job act -group g hello",
    "job action -group g -task t hello",
    "job action -job act hello",
    "job action -job act -group zz -task t hello",
    "job action -job act -alloc 0000 hello",
    "job action -job nosuchjob -group g -task t hello",
    // nodes and servers
    "node status",
    "node status -verbose",
    "node status -json",
    "node status -short {node}",
    "node status zz",
    "node pool list",
    "server members",
    "server members -json",
    "node status -self",
    "node status -allocs",
    "node pool list -json",
    "node pool info default",
    "node pool info all",
    "node pool info nosuchpool",
    "node config -servers",
    "server members -verbose",
    // ui and login (this agent runs without ACLs: login's auth-method listing is refused)
    "ui -show-url",
    "ui -show-url web",
    "ui -show-url {node_short}",
    "ui -show-url {web_alloc}",
    "ui -show-url -namespace=default -region=global web",
    "ui -show-url nosuchthing",
    "ui -show-url a b",
    "ui -show-url -authenticate",
    "login",
    "login -method=jwt -login-token=x",
    "login extra",
    // monitor export (the tier's agent has no log_file: -on-disk has nothing to export; the
    // host's journal, if any, is the same for both)
    "monitor export",
    "monitor export x",
    "monitor export -on-disk",
    "monitor export -on-disk -service-name=nomad",
    "monitor export -service-name=foo",
    "monitor export -service-name=nomad.bad",
    "monitor export -on-disk -follow",
    "monitor export -on-disk -node-id=zzzz",
    "monitor export -on-disk -server-id=nosuch",
    "monitor export -on-disk -server-id=leader -node-id={node_short}",
    // operator and system commands
    "operator api /v1/agent/health",
    "operator api /v1/job/nosuchjob",
    "operator api -dryrun -X PUT -H 'A: b' -filter 'ID == \"x\"' /v1/jobs?z=1",
    "operator api -dryrun -tls-server-name foo localhost/v1/jobs",
    "operator api",
    "operator api a b",
    "operator api -X 'B AD' /v1/jobs",
    "system gc",
    "system gc extra",
    "system reconcile summaries",
    "operator raft list-peers",
    "operator raft list-peers -stale",
    "operator raft remove-peer",
    "operator raft remove-peer -peer-id 00000000-0000-0000-0000-000000000000",
    "operator raft transfer-leadership",
    "operator raft transfer-leadership -peer-id x",
    "operator autopilot get-config",
    "operator scheduler get-config",
    "operator scheduler get-config -json",
    "operator scheduler set-config -check-index 1 -pause-eval-broker=false",
    "operator scheduler set-config -check-index abc",
    "operator snapshot restore /nonexistent/x.snap",
    "operator metrics -t '{{.Points}} {{len .Gauges | printf \"%T\"}}'",
    "operator metrics -format prometheus -t '{{.Timestamp}}'",
    "operator metrics extra",
    "operator metrics -json -t x",
    "operator root keyring list",
    "operator root keyring list -verbose",
    "operator root keyring list extra",
    "operator root keyring rotate",
    "operator root keyring rotate -now -prepublish 1h",
    "operator root keyring remove",
    "operator root keyring remove 00000000-0000-0000-0000-000000000000",
    "operator gossip keyring list",
    "operator gossip keyring install",
    "operator gossip keyring install notakey",
    "operator gossip keyring use AAAA",
    "operator gossip keyring remove AAAA",
    "operator raft info",
    "operator raft info /nonexistent",
    "operator raft info /etc/hostname",
    // more views and their errors
    "job history -p web",
    "job deployments -json web",
    "job plan -verbose {jobs}/web.nomad.hcl",
    "job plan -diff=false {jobs}/web.nomad.hcl",
    "job run -check-index 1 {jobs}/web.nomad.hcl",
    "job validate {jobs}/stuck.nomad.hcl",
    "job stop nosuchjob",
    "eval list -verbose",
    "eval list -status blocked",
    "deployment list -verbose",
    "alloc fs {echo_alloc} alloc/logs",
    "alloc fs -stat {echo_alloc} alloc/logs/echo.stdout.0",
    "alloc logs -tail -n 1 {echo_alloc}",
    "alloc logs -task echo {echo_alloc}",
    "alloc logs {echo_alloc} nosuchtask",
    "status -verbose",
    // templates
    "job inspect -t '{{.Name}} {{len .TaskGroups}}' web",
    "job inspect -t '{{range .TaskGroups}}{{.Name}}={{.Count}} {{end}}' web",
    "job inspect -t '{{sprig_upper .Name}}' web",
    "job inspect -t '{{index .Meta \"missing\"}}' web",
    "job inspect -t '{{printf \"%T\" .Name}}' web",
    "job inspect -t '{{sprig_ternary \"a\" \"b\" true}}' web",
    "job inspect -t '{{.ID}} {{end}}' web",
    "node status -t '{{range .}}{{.Status}}{{end}}'",
    // with the Web UI hints a user's shell shows
    "hints: job status web",
    "hints: alloc status {web_alloc}",
    "hints: node status {node}",
    "hints: eval status {web_eval}",
    "hints: deployment status {web_deployment}",
    "hints: job run -detach {jobs}/web.nomad.hcl",
    // ACL commands: the tier's agent runs without ACLs, so each group meets Nomad's
    // "ACL support disabled" answer (happy paths: the acl-* recordings of an ACL agent)
    "acl bootstrap",
    "acl bootstrap -json",
    "acl token list",
    "acl token list -json",
    "acl token self",
    "acl token self -token 00000000-0000-0000-0000-000000000000",
    "acl token info 00000000-0000-0000-0000-000000000000",
    "acl token create -name=x -policy=readonly",
    "acl token create -ttl=abc",
    "acl token update -name=y 00000000-0000-0000-0000-000000000000",
    "acl token delete 00000000-0000-0000-0000-000000000000",
    "acl policy list",
    "acl policy info readonly",
    "acl policy apply -description d readonly {jobs}/web.nomad.hcl",
    "acl policy apply -job=web p {jobs}/web.nomad.hcl",
    "acl policy delete readonly",
    "acl policy self -token 00000000-0000-0000-0000-000000000000",
    "acl role list",
    "acl role list -json",
    "acl role info 00000000-0000-0000-0000-000000000000",
    "acl role info -by-name ops",
    "acl role info",
    "acl role create -name=ops -policy=readonly",
    "acl role create -policy=readonly",
    "acl role update -name=x 00000000-0000-0000-0000-000000000000",
    "acl role delete 00000000-0000-0000-0000-000000000000",
    "acl auth-method list",
    "acl auth-method list -json",
    "acl auth-method info jwt",
    "acl auth-method create -name=jwt -type=JWT -max-token-ttl=1h -token-locality=local -config={}",
    "acl auth-method create -name=jwt -type=JWT -max-token-ttl=1h -token-locality=local -config=[1]",
    "acl auth-method update -default jwt",
    "acl auth-method delete jwt",
    "acl binding-rule list",
    "acl binding-rule info 00000000-0000-0000-0000-000000000000",
    "acl binding-rule create -auth-method=jwt -bind-type=management",
    "acl binding-rule create -bind-type=management",
    "acl binding-rule update -description=d 00000000-0000-0000-0000-000000000000",
    "acl binding-rule delete 00000000-0000-0000-0000-000000000000",
    // variables (`app/db` and `app/web`, put by the real CLI)
    "var list",
    "var list -out table",
    "var list -out terse app",
    "var list -per-page 1 -out table",
    "var list -namespace=* -out table",
    "var list -out go-template -template '{{range .}}{{.Path}} {{end}}'",
    "var list -out yaml",
    "var get app/db",
    "var get -out table app/db",
    "var get -out hcl app/db",
    "var get -item user app/db",
    "var get -item nope app/db",
    "var get -out go-template -template '{{.Nope}}' app/db",
    "var get nosuch/var",
    "var get -namespace=* app/db",
    "var purge -check-index=1 app/db",
    "var purge -check-index=x app/db",
    "var put app/db user=x",
    "var put -check-index=1 app/db user=x",
    "var put -check-index=x app/db user=x",
    "var put only/path",
    "var put -in yaml p a=b",
    "var init -out=yaml",
    "var init a b",
    "var lock locks/real echo held",
    "var lock -shell=false locks/real /bin/false",
    "var lock -verbose -ttl=12s locks/real exit 3",
    "var lock -ttl=1s locks/real echo hi",
    "var lock -ttl=x locks/real echo hi",
    "var lock locks/real",
    "hints: var get -out table app/db",
    "hints: var list -out table app",
    // namespaces, services, node pools, scaling
    "namespace list",
    "namespace list -json",
    "namespace status default",
    "namespace status -json default",
    "namespace status def",
    "namespace inspect default",
    "namespace inspect -t {{.Description}} default",
    "namespace status nosuch",
    "namespace delete default",
    "service list",
    "service list -json",
    "service list -namespace=*",
    "service info rt-svc",
    "service info -verbose rt-svc",
    "service info -json rt-svc",
    "service info rt",
    "service info nosuch",
    "service info -namespace=* rt-svc",
    "service delete rt-svc nosuchid",
    "node pool jobs default",
    "node pool jobs -namespace=* default",
    "node pool jobs -json default",
    "node pool jobs nosuchpool",
    "node pool nodes default",
    "node pool nodes -verbose all",
    "node pool nodes -json default",
    "node pool delete default",
    "node pool delete nosuchpool",
    "scaling policy list",
    "scaling policy list -verbose",
    "scaling policy list -json",
    "scaling policy list -job svc",
    "scaling policy info {policy}",
    "scaling policy info {policy_short}",
    "scaling policy info -json {policy}",
    "scaling policy info -t {{.Target.Job}} {policy}",
    "scaling policy info 0000",
    "scaling policy info",
    "job scaling-events svc",
    "job scaling-events nosuchjob",
    // volumes and plugins (a dynamic host volume `rt-vol`; a dev agent runs no CSI plugin)
    "volume status",
    "volume status -verbose",
    "volume status -type host",
    "volume status -type csi",
    "volume status -json -type host",
    "volume status -t {{range.}}{{.Name}}{{end}} -type host",
    "volume status rt-vol",
    "volume status -short rt-vol",
    "volume status -verbose -type host rt",
    "volume status -json rt-vol",
    "volume status nosuch",
    "volume status -type nfs",
    "volume status -type csi -node x",
    "plugin status",
    "plugin status -json",
    "plugin status nosuch",
    "plugin status -type host",
    "volume deregister nosuch",
    "volume delete nosuch",
    "volume delete -type host nosuch",
    "volume claim list",
    "volume claim list -json",
    "volume claim delete x",
    "volume claim delete -y ffffffff",
    // no CSI plugin: the refusals are what a dev agent can check
    "volume snapshot list -plugin ebs",
    "volume snapshot list",
    "volume snapshot list -verbose -per-page 5 -plugin e",
    "volume snapshot list extra",
    "volume snapshot create rt-vol snap",
    "volume snapshot create -secret k=v -parameter p=1 nosuch snap",
    "volume snapshot create -secret bad nosuch snap",
    "volume snapshot create one",
    "volume snapshot delete ebs snap1",
    "volume snapshot delete -secret a=b ebs snap1 extra",
    "volume snapshot delete -secret bad ebs snap1",
    "volume snapshot delete ebs",
    "volume create -detach -id rt-vol {jobs}/hostvol.hcl",
    "volume create -id nosuch {jobs}/hostvol.hcl",
    "volume create {jobs}/vol-bad.hcl",
    "volume create {jobs}/vol-csi.hcl",
    "volume create {jobs}/web.nomad.hcl",
    "volume register {jobs}/vol-bad.hcl",
    "volume register {jobs}/vol-csi.hcl",
    "volume register -id rt-vol {jobs}/hostvol.hcl",
    "volume detach",
    "volume detach nosuch {node_short}",
    "volume detach nosuch ffff",
    "volume init a b",
    // writes that leave the state as it was
    "var purge nosuch/var",
    "job run -detach {jobs}/web.nomad.hcl",
    "job eval -detach web",
    "namespace apply -description RealTier rt-ns",
    "node pool apply {jobs}/pool.nomad.hcl",
];

/// The IDs and paths the corpus names, read from the settled agent.
fn names(agent: &Agent) -> BTreeMap<&'static str, String> {
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let first_alloc = |job: &str| {
        let v = agent.json(&format!("/v1/job/{job}/allocations"));
        s(&v[0]["ID"])
    };
    let evals = |job: &str| agent.json(&format!("/v1/job/{job}/evaluations"));
    let deployment = |job: &str| s(&agent.json(&format!("/v1/job/{job}/deployment"))["ID"]);
    let jobs = agent.json("/v1/jobs");
    let child = |parent: &str| {
        jobs.as_array()
            .into_iter()
            .flatten()
            .find(|j| j["ParentID"] == parent)
            .map(|j| s(&j["ID"]))
            .unwrap_or_default()
    };
    let node = s(&agent.json("/v1/nodes")[0]["ID"]);
    let web_alloc = first_alloc("web");
    let echo_alloc = first_alloc("echo");
    let stuck_eval = evals("stuck")
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["Status"] == "blocked")
        .map(|e| s(&e["ID"]))
        .unwrap_or_default();
    let mut m = BTreeMap::new();
    m.insert(
        "jobs",
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/real/jobs").to_string(),
    );
    m.insert(
        "web_alloc_short",
        web_alloc[..8.min(web_alloc.len())].into(),
    );
    m.insert("web_alloc", web_alloc);
    m.insert(
        "echo_alloc_short",
        echo_alloc[..8.min(echo_alloc.len())].into(),
    );
    m.insert("echo_alloc", echo_alloc);
    m.insert("node_short", node[..8.min(node.len())].into());
    m.insert("node", node);
    m.insert("stuck_eval", stuck_eval);
    m.insert("web_eval", s(&evals("web")[0]["ID"]));
    m.insert("web_deployment", deployment("web"));
    m.insert("stuck_deployment", deployment("stuck"));
    m.insert("report_child", child("report"));
    m.insert("param_child", child("param"));
    let policy = s(&agent.json("/v1/scaling/policies")[0]["ID"]);
    m.insert("policy_short", policy[..6.min(policy.len())].into());
    m.insert("policy", policy);
    m
}

/// The words of a corpus line: split at spaces, except inside `'…'`.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => out.push(std::mem::take(&mut word)),
            c => word.push(c),
        }
    }
    out.push(word);
    out.retain(|w| !w.is_empty());
    out
}

fn cases(names: &BTreeMap<&'static str, String>) -> Vec<(String, Case)> {
    CORPUS
        .iter()
        .map(|line| {
            let (hints, rest) = match line.strip_prefix("hints: ") {
                Some(rest) => (true, rest),
                None => (false, *line),
            };
            let (stamped, rest) = match rest.strip_prefix("stamped: ") {
                Some(rest) => (true, rest),
                None => (false, rest),
            };
            let args = words(rest)
                .into_iter()
                .map(|w| {
                    names
                        .iter()
                        .fold(w, |w, (k, v)| w.replace(&format!("{{{k}}}"), v))
                })
                .collect();
            let creates = line.contains("-detach");
            (
                line.to_string(),
                Case {
                    args,
                    creates: creates || stamped,
                    hints,
                    stamped,
                },
            )
        })
        .collect()
}

/// A relative time as Nomad prints it: `4m38s ago`, `1h2m from now`.
fn is_relative(words: &[&str], i: usize) -> bool {
    let w = words[i];
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && w.ends_with(['s', 'm', 'h', 'd'])
        && matches!(words.get(i + 1), Some(&"ago") | Some(&"from"))
}

fn is_id(w: &str) -> bool {
    let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
    (w.len() == 8 && hex(w))
        || (w.len() == 36
            && w.split('-').map(str::len).eq([8, 4, 4, 4, 12])
            && hex(&w.replace('-', "")))
}

/// The text with what may change between two runs masked. Once a relative time is masked,
/// every line's padding is too (a table's columns widen with its longest time); `k=v,…`
/// lists are sorted (Go prints maps in random order).
pub fn mask(text: &str, ids: bool) -> String {
    let mut relative = false;
    let mut maps = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut out: Vec<String> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if is_relative(&words, i) {
                relative = true;
                out.push("<rel>".into());
                i += if words[i + 1] == "from" { 3 } else { 2 };
                continue;
            }
            let w = words[i];
            if ids && is_id(w.trim_matches(['"', '.', ','])) {
                out.push("<id>".into());
            } else if w.contains(',') && w.split(',').all(|kv| kv.contains('=')) {
                // A Go map printed as k=v pairs (server tags): Go's order is random.
                let mut kv: Vec<&str> = w.split(',').collect();
                kv.sort_unstable();
                maps = true;
                out.push(kv.join(","));
            } else {
                out.push(w.into());
            }
            i += 1;
        }
        lines.push((line, out.join(" ")));
    }
    let masked_words = ids || relative || maps;
    let mut s = String::new();
    for (line, words) in lines {
        s.push_str(if masked_words { &words } else { line });
        s.push('\n');
    }
    s
}

/// The run with its RFC 3339 times (`2026-12-04T14:01:52Z`) replaced by `<time>`.
fn unstamp(mut r: Run) -> Run {
    let stamp = |text: &str| -> String {
        let b = text.as_bytes();
        let shape = b"dddd-dd-ddTdd:dd:ddZ";
        let mut out = String::new();
        let mut i = 0;
        while i < text.len() {
            let fits = b.len() >= i + shape.len()
                && shape.iter().zip(&b[i..]).all(|(s, c)| match s {
                    b'd' => c.is_ascii_digit(),
                    s => s == c,
                });
            if fits {
                out.push_str("<time>");
                i += shape.len();
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
        out
    };
    r.stdout = stamp(&r.stdout);
    r.stderr = stamp(&r.stderr);
    r
}

fn json(s: &str) -> Option<serde_json::Value> {
    let t = s.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    serde_json::from_str(s).ok()
}

/// The difference between the two runs, or `None` when they agree.
fn differ(want: &Run, got: &Run, ids: bool) -> Option<String> {
    let same_out = match (json(&want.stdout), json(&got.stdout)) {
        (Some(a), Some(b)) => a == b,
        _ => mask(&want.stdout, ids) == mask(&got.stdout, ids),
    };
    let same_err = mask(&want.stderr, ids) == mask(&got.stderr, ids);
    if same_out && same_err && want.code == got.code {
        return None;
    }
    Some(format!(
        "--- nomad (exit {})\n{}{}--- rnomad (exit {})\n{}{}",
        want.code, want.stdout, want.stderr, got.code, got.stdout, got.stderr
    ))
}

pub fn check(agent: &Agent) -> Vec<String> {
    let names = names(agent);
    let mut failures = Vec::new();
    let mut expected = 0;
    for (line, case) in cases(&names) {
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let one = |program: &std::path::Path| {
            let c = cli(program, &args, agent);
            if case.hints {
                c.unset("NOMAD_CLI_SHOW_HINTS").run()
            } else {
                c.run()
            }
        };
        let pair = || {
            let (want, got) = (one(&agent.nomad), one(rnomad_bin()));
            if case.stamped {
                differ(&unstamp(want), &unstamp(got), true)
            } else {
                differ(&want, &got, case.creates)
            }
        };
        let diff = pair().and_then(|_| {
            agent.settle(&["stuck"]);
            pair()
        });
        let xfail = EXPECTED_FAILURES.iter().find(|(l, _)| *l == line);
        match (diff, xfail) {
            (None, None) => {}
            (Some(_), Some((_, why))) => {
                eprintln!("`{line}` differs as expected ({why})");
                expected += 1
            }
            (None, Some((_, why))) => failures.push(format!(
                "`{line}` now matches Nomad: remove it from EXPECTED_FAILURES ({why})"
            )),
            (Some(d), None) => failures.push(format!("`{line}` differs:\n{d}")),
        }
    }
    eprintln!(
        "corpus: {} invocations, {} expected failure(s), {} unexpected",
        CORPUS.len(),
        expected,
        failures.len()
    );
    failures
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_relative_times_with_their_padding_and_ids_when_asked() {
        let a = "ID        Created    Modified\n20b485b3  4m38s ago  1h2m from now\n";
        let b = "ID        Created     Modified\n20b485b3  14m38s ago  1h3m from now\n";
        assert_eq!(mask(a, false), mask(b, false));
        assert_eq!(
            mask(a, false),
            "ID Created Modified\n20b485b3 <rel> <rel>\n"
        );
        assert_ne!(mask("a  b\n", false), mask("a b\n", false));
        assert_eq!(
            mask(
                "Evaluation ID: 0b6f1d8c-6a3c-2a8e-0b8b-3f1e2d4c5a6b\n",
                true
            ),
            "Evaluation ID: <id>\n"
        );
        assert_eq!(mask("ID = 20b485b3\n", true), "ID = <id>\n");
        assert_eq!(mask("x  b=1,a=2\n", false), mask("x  a=2,b=1\n", false));
        assert_eq!(
            super::words("job inspect -t '{{index .Meta \"a b\"}}' web"),
            ["job", "inspect", "-t", "{{index .Meta \"a b\"}}", "web"]
        );
        assert_eq!(
            mask("Created eval ID: \"9542b5ba\" \n", true),
            "Created eval ID: <id>\n"
        );
    }
}
