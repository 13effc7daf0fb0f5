//! Which sim request answers with the same kind of object as each recording: recording file →
//! the cluster it was made on (rebuilt in the sim from the same job files) and the request.
//!
//! Paths and request bodies name objects by placeholders resolved against the sim's state
//! when the request is sent:
//! `{node}` the node; `{alloc:JOB}` an allocation of JOB (a running one if there is one);
//! `{alloc4:JOB}` / `{alloc8:JOB}` its first 4 / 8 characters; `{eval:JOB}` JOB's newest
//! evaluation, `{eval:JOB:STATUS}` its newest with that status; `{dep:JOB}` JOB's newest
//! deployment; `{child:JOB}` the ID of JOB's (periodic or dispatched) child, path-escaped;
//! `{zero}` the all-zero UUID; `{policy:NS:JOB:GROUP}` the ID of that group's scaling policy,
//! `{policy4:NS:JOB:GROUP}` its first 4 characters.

/// The recorded agent a case stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cluster {
    /// The first dev agent (INDEX.md "API"): example, echo-batch, report-periodic (forced),
    /// param-job (dispatched), stuck, and api in namespace prod.
    First,
    /// The second dev agent (INDEX.md "API, second agent"): its cases run in the recorded
    /// order, writes included, on one sim.
    Second,
    /// The ACL-enabled agent, without jobs.
    Acl,
    /// The ACL agent of the `acl` command recordings (`api/acl/cmd-*`): bootstrapped with
    /// [`BOOT_SECRET`], the `readonly` policy and the tokens `reader` ([`READER_SECRET`]),
    /// `short` (1h TTL) made before the recordings, as on the real agent.
    AclCmd,
    /// The agent of the paging and `agent/host` recordings (INDEX.md "A second dev agent
    /// (127.0.0.1:14680)"): the first agent's jobs, `web-three` and a second dispatch.
    Dev2,
    /// The same after `job stop web` (the `watch-web-stop/after-*` recordings).
    Dev2WebStopped,
    /// The third agent (INDEX.md "`alloc status` of an allocation with a prestart task"):
    /// `web-prestart` deployed.
    Prestart,
    /// The `depl/` agent: `canary` at version 1, its canary placed and awaiting promotion;
    /// its cases run in the recorded order on one sim.
    Depl,
    /// The same with the eval broker paused and `echo-batch` run (its evaluation is safe to
    /// delete: its allocations are complete).
    DeplPaused,
    /// The variables agent (INDEX.md "Variables"): namespace prod and four variables; its
    /// cases run in the recorded order on one sim.
    Vars,
    /// The catalog agent (INDEX.md "Namespaces, node pools, services and scaling policies"):
    /// `svc` (scaled to 2, then 1) and `svc-prod`; its cases run in the recorded order.
    Catalog,
    /// The catalog agent later, with `svc` scaled to 2 again.
    CatalogScaled,
    /// The `job restart`/`job action` agent (INDEX.md "`job restart` and `job action`"): `act`
    /// running; its cases run in the recorded order on one sim.
    Act,
    /// The roles, auth methods and binding rules agent (INDEX.md "ACL roles, auth methods and
    /// binding rules"), bootstrapped with [`BOOT_SECRET`], the `readonly` and `writer`
    /// policies and the `reader` token ([`AUTH_READER_SECRET`]), nothing else: its cases run
    /// in the recorded order, the writes made by API requests.
    AclAuth,
    /// The same agent as it was once the CLI runs between the recordings had made their
    /// roles, auth methods and binding rules (the sim's setup makes them through the API).
    AclAuthFull,
    /// The operator agent (INDEX.md "Operator and system endpoints"): no jobs; its cases run
    /// in the recorded order.
    Ops,
    /// The `ui`/`login` agent (INDEX.md "`ui`, `login` and `monitor export`"): bootstrapped
    /// with [`LOGIN_BOOT_SECRET`], the `readonly` policy, the `jwt` and (default) `oidc` auth
    /// methods of `setup/login/` and their binding rules.
    Login,
    /// The keyring agent (INDEX.md "Metrics and keyrings"): a server with gossip encryption
    /// and Prometheus metrics, no jobs; its cases run in the recorded order.
    Keyring,
    /// The volumes agent (INDEX.md "Volumes and plugins"): the host volume `data` created;
    /// its cases run in the recorded order.
    Volumes,
}

/// The order a list must come in, checked on the recording and on the sim.
#[derive(Clone, Copy, Debug)]
pub enum Order {
    /// Ascending by these keys, compared in turn (numbers as numbers).
    Asc(&'static [&'static str]),
    /// Descending by these keys.
    Desc(&'static [&'static str]),
}

#[derive(Clone, Debug)]
pub struct Case {
    /// The recording under `api/`; a trailing `*` stands for any rest of the name.
    pub file: String,
    pub cluster: Cluster,
    pub method: &'static str,
    pub path: String,
    /// The request body is the recording's `.request.json` (when there is one), with these
    /// recorded literals replaced by placeholders.
    pub subst: &'static [(&'static str, &'static str)],
    pub token: Option<&'static str>,
    /// A stream that does not end: read this many milliseconds of it.
    pub cut_ms: Option<u64>,
    /// The body is a map from IDs to objects.
    pub root_map: bool,
    pub order: Option<Order>,
    /// The recording is page N of the list at `path`: the sim's pages are followed by their
    /// own `X-Nomad-NextToken`s up to it.
    pub page: usize,
    /// Which objects the answer holds depends on the cluster's history (a page of every
    /// evaluation): only status, headers and order are compared.
    pub content_varies: bool,
    /// Recorded from a Nomad built without codegen (INDEX.md "Variables", NOTES.md), whose
    /// encoder leaves out the null fields a release build writes: the sim's nulls are
    /// dropped before comparing.
    pub no_codegen: bool,
    /// Recorded once the agent had finished what the requests before it started (a
    /// replacement placed and running): the sim settles first.
    pub settled: bool,
}

impl Case {
    fn new(file: &str, cluster: Cluster, method: &'static str, path: &str) -> Case {
        Case {
            file: file.to_string(),
            cluster,
            method,
            path: path.to_string(),
            subst: &[],
            token: None,
            cut_ms: None,
            root_map: false,
            order: None,
            page: 1,
            content_varies: false,
            no_codegen: false,
            settled: false,
        }
    }
    fn settled(mut self) -> Case {
        self.settled = true;
        self
    }
    fn subst(mut self, subst: &'static [(&'static str, &'static str)]) -> Case {
        self.subst = subst;
        self
    }
    fn token(mut self, t: &'static str) -> Case {
        self.token = Some(t);
        self
    }
    fn cut(mut self, ms: u64) -> Case {
        self.cut_ms = Some(ms);
        self
    }
    fn map(mut self) -> Case {
        self.root_map = true;
        self
    }
    fn order(mut self, o: Order) -> Case {
        self.order = Some(o);
        self
    }
    fn page(mut self, n: usize) -> Case {
        self.page = n;
        self
    }
}

/// Recordings the contract does not hold the sim to, and why.
pub const NOT_CASES: &[(&str, &str)] = &[
    (
        "login/oidc-complete-auth.json",
        "the code and state come from the provider's redirect after an auth-url request, \
         random on each side; the e2e login tests take the sim's provider through the whole \
         flow and check the token rnomad prints",
    ),
    (
        "login/auth-methods-jwt.json",
        "the same request as login/auth-methods-default.json, made before the oidc method \
         existed; that one holds the sim to it",
    ),
    (
        "acl/bootstrap*",
        "the first agent's bootstrap, before any token: the contract's ACL clusters are made with \
         the sim's own token or bootstrapped first (the e2e acl tests bootstrap a fresh sim)",
    ),
    (
        "acl/cmd-bootstrap-again-400.json",
        "the error names the raft index of the first bootstrap, which differs between \
         clusters; the e2e acl test holds the sim's text to it up to the number",
    ),
    (
        "acl/token-self.json",
        "the same request as acl/cmd-token-self.json, which holds the sim to it",
    ),
    (
        "acl/cmd-policy-readonly.json",
        "RulesJSON is the server's parse of the policy language, which the sim does not \
         parse (it answers null); rnomad reads only Rules (Name, Description, indexes and \
         JobACL are held by acl/cmd-policies.json)",
    ),
];

/// Recordings of requests with this path prefix are held to the sim by their own tests.
pub const OWN_TESTS: &[(&str, &str)] = &[
    (
        "/v1/event/stream",
        "the event stream's frames are compared by the event stream's tests",
    ),
    (
        "/v1/job/act/action",
        "the action socket's frames and close texts are compared by tests/exec_socket.rs",
    ),
    (
        "/v1/job/nosuch/action",
        "the action socket's frames and close texts are compared by tests/exec_socket.rs",
    ),
];

/// The bootstrap token's secret on the `ui`/`login` agent.
pub const LOGIN_BOOT_SECRET: &str = "8897899c-1059-712a-c3a9-6ea403411376";

