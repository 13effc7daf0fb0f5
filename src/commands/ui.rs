//! `ui`: the Web UI's address, on the page of a job, allocation or node found by prefix, with
//! a one-time token for `-authenticate` (Nomad's `UiCommand`).

use std::collections::BTreeMap;

use crate::api::search::SearchResponse;
use crate::api::url::{query_escape, unescape, url_path_escape};
use crate::cli::ui::UiArgs;
use crate::commands::browser::open_url;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

/// The contexts whose objects have a page, in the order Nomad tries them, with their route.
const PAGES: [(&str, &str, &str); 3] = [
    ("jobs", "Jobs", "ui/jobs"),
    ("allocs", "Allocs", "ui/allocations"),
    ("nodes", "Nodes", "ui/clients"),
];

pub async fn run(ctx: &mut Ctx, a: &UiArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes no or one optional argument, [<identifier>]",
            "ui",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let cfg = client.config();
    let mut url = WebUrl::parse(&client.address());
    for (k, v) in [("namespace", &cfg.namespace), ("region", &cfg.region)] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            url.add(k, v);
        }
    }
    // The one-time token and the search do not depend on each other: both at once, with
    // Nomad's order among their errors (the token's first).
    let ott = async {
        if !a.authenticate {
            return Ok(None);
        }
        client.acl_onetime_token().await.map(Some)
    };
    let search = async {
        match a.args.first() {
            Some(id) => client.search(id, "all").await.map(|r| Some((id, r))),
            None => Ok(None),
        }
    };
    let (ott, search) = tokio::join!(ott, search);
    let ott = match ott {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => {
            ctx.ui.error(&format!("Could not get one-time token: {e}"));
            return 1;
        }
    };
    let search = match search {
        Ok(s) => s,
        Err(e) => {
            let q = quote(&e.to_string());
            ctx.ui.error(&format!("Error querying search with id: {q}"));
            return 1;
        }
    };
    if let Some((id, res)) = search {
        match resolve(id, &res) {
            Resolved::Page(route, full) => url.path = format!("{route}/{full}"),
            Resolved::Ambiguous(text) => {
                ctx.ui.error(&text);
                return 1;
            }
            Resolved::None => {
                ctx.ui
                    .error(&format!("Unable to resolve ID: {}", quote(id)));
                return 1;
            }
        }
    }
    let opening = if ott.is_empty() {
        format!("Opening URL {}", quote(&url.to_string()))
    } else {
        let line = format!(
            "Opening URL {} with one-time token",
            quote(&url.to_string())
        );
        url.add("ott", &ott);
        line
    };
    if a.show_url {
        ctx.ui.output(&format!("URL for web UI: {url}"));
        return 0;
    }
    ctx.ui.output(&opening);
    match open_url(&url.to_string()) {
        Ok(()) => 0,
        Err(e) => {
            ctx.ui.error(&format!("Error opening URL: {e}"));
            1
        }
    }
}

enum Resolved {
    Page(&'static str, String),
    /// Nomad's "Multiple matches" text, one line per context that matched.
    Ambiguous(String),
    None,
}

/// Nomad's choice among the search's matches: a context with exactly one match wins, as does
/// one whose first match is the identifier itself; a second unique match, or a context with
/// several matches (and no exact one), is ambiguous.
fn resolve(id: &str, res: &SearchResponse) -> Resolved {
    let empty = BTreeMap::new();
    let matches = res.matches.as_ref().unwrap_or(&empty);
    let ids = |ctx: &str| matches.get(ctx).and_then(|v| v.as_deref());
    let mut found = None;
    let mut unique = 0;
    for (ctx, _, route) in PAGES {
        let Some(v) = ids(ctx) else { continue };
        if v.len() == 1 {
            found = Some((route, v[0].clone()));
            unique += 1;
        } else if v.first().is_some_and(|f| f == id) {
            found = Some((route, v[0].clone()));
            break;
        }
        if unique > 1 || v.len() > 1 {
            let mut text = format!("Multiple matches found for id {}", quote(id));
            for (ctx, title, _) in PAGES {
                if let Some(v) = ids(ctx).filter(|v| !v.is_empty()) {
                    text.push_str(&format!("\n\n{title}:\n{}", v.join(", ")));
                }
            }
            return Resolved::Ambiguous(text);
        }
    }
    match found {
        Some((route, full)) => Resolved::Page(route, full),
        None => Resolved::None,
    }
}

/// The parts of the agent's address Nomad's `url.URL` keeps apart: the query is re-encoded
/// with its keys sorted, as Go's `Values.Encode` does.
struct WebUrl {
    origin: String,
    path: String,
    query: Vec<(String, String)>,
    fragment: Option<String>,
}

impl WebUrl {
    fn parse(address: &str) -> WebUrl {
        let (rest, fragment) = match address.split_once('#') {
            Some((r, f)) => (r, Some(f.to_string())),
            None => (address, None),
        };
        let (rest, raw_query) = rest.split_once('?').unwrap_or((rest, ""));
        let after_scheme = rest.find("://").map_or(0, |i| i + 3);
        let path_at = rest[after_scheme..]
            .find('/')
            .map_or(rest.len(), |i| i + after_scheme);
        let query = raw_query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                let dec = |s: &str| unescape(&s.replace('+', " "));
                (dec(k), dec(v))
            })
            .collect();
        WebUrl {
            origin: rest[..path_at].to_string(),
            path: unescape(&rest[path_at..]),
            query,
            fragment,
        }
    }

    fn add(&mut self, k: &str, v: &str) {
        self.query.push((k.to_string(), v.to_string()));
    }
}

