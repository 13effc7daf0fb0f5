//! Pieces several commands share: usage errors, Web UI hints, allocation tables.

use tokio::task::JoinHandle;

use crate::api::agent::AgentSelf;
use crate::api::allocs::AllocationListStub;
use crate::api::{Client, QueryOptions};
use crate::ctx::Ctx;
use crate::output::time::{format_unix_nano, pretty_time_diff};
use crate::output::{format_list, id_len, limit};

/// An argument-count error: the message and Nomad's help pointer, exit 1.
pub fn usage_error(ctx: &mut Ctx, msg: &str, name: &str) -> i32 {
    ctx.ui.error(msg);
    ctx.ui
        .error(&format!("For additional help try 'nomad {name} -help'"));
    1
}

/// Starts deciding, concurrently with the command's own requests, whether a Web UI hint
/// is shown: `NOMAD_CLI_SHOW_HINTS=false` turns hints off, otherwise the agent's
/// `ui.show_cli_hints` decides (and hints stay off when the agent cannot be asked).
pub fn start_hint_check(ctx: &Ctx, client: &Client) -> Option<JoinHandle<bool>> {
    let setting = ctx.hints_setting();
    if setting == Some(false) {
        return None;
    }
    let client = client.clone();
    Some(tokio::spawn(async move {
        match client
            .get::<AgentSelf>("/v1/agent/self", &QueryOptions::new())
            .await
        {
            Ok((me, _)) => match me.show_cli_hints() {
                Some(false) => setting == Some(true),
                _ => true,
            },
            Err(_) => false,
        }
    }))
}

/// The flags that shape a Web UI hint: `-no-color` (plain form) and `-ui` (open a browser).
#[derive(Clone, Copy)]
pub struct HintFlags {
    pub no_color: bool,
    pub open: bool,
}

/// Opens `url` in a browser, as Nomad's `-ui` does (the program is started, not waited for).
fn open_url(url: &str) -> Result<(), String> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("exec: \"{program}\": executable file not found in $PATH")
            }
            _ => e.to_string(),
        })
}

/// Opens the page with `-ui`, then prints the hint
/// `==> <desc> in the Web UI: <address>/ui<route>` on stderr if hints are on (returns whether
/// it did).
pub async fn show_hint(
    ctx: &mut Ctx,
    check: Option<JoinHandle<bool>>,
    client: &Client,
    flags: HintFlags,
    desc: &str,
    route: &str,
) -> bool {
    let url = format!("{}/ui{route}", client.address());
    if flags.open {
        if let Err(e) = open_url(&url) {
            ctx.ui.warn(&format!("Failed to open browser: {e}"));
        }
    }
    let Some(check) = check else { return false };
    if !check.await.unwrap_or(false) {
        return false;
    }
    let no_color_flag = flags.no_color;
    if ctx.ui.color().markup && !no_color_flag {
        ctx.ui.warn(&format!(
            "\x1b[1m\x1b[35m\n==> {desc} in the Web UI:\x1b[0m \x1b[34m{url}\x1b[0m"
        ));
    } else {
        ctx.ui.warn(&format!("\n\n==> {desc} in the Web UI: {url}"));
    }
    true
}

/// `formatAllocListStubs`: the allocation table of job and node views.
pub fn format_alloc_list_stubs(
    allocs: &[AllocationListStub],
    verbose: bool,
    now_ns: i64,
) -> String {
    if allocs.is_empty() {
        return "No allocations placed".to_string();
    }
    let n = id_len(verbose);
    let mut rows = Vec::with_capacity(allocs.len() + 1);
    if verbose {
        rows.push(
            "ID|Eval ID|Node ID|Node Name|Task Group|Version|Desired|Status|Created|Modified"
                .to_string(),
        );
        for a in allocs {
            rows.push(format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
                limit(&a.id, n),
                limit(&a.eval_id, n),
                limit(&a.node_id, n),
                a.node_name,
                a.task_group,
                a.job_version,
                a.desired_status,
                a.client_status,
                format_unix_nano(a.create_time),
                format_unix_nano(a.modify_time),
            ));
        }
    } else {
        rows.push("ID|Node ID|Task Group|Version|Desired|Status|Created|Modified".to_string());
        for a in allocs {
            rows.push(format!(
                "{}|{}|{}|{}|{}|{}|{}|{}",
                limit(&a.id, n),
                limit(&a.node_id, n),
                a.task_group,
                a.job_version,
                a.desired_status,
                a.client_status,
                pretty_time_diff(a.create_time, now_ns),
                pretty_time_diff(a.modify_time, now_ns),
            ));
        }
    }
    format_list(&rows)
}

/// Prints `<prefix><err>` on stderr and gives exit code 1: the shape of most command errors.
pub fn err_line(ctx: &mut Ctx, prefix: &str, err: impl std::fmt::Display) -> i32 {
    ctx.ui.error(&format!("{prefix}{err}"));
    1
}
