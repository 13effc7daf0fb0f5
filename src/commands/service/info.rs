//! `service info`: Nomad's `ServiceInfoCommand`.

use serde_json::Value;

use crate::api::{Client, QueryOptions};
use crate::cli::service::ServiceInfoArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::gotype::GoType;
use crate::output::{format_kv, format_list, limit, SHORT_ID};

use super::{str_of, strings};

pub async fn run(ctx: &mut Ctx, a: &ServiceInfoArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <service_name>",
            "service info",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let flag_ns = a.global.namespace.as_str();
    let filter = (!a.filter.is_empty()).then(|| a.filter.clone());
    let (ns, name) = match by_prefix(&client, &a.args[0], filter.clone(), flag_ns).await {
        Ok(Lookup::One { ns, name }) => (ns, name),
        Ok(Lookup::Several(list)) => {
            ctx.ui.error(&format!(
                "Prefix matched multiple services\n\n{}",
                super::service_table(&list, flag_ns == "*")
            ));
            return 1;
        }
        Err(e) => {
            ctx.ui
                .error(&format!("Error listing service registrations: {e}"));
            return 1;
        }
    };
    let mut q = QueryOptions {
        filter,
        per_page: (a.per_page != 0).then_some(a.per_page as i32),
        next_token: (!a.page_token.is_empty()).then(|| a.page_token.clone()),
        ..Default::default()
    };
    if !ns.is_empty() {
        q = q.namespace(&ns);
    }
    let (body, meta) = match client.service(&name, &q).await {
        Ok(r) => r,
        Err(e) => {
            ctx.ui
                .error(&format!("Error listing service registrations: {e}"));
            return 1;
        }
    };
    let regs = body.as_array().cloned().unwrap_or_default();
    if regs.is_empty() {
        ctx.ui.output("No service registrations found");
        return 0;
    }
    let ty = GoType::ServiceRegistrations;
    if let Some(code) = print_if_asked(ctx, &a.format, ty, &body, Errors::AsIs) {
        return code;
    }
    ctx.ui.output(&render(&regs, a.verbose));
    if !meta.next_token.is_empty() {
        ctx.ui.output(&format!(
            "\nResults have been paginated. To get the next page run: \n\n{} ",
            args_with_new_page_token(&ctx.os_args, &meta.next_token)
        ));
    }
    0
}

/// What the prefix names: one service in one namespace (`ns` empty: the client's own), or
/// the namespaces' lists when it names several.
enum Lookup {
    One { ns: String, name: String },
    Several(Vec<Value>),
}

