//! The deployment watcher's live view on a terminal: rnomad runs under `script` (a
//! pseudo-terminal of 250x40 unless a test asks for a narrower one), its bytes are replayed on a small screen model (cursor up,
//! column 0, erase line/screen) and the final screen is compared with what Nomad draws:
//! the spinner row replaced by `✓`/`!` and the outcome, the status block with a four-space
//! margin below it.

use crate::common::{builder, require_tool, rnomad, shell, sim, temp_dir, Sim, TempDir};
use insta::assert_snapshot;

fn on_tty(s: &Sim, args: &str) -> (String, i32) {
    on_tty_cols(s, args, 250)
}

/// The final screen of `rnomad args` on a terminal `cols` wide, and its exit code.
fn on_tty_cols(s: &Sim, args: &str, cols: u32) -> (String, i32) {
    let text = shell(&format!(
        "stty cols {cols} rows 40; rnomad {args}; echo \"[exit $?]\""
    ))
    .sim(s)
    .on_tty()
    .run()
    .stdout;
    let code = text
        .rsplit_once("[exit ")
        .and_then(|(_, r)| r.split(']').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(-1);
    let screen = replay(text.rsplit_once("[exit ").map_or(&text, |(s, _)| s));
    (screen, code)
}

/// The final screen of a byte stream with the few control sequences the view uses.
/// Colour sequences (`ESC[…m`) are kept as text.
fn replay(s: &str) -> String {
    let mut rows: Vec<String> = vec![String::new()];
    let (mut row, mut col) = (0usize, 0usize);
    let mut chars = s.chars().peekable();
    let put = |rows: &mut Vec<String>, row: usize, col: usize, text: &str| {
        let line: Vec<char> = rows[row].chars().collect();
        let mut out: String = line.iter().take(col).collect();
        while out.chars().count() < col {
            out.push(' ');
        }
        out.push_str(text);
        rows[row] = out;
    };
    while let Some(c) = chars.next() {
        match c {
            '\r' => col = 0,
            '\n' => {
                row += 1;
                col = 0;
                if rows.len() <= row {
                    rows.push(String::new());
                }
            }
            '\x1b' if chars.peek() == Some(&'[') => {
                chars.next();
                let mut arg = String::new();
                let mut fin = ' ';
                for d in chars.by_ref() {
                    if d.is_ascii_digit() || d == ';' {
                        arg.push(d);
                    } else {
                        fin = d;
                        break;
                    }
                }
                let n: usize = arg.parse().unwrap_or(1);
                match fin {
                    'A' => row = row.saturating_sub(n),
                    'G' => col = 0,
                    'K' => put(&mut rows, row, 0, ""),
                    'J' => {
                        put(&mut rows, row, col, "");
                        rows.truncate(row + 1);
                    }
                    'm' => {
                        let seq = format!("\x1b[{arg}m");
                        let len = rows[row].chars().count();
                        put(&mut rows, row, col.min(len), &seq);
                        col = rows[row].chars().count();
                    }
                    _ => {}
                }
            }
            other => {
                let len = rows[row].chars().count();
                put(&mut rows, row, col.min(len), &other.to_string());
                col += 1;
                col = col.max(rows[row].chars().count());
            }
        }
    }
    rows.join("\n").replace('\x1b', "<ESC>")
}

/// The screen from the deployment watcher on: the eval monitor's lines above it are the
/// non-terminal ones (tested elsewhere).
fn from_watcher(screen: &str) -> String {
    match screen.find("Monitoring deployment") {
        Some(i) => {
            let start = screen[..i].rfind('\n').map_or(0, |n| n + 1);
            screen[start..].to_string()
        }
        None => screen.to_string(),
    }
}

/// `json` as `job.json` in a fresh directory: the directory, its path and the file's path.
fn job_file(json: &str) -> (TempDir, String, String) {
    let dir = temp_dir();
    let path = dir.write("job.json", json);
    let d = dir.to_string_lossy().into_owned();
    (dir, d, path)
}

#[test]
fn successful_deployment_final_screen() {
    if !require_tool("script", "tty_watch::successful_deployment_final_screen") {
        return;
    }
    let s = sim();
    let (_dir, d, path) = job_file(
        r#"{"ID":"live","Name":"live","Type":"service","Datacenters":["*"],
          "TaskGroups":[{"Name":"web","Count":2,
          "Tasks":[{"Name":"srv","Driver":"docker","Config":{"image":"nginx"},
          "Resources":{"CPU":100,"MemoryMB":64}}]}]}"#,
    );
    let (screen, code) = on_tty(&s, &format!("job run -json {path}"));
    assert_eq!(code, 0, "{screen}");
    assert_snapshot!("successful", from_watcher(&screen).replace(&d, "DIR"));
}

#[test]
fn failed_deployment_final_screen() {
    if !require_tool("script", "tty_watch::failed_deployment_final_screen") {
        return;
    }
    let s = sim();
    let (_dir, d, path) = job_file(
        r#"{"ID":"sick","Name":"sick","Type":"service","Datacenters":["*"],
          "TaskGroups":[{"Name":"web","Count":1,"Meta":{"sim_unhealthy":"true"},
          "Tasks":[{"Name":"srv","Driver":"docker","Config":{"image":"nginx"},
          "Resources":{"CPU":100,"MemoryMB":64}}]}]}"#,
    );
    let (screen, code) = on_tty(&s, &format!("job run -verbose -json {path}"));
    assert_eq!(code, 1, "{screen}");
    assert_snapshot!("failed_verbose", from_watcher(&screen).replace(&d, "DIR"));
}

