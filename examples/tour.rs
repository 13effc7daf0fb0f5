//! A tour of rnomad with no cluster needed: starts nomad-sim in-process with a small
//! generated cluster and runs rnomad commands against it, in-process too.
//!
//! Run with `cargo run --example tour`.

use rnomad::env::Env;

fn main() {
    let sim = nomad_sim::Sim::builder()
        .seed(7)
        .jobs(12)
        .nodes(3)
        .allocs_per_job(2)
        .spawn();
    let env = Env::from_pairs([
        ("NOMAD_ADDR".to_string(), sim.url()),
        ("NOMAD_CLI_SHOW_HINTS".to_string(), "false".to_string()),
    ]);
    println!(
        "nomad-sim is serving a simulated cluster at {}\n",
        sim.url()
    );
    let tour: &[&[&str]] = &[
        &["version"],
        &["job", "status"],
        &["job", "status", "web"],
        &["job", "status", "-short", "-json", "queue"],
        &["node", "status", "-verbose"],
        &["node", "status", "-self"],
        &["job", "dispatch", "-meta", "input=tour", "queue"],
        &["status", "queue"],
        &["server", "members"],
        &["agent-info"],
        &[
            "alloc",
            "exec",
            "-i=false",
            "-t=false",
            "-job",
            "web",
            "/bin/sh",
            "-c",
            "echo hello from $NOMAD_TASK_NAME; exit 3",
        ],
        &["job", "status", "nosuch"],
    ];
    for args in tour {
        println!("$ rnomad {}", args.join(" "));
        let mut argv = vec!["rnomad".to_string()];
        argv.extend(args.iter().map(|s| s.to_string()));
        let code = rnomad::run(argv, env.clone());
        println!("(exit {code})\n");
    }
}
