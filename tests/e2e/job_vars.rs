//! Job-file variables: `-var`, `-var-file` and `NOMAD_VAR_*` checked against the file's
//! `variable` blocks (`-hcl2-strict`).

use crate::common::{rnomad, sim, temp_dir, VARS_JOB};
use insta::assert_snapshot;

const UNSET_JOB: &str = r#"variable "image" {
  type = string
}

variable "unused" {
  type = string
}

job "unset" {
  group "g" {
    task "t" {
      driver = "docker"

      config {
        image = var.image
      }
    }
  }
}
"#;

#[test]
fn strict_variables() {
    let s = sim();
    let dir = temp_dir();
    let d = dir.to_string_lossy().into_owned();
    let job = dir.join("src.nomad.hcl");
    std::fs::write(&job, VARS_JOB).expect("write");
    let unset = dir.join("unset.nomad.hcl");
    std::fs::write(&unset, UNSET_JOB).expect("write");
    let vars = dir.join("vars.hcl");
    std::fs::write(&vars, "image = \"a\"\nzed = 1\ntags = {\n  inner = 1\n}\n").expect("write");
    let (j, u, v) = (
        job.to_string_lossy().into_owned(),
        unset.to_string_lossy().into_owned(),
        vars.to_string_lossy().into_owned(),
    );
    let run = |args: &[&str]| rnomad(args).sim(&s).redact(&d, "DIR").run();
    assert_snapshot!(
        "strict_undefined_var_flags",
        run(&["job", "run", "-detach", "-var", "foo=1", "-var", "bar=2", "-var", "foo=3", &j])
    );
    assert_snapshot!(
        "strict_undefined_var_file",
        run(&["job", "run", "-detach", "-var-file", &v, &j])
    );
    assert_snapshot!("strict_unset", run(&["job", "run", "-detach", &u]));
    assert_snapshot!(
        "strict_undefined_and_unset",
        run(&["job", "run", "-detach", "-var", "foo=1", &u])
    );
    assert_snapshot!("strict_plan", run(&["job", "plan", "-var", "foo=1", &j]));
    assert_snapshot!(
        "strict_validate",
        run(&["job", "validate", "-var", "foo=1", &j])
    );
    // A file that does not parse fails with its own error, not the undefined variables.
    let broken = dir.join("broken.nomad.hcl");
    std::fs::write(&broken, "job \"x\" {\n  group \"g\" {\n").expect("write");
    let r = run(&["job", "run", "-var", "foo=1", &broken.to_string_lossy()]);
    assert_eq!(r.code, 1, "{r}");
    assert!(!r.stderr.contains("Undefined"), "{r}");
    // A -var without '=' is dropped, as jobspec2 does.
    let r = run(&["job", "run", "-detach", "-var", "foo", &j]);
    assert_eq!(r.code, 0, "{r}");
    // Undeclared NOMAD_VAR_* values are ignored, and -hcl2-strict=false allows the rest.
    let env_only = rnomad(&["job", "run", "-detach", &j])
        .sim(&s)
        .env("NOMAD_VAR_other", "1")
        .run();
    assert_eq!(env_only.code, 0, "{env_only}");
    let relaxed = rnomad(&[
        "job",
        "run",
        "-detach",
        "-hcl2-strict=false",
        "-var",
        "foo=1",
        "-var-file",
        &v,
        &j,
    ])
    .sim(&s)
    .env("NOMAD_VAR_other", "1")
    .run();
    assert_eq!(relaxed.code, 0, "{relaxed}");
    assert!(relaxed.stdout.starts_with("Job registration successful"));
}
