//! Nomad v1.10.5's command tree as its shell completion knows it: every command path (the
//! Windows-only ones left out), whether the command takes the client flags every API command
//! shares, and its own flags. The flag lists are what each Nomad command offers to its shell
//! completion (`AutocompleteFlags` in Nomad's `command/*.go`); a command without that offers no
//! flags. rnomad hands the commands its own tree lacks to a real nomad (`passthrough`) and
//! completes them from here, so `rnomad op<TAB>` and `rnomad operator raft -<TAB>` work whether
//! or not a nomad binary is installed.

/// One command path of Nomad's CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NomadCommand {
    /// The words of the command: `"operator raft list-peers"`.
    pub path: &'static str,
    /// Whether it takes [`CLIENT_FLAGS`].
    pub client_flags: bool,
    /// Its own flags, in Go spelling.
    pub flags: &'static [&'static str],
}

const fn c(path: &'static str, client_flags: bool, flags: &'static [&'static str]) -> NomadCommand {
    NomadCommand {
        path,
        client_flags,
        flags,
    }
}

/// The flags of every command that talks to the HTTP API.
pub const CLIENT_FLAGS: &[&str] = &[
    "-address",
    "-ca-cert",
    "-ca-path",
    "-client-cert",
    "-client-key",
    "-force-color",
    "-insecure",
    "-namespace",
    "-no-color",
    "-region",
    "-tls-server-name",
    "-tls-skip-verify",
    "-token",
];

/// Commands Nomad runs but never offers to help or completion (deprecated spellings, debug).
const HIDDEN: &[&str] = &[
    "alloc-status",
    "check",
    "client-config",
    "debug",
    "eval-status",
    "node-drain",
    "node-status",
    "server-force-leave",
    "server-join",
    "server-members",
];

/// Every command, sorted by path (one line each: a table, not code).
#[rustfmt::skip]
pub const COMMANDS: &[NomadCommand] = &[
    c("acl", false, &[]),
    c("acl auth-method", false, &[]),
    c("acl auth-method create", true, &["-config", "-default", "-json", "-max-token-ttl", "-name", "-t", "-token-locality", "-token-name-format", "-type"]),
    c("acl auth-method delete", true, &[]),
    c("acl auth-method info", true, &["-json", "-t"]),
    c("acl auth-method list", true, &["-json", "-t"]),
    c("acl auth-method update", true, &["-config", "-default", "-json", "-max-token-ttl", "-t", "-token-locality", "-token-name-format", "-type"]),
    c("acl binding-rule", false, &[]),
    c("acl binding-rule create", true, &["-auth-method", "-bind-name", "-bind-type", "-description", "-json", "-selector", "-t"]),
    c("acl binding-rule delete", true, &[]),
    c("acl binding-rule info", true, &["-json", "-t"]),
    c("acl binding-rule list", true, &["-json", "-t"]),
    c("acl binding-rule update", true, &["-bind-name", "-bind-type", "-description", "-json", "-selector", "-t"]),
    c("acl bootstrap", true, &["-json", "-t"]),
    c("acl policy", false, &[]),
    c("acl policy apply", true, &[]),
    c("acl policy delete", true, &[]),
    c("acl policy info", true, &[]),
    c("acl policy list", true, &["-json", "-t"]),
    c("acl policy self", true, &["-json", "-t"]),
    c("acl role", false, &[]),
    c("acl role create", true, &["-description", "-json", "-name", "-policy", "-t"]),
    c("acl role delete", true, &[]),
    c("acl role info", true, &["-by-name", "-json", "-t"]),
    c("acl role list", true, &["-json", "-t"]),
    c("acl role update", true, &["-description", "-json", "-name", "-no-merge", "-policy", "-t"]),
    c("acl token", false, &[]),
    c("acl token create", true, &["-json", "-t"]),
    c("acl token delete", true, &[]),
    c("acl token info", true, &[]),
    c("acl token list", true, &["-json", "-t"]),
    c("acl token self", true, &[]),
    c("acl token update", true, &[]),
    c("action", false, &[]),
    c("agent", false, &["-acl-enabled", "-acl-replication-token", "-alloc-dir", "-bind", "-bootstrap-expect", "-client", "-config", "-consul-address", "-consul-auth", "-consul-auto-advertise", "-consul-ca-file", "-consul-cert-file", "-consul-checks-use-advertise", "-consul-client-auto-join", "-consul-client-failures-before-critical", "-consul-client-failures-before-warning", "-consul-client-http-check-name", "-consul-client-service-name", "-consul-key-file", "-consul-server-auto-join", "-consul-server-failures-before-critical", "-consul-server-failures-before-warning", "-consul-server-http-check-name", "-consul-server-rpc-check-name", "-consul-server-serf-check-name", "-consul-server-service-name", "-consul-ssl", "-consul-token", "-consul-verify-ssl", "-data-dir", "-dc", "-dev", "-dev-connect", "-encrypt", "-eventlog", "-eventlog-level", "-host-volume-plugin-dir", "-join", "-json-logs", "-log-level", "-meta", "-node", "-node-class", "-node-pool", "-plugin-dir", "-raft-protocol", "-region", "-rejoin", "-retry-join", "-retry-max", "-server", "-servers", "-state-dir", "-vault-address", "-vault-allow-unauthenticated", "-vault-ca-file", "-vault-ca-path", "-vault-cert-file", "-vault-create-from-role", "-vault-enabled", "-vault-key-file", "-vault-tls-server-name", "-vault-tls-skip-verify", "-vault-token"]),
    c("agent-info", true, &["-json", "-t"]),
    c("alloc", false, &[]),
    c("alloc checks", true, &["-json", "-t", "-verbose"]),
    c("alloc exec", true, &["--task", "-e", "-group", "-i", "-job", "-t"]),
    c("alloc fs", true, &["-c", "-f", "-group", "-job", "-n", "-stat", "-tail", "-verbose"]),
    c("alloc logs", true, &["-c", "-f", "-group", "-job", "-n", "-stderr", "-stdout", "-tail", "-task", "-verbose"]),
    c("alloc pause", true, &["-mode", "-verbose"]),
    c("alloc restart", false, &[]),
    c("alloc signal", true, &["-s", "-verbose"]),
    c("alloc status", true, &["-json", "-short", "-t", "-ui", "-verbose"]),
    c("alloc stop", false, &[]),
    c("alloc-status", true, &["-json", "-short", "-t", "-ui", "-verbose"]),
    c("check", true, &["-min-peers", "-min-servers"]),
    c("client-config", false, &[]),
    c("config", false, &[]),
    c("config validate", false, &[]),
    c("debug", true, &["-consul-token", "-duration", "-event-index", "-event-topic", "-interval", "-log-include-location", "-log-level", "-max-nodes", "-node-class", "-node-id", "-output", "-pprof-duration", "-server-id", "-vault-token", "-verbose"]),
    c("deployment", false, &[]),
    c("deployment fail", true, &["-detach", "-verbose"]),
    c("deployment list", true, &["-filter", "-json", "-t", "-verbose"]),
    c("deployment pause", true, &["-verbose"]),
    c("deployment promote", true, &["-detach", "-group", "-verbose"]),
    c("deployment resume", true, &["-detach", "-verbose"]),
    c("deployment status", true, &["-json", "-monitor", "-t", "-ui", "-verbose"]),
    c("deployment unblock", true, &["-detach", "-verbose"]),
    c("eval", false, &[]),
    c("eval delete", true, &["-filter", "-yes"]),
    c("eval list", true, &["-filter", "-job", "-json", "-page-token", "-per-page", "-status", "-t", "-ui", "-verbose"]),
    c("eval status", true, &["-json", "-monitor", "-t", "-ui", "-verbose"]),
    c("eval-status", true, &["-json", "-monitor", "-t", "-ui", "-verbose"]),
    c("exec", true, &["--task", "-e", "-group", "-i", "-job", "-t"]),
    c("fmt", false, &["-check", "-list", "-recursive", "-write"]),
    c("fs", true, &["-c", "-f", "-group", "-job", "-n", "-stat", "-tail", "-verbose"]),
    c("init", true, &["-short"]),
    c("inspect", true, &["-hcl", "-json", "-t", "-version", "-with-vars"]),
    c("job", false, &[]),
    c("job action", true, &["-alloc", "-e", "-group", "-i", "-job", "-t", "-task"]),
    c("job allocs", true, &["-all", "-json", "-t", "-verbose"]),
    c("job deployments", true, &["-all", "-json", "-latest", "-t", "-verbose"]),
    c("job dispatch", true, &["-detach", "-idempotency-token", "-meta", "-ui", "-verbose"]),
    c("job eval", true, &["-detach", "-force-reschedule", "-verbose"]),
    c("job history", true, &["-diff-tag", "-diff-version", "-full", "-json", "-p", "-t", "-version"]),
    c("job init", true, &["-short"]),
    c("job inspect", true, &["-hcl", "-json", "-t", "-version", "-with-vars"]),
    c("job periodic", false, &[]),
    c("job periodic force", true, &["-detach", "-verbose"]),
    c("job plan", true, &["-diff", "-hcl2-strict", "-json", "-policy-override", "-var", "-var-file", "-vault-namespace", "-verbose"]),
    c("job promote", true, &["-detach", "-group", "-verbose"]),
    c("job restart", true, &["-all-tasks", "-batch-size", "-batch-wait", "-no-shutdown-delay", "-on-error", "-reschedule", "-task", "-verbose", "-yes"]),
    c("job revert", true, &["-detach", "-verbose"]),
    c("job run", true, &["-check-index", "-consul-namespace", "-detach", "-eval-priority", "-hcl2-strict", "-json", "-output", "-policy-override", "-preserve-counts", "-ui", "-var", "-var-file", "-vault-namespace", "-verbose"]),
    c("job scale", true, &["-check-index", "-detach", "-verbose"]),
    c("job scaling-events", true, &["-verbose"]),
    c("job start", true, &["-detach", "-verbose"]),
    c("job status", true, &["-all-allocs", "-evals", "-short", "-ui", "-verbose"]),
    c("job stop", true, &["-detach", "-eval-priority", "-global", "-no-shutdown-delay", "-purge", "-verbose", "-yes"]),
    c("job tag", false, &[]),
    c("job tag apply", true, &["-description", "-name", "-version"]),
    c("job tag unset", true, &[]),
    c("job validate", false, &["-hcl2-strict", "-var", "-var-file", "-vault-namespace"]),
    c("license", false, &[]),
    c("license get", false, &[]),
    c("login", true, &["-json", "-login-token", "-method", "-oidc-callback-addr", "-t"]),
    c("logs", true, &["-c", "-f", "-group", "-job", "-n", "-stderr", "-stdout", "-tail", "-task", "-verbose"]),
    c("monitor", false, &[]),
    c("monitor export", true, &["-follow", "-logs-since", "-node-id", "-on-disk", "-server-id", "-service-name"]),
    c("namespace", false, &[]),
    c("namespace apply", true, &["-description", "-json", "-quota"]),
    c("namespace delete", true, &[]),
    c("namespace inspect", true, &["-t"]),
    c("namespace list", true, &["-json", "-t"]),
    c("namespace status", true, &["-json", "-t"]),
    c("node", false, &[]),
    c("node config", true, &["-servers", "-update-servers"]),
    c("node drain", true, &["-deadline", "-detach", "-disable", "-enable", "-force", "-ignore-system", "-keep-ineligible", "-m", "-meta", "-no-deadline", "-self", "-yes"]),
    c("node eligibility", true, &["-disable", "-enable", "-self"]),
    c("node meta", false, &[]),
    c("node meta apply", true, &["-node-id", "-unset"]),
    c("node meta read", true, &["-json", "-node-id", "-t"]),
    c("node pool", false, &[]),
    c("node pool apply", true, &["-json"]),
    c("node pool delete", true, &[]),
    c("node pool info", true, &["-json", "-t"]),
    c("node pool init", false, &["-out", "-quiet"]),
    c("node pool jobs", true, &["-filter", "-json", "-page-token", "-per-page", "-t"]),
    c("node pool list", true, &["-filter", "-json", "-page-token", "-per-page", "-t"]),
    c("node pool nodes", true, &["-filter", "-json", "-page-token", "-per-page", "-t", "-verbose"]),
    c("node status", true, &["-allocs", "-filter", "-json", "-os", "-page-token", "-per-page", "-quiet", "-self", "-short", "-stats", "-t", "-ui", "-verbose"]),
    c("node-drain", true, &["-deadline", "-detach", "-disable", "-enable", "-force", "-ignore-system", "-keep-ineligible", "-m", "-meta", "-no-deadline", "-self", "-yes"]),
    c("node-status", true, &["-allocs", "-filter", "-json", "-os", "-page-token", "-per-page", "-quiet", "-self", "-short", "-stats", "-t", "-ui", "-verbose"]),
    c("operator", false, &[]),
    c("operator api", true, &["-dryrun"]),
    c("operator autopilot", false, &[]),
    c("operator autopilot get-config", true, &[]),
    c("operator autopilot health", true, &[]),
    c("operator autopilot set-config", true, &["-cleanup-dead-servers", "-disable-upgrade-migration", "-enable-custom-upgrades", "-enable-redundancy-zones", "-last-contact-threshold", "-max-trailing-logs", "-server-stabilization-time"]),
    c("operator client-state", false, &[]),
    c("operator debug", true, &["-consul-token", "-duration", "-event-index", "-event-topic", "-interval", "-log-include-location", "-log-level", "-max-nodes", "-node-class", "-node-id", "-output", "-pprof-duration", "-server-id", "-vault-token", "-verbose"]),
    c("operator gossip", false, &[]),
    c("operator gossip keyring", true, &[]),
    c("operator gossip keyring generate", false, &[]),
    c("operator gossip keyring install", true, &[]),
    c("operator gossip keyring list", true, &[]),
    c("operator gossip keyring remove", true, &[]),
    c("operator gossip keyring use", true, &[]),
    c("operator metrics", true, &["-format", "-json", "-pretty", "-t"]),
    c("operator raft", false, &[]),
    c("operator raft info", false, &[]),
    c("operator raft list-peers", true, &["-stale"]),
    c("operator raft logs", false, &[]),
    c("operator raft remove-peer", true, &["-peer-id"]),
    c("operator raft state", false, &["-last-index"]),
    c("operator raft transfer-leadership", true, &["-peer-address", "-peer-id"]),
    c("operator root", false, &[]),
    c("operator root keyring", true, &[]),
    c("operator root keyring list", true, &["-verbose"]),
    c("operator root keyring remove", true, &[]),
    c("operator root keyring rotate", true, &["-full", "-now", "-prepublish", "-verbose"]),
    c("operator scheduler", false, &[]),
    c("operator scheduler get-config", true, &["-json", "-t"]),
    c("operator scheduler set-config", true, &["-check-index", "-memory-oversubscription", "-pause-eval-broker", "-preempt-batch-scheduler", "-preempt-service-scheduler", "-preempt-sysbatch-scheduler", "-preempt-system-scheduler", "-reject-job-registration", "-scheduler-algorithm"]),
    c("operator snapshot", false, &[]),
    c("operator snapshot inspect", false, &[]),
    c("operator snapshot redact", false, &[]),
    c("operator snapshot restore", true, &[]),
    c("operator snapshot save", true, &["-stale"]),
    c("operator snapshot state", false, &[]),
    c("operator utilization", true, &["-message", "-output", "-today-only"]),
    c("plan", true, &["-diff", "-hcl2-strict", "-json", "-policy-override", "-var", "-var-file", "-vault-namespace", "-verbose"]),
    c("plugin", false, &[]),
    c("plugin status", true, &["-json", "-short", "-t", "-type", "-verbose"]),
    c("quota", false, &[]),
    c("quota apply", true, &["-json"]),
    c("quota delete", true, &[]),
    c("quota init", false, &["-json"]),
    c("quota inspect", true, &["-json", "-t"]),
    c("quota list", true, &["-json", "-t"]),
    c("quota status", true, &["-json", "-t"]),
    c("recommendation", false, &[]),
    c("recommendation apply", true, &["-detach", "-policy-override", "-verbose"]),
    c("recommendation dismiss", true, &[]),
    c("recommendation info", true, &["-json", "-t"]),
    c("recommendation list", true, &["-group", "-job", "-json", "-t", "-task"]),
    c("run", true, &["-check-index", "-consul-namespace", "-detach", "-eval-priority", "-hcl2-strict", "-json", "-output", "-policy-override", "-preserve-counts", "-ui", "-var", "-var-file", "-vault-namespace", "-verbose"]),
    c("scaling", false, &[]),
    c("scaling policy", false, &[]),
    c("scaling policy info", true, &["-json", "-t", "-verbose"]),
    c("scaling policy list", true, &["-job", "-json", "-t", "-type", "-verbose"]),
    c("sentinel", false, &[]),
    c("sentinel apply", true, &["-description", "-level", "-scope"]),
    c("sentinel delete", true, &[]),
    c("sentinel list", true, &[]),
    c("sentinel read", true, &["-raw"]),
    c("server", false, &[]),
    c("server force-leave", true, &["-prune"]),
    c("server join", true, &[]),
    c("server members", true, &["-detailed", "-json", "-t", "-ui", "-verbose"]),
    c("server-force-leave", false, &[]),
    c("server-join", false, &[]),
    c("server-members", false, &[]),
    c("service", false, &[]),
    c("service delete", true, &[]),
    c("service info", true, &["-filter", "-json", "-page-token", "-per-page", "-t", "-verbose"]),
    c("service list", true, &["-json", "-t"]),
    c("setup", false, &[]),
    c("setup consul", true, &["-destroy", "-jwks-ca-file", "-jwks-url", "-y"]),
    c("setup vault", true, &["-check", "-destroy", "-json", "-jwks-ca-file", "-jwks-url", "-t", "-verbose", "-y"]),
    c("start", true, &["-detach", "-verbose"]),
    c("status", true, &["-ui", "-verbose"]),
    c("stop", true, &["-detach", "-eval-priority", "-global", "-no-shutdown-delay", "-purge", "-verbose", "-yes"]),
    c("system", false, &[]),
    c("system gc", true, &[]),
    c("system reconcile", false, &[]),
    c("system reconcile summaries", true, &[]),
    c("tls", false, &[]),
    c("tls ca", false, &[]),
    c("tls ca create", true, &["-additional-domain", "-common-name", "-country", "-days", "-domain", "-locality", "-name-constraint", "-organization", "-organizational-unit", "-postal-code", "-province", "-street-address"]),
    c("tls ca info", true, &[]),
    c("tls cert", false, &[]),
    c("tls cert create", true, &["-additional-dnsname", "-additional-ipaddress", "-ca", "-cli", "-client", "-cluster-region", "-days", "-domain", "-key", "-server"]),
    c("tls cert info", true, &[]),
    c("ui", true, &[]),
    c("validate", false, &["-hcl2-strict", "-var", "-var-file", "-vault-namespace"]),
    c("var", false, &[]),
    c("var get", true, &["-out", "-template", "-ui"]),
    c("var init", false, &["-out", "-quiet"]),
    c("var list", true, &["-out", "-template", "-ui"]),
    c("var lock", true, &[]),
    c("var purge", true, &[]),
    c("var put", true, &["-in", "-out", "-ui"]),
    c("version", false, &[]),
    c("volume", false, &[]),
    c("volume claim", false, &[]),
    c("volume claim delete", false, &[]),
    c("volume claim list", true, &["-group", "-job", "-json", "-t", "-verbose", "-volume-name"]),
    c("volume create", true, &["-detach", "-id", "-policy-override", "-verbose"]),
    c("volume delete", true, &["-secret", "-type"]),
    c("volume deregister", true, &["-force"]),
    c("volume detach", true, &[]),
    c("volume init", false, &["-json", "-type"]),
    c("volume register", true, &["-id", "-policy-override"]),
    c("volume snapshot", false, &[]),
    c("volume snapshot create", true, &[]),
    c("volume snapshot delete", true, &["-secret"]),
    c("volume snapshot list", true, &[]),
    c("volume status", true, &["-json", "-node", "-node-pool", "-short", "-t", "-type", "-verbose"]),
];

/// The command at `path` (words joined by one space).
pub fn find(path: &str) -> Option<&'static NomadCommand> {
    COMMANDS
        .binary_search_by(|c| c.path.cmp(path))
        .ok()
        .map(|i| &COMMANDS[i])
}

