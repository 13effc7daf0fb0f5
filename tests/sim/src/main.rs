//! `nomad-sim` binary: serves a generated cluster until killed. Its first stdout line is
//! `nomad-sim listening on <url>`, which scripts wait for.

use std::io::Write;

fn usage() -> ! {
    eprintln!(
        "usage: nomad-sim [--addr HOST:PORT (default 127.0.0.1:14646) | --addr unix:PATH] \
         [--jobs N] [--nodes N] \
         [--allocs-per-job N] [--latency-ms N] [--seed N] [--acl-bootstrap-token T] \
         [--tls-cert F --tls-key F [--tls-client-ca F]]"
    );
    std::process::exit(1)
}

fn num<T: std::str::FromStr>(v: Option<String>) -> T {
    v.and_then(|v| v.parse().ok()).unwrap_or_else(|| usage())
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("nomad-sim: {path}: {e}");
        std::process::exit(1)
    })
}

fn main() {
    let mut args = std::env::args().skip(1);
    // Two allocations per job unless told otherwise: with none, every generated service job
    // would read `dead`, which is not what a cluster to try rnomad on should look like.
    let mut b = nomad_sim::Sim::builder().allocs_per_job(2);
    // Not Nomad's 4646: a simulator started by habit must not take a real agent's port, nor
    // be mistaken for one.
    let mut addr = "127.0.0.1:14646".to_string();
    let (mut cert, mut key, mut ca) = (None, None, None);
    while let Some(a) = args.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (a.clone(), None),
        };
        let mut val = || inline.clone().or_else(|| args.next());
        match flag.trim_start_matches('-') {
            "addr" => addr = val().unwrap_or_else(|| usage()),
            "jobs" => b = b.jobs(num(val())),
            "nodes" => b = b.nodes(num(val())),
            "allocs-per-job" => b = b.allocs_per_job(num(val())),
            "latency-ms" => b = b.latency_ms(num(val())),
            "seed" => b = b.seed(num(val())),
            "acl-bootstrap-token" => {
                let t = val().unwrap_or_else(|| usage());
                b = b.acl(true).token(&t, "management");
            }
            "tls-cert" => cert = val(),
            "tls-key" => key = val(),
            "tls-client-ca" => ca = val(),
            "h" | "help" => usage(),
            _ => usage(),
        }
    }
    match (&cert, &key) {
        (Some(c), Some(k)) => {
            let ca_pem = ca.as_deref().map(read);
            b = b.tls(&read(c), &read(k), ca_pem.as_deref());
        }
        (None, None) => {}
        _ => usage(),
    }
    let sim = match addr.strip_prefix("unix:") {
        #[cfg(unix)]
        Some(path) => b.spawn_unix(path),
        #[cfg(not(unix))]
        Some(_) => usage(),
        None => b.addr(addr.parse().unwrap_or_else(|_| usage())).spawn(),
    };
    let mut out = std::io::stdout();
    let _ = writeln!(out, "nomad-sim listening on {}", sim.url());
    let _ = out.flush();
    loop {
        std::thread::park();
    }
}
