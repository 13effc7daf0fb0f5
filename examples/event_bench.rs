//! Throughput of `rnomad event stream`: a loopback server sends N events (frames of 10) and
//! then keeps the connection open; the time until rnomad has written N lines is measured.
//!
//! `cargo build --release && cargo run --release --example event_bench -- target/release/rnomad [N]`

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Instant;

fn body(n: usize, big: bool) -> Vec<u8> {
    let mut out = b"{}\n".to_vec();
    let pad = if big { "x".repeat(1500) } else { String::new() };
    let mut i = 0;
    let mut index = 1000u64;
    while i < n {
        index += 1;
        let evs: Vec<String> = (0..10.min(n - i))
            .map(|k| {
                format!(
                    r#"{{"Topic":"Allocation","Type":"AllocationUpdated","Key":"3466e9a0-8391-4f64-b81a-8d2b5a44{:04}","Namespace":"default","FilterKeys":["web","657eecdd-3cb1-4d09-b2d3-26e0055bdef6"],"Index":{index},"Payload":{{"Allocation":{{"ID":"x","Name":"web.web[{k}]","NodeName":"client-001","ClientStatus":"running","DesiredStatus":"run","Job":null,"Pad":"{pad}"}}}}}}"#,
                    k
                )
            })
            .collect();
        i += evs.len();
        out.extend_from_slice(
            format!("{{\"Index\":{index},\"Events\":[{}]}}\n", evs.join(",")).as_bytes(),
        );
    }
    out
}

/// Events per second of wall time, and per second of rnomad's own CPU time (user + system,
/// which other work on a shared machine does not inflate).
// The child is reaped by `cpu_seconds` (wait4, for its resource usage).
#[allow(clippy::zombie_processes)]
fn run(bin: &str, n: usize, big: bool, args: &[&str]) -> (f64, f64) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = l.local_addr().expect("addr");
    let data = body(n, big);
    std::thread::spawn(move || {
        // rnomad asks agent/self first (404 here: no facts), maybe on the same connection.
        for conn in l.incoming() {
            let Ok(mut s) = conn else { break };
            loop {
                // Read a request head before answering, as a server would.
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match std::io::Read::read(&mut s, &mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => break,
                    }
                }
                if !head.ends_with(b"\r\n\r\n") {
                    break;
                }
                if !head.starts_with(b"GET /v1/event/stream") {
                    let _ = s.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                    continue;
                }
                let _ = s.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
                );
                let _ = s.write_all(&data);
                std::thread::sleep(std::time::Duration::from_secs(60));
                return;
            }
        }
    });
    let start = Instant::now();
    let mut child = Command::new(bin)
        // The whole "buffer", from its first event.
        .args(["event", "stream", "-index", "0"])
        .args(args)
        .env("NOMAD_ADDR", format!("http://{addr}"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("rnomad");
    let mut out = BufReader::with_capacity(1 << 20, child.stdout.take().expect("stdout"));
    let mut lines = 0;
    let mut buf = Vec::new();
    while lines < n {
        buf.clear();
        if out.read_until(b'\n', &mut buf).unwrap_or(0) == 0 {
            break;
        }
        lines += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let _ = child.kill();
    let cpu = cpu_seconds(child.id());
    assert_eq!(lines, n, "all events arrived");
    (n as f64 / secs, n as f64 / cpu)
}

/// Reaps the child and returns its CPU time.
fn cpu_seconds(pid: u32) -> f64 {
    let mut status = 0;
    // SAFETY: wait4 writes into the two locals it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::wait4(pid as i32, &mut status, 0, &mut usage) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    t(usage.ru_utime) + t(usage.ru_stime)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bin = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("target/release/rnomad");
    let n: usize = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    for (big, label) in [(false, "~330-byte events"), (true, "~1.8 KB events")] {
        for (mode, a) in [("lines", &[][..]), ("-json", &["-json"][..])] {
            let (wall, cpu) = run(bin, n, big, a);
            println!(
                "{label:>18}  {mode:<6} {wall:>10.0} events/s  ({cpu:>8.0} per CPU-second of rnomad)"
            );
        }
    }
}
