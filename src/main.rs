fn main() {
    // Go programs die of SIGPIPE when stdout is closed; so does rnomad, quietly, with the same
    // status (`rnomad job status | head -1`).
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let code = rnomad::run(args, rnomad::env::Env::from_process());
    std::process::exit(code);
}