fn login() -> Vec<Case> {
    let mk = |file: &str, method: &'static str, path: &str| {
        Case::new(&format!("login/{file}"), Cluster::Login, method, path)
    };
    let zero = "00000000-0000-0000-0000-000000000000";
    let mut v = vec![
        mk("onetime.json", "PUT", "/v1/acl/token/onetime").token(LOGIN_BOOT_SECRET),
        mk("onetime-no-token-500.json", "PUT", "/v1/acl/token/onetime"),
        mk("onetime-unknown-403.json", "PUT", "/v1/acl/token/onetime").token(zero),
        mk("search-web-no-token.json", "PUT", "/v1/search"),
        mk("auth-methods-default.json", "GET", "/v1/acl/auth-methods").order(Order::Asc(&["Name"])),
    ];
    for f in [
        "login-good.json",
        "login-badaud-401.json",
        "login-expired-401.json",
        "login-nomatch-400.json",
        "login-garbage-401.json",
        "login-nosuch-400.json",
        "login-oidc-method-400.json",
    ] {
        v.push(mk(f, "PUT", "/v1/acl/login"));
    }
    for f in [
        "oidc-auth-url.json",
        "oidc-auth-url-jwt-500.json",
        "oidc-auth-url-nosuch-400.json",
        "oidc-auth-url-other-redirect.json",
    ] {
        v.push(mk(f, "PUT", "/v1/acl/oidc/auth-url"));
    }
    for f in [
        "oidc-complete-auth-bad-nonce-500.json",
        "oidc-complete-auth-bad-state-500.json",
    ] {
        v.push(mk(f, "PUT", "/v1/acl/oidc/complete-auth"));
    }
    // `monitor export`: the query as the CLI sends it, with the parameters named changed.
    let me = |q: &[(&str, &str)]| {
        let mut params = [
            ("follow", "false"),
            ("logs_since", "72h0m0s"),
            ("node_id", ""),
            ("on_disk", "false"),
            ("server_id", ""),
            ("service_name", ""),
        ];
        for (k, val) in q {
            if let Some(p) = params.iter_mut().find(|(pk, _)| pk == k) {
                p.1 = val;
            }
        }
        let q: Vec<String> = params.iter().map(|(k, val)| format!("{k}={val}")).collect();
        format!("/v1/agent/monitor/export?{}", q.join("&"))
    };
    let boot = LOGIN_BOOT_SECRET;
    v.extend([
        mk(
            "monitor-export-on-disk.json",
            "GET",
            &me(&[("on_disk", "true")]),
        )
        .token(boot),
        mk(
            "monitor-export-service.json",
            "GET",
            &me(&[("service_name", "nomad")]),
        )
        .token(boot),
        mk("monitor-export-none-400.json", "GET", &me(&[])).token(boot),
        mk(
            "monitor-export-both-400.json",
            "GET",
            &me(&[("on_disk", "true"), ("service_name", "nomad")]),
        )
        .token(boot),
        mk(
            "monitor-export-badservice-422.json",
            "GET",
            &me(&[("service_name", "foo")]),
        )
        .token(boot),
        mk(
            "monitor-export-badsince-400.json",
            "GET",
            &me(&[("on_disk", "true"), ("logs_since", "abc")]),
        )
        .token(boot),
        mk(
            "monitor-export-server-nosuch.json",
            "GET",
            &me(&[("on_disk", "true"), ("server_id", "nosuch")]),
        )
        .token(boot),
        mk(
            "monitor-export-no-token-403.json",
            "GET",
            &me(&[("on_disk", "true")]),
        ),
    ]);
    v
}

/// The secrets the real agent gave the bootstrap and `reader` tokens (the sim's are set to them).
pub const BOOT_SECRET: &str = "76899018-d45f-4fba-0eb0-d5ee519ac1a1";
pub const READER_SECRET: &str = "adb306eb-d7b4-36c9-45f1-58412868a62c";
/// The `reader` token's secret on the roles and auth methods agent.
pub const AUTH_READER_SECRET: &str = "8854f665-edaf-ea18-549a-0caba7162dd1";

const NODE_ID_2: &str = "ba2aa4f7-44d4-4e72-d48b-cb2644c73e52";

