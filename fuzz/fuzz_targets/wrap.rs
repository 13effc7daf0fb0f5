//! The terminal deployment view's layout: any text at any width wraps and clamps to lines;
//! never a panic (a cut inside a multi-byte character once aborted rnomad).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: (u8, &str)| {
    let (width, text) = data;
    let _ = rnomad::monitor::tty::text_lines(text, usize::from(width));
});
