//! Server bodies of any shape: decoding into rnomad's types and re-encoding as Nomad's `-json`
//! never panic, and the encoder always produces valid JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<rnomad::api::jobs::Job>(data);
    let _ = serde_json::from_slice::<rnomad::api::nodes::Node>(data);
    let _ = serde_json::from_slice::<Vec<rnomad::api::allocs::AllocationListStub>>(data);
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) {
        for ty in [
            "[]*JobListStub",
            "*Node",
            "AgentSelf",
            "[]JobJson",
            "*Allocation",
        ] {
            let out = rnomad::output::json::to_json(ty, &v);
            assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
        }
    }
});
