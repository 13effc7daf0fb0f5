//! `-t` templates against Go: every case in `tests/fixtures/go-template/corpus.json` was run
//! through Go's text/template with Nomad v1.10.5's function map (sprig as `sprig_*`), and
//! rnomad's engine must print the same text or fail with the same error.

use rnomad::output::template::{render, render_as};
use serde_json::Value;
use std::path::Path;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

#[test]
fn engine_matches_go() {
    // The corpus was recorded with TZ=UTC; `date` and `toDate` read the local zone.
    std::env::set_var("TZ", "UTC");
    let text = std::fs::read_to_string(fixtures().join("go-template/corpus.json"))
        .expect("corpus fixture");
    let corpus: Value = serde_json::from_str(&text).expect("corpus JSON");
    let default = &corpus["default_data"];
    let cases = corpus["cases"].as_array().expect("cases");
    assert!(cases.len() > 100, "the corpus lost its cases");
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let tmpl = case["tmpl"].as_str().unwrap_or("");
        let data: Value = match case.get("data_file").and_then(Value::as_str) {
            Some(f) => serde_json::from_str(
                &std::fs::read_to_string(fixtures().join(f)).expect("data fixture"),
            )
            .expect("data JSON"),
            None => case.get("data").unwrap_or(default).clone(),
        };
        let got = match case.get("type").and_then(Value::as_str) {
            Some(t) => render_as(tmpl, t, &data),
            None => render(tmpl, &data),
        };
        let want = match (case.get("out"), case.get("err")) {
            (_, Some(e)) => Err(e.as_str().unwrap_or("").to_string()),
            (Some(o), None) => Ok(o.as_str().unwrap_or("").to_string()),
            (None, None) => panic!("case {name} records neither output nor error"),
        };
        if got != want {
            failures.push(format!("{name}: {tmpl}\n   go: {want:?}\n  got: {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Go:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
