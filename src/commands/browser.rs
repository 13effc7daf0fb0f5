//! Opening a page in the user's browser, as Nomad does through hashicorp/cap's `OpenURL`: the
//! platform's opener (`xdg-open`, `open`, or `cmd.exe /c start` on Windows and WSL) is started
//! and not waited for. Tests put their own `xdg-open` on `PATH`, so no browser ever starts.

use std::process::{Command, Stdio};

/// Starts the opener for `url`. The error reads as cap's (a one-item go-multierror list), so
/// "Error opening URL: …" and the `-ui` warning print what Nomad prints.
pub fn open_url(url: &str) -> Result<(), String> {
    // cap keeps only the last error: a failed WSL check is reported only when the opener
    // itself starts.
    let mut err = None;
    let wsl = match is_wsl() {
        Ok(w) => w,
        Err(e) => {
            err = Some(e);
            false
        }
    };
    let (program, mut args, url) = if cfg!(windows) || wsl {
        // `start` reads `&` as a command separator.
        ("cmd.exe", vec!["/c", "start"], url.replace('&', "^&"))
    } else if cfg!(target_os = "macos") {
        ("open", vec![], url.to_string())
    } else {
        ("xdg-open", vec![], url.to_string())
    };
    args.push(&url);
    let started = Command::new(program)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Err(e) = started {
        err = Some(match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => {
                format!("exec: \"{program}\": executable file not found in $PATH")
            }
            _ => format!("fork/exec {program}: {e}"),
        });
    }
    match err {
        None => Ok(()),
        Some(e) => Err(crate::gocompat::multierror::multierror(&[e])),
    }
}

/// cap's `IsWSL`: a Linux kernel built by Microsoft, outside Docker and LXC.
fn is_wsl() -> Result<bool, String> {
    if cfg!(any(target_os = "macos", windows)) {
        return Ok(false);
    }
    let read = |p: &str| {
        std::fs::read_to_string(p)
            .map(|s| s.to_lowercase())
            .map_err(|e| format!("Unable to read {p}: open {p}: {}", io_text(&e)))
    };
    let version = read("/proc/version")?;
    let cgroup = read("/proc/1/cgroup")?;
    let contained = cgroup.contains("/docker/") || cgroup.contains("/lxc/");
    Ok(version.contains("microsoft") && !contained)
}

use crate::commands::common::io_text;
