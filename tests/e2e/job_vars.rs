//! Job-file variables: `-var`, `-var-file` and `NOMAD_VAR_*` checked against the file's
//! `variable` blocks (`-hcl2-strict`), and their values of every kind held to what Nomad
//! v1.10.5's own `job run -output` printed for the same job and inputs (issue #12 bugs 7 and 8;
//! fixtures `cli-jobvars/`, inputs `setup/jobvars/`).

use crate::common::{rnomad, sim, temp_dir, VARS_JOB};
use insta::assert_snapshot;
use serde_json::Value;

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

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nomad-1.10.5");

/// `(fixture name, NOMAD_VAR_* environment, arguments before the job file)`.
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

const CASES: &[Case] = &[
    ("flag-s-1.10", &[], &["-var", "s=1.10"]),
    ("flag-s-007", &[], &["-var", "s=007"]),
    ("flag-s-1e3", &[], &["-var", "s=1e3"]),
    ("flag-s-spaces", &[], &["-var", "s= 7 "]),
    ("flag-s-inf", &[], &["-var", "s=inf"]),
    ("flag-s-list", &[], &["-var", "s=[1,2]"]),
    ("flag-s-map", &[], &["-var", "s={a=1}"]),
    ("flag-s-plus5", &[], &["-var", "s=+5"]),
    ("flag-s-dot5", &[], &["-var", "s=.5"]),
    ("flag-s-template", &[], &["-var", "s=${x} %{y}"]),
    ("flag-s-quotes", &[], &["-var", "s=a\"b\\c"]),
    ("flag-u-1.10", &[], &["-var", "u=1.10"]),
    ("flag-u-list", &[], &["-var", "u=[1,2]"]),
    ("flag-n-1.10", &[], &["-var", "n=1.10"]),
    ("flag-n-007", &[], &["-var", "n=007"]),
    ("flag-n-1e3", &[], &["-var", "n=1e3"]),
    ("flag-n-inf", &[], &["-var", "n=inf"]),
    ("flag-n-plus5", &[], &["-var", "n=+5"]),
    ("flag-n-dot5", &[], &["-var", "n=.5"]),
    ("flag-n-spaces", &[], &["-var", "n= 7 "]),
    ("flag-n-nan", &[], &["-var", "n=nan"]),
    ("flag-nd-1.10", &[], &["-var", "nd=1.10"]),
    ("flag-nd-plus5", &[], &["-var", "nd=+5"]),
    ("flag-b-true", &[], &["-var", "b=true"]),
    ("flag-b-1", &[], &["-var", "b=1"]),
    ("flag-b-tru", &[], &["-var", "b=tru"]),
    ("flag-b-empty", &[], &["-var", "b="]),
    ("flag-b-extra", &[], &["-var", "b=true false"]),
    ("flag-l-list", &[], &["-var", "l=[1,2]"]),
    ("flag-l-multiline", &[], &["-var", "l=[\"a\",\n\"b\"]"]),
    ("flag-l-unterminated", &[], &["-var", "l=[1,"]),
    ("flag-m-map", &[], &["-var", "m={a=1}"]),
    ("flag-m-unterminated", &[], &["-var", "m={a=1"]),
    ("flag-empty-name", &[], &["-var", "=x"]),
    ("flag-undeclared", &[], &["-var", "fake=1"]),
    (
        "flag-later-wins",
        &[],
        &["-var", "s=first", "-var", "s=second"],
    ),
    ("flag-bare", &[], &["-var", "s"]),
    ("flag-b-newline", &[], &["-var", "b=true\nfalse"]),
    ("flag-b-comma", &[], &["-var", "b=true,"]),
    ("flag-l-extra-bracket", &[], &["-var", "l=[1,2]]"]),
    ("flag-l-no-comma", &[], &["-var", "l=[\"x\" \"y\"]"]),
    ("flag-l-spaces", &[], &["-var", "l= [\"a\"] "]),
    ("flag-m-no-separator", &[], &["-var", "m={a=1 b=2}"]),
    (
        "flag-l-function",
        &[("NOMAD_VAR_b", "(true)")],
        &["-var", "l=concat([\"a\"])"],
    ),
    ("file-hcl", &[], &["-var-file", "vars1.hcl"]),
    (
        "file-two-hcl",
        &[],
        &["-var-file", "vars1.hcl", "-var-file", "vars2.hcl"],
    ),
    ("file-json", &[], &["-var-file", "vars.json"]),
    (
        "file-json-and-hcl",
        &[],
        &[
            "-var-file",
            "vars.json",
            "-var-file",
            "vars2.hcl",
            "-var",
            "n=3",
        ],
    ),
    (
        "file-hcl-and-json",
        &[],
        &["-var-file", "vars2.hcl", "-var-file", "vars.json"],
    ),
    (
        "file-multiline-overridden",
        &[],
        &["-var-file", "vars1.hcl", "-var", "m={x=1}"],
    ),
    ("file-heredoc", &[], &["-var-file", "heredoc.hcl"]),
    ("file-missing", &[], &["-var-file", "nope.hcl"]),
    ("file-directory", &[], &["-var-file", "sub"]),
    ("file-undeclared", &[], &["-var-file", "undeclared.hcl"]),
    ("file-badtype", &[], &["-var-file", "badtype.hcl"]),
    ("file-block", &[], &["-var-file", "block.hcl"]),
    ("file-dup", &[], &["-var-file", "dup.hcl"]),
    (
        "file-badtype-then-block",
        &[],
        &[
            "-var-file",
            "badtype.hcl",
            "-var-file",
            "block.hcl",
            "-var",
            "b=1",
        ],
    ),
    // Without strict mode undeclared names are warnings, printed only along with an error.
    (
        "nonstrict-undeclared",
        &[],
        &[
            "-hcl2-strict=false",
            "-var-file",
            "undeclared.hcl",
            "-var",
            "fake=1",
        ],
    ),
    (
        "nonstrict-undeclared-and-error",
        &[],
        &[
            "-hcl2-strict=false",
            "-var-file",
            "undeclared.hcl",
            "-var",
            "b=1",
        ],
    ),
    (
        "env-values",
        &[
            ("NOMAD_VAR_s", "1.10"),
            ("NOMAD_VAR_l", "[1,2]"),
            ("NOMAD_VAR_n", "+5"),
        ],
        &[],
    ),
    (
        "env-file-flag",
        &[("NOMAD_VAR_s", "env"), ("NOMAD_VAR_n", "2")],
        &["-var-file", "vars2.hcl", "-var", "n=3"],
    ),
    (
        "env-json-file",
        &[("NOMAD_VAR_s", "env"), ("NOMAD_VAR_n", "2")],
        &["-var-file", "vars.json"],
    ),
    ("env-n-spaces", &[("NOMAD_VAR_n", " 7 ")], &[]),
    ("env-b-1", &[("NOMAD_VAR_b", "1")], &[]),
    ("env-b-paren", &[("NOMAD_VAR_b", "(true)")], &[]),
    // Overridden values are checked as well.
    (
        "env-b-1-flag-true",
        &[("NOMAD_VAR_b", "1")],
        &["-var", "b=true"],
    ),
    (
        "file-badtype-flag-true",
        &[],
        &["-var-file", "badtype.hcl", "-var", "b=true"],
    ),
    // After an error jobspec2 stops at the next var file: the flags are not read.
    (
        "env-l-unterminated-stops",
        &[("NOMAD_VAR_l", "[1")],
        &["-var-file", "badtype.hcl", "-var", "m={a=1", "-var", "b=1"],
    ),
    (
        "env-undeclared",
        &[("NOMAD_VAR_nope", "1"), ("NOMAD_VAR_b", "true")],
        &[],
    ),
];

