//! Contexts: named sets of connection settings (address, region, namespace, TLS files, where
//! the token comes from), kept in `contexts.json` in the platform's configuration directory.
//!
//! A context only fills in what is not set otherwise: a command's flags win, then the `NOMAD_*`
//! variables, then the context in use, then Nomad's defaults. So the context becomes `NOMAD_*`
//! values in the environment snapshot, for every variable that is unset or empty, and every
//! command (and a real nomad a command is handed to) sees it the same way. The token itself is
//! never stored: a context says which variable, file or command gives it, and the command runs
//! only when a request needs the token.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::env::Env;

/// The variable that names the context for one shell or one command (below `-context`).
pub const ENV: &str = "RNOMAD_CONTEXT";

const FILE: &str = "contexts.json";

/// Where the token of a context comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenSource {
    /// An environment variable's value.
    Env(String),
    /// A file's contents, trimmed.
    File(String),
    /// What a shell command prints on stdout, trimmed (a password manager, a vault CLI).
    Command(String),
}

impl TokenSource {
    /// A short description for tables: never the token.
    pub fn describe(&self) -> String {
        match self {
            TokenSource::Env(v) => format!("env {v}"),
            TokenSource::File(p) => format!("file {p}"),
            TokenSource::Command(c) => format!("command {c}"),
        }
    }

    /// Reads the token now.
    pub fn read(&self, env: &Env) -> Result<String, String> {
        let token = match self {
            TokenSource::Env(var) => env
                .value(var)
                .map(str::to_string)
                .ok_or_else(|| format!("the token variable {var} is not set"))?,
            TokenSource::File(path) => std::fs::read_to_string(path)
                .map_err(|e| format!("reading the token file {path}: {e}"))?,
            TokenSource::Command(cmd) => run_token_command(cmd)?,
        };
        let token = token.trim();
        if token.is_empty() {
            return Err(format!("the token {} is empty", self.describe()));
        }
        Ok(token.to_string())
    }
}

/// Runs `cmd` with the platform's shell; its stdin and stderr are the user's (a password
/// manager may ask for a passphrase), its stdout is the token.
fn run_token_command(cmd: &str) -> Result<String, String> {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.arg("/C").arg(cmd);
        c
    } else {
        let mut c = std::process::Command::new("sh");
        c.arg("-c").arg(cmd);
        c
    };
    let out = command
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("running the token command: {e}"))?;
    if !out.status.success() {
        return Err(format!("the token command failed ({})", out.status));
    }
    String::from_utf8(out.stdout).map_err(|_| "the token command printed non-UTF-8 text".into())
}

/// One context. Empty fields are not set (and not written).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ca_cert: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ca_path: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client_cert: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client_key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tls_server_name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tls_skip_verify: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<TokenSource>,
}

impl Context {
    /// The `NOMAD_*` variable each set string field stands in for, in the order a user reads
    /// them.
    pub fn variables(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = [
            ("NOMAD_ADDR", &self.address),
            ("NOMAD_REGION", &self.region),
            ("NOMAD_NAMESPACE", &self.namespace),
            ("NOMAD_CACERT", &self.ca_cert),
            ("NOMAD_CAPATH", &self.ca_path),
            ("NOMAD_CLIENT_CERT", &self.client_cert),
            ("NOMAD_CLIENT_KEY", &self.client_key),
            ("NOMAD_TLS_SERVER_NAME", &self.tls_server_name),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect();
        if self.tls_skip_verify {
            out.push(("NOMAD_SKIP_VERIFY", "true".to_string()));
        }
        out
    }
}

/// The contents of `contexts.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Store {
    /// The context in use when neither `-context` nor `RNOMAD_CONTEXT` names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, Context>,
}