pub fn cases() -> Vec<Case> {
    use Cluster::*;
    let g = |file: &str, cluster: Cluster, path: &str| Case::new(file, cluster, "GET", path);
    let put = |file: &str, cluster: Cluster, path: &str| Case::new(file, cluster, "PUT", path);
    let by_id = Order::Asc(&["ID"]);
    let by_name = Order::Asc(&["Name"]);
    let by_index = Order::Asc(&["CreateIndex", "ID"]);
    let mut v = vec![
        // The first agent: every job, its sub-resources, the lists, the agent.
        g("jobs.json", First, "/v1/jobs").order(by_id),
        g("jobs-ns-all.json", First, "/v1/jobs?namespace=*")
            .order(Order::Asc(&["Namespace", "ID"])),
        g("jobs-ns-prod.json", First, "/v1/jobs?namespace=prod"),
        g("jobs-prefix-e.json", First, "/v1/jobs?prefix=e").order(by_id),
        g("jobs-meta.json", First, "/v1/jobs?meta=true"),
        g("jobs-bad-filter-400.json", First, "/v1/jobs?filter=%3D%3D"),
        g("job-api-prod.json", First, "/v1/job/api?namespace=prod"),
        g("job-api-default-ns-404.json", First, "/v1/job/api"),
        g("job-nosuchjob-404.json", First, "/v1/job/nosuchjob"),
        g(
            "job-summary-missing-404.json",
            First,
            "/v1/job/nosuchjob/summary",
        ),
        g(
            "job-param-job-dispatched-child.json",
            First,
            "/v1/job/{child:param-job}",
        ),
        g(
            "job-param-job-dispatched-child-allocations.json",
            First,
            "/v1/job/{child:param-job}/allocations",
        ),
        g(
            "job-report-periodic-child.json",
            First,
            "/v1/job/{child:report-periodic}",
        ),
        g("allocations.json", First, "/v1/allocations").order(by_index),
        g(
            "allocations-ns-all.json",
            First,
            "/v1/allocations?namespace=*",
        )
        .order(by_index),
        g(
            "allocations-prefix.json",
            First,
            "/v1/allocations?prefix={alloc4:example}",
        ),
        g(
            "allocation-4c3d15a7-*",
            First,
            "/v1/allocation/{alloc:example}",
        ),
        g(
            "allocation-missing-404.json",
            First,
            "/v1/allocation/00000000-0000-0000-0000-000000000000",
        ),
        g(
            "allocation-shortprefix-500.json",
            First,
            "/v1/allocation/{alloc8:example}",
        ),
        g("evaluations.json", First, "/v1/evaluations").order(by_index),
        g(
            "evaluation-612f3cd1-*-related.json",
            First,
            "/v1/evaluation/{eval:example}?related=true",
        ),
        g(
            "evaluation-612f3cd1-*",
            First,
            "/v1/evaluation/{eval:example}",
        ),
        g(
            "evaluation-blocked-*",
            First,
            "/v1/evaluation/{eval:stuck:blocked}",
        ),
        g(
            "evaluation-missing-404.json",
            First,
            "/v1/evaluation/00000000-0000-0000-0000-000000000000",
        ),
        g("deployments.json", First, "/v1/deployments").order(by_index),
        g(
            "deployment-c91e7a36-*",
            First,
            "/v1/deployment/{dep:example}",
        ),
        g(
            "deployment-missing-404.json",
            First,
            "/v1/deployment/00000000-0000-0000-0000-000000000000",
        ),
        g("nodes.json", First, "/v1/nodes"),
        g("nodes-os.json", First, "/v1/nodes?os=true"),
        g("nodes-prefix-zz-500.json", First, "/v1/nodes?prefix=zz"),
        g(
            "node-98a3b6ce-*-allocations.json",
            First,
            "/v1/node/{node}/allocations",
        ),
        g("node-98a3b6ce-*", First, "/v1/node/{node}"),
        g(
            "node-missing-404.json",
            First,
            "/v1/node/00000000-0000-0000-0000-000000000000",
        ),
        g(
            "client-stats.json",
            First,
            "/v1/client/stats?node_id={node}",
        ),
        g(
            "client-allocation-4c3d15a7-*",
            First,
            "/v1/client/allocation/{alloc:example}/stats",
        ),
        g("agent-self*", First, "/v1/agent/self"),
        g("agent-members.json", First, "/v1/agent/members"),
        g("agent-health.json", First, "/v1/agent/health"),
        g("status-leader.json", First, "/v1/status/leader"),
        g("status-peers.json", First, "/v1/status/peers"),
        g("regions.json", First, "/v1/regions"),
        g("namespaces.json", First, "/v1/namespaces").order(by_name),
        g("namespace-prod.json", First, "/v1/namespace/prod"),
        g("node-pools.json", First, "/v1/node/pools").order(by_name),
        g("no-such-endpoint-404.json", First, "/v1/nosuch"),
        put("search-prefix-e-all.json", First, "/v1/search"),
        put("search-empty-jobs.json", First, "/v1/search"),
        put("search-alloc-prefix.json", First, "/v1/search").subst(&[("4c3d", "{alloc4:example}")]),
        put("jobs-parse.json", First, "/v1/jobs/parse"),
        put("jobs-parse-canonicalize.json", First, "/v1/jobs/parse"),
        put("jobs-parse-bad-hcl.json", First, "/v1/jobs/parse"),
        // The ACL agent.
        g("acl/jobs-no-token-403.json", Acl, "/v1/jobs"),
        g("acl/agent-self-no-token-403.json", Acl, "/v1/agent/self"),
        g("acl/jobs-bad-token-403.json", Acl, "/v1/jobs")
            .token("00000000-0000-0000-0000-000000000000"),
        g("acl/jobs-with-token.json", Acl, "/v1/jobs").token("root"),
        g(
            "acl/jobs-unknown-token-after-bootstrap-403.json",
            Acl,
            "/v1/jobs",
        )
        .token("00000000-0000-0000-0000-000000000000"),
        g(
            "acl/jobs-malformed-token-after-bootstrap-403.json",
            Acl,
            "/v1/jobs",
        )
        .token("not-a-uuid"),
        g(
            "acl/jobs-no-token-after-bootstrap-403.json",
            Acl,
            "/v1/jobs",
        ),
        // The `acl` command recordings, in their order.
        g("acl/cmd-token-self.json", AclCmd, "/v1/acl/token/self").token(BOOT_SECRET),
        // On the real agent the list held only the bootstrap token (the sim's setup made
        // `reader` and `short` already); their shapes are held by the cases below.
        Case {
            content_varies: true,
            ..g("acl/cmd-tokens.json", AclCmd, "/v1/acl/tokens").token(BOOT_SECRET)
        },
        g("acl/cmd-policies.json", AclCmd, "/v1/acl/policies").token(BOOT_SECRET),
        g(
            "acl/cmd-policy-nosuch-404.json",
            AclCmd,
            "/v1/acl/policy/nosuch",
        )
        .token(BOOT_SECRET),
        g(
            "acl/cmd-token-reader.json",
            AclCmd,
            "/v1/acl/token/{acltoken:reader}",
        )
        .token(BOOT_SECRET),
        g(
            "acl/cmd-token-short.json",
            AclCmd,
            "/v1/acl/token/{acltoken:short}",
        )
        .token(BOOT_SECRET),
        g(
            "acl/cmd-token-nosuch-404.json",
            AclCmd,
            "/v1/acl/token/{zero}",
        )
        .token(BOOT_SECRET),
        put("acl/cmd-token-create.json", AclCmd, "/v1/acl/token").token(BOOT_SECRET),
        put("acl/cmd-policy-apply.json", AclCmd, "/v1/acl/policy/writer").token(BOOT_SECRET),
        g(
            "acl/cmd-policy-self-reader.json",
            AclCmd,
            "/v1/acl/policy/self",
        )
        .token(READER_SECRET),
        g(
            "acl/cmd-token-self-reader.json",
            AclCmd,
            "/v1/acl/token/self",
        )
        .token(READER_SECRET),
        g("acl/cmd-tokens-reader-403.json", AclCmd, "/v1/acl/tokens").token(READER_SECRET),
        put(
            "acl/cmd-token-update.json",
            AclCmd,
            "/v1/acl/token/{acltoken:made}",
        )
        .subst(&[("615231d6-9eee-fd27-2f95-6f852c3fd490", "{acltoken:made}")])
        .token(BOOT_SECRET),
        Case::new(
            "acl/cmd-token-delete.json",
            AclCmd,
            "DELETE",
            "/v1/acl/token/{acltoken:made2}",
        )
        .token(BOOT_SECRET),
        Case::new(
            "acl/cmd-token-delete-nosuch.json",
            AclCmd,
            "DELETE",
            "/v1/acl/token/{zero}",
        )
        .token(BOOT_SECRET),
        Case::new(
            "acl/cmd-policy-delete.json",
            AclCmd,
            "DELETE",
            "/v1/acl/policy/writer",
        )
        .token(BOOT_SECRET),
        Case::new(
            "acl/cmd-policy-delete-nosuch.json",
            AclCmd,
            "DELETE",
            "/v1/acl/policy/nosuch",
        )
        .token(BOOT_SECRET),
        g(
            "acl/cmd-token-self-unknown-403.json",
            AclCmd,
            "/v1/acl/token/self",
        )
        .token("00000000-0000-0000-0000-000000000000"),
        g("acl/cmd-policies-no-token.json", AclCmd, "/v1/acl/policies"),
        g(
            "acl/cmd-tokens-acl-disabled-400.json",
            First,
            "/v1/acl/tokens",
        ),
        g(
            "acl/cmd-policies-acl-disabled-400.json",
            First,
            "/v1/acl/policies",
        ),
    ];
    for job in [
        "example",
        "report-periodic",
        "param-job",
        "stuck",
        "echo-batch",
    ] {
        for (suffix, sub) in [
            (".json", ""),
            ("-summary.json", "/summary"),
            ("-allocations.json", "/allocations"),
            ("-evaluations.json", "/evaluations"),
            ("-deployment.json", "/deployment"),
            ("-deployments.json", "/deployments"),
            ("-versions.json", "/versions"),
        ] {
            let c = g(
                &format!("job-{job}{suffix}"),
                First,
                &format!("/v1/job/{job}{sub}"),
            );
            v.push(if sub == "/allocations" {
                c.order(by_id)
            } else {
                c
            });
        }
    }
    v.extend(second());
    v.extend(dev2());
    v.extend(depl());
    v.extend(vars());
    v.extend(catalog());
    v.extend(act());
    v.extend(acl_auth());
    v.extend(ops());
    v.extend(keyring());
    v.extend(volumes());
    v.extend(login());
    let p = |file: &str, path: &str| Case::new(file, Cluster::Prestart, "GET", path);
    v.extend([
        p(
            "alloc-prestart/allocation.json",
            "/v1/allocation/{alloc:web}",
        ),
        p(
            "alloc-prestart/stats.json",
            "/v1/client/allocation/{alloc:web}/stats",
        ),
        p(
            "alloc-prestart/checks.json",
            "/v1/client/allocation/{alloc:web}/checks",
        )
        .map(),
    ]);
    v
}

