//! `status`: finds what an identifier names with a prefix search and runs that status
//! command with the original arguments (Nomad's `command/status.go`).

use crate::cli::StatusArgs;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

/// What `status` decided: an exit code, or the command to run instead.
pub enum Outcome {
    Exit(i32),
    Route(Vec<String>),
}

pub async fn run(ctx: &mut Ctx, a: &StatusArgs, original: &[String]) -> Outcome {
    let client = match ctx.client(&a.global) {
        Ok(c) => c,
        Err(e) => {
            ctx.ui
                .error(&format!("Error initializing client: {}", quote(&e)));
            return Outcome::Exit(1);
        }
    };
    let route = |path: &[&str]| {
        let mut v: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        v.extend(original.iter().cloned());
        Outcome::Route(v)
    };
    let Some(id) = a.args.last() else {
        return route(&["job", "status"]);
    };
    let res = match client.search(id, "all").await {
        Ok(r) => r,
        Err(e) => {
            ctx.ui.error(&format!(
                "Error querying search with id: {}",
                quote(&e.to_string())
            ));
            return Outcome::Exit(1);
        }
    };
    let Some(matches) = res.matches else {
        ctx.ui
            .error(&format!("No matches returned for query: {}", quote(id)));
        return Outcome::Exit(1);
    };
    let matches: Vec<(String, Vec<String>)> = matches
        .into_iter()
        .map(|(k, v)| (k, v.unwrap_or_default()))
        .collect();
    let exact: Vec<&str> = matches
        .iter()
        .filter(|(_, v)| v.first() == Some(id))
        .map(|(k, _)| k.as_str())
        .collect();
    let context = match exact.len() {
        1 => Some(exact[0]),
        0 => {
            let single: Vec<&str> = matches
                .iter()
                .filter(|(_, v)| v.len() == 1)
                .map(|(k, _)| k.as_str())
                .collect();
            if matches.iter().any(|(_, v)| v.len() > 1) || single.len() > 1 {
                multi_match_error(ctx, id, &matches);
                return Outcome::Exit(1);
            }
            single.first().copied()
        }
        _ => {
            multi_match_error(ctx, id, &matches);
            return Outcome::Exit(1);
        }
    };
    match context {
        Some("evals") => route(&["eval", "status"]),
        Some("nodes") => route(&["node", "status"]),
        Some("allocs") => route(&["alloc", "status"]),
        Some("jobs") => route(&["job", "status"]),
        Some("deployment") => route(&["deployment", "status"]),
        Some("namespaces") => route(&["namespace", "status"]),
        Some("quotas") => route(&["quota", "status"]),
        Some("plugins") => route(&["plugin", "status"]),
        Some("volumes") => route(&["volume", "status"]),
        _ => {
            ctx.ui
                .error(&format!("Unable to resolve ID: {}", quote(id)));
            Outcome::Exit(1)
        }
    }
}

/// Go's `strings.Title` for a context name (`_` does not split words).
fn title(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn multi_match_error(ctx: &mut Ctx, id: &str, matches: &[(String, Vec<String>)]) {
    ctx.ui
        .error(&format!("Multiple matches found for id {}", quote(id)));
    for (k, v) in matches {
        if v.is_empty() {
            continue;
        }
        ctx.ui.error(&format!("\n{}:", title(k)));
        ctx.ui.error(&v.join(", "));
    }
}
