//! Declarations, merging and the way back from the agent's diagnostics.

use super::values::hcl_string;
use super::*;

const JOB: &str = r#"
variable "s" {
  type = string
}
variable "n" {
  type = number # a number
}
variable "b" {
  # type = string (a comment, not the type)
  type = bool
}
variable "l" {
  type = list(string)
}
variable "u" {}
variable "nd" {
  default = 5
}
variable "ld" {
  default = ["a"]
}
variable "h" {
  default = <<EOT
variable "fake" {
  type = bool
}
EOT
}
variables {
  vb = true
  vs = "x"
}
job "j" {}
"#;

#[test]
fn kinds_come_from_types_and_defaults() {
    let d = declared(JOB).unwrap();
    let k = |n: &str| d.kind(n);
    assert_eq!(k("s"), Some(Kind::Literal));
    assert_eq!(k("n"), Some(Kind::Literal));
    assert_eq!(k("b"), Some(Kind::Expr));
    assert_eq!(k("l"), Some(Kind::Expr));
    assert_eq!(k("u"), Some(Kind::Literal));
    assert_eq!(k("nd"), Some(Kind::Literal));
    assert_eq!(k("ld"), Some(Kind::Expr));
    assert_eq!(k("h"), Some(Kind::Literal));
    assert_eq!(k("vb"), Some(Kind::Expr));
    assert_eq!(k("vs"), Some(Kind::Literal));
    // Text inside a heredoc declares nothing.
    assert!(!d.contains("fake"));
}

#[test]
fn json_declarations() {
    let d = declared(r#"{"variable": {"a": {"type": "list(string)"}, "b": {"default": 1}, "c": {"default": true}}, "job": {}}"#).unwrap();
    assert_eq!(d.kind("a"), Some(Kind::Expr));
    assert_eq!(d.kind("b"), Some(Kind::Literal));
    assert_eq!(d.kind("c"), Some(Kind::Expr));
}

#[test]
fn strings_are_quoted_exactly() {
    assert_eq!(hcl_string("a\"b\\c"), r#""a\"b\\c""#);
    assert_eq!(hcl_string("${x} %{y} $z"), r#""$${x} %%{y} $z""#);
    assert_eq!(hcl_string(" 7 \n"), r#"" 7 \n""#);
    assert_eq!(hcl_string("\u{1}"), r#""\u0001""#);
}

fn lines(vc: &VarContent) -> Vec<&str> {
    vc.text.lines().filter(|l| !l.is_empty()).collect()
}

fn flags(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn later_sources_win_per_variable() {
    let d = declared(JOB).unwrap();
    let f = flags(&["s=1.10", "l=[1,2]", "s= 7 "]);
    let src = Sources {
        job: JOB,
        declared: Some(&d),
        env: vec![("s".into(), "env".into()), ("n".into(), "007".into())],
        files: vec![
            ("a.hcl".into(), "n = 1\nl = [\n  \"x\",\n]\n".into()),
            ("b.json".into(), r#"{"n": 1.10, "nope": 1}"#.into()),
        ],
        flags: &f,
    };
    let (vc, checks) = Values::new(&src).plan(&[], &[]);
    // The JSON value keeps its column (`  "n": 1.10` → 7).
    assert_eq!(lines(&vc), ["n=    1.10", "l = [1,2]", "s = \" 7 \""]);
    // Every overridden value is checked, each variable once per text.
    let checks: Vec<Vec<&str>> = checks.iter().map(lines).collect();
    assert_eq!(
        checks,
        [
            vec!["n = \"007\"", "l=  [", "  \"x\",", "]", "s = \"env\""],
            vec!["n=  1"]
        ]
    );
    let undefined = undefined(&src);
    assert_eq!(undefined.len(), 1);
    assert_eq!(undefined[0].0, 2, "ranked after the first file");
}

#[test]
fn diagnostics_name_the_source() {
    let d = declared(JOB).unwrap();
    let f = flags(&["n= 7 ", "b=tru"]);
    let src = Sources {
        job: JOB,
        declared: Some(&d),
        env: Vec::new(),
        files: vec![("v.hcl".into(), "\n  l = 5\n".into())],
        flags: &f,
    };
    let (vc, _) = Values::new(&src).plan(&[], &[]);
    let line_of = |name: &str| {
        vc.text
            .lines()
            .position(|l| l.starts_with(name))
            .map(|i| i + 1)
            .unwrap()
    };
    let n = line_of("n =");
    let got = vc.map_line(&format!(
            "input.hcl:{n},5-10: Invalid value for variable; The value for n is not compatible with the variable's type constraint: a number is required."
        ));
    assert_eq!(
            got.as_deref(),
            Some(":0,0-0: Invalid argument value for -var variable; The received arg value for n is not compatible with the variable's type constraint: a number is required.")
        );
    let b = line_of("b =");
    let got = vc.map_line(&format!(
        "input.hcl:{b},5-8: Variables not allowed; Variables may not be used here."
    ));
    assert_eq!(
            got.as_deref(),
            Some("<value for var.b from arguments>:1,1-4: Variables not allowed; Variables may not be used here.")
        );
    let l = line_of("l=");
    let got = vc.map_line(&format!("input.hcl:{l},7-8: Invalid value for variable; x"));
    assert_eq!(
        got.as_deref(),
        Some("v.hcl:2,7-8: Invalid value for variable; x")
    );
    assert_eq!(vc.map_line("input.hcl:3,1-2: About the job; x"), None);
}

#[test]
fn expressions_that_do_not_parse_go_alone() {
    let d = declared(JOB).unwrap();
    let f = flags(&["l=[1,", "b=true", "s=[1,", "b=tru"]);
    let src = Sources {
        job: JOB,
        declared: Some(&d),
        env: vec![("ld".into(), "{a=1".into())],
        files: Vec::new(),
        flags: &f,
    };
    let values = Values::new(&src);
    // Only expressions: `s` is a string whatever it says; `b=tru` parses (a reference).
    let suspects = values.suspects();
    assert_eq!(suspects.len(), 2);
    let solo = values.solo(suspects[1]);
    assert!(solo.text.ends_with("\nl = [1,"), "{:?}", solo.text);
    let eof = solo.text.lines().count();
    let got = solo.map_ranked(&format!(
            "unable to parse var content: input.hcl:{eof},8-8: Missing expression; Expected the start of an expression, but found the end of the file."
        ));
    assert_eq!(
            got,
            Some((usize::MAX, "<value for var.l from arguments>:1,4-4: Missing expression; Expected the start of an expression, but found the end of the file.".into()))
        );
    let env = values.solo(suspects[0]);
    let got = env.map_ranked(&format!(
            "unable to parse var content: input.hcl:{eof},6-7: Unterminated object constructor expression; x"
        ));
    assert_eq!(
        got,
        Some((
            0,
            "<value for var.ld from env>:1,1-2: Unterminated object constructor expression; x"
                .into()
        ))
    );
    // What follows a lone expression is "extra characters", not the next argument.
    let got = env.map_line(&format!(
            "input.hcl:{eof},11-16: Missing newline after argument; An argument definition must end with a newline."
        ));
    assert_eq!(
            got.as_deref(),
            Some("<value for var.ld from env>:1,6-11: Extra characters after expression; An expression was successfully parsed, but extra characters were found after it.")
        );
    // The broken ones are left out; the rest is as usual.
    let (main, checks) = values.plan(&suspects, &[]);
    assert_eq!(lines(&main), ["s = \"[1,\"", "b = tru"]);
    assert!(checks.is_empty());
}