/// The directory rnomad keeps its configuration in, as Go's `os.UserConfigDir` finds the
/// platform's: `%AppData%` on Windows, `~/Library/Application Support` on macOS,
/// `$XDG_CONFIG_HOME` (absolute) or `~/.config` elsewhere; then `rnomad` under it.
pub fn config_dir(env: &Env) -> Result<PathBuf, String> {
    let base = if cfg!(windows) {
        env.value("AppData")
            .or_else(|| env.value("APPDATA"))
            .map(PathBuf::from)
            .ok_or("%AppData% is not set")?
    } else {
        let home = || {
            env.value("HOME")
                .map(PathBuf::from)
                .ok_or("neither $XDG_CONFIG_HOME nor $HOME is set")
        };
        if cfg!(target_os = "macos") {
            home()?.join("Library/Application Support")
        } else {
            match env.value("XDG_CONFIG_HOME").filter(|d| d.starts_with('/')) {
                Some(d) => PathBuf::from(d),
                None => home()?.join(".config"),
            }
        }
    };
    Ok(base.join("rnomad"))
}

/// The file the contexts are kept in.
pub fn path(env: &Env) -> Result<PathBuf, String> {
    config_dir(env).map(|d| d.join(FILE))
}

impl Store {
    /// The stored contexts; none when the file does not exist.
    pub fn load(env: &Env) -> Result<Store, String> {
        let path = path(env).map_err(|e| format!("finding the contexts file: {e}"))?;
        Store::load_from(&path)
    }

    pub fn load_from(path: &Path) -> Result<Store, String> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Store::default()),
            Err(e) => return Err(format!("reading {}: {e}", path.display())),
        };
        serde_json::from_slice(&bytes).map_err(|e| format!("reading {}: {e}", path.display()))
    }

    /// Writes the contexts: to a new file beside the old one (mode 0600, in a directory only
    /// the user can read), then renamed over it, so a crash never leaves half a file.
    pub fn save(&self, env: &Env) -> Result<PathBuf, String> {
        let path = path(env).map_err(|e| format!("finding the contexts file: {e}"))?;
        self.save_to(&path)?;
        Ok(path)
    }

    pub fn save_to(&self, path: &Path) -> Result<(), String> {
        use std::io::Write;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|e| format!("creating {}: {e}", dir.display()))?;
        let mut text = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        text.push(b'\n');
        let tmp = dir.join(format!(".{FILE}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
            let mut f = opts.open(&tmp)?;
            f.write_all(&text)?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("writing {}: {e}", path.display())
        })
    }

    /// The named context, or the one-line error every context command gives.
    pub fn get(&self, name: &str) -> Result<&Context, String> {
        self.contexts.get(name).ok_or_else(|| not_found(name))
    }
}

pub fn not_found(name: &str) -> String {
    format!("No context named {}", crate::gocompat::strconv::quote(name))
}

/// Whether `name` can name a context: letters, digits, `.`, `_` and `-`, not starting with
/// `-` (it would read as a flag).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The context a command runs with and why: `-context`, else `RNOMAD_CONTEXT`, else the
/// stored current one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chosen {
    Flag(String),
    Env(String),
    Current(String),
}

impl Chosen {
    pub fn name(&self) -> &str {
        match self {
            Chosen::Flag(n) | Chosen::Env(n) | Chosen::Current(n) => n,
        }
    }
}

pub fn choose(flag: Option<&str>, env: &Env, store: &Store) -> Option<Chosen> {
    if let Some(f) = flag.filter(|f| !f.is_empty()) {
        return Some(Chosen::Flag(f.to_string()));
    }
    if let Some(e) = env.value(ENV) {
        return Some(Chosen::Env(e.to_string()));
    }
    store.current.clone().map(Chosen::Current)
}