/// What the variables decide in `job run -output`'s JSON.
fn decided(stdout: &str) -> Value {
    let v: Value = serde_json::from_str(stdout).unwrap_or(Value::Null);
    let job = &v["Job"];
    serde_json::json!({
        "Datacenters": job["Datacenters"],
        "Meta": job["Meta"],
        "GroupMeta": job["TaskGroups"][0]["Meta"],
    })
}

/// Runs every case in a copy of the inputs and compares with Nomad's recording (Nomad ran in
/// the inputs' directory with relative paths; rnomad's absolute ones are made relative).
#[test]
fn variables_match_nomad() {
    let s = sim();
    let dir = temp_dir();
    std::fs::create_dir_all(dir.join("sub")).expect("a directory for -var-file");
    for e in std::fs::read_dir(format!("{FIXTURES}/setup/jobvars")).expect("inputs") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), dir.join(e.file_name())).expect("copy input");
    }
    let prefix = format!("{}/", dir.display());
    let mut failures = Vec::new();
    for (name, env, args) in CASES {
        let mut argv: Vec<String> = vec!["job".into(), "run".into(), "-output".into()];
        for a in *args {
            // Files are named in the copy; messages print them as given, relative again below.
            let local = dir.join(a);
            argv.push(
                if !a.starts_with('-') && (local.exists() || a.ends_with(".hcl")) {
                    local.display().to_string()
                } else {
                    a.to_string()
                },
            );
        }
        argv.push(dir.join("jobvars.nomad.hcl").display().to_string());
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let mut cmd = rnomad(&argv).sim(&s).redact(&prefix, "");
        for (k, v) in *env {
            cmd = cmd.env(k, v);
        }
        let r = cmd.run();
        let want = |ext: &str| {
            std::fs::read_to_string(format!("{FIXTURES}/cli-jobvars/{name}.{ext}"))
                .expect("fixture")
        };
        let code: i32 = want("exit").trim().parse().expect("exit code");
        let got = (r.code, r.stderr.clone(), decided(&r.stdout));
        let expected = (code, want("stderr"), decided(&want("stdout")));
        if got != expected {
            failures.push(format!(
                "{name}:\n  nomad:  {expected:?}\n  rnomad: {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
