//! The Go-style argv pre-pass and clap on its output never panic, whatever the arguments.
#![no_main]
use clap::CommandFactory;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let args: Vec<String> = text.split('\0').map(str::to_string).collect();
    let root = rnomad::cli::argv::go_style(rnomad::cli::Cli::command());
    if let rnomad::cli::argv::Dispatch::Run { argv, .. } = rnomad::cli::argv::dispatch(&args, &root)
    {
        let _ = root.try_get_matches_from(&argv);
    }
});