/// Puts the chosen context into `env` (see the module's comment) and returns the variables it
/// set, token excluded. Nothing happens without a contexts file and without `-context` or
/// `RNOMAD_CONTEXT`.
pub fn apply(env: &mut Env, flag: Option<&str>) -> Result<Vec<&'static str>, String> {
    // Without a configuration directory (no HOME) there is no stored context, which matters
    // only when one is asked for.
    let asked = flag.is_some_and(|f| !f.is_empty()) || env.value(ENV).is_some();
    let store = match path(env) {
        Ok(p) => Store::load_from(&p)?,
        Err(e) if asked => return Err(format!("finding the contexts file: {e}")),
        Err(_) => Store::default(),
    };
    let Some(chosen) = choose(flag, env, &store) else {
        return Ok(Vec::new());
    };
    let ctx = store.get(chosen.name()).map_err(|e| match &chosen {
        Chosen::Env(_) => format!("{e} (from {ENV})"),
        Chosen::Current(_) => format!("{e} (the current context; see 'rnomad context use')"),
        Chosen::Flag(_) => e,
    })?;
    let mut set = Vec::new();
    for (key, value) in ctx.variables() {
        if env.value(key).is_none() {
            env.set(key, &value);
            set.push(key);
        }
    }
    if let (Some(source), None) = (ctx.token.clone(), env.value("NOMAD_TOKEN")) {
        let name = chosen.name().to_string();
        let snapshot = env.clone();
        env.defer(
            "NOMAD_TOKEN",
            Box::new(move || {
                source
                    .read(&snapshot)
                    .map_err(|e| format!("context {}: {e}", crate::gocompat::strconv::quote(&name)))
            }),
        );
    }
    Ok(set)
}

