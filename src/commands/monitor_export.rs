//! `monitor export`: prints an agent's past log, from its log file or from journald.

use crate::api::QueryOptions;
use crate::cli::MonitorExportArgs;
use crate::commands::monitor::{client_and_node, copy_frames, StreamError};
use crate::ctx::Ctx;
use crate::output::signal::interrupted;

const HELP: &str = "==> For additional help try 'nomad monitor export -help'";

pub async fn run(ctx: &mut Ctx, a: &MonitorExportArgs) -> i32 {
    if !a.args.is_empty() {
        ctx.ui.error("==> This command takes no arguments");
        ctx.ui.error(HELP);
        return 1;
    }
    // Nomad reports these mistakes but still sends the request, whose refusal (the agent
    // checks the same things) then ends the command.
    if !a.service_name.is_empty() && a.on_disk {
        ctx.ui
            .error("==> Cannot target journalctl and nomad log file simultaneously");
        ctx.ui.error(HELP);
    }
    if !a.service_name.is_empty() && !a.service_name.contains("nomad") {
        ctx.ui.error(&format!(
            "==> Invalid value: -service-name={} does not include 'nomad'",
            a.service_name
        ));
        ctx.ui.error(HELP);
    }
    if a.service_name.is_empty() && !a.on_disk {
        ctx.ui
            .error("==> One of -service-name or -on-disk must be set");
    }
    let (client, node_id) = match client_and_node(ctx, &a.global, &a.node_id, HELP).await {
        Ok(v) => v,
        Err(code) => return code,
    };
    // In the order Nomad's client encodes them (sorted by name).
    let q = QueryOptions::new()
        .param("follow", &a.follow.to_string())
        .param(
            "logs_since",
            &crate::gocompat::time::go_duration(a.logs_since),
        )
        .param("node_id", &node_id)
        .param("on_disk", &a.on_disk.to_string())
        .param("server_id", &a.server_id)
        .param("service_name", &a.service_name);
    let resp = match client.agent_monitor_export(&q).await {
        Ok(r) => r,
        Err(e) => return start_failed(ctx, &e.to_string()),
    };
    let mut written = 0u64;
    // Ctrl-C or SIGTERM end the export early, as Nomad's does: what came so far stays.
    let result = tokio::select! {
        r = copy_frames(&client, resp, &mut written) => r,
        _ = interrupted() => Ok(()),
    };
    match result {
        Err(StreamError::Start(e)) => start_failed(ctx, &e),
        Err(StreamError::Read(e)) => {
            ctx.ui.error(&format!("==> Error monitoring logs: {e}"));
            1
        }
        Ok(()) if written == 0 => {
            ctx.ui.error(
                "==> Error starting monitor: \nReturned no data or errors, check your \
                 log_file configuration or service name",
            );
            1
        }
        Ok(()) => 0,
    }
}

fn start_failed(ctx: &mut Ctx, e: &str) -> i32 {
    ctx.ui.error(&format!("==> Error starting monitor: \n{e}"));
    ctx.ui.error(HELP);
    1
}
