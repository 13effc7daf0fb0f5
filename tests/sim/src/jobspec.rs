//! HCL2 job specifications to API jobs, as `/v1/jobs/parse` answers: `variable` blocks with
//! defaults and types, values from the request's `Variables` text, then the `job` block
//! mapped to the api.Job field names. No file-system functions (the agent has none either).

use crate::hcl::{self, Block, Body, Diag, Pos, Scope};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const FILE: &str = "input.hcl";

/// Parses a job file with a variables text into an API job.
pub fn parse_job(src: &str, variables: &str) -> Result<Value, String> {
    let body = hcl::parse(src, FILE).map_err(|d| d.to_string())?;
    // The agent names the variables text as it names the job (`input.hcl`).
    let given =
        hcl::parse(variables, FILE).map_err(|d| format!("unable to parse var content: {d}"))?;
    // A var file declares nothing: jobspec2 looks for `variable` blocks in each one first.
    let declarations: Vec<String> = given
        .blocks
        .iter()
        .filter(|b| b.kind == "variable")
        .map(|b| {
            let name = b.labels.first().cloned().unwrap_or_default();
            format!(
                "{FILE}:{},{}-{}: Variable declaration in a .var file; A .var file is used to \
assign values to variables that have already been declared in job files, not to declare new \
variables. To declare variable {name:?}, place this block in one of your job files\n\nTo set a \
value for this variable in {FILE}, use the definition syntax instead:\n    {name} = <value>",
                b.pos.line,
                b.pos.col,
                b.pos.col + b.kind.len()
            )
        })
        .collect();
    if !declarations.is_empty() {
        return Err(declarations.join("\n"));
    }
    let empty = Scope {
        vars: BTreeMap::new(),
        file: FILE.into(),
        allow_refs: false,
    };
    let mut vars = BTreeMap::new();
    // jobspec2 reports every declared variable without a value, each as its own line (the
    // diagnostic has no subject, hence Go's `<nil>`).
    let unset: Vec<String> = body
        .blocks
        .iter()
        .filter(|b| b.kind == "variable")
        .filter(|b| !b.body.attrs.iter().any(|a| a.name == "default"))
        .filter_map(|b| b.labels.first())
        .filter(|name| !given.attrs.iter().any(|a| &a.name == *name))
        .map(|name| {
            format!(
                "<nil>: Unset variable {name:?}; A used variable must be set or have a default \
value; see https://developer.hashicorp.com/nomad/docs/job-specification/hcl2/variables for \
details."
            )
        })
        .collect();
    if !unset.is_empty() {
        return Err(unset.join("\n"));
    }
    for b in body.blocks.iter().filter(|b| b.kind == "variable") {
        let name = b.labels.first().cloned().unwrap_or_default();
        let scope0 = Scope {
            vars: BTreeMap::new(),
            file: FILE.into(),
            allow_refs: false,
        };
        let default = match b.body.attrs.iter().find(|a| a.name == "default") {
            Some(a) => Some(scope0.eval(&a.expr).map_err(|d| d.to_string())?),
            None => None,
        };
        // jobspec2 takes an untyped variable's type from its default.
        let ty = match b.body.attrs.iter().find(|a| a.name == "type") {
            Some(a) => hcl::type_text(&a.expr),
            None => match &default {
                Some(Value::String(_)) => "string".into(),
                Some(Value::Number(_)) => "number".into(),
                Some(Value::Bool(_)) => "bool".into(),
                _ => String::new(),
            },
        };
        let value = match given.attrs.iter().find(|a| a.name == name) {
            Some(a) => {
                let v = empty.eval(&a.expr).map_err(|d| d.to_string())?;
                let converted = convert(&v, &ty).map_err(|e| {
                    let ((from, to), end) = (a.value, a.value.1);
                    let range = if end.line == from.line {
                        format!("{},{}-{}", from.line, from.col, to.col)
                    } else {
                        format!("{},{}-{},{}", from.line, from.col, to.line, to.col)
                    };
                    format!(
                        "{FILE}:{range}: Invalid value for variable; The value for {name} is not \
compatible with the variable's type constraint: {e}."
                    )
                })?;
                Some(converted)
            }
            None => default,
        };
        let Some(value) = value else {
            continue;
        };
        vars.insert(name.clone(), value);
    }
    let scope = Scope {
        vars,
        file: FILE.into(),
        allow_refs: true,
    };
    let jobs: Vec<&Block> = body.blocks.iter().filter(|b| b.kind == "job").collect();
    let Some(job) = jobs.first() else {
        return Err(format!(
            "{FILE}:1,1-1: Missing job block; A job block is required"
        ));
    };
    for b in &body.blocks {
        if !matches!(b.kind.as_str(), "job" | "variable" | "locals") {
            return Err(Diag {
                file: FILE.into(),
                from: b.pos,
                to_col: b.pos.col + b.kind.len(),
                to_line: 0,
                summary: "Unsupported block type".into(),
                detail: format!("Blocks of type {:?} are not expected here.", b.kind),
            }
            .to_string());
        }
    }
    let mut out = block_object(&scope, &job.body, "job").map_err(|d| d.to_string())?;
    let id = job.labels.first().cloned().unwrap_or_default();
    out.insert("ID".into(), json!(id));
    if !out.contains_key("Name") {
        out.insert("Name".into(), json!(id));
    }
    let mut job = Value::Object(out);
    normalize(&mut job);
    Ok(job)
}