/// The second agent's recordings, in the order they were made.
fn second() -> Vec<Case> {
    use Cluster::Second as S;
    let g = |file: &str, path: &str| Case::new(file, S, "GET", path);
    let put = |file: &str, path: &str| Case::new(file, S, "PUT", path);
    let mut v = vec![
        g("agent-schedulers.json", "/v1/agent/schedulers"),
        g("agent-schedulers-config.json", "/v1/agent/schedulers/config"),
        g("agent-servers.json", "/v1/agent/servers"),
        g("client-metadata.json", "/v1/client/metadata?node_id={node}"),
        g("node-pools-prefix.json", "/v1/node/pools?prefix=default"),
        g(
            "volumes-csi.json",
            "/v1/volumes?namespace=%2A&type=csi&node_id={node}",
        ),
        g("vars-job-templates.json", "/v1/vars?prefix=nomad%2Fjob-templates"),
        g("var-job-template.json", "/v1/var/nomad/job-templates/hello"),
        g("var-missing-404.json", "/v1/var/nomad/job-templates/nosuch"),
        g(
            "agent-pprof-threadcreate.txt",
            "/v1/agent/pprof/threadcreate?seconds=1&debug=1&gc=0&node_id=&server_id=",
        ),
        g(
            "agent-pprof-unknown-404.txt",
            "/v1/agent/pprof/nosuch?seconds=1&debug=1&gc=0&node_id=&server_id=",
        ),
        g(
            "agent-monitor.json",
            "/v1/agent/monitor?log_level=debug&log_json=false&log_include_location=false&node_id=&server_id=",
        )
        .cut(3000),
        g(
            "agent-monitor-json.json",
            "/v1/agent/monitor?log_level=debug&log_json=true&log_include_location=true&node_id=&server_id=",
        )
        .cut(3000),
        g("alloc-checks-none.json", "/v1/client/allocation/{alloc:example}/checks"),
        g("alloc-checks.json", "/v1/client/allocation/{alloc:logger}/checks").map(),
        g("client-fs-ls-root.json", "/v1/client/fs/ls/{alloc:example}?path=/"),
        g("client-fs-ls-logs.json", "/v1/client/fs/ls/{alloc:example}?path=alloc/logs"),
        g(
            "client-fs-stat-file.json",
            "/v1/client/fs/stat/{alloc:example}?path=alloc/logs/redis.stdout.0",
        ),
        g("client-fs-stat-dir.json", "/v1/client/fs/stat/{alloc:example}?path=alloc"),
        g(
            "client-fs-cat.txt",
            "/v1/client/fs/cat/{alloc:logger}?path=alloc/logs/talk.stdout.0",
        ),
        g(
            "client-fs-readat.txt",
            "/v1/client/fs/readat/{alloc:logger}?path=alloc/logs/talk.stdout.0&offset=6&limit=4",
        ),
        g(
            "client-fs-logs.json",
            "/v1/client/fs/logs/{alloc:logger}?task=talk&type=stdout&origin=start&offset=0&follow=false",
        ),
        g(
            "client-fs-logs-plain.txt",
            "/v1/client/fs/logs/{alloc:logger}?task=talk&type=stderr&origin=start&offset=0&follow=false&plain=true",
        ),
        g(
            "client-fs-logs-follow.json",
            "/v1/client/fs/logs/{alloc:logger}?task=talk&type=stdout&origin=start&offset=0&follow=true",
        )
        .cut(2500),
        g(
            "client-fs-stream.json",
            "/v1/client/fs/stream/{alloc:logger}?path=alloc/logs/talk.stderr.0&origin=start&offset=0",
        )
        .cut(2500),
        g("deployment-allocations.json", "/v1/deployment/allocations/{dep:logger}"),
        g("evaluation-allocations.json", "/v1/evaluation/{eval:logger}/allocations"),
        g("job-huge.json", "/v1/job/huge"),
        g("job-huge-summary.json", "/v1/job/huge/summary"),
        g("job-huge-allocations.json", "/v1/job/huge/allocations"),
        g("job-huge-evaluations.json", "/v1/job/huge/evaluations"),
        g("job-huge-deployment.json", "/v1/job/huge/deployment"),
        g("evaluation-blocked-exhausted.json", "/v1/evaluation/{eval:huge:blocked}"),
        g("job-canary-deployment.json", "/v1/job/canary/deployment"),
        g("job-canary-allocations.json", "/v1/job/canary/allocations").order(Order::Asc(&["ID"])),
        g("job-example-scale-status.json", "/v1/job/example/scale?namespace=default"),
        g(
            "job-example-submission.json",
            "/v1/job/example/submission?version=0&namespace=default",
        ),
        g(
            "job-example-submission-missing-404.json",
            "/v1/job/example/submission?version=99&namespace=default",
        ),
        // ?index= where nothing blocks, then where it does.
        g("agent-self-index.json", "/v1/agent/self?index=100000&wait=2s"),
        g("agent-members-index.json", "/v1/agent/members?index=100000&wait=2s"),
        g("agent-servers-index.json", "/v1/agent/servers?index=100000&wait=2s"),
        g("agent-health-index.json", "/v1/agent/health?index=100000&wait=2s"),
        g("agent-schedulers-index.json", "/v1/agent/schedulers?index=100000&wait=2s"),
        g("status-leader-index.json", "/v1/status/leader?index=100000&wait=2s"),
        g("status-peers-index.json", "/v1/status/peers?index=100000&wait=2s"),
        g("regions-index.json", "/v1/regions?index=100000&wait=2s"),
        g(
            "client-stats-index.json",
            "/v1/client/stats?node_id={node}&index=100000&wait=2s",
        ),
        g(
            "client-allocation-stats-index.json",
            "/v1/client/allocation/{alloc:example}/stats?index=100000&wait=2s",
        ),
        g(
            "client-metadata-index.json",
            "/v1/client/metadata?node_id={node}&index=100000&wait=2s",
        ),
        g(
            "alloc-checks-index.json",
            "/v1/client/allocation/{alloc:example}/checks?index=100000&wait=2s",
        ),
        g("job-example-index-timeout.json", "/v1/job/example?index=100000&wait=1s"),
        g("allocations-index-timeout.json", "/v1/allocations?index=100000&wait=1s"),
        g(
            "evaluation-missing-index-404.json",
            "/v1/evaluation/00000000-0000-0000-0000-000000000000?index=100000&wait=1s",
        ),
    ];
    // Lookups of things that do not exist.
    for (file, path) in [
        ("alloc-checks-missing-404.json", "/v1/client/allocation/{zero}/checks"),
        ("client-allocation-stats-missing-404.json", "/v1/client/allocation/{zero}/stats"),
        ("client-fs-ls-missing-alloc-404.json", "/v1/client/fs/ls/{zero}?path=/"),
        ("client-fs-ls-missing-path-404.json", "/v1/client/fs/ls/{alloc:example}?path=nosuch"),
        (
            "client-fs-stat-missing-path-404.json",
            "/v1/client/fs/stat/{alloc:example}?path=nosuch",
        ),
        ("client-fs-cat-missing-path.txt", "/v1/client/fs/cat/{alloc:example}?path=nosuch"),
        (
            "client-fs-logs-missing-alloc-404.json",
            "/v1/client/fs/logs/{zero}?task=redis&type=stdout&origin=start&offset=0&follow=false",
        ),
        (
            "client-fs-logs-missing-task-400.json",
            "/v1/client/fs/logs/{alloc:example}?task=nosuch&type=stdout&origin=start&offset=0&follow=false",
        ),
        ("deployment-allocations-missing.json", "/v1/deployment/allocations/{zero}"),
        ("deployment-shortprefix-500.json", "/v1/deployment/abc"),
        ("evaluation-allocations-missing.json", "/v1/evaluation/{zero}/allocations"),
        ("job-nosuchjob-allocations.json", "/v1/job/nosuchjob/allocations"),
        ("job-nosuchjob-evaluations.json", "/v1/job/nosuchjob/evaluations"),
        ("job-nosuchjob-deployment.json", "/v1/job/nosuchjob/deployment"),
        ("job-nosuchjob-deployments.json", "/v1/job/nosuchjob/deployments"),
        ("job-nosuchjob-versions-404.json", "/v1/job/nosuchjob/versions"),
        ("job-nosuchjob-scale-404.json", "/v1/job/nosuchjob/scale"),
        ("node-missing-allocations.json", "/v1/node/{zero}/allocations"),
        ("client-stats-missing-node-404.json", "/v1/client/stats?node_id={zero}"),
        ("client-metadata-missing-node-500.json", "/v1/client/metadata?node_id={zero}"),
        ("namespace-missing-404.json", "/v1/namespace/nosuch"),
    ] {
        v.push(g(file, path));
    }
    // The writes, and the reads between them, in the recorded order.
    let node: &'static [(&str, &str)] = &[(NODE_ID_2, "{node}")];
    v.extend([
        put("deployment-promote.json", "/v1/deployment/promote/{dep:canary}")
            .subst(&[("6cb45dab-7abc-ec26-0cae-58d9ef4c4f29", "{dep:canary}")]),
        put("job-validate.json", "/v1/validate/job"),
        put("job-example-plan.json", "/v1/job/example/plan"),
        put("job-echo-batch-register.json", "/v1/jobs"),
        put("job-example-evaluate.json", "/v1/job/example/evaluate?namespace=default"),
        put("job-example-scale.json", "/v1/job/example/scale?namespace=default"),
        put("job-example-revert.json", "/v1/job/example/revert?namespace=default"),
        g(
            "job-example-versions-diffs.json",
            "/v1/job/example/versions?diffs=true&namespace=default",
        ),
        put(
            "job-param-job-dispatch.json",
            "/v1/job/param-job/dispatch?namespace=default",
        ),
        put(
            "job-report-periodic-force.json",
            "/v1/job/report-periodic/periodic/force?namespace=default",
        ),
        put("alloc-signal.json", "/v1/client/allocation/{alloc:logger}/signal"),
        put(
            "alloc-signal-complete-500.json",
            "/v1/client/allocation/{alloc:echo-batch}/signal",
        ),
        put("alloc-restart.json", "/v1/client/allocation/{alloc:logger}/restart"),
        put("alloc-stop.json", "/v1/allocation/{alloc:example}/stop"),
        put("node-eligibility-ineligible.json", "/v1/node/{node}/eligibility").subst(node),
        put("node-eligibility-eligible.json", "/v1/node/{node}/eligibility").subst(node),
        put("node-drain-enable.json", "/v1/node/{node}/drain").subst(node),
        g("node-draining.json", "/v1/node/{node}"),
        put("node-drain-disable.json", "/v1/node/{node}/drain").subst(node),
        g("node-after-drain.json", "/v1/node/{node}"),
        Case::new(
            "client-metadata-update.json",
            S,
            "POST",
            "/v1/client/metadata?node_id={node}",
        )
        ,
        Case::new(
            "agent-schedulers-config-update.json",
            S,
            "POST",
            "/v1/agent/schedulers/config",
        )
        ,
        // The sim's servers are at 10.0.0.11-13 (RPC 4647, Serf 4648).
        put("agent-servers-update.json", "/v1/agent/servers?address=10.0.0.12%3A4647"),
        put("agent-join.json", "/v1/agent/join?address=10.0.0.12%3A4648"),
        put("agent-join-fail.json", "/v1/agent/join?address=127.0.0.1%3A1"),
        put("agent-force-leave.json", "/v1/agent/force-leave?node=nosuch"),
        Case::new(
            "job-logger-stop.json",
            S,
            "DELETE",
            "/v1/job/logger?eval_priority=0&global=false&namespace=default&no_shutdown_delay=false&purge=false",
        ),
    ]);
    v
}

