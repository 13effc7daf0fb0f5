//! Event stream lines: any bytes as one ndjson line decode as a frame and its events, and
//! each event renders as a line, or is skipped; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rnomad::commands::event::stream::{render_event, EventHead, LineOpts};

fuzz_target!(|data: &[u8]| {
    let Ok(frame) = serde_json::from_slice::<rnomad::api::events::RawFrame>(data) else {
        return;
    };
    let _ = frame.is_heartbeat();
    for ev in &frame.events {
        if let Ok(head) = serde_json::from_str::<EventHead>(ev.get()) {
            for (color, verbose) in [(false, false), (true, true)] {
                let _ = render_event(
                    &head,
                    Some(1_700_000_000_000_000_000),
                    LineOpts { color, verbose },
                );
            }
        }
    }
});
