//! `agent pprof <profile>`: a Go runtime profile from an agent, to a file or a piped stdout.

use std::io::Write;

use super::usage_error;
use crate::api::{Error, QueryOptions};
use crate::cli::agent::AgentPprofArgs;
use crate::ctx::Ctx;

const NAME: &str = "agent pprof";

pub async fn run(ctx: &mut Ctx, a: &AgentPprofArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(ctx, "This command takes one argument: <profile>", NAME);
    }
    // `cpu` is the usual name of what the endpoint calls `profile`.
    let profile = match a.args[0].as_str() {
        "cpu" => "profile",
        p => p,
    };
    if a.output.is_empty() && crate::output::term::stdout_is_tty() {
        ctx.ui.error(
            "Refusing to write a profile to a terminal: give -output FILE or redirect stdout",
        );
        return 1;
    }
    let client = match super::client(ctx, &a.global) {
        Ok(c) => c,
        Err(c) => return c,
    };
    let node_id = match super::node_id(ctx, &client, &a.node_id).await {
        Ok(id) => id,
        Err(c) => return c,
    };
    let q = QueryOptions::new()
        .param("seconds", &a.seconds.to_string())
        .param("debug", &a.debug.to_string())
        .param("gc", "0")
        .param("node_id", &node_id)
        .param("server_id", &a.server_id);
    let bytes = match client.agent_pprof(profile, &q).await {
        Ok((b, _)) => b,
        Err(e) => {
            let hint = match &e {
                Error::Status { code: 403, .. } => {
                    " (the agent allows profiles only with enable_debug = true, or to a token \
with agent:write)"
                }
                _ => "",
            };
            ctx.ui
                .error(&format!("Error fetching {profile} profile: {e}{hint}"));
            return 1;
        }
    };
    if a.output.is_empty() {
        let mut out = std::io::stdout();
        if out.write_all(&bytes).and_then(|_| out.flush()).is_err() {
            return 1;
        }
        return 0;
    }
    if let Err(e) = write_output(&a.output, &bytes) {
        ctx.ui.error(&format!(
            "Error writing profile to {}: {}",
            a.output,
            crate::gocompat::os::io_text(&e)
        ));
        return 1;
    }
    ctx.ui.output(&format!(
        "Wrote {} profile ({} bytes) to {}",
        profile,
        bytes.len(),
        a.output
    ));
    0
}

/// Writes (or overwrites) the profile file, never through a symlink (`O_NOFOLLOW`): a link
/// planted at the path, dangling or not, fails instead of redirecting the write.
fn write_output(path: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?
        .write_all(bytes)
}