/// The 14680 agent's recordings: `agent/host` in its forms, paged lists, the `-watch`
/// scenario before and after `job stop web`.
fn dev2() -> Vec<Case> {
    use Cluster::{Dev2 as D, Dev2WebStopped as W};
    let g = |file: &str, path: &str| Case::new(file, D, "GET", path);
    let by_index = Order::Asc(&["CreateIndex", "ID"]);
    let by_index_desc = Order::Desc(&["CreateIndex", "ID"]);
    let mut v = vec![
        g("agent-host.json", "/v1/agent/host"),
        g("agent-host-node.json", "/v1/agent/host?node_id={node}"),
        g(
            "agent-host-server.json",
            "/v1/agent/host?server_id=server-1.global",
        ),
        g(
            "agent-host-server-unknown-500.json",
            "/v1/agent/host?server_id=nope",
        ),
        g(
            "agent-host-node-short-500.json",
            "/v1/agent/host?node_id=nope",
        ),
        g(
            "agent-host-node-missing.json",
            "/v1/agent/host?node_id={zero}",
        ),
        g(
            "agent-host-both-400.json",
            "/v1/agent/host?node_id={node}&server_id=server-1.global",
        ),
        g("agent-host-index.json", "/v1/agent/host?index=1&wait=1s"),
        g("allocations-reverse.json", "/v1/allocations?reverse=true").order(by_index_desc),
        g(
            "allocations-prefix-odd-500.json",
            "/v1/allocations?prefix=e&per_page=1&reverse=true",
        ),
        g("nodes-per-page-1.json", "/v1/nodes?per_page=1"),
    ];
    // Paged lists: (recording stem, path of page 1, pages, order).
    let paged: [(&str, &str, usize, Option<Order>); 9] = [
        (
            "allocations-per-page-3",
            "/v1/allocations?per_page=3",
            3,
            Some(by_index),
        ),
        (
            "allocations-reverse-per-page-3",
            "/v1/allocations?per_page=3&reverse=true",
            3,
            Some(by_index_desc),
        ),
        (
            "allocations-ns-all-reverse-per-page-4",
            "/v1/allocations?namespace=*&per_page=4&reverse=true",
            3,
            Some(by_index_desc),
        ),
        (
            "evaluations-per-page-4",
            "/v1/evaluations?per_page=4",
            3,
            Some(by_index),
        ),
        (
            "evaluations-reverse-per-page-4",
            "/v1/evaluations?per_page=4&reverse=true",
            3,
            Some(by_index_desc),
        ),
        (
            "deployments-per-page-2",
            "/v1/deployments?per_page=2",
            2,
            Some(by_index),
        ),
        (
            "deployments-reverse-per-page-2",
            "/v1/deployments?per_page=2&reverse=true",
            2,
            Some(by_index_desc),
        ),
        (
            "jobs-per-page-3",
            "/v1/jobs?per_page=3",
            3,
            Some(Order::Asc(&["ID"])),
        ),
        (
            "jobs-reverse-per-page-3",
            "/v1/jobs?per_page=3&reverse=true",
            3,
            Some(Order::Desc(&["ID"])),
        ),
    ];
    for (stem, path, pages, order) in paged {
        for n in 1..=pages {
            let mut c = g(&format!("{stem}-p{n}.json"), path).page(n);
            c.order = order;
            // Nomad makes more evaluations than the sim for the same history (one per
            // periodic launch and dispatch, each node update): which land on a page differ.
            c.content_varies = stem.starts_with("evaluations");
            v.push(c);
        }
    }
    for n in 1..=2 {
        v.push(
            g(
                &format!("node-pools-reverse-per-page-1-p{n}.json"),
                "/v1/node/pools?per_page=1&reverse=true",
            )
            .page(n),
        );
    }
    // The watch scenario: the same reads before and after the stop; the blocking ones ask
    // from index 1 (the recorded indexes are the other agent's), so they answer at once.
    for (phase, cluster) in [("before", D), ("after", W)] {
        for (name, path) in [
            ("jobs", "/v1/jobs"),
            ("jobs-prefix-web", "/v1/jobs?prefix=web"),
            ("agent-self", "/v1/agent/self"),
            ("job-web", "/v1/job/web"),
            ("job-web-summary", "/v1/job/web/summary"),
            ("job-web-allocations", "/v1/job/web/allocations"),
            (
                "job-web-allocations-all-false",
                "/v1/job/web/allocations?all=false",
            ),
            ("job-web-evaluations", "/v1/job/web/evaluations"),
            ("job-web-deployment", "/v1/job/web/deployment"),
            ("job-web-deployments", "/v1/job/web/deployments"),
        ] {
            v.push(Case::new(
                &format!("watch-web-stop/{phase}-{name}.json"),
                cluster,
                "GET",
                path,
            ));
        }
    }
    for (name, path) in [
        ("jobs", "/v1/jobs"),
        ("job-web", "/v1/job/web"),
        ("job-web-summary", "/v1/job/web/summary"),
        ("job-web-allocations", "/v1/job/web/allocations"),
        ("job-web-evaluations", "/v1/job/web/evaluations"),
        ("job-web-deployments", "/v1/job/web/deployments"),
    ] {
        v.push(Case::new(
            &format!("watch-web-stop/after-{name}-blocking.json"),
            W,
            "GET",
            &format!("{path}?index=1&wait=5s"),
        ));
    }
    v
}

/// The `depl/` agent's recordings (INDEX.md "Deployment writes, …"), in the recorded order.
fn depl() -> Vec<Case> {
    let put = |file: &str, path: &str| Case::new(file, Cluster::Depl, "PUT", path);
    let dep: &'static [(&str, &str)] = &[("95a07642-a304-1363-26b7-4cd8d8b01a25", "{dep:canary}")];
    let zero: &'static [(&str, &str)] = &[("00000000-0000-0000-0000-000000000000", "{zero}")];
    let g = |file: &str, path: &str| Case::new(file, Cluster::DeplPaused, "GET", path);
    let del = |file: &str| Case::new(file, Cluster::DeplPaused, "DELETE", "/v1/evaluations");
    let del_at = |file: &str, path: &str| Case::new(file, Cluster::DeplPaused, "DELETE", path);
    // The evaluation deleted by ID (then missing), as recorded.
    const EVAL: &str = "e297fec3-31f0-efd6-cb93-d05b64b5d195";
    vec![
        put(
            "depl/deployment-pause.json",
            "/v1/deployment/pause/{dep:canary}",
        )
        .subst(dep),
        put(
            "depl/deployment-resume.json",
            "/v1/deployment/pause/{dep:canary}",
        )
        .subst(dep),
        put(
            "depl/deployment-unblock-running.json",
            "/v1/deployment/unblock/{dep:canary}",
        )
        .subst(dep),
        put(
            "depl/deployment-fail.json",
            "/v1/deployment/fail/{dep:canary}",
        )
        .subst(dep),
        put(
            "depl/deployment-fail-terminal-500.json",
            "/v1/deployment/fail/{dep:canary}",
        )
        .subst(dep),
        put(
            "depl/deployment-pause-terminal-500.json",
            "/v1/deployment/pause/{dep:canary}",
        )
        .subst(dep),
        put(
            "depl/deployment-fail-missing-500.json",
            "/v1/deployment/fail/{zero}",
        )
        .subst(zero),
        g(
            "depl/evaluation-shortprefix-500.json",
            "/v1/evaluation/{eval8:canary}",
        ),
        g("depl/evaluation-oddprefix-500.json", "/v1/evaluation/abc"),
        Case::new(
            "depl/scheduler-configuration.json",
            Cluster::Depl,
            "GET",
            "/v1/operator/scheduler/configuration",
        ),
        g(
            "depl/scheduler-configuration-paused.json",
            "/v1/operator/scheduler/configuration",
        ),
        g(
            "depl/evaluations-count-filter.json",
            "/v1/evaluations/count?filter=JobID+%3D%3D+%22canary%22",
        ),
        g("depl/evaluations-count.json", "/v1/evaluations/count"),
        del("depl/evaluations-delete-ids.json").subst(&[(EVAL, "{eval:echo-batch}")]),
        del("depl/evaluations-delete-filter-none.json"),
        del("depl/evaluations-delete-missing-500.json").subst(&[(EVAL, "{zero}")]),
        del("depl/evaluations-delete-empty-400.json"),
        Case::new(
            "depl/evaluations-delete-broker-enabled-500.json",
            Cluster::Depl,
            "DELETE",
            "/v1/evaluations",
        ),
        del("depl/evaluations-delete-unsafe-500.json")
            .subst(&[("1f6988c0-5eb8-0ba0-295a-6d32dae830a6", "{eval:canary}")]),
        g(
            "depl/client-allocation-pause-get.json",
            "/v1/client/allocation/{alloc:canary}/pause?task=srv",
        ),
        Case::new(
            "depl/client-allocation-pause-put.json",
            Cluster::DeplPaused,
            "PUT",
            "/v1/client/allocation/{alloc:canary}/pause?task=srv",
        ),
        Case::new(
            "depl/job-canary-tag-apply.json",
            Cluster::DeplPaused,
            "PUT",
            "/v1/job/canary/versions/v-one/tag",
        ),
        Case::new(
            "depl/job-canary-tag-apply-dup-500.json",
            Cluster::DeplPaused,
            "PUT",
            "/v1/job/canary/versions/v-one/tag",
        ),
        Case::new(
            "depl/job-canary-tag-apply-noversion-500.json",
            Cluster::DeplPaused,
            "PUT",
            "/v1/job/canary/versions/v-x/tag",
        ),
        Case::new(
            "depl/job-nosuch-tag-apply-500.json",
            Cluster::DeplPaused,
            "PUT",
            "/v1/job/nosuch/versions/v-x/tag",
        ),
        del_at(
            "depl/job-canary-tag-unset.json",
            "/v1/job/canary/versions/v-one/tag",
        ),
        del_at(
            "depl/job-canary-tag-unset-missing-500.json",
            "/v1/job/canary/versions/v-one/tag",
        ),
    ]
}

