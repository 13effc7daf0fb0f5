//! Log/file stream bodies: arbitrary bytes, cut at an arbitrary point as the network would,
//! give frames or an error from the incremental decoder, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&cut, body)) = data.split_first() else {
        return;
    };
    let at = (cut as usize).min(body.len());
    let mut d = rnomad::api::stream::FrameDecoder::default();
    for part in [&body[..at], &body[at..]] {
        match d.push(part) {
            Ok(frames) => {
                for f in frames {
                    let _ = f.bytes();
                    let _ = f.is_heartbeat();
                }
            }
            Err(_) => return,
        }
    }
});
