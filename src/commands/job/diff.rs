//! Job diffs as `job plan` and `job history -p` print them (Nomad's `command/job_plan.go`),
//! over the JSON `JobDiff` the server returns. Output carries colour markup; colorize before
//! printing.

use serde_json::Value;

use crate::gocompat::strconv::quote;

fn list(v: &Value, k: &str) -> Vec<Value> {
    v[k].as_array().cloned().unwrap_or_default()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or("")
}

/// The marker of a diff type and its visible width.
fn marker(t: &str) -> (&'static str, usize) {
    match t {
        "Added" => ("[green]+[reset] ", 2),
        "Deleted" => ("[red]-[reset] ", 2),
        "Edited" => ("[light_yellow]+/-[reset] ", 4),
        _ => ("", 0),
    }
}

fn color_annotations(a: &[Value]) -> String {
    a.iter()
        .filter_map(Value::as_str)
        .map(|x| match x {
            "forces create" => format!("[green]{x}[reset]"),
            "forces destroy" => format!("[red]{x}[reset]"),
            "forces in-place update" => format!("[cyan]{x}[reset]"),
            "forces create/destroy update" => format!("[yellow]{x}[reset]"),
            _ => x.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn longest(fields: &[Value], objects: &[Value]) -> (usize, usize) {
    let mut lf = 0;
    let mut lm = 0;
    for f in fields {
        lf = lf.max(s(f, "Name").len());
        lm = lm.max(marker(s(f, "Type")).1);
    }
    for o in objects {
        lm = lm.max(marker(s(o, "Type")).1);
    }
    (lf, lm)
}

fn field_diff(d: &Value, start: usize, key_prefix: usize, value_prefix: usize) -> String {
    let (m, _) = marker(s(d, "Type"));
    let mut out = format!(
        "{}{m}{}{}: {}",
        " ".repeat(start),
        " ".repeat(key_prefix),
        s(d, "Name"),
        " ".repeat(value_prefix)
    );
    match s(d, "Type") {
        "Deleted" => out.push_str(&quote(s(d, "Old"))),
        "Edited" => out.push_str(&format!("{} => {}", quote(s(d, "Old")), quote(s(d, "New")))),
        _ => out.push_str(&quote(s(d, "New"))),
    }
    let ann = list(d, "Annotations");
    if !ann.is_empty() {
        out.push_str(&format!(" ({})", color_annotations(&ann)));
    }
    out
}

fn object_diff(d: &Value, start: usize, key_prefix: usize) -> String {
    let (m, mlen) = marker(s(d, "Type"));
    let mut out = format!(
        "{}{m}{}{} {{\n",
        " ".repeat(start),
        " ".repeat(key_prefix),
        s(d, "Name")
    );
    let (fields, objects) = (list(d, "Fields"), list(d, "Objects"));
    let (lf, lm) = longest(&fields, &objects);
    out.push_str(&aligned(&fields, &objects, start + key_prefix + 2, lf, lm));
    format!("{out}\n{}}}", " ".repeat(start + mlen + key_prefix))
}

fn aligned(fields: &[Value], objects: &[Value], start: usize, lf: usize, lm: usize) -> String {
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        let kp = lm - marker(s(f, "Type")).1;
        let vp = lf.saturating_sub(s(f, "Name").len());
        out.push_str(&field_diff(f, start, kp, vp));
        if i + 1 != fields.len() || !objects.is_empty() {
            out.push('\n');
        }
    }
    for (i, o) in objects.iter().enumerate() {
        let kp = lm - marker(s(o, "Type")).1;
        out.push_str(&object_diff(o, start, kp));
        if i + 1 != objects.len() {
            out.push('\n');
        }
    }
    out
}

fn task_diff(t: &Value, start: usize, prefix: usize, verbose: bool) -> String {
    let (m, _) = marker(s(t, "Type"));
    let mut out = format!(
        "{}{m}{}[bold]Task: {}",
        " ".repeat(start),
        " ".repeat(prefix),
        quote(s(t, "Name"))
    );
    let ann = list(t, "Annotations");
    if !ann.is_empty() {
        out.push_str(&format!(" [reset]({})", color_annotations(&ann)));
    }
    let ty = s(t, "Type");
    if ty == "None" || ty.is_empty() || ((ty == "Deleted" || ty == "Added") && !verbose) {
        return out;
    }
    out.push('\n');
    let (fields, objects) = (list(t, "Fields"), list(t, "Objects"));
    let (lf, lm) = longest(&fields, &objects);
    out.push_str(&aligned(&fields, &objects, start + 2, lf, lm));
    out
}

fn group_diff(tg: &Value, prefix: usize, verbose: bool) -> String {
    let (m, _) = marker(s(tg, "Type"));
    let mut out = format!(
        "{m}{}[bold]Task Group: {}[reset]",
        " ".repeat(prefix),
        quote(s(tg, "Name"))
    );
    let updates = tg["Updates"].as_object().cloned().unwrap_or_default();
    if !updates.is_empty() {
        let mut keys: Vec<&String> = updates.keys().collect();
        keys.sort();
        let parts: Vec<String> = keys
            .iter()
            .map(|k| {
                let color = match k.as_str() {
                    "create" => "[green]",
                    "destroy" => "[red]",
                    "migrate" => "[blue]",
                    "in-place update" => "[cyan]",
                    "create/destroy update" => "[yellow]",
                    "canary" => "[light_yellow]",
                    _ => "",
                };
                format!(
                    "[reset]{color}{} {k}",
                    updates[k.as_str()].as_u64().unwrap_or(0)
                )
            })
            .collect();
        out.push_str(&format!(" ({}[reset])\n", parts.join(", ")));
    } else {
        out.push_str("[reset]\n");
    }
    let (fields, objects, tasks) = (list(tg, "Fields"), list(tg, "Objects"), list(tg, "Tasks"));
    let (lf, mut lm) = longest(&fields, &objects);
    for t in &tasks {
        lm = lm.max(marker(s(t, "Type")).1);
    }
    let sub = prefix + 2;
    if s(tg, "Type") == "Edited" || verbose {
        let fo = aligned(&fields, &objects, sub, lf, lm);
        if !fo.is_empty() {
            out.push_str(&fo);
            out.push('\n');
        }
    }
    for t in &tasks {
        let p = lm - marker(s(t, "Type")).1;
        out.push_str(&task_diff(t, sub, p, verbose));
        out.push('\n');
    }
    out
}

/// `formatJobDiff`.
pub fn format_job_diff(job: &Value, verbose: bool) -> String {
    let (m, _) = marker(s(job, "Type"));
    let mut out = format!("{m}[bold]Job: {}\n", quote(s(job, "ID")));
    let (fields, objects, groups) = (
        list(job, "Fields"),
        list(job, "Objects"),
        list(job, "TaskGroups"),
    );
    let (lf, mut lm) = longest(&fields, &objects);
    for g in &groups {
        lm = lm.max(marker(s(g, "Type")).1);
    }
    if s(job, "Type") == "Edited" || verbose {
        let fo = aligned(&fields, &objects, 0, lf, lm);
        if !fo.is_empty() {
            out.push_str(&fo);
            out.push('\n');
        }
    }
    for g in &groups {
        let p = lm - marker(s(g, "Type")).1;
        out.push_str(&group_diff(g, p, verbose));
        out.push('\n');
    }
    out
}