impl std::fmt::Display for WebUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.origin)?;
        if !self.path.is_empty() && !self.path.starts_with('/') {
            f.write_str("/")?;
        }
        f.write_str(&url_path_escape(&self.path))?;
        // A stable sort by key: Go keeps the values of one key in the order they were added.
        let mut q: Vec<&(String, String)> = self.query.iter().collect();
        q.sort_by(|a, b| a.0.cmp(&b.0));
        let q: Vec<String> = q
            .iter()
            .map(|(k, v)| format!("{}={}", query_escape(k), query_escape(v)))
            .collect();
        if !q.is_empty() {
            write!(f, "?{}", q.join("&"))?;
        }
        if let Some(frag) = &self.fragment {
            write!(f, "#{frag}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(pairs: &[(&str, &[&str])]) -> SearchResponse {
        let m = pairs
            .iter()
            .map(|(k, v)| {
                let ids = v.iter().map(|s| s.to_string()).collect();
                (k.to_string(), Some(ids))
            })
            .collect();
        SearchResponse {
            matches: Some(m),
            truncations: None,
        }
    }

    fn page(r: Resolved) -> String {
        match r {
            Resolved::Page(route, id) => format!("{route}/{id}"),
            Resolved::Ambiguous(t) => t,
            Resolved::None => "none".into(),
        }
    }

    #[test]
    fn picks_as_nomad_does() {
        assert_eq!(
            page(resolve("we", &res(&[("jobs", &["web"])]))),
            "ui/jobs/web"
        );
        // An exact first match wins over the others in its context.
        let r = res(&[("jobs", &["web", "web2"])]);
        assert_eq!(page(resolve("web", &r)), "ui/jobs/web");
        assert_eq!(
            page(resolve("we", &r)),
            "Multiple matches found for id \"we\"\n\nJobs:\nweb, web2"
        );
        // Unique matches in two contexts are ambiguous too, and both are listed.
        let r = res(&[("jobs", &["ab"]), ("nodes", &["abc-1"]), ("evals", &["a"])]);
        assert_eq!(
            page(resolve("a", &r)),
            "Multiple matches found for id \"a\"\n\nJobs:\nab\n\nNodes:\nabc-1"
        );
        assert_eq!(page(resolve("x", &res(&[("evals", &["x1"])]))), "none");
    }

    #[test]
    fn urls_read_as_gos() {
        let mut u = WebUrl::parse("http://127.0.0.1:4646");
        assert_eq!(u.to_string(), "http://127.0.0.1:4646");
        u.add("region", "global");
        u.add("namespace", "a b");
        u.path = "ui/jobs/my job?".into();
        assert_eq!(
            u.to_string(),
            "http://127.0.0.1:4646/ui/jobs/my%20job%3F?namespace=a+b&region=global"
        );
        let u = WebUrl::parse("https://nomad.example/base/?b=2&a=1");
        assert_eq!(u.to_string(), "https://nomad.example/base/?a=1&b=2");
    }
}
