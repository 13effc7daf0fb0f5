//! Records the commit rnomad is built from, for `rnomad version`.

use std::process::Command;

fn main() {
    let commit = std::env::var("RNOMAD_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| {
            let out = Command::new("git")
                .args(["rev-parse", "--short=12", "HEAD"])
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        });
    if let Some(c) = commit {
        println!("cargo:rustc-env=RNOMAD_COMMIT={c}");
    }
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs");
    println!("cargo:rerun-if-env-changed=RNOMAD_COMMIT");
}
