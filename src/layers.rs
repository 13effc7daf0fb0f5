//! The layering rule, and the test that keeps it.
//!
//! rnomad's modules form layers. A module may use modules of the layers below its own, never
//! one above it, and never a sibling of its own layer:
//!
//! | layer | modules | what lives there |
//! | --- | --- | --- |
//! | entry | `lib.rs`, `main.rs` | argv to a command: colour, completion requests, hand-over, dispatch |
//! | front | `completion`, `passthrough` | what the entry runs instead of a command |
//! | commands | `commands` | one file (or directory) per command: fetch → view → render, then print |
//! | docs | `docs` | help-derived output: man pages, completion scripts |
//! | cli | `cli` | the clap declarations: the flags a command receives |
//! | follow | `monitor`, `watch` | the evaluation monitor, the deployment watcher, the `-watch` loop |
//! | ctx | `ctx` | what a command runs with: environment, writer, clock |
//! | views | `views` | Nomad's renderers several commands or the monitors share (pure) |
//! | base | `api`, `contexts`, `output` | the HTTP API and its types; the stored contexts; tables, times, colour, `-json`/`-t`, the writer |
//! | leaf | `env`, `gocompat` | the environment snapshot; Go's behaviour Nomad inherits |
//!
//! Control flows `cli` → `commands` (the entry parses with `cli`, then runs the command), but a
//! command *reads* its parsed flags, so in import terms `cli` sits below `commands`: `cli` holds
//! declarations only and imports no command, monitor, watch loop or `ctx`.
//!
//! Within `commands`, a command's file is private to its group: `commands::job::status` may be
//! used by the `job` group only, except for its `run`, which another group may route an alias
//! to (`agent members` runs `server members`). What several groups share lives in
//! `commands::common`, in a group's `mod.rs` (a lookup such as `job_id_by_prefix`), or lower,
//! in `views`.
//!
//! Test code (`#[cfg(test)]` items) is exempt: a test may build what it needs from anywhere.
//! A new top-level module must be placed in `LAYERS` before this test passes.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// Top to bottom; the entry (`lib.rs`, `main.rs`) is above them all.
    const LAYERS: &[&[&str]] = &[
        &["completion", "passthrough"],
        &["commands"],
        &["docs"],
        &["cli"],
        &["monitor", "watch"],
        &["ctx"],
        &["views"],
        &["api", "contexts", "output"],
        &["env", "gocompat"],
    ];

    /// Imports across command groups that are known and have a reason.
    const CROSS_GROUP_ALLOWED: &[(&str, &str, &str)] = &[(
        "src/commands/deployment/promote.rs",
        "commands::job::promote",
        "`deployment promote` and `job promote` share the promote request and what follows it",
    )];

    /// The layer index of a top-level module (0 = the top), `None` for the entry.
    fn layer_of(top: &str) -> Option<usize> {
        LAYERS.iter().position(|l| l.contains(&top))
    }

    /// The module path of a source file: `src/commands/job/status.rs` → `commands::job::status`.
    fn module_of(rel: &str) -> Vec<String> {
        let rel = rel.trim_start_matches("src/").trim_end_matches(".rs");
        let mut segs: Vec<String> = rel.split('/').map(str::to_string).collect();
        if segs.last().is_some_and(|s| s == "mod") {
            segs.pop();
        }
        if segs.len() == 1 && (segs[0] == "lib" || segs[0] == "main") {
            segs.clear();
        }
        segs
    }

    /// The source with comments, string and char literals blanked and `#[cfg(test)]` items
    /// removed; newlines are kept, so positions still give line numbers.
    fn code_only(src: &str) -> String {
        let b: Vec<char> = src.chars().collect();
        let mut out: Vec<char> = Vec::with_capacity(b.len());
        let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let next = b.get(i + 1).copied();
            if c == '/' && next == Some('/') {
                while i < b.len() && b[i] != '\n' {
                    out.push(' ');
                    i += 1;
                }
            } else if c == '/' && next == Some('*') {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                        depth += 1;
                        out.push(' ');
                        out.push(' ');
                        i += 2;
                    } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        out.push(' ');
                        out.push(' ');
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        out.push(blank(b[i]));
                        i += 1;
                    }
                }
            } else if c == '"' || ((c == 'r' || c == 'b') && starts_raw_or_byte_string(&b, i)) {
                // Prefix letters, then `#`s of a raw string, then the body.
                let mut raw = false;
                while b[i] != '"' && b[i] != '#' {
                    raw |= b[i] == 'r';
                    out.push(b[i]);
                    i += 1;
                }
                let mut hashes = 0;
                while b[i] == '#' {
                    hashes += 1;
                    out.push(' ');
                    i += 1;
                }
                out.push('"');
                i += 1;
                while i < b.len() {
                    if !raw && b[i] == '\\' {
                        out.push(' ');
                        if let Some(&e) = b.get(i + 1) {
                            out.push(blank(e));
                        }
                        i += 2;
                        continue;
                    }
                    if b[i] == '"' && (0..hashes).all(|k| b.get(i + 1 + k) == Some(&'#')) {
                        out.push('"');
                        out.extend(std::iter::repeat_n(' ', hashes));
                        i += 1 + hashes;
                        break;
                    }
                    out.push(blank(b[i]));
                    i += 1;
                }
            } else if c == '\'' && is_char_literal(&b, i) {
                out.push(' ');
                i += 1;
                while i < b.len() && b[i] != '\'' {
                    if b[i] == '\\' {
                        out.push(' ');
                        i += 1;
                    }
                    out.push(' ');
                    i += 1;
                }
                out.push(' ');
                i += 1;
            } else {
                out.push(c);
                i += 1;
            }
        }
        let code: String = out.into_iter().collect();
        without_test_items(&code)
    }

    /// `r"`, `r#"`, `b"`, `br"`, `br#"` at `i`, not inside an identifier.
    fn starts_raw_or_byte_string(b: &[char], i: usize) -> bool {
        if i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_') {
            return false;
        }
        let mut j = i;
        if b[j] == 'b' {
            j += 1;
        }
        if b.get(j) == Some(&'r') {
            j += 1;
            while b.get(j) == Some(&'#') {
                j += 1;
            }
        }
        j > i && b.get(j) == Some(&'"')
    }

    /// A char literal (`'a'`, `'\n'`, `'\u{1F600}'`) rather than a lifetime (`'a`).
    fn is_char_literal(b: &[char], i: usize) -> bool {
        match b.get(i + 1) {
            Some('\\') => true,
            Some(_) => b.get(i + 2) == Some(&'\''),
            None => false,
        }
    }

    /// Blanks every item that follows a `#[cfg(test)]` attribute (up to its `;` or through its
    /// balanced `{ … }`).
    fn without_test_items(code: &str) -> String {
        let mut b: Vec<char> = code.chars().collect();
        let pat: Vec<char> = "#[cfg(test)]".chars().collect();
        let mut i = 0;
        while i + pat.len() <= b.len() {
            if b[i..i + pat.len()] != pat[..] {
                i += 1;
                continue;
            }
            let start = i;
            let mut j = i + pat.len();
            while j < b.len() && b[j] != '{' && b[j] != ';' {
                j += 1;
            }
            if j < b.len() && b[j] == '{' {
                let mut depth = 0;
                while j < b.len() {
                    match b[j] {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
            }
            for c in &mut b[start..(j + 1).min(code.chars().count())] {
                if *c != '\n' {
                    *c = ' ';
                }
            }
            i = j + 1;
        }
        b.into_iter().collect()
    }

    fn is_ident(c: char) -> bool {
        c.is_alphanumeric() || c == '_'
    }

    fn skip_ws(b: &[char], mut i: usize) -> usize {
        while i < b.len() && b[i].is_whitespace() {
            i += 1;
        }
        i
    }

    /// The paths written at `i` (after a `crate::` or `super::`): `a::b::c`, or a group
    /// `{a::b, c::{d, e}}` giving one path per leaf.
    fn paths_at(b: &[char], i: usize) -> Vec<Vec<String>> {
        let i = skip_ws(b, i);
        if b.get(i) == Some(&'{') {
            let mut out = Vec::new();
            let mut j = i + 1;
            loop {
                j = skip_ws(b, j);
                match b.get(j) {
                    None | Some('}') => break,
                    Some(',') => j += 1,
                    _ => {
                        out.extend(paths_at(b, j));
                        // Skip this member: up to the next `,` or `}` at this depth.
                        let mut depth = 0;
                        while j < b.len() {
                            match b[j] {
                                '{' => depth += 1,
                                '}' if depth == 0 => break,
                                '}' => depth -= 1,
                                ',' if depth == 0 => break,
                                _ => {}
                            }
                            j += 1;
                        }
                    }
                }
            }
            return out;
        }
        let mut j = i;
        while j < b.len() && (is_ident(b[j]) || b[j] == '*') {
            j += 1;
        }
        if j == i {
            return Vec::new();
        }
        let seg: String = b[i..j].iter().collect();
        let k = skip_ws(b, j);
        if b.get(k) == Some(&':') && b.get(k + 1) == Some(&':') {
            let rest = paths_at(b, k + 2);
            if rest.is_empty() {
                return vec![vec![seg]];
            }
            return rest
                .into_iter()
                .map(|mut p| {
                    p.insert(0, seg.clone());
                    p
                })
                .collect();
        }
        vec![vec![seg]]
    }

    /// Every path of ours a file's code uses, resolved from the crate root, with its line.
    fn uses(module: &[String], code: &str) -> Vec<(usize, Vec<String>)> {
        let b: Vec<char> = code.chars().collect();
        let mut out = Vec::new();
        let mut line = 1;
        let mut i = 0;
        while i < b.len() {
            if b[i] == '\n' {
                line += 1;
                i += 1;
                continue;
            }
            let at_word = i == 0 || !is_ident(b[i - 1]);
            let word = |w: &str| {
                let w: Vec<char> = w.chars().collect();
                b.get(i..i + w.len()) == Some(&w[..])
            };
            if at_word && word("crate::") {
                for p in paths_at(&b, i + 7) {
                    out.push((line, p));
                }
                i += 7;
            } else if at_word && word("super::") {
                let mut base: Vec<String> = module.to_vec();
                let mut j = i;
                while b.get(j..j + 7) == Some(&"super::".chars().collect::<Vec<_>>()[..]) {
                    base.pop();
                    j = skip_ws(&b, j + 7);
                }
                for p in paths_at(&b, j) {
                    let mut full = base.clone();
                    full.extend(p);
                    out.push((line, full));
                }
                i = j;
            } else {
                i += 1;
            }
        }
        out
    }

    /// What is wrong with one use of `target` from `module` (in file `rel`), if anything.
    fn violation(root: &Path, rel: &str, module: &[String], target: &[String]) -> Option<String> {
        let from_top = module.first().map(String::as_str);
        let to_top = target.first().map(String::as_str)?;
        // Within one top-level module, only the command-group rule applies.
        if from_top == Some(to_top) {
            if to_top != "commands" || module.len() < 2 || target.len() < 3 {
                return None;
            }
            let (own, group, file) = (&module[1], &target[1], &target[2]);
            let dir = root.join("src/commands").join(group);
            let is_file =
                dir.join(format!("{file}.rs")).exists() || dir.join(file).join("mod.rs").exists();
            let shown = target[..3].join("::");
            let routed = target.len() == 4 && target[3] == "run";
            if own == group || group == "common" || !is_file || routed {
                return None;
            }
            if CROSS_GROUP_ALLOWED
                .iter()
                .any(|(f, t, _)| *f == rel && *t == shown)
            {
                return None;
            }
            return Some(format!(
                "`{shown}` is a command file of another group: share it through commands::common, \
                 the group's mod.rs or views"
            ));
        }
        let from = match from_top {
            None => return None, // the entry may use anything
            Some(t) => layer_of(t)?,
        };
        let Some(to) = layer_of(to_top) else {
            return Some(format!(
                "`crate::{to_top}` is the entry (lib.rs) or an unplaced module: nothing may \
                 import it"
            ));
        };
        if to <= from {
            let what = if to == from {
                "its own layer"
            } else {
                "a layer above"
            };
            return Some(format!(
                "`{}` ({what}: {:?}) may not be imported from {:?}",
                target.join("::"),
                LAYERS[to],
                LAYERS[from]
            ));
        }
        None
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// Every violation in one file's source, as `file:line: message`.
    fn check_source(root: &Path, rel: &str, src: &str) -> Vec<String> {
        let module = module_of(rel);
        if let Some(top) = module.first() {
            if layer_of(top).is_none() {
                return vec![format!(
                    "{rel}:1: module `{top}` is in no layer: place it in LAYERS (src/layers.rs)"
                )];
            }
        }
        uses(&module, &code_only(src))
            .into_iter()
            .filter_map(|(line, target)| {
                violation(root, rel, &module, &target).map(|m| format!("{rel}:{line}: {m}"))
            })
            .collect()
    }

    #[test]
    fn no_module_imports_a_layer_above_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        rust_files(&root.join("src"), &mut files);
        files.sort();
        assert!(
            files.len() > 50,
            "found only {} files under src",
            files.len()
        );
        let mut bad = Vec::new();
        for f in files {
            let rel = f
                .strip_prefix(root)
                .unwrap_or(&f)
                .to_string_lossy()
                .replace('\\', "/");
            if rel == "src/layers.rs" {
                continue;
            }
            let src = std::fs::read_to_string(&f).unwrap_or_default();
            bad.extend(check_source(root, &rel, &src));
        }
        assert!(
            bad.is_empty(),
            "imports against the layering rule (see src/layers.rs):\n{}",
            bad.join("\n")
        );
    }

    fn check(rel: &str, src: &str) -> Vec<String> {
        check_source(Path::new(env!("CARGO_MANIFEST_DIR")), rel, src)
    }

    #[test]
    fn an_upward_import_is_reported_with_its_line() {
        let src = "//! doc\n\nuse crate::api::Client;\nuse crate::commands::common::usage_error;\n";
        assert_eq!(
            check("src/views/x.rs", src),
            vec!["src/views/x.rs:4: `commands::common::usage_error` (a layer above: [\"commands\"]) \
                  may not be imported from [\"views\"]"
                .to_string()]
        );
        // Siblings of one layer, grouped imports, and paths in expressions.
        assert_eq!(
            check("src/api/x.rs", "use crate::{env::Env, output::x};").len(),
            1
        );
        assert_eq!(
            check("src/output/x.rs", "fn f() { crate::api::get(); }").len(),
            1
        );
        assert_eq!(check("src/gocompat/x.rs", "use crate::env::Env;").len(), 1);
        // The entry's items are off limits too.
        assert_eq!(
            check("src/commands/x.rs", "fn f() { crate::version_text(); }").len(),
            1
        );
    }

    #[test]
    fn downward_imports_comments_strings_and_tests_are_fine() {
        let src = r##"
use crate::api::Client;
use super::status::x;
// use crate::commands::x;
/* use crate::cli::y; */
const S: &str = "crate::commands::z";
const R: &str = r#"crate::cli::w"#;
const C: char = '"';
fn f<'a>(x: &'a str) -> &'a str { x }
#[cfg(test)]
mod tests {
    use crate::commands::common::usage_error;
}
"##;
        assert_eq!(check("src/views/x.rs", src), Vec::<String>::new());
    }

    #[test]
    fn command_files_are_private_to_their_group() {
        let v = check(
            "src/commands/alloc/x.rs",
            "use crate::commands::job::status::format;\nuse crate::commands::job::job_id_by_prefix;\n\
             use super::status::y;\nuse crate::commands::common::usage_error;\n\
             fn f() { super::super::server::members::run(); }",
        );
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0].starts_with("src/commands/alloc/x.rs:1: `commands::job::status`"));
        // `super::super` reaches the group's parent.
        let v = check(
            "src/commands/eval/x.rs",
            "use super::super::job::status::f;",
        );
        assert_eq!(v.len(), 1, "{v:?}");
    }

    #[test]
    fn an_unplaced_module_fails() {
        assert_eq!(check("src/newthing.rs", "").len(), 1);
        assert_eq!(
            check("src/lib.rs", "use crate::commands::x;"),
            Vec::<String>::new()
        );
    }
}
