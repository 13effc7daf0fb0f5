//! `tls ca create` and `tls cert create` against a real agent: the CA, server and CLI
//! certificates rnomad makes run an agent with mutual TLS (HTTP and RPC, server hostnames
//! verified, client certificates required), and both CLIs talk to it with rnomad's CLI
//! certificate; Nomad's `tls … info` reads rnomad's files as rnomad does.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{program, shell, Run};

struct Stop(Child);

impl Drop for Stop {
    fn drop(&mut self) {
        // SIGINT lets the agent leave cleanly; then make sure it is gone.
        unsafe {
            libc::kill(self.0.id() as i32, libc::SIGINT);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn in_dir(dir: &Path, bin: &str, args: &str) -> Run {
    shell(&format!("cd '{}' && '{bin}' {args}", dir.display())).run()
}

/// Checks; returns the failures.
pub fn check(nomad: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let rnomad = crate::agent::rnomad_bin().to_string_lossy().into_owned();
    let nomad_s = nomad.to_string_lossy().into_owned();
    for args in [
        "tls ca create",
        "tls cert create -server",
        "tls cert create -cli",
    ] {
        let r = in_dir(d, &rnomad, args);
        if r.code != 0 {
            failures.push(format!("rnomad {args}: {r}"));
            return failures;
        }
    }
    for args in [
        "tls ca info nomad-agent-ca.pem",
        "tls cert info global-server-nomad.pem",
        "tls cert info global-cli-nomad.pem",
    ] {
        let (ours, theirs) = (in_dir(d, &rnomad, args), in_dir(d, &nomad_s, args));
        if ours.to_string() != theirs.to_string() {
            failures.push(format!("{args}:\n nomad: {theirs}\nrnomad: {ours}"));
        }
    }

    let ports: Vec<u16> = {
        let held: Vec<TcpListener> = (0..3)
            .map(|_| TcpListener::bind("127.0.0.1:0").expect("a loopback port"))
            .collect();
        held.iter()
            .map(|l| l.local_addr().unwrap().port())
            .collect()
    };
    let p = |f: &str| d.join(f).to_string_lossy().into_owned();
    let config = format!(
        r#"ports {{
  http = {}
  rpc  = {}
  serf = {}
}}
client {{
  options {{
    "fingerprint.denylist" = "env_aws,env_gce,env_azure,env_digitalocean"
  }}
}}
tls {{
  http                   = true
  rpc                    = true
  ca_file                = "{}"
  cert_file              = "{}"
  key_file               = "{}"
  verify_server_hostname = true
  verify_https_client    = true
}}
"#,
        ports[0],
        ports[1],
        ports[2],
        p("nomad-agent-ca.pem"),
        p("global-server-nomad.pem"),
        p("global-server-nomad-key.pem"),
    );
    std::fs::write(d.join("agent.hcl"), config).expect("agent config");
    let log = std::fs::File::create(d.join("agent.log")).expect("agent log");
    let child = Command::new(nomad)
        .args(["agent", "-dev", "-bind", "127.0.0.1", "-data-dir"])
        .arg(d.join("data"))
        .arg("-config")
        .arg(d.join("agent.hcl"))
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", d)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("agent log"))
        .stderr(log)
        .spawn()
        .expect("start the TLS agent");
    let _stop = Stop(child);
    let url = format!("https://127.0.0.1:{}", ports[0]);
    let with_certs = |bin: &str, args: &[&str]| {
        program(bin, args)
            .env("NOMAD_ADDR", &url)
            .env("NOMAD_CACERT", &p("nomad-agent-ca.pem"))
            .env("NOMAD_CLIENT_CERT", &p("global-cli-nomad.pem"))
            .env("NOMAD_CLIENT_KEY", &p("global-cli-nomad-key.pem"))
            .env("RNOMAD_TEST_NOW", "")
            .env("NOMAD_CLI_SHOW_HINTS", "false")
            .run()
    };
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let r = with_certs(&rnomad, &["node", "status"]);
        if r.code == 0 && r.stdout.contains("ready") {
            break;
        }
        if Instant::now() > deadline {
            let log = std::fs::read_to_string(d.join("agent.log")).unwrap_or_default();
            failures.push(format!(
                "the TLS agent never answered rnomad with a ready node: {r}\nagent log:\n{log}"
            ));
            return failures;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    for args in [&["node", "status"][..], &["server", "members"]] {
        let (ours, theirs) = (with_certs(&rnomad, args), with_certs(&nomad_s, args));
        if ours.to_string() != theirs.to_string() || ours.code != 0 {
            failures.push(format!("TLS {args:?}:\n nomad: {theirs}\nrnomad: {ours}"));
        }
    }
    // Without a client certificate the agent refuses the connection.
    let r = program(&rnomad, &["node", "status"])
        .env("NOMAD_ADDR", &url)
        .env("NOMAD_CACERT", &p("nomad-agent-ca.pem"))
        .run();
    if r.code != 1 {
        failures.push(format!("no client certificate, yet: {r}"));
    }
    failures
}
