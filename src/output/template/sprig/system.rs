//! sprig's path, environment, network and URL functions: Go's `path` (and `path/filepath`,
//! the same on Unix), `os.Getenv`/`os.ExpandEnv`, `net.LookupHost` and `net/url`.

use super::super::funcs::Imp;
use super::super::value::Value;
use super::{any_arg, str_arg};
use std::collections::BTreeMap;
use std::rc::Rc;

fn s(v: String) -> Result<Value, String> {
    Ok(Value::string(v))
}

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    let mut v: Vec<(&'static str, &'static str, Imp)> = vec![
        ("env", "func(string) string", |a| {
            s(std::env::var(str_arg(a, 0)).unwrap_or_default())
        }),
        ("expandenv", "func(string) string", |a| {
            s(expand(str_arg(a, 0), |n| {
                std::env::var(n).unwrap_or_default()
            }))
        }),
        ("getHostByName", "func(string) string", |a| {
            use std::net::ToSocketAddrs;
            let addrs: Vec<String> = (str_arg(a, 0), 0)
                .to_socket_addrs()
                .map(|it| it.map(|sa| sa.ip().to_string()).collect())
                .unwrap_or_default();
            if addrs.is_empty() {
                return Err("invalid argument to Intn".into());
            }
            let i = super::crypto::random_below(addrs.len() as u64) as usize;
            s(addrs[i].clone())
        }),
        ("urlParse", "func(string) map[string]interface {}", |a| {
            let u = parse_url(str_arg(a, 0)).map_err(|e| format!("unable to parse url: {e}"))?;
            let mut m = BTreeMap::new();
            let mut put = |k: &str, v: String| {
                m.insert(Rc::from(k), Value::string(v));
            };
            put("scheme", u.scheme.clone());
            put("host", u.host.clone());
            put("hostname", hostname(&u.host));
            put("path", u.path.clone());
            put("query", u.raw_query.clone());
            put("opaque", u.opaque.clone());
            put("fragment", u.fragment.clone());
            put(
                "userinfo",
                u.user.as_ref().map(user_string).unwrap_or_default(),
            );
            Ok(Value::dict(m))
        }),
        ("urlJoin", "func(map[string]interface {}) string", url_join),
    ];
    for (name, imp) in [
        ("base", base as Imp),
        ("dir", dir),
        ("clean", clean_imp),
        ("ext", ext),
        ("osBase", base),
        ("osDir", dir),
        ("osClean", clean_imp),
        ("osExt", ext),
    ] {
        v.push((name, "func(string) string", imp));
    }
    for name in ["isAbs", "osIsAbs"] {
        v.push((name, "func(string) bool", |a| {
            Ok(Value::bool(str_arg(a, 0).starts_with('/')))
        }));
    }
    v
}

// ---------------------------------------------------------------------------
// path

/// Go's `path.Clean`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

fn clean_imp(a: &[Value]) -> Result<Value, String> {
    s(clean(str_arg(a, 0)))
}

fn base(a: &[Value]) -> Result<Value, String> {
    let p = str_arg(a, 0);
    if p.is_empty() {
        return s(".".into());
    }
    let p = p.trim_end_matches('/');
    if p.is_empty() {
        return s("/".into());
    }
    s(p.rsplit('/').next().unwrap_or(p).to_string())
}

fn dir(a: &[Value]) -> Result<Value, String> {
    let p = str_arg(a, 0);
    let at = p.rfind('/').map_or(0, |i| i + 1);
    s(clean(&p[..at]))
}

fn ext(a: &[Value]) -> Result<Value, String> {
    let p = str_arg(a, 0);
    for (i, c) in p.char_indices().rev() {
        if c == '/' {
            break;
        }
        if c == '.' {
            return s(p[i..].to_string());
        }
    }
    s(String::new())
}

// ---------------------------------------------------------------------------
// os.Expand

fn special(c: u8) -> bool {
    matches!(
        c,
        b'*' | b'#' | b'$' | b'@' | b'!' | b'?' | b'-' | b'0'..=b'9'
    )
}

/// `getShellName`: the variable name after a `$` and how many bytes it took.
fn shell_name(s: &[u8]) -> (&[u8], usize) {
    if s[0] == b'{' {
        if s.len() > 2 && special(s[1]) && s[2] == b'}' {
            return (&s[1..2], 3);
        }
        for i in 1..s.len() {
            if s[i] == b'}' {
                if i == 1 {
                    return (&[], 2);
                }
                return (&s[1..i], i + 1);
            }
        }
        return (&[], 1);
    }
    if special(s[0]) {
        return (&s[0..1], 1);
    }
    let n = s
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count();
    (&s[..n], n)
}

