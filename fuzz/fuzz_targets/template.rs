//! Go templates from users never crash rnomad.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let data =
        serde_json::json!([{"ID": "web", "Tags": {"a": "1"}, "Count": 3, "List": [1, 2.5, null]}]);
    let _ = rnomad::output::template::render(&text, &data);
});