/// Converts a variable's value to its declared type, as cty does (strings to numbers as Go's
/// `big.ParseFloat` reads them; an infinity is kept as the text Nomad prints for it).
fn convert(v: &Value, ty: &str) -> Result<Value, String> {
    let inner = |prefix: &str| ty.strip_prefix(prefix).and_then(|t| t.strip_suffix(')'));
    match (ty, v) {
        ("number", Value::String(s)) => go_number(s).ok_or_else(|| "a number is required".into()),
        ("bool", Value::String(s)) => match s.as_str() {
            "true" => Ok(json!(true)),
            "false" => Ok(json!(false)),
            _ => Err("a bool is required".into()),
        },
        ("string", Value::Number(n)) => Ok(json!(n.to_string())),
        ("string", Value::Bool(b)) => Ok(json!(b.to_string())),
        ("string" | "number" | "bool", Value::Array(_) | Value::Object(_)) => {
            Err(format!("{ty} required"))
        }
        ("number", Value::Bool(_)) => Err("number required, but have bool".into()),
        ("bool", Value::Number(_)) => Err("bool required, but have number".into()),
        (_, Value::Array(items)) if inner("list(").is_some() => {
            let t = inner("list(").unwrap_or_default();
            items
                .iter()
                .map(|i| convert(i, t))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        (_, Value::Object(m)) if inner("map(").is_some() => {
            let t = inner("map(").unwrap_or_default();
            let mut out = Map::new();
            for (k, i) in m {
                out.insert(k.clone(), convert(i, t)?);
            }
            Ok(Value::Object(out))
        }
        (_, Value::String(_) | Value::Number(_) | Value::Bool(_))
            if ty.starts_with("list(") || ty.starts_with("map(") =>
        {
            let kind = if ty.starts_with("list(") {
                "list"
            } else {
                "map"
            };
            Err(format!(
                "{kind} of {} required",
                inner(&format!("{kind}(")).unwrap_or_default()
            ))
        }
        _ => Ok(v.clone()),
    }
}

/// A number as Go's `big.ParseFloat(s, 10, …)` reads it: an optional sign, then `inf` or
/// digits with an optional point and exponent; nothing else (no spaces, no NaN).
fn go_number(s: &str) -> Option<Value> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if body == "inf" || body == "Inf" {
        return Some(json!(if neg { "-Inf" } else { "+Inf" }));
    }
    let (mant, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = mant.bytes().filter(u8::is_ascii_digit).count();
    let mant_ok = digits > 0
        && mant.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mant.matches('.').count() <= 1;
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    if !mant_ok || !exp_ok {
        return None;
    }
    let n: f64 = s.parse().ok()?;
    Some(hcl::number(n))
}

/// Meta values are strings in Nomad's job (`map[string]string`): numbers and bools become
/// their text.
fn stringify_meta(m: &mut Map<String, Value>) {
    if let Some(Value::Object(meta)) = m.get_mut("Meta") {
        for v in meta.values_mut() {
            match v {
                Value::Number(n) => *v = json!(n.to_string()),
                Value::Bool(b) => *v = json!(b.to_string()),
                _ => {}
            }
        }
    }
}

/// snake_case → the api struct's field name.
fn field_name(ctx: &str, name: &str) -> String {
    let special = match (ctx, name) {
        (_, "id") => "ID",
        ("resources", "cpu") => "CPU",
        ("resources", "memory") => "MemoryMB",
        ("resources", "memory_max") => "MemoryMaxMB",
        ("resources", "disk") => "DiskMB",
        ("resources", "iops") => "IOPS",
        ("periodic", "cron") => "Spec",
        ("periodic", "crons") => "Specs",
        ("periodic", "prohibit_overlap") => "ProhibitOverlap",
        ("parameterized", "meta_required") => "MetaRequired",
        ("parameterized", "meta_optional") => "MetaOptional",
        (_, "type") if ctx == "job" => "Type",
        (_, "ephemeral_disk") => "EphemeralDisk",
        ("ephemeral_disk", "size") => "SizeMB",
        (_, "kill_timeout") => "KillTimeout",
        ("job", "parameterized") => "ParameterizedJob",
        ("group" | "task", "restart") => "RestartPolicy",
        ("group", "reschedule") => "ReschedulePolicy",
        ("service" | "check", "port") => "PortLabel",
        ("template", "destination") => "DestPath",
        ("template", "data") => "EmbeddedTmpl",
        ("template", "source") => "SourcePath",
        ("artifact", "source") => "GetterSource",
        ("artifact", "destination") => "RelativeDest",
        _ => "",
    };
    if !special.is_empty() {
        return special.into();
    }
    name.split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn is_duration_field(name: &str) -> bool {
    matches!(
        name,
        "stagger"
            | "min_healthy_time"
            | "healthy_deadline"
            | "progress_deadline"
            | "kill_timeout"
            | "shutdown_delay"
            | "interval"
            | "delay"
            | "max_delay"
            | "timeout"
            | "splay"
            | "max_client_disconnect"
            | "stop_after_client_disconnect"
    )
}

/// Go's `time.ParseDuration`, in nanoseconds.
fn duration(s: &str) -> Option<i64> {
    crate::util::parse_go_duration(s).map(|d| d.as_nanos() as i64)
}

/// Blocks whose contents are free-form maps.
fn is_map_block(kind: &str) -> bool {
    matches!(kind, "config" | "env" | "meta" | "options" | "policy")
}

fn block_object(scope: &Scope, body: &Body, ctx: &str) -> Result<Map<String, Value>, Diag> {
    let mut m = Map::new();
    for a in &body.attrs {
        let mut v = scope.eval(&a.expr)?;
        if is_duration_field(&a.name) {
            if let Value::String(s) = &v {
                v = match duration(s) {
                    Some(n) => json!(n),
                    None => {
                        return Err(Diag {
                            file: FILE.into(),
                            from: a.pos,
                            to_col: a.pos.col + a.name.len(),
                            to_line: 0,
                            summary: "Unsuitable value type".into(),
                            detail: format!(
                                "Unsuitable value: time: invalid duration {}",
                                quote(s)
                            ),
                        })
                    }
                };
            }
        }
        if ctx == "job" && a.name == "datacenters" {
            m.insert("Datacenters".into(), v);
            continue;
        }
        m.insert(field_name(ctx, &a.name), v);
    }
    for b in &body.blocks {
        let label = b.labels.first().cloned().unwrap_or_default();
        if is_map_block(&b.kind) {
            let inner = raw_map(scope, &b.body)?;
            m.insert(field_name(ctx, &b.kind), Value::Object(inner));
            continue;
        }
        let mut obj = block_object(scope, &b.body, &b.kind)?;
        match b.kind.as_str() {
            "group" | "task" => {
                obj.insert("Name".into(), json!(label));
                let key = if b.kind == "group" {
                    "TaskGroups"
                } else {
                    "Tasks"
                };
                push(&mut m, key, Value::Object(obj));
            }
            "constraint" | "affinity" => {
                let mut c = Map::new();
                let g = |k: &str| obj.get(k).cloned().unwrap_or(json!(""));
                c.insert("LTarget".into(), g("Attribute"));
                c.insert("RTarget".into(), g("Value"));
                c.insert(
                    "Operand".into(),
                    obj.get("Operator").cloned().unwrap_or(json!("=")),
                );
                if b.kind == "affinity" {
                    c.insert(
                        "Weight".into(),
                        obj.get("Weight").cloned().unwrap_or(json!(50)),
                    );
                    push(&mut m, "Affinities", Value::Object(c));
                } else {
                    push(&mut m, "Constraints", Value::Object(c));
                }
            }
            "network" => {
                let mut net = Map::new();
                for (k, v) in obj {
                    net.insert(k, v);
                }
                for p in b.body.blocks.iter().filter(|p| p.kind == "port") {
                    let po = block_object(scope, &p.body, "port")?;
                    let mut port = Map::new();
                    port.insert(
                        "Label".into(),
                        json!(p.labels.first().cloned().unwrap_or_default()),
                    );
                    port.insert(
                        "Value".into(),
                        po.get("Static").cloned().unwrap_or(json!(0)),
                    );
                    port.insert("To".into(), po.get("To").cloned().unwrap_or(json!(0)));
                    let key = if po.contains_key("Static") {
                        "ReservedPorts"
                    } else {
                        "DynamicPorts"
                    };
                    push(&mut net, key, Value::Object(port));
                }
                net.remove("Port");
                push(&mut m, "Networks", Value::Object(net));
            }
            "service" => push(&mut m, "Services", Value::Object(obj)),
            "check" => push(&mut m, "Checks", Value::Object(obj)),
            "template" => push(&mut m, "Templates", Value::Object(obj)),
            "artifact" => push(&mut m, "Artifacts", Value::Object(obj)),
            "action" => {
                obj.insert("Name".into(), json!(label));
                obj.entry("Args").or_insert(Value::Null);
                push(&mut m, "Actions", Value::Object(obj));
            }
            "volume" | "volume_mount" => {
                if !label.is_empty() {
                    obj.insert("Name".into(), json!(label));
                }
                push(
                    &mut m,
                    &field_name("", &format!("{}s", b.kind)),
                    Value::Object(obj),
                );
            }
            "port" => {}
            other => {
                m.insert(field_name(ctx, other), Value::Object(obj));
            }
        }
    }
    stringify_meta(&mut m);
    Ok(m)
}

/// A free-form block (`config`, `env`, `meta`): keys kept as written, nested blocks as lists.
fn raw_map(scope: &Scope, body: &Body) -> Result<Map<String, Value>, Diag> {
    let mut m = Map::new();
    for a in &body.attrs {
        m.insert(a.name.clone(), scope.eval(&a.expr)?);
    }
    for b in &body.blocks {
        let inner = raw_map(scope, &b.body)?;
        push(&mut m, &b.kind, Value::Object(inner));
    }
    Ok(m)
}

fn push(m: &mut Map<String, Value>, key: &str, v: Value) {
    match m.get_mut(key) {
        Some(Value::Array(a)) => a.push(v),
        _ => {
            m.insert(key.into(), Value::Array(vec![v]));
        }
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

#[allow(dead_code)]
fn _pos(_: Pos) {}

/// The defaults Nomad's HCL parser fills in after decoding (`jobspec2.normalizeJob`):
/// periodic `SpecType`, template change mode, permissions, splay and missing-key handling.
fn normalize(job: &mut Value) {
    if job["Periodic"].is_object()
        && (!job["Periodic"]["Spec"].is_null() || !job["Periodic"]["Specs"].is_null())
    {
        job["Periodic"]["SpecType"] = json!("cron");
    }
    for g in job["TaskGroups"].as_array_mut().into_iter().flatten() {
        for t in g["Tasks"].as_array_mut().into_iter().flatten() {
            for tmpl in t["Templates"].as_array_mut().into_iter().flatten() {
                for (k, v) in [
                    ("ChangeMode", json!("restart")),
                    ("Perms", json!("0644")),
                    ("Splay", json!(5_000_000_000i64)),
                    ("ErrMissingKey", json!(false)),
                ] {
                    if tmpl.get(k).is_none_or(Value::is_null) {
                        tmpl[k] = v;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_job_with_variables() {
        let src = r#"
variable "count" {
  type    = number
  default = 1
}
variable "image" {
  default = "redis:7"
}
job "example" {
  datacenters = ["*"]
  # a comment
  group "cache" {
    count = var.count
    network {
      port "db" { to = 6379 }
    }
    task "redis" {
      driver = "docker"
      config {
        image = "${var.image}"
        ports = ["db"]
      }
      resources {
        cpu    = 100
        memory = 128
      }
    }
  }
  update {
    min_healthy_time = "10s"
  }
}
"#;
        let job = parse_job(src, "count = \"3\"\n").unwrap();
        assert_eq!(job["ID"], "example");
        assert_eq!(job["TaskGroups"][0]["Count"], 3);
        assert_eq!(
            job["TaskGroups"][0]["Tasks"][0]["Config"]["image"],
            "redis:7"
        );
        assert_eq!(
            job["TaskGroups"][0]["Tasks"][0]["Resources"]["MemoryMB"],
            128
        );
        assert_eq!(job["Update"]["MinHealthyTime"], 10_000_000_000i64);
        assert_eq!(
            job["TaskGroups"][0]["Networks"][0]["DynamicPorts"][0]["Label"],
            "db"
        );
    }

    #[test]
    fn reports_diagnostics() {
        let e = parse_job("job \"x\" {\n  count = \n}\n", "").unwrap_err();
        assert!(e.starts_with("input.hcl:2,"), "{e}");
        let e = parse_job("job \"x\" {\n  a = var.nope\n}\n", "").unwrap_err();
        assert!(e.contains("Unsupported attribute"), "{e}");
    }
}