/// `getServiceByPrefix`, with its rules: in one namespace a single service, or the exact
/// name among several; across namespaces (`-namespace=*`) exactly one exact match.
async fn by_prefix(
    client: &Client,
    prefix: &str,
    filter: Option<String>,
    flag_ns: &str,
) -> Result<Lookup, String> {
    let mut q = QueryOptions {
        filter,
        ..QueryOptions::new().prefix(prefix)
    };
    if !flag_ns.is_empty() {
        q = q.namespace(flag_ns);
    }
    let (body, _) = client.services(&q).await.map_err(|e| e.to_string())?;
    let list = body.as_array().cloned().unwrap_or_default();
    let none = || {
        format!(
            "No service registrations with prefix {} found",
            quote(prefix)
        )
    };
    let names = |ns: &Value| -> Vec<String> {
        ns["Services"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|s| str_of(s, "ServiceName").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    match list.len() {
        0 => Err(none()),
        1 => {
            let ns = str_of(&list[0], "Namespace").to_string();
            let services = names(&list[0]);
            match services.len() {
                0 => Err(none()),
                1 => Ok(Lookup::One {
                    ns,
                    name: services[0].clone(),
                }),
                _ if services.iter().any(|s| s == prefix) => Ok(Lookup::One {
                    ns,
                    name: prefix.to_string(),
                }),
                _ => Ok(Lookup::Several(list)),
            }
        }
        _ => {
            let exact = list.iter().flat_map(names).filter(|s| s == prefix).count();
            match exact {
                0 => Err(none()),
                // Nomad leaves the namespace to the client's setting (`*`) here.
                1 => Ok(Lookup::One {
                    ns: String::new(),
                    name: prefix.to_string(),
                }),
                _ => Ok(Lookup::Several(list)),
            }
        }
    }
}

/// `net.JoinHostPort` when there is a port.
fn address(r: &Value) -> String {
    let addr = str_of(r, "Address");
    match r["Port"].as_i64().unwrap_or(0) {
        0 => addr.to_string(),
        p if addr.contains(':') => format!("[{addr}]:{p}"),
        p => format!("{addr}:{p}"),
    }
}

/// The registrations grouped by job (jobs sorted, each job's in the order sent): a table, or
/// with `verbose` one key/value block per registration.
pub fn render(regs: &[Value], verbose: bool) -> String {
    let mut jobs: Vec<&str> = Vec::new();
    for r in regs {
        let j = str_of(r, "JobID");
        if !jobs.contains(&j) {
            jobs.push(j);
        }
    }
    jobs.sort();
    let ordered = jobs
        .iter()
        .flat_map(|j| regs.iter().filter(move |r| str_of(r, "JobID") == *j));
    if verbose {
        // Each block is followed by an empty line (the caller's newline ends the last).
        let blocks: Vec<String> = ordered
            .map(|r| {
                format_kv(&[
                    format!("ID|{}", str_of(r, "ID")),
                    format!("Service Name|{}", str_of(r, "ServiceName")),
                    format!("Namespace|{}", str_of(r, "Namespace")),
                    format!("Job ID|{}", str_of(r, "JobID")),
                    format!("Alloc ID|{}", str_of(r, "AllocID")),
                    format!("Node ID|{}", str_of(r, "NodeID")),
                    format!("Datacenter|{}", str_of(r, "Datacenter")),
                    format!(
                        "Address|{}:{}",
                        str_of(r, "Address"),
                        r["Port"].as_i64().unwrap_or(0)
                    ),
                    format!("Tags|[{}]", strings(&r["Tags"]).join(",")),
                ])
            })
            .collect();
        return blocks.join("\n\n") + "\n";
    }
    let mut rows = vec!["Job ID|Address|Tags|Node ID|Alloc ID".to_string()];
    for r in ordered {
        rows.push(format!(
            "{}|{}|[{}]|{}|{}",
            str_of(r, "JobID"),
            address(r),
            strings(&r["Tags"]).join(","),
            limit(str_of(r, "NodeID"), SHORT_ID),
            limit(str_of(r, "AllocID"), SHORT_ID),
        ));
    }
    format_list(&rows)
}

/// `argsWithNewPageToken`: the command line with its `-page-token` set to `token`, or, without
/// one, `-page-token=<token>` put before the last argument.
pub fn args_with_new_page_token(args: &[String], token: &str) -> String {
    let mut out: Vec<String> = args.to_vec();
    let n = out.len();
    for i in 0..n {
        if out[i].starts_with("-page-token") {
            if out[i].contains('=') {
                out[i] = format!("-page-token={token}");
            } else if i + 1 < n {
                out[i + 1] = token.to_string();
            }
            break;
        }
        if i == n - 1 {
            let last = std::mem::replace(&mut out[i], format!("-page-token={token}"));
            out.push(last);
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn page_token_goes_before_the_service_or_replaces_the_old_one() {
        assert_eq!(
            args_with_new_page_token(&v(&["nomad", "service", "info", "web"]), "t2"),
            "nomad service info -page-token=t2 web"
        );
        assert_eq!(
            args_with_new_page_token(
                &v(&["nomad", "service", "info", "-page-token", "a", "web"]),
                "b"
            ),
            "nomad service info -page-token b web"
        );
        assert_eq!(
            args_with_new_page_token(&v(&["n", "-page-token=a", "web"]), "b"),
            "n -page-token=b web"
        );
    }

    #[test]
    fn addresses_as_go_joins_them() {
        let r = serde_json::json!({"Address": "::1", "Port": 80});
        assert_eq!(address(&r), "[::1]:80");
        let r = serde_json::json!({"Address": "10.0.0.1", "Port": 0});
        assert_eq!(address(&r), "10.0.0.1");
    }
}