/// The variables agent's recordings, in the order they were made. `{lock:PATH}` is the ID of
/// the lock held on PATH.
fn vars() -> Vec<Case> {
    use Cluster::Vars as V;
    let mk = |file: &str, method: &'static str, path: &str| Case {
        no_codegen: true,
        ..Case::new(file, V, method, path)
    };
    let g = |file: &str, path: &str| mk(file, "GET", path);
    let put = |file: &str, path: &str| mk(file, "PUT", path);
    let del = |file: &str, path: &str| mk(file, "DELETE", path);
    let by_ns_path = Order::Asc(&["Namespace", "Path"]);
    const LOCK_1: &[(&str, &str)] = &[("9a0a7fc5-4316-cbe5-51e4-b8a579856a3d", "{lock:locks/job}")];
    const ANY_ID: &[(&str, &str)] = &[("9a0a7fc5-4316-cbe5-51e4-b8a579856a3d", "{zero}")];
    vec![
        g("vars-list.json", "/v1/vars").order(by_ns_path),
        g("vars-list-prefix.json", "/v1/vars?prefix=app").order(by_ns_path),
        g("vars-list-ns-all.json", "/v1/vars?namespace=%2A").order(by_ns_path),
        g("vars-list-page.json", "/v1/vars?per_page=2").order(by_ns_path),
        g("vars-list-none.json", "/v1/vars?prefix=nosuch"),
        g("var-app-db.json", "/v1/var/app/db"),
        g("var-ns-prod.json", "/v1/var/app/db?namespace=prod"),
        g("var-app-db-404.json", "/v1/var/app/nosuch"),
        put("var-put-create.json", "/v1/var/app/cache?cas=0"),
        put("var-put-conflict-409.json", "/v1/var/app/cache?cas=0"),
        put("var-put-force.json", "/v1/var/app/cache"),
        put("var-put-empty-400.json", "/v1/var/app/cache"),
        del("var-delete-conflict-409.json", "/v1/var/app/cache?cas=3"),
        del("var-delete.json", "/v1/var/app/cache"),
        del("var-delete-missing.json", "/v1/var/app/cache"),
        del("var-delete-missing-cas.json", "/v1/var/app/cache?cas=5"),
        put("var-lock-acquire.json", "/v1/var/locks/job?lock-acquire"),
        put(
            "var-lock-acquire-conflict-409.json",
            "/v1/var/locks/job?lock-acquire",
        ),
        put("var-lock-renew.json", "/v1/var/locks/job?lock-renew").subst(LOCK_1),
        put(
            "var-lock-renew-conflict-409.json",
            "/v1/var/locks/job?lock-renew",
        ),
        g("var-lock-held.json", "/v1/var/locks/job"),
        put("var-lock-release.json", "/v1/var/locks/job?lock-release").subst(LOCK_1),
        // The lock is gone: any ID (the released one is no longer in the sim) meets no lock.
        put(
            "var-lock-release-again-500.json",
            "/v1/var/locks/job?lock-release",
        )
        .subst(ANY_ID),
        g("vars-list-after-lock.json", "/v1/vars?prefix=locks"),
        put("var-lock-reacquire.json", "/v1/var/locks/job?lock-acquire"),
        g("vars-list-locked.json", "/v1/vars?prefix=locks"),
        put("search-vars-prefix.json", "/v1/search"),
    ]
}

/// The catalog agent's recordings, in the order they were made.
fn catalog() -> Vec<Case> {
    use Cluster::Catalog as C;
    let g = |file: &str, path: &str| Case::new(&format!("catalog/{file}"), C, "GET", path);
    let put = |file: &str, path: &str| Case::new(&format!("catalog/{file}"), C, "PUT", path);
    let del = |file: &str, path: &str| Case::new(&format!("catalog/{file}"), C, "DELETE", path);
    let by_name = Order::Asc(&["Name"]);
    let policy = "{policy:default:svc:web}";
    vec![
        g("ns-list.json", "/v1/namespaces").order(by_name),
        g("ns-list-prefix-p.json", "/v1/namespaces?prefix=p"),
        g("ns-list-prefix-zz.json", "/v1/namespaces?prefix=zz"),
        g("ns-info-nosuch-404.json", "/v1/namespace/nosuch"),
        put("ns-apply.json", "/v1/namespace"),
        g("ns-info-team-a.json", "/v1/namespace/team-a"),
        put("ns-apply-bad-name-500.json", "/v1/namespace"),
        del("ns-delete-prod-jobs-500.json", "/v1/namespace/prod"),
        del("ns-delete-nosuch.json", "/v1/namespace/nosuch"),
        del("ns-delete-default.json", "/v1/namespace/default"),
        del("ns-delete-team-a.json", "/v1/namespace/team-a"),
        put("ns-apply-caps.json", "/v1/namespace"),
        g("ns-info-caps.json", "/v1/namespace/caps"),
        put("np-apply.json", "/v1/node/pools"),
        put("np-apply-bad-name.json", "/v1/node/pools"),
        g("np-info-batch.json", "/v1/node/pool/batch"),
        g("np-jobs-default.json", "/v1/node/pool/default/jobs"),
        g("np-jobs-batch.json", "/v1/node/pool/batch/jobs"),
        g("np-jobs-nosuch.json", "/v1/node/pool/nosuch/jobs"),
        g("np-nodes-default.json", "/v1/node/pool/default/nodes"),
        g("np-nodes-batch.json", "/v1/node/pool/batch/nodes"),
        g("np-nodes-nosuch.json", "/v1/node/pool/nosuch/nodes"),
        g(
            "np-jobs-default-page.json",
            "/v1/node/pool/default/jobs?per_page=1",
        ),
        del("np-delete-default.json", "/v1/node/pool/default"),
        del("np-delete-nosuch.json", "/v1/node/pool/nosuch"),
        del("np-delete-batch.json", "/v1/node/pool/batch"),
        g("svc-list.json", "/v1/services"),
        g("svc-list-ns-all.json", "/v1/services?namespace=*").order(Order::Asc(&["Namespace"])),
        g("svc-list-prefix-we.json", "/v1/services?prefix=we"),
        g("svc-list-prefix-zz.json", "/v1/services?prefix=zz"),
        g("svc-list-prod.json", "/v1/services?namespace=prod"),
        g("svc-web.json", "/v1/service/web"),
        g("svc-web-ns-all.json", "/v1/service/web?namespace=*"),
        g("svc-web-page.json", "/v1/service/web?per_page=1"),
        g("svc-nosuch.json", "/v1/service/nosuch"),
        g("scaling-policies.json", "/v1/scaling/policies"),
        g("scaling-policies-job.json", "/v1/scaling/policies?job=svc"),
        g(
            "scaling-policies-type.json",
            "/v1/scaling/policies?type=vertical_cpu",
        ),
        g(
            "scaling-policies-ns-all.json",
            "/v1/scaling/policies?namespace=*",
        ),
        g(
            "scaling-policies-prefix.json",
            "/v1/scaling/policies?prefix={policy4:default:svc:web}",
        ),
        g(
            "scaling-policy.json",
            &format!("/v1/scaling/policy/{policy}"),
        ),
        g(
            "scaling-policy-missing-404.json",
            "/v1/scaling/policy/00000000-0000-0000-0000-000000000000",
        ),
        g("job-svc-scale.json", "/v1/job/svc/scale"),
        g("job-nosuch-scale-404.json", "/v1/job/nosuch/scale"),
        put("np-apply-scheduler-config-500.json", "/v1/node/pools"),
        Case::new(
            "catalog/acl-namespaces-no-token.json",
            Cluster::Acl,
            "GET",
            "/v1/namespaces",
        ),
        Case::new(
            "catalog/acl-services-no-token-403.json",
            Cluster::Acl,
            "GET",
            "/v1/services",
        ),
        Case::new(
            "catalog/acl-scaling-policies-no-token-403.json",
            Cluster::Acl,
            "GET",
            "/v1/scaling/policies",
        ),
        Case::new(
            "catalog/acl-node-pool-jobs-no-token-403.json",
            Cluster::Acl,
            "GET",
            "/v1/node/pool/default/jobs",
        ),
        Case::new(
            "catalog/acl-namespace-delete-no-token-403.json",
            Cluster::Acl,
            "DELETE",
            "/v1/namespace/x",
        ),
        Case::new(
            "catalog/acl-node-pools-no-token.json",
            Cluster::Acl,
            "GET",
            "/v1/node/pools",
        ),
        Case::new(
            "catalog/svc-web-page-scaled.json",
            Cluster::CatalogScaled,
            "GET",
            "/v1/service/web?per_page=1",
        ),
    ]
}

