//! `var lock [options] <path> [@spec] <command> [<args>...]`: Nomad's `VarLockCommand`. The
//! command runs with the variable's lock held (renewed meanwhile), SIGINT and SIGTERM passed
//! on to it; the lock is released when it ends. As Nomad, a command that fails (non-zero
//! exit, killed by a signal, not startable) ends `var lock` with exit 1 and
//! `Lock error:…` naming the command's status.

use std::time::Duration;

use crate::api::vars::{clean_path, VariableLock};
use crate::cli::var::VarLockArgs;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::gocompat::time::parse_duration_err;

use super::leaser::{Leaser, Ran, Renewer};
use crate::gocompat::multierror::multierror;

/// Nomad's `api.DefaultLockTTL` and `DefaultLockDelay`.
const DEFAULT_TTL: &str = "15s";
const DEFAULT_DELAY: &str = "15s";

pub async fn run(ctx: &mut Ctx, a: &VarLockArgs) -> i32 {
    let verbose = |ctx: &mut Ctx, msg: &str| {
        if a.verbose {
            ctx.ui.warn(msg);
        }
    };
    if super::namespace(ctx, &a.global) == "*" {
        return super::fail(ctx, super::ERR_WILDCARD);
    }
    if a.args.len() < 2 {
        return super::fail(
            ctx,
            &format!("Not enough arguments (expected >2, got {})", a.args.len()),
        );
    }
    // The path, or a specification file standing for it; then maybe a specification file.
    let mut contents = String::new();
    let mut format = "";
    let mut path = String::new();
    let mut words: &[String] = &a.args;
    if let Some(spec) = words[0].strip_prefix('@') {
        let f = match super::put::format_of(spec) {
            Ok(f) => f,
            Err(e) => return super::fail(ctx, &e),
        };
        verbose(
            ctx,
            &format!("Reading whole variable specification from {}", quote(spec)),
        );
        match std::fs::read_to_string(spec) {
            Ok(c) => (contents, format) = (c, f),
            Err(e) => {
                let why = crate::gocompat::os::io_text(&e);
                return super::fail(
                    ctx,
                    &format!("Error reading {}: open {spec}: {why}", quote(spec)),
                );
            }
        }
    } else {
        path = clean_path(&words[0]).to_string();
        verbose(ctx, &format!("Writing to path {}", quote(&path)));
    }
    words = &words[1..];
    if let Some(spec) = words[0].strip_prefix('@') {
        let f = match super::put::format_of(&words[0]) {
            Ok(f) => f,
            Err(e) => return super::fail(ctx, &e),
        };
        verbose(
            ctx,
            &format!(
                "Creating variable {} from specification file {}",
                quote(&path),
                quote(&words[0])
            ),
        );
        match std::fs::read_to_string(spec) {
            Ok(c) => (contents, format) = (c, f),
            Err(e) => {
                let why = crate::gocompat::os::io_text(&e);
                return super::fail(
                    ctx,
                    &format!("error reading {}: open {spec}: {why}", quote(spec)),
                );
            }
        }
        words = &words[1..];
    }
    let ns = super::namespace(ctx, &a.global);
    let mut var = match super::put::make_variable(&contents, format, &path, &ns) {
        Ok(v) => v,
        Err(e) => return super::fail(ctx, &format!("Failed to parse variable data: {e}")),
    };
    let lock = var.lock.get_or_insert_with(|| {
        if a.ttl.is_empty() && a.delay.is_empty() {
            verbose(ctx, "Using defaults for the lock");
        }
        VariableLock {
            ttl: DEFAULT_TTL.into(),
            lock_delay: DEFAULT_DELAY.into(),
            ..Default::default()
        }
    });
    if !a.ttl.is_empty() {
        verbose(ctx, &format!("Using TTL for the lock of {}", a.ttl));
        if let Err(e) = parse_duration_err(&a.ttl) {
            return super::fail(ctx, &format!("Invalid TTL: {e}"));
        }
        lock.ttl = a.ttl.clone();
    }
    if !a.delay.is_empty() {
        verbose(ctx, &format!("Using delay for the lock of {}", a.delay));
        // Nomad checks -ttl here instead (a bug: a valid -delay alone is refused); rnomad
        // checks the delay.
        if let Err(e) = parse_duration_err(&a.delay) {
            return super::fail(ctx, &format!("Invalid Lock Delay: {e}"));
        }
        lock.lock_delay = a.delay.clone();
    }
    let ttl_text = lock.ttl.clone();
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if var.path.is_empty() {
        return super::fail(
            ctx,
            "Error initializing lock handler: variable's path can't be empty",
        );
    }
    let ttl = match parse_duration_err(&ttl_text) {
        Ok(ns) => Duration::from_nanos(ns.max(0) as u64),
        Err(e) => return super::fail(ctx, &format!("Error initializing lock handler: {e}")),
    };
    if a.early_return {
        verbose(ctx, "Setting up early return");
    }
    let wait = if a.backoff != 0 {
        verbose(ctx, "Setting up backoff period");
        Duration::from_nanos(a.backoff.max(0) as u64)
    } else {
        ttl.mul_f64(1.1)
    };
    verbose(ctx, "Attempting to acquire lock");
    let leaser = Leaser {
        client,
        var,
        ttl,
        max_retries: a.max_retry,
        wait,
        early_return: a.early_return,
    };
    let line = words.join(" ");
    let shell = a.shell;
    let words = words.to_vec();
    let verbose_on = a.verbose;
    let ui = &mut ctx.ui;
    let errors = leaser
        .start(|renewer| async move {
            if verbose_on {
                ui.warn(&format!("Variable locked, ready to execute: {line}"));
            }
            ui.flush();
            protected(&words, shell, renewer).await
        })
        .await;
    if !errors.is_empty() {
        return super::fail(ctx, &format!("Lock error:{}", multierror(&errors)));
    }
    verbose(ctx, "Releasing the lock");
    0
}