/// Go's `os.Expand`.
pub fn expand(text: &str, mapping: impl Fn(&str) -> String) -> String {
    let b = text.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    let mut j = 0;
    let mut touched = false;
    while j < b.len() {
        if b[j] == b'$' && j + 1 < b.len() {
            touched = true;
            out.extend_from_slice(&b[i..j]);
            let (name, w) = shell_name(&b[j + 1..]);
            if name.is_empty() && w > 0 {
                // Bad syntax: the characters are dropped.
            } else if name.is_empty() {
                out.push(b'$');
            } else {
                out.extend_from_slice(mapping(&String::from_utf8_lossy(name)).as_bytes());
            }
            j += w;
            i = j + 1;
        }
        j += 1;
    }
    if !touched {
        return text.to_string();
    }
    if i < b.len() {
        out.extend_from_slice(&b[i..]);
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------
// net/url

#[derive(Default, Debug)]
struct Url {
    scheme: String,
    opaque: String,
    user: Option<(String, Option<String>)>,
    host: String,
    path: String,
    raw_query: String,
    force_query: bool,
    fragment: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Enc {
    Path,
    Host,
    UserPassword,
    Fragment,
}

fn should_escape(c: u8, mode: Enc) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if mode == Enc::Host
        && matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        )
    {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => {
            return match mode {
                Enc::Path => c == b'?',
                Enc::UserPassword => matches!(c, b'@' | b'/' | b'?' | b':'),
                Enc::Fragment => false,
                Enc::Host => true,
            }
        }
        _ => {}
    }
    if mode == Enc::Fragment && matches!(c, b'!' | b'(' | b')' | b'*') {
        return false;
    }
    true
}

fn escape(t: &str, mode: Enc) -> String {
    let mut out = String::new();
    for c in t.bytes() {
        if should_escape(c, mode) {
            out.push_str(&format!("%{c:02X}"));
        } else {
            out.push(c as char);
        }
    }
    out
}

/// `url.unescape` (no `+` to space outside queries); Go's error for a bad `%` escape.
fn unescape(t: &str, mode: Enc) -> Result<String, String> {
    let b = t.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            match (
                b.get(i + 1).and_then(|c| hex(*c)),
                b.get(i + 2).and_then(|c| hex(*c)),
            ) {
                (Some(h), Some(l)) => {
                    let v = (h * 16 + l) as u8;
                    if mode == Enc::Host && v < 0x80 && v != b' ' && should_escape(v, Enc::Host) {
                        return Err(format!("invalid URL escape {}", go_quote(&t[i..i + 3])));
                    }
                    out.push(v);
                    i += 3;
                }
                _ => {
                    let end = (i + 3).min(b.len());
                    return Err(format!(
                        "invalid URL escape {}",
                        go_quote(&String::from_utf8_lossy(&b[i..end]))
                    ));
                }
            }
        } else {
            if mode == Enc::Host && b[i] < 0x80 && should_escape(b[i], Enc::Host) {
                return Err(format!(
                    "invalid character {} in host name",
                    go_quote(&(b[i] as char).to_string())
                ));
            }
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn go_quote(t: &str) -> String {
    super::super::strconv::quote(t)
}

/// `url.Parse`; the error is Go's `parse "<url>": <reason>`.
fn parse_url(raw: &str) -> Result<Url, String> {
    let (u, frag) = match raw.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (raw, None),
    };
    let wrap = |e: String| format!("parse {}: {e}", go_quote(raw));
    let mut url = parse_main(u).map_err(|e| format!("parse {}: {e}", go_quote(u)))?;
    if let Some(f) = frag {
        url.fragment = unescape(f, Enc::Fragment).map_err(wrap)?;
    }
    Ok(url)
}

fn parse_main(raw: &str) -> Result<Url, String> {
    if raw.bytes().any(|c| c < 0x20 || c == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    let mut u = Url::default();
    if raw.is_empty() {
        return Ok(u);
    }
    // getScheme
    let mut rest = raw;
    for (i, c) in raw.bytes().enumerate() {
        if c.is_ascii_alphabetic() {
            continue;
        }
        if c.is_ascii_digit() || c == b'+' || c == b'-' || c == b'.' {
            if i == 0 {
                break;
            }
            continue;
        }
        if c == b':' {
            if i == 0 {
                return Err("missing protocol scheme".into());
            }
            u.scheme = raw[..i].to_ascii_lowercase();
            rest = &raw[i + 1..];
        }
        break;
    }
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        u.force_query = true;
        rest = &rest[..rest.len() - 1];
    } else if let Some((r, q)) = rest.split_once('?') {
        u.raw_query = q.to_string();
        rest = r;
    }
    if !rest.starts_with('/') {
        if !u.scheme.is_empty() {
            u.opaque = rest.to_string();
            return Ok(u);
        }
        let seg = rest.split('/').next().unwrap_or("");
        if seg.contains(':') {
            return Err("first path segment in URL cannot contain colon".into());
        }
    }
    if (!u.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let after = &rest[2..];
        let (auth, r) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        let (user, host) = match auth.rfind('@') {
            Some(i) => (Some(&auth[..i]), &auth[i + 1..]),
            None => (None, auth),
        };
        if let Some(ui) = user {
            let (name, pass) = match ui.split_once(':') {
                Some((n, p)) => (n, Some(p)),
                None => (ui, None),
            };
            let name = unescape(name, Enc::UserPassword)?;
            let pass = pass.map(|p| unescape(p, Enc::UserPassword)).transpose()?;
            u.user = Some((name, pass));
        }
        u.host = unescape(host, Enc::Host)?;
        rest = r;
    }
    u.path = unescape(rest, Enc::Path)?;
    Ok(u)
}

fn user_string((name, pass): &(String, Option<String>)) -> String {
    let mut out = escape(name, Enc::UserPassword);
    if let Some(p) = pass {
        out.push(':');
        out.push_str(&escape(p, Enc::UserPassword));
    }
    out
}

/// `URL.Hostname`: the host without port and IPv6 brackets.
fn hostname(host: &str) -> String {
    let mut h = host;
    if let Some(i) = h.rfind(':') {
        if h[i + 1..].bytes().all(|c| c.is_ascii_digit()) {
            h = &h[..i];
        }
    }
    h.strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(h)
        .to_string()
}

/// `url.URL.String()`.
fn url_string(u: &Url) -> String {
    let mut out = String::new();
    if !u.scheme.is_empty() {
        out.push_str(&u.scheme);
        out.push(':');
    }
    if !u.opaque.is_empty() {
        out.push_str(&u.opaque);
    } else {
        if !u.scheme.is_empty() || !u.host.is_empty() || u.user.is_some() {
            if !u.host.is_empty() || !u.path.is_empty() || u.user.is_some() {
                out.push_str("//");
            }
            if let Some(ui) = &u.user {
                out.push_str(&user_string(ui));
                out.push('@');
            }
            out.push_str(&escape(&u.host, Enc::Host));
        }
        let path = if u.path == "*" {
            "*".to_string()
        } else {
            escape(&u.path, Enc::Path)
        };
        if !path.is_empty() && !path.starts_with('/') && !u.host.is_empty() {
            out.push('/');
        }
        if out.is_empty() && path.split('/').next().unwrap_or("").contains(':') {
            out.push_str("./");
        }
        out.push_str(&path);
    }
    if u.force_query || !u.raw_query.is_empty() {
        out.push('?');
        out.push_str(&u.raw_query);
    }
    if !u.fragment.is_empty() {
        out.push('#');
        out.push_str(&escape(&u.fragment, Enc::Fragment));
    }
    out
}

/// sprig's `dictGetOrEmpty`: a string value, "" when absent, a panic for other kinds.
fn dict_str(d: &Value, key: &str) -> Result<String, String> {
    let Value::Map(m, _) = d else {
        return Ok(String::new());
    };
    let Some(v) = m.borrow().get(key).cloned() else {
        return Ok(String::new());
    };
    let v = v.indirect_interface();
    let k = super::kind_of(&v)?;
    match v.as_str() {
        Some(t) if k == super::super::value::Kind::String => Ok(t.to_string()),
        _ => Err(format!(
            "unable to parse {key} key, must be of type string, but {} found",
            super::kind_name(k)
        )),
    }
}

fn url_join(a: &[Value]) -> Result<Value, String> {
    let d = any_arg(a, 0);
    let mut u = Url {
        scheme: dict_str(&d, "scheme")?,
        host: dict_str(&d, "host")?,
        path: dict_str(&d, "path")?,
        raw_query: dict_str(&d, "query")?,
        opaque: dict_str(&d, "opaque")?,
        fragment: dict_str(&d, "fragment")?,
        ..Url::default()
    };
    let ui = dict_str(&d, "userinfo")?;
    if !ui.is_empty() {
        let tmp = parse_url(&format!("proto://{ui}@host"))
            .map_err(|e| format!("unable to parse userinfo in dict: {e}"))?;
        u.user = tmp.user;
    }
    s(url_string(&u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_expansion_follow_go() {
        assert_eq!(clean("a//b/../c/."), "a/c");
        assert_eq!(clean("/../x"), "/x");
        assert_eq!(clean("../../x"), "../../x");
        assert_eq!(
            expand("$A-${B}-$-${}-$", |n| format!("<{n}>")),
            "<A>-<B>-<->-$"
        );
    }

    #[test]
    fn urls_round_trip() {
        let u = parse_url("https://u:p@example.com:8080/a%20b?x=1#frag").unwrap();
        assert_eq!(u.host, "example.com:8080");
        assert_eq!(u.path, "/a b");
        assert_eq!(hostname(&u.host), "example.com");
        assert_eq!(
            url_string(&u),
            "https://u:p@example.com:8080/a%20b?x=1#frag"
        );
    }
}