/// The `job restart` agent's recordings, in the order they were made. `{alloc:JOB:GROUP}` is a
/// (running) allocation of the group, `{first:JOB:GROUP}` its oldest allocation.
fn act() -> Vec<Case> {
    use Cluster::Act as A;
    let by_index = Order::Desc(&["CreateIndex"]);
    vec![
        Case::new(
            "restart/job-act-versions-nodiffs.json",
            A,
            "GET",
            "/v1/job/act/versions?diffs=false",
        ),
        Case::new(
            "restart/job-act-allocations-all.json",
            A,
            "GET",
            "/v1/job/act/allocations?all=true",
        ),
        Case::new(
            "restart/job-act-deployments-all.json",
            A,
            "GET",
            "/v1/job/act/deployments?all=true",
        )
        .order(by_index),
        Case::new(
            "restart/alloc-restart-task.json",
            A,
            "PUT",
            "/v1/client/allocation/{alloc:act:g}/restart",
        ),
        Case::new(
            "restart/alloc-restart-task-missing-500.json",
            A,
            "PUT",
            "/v1/client/allocation/{alloc:act:g}/restart",
        ),
        Case::new(
            "restart/alloc-restart-all-tasks.json",
            A,
            "PUT",
            "/v1/client/allocation/{alloc:act:g}/restart",
        ),
        Case::new(
            "restart/alloc-stop-no-shutdown-delay.json",
            A,
            "PUT",
            "/v1/allocation/{alloc:act:h}/stop?no_shutdown_delay=true",
        ),
        Case::new(
            "restart/allocation-stopped-index-1.json",
            A,
            "GET",
            "/v1/allocation/{first:act:h}?index=1",
        )
        .settled(),
        Case::new(
            "restart/allocation-replacement.json",
            A,
            "GET",
            "/v1/allocation/{alloc:act:h}?index=1",
        ),
        Case::new(
            "restart/job-act-evaluations-index.json",
            A,
            "GET",
            "/v1/job/act/evaluations?index=1",
        ),
    ]
}

fn acl_auth() -> Vec<Case> {
    use Cluster::{AclAuth as E, AclAuthFull as F};
    let mk = |file: &str, c: Cluster, method: &'static str, path: &str, token: &'static str| {
        let case = Case::new(&format!("acl/{file}"), c, method, path);
        if token.is_empty() {
            case
        } else {
            case.token(token)
        }
    };
    let (b, r) = (BOOT_SECRET, AUTH_READER_SECRET);
    let by_id = Order::Asc(&["ID"]);
    let by_name = Order::Asc(&["Name"]);
    const OPS: &[(&str, &str)] = &[("e5d7526a-a1c3-4854-c3a6-0cc239ac0450", "{role:ops}")];
    const RULE: &[(&str, &str)] = &[("76ea25ec-e787-89be-16ff-e948f866fad1", "{rule:ops group}")];
    let zero = "00000000-0000-0000-0000-000000000000";
    vec![
        mk("role-list-empty.json", E, "GET", "/v1/acl/roles", b),
        mk("role-create.json", E, "PUT", "/v1/acl/role", b),
        mk(
            "role-create-badpolicy-400.json",
            E,
            "PUT",
            "/v1/acl/role",
            b,
        ),
        mk("role-create-reader-403.json", E, "PUT", "/v1/acl/role", r),
        mk("role-list.json", F, "GET", "/v1/acl/roles", b).order(by_id),
        mk("role-ops.json", F, "GET", "/v1/acl/role/{role:ops}", b),
        mk("role-name-ops.json", F, "GET", "/v1/acl/role/name/ops", b),
        mk(
            "role-nosuch-404.json",
            F,
            "GET",
            &format!("/v1/acl/role/{zero}"),
            b,
        ),
        mk(
            "role-name-nosuch-404.json",
            F,
            "GET",
            "/v1/acl/role/name/nosuch",
            b,
        ),
        mk("role-list-reader.json", F, "GET", "/v1/acl/roles", r),
        mk("role-list-no-token.json", F, "GET", "/v1/acl/roles", ""),
        mk(
            "role-ops-reader-403.json",
            F,
            "GET",
            "/v1/acl/role/{role:ops}",
            r,
        ),
        mk("role-update.json", F, "PUT", "/v1/acl/role/{role:ops}", b).subst(OPS),
        mk(
            "role-delete.json",
            F,
            "DELETE",
            "/v1/acl/role/{role:sre}",
            b,
        ),
        mk(
            "role-delete-nosuch.json",
            F,
            "DELETE",
            &format!("/v1/acl/role/{zero}"),
            b,
        ),
        mk(
            "role-delete-reader-403.json",
            F,
            "DELETE",
            "/v1/acl/role/{role:ops}",
            r,
        ),
        mk(
            "auth-methods-empty.json",
            E,
            "GET",
            "/v1/acl/auth-methods",
            "",
        ),
        mk(
            "auth-method-create-oidc.json",
            E,
            "PUT",
            "/v1/acl/auth-method",
            b,
        ),
        mk("auth-methods.json", F, "GET", "/v1/acl/auth-methods", "").order(by_name),
        mk(
            "auth-methods-boot.json",
            F,
            "GET",
            "/v1/acl/auth-methods",
            b,
        )
        .order(by_name),
        mk(
            "auth-method-jwt-a.json",
            F,
            "GET",
            "/v1/acl/auth-method/jwt-a",
            b,
        ),
        mk(
            "auth-method-oidc-a.json",
            F,
            "GET",
            "/v1/acl/auth-method/oidc-a",
            b,
        ),
        mk(
            "auth-method-nosuch-404.json",
            F,
            "GET",
            "/v1/acl/auth-method/nosuch",
            b,
        ),
        mk(
            "auth-method-reader-403.json",
            F,
            "GET",
            "/v1/acl/auth-method/jwt-a",
            r,
        ),
        mk(
            "auth-method-no-token-403.json",
            F,
            "GET",
            "/v1/acl/auth-method/jwt-a",
            "",
        ),
        mk(
            "auth-method-update.json",
            F,
            "PUT",
            "/v1/acl/auth-method/jwt-a",
            b,
        ),
        mk(
            "auth-method-delete.json",
            F,
            "DELETE",
            "/v1/acl/auth-method/oidc-b",
            b,
        ),
        mk(
            "auth-method-delete-nosuch.json",
            F,
            "DELETE",
            "/v1/acl/auth-method/nosuch",
            b,
        ),
        mk(
            "auth-method-delete-reader-403.json",
            F,
            "DELETE",
            "/v1/acl/auth-method/jwt-a",
            r,
        ),
        mk(
            "binding-rules-empty.json",
            E,
            "GET",
            "/v1/acl/binding-rules",
            b,
        ),
        mk(
            "binding-rule-create.json",
            F,
            "PUT",
            "/v1/acl/binding-rule",
            b,
        ),
        mk("binding-rules.json", F, "GET", "/v1/acl/binding-rules", b).order(by_id),
        mk(
            "binding-rule.json",
            F,
            "GET",
            "/v1/acl/binding-rule/{rule:ops group}",
            b,
        ),
        mk(
            "binding-rule-nosuch-404.json",
            F,
            "GET",
            &format!("/v1/acl/binding-rule/{zero}"),
            b,
        ),
        mk(
            "binding-rules-reader-403.json",
            F,
            "GET",
            "/v1/acl/binding-rules",
            r,
        ),
        mk(
            "binding-rule-reader-403.json",
            F,
            "GET",
            "/v1/acl/binding-rule/{rule:ops group}",
            r,
        ),
        mk(
            "binding-rule-update.json",
            F,
            "PUT",
            "/v1/acl/binding-rule/{rule:ops group}",
            b,
        )
        .subst(RULE),
        mk(
            "binding-rule-delete.json",
            F,
            "DELETE",
            "/v1/acl/binding-rule/{rule:admins}",
            b,
        ),
        mk(
            "binding-rule-delete-nosuch.json",
            F,
            "DELETE",
            &format!("/v1/acl/binding-rule/{zero}"),
            b,
        ),
        mk(
            "var-lock-acquire-go-body.json",
            F,
            "PUT",
            "/v1/var/locks/rc?lock-acquire=",
            b,
        ),
        mk(
            "var-lock-release-other-id-409.json",
            F,
            "PUT",
            "/v1/var/locks/rc?lock-release=",
            b,
        ),
        mk(
            "var-lock-acquire-short-ttl-400.json",
            F,
            "PUT",
            "/v1/var/locks/rc2?lock-acquire=",
            b,
        ),
    ]
}

