//! A snapshot of the process environment, taken once in `main` and passed down, so commands
//! read their settings (`NOMAD_*`, `RNOMAD_*`, `HOME`, `COMP_LINE`, …) from a value a test can
//! build ([`Env::from_pairs`]) rather than from the process. Two readings bypass it: the local
//! time zone (`TZ`, through chrono's `Local`) and `ZONEINFO` in `gocompat::tz`, which sits in
//! the leaf layer and imports nothing of ours.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

#[derive(Clone, Debug, Default)]
pub struct Env {
    vars: HashMap<String, String>,
    /// A variable whose value is worked out only when first read (a context's token, which may
    /// take running a password manager), and only when the variable itself is unset or empty.
    deferred: Option<Arc<Deferred>>,
}

/// How a deferred value is worked out: once, on first read; `Err` is a one-line reason.
pub type Resolve = Box<dyn Fn() -> Result<String, String> + Send + Sync>;

struct Deferred {
    key: String,
    resolve: Resolve,
    value: OnceLock<Result<String, String>>,
}

impl std::fmt::Debug for Deferred {
    // The value is a secret: only the key shows.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deferred")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl Deferred {
    fn get(&self) -> &Result<String, String> {
        self.value.get_or_init(|| (self.resolve)())
    }
}

impl Env {
    pub fn from_process() -> Env {
        Env {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
            deferred: None,
        }
    }

    pub fn from_pairs<I: IntoIterator<Item = (S, S)>, S: Into<String>>(pairs: I) -> Env {
        Env {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            deferred: None,
        }
    }

    /// The value, if set (possibly empty). A deferred variable that is not set otherwise is
    /// worked out here, on first read; when that fails it reads as unset (see
    /// [`Env::deferred_error`]).
    pub fn get(&self, key: &str) -> Option<&str> {
        let own = self.vars.get(key).map(String::as_str);
        match &self.deferred {
            Some(d) if d.key == key && own.is_none_or(str::is_empty) => {
                d.get().as_deref().ok().or(own)
            }
            _ => own,
        }
    }

    /// Makes `key` deferred: when it is unset or empty, reading it runs `resolve` (once).
    pub fn defer(&mut self, key: &str, resolve: Resolve) {
        self.deferred = Some(Arc::new(Deferred {
            key: key.to_string(),
            resolve,
            value: OnceLock::new(),
        }));
    }

    /// Why the deferred `key` has no value, when it is needed (unset otherwise) and its
    /// resolution failed. Works it out if nothing has read it yet.
    pub fn deferred_error(&self, key: &str) -> Option<&str> {
        let d = self.deferred.as_ref().filter(|d| d.key == key)?;
        if self.vars.get(key).is_some_and(|v| !v.is_empty()) {
            return None;
        }
        d.get().as_ref().err().map(String::as_str)
    }

    /// The value if set and non-empty (Go's `os.Getenv(k) != ""`).
    pub fn value(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.is_empty())
    }

    /// Every variable, sorted by name (a deferred one only as it is set, unresolved).
    pub fn vars(&self) -> Vec<(&str, &str)> {
        let mut v: Vec<(&str, &str)> = self
            .vars
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        v.sort();
        v
    }

    /// Overrides a value for the rest of the run (`-watch` turns Web UI hints off).
    pub fn set(&mut self, key: &str, value: &str) {
        self.vars.insert(key.into(), value.into());
    }

    pub fn non_empty(&self, key: &str) -> bool {
        self.value(key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_deferred_value_is_worked_out_once_and_only_when_unset() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = calls.clone();
        let mut env = Env::from_pairs([("A", "1")]);
        env.defer(
            "T",
            Box::new(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                Ok("secret".to_string())
            }),
        );
        assert_eq!(calls.load(Ordering::SeqCst), 0, "not before it is read");
        assert_eq!(env.value("T"), Some("secret"));
        assert_eq!(env.get("T"), Some("secret"));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(env.deferred_error("T"), None);

        let mut set = Env::from_pairs([("T", "mine")]);
        set.defer("T", Box::new(|| panic!("never run: the variable is set")));
        assert_eq!(set.value("T"), Some("mine"));
        assert_eq!(set.deferred_error("T"), None);
    }

    #[test]
    fn a_failed_resolution_reads_as_unset_and_says_why() {
        let mut env = Env::from_pairs([("T", "")]);
        env.defer("T", Box::new(|| Err("no token".to_string())));
        assert_eq!(env.value("T"), None);
        assert_eq!(env.get("T"), Some(""));
        assert_eq!(env.deferred_error("T"), Some("no token"));
        assert_eq!(env.deferred_error("OTHER"), None);
    }
}