/// A deployment that takes a few seconds: the view is redrawn many times (spinner ticks,
/// each new state of the deployment) and the screen ends as Nomad's final frame, with no
/// leftovers of earlier frames.
#[test]
fn slow_deployment_redraws_in_place() {
    if !require_tool("script", "tty_watch::slow_deployment_redraws_in_place") {
        return;
    }
    let s = builder()
        .timing(nomad_sim::Timing {
            eval_delay: std::time::Duration::from_millis(100),
            alloc_start_delay: std::time::Duration::from_millis(600),
            healthy_delay: std::time::Duration::from_millis(900),
            batch_run: std::time::Duration::from_secs(2),
        })
        .spawn();
    let (_dir, d, path) = job_file(
        r#"{"ID":"slow","Name":"slow","Type":"service","Datacenters":["*"],
          "TaskGroups":[{"Name":"web","Count":3,
          "Tasks":[{"Name":"srv","Driver":"docker","Config":{"image":"nginx"},
          "Resources":{"CPU":100,"MemoryMB":64}}]}]}"#,
    );
    let (screen, code) = on_tty(&s, &format!("job run -json {path}"));
    assert_eq!(code, 0, "{screen}");
    let view = from_watcher(&screen);
    assert!(!view.contains("in progress"), "{view}");
    assert_eq!(view.matches("Deployment \"").count(), 1, "{view}");
    assert_snapshot!("slow", view.replace(&d, "DIR"));
}

const AUTO_REVERT_V0: &str = r#"{"ID":"ar","Name":"ar","Type":"service","Datacenters":["*"],
  "TaskGroups":[{"Name":"web","Count":1,"Update":{"AutoRevert":true},
  "Tasks":[{"Name":"srv","Driver":"docker","Config":{"image":"nginx:1"},
  "Resources":{"CPU":100,"MemoryMB":64}}]}]}"#;

/// Version 1 never gets healthy; its deployment fails and the sim rolls back to version 0.
fn auto_revert_v1() -> String {
    AUTO_REVERT_V0.replace("nginx:1", "nginx:2").replace(
        r#""Count":1,"#,
        r#""Count":1,"Meta":{"sim_unhealthy":"true"},"#,
    )
}

/// Auto-revert without a terminal: the failed deployment's block, a second later an empty
/// line, then the rollback's deployment until it succeeds; the exit code stays 1.
#[test]
fn auto_revert_watches_the_rollback() {
    let s = sim();
    let (_dir, d, v0) = job_file(AUTO_REVERT_V0);
    let r = rnomad(&["job", "run", "-json", &v0]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let v1 = format!("{d}/v1.json");
    std::fs::write(&v1, auto_revert_v1()).expect("write");
    let r = rnomad(&["job", "run", "-json", &v1])
        .sim(&s)
        .redact(&d, "DIR")
        .run();
    assert_snapshot!("auto_revert_lines", r);
}

/// The same on a terminal: the failed frame (its spinner still turning while the rollback
/// starts), an empty line, then the rollback's own view ending successful.
#[test]
fn auto_revert_final_screen() {
    if !require_tool("script", "tty_watch::auto_revert_final_screen") {
        return;
    }
    let s = sim();
    let (_dir, d, v0) = job_file(AUTO_REVERT_V0);
    let r = rnomad(&["job", "run", "-json", &v0]).sim(&s).run();
    assert_eq!(r.code, 0, "{r}");
    let v1 = format!("{d}/v1.json");
    std::fs::write(&v1, auto_revert_v1()).expect("write");
    let (screen, code) = on_tty(&s, &format!("job run -json {v1}"));
    assert_eq!(code, 1, "{screen}");
    // Where the spinner stopped depends on timing.
    let screen: String = from_watcher(&screen)
        .chars()
        .map(|c| if ('⠀'..='⣿').contains(&c) { '*' } else { c })
        .collect();
    assert_snapshot!("auto_revert_screen", screen.replace(&d, "DIR"));
}

/// On an 80-column terminal the verbose view wraps its text as glint does (go-wordwrap at the
/// width left of the margin), as Nomad draws it.
#[test]
fn verbose_view_wraps_at_the_terminal_width() {
    if !require_tool(
        "script",
        "tty_watch::verbose_view_wraps_at_the_terminal_width",
    ) {
        return;
    }
    let s = sim();
    let (_dir, d, path) = job_file(
        r#"{"ID":"wrap","Name":"wrap","Type":"service","Datacenters":["*"],
          "TaskGroups":[{"Name":"web","Count":1,
          "Tasks":[{"Name":"srv","Driver":"docker","Config":{"image":"nginx"},
          "Resources":{"CPU":100,"MemoryMB":64}}]}]}"#,
    );
    let (screen, code) = on_tty_cols(&s, &format!("job run -verbose -json {path}"), 80);
    assert_eq!(code, 0, "{screen}");
    let view = from_watcher(&screen);
    assert!(
        view.lines()
            .all(|l| l.replace("<ESC>", "\u{1b}").chars().count() <= 80 + 8),
        "{view}"
    );
    assert_snapshot!("wrapped_80", view.replace(&d, "DIR"));
}