/// The operator agent's recordings, in the order they were made.
fn ops() -> Vec<Case> {
    use Cluster::Ops as O;
    let put = |file: &str, path: &str| Case::new(&format!("ops/{file}"), O, "PUT", path);
    let g = |file: &str, path: &str| Case::new(&format!("ops/{file}"), O, "GET", path);
    let zero = "00000000-0000-0000-0000-000000000000";
    vec![
        put("system-gc.json", "/v1/system/gc"),
        put(
            "system-reconcile-summaries.json",
            "/v1/system/reconcile/summaries",
        ),
        g("raft-configuration.json", "/v1/operator/raft/configuration"),
        g(
            "raft-configuration-stale.json",
            "/v1/operator/raft/configuration?stale=",
        ),
        Case::new(
            "ops/raft-peer-remove-unknown-500.json",
            O,
            "DELETE",
            &format!("/v1/operator/raft/peer?id={zero}"),
        ),
        put(
            "raft-transfer-unknown-400.json",
            &format!("/v1/operator/raft/transfer-leadership?id={zero}"),
        ),
        put(
            "raft-transfer-address-400.json",
            "/v1/operator/raft/transfer-leadership?address=127.0.0.1:9999",
        ),
        g(
            "autopilot-configuration.json",
            "/v1/operator/autopilot/configuration",
        ),
        g("autopilot-health.json", "/v1/operator/autopilot/health"),
        g(
            "scheduler-configuration.json",
            "/v1/operator/scheduler/configuration",
        ),
        // The sim's cluster starts at index 4 (autopilot) and 5 (scheduler), the recorded
        // agent was further on: the same write against the current index each time.
        put(
            "autopilot-cas.json",
            "/v1/operator/autopilot/configuration?cas=4",
        ),
        put(
            "autopilot-cas-stale.json",
            "/v1/operator/autopilot/configuration?cas=4",
        ),
        put(
            "scheduler-cas.json",
            "/v1/operator/scheduler/configuration?cas=5",
        ),
        put(
            "scheduler-cas-stale.json",
            "/v1/operator/scheduler/configuration?cas=5",
        ),
        g(
            "autopilot-configuration-after.json",
            "/v1/operator/autopilot/configuration",
        ),
        put("snapshot-restore-garbage-500.json", "/v1/operator/snapshot"),
    ]
}

/// The keyring agent's recordings, in the order they were made.
fn keyring() -> Vec<Case> {
    use Cluster::Keyring as K;
    let c = |file: &str, method: &'static str, path: &str| {
        Case::new(&format!("opsa/{file}"), K, method, path)
    };
    let key = |state: &str| format!("/v1/operator/keyring/key/{{rootkey:{state}}}");
    vec![
        c("metrics.json", "GET", "/v1/metrics"),
        c("metrics-pretty.json", "GET", "/v1/metrics?pretty=1"),
        c(
            "metrics-prometheus.txt",
            "GET",
            "/v1/metrics?format=prometheus",
        ),
        c("metrics-badformat.json", "GET", "/v1/metrics?format=xml"),
        c("keyring-keys.json", "GET", "/v1/operator/keyring/keys"),
        c("gossip-list.json", "GET", "/v1/agent/keyring/list"),
        c(
            "keyring-rotate-now.json",
            "PUT",
            "/v1/operator/keyring/rotate?",
        ),
        c(
            "keyring-rotate-prepublish.json",
            "PUT",
            "/v1/operator/keyring/rotate?publish_time=1796405400000000000",
        ),
        c(
            "keyring-rotate-full.json",
            "PUT",
            "/v1/operator/keyring/rotate?full=true",
        ),
        c(
            "keyring-keys-after.json",
            "GET",
            "/v1/operator/keyring/keys",
        ),
        c(
            "keyring-delete-active-500.json",
            "DELETE",
            &format!("{}?force=false", key("active")),
        ),
        c(
            "keyring-delete-unknown-500.json",
            "DELETE",
            "/v1/operator/keyring/key/{zero}?force=false",
        ),
        c(
            "keyring-delete-prefix-500.json",
            "DELETE",
            &format!("{}?force=false", key("4:prepublished")),
        ),
        c(
            "keyring-delete.json",
            "DELETE",
            &format!("{}?force=false", key("prepublished")),
        ),
        c(
            "keyring-keys-after-delete.json",
            "GET",
            "/v1/operator/keyring/keys",
        ),
        c(
            "keyring-delete-force.json",
            "DELETE",
            &format!("{}?force=true", key("first")),
        ),
        c("gossip-install.json", "PUT", "/v1/agent/keyring/install"),
        c("gossip-list-two.json", "GET", "/v1/agent/keyring/list"),
        c("gossip-use.json", "PUT", "/v1/agent/keyring/use"),
        c(
            "gossip-remove-primary-500.json",
            "PUT",
            "/v1/agent/keyring/remove",
        ),
        // The recorded agent's first key was its own; the sim's is another.
        c("gossip-remove.json", "PUT", "/v1/agent/keyring/remove").subst(&[(
            "XVxHPii2+JQuK2wyPac6gVWzU5avIIpJBez6FiCtPfY=",
            "{gossipkey:first}",
        )]),
        c(
            "gossip-install-bad-500.json",
            "PUT",
            "/v1/agent/keyring/install",
        ),
        c(
            "gossip-use-unknown-500.json",
            "PUT",
            "/v1/agent/keyring/use",
        ),
        c(
            "gossip-install-nobody-400.json",
            "PUT",
            "/v1/agent/keyring/install",
        ),
        c(
            "gossip-list-get-post.json",
            "POST",
            "/v1/agent/keyring/list",
        ),
        c(
            "gossip-install-get-400.json",
            "GET",
            "/v1/agent/keyring/install",
        ),
        c(
            "gossip-install-short-500.json",
            "PUT",
            "/v1/agent/keyring/install",
        ),
        c(
            "gossip-remove-unknown.json",
            "PUT",
            "/v1/agent/keyring/remove",
        ),
        c(
            "gossip-install-again.json",
            "PUT",
            "/v1/agent/keyring/install",
        ),
        c("gossip-list-after.json", "GET", "/v1/agent/keyring/list"),
        c(
            "gossip-install-empty-500.json",
            "PUT",
            "/v1/agent/keyring/install",
        ),
        c(
            "keyring-rotate-get-405.json",
            "GET",
            "/v1/operator/keyring/rotate",
        ),
        c(
            "keyring-rotate-badtime-500.json",
            "PUT",
            "/v1/operator/keyring/rotate?publish_time=abc",
        ),
        c(
            "keyring-rotate-algo.json",
            "PUT",
            "/v1/operator/keyring/rotate?algo=foo",
        ),
    ]
}

/// The volumes agent's recordings, in the order they were made.
fn volumes() -> Vec<Case> {
    use Cluster::Volumes as C;
    let g = |file: &str, path: &str| Case::new(&format!("volume/{file}"), C, "GET", path);
    let put = |file: &str, path: &str| Case::new(&format!("volume/{file}"), C, "PUT", path);
    let del = |file: &str, path: &str| Case::new(&format!("volume/{file}"), C, "DELETE", path);
    const NODE: &[(&str, &str)] = &[("b57c8d71-dd0c-c98b-d94a-4e9faab431fd", "{node}")];
    let missing = "/v1/volume/host/ffffffff-5a79-13f6-e672-9b5859910fde";
    vec![
        g("host-list.json", "/v1/volumes?type=host"),
        g(
            "host-list-prefix.json",
            "/v1/volumes?type=host&prefix={hostvol4:data}",
        ),
        g(
            "host-list-prefix-none.json",
            "/v1/volumes?type=host&prefix=ffff",
        ),
        g("host-info.json", "/v1/volume/host/{hostvol:data}"),
        g("host-info-404.json", missing),
        g("csi-list.json", "/v1/volumes?type=csi"),
        g("csi-list-prefix.json", "/v1/volumes?type=csi&prefix=x"),
        g("csi-info-404.json", "/v1/volume/csi/nosuch"),
        g("plugins.json", "/v1/plugins?type=csi"),
        g("plugin-404.json", "/v1/plugin/csi/nosuch"),
        g("volumes-notype.json", "/v1/volumes"),
        g("volumes-badtype.json", "/v1/volumes?type=foo"),
        g(
            "host-list-node.json",
            "/v1/volumes?type=host&node_id=nonode",
        ),
        g(
            "host-list-pool.json",
            "/v1/volumes?type=host&node_pool=default",
        ),
        g("claims.json", "/v1/volumes/claims"),
        put("host-create.json", "/v1/volume/host/create"),
        put("host-create-badplugin.json", "/v1/volume/host/create"),
        put("host-create-nocap.json", "/v1/volume/host/create"),
        put("host-register.json", "/v1/volume/host/register").subst(NODE),
        put("host-register-nonode.json", "/v1/volume/host/register"),
        del("host-delete-404.json", missing),
        put("csi-register.json", "/v1/volume/csi/vol1"),
        put("csi-create.json", "/v1/volume/csi/vol1/create"),
        del("csi-deregister-404.json", "/v1/volume/csi/vol1?force=false"),
        del("csi-delete-404.json", "/v1/volume/csi/vol1/delete"),
        del(
            "csi-detach-404.json",
            "/v1/volume/csi/vol1/detach?node={node}",
        ),
        g("snapshot-list.json", "/v1/volumes/snapshot?plugin_id=ebs"),
        put("snapshot-create.json", "/v1/volumes/snapshot"),
        del(
            "snapshot-delete.json",
            "/v1/volumes/snapshot?plugin_id=ebs&snapshot_id=snap1",
        ),
        g("external-list.json", "/v1/volumes/external?plugin_id=ebs"),
        del(
            "claim-delete-404.json",
            "/v1/volumes/claim/ffffffff-5a79-13f6-e672-9b5859910fde",
        ),
        g("host-list-4.json", "/v1/volumes?type=host").order(Order::Asc(&["ID"])),
        g("host-info-registered.json", "/v1/volume/host/{hostvol:reg}"),
        del("host-delete.json", "/v1/volume/host/{hostvol:nocap}"),
        del(
            "host-delete-force.json",
            "/v1/volume/host/{hostvol:reg}?force=true",
        ),
        g("host-list-after-delete.json", "/v1/volumes?type=host"),
    ]
}