/// `-context NAME` or `-context=NAME` (one or two dashes) among `args`, before any `--`: for
/// the command lines rnomad does not parse itself (completion, a hand-over to nomad). Returns
/// the name and the arguments without the flag.
pub fn take_flag(args: &[String]) -> (Option<String>, Vec<String>) {
    let mut name = None;
    let mut rest = Vec::with_capacity(args.len());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            rest.push(a.clone());
            rest.extend(it.by_ref().cloned());
            break;
        }
        let bare = a.strip_prefix("--").or_else(|| a.strip_prefix('-'));
        match bare {
            Some("context") => name = it.next().cloned(),
            Some(b) if b.starts_with("context=") => name = Some(b["context=".len()..].to_string()),
            _ => rest.push(a.clone()),
        }
    }
    (name, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_in(dir: &Path, pairs: &[(&str, &str)]) -> Env {
        let mut all = vec![
            ("XDG_CONFIG_HOME".to_string(), dir.display().to_string()),
            ("HOME".to_string(), dir.display().to_string()),
        ];
        all.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_pairs(all)
    }

    fn prod() -> Context {
        Context {
            address: "https://prod:4646".into(),
            region: "eu".into(),
            namespace: "web".into(),
            token: Some(TokenSource::Env("PROD_TOKEN".into())),
            ..Context::default()
        }
    }

    fn store_with(current: Option<&str>) -> Store {
        let mut s = Store {
            current: current.map(str::to_string),
            ..Store::default()
        };
        s.contexts.insert("prod".into(), prod());
        s.contexts.insert(
            "dev".into(),
            Context {
                address: "http://dev:4646".into(),
                tls_skip_verify: true,
                ..Context::default()
            },
        );
        s
    }

    #[test]
    fn saves_atomically_with_mode_0600_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let env = env_in(dir.path(), &[]);
        let store = store_with(Some("prod"));
        let path = store.save(&env).unwrap();
        assert!(path.ends_with("rnomad/contexts.json"), "{}", path.display());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let dmode = std::fs::metadata(path.parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(dmode & 0o777, 0o700);
        }
        assert_eq!(Store::load(&env).unwrap(), store);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\"token\": {\n        \"env\": \"PROD_TOKEN\""),
            "{text}"
        );
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("contexts.json")]);
    }

    #[test]
    fn no_file_is_no_context_and_a_broken_file_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let mut env = env_in(dir.path(), &[]);
        assert_eq!(apply(&mut env, None), Ok(vec![]));
        assert_eq!(env.value("NOMAD_ADDR"), None);
        let path = path(&env).unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{\"contexts\": {\"a\": {\"adress\": \"x\"}}}").unwrap();
        let err = apply(&mut env, None).unwrap_err();
        assert!(err.starts_with(&format!(
            "reading {}: unknown field `adress`",
            path.display()
        )));
    }

    #[test]
    fn flags_then_variables_then_the_context() {
        let dir = tempfile::tempdir().unwrap();
        store_with(Some("prod"))
            .save(&env_in(dir.path(), &[]))
            .unwrap();
        // NOMAD_ADDR set: it wins; the rest comes from the current context.
        let mut env = env_in(
            dir.path(),
            &[("NOMAD_ADDR", "http://mine:4646"), ("PROD_TOKEN", "s3")],
        );
        let set = apply(&mut env, None).unwrap();
        assert_eq!(set, vec!["NOMAD_REGION", "NOMAD_NAMESPACE"]);
        assert_eq!(env.value("NOMAD_ADDR"), Some("http://mine:4646"));
        assert_eq!(env.value("NOMAD_REGION"), Some("eu"));
        assert_eq!(env.value("NOMAD_TOKEN"), Some("s3"));

        // RNOMAD_CONTEXT wins over the current one, -context over both.
        let mut env = env_in(dir.path(), &[(ENV, "dev")]);
        apply(&mut env, None).unwrap();
        assert_eq!(env.value("NOMAD_ADDR"), Some("http://dev:4646"));
        assert_eq!(env.value("NOMAD_SKIP_VERIFY"), Some("true"));
        let mut env = env_in(dir.path(), &[(ENV, "dev")]);
        apply(&mut env, Some("prod")).unwrap();
        assert_eq!(env.value("NOMAD_ADDR"), Some("https://prod:4646"));

        // An unknown name is an error that says where the name came from.
        let mut env = env_in(dir.path(), &[(ENV, "nope")]);
        assert_eq!(
            apply(&mut env, None).unwrap_err(),
            "No context named \"nope\" (from RNOMAD_CONTEXT)"
        );
    }

    #[test]
    fn the_token_is_read_only_when_needed() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("ran");
        let mut s = Store {
            current: Some("c".into()),
            ..Store::default()
        };
        s.contexts.insert(
            "c".into(),
            Context {
                token: Some(TokenSource::Command(format!(
                    "touch {} && echo '  tok  '",
                    marker.display()
                ))),
                ..Context::default()
            },
        );
        s.save(&env_in(dir.path(), &[])).unwrap();
        let mut env = env_in(dir.path(), &[]);
        apply(&mut env, None).unwrap();
        assert!(
            !marker.exists(),
            "the command ran before the token was needed"
        );
        assert_eq!(env.value("NOMAD_TOKEN"), Some("tok"));
        assert!(marker.exists());

        // NOMAD_TOKEN set: the command never runs.
        std::fs::remove_file(&marker).unwrap();
        let mut env = env_in(dir.path(), &[("NOMAD_TOKEN", "given")]);
        apply(&mut env, None).unwrap();
        assert_eq!(env.value("NOMAD_TOKEN"), Some("given"));
        assert!(!marker.exists());
    }

    #[test]
    fn token_sources_fail_with_one_line() {
        let env = Env::from_pairs([("E", "")]);
        let read = |s: TokenSource| s.read(&env).unwrap_err();
        assert_eq!(
            read(TokenSource::Env("E".into())),
            "the token variable E is not set"
        );
        assert!(read(TokenSource::File("/nonexistent/t".into()))
            .starts_with("reading the token file /nonexistent/t: "));
        assert_eq!(
            read(TokenSource::Command("exit 3".into())),
            "the token command failed (exit status: 3)"
        );
        assert_eq!(
            read(TokenSource::Command("true".into())),
            "the token command true is empty"
        );
    }

    #[test]
    fn takes_the_flag_off_a_command_line() {
        let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            take_flag(&v(&["job", "-context", "prod", "status"])),
            (Some("prod".into()), v(&["job", "status"]))
        );
        assert_eq!(
            take_flag(&v(&["--context=a", "x", "--", "-context=b"])),
            (Some("a".into()), v(&["x", "--", "-context=b"]))
        );
        assert_eq!(take_flag(&v(&["-contexts"])), (None, v(&["-contexts"])));
    }

    #[test]
    fn no_home_is_no_context_unless_one_is_asked_for() {
        let mut env = Env::from_pairs([("NOMAD_ADDR", "http://a:1")]);
        assert_eq!(apply(&mut env, None), Ok(vec![]));
        assert!(apply(&mut env, Some("x"))
            .unwrap_err()
            .starts_with("finding the contexts file: "));
    }

    #[test]
    fn names() {
        assert!(valid_name("prod-eu.1_a"));
        for bad in ["", "-x", "a b", "a/b", "é"] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}
