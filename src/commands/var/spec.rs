//! Reading a variable specification (`var put @file`, `var put -`): Nomad's JSON `Variable`,
//! or the small HCL form `var init` writes (`path`, `namespace`, the indexes and times, an
//! `items` block), and the `key=value` words (`KVBuilder`).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::vars::Variable;

/// The JSON form: Go's `json.Unmarshal` into `api.Variable` (keys matched without case).
pub fn from_json(text: &str) -> Result<Variable, String> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| format!("error unmarshaling json: {e}"))?;
    let Value::Object(m) = v else {
        return Err(
            "error unmarshaling json: json: cannot unmarshal into Go value of type api.Variable"
                .into(),
        );
    };
    let mut out = Variable::default();
    for (k, val) in m {
        let bad = || {
            format!("error unmarshaling json: json: cannot unmarshal {val} into Go struct field Variable.{k}")
        };
        match k.to_ascii_lowercase().as_str() {
            "namespace" => out.namespace = val.as_str().ok_or_else(bad)?.to_string(),
            "path" => out.path = val.as_str().ok_or_else(bad)?.to_string(),
            "createindex" => out.create_index = val.as_u64().ok_or_else(bad)?,
            "modifyindex" => out.modify_index = val.as_u64().ok_or_else(bad)?,
            "createtime" => out.create_time = val.as_i64().ok_or_else(bad)?,
            "modifytime" => out.modify_time = val.as_i64().ok_or_else(bad)?,
            "items" if val.is_null() => {}
            "items" => {
                let mut items = BTreeMap::new();
                for (ik, iv) in val.as_object().ok_or_else(bad)? {
                    items.insert(ik.clone(), iv.as_str().ok_or_else(bad)?.to_string());
                }
                out.items = Some(items);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// One HCL token of the specification form.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(i64),
    Eq,
    Open,
    Close,
}

fn lex(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut it = text.chars().peekable();
    while let Some(&c) = it.peek() {
        match c {
            c if c.is_whitespace() || c == ',' => {
                it.next();
            }
            '#' => while it.next().is_some_and(|c| c != '\n') {},
            '/' => {
                it.next();
                if it.next() != Some('/') {
                    return Err("illegal char".into());
                }
                while it.next().is_some_and(|c| c != '\n') {}
            }
            '=' => {
                it.next();
                out.push(Tok::Eq);
            }
            '{' => {
                it.next();
                out.push(Tok::Open);
            }
            '}' => {
                it.next();
                out.push(Tok::Close);
            }
            '"' => {
                it.next();
                let mut s = String::new();
                loop {
                    match it.next() {
                        None | Some('\n') => return Err("literal not terminated".into()),
                        Some('"') => break,
                        Some('\\') => match it.next() {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some('r') => s.push('\r'),
                            Some(c @ ('"' | '\\')) => s.push(c),
                            _ => return Err("unknown escape sequence".into()),
                        },
                        Some(c) => s.push(c),
                    }
                }
                out.push(Tok::Str(s));
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut s = String::new();
                while let Some(&d) = it.peek().filter(|d| d.is_ascii_digit() || **d == '-') {
                    s.push(d);
                    it.next();
                }
                out.push(Tok::Num(
                    s.parse().map_err(|_| format!("invalid number {s}"))?,
                ));
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut s = String::new();
                while let Some(&d) = it
                    .peek()
                    .filter(|d| d.is_alphanumeric() || **d == '_' || **d == '-' || **d == '.')
                {
                    s.push(d);
                    it.next();
                }
                out.push(Tok::Ident(s));
            }
            c => return Err(format!("illegal char {c:?}")),
        }
    }
    Ok(out)
}

/// The HCL form, as Nomad's `parseVariableSpec` accepts it (unknown keys are an error).
pub fn from_hcl(text: &str) -> Result<Variable, String> {
    let wrap = |e: String| format!("error parsing hcl: {e}");
    let toks = lex(text).map_err(wrap)?;
    let mut out = Variable::default();
    let mut i = 0;
    while i < toks.len() {
        let Tok::Ident(key) = &toks[i] else {
            return Err(wrap(format!("unexpected token {:?}", toks[i])));
        };
        i += 1;
        if toks.get(i) == Some(&Tok::Eq) {
            i += 1;
        }
        let val = toks
            .get(i)
            .cloned()
            .ok_or_else(|| wrap("unexpected end".into()))?;
        i += 1;
        match (key.as_str(), val) {
            ("namespace", Tok::Str(s)) => out.namespace = s,
            ("path", Tok::Str(s)) => out.path = s,
            ("create_index" | "modify_index" | "create_time" | "modify_time", Tok::Num(n)) => {
                match key.as_str() {
                    "create_index" => out.create_index = n as u64,
                    "modify_index" => out.modify_index = n as u64,
                    "create_time" => out.create_time = n,
                    _ => out.modify_time = n,
                }
            }
            ("items", Tok::Open) => {
                let mut items = BTreeMap::new();
                loop {
                    match toks.get(i) {
                        Some(Tok::Close) => {
                            i += 1;
                            break;
                        }
                        Some(Tok::Ident(k)) | Some(Tok::Str(k)) => {
                            let k = k.clone();
                            if toks.get(i + 1) != Some(&Tok::Eq) {
                                return Err(wrap(format!("expected '=' after {k}")));
                            }
                            match toks.get(i + 2) {
                                Some(Tok::Str(v)) => items.insert(k, v.clone()),
                                Some(Tok::Num(n)) => items.insert(k, n.to_string()),
                                _ => return Err(wrap(format!("item {k} must be a string"))),
                            };
                            i += 3;
                        }
                        _ => return Err(wrap("items: unexpected token".into())),
                    }
                }
                out.items = Some(items);
            }
            (k @ ("namespace" | "path" | "items"), _) => {
                return Err(wrap(format!("{k}: unexpected value")))
            }
            (k @ ("create_index" | "modify_index"), v) => {
                return Err(wrap(format!("{k} must be integer; got {v:?}")))
            }
            (k @ ("create_time" | "modify_time"), v) => {
                return Err(wrap(format!("{k} must be a int64; got {v:?}")))
            }
            (k, _) => return Err(wrap(format!("invalid key: {k}"))),
        }
    }
    Ok(out)
}

/// `KVBuilder`: `key=value` words; a value `@file` is the file's text, `\@…` a literal `@…`,
/// `-` stdin; a word `-` or `@file` alone is a JSON object of items.
pub fn kv_items(
    args: &[String],
    mut stdin: impl FnMut() -> std::io::Result<String>,
) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut stdin_used = false;
    for raw in args {
        let fail = |e: String| {
            format!(
                "invalid key/value pair {}: {e}",
                crate::gocompat::strconv::quote(raw)
            )
        };
        if raw.is_empty() {
            continue;
        }
        let Some((key, value)) = raw.split_once('=') else {
            let text = if raw == "-" {
                if stdin_used {
                    return Err(fail("stdin already consumed".into()));
                }
                stdin_used = true;
                stdin().map_err(|e| fail(e.to_string()))?
            } else if let Some(f) = raw.strip_prefix('@') {
                std::fs::read_to_string(f)
                    .map_err(|e| fail(format!("open {f}: {}", crate::gocompat::os::io_text(&e))))?
            } else {
                return Err(fail("format must be key=value".into()));
            };
            let obj: serde_json::Map<String, Value> =
                serde_json::from_str(&text).map_err(|e| fail(e.to_string()))?;
            for (k, v) in obj {
                let v = v
                    .as_str()
                    .ok_or_else(|| fail(format!("{k}: not a string")))?;
                out.push((k, v.to_string()));
            }
            continue;
        };
        let value = if let Some(f) = value.strip_prefix('@') {
            std::fs::read_to_string(f).map_err(|e| {
                fail(format!(
                    "error reading file: open {f}: {}",
                    crate::gocompat::os::io_text(&e)
                ))
            })?
        } else if let Some(rest) = value.strip_prefix("\\@") {
            format!("@{rest}")
        } else if value == "-" {
            if stdin_used {
                return Err(fail("stdin already consumed".into()));
            }
            stdin_used = true;
            stdin().map_err(|e| fail(e.to_string()))?
        } else {
            value.to_string()
        };
        if out.iter().any(|(k, _)| k == key) {
            // Nomad turns a repeated key into a list, which a variable cannot hold.
            return Err(fail(format!("key {key} given more than once")));
        }
        out.push((key.to_string(), value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_hcl_that_var_init_writes() {
        let v = from_hcl(&crate::commands::var::init::hcl_spec()).expect("parses");
        assert_eq!(v.path, "");
        let items = v.items.unwrap_or_default();
        assert_eq!(items.get("key1").map(String::as_str), Some("value 1"));
        assert_eq!(items.len(), 2);
        let v = from_hcl("path = \"a/b\"\nnamespace = \"prod\"\nmodify_index = 7\nitems = {\n  \"x y\" = \"q\\\"\"\n}\n")
            .expect("parses");
        assert_eq!(
            (v.path.as_str(), v.namespace.as_str(), v.modify_index),
            ("a/b", "prod", 7)
        );
        assert_eq!(
            v.items.unwrap_or_default().get("x y").map(String::as_str),
            Some("q\"")
        );
        assert!(from_hcl("bogus = 1").is_err());
    }

    #[test]
    fn key_value_words() {
        let words: Vec<String> = ["a=1", "b=\\@x", "c=-", "", "d="]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let got = kv_items(&words, || Ok("in".into())).expect("parses");
        assert_eq!(
            got,
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "@x".into()),
                ("c".into(), "in".into()),
                ("d".into(), "".into())
            ]
        );
        let bad = kv_items(&["nokey".to_string()], || Ok(String::new()));
        assert_eq!(
            bad,
            Err("invalid key/value pair \"nokey\": format must be key=value".into())
        );
    }

    #[test]
    fn json_specs() {
        let v = from_json("{\"Path\":\"p\",\"items\":{\"k\":\"v\"}}").expect("parses");
        assert_eq!(v.path, "p");
        assert!(from_json("[1]").is_err());
    }
}