/// The command to run: `$SHELL -c "<words>"` (or `/bin/sh`), or the words themselves.
fn command(words: &[String], shell: bool) -> Result<tokio::process::Command, String> {
    if shell {
        let sh = std::env::var("SHELL")
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "/bin/sh".into());
        let mut c = tokio::process::Command::new(sh);
        c.arg("-c").arg(words.join(" "));
        return Ok(c);
    }
    let Some((prog, args)) = words.split_first() else {
        return Err("need an executable to run".into());
    };
    // Go's exec.Command looks a bare name up in $PATH first.
    if !prog.contains('/') && which(prog).is_none() {
        return Err(format!(
            "exec: {}: executable file not found in $PATH",
            quote(prog)
        ));
    }
    let mut c = tokio::process::Command::new(prog);
    c.args(args);
    Ok(c)
}

fn which(prog: &str) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(prog))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// Go's `ExitError` text for a status that is not success.
fn status_text(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    let sig = status.signal().unwrap_or(0);
    let name = match sig {
        libc::SIGHUP => "hangup".to_string(),
        libc::SIGINT => "interrupt".to_string(),
        libc::SIGQUIT => "quit".to_string(),
        libc::SIGILL => "illegal instruction".to_string(),
        libc::SIGABRT => "aborted".to_string(),
        libc::SIGKILL => "killed".to_string(),
        libc::SIGSEGV => "segmentation fault".to_string(),
        libc::SIGPIPE => "broken pipe".to_string(),
        libc::SIGALRM => "alarm clock".to_string(),
        libc::SIGTERM => "terminated".to_string(),
        libc::SIGUSR1 => "user defined signal 1".to_string(),
        libc::SIGUSR2 => "user defined signal 2".to_string(),
        n => format!("signal {n}"),
    };
    let core = if status.core_dumped() {
        " (core dumped)"
    } else {
        ""
    };
    format!("signal: {name}{core}")
}

/// Runs the command with stdin, stdout and stderr passed through, SIGINT and SIGTERM
/// forwarded, and the lock renewed on schedule; a renewal that fails (other than the lock
/// being taken) kills it, as cancelling Go's command context does.
async fn protected(words: &[String], shell: bool, mut renewer: Renewer) -> (Ran, Renewer) {
    use tokio::signal::unix::{signal, SignalKind};
    let mut cmd = match command(words, shell) {
        Ok(c) => c,
        Err(e) => return (Ran::Failed(e), renewer),
    };
    // Registered before the command starts, so no signal in between is lost.
    let mut int = signal(SignalKind::interrupt()).ok();
    let mut term = signal(SignalKind::terminate()).ok();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            let prog = match shell {
                true => std::env::var("SHELL").unwrap_or_else(|_| "/bin/sh".into()),
                false => words.first().cloned().unwrap_or_default(),
            };
            let why = crate::gocompat::os::io_text(&e);
            return (Ran::Failed(format!("fork/exec {prog}: {why}")), renewer);
        }
    };
    let pid = child.id().map(|p| p as libc::pid_t);
    let forward = |sig: libc::c_int| {
        if let Some(pid) = pid {
            // SAFETY: kill(2) with the child's own pid; no memory is involved.
            unsafe {
                libc::kill(pid, sig);
            }
        }
    };
    async fn recv(s: &mut Option<tokio::signal::unix::Signal>) {
        match s {
            Some(s) => {
                s.recv().await;
            }
            None => std::future::pending().await,
        }
    }
    loop {
        tokio::select! {
            status = child.wait() => {
                let ran = match status {
                    Ok(s) if s.success() => Ran::Ok,
                    Ok(s) => Ran::Failed(status_text(s)),
                    Err(e) => Ran::Failed(e.to_string()),
                };
                return (ran, renewer);
            }
            stop = renewer.tick() => {
                if stop {
                    let _ = child.start_kill();
                }
            }
            _ = recv(&mut int) => forward(libc::SIGINT),
            _ = recv(&mut term) => forward(libc::SIGTERM),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_go_exit_errors() {
        use std::os::unix::process::ExitStatusExt;
        let s = |raw| status_text(std::process::ExitStatus::from_raw(raw));
        assert_eq!(s(3 << 8), "exit status 3");
        assert_eq!(s(libc::SIGTERM), "signal: terminated");
        assert_eq!(s(libc::SIGKILL), "signal: killed");
    }

    #[test]
    fn a_bare_name_is_looked_up_in_path() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            command(&words(&["no-such-program-x"]), false).unwrap_err(),
            "exec: \"no-such-program-x\": executable file not found in $PATH"
        );
        assert_eq!(
            command(&[], false).unwrap_err(),
            "need an executable to run"
        );
        assert!(command(&words(&["sh", "-c", "true"]), false).is_ok());
    }
}
