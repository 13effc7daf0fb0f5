//! A snapshot of the process environment, taken once in `main` and passed down, so commands
//! read their settings (`NOMAD_*`, `RNOMAD_*`, `HOME`, `COMP_LINE`, …) from a value a test can
//! build ([`Env::from_pairs`]) rather than from the process. Two readings bypass it: the local
//! time zone (`TZ`, through chrono's `Local`) and `ZONEINFO` in `gocompat::tz`, which sits in
//! the leaf layer and imports nothing of ours.

use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl Env {
    pub fn from_process() -> Env {
        Env {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
        }
    }

    pub fn from_pairs<I: IntoIterator<Item = (S, S)>, S: Into<String>>(pairs: I) -> Env {
        Env {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// The value, if set (possibly empty).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.vars.get(key).map(String::as_str)
    }

    /// The value if set and non-empty (Go's `os.Getenv(k) != ""`).
    pub fn value(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.is_empty())
    }

    /// Every variable, sorted by name.
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