/// The next words after `path` (`""` for the top level): the sub-commands of a group that
/// completion offers.
pub fn children(path: &str) -> impl Iterator<Item = &'static str> + '_ {
    COMMANDS.iter().filter_map(move |c| {
        if HIDDEN.contains(&c.path) {
            return None;
        }
        let rest = if path.is_empty() {
            c.path
        } else {
            c.path.strip_prefix(path)?.strip_prefix(' ')?
        };
        (!rest.contains(' ')).then_some(rest)
    })
}

/// Whether Nomad's command at `path` has sub-commands.
pub fn is_group(path: &str) -> bool {
    children(path).next().is_some()
}

/// Every flag Nomad's command at `path` completes: the client flags where it takes them, then
/// its own.
pub fn flags(path: &str) -> impl Iterator<Item = &'static str> {
    let cmd = find(path);
    let client = cmd.filter(|c| c.client_flags).map(|_| CLIENT_FLAGS);
    client
        .into_iter()
        .flatten()
        .chain(cmd.map(|c| c.flags).into_iter().flatten())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_unique_so_that_find_can_search() {
        for w in COMMANDS.windows(2) {
            assert!(w[0].path < w[1].path, "{} before {}", w[0].path, w[1].path);
        }
    }

    #[test]
    fn every_group_is_listed_above_its_commands() {
        for cmd in COMMANDS {
            if let Some((parent, _)) = cmd.path.rsplit_once(' ') {
                assert!(
                    find(parent).is_some(),
                    "{} has no parent {parent}",
                    cmd.path
                );
            }
        }
    }

    #[test]
    fn children_are_the_next_word_only() {
        let ops: Vec<&str> = children("operator raft").collect();
        assert_eq!(
            ops,
            [
                "info",
                "list-peers",
                "logs",
                "remove-peer",
                "state",
                "transfer-leadership"
            ]
        );
        assert!(children("").any(|w| w == "operator"));
        assert!(!children("").any(|w| w.contains(' ')));
        // Deprecated spellings run but are never offered.
        assert!(find("node-status").is_some() && !children("").any(|w| w == "node-status"));
        assert!(is_group("acl token") && !is_group("acl token self"));
    }

    #[test]
    fn flags_put_the_client_flags_first() {
        let f: Vec<&str> = flags("operator raft list-peers").collect();
        assert_eq!(f.first(), Some(&"-address"));
        assert_eq!(f.last(), Some(&"-stale"));
        assert_eq!(flags("version").count(), 0);
        assert_eq!(flags("no such command").count(), 0);
    }
}
