//! Responses and CLI outputs recorded from a real Nomad v1.10.5 (`tests/fixtures/nomad-1.10.5`,
//! see its INDEX.md), for the renderers' in-process unit tests.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::output::color::ColorMode;
use crate::output::term::{Printout, Ui};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nomad-1.10.5");

/// The recorded body `api/<name>.json`, decoded as rnomad decodes it.
pub fn api<T: DeserializeOwned>(name: &str) -> T {
    let path = Path::new(DIR).join("api").join(format!("{name}.json"));
    let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What the real CLI printed: `<dir>/<name>.<stream>` (`cli/job-status.stdout`).
pub fn cli(dir: &str, name: &str, stream: &str) -> String {
    let path = Path::new(DIR).join(dir).join(format!("{name}.{stream}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What a plain (uncoloured, piped) `Ui` writes for `p`: stdout and stderr.
pub fn printed(p: &Printout) -> (String, String) {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            if let Ok(mut v) = self.0.lock() {
                v.extend_from_slice(b);
            }
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let text = |b: &Buf| {
        String::from_utf8_lossy(&b.0.lock().map(|v| v.clone()).unwrap_or_default()).into_owned()
    };
    let (out, err) = (Buf::default(), Buf::default());
    let mut ui = Ui::with_writers(
        ColorMode::default(),
        Box::new(out.clone()),
        Box::new(err.clone()),
        false,
    );
    ui.print(p);
    ui.flush();
    (text(&out), text(&err))
}

/// Unix nanoseconds of an RFC 3339 time.
pub fn at(rfc3339: &str) -> i64 {
    crate::output::time::rfc3339_to_nanos(rfc3339)
}
